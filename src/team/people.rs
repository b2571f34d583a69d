//! People ops in the fold: add, remove, role, name, key slot. Pure. Each of a person's fields is
//! a multi-value register, as an account's are: two desks that changed it while apart both
//! survive as a conflict for an admin to pick, and a role in conflict counts as the lesser one.
//! No op may leave the team without an admin. Removing a person also ends their shares. A new
//! key slot for someone who has a signing key must be vouched for ([`super::signers`]).

use super::apply::Context;
use super::ids::{Dot, PersonId};
use super::op::{Op, Role};
use super::signers::SlotSigning;
use super::state::{PersonState, Reason, TeamState};

pub fn apply(state: &mut TeamState, op: &Op, context: &Context<'_>) -> Result<(), Reason> {
    let dot = context.dot.clone();
    let saw = |old: &Dot| context.ordered.saw(context.clock, old);
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
            let added = PersonState::new(&dot, name, *role, slot_ref);
            state.people.insert(person.clone(), added);
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
            let mut after = state
                .people
                .get(person)
                .ok_or(Reason::Invalid("person"))?
                .clone();
            after.role.write(dot, saw, *role);
            if !leaves_an_admin(state, person, Some(after.role())) {
                return Err(Reason::LastAdmin);
            }
            state.people.insert(person.clone(), after);
        }
        Op::SetPersonName { person, name } => {
            let entry = state
                .people
                .get_mut(person)
                .ok_or(Reason::Invalid("person"))?;
            entry.name.write(dot, saw, name.clone());
        }
        Op::SetSlot { person, slot_ref } => {
            let current = state
                .people
                .get(person)
                .ok_or(Reason::Invalid("person"))?
                .signers();
            if !current.is_empty() && !vouched(state, current, slot_ref) {
                return Err(Reason::NotVouched);
            }
            if let Some(entry) = state.people.get_mut(person) {
                entry.write_slot(dot, saw, slot_ref.clone());
            }
        }
        _ => {}
    }
    Ok(())
}

/// Whether the new slot `slot` of someone whose current signing keys are `current` is vouched
/// for: it has a signing key, and a vouch that names one of `current` as the key replaced and
/// is signed by it (a changed PIN) or by a current admin's key (a reset). The codec checked the
/// signature; this checks whose it is.
fn vouched(state: &TeamState, current: &[String], slot: &str) -> bool {
    let new = SlotSigning::of(slot);
    let (Some(_), Some(vouch)) = (&new.signer, &new.vouch) else {
        return false;
    };
    if !current.contains(&vouch.from) {
        return false;
    }
    match &vouch.by {
        None => true,
        Some(by) => state
            .people
            .values()
            .filter(|p| p.role() == Role::Admin)
            .any(|admin| admin.signers().contains(by)),
    }
}

/// Whether `person` ending up with `new_role` (`None`: removed) leaves the team an admin.
fn leaves_an_admin(state: &TeamState, person: &PersonId, new_role: Option<Role>) -> bool {
    let losing = state.is_admin(person) && new_role != Some(Role::Admin);
    !losing || state.admin_count() > 1
}

#[cfg(test)]
#[path = "people_tests.rs"]
mod tests;
