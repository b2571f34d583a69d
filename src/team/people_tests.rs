//! A person's fields changed on two desks while apart: both values survive for an admin to pick,
//! and a role in conflict gives no admin rights.

use super::super::fold;
use super::super::op::{Op, Role};
use super::super::state::{Reason, TeamState};
use super::super::test_support::{ADMIN, genesis, person, reasons, shuffled, team};

fn set_role(who: &str, role: Role) -> Op {
    Op::SetRole {
        person: who.into(),
        role,
    }
}

fn rename(who: &str, name: &str) -> Op {
    Op::SetPersonName {
        person: who.into(),
        name: name.into(),
    }
}

fn folded(records: &[super::super::record::Record]) -> TeamState {
    fold(records.to_vec(), &genesis())
}

#[test]
fn roles_set_apart_are_a_conflict_and_count_as_member_until_an_admin_picks() {
    let (mut d1, mut d2, mut records) = team();
    let first = records[0].clone();
    // Apart: d2 promotes m, d1 (not having seen it) confirms m as a member.
    let promote = d2.write(ADMIN, &[&first], vec![set_role("m", Role::Admin)]);
    let keep = d1.write(ADMIN, &[], vec![set_role("m", Role::Member)]);
    records.extend([promote.clone(), keep.clone()]);
    let state = folded(&records);
    let m = &state.people[&"m".into()];
    assert_eq!(m.role(), Role::Member, "a conflict makes no admin");
    let conflicts = state.person_conflicts();
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    assert_eq!(conflicts[0].field, "role");
    assert_eq!(conflicts[0].values.len(), 2);

    // m, having seen both, tries what only an admin may do: refused.
    let by_m = d2.write("m", &[&keep], vec![person("x", Role::Member)]);
    records.push(by_m.clone());
    let state = folded(&records);
    assert!(!state.people.contains_key(&"x".into()));
    assert!(
        reasons(&state)
            .iter()
            .any(|(_, _, r)| matches!(r, Reason::NotAllowed { .. })),
        "{:?}",
        state.problems
    );

    // An admin who saw both picks: the conflict ends and m is an admin.
    let pick = d1.write(ADMIN, &[&by_m], vec![set_role("m", Role::Admin)]);
    records.push(pick);
    let state = folded(&records);
    assert!(state.person_conflicts().is_empty());
    assert_eq!(state.people[&"m".into()].role(), Role::Admin);
}

#[test]
fn names_changed_apart_both_survive_in_any_delivery_order() {
    let (mut d1, mut d2, mut records) = team();
    let first = records[0].clone();
    records.push(d2.write(ADMIN, &[&first], vec![rename("m", "Mina")]));
    records.push(d1.write(ADMIN, &[], vec![rename("m", "Mia")]));
    let state = folded(&records);
    let conflicts = state.person_conflicts();
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    let mut names: Vec<_> = conflicts[0]
        .values
        .iter()
        .map(|(_, v)| v.as_str())
        .collect();
    names.sort_unstable();
    assert_eq!(names, ["Mia", "Mina"]);
    for seed in 1..20 {
        assert_eq!(fold(shuffled(records.clone(), seed), &genesis()), state);
    }
}

#[test]
fn a_change_that_saw_the_other_replaces_it_without_a_conflict() {
    let (mut d1, mut d2, mut records) = team();
    let first = records[0].clone();
    let on_2 = d2.write(ADMIN, &[&first], vec![rename("m", "Mina")]);
    records.push(on_2.clone());
    records.push(d1.write(ADMIN, &[&on_2], vec![rename("m", "Mia")]));
    let state = folded(&records);
    assert!(state.person_conflicts().is_empty());
    assert_eq!(state.people[&"m".into()].name(), "Mia");
    // The first admin's genesis values are replaced by a first change, never in conflict.
    records.push(d1.write(ADMIN, &[], vec![rename(ADMIN, "Boss")]));
    let state = folded(&records);
    assert_eq!(state.people[&ADMIN.into()].name(), "Boss");
    assert!(state.person_conflicts().is_empty());
}
