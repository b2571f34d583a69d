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
    /// Admins: `D` sealed to `box_public`, so that only this person's PIN opens it. Replaces
    /// `desk_key` whenever the slot has a box key: an admin who left kept every person key
    /// (`D` opens them all), so a new desk key wrapped under a person key would reach them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    desk_box: Option<String>,
    /// `P` under `D`.
    person_key_for_admins: String,
    /// The person's box key `B` (an X25519 secret) under the PIN's key, and nowhere else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    box_key: Option<String>,
    /// `B`'s public point: what a new desk key is sealed to without the PIN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub box_public: Option<String>,
    /// A MAC of `box_public` under `P`: someone with the desk's login but not `P` cannot put a
    /// point of their own there for the next desk key to be sealed to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    box_check: Option<String>,
    /// The owner's signing key (Ed25519, derived from `B`; hex public), also under
    /// `box_check`: what a team takes an admin's records from ([`crate::team::signers`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signer: Option<String>,
    /// The signature that lets this slot replace the one before it in a team: by the signing
    /// key it replaces (a changed PIN) or an admin's (a reset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vouch: Option<crate::team::signers::Vouch>,
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

fn box_context(id: &PersonId) -> String {
    format!("otp-desk box-key {id}")
}

const BOX_CHECK_CONTEXT: &str = "otp-desk box-public";

/// What a box point's check value is the MAC of: the owner's id, the point and the signing key
/// (slots made before signing keys: without it).
fn box_check_data(id: &PersonId, public: &str, signer: Option<&str>) -> Vec<u8> {
    match signer {
        Some(signer) => format!("{id}\n{public}\n{signer}").into_bytes(),
        None => format!("{id}\n{public}").into_bytes(),
    }
}

