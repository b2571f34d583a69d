//! The "Add account" form as typed (transient UI state) and how it becomes an [`Entry`]: every
//! field is parsed at once and each error is kept beside the field it is about.
//! State only: must not depend on features, the runtime or `app.rs`.

use zeroize::Zeroizing;

use crate::gui::support::i18n::{Arg, Tr};
use crate::otp::{Algorithm, Digits, Entry, OtpKind, OtpParams, Secret, SecretError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Issuer,
    Secret,
    Digits,
    Period,
    Counter,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KindChoice {
    Totp,
    Hotp,
    Steam,
}

/// The form's text as typed (transient UI state).
pub struct AddDraft {
    pub issuer: String,
    pub name: String,
    pub secret: Zeroizing<String>,
    pub group: String,
    pub kind: KindChoice,
    pub algorithm: Algorithm,
    pub digits: String,
    pub period: String,
    pub counter: String,
    /// Shown above the form (for example why the import buttons opened it).
    pub note: Option<String>,
    /// Set after the first "Add": from then on errors update as the user types.
    pub tried: bool,
    pub errors: Vec<(Field, String)>,
    /// The key typed is already in the list as this account (id, label): the form says so and
    /// offers it; a second "Add" adds the new one anyway.
    pub same_key: Option<(crate::store::AccountId, String)>,
    /// The first field was given the keyboard focus (once, when the form opened).
    pub focused: bool,
}

impl Default for AddDraft {
    fn default() -> Self {
        Self {
            issuer: String::new(),
            name: String::new(),
            secret: Zeroizing::new(String::new()),
            group: String::new(),
            kind: KindChoice::Totp,
            algorithm: Algorithm::Sha1,
            digits: "6".into(),
            period: "30".into(),
            counter: "0".into(),
            note: None,
            tried: false,
            errors: Vec::new(),
            same_key: None,
            focused: false,
        }
    }
}

impl AddDraft {
    /// The entry and group, or one message per wrong field.
    pub fn parse(&self, tr: &Tr) -> Result<(Entry, String), Vec<(Field, String)>> {
        let mut errors = Vec::new();
        if self.issuer.trim().is_empty() && self.name.trim().is_empty() {
            errors.push((Field::Issuer, tr.get("err-label-empty")));
        }
        let secret = Secret::parse_base32(&self.secret)
            .map_err(|e| errors.push((Field::Secret, secret_message(&e, tr))))
            .ok();
        let digits = self
            .digits
            .trim()
            .parse::<u8>()
            .ok()
            .and_then(|d| Digits::new(d).ok());
        let kind = match self.kind {
            KindChoice::Steam => Some(OtpKind::Steam),
            KindChoice::Totp => match self.period.trim().parse::<u32>() {
                Ok(p) if p >= 1 => Some(OtpKind::Totp { period_secs: p }),
                _ => {
                    errors.push((Field::Period, tr.get("err-period")));
                    None
                }
            },
            KindChoice::Hotp => match self.counter.trim().parse::<u64>() {
                Ok(counter) => Some(OtpKind::Hotp { counter }),
                Err(_) => {
                    errors.push((Field::Counter, tr.get("err-counter")));
                    None
                }
            },
        };
        if digits.is_none() && self.kind != KindChoice::Steam {
            errors.push((Field::Digits, tr.get("err-digits")));
        }
        let params = kind
            .and_then(|k| OtpParams::new(k, self.algorithm, digits.unwrap_or(Digits::SIX)).ok());
        match (secret, params) {
            (Some(secret), Some(params)) if errors.is_empty() => Ok((
                Entry {
                    issuer: self.issuer.trim().to_owned(),
                    name: self.name.trim().to_owned(),
                    params,
                    secret,
                },
                self.group.trim().to_owned(),
            )),
            _ => Err(errors),
        }
    }

    pub fn error(&self, field: Field) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }
}

fn secret_message(error: &SecretError, tr: &Tr) -> String {
    match error {
        SecretError::Empty => tr.get("err-secret-empty"),
        SecretError::BadCharacter(c) => {
            tr.with("err-secret-char", &[("char", Arg::Text(&c.to_string()))])
        }
        SecretError::BadLength(n) => tr.with(
            "err-secret-length",
            &[("count", Arg::Number(i64::try_from(*n).unwrap_or(0)))],
        ),
    }
}
