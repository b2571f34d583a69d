//! Nothing lost: a damaged or newer accounts file opens the window read-only with a banner that
//! offers the last backup (restored by [`crate::vault::restore_backup`], which moves the damaged
//! file aside), and keychain items whose metadata was lost are offered back. Owns
//! [`RecoveryState`]; the banners are in [`banners_ui`].

pub mod banners_ui;

use std::path::PathBuf;

use super::{Done, Effects};
use crate::gui::command::SafetyAction;
use crate::gui::model::Model;
use crate::gui::model::mirror::VaultMirror;
use crate::gui::runtime::worker::Job;
use crate::gui::support::errors;
use crate::gui::support::i18n::Arg;
use crate::gui::support::message::Message;
use crate::store::{AccountId, metadata};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damaged {
    pub detail: Message,
    pub backup: Option<PathBuf>,
}

#[derive(Default)]
pub struct RecoveryState {
    /// Set while the window is read-only.
    pub damaged: Option<Damaged>,
    /// Keychain items without metadata, with their labels.
    pub orphans: Vec<(AccountId, String)>,
    /// The vault's folder, when the window opened it (not in tests that hand one in).
    pub data_dir: Option<PathBuf>,
}

impl RecoveryState {
    pub fn new(data_dir: Option<PathBuf>) -> Self {
        Self {
            data_dir,
            ..Self::default()
        }
    }

    pub fn read_only(&self) -> bool {
        self.damaged.is_some()
    }
}

pub fn update(rec: &mut RecoveryState, model: &Model, fx: &mut Effects, action: &SafetyAction) {
    match action {
        SafetyAction::RestoreBackup => restore_backup(rec, model, fx),
        SafetyAction::RecoverOrphans => {
            let ids = rec.orphans.drain(..).map(|(id, _)| id).collect();
            fx.vault(Job::Recover(ids, model.base_clock.unix_secs()));
        }
        SafetyAction::DismissOrphans => rec.orphans.clear(),
        _ => {}
    }
}

pub fn on_damaged(rec: &mut RecoveryState, model: &mut Model, detail: Message) {
    tracing::error!(id = detail.id(), "accounts file unreadable; read-only");
    model.vault.accounts = Some(Vec::new());
    model.rebuild_items();
    let backup = rec
        .data_dir
        .as_ref()
        .map(|dir| metadata::backup_path(&dir.join(metadata::FILE_NAME)));
    rec.damaged = Some(Damaged {
        detail,
        backup: backup.filter(|b| b.is_file()),
    });
}

fn restore_backup(rec: &RecoveryState, model: &Model, fx: &mut Effects) {
    let Some(dir) = rec.data_dir.clone() else {
        return;
    };
    let now = model.base_clock.unix_secs();
    fx.task(
        "restore-backup",
        move || {
            let result = crate::vault::restore_backup(&dir, now).map(|aside| {
                tracing::warn!(aside = %aside.display(), "damaged accounts file moved aside; backup restored");
            });
            Done::BackupRestored(result.map_err(|e| errors::restore(&e)))
        },
        || Done::BackupRestored(Err(errors::internal())),
    );
}

pub fn on_backup_restored(
    rec: &mut RecoveryState,
    model: &mut Model,
    fx: &mut Effects,
    result: Result<(), Message>,
) {
    match result {
        Ok(()) => {
            rec.damaged = None;
            model.vault = VaultMirror::default();
            fx.reopen_vault();
            model.toast_key("backup-restored");
        }
        Err(detail) => {
            let message = Message::new("backup-restore-failed").with("detail", detail);
            model.view.banner = Some(message.show(&model.tr));
        }
    }
}

pub fn on_orphans(rec: &mut RecoveryState, found: Vec<(AccountId, String)>) {
    tracing::info!(count = found.len(), "keychain items without metadata found");
    rec.orphans = found;
}

pub fn on_recovered(model: &mut Model, count: usize) {
    let count = i64::try_from(count).unwrap_or(i64::MAX);
    let text = model.tr.with("recovered", &[("count", Arg::Number(count))]);
    model.toast(text, false);
}
