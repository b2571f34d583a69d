//! The issue's benchmark (not a timed test): a year of a team's work — 10,000 records from 5
//! desks, 50 accounts, 10 people, edits and audit events, desks seeing each other with a lag —
//! then the time to parse every record from its canonical bytes and fold them, and the bytes per
//! record. Run: `cargo run --profile bench-fast --example team_fold_bench`.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use otp_desk::team::{
    AuditEvent, DeskId, FieldValue, Genesis, Hash32, NewAccount, Op, PersonId, Record, Role, fold,
};

const RECORDS: usize = 10_000;
const DESKS: usize = 5;
const PEOPLE: usize = 10;
const ACCOUNTS: usize = 50;
const START_UNIX_SECS: u64 = 1_767_225_600; // 2026-01-01
const YEAR_SECS: u64 = 365 * 86_400;

/// A small deterministic generator, so every run folds the same year.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

fn desk(i: usize) -> DeskId {
    DeskId(format!("d{i}"))
}

fn person(i: usize) -> PersonId {
    PersonId(format!("p{i}"))
}

fn account(i: usize) -> otp_desk::team::AccountId {
    otp_desk::team::AccountId(format!("a{i:02}"))
}

/// Person `i`'s signing key as the fold sees it (a public key's 64 hex digits).
fn signer(i: usize) -> String {
    format!("{i:02x}").repeat(32)
}

