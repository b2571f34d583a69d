//! A team desk's people as the team folder changes them: people removed on another computer are
//! refused here, PINs reset there wait for an admin here, and whoever of them is working stops.

use super::{DeskState, end_session, lock};
use crate::gui::features::Effects;
use crate::gui::model::Model;

/// The team removed these people on another computer (refused here from now on), or reset
/// the PIN of `held` (refused until an admin signs in here); whoever of them is working stops
/// at once.
pub fn on_team_people(
    state: &mut DeskState,
    model: &mut Model,
    fx: &mut Effects,
    mut people: Vec<crate::desk::PersonId>,
    held: Vec<crate::desk::PersonId>,
) {
    let Some(desk) = state.desk() else {
        return;
    };
    {
        let mut desk = lock(&desk);
        // A PIN changed on another computer: its new slot is read before the next unlock.
        desk.refresh();
        desk.bar(people.iter().cloned());
        desk.hold(held.iter().cloned());
    }
    // The team's new desk key, taken here by this window's sync: the session takes it too, or
    // it would read nothing sealed under it (and seal new accounts under the replaced one).
    let refreshed = state
        .session
        .clone()
        .and_then(|session| lock(&desk).refreshed(&session));
    if let Some(session) = refreshed {
        super::session::adopt(state, model, fx, session);
    }
    people.extend(held);
    tracing::info!(
        people = people.len(),
        "people removed by the team are refused here"
    );
    let working = state.session.as_ref().map(|s| s.person.clone());
    if working.is_some_and(|id| people.contains(&id)) {
        tracing::info!("the person working was removed from the team; session ended");
        end_session(state, model, fx);
    }
}
