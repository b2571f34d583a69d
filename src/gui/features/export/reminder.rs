//! The gentle backup reminder: a banner when there has been no backup for
//! [`REMINDER_AFTER_SECS`], or accounts were added since the last one — but not at once: only
//! when [`SEVERAL`] accounts are not backed up, or the oldest of them has waited
//! [`GRACE_SECS`] (a first account is not nagged about a minute after it was added). It can be
//! dismissed for the session and turned off in Settings; a written backup or export resets it
//! (`Settings::last_backup_unix_secs`). Pure decision plus one widget; no state of its own.
//! Must not depend on `app.rs`; starts no thread (work goes out as effects).

use eframe::egui::{self, Align, Layout, RichText};

use crate::gui::command::{Action, ExportAction};
use crate::gui::model::settings::Settings;
use crate::gui::support::i18n::Tr;
use crate::store::metadata::Account;

/// Thirty days.
pub const REMINDER_AFTER_SECS: u64 = 30 * 24 * 60 * 60;
/// How many accounts without a backup are worth a reminder at once.
pub const SEVERAL: usize = 5;
/// How long one account may wait for its first backup before the reminder: three days.
pub const GRACE_SECS: u64 = 3 * 24 * 60 * 60;

/// Whether the banner shows now.
pub fn reminder_due(settings: &Settings, accounts: &[Account], now_unix_secs: u64) -> bool {
    if !settings.backup_reminder || accounts.is_empty() {
        return false;
    }
    let last = settings.last_backup_unix_secs;
    if last.is_some_and(|last| now_unix_secs.saturating_sub(last) >= REMINDER_AFTER_SECS) {
        return true;
    }
    let unsaved: Vec<u64> = accounts
        .iter()
        .map(|a| a.created_unix_secs)
        .filter(|&created| last.is_none_or(|last| created > last))
        .collect();
    let oldest_waited = unsaved
        .iter()
        .min()
        .is_some_and(|&created| now_unix_secs.saturating_sub(created) >= GRACE_SECS);
    unsaved.len() >= SEVERAL || oldest_waited
}

/// The banner: what is missing, "Back up now…" and "Not now".
pub fn reminder_ui(ui: &mut egui::Ui, tr: &Tr) -> Option<Action> {
    let mut action = None;
    egui::Frame::new()
        .fill(ui.visuals().selection.bg_fill.gamma_multiply(0.25))
        .inner_margin(8.0)
        .corner_radius(6.0)
        .show(ui, |ui| {
            ui.add(egui::Label::new(RichText::new(tr.get("backup-reminder"))).wrap());
            // One button-high row: a bare `with_layout` in the top panel would claim all the
            // height left, and the panel would grow by it every frame.
            let row = egui::vec2(ui.available_width(), ui.spacing().interact_size.y);
            ui.allocate_ui_with_layout(row, Layout::right_to_left(Align::Center), |ui| {
                if ui.button(tr.get("backup-reminder-later")).clicked() {
                    action = Some(Action::Export(ExportAction::DismissReminder));
                }
                if ui.button(tr.get("backup-reminder-now")).clicked() {
                    action = Some(Action::Export(ExportAction::Open));
                }
            });
        });
    action
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(created_unix_secs: u64) -> Account {
        let entry = crate::uri::parse("otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP").unwrap();
        Account {
            id: crate::store::AccountId::random(),
            issuer: entry.issuer,
            name: entry.name,
            params: entry.params,
            group: String::new(),
            position: 0,
            pinned: false,
            created_unix_secs,
            trashed_unix_secs: None,
        }
    }

    #[test]
    fn due_after_a_few_days_or_several_accounts_or_thirty_days_unless_turned_off() {
        let now = 1_700_000_000;
        let mut settings = Settings::default();
        assert!(!reminder_due(&settings, &[], now), "nothing to lose yet");
        assert!(
            !reminder_due(&settings, &[account(now - 100)], now),
            "not right after the first account"
        );
        assert!(reminder_due(&settings, &[account(now - GRACE_SECS)], now));
        let several: Vec<Account> = (0..SEVERAL as u64)
            .map(|i| account(now - 100 - i))
            .collect();
        assert!(reminder_due(&settings, &several, now));
        settings.last_backup_unix_secs = Some(now - 50);
        assert!(!reminder_due(&settings, &several, now), "all backed up");
        assert!(!reminder_due(&settings, &[account(now - 10)], now));
        assert!(reminder_due(
            &settings,
            &[account(now - 10)],
            now + GRACE_SECS
        ));
        assert!(reminder_due(
            &settings,
            &[account(now - 100)],
            now + REMINDER_AFTER_SECS
        ));
        settings.backup_reminder = false;
        assert!(!reminder_due(&settings, &several, now + GRACE_SECS));
    }
}
