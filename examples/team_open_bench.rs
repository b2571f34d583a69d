//! Opening a team folder of 10,000 sealed, signed record files (5 desks, one epoch): the time to
//! check and open every file cold (every signature verified) and warm (signatures skipped through
//! the verified cache, everything else still checked), and the same followed by the fold. Then
//! arrival: the files in a real directory watched by [`FolderWatch`], another desk's new record
//! written into it, and the time until the watch reports it and until the new state is folded
//! (what the window shows next). Not a timed test. Run:
//! `cargo run --profile bench-fast --example team_open_bench [LOG LINES PER RECORD]`.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use otp_desk::desk::crypto::Key;
use otp_desk::desk::team::identity::PersonSigner;
use otp_desk::desk::team::{
    DeskIdentity, EpochKey, Keyring, KnownDesks, SealedCodec, TeamId, VerifiedCache, grant,
};
use otp_desk::team::dir_folder::DirFolder;
use otp_desk::team::folder::{Folder, RecordName, load, load_parallel};
use otp_desk::team::watch::{FolderWatch, Mode, Seen};
use otp_desk::team::{
    AccountId, AuditEvent, FieldValue, Genesis, Hash32, NewAccount, Op, Record, fold,
};

const RECORDS: usize = 10_000;
const DESKS: usize = 5;
const ACCOUNTS: usize = 50;
const RUNS: usize = 5;
/// Log lines in one record of lines, unless given as the first argument: a team of 10 that
/// copies some 50,000 codes a year over 5 desks, each sending its lines hourly over 2,000
/// working hours, sends about 5 a record (18: a desk of its own copying 36,000 a year).
const LINES_PER_BATCH: usize = 6;

fn lines_per_batch() -> usize {
    std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(LINES_PER_BATCH)
}

fn keyrings() -> Result<(Vec<Keyring>, KnownDesks), Box<dyn std::error::Error>> {
    let team = TeamId::random()?;
    let mut rings = Vec::new();
    for _ in 0..DESKS {
        rings.push(Keyring::new(DeskIdentity::generate()?, team));
    }
    let known: KnownDesks = rings.iter().map(|r| *r.identity().public()).collect();
    let key = EpochKey::generate(1)?;
    rings[0].add(key.clone());
    let others: Vec<_> = rings[1..].iter().map(|r| *r.identity().public()).collect();
    let grant = grant::make(&rings[0], &key, &others)?;
    for ring in &mut rings[1..] {
        grant::accept(ring, &grant, &known)?;
    }
    Ok((rings, known))
}

/// The owner's signing key, for the whole run: every record with an admin's op is signed with
/// it, as a team's are, so the cold open checks those signatures too.
fn owner() -> &'static PersonSigner {
    static OWNER: std::sync::OnceLock<PersonSigner> = std::sync::OnceLock::new();
    OWNER.get_or_init(|| {
        let boxed = Key::random().expect("randomness");
        PersonSigner::from_box_key(&boxed).expect("a signing key")
    })
}

