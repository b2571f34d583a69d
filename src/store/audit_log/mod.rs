//! The desk's audit log: who did what to which account, when, and where (window, tray, command
//! line) — never a code or a secret, only what a [`NewRecord`] carries. Pure storage: it knows
//! nothing of the window, the vault or the keychain, and never reads the clock (times are
//! parameters, in unix seconds). Every file goes through [`super::private_file`].
//!
//! - **Format**: JSON lines in [`FILE_NAME`] in the data folder, one [`AuditRecord`] a line.
//! - **Chain**: each record carries `prev`, the hash of the record before it (64 zeros for the
//!   first), and `hash` = SHA-256 over a domain tag, `prev` and the record's other fields, each
//!   length-prefixed (see `chain_hash`), so the encoding does not depend on JSON formatting. An
//!   edited, removed, reordered, renumbered or cut-off line breaks the chain at its place.
//! - **Appends** take an exclusive lock on [`LOCK_FILE_NAME`] (the window and the command line
//!   append concurrently), read only the file's tail to find the last record, and append one
//!   flushed line. Reads take the lock shared, so they see whole records and no half-rotation.
//! - **Rotation**: a file that has reached its size limit is renamed to `audit-<first seq>.log`;
//!   the next record chains to the last one of the renamed file. At most [`KEPT_FILES`] renamed
//!   files are kept; once older ones are dropped the trail starts after a known record
//!   ([`AuditTrail::starts_after_seq`]) and is still intact from there.
//! - **Limits**: a line longer than [`MAX_LINE_BYTES`] is never written and counts as damage
//!   when read; at most [`MAX_READ_BYTES`] are read in all, so a hostile file cannot exhaust
//!   memory. Reading never panics.
//!
//! What the chain cannot show by itself: whole oldest files deleted (that looks like rotation)
//! and the newest records cut off the end. Comparing the last record's `hash` with a copy kept
//! elsewhere (an exported CSV, the sealed desk state) covers those.

use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The current file; renamed files are `audit-<first seq>.log` beside it.
pub const FILE_NAME: &str = "audit.log";
/// Held (exclusively to append, shared to read) by every process that uses the log.
pub const LOCK_FILE_NAME: &str = "audit.lock";
/// The size at which the current file is renamed and a new one started.
pub const DEFAULT_MAX_BYTES: u64 = 1024 * 1024;
/// How many renamed files are kept beside the current one.
pub const KEPT_FILES: usize = 10;
/// No record is longer than this; longer lines are refused when written and damage when read.
pub const MAX_LINE_BYTES: usize = 16 * 1024;
/// The most bytes [`AuditLog::read`] reads over all files.
pub const MAX_READ_BYTES: u64 = 64 * 1024 * 1024;
/// The `prev` of the very first record.
pub const FIRST_PREV: &str = "0000000000000000000000000000000000000000000000000000000000000000";

const HASH_DOMAIN: &[u8] = b"otp-desk audit v1\n";

/// Where an action was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Via {
    Window,
    Tray,
    Cli,
}

impl Via {
    /// The name in the file, the hash and the CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Window => "window",
            Self::Tray => "tray",
            Self::Cli => "cli",
        }
    }
}

/// What was done. The names ([`AuditAction::as_str`]) are part of the file format and the hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Copy,
    Reveal,
    Export,
    Add,
    Edit,
    Delete,
    Restore,
    Purge,
    Share,
    Unshare,
    Unlock,
    FailedUnlock,
    Lock,
    PersonAdded,
    PersonRemoved,
    PersonRenamed,
    PinChanged,
    PinReset,
    DeskStarted,
}

impl AuditAction {
    /// Every action, for filter menus.
    pub const ALL: [Self; 19] = [
        Self::Copy,
        Self::Reveal,
        Self::Export,
        Self::Add,
        Self::Edit,
        Self::Delete,
        Self::Restore,
        Self::Purge,
        Self::Share,
        Self::Unshare,
        Self::Unlock,
        Self::FailedUnlock,
        Self::Lock,
        Self::PersonAdded,
        Self::PersonRemoved,
        Self::PersonRenamed,
        Self::PinChanged,
        Self::PinReset,
        Self::DeskStarted,
    ];

    /// The name in the file, the hash and the CSV (the same as serde's).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Copy => "copy",
            Self::Reveal => "reveal",
            Self::Export => "export",
            Self::Add => "add",
            Self::Edit => "edit",
            Self::Delete => "delete",
            Self::Restore => "restore",
            Self::Purge => "purge",
            Self::Share => "share",
            Self::Unshare => "unshare",
            Self::Unlock => "unlock",
            Self::FailedUnlock => "failed_unlock",
            Self::Lock => "lock",
            Self::PersonAdded => "person_added",
            Self::PersonRemoved => "person_removed",
            Self::PersonRenamed => "person_renamed",
            Self::PinChanged => "pin_changed",
            Self::PinReset => "pin_reset",
            Self::DeskStarted => "desk_started",
        }
    }
}

