//! Importers: foreign bytes → entries. Parse only (nothing here touches the vault or the
//! keychain); every importer returns an [`ImportReport`] that keeps each good entry with where it
//! came from and lists each bad one with a message, so 2 bad entries out of 30 never lose 28.

mod text;

pub use text::{from_text, from_uri_line};

use crate::otp::Entry;

/// One entry found, with its source ("file:line").
#[derive(Debug)]
pub struct Found {
    pub source: String,
    pub entry: Entry,
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
}

/// Reads one file of any supported kind: an image (its QR codes) or text (URIs a line).
pub fn from_file(path: &std::path::Path) -> ImportReport {
    let shown = path.display().to_string();
    let mut report = ImportReport::default();
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            report.problem(&shown, format!("could not read the file: {error}"));
            return report;
        }
    };
    if looks_like_image(&bytes) {
        match crate::qr::decode_bytes(&bytes) {
            Ok(texts) if texts.is_empty() => report.problem(&shown, "no QR code found in the image; crop closer to the code or type the key shown under it"),
            Ok(texts) => {
                let many = texts.len() > 1;
                for (i, text) in texts.iter().enumerate() {
                    let source = if many { format!("{shown}#{}", i + 1) } else { shown.clone() };
                    report.merge(from_uri_line(text, &source));
                }
            }
            Err(error) => report.problem(&shown, error.to_string()),
        }
        return report;
    }
    match std::str::from_utf8(&bytes) {
        Ok(text) => report.merge(from_text(text, &shown)),
        Err(_) => report.problem(
            &shown,
            "not a text file of otpauth:// URIs nor an image OTP Desk can read",
        ),
    }
    report
}

/// PNG, JPEG, GIF, BMP and WebP by their magic bytes (content, not the file name, decides).
fn looks_like_image(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\x89PNG")
        || bytes.starts_with(&[0xff, 0xd8, 0xff])
        || bytes.starts_with(b"GIF8")
        || bytes.starts_with(b"BM")
        || (bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP")
}
