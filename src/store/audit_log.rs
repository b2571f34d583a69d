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

use std::fs::{self, File};
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::private_file::{append_private, ensure_private_dir, open_private, rename_replacing};

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
    PinChanged,
    PinReset,
    DeskStarted,
}

impl AuditAction {
    /// Every action, for filter menus.
    pub const ALL: [Self; 18] = [
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

/// The records as CSV with a header row, for a spreadsheet. A cell that a spreadsheet would
/// take for a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a
/// leading `'`: names are typed by people and must not run as formulas.
pub fn to_csv(records: &[AuditRecord]) -> String {
    const HEADER: [&str; 9] = [
        "seq", "time", "person", "account", "action", "via", "detail", "prev", "hash",
    ];
    let mut writer = csv::Writer::from_writer(Vec::new());
    // Writing to a Vec cannot fail, so the results below carry no error worth handling.
    let _ = writer.write_record(HEADER);
    for r in records {
        let cells = [
            r.seq.to_string(),
            r.time.to_string(),
            r.person.clone(),
            r.account.clone().unwrap_or_default(),
            r.action.as_str().to_owned(),
            r.via.as_str().to_owned(),
            r.detail.clone().unwrap_or_default(),
            r.prev.clone(),
            r.hash.clone(),
        ];
        let _ = writer.write_record(cells.map(neutralise));
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

fn neutralise(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell
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

/// The log in one data folder. It holds no state of its own: every call reads what it needs
/// from the files, so several `AuditLog`s (in several processes) share one chain.
#[derive(Debug, Clone)]
pub struct AuditLog {
    dir: PathBuf,
    max_bytes: u64,
}

impl AuditLog {
    /// The log in `dir`, rotating at [`DEFAULT_MAX_BYTES`]. Touches no file yet.
    pub fn new(dir: &Path) -> Self {
        Self {
            dir: dir.to_owned(),
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }

    /// The same log rotating at `max_bytes` instead (small limits for tests).
    #[must_use]
    pub fn with_max_bytes(self, max_bytes: u64) -> Self {
        Self { max_bytes, ..self }
    }

    /// Appends one record after the last one in the files and returns it as written.
    pub fn append(&self, record: NewRecord) -> Result<AuditRecord, AuditError> {
        ensure_private_dir(&self.dir).map_err(io_error(&self.dir))?;
        let _lock = self.lock(true)?;
        let path = self.dir.join(FILE_NAME);
        self.rotate_if_full(&path)?;
        let tail = self.tail(&path)?;
        let (seq, prev) = match tail.last {
            Some(link) => (
                link.seq.checked_add(1).ok_or(AuditError::SeqOverflow)?,
                link.hash,
            ),
            None => (1, FIRST_PREV.to_owned()),
        };
        let mut written = AuditRecord {
            seq,
            time: record.time,
            person: record.person,
            account: record.account,
            action: record.action,
            via: record.via,
            detail: record.detail,
            prev,
            hash: String::new(),
        };
        written.hash = written.expected_hash();
        let json = serde_json::to_string(&written).map_err(|e| io_error(&path)(e.into()))?;
        if json.len() + 1 > MAX_LINE_BYTES {
            return Err(AuditError::TooLong {
                len: json.len() + 1,
            });
        }
        // A cut-off last line stays a damaged line of its own instead of swallowing this one.
        let line = if tail.unfinished {
            format!("\n{json}\n")
        } else {
            format!("{json}\n")
        };
        append_private(&path, line.as_bytes()).map_err(io_error(&path))?;
        Ok(written)
    }

    /// Every record over the renamed files and the current one, and the chain's state.
    pub fn read(&self) -> Result<AuditTrail, AuditError> {
        let mut check = ChainCheck::default();
        if !self.dir.is_dir() {
            return Ok(check.finish());
        }
        // Without the lock (a read-only folder) the log is still shown; a record being
        // appended meanwhile may then read as cut off.
        let _lock = self
            .lock(false)
            .inspect_err(|e| tracing::warn!(error = %e, "reading the audit log unlocked"))
            .ok();
        let mut files: Vec<(PathBuf, Option<u64>)> = rotated_files(&self.dir)?
            .into_iter()
            .map(|(seq, path)| (path, Some(seq)))
            .collect();
        files.push((self.dir.join(FILE_NAME), None));
        let mut budget = MAX_READ_BYTES;
        for (path, first_seq) in files {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            let Some(bytes) = read_bounded(&path, &mut budget, &name, &mut check) else {
                break;
            };
            check.file(&name, first_seq, &bytes);
        }
        Ok(check.finish())
    }

    fn lock(&self, exclusive: bool) -> Result<File, AuditError> {
        let path = self.dir.join(LOCK_FILE_NAME);
        let file = open_private(&path).map_err(io_error(&path))?;
        let locked = if exclusive {
            file.lock()
        } else {
            file.lock_shared()
        };
        locked.map_err(io_error(&path))?;
        Ok(file)
    }

    /// Renames a full current file to `audit-<first seq>.log` and drops the oldest renamed
    /// files beyond [`KEPT_FILES`].
    fn rotate_if_full(&self, path: &Path) -> Result<(), AuditError> {
        let full = fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() >= self.max_bytes);
        if !full {
            return Ok(());
        }
        let first = first_seq(path)
            .or_else(|| read_tail(path).ok()?.last.map(|l| l.seq))
            .unwrap_or(0);
        let target = self.dir.join(format!("audit-{first}.log"));
        if target.exists() {
            // Only a damaged log gets here; keep appending rather than overwrite a file.
            tracing::warn!(file = %target.display(), "audit log not rotated: the name is taken");
            return Ok(());
        }
        rename_replacing(path, &target).map_err(io_error(path))?;
        let rotated = rotated_files(&self.dir)?;
        for (_, old) in rotated
            .iter()
            .take(rotated.len().saturating_sub(KEPT_FILES))
        {
            fs::remove_file(old).map_err(io_error(old))?;
        }
        Ok(())
    }

    /// The last record of the current file, or of the newest renamed file when the current
    /// one holds none (just rotated), and whether the current file ends mid-line.
    fn tail(&self, path: &Path) -> Result<Tail, AuditError> {
        let mut tail = read_tail(path).map_err(io_error(path))?;
        if tail.last.is_none()
            && let Some((_, newest)) = rotated_files(&self.dir)?.pop()
        {
            tail.last = read_tail(&newest).map_err(io_error(&newest))?.last;
        }
        Ok(tail)
    }
}

/// The renamed files, oldest (lowest first seq) first.
fn rotated_files(dir: &Path) -> Result<Vec<(u64, PathBuf)>, AuditError> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_error(dir)(e)),
    };
    let mut files: Vec<(u64, PathBuf)> = entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name();
            let seq = name
                .to_str()?
                .strip_prefix("audit-")?
                .strip_suffix(".log")?;
            Some((seq.parse().ok()?, entry.path()))
        })
        .collect();
    files.sort();
    Ok(files)
}

