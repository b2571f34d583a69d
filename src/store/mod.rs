//! Where accounts live: secrets in a [`SecretStore`] (the OS keychain in the app, memory in unit
//! tests) and everything else in the metadata file ([`metadata`]). This module knows nothing of
//! the UI; only `keychain.rs` names the `keyring` crate. Every file OTP Desk writes goes through
//! [`private_file`].

pub mod audit_log;
pub mod copy_log;
pub mod json_file;
mod keychain;
mod memory;
pub mod metadata;
pub mod private_file;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use keychain::Keychain;
pub use memory::MemoryStore;

use crate::otp::{Entry, OtpParams, Secret};

/// The stable identity of an account: random, never reused, and the keychain item's user name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AccountId(String);

impl AccountId {
    /// 128 random bits as 32 hex digits.
    pub fn random() -> Self {
        Self(unique_hex::<16>())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for AccountId {
    fn from(s: &str) -> Self {
        Self(s.to_owned())
    }
}

/// `N` random bytes as hex digits, for ids and temp-file names. The OS random source failing is
/// unrecoverable for key material anyway; then the clock fills in, so names stay unique rather
/// than the program aborting.
pub(crate) fn unique_hex<const N: usize>() -> String {
    let mut bytes = [0u8; N];
    if getrandom::fill(&mut bytes).is_err() {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default()
            ^ u128::from(std::process::id()) << 32;
        for (byte, clock) in bytes.iter_mut().zip(nanos.to_le_bytes()) {
            *byte = clock;
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Why the keychain could not be used. Each message is one sentence saying what happened and
/// what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    #[error("No keychain is reachable: {hint}")]
    Unavailable { hint: String },
    #[error("The keychain is locked: {hint}")]
    Locked { hint: String },
    #[error("The keychain refused the request ({0}).")]
    Failed(String),
}

/// A place for secrets, one item per account. An item holds the account's whole `otpauth://`
/// URI as it was when added, so that an item whose metadata was lost can be recovered with its
/// name and parameters, not only its key.
pub trait SecretStore: Send + Sync {
    /// Checks that the store is reachable and unlocked, before anything else is written.
    fn check(&self) -> Result<(), StoreError>;
    fn put(&self, id: &AccountId, entry: &Entry) -> Result<(), StoreError>;
    /// The whole stored entry; `Ok(None)` when the store works but holds no item for this id.
    fn get_entry(&self, id: &AccountId) -> Result<Option<Entry>, StoreError>;
    /// Removing an item that does not exist is not an error.
    fn delete(&self, id: &AccountId) -> Result<(), StoreError>;
    /// The ids of every item OTP Desk stored.
    fn ids(&self) -> Result<Vec<AccountId>, StoreError>;

    /// The key of an account; `Ok(None)` when the store holds no item for it.
    fn get(&self, id: &AccountId) -> Result<Option<Secret>, StoreError> {
        Ok(self.get_entry(id)?.map(|entry| entry.secret))
    }
}

/// The text of a keychain item: the account's otpauth URI.
pub(crate) fn item_text(entry: &Entry) -> zeroize::Zeroizing<String> {
    zeroize::Zeroizing::new(crate::uri::to_uri(entry))
}

/// Reads an item back: an otpauth URI, or a bare base32 key (an item written by hand).
/// Anything else counts as missing rather than crashing.
pub(crate) fn parse_item(text: &str) -> Option<Entry> {
    if crate::uri::is_otpauth_uri(text) {
        return crate::uri::parse(text).ok();
    }
    let secret = Secret::parse_base32(text).ok()?;
    Some(Entry {
        issuer: String::new(),
        name: String::new(),
        params: OtpParams::totp_default(),
        secret,
    })
}
