//! Sharing of one account (admins): which members may use its codes, and until when. The end
//! is chosen with plain buttons (end of the working day, 8 hours, this time tomorrow, no end)
//! or typed; stopping a share is a separate link that asks once more, never the button that
//! shared it. Admins see every account anyway.

use eframe::egui::{self, RichText, TextEdit};

use super::{DeskState, PersonCard};
use crate::desk::{Access, PersonId, Role, until};
use crate::gui::command::{Action, DeskAction};
use crate::gui::features::dialog_ui::fit_width;
use crate::gui::model::view::SharingDraft;
use crate::gui::support::i18n::{Arg, Tr};

/// The end of the working day the first choice offers.
const END_OF_DAY: &str = "18:00";

pub fn sharing_ui(
    ui: &mut egui::Ui,
    draft: &mut SharingDraft,
    state: &DeskState,
    shares: &[(PersonId, Option<u64>, Access)],
    (now, counter): (u64, bool),
    tr: &Tr,
) -> Option<Action> {
    let mut action = None;
    fit_width(ui, 400.0);
    ui.add_space(6.0);
    until_ui(ui, draft, now, tr);
    ui.add_space(4.0);
    // What a member receives: the codes of the time shared, or (HOTP) the key itself.
    let what = if counter {
        "share-gives-key"
    } else {
        "share-gives-codes"
    };
    ui.add(egui::Label::new(RichText::new(tr.get(what)).small().weak()).wrap());
    ui.add_space(8.0);
    for person in &state.people {
        let share = shares.iter().find(|(id, ..)| id == &person.id);
        action = person_ui(ui, draft, person, share.map(|(_, u, _)| *u), now, tr).or(action);
        ui.add_space(2.0);
    }
    if let Some(error) = &draft.error {
        ui.add(egui::Label::new(RichText::new(error).color(ui.visuals().error_fg_color)).wrap());
    }
    ui.add_space(6.0);
    if ui.button(tr.get("close")).clicked() {
        action = Some(Action::CloseDialog);
    }
    action
}

/// "Until": four plain choices, or a typed time; the hint sits under the field, whole.
fn until_ui(ui: &mut egui::Ui, draft: &mut SharingDraft, now: u64, tr: &Tr) {
    let field = ui.label(RichText::new(tr.get("share-until")).strong());
    let tomorrow = until::show_until(now + 24 * 60 * 60, now);
    let choices = [
        ("until-end-of-day", END_OF_DAY.to_owned()),
        ("until-8-hours", until::show_until(now + 8 * 60 * 60, now)),
        ("until-tomorrow", tomorrow),
        ("until-no-end", String::new()),
    ];
    ui.horizontal_wrapped(|ui| {
        for (key, value) in choices {
            let chosen = draft.until.trim() == value;
            if ui.selectable_label(chosen, tr.get(key)).clicked() {
                draft.until = value;
                draft.error = None;
            }
        }
    });
    let width = ui.available_width().min(220.0);
    ui.add(TextEdit::singleline(&mut draft.until).desired_width(width))
        .labelled_by(field.id);
    ui.add(egui::Label::new(RichText::new(tr.get("share-until-hint")).weak().small()).wrap());
}

/// One person: their name and either "Share", or "shared until …" with a separate "Stop
/// sharing…" that asks before it stops.
fn person_ui(
    ui: &mut egui::Ui,
    draft: &mut SharingDraft,
    person: &PersonCard,
    share: Option<Option<u64>>,
    now: u64,
    tr: &Tr,
) -> Option<Action> {
    let mut action = None;
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(&person.name).strong());
        if person.role == Role::Admin {
            ui.label(RichText::new(tr.get("sees-everything")).weak());
            return;
        }
        match share {
            None => {
                if ui.button(tr.get("share")).clicked() {
                    action = Some(Action::Desk(DeskAction::Share(person.id.clone())));
                }
            }
            Some(until_secs) => {
                let text = match until_secs {
                    Some(at) => tr.with(
                        "shared-until",
                        &[("time", Arg::Text(&until::show_until(at, now)))],
                    ),
                    None => tr.get("shared"),
                };
                ui.label(text);
                if draft.stopping.as_ref() != Some(&person.id)
                    && ui.link(tr.get("stop-sharing")).clicked()
                {
                    draft.stopping = Some(person.id.clone());
                }
            }
        }
    });
    if share.is_some() && draft.stopping.as_ref() == Some(&person.id) {
        ui.horizontal_wrapped(|ui| {
            let ask = tr.with("stop-sharing-ask", &[("name", Arg::Text(&person.name))]);
            ui.label(RichText::new(ask).color(ui.visuals().warn_fg_color));
            if ui.button(tr.get("stop-sharing-confirm")).clicked() {
                draft.stopping = None;
                action = Some(Action::Desk(DeskAction::Unshare(person.id.clone())));
            }
            if ui.button(tr.get("cancel")).clicked() {
                draft.stopping = None;
            }
        });
    }
    action
}
