//! The pure core: what an account's codes are made of and how they are computed.
//!
//! Nothing here reads the clock, touches a file or the keychain, or knows about the UI.
//! Specs: [RFC 4226](https://www.rfc-editor.org/rfc/rfc4226) (HOTP),
//! [RFC 6238](https://www.rfc-editor.org/rfc/rfc6238) (TOTP), RFC 4648 (base32).

mod code;
mod params;
mod secret;
mod table;

pub use code::{code_at, group_for_reading, seconds_left};
pub use params::{Algorithm, Digits, OtpKind, OtpParams, ParamError};
pub use secret::{Secret, SecretError};
pub use table::CodeTable;

/// One parsed account, as it comes out of a URI, a migration payload, an importer or a form:
/// everything an account needs, including its secret. The vault splits it into metadata and
/// a keychain item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The service, for example "Amazon"; may be empty.
    pub issuer: String,
    /// The account at that service, for example "shop1@example.com"; may be empty.
    pub name: String,
    pub params: OtpParams,
    pub secret: Secret,
}

impl Entry {
    /// The current code (TOTP, Steam) or the code at the stored counter (HOTP).
    pub fn code_at(&self, unix_secs: u64) -> String {
        code_at(&self.params, &self.secret, unix_secs)
    }

    /// "Issuer (name)", or whichever part exists: how an account is named in messages.
    pub fn label(&self) -> String {
        display_label(&self.issuer, &self.name)
    }
}

/// How an account is named in messages and lists.
pub fn display_label(issuer: &str, name: &str) -> String {
    match (issuer.is_empty(), name.is_empty()) {
        (false, false) => format!("{issuer} ({name})"),
        (false, true) => issuer.to_owned(),
        (true, false) => name.to_owned(),
        (true, true) => "(unnamed)".to_owned(),
    }
}
