//! "Who is working?": the desk-mode lock screen. One large button per person, then their PIN —
//! two clicks and a few digits to switch person. No account is named here.

use eframe::egui::{self, Key, RichText, TextEdit};

use super::{DeskState, PersonCard};
use crate::desk::Role;
use crate::gui::command::{Action, DeskAction};
use crate::gui::support::focus;
use crate::gui::support::i18n::Tr;

pub fn picker_ui(
    ui: &mut egui::Ui,
    state: &mut DeskState,
    now_secs: u64,
    tr: &Tr,
) -> Option<Action> {
    let mut action = None;
    egui::CentralPanel::default_margins().show(ui, |ui| {
        ui.vertical_centered(|ui| {
            ui.add_space((ui.available_height() * 0.12).max(12.0));
            ui.heading(RichText::new(tr.get("who-is-working")).size(26.0));
            ui.add_space(16.0);
            let picked = state.picked.clone();
            let picked_card = picked
                .as_ref()
                .and_then(|id| state.people.iter().find(|p| &p.id == id).cloned());
            match picked_card {
                None => {
                    for person in &state.people {
                        if person_button_ui(ui, person, tr).clicked() {
                            action = Some(Action::Desk(DeskAction::Pick(person.id.clone())));
                        }
                        ui.add_space(6.0);
                    }
                }
                Some(person) => action = pin_ui(ui, state, &person, now_secs, tr),
            }
        });
    });
    action
}

fn person_button_ui(ui: &mut egui::Ui, person: &PersonCard, tr: &Tr) -> egui::Response {
    let role = match person.role {
        Role::Admin => tr.get("role-admin"),
        Role::Member => tr.get("role-member"),
    };
    let text = RichText::new(format!("{}   ·   {role}", person.name)).size(20.0);
    ui.add(egui::Button::new(text).min_size(egui::vec2(280.0, 52.0)))
}

fn pin_ui(
    ui: &mut egui::Ui,
    state: &mut DeskState,
    person: &PersonCard,
    now_secs: u64,
    tr: &Tr,
) -> Option<Action> {
    let mut action = None;
    ui.label(RichText::new(&person.name).size(22.0).strong());
    ui.add_space(10.0);
    let label = ui.label(tr.get("desk-pin"));
    let field = ui
        .add(
            TextEdit::singleline(&mut *state.pin)
                .password(true)
                .font(egui::TextStyle::Heading)
                .desired_width(220.0),
        )
        .labelled_by(label.id);
    focus::keep_focus(ui, &field);
    let entered = field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
    ui.add_space(8.0);
    let wait = person.wait_until.saturating_sub(now_secs);
    let enabled = wait == 0 && !state.busy;
    ui.horizontal(|ui| {
        ui.add_space((ui.available_width() - 220.0).max(0.0) / 2.0);
        let unlock = ui.add_enabled(
            enabled,
            egui::Button::new(RichText::new(tr.get("unlock")).size(18.0))
                .min_size(egui::vec2(120.0, 36.0)),
        );
        if enabled && (unlock.clicked() || entered) {
            action = Some(Action::Desk(DeskAction::Unlock));
        }
        if ui
            .add(egui::Button::new(tr.get("someone-else")).min_size(egui::vec2(90.0, 36.0)))
            .clicked()
        {
            action = Some(Action::Desk(DeskAction::SwitchPerson));
        }
    });
    if wait > 0 {
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_secs(1));
    }
    let checking = state.busy.then(|| tr.get("pin-checking"));
    let said = state.message.as_ref().map(|m| m.show(tr));
    let message = checking.as_deref().or(said.as_deref());
    crate::gui::features::lock::lock_ui::message_ui(ui, message, wait, tr);
    action
}
