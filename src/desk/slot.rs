//! Key slots (like an Aegis vault's password slots) and grants. Pure data and crypto; no I/O.
//!
//! Every person has a random *person key* `P`, wrapped under a key derived from their PIN
//! (Argon2id). An admin's slot also holds the *desk key* `D` — under which every account's
//! keychain item is sealed — wrapped under their person key, and every slot holds `P` wrapped
//! under `D`, so an admin can share with a person, reset their PIN or rotate the desk key
//! without knowing anyone's PIN. A member never holds `D`: the accounts shared with them are
//! sealed again, one grant each, under their person key.
//!
//! A slot says nothing about who its owner is or what they may do: the name, the role and the
//! check value of the person key are in the authenticated desk state ([`super::state`]). A slot
//! only counts when the key it opens has the check value the state names, and a desk key only
//! when its check value is the state's. `format` 1 slots (before the state existed) wrapped `D`
//! under the PIN's key and carried the name and role; they are read to migrate.

use serde::{Deserialize, Serialize};

use super::crypto::{CryptoError, Kdf, Key};

pub use crate::pin::{MIN_PIN_CHARS, check_pin};

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

/// The slot format this OTP Desk writes.
pub const SLOT_FORMAT: u32 = 2;

/// One person's keys as stored (their keychain item, mirrored in `desk.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    pub id: PersonId,
    #[serde(default = "legacy_format")]
    pub format: u32,
    kdf: Kdf,
    /// `P` under the PIN's key.
    person_key: String,
    /// Admins: `D` under `P` (format 1: under the PIN's key).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    desk_key: Option<String>,
    /// `P` under `D`.
    person_key_for_admins: String,
    /// The desk key's epoch the two wraps above belong to.
    #[serde(default)]
    pub epoch: u32,
    /// The check value of `P` (public), so the current slot is found before a PIN is typed.
    #[serde(default)]
    pub person_check: String,
    /// Wrong PINs in a row, and when the last one was typed (the back-off survives restarts).
    #[serde(default)]
    pub failures: u32,
    #[serde(default)]
    pub last_failure_unix_secs: u64,
    /// Format 1 only: the name and role, which the state now holds.
    #[serde(default, skip_serializing)]
    pub legacy_name: Option<String>,
    #[serde(default, skip_serializing, rename = "role")]
    pub legacy_role: Option<Role>,
    #[serde(default, skip_serializing)]
    pub created_unix_secs: u64,
}

fn legacy_format() -> u32 {
    1
}

/// Format 1 kept the name as `name`; read it under that key.
#[derive(Deserialize)]
struct LegacyName {
    #[serde(default)]
    name: Option<String>,
}

impl Slot {
    /// Reads a slot from its JSON, format 1 included.
    pub fn from_json(text: &str) -> Result<Self, serde_json::Error> {
        let mut slot: Slot = serde_json::from_str(text)?;
        if slot.format < SLOT_FORMAT {
            slot.legacy_name = serde_json::from_str::<LegacyName>(text)?.name;
        }
        Ok(slot)
    }
}

fn person_context(id: &PersonId) -> String {
    format!("otp-desk person-key {id}")
}

fn desk_context(id: &PersonId, format: u32, epoch: u32) -> String {
    if format < SLOT_FORMAT {
        format!("otp-desk desk-key {id}")
    } else {
        format!("otp-desk desk-key/2 {id} {epoch}")
    }
}

fn admin_context(id: &PersonId, format: u32, epoch: u32) -> String {
    if format < SLOT_FORMAT {
        format!("otp-desk person-key-for-admins {id}")
    } else {
        format!("otp-desk person-key-for-admins/2 {id} {epoch}")
    }
}

/// The public check value of a person key: it names the key without revealing it.
pub fn person_check(id: &PersonId, person: &Key) -> String {
    person.mac("otp-desk person-check", id.0.as_bytes())
}

/// The public check value of the desk key of `epoch`.
pub fn desk_check(desk: &Key, epoch: u32) -> String {
    desk.mac("otp-desk desk-check", &epoch.to_be_bytes())
}

/// The PIN-dependent half of a slot: Argon2id's salt and costs and `P` under the PIN's key.
/// Made before the desk lock is taken (it costs a quarter of a second); the rest of the slot is
/// wrapped under the lock, with the desk key of that moment.
pub struct PinPart {
    kdf: Kdf,
    person_key: String,
}

impl PinPart {
    pub fn new(id: &PersonId, person: &Key, pin: &str) -> Result<Self, CryptoError> {
        let kdf = Kdf::new()?;
        let kek = kdf.derive(pin)?;
        Ok(Self {
            person_key: kek.wrap(person, &person_context(id))?,
            kdf,
        })
    }
}

/// The keys an unlocked person holds.
#[derive(Clone)]
pub struct Keys {
    pub person: Key,
    /// Admins only.
    pub desk: Option<Key>,
}

