//! The OS keychain through `keyring`: macOS Keychain, Windows Credential Manager, the Linux
//! Secret Service (gnome-keyring, KeePassXC). One item per account: service `otp-desk`, user the
//! account id, password the base32 key. The only file that names `keyring`.

use std::collections::HashMap;

use keyring::{Entry as KeyringEntry, Error};
use zeroize::Zeroizing;

use super::{AccountId, SecretStore, StoreError};

pub const SERVICE: &str = "otp-desk";

/// The user name of the item read by [`Keychain::check`]; it is never written.
const PROBE_USER: &str = "otp-desk-probe";

pub struct Keychain {
    service: String,
}

impl Default for Keychain {
    fn default() -> Self {
        Self {
            service: SERVICE.to_owned(),
        }
    }
}

impl Keychain {
    pub fn new() -> Self {
        Self::default()
    }

    fn entry(&self, user: &str) -> Result<KeyringEntry, StoreError> {
        KeyringEntry::new(&self.service, user).map_err(|e| translate(&e))
    }
}

impl SecretStore for Keychain {
    fn check(&self) -> Result<(), StoreError> {
        patiently(|| match self.entry(PROBE_USER)?.get_password() {
            Ok(_) | Err(Error::NoEntry) => Ok(()),
            Err(e) => Err(translate(&e)),
        })
    }

    fn put_text(&self, id: &AccountId, text: &str) -> Result<(), StoreError> {
        patiently(|| {
            self.entry(id.as_str())?
                .set_password(text)
                .map_err(|e| translate(&e))
        })
    }

    fn get_text(&self, id: &AccountId) -> Result<Option<Zeroizing<String>>, StoreError> {
        patiently(|| match self.entry(id.as_str())?.get_password() {
            Ok(text) => Ok(Some(Zeroizing::new(text))),
            Err(Error::NoEntry) => Ok(None),
            Err(e) => Err(translate(&e)),
        })
    }

    fn all_ids(&self) -> Result<Vec<AccountId>, StoreError> {
        // Creating an entry first makes sure the platform store is set up.
        self.entry(PROBE_USER)?;
        let (key, value) = search_spec(&self.service);
        let spec = HashMap::from([(key, value.as_str())]);
        let found = patiently(|| keyring_core::Entry::search(&spec).map_err(|e| translate(&e)))?;
        Ok(found
            .iter()
            .filter_map(|entry| {
                let user = match entry.get_specifiers() {
                    Some((service, user)) => (service == self.service).then_some(user)?,
                    None => entry.get_attributes().ok()?.remove("username")?,
                };
                (user != PROBE_USER).then(|| AccountId::from(user.as_str()))
            })
            .collect())
    }

    fn delete(&self, id: &AccountId) -> Result<(), StoreError> {
        patiently(|| match self.entry(id.as_str())?.delete_credential() {
            Ok(()) | Err(Error::NoEntry) => Ok(()),
            Err(e) => Err(translate(&e)),
        })
    }
}

/// Runs one keychain request, asking again after 0.2, 0.4, 0.8 and 1.6 s while the keychain seems
/// unreachable. A Secret Service that is there but busy (just started, a loaded machine, a
/// client just killed) can fail a request or two; every request (not only the first probe)
/// rides that out before OTP Desk says no keychain is there. Each request is idempotent: setting
/// the same text or deleting the same item twice is the same as once.
fn patiently<T>(request: impl Fn() -> Result<T, StoreError>) -> Result<T, StoreError> {
    let mut result = request();
    // 3 s in all: a request once failed after 1.4 s of this in a test run with nothing else
    // running (the second computer's gnome-keyring of tests/team_cli.rs).
    for wait_ms in [200, 400, 800, 1600] {
        match &result {
            Err(StoreError::Unavailable { .. }) => {}
            _ => break,
        }
        std::thread::sleep(std::time::Duration::from_millis(wait_ms));
        result = request();
    }
    result
}

/// How each platform's store is asked for every item of `service`. The Secret Service and the
/// macOS Keychain search by attribute; the Windows Credential Manager has no attributes, only
/// target names (`<user>.<service>` for `keyring`'s default store), matched by a regular
/// expression.
#[cfg(not(windows))]
fn search_spec(service: &str) -> (&'static str, String) {
    ("service", service.to_owned())
}

#[cfg(windows)]
fn search_spec(service: &str) -> (&'static str, String) {
    ("pattern", windows_target_pattern(service))
}

/// `^.+\.<service>$` with every ASCII punctuation character of the service escaped.
#[cfg_attr(not(windows), allow(dead_code, reason = "tested on every platform"))]
fn windows_target_pattern(service: &str) -> String {
    let mut pattern = String::from(r"^.+\.");
    for c in service.chars() {
        if c.is_ascii_punctuation() {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('$');
    pattern
}

#[cfg(target_os = "linux")]
const UNAVAILABLE_HINT: &str = "OTP Desk keeps keys in the Secret Service; install and start one \
    (gnome-keyring, or KeePassXC with Secret Service integration) in your desktop session, then try again.";
#[cfg(target_os = "linux")]
const LOCKED_HINT: &str =
    "unlock your login keyring (for example in Passwords and Keys / Seahorse), then try again.";
#[cfg(not(target_os = "linux"))]
const UNAVAILABLE_HINT: &str = "OTP Desk keeps keys in the system keychain; sign in to your \
    desktop session so the keychain is available, then try again.";
#[cfg(not(target_os = "linux"))]
const LOCKED_HINT: &str = "unlock your keychain, then try again.";

/// One clear sentence for each way the keychain fails.
fn translate(error: &Error) -> StoreError {
    match error {
        Error::NoDefaultStore => {
            let cause = match KeyringEntry::store_status() {
                Err(cause) => describe(cause),
                Ok(()) => String::new(),
            };
            tracing::debug!(cause, "no keychain store");
            unavailable(&cause)
        }
        Error::NoStorageAccess(_) => StoreError::Locked {
            hint: LOCKED_HINT.to_owned(),
        },
        other => {
            let cause = describe(other);
            if cause.contains("ServiceUnknown") || cause.contains("org.freedesktop.secrets") {
                unavailable(&cause)
            } else {
                StoreError::Failed(cause)
            }
        }
    }
}

fn unavailable(cause: &str) -> StoreError {
    tracing::debug!(cause, "keychain unreachable");
    let no_bus = [
        "DBUS_SESSION_BUS_ADDRESS",
        "session bus",
        "Failed to connect",
    ]
    .iter()
    .any(|s| cause.contains(s));
    let hint = if no_bus && cfg!(target_os = "linux") {
        format!("there is no D-Bus session. {UNAVAILABLE_HINT}")
    } else {
        UNAVAILABLE_HINT.to_owned()
    };
    StoreError::Unavailable { hint }
}

fn describe(error: &Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_windows_search_matches_only_otp_desk_targets() {
        assert_eq!(windows_target_pattern(SERVICE), r"^.+\.otp\-desk$");
        assert_eq!(windows_target_pattern("a.b"), r"^.+\.a\.b$");
    }

    #[test]
    fn every_platform_searches_by_a_key_its_store_knows() {
        let (key, value) = search_spec(SERVICE);
        if cfg!(windows) {
            assert_eq!((key, value.as_str()), ("pattern", r"^.+\.otp\-desk$"));
        } else {
            assert_eq!((key, value.as_str()), ("service", SERVICE));
        }
    }
}
