//! The import panel's work off the UI thread: reading the clipboard, the file dialog, files,
//! screen capture and QR decoding. The panel starts a [`DecodeJob`]; a [`Decoded`] comes back
//! through a channel and wakes the window. In tests (`background: false`) the same code runs
//! inline so a flow is exact. Nothing here touches the vault or egui.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};

use zeroize::Zeroizing;

use super::import_panel_source::{ImageSource, Pasted};
use crate::platform::capture::CaptureError;
use crate::import::{self, Found, ImportError};
use crate::qr::QrError;
use crate::{migration, uri};

/// Larger files are no authenticator export or screenshot; refusing them keeps memory bounded.
const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A file to import (from the dialog or a drop), and the name messages show.
#[derive(Clone)]
pub struct FileInput {
    pub name: String,
    pub path: PathBuf,
}

impl FileInput {
    pub fn from_path(path: PathBuf) -> Self {
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        Self { name, path }
    }
}

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

/// Where an image came from, so messages can name it in the user's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Clipboard,
    Screen,
    File(String),
}

/// One QR code of a Google Authenticator export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchPart {
    pub id: i32,
    pub index: i32,
    pub size: i32,
}

#[derive(Default)]
pub struct Findings {
    pub found: Vec<Found>,
    pub parts: Vec<BatchPart>,
    /// QR texts that are not authenticator codes (an app-store link, a website).
    pub not_otp: Vec<String>,
    /// Entries that could not be used, "source: reason" (the importers' own sentences).
    pub problems: Vec<String>,
    /// Images that were read but hold no QR code.
    pub without_codes: Vec<Origin>,
}

impl Findings {
    fn merge(&mut self, other: Findings) {
        self.found.extend(other.found);
        self.parts.extend(other.parts);
        self.not_otp.extend(other.not_otp);
        self.problems.extend(other.problems);
        self.without_codes.extend(other.without_codes);
    }
}

/// A source that gave nothing, said once.
#[derive(Debug)]
pub enum Failure {
    ClipboardEmpty,
    Clipboard(String),
    Image(Origin, QrError),
    File {
        name: String,
        detail: String,
    },
    FileUnknown(String),
    FileTooLarge(String),
    Capture(CaptureError),
    /// A decoder panicked; the panel says so instead of spinning forever.
    Internal,
}

pub enum Outcome {
    Findings(Findings),
    Password {
        file: FileInput,
        format: &'static str,
        wrong: bool,
    },
    Failed(Failure),
    Cancelled,
}

pub struct Decoded {
    /// The panel the job was started for; results for a closed panel are dropped.
    pub generation: u64,
    pub outcomes: Vec<Outcome>,
}

/// Starts jobs and collects their results.
pub struct Decoder {
    source: Arc<dyn ImageSource>,
    background: bool,
    wake: Arc<dyn Fn() + Send + Sync>,
    results_tx: Sender<Decoded>,
    results: Receiver<Decoded>,
}

impl Decoder {
    pub fn new(
        source: Arc<dyn ImageSource>,
        background: bool,
        wake: impl Fn() + Send + Sync + 'static,
    ) -> Self {
        let (results_tx, results) = mpsc::channel();
        Self {
            source,
            background,
            wake: Arc::new(wake),
            results_tx,
            results,
        }
    }

    pub fn start(&self, generation: u64, job: DecodeJob) {
        let source = Arc::clone(&self.source);
        let tx = self.results_tx.clone();
        let wake = Arc::clone(&self.wake);
        let work = move || {
            // Decoders of foreign bytes are isolated; a panic becomes a message, not a hang.
            let outcomes = catch_unwind(AssertUnwindSafe(|| run(job, source.as_ref())))
                .unwrap_or_else(|_| vec![Outcome::Failed(Failure::Internal)]);
            let _ = tx.send(Decoded {
                generation,
                outcomes,
            });
            wake();
        };
        if !self.background {
            return work();
        }
        if let Err(e) = std::thread::Builder::new()
            .name("import".into())
            .spawn(work)
        {
            tracing::error!(error = %e, "could not start an import thread");
            let _ = self.results_tx.send(Decoded {
                generation,
                outcomes: vec![Outcome::Failed(Failure::Internal)],
            });
        }
    }

    pub fn try_recv(&self) -> Option<Decoded> {
        self.results.try_recv().ok()
    }
}

fn run(job: DecodeJob, source: &dyn ImageSource) -> Vec<Outcome> {
    match job {
        DecodeJob::Clipboard => vec![from_clipboard(source.read())],
        DecodeJob::Pixels {
            width,
            height,
            rgba,
        } => vec![from_pixels(Origin::Clipboard, width, height, &rgba)],
        DecodeJob::Text(text) => vec![Outcome::Findings(from_texts(text.lines(), "clipboard"))],
        DecodeJob::Files { files, password } => files
            .into_iter()
            .map(|f| from_file(f, password.as_ref().map(|p| p.as_str())))
            .collect(),
        DecodeJob::PickFiles { title } => match super::import_panel_pick::pick_files(&title) {
            Some(paths) if !paths.is_empty() => paths
                .into_iter()
                .map(|p| from_file(FileInput::from_path(p), None))
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
            Outcome::Findings(from_texts(text.lines(), "clipboard"))
        }
        Pasted::Text(_) | Pasted::Nothing => Outcome::Failed(Failure::ClipboardEmpty),
        Pasted::Failed(message) => Outcome::Failed(Failure::Clipboard(message)),
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
    let source = match &origin {
        Origin::File(name) => name.as_str(),
        Origin::Clipboard => "clipboard",
        Origin::Screen => "screen",
    };
    from_texts(texts.iter().map(String::as_str), source)
}

/// QR or pasted texts: accounts (with the batch of each Google export part), and the rest.
fn from_texts<'a>(texts: impl Iterator<Item = &'a str>, source: &str) -> Findings {
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
                        findings
                            .problems
                            .push(format!("{source} ({}): {}", e.label, e.error));
                    }
                }
                Err(e) => findings.problems.push(format!("{source}: {e}")),
            }
        } else if uri::is_otpauth_uri(text) {
            match uri::parse(text) {
                Ok(entry) => findings.found.push(Found::new(source, entry)),
                Err(e) => findings.problems.push(format!("{source}: {e}")),
            }
        } else {
            findings.not_otp.push(text.chars().take(120).collect());
        }
    }
    findings
}

fn from_file(file: FileInput, password: Option<&str>) -> Outcome {
    let bytes = match read_limited(&file.path) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return Outcome::Failed(Failure::FileTooLarge(file.name)),
        Err(e) => {
            return Outcome::Failed(Failure::File {
                name: file.name,
                detail: e.to_string(),
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
    match import::import_bytes(&bytes, &file.name, password) {
        Ok(report) => Outcome::Findings(Findings {
            found: report.found,
            problems: report
                .problems
                .into_iter()
                .map(|p| format!("{}: {}", p.source, p.message))
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
        Err(e) => Outcome::Failed(Failure::File {
            name: file.name,
            detail: e.to_string(),
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
