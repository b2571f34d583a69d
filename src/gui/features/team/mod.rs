//! The team folder's pages (issue 21's window part): an admin shares this desk's vault with
//! other computers through a folder the team already syncs, invites a computer with a one-time
//! code, and revokes one; a new computer joins with that code and an admin's PIN. The work is
//! [`crate::desk::team::setup`]'s and [`crate::desk::team::joining`]'s, the same the command line
//! runs; here it runs as background tasks, and the waits for the other computer stop when the
//! page closes. Drawn by [`team_ui`]. Must not depend on `app.rs`; starts no thread.

mod steps;
pub mod team_ui;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::desk::{self, DeskDone, DeskState, people::Change};
use super::{Done, Effects};
use crate::desk::Session;
use crate::desk::team::join::CODE_LIFETIME_SECS;
use crate::desk::team::joining::Invitation;
use crate::desk::team::membership::Membership;
use crate::desk::team::notes;
use crate::desk::team::setup::{self, Choice, Created, Revoked};
use crate::gui::command::TeamAction;
use crate::gui::model::Model;
use crate::gui::model::team_page::{
    ChoicesView, JoinDraft, JoinStep, RevokeView, ShareDraft, TeamPage,
};
use crate::gui::model::view::Dialog;
use crate::gui::support::errors;
use crate::gui::support::i18n::Arg;
use crate::gui::support::message::Message;
use crate::store::audit_log::{AuditAction, Via};

#[derive(Default)]
pub struct TeamState {
    /// Raised when the page closes: the join stops waiting for the other side.
    stop: Arc<AtomicBool>,
    /// The open invite, between its looks at the folder (`None` while one runs).
    invitation: Option<Box<Invitation>>,
    /// When the invite last looked for an answer.
    last_poll: Option<Instant>,
    /// The new computer's membership once the code was accepted, until an admin's PIN brought
    /// the vault here (a wrong PIN keeps it for the next try).
    joined: Option<Box<Membership>>,
}

/// What the team's background steps answered.
pub enum TeamDone {
    Shared(Result<Created, Message>),
    Folder(Option<PathBuf>),
    Invited(Result<Box<Invitation>, Message>),
    /// One look for the new computer's answer: who joined, not yet (the invite back), or why
    /// the invite ended.
    Polled(Result<Option<String>, Message>, Option<Box<Invitation>>),
    /// The invite file was taken away (the page closed).
    Withdrawn,
    /// This computer was admitted: the team's admins by name.
    Admitted(Result<(Box<Membership>, Vec<String>), Message>),
    /// The vault came, or why not (the membership back, for the next try).
    Brought(Result<Box<Arrived>, Message>, Option<Box<Membership>>),
    Revoked(Result<Revoked, Message>),
    /// The fields waiting for a pick (after one was picked: `true`).
    Choices(Result<Vec<Choice>, Message>, bool),
}

/// What came to a joined computer.
pub struct Arrived {
    /// The admin who vouched, working now.
    pub session: Session,
    pub people: Vec<desk::PersonCard>,
    pub accounts: usize,
    pub folder: PathBuf,
}

/// What a team step's answer asks of the other features.
#[derive(Default)]
pub struct Outcome {
    /// A joined computer's admin is working: the desk feature starts their session.
    pub desk: Option<DeskDone>,
    /// The team folder to watch from now on.
    pub folder: Option<PathBuf>,
    /// Said after the desk's own words.
    pub toast: Option<String>,
    /// Recorded in the audit log once the desk's session started (a computer joined).
    pub audit: Option<String>,
}

fn page(view: &mut crate::gui::model::view::View) -> Option<&mut TeamPage> {
    match &mut view.dialog {
        Some(Dialog::Team(page)) => Some(page),
        _ => None,
    }
}

fn open(model: &mut Model, page: TeamPage) {
    model.view.dialog = Some(Dialog::Team(Box::new(page)));
}

/// The page closed: whatever waited for another computer stops.
pub fn stop(state: &mut TeamState) {
    state.stop.store(true, Ordering::Release);
}

/// How often an open invite looks for the new computer's answer (the page's countdown draws a
/// frame each second, which is when it looks).
const POLL_EVERY: Duration = Duration::from_millis(500);

