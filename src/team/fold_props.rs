//! Property tests: several desks work apart and meet through a misbehaving folder
//! ([`MemorySync`]: any order, delays, duplicates, half-written files, conflict copies, deleted
//! and re-appearing files), one desk's clock a day off. Once every file has arrived, every desk
//! folds to the same state, no account and no audit event is lost, the fold does not depend on
//! the order or repetition of its input, and the clocks changed nothing but the times shown.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;

use super::fold::fold;
use super::folder::{Codec, Folder, PlainCodec, RecordName, load};
use super::ids::{AccountId, Hash32};
use super::memory_folder::MemorySync;
use super::op::{FieldValue, Op, Role};
use super::record::Record;
use super::state::{Reason, TeamState};
use super::test_support::*;

const DESKS: usize = 3;
const MEMBER: &str = "m";
const DAY_SECS: u64 = 86_400;

struct Desk {
    writer: Writer,
    /// Every record this desk has read or written (its local cache).
    cache: BTreeMap<RecordName, Record>,
}

/// What the desks wrote, to check that nothing is lost.
#[derive(Default)]
struct Written {
    fingerprints: BTreeSet<Hash32>,
    audit_events: usize,
}

struct World {
    desks: Vec<Desk>,
    sync: MemorySync,
    written: Written,
    skew_secs: u64,
    /// Whether desk d1 may revoke desk d3 (which keeps writing regardless).
    revocation: bool,
    /// Desk d1's next change is the revocation.
    revoke_now: bool,
}

impl World {
    fn new(skew_secs: u64, revocation: bool) -> Self {
        let desks = (0..DESKS)
            .map(|i| Desk {
                writer: Writer::new(&format!("d{}", i + 1)),
                cache: BTreeMap::new(),
            })
            .collect();
        Self {
            desks,
            sync: MemorySync::new(DESKS),
            written: Written::default(),
            skew_secs,
            revocation,
            revoke_now: false,
        }
    }

    /// Reads what arrived into the desk's cache and folds it.
    fn refresh(&mut self, i: usize) -> TeamState {
        let folder = &self.sync.copies[i];
        let names = folder.list().unwrap_or_default();
        let desk = &mut self.desks[i];
        let fresh: Vec<_> = names
            .into_iter()
            .filter(|n| !desk.cache.contains_key(n))
            .collect();
        if let Ok(loaded) = load(folder, &PlainCodec, &fresh) {
            for record in loaded.records {
                desk.cache.insert(RecordName::of(&record), record);
            }
        }
        fold(desk.cache.values().cloned(), &genesis())
    }

    fn act(&mut self, i: usize, choice: u8, step: u64) {
        let state = self.refresh(i);
        let desk_id = self.desks[i].writer.desk.clone();
        if !state.desks.contains_key(&desk_id) {
            return; // not joined yet: its join record has not arrived
        }
        let (person, ops) = if self.desks[i].writer.last.is_none() && i == 0 {
            let ops = vec![desk("d2"), desk("d3"), person(MEMBER, Role::Member)];
            (ADMIN, ops)
        } else if i == 0 && std::mem::take(&mut self.revoke_now) {
            let revoked = "d3".into();
            let accepted_seq = state.folded.get(&revoked).copied().unwrap_or(0);
            let revoke = Op::RevokeDesk {
                desk: revoked,
                accepted_seq,
            };
            (ADMIN, vec![revoke])
        } else {
            self.choose(&state, i, choice, step)
        };
        let skew = if i == 1 { self.skew_secs } else { 0 };
        let unix_secs = 1_760_000_000 + step * 60 + skew;
        let record = self.desks[i]
            .writer
            .write_clock(person, state.folded.clone(), unix_secs, ops);
        let name = RecordName::of(&record);
        let written = self.sync.copies[i].write_new(&name, &PlainCodec.seal(&record));
        assert!(written.is_ok(), "{written:?}");
        self.desks[i].cache.insert(name.clone(), record);
        self.sync.written(i, &name);
    }

    fn choose(
        &mut self,
        state: &TeamState,
        i: usize,
        choice: u8,
        step: u64,
    ) -> (&'static str, Vec<Op>) {
        let accounts: Vec<&AccountId> = state.accounts.keys().chain(state.aliases.keys()).collect();
        let some = |n: u8| {
            accounts
                .get(usize::from(n) % accounts.len().max(1))
                .copied()
                .cloned()
        };
        let target = some(choice / 8);
        let op = match (choice % 10, target) {
            (0 | 1, _) | (_, None) => {
                let key = choice / 8 % 6;
                self.written.fingerprints.insert(Hash32([key; 32]));
                let id = format!("{}-{step}", self.desks[i].writer.desk);
                add(&id, key, ["Amazon", "eBay", "Etsy"][usize::from(key % 3)])
            }
            (2, Some(a)) => Op::Set {
                account: a,
                value: FieldValue::Issuer(format!("v{}", choice % 3)),
            },
            (3, Some(a)) => Op::Set {
                account: a,
                value: FieldValue::Pinned(choice.is_multiple_of(2)),
            },
            (4, Some(a)) => Op::Trash(a),
            (5, Some(a)) => Op::Restore(a),
            (6, Some(a)) => Op::Share {
                person: MEMBER.into(),
                account: a,
                until_unix_secs: Some(1_760_000_000 + step * 3600),
            },
            (7, Some(a)) => Op::Unshare {
                person: MEMBER.into(),
                account: a,
            },
            (_, Some(a)) => {
                self.written.audit_events += 2;
                let copy = audit("copy", Some(&a.0), 1_760_000_000 + step);
                let typed = audit("typed", Some(&a.0), 1_760_000_000 + step);
                return (MEMBER, vec![copy, typed]);
            }
        };
        (ADMIN, vec![op])
    }

