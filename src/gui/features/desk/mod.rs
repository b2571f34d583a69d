//! Desk mode in the window: "Who is working?" and the PIN, one session at a time, what a member
//! may do, and the audit records of what everyone did. The keys and rules are
//! [`crate::desk`]'s; PIN work (Argon2id, a quarter of a second) runs as background tasks.
//! The session ends whenever the window locks (Ctrl+L, idle, screen lock, hidden too long):
//! its keys are dropped, the vault is closed and the mirror emptied, so nothing of it stays
//! on screen, in the tray or in memory. People, sharing: [`people`]; drawn by [`picker_ui`],
//! [`people_ui`] and [`sharing_ui`].
//! Must not depend on `app.rs`; starts no thread (work goes out as effects).

pub mod bar_ui;
pub mod leaving;
pub mod leaving_ui;
pub mod people;
pub mod people_ui;
pub mod picker_ui;
pub mod records;
pub mod records_ui;
pub mod rules;
mod session;
pub mod shares;
pub mod sharing_ui;
mod team;

use session::{open_session_vault, start_session};

pub use rules::{gate, record_action};
pub use team::on_team_people;

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use zeroize::Zeroizing;

use super::lock::LockState;
use super::{Done, Effects};
use crate::desk::{Desk, PersonId, Role, Session};
use crate::gui::command::DeskAction;
use crate::gui::model::Model;
use crate::gui::model::mirror::VaultMirror;
use crate::gui::runtime::worker::{Job, VaultSource};
use crate::gui::support::errors;
use crate::gui::support::message::Message;
use crate::store::SecretStore;
use crate::store::audit_log::{AuditAction, NewRecord, Via};
use crate::store::metadata::Account;

/// One person on the picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonCard {
    pub id: PersonId,
    pub name: String,
    pub role: Role,
    /// Unix seconds until which their PIN may not be tried (the back-off).
    pub wait_until: u64,
}

/// What finished off the UI thread.
pub enum DeskDone {
    Unlocked {
        name: String,
        result: Result<Session, Message>,
    },
    /// The people or the shares changed (or could not): the new snapshot, and what to say.
    Changed {
        result: Result<people::Change, Message>,
        people: Vec<PersonCard>,
        /// The session with the desk key of now, when the change replaced the one it held.
        refreshed: Option<Box<Session>>,
    },
    /// Where the CSV was written (`None`: the admin cancelled).
    LogExported(Result<Option<PathBuf>, Message>),
}

pub struct DeskState {
    desk: Option<Arc<Mutex<Desk>>>,
    /// The data folder and the raw keychain: what a session's vault opens over.
    source: Option<(PathBuf, Arc<dyn SecretStore>)>,
    pub people: Vec<PersonCard>,
    pub session: Option<Arc<Session>>,
    pub picked: Option<PersonId>,
    pub pin: Zeroizing<String>,
    pub message: Option<Message>,
    pub busy: bool,
    /// When the earliest share ends (a member's list is reopened then).
    pub next_expiry: Option<u64>,
    /// The window's clock at the last action (for the people snapshots tasks make).
    now_secs: u64,
    /// One more whenever a share is made or stopped (the rows' copy is then redone).
    pub shares_version: u64,
    pub shares_stamp: Option<shares::Stamp>,
    /// The share end a member was last told about.
    pub noticed: Option<u64>,
}

impl DeskState {
    /// `desk`: the data folder's desk, when it could be loaded (`None`: desk mode is not
    /// available, e.g. in tests of other features).
    pub fn new(
        desk: Option<Desk>,
        source: Option<(PathBuf, Arc<dyn SecretStore>)>,
        now: u64,
    ) -> Self {
        let mut state = Self {
            desk: desk.map(|d| Arc::new(Mutex::new(d))),
            source,
            people: Vec::new(),
            session: None,
            picked: None,
            pin: Zeroizing::default(),
            message: None,
            busy: false,
            next_expiry: None,
            now_secs: now,
            shares_version: 0,
            shares_stamp: None,
            noticed: None,
        };
        if let Some(desk) = state.desk.clone() {
            state.people = snapshot(&lock(&desk), now);
        }
        state
    }

