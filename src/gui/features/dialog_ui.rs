//! The one modal dialog over the list, whichever feature opened it: each [`Dialog`] variant is
//! drawn by its feature's `*_ui` function. Returns the action chosen and whether a countdown
//! shows (so the frame loop redraws each second).
//! Composes features' `*_ui` functions; must not depend on `app.rs` or the runtime.

use eframe::egui;

use super::registry::Features;
use super::{account, copy_log, desk, export, import, lock, settings};
use crate::gui::command::Action;
use crate::gui::model::Model;
use crate::gui::model::mirror::CodeView;
use crate::gui::model::view::Dialog;

pub fn dialog_ui(
    ctx: &egui::Context,
    model: &mut Model,
    features: &Features,
    now: u64,
) -> (Option<Action>, bool) {
    let lock_state = &features.lock;
    // Out of the model while drawing, so the dialog can read the rest of it.
    let Some(mut dialog) = model.view.dialog.take() else {
        return (None, false);
    };
    let mut drafts = std::mem::take(&mut model.view.drafts);
    let mut ticking = false;
    let now_millis = model.base_clock.unix_millis();
    let m = &*model;
    let tr = &m.tr;
    let modal =
        egui::Modal::new(egui::Id::unique("otp-desk-dialog")).show(ctx, |ui| match &mut dialog {
            Dialog::Add(draft) => account::add_ui::add_dialog_ui(ui, draft, tr),
            Dialog::Added(id) => {
                let (code, left) = match m.vault.account(id).map(|a| m.vault.code_view(a, now)) {
                    Some(CodeView::Timed {
                        code, seconds_left, ..
                    }) => (Some(code), Some(seconds_left)),
                    Some(CodeView::Counter(code)) => (code, None),
                    _ => (None, None),
                };
                ticking = left.is_some();
                let label = m.vault.label_of(id);
                account::add_ui::added_ui(ui, &label, code.as_deref(), left, tr)
            }
            Dialog::Edit(draft) => account::edit_ui::edit_ui(ui, draft, tr),
            Dialog::Delete(id) => account::edit_ui::delete_ui(ui, id, &m.vault.label_of(id), tr),
            Dialog::Reveal {
                id,
                what,
                confirmed,
            } => {
                let entry = m.vault.entry(id);
                account::edit_ui::reveal_ui(ui, *what, *confirmed, entry.as_ref(), tr)
            }
            Dialog::Settings => settings::settings_ui::settings_ui(ui, &m.settings, tr, |ui| {
                settings::safety_ui::settings_ui(
                    ui,
                    &m.settings,
                    &mut drafts,
                    m.acting.is_some(),
                    tr,
                )
            }),
            Dialog::Password { draft, .. } => {
                lock::lock_ui::password_prompt_ui(ui, draft, lock_state, now_millis, tr)
            }
            Dialog::CopyLog(lines) => copy_log::copy_log_ui(ui, lines, tr),
            Dialog::Export(d) => export::export_ui::export_dialog_ui(ui, d, tr),
            Dialog::People(draft) => desk::people_ui::people_ui(ui, draft, &features.desk, tr),
            Dialog::Sharing(draft) => {
                let shares = desk::people::shares_of(&features.desk, &draft.account, now);
                let label = m.vault.label_of(&draft.account);
                desk::sharing_ui::sharing_ui(ui, draft, &label, &features.desk, &shares, now, tr)
            }
            Dialog::Trash(accounts) => desk::records_ui::trash_ui(ui, accounts, tr),
            Dialog::Log(view) => desk::records_ui::log_ui(ui, view, tr),
            Dialog::Import(panel) => {
                let (action, live) = import::panel_ui::import_panel_ui(ui, panel, tr, now);
                ticking |= live;
                action
            }
        });
    model.view.drafts = drafts;
    model.view.dialog = Some(dialog);
    let close = modal.should_close().then_some(Action::CloseDialog);
    (modal.inner.or(close), ticking)
}
