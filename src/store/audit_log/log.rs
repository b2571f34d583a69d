//! Appending under the lock and reading the files in order.

use std::fs::File;
use std::path::{Path, PathBuf};

use super::files::{Tail, files_beyond, read_bounded, read_tail, rotated_files};
use super::*;
use crate::store::private_file::{append_private, ensure_private_dir, open_private};

/// The log in one data folder. It holds no state of its own: every call reads what it needs
/// from the files, so several `AuditLog`s (in several processes) share one chain.
#[derive(Debug, Clone)]
pub struct AuditLog {
    pub(super) dir: PathBuf,
    pub(super) max_bytes: u64,
    pub(super) max_total_bytes: u64,
}

impl AuditLog {
    /// The log in `dir`, rotating at [`DEFAULT_MAX_BYTES`]. Touches no file yet.
    pub fn new(dir: &Path) -> Self {
        Self {
            dir: dir.to_owned(),
            max_bytes: DEFAULT_MAX_BYTES,
            max_total_bytes: MAX_TOTAL_BYTES,
        }
    }

    /// The same log rotating at `max_bytes` instead (small limits for tests).
    #[must_use]
    pub fn with_max_bytes(self, max_bytes: u64) -> Self {
        Self { max_bytes, ..self }
    }

    /// The same log with another limit on all files together than [`MAX_TOTAL_BYTES`] (for
    /// tests).
    #[must_use]
    pub fn with_max_total_bytes(self, max_total_bytes: u64) -> Self {
        Self {
            max_total_bytes,
            ..self
        }
    }

    /// Appends one record after the last one in the files and returns it as written; its
    /// [`AuditRecord::head`] is what to anchor (see [`AuditLog::advance`]). Bursts of refused
    /// attempts held by [`AuditLog::append_coalesced`] whose time is up are written first.
    pub fn append(&self, record: NewRecord) -> Result<AuditRecord, AuditError> {
        ensure_private_dir(&self.dir).map_err(io_error(&self.dir))?;
        let _lock = self.lock(true)?;
        self.flush_due_bursts(record.time)?;
        self.write_locked(record, None)
    }

    /// Writes one record with the lock held; `record.time` is also the "now" of rotation.
    pub(super) fn write_locked(
        &self,
        record: NewRecord,
        count: Option<u32>,
    ) -> Result<AuditRecord, AuditError> {
        let path = self.dir.join(FILE_NAME);
        let mut written = AuditRecord {
            seq: u64::MAX,
            time: record.time,
            person: record.person,
            account: record.account,
            action: record.action,
            via: record.via,
            detail: record.detail,
            count,
            dropped_through: Some(u64::MAX),
            prev: FIRST_PREV.to_owned(),
            hash: FIRST_PREV.to_owned(),
        };
        // Refused before rotation can drop anything, so that no drop goes unrecorded: this is
        // the longest the line can become.
        let longest = serde_json::to_string(&written).map_err(|e| io_error(&path)(e.into()))?;
        if longest.len() + 1 > MAX_LINE_BYTES {
            return Err(AuditError::TooLong {
                len: longest.len() + 1,
            });
        }
        let rotation = self.rotate_if_full(&path, written.time)?;
        written.dropped_through = rotation.dropped_through;
        let tail = self.tail(&path)?;
        (written.seq, written.prev) = match tail.last {
            Some(link) => (
                link.seq.checked_add(1).ok_or(AuditError::SeqOverflow)?,
                link.hash,
            ),
            None => (1, FIRST_PREV.to_owned()),
        };
        written.hash = written.expected_hash();
        let json = serde_json::to_string(&written).map_err(|e| io_error(&path)(e.into()))?;
        // A cut-off last line stays a damaged line of its own instead of swallowing this one.
        let line = if tail.unfinished {
            format!("\n{json}\n")
        } else {
            format!("{json}\n")
        };
        append_private(&path, line.as_bytes()).map_err(io_error(&path))?;
        rotation.finish();
        Ok(written)
    }

    /// Every record over the renamed files and the current one, and the chain's state, with
    /// no anchor to compare the head with: see [`AuditLog::read_anchored`].
    pub fn read(&self) -> Result<AuditTrail, AuditError> {
        self.read_anchored(None)
    }