struct Link {
    seq: u64,
    hash: String,
}

struct Tail {
    last: Option<Link>,
    unfinished: bool,
}

/// The last readable record among the final lines of `path`, reading at most two line lengths
/// from its end. A missing file has no tail.
fn read_tail(path: &Path) -> io::Result<Tail> {
    let mut tail = Tail {
        last: None,
        unfinished: false,
    };
    let Some(mut file) = open_regular(path)? else {
        return Ok(tail);
    };
    let window = 2 * MAX_LINE_BYTES as u64;
    let start = file.metadata()?.len().saturating_sub(window);
    file.seek(SeekFrom::Start(start))?;
    let mut bytes = Vec::new();
    file.take(window).read_to_end(&mut bytes)?;
    tail.unfinished = bytes.last().is_some_and(|b| *b != b'\n');
    let mut lines = bytes.split(|b| *b == b'\n');
    if start > 0 {
        lines.next(); // begins mid-line
    }
    tail.last = lines
        .rev()
        .find_map(|line| serde_json::from_slice::<AuditRecord>(line).ok())
        .map(|r| Link {
            seq: r.seq,
            hash: r.hash,
        });
    Ok(tail)
}

/// The seq of the first record in `path`, if its first line is one.
fn first_seq(path: &Path) -> Option<u64> {
    let file = open_regular(path).ok()??;
    let mut bytes = Vec::new();
    file.take(MAX_LINE_BYTES as u64)
        .read_to_end(&mut bytes)
        .ok()?;
    let line = bytes.split(|b| *b == b'\n').next()?;
    Some(serde_json::from_slice::<AuditRecord>(line).ok()?.seq)
}

