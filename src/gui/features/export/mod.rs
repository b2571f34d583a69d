//! Exporting: the Export dialog's actions, the accounts handed to the export task (with their
//! secrets, as the mirror holds them), and the results landing back (a toast and the
//! last-backup time, or the phone codes), plus the backup reminder's switches. Owns
//! [`ExportState`]; the work is [`jobs`], the drawing [`export_ui`] and [`reminder`].
//! Must not depend on `app.rs`; starts no thread (work goes out as effects).

pub mod export_ui;
pub mod jobs;
pub mod reminder;

use std::sync::Arc;

use zeroize::Zeroizing;

use super::{Done, Effects};
use crate::export::{ExportFormat, Item};
use crate::gui::command::ExportAction;
use crate::gui::model::Model;
use crate::gui::model::export_dialog::{ExportDialog, MIN_PASSWORD_CHARS, PhoneCodes, Step};
use crate::gui::model::view::Dialog;
use crate::gui::support::errors;
use crate::gui::support::i18n::Arg;
use crate::gui::support::message::Message;
use jobs::{ExportDone, ExportJob, NativeSaveDialog, SaveTarget};

pub struct ExportState {
    /// Where exports are written (the native dialog; tests hand in a fixed file).
    pub target: Arc<dyn SaveTarget>,
    /// Counts the dialogs opened; a result for an earlier one only records a written file.
    pub generation: u64,
    /// The backup reminder was dismissed for this session.
    pub reminder_dismissed: bool,
}

impl Default for ExportState {
    fn default() -> Self {
        Self {
            target: Arc::new(NativeSaveDialog),
            generation: 0,
            reminder_dismissed: false,
        }
    }
}

/// The PNG of the phone QR code on screen, as a phone would scan it.
pub fn shown_phone_code(model: &Model) -> Option<&[u8]> {
    match &model.view.dialog {
        Some(Dialog::Export(dialog)) => match &dialog.step {
            Step::Phone(codes) => codes.pngs.get(codes.index).map(Vec::as_slice),
            _ => None,
        },
        _ => None,
    }
}

pub fn update(exp: &mut ExportState, model: &mut Model, fx: &mut Effects, action: &ExportAction) {
    match action {
        ExportAction::Open => open(exp, model),
        ExportAction::WriteEncrypted => write_encrypted(exp, model, fx),
        ExportAction::AskPlain(format) => set_step(model, Step::PlainWarning(*format)),
        ExportAction::WritePlain(format) => start_write(exp, model, fx, *format, None),
        ExportAction::AskPhone => set_step(model, Step::PhoneWarning),
        ExportAction::ShowPhone => match items(model) {
            Ok(items) => start(exp, model, fx, ExportJob::Phone(items)),
            Err(message) => show_error(model, message),
        },
        ExportAction::Part(delta) => {
            if let Some(dialog) = dialog(model)
                && let Step::Phone(codes) = &mut dialog.step
            {
                let last = codes.images.len().saturating_sub(1);
                codes.index = codes.index.saturating_add_signed(*delta as isize).min(last);
            }
        }
        ExportAction::Back => set_step(model, Step::Choose),
        ExportAction::DismissReminder => exp.reminder_dismissed = true,
        ExportAction::SetReminder(on) => {
            model.settings.backup_reminder = *on;
            fx.save_settings();
        }
    }
}

fn open(exp: &mut ExportState, model: &mut Model) {
    let not_for_phone = model
        .accounts()
        .iter()
        .filter(|a| {
            model
                .vault
                .entry(&a.id)
                .is_some_and(|e| !crate::migration::representable(&e))
        })
        .map(crate::store::metadata::Account::label)
        .collect();
    exp.generation = exp.generation.wrapping_add(1);
    model.view.dialog = Some(Dialog::Export(Box::new(ExportDialog::new(not_for_phone))));
}

fn dialog(model: &mut Model) -> Option<&mut ExportDialog> {
    match &mut model.view.dialog {
        Some(Dialog::Export(dialog)) => Some(dialog),
        _ => None,
    }
}

fn set_step(model: &mut Model, step: Step) {
    if let Some(dialog) = dialog(model) {
        dialog.step = step;
        dialog.error = None;
    }
}

