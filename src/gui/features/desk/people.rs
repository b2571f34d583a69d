//! The admin's pages: People (add, remove, reset a PIN; the first person starts desk mode),
//! Sharing per account (until a time), the Trash and the audit Log. Desk changes derive keys,
//! so they run as tasks and come back as [`Change`]s.

use zeroize::Zeroizing;

use super::run;
use super::{DeskState, audit};
use crate::desk::{PersonId, Removed, Role, Session, check_pin};
use crate::gui::command::DeskAction;
use crate::gui::features::Effects;
use crate::gui::features::lock::LockState;
use crate::gui::model::Model;
use crate::gui::model::view::{Dialog, PeopleDraft, SharingDraft};
use crate::gui::support::i18n::Arg;
use crate::gui::support::message::Message;
use crate::gui::support::{audit_words, errors};
use crate::store::AccountId;
use crate::store::audit_log::{AuditAction, Via};

/// What a desk task did.
pub enum Change {
    /// Desk mode started with its first admin, who is now working.
    Started(Session),
    Added {
        name: String,
        role: Role,
    },
    Removed(Removed),
    /// A PIN an admin set; whether it reached the team's other computers.
    PinReset(String, bool),
    Renamed(String),
    Shared {
        account: AccountId,
        detail: String,
    },
    Unshared {
        account: AccountId,
        name: String,
    },
    /// What a person could use and did use (the People page's "Exposure").
    Exposure(String, Vec<crate::desk::exposure::Exposure>),
    /// The leaving lists after a line was dismissed or an account re-enrolled.
    Leaving(Vec<crate::desk::leaving::Leaving>),
    OwnPinChanged {
        /// The new PIN reached the team's other computers (always, on a desk in no team).
        everywhere: bool,
        /// The session with the new PIN's keys (its box, its signing key), taken up at once.
        renewed: Option<Box<Session>>,
    },
    /// A re-enrolled account's shares carry its new codes; how many.
    Reshared(usize),
}

