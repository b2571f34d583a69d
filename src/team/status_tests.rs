use std::collections::BTreeMap;

use super::*;
use crate::team::fold;
use crate::team::folder::{RecordName, Unopened};
use crate::team::op::Role;
use crate::team::test_support::{ADMIN, FIRST_DESK, genesis, person, team};

const DAY: u64 = 86_400;
const T0: u64 = 1_760_000_000;

fn me() -> DeskId {
    FIRST_DESK.into()
}

fn seen(record: &Record) -> BTreeMap<DeskId, u64> {
    BTreeMap::from([(record.desk.clone(), record.seq)])
}

/// What a load gave: `records`, and the files that gave none with why.
fn loaded(records: &[Record], why: BTreeMap<RecordName, Unopened>) -> Loaded {
    Loaded {
        records: records.to_vec(),
        not_arrived: why.keys().cloned().collect(),
        why,
    }
}

fn desk<'s>(status: &'s Status, id: &str) -> &'s DeskStatus {
    status.desks.iter().find(|d| d.id == id).unwrap()
}

#[test]
fn a_desk_not_heard_from_for_nine_days_is_named() {
    let (mut d1, mut d2, mut records) = team();
    let first = records[0].clone();
    records.push(d2.write_clock(ADMIN, seen(&first), T0, vec![]));
    records.push(d1.write_clock(ADMIN, BTreeMap::new(), T0 + 9 * DAY, vec![]));
    let state = fold(records.clone(), &genesis());
    let status = status(
        &state,
        &loaded(&records, BTreeMap::new()),
        &me(),
        T0 + 9 * DAY + 60,
    );

    let d2 = desk(&status, "d2");
    assert_eq!(
        (d2.silent_days, d2.records, d2.last_heard_unix),
        (Some(9), 1, Some(T0))
    );
    let this = desk(&status, FIRST_DESK);
    assert!(this.this_desk);
    assert_eq!(
        this.silent_days, None,
        "this desk is never 'not heard from'"
    );
    assert_eq!(this.records, 2);
}

#[test]
fn a_desk_just_admitted_has_not_been_heard_from() {
    let (_, _, records) = team();
    let state = fold(records.clone(), &genesis());
    let status = status(
        &state,
        &loaded(&records, BTreeMap::new()),
        &me(),
        T0 + 30 * DAY,
    );
    let d2 = desk(&status, "d2");
    assert_eq!((d2.last_heard_unix, d2.silent_days), (None, None));
}

#[test]
fn a_clock_five_minutes_ahead_is_shown_and_one_within_a_minute_is_not() {
    let (_, mut d2, mut records) = team();
    let first = records[0].clone();
    records.push(d2.write_clock(ADMIN, seen(&first), T0 + 300, vec![]));
    let state = fold(records.clone(), &genesis());
    let ahead = status(&state, &loaded(&records, BTreeMap::new()), &me(), T0 + 10);
    assert_eq!(desk(&ahead, "d2").clock_off_secs, Some(290));
    let fine = status(&state, &loaded(&records, BTreeMap::new()), &me(), T0 + 250);
    assert_eq!(desk(&fine, "d2").clock_off_secs, None);
}

#[test]
fn a_desk_that_saw_our_record_but_stamps_an_earlier_time_is_behind() {
    let (mut d1, mut d2, mut records) = team();
    let first = records[0].clone();
    let ours = d1.write_clock(ADMIN, BTreeMap::new(), T0 + 1_000, vec![]);
    records.push(ours.clone());
    // d2 wrote after it had seen our record, yet its clock says ten minutes before.
    records.push(d2.write_clock(ADMIN, BTreeMap::from([(me(), ours.seq)]), T0 + 400, vec![]));
    let state = fold(records.clone(), &genesis());
    let status = status(
        &state,
        &loaded(&records, BTreeMap::new()),
        &me(),
        T0 + 1_010,
    );
    assert_eq!(desk(&status, "d2").clock_off_secs, Some(-600));
    assert_eq!(first.seq, 1);
}

#[test]
fn our_later_record_shows_a_desk_that_is_ahead() {
    let (mut d1, mut d2, mut records) = team();
    let first = records[0].clone();
    let theirs = d2.write_clock(ADMIN, seen(&first), T0 + 3_600, vec![]);
    records.push(theirs.clone());
    records.push(d1.write_clock(ADMIN, seen(&theirs), T0 + 100, vec![]));
    let state = fold(records.clone(), &genesis());
    // "now" is far on, so only our record written after theirs shows it.
    let status = status(
        &state,
        &loaded(&records, BTreeMap::new()),
        &me(),
        T0 + 10 * DAY,
    );
    assert_eq!(desk(&status, "d2").clock_off_secs, Some(3_500));
}

#[test]
fn files_that_gave_no_record_are_listed_and_a_newer_format_stops_writing() {
    let (_, _, records) = team();
    let state = fold(records.clone(), &genesis());
    let name = |seq| RecordName {
        desk: "d2".into(),
        seq,
    };
    let unopened = BTreeMap::from([
        (name(1), Unopened::NotArrived),
        (name(2), Unopened::BadSignature("d2".into())),
        (name(3), Unopened::NewerFormat(2)),
    ]);
    let status = status(&state, &loaded(&records, unopened), &me(), T0);
    let transit: Vec<_> = status.unopened.iter().map(|f| f.in_transit).collect();
    assert_eq!(transit, vec![true, false, false]);
    assert_eq!(status.unopened[1].file, "desks/d2/2.rec");
    assert!(
        status.unopened[1].why.contains("signature"),
        "{:?}",
        status.unopened[1]
    );
    assert_eq!(status.newer_format, Some(2));
}

#[test]
fn a_members_attempt_to_add_a_person_is_a_problem_on_the_page() {
    let (_, mut d2, mut records) = team();
    let first = records[0].clone();
    records.push(d2.write("m", &[&first], vec![person("mallory", Role::Admin)]));
    let state = fold(records.clone(), &genesis());
    let status = status(&state, &loaded(&records, BTreeMap::new()), &me(), T0);
    assert_eq!(status.problems.len(), 1, "{:?}", status.problems);
    assert!(
        status.problems[0].contains("not allowed"),
        "{:?}",
        status.problems
    );
    assert_eq!(status.newer_format, None);
}
