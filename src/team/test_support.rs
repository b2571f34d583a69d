//! Helpers for the fold's tests: a desk that writes well-chained records, a genesis, ops.

use super::ids::{DeskId, Hash32};
use super::op::{AuditEvent, NewAccount, Op, Role};
use super::record::Record;
use super::state::{Clock, Genesis, Reason, TeamState};

pub const ADMIN: &str = "admin";
pub const FIRST_DESK: &str = "d1";
/// A well-formed public key for desks of the fold's tests (the fold does not check keys
/// against ids; the desk layer does).
pub const DESK_KEY: &str = "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a\
                            5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a";

/// A key slot as the fold reads it: only its signing key, `key-<id>` (the fold compares keys;
/// the codec checks signatures).
pub fn slot(id: &str) -> String {
    format!(r#"{{"signer":"key-{id}"}}"#)
}

pub fn genesis() -> Genesis {
    Genesis {
        desk: FIRST_DESK.into(),
        desk_name: "Office PC".into(),
        admin: ADMIN.into(),
        admin_name: "Owner".into(),
        admin_slot_ref: slot(ADMIN),
    }
}

/// One desk writing its chain.
pub struct Writer {
    pub desk: DeskId,
    pub last: Option<Record>,
}

impl Writer {
    pub fn new(desk: &str) -> Self {
        Self {
            desk: desk.into(),
            last: None,
        }
    }

    pub fn write(&mut self, person: &str, seen: &[&Record], ops: Vec<Op>) -> Record {
        let clock: Clock = seen.iter().map(|r| (r.desk.clone(), r.seq)).collect();
        self.write_clock(person, clock, 1_760_000_000, ops)
    }

    pub fn write_clock(
        &mut self,
        person: &str,
        seen: Clock,
        unix_secs: u64,
        ops: Vec<Op>,
    ) -> Record {
        let mut record = Record::next(
            self.desk.clone(),
            self.last.as_ref(),
            seen,
            person.into(),
            unix_secs,
            ops,
        );
        if record.needs_admin() {
            record.signer = Some(format!("key-{person}"));
        }
        self.last = Some(record.clone());
        record
    }
}

pub fn add(id: &str, key: u8, issuer: &str) -> Op {
    Op::AddAccount(NewAccount {
        account: id.into(),
        fingerprint: Hash32([key; 32]),
        secret_ref: format!("blob-{id}"),
        params: "totp".into(),
        issuer: issuer.into(),
        name: "shop".into(),
        group: String::new(),
        position: 0,
        pinned: false,
    })
}

pub fn person(id: &str, role: Role) -> Op {
    Op::AddPerson {
        person: id.into(),
        name: id.to_uppercase(),
        role,
        slot_ref: slot(id),
    }
}

pub fn desk(id: &str) -> Op {
    Op::AddDesk {
        desk: id.into(),
        name: format!("PC {id}"),
        key: DESK_KEY.into(),
    }
}

/// A log line of `action` (`copy`, `reveal`, …); its seq is its time, so lines differ.
pub fn audit(action: &str, account: Option<&str>, unix_secs: u64) -> Op {
    Op::Audit(AuditEvent {
        seq: unix_secs,
        action: action.to_owned(),
        via: "window".into(),
        person: "Ann".into(),
        account: account.map(str::to_owned),
        detail: None,
        count: None,
        unix_secs,
    })
}

pub fn reasons(state: &TeamState) -> Vec<(String, u64, Reason)> {
    let problems = state.problems.iter();
    problems
        .map(|p| (p.dot.desk.0.clone(), p.dot.seq, p.reason.clone()))
        .collect()
}

/// The first desk adds desk `d2`, a member `m` and one account `a`.
pub fn team() -> (Writer, Writer, Vec<Record>) {
    let mut d1 = Writer::new(FIRST_DESK);
    let r1 = d1.write(
        ADMIN,
        &[],
        vec![desk("d2"), person("m", Role::Member), add("a", 1, "Amazon")],
    );
    (d1, Writer::new("d2"), vec![r1])
}

/// The state without the times desks' clocks wrote (shown, never used to decide anything).
pub fn without_times(mut state: TeamState) -> TeamState {
    for entry in &mut state.log {
        entry.event.unix_secs = 0;
    }
    for desk in state.desks.values_mut() {
        desk.last_unix_secs = 0;
    }
    state
}

/// `records` in an order picked by `seed` (xorshift: no dependency, same on every run).
pub fn shuffled(mut records: Vec<Record>, seed: u64) -> Vec<Record> {
    let mut x = seed | 1;
    for i in (1..records.len()).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        records.swap(i, (x % (i as u64 + 1)) as usize);
    }
    records
}
