//! The fold's order: which records can be used, and in what sequence. Pure and independent of the
//! order the records came in; knows nothing of what the ops mean or who may write them.
//!
//! 1. Equal records are one record (a file that arrived twice).
//! 2. Each desk's records are used from seq 1 up to the first one that is missing (not fully
//!    arrived: waiting, retried later), forked (two different records with one seq), of a newer
//!    format, or not chained to the one before (`prev`). The last three stop that desk's history
//!    for good and are reported; a gap is only reported as waiting.
//! 3. A record is placed after its desk's previous record and after every record its `seen`
//!    names; among the records that are ready, the smallest (desk id, seq) goes first. Wall
//!    clocks play no part. A `seen` entry beyond where a desk's history stopped for good counts
//!    as satisfied at that point, so one broken desk cannot hold up the others.
//! 4. Each placed record gets its full vector clock (its `seen`, closed over what the records it
//!    saw had seen), which is what the registers compare.
//!
//! Inside, desks are numbered (their index in [`Ordered::desks`]) and clocks are plain vectors,
//! so placing 10,000 records costs no map look-ups or string copies.

use std::collections::BTreeMap;

use super::ids::{DeskId, Dot, Hash32};
use super::record::{FORMAT, Record};
use super::state::{Clock, Problem, Reason};

/// A record in its place, with its vector clock (its own entry included), indexed like
/// [`Ordered::desks`].
#[derive(Debug, Clone)]
pub struct Placed {
    pub record: Record,
    pub clock: Vec<u64>,
}

#[derive(Debug, Default)]
pub struct Ordered {
    /// Every desk that has records, sorted: the index space of the clocks.
    pub desks: Vec<DeskId>,
    pub placed: Vec<Placed>,
    pub problems: Vec<Problem>,
    /// Per desk, the first seq not placed while later records of it exist or wait.
    pub waiting: BTreeMap<DeskId, u64>,
    /// Per desk, how many records were placed.
    pub folded: Clock,
}

impl Ordered {
    /// Whether a record with `clock` had seen the record `dot`. Seq 0 (the genesis) comes
    /// before every record, whether or not its desk has written any.
    pub fn saw(&self, clock: &[u64], dot: &Dot) -> bool {
        if dot.seq == 0 {
            return true;
        }
        let index = self.desks.binary_search(&dot.desk);
        index.is_ok_and(|i| clock.get(i).is_some_and(|&seq| seq >= dot.seq))
    }
}

/// One desk's usable records (index `i` holds seq `i + 1`).
struct Chain {
    records: Vec<Record>,
    /// Its history stopped for good after `records` (fork, newer format, broken chain).
    stopped: bool,
    /// Records beyond a gap, waiting for it to fill.
    after_gap: Option<u64>,
    /// Per record, the (desk index, seq) it must follow; `None`: it can never be placed with
    /// what arrived so far.
    deps: Vec<Option<Vec<(usize, u64)>>>,
    clocks: Vec<Vec<u64>>,
}

pub fn order(records: impl IntoIterator<Item = Record>) -> Ordered {
    let mut all: Vec<(Hash32, Record)> = records.into_iter().map(|r| (r.hash(), r)).collect();
    all.sort_unstable_by(|(ha, a), (hb, b)| (&a.desk, a.seq, ha).cmp(&(&b.desk, b.seq, hb)));
    // Equal hashes are equal records (a file that arrived twice).
    all.dedup_by(|a, b| a.0 == b.0);
    let mut out = Ordered::default();
    let mut chains = Vec::new();
    let mut rest = all.into_iter().peekable();
    while let Some(first) = rest.next() {
        let desk = first.1.desk.clone();
        let mut run = vec![first];
        while let Some(next) = rest.next_if(|(_, r)| r.desk == desk) {
            run.push(next);
        }
        chains.push(usable_prefix(&desk, run, &mut out.problems));
        out.desks.push(desk);
    }
    resolve_deps(&out.desks, &mut chains);
    let sequence = place_all(&mut chains);
    for (desk, chain) in out.desks.iter().zip(&chains) {
        let placed = chain.clocks.len();
        out.folded.insert(desk.clone(), placed as u64);
        if placed < chain.records.len() || chain.after_gap.is_some() {
            out.waiting.insert(desk.clone(), placed as u64 + 1);
        }
    }
    let mut streams: Vec<_> = chains
        .into_iter()
        .map(|c| c.records.into_iter().zip(c.clocks))
        .collect();
    for desk in sequence {
        if let Some((record, clock)) = streams[desk].next() {
            out.placed.push(Placed { record, clock });
        }
    }
    out
}

