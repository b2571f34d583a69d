//! When someone leaves (issue 23's window part): a person's exposure on the People page, the
//! leaving lists with their lines dismissed or re-enrolled, a re-enrolled account's shares
//! made again, and "My PIN" for anyone working. Desk work runs as tasks (see `people::run`).

use zeroize::Zeroizing;

use super::DeskState;
use super::people::Change;
use super::run;
use crate::desk::check_pin;
use crate::gui::command::DeskAction;
use crate::gui::features::Effects;
use crate::gui::model::Model;
use crate::gui::model::view::{Dialog, OwnPinDraft};
use crate::gui::support::errors;
use crate::gui::support::message::Message;
use crate::otp::Entry;
use crate::store::AccountId;
use crate::store::audit_log::Via;

pub fn update(state: &mut DeskState, model: &mut Model, fx: &mut Effects, action: &DeskAction) {
    match action {
        DeskAction::ShowExposure(id) => {
            let Some(name) = state
                .people
                .iter()
                .find(|p| &p.id == id)
                .map(|p| p.name.clone())
            else {
                return;
            };
            run(state, fx, move |desk, session| {
                let session = session.ok_or_else(|| Message::new("member-refused"))?;
                let lines = desk
                    .exposure(session, &name)
                    .map_err(|e| errors::desk(&e))?;
                Ok(Change::Exposure(name, lines))
            });
        }
        DeskAction::DismissLeaving(person, account) => {
            let (person, account) = (person.clone(), account.clone());
            run(state, fx, move |desk, session| {
                let session = session.ok_or_else(|| Message::new("member-refused"))?;
                desk.dismiss_leaving(session, &person, &account)
                    .map_err(|e| errors::desk(&e))?;
                Ok(Change::Leaving(desk.leaving_lists()))
            });
        }
        DeskAction::OpenOwnPin => {
            model.view.dialog = Some(Dialog::OwnPin(OwnPinDraft::default()));
        }
        DeskAction::SubmitOwnPin => submit_own_pin(state, model, fx),
        _ => {}
    }
}

fn submit_own_pin(state: &mut DeskState, model: &mut Model, fx: &mut Effects) {
    let (Some(Dialog::OwnPin(draft)), Some(acting)) = (&mut model.view.dialog, &model.acting)
    else {
        return;
    };
    if check_pin(&draft.new).is_err() {
        draft.error = Some(errors::pin_too_short().show(&model.tr));
        return;
    }
    if draft.new != draft.repeat {
        draft.error = Some(model.tr.get("pins-differ"));
        return;
    }
    draft.error = None;
    let name = acting.name.clone();
    let old = std::mem::take(&mut draft.old);
    let new: Zeroizing<String> = std::mem::take(&mut draft.new);
    draft.repeat = Zeroizing::default();
    let now = model.base_clock.unix_secs();
    run(state, fx, move |desk, _| {
        let renewed = desk
            .change_own_pin(&name, &old, &new, now, Via::Window)
            .map_err(|e| errors::desk(&e))?
            .map(Box::new);
        // In a team the new PIN goes to the other computers at once, as the command line's
        // `people set-pin` does; otherwise the old PIN would still open them.
        let id = desk.person(&name).map(|p| p.id.clone());
        let everywhere = id.is_none_or(|id| carried(desk.publish_slot(&id, &id, None, now)));
        Ok(Change::OwnPinChanged {
            everywhere,
            renewed,
        })
    });
}

/// Whether a new key slot reached the team folder (always, on a desk in no team); the reason
/// it did not goes to the log, the person is told in their words.
pub(super) fn carried(published: Result<(), String>) -> bool {
    published
        .inspect_err(|message| {
            tracing::warn!(%message, "the new PIN is not on the team's other computers yet");
        })
        .is_ok()
}

/// An admin re-enrolled `account` (its new key is in the vault): its shares are made again
/// with the new codes, and its leaving-list lines are done.
pub fn after_rekey(
    state: &mut DeskState,
    fx: &mut Effects,
    (account, entry): (AccountId, Entry),
    now: u64,
) {
    if state.session.as_ref().is_none_or(|s| !s.is_admin()) {
        return;
    }
    run(state, fx, move |desk, session| {
        let session = session.ok_or_else(|| Message::new("member-refused"))?;
        let shares = desk
            .reshare(session, &account, &entry, now)
            .map_err(|e| errors::desk(&e))?;
        desk.rekeyed(&account).map_err(|e| errors::desk(&e))?;
        Ok(Change::Reshared(shares))
    });
}

/// What those tasks did.
pub fn on_changed(model: &mut Model, change: Change) {
    match change {
        Change::Exposure(name, lines) => {
            if let Some(Dialog::People(d)) = &mut model.view.dialog {
                d.exposure = Some((name, lines));
            }
        }
        Change::Leaving(lists) => {
            if let Some(Dialog::People(d)) = &mut model.view.dialog {
                d.leaving = lists;
            }
        }
        Change::OwnPinChanged { everywhere, .. } => {
            model.view.dialog = None;
            if everywhere {
                model.toast_key("own-pin-changed");
            } else {
                let text = model.tr.get("pin-not-on-team-yet");
                model.toast_warning(text);
            }
        }
        Change::Reshared(count) if count > 0 => {
            let text = model.tr.with(
                "rekey-reshared",
                &[(
                    "count",
                    crate::gui::support::i18n::Arg::Number(i64::try_from(count).unwrap_or(0)),
                )],
            );
            model.toast(text, false);
        }
        _ => {}
    }
}
