//! Bursts of the same refused attempt written as one record with a count, so that a loop of
//! attempts that cost no PIN work (a person in back-off) cannot flood the log or, through
//! rotation, push the desk's history out.
//!
//! The first attempt of a burst is written at once; the same attempt again within
//! [`BURST_SECS`] of it is only counted, in [`PENDING_FILE_NAME`] beside the log (under the
//! log's lock). The count is written as one record (`count` = the attempts it stands for, at
//! the time of the last one) by the first append of any kind at least [`BURST_SECS`] after
//! the burst began; the same attempt then also starts a new burst. So a flood writes about one
//! record a minute per person, and the attempts of the last minute wait for the next record
//! (an admin's unlock to read the log is one).
//!
//! The pending file is not chained: someone who deletes it loses only the counts not yet
//! written. It is bounded (at most [`MAX_BURSTS`] kinds, [`MAX_PENDING_BYTES`]); garbage in
//! it reads as no burst.

use std::io::Read;
use std::path::PathBuf;

use super::files::open_regular;
use super::*;
use crate::store::private_file::{ensure_private_dir, write_private};

/// Held counts of bursts under way, beside [`FILE_NAME`].
pub const PENDING_FILE_NAME: &str = "audit.pending";
/// How long after its first attempt a burst is counted before its count is written.
pub const BURST_SECS: u64 = 60;
/// At most this many kinds of attempt are counted at once; further kinds are written one by
/// one.
const MAX_BURSTS: usize = 32;
const MAX_PENDING_BYTES: u64 = 64 * 1024;

/// One kind of attempt being counted: everything of its record but the time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Burst {
    person: String,
    account: Option<String>,
    action: AuditAction,
    via: Via,
    detail: Option<String>,
    first_time: u64,
    last_time: u64,
    /// Attempts after the first, not written yet.
    held: u32,
}

impl Burst {
    fn start(record: &NewRecord) -> Self {
        Self {
            person: record.person.clone(),
            account: record.account.clone(),
            action: record.action,
            via: record.via,
            detail: record.detail.clone(),
            first_time: record.time,
            last_time: record.time,
            held: 0,
        }
    }

    fn is_kind_of(&self, record: &NewRecord) -> bool {
        self.person == record.person
            && self.account == record.account
            && self.action == record.action
            && self.via == record.via
            && self.detail == record.detail
    }

    /// Whether its count is to be written by an append at `now_secs`; a clock that went back
    /// ends the burst too.
    fn is_due(&self, now_secs: u64) -> bool {
        now_secs < self.first_time || now_secs - self.first_time >= BURST_SECS
    }

    /// The held attempts as one record, at the time of the last of them.
    fn summary(&self) -> NewRecord {
        NewRecord {
            time: self.last_time,
            person: self.person.clone(),
            account: self.account.clone(),
            action: self.action,
            via: self.via,
            detail: self.detail.clone(),
        }
    }
}

impl AuditLog {
    /// Appends `record` as the first attempt of a burst, or counts it when the same attempt
    /// (same person, account, action, way and note) began a burst less than [`BURST_SECS`]
    /// ago; returns the record written, if one was. For attempts refused without PIN work
    /// (a person in back-off), never for actions that did something.
    pub fn append_coalesced(&self, record: NewRecord) -> Result<Option<AuditRecord>, AuditError> {
        ensure_private_dir(&self.dir).map_err(io_error(&self.dir))?;
        let _lock = self.lock(true)?;
        let mut bursts = self.bursts();
        if let Some(burst) = bursts.iter_mut().find(|b| b.is_kind_of(&record))
            && !burst.is_due(record.time)
        {
            burst.held = burst.held.saturating_add(1);
            burst.last_time = record.time;
            self.save_bursts(&bursts)?;
            return Ok(None);
        }
        // This attempt, when its own burst is due, is written with that burst's count.
        let own = bursts
            .iter()
            .position(|b| b.is_kind_of(&record))
            .map(|i| bursts.remove(i));
        self.write_due(&mut bursts, record.time)?;
        let count = own.filter(|b| b.held > 0).map(|b| b.held.saturating_add(1));
        let written = self.write_locked(record.clone(), count)?;
        if bursts.len() < MAX_BURSTS {
            bursts.push(Burst::start(&record));
        }
        self.save_bursts(&bursts)?;
        Ok(Some(written))
    }

    /// Writes the counts of the bursts that are due at `now_secs`, with the lock held.
    pub(super) fn flush_due_bursts(&self, now_secs: u64) -> Result<(), AuditError> {
        if !self.pending_path().exists() {
            return Ok(());
        }
        let mut bursts = self.bursts();
        let before = bursts.len();
        self.write_due(&mut bursts, now_secs)?;
        if bursts.len() != before {
            self.save_bursts(&bursts)?;
        }
        Ok(())
    }

    /// Writes and removes the due bursts that held attempts, and removes the other due ones.
    fn write_due(&self, bursts: &mut Vec<Burst>, now_secs: u64) -> Result<(), AuditError> {
        let (due, waiting): (Vec<Burst>, Vec<Burst>) =
            bursts.drain(..).partition(|b| b.is_due(now_secs));
        *bursts = waiting;
        for burst in due.iter().filter(|b| b.held > 0) {
            self.write_locked(burst.summary(), Some(burst.held))?;
        }
        Ok(())
    }

    fn pending_path(&self) -> PathBuf {
        self.dir.join(PENDING_FILE_NAME)
    }

    /// The bursts under way; none when the file is missing, too large or not ours.
    fn bursts(&self) -> Vec<Burst> {
        let mut bytes = Vec::new();
        let read = open_regular(&self.pending_path())
            .ok()
            .flatten()
            .map(|file| {
                file.take(MAX_PENDING_BYTES + 1)
                    .read_to_end(&mut bytes)
                    .is_ok()
            });
        if read != Some(true) || bytes.len() as u64 > MAX_PENDING_BYTES {
            return Vec::new();
        }
        let mut bursts: Vec<Burst> = serde_json::from_slice(&bytes).unwrap_or_default();
        bursts.truncate(MAX_BURSTS);
        bursts
    }

    fn save_bursts(&self, bursts: &[Burst]) -> Result<(), AuditError> {
        let path = self.pending_path();
        if bursts.is_empty() {
            return match std::fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io_error(&path)(e)),
                _ => Ok(()),
            };
        }
        let json = serde_json::to_vec(bursts).map_err(|e| io_error(&path)(e.into()))?;
        write_private(&path, &json).map_err(io_error(&path))
    }
}