    /// Desk mode is on: the window opens on the picker.
    pub fn is_on(&self) -> bool {
        !self.people.is_empty()
    }

    pub fn available(&self) -> bool {
        self.desk.is_some()
    }

    pub(super) fn desk(&self) -> Option<Arc<Mutex<Desk>>> {
        self.desk.clone()
    }
}

pub(super) fn lock(desk: &Mutex<Desk>) -> MutexGuard<'_, Desk> {
    desk.lock().unwrap_or_else(|p| p.into_inner())
}

pub fn snapshot(desk: &Desk, now: u64) -> Vec<PersonCard> {
    desk.people()
        .iter()
        .map(|p| PersonCard {
            id: p.id.clone(),
            name: p.name.clone(),
            role: p.role,
            wait_until: now + p.wait_secs(now),
        })
        .collect()
}

/// Records what the person working did (desk mode only; never a code or a secret).
pub fn audit(
    model: &Model,
    fx: &mut Effects,
    action: AuditAction,
    account: Option<&Account>,
    via: Via,
    detail: Option<String>,
) {
    let (Some(acting), Some(dir)) = (&model.acting, &model.data_dir) else {
        return;
    };
    record(model, fx, dir, &acting.name, action, account, via, detail);
}

#[allow(clippy::too_many_arguments, reason = "one record's fields")]
fn record(
    model: &Model,
    fx: &mut Effects,
    dir: &std::path::Path,
    person: &str,
    action: AuditAction,
    account: Option<&Account>,
    via: Via,
    detail: Option<String>,
) {
    fx.vault(Job::Audit {
        dir: dir.to_path_buf(),
        keychain: model.keychain.clone(),
        record: NewRecord {
            time: model.base_clock.unix_secs(),
            person: person.to_owned(),
            account: account.map(Account::label),
            action,
            via,
            detail,
        },
    });
}

/// Keeps the session and the lock in step: whenever the window locked (by any path), the
/// session ends; in desk mode the window is never unlocked without one.
pub fn reconcile(state: &mut DeskState, lock: &mut LockState, model: &mut Model, fx: &mut Effects) {
    lock.desk_mode = state.is_on();
    if !state.is_on() {
        return;
    }
    if lock.locked && state.session.is_some() {
        audit(model, fx, AuditAction::Lock, None, Via::Window, None);
        end_session(state, model, fx);
    } else if !lock.locked && state.session.is_none() {
        lock.locked = true;
        end_session(state, model, fx);
    }
    if let (Some(session), Some(until)) = (&state.session, state.next_expiry)
        && !session.is_admin()
        && model.base_clock.unix_secs() >= until
    {
        // A share ended: open the member's vault again without it.
        let session = session.clone();
        open_session_vault(state, model, fx, &session);
    }
    shares::refresh(state, model);
    shares::notice_ending(state, model);
}

pub(super) fn end_session(state: &mut DeskState, model: &mut Model, fx: &mut Effects) {
    state.session = None;
    state.picked = None;
    state.pin = Zeroizing::default();
    model.acting = None;
    model.vault = VaultMirror::default();
    model.view.undo = None;
    model.rebuild_items();
    fx.open_vault(VaultSource::Closed);
    if let Some(desk) = state.desk() {
        state.people = snapshot(&lock(&desk), model.base_clock.unix_secs());
    }
}

pub fn update(
    state: &mut DeskState,
    lock_state: &mut LockState,
    model: &mut Model,
    fx: &mut Effects,
    action: &DeskAction,
) {
    state.now_secs = model.base_clock.unix_secs();
    match action {
        DeskAction::Pick(id) => {
            state.picked = Some(id.clone());
            state.pin = Zeroizing::default();
            state.message = None;
        }
        DeskAction::Unlock => unlock(state, model, fx),
        DeskAction::SwitchPerson => {
            state.picked = None;
            state.pin = Zeroizing::default();
            state.message = None;
            if !lock_state.locked {
                super::lock::lock_now(lock_state, model);
            }
        }
        other => people::update(state, model, fx, other),
    }
}

