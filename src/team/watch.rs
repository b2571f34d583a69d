//! Watching the team folder, off the UI thread: a record file that a sync engine brings in is
//! reported within a moment, and the frame loop never polls the disk.
//!
//! One thread per open team folder. It asks the OS to report changes under the folder
//! (inotify, ReadDirectoryChangesW, FSEvents through `notify`), lets a burst of events settle
//! for [`SETTLE`] (an engine writes a temp file, then renames it), then compares the folder's
//! listing with the last one ([`Folder::changes_since`]) and hands over the names that are new
//! or changed. A slow timer does the same for folders whose changes the OS does not report
//! (some network shares), and retries the OS watch while the folder cannot be reached. Sync
//! debris never reaches the listing, so it wakes nobody; a file that disappears is not a change.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher as _};

use super::dir_folder::DirFolder;
use super::folder::{Cursor, Folder, FolderError, RecordName};

/// How long a burst of events may go on before the folder is listed.
pub const SETTLE: Duration = Duration::from_millis(60);

/// What the watch reports, on its own thread.
#[derive(Debug)]
pub enum Seen {
    /// Record files new or changed since the last report (all of them in the first).
    Changed(Vec<RecordName>),
    /// The folder cannot be reached (reported once until it can be again).
    Unreachable(FolderError),
    /// The folder can be reached again after [`Seen::Unreachable`].
    Reachable,
}

/// How the watch learns of changes.
#[derive(Debug, Clone, Copy)]
pub struct Mode {
    /// Ask the OS to report changes (off only to test the slow timer alone).
    pub os_events: bool,
    /// List the folder at least this often.
    pub every: Duration,
}

impl Default for Mode {
    fn default() -> Self {
        Self {
            os_events: true,
            every: Duration::from_secs(30),
        }
    }
}

enum Wake {
    Event,
    Stop,
}

/// The running watch; dropping it stops the thread.
pub struct FolderWatch {
    wake: Sender<Wake>,
    thread: Option<JoinHandle<()>>,
}

impl FolderWatch {
    /// Watches `root`, calling `report` on the watch thread: first with every record file found,
    /// then with each change.
    pub fn start(root: PathBuf, mode: Mode, report: impl FnMut(Seen) + Send + 'static) -> Self {
        let (wake, woken) = mpsc::channel();
        let events = wake.clone();
        let thread = std::thread::Builder::new()
            .name("team-folder-watch".into())
            .spawn(move || run(&root, mode, &woken, &events, report))
            .expect("a thread for the team folder watch");
        Self {
            wake,
            thread: Some(thread),
        }
    }
}

impl Drop for FolderWatch {
    fn drop(&mut self) {
        let _ = self.wake.send(Wake::Stop);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn run(
    root: &Path,
    mode: Mode,
    woken: &mpsc::Receiver<Wake>,
    events: &Sender<Wake>,
    mut report: impl FnMut(Seen),
) {
    let folder = DirFolder::new(root);
    let mut os_watch = None;
    let mut cursor = Cursor::default();
    let mut reachable = true;
    let mut first = true;
    loop {
        if mode.os_events && os_watch.is_none() {
            os_watch = watch_os(root, events.clone());
        }
        match folder.changes_since(&cursor) {
            Ok((names, next)) => {
                cursor = next;
                if !reachable {
                    reachable = true;
                    report(Seen::Reachable);
                }
                if first || !names.is_empty() {
                    first = false;
                    report(Seen::Changed(names));
                }
            }
            Err(error) => {
                // An OS watch on a folder that went away reports nothing more: make a new one.
                os_watch = None;
                if reachable {
                    reachable = false;
                    report(Seen::Unreachable(error));
                }
            }
        }
        let every = if reachable {
            mode.every
        } else {
            mode.every.min(Duration::from_secs(5))
        };
        match woken.recv_timeout(every) {
            Ok(Wake::Stop) | Err(RecvTimeoutError::Disconnected) => return,
            Ok(Wake::Event) => {
                if settle(woken) {
                    return;
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
        }
    }
}

/// Waits until no event came for [`SETTLE`]; true when asked to stop meanwhile.
fn settle(woken: &mpsc::Receiver<Wake>) -> bool {
    let mut quiet_since = Instant::now();
    loop {
        match woken.recv_timeout(SETTLE.saturating_sub(quiet_since.elapsed())) {
            Ok(Wake::Event) => quiet_since = Instant::now(),
            Ok(Wake::Stop) | Err(RecvTimeoutError::Disconnected) => return true,
            Err(RecvTimeoutError::Timeout) => return false,
        }
    }
}

/// The OS watch on `root`, or `None` when the folder cannot be watched now (the slow timer
/// goes on, and the watch is asked for again next time).
fn watch_os(root: &Path, events: Sender<Wake>) -> Option<notify::RecommendedWatcher> {
    let handler = move |event: notify::Result<notify::Event>| {
        if event.is_ok_and(|e| !e.kind.is_access()) {
            let _ = events.send(Wake::Event);
        }
    };
    let mut watcher = notify::recommended_watcher(handler).ok()?;
    match watcher.watch(root, RecursiveMode::Recursive) {
        Ok(()) => Some(watcher),
        Err(error) => {
            tracing::debug!(%error, "the team folder is not watched by the OS now");
            None
        }
    }
}

#[cfg(test)]
#[path = "watch_tests.rs"]
mod tests;
