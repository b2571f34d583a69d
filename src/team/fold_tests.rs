//! The fold against hand-made histories: merging, and hostile or broken records.

use super::fold::fold;
use super::op::{Field, FieldValue, Op, Role};
use super::state::Reason;
use super::test_support::*;

#[test]
fn the_same_key_added_on_two_desks_is_one_account() {
    let (mut d1, mut d2, mut records) = team();
    let base = records[0].clone();
    records.push(d1.write(ADMIN, &[], vec![add("x1", 7, "eBay")]));
    records.push(d2.write(ADMIN, &[&base], vec![add("x2", 7, "eBay")]));
    let state = fold(records, &genesis());
    assert_eq!(state.accounts.len(), 2, "{:?}", state.accounts.keys());
    let account = state.account(&"x2".into()).unwrap();
    assert_eq!(account.id.0, "x1", "the first in fold order keeps its id");
    assert_eq!(account.secret_refs.len(), 2, "both sealed blobs are kept");
    assert!(state.conflicts().is_empty(), "equal values are no conflict");
    assert!(state.problems.is_empty(), "{:?}", state.problems);
}

#[test]
fn the_same_key_added_apart_with_other_names_is_one_account_with_a_conflict() {
    let (mut d1, mut d2, mut records) = team();
    let base = records[0].clone();
    records.push(d1.write(ADMIN, &[], vec![add("x1", 7, "eBay")]));
    records.push(d2.write(ADMIN, &[&base], vec![add("x2", 7, "eBay UK")]));
    let state = fold(records, &genesis());
    assert_eq!(state.accounts.len(), 2);
    let conflicts = state.conflicts();
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    assert_eq!(
        (conflicts[0].account.0.as_str(), conflicts[0].field),
        ("x1", Field::Issuer)
    );
}

#[test]
fn concurrent_edits_conflict_until_an_admin_picks() {
    let (mut d1, mut d2, records) = team();
    let base = records[0].clone();
    let name = |t: &str| Op::Set {
        account: "a".into(),
        value: FieldValue::Issuer(t.into()),
    };
    let e1 = d1.write(ADMIN, &[], vec![name("Amazon EU")]);
    let e2 = d2.write(ADMIN, &[&base], vec![name("Amazon US")]);
    let mut all = vec![base.clone(), e1.clone(), e2.clone()];
    let state = fold(all.clone(), &genesis());
    let conflicts = state.conflicts();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].field, Field::Issuer);
    assert_eq!(conflicts[0].values.len(), 2);
    // Every desk shows the same value meanwhile.
    let mut reversed = all.clone();
    reversed.reverse();
    assert_eq!(fold(reversed, &genesis()), state);
    // A record that saw both settles it.
    let pick = Op::Resolve {
        account: "a".into(),
        value: FieldValue::Issuer("Amazon US".into()),
    };
    all.push(d1.write(ADMIN, &[&e2], vec![pick]));
    let state = fold(all, &genesis());
    assert!(state.conflicts().is_empty());
    assert_eq!(
        state.account(&"a".into()).unwrap().text(Field::Issuer),
        "Amazon US"
    );
}

#[test]
fn an_edit_that_saw_the_other_just_wins() {
    let (mut d1, mut d2, records) = team();
    let base = records[0].clone();
    let e1 = d1.write(ADMIN, &[], vec![Op::Trash("a".into())]);
    let e2 = d2.write(ADMIN, &[&e1], vec![Op::Restore("a".into())]);
    let state = fold([base.clone(), e2.clone(), e1.clone()], &genesis());
    assert!(state.conflicts().is_empty());
    assert_eq!(state.trash().count(), 0);
    // A missing record is never a delete: without e1 nothing is trashed, and e2 waits for it.
    let state = fold([base, e2], &genesis());
    assert_eq!(state.live_accounts().count(), 1);
    assert_eq!(state.waiting.get(&"d2".into()), Some(&1));
}

