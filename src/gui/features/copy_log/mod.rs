//! The optional copy log for shared desks: which account's code was copied and when — never
//! the code. Lines are written and read by the vault worker ([`crate::store::copy_log`] is the
//! file); this feature decides when to log and shows the log.

use eframe::egui::{self, RichText};

use super::Effects;
use crate::gui::command::Action;
use crate::gui::features::dialog_ui::fit_width;
use crate::gui::model::Model;
use crate::gui::model::view::Dialog;
use crate::gui::runtime::worker::Job;
use crate::gui::support::i18n::Tr;
use crate::store::copy_log::CopyLine;
use crate::store::metadata::Account;

/// Records that `account`'s code was copied, if the log is on.
pub fn log_copy(model: &Model, fx: &mut Effects, account: &Account) {
    let via = if model.view.via_tray {
        crate::store::audit_log::Via::Tray
    } else {
        crate::store::audit_log::Via::Window
    };
    let copied = crate::store::audit_log::AuditAction::Copy;
    super::desk::audit(model, fx, copied, Some(account), via, None);
    if let (true, Some(dir)) = (model.settings.copy_log, &model.data_dir) {
        fx.vault(Job::LogCopy {
            dir: dir.clone(),
            line: CopyLine {
                unix_secs: model.base_clock.unix_secs(),
                account: account.label(),
                id: account.id.to_string(),
            },
        });
    }
}

pub fn set_enabled(model: &mut Model, fx: &mut Effects, on: bool) {
    model.settings.copy_log = on;
    fx.save_settings();
}

/// Asks the worker for the log; it opens in a dialog when it arrives.
pub fn show(model: &mut Model, fx: &mut Effects) {
    match &model.data_dir {
        Some(dir) => fx.vault(Job::ReadCopyLog(dir.clone())),
        None => on_read(model, Vec::new()),
    }
}

pub fn on_read(model: &mut Model, lines: Vec<CopyLine>) {
    model.view.dialog = Some(Dialog::CopyLog(lines));
}

pub fn copy_log_ui(ui: &mut egui::Ui, lines: &[CopyLine], tr: &Tr) -> Option<Action> {
    let mut action = None;
    fit_width(ui, 380.0);
    ui.add_space(6.0);
    if lines.is_empty() {
        ui.label(RichText::new(tr.get("copy-log-empty")).weak());
    }
    egui::ScrollArea::vertical()
        .max_height(360.0)
        .show_rows(ui, 18.0, lines.len(), |ui, rows| {
            for line in &lines[rows] {
                ui.horizontal(|ui| {
                    ui.label(RichText::new(utc_time(line.unix_secs)).monospace().weak());
                    ui.label(&line.account);
                });
            }
        });
    ui.add_space(6.0);
    if ui.button(tr.get("close")).clicked() {
        action = Some(Action::CloseDialog);
    }
    action
}

/// `2026-11-23 14:03:12 UTC`, from days since 1970 (the proleptic Gregorian calendar).
pub fn utc_time(unix_secs: u64) -> String {
    let days = i64::try_from(unix_secs / 86_400).unwrap_or(0);
    let secs = unix_secs % 86_400;
    // Shift the epoch to 0000-03-01 so leap days fall at the end of each 400-year era.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_times_match_known_dates() {
        assert_eq!(utc_time(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(utc_time(951_782_400), "2000-02-29 00:00:00 UTC");
        assert_eq!(utc_time(1_700_000_010), "2023-11-14 22:13:30 UTC");
    }
}
