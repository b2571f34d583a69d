//! The import panel's work, run as a background task: reading the clipboard, the file dialog,
//! files, screen capture and QR decoding. [`decode`] turns a [`DecodeJob`] into outcomes; the
//! runtime runs it off the UI thread (inline in tests). Nothing here touches the vault or egui.

use zeroize::Zeroizing;

use super::source::{ImageSource, Pasted};
use crate::gui::model::import_found::{BatchPart, Failure, FileInput, Findings, Origin, Outcome};
use crate::gui::support::errors_import;
use crate::gui::support::message::Message;
use crate::import::{self, Cancel, Found, ImportError};
use crate::{migration, uri};

/// Larger files are no authenticator export or screenshot; refusing them keeps memory bounded.
const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

pub enum DecodeJob {
    /// Read the clipboard through the [`ImageSource`].
    Clipboard,
    /// Pixels egui already read from the clipboard (`Event::PasteImage`).
    Pixels {
        width: usize,
        height: usize,
        rgba: Vec<u8>,
    },
    /// Pasted text holding otpauth:// or otpauth-migration:// URIs.
    Text(String),
    Files {
        files: Vec<FileInput>,
        password: Option<Zeroizing<String>>,
    },
    /// Ask for files with the native dialog, then read them.
    PickFiles {
        title: String,
    },
    Screen,
}

/// What `job` found; may block (dialogs, files, capture, decoding). `cancel` stops the files
/// not read yet and the one being read at its next check (the panel's Stop button).
pub fn decode(job: DecodeJob, source: &dyn ImageSource, cancel: &Cancel) -> Vec<Outcome> {
    match job {
        DecodeJob::Clipboard => vec![from_clipboard(source.read())],
        DecodeJob::Pixels {
            width,
            height,
            rgba,
        } => vec![from_pixels(Origin::Clipboard, width, height, &rgba)],
        DecodeJob::Text(text) => vec![Outcome::Findings(from_texts(
            text.lines(),
            &Origin::Clipboard,
        ))],
        DecodeJob::Files { files, password } => files
            .into_iter()
            .map(|f| from_file(f, password.as_ref().map(|p| p.as_str()), cancel))
            .collect(),
        DecodeJob::PickFiles { title } => match super::pick::pick_files(&title) {
            Some(paths) if !paths.is_empty() => paths
                .into_iter()
                .map(|p| from_file(FileInput::from_path(p), None, cancel))
                .collect(),
            _ => vec![Outcome::Cancelled],
        },
        DecodeJob::Screen => vec![from_screen()],
    }
}

fn from_clipboard(pasted: Pasted) -> Outcome {
    match pasted {
        Pasted::Image {
            width,
            height,
            rgba,
        } => from_pixels(Origin::Clipboard, width, height, &rgba),
        Pasted::Text(text) if has_uri(&text) => {
            Outcome::Findings(from_texts(text.lines(), &Origin::Clipboard))
        }
        Pasted::Text(_) | Pasted::Nothing => Outcome::Failed(Failure::ClipboardEmpty),
        Pasted::Failed(message) => {
            tracing::warn!(%message, "reading the clipboard failed");
            Outcome::Failed(Failure::Clipboard)
        }
    }
}

/// Whether pasted text holds at least one authenticator URI.
pub fn has_uri(text: &str) -> bool {
    text.lines()
        .any(|l| uri::is_otpauth_uri(l.trim()) || migration::is_migration_uri(l))
}

fn from_pixels(origin: Origin, width: usize, height: usize, rgba: &[u8]) -> Outcome {
    match crate::qr::decode_rgba(width, height, rgba) {
        Ok(texts) => Outcome::Findings(from_codes(origin, texts)),
        Err(e) => Outcome::Failed(Failure::Image(origin, e)),
    }
}

fn from_codes(origin: Origin, texts: Vec<String>) -> Findings {
    if texts.is_empty() {
        return Findings {
            without_codes: vec![origin],
            ..Findings::default()
        };
    }
    from_texts(texts.iter().map(String::as_str), &origin)
}

/// Where a problem was found, as the panel names it.
fn origin_part(origin: &Origin) -> Message {
    match origin {
        Origin::File(name) => Message::new("plain").text("text", name),
        Origin::Clipboard => Message::new("import-origin-clipboard"),
        Origin::Screen => Message::new("import-origin-screen"),
    }
}

fn problem(source: Message, reason: Message) -> Message {
    Message::new("import-problem")
        .with("source", source)
        .with("reason", reason)
}

/// QR or pasted texts: accounts (with the batch of each Google export part), and the rest.
fn from_texts<'a>(texts: impl Iterator<Item = &'a str>, origin: &Origin) -> Findings {
    let source = match origin {
        Origin::File(name) => name.as_str(),
        Origin::Clipboard => "clipboard",
        Origin::Screen => "screen",
    };
    let mut findings = Findings::default();
    for text in texts.map(str::trim).filter(|t| !t.is_empty()) {
        if migration::is_migration_uri(text) {
            match migration::decode(text) {
                Ok(batch) => {
                    if let (Some(size), Some(index)) = (batch.batch_size, batch.batch_index) {
                        let id = batch.batch_id.unwrap_or(0);
                        findings.parts.push(BatchPart { id, index, size });
                    }
                    let found = batch.entries.into_iter().map(|e| Found::new(source, e));
                    findings.found.extend(found);
                    for e in batch.errors {
                        let label = Message::new("plain").text("text", e.label);
                        let reason = errors_import::migration(&e.error);
                        findings.problems.push(problem(label, reason));
                    }
                }
                Err(e) => findings
                    .problems
                    .push(problem(origin_part(origin), errors_import::migration(&e))),
            }
        } else if uri::is_otpauth_uri(text) {
            match uri::parse(text) {
                Ok(entry) => findings.found.push(Found::new(source, entry)),
                Err(e) => findings
                    .problems
                    .push(problem(origin_part(origin), errors_import::uri(&e))),
            }
        } else {
            // A link ("get the app") helps to say what was scanned; anything else may be a key.
            let link = text.starts_with("https://") || text.starts_with("http://");
            findings
                .not_otp
                .push(link.then(|| text.chars().take(120).collect()));
        }
    }
    findings
}

