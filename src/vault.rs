//! The vault: accounts (metadata file) and their secrets (keychain) kept together. The one
//! façade the window and the command line call; it never reads the clock (times are
//! parameters) and never draws anything.
//!
//! Write order keeps the two halves consistent: secrets go to the keychain first and the
//! metadata file is written last; if that write fails, the new keychain items are removed again.

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

pub struct Vault {
    path: PathBuf,
    accounts: Vec<Account>,
    store: Arc<dyn SecretStore>,
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
        let path = dir.join(metadata::FILE_NAME);
        let mut accounts = metadata::load(&path)?;
        accounts.sort_by_key(|a| a.position);
        Ok(Self {
            path,
            accounts,
            store,
        })
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
        Ok(self.secret(id)?.map(|secret| Entry {
            issuer: account.issuer.clone(),
            name: account.name.clone(),
            params: account.params,
            secret,
        }))
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
        let mut report = AddReport::default();
        let mut new_accounts: Vec<Account> = Vec::new();
        let mut next_position = self
            .accounts
            .iter()
            .map(|a| a.position + 1)
            .max()
            .unwrap_or(0);
        for entry in entries {
            match self.duplicate_of(&entry, &new_accounts) {
                Ok(Some(existing)) => {
                    report.outcomes.push(Ok(AddOutcome::Duplicate(existing)));
                    continue;
                }
                Ok(None) => {}
                Err(error) => {
                    report.outcomes.push(Err(error));
                    continue;
                }
            }
            let id = AccountId::random();
            if let Err(error) = self.store.put(&id, &entry.secret) {
                report.outcomes.push(Err(error.into()));
                continue;
            }
            new_accounts.push(Account {
                id: id.clone(),
                issuer: entry.issuer,
                name: entry.name,
                params: entry.params,
                group: String::new(),
                position: next_position,
                pinned: false,
                created_unix_secs: now_unix_secs,
            });
            next_position += 1;
            report.outcomes.push(Ok(AddOutcome::Added(id)));
        }
        if new_accounts.is_empty() {
            return Ok(report);
        }
        let mut all = self.accounts.clone();
        all.extend(new_accounts.iter().cloned());
        if let Err(error) = metadata::save(&self.path, &all) {
            for account in &new_accounts {
                let _ = self.store.delete(&account.id);
            }
            return Err(error.into());
        }
        self.accounts = all;
        Ok(report)
    }

    fn duplicate_of(
        &self,
        entry: &Entry,
        pending: &[Account],
    ) -> Result<Option<AccountId>, VaultError> {
        let same_label = |a: &&Account| a.issuer == entry.issuer && a.name == entry.name;
        for account in self.accounts.iter().chain(pending).filter(same_label) {
            if self.store.get(&account.id)?.as_ref() == Some(&entry.secret) {
                return Ok(Some(account.id.clone()));
            }
        }
        Ok(None)
    }

    /// Removes an account and its keychain item.
    pub fn remove(&mut self, id: &AccountId) -> Result<Account, VaultError> {
        let index = self.index_of(id)?;
        let mut remaining = self.accounts.clone();
        let removed = remaining.remove(index);
        // Metadata first: a keychain item left behind can be recovered, an account whose item
        // is gone cannot.
        metadata::save(&self.path, &remaining)?;
        self.accounts = remaining;
        self.store.delete(id)?;
        Ok(removed)
    }

    /// Changes an account's metadata (issuer, name, group, pin, position, HOTP counter) and saves.
    pub fn update(
        &mut self,
        id: &AccountId,
        change: impl FnOnce(&mut Account),
    ) -> Result<(), VaultError> {
        let index = self.index_of(id)?;
        let mut all = self.accounts.clone();
        change(&mut all[index]);
        all[index].id = id.clone();
        metadata::save(&self.path, &all)?;
        self.accounts = all;
        self.accounts.sort_by_key(|a| a.position);
        Ok(())
    }

    /// The HOTP code at the stored counter, then advances and saves the counter (RFC 4226 §7.2:
    /// a counter is never reused). `Ok(None)` when the secret is missing.
    pub fn next_hotp(&mut self, id: &AccountId) -> Result<Option<String>, VaultError> {
        let Some(entry) = self.entry(id)? else {
            return Ok(None);
        };
        let OtpKind::Hotp { counter } = entry.params.kind() else {
            return Ok(Some(entry.code_at(0)));
        };
        let code = entry.code_at(0);
        self.update(id, |a| {
            a.params = a.params.with_counter(counter.saturating_add(1))
        })?;
        Ok(Some(code))
    }

    /// Moves an account to `new_index` in the list and renumbers positions.
    pub fn reorder(&mut self, id: &AccountId, new_index: usize) -> Result<(), VaultError> {
        let index = self.index_of(id)?;
        let mut all = self.accounts.clone();
        let account = all.remove(index);
        all.insert(new_index.min(all.len()), account);
        for (position, a) in all.iter_mut().enumerate() {
            a.position = u32::try_from(position).unwrap_or(u32::MAX);
        }
        metadata::save(&self.path, &all)?;
        self.accounts = all;
        Ok(())
    }

    fn index_of(&self, id: &AccountId) -> Result<usize, VaultError> {
        self.accounts
            .iter()
            .position(|a| &a.id == id)
            .ok_or_else(|| VaultError::UnknownAccount(id.clone()))
    }
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
}
