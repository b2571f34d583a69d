//! The vault: accounts (metadata file) and their secrets (keychain) kept together. The one
//! façade the window and the command line call; it never reads the clock (times are
//! parameters) and never draws anything.
//!
//! Write order keeps the two halves consistent: secrets go to the keychain first and the
//! metadata file is written last; if that write fails, the new keychain items are removed again.

mod found;
mod rekey;
mod restore;

pub use found::Imported;
pub use restore::{RestoreError, restore_backup};

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::otp::{Entry, OtpKind, Secret};
use crate::store::metadata::{self, Account, MetadataError};
use crate::store::{AccountId, SecretStore, StoreError};

/// The environment variable that overrides the data directory (tests use it).
pub const DATA_DIR_ENV: &str = "OTP_DESK_DATA_DIR";

#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Metadata(#[from] MetadataError),
    #[error("No account has the id {0}.")]
    UnknownAccount(AccountId),
    #[error("Could not find a folder for OTP Desk's data; set {DATA_DIR_ENV} to one.")]
    NoDataDir,
    #[error("The new key of {0} is the key it has; nothing was changed.")]
    SameKey(String),
    #[error("Could not create the data folder {path}: {source}.")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// What happened to one added entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddOutcome {
    Added(AccountId),
    /// The same secret, issuer and name are already stored under this id.
    Duplicate(AccountId),
}

/// The result of adding many entries, one outcome per input in input order: partial failure
/// is data.
#[derive(Debug, Default)]
pub struct AddReport {
    pub outcomes: Vec<Result<AddOutcome, VaultError>>,
}

impl AddReport {
    pub fn added(&self) -> impl Iterator<Item = &AccountId> {
        self.outcomes.iter().filter_map(|o| match o {
            Ok(AddOutcome::Added(id)) => Some(id),
            _ => None,
        })
    }

    pub fn duplicates(&self) -> impl Iterator<Item = &AccountId> {
        self.outcomes.iter().filter_map(|o| match o {
            Ok(AddOutcome::Duplicate(id)) => Some(id),
            _ => None,
        })
    }

    pub fn failures(&self) -> impl Iterator<Item = (usize, &VaultError)> {
        self.outcomes
            .iter()
            .enumerate()
            .filter_map(|(i, o)| o.as_ref().err().map(|e| (i, e)))
    }
}

/// How long a deleted account stays in the trash before it is purged.
pub const TRASH_DAYS: u64 = 30;

pub struct Vault {
    path: PathBuf,
    /// Every account in the file, trashed ones included, in list order.
    all: Vec<Account>,
    /// What this vault shows: not trashed, and (desk mode, a member) only the visible ones.
    accounts: Vec<Account>,
    visible: Option<std::collections::HashSet<AccountId>>,
    store: Arc<dyn SecretStore>,
    /// The metadata file's modification time and size when last read or written here.
    stamp: Option<(std::time::SystemTime, u64)>,
}

