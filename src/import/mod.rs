//! Importers: foreign bytes → entries. Parse only (nothing here touches the vault or the
//! keychain); every importer returns an [`ImportReport`] that keeps each good entry with where it
//! came from and lists each bad one with a message, so 2 bad entries out of 30 never lose 28.
//!
//! [`detect`] decides the format from the content, never the file name; then one module per
//! foreign format does a staged read → decrypt → convert (the shape of Aegis' importers,
//! <https://github.com/beemdevelopment/Aegis/tree/master/app/src/main/java/com/beemdevelopment/aegis/importers>).
//! [`FORMATS`] is the one list the import dialog and the docs are built from.
//!
//! Every file gets a work budget (key derivations summed over the file, SQLite steps, listed
//! problems; `budget.rs`) and can be stopped with a [`Cancel`] from another thread: a hostile
//! file ends in seconds with one error naming what it asked for, never a hang or a flood.

mod aegis;
mod andotp;
mod authenticator_plus;
mod authy;
mod battle_net;
mod bitwarden;
mod budget;
mod convert;
pub(crate) mod crypto;
pub mod detect;
mod duo;
mod error;
mod formats;
mod freeotp;
mod freeotp2;
mod java_ser;
mod prefs;
mod proton;
mod sqlite;
mod steam;
mod stratum;
mod text;
mod totp_authenticator;
mod twofas;

pub use budget::{AEGIS_DEFAULT_SCRYPT_COST, Cancel, KDF_COST_PER_FILE};
pub use error::ImportError;
pub use formats::{FORMATS, Format, FormatId};
pub use text::{from_text, from_uri_line};

use crate::otp::Entry;
use budget::{Budget, Stop};

/// Problems listed one by one in a report; the rest are counted in one closing line, so a
/// 4 MB file of junk lines costs a few KB of messages, not hundreds of MB.
pub const MAX_LISTED_PROBLEMS: usize = 100;

/// One entry found, with its source ("file:line" or "file entry 3") and the group (folder,
/// category, tag) the other app kept it in, if any.
#[derive(Debug)]
pub struct Found {
    pub source: String,
    pub entry: Entry,
    pub group: Option<String>,
    /// Marked as a favourite in the other app (Aegis); becomes a pinned account.
    pub pinned: bool,
}

impl Found {
    pub fn new(source: impl Into<String>, entry: Entry) -> Self {
        Self {
            source: source.into(),
            entry,
            group: None,
            pinned: false,
        }
    }
}

/// One input that could not be used, with its source and a sentence that names the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub source: String,
    pub message: String,
}

#[derive(Debug, Default)]
pub struct ImportReport {
    pub found: Vec<Found>,
    /// At most [`MAX_LISTED_PROBLEMS`] of them, then one "… and 199,000 more …" line.
    pub problems: Vec<Problem>,
    /// Problems past the cap: counted, not kept.
    unlisted: usize,
    /// Of those, the ones no closing line names yet, and their kind when all alike.
    pending: usize,
    pending_kind: Option<&'static str>,
    /// Closing lines among `problems`.
    closing_lines: usize,
}

impl ImportReport {
    pub fn problem(&mut self, source: impl Into<String>, message: impl Into<String>) {
        self.problem_of_kind(source, message, "problems");
    }

    /// A problem that, past the cap, is counted as one of `kind` ("lines that are not URIs").
    pub(crate) fn problem_of_kind(
        &mut self,
        source: impl Into<String>,
        message: impl Into<String>,
        kind: &'static str,
    ) {
        if self.problems.len() < MAX_LISTED_PROBLEMS {
            self.problems.push(Problem {
                source: source.into(),
                message: message.into(),
            });
        } else {
            self.count_unlisted(1, kind);
        }
    }

    fn count_unlisted(&mut self, n: usize, kind: &'static str) {
        if n == 0 {
            return;
        }
        self.unlisted += n;
        self.pending += n;
        self.pending_kind = match self.pending_kind {
            Some(same) if same != kind => Some("problems"),
            _ => Some(kind),
        };
    }

    /// Adds `other` (a closed report of another file, or a few lines of this one). The cap
    /// holds per file: [`from_text`] and the format modules add problems one by one.
    pub fn merge(&mut self, other: ImportReport) {
        self.found.extend(other.found);
        self.problems.extend(other.problems);
        self.unlisted += other.unlisted;
        self.closing_lines += other.closing_lines;
        if let Some(kind) = other.pending_kind {
            self.unlisted -= other.pending;
            self.count_unlisted(other.pending, kind);
        }
    }

    /// Every problem, listed or not (a closing "… and N more" line is not one).
    pub fn problem_count(&self) -> usize {
        self.problems.len() - self.closing_lines + self.unlisted
    }

    /// Adds the closing "… and 199,000 more lines that are not URIs" line for the problems
    /// counted but not listed.
    fn close(&mut self, file: &str) {
        if let Some(kind) = self.pending_kind.take() {
            self.problems.push(Problem {
                source: file.to_owned(),
                message: format!("… and {} more {kind}", thousands(self.pending)),
            });
            self.pending = 0;
            self.closing_lines += 1;
        }
    }

