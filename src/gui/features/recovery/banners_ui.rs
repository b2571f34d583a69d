//! Below the header bar: the Lock button (when a password is set), the clock correction
//! banner or note, the read-only banner with "Restore the backup", and the offer to recover
//! keychain items whose accounts were lost.

use eframe::egui::{self, Align, Layout, RichText};

use super::RecoveryState;
use crate::gui::command::{Action, SafetyAction};
use crate::gui::features::clock::ClockStatus;
use crate::gui::model::settings::Settings;
use crate::gui::support::i18n::{Arg, Tr};

/// What the status lines show, read from the features that own it.
pub struct Status<'a> {
    pub clock: ClockStatus,
    pub now_unix_secs: u64,
    pub recovery: &'a RecoveryState,
}

/// Below the header bar: the Lock button (when a password is set) and the banners.
pub fn status_ui(
    ui: &mut egui::Ui,
    status: &Status<'_>,
    settings: &Settings,
    tr: &Tr,
) -> Option<Action> {
    let mut action = None;
    let banner = status.clock.banner(tr);
    let note = status.clock.note(status.now_unix_secs, tr);
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
    if let Some(question) = status.clock.proposal(tr) {
        let choices = [
            (tr.get("clock-correct"), SafetyAction::ConfirmClock(true)),
            (tr.get("clock-keep"), SafetyAction::ConfirmClock(false)),
        ];
        action = action.or(offer_ui(ui, &question, &choices));
    }
    if let Some(damaged) = &status.recovery.damaged {
        let text = tr.with(
            "read-only",
            &[("detail", Arg::Text(&damaged.detail.show(tr)))],
        );
        let restore = (tr.get("restore-backup"), SafetyAction::RestoreBackup);
        let choices: Vec<_> = damaged
            .backup
            .is_some()
            .then_some(restore)
            .into_iter()
            .collect();
        action = action.or(offer_ui(ui, &text, &choices));
    }
    if !status.recovery.orphans.is_empty() {
        let count = Arg::Number(i64::try_from(status.recovery.orphans.len()).unwrap_or(i64::MAX));
        let names: Vec<&str> = status
            .recovery
            .orphans
            .iter()
            .map(|(_, l)| l.as_str())
            .collect();
        let text = tr.with(
            "orphans-found",
            &[("count", count), ("names", Arg::Text(&names.join(", ")))],
        );
        let choices = [
            (
                tr.with("recover-accounts", &[("count", count)]),
                SafetyAction::RecoverOrphans,
            ),
            (tr.get("dismiss"), SafetyAction::DismissOrphans),
        ];
        action = action.or(offer_ui(ui, &text, &choices));
    }
    action
}

/// A warning banner: one sentence, then its choices as buttons (the first one in bold).
fn offer_ui(ui: &mut egui::Ui, text: &str, choices: &[(String, SafetyAction)]) -> Option<Action> {
    let mut action = None;
    egui::Frame::new()
        .fill(ui.visuals().warn_fg_color.gamma_multiply(0.15))
        .inner_margin(8.0)
        .corner_radius(6.0)
        .show(ui, |ui| {
            ui.add(egui::Label::new(RichText::new(text).strong()).wrap());
            ui.horizontal(|ui| {
                for (i, (label, choice)) in choices.iter().enumerate() {
                    let label = RichText::new(label);
                    let label = if i == 0 { label.strong() } else { label };
                    if ui.button(label).clicked() {
                        action = Some(Action::Safety(choice.clone()));
                    }
                }
            });
        });
    action
}