pub fn update(state: &mut DeskState, model: &mut Model, fx: &mut Effects, action: &DeskAction) {
    match action {
        DeskAction::OpenPeople => {
            let leaving = leaving_lists(model);
            model.view.dialog = Some(Dialog::People(PeopleDraft {
                leaving,
                ..PeopleDraft::default()
            }));
        }
        DeskAction::AddPerson(role) => add_person(state, model, fx, *role),
        DeskAction::RemovePerson(id) => {
            let id = id.clone();
            let now = model.base_clock.unix_secs();
            run(state, fx, move |desk, session| {
                let session = session.ok_or_else(refused)?;
                desk.remove_person(session, &id, now)
                    .map(Change::Removed)
                    .map_err(|e| errors::desk(&e))
            });
        }
        DeskAction::AskResetPin(id) => {
            if let Some(Dialog::People(draft)) = &mut model.view.dialog {
                draft.resetting = Some(id.clone());
                draft.new_pin = Zeroizing::default();
                draft.error = None;
            }
        }
        DeskAction::SubmitResetPin => {
            let Some(Dialog::People(draft)) = &mut model.view.dialog else {
                return;
            };
            let (Some(id), pin) = (draft.resetting.take(), std::mem::take(&mut draft.new_pin))
            else {
                return;
            };
            if check_pin(&pin).is_err() {
                draft.error = Some(errors::pin_too_short().show(&model.tr));
                draft.resetting = Some(id);
                return;
            }
            let name = name_of(state, &id);
            let now = model.base_clock.unix_secs();
            run(state, fx, move |desk, session| {
                let session = session.ok_or_else(refused)?;
                desk.reset_pin(session, &id, &pin, None)
                    .map_err(|e| errors::desk(&e))?;
                let admin = session.team_signer();
                let published = desk.publish_slot(&id, &session.person, admin.as_ref(), now);
                Ok(Change::PinReset(name, super::leaving::carried(published)))
            });
        }
        DeskAction::AskRename(id) => {
            let name = name_of(state, id);
            if let Some(Dialog::People(draft)) = &mut model.view.dialog {
                draft.renaming = Some(id.clone());
                draft.new_name = name;
                draft.error = None;
            }
        }
        DeskAction::SubmitRename => {
            let Some(Dialog::People(draft)) = &mut model.view.dialog else {
                return;
            };
            let (Some(id), new_name) = (draft.renaming.take(), std::mem::take(&mut draft.new_name))
            else {
                return;
            };
            let old = name_of(state, &id);
            if let Some(taken) = name_taken(state, &new_name, Some(&id)) {
                draft.error = Some(taken.show(&model.tr));
                draft.renaming = Some(id);
                draft.new_name = new_name;
                return;
            }
            run(state, fx, move |desk, session| {
                let session = session.ok_or_else(refused)?;
                desk.rename_person(session, &id, &new_name)
                    .map_err(|e| errors::desk(&e))?;
                Ok(Change::Renamed(format!("{} → {}", old, new_name.trim())))
            });
        }
        DeskAction::OpenSharing(account) => {
            model.view.dialog = Some(Dialog::Sharing(SharingDraft {
                account: account.clone(),
                until: String::new(),
                error: None,
                stopping: None,
            }));
        }
        DeskAction::Share(person) => super::shares::share(state, model, fx, person),
        DeskAction::Unshare(person) => {
            let Some(Dialog::Sharing(draft)) = &model.view.dialog else {
                return;
            };
            let (account, person) = (draft.account.clone(), person.clone());
            let name = name_of(state, &person);
            run(state, fx, move |desk, session| {
                let session = session.ok_or_else(refused)?;
                desk.unshare(session, &account, &person)
                    .map_err(|e| errors::desk(&e))?;
                Ok(Change::Unshared { account, name })
            });
        }
        DeskAction::OpenTrash
        | DeskAction::RestoreTrashed(_)
        | DeskAction::PurgeTrashed(_)
        | DeskAction::OpenLog => super::records::update(state, model, fx, action),
        DeskAction::ShowExposure(_)
        | DeskAction::DismissLeaving(..)
        | DeskAction::OpenOwnPin
        | DeskAction::SubmitOwnPin => super::leaving::update(state, model, fx, action),
        DeskAction::Pick(_)
        | DeskAction::Unlock
        | DeskAction::SwitchPerson
        | DeskAction::ExportLogCsv => {}
    }
}

/// The open leaving lists, read from the data folder: a small file, and no wait for the desk's
/// lock (a task may hold it through a PIN's work) on the window's thread.
fn leaving_lists(model: &Model) -> Vec<crate::desk::leaving::Leaving> {
    model
        .data_dir
        .as_deref()
        .map(crate::desk::leaving::lists)
        .unwrap_or_default()
}

pub(super) fn refused() -> Message {
    Message::new("member-refused")
}

/// Someone else at this desk already has `name` (the desk refuses it too; saying so here
/// keeps the form as it was typed).
fn name_taken(state: &DeskState, name: &str, except: Option<&PersonId>) -> Option<Message> {
    let name = name.trim();
    state
        .people
        .iter()
        .any(|p| p.name.trim() == name && Some(&p.id) != except)
        .then(|| Message::new("err-desk-name-taken").text("name", name))
}

pub(super) fn name_of(state: &DeskState, id: &PersonId) -> String {
    state
        .people
        .iter()
        .find(|p| &p.id == id)
        .map(|p| p.name.clone())
        .unwrap_or_default()
}

fn add_person(state: &mut DeskState, model: &mut Model, fx: &mut Effects, role: Role) {
    let Some(Dialog::People(draft)) = &mut model.view.dialog else {
        return;
    };
    let name = draft.name.trim().to_owned();
    let check = if name.is_empty() {
        Err(Message::new("person-name-missing"))
    } else if let Some(taken) = name_taken(state, &name, None) {
        Err(taken)
    } else if *draft.pin != *draft.repeat {
        Err(Message::new("password-mismatch"))
    } else {
        check_pin(&draft.pin).map_err(|_| errors::pin_too_short())
    };
    if let Err(message) = check {
        draft.error = Some(message.show(&model.tr));
        return;
    }
    let pin = std::mem::take(&mut draft.pin);
    draft.repeat = Zeroizing::default();
    draft.error = None;
    let now = model.base_clock.unix_secs();
    let first = !state.is_on();
    run(state, fx, move |desk, session| {
        if first {
            return desk
                .start(&name, &pin, now)
                .map(Change::Started)
                .map_err(|e| errors::desk(&e));
        }
        let session = session.ok_or_else(refused)?;
        desk.add_person(session, &name, &pin, role, now)
            .map_err(|e| errors::desk(&e))?;
        Ok(Change::Added { name, role })
    });
}

