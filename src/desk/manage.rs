//! An admin's changes: desk mode's start with its first admin, adding, renaming, new PINs and
//! roles, removing, and replacing the desk key when an admin leaves. Every change runs in
//! [`Desk::transact`]: under the desk lock, on the state read again there and verified with the
//! acting admin's key, with its rules checked on that state — so two admins removing each
//! other leave one, and no change is lost to another made at the same time.

use std::collections::BTreeMap;

use super::crypto::Key;
use super::slot::{PinPart, Slot, check_pin, desk_check};
use super::state::{DeskState, Person};
use super::{
    Desk, DeskError, PersonId, Removed, Role, Session, check_name, files, grants, person_keys,
    stores,
};

/// One person of a team as its folder carries them to a joining computer.
#[derive(Clone)]
pub struct Carried {
    pub id: PersonId,
    pub name: String,
    pub role: Role,
    /// Their key slot's text, as their first desk's keychain held it.
    pub slot: String,
}

/// A change being made: the state and slots to write, with the keys to seal them.
pub(super) struct Work {
    pub state: DeskState,
    pub slots: BTreeMap<PersonId, Slot>,
    pub keys: BTreeMap<PersonId, Key>,
    pub desk: Key,
    /// The desk key before a rotation in this change: items sealed under it are sealed again.
    rotated_from: Option<Key>,
    /// Code tables of new or renewed shares, written before the state that names them.
    pub new_files: Vec<super::grants::NewFile>,
}

impl Work {
    fn person_mut(&mut self, id: &PersonId) -> Result<&mut Person, DeskError> {
        self.state
            .people
            .iter_mut()
            .find(|p| &p.id == id)
            .ok_or_else(|| DeskError::UnknownPerson(id.0.clone()))
    }

    fn name_taken(&self, name: &str, except: Option<&PersonId>) -> bool {
        let lower = name.trim().to_lowercase();
        self.state
            .people
            .iter()
            .any(|p| Some(&p.id) != except && p.name.to_lowercase() == lower)
    }

    /// A slot for `id` with the desk key and epoch of this change.
    fn slot(
        &self,
        id: &PersonId,
        pin: PinPart,
        person: &Key,
        role: Role,
    ) -> Result<Slot, DeskError> {
        let admin = role == Role::Admin;
        Ok(Slot::assemble(
            id,
            pin,
            person,
            admin,
            &self.desk,
            self.state.epoch,
        )?)
    }

    /// A new desk key: every remaining slot is wrapped again (no PIN needed) and the old key
    /// is kept, wrapped under the new one, until every item is sealed again.
    fn rotate(&mut self) -> Result<(), DeskError> {
        let epoch = self.state.epoch + 1;
        self.rotate_to(Key::random()?, epoch)
    }

    /// [`Work::rotate`] to a given key and epoch: the team's new desk key, taken here.
    fn rotate_to(&mut self, new: Key, epoch: u32) -> Result<(), DeskError> {
        let old = std::mem::replace(&mut self.desk, new);
        self.state.epoch = epoch;
        for person in &self.state.people {
            let (Some(slot), Some(key)) =
                (self.slots.get_mut(&person.id), self.keys.get(&person.id))
            else {
                continue;
            };
            slot.rewrap(key, person.role == Role::Admin, &self.desk, epoch)?;
        }
        self.state.desk_check = desk_check(&self.desk, epoch);
        self.state.keep_previous_desk_key(&old, &self.desk)?;
        self.rotated_from = Some(old);
        Ok(())
    }

    /// `person` leaves: their slot, key, place and shares go, and what they could use and did
    /// use is their leaving list. An admin's leaving means a new desk key, which the caller
    /// makes (after everyone leaving has left).
    fn take_out(
        &mut self,
        person: &Person,
        accounts: &[crate::store::metadata::Account],
        records: &[crate::store::audit_log::AuditRecord],
    ) -> Removed {
        let id = &person.id;
        self.slots.remove(id);
        self.keys.remove(id);
        let exposure = super::leaving::exposure_in(&self.state, person, accounts, records);
        self.state.people.retain(|p| &p.id != id);
        self.state.grants.retain(|g| &g.person != id);
        Removed {
            name: person.name.clone(),
            was_admin: person.role == Role::Admin,
            desk_key_replaced: person.role == Role::Admin,
            exposure,
        }
    }

