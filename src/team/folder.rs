//! The one edge to the team folder: list, read, write a new file, and ask what changed. The
//! layout is `desks/<desk-id>/<seq>.rec`; each desk writes only into its own folder, only new
//! files (temp file + rename), never rewrites or deletes, so a sync engine never sees two writers
//! for one file. Everything else in the folder — sync debris (`*.sync-conflict-*`,
//! `(conflicted copy)`, `desktop.ini`, `Thumbs.db`, `*.tmp`, `~$*`, `.stversions`, `.stfolder`)
//! and anything not in the layout — is ignored.
//!
//! The bytes are opaque here: a [`Codec`] turns them into records (`desk/` will provide one that
//! verifies and opens sealed, signed records; [`PlainCodec`] reads canonical bytes for tests and
//! the benchmark). [`super::dir_folder::DirFolder`] is the folder on disk,
//! [`super::memory_folder::MemoryFolder`] its twin for tests. This module never sees a key and
//! knows nothing of what records mean. A file
//! that does not open — half-written, still syncing, damaged — is "not arrived yet" and is
//! retried; it is never read as a delete.

use std::collections::BTreeMap;
use std::io;
use std::path::PathBuf;

use super::ids::DeskId;
use super::record::{Record, RecordError};

/// Where one record lives: `desks/<desk>/<seq>.rec`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RecordName {
    pub desk: DeskId,
    pub seq: u64,
}

impl RecordName {
    pub fn of(record: &Record) -> Self {
        Self {
            desk: record.desk.clone(),
            seq: record.seq,
        }
    }

    pub fn path(&self) -> String {
        format!("desks/{}/{}.rec", self.desk, self.seq)
    }

    /// The name of a file in the layout (`/`-separated path relative to the folder); `None` for
    /// anything else, sync debris included.
    pub fn parse(path: &str) -> Option<Self> {
        let mut parts = path.split('/');
        let (Some("desks"), Some(desk), Some(file), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return None;
        };
        Self::in_desk(desk, file)
    }

    /// The name of `file` in the folder `desks/<desk>/`.
    pub fn in_desk(desk: &str, file: &str) -> Option<Self> {
        if !DeskId::is_valid_name(desk) || is_debris(file) {
            return None;
        }
        let digits = file.strip_suffix(".rec")?;
        // Exactly one spelling per seq: no sign, no leading zero.
        if digits.is_empty()
            || digits.starts_with('0')
            || !digits.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let seq = digits.parse().ok()?;
        Some(Self {
            desk: DeskId(desk.to_owned()),
            seq,
        })
    }
}

/// What sync engines and OSes leave in a synced folder. The layout check alone would reject
/// these too; naming them keeps the rule readable and the tests honest.
pub fn is_debris(file: &str) -> bool {
    let lower = file.to_ascii_lowercase();
    lower.contains(".sync-conflict-")
        || lower.contains("conflicted copy")
        || lower == "desktop.ini"
        || lower == "thumbs.db"
        || lower == ".ds_store"
        || lower.ends_with(".tmp")
        || lower.starts_with("~$")
        || lower == ".stversions"
        || lower == ".stfolder"
}

/// Where [`Folder::changes_since`] last looked: each file's size and stamp (modification time
/// or generation). Comparing whole listings — not "newer than the last time" — also catches a
/// file that arrives late with an old time (the bug Joplin had).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cursor(BTreeMap<RecordName, (u64, u64)>);

impl Cursor {
    /// The names that are new or different in `now`, and the cursor for next time. A file that
    /// disappeared is not a change: a missing file is never a delete.
    pub fn advance(&self, now: BTreeMap<RecordName, (u64, u64)>) -> (Vec<RecordName>, Cursor) {
        let changed = now
            .iter()
            .filter(|(name, stamp)| self.0.get(*name) != Some(*stamp))
            .map(|(name, _)| name.clone())
            .collect();
        (changed, Cursor(now))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum FolderError {
    #[error(
        "The team folder {path} cannot be reached ({source}); working on the last known state."
    )]
    Unreachable { path: PathBuf, source: io::Error },
    #[error("{0} already exists with other content; nothing was overwritten.")]
    Exists(String),
    #[error("Could not write {path} in the team folder: {source}.")]
    Write { path: PathBuf, source: io::Error },
}

/// The team folder as OTP Desk uses it.
pub trait Folder {
    /// Every record file in the layout, in no particular order.
    fn list(&self) -> Result<Vec<RecordName>, FolderError>;
    /// The file's bytes; `None` when it is not there (yet, or any more).
    fn read(&self, name: &RecordName) -> Result<Option<Vec<u8>>, FolderError>;
    /// Writes a new file whole (temp file + rename). The same bytes again is fine; a different
    /// file already at the name is [`FolderError::Exists`] and stays untouched.
    fn write_new(&self, name: &RecordName, bytes: &[u8]) -> Result<(), FolderError>;
    /// The names new or changed since `cursor`. The app calls this when the OS reports a change
    /// in the folder (and on a slow timer, for network drives that report nothing), off the UI
    /// thread.
    fn changes_since(&self, cursor: &Cursor) -> Result<(Vec<RecordName>, Cursor), FolderError>;
}

/// Bytes to records and back; the place where sealing and signing slot in.
pub trait Codec {
    fn seal(&self, record: &Record) -> Vec<u8>;
    /// The record in `bytes`, opened and checked, and named as `name` says.
    fn open(&self, name: &RecordName, bytes: &[u8]) -> Result<Record, Unopened>;
}

