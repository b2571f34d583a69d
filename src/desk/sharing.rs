//! Sharing: grants per person and account, who may see what, and the store each session
//! reads through.

use std::collections::HashMap;
use std::sync::Arc;

use super::{Desk, DeskError, PersonId, Session, Slot, slot, stores};
use crate::otp::Entry;
use crate::store::{AccountId, SecretStore};

impl Desk {
    /// An admin shares an account (its whole entry) with a person, optionally until a time.
    pub fn share(
        &mut self,
        by: &Session,
        account: &AccountId,
        entry: &Entry,
        with: &PersonId,
        until: Option<u64>,
    ) -> Result<(), DeskError> {
        let grant = self
            .person_by_id(with)?
            .grant(account, entry, until, by.desk_key()?)?;
        self.transact(|desk| {
            desk.grants
                .retain(|g| !(&g.account == account && &g.person == with));
            desk.grants.push(grant);
            Ok(())
        })
    }

    pub fn unshare(
        &mut self,
        by: &Session,
        account: &AccountId,
        with: &PersonId,
    ) -> Result<bool, DeskError> {
        by.desk_key()?;
        self.transact(|desk| {
            let before = desk.grants.len();
            desk.grants
                .retain(|g| !(&g.account == account && &g.person == with));
            Ok(desk.grants.len() != before)
        })
    }

    /// Drops the grants of an account that is gone for good (purged from the trash).
    pub fn forget_account(&mut self, account: &AccountId) -> Result<(), DeskError> {
        if !self.grants.iter().any(|g| &g.account == account) {
            return Ok(());
        }
        self.transact(|desk| {
            desk.grants.retain(|g| &g.account != account);
            Ok(())
        })
    }

    /// The people an account is shared with now, and until when.
    pub fn shares_of(&self, account: &AccountId, now: u64) -> Vec<(&Slot, Option<u64>)> {
        self.grants
            .iter()
            .filter(|g| &g.account == account && g.is_live(now))
            .filter_map(|g| {
                let person = self.people.iter().find(|p| p.id == g.person)?;
                Some((person, g.until_unix_secs))
            })
            .collect()
    }

    /// Whether `session` may see `account` now: admins all, members what is shared with them.
    pub fn may_see(&self, session: &Session, account: &AccountId, now: u64) -> bool {
        session.is_admin()
            || self
                .grants
                .iter()
                .any(|g| &g.account == account && g.person == session.person && g.is_live(now))
    }

    /// The accounts shared with `person` now.
    pub fn shared_with(&self, person: &PersonId, now: u64) -> std::collections::HashSet<AccountId> {
        self.grants
            .iter()
            .filter(|g| &g.person == person && g.is_live(now))
            .map(|g| g.account.clone())
            .collect()
    }

    /// What the vault reads through for this session: everything (sealed under the desk key)
    /// for an admin; the live grants, opened, for a member.
    pub fn store_for(&self, session: &Session, now: u64) -> Arc<dyn SecretStore> {
        if let Some(key) = &session.keys.desk {
            return Arc::new(stores::SealedStore::new(self.store.clone(), key.clone()));
        }
        let items: HashMap<AccountId, zeroize::Zeroizing<String>> = self
            .grants
            .iter()
            .filter(|g| g.person == session.person && g.is_live(now))
            .filter_map(|g| {
                let text = slot::open_grant(g, &session.keys.person).ok()?;
                Some((g.account.clone(), text))
            })
            .collect();
        Arc::new(stores::GrantStore::new(items))
    }

    /// The earliest time a live share ends after `now` (so the window can end it on time).
    pub fn next_expiry(&self, now: u64) -> Option<u64> {
        self.grants
            .iter()
            .filter_map(|g| g.until_unix_secs)
            .filter(|&u| u > now)
            .min()
    }
}
