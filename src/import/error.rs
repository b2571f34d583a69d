//! [`ImportError`]: why a whole file could not be imported. Per-entry trouble is not an error
//! but a [`super::Problem`] in the report (partial failure is data).

/// One sentence for the user, naming what is wrong. Callers tell
/// [`ImportError::PasswordNeeded`] and [`ImportError::WrongPassword`] apart to ask again.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("{format} backup is encrypted: enter its password")]
    PasswordNeeded { format: &'static str },
    #[error("wrong password for this {format} backup (or the file is damaged)")]
    WrongPassword { format: &'static str },
    #[error("not a file OTP Desk can import (no known authenticator export, URI list or QR image)")]
    Unrecognised,
    #[error("{format} file is damaged or not as expected: {detail}")]
    Damaged {
        format: &'static str,
        detail: String,
    },
    #[error("{format} file uses a variant OTP Desk cannot read yet: {detail}")]
    Unsupported {
        format: &'static str,
        detail: String,
    },
    #[error("{0}")]
    Image(String),
    /// The file asks for more work than OTP Desk gives one file (see `import::budget`).
    #[error("not opened: the file {detail}")]
    TooCostly { detail: String },
    #[error("the import was cancelled")]
    Cancelled,
    /// A kind of file OTP Desk knows but does not read itself; `hint` says what to do.
    #[error("{what}: OTP Desk cannot read it directly; {hint}")]
    NotReadable {
        what: &'static str,
        hint: &'static str,
    },
}

impl ImportError {
    pub fn damaged(format: &'static str, detail: impl Into<String>) -> Self {
        Self::Damaged {
            format,
            detail: detail.into(),
        }
    }

    /// Whether asking for the password (again) can help.
    pub fn is_password_problem(&self) -> bool {
        matches!(
            self,
            Self::PasswordNeeded { .. } | Self::WrongPassword { .. }
        )
    }
}