/// Why a file in the layout gave no record this time. Every kind is retried on the next load:
/// a file may still be arriving (some engines write in place), a desk's admission or an epoch's
/// grant may arrive after the records that need it. None is ever read as a delete; each is
/// shown in the team's status, so a forged or foreign file is seen, not silently dropped.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Unopened {
    /// Cut short, or not (yet) a whole record file.
    NotArrived,
    /// Signed as a desk this desk does not know (not admitted yet, or never).
    UnknownDesk(DeskId),
    /// The signature is not its desk's: damaged, forged, or still being written in place.
    BadSignature(DeskId),
    /// Written by a newer OTP Desk (this file format, or this record format).
    NewerFormat(u32),
    /// Sealed under an epoch this desk holds no key for: written after this desk was revoked,
    /// or its grant has not arrived yet.
    NoKey(u32),
    /// What is inside does not match the file's name, or the record is malformed although
    /// signed.
    Mismatch,
    /// Changes only an admin may make without a person's signature, or a signature in it that
    /// does not hold: written with a joined computer's keys by someone who is not an admin.
    /// Never applied. (A sound signature of a key that is not the admin's: the fold refuses it.)
    NotAdmin(DeskId),
}

impl Unopened {
    /// One line for the status page and `team status`.
    pub fn describe(&self) -> String {
        match self {
            Self::NotArrived => "has not fully arrived yet".to_owned(),
            Self::UnknownDesk(desk) => format!("is signed by desk {desk}, which has not joined"),
            Self::BadSignature(desk) => format!("does not carry desk {desk}'s signature"),
            Self::NewerFormat(format) => {
                format!("was written by a newer OTP Desk (format {format}); update to read it")
            }
            Self::NoKey(epoch) => {
                format!("is sealed under key epoch {epoch}, which this desk does not hold")
            }
            Self::Mismatch => "does not match its name".to_owned(),
            Self::NotAdmin(desk) => format!(
                "from desk {desk} makes an admin's changes without an admin's signature; ignored"
            ),
        }
    }

    /// Whether the file may simply be on its way (not worth a warning until it lingers).
    pub fn is_in_transit(&self) -> bool {
        matches!(self, Self::NotArrived)
    }
}

impl From<RecordError> for Unopened {
    fn from(error: RecordError) -> Self {
        match error {
            RecordError::Malformed(_) => Self::NotArrived,
            RecordError::NotCanonical | RecordError::Invalid(_) => Self::Mismatch,
        }
    }
}

/// Canonical bytes as they are, for tests and the benchmark (no secrecy, no signature).
pub struct PlainCodec;

impl Codec for PlainCodec {
    fn seal(&self, record: &Record) -> Vec<u8> {
        record.canonical_bytes()
    }

    fn open(&self, name: &RecordName, bytes: &[u8]) -> Result<Record, Unopened> {
        let record = Record::from_canonical(bytes)?;
        if RecordName::of(&record) != *name {
            return Err(Unopened::Mismatch);
        }
        Ok(record)
    }
}

/// What a read of some names gave: records, and names to retry later with why each gave none.
#[derive(Debug, Default)]
pub struct Loaded {
    pub records: Vec<Record>,
    /// Every name that gave no record, in the order asked: read again on the next load.
    pub not_arrived: Vec<RecordName>,
    /// Why each of `not_arrived` gave none (a file that vanished is [`Unopened::NotArrived`]).
    pub why: BTreeMap<RecordName, Unopened>,
}

impl Loaded {
    /// The newest format seen that this OTP Desk cannot read: while there is one, this desk
    /// must not write to the folder (a newer desk's rules would be broken by an older writer).
    pub fn newer_format(&self) -> Option<u32> {
        let files = self.why.values().filter_map(|why| match why {
            Unopened::NewerFormat(format) => Some(*format),
            _ => None,
        });
        let records = self
            .records
            .iter()
            .filter(|r| r.format > super::record::FORMAT)
            .map(|r| r.format);
        files.chain(records).max()
    }
}

pub fn load(
    folder: &impl Folder,
    codec: &impl Codec,
    names: &[RecordName],
) -> Result<Loaded, FolderError> {
    let mut loaded = Loaded::default();
    for name in names {
        // A file listed but gone by now has not arrived (again) either.
        let opened = match folder.read(name)? {
            Some(bytes) => codec.open(name, &bytes),
            None => Err(Unopened::NotArrived),
        };
        match opened {
            Ok(record) => loaded.records.push(record),
            Err(why) => {
                loaded.not_arrived.push(name.clone());
                loaded.why.insert(name.clone(), why);
            }
        }
    }
    Ok(loaded)
}

/// [`load`] on every core: the same result, in the same order. Opening a file is mostly the
/// signature check, so a desk that opens a large folder without its verified cache (just
/// joined, or the cache lost) does it in a fraction of the time.
pub fn load_parallel(
    folder: &(impl Folder + Sync),
    codec: &(impl Codec + Sync),
    names: &[RecordName],
) -> Result<Loaded, FolderError> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    if threads < 2 || names.len() < 64 {
        return load(folder, codec, names);
    }
    let chunk = names.len().div_ceil(threads);
    let parts: Vec<Result<Loaded, FolderError>> = std::thread::scope(|scope| {
        let running: Vec<_> = names
            .chunks(chunk)
            .map(|part| scope.spawn(move || load(folder, codec, part)))
            .collect();
        running
            .into_iter()
            .map(|t| {
                t.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    let mut loaded = Loaded::default();
    for part in parts {
        let part = part?;
        loaded.records.extend(part.records);
        loaded.not_arrived.extend(part.not_arrived);
        loaded.why.extend(part.why);
    }
    Ok(loaded)
}

#[cfg(test)]
#[path = "folder_tests.rs"]
mod tests;
