//! The Trash (deleted accounts, kept 30 days) and the audit Log (admins: filter, chain state,
//! CSV).

use eframe::egui::{self, RichText, TextEdit};

use crate::desk::until;
use crate::gui::command::{Action, DeskAction};
use crate::gui::features::dialog_ui::fit_width;
use crate::gui::model::audit_view::LogView;
use crate::gui::support::audit_words::{self, action_key, via_key};
use crate::gui::support::i18n::{Arg, Tr};
use crate::store::audit_log::visible;
use crate::store::audit_log::{AuditAction, AuditRecord};
use crate::store::metadata::Account;
use crate::vault::TRASH_DAYS;

pub fn trash_ui(ui: &mut egui::Ui, trashed: &[Account], tr: &Tr) -> Option<Action> {
    let mut action = None;
    fit_width(ui, 420.0);
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
    fit_width(ui, 560.0);
    match view.broken() {
        Some(broken) => {
            let text = broken.show(tr);
            ui.label(RichText::new(text).color(ui.visuals().error_fg_color));
        }
        None => {
            let count = i64::try_from(view.trail.records.len()).unwrap_or(i64::MAX);
            ui.label(RichText::new(tr.with("log-intact", &[("count", Arg::Number(count))])).weak());
        }
    }
    if let Some(team) = &view.team {
        if team.unread.is_some() {
            ui.label(RichText::new(tr.get("log-others-unread")).weak());
        } else {
            let count = i64::try_from(view.from_others()).unwrap_or(i64::MAX);
            let text = tr.with("log-from-others", &[("count", Arg::Number(count))]);
            ui.label(RichText::new(text).weak());
        }
    }
    let filter = |ui: &mut egui::Ui, key: &str, text: &mut String, width: f32| {
        let label = ui.label(tr.get(key));
        ui.add(TextEdit::singleline(text).desired_width(width))
            .labelled_by(label.id);
    };
    ui.horizontal_wrapped(|ui| {
        filter(ui, "log-person", &mut view.person, 100.0);
        filter(ui, "log-account", &mut view.account, 110.0);
        if view.team.is_some() {
            // A row of its own with the action, so a narrow window never parts the computer
            // filter from its label.
            ui.end_row();
            filter(ui, "log-desk", &mut view.desk, 100.0);
        }
        let shown = view
            .action
            .map_or_else(|| tr.get("log-all-actions"), |a| tr.get(action_key(a)));
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
                        .selectable_label(view.action == Some(a), tr.get(action_key(a)))
                        .clicked()
                    {
                        view.action = Some(a);
                    }
                }
            });
    });
    ui.add_space(4.0);
    let rows = view.shown();
    // Two lines a record, each cut short rather than pushed past the window's edge.
    let row_height = 2.0 * ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    egui::ScrollArea::vertical()
        .max_height((ui.ctx().content_rect().height() - 260.0).clamp(120.0, 420.0))
        .show_rows(ui, row_height, rows.len(), |ui, range| {
            for (desk, r) in &rows[range] {
                record_ui(ui, *desk, r, tr);
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

/// One record: when, who, what and where; on a team desk also on which computer.
fn record_ui(ui: &mut egui::Ui, desk: Option<&str>, r: &AuditRecord, tr: &Tr) {
    let line = |ui: &mut egui::Ui, parts: Vec<RichText>| {
        ui.horizontal(|ui| {
            for part in parts {
                ui.add(egui::Label::new(part).truncate());
            }
        });
    };
    let first = vec![
        RichText::new(until::show_time(r.time)).monospace().weak(),
        // Names are typed by people: a line break in one must not draw a fake line.
        RichText::new(visible(&r.person)).strong(),
        RichText::new(tr.get(action_key(r.action))),
        RichText::new(tr.get(via_key(r.via))).weak().small(),
    ];
    line(ui, first);
    // On a team computer the second line starts with the computer's name, where a narrow
    // window does not cut it off first.
    let mut second = Vec::new();
    if let Some(desk) = desk {
        let name = visible(desk);
        let at = tr.with("log-at-desk", &[("name", Arg::Text(&name))]);
        second.push(RichText::new(at).weak());
    }
    second.push(RichText::new(visible(r.account.as_deref().unwrap_or(""))));
    if let Some(detail) = &r.detail {
        second.push(RichText::new(visible(&audit_words::detail(detail).show(tr))).weak());
    }
    if let Some(count) = r.count {
        let count = i64::from(count);
        second.push(RichText::new(tr.with("log-times", &[("count", Arg::Number(count))])).weak());
    }
    line(ui, second);
    ui.add_space(2.0);
}