fn show_error(model: &mut Model, message: String) {
    if let Some(dialog) = dialog(model) {
        dialog.error = Some(message);
        dialog.busy = false;
    }
}

fn write_encrypted(exp: &ExportState, model: &mut Model, fx: &mut Effects) {
    let Some(dialog) = dialog(model) else {
        return;
    };
    let short = dialog.password.chars().count() < MIN_PASSWORD_CHARS;
    if short || dialog.password != dialog.repeat {
        let message = if short {
            let count = Arg::Number(i64::try_from(MIN_PASSWORD_CHARS).unwrap_or(0));
            model.tr.with("export-password-short", &[("count", count)])
        } else {
            model.tr.get("export-password-mismatch")
        };
        return show_error(model, message);
    }
    // Kept in the fields: a cancelled save dialog should not mean typing it again.
    let password = dialog.password.clone();
    start_write(exp, model, fx, ExportFormat::AegisEncrypted, Some(password));
}

fn start_write(
    exp: &ExportState,
    model: &mut Model,
    fx: &mut Effects,
    format: ExportFormat,
    password: Option<Zeroizing<String>>,
) {
    let items = match items(model) {
        Ok(items) => items,
        Err(message) => return show_error(model, message),
    };
    let title = model.tr.get("export-save-title");
    let job = ExportJob::Write {
        format,
        items,
        password,
        title,
    };
    start(exp, model, fx, job);
}

fn start(exp: &ExportState, model: &mut Model, fx: &mut Effects, job: ExportJob) {
    let Some(dialog) = dialog(model) else {
        return;
    };
    if dialog.busy {
        return;
    }
    dialog.busy = true;
    dialog.error = None;
    let (target, generation) = (Arc::clone(&exp.target), exp.generation);
    fx.task(
        "export",
        move || Done::Exported {
            generation,
            done: jobs::run(job, target.as_ref()),
        },
        move || Done::Exported {
            generation,
            done: ExportDone::Failed(errors::internal()),
        },
    );
}

/// Every account with its secret, in the list's order; refused while a secret is not
/// readable, so a backup is never silently incomplete.
fn items(model: &Model) -> Result<Vec<Item>, String> {
    let mut items = Vec::new();
    for account in model.accounts() {
        let Some(entry) = model.vault.entry(&account.id) else {
            return Err(model.tr.with(
                "export-secret-unavailable",
                &[("label", Arg::Text(&account.label()))],
            ));
        };
        items.push(Item {
            entry,
            group: account.group.clone(),
            pinned: account.pinned,
        });
    }
    if items.is_empty() {
        return Err(model.tr.get("export-nothing"));
    }
    Ok(items)
}

/// A result for the dialog open now, or for one closed meanwhile: a file written for a closed
/// dialog still counts as a backup; anything else for it is dropped.
pub fn on_done(
    exp: &ExportState,
    model: &mut Model,
    fx: &mut Effects,
    generation: u64,
    done: ExportDone,
) {
    let current = generation == exp.generation;
    if !current && !matches!(done, ExportDone::Written { .. }) {
        return;
    }
    if let Some(dialog) = dialog(model).filter(|_| current) {
        dialog.busy = false;
    }
    match done {
        ExportDone::Written { path, count } => {
            tracing::info!(count, "export written");
            model.settings.last_backup_unix_secs = Some(model.clock.unix_secs());
            fx.save_settings();
            if current && dialog(model).is_some() {
                model.view.dialog = None;
            }
            let path = path.display().to_string();
            let count = i64::try_from(count).unwrap_or(i64::MAX);
            let text = model.tr.with(
                "export-written",
                &[("count", Arg::Number(count)), ("path", Arg::Text(&path))],
            );
            model.toast(text, false);
        }
        ExportDone::Cancelled => {}
        ExportDone::Failed(detail) => {
            tracing::warn!(id = detail.id(), "export failed");
            let message = Message::new("export-failed")
                .with("detail", detail)
                .show(&model.tr);
            show_error(model, message);
        }
        ExportDone::Phone(images) => {
            let textures = vec![None; images.images.len()];
            set_step(
                model,
                Step::Phone(PhoneCodes {
                    pngs: images.pngs,
                    images: images.images,
                    textures,
                    index: 0,
                }),
            );
        }
    }
}
