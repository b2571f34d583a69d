//! The People page's exposure and leaving lists, and the "My PIN" dialog. Drawing only.

use eframe::egui::{self, RichText, TextEdit};

use crate::desk::exposure::{Exposure, ExposureAccess};
use crate::desk::until;
use crate::gui::command::{Action, DeskAction, RekeyAction};
use crate::gui::features::dialog_ui::fit_width;
use crate::gui::model::view::{OwnPinDraft, PeopleDraft};
use crate::gui::support::i18n::{Arg, Tr};

/// "Could read the key · used 3 times, last 14:05" — one exposure line's words.
pub fn exposure_words(line: &Exposure, now: u64, tr: &Tr) -> String {
    let how = tr.get(match line.access {
        ExposureAccess::Key => "exposure-key",
        ExposureAccess::Codes => "exposure-codes",
    });
    let used = match line.used.iter().map(|u| u.at).max() {
        None => tr.get("exposure-unused"),
        Some(last) => tr.with(
            "exposure-used",
            &[
                (
                    "count",
                    Arg::Number(i64::try_from(line.used.len()).unwrap_or(0)),
                ),
                ("time", Arg::Text(&until::show_until(last, now))),
            ],
        ),
    };
    format!("{how} · {used}")
}

/// The exposure asked for with a person's "Exposure" button, and the open leaving lists.
pub fn exposure_and_leaving_ui(
    ui: &mut egui::Ui,
    draft: &PeopleDraft,
    now: u64,
    tr: &Tr,
) -> Option<Action> {
    let mut action = None;
    if let Some((name, lines)) = &draft.exposure {
        ui.add_space(6.0);
        ui.label(RichText::new(tr.with("exposure-title", &[("name", Arg::Text(name))])).strong());
        if lines.is_empty() {
            ui.label(RichText::new(tr.get("exposure-none")).weak());
        }
        for line in lines {
            ui.horizontal_wrapped(|ui| {
                ui.label(line.label());
                ui.label(RichText::new(exposure_words(line, now, tr)).weak());
            });
        }
    }
    for list in &draft.leaving {
        ui.add_space(6.0);
        let title = tr.with("leaving-title", &[("name", Arg::Text(&list.person))]);
        ui.label(
            RichText::new(title)
                .color(ui.visuals().warn_fg_color)
                .strong(),
        );
        if list.desk_key_replaced {
            ui.label(RichText::new(tr.get("leaving-admin-pins")).color(ui.visuals().warn_fg_color));
        }
        for line in &list.lines {
            ui.horizontal_wrapped(|ui| {
                if line.done {
                    ui.label(RichText::new(line.exposure.label()).weak());
                    ui.label(RichText::new(tr.get("leaving-done")).weak());
                    return;
                }
                if line.dismissed {
                    ui.label(RichText::new(line.exposure.label()).weak().strikethrough());
                    return;
                }
                ui.label(RichText::new(line.exposure.label()).strong());
                ui.label(RichText::new(exposure_words(&line.exposure, now, tr)).weak());
                let account = line.exposure.account.clone();
                if ui.button(tr.get("rekey-open")).clicked() {
                    action = Some(Action::Rekey(RekeyAction::Open(account.clone())));
                }
                if ui
                    .button(tr.get("leaving-dismiss"))
                    .on_hover_text(tr.get("leaving-dismiss-hint"))
                    .clicked()
                {
                    action = Some(Action::Desk(DeskAction::DismissLeaving(
                        list.person.clone(),
                        account,
                    )));
                }
            });
        }
    }
    action
}

/// "My PIN": the current PIN, then the new one twice.
pub fn own_pin_ui(
    ui: &mut egui::Ui,
    draft: &mut OwnPinDraft,
    busy: bool,
    tr: &Tr,
) -> Option<Action> {
    let mut action = None;
    fit_width(ui, 340.0);
    ui.add_space(4.0);
    egui::Grid::new("own-pin").num_columns(2).show(ui, |ui| {
        for (key, field) in [
            ("current-pin", &mut draft.old),
            ("new-pin", &mut draft.new),
            ("repeat-pin", &mut draft.repeat),
        ] {
            let label = ui.label(tr.get(key));
            ui.add(
                TextEdit::singleline(&mut **field)
                    .password(true)
                    .desired_width(160.0),
            )
            .labelled_by(label.id);
            ui.end_row();
        }
    });
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        if ui.button(RichText::new(tr.get("save")).strong()).clicked() {
            action = Some(Action::Desk(DeskAction::SubmitOwnPin));
        }
        if ui.button(tr.get("cancel")).clicked() {
            action = Some(Action::CloseDialog);
        }
        if busy {
            crate::gui::features::dialog_ui::spinner(ui, tr);
        }
    });
    if let Some(error) = &draft.error {
        ui.add(egui::Label::new(RichText::new(error).color(ui.visuals().error_fg_color)).wrap());
    }
    action
}
