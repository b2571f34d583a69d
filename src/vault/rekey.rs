//! Re-keying an account in place: the service gave a new key (a re-enrolment of its
//! two-step verification), and the account keeps everything else — its id, group, pin,
//! order and label, so its shares and history stay with it. The old key goes to the trash as
//! an account of its own (purged after the trash's 30 days like any other), since the service
//! may still want it if the re-enrolment was not finished.

use super::{Vault, VaultError, index_of, new_account};
use crate::otp::Entry;
use crate::store::AccountId;

impl Vault {
    /// Gives `id` the key (and code settings) of `entry`. Returns the id of the old key's
    /// account in the trash.
    pub fn rekey(
        &mut self,
        id: &AccountId,
        entry: &Entry,
        now_unix_secs: u64,
    ) -> Result<AccountId, VaultError> {
        self.may_change(id)?;
        let account = self
            .account(id)
            .cloned()
            .ok_or_else(|| VaultError::UnknownAccount(id.clone()))?;
        let old = self
            .entry(id)?
            .ok_or_else(|| VaultError::UnknownAccount(id.clone()))?;
        if old.secret == entry.secret {
            return Err(VaultError::SameKey(account.label()));
        }
        // The old key first gets a home of its own in the trash, so no crash loses it; then
        // the new key takes the account's keychain item, then its code settings.
        let kept = AccountId::random();
        self.store.put(&kept, &old)?;
        self.transact(|_, accounts| {
            let position = accounts.iter().map(|a| a.position + 1).max().unwrap_or(0);
            let mut trashed = new_account(kept.clone(), old.clone(), position, now_unix_secs);
            trashed.group.clone_from(&account.group);
            trashed.trashed_unix_secs = Some(now_unix_secs);
            accounts.push(trashed);
            Ok(())
        })?;
        self.store.put(id, &account.entry(entry.secret.clone()))?;
        self.transact(|_, accounts| {
            let index = index_of(accounts, id)?;
            accounts[index].params = entry.params;
            Ok(())
        })?;
        Ok(kept)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::store::MemoryStore;

    fn entry(secret: &str) -> Entry {
        crate::uri::parse(&format!("otpauth://totp/Amazon:shop1?secret={secret}")).unwrap()
    }

    #[test]
    fn the_account_keeps_its_id_group_and_pin_and_the_old_key_waits_in_the_trash() {
        let dir = tempfile::tempdir().unwrap();
        let mut vault = Vault::open(dir.path(), Arc::new(MemoryStore::new())).unwrap();
        let crate::vault::AddOutcome::Added(id) =
            vault.add(entry("JBSWY3DPEHPK3PXP"), 100).unwrap()
        else {
            panic!("not added");
        };
        vault
            .update(&id, |a| {
                a.group = "DE".into();
                a.pinned = true;
            })
            .unwrap();
        let kept = vault.rekey(&id, &entry("GEZDGNBVGY3TQOJQ"), 200).unwrap();
        let account = vault.account(&id).unwrap();
        assert_eq!((account.group.as_str(), account.pinned), ("DE", true));
        assert_eq!(account.label(), "Amazon (shop1)");
        assert_eq!(
            vault.entry(&id).unwrap().unwrap().secret,
            entry("GEZDGNBVGY3TQOJQ").secret
        );
        let trashed = vault.trashed();
        assert_eq!(trashed.len(), 1);
        assert_eq!(trashed[0].id, kept);
        assert_eq!(trashed[0].trashed_unix_secs, Some(200));
        assert_eq!(
            vault.secret(&kept).unwrap().unwrap(),
            entry("JBSWY3DPEHPK3PXP").secret
        );
        assert!(matches!(
            vault.rekey(&id, &entry("GEZDGNBVGY3TQOJQ"), 300),
            Err(VaultError::SameKey(_))
        ));
    }
}
