//! The team folder's pages: share with other computers, invite a computer (its one-time code and
//! how long it stays valid), join a team (folder, name and code, then an admin's PIN), and
//! revoke a computer (then the accounts to re-enrol). Drawing only: returns actions.

use eframe::egui::{self, RichText, TextEdit};

use crate::desk::team::setup::Subject;
use crate::gui::command::{Action, TeamAction};
use crate::gui::features::dialog_ui::fit_width;
use crate::gui::model::team_page::{
    ChoicesView, InviteView, JoinDraft, JoinStep, RevokeView, ShareDraft, TeamPage,
};
use crate::gui::support::i18n::{Arg, Tr};

/// The page; also whether it shows a countdown (the frame loop redraws each second then).
pub fn team_ui(
    ui: &mut egui::Ui,
    page: &mut TeamPage,
    now: u64,
    tr: &Tr,
) -> (Option<Action>, bool) {
    fit_width(ui, 400.0);
    match page {
        TeamPage::Share(draft) => (share_ui(ui, draft, tr), false),
        TeamPage::Invite(view) => invite_ui(ui, view, now, tr),
        TeamPage::Join(draft) => (join_ui(ui, draft, tr), false),
        TeamPage::Revoke(view) => (revoke_ui(ui, view, tr), false),
        TeamPage::Choices(view) => (choices_ui(ui, view, tr), false),
    }
}

fn hint(ui: &mut egui::Ui, text: String) {
    ui.add(egui::Label::new(RichText::new(text).weak()).wrap());
    ui.add_space(6.0);
}

fn error_ui(ui: &mut egui::Ui, error: Option<&String>) {
    if let Some(error) = error {
        ui.add(egui::Label::new(RichText::new(error).color(ui.visuals().error_fg_color)).wrap());
    }
}

/// A labelled one-line field (its label names it for screen readers).
fn field_ui(ui: &mut egui::Ui, label: String, text: &mut String, width: f32) -> egui::Response {
    let label = ui.label(label);
    ui.add(TextEdit::singleline(text).desired_width(width))
        .labelled_by(label.id)
}

/// The folder field with "Choose…", which opens the system's folder dialog.
fn folder_ui(ui: &mut egui::Ui, folder: &mut String, tr: &Tr) -> Option<Action> {
    let mut action = None;
    let label = ui.label(tr.get("team-folder"));
    ui.horizontal(|ui| {
        let choose_width = 80.0;
        let width = (ui.available_width() - choose_width).max(120.0);
        ui.add(TextEdit::singleline(folder).desired_width(width))
            .labelled_by(label.id);
        if ui.button(tr.get("team-choose-folder")).clicked() {
            action = Some(Action::Team(TeamAction::ChooseFolder));
        }
    });
    action
}

fn buttons_ui(
    ui: &mut egui::Ui,
    (go, go_action): (String, Option<Action>),
    busy: bool,
    tr: &Tr,
) -> Option<Action> {
    let mut action = None;
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        let go = ui.add_enabled(!busy, egui::Button::new(RichText::new(go).strong()));
        if go.clicked() {
            action = go_action;
        }
        if ui.button(tr.get("cancel")).clicked() {
            action = Some(Action::CloseDialog);
        }
        if busy {
            crate::gui::features::dialog_ui::spinner(ui, tr);
        }
    });
    action
}

fn share_ui(ui: &mut egui::Ui, draft: &mut ShareDraft, tr: &Tr) -> Option<Action> {
    hint(ui, tr.get("team-share-hint"));
    let mut action = folder_ui(ui, &mut draft.folder, tr);
    ui.add_space(4.0);
    field_ui(ui, tr.get("team-computer-name"), &mut draft.name, 240.0);
    let go = (
        tr.get("team-share-go"),
        Some(Action::Team(TeamAction::SubmitShare)),
    );
    action = buttons_ui(ui, go, draft.busy, tr).or(action);
    error_ui(ui, draft.error.as_ref());
    action
}

