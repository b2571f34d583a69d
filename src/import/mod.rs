//! Importers: foreign bytes → entries. Parse only (nothing here touches the vault or the
//! keychain); every importer returns an [`ImportReport`] that keeps each good entry with where it
//! came from and lists each bad one with a message, so 2 bad entries out of 30 never lose 28.
//!
//! [`detect`] decides the format from the content, never the file name; then one module per
//! foreign format does a staged read → decrypt → convert (the shape of Aegis' importers,
//! <https://github.com/beemdevelopment/Aegis/tree/master/app/src/main/java/com/beemdevelopment/aegis/importers>).
//! [`FORMATS`] is the one list the import dialog and the docs are built from.

mod aegis;
mod andotp;
mod authy;
mod battle_net;
mod bitwarden;
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

pub use error::ImportError;
pub use formats::{FORMATS, Format, FormatId};
pub use text::{from_text, from_uri_line};

use crate::otp::Entry;

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
    pub problems: Vec<Problem>,
}

impl ImportReport {
    pub fn problem(&mut self, source: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem {
            source: source.into(),
            message: message.into(),
        });
    }

    pub fn merge(&mut self, other: ImportReport) {
        self.found.extend(other.found);
        self.problems.extend(other.problems);
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

/// What every format module receives.
pub(crate) struct Input<'a> {
    pub bytes: &'a [u8],
    /// How sources are named in the report (usually the file name).
    pub file: &'a str,
    pub password: Option<&'a str>,
}

impl Input<'_> {
    /// The password, or [`ImportError::PasswordNeeded`] for `format`.
    pub fn password(&self, format: &'static str) -> Result<&str, ImportError> {
        self.password.ok_or(ImportError::PasswordNeeded { format })
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
    let format = detect::detect(bytes).ok_or(ImportError::Unrecognised)?;
    let input = Input {
        bytes,
        file: file_name,
        password,
    };
    formats::read(format, &input)
}

/// Reads one file of any supported kind without a password.
pub fn from_file(path: &std::path::Path) -> ImportReport {
    from_file_with_password(path, None)
}

/// Reads one file of any supported kind. A whole-file failure (unreadable, wrong password,
/// unknown format) becomes one problem naming the file, and nothing from it is kept.
pub fn from_file_with_password(path: &std::path::Path, password: Option<&str>) -> ImportReport {
    let shown = path.display().to_string();
    let mut report = ImportReport::default();
    match std::fs::read(path) {
        Ok(bytes) => match import_bytes(&bytes, &shown, password) {
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
        let source = if many {
            format!("{}#{}", input.file, i + 1)
        } else {
            input.file.to_owned()
        };
        report.merge(from_uri_line(text, &source));
    }
    Ok(report)
}