fn from_file(file: FileInput, password: Option<&str>, cancel: &Cancel) -> Outcome {
    if cancel.is_cancelled() {
        return Outcome::Cancelled;
    }
    let bytes = match read_limited(&file.path) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return Outcome::Failed(Failure::FileTooLarge(file.name)),
        Err(e) => {
            return Outcome::Failed(Failure::File {
                name: file.name,
                detail: crate::gui::support::errors::io(&e),
            });
        }
    };
    if import::detect::looks_like_image(&bytes) {
        let origin = Origin::File(file.name);
        return match crate::qr::decode_bytes(&bytes) {
            Ok(texts) => Outcome::Findings(from_codes(origin, texts)),
            Err(e) => Outcome::Failed(Failure::Image(origin, e)),
        };
    }
    match import::import_bytes_with(&bytes, &file.name, password, cancel) {
        Ok(report) => Outcome::Findings(Findings {
            found: report.found,
            problems: report
                .problems
                .into_iter()
                .map(|p| {
                    tracing::info!(source = %p.source, message = %p.message, "import problem");
                    Message::new("import-problem-entry").with("source", problem_source(&p.source))
                })
                .collect(),
            ..Findings::default()
        }),
        Err(ImportError::PasswordNeeded { format }) => Outcome::Password {
            file,
            format,
            wrong: false,
        },
        Err(ImportError::WrongPassword { format }) => Outcome::Password {
            file,
            format,
            wrong: true,
        },
        Err(ImportError::Unrecognised) => Outcome::Failed(Failure::FileUnknown(file.name)),
        Err(ImportError::Cancelled) => Outcome::Cancelled,
        Err(e) => Outcome::Failed(Failure::File {
            name: file.name,
            detail: errors_import::import(&e),
        }),
    }
}

fn read_limited(path: &std::path::Path) -> std::io::Result<Option<Vec<u8>>> {
    if std::fs::metadata(path)?.len() > MAX_FILE_BYTES {
        return Ok(None);
    }
    std::fs::read(path).map(Some)
}

fn from_screen() -> Outcome {
    let frames = match crate::platform::capture::capture_screens() {
        Ok(frames) => frames,
        Err(e) => return Outcome::Failed(Failure::Capture(e)),
    };
    let mut findings = Findings::default();
    for frame in &frames {
        match crate::qr::decode_rgba(frame.width, frame.height, &frame.rgba) {
            Ok(texts) if !texts.is_empty() => findings.merge(from_codes(Origin::Screen, texts)),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "decoding a captured monitor failed"),
        }
    }
    let nothing =
        findings.found.is_empty() && findings.not_otp.is_empty() && findings.problems.is_empty();
    if nothing {
        findings.without_codes.push(Origin::Screen);
    }
    Outcome::Findings(findings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gui::features::import::source::StaticImageSource;

    fn files_job(dir: &std::path::Path) -> DecodeJob {
        let path = dir.join("list.txt");
        std::fs::write(
            &path,
            "otpauth://totp/Amazon:shop1?secret=JBSWY3DPEHPK3PXP&issuer=Amazon\n",
        )
        .unwrap();
        DecodeJob::Files {
            files: vec![
                FileInput::from_path(path.clone()),
                FileInput::from_path(path),
            ],
            password: None,
        }
    }

    #[test]
    fn a_stopped_import_reads_no_further_file() {
        let dir = tempfile::tempdir().unwrap();
        let source = StaticImageSource::default();
        let read = decode(files_job(dir.path()), &source, &Cancel::new());
        assert!(matches!(read[0], Outcome::Findings(ref f) if f.found.len() == 1));
        let stopped = Cancel::new();
        stopped.cancel();
        let read = decode(files_job(dir.path()), &source, &stopped);
        assert_eq!(read.len(), 2);
        assert!(read.iter().all(|o| matches!(o, Outcome::Cancelled)));
    }
}

/// An importer names where a problem is as "FILE entry 3 (Issuer (name))" (see
/// `import::convert::describe`); the window says it in the user's words.
fn problem_source(source: &str) -> Message {
    let parsed = source.split_once(" entry ").and_then(|(file, rest)| {
        let (number, label) = rest.split_once(' ').unwrap_or((rest, ""));
        let label = label.trim().trim_start_matches('(');
        let label = label.strip_suffix(')').unwrap_or(label);
        Some((file, number.parse::<i64>().ok()?, label))
    });
    match parsed {
        Some((file, number, label)) => Message::new("import-source-entry")
            .text("file", file)
            .number("n", number)
            .text("label", label),
        None => Message::new("plain").text("text", source),
    }
}

#[cfg(test)]
mod source_tests {
    use super::*;
    use crate::gui::support::i18n::{Language, Tr};

    #[test]
    fn an_importers_entry_is_named_in_the_users_words() {
        let zh = Tr::new(Language::SimplifiedChinese);
        let said = problem_source("backup.json entry 3 (Amazon (店铺1))").show(&zh);
        assert_eq!(said, "backup.json 第 3 项 Amazon (店铺1)");
        assert_eq!(problem_source("codes.txt").show(&zh), "codes.txt");
    }
}
