//! Desk mode's bar above the list: who is working (their name opens their own menu: "My
//! PIN…"), "Switch person", and the admin's pages.

use eframe::egui::{self, RichText};

use crate::gui::command::{Action, DeskAction};
use crate::gui::model::Acting;
use crate::gui::support::i18n::Tr;

pub fn bar_ui(ui: &mut egui::Ui, acting: &Acting, tr: &Tr) -> Option<Action> {
    let mut action = None;
    ui.horizontal(|ui| {
        let role = tr.get(if acting.admin {
            "role-admin"
        } else {
            "role-member"
        });
        // The person's own menu: their PIN (the bar has no room for more buttons at 440 px).
        ui.menu_button(RichText::new(acting.name.as_str()).strong(), |ui| {
            if ui.button(tr.get("own-pin-open")).clicked() {
                action = Some(Action::Desk(DeskAction::OpenOwnPin));
                ui.close();
            }
        })
        .response
        .on_hover_text(tr.get("own-pin-hint"));
        ui.label(RichText::new(role).weak());
        if ui
            .button(tr.get("switch-person"))
            .on_hover_text("Ctrl+L")
            .clicked()
        {
            action = Some(Action::Desk(DeskAction::SwitchPerson));
        }
        if acting.admin {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                for (key, a) in [
                    ("log-open", DeskAction::OpenLog),
                    ("trash-open", DeskAction::OpenTrash),
                    ("people-open", DeskAction::OpenPeople),
                ] {
                    if ui.button(tr.get(key)).clicked() {
                        action = Some(Action::Desk(a));
                    }
                }
            });
        }
    });
    action
}