    /// `slot`, carried from another computer of the team, with its owner's person key: opened
    /// with the desk key of its epoch (this one's, or the one before, which a computer that had
    /// not taken the team's new desk key yet still used) and wrapped again in this epoch.
    fn carried_slot(&self, mut slot: Slot, role: Role) -> Result<(Slot, Key), DeskError> {
        let tampered = || DeskError::Tampered("the team's key slot".into());
        let desk = if slot.epoch == self.state.epoch {
            Some(self.desk.clone())
        } else {
            self.state.previous_desk_key(&self.desk)
        };
        let key = desk
            .and_then(|desk| slot.person_key(&desk).ok())
            .ok_or_else(tampered)?;
        if super::slot::person_check(&slot.id, &key) != slot.person_check {
            return Err(tampered());
        }
        if slot.epoch != self.state.epoch {
            let epoch = self.state.epoch;
            slot.rewrap(&key, role == Role::Admin, &self.desk, epoch)?;
        }
        Ok((slot, key))
    }
}

impl Desk {
    /// Runs `change` as the admin `by`, under the lock, and writes what it made.
    pub(super) fn transact<T>(
        &mut self,
        by: &Session,
        change: impl FnOnce(&mut Work) -> Result<T, DeskError>,
    ) -> Result<T, DeskError> {
        let _lock = self.locked()?;
        let result = self.transact_locked(by, change);
        // A refused change leaves no record behind for the next one.
        self.pending_record = None;
        result
    }

    fn transact_locked<T>(
        &mut self,
        by: &Session,
        change: impl FnOnce(&mut Work) -> Result<T, DeskError>,
    ) -> Result<T, DeskError> {
        let state = self
            .loaded
            .verified_state(&by.person, &by.keys.person)
            .map_err(|error| match error {
                DeskError::UnknownPerson(_) => {
                    DeskError::Invalid(format!("{} no longer works at this desk.", by.name))
                }
                other => other,
            })?;
        if state
            .person(&by.person)
            .is_none_or(|p| p.role != Role::Admin)
        {
            return Err(DeskError::NotAdmin);
        }
        let slots = self.loaded.current_slots(&state);
        let desk = by
            .desk_key_now(&state, slots.get(&by.person))
            .ok_or(DeskError::NotAdmin)?;
        let keys = person_keys(&state, &slots, &desk);
        let mut work = Work {
            state,
            slots,
            keys,
            desk,
            rotated_from: None,
            new_files: Vec::new(),
        };
        let out = change(&mut work)?;
        self.commit(work)?;
        Ok(out)
    }

    /// Writes the state; then seals again what a rotation or desk mode's start left, and
    /// writes the state once more saying so. The previous desk key stays in the state (wrapped
    /// under the new one, out of a removed admin's reach), so an item that a window still
    /// holding the old key writes later is not lost: the admins read it, and the next rotation
    /// seals it again.
    fn commit(&mut self, mut work: Work) -> Result<(), DeskError> {
        self.write(&mut work)?;
        // After a rotation, and now and then after that, what old windows wrote since.
        let previous = work.rotated_from.take().or_else(|| {
            let due = work.state.seq.is_multiple_of(16);
            due.then(|| work.state.previous_desk_key(&work.desk))
                .flatten()
        });
        if let Some(previous) = previous {
            stores::reseal_all(&*self.store, &previous, &work.desk)?;
        }
        if !work.state.sealed_all {
            stores::seal_all(&*self.store, &work.desk)?;
            work.state.sealed_all = true;
            self.write(&mut work)?;
        }
        Ok(())
    }

    fn write(&mut self, work: &mut Work) -> Result<(), DeskError> {
        if let Some(record) = self.pending_record.take() {
            let head = self.append_audit(record).map_err(DeskError::Invalid)?;
            work.state.log_head = Some(head);
        }
        work.state.seq += 1;
        // A person whose slot is gone or was forged gets no seal: they stay listed, and cannot
        // unlock until an admin gives them a new PIN.
        let sealed = work.state.seal(&work.keys);
        let files = files::CodeFiles {
            new: std::mem::take(&mut work.new_files),
            keep: work
                .state
                .grants
                .iter()
                .filter_map(|g| g.codes.as_ref().map(|c| c.file.clone()))
                .collect(),
        };
        files::write(
            &self.dir,
            &*self.store,
            &self.loaded,
            &sealed,
            &work.slots,
            &files,
        )?;
        self.reload();
        Ok(())
    }

