//! The folder edge on a real directory and in memory: layout, debris, writes, changes.

use std::fs;
use std::path::PathBuf;

use super::*;
use crate::team::dir_folder::DirFolder;
use crate::team::memory_folder::MemoryFolder;
use crate::team::record::Record;

/// A fresh directory under the system temp folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> Self {
        let path = std::env::temp_dir().join(format!("team-core-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).unwrap();
        Self(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn name(desk: &str, seq: u64) -> RecordName {
    RecordName {
        desk: desk.into(),
        seq,
    }
}

#[test]
fn only_the_layout_is_read_and_debris_is_not() {
    assert_eq!(RecordName::parse("desks/d1/12.rec"), Some(name("d1", 12)));
    for path in [
        "desks/d1/12.sync-conflict-20260101-120000-ABCDEFG.rec",
        "desks/d1/12 (conflicted copy).rec",
        "desks/d1/.12.rec.77-0.tmp",
        "desks/d1/012.rec",
        "desks/d1/0.rec",
        "desks/d1/+1.rec",
        "desks/d1/~$12.rec",
        "desks/d1/desktop.ini",
        "desks/D1/12.rec",
        "desks/.stversions/12.rec",
        "desks/d1/sub/12.rec",
        ".stfolder",
        "Thumbs.db",
        "desks/d1/99999999999999999999999.rec",
    ] {
        assert_eq!(RecordName::parse(path), None, "{path}");
    }
}

#[test]
fn a_directory_folder_writes_whole_new_files_and_never_overwrites() {
    let dir = TempDir::new("write");
    let folder = DirFolder::new(&dir.0);
    assert!(
        folder.list().unwrap().is_empty(),
        "no desks/ yet is an empty team"
    );
    folder.write_new(&name("d1", 1), b"first").unwrap();
    folder.write_new(&name("d1", 1), b"first").unwrap();
    let again = folder.write_new(&name("d1", 1), b"other");
    assert!(matches!(again, Err(FolderError::Exists(_))), "{again:?}");
    assert_eq!(
        folder.read(&name("d1", 1)).unwrap(),
        Some(b"first".to_vec())
    );
    assert_eq!(folder.read(&name("d1", 2)).unwrap(), None);
    let leftovers: Vec<_> = fs::read_dir(dir.0.join("desks/d1"))
        .unwrap()
        .flatten()
        .collect();
    assert_eq!(leftovers.len(), 1, "no temp file left behind");
}

#[test]
fn debris_in_a_directory_changes_nothing_and_late_files_are_seen() {
    let dir = TempDir::new("debris");
    let folder = DirFolder::new(&dir.0);
    folder.write_new(&name("d1", 1), b"one").unwrap();
    let (changed, cursor) = folder.changes_since(&Cursor::default()).unwrap();
    assert_eq!(changed, vec![name("d1", 1)]);
    let desk = dir.0.join("desks/d1");
    for debris in [
        "1.sync-conflict-20260101-1-X.rec",
        "desktop.ini",
        "Thumbs.db",
        "x.tmp",
    ] {
        fs::write(desk.join(debris), "junk").unwrap();
    }
    fs::create_dir_all(dir.0.join(".stversions/desks/d1")).unwrap();
    fs::write(dir.0.join(".stversions/desks/d1/1.rec"), "old").unwrap();
    let (changed, cursor) = folder.changes_since(&cursor).unwrap();
    assert!(changed.is_empty(), "{changed:?}");
    // A file that arrives late keeps its old modification time; it is still new.
    fs::write(desk.join("2.rec"), "two").unwrap();
    let old = fs::File::options()
        .write(true)
        .open(desk.join("2.rec"))
        .unwrap();
    old.set_modified(std::time::UNIX_EPOCH).unwrap();
    let (changed, cursor) = folder.changes_since(&cursor).unwrap();
    assert_eq!(changed, vec![name("d1", 2)]);
    // A deleted file is not a change.
    fs::remove_file(desk.join("2.rec")).unwrap();
    assert!(folder.changes_since(&cursor).unwrap().0.is_empty());
}

#[test]
fn an_unreachable_folder_is_an_error_not_an_empty_team() {
    let folder = DirFolder::new("/nonexistent/team-core/folder");
    assert!(matches!(
        folder.list(),
        Err(FolderError::Unreachable { .. })
    ));
    assert!(matches!(
        folder.read(&name("d1", 1)),
        Err(FolderError::Unreachable { .. })
    ));
}

#[test]
fn half_written_or_misnamed_files_are_not_arrived_yet() {
    let record = Record::next("d1".into(), None, Default::default(), "p".into(), 0, vec![]);
    let bytes = PlainCodec.seal(&record);
    let folder = MemoryFolder::default();
    folder.put("desks/d1/1.rec", &bytes[..bytes.len() - 1]);
    folder.put("desks/d1/2.rec", &bytes);
    let names = folder.list().unwrap();
    let loaded = load(&folder, &PlainCodec, &names).unwrap();
    assert!(loaded.records.is_empty());
    assert_eq!(loaded.not_arrived, vec![name("d1", 1), name("d1", 2)]);
    folder.put("desks/d1/1.rec", &bytes);
    let loaded = load(&folder, &PlainCodec, &names).unwrap();
    assert_eq!(loaded.records, vec![record]);
}

/// A hostile folder: a pipe under a record's name (a plain read would wait on it for ever) and a
/// file far larger than any record are left unread, and the record beside them still opens; a
/// pipe under the genesis's name is refused.
#[cfg(unix)]
#[test]
fn a_pipe_or_a_huge_file_under_a_records_name_is_left_unread() {
    let dir = TempDir::new("hostile");
    let folder = DirFolder::new(&dir.0);
    let record = Record::next("d1".into(), None, Default::default(), "p".into(), 0, vec![]);
    folder
        .write_new(&name("d1", 1), &PlainCodec.seal(&record))
        .unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(dir.0.join("desks/d1/2.rec"))
        .status()
        .unwrap();
    assert!(made.success());
    let huge = fs::File::create(dir.0.join("desks/d1/3.rec")).unwrap();
    huge.set_len(crate::team::dir_folder::MAX_RECORD_BYTES + 1)
        .unwrap();
    // The listing passes the pipe by; read by its name, it is not waited on.
    let names = folder.list().unwrap();
    assert_eq!(names, vec![name("d1", 1), name("d1", 3)]);
    assert_eq!(folder.read(&name("d1", 2)).unwrap(), None);
    // The huge one is not read into memory at all.
    assert_eq!(folder.read(&name("d1", 3)).unwrap(), None);
    // The same for the folder's other files (genesis, grants, join files): a pipe named
    // genesis.otp is refused at once, not waited on.
    let genesis = dir.0.join("genesis.otp");
    let made = std::process::Command::new("mkfifo")
        .arg(&genesis)
        .status()
        .unwrap();
    assert!(made.success());
    let refused = crate::team::dir_folder::read_file(&genesis).unwrap_err();
    assert_eq!(refused.kind(), std::io::ErrorKind::InvalidData);
    let loaded = load(&folder, &PlainCodec, &names).unwrap();
    assert_eq!(loaded.records, vec![record]);
    assert_eq!(loaded.not_arrived, vec![name("d1", 3)]);
}

#[test]
fn loading_on_every_core_gives_what_loading_in_turn_gives() {
    let folder = MemoryFolder::default();
    let mut last: Option<Record> = None;
    let mut names = Vec::new();
    for seq in 1..=300u64 {
        let record = Record::next(
            "d1".into(),
            last.as_ref(),
            std::collections::BTreeMap::new(),
            "admin".into(),
            1_760_000_000 + seq,
            vec![],
        );
        let name = RecordName::of(&record);
        let bytes = PlainCodec.seal(&record);
        // Every seventh file is cut short: not arrived, in both.
        let kept = if seq % 7 == 0 {
            &bytes[..10]
        } else {
            &bytes[..]
        };
        folder.write_new(&name, kept).unwrap();
        names.push(name);
        last = Some(record);
    }
    names.push(name("d2", 1)); // listed but gone
    let serial = load(&folder, &PlainCodec, &names).unwrap();
    let parallel = load_parallel(&folder, &PlainCodec, &names).unwrap();
    assert_eq!(parallel.records, serial.records);
    assert_eq!(parallel.not_arrived, serial.not_arrived);
    assert_eq!(parallel.why, serial.why);
    assert_eq!((serial.records.len(), serial.not_arrived.len()), (258, 43));
}
