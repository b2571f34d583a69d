//! Records in, team state out: [`fold`]. Pure — no clock, no I/O, no keys — and deterministic:
//! the same set of records, in any order and with duplicates, gives the same [`TeamState`]. The
//! records must already be opened and checked (signature, seal) by `desk/`; this module decides
//! only what they mean together.
//!
//! **Order** is [`super::order`]'s (causal, ties by desk id and seq, never wall clocks).
//!
//! **Merge.** Each account field is a multi-value register ([`super::state::Register`]): a write
//! replaces the values its record had seen; writes that did not see each other all survive as a
//! conflict ([`TeamState::conflicts`]) until a record that saw them writes again (an admin's
//! `pick`). People, roles, shares and desks take the last write in fold order. A delete is only
//! ever a record (trash, purge); a missing record is never a delete. Two adds of one key (one
//! fingerprint) are one account; the second id becomes an alias and both sealed blobs are kept.
//!
//! **Authorisation** is checked against the state at the record's place in the fold:
//! - a record from a desk that has not joined (genesis desk or an admin's `desk` op before it),
//!   from a revoked desk beyond the seq its revocation accepted, or of a newer format is ignored
//!   entirely and listed in [`TeamState::problems`];
//! - only an admin's record may change accounts, people, roles, shares and desks, and only when
//!   it is signed with the signing key of that admin's current slot ([`super::signers`]; the
//!   codec checked the signature, the fold checks whose key it is);
//! - a member's record may only log audit events, report its app version and replace the
//!   member's own key slot (a changed PIN). A record with any other op changes nothing — all or
//!   nothing — and is listed; its audit events still go into the log, as does any audit event of
//!   a joined desk (the log must not lose what happened, even when the actor was not allowed);
//! - no op may leave the team without an admin.
//!
//! A revocation cuts its desk's later records wherever they fall in the order: the fold runs
//! again with the revocations it found applied from the start, until they no longer change. Cuts
//! only grow between rounds (so the loop ends); were a revoker's own rights to come from a record
//! that a cut removes, the cut still stands — the cautious side.

use std::collections::BTreeMap;

use super::apply::{Context, apply_op};
use super::ids::{DeskId, Dot};
use super::op::Op;
use super::order::{Ordered, Placed, order};
use super::record::Record;
use super::state::{DeskState, Genesis, LogEntry, PersonState, Problem, Reason, TeamState};

pub fn fold(records: impl IntoIterator<Item = Record>, genesis: &Genesis) -> TeamState {
    let ordered = order(records);
    let revocations = ordered
        .placed
        .iter()
        .flat_map(|p| &p.record.ops)
        .filter(|op| matches!(op, Op::RevokeDesk { .. }))
        .count();
    let mut cutoffs: BTreeMap<DeskId, u64> = BTreeMap::new();
    let (mut state, mut logged) = fold_once(&ordered, genesis, &cutoffs);
    // Each round can only add a cut or lower one to another revocation's seq.
    for _ in 0..revocations {
        let mut next = cutoffs.clone();
        for (desk, info) in &state.desks {
            if let Some(accepted) = info.revoked_after {
                let cut = next.entry(desk.clone()).or_insert(accepted);
                *cut = (*cut).min(accepted);
            }
        }
        if next == cutoffs {
            break;
        }
        cutoffs = next;
        (state, logged) = fold_once(&ordered, genesis, &cutoffs);
    }
    // The log last, moved out of the records it came in rather than copied in every round:
    // most of a year's ops are log lines.
    let mut placed = ordered.placed;
    for index in logged {
        let record = &mut placed[index].record;
        let dot = record.dot();
        for op in std::mem::take(&mut record.ops) {
            if let Op::Audit(event) = op {
                state.log.push(LogEntry {
                    dot: dot.clone(),
                    person: record.person.clone(),
                    event,
                });
            }
        }
    }
    state
}

