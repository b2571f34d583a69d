//! The gentle backup reminder: a banner when there has been no backup for
//! [`REMINDER_AFTER_SECS`], or accounts were added since the last one. It can be dismissed
//! for the session and turned off in Settings; a written backup or export resets it
//! (`Settings::last_backup_unix_secs`). Pure decision plus one widget; no state of its own.
//! Must not depend on `app.rs`; starts no thread (work goes out as effects).

use eframe::egui::{self, Align, Layout, RichText};

use crate::gui::command::{Action, ExportAction};
use crate::gui::model::settings::Settings;
use crate::gui::support::i18n::Tr;
use crate::store::metadata::Account;

/// Thirty days.
pub const REMINDER_AFTER_SECS: u64 = 30 * 24 * 60 * 60;

/// Whether the banner shows now.
pub fn reminder_due(settings: &Settings, accounts: &[Account], now_unix_secs: u64) -> bool {
    if !settings.backup_reminder || accounts.is_empty() {
        return false;
    }
    let Some(last) = settings.last_backup_unix_secs else {
        return true;
    };
    now_unix_secs.saturating_sub(last) >= REMINDER_AFTER_SECS
        || accounts.iter().any(|a| a.created_unix_secs > last)
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
    fn due_without_backup_after_thirty_days_or_new_accounts_unless_turned_off() {
        let now = 1_700_000_000;
        let mut settings = Settings::default();
        assert!(!reminder_due(&settings, &[], now), "nothing to lose yet");
        let accounts = [account(now - 100)];
        assert!(reminder_due(&settings, &accounts, now));
        settings.last_backup_unix_secs = Some(now - 50);
        assert!(!reminder_due(&settings, &accounts, now));
        assert!(reminder_due(&settings, &[account(now - 10)], now));
        assert!(reminder_due(
            &settings,
            &accounts,
            now + REMINDER_AFTER_SECS
        ));
        settings.backup_reminder = false;
        assert!(!reminder_due(&settings, &[account(now - 10)], now));
    }
}
