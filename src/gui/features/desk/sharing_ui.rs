//! Sharing of one account (admins): which members may use its codes, and until when. Admins
//! see every account anyway.

use eframe::egui::{self, RichText, TextEdit};

use super::DeskState;
use crate::desk::{PersonId, Role, until};
use crate::gui::command::{Action, DeskAction};
use crate::gui::model::view::SharingDraft;
use crate::gui::support::i18n::{Arg, Tr};

pub fn sharing_ui(
    ui: &mut egui::Ui,
    draft: &mut SharingDraft,
    label: &str,
    state: &DeskState,
    shares: &[(PersonId, Option<u64>)],
    now: u64,
    tr: &Tr,
) -> Option<Action> {
    let mut action = None;
    ui.set_width(400.0);
    ui.heading(tr.with("sharing-title", &[("label", Arg::Text(label))]));
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        let field = ui.label(tr.get("share-until"));
        ui.add(
            TextEdit::singleline(&mut draft.until)
                .hint_text(tr.get("share-until-hint"))
                .desired_width(160.0),
        )
        .labelled_by(field.id);
    });
    ui.add_space(6.0);
    for person in &state.people {
        ui.horizontal(|ui| {
            ui.label(RichText::new(&person.name).strong());
            if person.role == Role::Admin {
                ui.label(RichText::new(tr.get("sees-everything")).weak());
                return;
            }
            let share = shares.iter().find(|(id, _)| id == &person.id);
            ui.with_layout(
                egui::Layout::right_to_left(egui::Align::Center),
                |ui| match share {
                    Some((_, until_secs)) => {
                        if ui.button(tr.get("stop-sharing")).clicked() {
                            action = Some(Action::Desk(DeskAction::Unshare(person.id.clone())));
                        }
                        let text = match until_secs {
                            Some(at) => tr.with(
                                "shared-until",
                                &[("time", Arg::Text(&until::show_until(*at, now)))],
                            ),
                            None => tr.get("shared"),
                        };
                        ui.label(text);
                    }
                    None => {
                        if ui.button(tr.get("share")).clicked() {
                            action = Some(Action::Desk(DeskAction::Share(person.id.clone())));
                        }
                    }
                },
            );
        });
    }
    if let Some(error) = &draft.error {
        ui.label(RichText::new(error).color(ui.visuals().error_fg_color));
    }
    ui.add_space(6.0);
    if ui.button(tr.get("close")).clicked() {
        action = Some(Action::CloseDialog);
    }
    action
}
