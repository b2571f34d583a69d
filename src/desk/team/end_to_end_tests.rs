//! Two desks writing sealed, signed records through a misbehaving in-memory folder: once every
//! file has arrived, both open every record and fold to the same state.

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::cache::VerifiedCache;
use super::codec::SealedCodec;
use super::epoch::Keyring;
use super::identity::KnownDesks;
use super::test_support::{add_amazon, add_mallory, genesis, signed, team};
use crate::team::folder::{Codec, Folder, RecordName, load};
use crate::team::memory_folder::MemorySync;
use crate::team::{FieldValue, Genesis, Op, Record, TeamState, fold};

/// Desk `copy` seals `record` into its copy of the folder; the sync engine takes it from there.
fn write(sync: &mut MemorySync, copy: usize, codec: &SealedCodec<'_>, record: &Record) {
    let name = RecordName::of(record);
    sync.copies[copy]
        .write_new(&name, &codec.seal(record))
        .unwrap();
    sync.written(copy, &name);
}

/// Three records: desk 0 admits desk 1 and adds an account and a person; then both desks
/// write without seeing each other.
fn history(rings: &[Keyring]) -> Vec<(usize, Record)> {
    let (a, b) = (rings[0].identity().id(), rings[1].identity().id());
    let first = signed(Record::next(
        a.clone(),
        None,
        BTreeMap::new(),
        "admin".into(),
        1_760_000_000,
        vec![
            Op::AddDesk {
                desk: b.clone(),
                name: "Home PC".into(),
                key: rings[1].identity().public().to_hex(),
            },
            add_amazon(),
            add_mallory(),
        ],
    ));
    let seen = BTreeMap::from([(a.clone(), 1)]);
    let rename = |name: &str| Op::Set {
        account: "account-amazon".into(),
        value: FieldValue::Name(name.into()),
    };
    let on_b = signed(Record::next(
        b,
        None,
        seen,
        "admin".into(),
        1_760_000_100,
        vec![rename("b")],
    ));
    let on_a = signed(Record::next(
        a,
        Some(&first),
        BTreeMap::new(),
        "admin".into(),
        1_760_000_200,
        vec![rename("a")],
    ));
    vec![(0, first), (1, on_b), (0, on_a)]
}

fn folded(sync: &MemorySync, copy: usize, codec: &SealedCodec<'_>, g: &Genesis) -> TeamState {
    let folder = &sync.copies[copy];
    let loaded = load(folder, codec, &folder.list().unwrap()).unwrap();
    assert!(loaded.not_arrived.is_empty(), "{:?}", loaded.not_arrived);
    fold(loaded.records, g)
}

fn codecs<'k>(rings: &'k [Keyring], known: &'k KnownDesks) -> Vec<SealedCodec<'k>> {
    let codec = |ring| SealedCodec::new(ring, known, VerifiedCache::default()).unwrap();
    rings.iter().map(codec).collect()
}

#[test]
fn two_desks_fold_the_same_state_from_sealed_files() {
    let (rings, known) = team(2);
    let codecs = codecs(&rings, &known);
    let mut sync = MemorySync::new(2);
    for (desk, record) in history(&rings) {
        write(&mut sync, desk, &codecs[desk], &record);
    }
    sync.half_write(0, 100);
    sync.conflict_copy(1);
    sync.settle();
    let g = genesis(&rings[0]);
    let (on_a, on_b) = (
        folded(&sync, 0, &codecs[0], &g),
        folded(&sync, 1, &codecs[1], &g),
    );
    assert_eq!(on_a, on_b);
    assert!(on_a.problems.is_empty(), "{:?}", on_a.problems);
    assert!(on_a.desks.contains_key(&rings[1].identity().id()));
    assert!(on_a.people.contains_key(&"person-mallory".into()));
    assert!(on_a.account(&"account-amazon".into()).is_some());
    assert_eq!(
        on_a.conflicts().len(),
        1,
        "both renames survive for an admin to pick"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// Whatever the engine does on the way, nothing opens as a wrong record, and once all has
    /// arrived both desks fold the same state.
    #[test]
    fn a_messy_folder_never_yields_a_wrong_record(
        steps in prop::collection::vec((0u8..5, any::<usize>(), any::<u8>()), 0..24),
    ) {
        let (rings, known) = team(2);
        let codecs = codecs(&rings, &known);
        let records: Vec<Record> = history(&rings).into_iter().map(|(_, r)| r).collect();
        let mut sync = MemorySync::new(2);
        for (desk, record) in history(&rings) {
            write(&mut sync, desk, &codecs[desk], &record);
        }
        for (action, pick, amount) in steps {
            match action {
                0 => sync.deliver(pick),
                1 => sync.duplicate(pick),
                2 => sync.half_write(pick, amount),
                3 => sync.conflict_copy(pick),
                _ => sync.delete(pick % 2, usize::from(amount)),
            }
            for (copy, codec) in codecs.iter().enumerate() {
                let folder = &sync.copies[copy];
                let loaded = load(folder, codec, &folder.list().unwrap()).unwrap();
                for record in &loaded.records {
                    prop_assert!(records.contains(record));
                }
            }
        }
        sync.settle();
        let g = genesis(&rings[0]);
        prop_assert_eq!(folded(&sync, 0, &codecs[0], &g), folded(&sync, 1, &codecs[1], &g));
    }
}
