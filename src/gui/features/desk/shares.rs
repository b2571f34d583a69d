//! Sharing made visible: the window's copy of who each account is shared with and until when
//! ([`Model::shares`], drawn on the rows), and the notice a member gets a few minutes before a
//! share ends. Recomputed only when the accounts or the shares change, not every frame. Also
//! the Sharing dialog's "Share" (its codes until a time).

use super::people::{Change, name_of, refused};
use super::run;
use super::{DeskState, lock};
use crate::desk::{Access, PersonId, until};
use crate::gui::features::Effects;
use crate::gui::model::Model;
use crate::gui::model::view::Dialog;
use crate::gui::support::message::Message;
use crate::gui::support::{audit_words, errors};
use crate::store::AccountId;

/// How long before a member's share ends they are told.
pub const NOTICE_SECS: u64 = 10 * 60;

/// What the copy in the model was made from: the accounts, the shares' version, the minute.
pub type Stamp = (usize, u64, u64);

/// Brings [`Model::shares`] up to date when what it depends on changed.
pub fn refresh(state: &mut DeskState, model: &mut Model) {
    let Some(session) = state.session.clone() else {
        if !model.shares.is_empty() {
            model.shares.clear();
        }
        return;
    };
    let now = model.base_clock.unix_secs();
    let stamp = (model.accounts().len(), state.shares_version, now / 60);
    if state.shares_stamp == Some(stamp) {
        return;
    }
    state.shares_stamp = Some(stamp);
    let Some(desk) = state.desk() else {
        return;
    };
    let desk = lock(&desk);
    model.shares = model
        .accounts()
        .iter()
        .filter_map(|account| {
            let with: Vec<(String, Option<u64>)> = desk
                .shares_of(&account.id, now)
                .into_iter()
                .filter(|(person, ..)| session.is_admin() || person.id == session.person)
                .map(|(person, until, _)| (person.name.clone(), until))
                .collect();
            (!with.is_empty()).then(|| (account.id.clone(), with))
        })
        .collect();
}

/// A member whose share ends within [`NOTICE_SECS`] is told once, in a banner that stays.
pub fn notice_ending(state: &mut DeskState, model: &mut Model) {
    let (Some(session), Some(ends)) = (&state.session, state.next_expiry) else {
        return;
    };
    let now = model.base_clock.unix_secs();
    if session.is_admin() || state.noticed == Some(ends) || ends.saturating_sub(now) > NOTICE_SECS {
        return;
    }
    state.noticed = Some(ends);
    let labels: Vec<String> = model
        .accounts()
        .iter()
        .filter(|a| {
            model
                .shares
                .get(&a.id)
                .is_some_and(|with| with.iter().any(|(_, u)| *u == Some(ends)))
        })
        .map(|a| a.label())
        .collect();
    let message = Message::new("share-ending")
        .text("time", until::show_until(ends, now))
        .text("accounts", labels.join("、"));
    model.view.banner = Some(message.show(&model.tr));
}

/// The Sharing dialog's "Share" for one person: the account's codes until the typed time.
pub fn share(state: &mut DeskState, model: &mut Model, fx: &mut Effects, person: &PersonId) {
    let now = model.base_clock.unix_secs();
    let Some(Dialog::Sharing(draft)) = &mut model.view.dialog else {
        return;
    };
    let until = match draft.until.trim() {
        "" => None,
        text => match until::parse_until(text, now) {
            Ok(at) => Some(at),
            Err(message) => {
                draft.error = Some(errors::until(text, &message).show(&model.tr));
                return;
            }
        },
    };
    draft.error = None;
    let account = draft.account.clone();
    let Some(entry) = model.vault.entry(&account) else {
        return model.toast_key("copy-not-ready");
    };
    let name = name_of(state, person);
    let person = person.clone();
    run(state, fx, move |desk, session| {
        let session = session.ok_or_else(refused)?;
        desk.share(session, &account, &entry, &person, until, now)
            .map_err(|e| errors::desk(&e))?;
        let shown = until.map(|at| until::show_until(at, now));
        let detail = audit_words::share_note(&name, shown.as_deref());
        Ok(Change::Shared { account, detail })
    });
}

/// The people an account is shared with now: (person, name, until).
pub fn shares_of(
    state: &DeskState,
    account: &AccountId,
    now: u64,
) -> Vec<(PersonId, Option<u64>, Access)> {
    state.desk().map_or_else(Vec::new, |desk| {
        lock(&desk)
            .shares_of(account, now)
            .into_iter()
            .map(|(p, until, access)| (p.id.clone(), until, access))
            .collect()
    })
}