impl Slot {
    /// A slot of format 2 from its PIN part, for the desk key `desk` of `epoch`.
    pub fn assemble(
        id: &PersonId,
        pin: PinPart,
        person: &Key,
        admin: bool,
        desk: &Key,
        epoch: u32,
    ) -> Result<Self, CryptoError> {
        let mut slot = Self {
            id: id.clone(),
            format: SLOT_FORMAT,
            kdf: pin.kdf,
            person_key: pin.person_key,
            desk_key: None,
            person_key_for_admins: String::new(),
            epoch,
            person_check: person_check(id, person),
            failures: 0,
            last_failure_unix_secs: 0,
            legacy_name: None,
            legacy_role: None,
            created_unix_secs: 0,
        };
        slot.rewrap(person, admin, desk, epoch)?;
        Ok(slot)
    }

    /// Wraps the desk-dependent half again: `P` under `desk`, and for an admin `desk` under `P`.
    /// No PIN is needed, so rotating the desk key re-wraps every slot at once.
    pub fn rewrap(
        &mut self,
        person: &Key,
        admin: bool,
        desk: &Key,
        epoch: u32,
    ) -> Result<(), CryptoError> {
        self.format = SLOT_FORMAT;
        self.epoch = epoch;
        self.person_check = person_check(&self.id, person);
        self.person_key_for_admins =
            desk.wrap(person, &admin_context(&self.id, SLOT_FORMAT, epoch))?;
        self.desk_key = if admin {
            Some(person.wrap(desk, &desk_context(&self.id, SLOT_FORMAT, epoch))?)
        } else {
            None
        };
        Ok(())
    }

    /// Opens the slot with a PIN: Argon2id, then the keys. A wrong PIN fails authentication.
    /// The keys are not yet trusted: the caller compares their check values with the state's.
    pub fn open(&self, pin: &str) -> Result<Keys, CryptoError> {
        let kek = self.kdf.derive(pin)?;
        let person = kek.unwrap_key(&self.person_key, &person_context(&self.id))?;
        let desk = match &self.desk_key {
            Some(wrapped) if self.format < SLOT_FORMAT => {
                Some(kek.unwrap_key(wrapped, &desk_context(&self.id, self.format, 0))?)
            }
            Some(_) => self.desk_key(&person),
            None => None,
        };
        Ok(Keys { person, desk })
    }

    /// The desk key this slot holds for its owner (format 2 admins), opened with their key.
    pub fn desk_key(&self, person: &Key) -> Option<Key> {
        let wrapped = self.desk_key.as_ref()?;
        if self.format < SLOT_FORMAT {
            return None;
        }
        person
            .unwrap_key(wrapped, &desk_context(&self.id, self.format, self.epoch))
            .ok()
    }

    /// The owner's person key, opened by an admin with the desk key.
    pub fn person_key(&self, desk: &Key) -> Result<Key, CryptoError> {
        desk.unwrap_key(
            &self.person_key_for_admins,
            &admin_context(&self.id, self.format, self.epoch),
        )
    }

    /// The same slot with a new PIN part (the person changed their own PIN, or a reset).
    pub fn with_pin(&self, pin: PinPart) -> Self {
        Self {
            kdf: pin.kdf,
            person_key: pin.person_key,
            failures: 0,
            last_failure_unix_secs: 0,
            ..self.clone()
        }
    }
}

/// Seconds to wait before the next PIN may be tried after `failures` wrong ones, the last at
/// `last`: none for the first 3, then 5 s doubling per failure up to an hour. A last failure
/// "in the future" (a clock turned back, or a hostile file) counts as now, so it can never lock
/// anyone out for longer.
pub fn wait_secs(failures: u32, last: u64, now: u64) -> u64 {
    let last = last.min(now);
    (last + backoff_secs(failures)).saturating_sub(now)
}

/// A PIN's wait grows to an hour (the app password's to 5 minutes): a desk PIN may be short.
const MAX_WAIT_SECS: u64 = 3600;

pub fn backoff_secs(failures: u32) -> u64 {
    crate::pin::backoff_secs(failures, MAX_WAIT_SECS)
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
    fn a_failure_in_the_future_waits_no_longer_than_one_now() {
        let now = 1_790_000_000;
        let year_3000 = 32_503_680_000;
        assert_eq!(wait_secs(40, year_3000, now), 3600);
        assert_eq!(wait_secs(4, now - 4, now), 6);
    }

    #[test]
    fn a_slot_opens_with_its_pin_and_rewraps_without_it() {
        let id = PersonId("p1".into());
        let person = Key::random().unwrap();
        let desk = Key::random().unwrap();
        let pin = PinPart::new(&id, &person, "246810").unwrap();
        let mut slot = Slot::assemble(&id, pin, &person, true, &desk, 1).unwrap();
        let keys = slot.open("246810").unwrap();
        assert_eq!(person_check(&id, &keys.person), slot.person_check);
        assert_eq!(
            desk_check(keys.desk.as_ref().unwrap(), 1),
            desk_check(&desk, 1)
        );
        assert!(slot.open("246811").is_err());
        let rotated = Key::random().unwrap();
        slot.rewrap(&person, true, &rotated, 2).unwrap();
        let keys = slot.open("246810").unwrap();
        assert_eq!(
            desk_check(keys.desk.as_ref().unwrap(), 2),
            desk_check(&rotated, 2),
            "the new desk key, with the old PIN"
        );
        assert!(
            slot.person_key(&desk).is_err(),
            "the old desk key opens nothing"
        );
        assert_eq!(
            person_check(&id, &slot.person_key(&rotated).unwrap()),
            slot.person_check
        );
    }
}