/// The owner's key slot as the genesis carries it: as long as a real one after a reset (1,176
/// characters), with the signing key the fold checks records against.
fn owner_slot() -> String {
    let pad = "x".repeat(1_060);
    format!(r#"{{"pad":"{pad}","signer":"{}"}}"#, owner().public_hex())
}

fn account(i: usize) -> AccountId {
    AccountId(format!("a{i:02}"))
}

/// A year in the shape of `fold_bench`: desk 0 admits the others and adds the accounts, then
/// the desks take turns with audit events and edits, each seeing the others up to its last turn.
fn year(rings: &[Keyring]) -> Vec<Record> {
    let ids: Vec<_> = rings.iter().map(|r| r.identity().id()).collect();
    let mut last: Vec<Option<Record>> = vec![None; DESKS];
    let mut folded: BTreeMap<_, u64> = BTreeMap::new();
    let mut out = Vec::with_capacity(RECORDS);
    let lines = lines_per_batch();
    for k in 0..RECORDS {
        let d = if k <= ACCOUNTS { 0 } else { (k * 7) % DESKS };
        let t = 1_767_225_600 + k as u64 * 3_153;
        let ops = match k {
            0 => rings[1..]
                .iter()
                .map(|ring| Op::AddDesk {
                    desk: ring.identity().id(),
                    name: format!("Office {}", ring.identity().id()),
                    key: ring.identity().public().to_hex(),
                })
                .collect(),
            1..=ACCOUNTS => vec![Op::AddAccount(NewAccount {
                account: account(k - 1),
                fingerprint: Hash32::of(format!("key {k}").as_bytes()),
                secret_ref: format!("k{k:02}"),
                params: "t6".into(),
                issuer: "Amazon".into(),
                name: format!("shop{k}@example.com"),
                group: "EU".into(),
                position: k as u32,
                pinned: false,
            })],
            _ if k % 5 == 0 => vec![Op::Set {
                account: account(k % ACCOUNTS),
                value: FieldValue::Position((k % 97) as u32),
            }],
            // A batch of a desk's log lines, as a busy desk sends them hourly.
            _ => (0..lines)
                .map(|n| {
                    Op::Audit(AuditEvent {
                        seq: (k * lines + n) as u64,
                        action: "copy".into(),
                        via: "window".into(),
                        person: format!("Person {}", n % 10),
                        account: Some(format!("Amazon (shop{}@example.com)", k % ACCOUNTS)),
                        detail: None,
                        count: None,
                        unix_secs: t + n as u64,
                    })
                })
                .collect(),
        };
        let mut record = Record::next(
            ids[d].clone(),
            last[d].as_ref(),
            folded.clone(),
            "p0".into(),
            t,
            ops,
        );
        if record.needs_admin() {
            owner().sign_record(&mut record);
        }
        folded.insert(ids[d].clone(), record.seq);
        last[d] = Some(record.clone());
        out.push(record);
    }
    out
}

/// This thread's CPU time (Linux), to tell this work from waiting for a core on a busy machine.
fn cpu() -> Duration {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    let nanos = text.split_whitespace().next().and_then(|n| n.parse().ok());
    Duration::from_nanos(nanos.unwrap_or(0))
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (rings, known) = keyrings()?;
    let records = year(&rings);
    let writers: Vec<SealedCodec<'_>> = rings
        .iter()
        .map(|ring| SealedCodec::new(ring, &known, VerifiedCache::default()))
        .collect::<Result<_, _>>()?;
    let ids: Vec<_> = rings.iter().map(|r| r.identity().id()).collect();
    let files: Vec<Vec<u8>> = records
        .iter()
        .map(|r| {
            let desk = ids.iter().position(|id| *id == r.desk).unwrap_or(0);
            writers[desk].seal_record(r)
        })
        .collect();
    let bytes: usize = files.iter().map(Vec::len).sum();
    let genesis = Genesis {
        desk: ids[0].clone(),
        desk_name: "Office 1".into(),
        admin: "p0".into(),
        admin_name: "Owner".into(),
        admin_slot_ref: owner_slot(),
    };
    let reader = &rings[1];
    let mut warm_cache = VerifiedCache::default();
    let (mut cold, mut warm, mut warm_fold) = (Vec::new(), Vec::new(), Vec::new());
    let (mut cold_cpu, mut warm_cpu) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let codec = SealedCodec::new(reader, &known, VerifiedCache::default())?;
        let (started, cpu_started) = (Instant::now(), cpu());
        let opened = files
            .iter()
            .filter(|f| codec.open_file(None, f).is_ok())
            .count();
        cold.push(started.elapsed());
        cold_cpu.push(cpu().saturating_sub(cpu_started));
        assert_eq!(opened, RECORDS);
        warm_cache = codec.into_cache();
    }
    let stored = warm_cache.to_bytes();
    for _ in 0..RUNS {
        let cache = VerifiedCache::from_bytes(&stored).unwrap_or_default();
        let codec = SealedCodec::new(reader, &known, cache)?;
        let (started, cpu_started) = (Instant::now(), cpu());
        let opened: Vec<Record> = files
            .iter()
            .filter_map(|f| codec.open_file(None, f).ok())
            .collect();
        warm.push(started.elapsed());
        warm_cpu.push(cpu().saturating_sub(cpu_started));
        assert_eq!(opened.len(), RECORDS);
        let state = fold(opened, &genesis);
        warm_fold.push(started.elapsed());
        assert!(state.problems.is_empty());
    }
    println!(
        "files: {}  bytes: {bytes}  bytes/file: {}",
        files.len(),
        bytes / files.len()
    );
    println!("verified cache: {} bytes stored", stored.len());
    println!(
        "open+verify cold (median of {RUNS}): {:?}  cpu {:?}",
        median(cold),
        median(cold_cpu)
    );
    println!(
        "open warm, cache hits (median of {RUNS}): {:?}  cpu {:?}",
        median(warm),
        median(warm_cpu)
    );
    println!(
        "open warm + fold (median of {RUNS}): {:?}",
        median(warm_fold)
    );
    arrival(&rings, &known, &records, &files, &genesis, &stored)
}

