//! The window's link to its team folder: a [`FolderWatch`] (the OS's change reports, and a
//! slow listing for shares that send none) raises a flag and wakes the window; the frame loop
//! then asks the vault worker for a team sync at once. The sync itself runs on the worker
//! (`Job::TeamSync`), never on the frame.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::team::watch::{FolderWatch, Mode, Seen};

pub struct TeamLink {
    changed: Arc<AtomicBool>,
    _watch: Option<FolderWatch>,
}

impl TeamLink {
    /// Watches `folder` (when `watch`; tests sync by hand), waking `wake` when it changed. The
    /// first sync is asked for at once.
    pub fn start(folder: PathBuf, wake: egui::Context, watch: bool) -> Self {
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
            changed,
            _watch: watch,
        }
    }

    /// Whether the folder changed since the last call.
    pub fn take_changed(&self) -> bool {
        self.changed.swap(false, Ordering::AcqRel)
    }
}
