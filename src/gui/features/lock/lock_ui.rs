//! The lock's screens: the locked window (only the unlock field — no names, no codes), the
//! password prompt before a sensitive step, and the "App lock" section of Settings.

use eframe::egui::{self, Key, RichText, TextEdit};
use zeroize::Zeroizing;

use super::LockState;
use crate::applock::{IDLE_CHOICES_MINS, LockSettings};
use crate::gui::command::{Action, SafetyAction};
use crate::gui::features::dialog_ui::fit_width;
use crate::gui::model::view::SettingsDrafts;
use crate::gui::support::focus;
use crate::gui::support::i18n::{Arg, Tr};

/// The whole window while locked.
pub fn locked_ui(
    ui: &mut egui::Ui,
    lock: &mut LockState,
    now_unix_millis: u64,
    tr: &Tr,
) -> Option<Action> {
    let mut action = None;
    let wait_secs = lock.backoff.wait_secs(now_unix_millis);
    egui::CentralPanel::default_margins().show(ui, |ui| {
        ui.vertical_centered(|ui| {
            ui.add_space((ui.available_height() * 0.25).max(16.0));
            ui.heading(RichText::new(tr.get("locked-title")).size(22.0));
            ui.add_space(12.0);
            let submit = password_field_ui(ui, &mut lock.unlock_draft, tr);
            ui.add_space(8.0);
            let enabled = wait_secs == 0 && !lock.checking_password;
            let button = ui.add_enabled(enabled, egui::Button::new(tr.get("unlock")));
            if enabled && (button.clicked() || submit) {
                action = Some(Action::Safety(SafetyAction::Unlock));
            }
            message_ui(ui, lock.message.as_deref(), wait_secs, tr);
        });
    });
    action
}

/// "Enter your password to continue" before revealing a secret or opening Settings.
pub fn password_prompt_ui(
    ui: &mut egui::Ui,
    draft: &mut Zeroizing<String>,
    lock: &LockState,
    now_unix_millis: u64,
    tr: &Tr,
) -> Option<Action> {
    let mut action = None;
    let wait_secs = lock.backoff.wait_secs(now_unix_millis);
    fit_width(ui, 320.0);
    ui.add_space(6.0);
    let submit = password_field_ui(ui, draft, tr);
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        let enabled = wait_secs == 0 && !lock.checking_password;
        let ok = ui.add_enabled(enabled, egui::Button::new(tr.get("continue")));
        if enabled && (ok.clicked() || submit) {
            action = Some(Action::Safety(SafetyAction::SubmitPassword));
        }
        if ui.button(tr.get("cancel")).clicked() {
            action = Some(Action::CloseDialog);
        }
    });
    message_ui(ui, lock.message.as_deref(), wait_secs, tr);
    action
}

/// A masked field labelled "Password"; `true` when Enter was pressed in it.
fn password_field_ui(ui: &mut egui::Ui, text: &mut Zeroizing<String>, tr: &Tr) -> bool {
    let label = ui.label(tr.get("password"));
    let response = ui.add(
        TextEdit::singleline(&mut **text)
            .password(true)
            .desired_width(220.0),
    );
    let response = response.labelled_by(label.id);
    focus::keep_focus(ui, &response);
    response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter))
}

/// The wait after wrong attempts, else `message`, in the error colour (also the desk's PIN).
pub fn message_ui(ui: &mut egui::Ui, message: Option<&str>, wait_secs: u64, tr: &Tr) {
    let text = if wait_secs > 0 {
        let secs = i64::try_from(wait_secs).unwrap_or(i64::MAX);
        Some(tr.with("password-wait", &[("seconds", Arg::Number(secs))]))
    } else {
        message.map(str::to_owned)
    };
    if let Some(text) = text {
        ui.add_space(6.0);
        ui.label(RichText::new(text).color(ui.visuals().error_fg_color));
    }
}

/// The "App lock" section of Settings.
pub fn lock_settings_ui(
    ui: &mut egui::Ui,
    lock: &LockSettings,
    drafts: &mut SettingsDrafts,
    tr: &Tr,
) -> Option<Action> {
    let mut action = None;
    ui.label(RichText::new(tr.get("app-lock")).strong());
    if lock.password.is_some() {
        ui.horizontal(|ui| {
            if ui.button(tr.get("lock-now")).clicked() {
                action = Some(Action::Safety(SafetyAction::Lock));
            }
            if ui.button(tr.get("remove-password")).clicked() {
                action = Some(Action::Safety(SafetyAction::RemovePassword));
            }
        });
        let idle_name = |mins: u32| {
            if mins == 0 {
                tr.get("idle-never")
            } else {
                tr.with("idle-mins", &[("minutes", Arg::Number(i64::from(mins)))])
            }
        };
        egui::ComboBox::from_label(tr.get("idle-lock"))
            .selected_text(idle_name(lock.idle_mins))
            .show_ui(ui, |ui| {
                for mins in IDLE_CHOICES_MINS {
                    if ui
                        .selectable_label(lock.idle_mins == mins, idle_name(mins))
                        .clicked()
                    {
                        action = Some(Action::Safety(SafetyAction::SetIdleMins(mins)));
                    }
                }
            });
    } else {
        for (key, text) in [
            ("new-password", &mut drafts.new_password),
            ("repeat-password", &mut drafts.repeat),
        ] {
            ui.horizontal(|ui| {
                let label = ui.label(tr.get(key));
                ui.add(
                    TextEdit::singleline(&mut **text)
                        .password(true)
                        .desired_width(160.0),
                )
                .labelled_by(label.id);
            });
        }
        if ui.button(tr.get("set-password")).clicked() {
            action = Some(Action::Safety(SafetyAction::SetPassword));
        }
        if let Some(error) = &drafts.error {
            ui.label(RichText::new(error).color(ui.visuals().error_fg_color));
        }
    }
    action
}
