//! Sharing: grants per person and account (in the authenticated state), who may see what, and
//! the store each session reads through.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::{Desk, DeskError, PersonId, PersonInfo, Session, slot, stores};
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
        self.transact(by, |work| {
            if work.state.person(with).is_none() {
                return Err(DeskError::UnknownPerson(with.0.clone()));
            }
            let key = work.keys.get(with).ok_or_else(|| {
                DeskError::Tampered("the slot of the person to share with".into())
            })?;
            let grant = slot::grant(account, with, key, entry, until)?;
            work.state
                .grants
                .retain(|g| !(&g.account == account && &g.person == with));
            work.state.grants.push(grant);
            Ok(())
        })
    }

    pub fn unshare(
        &mut self,
        by: &Session,
        account: &AccountId,
        with: &PersonId,
    ) -> Result<bool, DeskError> {
        self.transact(by, |work| {
            let before = work.state.grants.len();
            work.state
                .grants
                .retain(|g| !(&g.account == account && &g.person == with));
            Ok(work.state.grants.len() != before)
        })
    }

    /// Drops the grants of an account that is gone for good (purged from the trash), and every
    /// grant that has ended.
    pub fn forget_account(
        &mut self,
        by: &Session,
        account: &AccountId,
        now: u64,
    ) -> Result<(), DeskError> {
        if !self
            .loaded
            .shown_grants()
            .iter()
            .any(|g| &g.account == account || !g.is_live(now))
        {
            return Ok(());
        }
        self.transact(by, |work| {
            work.state
                .grants
                .retain(|g| &g.account != account && g.is_live(now));
            Ok(())
        })
    }

    /// The people an account is shared with now, and until when (as the desk's files say; for
    /// an admin's pages).
    pub fn shares_of(&self, account: &AccountId, now: u64) -> Vec<(&PersonInfo, Option<u64>)> {
        self.loaded
            .shown_grants()
            .into_iter()
            .filter(|g| &g.account == account && g.is_live(now))
            .filter_map(|g| {
                let person = self.people.iter().find(|p| p.id == g.person)?;
                Some((person, g.until_unix_secs))
            })
            .collect()
    }

    /// Whether `session` may see `account` now: admins all, members what is shared with them
    /// in the state their key verified.
    pub fn may_see(&self, session: &Session, account: &AccountId, now: u64) -> bool {
        session.is_admin()
            || session
                .state
                .grants
                .iter()
                .any(|g| &g.account == account && g.person == session.person && g.is_live(now))
    }

    /// The accounts shared with the person of `session` now.
    pub fn shared_with(&self, session: &Session, now: u64) -> HashSet<AccountId> {
        session
            .state
            .grants
            .iter()
            .filter(|g| g.person == session.person && g.is_live(now))
            .map(|g| g.account.clone())
            .collect()
    }

    /// What the vault reads through for this session: everything (sealed under the desk key)
    /// for an admin; the live grants, opened, for a member.
    pub fn store_for(&self, session: &Session, now: u64) -> Arc<dyn SecretStore> {
        if let Some(store) = self.sealed_store(session) {
            return Arc::new(store);
        }
        let items: HashMap<AccountId, zeroize::Zeroizing<String>> = session
            .state
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
        self.loaded
            .shown_grants()
            .iter()
            .filter_map(|g| g.until_unix_secs)
            .filter(|&u| u > now)
            .min()
    }
}
