//! The team pages' steps, each run as a background task: make the team, start an invite and
//! wait for its answer, join with a code, bring the vault with an admin's PIN, revoke. What each
//! answers comes back as a [`TeamDone`].

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use zeroize::Zeroizing;

use super::{Arrived, TeamDone, TeamState, open, page, said, stop};
use crate::desk::Session;
use crate::desk::team::join::JoinCode;
use crate::desk::team::joining::{self, Invitation};
use crate::desk::team::setup;
use crate::gui::features::desk::{self, DeskState};
use crate::gui::features::{Done, Effects};
use crate::gui::model::Model;
use crate::gui::model::team_page::{InviteView, JoinStep, TeamPage};
use crate::gui::support::errors;
use crate::gui::support::message::Message;

pub(super) fn fresh_stop(state: &mut TeamState) -> Arc<AtomicBool> {
    stop(state);
    state.stop = Arc::new(AtomicBool::new(false));
    state.stop.clone()
}

/// The system's folder dialog (rfd), waited for on this task's thread.
pub(super) fn pick_folder(title: &str) -> Option<PathBuf> {
    let dialog = rfd::AsyncFileDialog::new().set_title(title).pick_folder();
    crate::gui::features::import::pick::block_on(dialog).map(|h| h.path().to_path_buf())
}

/// The desk and the admin working, for a step that needs both.
pub(super) fn admin_parts(
    desk_state: &DeskState,
) -> Option<(Arc<std::sync::Mutex<crate::desk::Desk>>, Arc<Session>)> {
    let session = desk_state.session.clone().filter(|s| s.is_admin())?;
    Some((desk_state.desk()?, session))
}

pub(super) fn share(desk_state: &DeskState, model: &mut Model, fx: &mut Effects, now: u64) {
    let parts = admin_parts(desk_state);
    let (dir, keychain) = (model.data_dir.clone(), model.keychain.clone());
    let Some(TeamPage::Share(draft)) = page(&mut model.view) else {
        return;
    };
    let (Some((desk, session)), Some(dir), Some(keychain)) = (parts, dir, keychain) else {
        draft.error = Some(model.tr.get("member-refused"));
        return;
    };
    if draft.busy {
        return;
    }
    if draft.folder.trim().is_empty() {
        draft.error = Some(model.tr.get("err-team-no-folder-given"));
        return;
    }
    draft.busy = true;
    draft.error = None;
    let (folder, name) = (PathBuf::from(draft.folder.trim()), draft.name.clone());
    setup_task(
        fx,
        "team-share",
        move || {
            let guard = desk::lock(&desk);
            let store = guard.store_for(&session, now);
            crate::vault::Vault::open(&dir, store)
                .map_err(|e| setup::SetupError::Vault(e.to_string()))
                .and_then(|vault| {
                    setup::create(&guard, &session, &vault, &*keychain, (&folder, &name), now)
                })
        },
        TeamDone::Shared,
    );
}

pub(super) fn invite(
    state: &mut TeamState,
    desk_state: &DeskState,
    model: &mut Model,
    fx: &mut Effects,
    now: u64,
) {
    let (Some((_, session)), Some(keychain)) = (admin_parts(desk_state), model.keychain.clone())
    else {
        return;
    };
    fresh_stop(state);
    open(model, TeamPage::Invite(InviteView::default()));
    setup_task(
        fx,
        "team-invite",
        move || Invitation::start(&*keychain, &session, now).map(Box::new),
        TeamDone::Invited,
    );
}

/// One look for the open invite's answer, off the UI thread.
pub(super) fn poll(state: &mut TeamState, desk_state: &DeskState, model: &Model, fx: &mut Effects) {
    let (Some((_, session)), Some(keychain)) = (admin_parts(desk_state), model.keychain.clone())
    else {
        return;
    };
    let Some(mut invitation) = state.invitation.take() else {
        return;
    };
    let now = model.base_clock.unix_secs();
    fx.task(
        "team-invite-poll",
        move || {
            let result = invitation.poll(&*keychain, &session, now);
            let result = result.map_err(|e| said(&e));
            let back = matches!(result, Ok(None)).then_some(invitation);
            Done::Team(TeamDone::Polled(result, back))
        },
        || Done::Team(TeamDone::Polled(Err(errors::internal()), None)),
    );
}

