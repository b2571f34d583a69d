//! The list window, drawn each frame while it is not locked and the quick pick is not open:
//! the header (add, import, search, settings), the list, the one open dialog and the toast —
//! or, in the compact mode, [`super::compact`]'s short header and narrow list.
//! Composes features' `*_ui` functions; must not depend on `app.rs` or the runtime.

use eframe::egui;

use super::registry::Features;
use super::{Effects, compact, dialog_ui, header_ui, list};
use crate::gui::command::Action;
use crate::gui::model::Model;

/// The list window: the header, the list, the open dialog and the toast. Returns what was
/// asked for and in how many seconds something shown changes.
pub fn main_ui(
    ui: &mut egui::Ui,
    ctx: &egui::Context,
    model: &mut Model,
    features: &mut Features,
    fx: &mut Effects,
    clipboard_error: Option<String>,
) -> (Vec<Action>, Option<u32>) {
    let search_before = model.view.search.clone();
    let escape = features
        .quick_pick
        .editor
        .as_mut()
        .and_then(|editor| super::quick_pick::account_keys_ui::escape(ctx, editor));
    let mut actions = features.input_actions(model, fx, ctx, clipboard_error);
    actions.extend(escape);
    let now = model.clock.unix_secs();
    // No panel paints its background: the frame is cleared to the panel colour already
    // (`clear_color`), and a second whole-window fill is most of a frame's cost when the
    // GPU is a CPU (llvmpipe, remote desktops, virtual machines).
    let header = egui::Frame::side_top_panel(ui.style()).fill(egui::Color32::TRANSPARENT);
    let central = egui::Frame::central_panel(ui.style()).fill(egui::Color32::TRANSPARENT);
    let compact = model.settings.compact;
    egui::Panel::top("header").frame(header).show(ui, |ui| {
        if compact {
            actions.extend(compact::compact_ui::header_ui(ui, model));
        } else {
            actions.extend(header_ui::header_ui(ui, model, features, now));
        }
    });
    if model.view.search != search_before {
        model.rebuild_items();
    }
    let mut change_in_secs = None;
    egui::CentralPanel::default_margins()
        .frame(central)
        .show(ui, |ui| {
            let (action, change) = if compact {
                compact::compact_ui::list_ui(ui, model, now)
            } else {
                list::list_ui::main_ui(ui, model, now)
            };
            actions.extend(action);
            change_in_secs = change;
        });
    let (action, dialog_ticking) = dialog_ui::dialog_ui(ctx, model, features, now);
    actions.extend(action);
    let pick = &mut features.quick_pick;
    if let Some(editor) = &mut pick.editor {
        let label = model.vault.label_of(&editor.account);
        let refused = pick.account_status.get(&editor.account);
        let tr = &model.tr;
        let editor_ui = super::quick_pick::account_keys_ui::editor_ui;
        actions.extend(editor_ui(ctx, editor, &label, refused, tr));
    }
    if dialog_ticking {
        // The dialogs count every second.
        change_in_secs = Some(1);
    }
    if let Some(toast) = &model.view.toast {
        let tr = &model.tr;
        actions.extend(list::chrome_ui::toast_ui(ctx, &toast.text, toast.undo, tr));
    }
    (actions, change_in_secs)
}