#[test]
fn a_revoked_desk_is_cut_wherever_its_records_fall() {
    // "a2" sorts before "d1", so its late records are ordered before the revocation.
    let mut d1 = Writer::new(FIRST_DESK);
    let mut a2 = Writer::new("a2");
    let join = d1.write(ADMIN, &[], vec![desk("a2"), add("a", 1, "Amazon")]);
    let ok = a2.write(ADMIN, &[&join], vec![audit("copy", Some("a"), 1)]);
    let late = a2.write(
        ADMIN,
        &[&join],
        vec![Op::Purge("a".into()), audit("export", None, 2)],
    );
    let revoke = d1.write(
        ADMIN,
        &[&ok],
        vec![Op::RevokeDesk {
            desk: "a2".into(),
            accepted_seq: 1,
        }],
    );
    let after = a2.write(ADMIN, &[&revoke], vec![add("b", 2, "Evil")]);
    let state = fold([join, ok, late, revoke, after], &genesis());
    assert_eq!(state.accounts.len(), 1, "the purge and the add are ignored");
    assert_eq!(state.log.len(), 1, "only the accepted record's event");
    let expected = Reason::RevokedDesk { accepted_seq: 1 };
    assert_eq!(
        reasons(&state),
        vec![
            ("a2".into(), 2, expected.clone()),
            ("a2".into(), 3, expected)
        ]
    );
    assert_eq!(state.desks[&"a2".into()].revoked_after, Some(1));
    assert_eq!(
        state.folded[&"a2".into()],
        1,
        "later desks do not claim the cut records"
    );
}

#[test]
fn a_members_record_cannot_share_or_promote() {
    let (_d1, mut d2, records) = team();
    let base = records[0].clone();
    for op in [
        Op::Share {
            person: "m".into(),
            account: "a".into(),
            until_unix_secs: None,
        },
        Op::SetRole {
            person: "m".into(),
            role: Role::Admin,
        },
        Op::AddDesk {
            desk: "d9".into(),
            name: "mine".into(),
            key: crate::team::test_support::DESK_KEY.into(),
        },
        Op::SetSlot {
            person: ADMIN.into(),
            slot_ref: "stolen".into(),
        },
        Op::Trash("a".into()),
    ] {
        let mut d2 = Writer {
            desk: d2.desk.clone(),
            last: None,
        };
        let bad = d2.write(
            "m",
            &[&base],
            vec![audit("reveal", Some("a"), 5), op.clone()],
        );
        let state = fold([base.clone(), bad], &genesis());
        let clean = fold([base.clone()], &genesis());
        assert_eq!(state.people, clean.people, "{op:?}");
        assert_eq!(state.shares, clean.shares, "{op:?}");
        assert_eq!(state.desks.len(), clean.desks.len(), "{op:?}");
        assert_eq!(state.accounts, clean.accounts, "{op:?}");
        assert_eq!(state.log.len(), 1, "the audit event is kept");
        assert_eq!(
            reasons(&state),
            vec![("d2".into(), 1, Reason::NotAllowed { op: op.tag() })]
        );
    }
    // What a member may do: log, report the app version, change their own slot (vouched for
    // by the signing key it replaces).
    let new_pin = r#"{"signer":"key-m2","vouch":{"from":"key-m","sig":"00"}}"#;
    let ok = d2.write(
        "m",
        &[&base],
        vec![
            audit("copy", Some("a"), 5),
            Op::AppVersion("1.4.0".into()),
            Op::SetSlot {
                person: "m".into(),
                slot_ref: new_pin.into(),
            },
        ],
    );
    let state = fold([base.clone(), ok], &genesis());
    assert!(state.problems.is_empty(), "{:?}", state.problems);
    assert_eq!(state.people[&"m".into()].slot_ref(), new_pin);
    assert_eq!(state.desks[&"d2".into()].app_version, "1.4.0");
}

#[test]
fn the_last_admin_stays_and_removal_ends_shares() {
    let (mut d1, _d2, mut records) = team();
    let share = Op::Share {
        person: "m".into(),
        account: "a".into(),
        until_unix_secs: Some(9),
    };
    records.push(d1.write(ADMIN, &[], vec![share]));
    records.push(d1.write(
        ADMIN,
        &[],
        vec![Op::SetRole {
            person: ADMIN.into(),
            role: Role::Member,
        }],
    ));
    records.push(d1.write(ADMIN, &[], vec![Op::RemovePerson(ADMIN.into())]));
    let state = fold(records.clone(), &genesis());
    assert_eq!(state.shares.len(), 1);
    assert_eq!(state.admin_count(), 1);
    assert_eq!(
        reasons(&state),
        vec![
            ("d1".into(), 3, Reason::LastAdmin),
            ("d1".into(), 4, Reason::LastAdmin)
        ]
    );
    records.push(d1.write(ADMIN, &[], vec![Op::RemovePerson("m".into())]));
    let state = fold(records, &genesis());
    assert!(state.shares.is_empty());
    assert!(state.removed_people.contains(&"m".into()));
}

