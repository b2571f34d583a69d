//! When someone leaves: their exposure ([`super::exposure`]) kept as a checklist in
//! `leaving.json` until every line is re-enrolled (done) or dismissed.
//!
//! The list is a reminder, not a security control: it names accounts (metadata that
//! `accounts.json` holds too), never a key or a code, and someone who edits it only loses
//! their own reminders. The exposure itself can always be rebuilt from the audit log.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::exposure::{self, Exposure};
use super::grants::Access;
use super::state::{DeskState, Person};
use super::{Desk, DeskError, Removed, Role, Session, files};
use crate::store::audit_log::{AuditAction, AuditLog, AuditRecord};
use crate::store::metadata::{self, Account};
use crate::store::{AccountId, private_file};

pub const FILE_NAME: &str = "leaving.json";

/// One person's leaving list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Leaving {
    pub person: String,
    pub was_admin: bool,
    /// See [`super::Removed::desk_key_replaced`].
    #[serde(default)]
    pub desk_key_replaced: bool,
    pub removed_unix_secs: u64,
    pub lines: Vec<Line>,
}

/// One account to re-enrol.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub exposure: Exposure,
    #[serde(default)]
    pub done: bool,
    #[serde(default)]
    pub dismissed: bool,
}

impl Line {
    pub fn is_open(&self) -> bool {
        !self.done && !self.dismissed
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct LeavingFile {
    #[serde(default)]
    lists: Vec<Leaving>,
}

fn path(dir: &Path) -> PathBuf {
    dir.join(FILE_NAME)
}

/// The open leaving lists, newest first. A missing or damaged file reads as none (it is a
/// reminder; the exposure can be rebuilt from the log).
pub fn lists(dir: &Path) -> Vec<Leaving> {
    let mut lists = std::fs::read_to_string(path(dir))
        .ok()
        .and_then(|t| serde_json::from_str::<LeavingFile>(&t).ok())
        .unwrap_or_default()
        .lists;
    lists.sort_by_key(|l| std::cmp::Reverse(l.removed_unix_secs));
    lists
}

fn save(dir: &Path, mut lists: Vec<Leaving>) -> Result<(), DeskError> {
    lists.retain(|l| l.lines.iter().any(Line::is_open));
    let bytes = serde_json::to_vec_pretty(&LeavingFile { lists }).unwrap_or_default();
    private_file::write_private(&path(dir), &bytes).map_err(files::io(&path(dir)))
}

/// Starts the leaving list of someone just removed (nothing when they could use nothing).
pub(super) fn open_list(dir: &Path, removed: &Removed, now: u64) -> Result<(), DeskError> {
    if removed.exposure.is_empty() {
        return Ok(());
    }
    let mut all = lists(dir);
    all.push(Leaving {
        person: removed.name.clone(),
        was_admin: removed.was_admin,
        desk_key_replaced: removed.desk_key_replaced,
        removed_unix_secs: now,
        lines: removed
            .exposure
            .iter()
            .map(|e| Line {
                exposure: e.clone(),
                done: false,
                dismissed: false,
            })
            .collect(),
    });
    save(dir, all)
}

/// Marks `account` done on every open list (it was re-enrolled). Returns how many lines.
pub fn mark_done(dir: &Path, account: &AccountId) -> Result<usize, DeskError> {
    edit(dir, |line| {
        (&line.exposure.account == account && line.is_open()).then(|| line.done = true)
    })
}

/// Dismisses one line of `person`'s list (re-enrolling it is not needed).
pub fn dismiss(dir: &Path, person: &str, account: &AccountId) -> Result<usize, DeskError> {
    let mut all = lists(dir);
    let mut changed = 0;
    for list in all.iter_mut().filter(|l| l.person == person) {
        for line in &mut list.lines {
            if &line.exposure.account == account && line.is_open() {
                line.dismissed = true;
                changed += 1;
            }
        }
    }
    if changed > 0 {
        save(dir, all)?;
    }
    Ok(changed)
}

fn edit(dir: &Path, mut change: impl FnMut(&mut Line) -> Option<()>) -> Result<usize, DeskError> {
    let mut all = lists(dir);
    let changed = all
        .iter_mut()
        .flat_map(|l| l.lines.iter_mut())
        .filter_map(&mut change)
        .count();
    if changed > 0 {
        save(dir, all)?;
    }
    Ok(changed)
}

/// The exposure of `person` as `state` knows them (before their removal).
pub(super) fn exposure_in(
    state: &DeskState,
    person: &Person,
    accounts: &[Account],
    records: &[AuditRecord],
) -> Vec<Exposure> {
    let shares = state
        .grants
        .iter()
        .filter(|g| g.person == person.id)
        .map(|g| (g.account.clone(), g.until_unix_secs, g.access()))
        .collect();
    let who = exposure::Person {
        name: &person.name,
        was_admin: person.role == Role::Admin,
        shares,
    };
    exposure::exposure(&who, accounts, records)
}

impl Desk {
    /// The open leaving lists of this desk (see [`lists`]).
    pub fn leaving_lists(&self) -> Vec<Leaving> {
        lists(&self.dir)
    }

    /// An admin dismisses one line of `person`'s leaving list.
    pub fn dismiss_leaving(
        &self,
        by: &Session,
        person: &str,
        account: &AccountId,
    ) -> Result<usize, DeskError> {
        if !by.is_admin() {
            return Err(DeskError::NotAdmin);
        }
        dismiss(&self.dir, person, account)
    }

    /// An account was re-enrolled: its lines on every leaving list are done.
    pub fn rekeyed(&self, account: &AccountId) -> Result<usize, DeskError> {
        mark_done(&self.dir, account)
    }

    /// The accounts (metadata only) and the log's records, which an exposure is built from: on
    /// a team desk every computer's lines, so a code someone took at another computer counts
    /// too.
    pub(super) fn exposure_sources(&self) -> (Vec<Account>, Vec<AuditRecord>) {
        let accounts = metadata::load(&self.dir.join(metadata::FILE_NAME)).unwrap_or_default();
        let mut records = AuditLog::new(&self.dir)
            .read()
            .map(|t| t.records)
            .unwrap_or_default();
        if let Some(team) = super::team::shared_log::read_team(&self.dir, &*self.keychain()) {
            records.extend(team.others.into_iter().map(|line| line.record));
            records.sort_by_key(|r| r.time);
        }
        (accounts, records)
    }

    /// What `name` could use and did use, most exposed first: a person at the desk as the
    /// newest state knows them; someone removed as their leaving list recorded it, or (a list
    /// dismissed or from before lists existed) from the log alone.
    /// Admins only; `by`'s verified state is the one read.
    pub fn exposure(&self, by: &Session, name: &str) -> Result<Vec<Exposure>, DeskError> {
        if !by.is_admin() {
            return Err(DeskError::NotAdmin);
        }
        let (accounts, records) = self.exposure_sources();
        // The newest state the admin's key vouches for (shares made since the unlock too).
        let state = self
            .loaded
            .verified_state(&by.person, &by.keys.person)
            .unwrap_or_else(|_| by.state.as_ref().clone());
        if let Some(info) = self.person(name)
            && let Some(person) = state.person(&info.id)
        {
            return Ok(exposure_in(&state, person, &accounts, &records));
        }
        let name = name.trim();
        if let Some(list) = lists(&self.dir).into_iter().find(|l| l.person == name) {
            return Ok(list.lines.into_iter().map(|l| l.exposure).collect());
        }
        let known = records.iter().any(|r| {
            r.person == name
                || (r.action == AuditAction::PersonAdded
                    && r.detail.as_deref().is_some_and(|d| added_name(d) == name))
        });
        if !known {
            return Err(DeskError::UnknownPerson(name.to_owned()));
        }
        let was_admin = records.iter().any(|r| {
            r.action == AuditAction::PersonAdded
                && r.detail.as_deref() == Some(&format!("{name} (admin)"))
        });
        let who = exposure::Person {
            name,
            was_admin,
            shares: Vec::<(AccountId, Option<u64>, Access)>::new(),
        };
        Ok(exposure::exposure(&who, &accounts, &records))
    }
}

/// The name in a `person_added` record's detail ("NAME (role)").
fn added_name(detail: &str) -> &str {
    detail.rsplit_once(" (").map_or(detail, |(name, _)| name)
}

#[cfg(test)]
mod tests {
    use super::super::attack_tests::{Fixture, NOW, entry};
    use super::*;
    use crate::desk::exposure::ExposureAccess;
    use crate::store::audit_log::{NewRecord, Via};

    fn with_accounts(fx: &Fixture) {
        let account = |id: &AccountId, issuer: &str, name: &str| {
            crate::desk::exposure::tests::account(id.as_str(), issuer, name)
        };
        let other = AccountId::from("ffffffffffffffffffffffffffffffff");
        metadata::save(
            &fx.dir.path().join(metadata::FILE_NAME),
            &[
                account(&fx.account, "Amazon", "shop1"),
                account(&other, "eBay", "shop2"),
            ],
        )
        .unwrap();
    }

    #[test]
    fn removing_a_member_keeps_a_list_until_each_line_is_done_or_dismissed() {
        let (fx, mut desk, admin, wei) = Fixture::with("Wei", Role::Member);
        with_accounts(&fx);
        desk.share(&admin, &fx.account, &entry("Amazon:shop1"), &wei, None, NOW)
            .unwrap();
        for _ in 0..2 {
            desk.append_audit(NewRecord {
                time: NOW + 5,
                person: "Wei".into(),
                account: Some("Amazon (shop1)".into()),
                action: AuditAction::Copy,
                via: Via::Window,
                detail: None,
            })
            .unwrap();
        }
        let before = desk.exposure(&admin, "Wei").unwrap();
        assert_eq!(before.len(), 1);
        assert_eq!(before[0].access, ExposureAccess::Codes);
        assert_eq!(before[0].used.len(), 2);
        let removed = desk.remove_person(&admin, &wei, NOW + 10).unwrap();
        assert_eq!(removed.exposure, before);
        // After the removal, from the list (a restart reads it again).
        let mut fresh = fx.desk();
        let admin = fresh.unlock("Alice", "246810", NOW).unwrap();
        assert_eq!(fresh.exposure(&admin, "Wei").unwrap(), before);
        let list = &lists(fx.dir.path())[0];
        assert_eq!((list.person.as_str(), list.lines.len()), ("Wei", 1));
        assert_eq!(mark_done(fx.dir.path(), &fx.account).unwrap(), 1);
        assert!(
            lists(fx.dir.path()).is_empty(),
            "every line done: the list goes"
        );
    }

    #[test]
    fn removing_an_admin_lists_every_account_as_a_key() {
        let (fx, mut desk, admin, carol) = Fixture::with("Carol", Role::Admin);
        with_accounts(&fx);
        let removed = desk.remove_person(&admin, &carol, NOW).unwrap();
        assert_eq!(removed.exposure.len(), 2);
        assert!(
            removed
                .exposure
                .iter()
                .all(|e| e.access == ExposureAccess::Key)
        );
        assert_eq!(dismiss(fx.dir.path(), "Carol", &fx.account).unwrap(), 1);
        assert_eq!(
            lists(fx.dir.path())[0]
                .lines
                .iter()
                .filter(|l| l.is_open())
                .count(),
            1
        );
        assert!(matches!(
            desk.exposure(&admin, "Nobody"),
            Err(DeskError::UnknownPerson(_))
        ));
    }
}
