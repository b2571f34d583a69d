//! Desks from before the authenticated state (slot format 1, no state): the first admin who
//! unlocks moves the desk to the new format — same desk key, same PINs (the PIN-wrapped half of
//! each slot is kept as it is) — and from then on every rule of the state holds. Until then a
//! member unlocks as before, on the unverified file: the one window this leaves.

use std::collections::BTreeMap;

use super::crypto::Key;
use super::slot::{Keys, desk_check};
use super::state::{DeskState, Person};
use super::{Desk, DeskError, PersonId, Role, Session, files, person_keys};

pub(super) fn open(desk: &mut Desk, id: &PersonId, pin: &str) -> Result<Session, DeskError> {
    let slot = desk
        .loaded
        .legacy_slots()
        .into_iter()
        .find(|s| &s.id == id)
        .ok_or_else(|| DeskError::UnknownPerson(id.0.clone()))?;
    let keys = slot.open(pin)?;
    let role = slot.legacy_role.unwrap_or(Role::Member);
    if let (Role::Admin, Some(desk_key)) = (role, &keys.desk) {
        migrate(desk, desk_key)?;
        return desk.verified_session(id, keys);
    }
    let state = DeskState {
        grants: desk
            .loaded
            .legacy_grants
            .iter()
            .filter(|g| &g.person == id)
            .cloned()
            .collect(),
        ..DeskState::default()
    };
    Ok(Session {
        person: id.clone(),
        name: slot.legacy_name.clone().unwrap_or_default(),
        role: Role::Member,
        keys: Keys {
            person: keys.person,
            desk: None,
            boxed: keys.boxed,
        },
        state: std::sync::Arc::new(state),
    })
}

/// Writes the format 2 state for a format 1 desk, with the desk key an admin's PIN opened.
fn migrate(desk: &mut Desk, desk_key: &Key) -> Result<(), DeskError> {
    let _lock = desk.locked()?;
    if !desk.loaded.is_legacy() {
        return Ok(()); // another process migrated it meanwhile
    }
    let mut state = DeskState {
        epoch: 1,
        desk_check: desk_check(desk_key, 1),
        grants: desk.loaded.legacy_grants.clone(),
        // Format 1 sealed every item at its start; a crash then could have left plain ones,
        // which the first commit seals.
        sealed_all: false,
        ..DeskState::default()
    };
    let mut slots = BTreeMap::new();
    for mut slot in desk.loaded.legacy_slots() {
        let Ok(person) = slot.person_key(desk_key) else {
            continue;
        };
        let role = slot.legacy_role.unwrap_or(Role::Member);
        slot.rewrap(&person, role == Role::Admin, desk_key, 1)?;
        state.people.push(Person {
            id: slot.id.clone(),
            name: slot.legacy_name.clone().unwrap_or_default(),
            role,
            created_unix_secs: slot.created_unix_secs,
            person_check: slot.person_check.clone(),
        });
        slots.insert(slot.id.clone(), slot);
    }
    let keys = person_keys(&state, &slots, desk_key);
    state.seq = 1;
    let sealed = state.seal(&keys);
    // Format 1 shared keys only; the first admin unlock turns them into codes shares.
    let codes = files::CodeFiles {
        new: Vec::new(),
        keep: Default::default(),
    };
    files::write(
        &desk.dir,
        &*desk.store,
        &desk.loaded,
        &sealed,
        &slots,
        &codes,
    )?;
    desk.reload();
    Ok(())
}