    /// Starts desk mode with its first person, an admin: a new desk key, and every account's
    /// keychain item sealed under it.
    pub fn start(&mut self, name: &str, pin: &str, now: u64) -> Result<Session, DeskError> {
        check_name(name)?;
        check_pin(pin).map_err(DeskError::Invalid)?;
        self.store.check()?;
        let id = PersonId(crate::store::unique_hex::<8>());
        let person = Key::random()?;
        let pin_part = PinPart::new(&id, &person, pin)?;
        let desk = Key::random()?;
        let boxed = pin_part.box_secret();
        let slot = Slot::assemble(&id, pin_part, &person, true, &desk, 1)?;
        {
            let _lock = self.locked()?;
            if self.is_on() {
                return Err(DeskError::Invalid(
                    "This desk already has people; ask an admin to add you.".into(),
                ));
            }
            let state = DeskState {
                seq: 0,
                epoch: 1,
                desk_check: desk_check(&desk, 1),
                people: vec![Person {
                    id: id.clone(),
                    name: name.trim().to_owned(),
                    role: Role::Admin,
                    created_unix_secs: now,
                    person_check: slot.person_check.clone(),
                }],
                ..DeskState::default()
            };
            let work = Work {
                state,
                slots: BTreeMap::from([(id.clone(), slot)]),
                keys: BTreeMap::from([(id.clone(), person.clone())]),
                desk: desk.clone(),
                rotated_from: None,
                new_files: Vec::new(),
            };
            self.commit(work)?;
        }
        let keys = super::slot::Keys {
            person,
            desk: Some(desk),
            boxed: Some(boxed),
        };
        self.verified_session(&id, keys)
    }

    /// Starts desk mode on a computer that joined a team, with the team's people and their own
    /// slots, so every PIN works here as on the first desk. `admin`'s PIN opens the desk key,
    /// which vouches for every other slot (its person key must open with it and match the
    /// slot's check value); the state is then written and sealed here as an admin would.
    pub fn adopt(
        &mut self,
        people: &[Carried],
        admin: &PersonId,
        pin: &str,
        now: u64,
    ) -> Result<Session, DeskError> {
        self.store.check()?;
        let tampered = |what: &str| DeskError::Tampered(format!("the team's {what}"));
        let mut slots = BTreeMap::new();
        for person in people {
            check_name(&person.name)?;
            let mut slot = Slot::from_json(&person.slot).map_err(|_| tampered("key slot"))?;
            if slot.id != person.id {
                return Err(tampered("key slot"));
            }
            slot.failures = 0;
            slot.last_failure_unix_secs = 0;
            slots.insert(person.id.clone(), slot);
        }
        let carried_admin = people
            .iter()
            .find(|p| &p.id == admin && p.role == Role::Admin)
            .ok_or(DeskError::NotAdmin)?;
        let admin_slot = &slots[admin];
        let keys = admin_slot
            .open(pin)
            .map_err(|_| DeskError::WrongPin(carried_admin.name.clone()))?;
        let desk = keys.desk.clone().ok_or(DeskError::NotAdmin)?;
        let epoch = admin_slot.epoch;
        let mut state_people = Vec::new();
        let mut person_keys = BTreeMap::new();
        for person in people {
            let slot = &slots[&person.id];
            let key = slot.person_key(&desk).map_err(|_| tampered("key slot"))?;
            if slot.epoch != epoch
                || super::slot::person_check(&person.id, &key) != slot.person_check
            {
                return Err(tampered("key slot"));
            }
            state_people.push(Person {
                id: person.id.clone(),
                name: person.name.trim().to_owned(),
                role: person.role,
                created_unix_secs: now,
                person_check: slot.person_check.clone(),
            });
            person_keys.insert(person.id.clone(), key);
        }
        {
            let _lock = self.locked()?;
            if self.is_on() {
                return Err(DeskError::Invalid(
                    "This computer already has people; it cannot take a team's.".into(),
                ));
            }
            let state = DeskState {
                seq: 0,
                epoch,
                desk_check: desk_check(&desk, epoch),
                people: state_people,
                sealed_all: true,
                ..DeskState::default()
            };
            self.commit(Work {
                state,
                slots,
                keys: person_keys,
                desk,
                rotated_from: None,
                new_files: Vec::new(),
            })?;
        }
        self.verified_session(admin, keys)
    }