/// Person `i`'s key slot: as long as a real one after a reset (1,176 characters), with the
/// signing key the fold checks each admin's record against.
fn slot(i: usize) -> String {
    let pad = "x".repeat(1_060);
    format!(r#"{{"pad":"{pad}","signer":"{}"}}"#, signer(i))
}

fn genesis() -> Genesis {
    Genesis {
        desk: desk(0),
        desk_name: "Office 1".into(),
        admin: person(0),
        admin_name: "Owner".into(),
        admin_slot_ref: slot(0),
    }
}

fn setup_ops() -> Vec<Op> {
    let desks = (1..DESKS).map(|i| Op::AddDesk {
        desk: desk(i),
        name: format!("Office {}", i + 1),
        key: format!("{i:02x}").repeat(64),
    });
    let people = (1..PEOPLE).map(|i| Op::AddPerson {
        person: person(i),
        name: format!("Operator {i}"),
        role: if i < 3 { Role::Admin } else { Role::Member },
        slot_ref: slot(i),
    });
    desks.chain(people).collect()
}

fn add_op(i: usize) -> Op {
    Op::AddAccount(NewAccount {
        account: account(i),
        fingerprint: Hash32::of(format!("key {i}").as_bytes()),
        secret_ref: format!("k{i:02}"),
        params: "t6".into(),
        issuer: "Amazon".into(),
        name: format!("shop{i}@example.com"),
        group: ["EU", "US", "JP"][i % 3].into(),
        position: i as u32,
        pinned: false,
    })
}

/// One ordinary day's change by `actor` (admins 0..3 edit, everyone logs).
fn daily_ops(rng: &mut Lcg, actor: usize, t: u64) -> Vec<Op> {
    let a = account(rng.below(ACCOUNTS));
    let roll = rng.below(100);
    if actor >= 3 || roll < 70 {
        let kind = ["copy", "typed", "reveal"][rng.below(3)];
        let event = |kind: &str, seq: u64| {
            Op::Audit(AuditEvent {
                seq,
                action: kind.to_owned(),
                via: "window".into(),
                person: format!("Person {actor}"),
                account: Some(format!("Amazon ({})", a.0)),
                detail: None,
                count: None,
                unix_secs: t,
            })
        };
        return if roll.is_multiple_of(4) {
            vec![event(kind, 2 * t), event("copy", 2 * t + 1)]
        } else {
            vec![event(kind, 2 * t)]
        };
    }
    let value = match roll {
        70..=79 => FieldValue::Position(rng.below(ACCOUNTS) as u32),
        80..=84 => FieldValue::Group(["EU", "US", "JP", "UK"][rng.below(4)].into()),
        85..=88 => FieldValue::Pinned(rng.below(2) == 0),
        89..=91 => FieldValue::Name(format!("shop{}@example.com", rng.below(500))),
        92..=93 => FieldValue::Trashed(rng.below(2) == 0),
        _ => {
            let p = person(3 + rng.below(PEOPLE - 3));
            return vec![if roll.is_multiple_of(2) {
                Op::Share {
                    person: p,
                    account: a,
                    until_unix_secs: Some(t + 30 * 86_400),
                }
            } else {
                Op::Unshare {
                    person: p,
                    account: a,
                }
            }];
        }
    };
    vec![Op::Set { account: a, value }]
}

fn year() -> Vec<Vec<u8>> {
    let mut rng = Lcg(21);
    let mut last: Vec<Option<Record>> = vec![None; DESKS];
    // What had been published after each record: desks see each other with a lag.
    let mut published: Vec<BTreeMap<DeskId, u64>> = vec![BTreeMap::new()];
    let mut out = Vec::with_capacity(RECORDS);
    for k in 0..RECORDS {
        let t = START_UNIX_SECS + k as u64 * YEAR_SECS / RECORDS as u64;
        let (d, actor, ops) = match k {
            0 => (0, 0, setup_ops()),
            1..=ACCOUNTS => (0, 0, vec![add_op(k - 1)]),
            _ => {
                let actor = rng.below(PEOPLE);
                (rng.below(DESKS), actor, daily_ops(&mut rng, actor, t))
            }
        };
        let lag = if k > 100 { rng.below(30) } else { 0 };
        let seen = published[published.len() - 1 - lag.min(published.len() - 1)].clone();
        let mut record = Record::next(desk(d), last[d].as_ref(), seen, person(actor), t, ops);
        if record.needs_admin() {
            // What the fold compares with the acting admin's slot (the codec checked the
            // signature itself).
            record.signer = Some(signer(actor));
        }
        let mut now = published[published.len() - 1].clone();
        now.insert(desk(d), record.seq);
        published.push(now);
        out.push(record.canonical_bytes());
        last[d] = Some(record);
    }
    out
}

/// This thread's CPU time in nanoseconds (Linux), so a run on a busy machine can tell its own
/// work from time spent waiting for a core.
fn cpu_nanos() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

fn main() {
    let files = year();
    let total: usize = files.iter().map(Vec::len).sum();
    let mut parse_times = Vec::new();
    let mut fold_times = Vec::new();
    let mut state = None;
    let mut cpu_times = Vec::new();
    for _ in 0..7 {
        let cpu_started = cpu_nanos();
        let started = Instant::now();
        let records: Vec<Record> = files
            .iter()
            .filter_map(|b| Record::from_canonical(b).ok())
            .collect();
        let parsed = Instant::now();
        let folded = fold(records, &genesis());
        fold_times.push(parsed.elapsed());
        if let (Some(end), Some(start)) = (cpu_nanos(), cpu_started) {
            cpu_times.push(Duration::from_nanos(end.saturating_sub(start)));
        }
        parse_times.push(parsed - started);
        state = Some(folded);
    }
    let Some(state) = state else { return };
    let median = |mut v: Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let fastest = parse_times
        .iter()
        .zip(&fold_times)
        .map(|(p, f)| *p + *f)
        .min()
        .unwrap_or_default();
    let (parse, folding) = (median(parse_times), median(fold_times));
    println!(
        "records: {}  bytes: {total}  bytes/record: {}",
        files.len(),
        total / files.len()
    );
    println!(
        "parse {:.1} ms + fold {:.1} ms = {:.1} ms (median of 7)",
        parse.as_secs_f64() * 1e3,
        folding.as_secs_f64() * 1e3,
        (parse + folding).as_secs_f64() * 1e3
    );
    println!("fastest of 7: {:.1} ms", fastest.as_secs_f64() * 1e3);
    if !cpu_times.is_empty() {
        let cpu = median(cpu_times);
        println!(
            "CPU time of parse + fold: {:.1} ms (median)",
            cpu.as_secs_f64() * 1e3
        );
    }
    println!(
        "state: {} accounts ({} in trash), {} people, {} shares, {} desks, {} log entries, {} open conflicts, {} problems",
        state.accounts.len(),
        state.trash().count(),
        state.people.len(),
        state.shares.len(),
        state.desks.len(),
        state.log.len(),
        state.conflicts().len(),
        state.problems.len()
    );
}
