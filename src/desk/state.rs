//! The authenticated desk state: who works at the desk (names, roles, the check value of each
//! person key), what is shared with whom, the desk key's epoch and check value, the audit log's
//! head, and a counter that only grows. Pure; no I/O, no clock.
//!
//! The state is kept as its exact JSON text with one MAC per person, made with that person's
//! key (HMAC-SHA256). Only an admin — who can open every person key with the desk key — can
//! write a state that every person accepts; each person checks it with their own key, so a
//! member checks it without the desk key. A state, a slot, a name, a role or a grant that a
//! person's key does not vouch for is not used. The counter (`seq`) is also kept in a keychain
//! item ([`Anchor`]), so a copy of an older `desk.json` alone is noticed as a rollback.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::crypto::{CryptoError, Key};
use super::grants::Grant;
use super::slot::{PersonId, Role};

/// One person as the state names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: PersonId,
    pub name: String,
    pub role: Role,
    #[serde(default)]
    pub created_unix_secs: u64,
    /// The check value of their current person key (see [`super::slot::person_check`]).
    pub person_check: String,
}

/// The audit log's newest record when the state was written.
pub use crate::store::audit_log::AuditHead as LogHead;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskState {
    /// One more with every change; never goes back.
    pub seq: u64,
    /// One more whenever the desk key is replaced (an admin left).
    pub epoch: u32,
    /// The check value of the current desk key.
    pub desk_check: String,
    pub people: Vec<Person>,
    #[serde(default)]
    pub grants: Vec<Grant>,
    #[serde(default)]
    pub log_head: Option<LogHead>,
    /// Every account item was sealed when desk mode started: a plain item now is tampering.
    #[serde(default)]
    pub sealed_all: bool,
    /// The previous desk key wrapped under the current one, while items may still be sealed
    /// under it (a rotation that was interrupted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_desk_key: Option<String>,
}

const STATE_CONTEXT: &str = "otp-desk desk-state";

fn previous_context(epoch: u32) -> String {
    format!("otp-desk previous-desk-key {epoch}")
}

/// A state as stored: its exact text and a MAC per person.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealedState {
    pub text: String,
    pub macs: BTreeMap<PersonId, String>,
}

impl DeskState {
    pub fn person(&self, id: &PersonId) -> Option<&Person> {
        self.people.iter().find(|p| &p.id == id)
    }

    /// Whether `desk` is the desk key this state names (its check value for the state's epoch).
    pub fn names_desk_key(&self, desk: &Key) -> bool {
        super::slot::desk_check(desk, self.epoch) == self.desk_check
    }

    /// The previous desk key, opened with the current one `desk`, while the state keeps it.
    pub fn previous_desk_key(&self, desk: &Key) -> Option<Key> {
        let wrapped = self.previous_desk_key.as_ref()?;
        desk.unwrap_key(wrapped, &previous_context(self.epoch)).ok()
    }

    /// Keeps `previous` (the desk key before this epoch's) wrapped under the current `desk`.
    pub fn keep_previous_desk_key(
        &mut self,
        previous: &Key,
        desk: &Key,
    ) -> Result<(), CryptoError> {
        self.previous_desk_key = Some(desk.wrap(previous, &previous_context(self.epoch))?);
        Ok(())
    }

    pub fn admin_count(&self) -> usize {
        self.people.iter().filter(|p| p.role == Role::Admin).count()
    }

    /// Seals the state with the key of each person in `keys` (a person without one gets no
    /// MAC, so the state opens for everyone else).
    pub fn seal(&self, keys: &BTreeMap<PersonId, Key>) -> SealedState {
        let text = serde_json::to_string(self).unwrap_or_default();
        let macs = self
            .people
            .iter()
            .filter_map(|person| {
                let key = keys.get(&person.id)?;
                let mac = key.mac(STATE_CONTEXT, &mac_input(&person.id, &text));
                Some((person.id.clone(), mac))
            })
            .collect();
        SealedState { text, macs }
    }
}

/// The person's id is part of what their MAC covers, so one person's MAC cannot stand for
/// another's.
fn mac_input(id: &PersonId, text: &str) -> Vec<u8> {
    let mut input = id.0.as_bytes().to_vec();
    input.push(0);
    input.extend_from_slice(text.as_bytes());
    input
}

impl SealedState {
    /// The state as written, unverified: only for what is shown before anyone types a PIN
    /// (the names on the picker). `None` when the text is not a state.
    pub fn unverified(&self) -> Option<DeskState> {
        serde_json::from_str(&self.text).ok()
    }

    /// The state, if `key` (the person key of `id`) vouches for it and it names that key.
    pub fn open(&self, id: &PersonId, key: &Key) -> Option<DeskState> {
        let mac = self.macs.get(id)?;
        if !key.verify(STATE_CONTEXT, &mac_input(id, &self.text), mac) {
            return None;
        }
        let state: DeskState = serde_json::from_str(&self.text).ok()?;
        let person = state.person(id)?;
        (person.person_check == super::slot::person_check(id, key)).then_some(state)
    }

    /// SHA-256 of the text, for the anchor.
    pub fn digest(&self) -> String {
        use sha2::Digest as _;
        data_encoding::HEXLOWER.encode(&sha2::Sha256::digest(self.text.as_bytes()))
    }
}

/// What the keychain keeps of the newest state and log, out of reach of a file copy.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    pub seq: u64,
    #[serde(default)]
    pub digest: String,
    #[serde(default)]
    pub log_head: Option<LogHead>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::desk::slot::person_check;

    fn person(id: &str, key: &Key, role: Role) -> Person {
        let id = PersonId(id.into());
        Person {
            person_check: person_check(&id, key),
            id,
            name: "x".into(),
            role,
            created_unix_secs: 0,
        }
    }

    #[test]
    fn each_person_checks_the_state_with_their_own_key() {
        let (a, m) = (Key::random().unwrap(), Key::random().unwrap());
        let state = DeskState {
            seq: 3,
            people: vec![person("a", &a, Role::Admin), person("m", &m, Role::Member)],
            ..DeskState::default()
        };
        let keys = BTreeMap::from([
            (PersonId("a".into()), a.clone()),
            (PersonId("m".into()), m.clone()),
        ]);
        let sealed = state.seal(&keys);
        assert_eq!(sealed.open(&PersonId("a".into()), &a), Some(state.clone()));
        assert_eq!(sealed.open(&PersonId("m".into()), &m), Some(state.clone()));
        // A key that is not the person's, one person's MAC under another's name, an edit.
        assert_eq!(sealed.open(&PersonId("m".into()), &a), None);
        let mut swapped = sealed.clone();
        let a_mac = swapped.macs[&PersonId("a".into())].clone();
        swapped.macs.insert(PersonId("m".into()), a_mac);
        assert_eq!(swapped.open(&PersonId("m".into()), &m), None);
        let mut edited = sealed.clone();
        edited.text = edited.text.replace("\"member\"", "\"admin\"");
        assert_eq!(edited.open(&PersonId("m".into()), &m), None);
        // A member who re-MACs a state for herself still cannot change the admin's view.
        let forged = DeskState {
            people: vec![person("a", &a, Role::Member), person("m", &m, Role::Admin)],
            ..state.clone()
        };
        let mut mine = forged.seal(&keys);
        mine.macs.remove(&PersonId("a".into()));
        assert_eq!(mine.open(&PersonId("a".into()), &a), None);
    }
}
