//! A person changes their own PIN: the old PIN proves it is them (counted like any unlock),
//! and their person key is wrapped under the new PIN in every place their slot is kept. No
//! admin is needed, and nothing else changes: the person key, their shares and the desk state
//! stay as they are. (An admin's PIN reset, by contrast, gives a new person key: that is what
//! makes an old copy of the slot useless.)

use super::slot::{PinPart, check_pin};
use super::{Desk, DeskError, files};
use crate::store::audit_log::{AuditAction, NewRecord, Via};

impl Desk {
    /// `name` changes their PIN from `old` to `new`, at `now`, through `via`.
    pub fn change_own_pin(
        &mut self,
        name: &str,
        old: &str,
        new: &str,
        now: u64,
        via: Via,
    ) -> Result<Option<super::Session>, DeskError> {
        check_pin(new).map_err(DeskError::Invalid)?;
        if old == new {
            return Err(DeskError::Invalid(
                "PIN: the new PIN is the old one; choose another.".into(),
            ));
        }
        let session = self.unlock(name, old, now)?;
        let pin_part = PinPart::new(&session.person, &session.keys.person, new)?;
        let _lock = self.locked()?;
        // Read again under the lock: the person must still be here, with the same key.
        let state = self
            .loaded
            .verified_state(&session.person, &session.keys.person)?;
        let slot = self
            .loaded
            .current_slots(&state)
            .remove(&session.person)
            .ok_or_else(|| {
                DeskError::Tampered("the slot of the person changing their PIN".into())
            })?;
        self.append_audit(NewRecord {
            time: now,
            person: session.name.clone(),
            account: None,
            action: AuditAction::PinChanged,
            via,
            detail: None,
        })
        .map_err(DeskError::Invalid)?;
        // An admin's desk key goes to the new PIN's box: the one their slot opens now, with the
        // keys just unlocked.
        let desk = slot
            .desk_key(&session.keys)
            .filter(|d| state.names_desk_key(d));
        let new_box = pin_part.box_secret();
        let slot = slot.with_pin(pin_part, &session.keys, desk.as_ref())?;
        files::replace_slot(&self.dir, &*self.store, &slot)?;
        self.reload();
        // The session with the new PIN's keys, for a window that stays signed in: its box key
        // (and so its signing key) is the new slot's; the old one signs nothing a team takes.
        let keys = super::slot::Keys {
            person: session.keys.person.clone(),
            desk,
            boxed: Some(new_box),
        };
        Ok(self.verified_session(&session.person, keys).ok())
    }
}

impl Desk {
    /// A person's own PIN change made on another desk of the team: their slot there, with the
    /// same person key (its check value is the one this desk's state names), replaces theirs
    /// here, so the new PIN works here and the old one opens nothing. No admin is needed, as
    /// for the change itself; a slot with another key (a reset) is an admin's to take
    /// ([`Desk::take_reset`]).
    pub fn take_own_pin_change(&mut self, slot_text: &str) -> Result<(), DeskError> {
        let tampered = || DeskError::Tampered("the team's key slot".into());
        let mut slot = super::Slot::from_json(slot_text).map_err(|_| tampered())?;
        slot.failures = 0;
        slot.last_failure_unix_secs = 0;
        let _lock = self.locked()?;
        let shown = self.loaded.shown.clone().ok_or_else(tampered)?;
        let person = shown.person(&slot.id).ok_or_else(tampered)?;
        if person.person_check != slot.person_check || slot.epoch != shown.epoch {
            return Err(tampered());
        }
        files::replace_slot(&self.dir, &*self.store, &slot)?;
        self.reload();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::attack_tests::{Fixture, NOW, entry};
    use super::*;
    use crate::desk::Role;

    #[test]
    fn a_member_changes_their_own_pin_and_the_old_one_opens_nothing() {
        let (fx, mut desk, admin, wei) = Fixture::with("Wei", Role::Member);
        desk.share(&admin, &fx.account, &entry("Amazon:shop1"), &wei, None, NOW)
            .unwrap();
        assert!(matches!(
            desk.change_own_pin("Wei", "000000", "777888", NOW, Via::Cli),
            Err(DeskError::WrongPin(_))
        ));
        assert!(matches!(
            desk.change_own_pin("Wei", "135790", "777", NOW, Via::Cli),
            Err(DeskError::Invalid(_))
        ));
        desk.change_own_pin("Wei", "135790", "777888", NOW, Via::Cli)
            .unwrap();
        // No copy of the old slot is left, in the keychain or either file.
        let mut fresh = fx.desk();
        assert!(matches!(
            fresh.unlock("Wei", "135790", NOW),
            Err(DeskError::WrongPin(_))
        ));
        let member = fresh.unlock("Wei", "777888", NOW).unwrap();
        assert!(
            fresh
                .store_for(&member, NOW)
                .get(&fx.account)
                .unwrap()
                .is_some()
        );
        // An admin's changes afterwards keep the new PIN.
        let admin = fresh.unlock("Alice", "246810", NOW).unwrap();
        fresh.rename_person(&admin, &wei, "Wei Zhang").unwrap();
        assert!(fresh.unlock("Wei Zhang", "777888", NOW).is_ok());
        let log = crate::store::audit_log::AuditLog::new(fx.dir.path());
        let records = log.read().unwrap().records;
        assert!(
            records
                .iter()
                .any(|r| r.action == AuditAction::PinChanged && r.person == "Wei")
        );
    }

    #[test]
    fn an_admin_changes_their_own_pin_and_keeps_the_desk_key() {
        let (fx, mut desk, _admin, _wei) = Fixture::with("Wei", Role::Member);
        desk.change_own_pin("Alice", "246810", "112233", NOW, Via::Window)
            .unwrap();
        let mut fresh = fx.desk();
        let alice = fresh.unlock("Alice", "112233", NOW).unwrap();
        assert!(alice.is_admin());
        assert!(
            fresh
                .store_for(&alice, NOW)
                .get_entry(&fx.account)
                .unwrap()
                .is_some()
        );
    }
}
