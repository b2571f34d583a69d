//! The safety features' widgets outside the lock screen: the header's Lock button and banners
//! (clock correction, read-only, accounts to recover), their Settings sections, and their
//! dialogs.

use eframe::egui::{self, Align, Layout, RichText};

use super::action::Action;
use super::copy_log;
use super::i18n::{Arg, Tr};
use super::lock_ui;
use super::safety::{Safety, SafetyAction, SafetyDialog, SettingsDrafts};
use super::settings::Settings;

/// Below the header bar: the Lock button (when a password is set) and the banners.
pub fn header_ui(
    ui: &mut egui::Ui,
    safety: &Safety,
    settings: &Settings,
    tr: &Tr,
) -> Option<Action> {
    let mut action = None;
    let now = safety.base_clock.unix_secs();
    let banner = safety.clock.banner(tr);
    let note = safety.clock.note(now, tr);
    if settings.lock.password.is_some() || banner.is_some() || note.is_some() {
        ui.horizontal(|ui| {
            if let Some(banner) = &banner {
                ui.label(RichText::new(banner).color(ui.visuals().warn_fg_color));
            }
            if let Some(note) = &note {
                ui.label(RichText::new(note).weak().small());
            }
            if settings.lock.password.is_some() {
                ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                    let lock = ui.button(tr.get("lock")).on_hover_text(tr.get("lock-hint"));
                    if lock.clicked() {
                        action = Some(Action::Safety(SafetyAction::Lock));
                    }
                });
            }
        });
    }
    if let Some(damaged) = &safety.damaged {
        let text = tr.with("read-only", &[("detail", Arg::Text(&damaged.detail))]);
        let button = damaged.backup.is_some().then(|| tr.get("restore-backup"));
        action = action.or(offer_ui(
            ui,
            &text,
            button,
            None,
            SafetyAction::RestoreBackup,
        ));
    }
    if !safety.orphans.is_empty() {
        let count = Arg::Number(i64::try_from(safety.orphans.len()).unwrap_or(i64::MAX));
        let names: Vec<&str> = safety.orphans.iter().map(|(_, l)| l.as_str()).collect();
        let text = tr.with(
            "orphans-found",
            &[("count", count), ("names", Arg::Text(&names.join(", ")))],
        );
        let button = Some(tr.with("recover-accounts", &[("count", count)]));
        let dismiss = Some(tr.get("dismiss"));
        action = action.or(offer_ui(
            ui,
            &text,
            button,
            dismiss,
            SafetyAction::RecoverOrphans,
        ));
    }
    action
}

/// A banner with an offer button (and optionally a dismiss button).
fn offer_ui(
    ui: &mut egui::Ui,
    text: &str,
    button: Option<String>,
    dismiss: Option<String>,
    on_click: SafetyAction,
) -> Option<Action> {
    let mut action = None;
    egui::Frame::new()
        .fill(ui.visuals().warn_fg_color.gamma_multiply(0.15))
        .inner_margin(8.0)
        .corner_radius(6.0)
        .show(ui, |ui| {
            ui.add(egui::Label::new(RichText::new(text).strong()).wrap());
            ui.horizontal(|ui| {
                if let Some(label) = button
                    && ui.button(RichText::new(label).strong()).clicked()
                {
                    action = Some(Action::Safety(on_click));
                }
                if let Some(label) = dismiss
                    && ui.button(label).clicked()
                {
                    action = Some(Action::Safety(SafetyAction::DismissOrphans));
                }
            });
        });
    action
}

/// The safety sections of Settings: app lock, clock correction, copy log.
pub fn settings_ui(
    ui: &mut egui::Ui,
    settings: &Settings,
    drafts: &mut SettingsDrafts,
    tr: &Tr,
) -> Option<Action> {
    let mut action = None;
    ui.add_space(6.0);
    action = action.or(lock_ui::lock_settings_ui(ui, &settings.lock, drafts, tr));
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

/// A safety dialog's contents.
pub fn dialog_ui(
    ui: &mut egui::Ui,
    dialog: &mut SafetyDialog,
    safety: &Safety,
    tr: &Tr,
) -> Option<Action> {
    match dialog {
        SafetyDialog::Password { draft, .. } => lock_ui::password_prompt_ui(ui, draft, safety, tr),
        SafetyDialog::CopyLog(lines) => copy_log::copy_log_ui(ui, lines, tr),
    }
}