fn invite_ui(ui: &mut egui::Ui, view: &InviteView, now: u64, tr: &Tr) -> (Option<Action>, bool) {
    let mut ticking = false;
    if let Some(name) = &view.joined {
        let text = tr.with("team-joined", &[("name", Arg::Text(name))]);
        ui.label(RichText::new(text).strong());
    } else if let Some(code) = &view.code {
        hint(ui, tr.get("team-invite-hint"));
        ui.vertical_centered(|ui| {
            let code = RichText::new(code.as_str()).monospace().size(30.0).strong();
            ui.add(egui::Label::new(code).selectable(true));
            let left = view.expires_unix.saturating_sub(now);
            let time = format!("{}:{:02}", left / 60, left % 60);
            ui.label(tr.with("team-code-left", &[("time", Arg::Text(&time))]));
        });
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            crate::gui::features::dialog_ui::spinner(ui, tr);
            ui.label(tr.get("team-waiting"));
        });
        ticking = true;
    } else if view.error.is_none() {
        crate::gui::features::dialog_ui::spinner(ui, tr);
    }
    error_ui(ui, view.error.as_ref());
    ui.add_space(6.0);
    let close = ui.button(tr.get("close")).clicked();
    (close.then_some(Action::CloseDialog), ticking)
}

fn join_ui(ui: &mut egui::Ui, draft: &mut JoinDraft, tr: &Tr) -> Option<Action> {
    let mut action = None;
    match draft.step {
        JoinStep::Form => {
            hint(ui, tr.get("team-join-hint"));
            action = folder_ui(ui, &mut draft.folder, tr);
            ui.add_space(4.0);
            field_ui(ui, tr.get("team-computer-name"), &mut draft.name, 240.0);
            ui.add_space(4.0);
            let code = field_ui(ui, tr.get("team-join-code"), &mut draft.code, 160.0);
            let entered = code.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let go = (
                tr.get("team-join-go"),
                Some(Action::Team(TeamAction::SubmitJoin)),
            );
            action = buttons_ui(ui, go, false, tr).or(action);
            if entered {
                action = Some(Action::Team(TeamAction::SubmitJoin));
            }
        }
        JoinStep::Waiting => {
            ui.horizontal(|ui| {
                crate::gui::features::dialog_ui::spinner(ui, tr);
                ui.add(egui::Label::new(tr.get("team-join-waiting")).wrap());
            });
            ui.add_space(6.0);
            if ui.button(tr.get("cancel")).clicked() {
                action = Some(Action::CloseDialog);
            }
        }
        JoinStep::Admin | JoinStep::Bringing => {
            hint(ui, tr.get("team-join-admitted"));
            ui.label(tr.get("team-join-admin"));
            for name in &draft.admins {
                let picked = draft.admin.as_ref() == Some(name);
                if ui.radio(picked, name).clicked() {
                    action = Some(Action::Team(TeamAction::PickAdmin(name.clone())));
                }
            }
            ui.add_space(4.0);
            let label = ui.label(tr.get("team-join-pin"));
            let pin = ui
                .add(
                    TextEdit::singleline(&mut *draft.pin)
                        .password(true)
                        .desired_width(160.0),
                )
                .labelled_by(label.id);
            let entered = pin.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let go = (
                tr.get("team-join-bring"),
                Some(Action::Team(TeamAction::SubmitAdminPin)),
            );
            let busy = draft.step == JoinStep::Bringing;
            action = buttons_ui(ui, go, busy, tr).or(action);
            if entered && !busy {
                action = Some(Action::Team(TeamAction::SubmitAdminPin));
            }
        }
    }
    error_ui(ui, draft.error.as_ref());
    action
}

