//! Nothing lost: a damaged or newer accounts file opens the window read-only with a banner that
//! offers the last backup (the damaged file is moved aside as `accounts.json.damaged-<time>`,
//! never deleted), and keychain items whose metadata was lost are offered back.

use std::fs;
use std::path::{Path, PathBuf};

use super::app::App;
use super::i18n::Arg;
use super::safety::SafetyEvent;
use super::worker::{Event, Job, VaultSource, Worker};
use crate::store::metadata;
use crate::vault::Vault;

/// Why the window is read-only, and whether a backup can be offered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damaged {
    pub detail: String,
    pub backup: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum RecoveryError {
    #[error("There is no backup {0} to restore.")]
    NoBackup(PathBuf),
    #[error("Moving the damaged file aside as {path} failed: {source}.")]
    MoveAside {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("Copying the backup into place failed: {0}.")]
    Copy(std::io::Error),
}

/// Moves the damaged `accounts.json` aside (kept) and copies `accounts.json.bak` in its place.
/// Returns where the damaged file went.
pub fn restore_backup(dir: &Path, now_unix_secs: u64) -> Result<PathBuf, RecoveryError> {
    let path = dir.join(metadata::FILE_NAME);
    let backup = metadata::backup_path(&path);
    if !backup.is_file() {
        return Err(RecoveryError::NoBackup(backup));
    }
    let mut aside = dir.join(format!("{}.damaged-{now_unix_secs}", metadata::FILE_NAME));
    let mut n = 1;
    while aside.exists() {
        aside = dir.join(format!(
            "{}.damaged-{now_unix_secs}-{n}",
            metadata::FILE_NAME
        ));
        n += 1;
    }
    if path.exists() {
        fs::rename(&path, &aside).map_err(|source| RecoveryError::MoveAside {
            path: aside.clone(),
            source,
        })?;
    }
    fs::copy(&backup, &path).map_err(RecoveryError::Copy)?;
    Ok(aside)
}

/// The worker's part of the orphan search (runs where the vault lives). Failures are logged
/// only: the search is an offer, not something the user asked for.
pub(super) fn find_orphans(vault: &Vault, emit: &mut dyn FnMut(Event)) {
    match vault.orphans() {
        Ok(found) if !found.is_empty() => emit(Event::Orphans(
            found.into_iter().map(|(id, e)| (id, e.label())).collect(),
        )),
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "looking for orphaned keychain items failed"),
    }
}

impl App {
    pub(super) fn find_orphans(&mut self) {
        self.worker.send(Job::FindOrphans);
    }

    /// The vault could not be opened because its file is damaged or newer.
    pub(super) fn on_damaged(&mut self, detail: &str) {
        tracing::error!(%detail, "accounts file unreadable; read-only");
        self.accounts = Some(Vec::new());
        self.rebuild_items();
        let backup = self
            .safety
            .reopen
            .as_ref()
            .map(|(dir, _)| metadata::backup_path(&dir.join(metadata::FILE_NAME)));
        self.safety.damaged = Some(super::recovery::Damaged {
            detail: detail.to_owned(),
            backup: backup.filter(|b| b.is_file()),
        });
    }

    pub(super) fn restore_backup(&mut self) {
        let Some((dir, _)) = self.safety.reopen.clone() else {
            return;
        };
        let now = self.safety.base_clock.unix_secs();
        self.safety.off_thread(&self.ctx, move || {
            let result = restore_backup(&dir, now).map(|aside| {
                tracing::warn!(aside = %aside.display(), "damaged accounts file moved aside; backup restored");
            });
            SafetyEvent::BackupRestored(result.map_err(|e| e.to_string()))
        });
    }

    pub(super) fn on_backup_restored(&mut self, result: Result<(), String>) {
        match result {
            Ok(()) => {
                let Some((dir, store)) = self.safety.reopen.clone() else {
                    return;
                };
                self.safety.damaged = None;
                self.accounts = None;
                self.secrets.clear();
                let source = VaultSource::Open { dir, store };
                self.worker = if self.safety.background {
                    let ctx = self.ctx.clone();
                    Worker::spawn(source, move || ctx.request_repaint())
                } else {
                    Worker::inline(source)
                };
                self.drain_events();
                self.toast(self.tr.get("backup-restored"), false);
            }
            Err(detail) => {
                self.view.banner = Some(
                    self.tr
                        .with("backup-restore-failed", &[("detail", Arg::Text(&detail))]),
                );
            }
        }
    }

    pub(super) fn on_orphans(&mut self, found: Vec<(crate::store::AccountId, String)>) {
        tracing::info!(count = found.len(), "keychain items without metadata found");
        self.safety.orphans = found;
    }

    pub(super) fn recover_orphans(&mut self) {
        let ids = self.safety.orphans.drain(..).map(|(id, _)| id).collect();
        let now_unix_secs = self.safety.base_clock.unix_secs();
        self.worker.send(Job::Recover(ids, now_unix_secs));
    }

    pub(super) fn on_recovered(&mut self, count: usize) {
        let count = i64::try_from(count).unwrap_or(i64::MAX);
        self.toast(
            self.tr.with("recovered", &[("count", Arg::Number(count))]),
            false,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restoring_keeps_the_damaged_file_aside() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(metadata::FILE_NAME);
        assert!(matches!(
            restore_backup(dir.path(), 5),
            Err(RecoveryError::NoBackup(_))
        ));
        fs::write(&path, "{damaged").unwrap();
        fs::write(metadata::backup_path(&path), "good").unwrap();
        let aside = restore_backup(dir.path(), 5).unwrap();
        assert_eq!(fs::read_to_string(&aside).unwrap(), "{damaged");
        assert_eq!(fs::read_to_string(&path).unwrap(), "good");
        assert!(metadata::backup_path(&path).is_file(), "the backup stays");
        let again = restore_backup(dir.path(), 5).unwrap();
        assert_ne!(again, aside, "an earlier damaged file is never overwritten");
    }
}
