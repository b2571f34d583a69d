//! The team folder on disk: [`DirFolder`], the real [`Folder`]. Writes are new files only (temp
//! file, flushed, then linked into place, never over another file), reads of a missing or locked file are "not arrived",
//! a folder that cannot be reached is an error (never an empty team). No keys, no record meaning.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::UNIX_EPOCH;

use super::folder::{Cursor, Folder, FolderError, RecordName};

/// Reads a file of the team folder whole, unless it is not a regular file (a named pipe, which a
/// plain read would wait on for ever, a device, a folder) or is larger than
/// [`MAX_RECORD_BYTES`]: then an error of kind `InvalidData`, without reading it. Every file the
/// folder holds is one a desk wrote whole and small; anything else is someone else's.
pub fn read_file(path: &Path) -> io::Result<Vec<u8>> {
    let refused = |why: &str| io::Error::new(io::ErrorKind::InvalidData, why.to_owned());
    let meta = fs::metadata(path)?;
    if !meta.is_file() {
        return Err(refused("not a regular file"));
    }
    if meta.len() > MAX_RECORD_BYTES {
        return Err(refused("larger than any file OTP Desk writes"));
    }
    let mut bytes = Vec::new();
    let file = fs::File::open(path)?;
    // It may have grown since: never more than the limit.
    io::Read::read_to_end(&mut io::Read::take(file, MAX_RECORD_BYTES + 1), &mut bytes)?;
    if bytes.len() as u64 > MAX_RECORD_BYTES {
        return Err(refused("larger than any file OTP Desk writes"));
    }
    Ok(bytes)
}

/// The largest record file read (16 MiB). The largest a desk writes is its first, with every
/// account of a vault of thousands: some 500 bytes each; a record of log lines is under 100 KiB.
pub const MAX_RECORD_BYTES: u64 = 16 * 1024 * 1024;

/// The team folder on disk.
pub struct DirFolder {
    root: PathBuf,
}

impl DirFolder {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    fn file(&self, name: &RecordName) -> PathBuf {
        self.root
            .join("desks")
            .join(&name.desk.0)
            .join(format!("{}.rec", name.seq))
    }

    fn stamps(&self) -> Result<BTreeMap<RecordName, (u64, u64)>, FolderError> {
        let unreachable = |source| FolderError::Unreachable {
            path: self.root.clone(),
            source,
        };
        fs::metadata(&self.root).map_err(unreachable)?;
        let mut out = BTreeMap::new();
        let Ok(desks) = fs::read_dir(self.root.join("desks")) else {
            return Ok(out);
        };
        for desk in desks.flatten() {
            let desk_name = desk.file_name().to_string_lossy().into_owned();
            let Ok(files) = fs::read_dir(desk.path()) else {
                continue;
            };
            for file in files.flatten() {
                let file_name = file.file_name().to_string_lossy().into_owned();
                let Some(name) = RecordName::in_desk(&desk_name, &file_name) else {
                    continue;
                };
                let Ok(meta) = file.metadata() else { continue };
                if meta.is_file() {
                    out.insert(name, (meta.len(), modified_nanos(&meta)));
                }
            }
        }
        Ok(out)
    }
}

fn modified_nanos(meta: &fs::Metadata) -> u64 {
    let since = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok());
    since.map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
}

impl Folder for DirFolder {
    fn list(&self) -> Result<Vec<RecordName>, FolderError> {
        Ok(self.stamps()?.into_keys().collect())
    }

    fn read(&self, name: &RecordName) -> Result<Option<Vec<u8>>, FolderError> {
        match read_file(&self.file(name)) {
            Ok(bytes) => Ok(Some(bytes)),
            // Not a record a desk writes (a pipe, a folder, too large): left unread, as a file
            // that has not arrived. It changes nothing.
            Err(e) if e.kind() == io::ErrorKind::InvalidData => Ok(None),
            // Missing, locked by the sync engine, half-synced: not arrived (yet).
            Err(_) if fs::metadata(&self.root).is_ok() => Ok(None),
            Err(source) => Err(FolderError::Unreachable {
                path: self.root.clone(),
                source,
            }),
        }
    }

    fn write_new(&self, name: &RecordName, bytes: &[u8]) -> Result<(), FolderError> {
        let path = self.file(name);
        if let Ok(existing) = read_file(&path) {
            return if existing == bytes {
                Ok(())
            } else {
                Err(FolderError::Exists(name.path()))
            };
        }
        let fail = |source| FolderError::Write {
            path: path.clone(),
            source,
        };
        let dir = path.parent().unwrap_or(&self.root);
        fs::create_dir_all(dir).map_err(fail)?;
        let temp = dir.join(temp_name(name.seq));
        let published = write_synced(&temp, bytes).and_then(|()| publish(&temp, &path));
        let _ = fs::remove_file(&temp);
        match published {
            // Another process of this desk (the window's sync beside a command) wrote this seq
            // first: theirs stands, and the caller writes its record as the next one.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                if read_file(&path).is_ok_and(|existing| existing == bytes) {
                    Ok(())
                } else {
                    Err(FolderError::Exists(name.path()))
                }
            }
            other => other.map_err(fail),
        }
    }

    fn changes_since(&self, cursor: &Cursor) -> Result<(Vec<RecordName>, Cursor), FolderError> {
        Ok(cursor.advance(self.stamps()?))
    }
}

/// Puts the written `temp` at `path` unless a file is there already. A hard link never replaces
/// a file, so two processes of one desk that picked the same seq cannot overwrite each other's
/// record (the loser gets `AlreadyExists`). Where the file system has no hard links (FAT, some
/// SMB shares), a rename after a check, which leaves a moment between the two.
fn publish(temp: &Path, path: &Path) -> io::Result<()> {
    match fs::hard_link(temp, path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(e),
        Err(_) if path.exists() => Err(io::Error::from(io::ErrorKind::AlreadyExists)),
        Err(_) => fs::rename(temp, path),
    }
}

fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = fs::File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// A temp name other desks ignore (`.tmp`) and that two writes of this process never share.
fn temp_name(seq: u64) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!(".{seq}.rec.{}-{n}.tmp", std::process::id())
}
