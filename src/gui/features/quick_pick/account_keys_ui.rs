//! Drawing of the per-account shortcuts: the small dialog that records one (press the keys, or
//! type them like Ctrl+Alt+1), shows it and clears it; and Settings' list of the accounts that
//! have one, with the system's refusal where it refused.
//! Drawing only: returns actions, changes nothing but the dialog's draft; must not depend on
//! `app.rs`.

use eframe::egui::{self, RichText, TextEdit};

use super::account_keys::HotkeyEditor;
use crate::gui::command::{Action, PickAction};
use crate::gui::support::i18n::{Arg, Tr};
use crate::platform::hotkey::HotkeyError;
use crate::store::AccountId;

/// The recording dialog, on top of whatever is open. `label`: the account's; `status`: why the
/// system refused its shortcut, if it did.
pub fn editor_ui(
    ctx: &egui::Context,
    editor: &mut HotkeyEditor,
    label: &str,
    status: Option<&HotkeyError>,
    tr: &Tr,
) -> Option<Action> {
    let mut action = None;
    if editor.recording {
        record(ctx, editor);
    }
    let modal = egui::Modal::new(egui::Id::unique("otp-desk-account-hotkey")).show(ctx, |ui| {
        // Within the window however narrow it is (the compact mode is ~280 points).
        let frame = ui.style().spacing.window_margin.sum().x + 24.0;
        ui.set_width((ctx.content_rect().width() - frame).clamp(160.0, 320.0));
        let title = tr.with("account-hotkey-title", &[("account", Arg::Text(label))]);
        ui.label(RichText::new(title).strong());
        ui.label(RichText::new(tr.get("account-hotkey-hint")).weak());
        ui.horizontal(|ui| {
            let name = ui.label(tr.get("hotkey-keys"));
            let field = TextEdit::singleline(&mut editor.draft)
                .hint_text("Ctrl+Alt+1")
                .desired_width(130.0);
            let response = ui.add(field).labelled_by(name.id);
            if response.changed() {
                editor.error = None;
            }
            if response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                action = Some(Action::QuickPick(PickAction::SaveHotkey));
            }
            let record = if editor.recording {
                tr.get("account-hotkey-recording")
            } else {
                tr.get("account-hotkey-record")
            };
            if ui.button(record).clicked() {
                editor.recording = !editor.recording;
            }
        });
        if let Some(error) = &editor.error {
            ui.colored_label(ui.visuals().warn_fg_color, error);
        } else if let Some(e) = status {
            ui.colored_label(ui.visuals().warn_fg_color, status_text(e, tr));
        }
        ui.add_space(6.0);
        ui.horizontal_wrapped(|ui| {
            if ui.button(tr.get("hotkey-apply")).clicked() {
                action = Some(Action::QuickPick(PickAction::SaveHotkey));
            }
            if ui.button(tr.get("account-hotkey-clear")).clicked() {
                let id = editor.account.clone();
                action = Some(Action::QuickPick(PickAction::ClearHotkey(id)));
            }
            if ui.button(tr.get("close")).clicked() {
                action = Some(Action::QuickPick(PickAction::CloseHotkey));
            }
        });
    });
    if modal.should_close() && action.is_none() && !editor.recording {
        action = Some(Action::QuickPick(PickAction::CloseHotkey));
    }
    action
}

/// Esc belongs to the dialog while it is open (before the window's own Esc, which would close
/// the dialog under it or clear the search): it stops a recording, else closes the dialog.
pub fn escape(ctx: &egui::Context, editor: &mut HotkeyEditor) -> Option<Action> {
    let pressed = ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape));
    if !pressed {
        return None;
    }
    if std::mem::take(&mut editor.recording) {
        return None;
    }
    Some(Action::QuickPick(PickAction::CloseHotkey))
}

/// While recording: the next key pressed with its modifiers becomes the draft (Esc stops).
fn record(ctx: &egui::Context, editor: &mut HotkeyEditor) {
    let pressed = ctx.input(|i| {
        i.events.iter().find_map(|event| match event {
            egui::Event::Key {
                key,
                pressed: true,
                modifiers,
                ..
            } => Some((*key, *modifiers)),
            _ => None,
        })
    });
    let Some((key, modifiers)) = pressed else {
        return;
    };
    editor.recording = false;
    if key == egui::Key::Escape && modifiers.is_none() {
        return;
    }
    let mut parts = Vec::new();
    for (held, name) in [
        (modifiers.ctrl, "Ctrl"),
        (modifiers.alt, "Alt"),
        (modifiers.shift, "Shift"),
        (modifiers.mac_cmd, "Super"),
    ] {
        if held {
            parts.push(name);
        }
    }
    parts.push(key.name());
    editor.draft = parts.join("+");
    editor.error = None;
    // The keys were the shortcut, not typing for the field or the window.
    ctx.input_mut(|i| i.events.clear());
}

/// Settings' list of the accounts with a shortcut: "label — keys", a Change and a Remove;
/// nothing when no account has one.
pub fn list_ui(
    ui: &mut egui::Ui,
    listed: &[(AccountId, String, String)],
    refused: &std::collections::BTreeMap<AccountId, HotkeyError>,
    tr: &Tr,
) -> Option<Action> {
    let mut action = None;
    // Nothing to list: no section (the row's menu is where a hotkey is set).
    if listed.is_empty() {
        return None;
    }
    egui::CollapsingHeader::new(RichText::new(tr.get("account-hotkeys-section")).strong())
        .default_open(true)
        .show(ui, |ui| {
            for (id, label, keys) in listed {
                ui.horizontal_wrapped(|ui| {
                    ui.label(format!("{label} — {keys}"));
                    let change = tr.with("account-hotkey-change", &[("account", Arg::Text(label))]);
                    if named_button_ui(ui, &tr.get("edit"), &change) {
                        action = Some(Action::QuickPick(PickAction::EditHotkey(id.clone())));
                    }
                    let remove = tr.with("account-hotkey-remove", &[("account", Arg::Text(label))]);
                    if named_button_ui(ui, &tr.get("account-hotkey-clear"), &remove) {
                        action = Some(Action::QuickPick(PickAction::ClearHotkey(id.clone())));
                    }
                });
                if let Some(e) = refused.get(id) {
                    ui.colored_label(ui.visuals().warn_fg_color, status_text(e, tr));
                }
            }
        });
    action
}

/// A small button whose short text is told apart for a screen reader by `name` (which account),
/// also its tooltip.
fn named_button_ui(ui: &mut egui::Ui, text: &str, name: &str) -> bool {
    let response = ui.small_button(text).on_hover_text(name);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, name));
    response.clicked()
}

/// Why the system did not take an account's shortcut, in one sentence.
pub fn status_text(e: &HotkeyError, tr: &Tr) -> String {
    match e {
        HotkeyError::Taken(shortcut) => {
            tr.with("account-hotkey-taken", &[("shortcut", Arg::Text(shortcut))])
        }
        other => super::shortcut_ui::status_text(&Err(other.clone()), tr),
    }
}
