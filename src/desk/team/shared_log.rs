//! The team's one audit log. Each joined desk keeps its own chained log (`audit.log`, see
//! [`crate::store::audit_log`]) and carries its lines into the team folder as [`Op::Audit`]s in
//! its own signed, chained records; every desk's fold then holds every desk's lines, and the log
//! page and `otp-desk log` show them beside this desk's own, each with its computer's name.
//!
//! - **What is sent**: the lines after the newest one this desk's records already carry (read
//!   from the fold, not from a file of ours, so a lost or copied counter can neither skip lines
//!   nor resend them; two processes sending at once may send a line twice, which shows once).
//! - **When**: lines are carried in batches, not one record per line (a busy desk copies codes
//!   some 36,000 times a year; a record each would swamp the folder): with any record this desk
//!   writes anyway, or once the oldest waiting line has waited [`BATCH_SECS`], or when a record's
//!   worth ([`LINES_PER_RECORD`]) is waiting. A desk then adds some 2,000 records a year
//!   (working hours × days), most of them small.
//! - **Trust**: a line is what its desk says happened there, signed by that desk and chained in
//!   its records, so a line cannot be changed, dropped from the middle or forged by another desk
//!   without it showing (`team status`); what a desk's own login could forge there, it could
//!   forge in its own log too.

use std::path::Path;

use super::member;
use super::membership::Membership;
use crate::store::SecretStore;
use crate::store::audit_log::{AuditAction, AuditRecord, Via};
use crate::team::{AuditEvent, DeskId, PersonId, TeamState};

/// How long the oldest line waits for another record to ride in before it goes in one of its
/// own.
pub const BATCH_SECS: u64 = 60 * 60;
/// The most lines one record carries (some 100 bytes each when sealed).
pub const LINES_PER_RECORD: usize = 500;
/// The most records of lines one sync writes; a longer backlog (a desk's history when it first
/// joins) goes on at the next syncs.
pub const RECORDS_PER_SYNC: usize = 20;

/// The newest line of this desk's log that its records already carry (0: none).
pub fn sent_through(state: &TeamState, me: &DeskId) -> u64 {
    state
        .log
        .iter()
        .filter(|e| &e.dot.desk == me)
        .map(|e| e.event.seq)
        .max()
        .unwrap_or(0)
}

/// A line of this desk's log as the team carries it.
pub fn event_of(r: &AuditRecord) -> AuditEvent {
    AuditEvent {
        seq: r.seq,
        action: r.action.as_str().to_owned(),
        via: r.via.as_str().to_owned(),
        person: r.person.clone(),
        account: r.account.clone(),
        detail: r.detail.clone(),
        count: r.count,
        unix_secs: r.time,
    }
}

/// A carried line as a log line (its chain fields empty: its place is its desk's record
/// chain); `None` for an action or place a later version names.
pub fn record_of(e: &AuditEvent) -> Option<AuditRecord> {
    let named = |text: &str| serde_json::Value::String(text.to_owned());
    let action: AuditAction = serde_json::from_value(named(&e.action)).ok()?;
    let via: Via = serde_json::from_value(named(&e.via)).ok()?;
    Some(AuditRecord {
        seq: e.seq,
        time: e.unix_secs,
        person: e.person.clone(),
        account: e.account.clone(),
        action,
        via,
        detail: e.detail.clone(),
        count: e.count,
        dropped_through: None,
        prev: String::new(),
        hash: String::new(),
    })
}

/// Whether `waiting` (oldest first) should go now: this sync writes a record anyway (`writing`),
/// a record's worth is waiting, or the oldest has waited long enough.
pub fn due(waiting: &[AuditRecord], writing: bool, now: u64) -> bool {
    !waiting.is_empty()
        && (writing || waiting.len() >= LINES_PER_RECORD || due_at(waiting, now) <= Some(now))
}

/// When the oldest of `waiting` is due (a line dated ahead of `now`, by a clock set back,
/// counts from `now`).
pub fn due_at(waiting: &[AuditRecord], now: u64) -> Option<u64> {
    waiting
        .first()
        .map(|r| r.time.min(now).saturating_add(BATCH_SECS))
}

/// Whom a record of lines names: the person signed in, else the one who did the newest line,
/// else the team's first admin. `None` when the team has nobody this desk could name.
pub fn writer(
    state: &TeamState,
    signed_in: Option<&PersonId>,
    lines: &[AuditRecord],
) -> Option<PersonId> {
    let live = |id: &&PersonId| !state.removed_people.contains(*id);
    let known = |id: &PersonId| state.people.contains_key(id) && live(&id);
    if let Some(id) = signed_in.filter(|id| known(id)) {
        return Some(id.clone());
    }
    let newest = lines.last().map(|r| r.person.as_str());
    let by_name = state
        .people
        .iter()
        .find(|(id, p)| live(id) && Some(p.name()) == newest);
    let admin = || {
        state
            .people
            .keys()
            .filter(live)
            .find(|id| state.is_admin(id))
    };
    by_name.map(|(id, _)| id).or_else(admin).cloned()
}