fn desk_box_context(id: &PersonId, epoch: u32) -> String {
    format!("otp-desk desk-box {id} {epoch}")
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

/// The PIN-dependent half of a slot: Argon2id's salt and costs, `P` and a new box key `B`
/// under the PIN's key, and `B`'s public point.
/// Made before the desk lock is taken (it costs a quarter of a second); the rest of the slot is
/// wrapped under the lock, with the desk key of that moment.
pub struct PinPart {
    kdf: Kdf,
    person_key: String,
    box_key: String,
    box_public: String,
    box_check: String,
    signer: String,
    box_secret: Key,
}

impl PinPart {
    pub fn new(id: &PersonId, person: &Key, pin: &str) -> Result<Self, CryptoError> {
        let kdf = Kdf::new()?;
        let kek = kdf.derive(pin)?;
        let box_secret = Key::random()?;
        let signer = crate::desk::team::identity::PersonSigner::from_box_key(&box_secret)
            .ok_or(CryptoError::Damaged)?
            .public_hex();
        let box_public = box_secret.box_public();
        Ok(Self {
            person_key: kek.wrap(person, &person_context(id))?,
            box_key: kek.wrap(&box_secret, &box_context(id))?,
            box_check: person.mac(
                BOX_CHECK_CONTEXT,
                &box_check_data(id, &box_public, Some(&signer)),
            ),
            box_public,
            signer,
            box_secret,
            kdf,
        })
    }

    /// The new box key, for the session of the person who typed the PIN.
    pub fn box_secret(&self) -> Key {
        self.box_secret.clone()
    }
}

/// The keys an unlocked person holds.
#[derive(Clone)]
pub struct Keys {
    pub person: Key,
    /// Admins only.
    pub desk: Option<Key>,
    /// The box key `B`, when the slot has one: it opens a desk key sealed to the person.
    pub boxed: Option<Key>,
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
            desk_box: None,
            person_key_for_admins: String::new(),
            box_key: Some(pin.box_key),
            box_public: Some(pin.box_public),
            box_check: Some(pin.box_check),
            signer: Some(pin.signer),
            vouch: None,
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

    /// Wraps the desk-dependent half again: `P` under `desk`, and for an admin `desk` sealed to
    /// their box key (under `P` for a slot made before box keys, until its next PIN). No PIN is
    /// needed, so rotating the desk key re-wraps every slot at once — and a removed admin, who
    /// could have opened every `P` with the old desk key, opens none of the new wraps.
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
        self.desk_key = None;
        self.desk_box = None;
        if admin {
            match self.trusted_box(person) {
                Some(public) => {
                    let context = desk_box_context(&self.id, epoch);
                    self.desk_box = Some(Key::seal_key_to(public, desk, &context)?);
                }
                None => {
                    let context = desk_context(&self.id, SLOT_FORMAT, epoch);
                    self.desk_key = Some(person.wrap(desk, &context)?);
                }
            }
        }
        Ok(())
    }

    /// Opens the slot with a PIN: Argon2id, then the keys. A wrong PIN fails authentication.
    /// The keys are not yet trusted: the caller compares their check values with the state's.
    pub fn open(&self, pin: &str) -> Result<Keys, CryptoError> {
        let kek = self.kdf.derive(pin)?;
        let person = kek.unwrap_key(&self.person_key, &person_context(&self.id))?;
        let boxed = match &self.box_key {
            Some(wrapped) => Some(kek.unwrap_key(wrapped, &box_context(&self.id))?),
            None => None,
        };
        let mut keys = Keys {
            person,
            desk: None,
            boxed,
        };
        keys.desk = match &self.desk_key {
            Some(wrapped) if self.format < SLOT_FORMAT => {
                Some(kek.unwrap_key(wrapped, &desk_context(&self.id, self.format, 0))?)
            }
            _ => self.desk_key(&keys),
        };
        Ok(keys)
    }

    /// The slot's box point, if its check value is the one `person` (the owner's key) makes:
    /// where a new desk key may be sealed. A point put there without `P` is not used.
    fn trusted_box(&self, person: &Key) -> Option<&str> {
        let public = self.box_public.as_deref()?;
        let check = self.box_check.as_deref()?;
        let data = box_check_data(&self.id, public, self.signer.as_deref());
        person
            .verify(BOX_CHECK_CONTEXT, &data, check)
            .then_some(public)
    }

    /// The slot's signing key, if its check value is the one `person` (the owner's key) makes:
    /// what a team may take an admin's records from. A key put there without `P` is not used.
    pub fn trusted_signer(&self, person: &Key) -> Option<&str> {
        self.trusted_box(person)?;
        self.signer.as_deref()
    }

    /// Lets this slot replace, in a team, the one whose signing key was `from` (empty: none):
    /// `by` is the owner's key before (a changed PIN) or an admin's (a reset).
    pub fn vouch_with(&mut self, by: &crate::desk::team::identity::PersonSigner, from: &str) {
        let id = crate::team::PersonId(self.id.0.clone());
        self.vouch = self.signer.as_deref().map(|to| by.vouch(&id, from, to));
    }

    /// Whether the slot's box is the owner's own: its point is that of the box key `keys`
    /// opened, with a check value their person key makes. Not so for a slot made before box
    /// keys, or one whose point someone replaced; an admin's unlock then makes the box again.
    pub fn box_is_whole(&self, keys: &Keys) -> bool {
        let own = keys.boxed.as_ref().map(Key::box_public);
        own.is_some() && self.trusted_box(&keys.person) == own.as_deref()
    }

    /// What the person's PIN decides, for telling two computers' copies apart: the slot
    /// without its wrong-PIN counters and without the desk key's wraps, which every computer
    /// of a team makes anew by itself when the team's desk key is replaced.
    pub fn pin_core(&self) -> Slot {
        Slot {
            failures: 0,
            last_failure_unix_secs: 0,
            desk_key: None,
            desk_box: None,
            person_key_for_admins: String::new(),
            epoch: 0,
            ..self.clone()
        }
    }

    /// The desk key sealed to this admin's box, as it lies in the slot (no secret in it): what
    /// a team's record of a new desk key carries for them.
    pub fn sealed_desk_key(&self) -> Option<&str> {
        self.desk_box.as_deref()
    }

    /// The person key wrapped under the desk key, as the slot holds it (no secret in it).
    pub fn wrapped_person_key(&self) -> &str {
        &self.person_key_for_admins
    }

    /// This slot in `epoch`: the person key wrapped under that epoch's desk key (`wrapped`)
    /// and, for an admin, that key sealed to their box (`sealed`), as a team's record of a new
    /// desk key carries them. Its PIN part stays; whether the wraps are sound is checked where
    /// the slot is taken, as for any slot. `None` for a slot older than box keys.
    pub fn in_epoch(&self, epoch: u32, wrapped: &str, sealed: Option<&str>) -> Option<Slot> {
        (self.format == SLOT_FORMAT && self.box_public.is_some()).then(|| Slot {
            epoch,
            person_key_for_admins: wrapped.to_owned(),
            desk_key: None,
            desk_box: sealed.map(str::to_owned),
            ..self.clone()
        })
    }

    /// `sealed`, a desk key of `epoch` sealed to this person's box (a team's new desk key),
    /// opened with their keys.
    pub fn open_sealed_desk_key(
        id: &PersonId,
        keys: &Keys,
        sealed: &str,
        epoch: u32,
    ) -> Option<Key> {
        let context = desk_box_context(id, epoch);
        keys.boxed.as_ref()?.open_key_box(sealed, &context).ok()
    }

    /// The desk key this slot holds for its owner (format 2 admins), opened with their keys.
    pub fn desk_key(&self, keys: &Keys) -> Option<Key> {
        if self.format < SLOT_FORMAT {
            return None;
        }
        if let Some(sealed) = &self.desk_box {
            return Self::open_sealed_desk_key(&self.id, keys, sealed, self.epoch);
        }
        let wrapped = self.desk_key.as_ref()?;
        keys.person
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

    /// The same slot with a new PIN part (the person changed their own PIN): the new box key
    /// comes with it, so an admin's desk key (`desk`, from their session, with the keys `keys`
    /// their old PIN opened) is sealed to it as a rotation would; and the signing key of the
    /// old box vouches for the new one, so a team takes it from any desk that publishes it.
    pub fn with_pin(
        &self,
        pin: PinPart,
        keys: &Keys,
        desk: Option<&Key>,
    ) -> Result<Self, CryptoError> {
        let admin = self.desk_key.is_some() || self.desk_box.is_some();
        let mut slot = Self {
            kdf: pin.kdf,
            person_key: pin.person_key,
            box_key: Some(pin.box_key),
            box_public: Some(pin.box_public),
            box_check: Some(pin.box_check),
            signer: Some(pin.signer),
            vouch: None,
            failures: 0,
            last_failure_unix_secs: 0,
            ..self.clone()
        };
        if admin {
            let desk = desk.ok_or(CryptoError::Damaged)?;
            slot.rewrap(&keys.person, true, desk, slot.epoch)?;
        }
        let before = keys.boxed.as_ref();
        if let Some(before) =
            before.and_then(crate::desk::team::identity::PersonSigner::from_box_key)
        {
            slot.vouch_with(&before, self.signer.as_deref().unwrap_or_default());
        }
        Ok(slot)
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

    /// An admin's slot for `p1` with the PIN 246810 and the desk key `desk` in epoch 1: its id,
    /// person key and slot.
    fn admin_slot(desk: &Key) -> (PersonId, Key, Slot) {
        let id = PersonId("p1".into());
        let person = Key::random().unwrap();
        let pin = PinPart::new(&id, &person, "246810").unwrap();
        let slot = Slot::assemble(&id, pin, &person, true, desk, 1).unwrap();
        (id, person, slot)
    }

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
        let desk = Key::random().unwrap();
        let (id, person, mut slot) = admin_slot(&desk);
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

    /// A slot of an earlier epoch made one of the team's new desk key from what that key's
    /// record carries (the wraps another computer made): the same PIN opens the new desk key and
    /// the new key the person key; the old key opens neither, and wraps of another key give a
    /// slot whose desk key does not check.
    #[test]
    fn a_slot_of_an_earlier_epoch_takes_the_new_keys_wraps_without_the_pin() {
        let old = Key::random().unwrap();
        let (id, person, team_slot) = admin_slot(&old);
        assert!(team_slot.box_public.is_some());
        // Another computer's slot for the same person, wrapped again under the new key.
        let new = Key::random().unwrap();
        let mut there = team_slot.clone();
        there.rewrap(&person, true, &new, 2).unwrap();
        let wrapped = there.wrapped_person_key().to_owned();
        let sealed = there.sealed_desk_key().map(str::to_owned);
        let moved = team_slot.in_epoch(2, &wrapped, sealed.as_deref()).unwrap();
        assert_eq!(
            moved.pin_core(),
            team_slot.pin_core(),
            "the PIN part is the same"
        );
        let keys = moved.open("246810").unwrap();
        assert_eq!(
            desk_check(keys.desk.as_ref().unwrap(), 2),
            desk_check(&new, 2)
        );
        assert_eq!(
            person_check(&id, &moved.person_key(&new).unwrap()),
            moved.person_check
        );
        assert!(moved.person_key(&old).is_err());
        let other = Key::random().unwrap();
        let mut elsewhere = team_slot.clone();
        elsewhere.rewrap(&person, true, &other, 2).unwrap();
        let forged = team_slot
            .in_epoch(2, &wrapped, elsewhere.sealed_desk_key())
            .unwrap();
        let keys = forged.open("246810").unwrap();
        assert_ne!(
            desk_check(keys.desk.as_ref().unwrap(), 2),
            desk_check(&new, 2)
        );
    }

    /// Someone who holds the person key (an admin who left could open every one with the old
    /// desk key) does not get a desk key sealed to the box: only the PIN opens that.
    #[test]
    fn a_person_key_alone_opens_no_desk_key_of_a_slot_with_a_box() {
        let (id, person, mut slot) = admin_slot(&Key::random().unwrap());
        let rotated = Key::random().unwrap();
        slot.rewrap(&person, true, &rotated, 2).unwrap();
        let stolen = Keys {
            person: person.clone(),
            desk: None,
            boxed: None,
        };
        assert!(slot.desk_key(&stolen).is_none());
        assert!(slot.desk_key.is_none(), "no copy under the person key");
        let text = serde_json::to_string(&slot).unwrap();
        // A keychain item on Windows holds 1,280 characters; an admin's slot stays well below.
        assert!(text.len() < 900, "{} characters", text.len());
        let read = Slot::from_json(&text).unwrap();
        let keys = read.open("246810").unwrap();
        assert_eq!(
            desk_check(keys.desk.as_ref().unwrap(), 2),
            desk_check(&rotated, 2)
        );
        assert_eq!(
            desk_check(&read.desk_key(&keys).unwrap(), 2),
            desk_check(&rotated, 2)
        );
        // A new PIN brings a new box; the desk key follows it, and the old PIN opens nothing.
        let moved = read
            .with_pin(
                PinPart::new(&id, &person, "135790").unwrap(),
                &keys,
                Some(&rotated),
            )
            .unwrap();
        assert_ne!(moved.box_public, read.box_public);
        let moved_keys = moved.open("135790").unwrap();
        assert_eq!(
            desk_check(moved_keys.desk.as_ref().unwrap(), 2),
            desk_check(&rotated, 2)
        );
        assert!(moved.open("246810").is_err());
        assert!(
            read.with_pin(PinPart::new(&id, &person, "135790").unwrap(), &keys, None)
                .is_err(),
            "an admin's slot cannot lose its desk key to a new PIN"
        );
    }

    /// A slot written before box keys (no `box_key`) keeps working: its desk key stays under
    /// the person key until the person's next PIN.
    #[test]
    fn a_slot_without_a_box_still_opens_and_rewraps() {
        let desk = Key::random().unwrap();
        let (_, person, slot) = admin_slot(&desk);
        let mut value = serde_json::to_value(&slot).unwrap();
        let object = value.as_object_mut().unwrap();
        object.remove("box_key");
        object.remove("box_public");
        object.remove("box_check");
        object.remove("desk_box");
        let mut old = Slot::from_json(&value.to_string()).unwrap();
        old.rewrap(&person, true, &desk, 1).unwrap();
        let keys = old.open("246810").unwrap();
        assert!(keys.boxed.is_none());
        assert_eq!(
            desk_check(keys.desk.as_ref().unwrap(), 1),
            desk_check(&desk, 1)
        );
    }

    /// The signing key is the owner's: derived from the box key, vouched for under `P`; one
    /// put in its place without `P` is not trusted. A reset's vouch (the largest slot there
    /// is) verifies, and the slot still fits a Windows keychain item.
    #[test]
    fn the_signing_key_comes_with_the_box_and_a_vouch_names_the_key_it_replaces() {
        use crate::desk::team::identity::{PersonSigner, signed_by};
        let desk = Key::random().unwrap();
        let (id, person, first) = admin_slot(&desk);
        let keys = first.open("246810").unwrap();
        let own = PersonSigner::from_box_key(keys.boxed.as_ref().unwrap()).unwrap();
        assert_eq!(
            first.trusted_signer(&person),
            Some(own.public_hex().as_str())
        );
        assert!(first.vouch.is_none());

        let mut planted = first.clone();
        planted.signer = Some(PersonSigner::from_seed([9; 32]).public_hex());
        assert_eq!(planted.trusted_signer(&person), None);
        assert_eq!(planted.trusted_signer(&Key::random().unwrap()), None);

        // An admin resets the PIN: a new person key and box, vouched for by the admin.
        let admin = PersonSigner::from_seed([3; 32]);
        let new_person = Key::random().unwrap();
        let pin = PinPart::new(&id, &new_person, "135790").unwrap();
        let mut reset = Slot::assemble(&id, pin, &new_person, true, &desk, 1).unwrap();
        let from = first.signer.clone().unwrap();
        reset.vouch_with(&admin, &from);
        let vouch = reset.vouch.clone().unwrap();
        let to = reset.signer.clone().unwrap();
        assert_ne!(to, from);
        assert_eq!(
            (vouch.from.as_str(), vouch.signer()),
            (from.as_str(), admin.public_hex().as_str())
        );
        let person_id = crate::team::PersonId("p1".into());
        let message = crate::team::signers::vouch_message(&person_id, &from, &to);
        assert!(signed_by(vouch.signer(), &message, &vouch.sig));
        let other = crate::team::signers::vouch_message(&person_id, "", &to);
        assert!(!signed_by(vouch.signer(), &other, &vouch.sig));
        let text = serde_json::to_string(&reset).unwrap();
        assert!(text.len() < 1_200, "{} characters", text.len());
        let read = Slot::from_json(&text).unwrap();
        assert_eq!(read.vouch, Some(vouch));
        assert_eq!(
            crate::team::signers::SlotSigning::of(&text).signer,
            Some(to)
        );
    }
}
