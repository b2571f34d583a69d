//! The People page (admins), and the first-admin form that starts desk mode.

use eframe::egui::{self, RichText, TextEdit};

use super::DeskState;
use crate::desk::Role;
use crate::gui::command::{Action, DeskAction};
use crate::gui::features::dialog_ui::fit_width;
use crate::gui::model::view::PeopleDraft;
use crate::gui::support::i18n::Tr;

pub fn people_ui(
    ui: &mut egui::Ui,
    draft: &mut PeopleDraft,
    state: &DeskState,
    now: u64,
    tr: &Tr,
) -> Option<Action> {
    let mut action = None;
    fit_width(ui, 420.0);
    ui.add_space(4.0);
    if !state.is_on() {
        ui.label(RichText::new(tr.get("desk-intro")).weak());
        ui.add_space(6.0);
    }
    let me = state.session.as_ref().map(|s| s.person.clone());
    egui::ScrollArea::vertical()
        .max_height(220.0)
        .show(ui, |ui| {
            for person in &state.people {
                ui.horizontal(|ui| {
                    let role = match person.role {
                        Role::Admin => tr.get("role-admin"),
                        Role::Member => tr.get("role-member"),
                    };
                    ui.label(RichText::new(&person.name).strong());
                    ui.label(RichText::new(role).weak());
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        if me.as_ref() != Some(&person.id)
                            && ui.button(tr.get("remove-person")).clicked()
                        {
                            action =
                                Some(Action::Desk(DeskAction::RemovePerson(person.id.clone())));
                        }
                        if ui.button(tr.get("reset-pin")).clicked() {
                            action = Some(Action::Desk(DeskAction::AskResetPin(person.id.clone())));
                        }
                        if state.is_on()
                            && ui
                                .button(tr.get("exposure-open"))
                                .on_hover_text(tr.get("exposure-hint"))
                                .clicked()
                        {
                            action =
                                Some(Action::Desk(DeskAction::ShowExposure(person.id.clone())));
                        }
                    });
                });
                if draft.renaming.as_ref() == Some(&person.id) {
                    ui.horizontal(|ui| {
                        let label = ui.label(tr.get("new-name"));
                        ui.add(TextEdit::singleline(&mut draft.new_name).desired_width(140.0))
                            .labelled_by(label.id);
                        if ui.button(tr.get("save")).clicked() {
                            action = Some(Action::Desk(DeskAction::SubmitRename));
                        }
                    });
                }
                if draft.resetting.as_ref() == Some(&person.id) {
                    ui.horizontal(|ui| {
                        let label = ui.label(tr.get("new-pin"));
                        ui.add(
                            TextEdit::singleline(&mut *draft.new_pin)
                                .password(true)
                                .desired_width(140.0),
                        )
                        .labelled_by(label.id);
                        if ui.button(tr.get("save")).clicked() {
                            action = Some(Action::Desk(DeskAction::SubmitResetPin));
                        }
                    });
                }
            }
        });
    action = super::leaving_ui::exposure_and_leaving_ui(ui, draft, now, tr).or(action);
    ui.separator();
    ui.label(
        RichText::new(tr.get(if state.is_on() {
            "add-person"
        } else {
            "add-first-admin"
        }))
        .strong(),
    );
    egui::Grid::new("add-person").num_columns(2).show(ui, |ui| {
        let label = ui.label(tr.get("person-name"));
        ui.add(TextEdit::singleline(&mut draft.name).desired_width(200.0))
            .labelled_by(label.id);
        ui.end_row();
        let label = ui.label(tr.get("desk-pin"));
        ui.add(
            TextEdit::singleline(&mut *draft.pin)
                .password(true)
                .desired_width(200.0),
        )
        .labelled_by(label.id);
        ui.end_row();
        let label = ui.label(tr.get("repeat-pin"));
        ui.add(
            TextEdit::singleline(&mut *draft.repeat)
                .password(true)
                .desired_width(200.0),
        )
        .labelled_by(label.id);
        ui.end_row();
    });
    ui.horizontal(|ui| {
        if state.is_on() {
            if ui.button(tr.get("add-member")).clicked() {
                action = Some(Action::Desk(DeskAction::AddPerson(Role::Member)));
            }
            if ui.button(tr.get("add-admin")).clicked() {
                action = Some(Action::Desk(DeskAction::AddPerson(Role::Admin)));
            }
        } else if ui.button(tr.get("start-desk")).clicked() {
            action = Some(Action::Desk(DeskAction::AddPerson(Role::Admin)));
        }
        if state.busy {
            crate::gui::features::dialog_ui::spinner(ui, tr);
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button(tr.get("close")).clicked() {
                action = Some(Action::CloseDialog);
            }
        });
    });
    if let Some(error) = &draft.error {
        ui.label(RichText::new(error).color(ui.visuals().error_fg_color));
    }
    action
}
