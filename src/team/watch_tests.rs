//! The watch on a real directory: what another desk's file (written by "the sync engine", here
//! another `DirFolder` on the same directory) brings, what debris does not, and a folder that
//! goes away and comes back.

use std::fs;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use super::*;

const HOUR: Duration = Duration::from_secs(3600);

fn name(desk: &str, seq: u64) -> RecordName {
    RecordName {
        desk: desk.into(),
        seq,
    }
}

fn watch(root: &std::path::Path, mode: Mode) -> (FolderWatch, Receiver<Seen>) {
    let (tx, rx) = mpsc::channel();
    let watch = FolderWatch::start(root.to_path_buf(), mode, move |seen| {
        let _ = tx.send(seen);
    });
    (watch, rx)
}

fn next(rx: &Receiver<Seen>, within: Duration) -> Option<Seen> {
    rx.recv_timeout(within).ok()
}

fn changed(rx: &Receiver<Seen>, within: Duration) -> Vec<RecordName> {
    match next(rx, within) {
        Some(Seen::Changed(names)) => names,
        other => panic!("expected a change, got {other:?}"),
    }
}

#[test]
fn another_desks_file_is_reported_by_the_os_without_the_slow_timer() {
    let dir = tempfile::tempdir().unwrap();
    let engine = DirFolder::new(dir.path());
    engine.write_new(&name("d1", 1), b"one").unwrap();
    // The slow timer is an hour away: only the OS can report the next file in time.
    let (_watch, rx) = watch(
        dir.path(),
        Mode {
            os_events: true,
            every: HOUR,
        },
    );
    assert_eq!(changed(&rx, Duration::from_secs(5)), vec![name("d1", 1)]);
    let written = Instant::now();
    engine.write_new(&name("d2", 1), b"from d2").unwrap();
    assert_eq!(changed(&rx, Duration::from_secs(5)), vec![name("d2", 1)]);
    assert!(written.elapsed() < Duration::from_secs(5));
    engine.write_new(&name("d2", 2), b"again").unwrap();
    assert_eq!(changed(&rx, Duration::from_secs(5)), vec![name("d2", 2)]);
}

#[test]
fn the_slow_timer_alone_still_finds_new_files() {
    let dir = tempfile::tempdir().unwrap();
    let (_watch, rx) = watch(
        dir.path(),
        Mode {
            os_events: false,
            every: Duration::from_millis(50),
        },
    );
    assert_eq!(changed(&rx, Duration::from_secs(5)), vec![]);
    DirFolder::new(dir.path())
        .write_new(&name("d3", 7), b"late")
        .unwrap();
    assert_eq!(changed(&rx, Duration::from_secs(5)), vec![name("d3", 7)]);
}

#[test]
fn debris_and_deleted_files_wake_nobody() {
    let dir = tempfile::tempdir().unwrap();
    let engine = DirFolder::new(dir.path());
    engine.write_new(&name("d1", 1), b"one").unwrap();
    let (_watch, rx) = watch(
        dir.path(),
        Mode {
            os_events: true,
            every: Duration::from_millis(40),
        },
    );
    assert_eq!(changed(&rx, Duration::from_secs(5)), vec![name("d1", 1)]);
    let desk = dir.path().join("desks/d1");
    for debris in [
        "1.sync-conflict-20261206-101010-ABCDEFG.rec",
        "desktop.ini",
        "Thumbs.db",
        "~$1.rec",
        "1.rec.tmp",
    ] {
        fs::write(desk.join(debris), "junk").unwrap();
    }
    fs::write(dir.path().join("notes.txt"), "not in the layout").unwrap();
    fs::remove_file(desk.join("1.rec")).unwrap();
    let seen = next(&rx, Duration::from_millis(600));
    assert!(seen.is_none(), "{seen:?}");
}

#[test]
fn a_folder_that_goes_away_is_said_once_and_its_return_brings_the_files() {
    let parent = tempfile::tempdir().unwrap();
    let root = parent.path().join("team");
    let (_watch, rx) = watch(
        &root,
        Mode {
            os_events: true,
            every: Duration::from_millis(50),
        },
    );
    assert!(matches!(
        next(&rx, Duration::from_secs(5)),
        Some(Seen::Unreachable(FolderError::Unreachable { .. }))
    ));
    // Several slow-timer rounds pass: no flood of the same message.
    assert!(next(&rx, Duration::from_millis(300)).is_none());
    fs::create_dir_all(&root).unwrap();
    DirFolder::new(&root)
        .write_new(&name("d1", 1), b"one")
        .unwrap();
    let mut names = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut back = false;
    while names.is_empty() && Instant::now() < deadline {
        match next(&rx, Duration::from_secs(1)) {
            Some(Seen::Reachable) => back = true,
            Some(Seen::Changed(found)) => names = found,
            _ => {}
        }
    }
    assert!(back, "the folder's return is said");
    // The first listing after the return may come before or after the file.
    if names.is_empty() {
        names = changed(&rx, Duration::from_secs(5));
    }
    assert_eq!(names, vec![name("d1", 1)]);
}

#[test]
fn dropping_the_watch_stops_its_thread_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let (watch, rx) = watch(dir.path(), Mode::default());
    assert_eq!(changed(&rx, Duration::from_secs(5)), vec![]);
    let dropped = Instant::now();
    drop(watch);
    assert!(dropped.elapsed() < Duration::from_secs(1));
    assert!(matches!(
        rx.recv_timeout(Duration::from_millis(100)),
        Err(mpsc::RecvTimeoutError::Disconnected)
    ));
}