pub(super) fn join(
    state: &mut TeamState,
    desk_state: &DeskState,
    model: &mut Model,
    fx: &mut Effects,
) {
    let stop = fresh_stop(state);
    let parts = (
        desk_state.desk(),
        model.data_dir.clone(),
        model.keychain.clone(),
    );
    let Some(TeamPage::Join(draft)) = page(&mut model.view) else {
        return;
    };
    let (Some(desk), Some(dir), Some(keychain)) = parts else {
        return;
    };
    if draft.folder.trim().is_empty() {
        draft.error = Some(model.tr.get("err-team-no-folder-given"));
        return;
    }
    let code = JoinCode::parse(&draft.code);
    let (folder, name) = (PathBuf::from(draft.folder.trim()), draft.name.clone());
    draft.step = JoinStep::Waiting;
    draft.error = None;
    fx.task(
        "team-join",
        move || {
            let stopped = || stop.load(Ordering::Acquire);
            let result = (|| {
                let existing = joining::may_join(&desk::lock(&desk), &dir, &*keychain)?;
                let mut m = match existing {
                    Some(m) => m,
                    None => {
                        setup::check_desk_name(&name)?;
                        let code = code.map_err(setup::SetupError::Join)?;
                        let m = joining::exchange(&folder, &name, &code, &stopped)?;
                        m.save(&*keychain).map_err(setup::SetupError::team)?;
                        m
                    }
                };
                let admins = joining::admins(&mut m)?;
                Ok((Box::new(m), admins))
            })();
            Done::Team(TeamDone::Admitted(result.map_err(|e| said(&e))))
        },
        || Done::Team(TeamDone::Admitted(Err(errors::internal()))),
    );
}

pub(super) fn bring(
    state: &mut TeamState,
    desk_state: &DeskState,
    model: &mut Model,
    fx: &mut Effects,
    now: u64,
) {
    let parts = (
        desk_state.desk(),
        model.data_dir.clone(),
        model.keychain.clone(),
    );
    let Some(TeamPage::Join(draft)) = page(&mut model.view) else {
        return;
    };
    let (Some(desk), Some(dir), Some(keychain)) = parts else {
        return;
    };
    let Some(admin) = draft.admin.clone() else {
        draft.error = Some(model.tr.get("team-join-admin"));
        return;
    };
    let Some(mut m) = state.joined.take() else {
        return;
    };
    let pin: Zeroizing<String> = std::mem::take(&mut draft.pin);
    draft.step = JoinStep::Bringing;
    draft.error = None;
    fx.task(
        "team-bring",
        move || {
            let mut guard = desk::lock(&desk);
            let brought =
                joining::bring_vault(&mut guard, &dir, &*keychain, &mut m, (&admin, &pin), now);
            let saved = m.save(&*keychain).map_err(setup::SetupError::team);
            let result = brought.and_then(|b| saved.map(|()| b)).map(|b| {
                Box::new(Arrived {
                    session: b.session,
                    people: desk::snapshot(&guard, now),
                    accounts: b.accounts,
                    folder: b.folder,
                })
            });
            Done::Team(TeamDone::Brought(result.map_err(|e| said(&e)), Some(m)))
        },
        || Done::Team(TeamDone::Brought(Err(errors::internal()), None)),
    );
}

pub(super) fn revoke(desk_state: &DeskState, model: &mut Model, fx: &mut Effects, now: u64) {
    let (parts, keychain) = (admin_parts(desk_state), model.keychain.clone());
    let Some(TeamPage::Revoke(view)) = page(&mut model.view) else {
        return;
    };
    let (Some((_, session)), Some(keychain)) = (parts, keychain) else {
        return;
    };
    if view.busy || view.re_enrol.is_some() {
        return;
    }
    view.busy = true;
    let id = view.desk_id.clone();
    setup_task(
        fx,
        "team-revoke",
        move || setup::revoke(&*keychain, &session, &id, now),
        TeamDone::Revoked,
    );
}

/// Reads the fields waiting for a pick, after writing `picked` (what it is about and the value
/// kept) when an admin picked one.
pub(super) fn choices(
    desk_state: &DeskState,
    model: &Model,
    fx: &mut Effects,
    picked: Option<(setup::Subject, crate::team::FieldValue)>,
) {
    let (Some((_, session)), Some(keychain)) = (admin_parts(desk_state), model.keychain.clone())
    else {
        return;
    };
    let now = model.base_clock.unix_secs();
    let was_pick = picked.is_some();
    setup_task(
        fx,
        "team-choices",
        move || match picked {
            Some((subject, value)) => setup::pick(&*keychain, &session, &subject, value, now),
            None => setup::choices(&*keychain),
        },
        move |result| TeamDone::Choices(result, was_pick),
    );
}

/// Runs a team step off the UI thread: `work`'s answer, its error in the person's words, goes
/// to the page through `done`; a panic in `work` is answered as an internal error.
fn setup_task<T: 'static>(
    fx: &mut Effects,
    name: &'static str,
    work: impl FnOnce() -> Result<T, setup::SetupError> + Send + 'static,
    done: impl Fn(Result<T, Message>) -> TeamDone + Clone + Send + 'static,
) {
    let on_panic = done.clone();
    fx.task(
        name,
        move || Done::Team(done(work().map_err(|e| said(&e)))),
        move || Done::Team(on_panic(Err(errors::internal()))),
    );
}
