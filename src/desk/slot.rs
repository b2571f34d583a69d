//! People and what is stored for each: a key slot (like an Aegis vault's password slot) and the
//! grants that share accounts with them. Pure data and crypto; no I/O.
//!
//! Every person has a random person key, wrapped under a key derived from their PIN (Argon2id);
//! an admin's slot also wraps the desk key, under which every account's keychain item is sealed.
//! The person key is also wrapped under the desk key, so an admin can share with a person or
//! reset their PIN without knowing it. A member never holds the desk key: the accounts shared
//! with them are sealed again, one grant each, under their person key.

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::crypto::{CryptoError, Kdf, Key};
use crate::otp::Entry;
use crate::store::AccountId;

/// The shortest PIN or password a person may have.
pub const MIN_PIN_CHARS: usize = 6;

/// A person's stable id: random, never reused; part of their keychain item's name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PersonId(pub String);

impl std::fmt::Display for PersonId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Admin,
    Member,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Member => "member",
        }
    }
}

/// One person as stored (in their keychain item and in `desk.json`). Name and role are shown
/// before unlocking; the role only says what the slot holds — a member's slot has no desk key,
/// so changing `role` in a file gives nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    pub id: PersonId,
    pub name: String,
    pub role: Role,
    #[serde(default)]
    pub created_unix_secs: u64,
    kdf: Kdf,
    /// The person key under the PIN's key.
    person_key: String,
    /// Admins: the desk key under the PIN's key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    desk_key: Option<String>,
    /// The person key under the desk key.
    person_key_for_admins: String,
    /// Wrong PINs in a row, and when the last one was typed (the back-off survives restarts).
    #[serde(default)]
    pub failures: u32,
    #[serde(default)]
    pub last_failure_unix_secs: u64,
}

/// An account shared with a person, sealed under their person key, optionally until a time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    pub account: AccountId,
    pub person: PersonId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until_unix_secs: Option<u64>,
    sealed: String,
}

impl Grant {
    pub fn is_live(&self, now: u64) -> bool {
        self.until_unix_secs.is_none_or(|until| now < until)
    }
}

/// The keys an unlocked person holds.
pub struct Keys {
    pub person: Key,
    /// Admins only.
    pub desk: Option<Key>,
}

pub fn check_pin(pin: &str) -> Result<(), String> {
    if pin.chars().count() < MIN_PIN_CHARS {
        return Err(format!(
            "PIN: use at least {MIN_PIN_CHARS} characters (digits or a password)."
        ));
    }
    Ok(())
}

fn person_context(id: &PersonId) -> String {
    format!("otp-desk person-key {id}")
}

fn desk_context(id: &PersonId) -> String {
    format!("otp-desk desk-key {id}")
}

fn admin_context(id: &PersonId) -> String {
    format!("otp-desk person-key-for-admins {id}")
}

fn grant_context(account: &AccountId, person: &PersonId, until: Option<u64>) -> String {
    let until = until.map_or_else(|| "-".to_owned(), |u| u.to_string());
    format!("otp-desk grant {account} {person} {until}")
}

impl Slot {
    /// A new person's slot: a fresh person key, wrapped under `pin` and under the desk key;
    /// admins also get the desk key under their PIN.
    pub fn new(
        name: &str,
        role: Role,
        pin: &str,
        desk: &Key,
        now: u64,
    ) -> Result<Self, CryptoError> {
        let id = PersonId(crate::store::unique_hex::<8>());
        let person = Key::random()?;
        Self::seal(id, name, role, pin, &person, desk, now)
    }

    fn seal(
        id: PersonId,
        name: &str,
        role: Role,
        pin: &str,
        person: &Key,
        desk: &Key,
        now: u64,
    ) -> Result<Self, CryptoError> {
        let kdf = Kdf::new()?;
        let kek = kdf.derive(pin)?;
        Ok(Self {
            person_key: kek.wrap(person, &person_context(&id))?,
            desk_key: match role {
                Role::Admin => Some(kek.wrap(desk, &desk_context(&id))?),
                Role::Member => None,
            },
            person_key_for_admins: desk.wrap(person, &admin_context(&id))?,
            kdf,
            name: name.trim().to_owned(),
            role,
            created_unix_secs: now,
            failures: 0,
            last_failure_unix_secs: 0,
            id,
        })
    }

    /// The same person with a new PIN (and role), made by an admin who holds the desk key.
    pub fn rekeyed(&self, pin: &str, role: Role, desk: &Key) -> Result<Self, CryptoError> {
        let person = desk.unwrap_key(&self.person_key_for_admins, &admin_context(&self.id))?;
        Self::seal(
            self.id.clone(),
            &self.name,
            role,
            pin,
            &person,
            desk,
            self.created_unix_secs,
        )
    }

    /// Opens the slot with a PIN: Argon2id, then the keys. A wrong PIN fails authentication.
    pub fn open(&self, pin: &str) -> Result<Keys, CryptoError> {
        let kek = self.kdf.derive(pin)?;
        let person = kek.unwrap_key(&self.person_key, &person_context(&self.id))?;
        let desk = match (&self.desk_key, self.role) {
            (Some(wrapped), Role::Admin) => Some(kek.unwrap_key(wrapped, &desk_context(&self.id))?),
            _ => None,
        };
        Ok(Keys { person, desk })
    }

    /// Seconds to wait before the next PIN may be tried: none for the first 3 wrong ones, then
    /// 5 s doubling per failure up to an hour.
    pub fn wait_secs(&self, now: u64) -> u64 {
        let wait = backoff_secs(self.failures);
        (self.last_failure_unix_secs + wait).saturating_sub(now)
    }

    /// Seals `entry` for this person (an admin shares it).
    pub fn grant(
        &self,
        account: &AccountId,
        entry: &Entry,
        until: Option<u64>,
        desk: &Key,
    ) -> Result<Grant, CryptoError> {
        let person = desk.unwrap_key(&self.person_key_for_admins, &admin_context(&self.id))?;
        let text = crate::store::item_text(entry);
        Ok(Grant {
            account: account.clone(),
            person: self.id.clone(),
            until_unix_secs: until,
            sealed: person.seal(text.as_bytes(), &grant_context(account, &self.id, until))?,
        })
    }
}

/// Opens a grant with the person key: the shared account's otpauth text.
pub fn open_grant(grant: &Grant, person: &Key) -> Result<Zeroizing<String>, CryptoError> {
    let bytes = person.open(
        &grant.sealed,
        &grant_context(&grant.account, &grant.person, grant.until_unix_secs),
    )?;
    String::from_utf8(bytes.to_vec())
        .map(Zeroizing::new)
        .map_err(|_| CryptoError::Damaged)
}

/// A PIN's wait grows to an hour (the app password's to 5 minutes): a desk PIN may be short.
const MAX_WAIT_SECS: u64 = 3600;

pub fn backoff_secs(failures: u32) -> u64 {
    crate::applock::backoff_secs(failures, MAX_WAIT_SECS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_backoff_doubles_per_failure_after_three_free_tries() {
        let waits: Vec<u64> = (0..12).map(backoff_secs).collect();
        assert_eq!(waits, [0, 0, 0, 5, 10, 20, 40, 80, 160, 320, 640, 1280]);
        assert_eq!(backoff_secs(40), 3600);
    }

    #[test]
    fn short_pins_are_refused_with_the_field_named() {
        assert!(check_pin("12345").unwrap_err().starts_with("PIN:"));
        assert!(check_pin("123456").is_ok());
        assert!(check_pin("密码密码密码").is_ok(), "characters, not bytes");
    }
}
