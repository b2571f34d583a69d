//! Appending under the lock, reading the files in order, rotation, and the bounded reads that
//! keep a hostile file from hanging or flooding the app.

use std::fs::{self, File};
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use super::*;
use crate::store::private_file::{
    append_private, ensure_private_dir, open_private, rename_replacing,
};

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

pub(super) struct Link {
    pub(super) seq: u64,
    pub(super) hash: String,
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
pub(super) fn read_bounded(
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