/// A line of another computer's log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherLine {
    /// That computer's name in the team.
    pub desk: String,
    pub record: AuditRecord,
}

/// Every other desk's lines in `state`, each once, oldest first (by their desks' clocks, which
/// only order the page: the record chains are the proof).
pub fn others(state: &TeamState, me: &DeskId) -> Vec<OtherLine> {
    let mut seen = std::collections::BTreeSet::new();
    let mut lines: Vec<(u64, &DeskId, OtherLine)> = state
        .log
        .iter()
        .filter(|e| &e.dot.desk != me && seen.insert((&e.dot.desk, e.event.seq)))
        .filter_map(|e| {
            let desk = state.desks.get(&e.dot.desk)?.name.clone();
            let record = record_of(&e.event)?;
            Some((record.time, &e.dot.desk, OtherLine { desk, record }))
        })
        .collect();
    lines.sort_by(|a, b| (a.0, a.1, a.2.record.seq).cmp(&(b.0, b.1, b.2.record.seq)));
    lines.into_iter().map(|(_, _, line)| line).collect()
}

/// A team desk's log beyond its own lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamLog {
    /// This computer's name in the team.
    pub here: String,
    /// The other computers' lines, oldest first.
    pub others: Vec<OtherLine>,
    /// Why the other computers' lines could not be read now (the folder out of reach).
    pub unread: Option<String>,
}

/// The team's log as this desk's folder has it; `None` when the desk is in no team.
pub fn read_team(dir: &Path, keychain: &dyn SecretStore) -> Option<TeamLog> {
    let here = Membership::name_of(keychain).ok().flatten()?;
    let read = || -> Result<Vec<OtherLine>, String> {
        let mut m = Membership::load(keychain)
            .map_err(|e| e.to_string())?
            .ok_or("no longer in a team")?;
        let opened = member::open_cached(&mut m, dir).map_err(|e| e.to_string())?;
        Ok(others(&opened.state, &m.desk_id()))
    };
    let (others, unread) = match read() {
        Ok(others) => (others, None),
        Err(error) => (Vec::new(), Some(error)),
    };
    Some(TeamLog {
        here,
        others,
        unread,
    })
}

/// Where a line of the merged log is: this desk's own lines at an index, or the others'.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Here(usize),
    Other(usize),
}

/// The order of this desk's own lines and the others' in the merged log, oldest first: worked
/// out once, so a page that shows the log every frame does not sort it every frame.
pub fn merge_order(own: &[AuditRecord], others: &[OtherLine]) -> Vec<Place> {
    let mut all: Vec<(u64, Place)> = own
        .iter()
        .enumerate()
        .map(|(i, r)| (r.time, Place::Here(i)))
        .collect();
    all.extend((others.iter().enumerate()).map(|(i, l)| (l.record.time, Place::Other(i))));
    // Stable: this desk's lines keep their own order among equal times.
    all.sort_by_key(|(time, _)| *time);
    all.into_iter().map(|(_, place)| place).collect()
}

/// The line at `place`, with its computer's name (`here`: this desk's).
pub fn line_at<'a>(
    place: Place,
    own: &'a [AuditRecord],
    here: &'a str,
    others: &'a [OtherLine],
) -> (&'a str, &'a AuditRecord) {
    match place {
        Place::Here(i) => (here, &own[i]),
        Place::Other(i) => (others[i].desk.as_str(), &others[i].record),
    }
}

