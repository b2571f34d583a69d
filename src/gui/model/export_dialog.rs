//! The Export dialog's transient state and what its widgets ask for: the encrypted backup
//! (password twice, a strength hint), plain exports behind a clear-text warning, and the
//! way "to a phone" (Google Authenticator migration QR codes, one part at a time, behind a
//! confirmation). State only: the export feature changes and draws it. The
//! formats offered come from [`ExportFormat::ALL`], not from a hand-made list.

use eframe::egui;
use zeroize::Zeroizing;

use crate::export::ExportFormat;

/// Fewer characters than this are refused for a backup password.
pub const MIN_PASSWORD_CHARS: usize = 8;

/// Google Authenticator export codes, ready to draw.
pub struct PhoneCodes {
    /// The PNG files, as a phone would scan them (kept so tests can read what is shown).
    pub pngs: Vec<Vec<u8>>,
    /// The same images decoded off the UI thread.
    pub images: Vec<egui::ColorImage>,
    /// Uploaded on first sight, one per part.
    pub textures: Vec<Option<egui::TextureHandle>>,
    /// The part shown, counted from 0.
    pub index: usize,
}

pub enum Step {
    Choose,
    PlainWarning(ExportFormat),
    PhoneWarning,
    Phone(PhoneCodes),
}

pub struct ExportDialog {
    pub step: Step,
    pub password: Zeroizing<String>,
    pub repeat: Zeroizing<String>,
    /// One sentence about the last attempt (wrong repeat, failed write).
    pub error: Option<String>,
    /// A file is being chosen or written, or codes made.
    pub busy: bool,
    /// Labels of the accounts Google's format cannot hold (Steam, unusual digits or periods).
    pub not_for_phone: Vec<String>,
}

impl ExportDialog {
    pub fn new(not_for_phone: Vec<String>) -> Self {
        Self {
            step: Step::Choose,
            password: Zeroizing::default(),
            repeat: Zeroizing::default(),
            error: None,
            busy: false,
            not_for_phone,
        }
    }
}

/// How hard a password looks to guess, for the hint under the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    TooShort,
    Weak,
    Fair,
    Strong,
}

impl Strength {
    /// A rough hint (length and kinds of characters), not a promise: the KDF does the rest.
    pub fn of(password: &str) -> Self {
        let chars = password.chars().count();
        if chars < MIN_PASSWORD_CHARS {
            return Self::TooShort;
        }
        let kinds = [
            password.chars().any(char::is_lowercase),
            password.chars().any(char::is_uppercase),
            password.chars().any(|c| c.is_ascii_digit()),
            password.chars().any(|c| !c.is_alphanumeric()),
        ]
        .into_iter()
        .filter(|k| *k)
        .count();
        match (chars, kinds) {
            (16.., _) | (12.., 3..) => Self::Strong,
            (12.., _) | (_, 3..) => Self::Fair,
            _ => Self::Weak,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Self::TooShort => "export-strength-short",
            Self::Weak => "export-strength-weak",
            Self::Fair => "export-strength-fair",
            Self::Strong => "export-strength-strong",
        }
    }
}

/// The translation key of a format's name in the window.
pub fn format_key(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::AegisEncrypted => "export-format-aegis-encrypted",
        ExportFormat::AegisPlain => "export-format-aegis",
        ExportFormat::OtpauthList => "export-format-otpauth",
        ExportFormat::MigrationQr => "export-format-migration-qr",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strength_grows_with_length_and_kinds_of_characters() {
        assert_eq!(Strength::of("abc"), Strength::TooShort);
        assert_eq!(Strength::of("abcdefgh"), Strength::Weak);
        assert_eq!(Strength::of("abcdefgh1!"), Strength::Fair);
        assert_eq!(Strength::of("abcdefghijkl"), Strength::Fair);
        assert_eq!(Strength::of("Abcdefgh1234"), Strength::Strong);
        assert_eq!(Strength::of("correct horse battery"), Strength::Strong);
        // Characters, not bytes: six Chinese characters are still too short.
        assert_eq!(Strength::of("密码密码密码"), Strength::TooShort);
    }
}
