//! The safety sections of Settings: app lock, clock correction and the copy log.
//! Drawing only: returns actions, changes nothing; must not depend on `app.rs` or the runtime.

use eframe::egui::{self, RichText};

use crate::gui::command::{Action, DeskAction, SafetyAction};
use crate::gui::features::lock::lock_ui;
use crate::gui::model::settings::Settings;
use crate::gui::model::view::SettingsDrafts;
use crate::gui::support::i18n::Tr;

/// The safety sections of Settings: app lock, clock correction, copy log.
pub fn settings_ui(
    ui: &mut egui::Ui,
    settings: &Settings,
    drafts: &mut SettingsDrafts,
    desk_on: bool,
    tr: &Tr,
) -> Option<Action> {
    let mut action = None;
    ui.add_space(6.0);
    ui.label(RichText::new(tr.get("team-desk")).strong());
    ui.label(
        RichText::new(tr.get(if desk_on {
            "desk-on-hint"
        } else {
            "desk-intro"
        }))
        .weak(),
    );
    ui.horizontal(|ui| {
        let people = if desk_on {
            "people-open"
        } else {
            "desk-set-up"
        };
        if ui.button(tr.get(people)).clicked() {
            action = Some(Action::Desk(DeskAction::OpenPeople));
        }
        if ui.button(tr.get("trash-open")).clicked() {
            action = Some(Action::Desk(DeskAction::OpenTrash));
        }
    });
    ui.add_space(6.0);
    if !desk_on {
        action = action.or(lock_ui::lock_settings_ui(ui, &settings.lock, drafts, tr));
    }
    ui.add_space(6.0);
    ui.label(RichText::new(tr.get("clock-sync")).strong());
    let mut sync = settings.clock_sync.enabled;
    if ui.checkbox(&mut sync, tr.get("clock-sync-on")).changed() {
        action = Some(Action::Safety(SafetyAction::SetClockSync(sync)));
    }
    ui.horizontal(|ui| {
        let label = ui.label(tr.get("clock-servers"));
        ui.add(egui::TextEdit::singleline(&mut drafts.servers).desired_width(190.0))
            .labelled_by(label.id);
        if ui.button(tr.get("apply")).clicked() {
            action = Some(Action::Safety(SafetyAction::ApplyServers));
        }
    });
    ui.add_space(6.0);
    ui.label(RichText::new(tr.get("copy-log")).strong());
    ui.horizontal(|ui| {
        let mut on = settings.copy_log;
        if ui.checkbox(&mut on, tr.get("copy-log-on")).changed() {
            action = Some(Action::Safety(SafetyAction::SetCopyLog(on)));
        }
        if ui.button(tr.get("copy-log-view")).clicked() {
            action = Some(Action::Safety(SafetyAction::ShowCopyLog));
        }
    });
    action
}