pub fn on_changed(
    state: &mut DeskState,
    lock_state: &mut LockState,
    model: &mut Model,
    fx: &mut Effects,
    result: Result<Change, Message>,
) {
    let change = match result {
        Ok(change) => change,
        Err(message) => {
            let message = message.show(&model.tr);
            if let Some(Dialog::People(d)) = &mut model.view.dialog {
                d.error = Some(message);
            } else if let Some(Dialog::Sharing(d)) = &mut model.view.dialog {
                d.error = Some(message);
            } else if let Some(Dialog::OwnPin(d)) = &mut model.view.dialog {
                d.error = Some(message);
            } else {
                model.view.banner = Some(message);
            }
            return;
        }
    };
    match change {
        Change::Started(session) => {
            super::session::start_session(state, lock_state, model, fx, session);
            audit(model, fx, AuditAction::DeskStarted, None, Via::Window, None);
            model.toast_key("desk-started");
        }
        Change::Added { name, role } => {
            if let Some(Dialog::People(d)) = &mut model.view.dialog {
                d.name.clear();
            }
            let detail = format!("{name} ({})", role.name());
            audit(
                model,
                fx,
                AuditAction::PersonAdded,
                None,
                Via::Window,
                Some(detail),
            );
            model.toast(
                model.tr.with("person-added", &[("name", Arg::Text(&name))]),
                false,
            );
        }
        Change::Removed(removed) => {
            audit(
                model,
                fx,
                AuditAction::PersonRemoved,
                None,
                Via::Window,
                Some(removed.name.clone()),
            );
            let leaving = leaving_lists(model);
            if let Some(Dialog::People(d)) = &mut model.view.dialog {
                d.leaving = leaving;
                d.exposure = None;
            }
            // Their shares went with them: the rows say so at once.
            state.shares_version += 1;
        }
        Change::OwnPinChanged {
            everywhere,
            renewed,
        } => {
            if let Some(session) = renewed {
                super::session::adopt(state, model, fx, *session);
            }
            let shown = Change::OwnPinChanged {
                everywhere,
                renewed: None,
            };
            super::leaving::on_changed(model, shown);
        }
        other @ (Change::Exposure(..) | Change::Leaving(_) | Change::Reshared(_)) => {
            super::leaving::on_changed(model, other);
        }
        Change::PinReset(name, everywhere) => {
            audit(
                model,
                fx,
                AuditAction::PinReset,
                None,
                Via::Window,
                Some(name.clone()),
            );
            if everywhere {
                let text = model
                    .tr
                    .with("pin-reset-done", &[("name", Arg::Text(&name))]);
                model.toast(text, false);
            } else {
                let text = model.tr.get("pin-not-on-team-yet");
                model.toast_warning(text);
            }
        }
        Change::Renamed(detail) => {
            audit(
                model,
                fx,
                AuditAction::PersonRenamed,
                None,
                Via::Window,
                Some(detail),
            );
        }
        Change::Shared { account, detail } => {
            state.shares_version += 1;
            let account = model.vault.account(&account).cloned();
            audit(
                model,
                fx,
                AuditAction::Share,
                account.as_ref(),
                Via::Window,
                Some(detail),
            );
        }
        Change::Unshared { account, name } => {
            state.shares_version += 1;
            let account = model.vault.account(&account).cloned();
            let detail = Some(audit_words::share_note(&name, None));
            audit(
                model,
                fx,
                AuditAction::Unshare,
                account.as_ref(),
                Via::Window,
                detail,
            );
        }
    }
}
