//! Unlocking: the back-off counted and checked under the desk lock, the PIN's work outside it,
//! and the checks that make a slot's keys count (the state's seal, the check values, the
//! anchor); then what an admin's unlock finishes.

use std::sync::Arc;

use super::crypto::CryptoError;
use super::{Desk, DeskError, PersonId, Role, Session, files, legacy, slot};

impl Desk {
    /// Opens `name`'s slot with `pin` and checks the desk state with the key it gives.
    ///
    /// The back-off is counted and checked under the desk lock before the PIN work: an attempt
    /// is counted as a failure first and the count is reset once the PIN proves right, so any
    /// number of attempts at once get at most the free tries before the waits.
    pub fn unlock(&mut self, name: &str, pin: &str, now: u64) -> Result<Session, DeskError> {
        let (id, shown) = {
            let lock = self.locked()?;
            let mut person = self
                .person(name)
                .cloned()
                .ok_or_else(|| DeskError::UnknownPerson(name.trim().to_owned()))?;
            if self.barred.contains(&person.id) {
                return Err(DeskError::LeftTeam(person.name));
            }
            if self.held.contains(&person.id) {
                return Err(DeskError::ResetElsewhere(person.name));
            }
            if person.last_failure_unix_secs > now {
                // A wrong-PIN time "in the future" (a hostile file, a clock turned back)
                // becomes now, for good, so the wait it causes runs out like any other.
                self.edit_counter(&person.id, |c| c.last_failure_unix_secs = now)?;
                self.reload();
                person.last_failure_unix_secs = now;
            }
            let wait = person.wait_secs(now);
            if wait > 0 {
                drop(lock);
                return Err(DeskError::Wait {
                    name: person.name,
                    secs: wait,
                });
            }
            // Counted as wrong before the PIN's work starts; reset once it proves right.
            self.edit_counter(&person.id, |c| {
                c.failures = c.failures.saturating_add(1);
                c.last_failure_unix_secs = now;
            })?;
            (person.id, person.name)
        };
        let result = self.open_session(&id, pin);
        match &result {
            Err(DeskError::WrongPin(_)) | Err(DeskError::Crypto(CryptoError::Authentication)) => {
                return Err(DeskError::WrongPin(shown));
            }
            _ => {}
        }
        let mut session = result?;
        {
            let _lock = self.locked()?;
            self.edit_counter(&id, |c| *c = files::Counter::default())?;
        }
        if session.is_admin() {
            match self.give_box(&session, pin) {
                Ok(Some(boxed)) => session.keys.boxed = Some(boxed),
                Ok(None) => {}
                Err(error) => {
                    tracing::warn!(%error, "the admin's key slot keeps its desk key under the person key");
                }
            }
            self.heal(&session, now)?;
        }
        Ok(session)
    }

    /// An admin's slot made before box keys gets one now that the PIN is here (one more
    /// Argon2 run, once): its desk key is sealed to the box instead of wrapped under the person
    /// key, which an admin who leaves later could have kept. So does a slot whose box point is
    /// not the owner's own (someone put another there). Gives the new box key, for the session.
    fn give_box(
        &mut self,
        session: &Session,
        pin: &str,
    ) -> Result<Option<super::crypto::Key>, DeskError> {
        let whole = |desk: &Self| {
            desk.loaded
                .slots_of(&session.person)
                .first()
                .is_none_or(|s| s.box_is_whole(&session.keys))
        };
        if whole(self) {
            return Ok(None);
        }
        let part = slot::PinPart::new(&session.person, &session.keys.person, pin)?;
        let _lock = self.locked()?;
        let state = self
            .loaded
            .verified_state(&session.person, &session.keys.person)?;
        let Some(current) = self.loaded.current_slots(&state).remove(&session.person) else {
            return Ok(None);
        };
        let desk = session
            .keys
            .desk
            .clone()
            .filter(|d| state.names_desk_key(d));
        if current.box_is_whole(&session.keys) || desk.is_none() {
            return Ok(None);
        }
        let new_box = part.box_secret();
        let boxed = current.with_pin(part, &session.keys, desk.as_ref())?;
        files::replace_slot(&self.dir, &*self.store, &boxed)?;
        self.reload();
        Ok(Some(new_box))
    }

