//! The desk's audit log: who did what to which account, when, and where (window, tray, command
//! line) — never a code or a secret, only what a [`NewRecord`] carries. Pure storage: it knows
//! nothing of the window, the vault or the keychain, and never reads the clock (times are
//! parameters, in unix seconds). Every file goes through [`super::private_file`].
//!
//! - **Format**: JSON lines in [`FILE_NAME`] in the data folder, one [`AuditRecord`] a line.
//! - **Chain**: each record carries `prev`, the hash of the record before it (64 zeros for the
//!   first), and `hash` = SHA-256 over a domain tag, `prev` and the record's other fields, each
//!   length-prefixed (see [`AuditRecord::expected_hash`]), so the encoding does not depend on
//!   JSON formatting. An edited, removed, reordered, renumbered or cut-off line breaks the chain
//!   at its place. Fields added later (`count`, `dropped_through`) are hashed only when
//!   present, so records written before them still verify.
//! - **Appends** take an exclusive lock on [`LOCK_FILE_NAME`] (the window and the command line
//!   append concurrently), read only the file's tail to find the last record, and append one
//!   flushed line. Reads take the lock shared, so they see whole records and no half-rotation.
//! - **Rotation**: a file that has reached its size limit is renamed to `audit-<first seq>.log`;
//!   the next record chains to the last one of the renamed file. Renamed files beyond
//!   [`KEPT_FILES`] are dropped only once their newest record is older than [`KEEP_SECS`]
//!   (90 days), so a flood of records cannot push recent ones out; only when all files
//!   together pass [`MAX_TOTAL_BYTES`] are younger ones dropped too, oldest first (see
//!   `rotation`). The first record after a drop says so (`dropped_through`), inside the chain.
//! - **Limits**: a line longer than [`MAX_LINE_BYTES`] is never written and counts as damage
//!   when read; at most [`MAX_READ_BYTES`] are read in all (the newest files first), so a
//!   hostile file cannot exhaust memory. Reading never panics.
//! - **Bursts**: [`AuditLog::append_coalesced`] writes a burst of the same refused attempt as
//!   one record with a `count` (see `coalesce`), so a loop of attempts that cost no PIN work
//!   cannot flood the log.
//!
//! What the chain cannot show by itself: the newest records cut off the end, the whole log
//! deleted or rolled back to an older copy, or re-hashed after records were dropped. For those
//! the caller keeps the log's [`AuditHead`] where a file copy cannot reach it alone (the
//! authenticated desk state) and reads with [`AuditLog::read_anchored`], which then reports
//! [`ChainState::Incomplete`]; see `anchor`. Oldest files removed by hand are caught by the
//! rotation rules above (too few files left, or no `dropped_through` that covers them).

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
/// How many renamed files are always kept beside the current one.
pub const KEPT_FILES: usize = 10;
/// Renamed files whose newest record is younger than this (90 days) are kept beyond
/// [`KEPT_FILES`], unless the log has passed [`MAX_TOTAL_BYTES`].
pub const KEEP_SECS: u64 = 90 * 24 * 60 * 60;
/// All files together: past this, renamed files beyond [`KEPT_FILES`] are dropped whatever
/// their age, so a flood cannot fill the disk. At about 300 bytes a record this is some 900,000
/// records; the trade-off is that a flood larger than that does push out records younger than
/// 90 days (the rotation then says so in the chain, and the coalescing of refused attempts
/// keeps the cheapest flood far below it).
pub const MAX_TOTAL_BYTES: u64 = 256 * 1024 * 1024;
/// No record is longer than this; longer lines are refused when written and damage when read.
pub const MAX_LINE_BYTES: usize = 16 * 1024;
/// The most bytes [`AuditLog::read`] reads over all files; older files beyond it are left
/// unread ([`AuditTrail::unread_files`]).
pub const MAX_READ_BYTES: u64 = 64 * 1024 * 1024;
/// The `prev` of the very first record.
pub const FIRST_PREV: &str = "0000000000000000000000000000000000000000000000000000000000000000";

const HASH_DOMAIN: &[u8] = b"otp-desk audit v1\n";

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
    /// How many attempts this record stands for, when a burst of the same refused attempt was
    /// written once ([`AuditLog::append_coalesced`]); absent for a single action. Hashed only
    /// when present, so records written before it existed still verify.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// On the first record after rotation dropped old files: the records up to this seq were
    /// dropped by rotation. Hashed only when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dropped_through: Option<u64>,
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
        // The fields above are self-delimiting, so optional fields added after them (each
        // with its own tag and a fixed length) leave older records' hashes as they were.
        if let Some(count) = self.count {
            hasher.update(b"\x01count");
            hasher.update(count.to_be_bytes());
        }
        if let Some(seq) = self.dropped_through {
            hasher.update(b"\x02dropped_through");
            hasher.update(seq.to_be_bytes());
        }
        data_encoding::HEXLOWER.encode(&hasher.finalize())
    }

    /// This record as the log's head, to anchor after it was written.
    pub fn head(&self) -> AuditHead {
        AuditHead {
            seq: self.seq,
            hash: self.hash.clone(),
        }
    }
}

/// The newest record's number and hash: what the caller keeps where a copy of the log's files
/// cannot reach it alone (the authenticated desk state, a keychain item), so that
/// [`AuditLog::read_anchored`] can tell a cut, deleted, rolled-back or re-hashed log.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AuditHead {
    pub seq: u64,
    /// 64 lowercase hex digits, as in [`AuditRecord::hash`].
    pub hash: String,
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
    /// `Some(n)` when the files holding records 1..=n were dropped by rotation or left unread:
    /// the chain is checked from record n + 1, whose `prev` is taken on trust.
    pub starts_after_seq: Option<u64>,
    /// Older renamed files that are there but were not read, because the newer ones used up
    /// [`MAX_READ_BYTES`].
    pub unread_files: usize,
}

impl AuditTrail {
    /// The newest record's head, if there is a record.
    pub fn head(&self) -> Option<AuditHead> {
        self.records.last().map(AuditRecord::head)
    }
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
    /// The records read follow each other, but records are missing that the chain alone
    /// cannot show: cut off the end, deleted, rolled back or re-hashed (against the anchor), or
    /// oldest files removed by hand. One sentence saying which.
    Incomplete { reason: String },
}

impl ChainState {
    /// Why the log cannot be trusted whole, if it cannot: the break or the missing records.
    pub fn problem(&self) -> Option<&str> {
        match self {
            Self::Broken { reason, .. } | Self::Incomplete { reason } => Some(reason),
            Self::Empty | Self::Intact => None,
        }
    }
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

mod action;
mod anchor;
mod chain;
mod coalesce;
mod files;
mod log;
mod rotation;
mod spreadsheet;
mod visible;

pub use action::{AuditAction, Via};
use chain::ChainCheck;
pub use coalesce::{BURST_SECS, PENDING_FILE_NAME};
#[cfg(test)]
use files::{files_beyond, read_bounded};
pub use log::AuditLog;
pub use spreadsheet::to_csv;
pub use visible::visible;

#[cfg(test)]
mod tests;
