//! The import's errors as the window says them: files of other apps ([`ImportError`]), images
//! ([`QrError`]), screen capture ([`CaptureError`]), and the per-account refusals of an
//! `otpauth://` or Google export link ([`UriError`], [`MigrationError`] and the parameter errors
//! inside them). Exhaustive matches, as in [`super::errors`]. Product and format names
//! ("Aegis", "2FAS") are shown as they are.

use super::errors::io;
use super::message::Message;
use crate::import::ImportError;
use crate::migration::MigrationError;
use crate::otp::{ParamError, SecretError};
use crate::platform::capture::CaptureError;
use crate::qr::QrError;
use crate::uri::UriError;

pub fn import(error: &ImportError) -> Message {
    match error {
        ImportError::PasswordNeeded { format } => {
            Message::new("import-err-password-needed").text("format", *format)
        }
        ImportError::WrongPassword { format } => {
            Message::new("import-err-wrong-password").text("format", *format)
        }
        ImportError::Unrecognised => Message::new("import-err-unrecognised"),
        ImportError::Damaged { format, .. } => {
            Message::new("import-err-damaged").text("format", *format)
        }
        ImportError::Unsupported { format, .. } => {
            Message::new("import-err-unsupported").text("format", *format)
        }
        ImportError::Image(_) => Message::new("import-err-image"),
        ImportError::TooCostly { .. } => Message::new("import-err-too-costly"),
        ImportError::Cancelled => Message::new("import-err-cancelled"),
        ImportError::NotReadable { what, .. } => Message::new(if what.contains("ZIP") {
            "import-err-zip"
        } else {
            "import-err-locked-zip"
        }),
    }
}

/// `name`: the file's name, or "the pasted image" in the user's language.
pub fn qr(error: &QrError, name: &str) -> Message {
    let named = |id| Message::new(id).text("name", name);
    match error {
        QrError::NotAnImage { .. } | QrError::Damaged { .. } | QrError::Empty { .. } => {
            named("import-image-damaged")
        }
        QrError::TooLarge { .. } => named("import-image-too-large"),
        QrError::Io { source, .. } => named("import-file-unreadable").with("detail", io(source)),
        QrError::PixelBufferMismatch { .. } => named("import-image-damaged"),
    }
}

pub fn capture(error: &CaptureError) -> Message {
    match error {
        CaptureError::NotPermitted(_) => Message::new("import-scan-refused"),
        CaptureError::Unavailable(_) => Message::new("import-scan-unavailable"),
        CaptureError::Failed(_) => Message::new("import-scan-failed"),
    }
}

pub fn uri(error: &UriError) -> Message {
    match error {
        UriError::Scheme(_) => Message::new("link-err-scheme"),
        UriError::MissingSecret => Message::new("link-err-no-secret"),
        UriError::Secret(e) => secret(e),
        UriError::Param(e) => param(e),
    }
}

pub fn secret(error: &SecretError) -> Message {
    match error {
        SecretError::Empty => Message::new("err-secret-empty"),
        SecretError::BadCharacter(c) => Message::new("err-secret-char").text("char", c.to_string()),
        SecretError::BadLength(n) => Message::new("err-secret-length").number("count", *n),
    }
}

pub fn param(error: &ParamError) -> Message {
    let (id, value) = match error {
        ParamError::Algorithm(v) => ("link-err-algorithm", v),
        ParamError::Digits(v) => ("link-err-digits", v),
        ParamError::Period(v) => ("link-err-period", v),
        ParamError::Counter(v) => ("link-err-counter", v),
        ParamError::Type(v) => ("link-err-type", v),
    };
    Message::new(id).text("value", value)
}

pub fn migration(error: &MigrationError) -> Message {
    match error {
        MigrationError::Scheme
        | MigrationError::MissingData
        | MigrationError::Base64
        | MigrationError::Protobuf(_) => Message::new("link-err-migration-damaged"),
        MigrationError::NoAccounts => Message::new("link-err-migration-empty"),
        MigrationError::Secret(e) => secret(e),
        MigrationError::Params(e) => param(e),
        MigrationError::Md5 => Message::new("link-err-algorithm").text("value", "MD5"),
        MigrationError::Algorithm(v) => {
            Message::new("link-err-algorithm").text("value", v.to_string())
        }
        MigrationError::Digits(v) => Message::new("link-err-digits").text("value", v.to_string()),
        MigrationError::Type(v) => Message::new("link-err-type").text("value", v.to_string()),
        MigrationError::Counter(v) => Message::new("link-err-counter").text("value", v.to_string()),
    }
}