/// One pass over the ordered records; also the places of the records whose log lines count
/// (every record of an admitted desk within its cut, its other ops refused or not).
fn fold_once(
    ordered: &Ordered,
    genesis: &Genesis,
    cutoffs: &BTreeMap<DeskId, u64>,
) -> (TeamState, Vec<usize>) {
    let mut state = TeamState {
        problems: ordered.problems.clone(),
        waiting: ordered.waiting.clone(),
        folded: ordered.folded.clone(),
        ..TeamState::default()
    };
    // Seq 0: before every record, so the first change to the first admin replaces it.
    let start = Dot {
        desk: genesis.desk.clone(),
        seq: 0,
    };
    state.people.insert(
        genesis.admin.clone(),
        PersonState::new(
            &start,
            &genesis.admin_name,
            super::op::Role::Admin,
            &genesis.admin_slot_ref,
        ),
    );
    state.desks.insert(
        genesis.desk.clone(),
        DeskState {
            name: genesis.desk_name.clone(),
            ..DeskState::default()
        },
    );
    let mut logged = Vec::new();
    for (index, placed) in ordered.placed.iter().enumerate() {
        if apply_record(&mut state, placed, ordered, cutoffs) {
            logged.push(index);
        }
    }
    // What this desk will claim to have seen: only joined desks, and a revoked desk only up to
    // its cut, so no other desk ever waits for a record that is garbage or does not count.
    state
        .folded
        .retain(|desk, _| state.desks.contains_key(desk));
    for (desk, seq) in &mut state.folded {
        if let Some(accepted) = state.desks.get(desk).and_then(|d| d.revoked_after) {
            *seq = (*seq).min(accepted);
        }
    }
    // Filled once at the end rather than copied for every record.
    for placed in ordered.placed.iter().rev() {
        let record = &placed.record;
        if let Some(desk) = state.desks.get_mut(&record.desk)
            && desk.last_seq == record.seq
            && desk.last_seen.is_empty()
        {
            desk.last_seen.clone_from(&record.seen);
        }
    }
    (state, logged)
}

/// Applies one record; whether its log lines count (its desk is admitted and it is within the
/// desk's cut, whatever became of its other ops).
fn apply_record(
    state: &mut TeamState,
    placed: &Placed,
    ordered: &Ordered,
    cutoffs: &BTreeMap<DeskId, u64>,
) -> bool {
    let record = &placed.record;
    let dot = record.dot();
    let problem = |reason| Problem {
        dot: dot.clone(),
        reason,
    };
    let Some(desk) = state.desks.get_mut(&record.desk) else {
        state.problems.push(problem(Reason::UnknownDesk));
        return false;
    };
    let cut = [cutoffs.get(&record.desk).copied(), desk.revoked_after];
    if let Some(accepted_seq) = cut.into_iter().flatten().min()
        && record.seq > accepted_seq
    {
        state
            .problems
            .push(problem(Reason::RevokedDesk { accepted_seq }));
        return false;
    }
    desk.last_seq = record.seq;
    desk.last_unix_secs = record.unix_secs;

    let refusal = if !state.people.contains_key(&record.person) {
        Some(Reason::UnknownPerson)
    } else if state.is_admin(&record.person) {
        let signers = state.people.get(&record.person).map(|p| p.signers());
        let signed = record
            .signer
            .as_ref()
            .is_some_and(|k| signers.is_some_and(|s| s.contains(k)));
        (record.needs_admin() && !signed).then_some(Reason::NotSigned)
    } else {
        record
            .ops
            .iter()
            .find(|op| !op.is_open_to_member(&record.person))
            .map(|op| Reason::NotAllowed { op: op.tag() })
    };
    if let Some(reason) = refusal {
        // Its log lines still count (see `fold`): what happened at that desk happened.
        state.problems.push(problem(reason));
        return true;
    }
    let context = Context {
        dot: &dot,
        desk: &record.desk,
        clock: &placed.clock,
        ordered,
    };
    for op in &record.ops {
        apply_op(state, op, &context);
    }
    true
}