fn unlock(state: &mut DeskState, model: &Model, fx: &mut Effects) {
    let (Some(desk), Some(picked)) = (state.desk(), &state.picked) else {
        return;
    };
    let Some(person) = state.people.iter().find(|p| &p.id == picked) else {
        return;
    };
    if state.busy || state.pin.is_empty() {
        return;
    }
    state.busy = true;
    let (name, pin) = (person.name.clone(), std::mem::take(&mut state.pin));
    let now = model.base_clock.unix_secs();
    let on_panic = name.clone();
    fx.task(
        "desk-unlock",
        move || {
            let result = lock(&desk)
                .unlock(&name, &pin, now)
                .map_err(|e| errors::desk(&e));
            Done::Desk(DeskDone::Unlocked { name, result })
        },
        move || {
            Done::Desk(DeskDone::Unlocked {
                name: on_panic,
                result: Err(errors::internal()),
            })
        },
    );
}

pub fn on_done(
    state: &mut DeskState,
    lock_state: &mut LockState,
    model: &mut Model,
    fx: &mut Effects,
    done: DeskDone,
) {
    match done {
        DeskDone::Unlocked { name, result } => {
            state.busy = false;
            match result {
                Ok(session) => start_session(state, lock_state, model, fx, session),
                Err(message) => {
                    if let Some(dir) = &model.data_dir {
                        let dir = dir.clone();
                        record(
                            model,
                            fx,
                            &dir,
                            &name,
                            AuditAction::FailedUnlock,
                            None,
                            Via::Window,
                            None,
                        );
                    }
                    // The back-off is shown by its live countdown (from the snapshot below),
                    // never as a number frozen in a sentence.
                    state.message = (message.id() != "err-desk-wait").then_some(message);
                    if let Some(desk) = state.desk() {
                        state.people = snapshot(&lock(&desk), model.base_clock.unix_secs());
                    }
                }
            }
        }
        DeskDone::Changed {
            result,
            people,
            refreshed,
        } => {
            state.busy = false;
            state.people = people;
            if let Some(session) = refreshed {
                session::adopt(state, model, fx, *session);
            }
            people::on_changed(state, lock_state, model, fx, result);
        }
        DeskDone::LogExported(result) => match result {
            Ok(None) => {}
            Ok(Some(path)) => {
                let shown = path.display().to_string();
                let text = model.tr.with(
                    "log-exported",
                    &[("path", crate::gui::support::i18n::Arg::Text(&shown))],
                );
                model.toast(text, false);
            }
            Err(message) => model.view.banner = Some(message.show(&model.tr)),
        },
    }
}

/// Runs `change` on the desk off the UI thread, as the session's person.
pub(super) fn run(
    state: &mut DeskState,
    fx: &mut Effects,
    change: impl FnOnce(&mut Desk, Option<&Session>) -> Result<people::Change, Message> + Send + 'static,
) {
    let Some(desk) = state.desk() else {
        return;
    };
    if state.busy {
        return;
    }
    state.busy = true;
    let session = state.session.clone();
    let people_on_panic = state.people.clone();
    let now = state.now_secs;
    fx.task(
        "desk-change",
        move || {
            let mut guard = lock(&desk);
            let result = change(&mut guard, session.as_deref());
            let refreshed = session.and_then(|s| guard.refreshed(&s)).map(Box::new);
            Done::Desk(DeskDone::Changed {
                result,
                people: snapshot(&guard, now),
                refreshed,
            })
        },
        move || {
            Done::Desk(DeskDone::Changed {
                result: Err(errors::internal()),
                people: people_on_panic,
                refreshed: None,
            })
        },
    );
}