    /// Keeps a converted entry or records why it could not be converted.
    pub(crate) fn push(
        &mut self,
        source: String,
        converted: Result<Entry, String>,
        group: Option<String>,
    ) {
        match converted {
            Ok(entry) => self.found.push(Found {
                group: group.filter(|g| !g.trim().is_empty()),
                ..Found::new(source, entry)
            }),
            Err(message) => self.problem(source, message),
        }
    }
}

/// 199000 → "199,000".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// What every format module receives.
pub(crate) struct Input<'a> {
    pub bytes: &'a [u8],
    /// How sources are named in the report (usually the file name).
    pub file: &'a str,
    pub password: Option<&'a str>,
    /// The work this file may still cost; key derivations go through [`Budget::derive`].
    pub budget: &'a Budget,
}

impl<'a> Input<'a> {
    /// The password, or [`ImportError::PasswordNeeded`] for `format`.
    pub fn password(&self, format: &'static str) -> Result<&str, ImportError> {
        self.password.ok_or(ImportError::PasswordNeeded { format })
    }

    /// A test input with a fresh budget of its own (leaked: tests only).
    #[cfg(test)]
    pub fn for_test(bytes: &'a [u8], file: &'a str, password: Option<&'a str>) -> Self {
        Input {
            bytes,
            file,
            password,
            budget: Box::leak(Box::new(Budget::new(&Cancel::new()))),
        }
    }

    /// "file entry 3 (Issuer (name))".
    pub fn source(&self, index: usize, issuer: &str, name: &str) -> String {
        format!("{} {}", self.file, convert::describe(index, issuer, name))
    }
}

/// Detects the format of `bytes` and imports it. `file_name` only names the sources in the
/// report. Encrypted files need `password`; without it the answer is
/// [`ImportError::PasswordNeeded`], with a wrong one [`ImportError::WrongPassword`].
pub fn import_bytes(
    bytes: &[u8],
    file_name: &str,
    password: Option<&str>,
) -> Result<ImportReport, ImportError> {
    import_bytes_with(bytes, file_name, password, &Cancel::new())
}

/// [`import_bytes`] that `cancel` can stop from another thread: it then ends with
/// [`ImportError::Cancelled`] at its next check (before each key derivation, every thousand
/// SQLite steps, every few thousand text lines). A file that asks for more work than its
/// budget ends with [`ImportError::TooCostly`], whatever was read before.
pub fn import_bytes_with(
    bytes: &[u8],
    file_name: &str,
    password: Option<&str>,
    cancel: &Cancel,
) -> Result<ImportReport, ImportError> {
    if let Some(refused) = detect::refusal(bytes) {
        return Err(refused);
    }
    let format = detect::detect(bytes).ok_or(ImportError::Unrecognised)?;
    let budget = Budget::new(cancel);
    let input = Input {
        bytes,
        file: file_name,
        password,
        budget: &budget,
    };
    let read = formats::read(format, &input);
    match budget.stopped() {
        Some(Stop::Cancelled) => Err(ImportError::Cancelled),
        Some(Stop::TooCostly(detail)) => Err(ImportError::TooCostly { detail }),
        None => read.map(|mut report| {
            report.close(file_name);
            report
        }),
    }
}

/// Reads one file of any supported kind without a password.
pub fn from_file(path: &std::path::Path) -> ImportReport {
    from_file_with_password(path, None)
}

/// Reads one file of any supported kind. A whole-file failure (unreadable, wrong password,
/// unknown format) becomes one problem naming the file, and nothing from it is kept.
pub fn from_file_with_password(path: &std::path::Path, password: Option<&str>) -> ImportReport {
    from_file_with(path, password, &Cancel::new())
}

/// [`from_file_with_password`] that `cancel` can stop (see [`import_bytes_with`]).
pub fn from_file_with(
    path: &std::path::Path,
    password: Option<&str>,
    cancel: &Cancel,
) -> ImportReport {
    let shown = path.display().to_string();
    let mut report = ImportReport::default();
    match std::fs::read(path) {
        Ok(bytes) => match import_bytes_with(&bytes, &shown, password, cancel) {
            Ok(found) => report.merge(found),
            Err(error) => report.problem(&shown, error.to_string()),
        },
        Err(error) => report.problem(&shown, format!("could not read the file: {error}")),
    }
    report
}

/// The QR codes of an image; each code is an otpauth:// or otpauth-migration:// URI.
fn from_image(input: &Input) -> Result<ImportReport, ImportError> {
    let texts =
        crate::qr::decode_bytes(input.bytes).map_err(|e| ImportError::Image(e.to_string()))?;
    if texts.is_empty() {
        return Err(ImportError::Image(
            "no QR code found in the image; crop closer to the code or type the key shown under it"
                .into(),
        ));
    }
    let mut report = ImportReport::default();
    let many = texts.len() > 1;
    for (i, text) in texts.iter().enumerate() {
        if !input.budget.go_on() {
            break;
        }
        let source = if many {
            format!("{}#{}", input.file, i + 1)
        } else {
            input.file.to_owned()
        };
        report.merge(from_uri_line(text, &source));
    }
    Ok(report)
}
