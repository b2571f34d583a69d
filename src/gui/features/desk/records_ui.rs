//! The Trash (deleted accounts, kept 30 days) and the audit Log (admins: filter, chain state,
//! CSV).

use eframe::egui::{self, RichText, TextEdit};

use crate::desk::until;
use crate::gui::command::{Action, DeskAction};
use crate::gui::model::audit_view::LogView;
use crate::gui::support::i18n::{Arg, Tr};
use crate::store::audit_log::AuditAction;
use crate::store::metadata::Account;
use crate::vault::TRASH_DAYS;

pub fn trash_ui(ui: &mut egui::Ui, trashed: &[Account], tr: &Tr) -> Option<Action> {
    let mut action = None;
    ui.set_width(420.0);
    ui.heading(tr.get("trash-title"));
    let days = i64::try_from(TRASH_DAYS).unwrap_or(30);
    ui.label(RichText::new(tr.with("trash-hint", &[("days", Arg::Number(days))])).weak());
    ui.add_space(6.0);
    if trashed.is_empty() {
        ui.label(RichText::new(tr.get("trash-empty")).weak());
    }
    egui::ScrollArea::vertical()
        .max_height(300.0)
        .show(ui, |ui| {
            for account in trashed {
                ui.horizontal(|ui| {
                    ui.label(RichText::new(account.label()).strong());
                    if let Some(at) = account.trashed_unix_secs {
                        ui.label(RichText::new(until::show_time(at)).weak().small());
                    }
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        if ui.button(tr.get("delete-for-good")).clicked() {
                            action =
                                Some(Action::Desk(DeskAction::PurgeTrashed(account.id.clone())));
                        }
                        if ui.button(tr.get("restore")).clicked() {
                            action =
                                Some(Action::Desk(DeskAction::RestoreTrashed(account.id.clone())));
                        }
                    });
                });
            }
        });
    ui.add_space(6.0);
    if ui.button(tr.get("close")).clicked() {
        action = Some(Action::CloseDialog);
    }
    action
}

pub fn log_ui(ui: &mut egui::Ui, view: &mut LogView, tr: &Tr) -> Option<Action> {
    let mut action = None;
    ui.set_width(560.0);
    ui.heading(tr.get("log-title"));
    match view.broken() {
        Some(reason) => {
            let text = tr.with("log-broken", &[("reason", Arg::Text(reason))]);
            ui.label(RichText::new(text).color(ui.visuals().error_fg_color));
        }
        None => {
            let count = i64::try_from(view.trail.records.len()).unwrap_or(i64::MAX);
            ui.label(RichText::new(tr.with("log-intact", &[("count", Arg::Number(count))])).weak());
        }
    }
    ui.horizontal(|ui| {
        let label = ui.label(tr.get("log-person"));
        ui.add(TextEdit::singleline(&mut view.person).desired_width(100.0))
            .labelled_by(label.id);
        let label = ui.label(tr.get("log-account"));
        ui.add(TextEdit::singleline(&mut view.account).desired_width(110.0))
            .labelled_by(label.id);
        let shown = view
            .action
            .map_or_else(|| tr.get("log-all-actions"), |a| a.as_str().to_owned());
        egui::ComboBox::from_label(tr.get("log-action"))
            .selected_text(shown)
            .show_ui(ui, |ui| {
                if ui
                    .selectable_label(view.action.is_none(), tr.get("log-all-actions"))
                    .clicked()
                {
                    view.action = None;
                }
                for a in AuditAction::ALL {
                    if ui
                        .selectable_label(view.action == Some(a), a.as_str())
                        .clicked()
                    {
                        view.action = Some(a);
                    }
                }
            });
    });
    ui.add_space(4.0);
    let rows = view.shown();
    egui::ScrollArea::vertical()
        .max_height(320.0)
        .show_rows(ui, 18.0, rows.len(), |ui, range| {
            for r in &rows[range] {
                ui.horizontal(|ui| {
                    ui.label(RichText::new(until::show_time(r.time)).monospace().weak());
                    ui.label(RichText::new(&r.person).strong());
                    ui.label(r.action.as_str());
                    ui.label(r.account.as_deref().unwrap_or(""));
                    ui.label(RichText::new(r.via.as_str()).weak());
                    if let Some(detail) = &r.detail {
                        ui.label(RichText::new(detail).weak());
                    }
                });
            }
        });
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        if ui.button(tr.get("log-export")).clicked() {
            action = Some(Action::Desk(DeskAction::ExportLogCsv));
        }
        if ui.button(tr.get("close")).clicked() {
            action = Some(Action::CloseDialog);
        }
    });
    action
}