impl Vault {
    /// The platform's data folder (`~/.local/share/otp-desk`, `%APPDATA%\otp-desk\data`,
    /// `~/Library/Application Support/otp-desk`) unless `OTP_DESK_DATA_DIR` is set.
    pub fn default_dir() -> Result<PathBuf, VaultError> {
        if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
            return Ok(PathBuf::from(dir));
        }
        directories::ProjectDirs::from("", "", "otp-desk")
            .map(|d| d.data_dir().to_path_buf())
            .ok_or(VaultError::NoDataDir)
    }

    /// Opens (or starts) the vault in `dir`. A damaged or newer metadata file is an error and is
    /// left as it is.
    pub fn open(dir: &Path, store: Arc<dyn SecretStore>) -> Result<Self, VaultError> {
        crate::store::private_file::ensure_private_dir(dir).map_err(|source| {
            VaultError::CreateDir {
                path: dir.into(),
                source,
            }
        })?;
        let path = dir.join(metadata::FILE_NAME);
        let all = load_sorted(&path)?;
        let stamp = file_stamp(&path);
        let mut vault = Self {
            path,
            all: Vec::new(),
            accounts: Vec::new(),
            visible: None,
            store,
            stamp,
        };
        vault.set_all(all);
        Ok(vault)
    }

    /// Desk mode: shows only these accounts (a member's shares); `None` shows every one.
    pub fn set_visible(&mut self, visible: Option<std::collections::HashSet<AccountId>>) {
        self.visible = visible;
        let all = std::mem::take(&mut self.all);
        self.set_all(all);
    }

    fn set_all(&mut self, all: Vec<Account>) {
        self.accounts = all
            .iter()
            .filter(|a| a.trashed_unix_secs.is_none())
            .filter(|a| self.visible.as_ref().is_none_or(|v| v.contains(&a.id)))
            .cloned()
            .collect();
        self.all = all;
    }

    /// Every account, the trash included, whatever a member may see.
    pub fn all_accounts(&self) -> &[Account] {
        &self.all
    }

    /// The team folder's changes made here (see `desk::team::sync`): the metadata edited under
    /// the same lock as every change, as the desk and not as a person. The keychain items of
    /// new accounts are written by the caller first, already sealed.
    pub fn merge_team(&mut self, change: impl FnOnce(&mut Vec<Account>)) -> Result<(), VaultError> {
        self.transact(|_, accounts| {
            change(accounts);
            Ok(())
        })
    }

    /// The accounts in the trash, most recently deleted first.
    pub fn trashed(&self) -> Vec<&Account> {
        let mut trashed: Vec<&Account> = self
            .all
            .iter()
            .filter(|a| a.trashed_unix_secs.is_some())
            .filter(|a| self.visible.as_ref().is_none_or(|v| v.contains(&a.id)))
            .collect();
        trashed.sort_by_key(|a| std::cmp::Reverse(a.trashed_unix_secs));
        trashed
    }

    /// Moves an account to the trash; its keychain item stays until it is purged.
    pub fn trash(&mut self, id: &AccountId, now_unix_secs: u64) -> Result<Account, VaultError> {
        self.store.check()?;
        self.transact(|vault, accounts| {
            vault.may_change(id)?;
            let index = index_of(accounts, id)?;
            accounts[index].trashed_unix_secs = Some(now_unix_secs);
            Ok(accounts[index].clone())
        })
    }

    /// Takes an account out of the trash, back where it was in the list.
    pub fn restore(&mut self, id: &AccountId) -> Result<(), VaultError> {
        self.store.check()?;
        self.transact(|vault, accounts| {
            vault.may_change(id)?;
            let index = index_of(accounts, id)?;
            accounts[index].trashed_unix_secs = None;
            Ok(())
        })
    }

    /// Accounts that have been in the trash for [`TRASH_DAYS`] days, purged for good.
    pub fn purge_expired(&mut self, now_unix_secs: u64) -> Result<Vec<Account>, VaultError> {
        let limit = now_unix_secs.saturating_sub(TRASH_DAYS * 86_400);
        let expired: Vec<AccountId> = self
            .all
            .iter()
            .filter(|a| a.trashed_unix_secs.is_some_and(|t| t <= limit))
            .map(|a| a.id.clone())
            .collect();
        let mut purged = Vec::new();
        for id in expired {
            purged.push(self.remove(&id)?);
        }
        Ok(purged)
    }

    /// A member's store refuses changes; say so before anything is written.
    fn may_change(&self, _id: &AccountId) -> Result<(), VaultError> {
        if self.visible.is_some() {
            return Err(StoreError::Refused(crate::desk::stores::MEMBER_REFUSAL.into()).into());
        }
        Ok(())
    }

    pub fn metadata_path(&self) -> &Path {
        &self.path
    }

    /// The accounts in list order.
    pub fn accounts(&self) -> &[Account] {
        &self.accounts
    }

    pub fn account(&self, id: &AccountId) -> Option<&Account> {
        self.accounts.iter().find(|a| &a.id == id)
    }

    /// The secret of an account; `Ok(None)` when the keychain has no item for it.
    pub fn secret(&self, id: &AccountId) -> Result<Option<Secret>, VaultError> {
        Ok(self.store.get(id)?)
    }

    /// The whole entry (metadata and secret) of an account, if its secret is present.
    pub fn entry(&self, id: &AccountId) -> Result<Option<Entry>, VaultError> {
        let account = self
            .account(id)
            .ok_or_else(|| VaultError::UnknownAccount(id.clone()))?;
        Ok(self.secret(id)?.map(|secret| account.entry(secret)))
    }

    /// Accounts whose "issuer name" contains every word of `query` (case-insensitive), or the
    /// account whose id is `query`.
    pub fn find(&self, query: &str) -> Vec<&Account> {
        if let Some(exact) = self.accounts.iter().find(|a| a.id.as_str() == query) {
            return vec![exact];
        }
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        self.accounts
            .iter()
            .filter(|a| {
                let hay = format!("{} {} {}", a.issuer, a.name, a.group).to_lowercase();
                words.iter().all(|w| hay.contains(w.as_str()))
            })
            .collect()
    }

    /// Adds one entry (see [`Vault::add_all`]).
    pub fn add(&mut self, entry: Entry, now_unix_secs: u64) -> Result<AddOutcome, VaultError> {
        let mut report = self.add_all(vec![entry], now_unix_secs)?;
        // add_all reports exactly one outcome per input.
        report
            .outcomes
            .pop()
            .unwrap_or_else(|| unreachable!("one outcome per entry"))
    }

    /// Adds entries; duplicates of stored accounts (same secret, issuer and name) are reported,
    /// not added. Fails as a whole only when the keychain is unreachable or the metadata cannot
    /// be saved — then nothing is changed.
    pub fn add_all(
        &mut self,
        entries: Vec<Entry>,
        now_unix_secs: u64,
    ) -> Result<AddReport, VaultError> {
        self.store.check()?;
        self.transact(|vault, accounts| {
            let mut report = AddReport::default();
            let mut next_position = accounts.iter().map(|a| a.position + 1).max().unwrap_or(0);
            for entry in entries {
                let outcome = vault.add_one(accounts, entry, next_position, now_unix_secs);
                if let Ok(AddOutcome::Added(_)) = outcome {
                    next_position += 1;
                }
                report.outcomes.push(outcome);
            }
            Ok(report)
        })
    }

    fn add_one(
        &self,
        accounts: &mut Vec<Account>,
        entry: Entry,
        position: u32,
        now_unix_secs: u64,
    ) -> Result<AddOutcome, VaultError> {
        self.may_change(&AccountId::from(""))?;
        if let Some(existing) = self.duplicate_of(&entry, accounts)? {
            return Ok(AddOutcome::Duplicate(existing));
        }
        let id = AccountId::random();
        self.store.put(&id, &entry)?;
        accounts.push(new_account(id.clone(), entry, position, now_unix_secs));
        Ok(AddOutcome::Added(id))
    }

    fn duplicate_of(
        &self,
        entry: &Entry,
        accounts: &[Account],
    ) -> Result<Option<AccountId>, VaultError> {
        let same_label = |a: &&Account| {
            a.issuer == entry.issuer && a.name == entry.name && a.trashed_unix_secs.is_none()
        };
        for account in accounts.iter().filter(same_label) {
            if self.store.get(&account.id)?.as_ref() == Some(&entry.secret) {
                return Ok(Some(account.id.clone()));
            }
        }
        Ok(None)
    }

    /// Removes an account and its keychain item for good (purging it from the trash).
    pub fn remove(&mut self, id: &AccountId) -> Result<Account, VaultError> {
        // Metadata first: a keychain item left behind can be recovered, an account whose item
        // is gone cannot.
        let removed = self.transact(|vault, accounts| {
            vault.may_change(id)?;
            let index = index_of(accounts, id)?;
            Ok(accounts.remove(index))
        })?;
        self.store.delete(id)?;
        Ok(removed)
    }

    /// Changes an account's metadata (issuer, name, group, pin, position, HOTP counter) and saves.
    pub fn update(
        &mut self,
        id: &AccountId,
        change: impl FnOnce(&mut Account),
    ) -> Result<(), VaultError> {
        self.transact(|vault, accounts| {
            vault.may_change(id)?;
            let index = index_of(accounts, id)?;
            change(&mut accounts[index]);
            accounts[index].id = id.clone();
            Ok(())
        })
    }

    /// The HOTP code at the stored counter, then advances and saves the counter (RFC 4226 §7.2:
    /// a counter is never reused, even by two processes at once). `Ok(None)` when the secret is
    /// missing.
    pub fn next_hotp(&mut self, id: &AccountId) -> Result<Option<String>, VaultError> {
        let Some(secret) = self.secret(id)? else {
            return Ok(None);
        };
        self.transact(|_, accounts| {
            let index = index_of(accounts, id)?;
            let params = accounts[index].params;
            let code = crate::otp::code_at(&params, &secret, 0);
            if let OtpKind::Hotp { counter } = params.kind() {
                accounts[index].params = params.with_counter(counter.saturating_add(1));
            }
            Ok(Some(code))
        })
    }

    /// Moves an account to `new_index` in the list and renumbers positions.
    pub fn reorder(&mut self, id: &AccountId, new_index: usize) -> Result<(), VaultError> {
        self.transact(|vault, accounts| {
            vault.may_change(id)?;
            let index = index_of(accounts, id)?;
            let account = accounts.remove(index);
            accounts.insert(new_index.min(accounts.len()), account);
            for (position, a) in accounts.iter_mut().enumerate() {
                a.position = u32::try_from(position).unwrap_or(u32::MAX);
            }
            Ok(())
        })
    }

    /// Keychain items of OTP Desk that no account refers to (left by an interrupted add or a
    /// lost metadata file), with what they hold, so they can be offered back.
    pub fn orphans(&self) -> Result<Vec<(AccountId, Entry)>, VaultError> {
        let mut found = Vec::new();
        for id in self.store.ids()? {
            if !self.all.iter().any(|a| a.id == id)
                && let Some(entry) = self.store.get_entry(&id)?
            {
                found.push((id, entry));
            }
        }
        found.sort_by_key(|(_, entry)| entry.label());
        Ok(found)
    }

    /// Gives orphaned keychain items (see [`Vault::orphans`]) their accounts back, under their
    /// own ids. Returns how many accounts were recovered.
    pub fn recover(&mut self, ids: &[AccountId], now_unix_secs: u64) -> Result<usize, VaultError> {
        let mut entries = Vec::new();
        for id in ids {
            if let Some(entry) = self.store.get_entry(id)? {
                entries.push((id.clone(), entry));
            }
        }
        self.transact(|_, accounts| {
            let mut position = accounts.iter().map(|a| a.position + 1).max().unwrap_or(0);
            let mut recovered = 0;
            for (id, entry) in entries {
                if accounts.iter().any(|a| a.id == id) {
                    continue;
                }
                accounts.push(new_account(id, entry, position, now_unix_secs));
                position += 1;
                recovered += 1;
            }
            Ok(recovered)
        })
    }

    /// Reads the metadata file again (another process may have changed it).
    pub fn reload(&mut self) -> Result<(), VaultError> {
        let all = load_sorted(&self.path)?;
        self.set_all(all);
        self.stamp = file_stamp(&self.path);
        Ok(())
    }

    /// Reads the metadata again only if another process (a CLI command, another window)
    /// changed the file since this vault last read or wrote it. Returns whether it did.
    pub fn reload_if_changed(&mut self) -> Result<bool, VaultError> {
        if file_stamp(&self.path) == self.stamp {
            return Ok(false);
        }
        self.reload()?;
        Ok(true)
    }

    /// The one way the metadata changes: under an exclusive lock on `accounts.lock` the file is
    /// read again (another window or a CLI command may have changed it), `change` edits that
    /// list, and the result is saved. If saving fails, keychain items that `change` added are
    /// removed again and the file is left as it was.
    fn transact<T>(
        &mut self,
        change: impl FnOnce(&Self, &mut Vec<Account>) -> Result<T, VaultError>,
    ) -> Result<T, VaultError> {
        let _lock = lock_file(&self.path)?;
        let before = load_sorted(&self.path)?;
        let mut after = before.clone();
        let result = change(self, &mut after);
        if after != before
            && let Err(error) = metadata::save(&self.path, &after)
        {
            for added in after
                .iter()
                .filter(|a| !before.iter().any(|b| b.id == a.id))
            {
                let _ = self.store.delete(&added.id);
            }
            self.set_all(before);
            return Err(error.into());
        }
        after.sort_by_key(|a| a.position);
        self.set_all(after);
        self.stamp = file_stamp(&self.path);
        result
    }
}

