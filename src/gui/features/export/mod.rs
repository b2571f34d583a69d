//! How the Export dialog joins the app: its actions, the accounts handed to the export job
//! (with their secrets, as the app holds them), and the results landing back (a toast and
//! the last-backup time, or the phone codes). The backup reminder's switches are here too.

use std::sync::Arc;

use zeroize::Zeroizing;

use super::action::Action;
use super::app::{App, Dialog, SecretState};
use super::export_dialog::{ExportAction, ExportDialog, MIN_PASSWORD_CHARS, PhoneCodes, Step};
use super::export_jobs::{ExportDone, ExportJob, SaveTarget};
use super::i18n::Arg;
use crate::export::{ExportFormat, Item};
use crate::otp::Entry;

impl App {
    /// Where exports are written from now on (tests hand in a fixed file).
    pub fn set_save_target(&mut self, target: Arc<dyn SaveTarget>) {
        self.export.target = target;
    }

    /// The PNG of the phone QR code on screen, as a phone would scan it.
    pub fn shown_phone_code(&self) -> Option<&[u8]> {
        match &self.view.dialog {
            Some(Dialog::Export(dialog)) => match &dialog.step {
                Step::Phone(codes) => codes.pngs.get(codes.index).map(Vec::as_slice),
                _ => None,
            },
            _ => None,
        }
    }

    /// With an app password, opening the dialog asks for it: everything in it writes or shows
    /// every secret. From Settings (already behind the password) it opens at once.
    pub(super) fn export_needs_password(&self, action: &Action) -> bool {
        matches!(action, Action::Export(ExportAction::Open))
            && !matches!(self.view.dialog, Some(Dialog::Settings))
    }

    pub(super) fn export_action(&mut self, action: ExportAction) {
        match action {
            ExportAction::Open => self.open_export(),
            ExportAction::WriteEncrypted => self.write_encrypted(),
            ExportAction::AskPlain(format) => self.set_export_step(Step::PlainWarning(format)),
            ExportAction::WritePlain(format) => self.start_write(format, None),
            ExportAction::AskPhone => self.set_export_step(Step::PhoneWarning),
            ExportAction::ShowPhone => match self.export_items() {
                Ok(items) => {
                    self.start_export(ExportJob::Phone(items));
                }
                Err(message) => self.export_error(message),
            },
            ExportAction::Part(delta) => {
                if let Some(dialog) = self.export_dialog()
                    && let Step::Phone(codes) = &mut dialog.step
                {
                    let last = codes.images.len().saturating_sub(1);
                    codes.index = codes.index.saturating_add_signed(delta as isize).min(last);
                }
            }
            ExportAction::Back => self.set_export_step(Step::Choose),
            ExportAction::DismissReminder => self.export.reminder_dismissed = true,
            ExportAction::SetReminder(on) => {
                self.settings.backup_reminder = on;
                self.save_settings();
            }
        }
    }

    /// Takes in what finished since the last frame.
    pub(super) fn export_frame(&mut self) {
        while let Some((generation, done)) = self.export.try_recv() {
            let current = generation == self.export.generation;
            self.on_export_done(done, current);
        }
    }

    fn open_export(&mut self) {
        let not_for_phone = self
            .accounts()
            .iter()
            .filter(|a| {
                self.entry(&a.id)
                    .is_some_and(|e| !crate::migration::representable(&e))
            })
            .map(crate::store::metadata::Account::label)
            .collect();
        self.export.generation = self.export.generation.wrapping_add(1);
        self.view.dialog = Some(Dialog::Export(Box::new(ExportDialog::new(not_for_phone))));
    }

    fn export_dialog(&mut self) -> Option<&mut ExportDialog> {
        match &mut self.view.dialog {
            Some(Dialog::Export(dialog)) => Some(dialog),
            _ => None,
        }
    }

    fn set_export_step(&mut self, step: Step) {
        if let Some(dialog) = self.export_dialog() {
            dialog.step = step;
            dialog.error = None;
        }
    }