#[test]
fn a_purge_is_final_and_a_late_edit_is_moot() {
    let (mut d1, mut d2, records) = team();
    let base = records[0].clone();
    let purge = d1.write(
        ADMIN,
        &[],
        vec![Op::Trash("a".into()), Op::Purge("a".into())],
    );
    let edit = d2.write(
        ADMIN,
        &[&base],
        vec![Op::Set {
            account: "a".into(),
            value: FieldValue::Pinned(true),
        }],
    );
    let state = fold([base, purge, edit], &genesis());
    assert!(state.accounts.is_empty());
    assert!(state.purged.contains(&"a".into()));
    assert!(state.problems.is_empty(), "{:?}", state.problems);
}

/// A slot's JSON as the fold reads it: its signing key and a vouch.
fn vouched_slot(signer: &str, from: &str, by: Option<&str>) -> String {
    let by = by.map_or(String::new(), |b| format!(r#","by":"{b}""#));
    format!(r#"{{"signer":"{signer}","vouch":{{"from":"{from}"{by},"sig":"00"}}}}"#)
}

fn set_slot(person: &str, slot: &str) -> Op {
    Op::SetSlot {
        person: person.into(),
        slot_ref: slot.into(),
    }
}

#[test]
fn an_admins_record_counts_only_with_the_key_of_their_current_slot() {
    let (mut d1, _d2, mut records) = team();
    let carol = d1.write(
        ADMIN,
        &[],
        vec![person("carol", Role::Admin), add("c", 3, "eBay")],
    );
    records.push(carol);
    let removal = d1.write(ADMIN, &[], vec![Op::RemovePerson("carol".into())]);
    records.push(removal);
    let base = fold(records.clone(), &genesis());
    assert!(base.problems.is_empty(), "{:?}", base.problems);
    // Someone who kept Carol's key, or a joined desk's keys, writes as the owner or as Carol.
    let forgeries = [
        (ADMIN, Some("key-carol")),
        (ADMIN, None),
        (ADMIN, Some("key-stranger")),
        ("carol", Some("key-carol")),
    ];
    for (who, key) in forgeries {
        let mut d1 = Writer {
            desk: FIRST_DESK.into(),
            last: d1.last.clone(),
        };
        let mut forged = d1.write(who, &[], vec![Op::Purge("a".into()), Op::Purge("c".into())]);
        forged.signer = key.map(str::to_owned);
        let state = fold([records.clone(), vec![forged]].concat(), &genesis());
        assert!(state.account(&"a".into()).is_some(), "{who} {key:?}");
        let expected = if who == "carol" {
            Reason::UnknownPerson
        } else {
            Reason::NotSigned
        };
        assert_eq!(reasons(&state), vec![("d1".into(), 4, expected)]);
    }
    // The owner's own key: the purge happens.
    let own = d1.write(ADMIN, &[], vec![Op::Purge("c".into())]);
    let state = fold([records, vec![own]].concat(), &genesis());
    assert!(state.account(&"c".into()).is_none());
    assert!(state.problems.is_empty(), "{:?}", state.problems);
}

#[test]
fn a_new_slot_needs_the_vouch_of_the_key_it_replaces_or_an_admins() {
    let (mut d1, mut d2, records) = team();
    let base = records[0].clone();
    let fold_with = |more: &[&crate::team::Record]| {
        let mut all = records.clone();
        all.extend(more.iter().map(|r| (*r).clone()));
        fold(all, &genesis())
    };
    // Someone with a desk's login puts a key of their own into the owner's slot, or a
    // member's: neither is used, and a record signed with it changes nothing.
    let planted = d2.write(
        ADMIN,
        &[&base],
        vec![set_slot(ADMIN, &slot("evil")), set_slot("m", &slot("evil"))],
    );
    let mut with_evil = d2.write(ADMIN, &[&base], vec![Op::Purge("a".into())]);
    with_evil.signer = Some("key-evil".into());
    let state = fold_with(&[&planted, &with_evil]);
    assert_eq!(
        reasons(&state),
        vec![
            ("d2".into(), 1, Reason::NotVouched),
            ("d2".into(), 1, Reason::NotVouched),
            ("d2".into(), 2, Reason::NotSigned),
        ]
    );
    assert!(state.account(&"a".into()).is_some());
    assert_eq!(state.people[&ADMIN.into()].signers(), ["key-admin"]);

    // A member's own new PIN, vouched by the key it replaces; then a reset by the owner.
    let mut d2 = Writer::new("d2");
    let own = d2.write(
        "m",
        &[&base],
        vec![set_slot("m", &vouched_slot("key-m2", "key-m", None))],
    );
    let reset = d1.write(
        ADMIN,
        &[&own],
        vec![set_slot(
            "m",
            &vouched_slot("key-m3", "key-m2", Some("key-admin")),
        )],
    );
    let state = fold_with(&[&own, &reset]);
    assert!(state.problems.is_empty(), "{:?}", state.problems);
    assert_eq!(state.people[&"m".into()].signers(), ["key-m3"]);

    // The first new PIN's slot published again: it names a key that is no longer current.
    let replayed = d2.write(
        "m",
        &[&reset],
        vec![set_slot("m", &vouched_slot("key-m2", "key-m", None))],
    );
    // A "reset" vouched for by a member's key, not an admin's.
    let by_member = d2.write(
        "m",
        &[&reset],
        vec![set_slot(
            "m",
            &vouched_slot("key-m4", "key-m3", Some("key-m3x")),
        )],
    );
    let state = fold_with(&[&own, &reset, &replayed, &by_member]);
    assert_eq!(
        reasons(&state),
        vec![
            ("d2".into(), 2, Reason::NotVouched),
            ("d2".into(), 3, Reason::NotVouched),
        ]
    );
    assert_eq!(state.people[&"m".into()].signers(), ["key-m3"]);
}

/// A new desk key is an admin's record; two made apart end as the same one everywhere (the
/// highest epoch, then check value), in any order; a member's is refused and changes nothing.
#[test]
fn the_newest_desk_key_is_the_same_everywhere_and_only_an_admin_makes_one() {
    let (mut d1, mut d2, mut records) = team();
    let base = records[0].clone();
    let key = |epoch: u32, check: &str| {
        Op::DeskKey(super::op::NewDeskKey {
            epoch,
            check: check.into(),
            sealed: [(ADMIN.into(), format!("sealed {check}"))].into(),
            wrapped: [(ADMIN.into(), format!("wrapped {check}"))].into(),
        })
    };
    records.push(d1.write(ADMIN, &[], vec![person("m", Role::Member)]));
    let member = records[1].clone();
    records.push(d1.write(ADMIN, &[], vec![key(2, "aa")]));
    records.push(d2.write(ADMIN, &[&member], vec![key(2, "bb")]));
    records.push(d2.write("m", &[], vec![key(9, "ff")]));
    let state = fold(records.clone(), &genesis());
    let newest = state.desk_key().unwrap();
    assert_eq!((newest.epoch, newest.check.as_str()), (2, "bb"));
    assert_eq!(newest.sealed[&ADMIN.into()], "sealed bb");
    assert_eq!(
        state.desk_keys.len(),
        2,
        "the member's key is not among them"
    );
    assert!(
        reasons(&state)
            .iter()
            .any(|(_, _, r)| *r == Reason::NotAllowed { op: "dkey" }),
        "{:?}",
        state.problems
    );
    for seed in 0..8 {
        let state_again = fold(shuffled(records.clone(), seed), &genesis());
        assert_eq!(state_again.desk_key(), state.desk_key());
    }
    // A later key of a higher epoch is newer, whatever its check value.
    records.push(d1.write(ADMIN, &[&records[3].clone()], vec![key(3, "01")]));
    let state = fold(records, &genesis());
    assert_eq!(state.desk_key().unwrap().check, "01");
    assert!(fold(vec![base], &genesis()).desk_key().is_none());
}