    fn edit_counter(
        &self,
        id: &PersonId,
        edit: impl FnOnce(&mut files::Counter),
    ) -> Result<(), DeskError> {
        files::edit_counter(&self.dir, &*self.store, &self.loaded, id, edit)
    }

    /// The PIN work and the checks; no lock is held (Argon2 takes a quarter of a second).
    fn open_session(&mut self, id: &PersonId, pin: &str) -> Result<Session, DeskError> {
        if self.loaded.is_legacy() {
            return legacy::open(self, id, pin);
        }
        let mut last_error = None;
        for slot in self.loaded.slots_of(id) {
            match slot.open(pin) {
                Ok(keys) => match self.verified_session(id, keys) {
                    Ok(session) => return Ok(session),
                    Err(error) => last_error = Some(error),
                },
                Err(CryptoError::Authentication) => {}
                Err(other) => last_error = Some(other.into()),
            }
        }
        Err(last_error.unwrap_or_else(|| DeskError::WrongPin(id.0.clone())))
    }

    /// `session` again, when a change since it began replaced the desk key it holds (an admin's
    /// removal or demotion): the new key from the admin's own slot, checked as at an unlock;
    /// a member's session if they are one now. `None` when nothing changed or the slot gives
    /// no key the state names. A window that kept the old key would seal new accounts under
    /// the key the removed admin may have kept.
    pub fn refreshed(&mut self, session: &Session) -> Option<Session> {
        let desk = session.keys.desk.as_ref()?;
        let state = self
            .loaded
            .verified_state(&session.person, &session.keys.person)
            .ok()?;
        if state.names_desk_key(desk) {
            return None;
        }
        let own = self.loaded.current_slots(&state).remove(&session.person);
        let keys = slot::Keys {
            person: session.keys.person.clone(),
            desk: session.desk_key_now(&state, own.as_ref()),
            boxed: session.keys.boxed.clone(),
        };
        self.verified_session(&session.person, keys).ok()
    }

    /// A session for the keys a slot gave, if the state names them.
    pub(super) fn verified_session(
        &mut self,
        id: &PersonId,
        keys: slot::Keys,
    ) -> Result<Session, DeskError> {
        let state = self.loaded.verified_state(id, &keys.person)?;
        let person = state.person(id).cloned().ok_or_else(|| {
            DeskError::Tampered("a slot of someone the desk does not know".into())
        })?;
        let desk = match person.role {
            Role::Admin => {
                let desk = keys.desk.filter(|d| state.names_desk_key(d));
                if desk.is_none() {
                    return Err(DeskError::Tampered(format!(
                        "the slot of {} holds no key of this desk",
                        person.name
                    )));
                }
                desk
            }
            Role::Member => None,
        };
        Ok(Session {
            person: id.clone(),
            name: person.name,
            role: person.role,
            keys: slot::Keys {
                person: keys.person,
                desk,
                boxed: keys.boxed,
            },
            state: Arc::new(state),
        })
    }

    /// After an admin unlocked: finishes what a crash interrupted (sealing the items at desk
    /// mode's start), brings the anchor up to the state, removes slots that no state names and
    /// shares that have ended.
    pub(super) fn heal(&mut self, admin: &Session, now: u64) -> Result<(), DeskError> {
        let state = &admin.state;
        let behind = self
            .loaded
            .anchor
            .as_ref()
            .is_none_or(|a| a.seq < state.seq);
        let orphans = !self.loaded.orphan_slots(state).is_empty();
        if !state.sealed_all || behind || orphans {
            self.transact(admin, |_| Ok(()))?;
        }
        // Shares that ended leave the files; codes running out are renewed. Neither may keep
        // an admin out: the next unlock tries again.
        if let Err(error) = self.renew_shares(admin, now) {
            tracing::warn!(%error, "renewing the shares' codes failed");
        }
        Ok(())
    }
}
