//! Desk mode's bar above the list: who is working (their name opens their own menu: "My
//! PIN…"), "Switch person", and the admin's pages.

use eframe::egui::{self, RichText};

use crate::gui::command::{Action, DeskAction};
use crate::gui::model::Acting;
use crate::gui::support::i18n::Tr;

pub fn bar_ui(ui: &mut egui::Ui, acting: &Acting, tr: &Tr) -> Option<Action> {
    let mut action = None;
    let mut wrap_pages = false;
    ui.horizontal(|ui| {
        let role = tr.get(if acting.admin {
            "role-admin"
        } else {
            "role-member"
        });
        // The person's own menu: their PIN (the bar has no room for another button).
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
        // The admin's pages sit at the right end of the row when they fit beside the rest, and
        // on a row of their own when the window is narrow (360 px), never over the left side.
        if acting.admin {
            if ui.available_width() >= pages_width(ui, tr) {
                action = pages_ui(ui, tr).or(action.take());
            } else {
                wrap_pages = true;
            }
        }
    });
    if wrap_pages {
        ui.horizontal(|ui| action = pages_ui(ui, tr).or(action.take()));
    }
    action
}

const PAGES: [(&str, DeskAction); 3] = [
    ("log-open", DeskAction::OpenLog),
    ("trash-open", DeskAction::OpenTrash),
    ("people-open", DeskAction::OpenPeople),
];

/// Log…, Trash… and People…, right-aligned.
fn pages_ui(ui: &mut egui::Ui, tr: &Tr) -> Option<Action> {
    let mut action = None;
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
        for (key, page) in PAGES {
            if ui.button(tr.get(key)).clicked() {
                action = Some(Action::Desk(page));
            }
        }
    });
    action
}

/// The width the admin's page buttons take, with the gap before them.
fn pages_width(ui: &egui::Ui, tr: &Tr) -> f32 {
    let font = egui::TextStyle::Button.resolve(ui.style());
    let (padding, gap) = (ui.spacing().button_padding.x, ui.spacing().item_spacing.x);
    PAGES
        .iter()
        .map(|(key, _)| {
            let galley =
                ui.painter()
                    .layout_no_wrap(tr.get(key), font.clone(), egui::Color32::PLACEHOLDER);
            galley.size().x + 2.0 * padding + gap
        })
        .sum::<f32>()
        + gap
}