    /// Every record over the renamed files and the current one (the newest files first, up
    /// to [`MAX_READ_BYTES`]), and the chain's state. With `anchor` (the head kept in the
    /// authenticated desk state), a log that ends before it or holds another record in its
    /// place is [`ChainState::Incomplete`]; so is one whose oldest files were removed by hand,
    /// anchor or not. Damage inside the files stays [`ChainState::Broken`].
    pub fn read_anchored(&self, anchor: Option<&AuditHead>) -> Result<AuditTrail, AuditError> {
        let mut check = ChainCheck::default();
        if !self.dir.is_dir() {
            return Ok(anchor::judge(check.finish(), anchor, 0));
        }
        // Without the lock (a read-only folder) the log is still shown; a record being
        // appended meanwhile may then read as cut off.
        let _lock = self
            .lock(false)
            .inspect_err(|e| tracing::warn!(error = %e, "reading the audit log unlocked"))
            .ok();
        let rotated = rotated_files(&self.dir)?;
        let rotated_count = rotated.len();
        let mut files: Vec<(PathBuf, Option<u64>)> = rotated
            .into_iter()
            .map(|(seq, path)| (path, Some(seq)))
            .collect();
        files.push((self.dir.join(FILE_NAME), None));
        let unread = files_beyond(&files, MAX_READ_BYTES);
        check.unread_files = unread;
        let mut budget = MAX_READ_BYTES;
        for (path, first_seq) in files.into_iter().skip(unread) {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            let Some(bytes) = read_bounded(&path, &mut budget, &name, &mut check) else {
                break;
            };
            check.file(&name, first_seq, &bytes);
        }
        Ok(anchor::judge(check.finish(), anchor, rotated_count))
    }

    /// The readable records numbered after `after_seq`, oldest first, at most `limit`: for
    /// carrying the newest lines elsewhere (the team folder). Reads only the files that can
    /// hold them (a renamed file's name says its first seq), within [`MAX_READ_BYTES`]. Not a
    /// check of the chain: a line that does not read is left out, as [`AuditLog::read`] would
    /// report it.
    pub fn read_after(&self, after_seq: u64, limit: usize) -> Result<Vec<AuditRecord>, AuditError> {
        if !self.dir.is_dir() {
            return Ok(Vec::new());
        }
        let _lock = self.lock(false).ok();
        let rotated = rotated_files(&self.dir)?;
        // The newest renamed file that starts at or before the first wanted seq, and every
        // later one.
        let from = rotated
            .iter()
            .rposition(|(first, _)| *first <= after_seq + 1)
            .unwrap_or(0);
        let mut files: Vec<PathBuf> = rotated.into_iter().skip(from).map(|(_, p)| p).collect();
        files.push(self.dir.join(FILE_NAME));
        let mut check = ChainCheck::default();
        let mut budget = MAX_READ_BYTES;
        let mut out = Vec::new();
        for path in files {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            let Some(bytes) = read_bounded(&path, &mut budget, &name, &mut check) else {
                break;
            };
            let records = bytes
                .split(|b| *b == b'\n')
                .filter(|line| !line.is_empty() && line.len() <= MAX_LINE_BYTES)
                .filter_map(|line| serde_json::from_slice::<AuditRecord>(line).ok())
                .filter(|r| r.seq > after_seq);
            for record in records {
                if out.len() == limit {
                    return Ok(out);
                }
                out.push(record);
            }
        }
        Ok(out)
    }

    /// The newest record's head, reading only the tail of the newest file (not checked
    /// against the chain: to anchor a log that was found incomplete, on an admin's word).
    pub fn head(&self) -> Result<Option<AuditHead>, AuditError> {
        if !self.dir.is_dir() {
            return Ok(None);
        }
        let _lock = self.lock(false).ok();
        let tail = self.tail(&self.dir.join(FILE_NAME))?;
        Ok(tail.last.map(|link| AuditHead {
            seq: link.seq,
            hash: link.hash,
        }))
    }

    pub(super) fn lock(&self, exclusive: bool) -> Result<File, AuditError> {
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
