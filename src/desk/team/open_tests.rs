//! A desk that joined early learns a later desk's keys from the folder, and only from an
//! admin's accepted record whose key gives the desk's id.

use std::collections::BTreeMap;

use super::*;
use crate::team::folder::Codec as _;
use crate::team::memory_folder::MemoryFolder;
use crate::team::{FieldValue, Op, Record};

use super::super::test_support::{add_amazon, add_mallory, genesis, record, signed, team};

fn add_desk(ring: &Keyring, key_of: &Keyring) -> Op {
    Op::AddDesk {
        desk: ring.identity().id(),
        name: "Shop floor".into(),
        key: key_of.identity().public().to_hex(),
    }
}

fn write(folder: &MemoryFolder, writer: &Keyring, known: &KnownDesks, record: &Record) {
    let codec = SealedCodec::new(writer, known, VerifiedCache::default()).unwrap();
    folder
        .write_new(&RecordName::of(record), &codec.seal(record))
        .unwrap();
}

/// What desk 1 knows after its join: the first desk and itself.
fn known_at_join(rings: &[Keyring]) -> KnownDesks {
    [&rings[0], &rings[1]]
        .iter()
        .map(|r| *r.identity().public())
        .collect()
}

/// Desk 1 opens the folder knowing what its join gave it.
fn open_as_desk_1(folder: &MemoryFolder, rings: &[Keyring]) -> (Opened, KnownDesks) {
    let mut known = known_at_join(rings);
    let genesis = genesis(&rings[0]);
    let opened = open_folder(
        folder,
        &rings[1],
        &mut known,
        VerifiedCache::default(),
        &genesis,
    );
    (opened.unwrap(), known)
}

#[test]
fn a_desk_admitted_later_is_learned_from_the_admins_record() {
    let (rings, all) = team(3);
    let folder = MemoryFolder::default();
    let first = record(
        &rings[0],
        None,
        vec![
            add_desk(&rings[1], &rings[1]),
            add_desk(&rings[2], &rings[2]),
            add_amazon(),
        ],
    );
    write(&folder, &rings[0], &all, &first);
    let on_2 = signed(Record::next(
        rings[2].identity().id(),
        None,
        BTreeMap::from([(first.desk.clone(), 1)]),
        "admin".into(),
        1_760_000_100,
        vec![Op::Set {
            account: "account-amazon".into(),
            value: FieldValue::Name("renamed on the shop floor".into()),
        }],
    ));
    write(&folder, &rings[2], &all, &on_2);

    let (opened, known) = open_as_desk_1(&folder, &rings);
    assert_eq!(opened.learned, vec![rings[2].identity().id()]);
    assert!(
        opened.loaded.not_arrived.is_empty(),
        "{:?}",
        opened.loaded.why
    );
    let amazon = opened.state.account(&"account-amazon".into()).unwrap();
    assert_eq!(
        amazon.text(crate::team::Field::Name),
        "renamed on the shop floor"
    );
    assert!(known.get_id(&rings[2].identity().id()).is_some());
    assert_eq!(opened.cache.len(), 2, "both signatures checked once");
}

#[test]
fn a_members_desk_or_a_key_that_is_not_the_desks_teaches_nothing() {
    let (rings, all) = team(4);
    let folder = MemoryFolder::default();
    // The admin adds Mallory as a member, and desk 3 under desk 2's key.
    let first = record(
        &rings[0],
        None,
        vec![add_mallory(), add_desk(&rings[3], &rings[2])],
    );
    write(&folder, &rings[0], &all, &first);
    // Mallory, a member, tries to admit desk 2 herself.
    // Signed with a key of her own: the file opens, and the fold refuses what it asks.
    let mut by_member = Record::next(
        rings[0].identity().id(),
        Some(&first),
        BTreeMap::new(),
        "person-mallory".into(),
        1_760_000_050,
        vec![add_desk(&rings[2], &rings[2])],
    );
    crate::desk::team::identity::PersonSigner::from_seed([7; 32]).sign_record(&mut by_member);
    write(&folder, &rings[0], &all, &by_member);
    for ring in &rings[2..] {
        let own = record(ring, None, vec![add_amazon()]);
        write(&folder, ring, &all, &own);
    }

    let (opened, _) = open_as_desk_1(&folder, &rings);
    assert!(opened.learned.is_empty(), "{:?}", opened.learned);
    for ring in &rings[2..] {
        let name = RecordName {
            desk: ring.identity().id(),
            seq: 1,
        };
        assert_eq!(
            opened.loaded.why.get(&name),
            Some(&Unopened::UnknownDesk(ring.identity().id()))
        );
    }
    assert!(opened.state.account(&"account-amazon".into()).is_none());
    assert!(
        !opened.state.problems.is_empty(),
        "the member's attempt is shown"
    );
}