/// The metadata of a new account: no group, not pinned, at `position`.
fn new_account(id: AccountId, entry: Entry, position: u32, now_unix_secs: u64) -> Account {
    Account {
        id,
        issuer: entry.issuer,
        name: entry.name,
        params: entry.params,
        group: String::new(),
        position,
        pinned: false,
        created_unix_secs: now_unix_secs,
        trashed_unix_secs: None,
    }
}

fn index_of(accounts: &[Account], id: &AccountId) -> Result<usize, VaultError> {
    accounts
        .iter()
        .position(|a| &a.id == id)
        .ok_or_else(|| VaultError::UnknownAccount(id.clone()))
}

fn file_stamp(path: &Path) -> Option<(std::time::SystemTime, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

fn load_sorted(path: &Path) -> Result<Vec<Account>, VaultError> {
    let mut accounts = metadata::load(path)?;
    accounts.sort_by_key(|a| a.position);
    Ok(accounts)
}

/// An exclusive lock on `accounts.lock` beside the metadata, held until dropped (the OS
/// releases it if the process dies), so windows and CLI commands never interleave writes.
fn lock_file(metadata_path: &Path) -> Result<std::fs::File, VaultError> {
    let path = metadata_path.with_file_name("accounts.lock");
    let fail = |source| {
        VaultError::Metadata(MetadataError::Write {
            path: path.clone(),
            source,
        })
    };
    let file = crate::store::private_file::open_private(&path).map_err(fail)?;
    file.lock().map_err(fail)?;
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::MemoryStore;
    use crate::uri;

    fn vault() -> (tempfile::TempDir, Arc<MemoryStore>, Vault) {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(MemoryStore::new());
        let vault = Vault::open(dir.path(), store.clone()).unwrap();
        (dir, store, vault)
    }

    fn entry(label: &str, secret: &str) -> Entry {
        uri::parse(&format!("otpauth://totp/{label}?secret={secret}")).unwrap()
    }

    #[test]
    fn duplicates_are_reported_not_added() {
        let (dir, _store, mut v) = vault();
        let first = v.add(entry("Amazon:a", "JBSWY3DPEHPK3PXP"), 1).unwrap();
        let again = v.add(entry("Amazon:a", "jbsw y3dp ehpk 3pxp"), 2).unwrap();
        assert!(matches!(first, AddOutcome::Added(_)));
        assert_eq!(again, AddOutcome::Duplicate(v.accounts()[0].id.clone()));
        let other = v.add(entry("Amazon:a", "GEZDGNBV"), 3).unwrap();
        assert!(matches!(other, AddOutcome::Added(_)));
        let reopened = Vault::open(dir.path(), Arc::new(MemoryStore::new())).unwrap();
        assert_eq!(reopened.accounts().len(), 2);
    }

    #[test]
    fn unreachable_store_changes_nothing() {
        let (dir, store, mut v) = vault();
        store.fail_with(Some(StoreError::Unavailable {
            hint: "test".into(),
        }));
        let error = v.add(entry("Amazon:a", "JBSWY3DPEHPK3PXP"), 1).unwrap_err();
        assert!(error.to_string().starts_with("No keychain is reachable"));
        assert!(v.accounts().is_empty());
        assert!(!dir.path().join(metadata::FILE_NAME).exists());
    }

    #[test]
    fn remove_deletes_the_keychain_item_and_missing_secrets_stay_listed() {
        let (_dir, store, mut v) = vault();
        v.add(entry("Amazon:a", "JBSWY3DPEHPK3PXP"), 1).unwrap();
        v.add(entry("eBay:b", "GEZDGNBV"), 1).unwrap();
        let ids: Vec<_> = v.accounts().iter().map(|a| a.id.clone()).collect();
        store.delete(&ids[1]).unwrap();
        assert_eq!(
            v.accounts().len(),
            2,
            "an account whose secret is missing stays listed"
        );
        assert!(v.secret(&ids[1]).unwrap().is_none());
        v.remove(&ids[0]).unwrap();
        assert_eq!(store.len(), 0);
        assert_eq!(v.accounts().len(), 1);
    }

    #[test]
    fn hotp_advances_and_saves_its_counter() {
        let (dir, store, mut v) = vault();
        let hotp = uri::parse("otpauth://hotp/x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0")
            .unwrap();
        let AddOutcome::Added(id) = v.add(hotp, 1).unwrap() else {
            panic!()
        };
        assert_eq!(v.next_hotp(&id).unwrap().as_deref(), Some("755224"));
        assert_eq!(v.next_hotp(&id).unwrap().as_deref(), Some("287082"));
        let reopened = Vault::open(dir.path(), store).unwrap();
        assert_eq!(
            reopened.accounts()[0].params.kind(),
            OtpKind::Hotp { counter: 2 }
        );
    }

    #[test]
    fn find_matches_words_and_reorder_renumbers() {
        let (_dir, _store, mut v) = vault();
        for label in ["Amazon:shop1", "Amazon:shop2", "eBay:shop1"] {
            v.add(entry(label, "JBSWY3DPEHPK3PXP"), 1).unwrap();
        }
        assert_eq!(v.find("amazon").len(), 2);
        assert_eq!(v.find("SHOP1 amazon").len(), 1);
        let last = v.accounts()[2].id.clone();
        v.reorder(&last, 0).unwrap();
        assert_eq!(v.accounts()[0].issuer, "eBay");
        assert_eq!(
            v.accounts().iter().map(|a| a.position).collect::<Vec<_>>(),
            [0, 1, 2]
        );
    }

    #[test]
    fn two_open_vaults_never_lose_each_others_accounts() {
        let (dir, store, mut window) = vault();
        let mut cli = Vault::open(dir.path(), store.clone()).unwrap();
        window
            .add(entry("Amazon:a", "JBSWY3DPEHPK3PXP"), 1)
            .unwrap();
        cli.add(entry("eBay:b", "GEZDGNBV"), 1).unwrap();
        // The window's next write starts from the file, not from its stale copy.
        let first = window.accounts()[0].id.clone();
        window.update(&first, |a| a.group = "EU".into()).unwrap();
        assert_eq!(window.accounts().len(), 2);
        assert!(
            cli.reload_if_changed().unwrap(),
            "the window's write is noticed"
        );
        assert!(!cli.reload_if_changed().unwrap(), "nothing changed since");
        assert_eq!(cli.accounts()[0].group, "EU");
        assert_eq!(cli.accounts()[1].position, 1, "positions stay unique");
    }

    #[test]
    fn orphaned_keychain_items_are_found_and_recovered_with_their_names() {
        let (dir, store, mut v) = vault();
        v.add(entry("Amazon:shop1", "JBSWY3DPEHPK3PXP"), 1).unwrap();
        v.add(entry("eBay:shop2", "GEZDGNBV"), 1).unwrap();
        // The metadata file is lost; the keychain still holds both items.
        std::fs::remove_file(dir.path().join(metadata::FILE_NAME)).unwrap();
        let mut fresh = Vault::open(dir.path(), store).unwrap();
        assert!(fresh.accounts().is_empty());
        let orphans = fresh.orphans().unwrap();
        let labels: Vec<String> = orphans.iter().map(|(_, e)| e.label()).collect();
        assert_eq!(labels, ["Amazon (shop1)", "eBay (shop2)"]);
        let ids: Vec<AccountId> = orphans.into_iter().map(|(id, _)| id).collect();
        assert_eq!(fresh.recover(&ids, 5).unwrap(), 2);
        assert!(fresh.orphans().unwrap().is_empty());
        let code = fresh
            .entry(&ids[0])
            .unwrap()
            .unwrap()
            .code_at(1_257_894_000);
        assert_eq!(code, "528064");
    }

    #[test]
    fn deleting_moves_to_the_trash_for_thirty_days_and_keeps_the_item() {
        let (dir, store, mut v) = vault();
        v.add(entry("Amazon:a", "JBSWY3DPEHPK3PXP"), 1).unwrap();
        v.add(entry("eBay:b", "GEZDGNBV"), 1).unwrap();
        let id = v.accounts()[0].id.clone();
        v.trash(&id, 1_000).unwrap();
        assert_eq!(v.accounts().len(), 1);
        assert_eq!(v.trashed().len(), 1);
        assert_eq!(store.len(), 2, "the keychain item stays");
        assert!(
            v.orphans().unwrap().is_empty(),
            "a trashed item is not an orphan"
        );
        let mut reopened = Vault::open(dir.path(), store.clone()).unwrap();
        assert_eq!(reopened.trashed()[0].id, id, "the trash survives a restart");
        reopened.restore(&id).unwrap();
        assert_eq!(reopened.accounts().len(), 2);
        assert_eq!(reopened.accounts()[0].id, id, "back in its place");
        reopened.trash(&id, 1_000).unwrap();
        assert!(
            reopened
                .purge_expired(1_000 + 29 * 86_400)
                .unwrap()
                .is_empty()
        );
        let purged = reopened.purge_expired(1_000 + 30 * 86_400).unwrap();
        assert_eq!(purged.len(), 1);
        assert_eq!(store.len(), 1, "purging removes the item");
        assert!(reopened.trashed().is_empty());
    }

    #[test]
    fn a_member_vault_shows_only_its_accounts_and_changes_nothing() {
        let (_dir, _store, mut v) = vault();
        v.add(entry("Amazon:a", "JBSWY3DPEHPK3PXP"), 1).unwrap();
        v.add(entry("eBay:b", "GEZDGNBV"), 1).unwrap();
        let shared = v.accounts()[1].id.clone();
        v.set_visible(Some([shared.clone()].into()));
        assert_eq!(v.accounts().len(), 1);
        assert!(v.find("amazon").is_empty());
        assert!(matches!(
            v.trash(&shared, 5),
            Err(VaultError::Store(StoreError::Refused(_)))
        ));
        assert!(v.update(&shared, |a| a.group = "x".into()).is_err());
        assert!(v.add(entry("New:c", "GEZDGNBV"), 1).is_err());
    }
}