/// Opens `path` for reading if it is a regular file (a FIFO would block the open); `None`
/// when it does not exist.
fn open_regular(path: &Path) -> io::Result<Option<File>> {
    match fs::metadata(path) {
        Ok(meta) if meta.is_file() => File::open(path).map(Some),
        Ok(_) => Err(io::Error::other("not a regular file")),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// The bytes of one file within what is left of `budget`; `None` (after noting why in `check`)
/// when reading must stop.
fn read_bounded(
    path: &Path,
    budget: &mut u64,
    name: &str,
    check: &mut ChainCheck,
) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    let read = open_regular(path).and_then(|file| match file {
        Some(file) => file.take(*budget + 1).read_to_end(&mut bytes),
        None => Ok(0),
    });
    match read {
        Err(e) => {
            check.damage(format!("{name} could not be read ({e})."));
            None
        }
        Ok(n) if n as u64 > *budget => {
            check.damage(format!(
                "The audit log is larger than {} MiB; {name} and the files after it were not read.",
                MAX_READ_BYTES / (1024 * 1024)
            ));
            None
        }
        Ok(n) => {
            *budget -= n as u64;
            Some(bytes)
        }
    }
}

/// Checks the records one line at a time, in file order, and remembers the first break.
#[derive(Default)]
struct ChainCheck {
    records: Vec<AuditRecord>,
    /// The last record checked while the chain held.
    last: Option<Link>,
    starts_after_seq: Option<u64>,
    broken: Option<(Option<u64>, String)>,
}

impl ChainCheck {
    /// One file's bytes; `first_seq` is the seq a renamed file's name promises.
    fn file(&mut self, name: &str, first_seq: Option<u64>, bytes: &[u8]) {
        let mut lines: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
        let unfinished = lines.pop().is_some_and(|last| !last.is_empty());
        let count = lines.len();
        for (index, line) in lines.into_iter().enumerate() {
            let place = format!("{name} line {}", index + 1);
            let expected_first = if index == 0 { first_seq } else { None };
            self.line(&place, expected_first, line);
        }
        if unfinished {
            let n = count + 1;
            self.damage(format!("{name} line {n} is cut off (an unfinished write)."));
        }
    }

    fn line(&mut self, place: &str, expected_first: Option<u64>, line: &[u8]) {
        if line.len() > MAX_LINE_BYTES {
            let len = line.len();
            return self.damage(format!("{place} is longer than any record ({len} bytes)."));
        }
        let Ok(record) = serde_json::from_slice::<AuditRecord>(line) else {
            return self.damage(format!("{place} is not a readable record."));
        };
        if let Some(reason) = self.link_fault(place, expected_first, &record) {
            self.damage(reason);
        }
        if self.broken.is_none() {
            self.last = Some(Link {
                seq: record.seq,
                hash: record.hash.clone(),
            });
        }
        self.records.push(record);
    }

    /// Why `record` does not follow the last good one, if it does not.
    fn link_fault(
        &mut self,
        place: &str,
        expected_first: Option<u64>,
        r: &AuditRecord,
    ) -> Option<String> {
        let seq = r.seq;
        if r.hash != r.expected_hash() {
            return Some(format!(
                "{place} (record {seq}) was changed after it was written."
            ));
        }
        if let Some(first) = expected_first.filter(|first| *first != seq) {
            return Some(format!(
                "{place} is record {seq}, but its file's name says {first}."
            ));
        }
        match &self.last {
            Some(last) if Some(seq) != last.seq.checked_add(1) => Some(format!(
                "{place} is record {seq}, but record {} should come next (records were removed or reordered).",
                last.seq.saturating_add(1)
            )),
            Some(last) if r.prev != last.hash => Some(format!(
                "{place} (record {seq}) does not follow the record before it."
            )),
            Some(_) => None,
            None if seq == 1 && r.prev != FIRST_PREV => {
                Some(format!("{place} (record 1) does not start the chain."))
            }
            None if seq == 1 => None,
            // The oldest kept file after rotation dropped older ones: its name vouches for it.
            None if expected_first == Some(seq) => {
                self.starts_after_seq = Some(seq - 1);
                None
            }
            None => Some(format!(
                "{place} is record {seq}, but no file holds the records before it."
            )),
        }
    }

    /// Notes the first break only; later ones follow from it.
    fn damage(&mut self, reason: String) {
        if self.broken.is_none() {
            self.broken = Some((self.last.as_ref().map(|l| l.seq), reason));
        }
    }

    fn finish(self) -> AuditTrail {
        let chain = match self.broken {
            Some((after_seq, reason)) => ChainState::Broken { after_seq, reason },
            None if self.records.is_empty() => ChainState::Empty,
            None => ChainState::Intact,
        };
        AuditTrail {
            records: self.records,
            chain,
            starts_after_seq: self.starts_after_seq,
        }
    }
}

#[cfg(test)]
#[path = "audit_log_tests.rs"]
mod tests;
