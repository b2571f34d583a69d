//! The files under the log: listing the renamed ones, reading a file's tail, and the bounded
//! reads that keep a hostile file (huge, garbage, a FIFO) from hanging or flooding the app.

use std::fs::{self, File};
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use super::*;

/// How many of the oldest `files` to leave unread so that the rest fit in `budget`; the
/// current (last) file is always read, even when it alone is too large (that is damage).
pub(super) fn files_beyond(files: &[(PathBuf, Option<u64>)], budget: u64) -> usize {
    let size = |path: &Path| fs::metadata(path).map_or(0, |m| m.len());
    let Some(((current, _), rotated)) = files.split_last() else {
        return 0;
    };
    let mut total = size(current);
    let fitting = rotated
        .iter()
        .rev()
        .take_while(|(path, _)| {
            total = total.saturating_add(size(path));
            total <= budget
        })
        .count();
    rotated.len() - fitting
}

/// The renamed files, oldest (lowest first seq) first.
pub(super) fn rotated_files(dir: &Path) -> Result<Vec<(u64, PathBuf)>, AuditError> {
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
    pub(super) time: u64,
}

pub(super) struct Tail {
    pub(super) last: Option<Link>,
    pub(super) unfinished: bool,
}

/// The last readable record among the final lines of `path`, reading at most two line lengths
/// from its end. A missing file has no tail.
pub(super) fn read_tail(path: &Path) -> io::Result<Tail> {
    let (records, unfinished) = read_tail_records(path, 2 * MAX_LINE_BYTES as u64)?;
    Ok(Tail {
        last: records.last().map(|r| Link {
            seq: r.seq,
            hash: r.hash.clone(),
            time: r.time,
        }),
        unfinished,
    })
}

/// The readable records among the last `window` bytes of `path`, oldest first (unreadable
/// lines are left out), and whether the file ends mid-line. A missing file has none.
pub(super) fn read_tail_records(path: &Path, window: u64) -> io::Result<(Vec<AuditRecord>, bool)> {
    let Some(mut file) = open_regular(path)? else {
        return Ok((Vec::new(), false));
    };
    let start = file.metadata()?.len().saturating_sub(window);
    file.seek(SeekFrom::Start(start))?;
    let mut bytes = Vec::new();
    file.take(window).read_to_end(&mut bytes)?;
    let unfinished = bytes.last().is_some_and(|b| *b != b'\n');
    let mut lines = bytes.split(|b| *b == b'\n');
    if start > 0 {
        lines.next(); // begins mid-line
    }
    let records = lines
        .filter_map(|line| serde_json::from_slice::<AuditRecord>(line).ok())
        .collect();
    Ok((records, unfinished))
}

/// The seq of the first record in `path`, if its first line is one.
pub(super) fn first_seq(path: &Path) -> Option<u64> {
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
pub(super) fn open_regular(path: &Path) -> io::Result<Option<File>> {
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
