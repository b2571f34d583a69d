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

/// The next record of `ring`'s desk after `previous`.
pub fn record(ring: &Keyring, previous: Option<&Record>, ops: Vec<Op>) -> Record {
    let desk = ring.identity().id();
    Record::next(
        desk,
        previous,
        BTreeMap::new(),
        "admin".into(),
        1_760_000_000,
        ops,
    )
}

/// The team's start on `first`'s desk, with the admin `admin` that [`record`] writes as.
pub fn genesis(first: &Keyring) -> Genesis {
    Genesis {
        desk: first.identity().id(),
        desk_name: "Office PC".into(),
        admin: "admin".into(),
        admin_name: "Owner".into(),
        admin_slot_ref: "slot-admin".into(),
    }
}
