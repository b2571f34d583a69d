//! People ops in the fold: add, remove, role, name, key slot. Pure; the last write in fold order
//! wins, and no op may leave the team without an admin. Removing a person also ends their shares.

use super::ids::PersonId;
use super::op::{Op, Role};
use super::state::{PersonState, Reason, TeamState};

pub fn apply(state: &mut TeamState, op: &Op) -> Result<(), Reason> {
    match op {
        Op::AddPerson {
            person,
            name,
            role,
            slot_ref,
        } => {
            // Ids are never reused: a removed person comes back only as a new person.
            if state.people.contains_key(person) || state.removed_people.contains(person) {
                return Err(Reason::Invalid("person"));
            }
            state
                .people
                .insert(person.clone(), new_person(name, *role, slot_ref));
        }
        Op::RemovePerson(person) => {
            if !state.people.contains_key(person) {
                return Ok(());
            }
            if !leaves_an_admin(state, person, None) {
                return Err(Reason::LastAdmin);
            }
            state.people.remove(person);
            state.shares.retain(|(p, _), _| p != person);
            state.removed_people.insert(person.clone());
        }
        Op::SetRole { person, role } => {
            if !leaves_an_admin(state, person, Some(*role)) {
                return Err(Reason::LastAdmin);
            }
            state
                .people
                .get_mut(person)
                .ok_or(Reason::Invalid("person"))?
                .role = *role;
        }
        Op::SetPersonName { person, name } => {
            let entry = state
                .people
                .get_mut(person)
                .ok_or(Reason::Invalid("person"))?;
            entry.name.clone_from(name);
        }
        Op::SetSlot { person, slot_ref } => {
            let entry = state
                .people
                .get_mut(person)
                .ok_or(Reason::Invalid("person"))?;
            entry.slot_ref.clone_from(slot_ref);
        }
        _ => {}
    }
    Ok(())
}

/// Whether `person` ending up with `new_role` (`None`: removed) leaves the team an admin.
fn leaves_an_admin(state: &TeamState, person: &PersonId, new_role: Option<Role>) -> bool {
    let losing = state.is_admin(person) && new_role != Some(Role::Admin);
    !losing || state.admin_count() > 1
}

fn new_person(name: &str, role: Role, slot_ref: &str) -> PersonState {
    PersonState {
        name: name.to_owned(),
        role,
        slot_ref: slot_ref.to_owned(),
    }
}