    /// An admin takes a person the team added on another computer, with their own slot (so
    /// their PIN works here too); the slot must open with this desk's key in its epoch.
    pub fn take_person(
        &mut self,
        by: &Session,
        person: &Carried,
        now: u64,
    ) -> Result<(), DeskError> {
        by.desk_key()?;
        check_name(&person.name)?;
        let tampered = || DeskError::Tampered("the team's key slot".into());
        let mut slot = Slot::from_json(&person.slot).map_err(|_| tampered())?;
        if slot.id != person.id {
            return Err(tampered());
        }
        slot.failures = 0;
        slot.last_failure_unix_secs = 0;
        self.transact(by, |work| {
            if work.state.person(&person.id).is_some() {
                return Ok(());
            }
            if work.name_taken(&person.name, None) {
                return Err(DeskError::Invalid(format!(
                    "name: '{}' already works at this desk.",
                    person.name.trim()
                )));
            }
            let (slot, key) = work.carried_slot(slot.clone(), person.role)?;
            work.state.people.push(Person {
                id: person.id.clone(),
                name: person.name.trim().to_owned(),
                role: person.role,
                created_unix_secs: now,
                person_check: slot.person_check.clone(),
            });
            work.slots.insert(person.id.clone(), slot);
            work.keys.insert(person.id.clone(), key);
            Ok(())
        })
    }