/// What the caller records: never a code, a key or a PIN. `account` is the account as people
/// know it (its label); `detail` is a short note such as "with Li Na until 18:00".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRecord {
    pub time: u64,
    pub person: String,
    pub account: Option<String>,
    pub action: AuditAction,
    pub via: Via,
    pub detail: Option<String>,
}

/// One line of the log: a [`NewRecord`] with its number and its place in the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditRecord {
    /// 1 for the first record ever, then one more for each.
    pub seq: u64,
    /// Unix seconds.
    pub time: u64,
    pub person: String,
    pub account: Option<String>,
    pub action: AuditAction,
    pub via: Via,
    pub detail: Option<String>,
    /// The previous record's `hash` as 64 lowercase hex digits ([`FIRST_PREV`] for record 1).
    pub prev: String,
    /// This record's hash as 64 lowercase hex digits.
    pub hash: String,
}

impl AuditRecord {
    /// The hash this record should carry, from its `prev` and its other fields.
    pub fn expected_hash(&self) -> String {
        let mut hasher = Sha256::new();
        hasher.update(HASH_DOMAIN);
        hash_field(&mut hasher, Some(&self.prev));
        hasher.update(self.seq.to_be_bytes());
        hasher.update(self.time.to_be_bytes());
        hash_field(&mut hasher, Some(&self.person));
        hash_field(&mut hasher, self.account.as_deref());
        hash_field(&mut hasher, Some(self.action.as_str()));
        hash_field(&mut hasher, Some(self.via.as_str()));
        hash_field(&mut hasher, self.detail.as_deref());
        data_encoding::HEXLOWER.encode(&hasher.finalize())
    }
}

/// A present field is `1`, its length (8 bytes, big-endian) and its bytes; an absent one `0`.
/// The prefixes make every field boundary unambiguous.
fn hash_field(hasher: &mut Sha256, text: Option<&str>) {
    match text {
        None => hasher.update([0]),
        Some(text) => {
            hasher.update([1]);
            hasher.update((text.len() as u64).to_be_bytes());
            hasher.update(text.as_bytes());
        }
    }
}

/// Every record that could be read, oldest first, and whether the chain holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditTrail {
    /// In file order; those after a break (see [`ChainState::Broken`]) cannot be trusted.
    pub records: Vec<AuditRecord>,
    pub chain: ChainState,
    /// `Some(n)` when the files holding records 1..=n were dropped by rotation: the chain is
    /// checked from record n + 1, whose `prev` is taken on trust.
    pub starts_after_seq: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainState {
    /// No records and no damage.
    Empty,
    /// Every record follows the one before it.
    Intact,
    /// The first place where the chain does not hold: the last good record (`None` when the
    /// damage comes before any good one) and one sentence naming the file and line.
    Broken {
        after_seq: Option<u64>,
        reason: String,
    },
}

/// What the admin's log view filters on; `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// The person's name, exactly.
    pub person: Option<String>,
    /// Part of the account's label, in any case.
    pub account: Option<String>,
    pub action: Option<AuditAction>,
    /// Unix seconds, inclusive.
    pub since: Option<u64>,
    /// Unix seconds, inclusive.
    pub until: Option<u64>,
}

impl AuditFilter {
    pub fn matches(&self, record: &AuditRecord) -> bool {
        let account_matches = self.account.as_ref().is_none_or(|part| {
            record
                .account
                .as_ref()
                .is_some_and(|account| account.to_lowercase().contains(&part.to_lowercase()))
        });
        self.person.as_ref().is_none_or(|p| *p == record.person)
            && account_matches
            && self.action.is_none_or(|a| a == record.action)
            && self.since.is_none_or(|t| record.time >= t)
            && self.until.is_none_or(|t| record.time <= t)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    #[error("Could not use the audit log {path}: {source}.")]
    Io { path: PathBuf, source: io::Error },
    #[error(
        "The audit record is too long ({len} bytes, at most {MAX_LINE_BYTES}); shorten the name or the note."
    )]
    TooLong { len: usize },
    #[error("The audit log's last record number cannot grow; move the audit files aside.")]
    SeqOverflow,
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> AuditError + '_ {
    move |source| AuditError::Io {
        path: path.to_owned(),
        source,
    }
}

mod chain;
mod log;
mod spreadsheet;

use chain::ChainCheck;
pub use log::AuditLog;
#[cfg(test)]
use log::read_bounded;
pub use spreadsheet::to_csv;

#[cfg(test)]
mod tests;
