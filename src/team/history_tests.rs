//! The fold against broken histories: forks, replays, duplicates, newer formats, broken
//! chains, unknown desks and gaps.

use super::fold::fold;
use super::op::Op;
use super::record::FORMAT;
use super::state::Reason;
use super::test_support::*;

#[test]
fn a_replayed_seq_with_other_content_is_a_fork() {
    let (mut d1, _d2, mut records) = team();
    let good = d1.write(ADMIN, &[], vec![add("b", 2, "eBay")]);
    let after = d1.write(ADMIN, &[], vec![add("c", 3, "Etsy")]);
    let mut replay = good.clone();
    replay.ops = vec![Op::Purge("a".into())];
    records.extend([good.clone(), after, replay, good]);
    let state = fold(records, &genesis());
    assert_eq!(reasons(&state), vec![("d1".into(), 2, Reason::Fork)]);
    assert_eq!(state.accounts.len(), 1, "history stops before the fork");
    assert_eq!(state.desks[&FIRST_DESK.into()].last_seq, 1);
}

#[test]
fn exact_duplicates_change_nothing() {
    let (mut d1, _d2, mut records) = team();
    records.push(d1.write(ADMIN, &[], vec![audit("copy", Some("a"), 9)]));
    let once = fold(records.clone(), &genesis());
    let twice = fold(records.iter().chain(&records).cloned(), &genesis());
    assert_eq!(once, twice);
    assert!(once.problems.is_empty());
}

#[test]
fn a_newer_format_a_broken_chain_and_an_unknown_desk_are_ignored_and_shown() {
    let (mut d1, mut d2, records) = team();
    let base = records[0].clone();
    let mut newer = d1.write(ADMIN, &[], vec![]);
    newer.format = FORMAT + 1;
    let after_newer = d1.write(ADMIN, &[], vec![add("z", 9, "Z")]);
    let mut stray = d2.write(ADMIN, &[&base], vec![]);
    let broken = d2.write(ADMIN, &[&base], vec![add("y", 8, "Y")]);
    stray.unix_secs += 1; // `broken` no longer follows the record that arrived
    let unknown = Writer::new("d7").write(ADMIN, &[], vec![add("x", 7, "X")]);
    let state = fold(
        [base, newer, after_newer, stray, broken, unknown],
        &genesis(),
    );
    assert_eq!(
        reasons(&state),
        vec![
            ("d1".into(), 2, Reason::NewerFormat { format: FORMAT + 1 }),
            ("d2".into(), 2, Reason::BrokenChain),
            ("d7".into(), 1, Reason::UnknownDesk),
        ]
    );
    assert_eq!(state.accounts.len(), 1);
    assert!(
        !state.folded.contains_key(&"d7".into()),
        "no one waits for a stray desk"
    );
}

#[test]
fn a_gap_waits_and_fills() {
    let (mut d1, _d2, mut records) = team();
    let second = d1.write(ADMIN, &[], vec![add("b", 2, "eBay")]);
    records.push(d1.write(ADMIN, &[], vec![add("c", 3, "Etsy")]));
    let state = fold(records.clone(), &genesis());
    assert_eq!(state.accounts.len(), 1);
    assert!(
        state.problems.is_empty(),
        "a gap is not a problem, only waiting"
    );
    assert_eq!(state.waiting.get(&FIRST_DESK.into()), Some(&2));
    records.push(second);
    let state = fold(records, &genesis());
    assert_eq!(state.accounts.len(), 3);
    assert!(state.waiting.is_empty());
}