/// After every step: a closed page stops its join and takes its invite away; an open invite
/// looks for an answer now and then.
pub fn tick(state: &mut TeamState, desk_state: &DeskState, model: &Model, fx: &mut Effects) {
    if !matches!(model.view.dialog, Some(Dialog::Team(_))) {
        stop(state);
        if let Some(invitation) = state.invitation.take() {
            let withdraw = move || {
                invitation.withdraw();
                Done::Team(TeamDone::Withdrawn)
            };
            fx.task("team-withdraw", withdraw, || {
                Done::Team(TeamDone::Withdrawn)
            });
        }
        return;
    }
    if state.invitation.is_some() && state.last_poll.is_none_or(|at| at.elapsed() >= POLL_EVERY) {
        state.last_poll = Some(Instant::now());
        steps::poll(state, desk_state, model, fx);
    }
}

fn said(error: &setup::SetupError) -> Message {
    errors::team(error)
}

pub fn update(
    state: &mut TeamState,
    desk_state: &DeskState,
    model: &mut Model,
    fx: &mut Effects,
    action: &TeamAction,
) {
    let now = model.base_clock.unix_secs();
    match action {
        TeamAction::OpenShare => open(
            model,
            TeamPage::Share(ShareDraft {
                name: setup::host_name(),
                ..ShareDraft::default()
            }),
        ),
        TeamAction::SubmitShare => steps::share(desk_state, model, fx, now),
        TeamAction::ChooseFolder => {
            let title = model.tr.get("team-folder");
            fx.task(
                "team-folder",
                move || Done::Team(TeamDone::Folder(steps::pick_folder(&title))),
                || Done::Team(TeamDone::Folder(None)),
            );
        }
        TeamAction::OpenInvite => steps::invite(state, desk_state, model, fx, now),
        TeamAction::OpenJoin => open(
            model,
            TeamPage::Join(JoinDraft {
                name: setup::host_name(),
                ..JoinDraft::default()
            }),
        ),
        TeamAction::SubmitJoin => steps::join(state, desk_state, model, fx),
        TeamAction::PickAdmin(name) => {
            if let Some(TeamPage::Join(draft)) = page(&mut model.view) {
                draft.admin = Some(name.clone());
            }
        }
        TeamAction::SubmitAdminPin => steps::bring(state, desk_state, model, fx, now),
        TeamAction::AskRevoke(id) => {
            let name = model.team.as_ref().and_then(|t| {
                let desk = t.status.desks.iter().find(|d| &d.id == id)?;
                Some(desk.name.clone())
            });
            if let Some(name) = name {
                let view = RevokeView {
                    desk_id: id.clone(),
                    name,
                    busy: false,
                    re_enrol: None,
                    error: None,
                };
                open(model, TeamPage::Revoke(view));
            }
        }
        TeamAction::ConfirmRevoke => steps::revoke(desk_state, model, fx, now),
        TeamAction::OpenChoices => {
            open(model, TeamPage::Choices(ChoicesView::default()));
            steps::choices(desk_state, model, fx, None);
        }
        TeamAction::Pick(choice, value) => {
            let picked = match page(&mut model.view) {
                Some(TeamPage::Choices(view)) if !view.busy => {
                    let choice = view.choices.as_ref().and_then(|c| c.get(*choice));
                    let value = choice
                        .and_then(|c| Some((c.subject.clone(), c.values.get(*value)?.clone())));
                    view.busy = value.is_some();
                    value
                }
                _ => None,
            };
            if picked.is_some() {
                steps::choices(desk_state, model, fx, picked);
            }
        }
    }
}

/// A team event in this desk's audit log, written by the window.
pub fn audit(model: &mut Model, fx: &mut Effects, note: String) {
    desk::audit(model, fx, AuditAction::Team, None, Via::Window, Some(note));
}