fn usable_prefix(desk: &DeskId, run: Vec<(Hash32, Record)>, problems: &mut Vec<Problem>) -> Chain {
    let mut records: Vec<Record> = Vec::new();
    let mut prev = Hash32::ZERO;
    let mut stopped = None;
    let mut seq = 1;
    let mut run = run.into_iter().peekable();
    let mut beyond = None;
    while let Some((hash, record)) = run.next() {
        if record.seq != seq {
            beyond = Some(record.seq);
            break;
        }
        if run.peek().is_some_and(|(_, r)| r.seq == seq) {
            stopped = Some(Reason::Fork);
            break;
        }
        if record.format > FORMAT {
            let format = record.format;
            stopped = Some(Reason::NewerFormat { format });
            break;
        }
        if record.prev != prev {
            stopped = Some(Reason::BrokenChain);
            break;
        }
        prev = hash;
        records.push(record);
        seq += 1;
    }
    let after_gap = beyond.filter(|_| stopped.is_none());
    if let Some(reason) = stopped.clone() {
        let desk = desk.clone();
        problems.push(Problem {
            dot: Dot { desk, seq },
            reason,
        });
    }
    Chain {
        records,
        stopped: stopped.is_some(),
        after_gap,
        deps: Vec::new(),
        clocks: Vec::new(),
    }
}

/// Turns each record's `seen` into desk indices and the seqs it must wait for. An entry beyond
/// where a desk stopped for good is satisfied at that point; one beyond what arrived of a desk
/// that did not stop waits.
fn resolve_deps(desks: &[DeskId], chains: &mut [Chain]) {
    let limits: Vec<(bool, u64)> = chains
        .iter()
        .map(|c| (c.stopped, c.records.len() as u64))
        .collect();
    for chain in chains.iter_mut() {
        chain.deps = chain
            .records
            .iter()
            .map(|record| {
                let mut deps = Vec::with_capacity(record.seen.len());
                for (desk, &seq) in &record.seen {
                    let index = desks.binary_search(desk).ok()?;
                    let (stopped, len) = limits[index];
                    let need = if stopped { seq.min(len) } else { seq };
                    if need > len {
                        return None;
                    }
                    if need > 0 {
                        deps.push((index, need));
                    }
                }
                Some(deps)
            })
            .collect();
    }
}

/// Places every record that can be placed; returns the desk index of each, in order.
fn place_all(chains: &mut [Chain]) -> Vec<usize> {
    let mut sequence = Vec::new();
    let mut placed: Vec<usize> = vec![0; chains.len()];
    loop {
        let ready = (0..chains.len()).find(|&i| {
            let next = placed[i];
            next < chains[i].records.len()
                && chains[i].deps[next]
                    .as_ref()
                    .is_some_and(|deps| deps.iter().all(|&(j, need)| placed[j] as u64 >= need))
        });
        let Some(i) = ready else { break };
        let clock = clock_of(chains, i, placed[i]);
        chains[i].clocks.push(clock);
        placed[i] += 1;
        sequence.push(i);
    }
    sequence
}

/// The vector clock of desk `i`'s record at `index`: its own seq, its previous record's clock,
/// and the clocks of the last record it saw of each other desk.
fn clock_of(chains: &[Chain], i: usize, index: usize) -> Vec<u64> {
    let chain = &chains[i];
    let mut clock = match index.checked_sub(1) {
        Some(previous) => chain.clocks[previous].clone(),
        None => vec![0; chains.len()],
    };
    for &(j, need) in chain.deps[index].iter().flatten() {
        // `need` >= 1 and desk j has placed `need` records: the clock exists.
        if let Some(seen) = usize::try_from(need - 1)
            .ok()
            .and_then(|n| chains[j].clocks.get(n))
        {
            for (mine, &theirs) in clock.iter_mut().zip(seen) {
                *mine = (*mine).max(theirs);
            }
        }
    }
    clock[i] = chain.records[index].seq;
    clock
}
