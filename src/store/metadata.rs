//! `accounts.json`: every account's metadata (never a secret), versioned and written atomically.
//!
//! A save first copies the current file to `accounts.json.bak`, then replaces the file; both
//! through [`private_file::write_private`] (temp file, flush through its writable handle,
//! rename), so a crash at any point leaves whole files behind, private to the user. A file that
//! is damaged or from a newer version is refused and never overwritten.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::AccountId;
use super::private_file;
use crate::otp::OtpParams;

pub const FILE_NAME: &str = "accounts.json";
pub const FORMAT: &str = "otp-desk-accounts";
pub const VERSION: u32 = 1;

/// One account as stored: everything but the secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub id: AccountId,
    pub issuer: String,
    pub name: String,
    #[serde(flatten)]
    pub params: OtpParams,
    /// A user-chosen section such as a store or marketplace; empty for none.
    #[serde(default)]
    pub group: String,
    /// Order in the list (ascending).
    #[serde(default)]
    pub position: u32,
    #[serde(default)]
    pub pinned: bool,
    #[serde(default)]
    pub created_unix_secs: u64,
    /// When the account was moved to the trash (its keychain item is kept until it is purged).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trashed_unix_secs: Option<u64>,
}

impl Account {
    pub fn label(&self) -> String {
        crate::otp::display_label(&self.issuer, &self.name)
    }

    /// The whole account again, with its secret from the keychain.
    pub fn entry(&self, secret: crate::otp::Secret) -> crate::otp::Entry {
        crate::otp::Entry {
            issuer: self.issuer.clone(),
            name: self.name.clone(),
            params: self.params,
            secret,
        }
    }
}

#[derive(Serialize, Deserialize)]
struct FileContents {
    format: String,
    version: u32,
    accounts: Vec<Account>,
}

#[derive(Debug, thiserror::Error)]
pub enum MetadataError {
    #[error("Could not read {path}: {source}.")]
    Read { path: PathBuf, source: io::Error },
    #[error(
        "{path} is damaged ({reason}); OTP Desk left it untouched. Restore {FILE_NAME}.bak from the same folder, or fix the file."
    )]
    Corrupt { path: PathBuf, reason: String },
    #[error(
        "{path} was written by a newer OTP Desk (format version {found}; this one reads up to {VERSION}); update OTP Desk. The file was left untouched."
    )]
    Newer { path: PathBuf, found: u64 },
    #[error("Could not save {path}: {source}. Nothing was changed.")]
    Write { path: PathBuf, source: io::Error },
}

/// Reads the accounts; a missing file is an empty vault.
pub fn load(path: &Path) -> Result<Vec<Account>, MetadataError> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) if e.kind() == io::ErrorKind::InvalidData => {
            return Err(corrupt(path, "not UTF-8 text"));
        }
        Err(source) => {
            return Err(MetadataError::Read {
                path: path.into(),
                source,
            });
        }
    };
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| corrupt(path, &e.to_string()))?;
    if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(corrupt(path, "not an OTP Desk accounts file"));
    }
    let version = value.get("version").and_then(serde_json::Value::as_u64);
    match version {
        Some(v) if v > u64::from(VERSION) => {
            return Err(MetadataError::Newer {
                path: path.into(),
                found: v,
            });
        }
        Some(_) => {}
        None => return Err(corrupt(path, "no format version")),
    }
    let contents: FileContents =
        serde_json::from_value(value).map_err(|e| corrupt(path, &e.to_string()))?;
    Ok(contents.accounts)
}

/// Replaces the file atomically, keeping the previous version as `accounts.json.bak`.
pub fn save(path: &Path, accounts: &[Account]) -> Result<(), MetadataError> {
    let contents = FileContents {
        format: FORMAT.into(),
        version: VERSION,
        accounts: accounts.to_vec(),
    };
    // Serialising plain data into a Vec cannot fail.
    let mut bytes = serde_json::to_vec_pretty(&contents).unwrap_or_default();
    bytes.push(b'\n');
    let fail = |source| MetadataError::Write {
        path: path.into(),
        source,
    };
    // Read the previous version whole rather than `fs::copy` it: a copy takes the old file's
    // permissions, and a flush must go through a writable handle (Windows).
    match fs::read(path) {
        Ok(previous) => private_file::write_private(&backup_path(path), &previous).map_err(fail)?,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(fail(e)),
    }
    private_file::write_private(path, &bytes).map_err(fail)
}

pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

fn corrupt(path: &Path, reason: &str) -> MetadataError {
    MetadataError::Corrupt {
        path: path.into(),
        reason: reason.chars().take(200).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::otp::{Algorithm, Digits, OtpKind};

    fn account(issuer: &str) -> Account {
        let params = OtpParams::new(
            OtpKind::Hotp { counter: 7 },
            Algorithm::Sha256,
            Digits::new(8).unwrap(),
        )
        .unwrap();
        Account {
            id: AccountId::random(),
            issuer: issuer.into(),
            name: "店铺1".into(),
            params,
            group: "EU".into(),
            position: 3,
            pinned: true,
            created_unix_secs: 1_700_000_000,
            trashed_unix_secs: None,
        }
    }

    #[test]
    fn save_then_load_round_trips_and_keeps_a_backup() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        assert!(load(&path).unwrap().is_empty());
        let first = vec![account("亚马逊")];
        save(&path, &first).unwrap();
        assert_eq!(load(&path).unwrap(), first);
        let second = vec![account("Amazon"), account("eBay")];
        save(&path, &second).unwrap();
        assert_eq!(load(&path).unwrap(), second);
        assert_eq!(load(&backup_path(&path)).unwrap(), first);
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "left behind: {names:?}");
    }

    #[test]
    fn corrupt_and_newer_files_are_refused_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        for (text, want) in [
            (
                "{\"format\":\"otp-desk-accounts\",\"version\":1,\"accounts\":[{",
                "damaged",
            ),
            ("[1,2,3]", "damaged"),
            (
                "{\"format\":\"otp-desk-accounts\",\"version\":99,\"accounts\":[]}",
                "newer",
            ),
            (
                "{\"format\":\"otp-desk-accounts\",\"version\":1,\"accounts\":[{\"id\":\"x\"}]}",
                "damaged",
            ),
        ] {
            fs::write(&path, text).unwrap();
            let message = load(&path).unwrap_err().to_string();
            assert!(message.contains(want), "{message}");
            assert!(message.contains(FILE_NAME), "{message}");
            assert_eq!(fs::read_to_string(&path).unwrap(), text);
        }
    }

    #[test]
    fn a_failed_backup_leaves_the_old_file_intact() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let before = vec![account("Amazon")];
        save(&path, &before).unwrap();
        // A folder in the backup's place makes the save fail half-way.
        fs::create_dir(backup_path(&path)).unwrap();
        fs::write(backup_path(&path).join("x"), "").unwrap();
        let error = save(&path, &[account("Lost")]).unwrap_err();
        assert!(matches!(error, MetadataError::Write { .. }), "{error}");
        assert_eq!(load(&path).unwrap(), before);
    }
}
