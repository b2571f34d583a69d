//! What `team status` and the window's team page show, computed from the fold and the load:
//! each desk (name, when last heard from, its records, app version, revoked or not), a desk not
//! heard from for a week or more, a desk whose clock is off by more than a minute, open
//! conflicts, the problems the fold found and the files that gave no record. Pure: it is handed
//! the fold, the records, what did not open and "now" (this desk's time-corrected clock).
//!
//! A desk's clock is never used to order records, only shown. Since record times come from
//! the desks themselves, "off" is a lower bound found two ways, both against this desk's
//! corrected clock: a record stamped later than now, or later than a record of this desk
//! written after it arrived (the desk is ahead); a record that had seen one of this desk's
//! records but is stamped earlier than it (the desk is behind).

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::folder::Loaded;
use super::ids::DeskId;
use super::record::Record;
use super::state::TeamState;

/// A desk silent this long is named on the status page.
pub const SILENT_AFTER_SECS: u64 = 7 * 86_400;
/// A clock off by more than this is named on the status page.
pub const CLOCK_OFF_SECS: u64 = 60;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeskStatus {
    pub id: String,
    pub name: String,
    pub this_desk: bool,
    /// Its newest record the fold used (its records seen).
    pub records: u64,
    /// Its clock in that record; `None` before its first record arrived.
    pub last_heard_unix: Option<u64>,
    /// Whole days since then, when that is [`SILENT_AFTER_SECS`] or more.
    pub silent_days: Option<u64>,
    pub app_version: String,
    pub revoked: bool,
    /// At least this many seconds between its clock and this desk's, when over
    /// [`CLOCK_OFF_SECS`]; positive: ahead, negative: behind.
    pub clock_off_secs: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnopenedFile {
    pub file: String,
    pub why: String,
    /// Probably still on its way (cut short); the others need a look.
    pub in_transit: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Status {
    pub desks: Vec<DeskStatus>,
    /// Fields (of accounts and of people) two desks changed while apart, for an admin to pick.
    pub conflicts: usize,
    /// Records (or parts) the fold did not use, and why.
    pub problems: Vec<String>,
    pub unopened: Vec<UnopenedFile>,
    /// A newer OTP Desk wrote to the folder: this desk reads but must not write.
    pub newer_format: Option<u32>,
    /// This desk was left out of the team's key epoch of this number: it was revoked on
    /// another desk, reads nothing written since and writes nothing more.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub left_out: Option<u32>,
}

/// `loaded`: the records `state` was folded from, and the files that gave none.
pub fn status(state: &TeamState, loaded: &Loaded, me: &DeskId, now_unix: u64) -> Status {
    let clocks = clock_offsets(&loaded.records, me, now_unix);
    let desks = state
        .desks
        .iter()
        .map(|(id, desk)| {
            let heard = (desk.last_seq > 0).then_some(desk.last_unix_secs);
            let silent = heard
                .map(|t| now_unix.saturating_sub(t))
                .filter(|gap| *gap >= SILENT_AFTER_SECS && id != me)
                .map(|gap| gap / 86_400);
            DeskStatus {
                id: id.to_string(),
                name: desk.name.clone(),
                this_desk: id == me,
                records: desk.last_seq,
                last_heard_unix: heard,
                silent_days: silent,
                app_version: desk.app_version.clone(),
                revoked: desk.revoked_after.is_some(),
                clock_off_secs: clocks.get(id).copied(),
            }
        })
        .collect();
    Status {
        desks,
        conflicts: state.conflicts().len() + state.person_conflicts().len(),
        problems: state.problems.iter().map(ToString::to_string).collect(),
        unopened: loaded
            .why
            .iter()
            .map(|(name, why)| UnopenedFile {
                file: name.path(),
                why: why.describe(),
                in_transit: why.is_in_transit(),
            })
            .collect(),
        newer_format: loaded.newer_format(),
        left_out: None,
    }
}

/// For each other desk whose clock is off from this desk's by more than [`CLOCK_OFF_SECS`],
/// the largest gap found (a lower bound; positive: ahead).
fn clock_offsets(records: &[Record], me: &DeskId, now_unix: u64) -> BTreeMap<DeskId, i64> {
    let stamp: HashMap<(&DeskId, u64), i64> = records
        .iter()
        .map(|r| ((&r.desk, r.seq), secs(r.unix_secs)))
        .collect();
    let mut off: BTreeMap<DeskId, i64> = BTreeMap::new();
    let mut note = |desk: &DeskId, gap: i64| {
        if gap.unsigned_abs() > CLOCK_OFF_SECS {
            let entry = off.entry(desk.clone()).or_insert(0);
            if gap.unsigned_abs() > entry.unsigned_abs() {
                *entry = gap;
            }
        }
    };
    let now = secs(now_unix);
    for record in records.iter().filter(|r| &r.desk != me) {
        let at = secs(record.unix_secs);
        note(&record.desk, (at - now).max(0));
        if let Some(mine) = record.seen.get(me).and_then(|seq| stamp.get(&(me, *seq))) {
            // It was written after it had seen this desk's record `mine`.
            note(&record.desk, (at - mine).min(0));
        }
    }
    for record in records.iter().filter(|r| &r.desk == me) {
        let at = secs(record.unix_secs);
        for (desk, seq) in record.seen.iter().filter(|(d, _)| *d != me) {
            if let Some(theirs) = stamp.get(&(desk, *seq)) {
                // This desk wrote `record` after it had seen theirs.
                note(desk, (theirs - at).max(0));
            }
        }
    }
    off
}

fn secs(unix: u64) -> i64 {
    i64::try_from(unix).unwrap_or(i64::MAX)
}

#[cfg(test)]
#[path = "status_tests.rs"]
mod tests;