    /// An admin takes a PIN reset made on another desk of the team: the person's new slot (a
    /// new person key, which this desk's key must open) replaces theirs here, and their shares
    /// are sealed again under the new key, as [`Desk::reset_pin`] does.
    pub fn take_reset(&mut self, by: &Session, slot_text: &str) -> Result<(), DeskError> {
        by.desk_key()?;
        let tampered = || DeskError::Tampered("the team's key slot".into());
        let mut slot = Slot::from_json(slot_text).map_err(|_| tampered())?;
        slot.failures = 0;
        slot.last_failure_unix_secs = 0;
        let id = slot.id.clone();
        let dir = self.dir.clone();
        self.transact(by, |work| {
            let role = work.person_mut(&id)?.role;
            let (slot, key) = work.carried_slot(slot.clone(), role)?;
            let old = work.keys.insert(id.clone(), key.clone());
            for grant in work.state.grants.iter_mut().filter(|g| g.person == id) {
                let Some(old) = &old else { continue };
                let (renewed, file) = grants::reseal(&dir, grant, old, &key)?;
                *grant = renewed;
                work.new_files.extend(file);
            }
            if old.is_none() {
                work.state.grants.retain(|g| g.person != id);
            }
            work.person_mut(&id)?.person_check = slot.person_check.clone();
            work.slots.insert(id.clone(), slot);
            Ok(())
        })
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
        by.desk_key()?;
        let id = PersonId(crate::store::unique_hex::<8>());
        let person = Key::random()?;
        let pin_part = PinPart::new(&id, &person, pin)?;
        self.transact(by, |work| {
            if work.name_taken(name, None) {
                return Err(DeskError::Invalid(format!(
                    "name: '{}' already works at this desk; choose another name.",
                    name.trim()
                )));
            }
            let slot = work.slot(&id, pin_part, &person, role)?;
            work.state.people.push(Person {
                id: id.clone(),
                name: name.trim().to_owned(),
                role,
                created_unix_secs: now,
                person_check: slot.person_check.clone(),
            });
            work.slots.insert(id.clone(), slot);
            work.keys.insert(id.clone(), person);
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
        self.transact(by, |work| {
            if work.name_taken(name, Some(id)) {
                return Err(DeskError::Invalid(format!(
                    "name: '{}' already works at this desk.",
                    name.trim()
                )));
            }
            work.person_mut(id)?.name = name.trim().to_owned();
            Ok(())
        })
    }

    /// An admin sets a new PIN for someone (a forgotten PIN) or changes a role. The person gets
    /// a new person key, so their old slot and old PIN open nothing written from now on; their
    /// shares are sealed again under it. An admin made a member means a new desk key (on a team
    /// computer, for the whole team: see [`Desk::team_desk_key`]).
    pub fn reset_pin(
        &mut self,
        by: &Session,
        id: &PersonId,
        pin: &str,
        role: Option<Role>,
    ) -> Result<(), DeskError> {
        check_pin(pin).map_err(DeskError::Invalid)?;
        by.desk_key()?;
        let person = Key::random()?;
        let pin_part = PinPart::new(id, &person, pin)?;
        let dir = self.dir.clone();
        self.transact(by, |work| {
            let current = work.person_mut(id)?.clone();
            let role = role.unwrap_or(current.role);
            if role == Role::Member && current.role == Role::Admin && work.state.admin_count() == 1
            {
                return Err(DeskError::Invalid(
                    "The desk needs at least one admin; make someone else an admin first.".into(),
                ));
            }
            let from = work.slots.get(id).and_then(|s| s.signer.clone());
            let mut slot = work.slot(id, pin_part, &person, role)?;
            // Signed by this admin, so a team takes it in place of the slot it replaces.
            if let Some(admin) = by.signer() {
                slot.vouch_with(&admin, &from.unwrap_or_default());
            }
            let old = work.keys.insert(id.clone(), person.clone());
            for grant in work.state.grants.iter_mut().filter(|g| &g.person == id) {
                let Some(old) = &old else { continue };
                let (renewed, file) = grants::reseal(&dir, grant, old, &person)?;
                *grant = renewed;
                work.new_files.extend(file);
            }
            if old.is_none() {
                // Shares sealed under a key nobody can open any more are dropped.
                work.state.grants.retain(|g| &g.person != id);
            }
            let entry = work.person_mut(id)?;
            entry.role = role;
            entry.person_check = slot.person_check.clone();
            work.slots.insert(id.clone(), slot);
            if current.role == Role::Admin && role == Role::Member {
                work.rotate()?;
            }
            Ok(())
        })
    }

    /// An admin removes a person: their slot and their grants go at once; an admin's removal
    /// replaces the desk key, so what they held opens nothing written from now on (on a team
    /// computer, for the whole team: see [`Desk::team_desk_key`]).
    ///
    /// What they could use and did use is kept as a leaving list (see [`super::leaving`]) until
    /// every line is re-enrolled or dismissed.
    pub fn remove_person(
        &mut self,
        by: &Session,
        id: &PersonId,
        now: u64,
    ) -> Result<Removed, DeskError> {
        by.desk_key()?;
        if &by.person == id {
            return Err(DeskError::Invalid(
                "You cannot remove yourself; ask another admin.".into(),
            ));
        }
        let (accounts, records) = self.exposure_sources();
        let dir = self.dir.clone();
        let removed = self.transact(by, |work| {
            let person = work.person_mut(id)?.clone();
            if person.role == Role::Admin && work.state.admin_count() == 1 {
                return Err(DeskError::Invalid(
                    "The desk needs at least one admin.".into(),
                ));
            }
            let removed = work.take_out(&person, &accounts, &records);
            if removed.desk_key_replaced {
                work.rotate()?;
            }
            Ok(removed)
        })?;
        super::leaving::open_list(&dir, &removed, now)?;
        Ok(removed)
    }
}

/// The desk key as a team carries it ([`crate::team::NewDeskKey`]).
impl Desk {
    /// This computer's desk key as the team's record of a new desk key, for an admin's sync to
    /// write when the team has none as new: its epoch and check value from the state, and each
    /// admin's sealed copy as their slot here holds it (no secret is opened or written). `None`
    /// when the state does not open for `by`.
    pub fn team_desk_key(&self, by: &Session) -> Option<crate::team::NewDeskKey> {
        let state = self
            .loaded
            .verified_state(&by.person, &by.keys.person)
            .ok()?;
        let slots = self.loaded.current_slots(&state);
        let now: Vec<_> = state
            .people
            .iter()
            .filter_map(|p| {
                let slot = slots.get(&p.id).filter(|s| s.epoch == state.epoch)?;
                Some((crate::team::PersonId(p.id.0.clone()), p.role, slot))
            })
            .collect();
        let sealed = now
            .iter()
            .filter(|(_, role, _)| *role == Role::Admin)
            .filter_map(|(id, _, slot)| Some((id.clone(), slot.sealed_desk_key()?.to_owned())))
            .collect();
        let wrapped = now
            .iter()
            .map(|(id, _, slot)| (id.clone(), slot.wrapped_person_key().to_owned()))
            .collect();
        Some(crate::team::NewDeskKey {
            epoch: state.epoch,
            check: state.desk_check.clone(),
            sealed,
            wrapped,
        })
    }

    /// Takes the team's new desk key `key` here, as the admin `by`: opened with their box key
    /// from the copy sealed to them, it must have the check value the record names; then every
    /// slot here is wrapped again and every item sealed again under it, as at a removal here,
    /// the key before kept (wrapped under the new one) for what is still sealed under it.
    /// `Ok(false)` when the key is no newer than this computer's or holds no copy for `by`.
    /// The people the team removed (`removed`) leave this computer in the same change (see
    /// [`Desk::leave_team_removed`]).
    pub fn take_team_desk_key(
        &mut self,
        by: &Session,
        key: &crate::team::NewDeskKey,
        removed: &[PersonId],
        now: u64,
    ) -> Result<bool, DeskError> {
        let Some(sealed) = key.sealed.get(&crate::team::PersonId(by.person.0.clone())) else {
            return Ok(false);
        };
        let new = Slot::open_sealed_desk_key(&by.person, &by.keys, sealed, key.epoch)
            .filter(|d| desk_check(d, key.epoch) == key.check)
            .ok_or_else(|| {
                DeskError::Tampered("the team's new desk key does not open with your keys".into())
            })?;
        self.leave_team_removed(by, removed, now, |state| {
            ((key.epoch, key.check.as_str()) > (state.epoch, state.desk_check.as_str()))
                .then_some((new, key.epoch))
        })
    }

    /// A new desk key made here for the team, after `after_epoch` (the team's newest), as the
    /// admin `by`: when the team's newest key, or this computer's, was sealed to someone the
    /// team has removed since (two computers removed two admins at once, each making its key
    /// while the other admin was still one). The people the team removed leave first.
    pub fn replace_team_desk_key(
        &mut self,
        by: &Session,
        removed: &[PersonId],
        after_epoch: u32,
        now: u64,
    ) -> Result<bool, DeskError> {
        let new = Key::random()?;
        self.leave_team_removed(by, removed, now, |state| {
            Some((new, state.epoch.max(after_epoch) + 1))
        })
    }

    /// One change: the people the team removed (`removed`) leave this computer, each with a
    /// leaving list here too, and then the desk key is replaced by the one `key_for` gives for
    /// the state (`None`: no change at all). In that order, so no copy of the new key is ever
    /// sealed to them here (a removed admin's slot would otherwise get one, in the keychain and
    /// in `desk.json.bak`).
    fn leave_team_removed(
        &mut self,
        by: &Session,
        removed: &[PersonId],
        now: u64,
        key_for: impl FnOnce(&DeskState) -> Option<(Key, u32)>,
    ) -> Result<bool, DeskError> {
        let (accounts, records) = self.exposure_sources();
        let dir = self.dir.clone();
        let left = self.transact(by, |work| {
            let Some((new, epoch)) = key_for(&work.state) else {
                return Ok(None);
            };
            let mut left = Vec::new();
            for id in removed.iter().filter(|id| **id != by.person) {
                if let Some(person) = work.state.person(id).cloned() {
                    left.push(work.take_out(&person, &accounts, &records));
                }
            }
            if work.state.admin_count() == 0 {
                return Err(DeskError::Invalid(
                    "The desk needs at least one admin.".into(),
                ));
            }
            work.rotate_to(new, epoch)?;
            Ok(Some(left))
        })?;
        let Some(left) = left else {
            return Ok(false);
        };
        for removed in &left {
            super::leaving::open_list(&dir, removed, now)?;
        }
        Ok(true)
    }
}