/// Merges this desk's own lines (named `here`) with the others', oldest first: the lines the
/// log shows on a team desk.
pub fn merged<'a>(
    own: &'a [AuditRecord],
    here: &'a str,
    others: &'a [OtherLine],
) -> Vec<(&'a str, &'a AuditRecord)> {
    merge_order(own, others)
        .into_iter()
        .map(|place| line_at(place, own, here, others))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::audit_log::{AuditLog, NewRecord};

    fn line(seq: u64, time: u64, person: &str) -> AuditRecord {
        let copy = AuditAction::Copy;
        AuditRecord {
            seq,
            ..crate::desk::exposure::tests::record(time, person, Some("Amazon: shop-1"), copy)
        }
    }

    #[test]
    fn a_line_travels_whole_and_an_unknown_action_is_left_out() {
        let mut r = line(7, 1_760_000_000, "李娜");
        r.detail = Some("to Notepad".into());
        r.count = Some(3);
        let back = record_of(&event_of(&r)).unwrap();
        assert_eq!(back, r);
        let mut later = event_of(&r);
        later.action = "teleport".into();
        assert_eq!(record_of(&later), None);
    }

    #[test]
    fn lines_wait_for_a_record_or_an_hour() {
        let now = 1_760_000_000;
        let waiting = [line(1, now - 60, "Ann")];
        assert!(!due(&waiting, false, now), "a minute old: waits");
        assert!(
            due(&waiting, true, now),
            "rides with a record written anyway"
        );
        assert!(
            due(&waiting, false, now - 60 + BATCH_SECS),
            "an hour old: goes"
        );
        assert!(!due(&[], true, now));
        let ahead = [line(1, now + 86_400, "Ann")];
        assert_eq!(due_at(&ahead, now), Some(now + BATCH_SECS));
        let many: Vec<_> = (1..=LINES_PER_RECORD as u64)
            .map(|s| line(s, now, "Ann"))
            .collect();
        assert!(due(&many, false, now), "a record's worth goes at once");
    }

    #[test]
    fn reads_only_lines_after_the_cursor_across_renamed_files() {
        let dir = tempfile::tempdir().unwrap();
        let log = AuditLog::new(dir.path()).with_max_bytes(600);
        for n in 0..20 {
            log.append(NewRecord {
                time: 1_760_000_000 + n,
                person: "Ann".into(),
                account: Some(format!("shop-{n}")),
                action: AuditAction::Copy,
                via: Via::Window,
                detail: None,
            })
            .unwrap();
        }
        let renamed = std::fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| {
                let name = e.as_ref().unwrap().file_name();
                name.to_string_lossy().starts_with("audit-")
            })
            .count();
        assert!(renamed >= 2, "the log was renamed {renamed} times");
        let seqs = |after: u64, limit: usize| -> Vec<u64> {
            let lines = log.read_after(after, limit).unwrap();
            lines.iter().map(|r| r.seq).collect()
        };
        assert_eq!(seqs(5, 100), (6..=20).collect::<Vec<_>>());
        assert_eq!(seqs(0, 4), vec![1, 2, 3, 4]);
        assert!(seqs(20, 100).is_empty());
    }

    fn entry(desk: &str, record_seq: u64, line: &AuditRecord) -> crate::team::state::LogEntry {
        crate::team::state::LogEntry {
            dot: crate::team::Dot {
                desk: desk.into(),
                seq: record_seq,
            },
            person: "ann".into(),
            event: event_of(line),
        }
    }

    #[test]
    fn another_desks_line_sent_twice_shows_once_and_this_desks_not_at_all() {
        let mut state = TeamState::default();
        for (id, name) in [("d1", "Office PC"), ("d2", "Shop PC")] {
            let desk = crate::team::state::DeskState {
                name: name.into(),
                ..Default::default()
            };
            state.desks.insert(id.into(), desk);
        }
        let copy = line(4, 200, "Cy");
        // Two processes of the Shop PC sent line 4 in two records; a later version's action.
        let mut later = event_of(&line(5, 300, "Cy"));
        later.action = "teleport".into();
        state.log = vec![
            entry("d2", 1, &copy),
            entry("d2", 2, &copy),
            entry("d1", 1, &line(9, 100, "Ann")),
            crate::team::state::LogEntry {
                event: later,
                ..entry("d2", 3, &copy)
            },
        ];
        let shown = others(&state, &"d1".into());
        assert_eq!(shown.len(), 1, "{shown:?}");
        assert_eq!(shown[0].desk, "Shop PC");
        assert_eq!(shown[0].record, copy);
        assert_eq!(sent_through(&state, &"d2".into()), 5);
        assert_eq!(sent_through(&state, &"d1".into()), 9);
        assert_eq!(sent_through(&state, &"d3".into()), 0);
    }

    #[test]
    fn merged_lines_are_in_time_order_and_each_other_line_once() {
        let own = [line(1, 100, "Ann"), line(2, 300, "Ann")];
        let others = [OtherLine {
            desk: "Shop PC".into(),
            record: line(1, 200, "Cy"),
        }];
        let all: Vec<(&str, u64)> = merged(&own, "Office PC", &others)
            .iter()
            .map(|(d, r)| (*d, r.time))
            .collect();
        assert_eq!(
            all,
            vec![("Office PC", 100), ("Shop PC", 200), ("Office PC", 300)]
        );
    }
}