    fn export_error(&mut self, message: String) {
        if let Some(dialog) = self.export_dialog() {
            dialog.error = Some(message);
            dialog.busy = false;
        }
    }

    fn write_encrypted(&mut self) {
        let Some((short, mismatch)) = self.export_dialog().map(|d| {
            let short = d.password.chars().count() < MIN_PASSWORD_CHARS;
            (short, d.password != d.repeat)
        }) else {
            return;
        };
        if short || mismatch {
            let message = if short {
                let count = Arg::Number(i64::try_from(MIN_PASSWORD_CHARS).unwrap_or(0));
                self.tr.with("export-password-short", &[("count", count)])
            } else {
                self.tr.get("export-password-mismatch")
            };
            return self.export_error(message);
        }
        let Some(dialog) = self.export_dialog() else {
            return;
        };
        // Kept in the fields: a cancelled save dialog should not mean typing it again.
        let password = dialog.password.clone();
        self.start_write(ExportFormat::AegisEncrypted, Some(password));
    }

    fn start_write(&mut self, format: ExportFormat, password: Option<Zeroizing<String>>) {
        let items = match self.export_items() {
            Ok(items) => items,
            Err(message) => return self.export_error(message),
        };
        let title = self.tr.get("export-save-title");
        self.start_export(ExportJob::Write {
            format,
            items,
            password,
            title,
        });
    }

    fn start_export(&mut self, job: ExportJob) {
        let Some(dialog) = self.export_dialog() else {
            return;
        };
        if dialog.busy {
            return;
        }
        dialog.busy = true;
        dialog.error = None;
        self.export.start(job);
        // Inline in tests: land the result in the same frame.
        self.export_frame();
    }

    /// Every account with its secret, in the list's order; refused while a secret is not
    /// readable, so a backup is never silently incomplete.
    fn export_items(&self) -> Result<Vec<Item>, String> {
        let mut items = Vec::new();
        for account in self.accounts() {
            let Some(SecretState::Present(secret)) = self.secrets.get(&account.id) else {
                return Err(self.tr.with(
                    "export-secret-unavailable",
                    &[("label", Arg::Text(&account.label()))],
                ));
            };
            items.push(Item {
                entry: Entry {
                    issuer: account.issuer.clone(),
                    name: account.name.clone(),
                    params: account.params,
                    secret: secret.clone(),
                },
                group: account.group.clone(),
                pinned: account.pinned,
            });
        }
        if items.is_empty() {
            return Err(self.tr.get("export-nothing"));
        }
        Ok(items)
    }

    /// `current`: the result belongs to the dialog open now (not one closed meanwhile). A file
    /// written for a closed dialog still counts as a backup; anything else for it is dropped.
    fn on_export_done(&mut self, done: ExportDone, current: bool) {
        if !current && !matches!(done, ExportDone::Written { .. }) {
            return;
        }
        if let Some(dialog) = self.export_dialog().filter(|_| current) {
            dialog.busy = false;
        }
        match done {
            ExportDone::Written { path, count } => {
                tracing::info!(count, "export written");
                self.settings.last_backup_unix_secs = Some(self.clock.unix_secs());
                self.save_settings();
                if current && self.export_dialog().is_some() {
                    self.view.dialog = None;
                }
                let path = path.display().to_string();
                let count = i64::try_from(count).unwrap_or(i64::MAX);
                self.toast(
                    self.tr.with(
                        "export-written",
                        &[("count", Arg::Number(count)), ("path", Arg::Text(&path))],
                    ),
                    false,
                );
            }
            ExportDone::Cancelled => {}
            ExportDone::Failed(detail) => {
                tracing::warn!(%detail, "export failed");
                let message = self
                    .tr
                    .with("export-failed", &[("detail", Arg::Text(&detail))]);
                self.export_error(message);
            }
            ExportDone::Phone(images) => {
                let textures = vec![None; images.images.len()];
                self.set_export_step(Step::Phone(PhoneCodes {
                    pngs: images.pngs,
                    images: images.images,
                    textures,
                    index: 0,
                }));
            }
        }
    }
}
