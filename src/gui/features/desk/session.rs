//! The person working in the window: their session starts and opens their vault, and takes the
//! desk key of now when a change replaced the one it held.

use std::collections::HashSet;
use std::sync::Arc;

use super::{DeskState, audit, lock};
use crate::desk::Session;
use crate::gui::features::Effects;
use crate::gui::features::lock::LockState;
use crate::gui::model::mirror::VaultMirror;
use crate::gui::model::{Acting, Model};
use crate::gui::runtime::worker::{Job, VaultSource};
use crate::store::AccountId;
use crate::store::audit_log::{AuditAction, Via};

/// A person is working now: their vault opens (a member's with their shares only).
pub(super) fn start_session(
    state: &mut DeskState,
    lock_state: &mut LockState,
    model: &mut Model,
    fx: &mut Effects,
    session: Session,
) {
    let session = Arc::new(session);
    model.acting = Some(Acting {
        name: session.name.clone(),
        admin: session.is_admin(),
    });
    state.session = Some(session.clone());
    state.message = None;
    lock_state.locked = false;
    lock_state.last_input_unix_millis = model.base_clock.unix_millis();
    tracing::info!(admin = session.is_admin(), "desk session started");
    audit(model, fx, AuditAction::Unlock, None, Via::Window, None);
    open_session_vault(state, model, fx, &session);
}

pub(super) fn open_session_vault(
    state: &mut DeskState,
    model: &mut Model,
    fx: &mut Effects,
    session: &Session,
) {
    let (Some(desk), Some((dir, _))) = (state.desk(), &state.source) else {
        return;
    };
    let now = model.base_clock.unix_secs();
    let desk = lock(&desk);
    let store = desk.store_for(session, now);
    let visible: Option<HashSet<AccountId>> =
        (!session.is_admin()).then(|| desk.shared_with(session, now));
    state.next_expiry = desk.next_expiry(now);
    state.shares_version += 1;
    model.vault = VaultMirror::default();
    model.rebuild_items();
    fx.open_vault(VaultSource::OpenAs {
        dir: dir.clone(),
        store,
        visible,
    });
    fx.vault(Job::PurgeExpired(now));
}

/// A change replaced the desk key the session held (an admin removed or made a member): the
/// session with the key of now takes its place, so new accounts are sealed under the new key,
/// and the vault opens again to read the items the change sealed again.
pub(super) fn adopt(state: &mut DeskState, model: &mut Model, fx: &mut Effects, session: Session) {
    let session = Arc::new(session);
    model.acting = Some(Acting {
        name: session.name.clone(),
        admin: session.is_admin(),
    });
    state.session = Some(session.clone());
    open_session_vault(state, model, fx, &session);
}
