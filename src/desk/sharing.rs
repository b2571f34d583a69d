//! Sharing: grants per person and account (in the authenticated state), who may see what, and
//! the store each session reads through.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::grants::{self, Access, Grant};
use super::manage::Work;
use super::{Desk, DeskError, PersonId, PersonInfo, Session, stores};
use crate::otp::Entry;
use crate::store::{AccountId, SecretStore};

impl Desk {
    /// An admin shares an account with a person from `now`, optionally until a time: its
    /// codes where it has a clock, its key for HOTP (see [`grants`]).
    pub fn share(
        &mut self,
        by: &Session,
        account: &AccountId,
        entry: &Entry,
        with: &PersonId,
        until: Option<u64>,
        now: u64,
    ) -> Result<Access, DeskError> {
        self.transact(by, |work| {
            if work.state.person(with).is_none() {
                return Err(DeskError::UnknownPerson(with.0.clone()));
            }
            let key = work.keys.get(with).ok_or_else(|| {
                DeskError::Tampered("the slot of the person to share with".into())
            })?;
            let (grant, file) = grants::make(account, with, key, entry, until, now)?;
            let access = grant.access();
            work.state
                .grants
                .retain(|g| !(&g.account == account && &g.person == with));
            work.state.grants.push(grant);
            work.new_files.extend(file);
            Ok(access)
        })
    }

    /// An admin's unlock: shares that ended leave the files; shares whose codes run out within
    /// [`grants::TOP_UP_BELOW_SECS`] get a new week of codes from the admin's keys; and a
    /// time-based account still shared as its key (a share from before codes shares) becomes
    /// a codes share. Returns how many shares were renewed.
    pub(super) fn renew_shares(&mut self, admin: &Session, now: u64) -> Result<usize, DeskError> {
        let ended = admin.state.grants.iter().any(|g| !g.is_live(now));
        let candidates: Vec<&AccountId> = admin
            .state
            .grants
            .iter()
            .filter(|g| g.wants_renewal(now))
            .map(|g| &g.account)
            .collect();
        let mut entries = HashMap::new();
        if !candidates.is_empty() {
            let store = self.store_for(admin, now);
            for account in candidates {
                if let Ok(Some(entry)) = store.get_entry(account)
                    && entry.params.kind().period_secs().is_some()
                {
                    entries.insert(account.clone(), entry);
                }
            }
        }
        if entries.is_empty() && !ended {
            return Ok(0);
        }
        self.transact(admin, |work| {
            work.state.grants.retain(|g| g.is_live(now));
            remake_shares(work, now, |g| {
                g.wants_renewal(now)
                    .then(|| entries.get(&g.account))
                    .flatten()
            })
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

    /// The people an account is shared with now, until when, and whether they hold its codes
    /// or its key (as the desk's files say; for an admin's pages).
    pub fn shares_of(
        &self,
        account: &AccountId,
        now: u64,
    ) -> Vec<(&PersonInfo, Option<u64>, Access)> {
        self.loaded
            .shown_grants()
            .into_iter()
            .filter(|g| &g.account == account && g.is_live(now))
            .filter_map(|g| {
                let person = self.people.iter().find(|p| p.id == g.person)?;
                Some((person, g.until_unix_secs, g.access()))
            })
            .collect()
    }

    /// Whether `session` may see `account` now: admins all, members what is shared with them
    /// in the state their key verified.
    /// Every share as the state `session`'s key verifies it now (read again; never the shown,
    /// unverified copy): account, person, until.
    pub fn verified_shares(
        &self,
        session: &Session,
    ) -> Result<Vec<(AccountId, PersonId, Option<u64>)>, DeskError> {
        let state = self
            .loaded
            .verified_state(&session.person, &session.keys.person)?;
        Ok(state
            .grants
            .iter()
            .map(|g| (g.account.clone(), g.person.clone(), g.until_unix_secs))
            .collect())
    }

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
        let items: HashMap<AccountId, grants::Shared> = session
            .state
            .grants
            .iter()
            .filter(|g| g.person == session.person && g.is_live(now))
            .filter_map(|g| {
                let shared = grants::open(&self.dir, g, &session.keys.person).ok()?;
                Some((g.account.clone(), shared))
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

impl Desk {
    /// An account got a new key (see `Vault::rekey`): its shares are made again from `entry`,
    /// with the same people and ends, so members get the new codes. Returns how many.
    pub fn reshare(
        &mut self,
        by: &Session,
        account: &AccountId,
        entry: &Entry,
        now: u64,
    ) -> Result<usize, DeskError> {
        let shared = self
            .loaded
            .shown_grants()
            .iter()
            .any(|g| &g.account == account);
        if !shared {
            return Ok(0);
        }
        self.transact(by, |work| {
            remake_shares(work, now, |g| (&g.account == account).then_some(entry))
        })
    }
}

/// Makes again, from the entry `entry_of` gives for it, every share it gives one for: the same
/// person and end, from `now` (codes where the account has a clock). Returns how many.
fn remake_shares<'e>(
    work: &mut Work,
    now: u64,
    entry_of: impl Fn(&Grant) -> Option<&'e Entry>,
) -> Result<usize, DeskError> {
    let mut remade = 0;
    for grant in &mut work.state.grants {
        let (Some(entry), Some(key)) = (entry_of(grant), work.keys.get(&grant.person)) else {
            continue;
        };
        let (new, file) = grants::make(
            &grant.account,
            &grant.person,
            key,
            entry,
            grant.until_unix_secs,
            now,
        )?;
        *grant = new;
        work.new_files.extend(file);
        remade += 1;
    }
    Ok(remade)
}