/// Another desk's record arrives in a watched folder of the year's files: the time until the
/// watch reports it, and until the state with it is folded.
fn arrival(
    rings: &[Keyring],
    known: &KnownDesks,
    records: &[Record],
    files: &[Vec<u8>],
    genesis: &Genesis,
    cache: &[u8],
) -> Result<(), Box<dyn std::error::Error>> {
    const ARRIVALS: usize = 20;
    let dir = tempfile::tempdir()?;
    let folder = DirFolder::new(dir.path());
    for (record, file) in records.iter().zip(files) {
        folder.write_new(&RecordName::of(record), file)?;
    }
    let names = folder.list()?;
    let (mut cold, mut cold_serial) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let codec = SealedCodec::new(&rings[1], known, VerifiedCache::default())?;
        let started = Instant::now();
        let opened = load_parallel(&folder, &codec, &names)?;
        cold.push(started.elapsed());
        assert_eq!(opened.records.len(), RECORDS);
        let codec = SealedCodec::new(&rings[1], known, VerifiedCache::default())?;
        let started = Instant::now();
        let opened = load(&folder, &codec, &names)?;
        cold_serial.push(started.elapsed());
        assert_eq!(opened.records.len(), RECORDS);
    }
    println!(
        "folder on disk, cold (median of {RUNS}): one thread {:?}, every core ({} threads) {:?}",
        median(cold_serial),
        std::thread::available_parallelism().map_or(1, usize::from),
        median(cold)
    );
    // As a desk opens its folder (`open_folder`): from disk, on every core, signatures of
    // desks skipped through the verified cache, every person's signature checked; then folded.
    let (mut warm, mut warm_fold) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let codec = SealedCodec::new(
            &rings[1],
            known,
            VerifiedCache::from_bytes(cache).unwrap_or_default(),
        )?;
        let started = Instant::now();
        let opened = load_parallel(&folder, &codec, &names)?;
        warm.push(started.elapsed());
        assert_eq!(opened.records.len(), RECORDS);
        let state = fold(opened.records, genesis);
        warm_fold.push(started.elapsed());
        assert!(state.problems.is_empty());
    }
    println!(
        "folder on disk, warm, every core, as a desk opens it (median of {RUNS}): {:?}, with the fold {:?}",
        median(warm),
        median(warm_fold)
    );
    let reader = SealedCodec::new(
        &rings[1],
        known,
        VerifiedCache::from_bytes(cache).unwrap_or_default(),
    )?;
    let mut held = load(&folder, &reader, &folder.list()?)?.records;
    let (tx, rx) = std::sync::mpsc::channel();
    let _watch = FolderWatch::start(dir.path().to_path_buf(), Mode::default(), move |seen| {
        let _ = tx.send(seen);
    });
    let _ = rx.recv_timeout(Duration::from_secs(10)); // the first listing: every file
    let writer = SealedCodec::new(&rings[2], known, VerifiedCache::default())?;
    let mut last = records
        .iter()
        .rev()
        .find(|r| r.desk == rings[2].identity().id())
        .cloned();
    let (mut seen_at, mut folded_at) = (Vec::new(), Vec::new());
    for k in 0..ARRIVALS {
        let mut record = Record::next(
            rings[2].identity().id(),
            last.as_ref(),
            BTreeMap::new(),
            "p0".into(),
            1_800_000_000 + k as u64,
            vec![Op::Set {
                account: account(k % ACCOUNTS),
                value: FieldValue::Position(k as u32),
            }],
        );
        owner().sign_record(&mut record);
        let started = Instant::now();
        // Written whole under a temp name and renamed, as a sync engine or a desk does.
        folder.write_new(&RecordName::of(&record), &writer.seal_record(&record))?;
        let names = loop {
            match rx.recv_timeout(Duration::from_secs(10))? {
                Seen::Changed(names) if !names.is_empty() => break names,
                _ => {}
            }
        };
        seen_at.push(started.elapsed());
        held.extend(load(&folder, &reader, &names)?.records);
        let state = fold(held.clone(), genesis);
        folded_at.push(started.elapsed());
        assert!(state.problems.is_empty());
        last = Some(record);
        std::thread::sleep(Duration::from_millis(50));
    }
    println!(
        "arrival -> watch reports it (median of {ARRIVALS}): {:?}  max {:?}",
        median(seen_at.clone()),
        seen_at.iter().max().copied().unwrap_or_default()
    );
    println!(
        "arrival -> new state folded (median of {ARRIVALS}): {:?}  max {:?}",
        median(folded_at.clone()),
        folded_at.iter().max().copied().unwrap_or_default()
    );
    Ok(())
}
