//! The window's link to its team folder: a [`FolderWatch`] (the OS's change reports, and a
//! slow listing for shares that send none) raises a flag and wakes the window; the frame loop
//! then asks the vault worker for a team sync at once. The sync itself runs on the worker
//! (`Job::TeamSync`), never on the frame.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::worker::{Job, Worker};
use crate::desk::Session;
use crate::store::SecretStore;
use crate::team::watch::{FolderWatch, Mode, Seen};

pub struct TeamLink {
    /// The data folder and the raw keychain the sync works on.
    dir: PathBuf,
    keychain: Arc<dyn SecretStore>,
    changed: Arc<AtomicBool>,
    _watch: Option<FolderWatch>,
}

impl TeamLink {
    /// The link of a window whose desk joined the team in `folder` (`None`: not in a team, or
    /// no data folder and keychain to sync: `source`).
    pub fn for_window(
        folder: Option<PathBuf>,
        source: Option<&(PathBuf, Arc<dyn SecretStore>)>,
        wake: &egui::Context,
        watch: bool,
    ) -> Option<Self> {
        let (dir, keychain) = source?;
        Some(Self::start(
            folder?,
            dir.clone(),
            keychain.clone(),
            wake.clone(),
            watch,
        ))
    }

    /// Watches `folder` (when `watch`; tests sync by hand), waking `wake` when it changed. The
    /// first sync is asked for at once.
    pub fn start(
        folder: PathBuf,
        dir: PathBuf,
        keychain: Arc<dyn SecretStore>,
        wake: egui::Context,
        watch: bool,
    ) -> Self {
        let changed = Arc::new(AtomicBool::new(true));
        let flag = changed.clone();
        let watch = watch.then(|| {
            FolderWatch::start(folder, Mode::default(), move |seen| {
                if matches!(seen, Seen::Changed(_) | Seen::Reachable) {
                    flag.store(true, Ordering::Release);
                    wake.request_repaint();
                }
            })
        });
        Self {
            dir,
            keychain,
            changed,
            _watch: watch,
        }
    }

    /// Asks `worker` to bring the vault and the team folder in step (it reads the folder only
    /// when it changed, or this desk's accounts did), with `session` when someone works.
    pub fn ask(
        link: Option<&Self>,
        worker: &mut Worker,
        session: Option<Arc<Session>>,
        folder_changed: bool,
        now_unix_secs: u64,
    ) {
        let Some(link) = link else { return };
        worker.send(Job::TeamSync {
            dir: link.dir.clone(),
            keychain: link.keychain.clone(),
            session,
            folder_changed,
            now_unix_secs,
        });
    }

    /// Whether the folder changed since the last call.
    pub fn take_changed(&self) -> bool {
        self.changed.swap(false, Ordering::AcqRel)
    }
}
