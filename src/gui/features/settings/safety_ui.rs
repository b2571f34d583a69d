//! The safety sections of Settings: team mode, app lock, clock correction and the copy log.
//! A desk member sees only what they may change (the clock check); the rest is not shown
//! rather than refused. Drawing only: returns actions, changes nothing; must not depend on
//! `app.rs` or the runtime.

use eframe::egui::{self, RichText};

use crate::gui::command::{Action, DeskAction, SafetyAction};
use crate::gui::features::lock::lock_ui;
use crate::gui::model::settings::Settings;
use crate::gui::model::view::SettingsDrafts;
use crate::gui::support::i18n::Tr;

/// The safety sections of Settings. `desk_on`: team mode is on; `manage`: the person working
/// may change accounts (an admin, or nobody signed in because team mode is off).
pub fn settings_ui(
    ui: &mut egui::Ui,
    settings: &Settings,
    drafts: &mut SettingsDrafts,
    (desk_on, manage): (bool, bool),
    tr: &Tr,
) -> Option<Action> {
    let mut action = None;
    if manage {
        action = team_section_ui(ui, desk_on, tr);
    }
    if !desk_on {
        ui.add_space(6.0);
        action = lock_ui::lock_settings_ui(ui, &settings.lock, drafts, tr).or(action);
    }
    action = clock_section_ui(ui, settings, drafts, tr).or(action);
    if manage {
        action = copy_log_section_ui(ui, settings, tr).or(action);
    }
    action
}

/// Team mode: what it is, and the People page.
fn team_section_ui(ui: &mut egui::Ui, desk_on: bool, tr: &Tr) -> Option<Action> {
    ui.add_space(6.0);
    ui.label(RichText::new(tr.get("team-desk")).strong());
    let (hint, people) = if desk_on {
        ("desk-on-hint", "people-open")
    } else {
        ("desk-intro", "desk-set-up")
    };
    ui.add(egui::Label::new(RichText::new(tr.get(hint)).weak()).wrap());
    ui.button(tr.get(people))
        .clicked()
        .then_some(Action::Desk(DeskAction::OpenPeople))
}

/// Clock correction: anyone may set it (it changes no account).
fn clock_section_ui(
    ui: &mut egui::Ui,
    settings: &Settings,
    drafts: &mut SettingsDrafts,
    tr: &Tr,
) -> Option<Action> {
    let mut action = None;
    ui.add_space(6.0);
    ui.label(RichText::new(tr.get("clock-sync")).strong());
    let mut sync = settings.clock_sync.enabled;
    if ui.checkbox(&mut sync, tr.get("clock-sync-on")).changed() {
        action = Some(Action::Safety(SafetyAction::SetClockSync(sync)));
    }
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(tr.get("clock-servers"));
        let width = ui.available_width().min(190.0);
        ui.add(egui::TextEdit::singleline(&mut drafts.servers).desired_width(width))
            .labelled_by(label.id);
        if ui.button(tr.get("apply")).clicked() {
            action = Some(Action::Safety(SafetyAction::ApplyServers));
        }
    });
    action
}

fn copy_log_section_ui(ui: &mut egui::Ui, settings: &Settings, tr: &Tr) -> Option<Action> {
    let mut action = None;
    ui.add_space(6.0);
    ui.label(RichText::new(tr.get("copy-log")).strong());
    ui.horizontal_wrapped(|ui| {
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