    fn run(&mut self, steps: &[(u8, u8, u8)]) {
        for (n, &(kind, a, b)) in steps.iter().enumerate() {
            let pick = usize::from(b);
            match kind % 10 {
                0..=2 => self.act(usize::from(a) % DESKS, b, n as u64),
                9 if self.revocation && a < 32 && n > 20 => {
                    self.revoke_now = true;
                    self.act(0, b, n as u64);
                }
                9 => self.sync.deliver(pick),
                3 | 4 => self.sync.deliver(pick),
                5 => self.sync.duplicate(pick),
                6 => self.sync.half_write(pick, a),
                7 => self.sync.conflict_copy(pick),
                _ => self.sync.delete(usize::from(a) % DESKS, pick),
            }
        }
        // Desk 1 always starts the team.
        if self.desks[0].writer.last.is_none() {
            self.act(0, 0, steps.len() as u64);
        }
        self.sync.settle();
    }

    fn final_states(&mut self) -> Vec<TeamState> {
        (0..DESKS).map(|i| self.refresh(i)).collect()
    }

    fn all_records(&self) -> Vec<Record> {
        let mut all = BTreeMap::new();
        for desk in &self.desks {
            all.extend(desk.cache.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        all.into_values().collect()
    }
}

/// What no fold may lose: the fingerprints added and the audit events logged by every record
/// that a revocation did not cut.
fn kept_by_records(records: &[Record], state: &TeamState) -> (BTreeSet<Hash32>, usize) {
    let cut = |r: &Record| {
        let revoked = state.desks.get(&r.desk).and_then(|d| d.revoked_after);
        revoked.is_some_and(|accepted| r.seq > accepted)
    };
    let mut fingerprints = BTreeSet::new();
    let mut events = 0;
    for op in records.iter().filter(|r| !cut(r)).flat_map(|r| &r.ops) {
        match op {
            Op::AddAccount(new) => {
                fingerprints.insert(new.fingerprint);
            }
            Op::Audit(_) => events += 1,
            _ => {}
        }
    }
    (fingerprints, events)
}

fn steps() -> impl Strategy<Value = Vec<(u8, u8, u8)>> {
    prop::collection::vec(any::<(u8, u8, u8)>(), 1..90)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn desks_apart_converge_and_lose_nothing(steps in steps(), seed in any::<u64>()) {
        let mut world = World::new(0, false);
        world.run(&steps);
        let states = world.final_states();
        for state in &states[1..] {
            prop_assert_eq!(state, &states[0]);
        }
        let state = &states[0];
        prop_assert!(state.problems.is_empty(), "{:?}", state.problems);
        prop_assert!(state.waiting.is_empty(), "{:?}", state.waiting);
        let kept: BTreeSet<Hash32> = state.accounts.values().map(|a| a.fingerprint).collect();
        prop_assert_eq!(&kept, &world.written.fingerprints, "an add was lost");
        prop_assert_eq!(state.accounts.len(), kept.len(), "one key, one account");
        prop_assert_eq!(state.log.len(), world.written.audit_events, "an audit event was lost");

        let records = world.all_records();
        let mut repeated = shuffled(records.clone(), seed);
        repeated.extend(shuffled(records.clone(), seed.rotate_left(17)).into_iter().take(7));
        prop_assert_eq!(&fold(repeated, &genesis()), state);

        let mut skewed = World::new(DAY_SECS, false);
        skewed.run(&steps);
        let skewed_state = skewed.final_states().remove(0);
        prop_assert_eq!(without_times(skewed_state), without_times(state.clone()));
    }
}

fn long_steps() -> impl Strategy<Value = Vec<(u8, u8, u8)>> {
    prop::collection::vec(any::<(u8, u8, u8)>(), 20..140)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// A desk revoked while the others work on, and still writing: every desk agrees, the cut
    /// falls at the revoked seq wherever the records landed, and nothing else is lost.
    #[test]
    fn a_revocation_travels_and_cuts_only_the_revoked_desk(
        steps in long_steps(),
        seed in any::<u64>(),
    ) {
        let mut world = World::new(0, true);
        world.run(&steps);
        let states = world.final_states();
        for state in &states[1..] {
            prop_assert_eq!(state, &states[0]);
        }
        let state = &states[0];
        let records = world.all_records();
        let (fingerprints, events) = kept_by_records(&records, state);
        let kept: BTreeSet<Hash32> = state.accounts.values().map(|a| a.fingerprint).collect();
        prop_assert_eq!(kept, fingerprints);
        prop_assert_eq!(state.log.len(), events);
        for problem in &state.problems {
            let expected = matches!(problem.reason, Reason::RevokedDesk { .. })
                // An edit, on a desk that saw it, of an account the revoked desk added too late.
                || matches!(problem.reason, Reason::UnknownAccount(_));
            prop_assert!(expected, "{}", problem);
        }
        prop_assert!(state.waiting.is_empty(), "{:?}", state.waiting);
        prop_assert_eq!(&fold(shuffled(records, seed), &genesis()), state);
    }
}