/// What a team step answered, and what that asks of the other features.
pub fn on_done(
    state: &mut TeamState,
    model: &mut Model,
    fx: &mut Effects,
    done: TeamDone,
) -> Outcome {
    match done {
        TeamDone::Shared(Ok(created)) => {
            audit(model, fx, notes::MADE.to_owned());
            let text = model.tr.with(
                "team-created",
                &[
                    ("path", Arg::Text(&created.folder.display().to_string())),
                    ("accounts", count(created.accounts)),
                    ("people", count(created.people)),
                ],
            );
            model.toast(text, false);
            if created.skipped.is_empty() {
                model.view.dialog = None;
            } else if let Some(TeamPage::Share(draft)) = page(&mut model.view) {
                draft.busy = false;
                let skipped = model
                    .tr
                    .with("team-skipped", &[("count", count(created.skipped.len()))]);
                draft.error = Some(format!("{skipped} {}", created.skipped.join(", ")));
            }
            return Outcome {
                folder: Some(created.folder),
                ..Outcome::default()
            };
        }
        TeamDone::Shared(Err(message)) => {
            if let Some(TeamPage::Share(draft)) = page(&mut model.view) {
                draft.busy = false;
                draft.error = Some(message.show(&model.tr));
            }
        }
        TeamDone::Folder(Some(folder)) => {
            let folder = folder.display().to_string();
            match page(&mut model.view) {
                Some(TeamPage::Share(draft)) => draft.folder = folder,
                Some(TeamPage::Join(draft)) => draft.folder = folder,
                _ => {}
            }
        }
        TeamDone::Folder(None) => {}
        TeamDone::Invited(Ok(invitation)) => {
            if let Some(TeamPage::Invite(view)) = page(&mut model.view) {
                view.code = Some(invitation.code());
                view.expires_unix = model.base_clock.unix_secs() + CODE_LIFETIME_SECS;
                state.invitation = Some(invitation);
                state.last_poll = None;
            }
        }
        TeamDone::Polled(Ok(None), invitation) => {
            // Closed since: the next tick takes the invite away.
            state.invitation = invitation;
        }
        TeamDone::Withdrawn => {}
        TeamDone::Invited(Err(message)) | TeamDone::Polled(Err(message), _) => {
            if let Some(TeamPage::Invite(view)) = page(&mut model.view)
                && message.id() != "team-stopped"
            {
                view.code = None;
                view.error = Some(message.show(&model.tr));
            }
        }
        TeamDone::Polled(Ok(Some(name)), _) => {
            audit(model, fx, notes::joined(&name));
            if let Some(TeamPage::Invite(view)) = page(&mut model.view) {
                view.code = None;
                view.joined = Some(name);
            }
        }
        TeamDone::Admitted(result) => {
            let Some(TeamPage::Join(draft)) = page(&mut model.view) else {
                return Outcome::default();
            };
            match result {
                Ok((m, admins)) => {
                    state.joined = Some(m);
                    draft.admin = (admins.len() == 1).then(|| admins[0].clone());
                    draft.admins = admins;
                    draft.step = JoinStep::Admin;
                }
                Err(message) if message.id() == "team-stopped" => {}
                Err(message) => {
                    draft.step = JoinStep::Form;
                    draft.error = Some(message.show(&model.tr));
                }
            }
        }
        TeamDone::Brought(result, m) => {
            state.joined = m;
            match result {
                Ok(arrived) => {
                    state.joined = None;
                    model.view.dialog = None;
                    let Arrived {
                        session,
                        people,
                        accounts,
                        folder,
                    } = *arrived;
                    let text = model.tr.with(
                        "team-joined-here",
                        &[
                            ("accounts", count(accounts)),
                            ("people", count(people.len())),
                        ],
                    );
                    return Outcome {
                        desk: Some(DeskDone::Changed {
                            result: Ok(Change::Started(session)),
                            people,
                            refreshed: None,
                        }),
                        folder: Some(folder),
                        toast: Some(text),
                        audit: Some(notes::JOINED_HERE.to_owned()),
                    };
                }
                Err(message) => {
                    if let Some(TeamPage::Join(draft)) = page(&mut model.view) {
                        draft.step = JoinStep::Admin;
                        draft.error = Some(message.show(&model.tr));
                    }
                }
            }
        }
        TeamDone::Choices(result, picked) => {
            if picked && result.is_ok() {
                audit(model, fx, notes::PICKED.to_owned());
            }
            if let Some(TeamPage::Choices(view)) = page(&mut model.view) {
                view.busy = false;
                match result {
                    Ok(choices) => {
                        view.choices = Some(choices);
                        view.error = None;
                    }
                    Err(message) => view.error = Some(message.show(&model.tr)),
                }
            }
        }
        TeamDone::Revoked(result) => {
            if let Ok(revoked) = &result {
                audit(model, fx, notes::revoked(&revoked.name, revoked.epoch));
            }
            if let Some(TeamPage::Revoke(view)) = page(&mut model.view) {
                view.busy = false;
                match result {
                    Ok(revoked) => view.re_enrol = Some(revoked.re_enrol),
                    Err(message) => view.error = Some(message.show(&model.tr)),
                }
            }
        }
    }
    Outcome::default()
}

fn count(n: usize) -> Arg<'static> {
    Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
}
