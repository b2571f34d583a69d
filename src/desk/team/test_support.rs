//! Helpers for the desk layer's tests: a team of desks that share epoch keys, and records that
//! name things a leak scan can look for.

use std::collections::BTreeMap;

use super::epoch::{EpochKey, Keyring, TeamId};
use super::grant;
use super::identity::{DeskIdentity, KnownDesks};
use crate::team::{Genesis, NewAccount, Op, Record, Role};

/// Strings that must never be readable in the folder.
pub const SECRETS: [&str; 6] = [
    "Amazon Seller Central",
    "owner@shop.example",
    "Mallory Example",
    "person-mallory",
    "account-amazon",
    "blob-amazon",
];

/// `n` desks of one team; desk 0 made epoch 1 and granted it to the others.
pub fn team(n: usize) -> (Vec<Keyring>, KnownDesks) {
    let team = TeamId::random().unwrap();
    let mut rings: Vec<Keyring> = (0..n)
        .map(|_| Keyring::new(DeskIdentity::generate().unwrap(), team))
        .collect();
    let known: KnownDesks = rings.iter().map(|r| *r.identity().public()).collect();
    let key = EpochKey::generate(1).unwrap();
    rings[0].add(key.clone());
    let others: Vec<_> = rings[1..].iter().map(|r| *r.identity().public()).collect();
    let grant = grant::make(&rings[0], &key, &others).unwrap();
    for ring in &mut rings[1..] {
        grant::accept(ring, &grant, &known).unwrap();
    }
    (rings, known)
}

pub fn add_amazon() -> Op {
    Op::AddAccount(NewAccount {
        account: "account-amazon".into(),
        fingerprint: crate::team::Hash32([9; 32]),
        secret_ref: "blob-amazon".into(),
        params: "totp".into(),
        issuer: "Amazon Seller Central".into(),
        name: "owner@shop.example".into(),
        group: String::new(),
        position: 0,
        pinned: false,
    })
}

pub fn add_mallory() -> Op {
    Op::AddPerson {
        person: "person-mallory".into(),
        name: "Mallory Example".into(),
        role: Role::Member,
        slot_ref: "slot-mallory".into(),
    }
}

/// The signing key of the admin that [`record`] writes as.
pub fn admin_signer() -> super::identity::PersonSigner {
    super::identity::PersonSigner::from_seed([42; 32])
}

/// The admin's key slot as the fold reads it (its signing key).
pub fn admin_slot() -> String {
    format!(r#"{{"signer":"{}"}}"#, admin_signer().public_hex())
}

/// `record` signed by the admin (as every record with an admin's op must be).
pub fn signed(mut record: Record) -> Record {
    admin_signer().sign_record(&mut record);
    record
}

/// The next record of `ring`'s desk after `previous`, signed by the admin when it needs to be.
pub fn record(ring: &Keyring, previous: Option<&Record>, ops: Vec<Op>) -> Record {
    let desk = ring.identity().id();
    let mut record = Record::next(
        desk,
        previous,
        BTreeMap::new(),
        "admin".into(),
        1_760_000_000,
        ops,
    );
    if record.needs_admin() {
        admin_signer().sign_record(&mut record);
    }
    record
}

/// The team's start on `first`'s desk, with the admin `admin` that [`record`] writes as.
pub fn genesis(first: &Keyring) -> Genesis {
    Genesis {
        desk: first.identity().id(),
        desk_name: "Office PC".into(),
        admin: "admin".into(),
        admin_name: "Owner".into(),
        admin_slot_ref: admin_slot(),
    }
}
