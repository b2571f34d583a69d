//! The app lock's pure parts: the password kept only as an Argon2id hash (never the password),
//! the lock settings, and the back-off after wrong attempts. Pure: must not depend on the
//! window, the vault or the keychain; the window's lock feature (`gui/features/lock`) uses it.

use argon2::Params;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD_NO_PAD as B64;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

/// Idle times offered in Settings (minutes; 0 = never lock when idle).
pub const IDLE_CHOICES_MINS: [u32; 5] = [1, 5, 15, 60, 0];
use crate::pin::argon2id;
/// Wrong attempts allowed before the back-off starts.
pub use crate::pin::{FREE_ATTEMPTS, backoff_secs};
const MAX_WAIT_SECS: u64 = 300;
const SALT_LEN: usize = 16;
const HASH_LEN: usize = 32;

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("The password must have at least {0} characters.")]
    TooShort(usize),
    #[error("The two passwords differ.")]
    Mismatch,
    #[error("Hashing the password failed: {0}.")]
    Hash(String),
    #[error("No random numbers are available: {0}.")]
    Random(String),
}

/// The shortest password or PIN accepted.
pub const MIN_PASSWORD_CHARS: usize = crate::pin::MIN_PIN_CHARS;

/// An Argon2id hash with its salt and cost parameters (OWASP's minimum: 19 MiB, 2 passes).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordHash {
    pub m_cost_kib: u32,
    pub t_cost: u32,
    pub p_cost: u32,
    /// Base64 without padding.
    pub salt: String,
    pub hash: String,
}

impl std::fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordHash(argon2id, ..)")
    }
}

impl PasswordHash {
    /// Hashes a new password after checking it against the repeated one.
    pub fn new(password: &str, repeated: &str) -> Result<Self, LockError> {
        if password.chars().count() < MIN_PASSWORD_CHARS {
            return Err(LockError::TooShort(MIN_PASSWORD_CHARS));
        }
        if password != repeated {
            return Err(LockError::Mismatch);
        }
        let mut salt = [0u8; SALT_LEN];
        getrandom::fill(&mut salt).map_err(|e| LockError::Random(e.to_string()))?;
        let (m_cost_kib, t_cost, p_cost) = (
            Params::DEFAULT_M_COST,
            Params::DEFAULT_T_COST,
            Params::DEFAULT_P_COST,
        );
        let hash = derive(password, &salt, m_cost_kib, t_cost, p_cost)?;
        Ok(Self {
            m_cost_kib,
            t_cost,
            p_cost,
            salt: B64.encode(salt),
            hash: B64.encode(&*hash),
        })
    }

    /// Whether `password` is the one hashed (constant time in the hash comparison).
    pub fn verify(&self, password: &str) -> bool {
        let (Ok(salt), Ok(expected)) = (B64.decode(&self.salt), B64.decode(&self.hash)) else {
            return false;
        };
        match derive(password, &salt, self.m_cost_kib, self.t_cost, self.p_cost) {
            Ok(actual) => {
                actual.len() == expected.len()
                    && actual
                        .iter()
                        .zip(&expected)
                        .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                        == 0
            }
            Err(e) => {
                tracing::warn!(error = %e, "checking the app password failed");
                false
            }
        }
    }
}

fn derive(
    password: &str,
    salt: &[u8],
    m_cost_kib: u32,
    t_cost: u32,
    p_cost: u32,
) -> Result<Zeroizing<Vec<u8>>, LockError> {
    let mut out = Zeroizing::new(vec![0u8; HASH_LEN]);
    argon2id(password, salt, (m_cost_kib, t_cost, p_cost), &mut out).map_err(LockError::Hash)?;
    Ok(out)
}

/// Saved lock settings: the hash (if a password is set) and the idle time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LockSettings {
    pub password: Option<PasswordHash>,
    /// Lock after this many minutes without input; 0 = never.
    pub idle_mins: u32,
    /// Wrong passwords so far: saved, so that restarting the app does not reset the wait.
    pub backoff: Backoff,
}

impl Default for LockSettings {
    fn default() -> Self {
        Self {
            password: None,
            idle_mins: 5,
            backoff: Backoff::default(),
        }
    }
}

/// Wrong attempts and when the next one is allowed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Backoff {
    pub failures: u32,
    pub retry_at_unix_millis: u64,
}

impl Backoff {
    /// Seconds until the next attempt is allowed (0: now).
    pub fn wait_secs(&self, now_unix_millis: u64) -> u64 {
        self.retry_at_unix_millis
            .saturating_sub(now_unix_millis)
            .div_ceil(1000)
    }

    /// After the free attempts, each failure doubles the wait: 5 s, 10 s, 20 s … 5 min.
    pub fn fail(&mut self, now_unix_millis: u64) {
        self.failures = self.failures.saturating_add(1);
        if self.failures >= FREE_ATTEMPTS {
            let wait_secs = backoff_secs(self.failures, MAX_WAIT_SECS);
            self.retry_at_unix_millis = now_unix_millis + wait_secs * 1000;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argon2id_hash_verifies_only_the_right_password_and_never_holds_it() {
        let hash = PasswordHash::new("correct horse", "correct horse").unwrap();
        assert!(hash.verify("correct horse"));
        assert!(!hash.verify("correct hors"));
        assert!(!hash.verify(""));
        let saved = serde_json::to_string(&hash).unwrap();
        assert!(!saved.contains("correct"), "{saved}");
        assert_eq!(format!("{hash:?}"), "PasswordHash(argon2id, ..)");
        // A fresh salt each time: the same password hashes differently.
        let again = PasswordHash::new("correct horse", "correct horse").unwrap();
        assert_ne!(hash.hash, again.hash);
        assert!(again.verify("correct horse"));
        let loaded: PasswordHash = serde_json::from_str(&saved).unwrap();
        assert!(loaded.verify("correct horse"));
    }

    #[test]
    fn new_passwords_are_checked() {
        assert!(matches!(
            PasswordHash::new("12345", "12345"),
            Err(LockError::TooShort(6))
        ));
        assert!(matches!(
            PasswordHash::new("123456", "123457"),
            Err(LockError::Mismatch)
        ));
    }

    #[test]
    fn backoff_starts_after_three_failures_and_doubles() {
        let mut b = Backoff::default();
        b.fail(0);
        b.fail(0);
        assert_eq!(b.wait_secs(0), 0);
        b.fail(1_000);
        assert_eq!(b.wait_secs(1_000), 5);
        assert_eq!(b.wait_secs(5_500), 1);
        b.fail(6_000);
        assert_eq!(b.wait_secs(6_000), 10);
        for _ in 0..20 {
            b.fail(0);
        }
        assert_eq!(b.wait_secs(0), 300);
    }
}