fn revoke_ui(ui: &mut egui::Ui, view: &RevokeView, tr: &Tr) -> Option<Action> {
    let name = Arg::Text(&view.name);
    let Some(accounts) = &view.re_enrol else {
        let ask = tr.with("team-revoke-ask", &[("name", name)]);
        ui.add(egui::Label::new(ask).wrap());
        let go = (
            tr.get("team-revoke-go"),
            Some(Action::Team(TeamAction::ConfirmRevoke)),
        );
        let action = buttons_ui(ui, go, view.busy, tr);
        error_ui(ui, view.error.as_ref());
        return action;
    };
    let count = Arg::Number(i64::try_from(accounts.len()).unwrap_or(i64::MAX));
    let done = tr.with("team-revoked-done", &[("name", name), ("count", count)]);
    ui.add(egui::Label::new(RichText::new(done).strong()).wrap());
    egui::ScrollArea::vertical()
        .max_height(240.0)
        .show(ui, |ui| {
            for label in accounts {
                ui.label(label);
            }
        });
    ui.add_space(6.0);
    ui.button(tr.get("close"))
        .clicked()
        .then_some(Action::CloseDialog)
}

/// A value as the pick shows it: the text itself, or what a flag or a place means.
fn value_words(value: &crate::team::FieldValue, tr: &Tr) -> String {
    use crate::team::FieldValue as V;
    match value {
        V::Issuer(text) | V::Name(text) | V::Group(text) if text.is_empty() => {
            tr.get("team-value-empty")
        }
        V::Issuer(text) | V::Name(text) | V::Group(text) => text.clone(),
        V::Position(place) => tr.with(
            "team-value-place",
            &[("place", Arg::Number(i64::from(*place) + 1))],
        ),
        V::Pinned(true) => tr.get("team-value-pinned"),
        V::Pinned(false) => tr.get("team-value-unpinned"),
        V::Trashed(true) => tr.get("team-value-trashed"),
        V::Trashed(false) => tr.get("team-value-kept"),
    }
}

fn field_words(value: &crate::team::FieldValue, tr: &Tr) -> String {
    use crate::team::Field as F;
    tr.get(match value.field() {
        F::Issuer => "field-issuer",
        F::Name => "field-name",
        F::Group => "field-group",
        F::Position => "team-field-place",
        F::Pinned => "team-field-pinned",
        F::Trashed => "team-field-trashed",
    })
}

/// Each field computers changed while apart, with a button per value: the one clicked is kept
/// on every computer.
fn choices_ui(ui: &mut egui::Ui, view: &ChoicesView, tr: &Tr) -> Option<Action> {
    let mut action = None;
    hint(ui, tr.get("team-choices-hint"));
    match &view.choices {
        None => {
            crate::gui::features::dialog_ui::spinner(ui, tr);
        }
        Some(choices) if choices.is_empty() => {
            ui.label(RichText::new(tr.get("team-choices-none")).strong());
        }
        Some(choices) => {
            for (i, choice) in choices.iter().enumerate() {
                let Some(first) = choice.values.first() else {
                    continue;
                };
                let title = match &choice.subject {
                    Subject::Account(_) => format!("{} · {}", choice.label, field_words(first, tr)),
                    // A person's only field here is their name ("人员 安 · 姓名").
                    Subject::Person(_) => format!(
                        "{} · {}",
                        tr.with("team-choice-person", &[("name", Arg::Text(&choice.label))]),
                        tr.get("team-field-person-name")
                    ),
                };
                ui.label(RichText::new(title).strong());
                ui.horizontal_wrapped(|ui| {
                    for (j, value) in choice.values.iter().enumerate() {
                        let button = egui::Button::new(value_words(value, tr));
                        if ui.add_enabled(!view.busy, button).clicked() {
                            action = Some(Action::Team(TeamAction::Pick(i, j)));
                        }
                    }
                });
                ui.add_space(4.0);
            }
        }
    }
    error_ui(ui, view.error.as_ref());
    ui.add_space(6.0);
    if ui.button(tr.get("close")).clicked() {
        action = Some(Action::CloseDialog);
    }
    action
}
