//! An admin's changes to the people: desk mode's start with its first admin, adding, renaming,
//! new PINs and roles, removing. Each runs under the desk lock ([`Desk::transact`]).

use super::crypto::Key;
use super::slot::{Slot, check_pin};
use super::{Desk, DeskError, PersonId, Removed, Role, Session, check_name, stores};

impl Desk {
    /// Starts desk mode with its first person, an admin: a new desk key, and every account's
    /// keychain item sealed under it.
    pub fn start(&mut self, name: &str, pin: &str, now: u64) -> Result<Session, DeskError> {
        check_name(name)?;
        check_pin(pin).map_err(DeskError::Invalid)?;
        self.store.check()?;
        let desk_key = Key::random()?;
        let slot = Slot::new(name, Role::Admin, pin, &desk_key, now)?;
        let keys = slot.open(pin)?;
        let session = Session {
            person: slot.id.clone(),
            name: slot.name.clone(),
            role: Role::Admin,
            keys,
        };
        self.transact(|desk| {
            if desk.is_on() {
                return Err(DeskError::Invalid(
                    "This desk already has people; ask an admin to add you.".into(),
                ));
            }
            desk.people.push(slot);
            Ok(())
        })?;
        stores::seal_all(&*self.store, &desk_key)?;
        Ok(session)
    }

    /// An admin adds a person.
    pub fn add_person(
        &mut self,
        by: &Session,
        name: &str,
        pin: &str,
        role: Role,
        now: u64,
    ) -> Result<PersonId, DeskError> {
        check_name(name)?;
        check_pin(pin).map_err(DeskError::Invalid)?;
        let slot = Slot::new(name, role, pin, by.desk_key()?, now)?;
        let id = slot.id.clone();
        self.transact(|desk| {
            if desk.person(name).is_some() {
                return Err(DeskError::Invalid(format!(
                    "name: '{}' already works at this desk; choose another name.",
                    name.trim()
                )));
            }
            desk.people.push(slot);
            Ok(())
        })?;
        Ok(id)
    }

    pub fn rename_person(
        &mut self,
        by: &Session,
        id: &PersonId,
        name: &str,
    ) -> Result<(), DeskError> {
        by.desk_key()?;
        check_name(name)?;
        self.transact(|desk| {
            if desk.person(name).is_some_and(|p| &p.id != id) {
                return Err(DeskError::Invalid(format!(
                    "name: '{}' already works at this desk.",
                    name.trim()
                )));
            }
            let person = desk
                .people
                .iter_mut()
                .find(|p| &p.id == id)
                .ok_or_else(|| DeskError::UnknownPerson(id.0.clone()))?;
            person.name = name.trim().to_owned();
            Ok(())
        })
    }

    /// An admin sets a new PIN for someone (a forgotten PIN) or changes a role.
    pub fn reset_pin(
        &mut self,
        by: &Session,
        id: &PersonId,
        pin: &str,
        role: Option<Role>,
    ) -> Result<(), DeskError> {
        check_pin(pin).map_err(DeskError::Invalid)?;
        let desk_key = by.desk_key()?.clone();
        let current = self.person_by_id(id)?.clone();
        if role == Some(Role::Member) && current.role == Role::Admin && self.admin_count() == 1 {
            return Err(DeskError::Invalid(
                "The desk needs at least one admin; make someone else an admin first.".into(),
            ));
        }
        let mut fresh = current.rekeyed(pin, role.unwrap_or(current.role), &desk_key)?;
        fresh.name = current.name.clone();
        self.transact(|desk| {
            let person = desk
                .people
                .iter_mut()
                .find(|p| &p.id == id)
                .ok_or_else(|| DeskError::UnknownPerson(id.0.clone()))?;
            *person = fresh;
            Ok(())
        })
    }

    fn admin_count(&self) -> usize {
        self.people.iter().filter(|p| p.role == Role::Admin).count()
    }

    /// An admin removes a person: their slot and their grants go at once.
    pub fn remove_person(&mut self, by: &Session, id: &PersonId) -> Result<Removed, DeskError> {
        by.desk_key()?;
        if &by.person == id {
            return Err(DeskError::Invalid(
                "You cannot remove yourself; ask another admin.".into(),
            ));
        }
        let person = self.person_by_id(id)?.clone();
        if person.role == Role::Admin && self.admin_count() == 1 {
            return Err(DeskError::Invalid(
                "The desk needs at least one admin.".into(),
            ));
        }
        self.transact(|desk| {
            desk.people.retain(|p| &p.id != id);
            desk.grants.retain(|g| &g.person != id);
            Ok(())
        })?;
        Ok(Removed {
            name: person.name,
            was_admin: person.role == Role::Admin,
        })
    }
}
