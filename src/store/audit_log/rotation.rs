//! Rotation: renaming a full current file and dropping old renamed ones — never, because of a
//! flood, records younger than [`KEEP_SECS`], unless the whole log passes [`MAX_TOTAL_BYTES`].
//!
//! The trade-off: a disk must not fill, so past [`MAX_TOTAL_BYTES`] the oldest files go
//! whatever their age (a flood that large does push out recent records); below it, the log
//! grows beyond [`KEPT_FILES`] for as long as its oldest files are younger than 90 days. A drop
//! is written into the chain (`dropped_through` on the next record), so removing old files by
//! hand does not pass for rotation.

use std::fs;
use std::path::{Path, PathBuf};

use super::files::{first_seq, read_tail, rotated_files};
use super::*;
use crate::store::private_file::rename_replacing;

/// What a rotation leaves to do once the next record is written: that record declares the
/// drop, and only then are the files removed, so a kill between the two never leaves a drop
/// the chain does not know of (at worst files that should have gone, gone at the next one).
#[derive(Default)]
pub(super) struct Rotation {
    /// The last seq of the files to drop.
    pub(super) dropped_through: Option<u64>,
    doomed: Vec<PathBuf>,
}

impl Rotation {
    /// Removes the dropped files; a file that cannot be removed is left for the next rotation.
    pub(super) fn finish(self) {
        for path in self.doomed {
            if let Err(error) = fs::remove_file(&path) {
                tracing::warn!(file = %path.display(), %error, "old audit file not removed");
            }
        }
    }
}

impl AuditLog {
    /// Renames a full current file to `audit-<first seq>.log` and says which old renamed
    /// files may go at `now_secs` (see [`Rotation`]).
    pub(super) fn rotate_if_full(
        &self,
        path: &Path,
        now_secs: u64,
    ) -> Result<Rotation, AuditError> {
        let full = fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() >= self.max_bytes);
        if !full {
            return Ok(Rotation::default());
        }
        let first = first_seq(path)
            .or_else(|| read_tail(path).ok()?.last.map(|l| l.seq))
            .unwrap_or(0);
        let target = self.dir.join(format!("audit-{first}.log"));
        if target.exists() {
            // Only a damaged log gets here; keep appending rather than overwrite a file.
            tracing::warn!(file = %target.display(), "audit log not rotated: the name is taken");
            return Ok(Rotation::default());
        }
        rename_replacing(path, &target).map_err(io_error(path))?;
        self.old_files(now_secs)
    }

    /// The oldest renamed files to drop: while more than [`KEPT_FILES`] would be left, each
    /// that is older than [`KEEP_SECS`], or any while the log is over its byte limit; stops at
    /// the first that must stay, so what is kept is always one unbroken run of files.
    fn old_files(&self, now_secs: u64) -> Result<Rotation, AuditError> {
        let rotated = rotated_files(&self.dir)?;
        let size = |path: &Path| fs::metadata(path).map_or(0, |m| m.len());
        let mut total: u64 = rotated.iter().map(|(_, path)| size(path)).sum();
        let mut doomed = Vec::new();
        for (_, old) in rotated
            .iter()
            .take(rotated.len().saturating_sub(KEPT_FILES))
        {
            // A file with no readable record has no age: only the size limit drops it.
            let newest = read_tail(old).ok().and_then(|tail| tail.last);
            let expired = newest.is_some_and(|l| l.time.saturating_add(KEEP_SECS) <= now_secs);
            if !expired && total <= self.max_total_bytes {
                break;
            }
            total = total.saturating_sub(size(old));
            doomed.push(old.clone());
        }
        // The first kept file's name says where it starts; everything before it goes.
        let dropped_through = rotated
            .get(doomed.len())
            .filter(|_| !doomed.is_empty())
            .map(|(first, _)| first.saturating_sub(1));
        Ok(Rotation {
            dropped_through,
            doomed,
        })
    }
}
