//! The quick pick's section in Settings: the shortcut on or off, its text (Ctrl+Alt+O by
//! default) and one sentence saying whether the system took it — or why not (Wayland, taken by
//! another program) — and, when typing into other programs cannot work here, why (Wayland;
//! macOS without the Accessibility permission), since the quick pick then copies.
//! Drawing only: returns actions, changes nothing but the draft; must not depend on `app.rs`.

use eframe::egui::{self, RichText, TextEdit};

use crate::gui::command::{Action, PickAction};
use crate::gui::support::i18n::{Arg, Tr};
use crate::platform::hotkey::HotkeyError;
use crate::platform::typing::TypingError;

pub fn shortcut_section_ui(
    ui: &mut egui::Ui,
    draft: &mut String,
    enabled: bool,
    status: &Result<Option<String>, HotkeyError>,
    (typing, through_desktop): (&Result<(), TypingError>, bool),
    tr: &Tr,
) -> Option<Action> {
    let mut action = None;
    // Folded unless something is wrong: the dialog stays short enough for small windows.
    egui::CollapsingHeader::new(RichText::new(tr.get("hotkey-section")).strong())
        .default_open(status.is_err() || typing.is_err())
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                let mut on = enabled;
                let toggle = ui.checkbox(&mut on, tr.get("hotkey-keys"));
                if toggle.changed() {
                    action = Some(Action::QuickPick(PickAction::SetShortcut(on)));
                }
                let field = TextEdit::singleline(draft).desired_width(120.0);
                let response = ui.add(field).labelled_by(toggle.id);
                let entered =
                    response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if ui.button(tr.get("hotkey-apply")).clicked() || entered {
                    action = Some(Action::QuickPick(PickAction::SetShortcut(true)));
                }
            });
            let text = match status {
                Ok(Some(shortcut)) if through_desktop => tr.with(
                    "hotkey-active-desktop",
                    &[("shortcut", Arg::Text(shortcut))],
                ),
                _ => status_text(status, tr),
            };
            match status {
                Ok(_) => ui.label(RichText::new(text).weak()),
                Err(_) => ui.colored_label(ui.visuals().warn_fg_color, text),
            };
            if let Err(e) = typing {
                let why = tr.get(super::typing_error_key(e));
                let said = tr.with("typing-unavailable", &[("detail", Arg::Text(&why))]);
                ui.colored_label(ui.visuals().warn_fg_color, said);
            }
        });
    action
}

/// The shortcut's state in one sentence.
pub fn status_text(status: &Result<Option<String>, HotkeyError>, tr: &Tr) -> String {
    let with = |key: &str, shortcut: &str| tr.with(key, &[("shortcut", Arg::Text(shortcut))]);
    match status {
        Ok(Some(shortcut)) => with("hotkey-active", shortcut),
        Ok(None) => tr.get("hotkey-off"),
        Err(HotkeyError::Wayland) => tr.get("hotkey-error-wayland"),
        Err(HotkeyError::WaylandTyping) => tr.get("hotkey-error-wayland-typing"),
        Err(HotkeyError::NoDisplay) => tr.get("hotkey-error-display"),
        Err(HotkeyError::Invalid(text)) => with("hotkey-error-invalid", text),
        Err(HotkeyError::NoModifier) => tr.get("hotkey-error-modifier"),
        Err(HotkeyError::Taken(shortcut)) => with("hotkey-error-taken", shortcut),
        Err(HotkeyError::Refused(_)) => tr.get("hotkey-error-refused"),
    }
}
