//! The desk's rules as properties: any sequence of admin changes keeps at least one admin,
//! every admin reads every account, every member reads exactly their live shares, and nobody
//! removed opens anything — checked against a plain model of who should be there.

use std::collections::BTreeMap;
use std::sync::Arc;

use proptest::prelude::*;

use super::*;
use crate::otp::Entry;
use crate::store::MemoryStore;

const NOW: u64 = 1_790_000_000;
const NAMES: [&str; 5] = ["Alice", "Bo", "Chen", "Dana", "Eli"];

fn entry(n: usize) -> Entry {
    crate::uri::parse(&format!("otpauth://totp/Shop:{n}?secret=JBSWY3DPEHPK3PXP")).unwrap()
}

fn account(n: usize) -> AccountId {
    AccountId::from(format!("{n:032x}").as_str())
}

#[derive(Debug, Clone)]
enum Op {
    Add(usize, bool),
    Remove(usize),
    Rename(usize),
    Reset(usize, bool),
    Share(usize, usize, bool),
    Unshare(usize, usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..5usize, any::<bool>()).prop_map(|(n, a)| Op::Add(n, a)),
        (0..5usize).prop_map(Op::Remove),
        (0..5usize).prop_map(Op::Rename),
        (0..5usize, any::<bool>()).prop_map(|(n, a)| Op::Reset(n, a)),
        (0..5usize, 0..2usize, any::<bool>()).prop_map(|(n, a, e)| Op::Share(n, a, e)),
        (0..5usize, 0..2usize).prop_map(|(n, a)| Op::Unshare(n, a)),
    ]
}

/// Who should be at the desk: name → (PIN, admin?, shares: account → ends?).
type Expected = BTreeMap<String, (String, bool, BTreeMap<usize, bool>)>;

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    #[test]
    fn any_sequence_of_changes_keeps_the_rules(ops in prop::collection::vec(op(), 1..8)) {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(MemoryStore::new());
        for n in 0..2 {
            store.put(&account(n), &entry(n)).unwrap();
        }
        let mut desk = Desk::load(dir.path(), store.clone()).unwrap();
        let mut admin = desk.start("Root", "000000", NOW).unwrap();
        let mut expected: Expected = BTreeMap::new();
        expected.insert("Root".into(), ("000000".into(), true, BTreeMap::new()));
        for (step, op) in ops.into_iter().enumerate() {
            let pin = format!("{:06}", 100_000 + step);
            let id_of = |desk: &Desk, name: &str| desk.person(name).map(|p| p.id.clone());
            match op {
                Op::Add(n, as_admin) => {
                    let role = if as_admin { Role::Admin } else { Role::Member };
                    let done = desk.add_person(&admin, NAMES[n], &pin, role, NOW).is_ok();
                    prop_assert_eq!(done, !expected.contains_key(NAMES[n]));
                    if done {
                        expected.insert(NAMES[n].into(), (pin, as_admin, BTreeMap::new()));
                    }
                }
                Op::Remove(n) => {
                    let Some(id) = id_of(&desk, NAMES[n]) else { continue };
                    prop_assert!(desk.remove_person(&admin, &id, NOW).is_ok());
                    expected.remove(NAMES[n]);
                }
                Op::Rename(n) => {
                    let Some(id) = id_of(&desk, NAMES[n]) else { continue };
                    let new = format!("{}{step}", NAMES[n]);
                    prop_assert!(desk.rename_person(&admin, &id, &new).is_ok());
                    let kept = expected.remove(NAMES[n]).unwrap();
                    expected.insert(new, kept);
                }
                Op::Reset(n, as_admin) => {
                    let Some(id) = id_of(&desk, NAMES[n]) else { continue };
                    let role = if as_admin { Role::Admin } else { Role::Member };
                    prop_assert!(desk.reset_pin(&admin, &id, &pin, Some(role)).is_ok());
                    let person = expected.get_mut(NAMES[n]).unwrap();
                    person.0 = pin;
                    person.1 = as_admin;
                }
                Op::Share(n, a, ends) => {
                    let Some(id) = id_of(&desk, NAMES[n]) else { continue };
                    let until = ends.then_some(NOW + 60);
                    prop_assert!(desk.share(&admin, &account(a), &entry(a), &id, until, NOW).is_ok());
                    expected.get_mut(NAMES[n]).unwrap().2.insert(a, ends);
                }
                Op::Unshare(n, a) => {
                    let Some(id) = id_of(&desk, NAMES[n]) else { continue };
                    prop_assert!(desk.unshare(&admin, &account(a), &id).is_ok());
                    expected.get_mut(NAMES[n]).unwrap().2.remove(&a);
                }
            }
            // The root admin's session keeps working through every rotation.
            admin = desk.unlock("Root", "000000", NOW).unwrap();
        }
        let mut desk = Desk::load(dir.path(), store.clone()).unwrap();
        let names: Vec<String> = desk.people().iter().map(|p| p.name.clone()).collect();
        prop_assert_eq!(names.len(), expected.len());
        prop_assert!(desk.people().iter().any(|p| p.role == Role::Admin));
        for name in NAMES {
            if !expected.contains_key(name) {
                prop_assert!(desk.unlock(name, "000000", NOW).is_err());
            }
        }
        for (name, (pin, is_admin, shares)) in &expected {
            let session = desk.unlock(name, pin, NOW).unwrap();
            prop_assert_eq!(session.is_admin(), *is_admin);
            let view = desk.store_for(&session, NOW);
            for a in 0..2 {
                let reads = view.get(&account(a)).unwrap().is_some();
                let shared = shares.contains_key(&a);
                prop_assert_eq!(reads, *is_admin || shared, "{} on {}", name, a);
                if !is_admin && shared {
                    let after = desk.store_for(&session, NOW + 61);
                    let still = after.get(&account(a)).unwrap().is_some();
                    prop_assert_eq!(still, !shares[&a], "a timed share ends");
                }
            }
        }
    }
}
