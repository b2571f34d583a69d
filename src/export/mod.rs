//! Exports and backups: the vault's accounts → bytes other apps (and OTP Desk) can read. Pure:
//! callers hand in the accounts with their secrets and write the bytes where the user chose
//! with [`write_export`] (the only file access here); nothing reads the clock, the keychain or
//! a file.
//!
//! Formats ([`ExportFormat`]): an encrypted Aegis vault (the backup, see [`aegis`] for why
//! Aegis), the plain Aegis JSON, a list of `otpauth://` URIs
//! ([Key URI format](https://github.com/google/google-authenticator/wiki/Key-Uri-Format)) and
//! Google Authenticator migration QR codes (`otpauth-migration://`, split as Google does).
//! All but the first hold secrets in the clear: the UI must warn before writing them.

pub mod aegis;
mod file;
mod qr_png;

pub use file::{WriteError, write_export};
pub use qr_png::qr_png;

use crate::otp::Entry;

/// One account to export: the entry plus the metadata a backup must keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub entry: Entry,
    /// Empty for none.
    pub group: String,
    pub pinned: bool,
}

/// Every export OTP Desk writes; one list for the CLI, the window's menu and the docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    AegisEncrypted,
    AegisPlain,
    OtpauthList,
    MigrationQr,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 4] = [
        Self::AegisEncrypted,
        Self::AegisPlain,
        Self::OtpauthList,
        Self::MigrationQr,
    ];

    /// The name on the command line (`--format`).
    pub fn id(self) -> &'static str {
        match self {
            Self::AegisEncrypted => "aegis-encrypted",
            Self::AegisPlain => "aegis",
            Self::OtpauthList => "otpauth",
            Self::MigrationQr => "migration-qr",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::AegisEncrypted => "Encrypted backup (Aegis vault, password-protected)",
            Self::AegisPlain => "Aegis vault, not encrypted (.json)",
            Self::OtpauthList => "Text list of otpauth:// URIs",
            Self::MigrationQr => "Google Authenticator export QR codes (PNG)",
        }
    }

    /// Whether the output is protected by a password; the others need an explicit warning.
    pub fn encrypted(self) -> bool {
        self == Self::AegisEncrypted
    }

    /// The file name a save dialog suggests.
    pub fn file_name(self) -> &'static str {
        match self {
            Self::AegisEncrypted => "otp-desk-backup.json",
            Self::AegisPlain => "otp-desk-export-aegis-plain.json",
            Self::OtpauthList | Self::MigrationQr => "otp-desk-export-otpauth.txt",
        }
    }

    /// The file's bytes (the QR format writes its URIs as text here; its images come from
    /// [`migration_qr_pngs`]). `password` is used by the encrypted format only.
    pub fn render(
        self,
        items: &[Item],
        password: Option<&str>,
    ) -> Result<zeroize::Zeroizing<Vec<u8>>, ExportError> {
        let text = match self {
            Self::AegisEncrypted => aegis::encrypted_json(items, password.unwrap_or_default())?,
            Self::AegisPlain => aegis::plain_json(items)?,
            Self::OtpauthList | Self::MigrationQr => otpauth_list(items),
        };
        Ok(zeroize::Zeroizing::new(text.into_bytes()))
    }
}

/// Why an export could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("the password is empty; choose one you can remember, it cannot be recovered")]
    EmptyPassword,
    #[error("the system's random number generator failed: {0}")]
    Random(String),
    #[error("could not make a QR code: {0}")]
    Qr(String),
    #[error("could not encode the image: {0}")]
    Image(String),
    #[error(
        "none of the accounts fits Google Authenticator's format (TOTP with a 30 s period or HOTP, 6 or 8 digits)"
    )]
    NothingRepresentable,
}

/// One `otpauth://` URI a line, in the given order.
pub fn otpauth_list(items: &[Item]) -> String {
    let mut text = String::new();
    for item in items {
        text.push_str(&crate::uri::to_uri(&item.entry));
        text.push('\n');
    }
    text
}

/// Google Authenticator export QR codes, as PNG images, one per batch of
/// [`crate::migration::GOOGLE_ACCOUNTS_PER_QR`] accounts; plus the entries Google's format
/// cannot hold (Steam, other periods, 7/9/10 digits), which are left out.
pub fn migration_qr_pngs(items: &[Item]) -> Result<(Vec<Vec<u8>>, Vec<&Item>), ExportError> {
    let entries: Vec<Entry> = items.iter().map(|i| i.entry.clone()).collect();
    let uris = crate::migration::encode(&entries, crate::migration::GOOGLE_ACCOUNTS_PER_QR);
    if uris.is_empty() && !items.is_empty() {
        return Err(ExportError::NothingRepresentable);
    }
    let skipped = items
        .iter()
        .filter(|i| !crate::migration::representable(&i.entry))
        .collect();
    let pngs = uris
        .iter()
        .map(|uri| qr_png(uri))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((pngs, skipped))
}
