//! The team folder over a real sync engine: two Syncthing instances on this machine, one copy of
//! the folder each. Three tests drive two desks in this process through the library (join with
//! a one-time code, sealed and signed records, revocation); one drives the `otp-desk` command
//! line of two computers, each with its own gnome-keyring. The join files, the grant and every
//! record travel only through Syncthing; the join code is passed as a person types it.
#![cfg(target_os = "linux")]

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use otp_desk::desk::crypto::Key;
use otp_desk::desk::team::grant::{self, GrantError};
use otp_desk::desk::team::identity::PersonSigner;
use otp_desk::desk::team::join::{Invite, JoinCode, JoinError, Joining};
use otp_desk::desk::team::{
    DeskIdentity, EpochKey, Keyring, KnownDesks, OpenError, SealedCodec, TeamId, VerifiedCache,
};
use otp_desk::team::dir_folder::DirFolder;
use otp_desk::team::folder::{Folder, Loaded, RecordName, load};
use otp_desk::team::{
    DeskId, FieldValue, Genesis, Hash32, NewAccount, Op, Problem, Reason, Record, Role, TeamState,
    fold,
};
use support::syncthing::Pair;

/// How long a file may take through Syncthing before the test gives up.
const ARRIVAL: Duration = Duration::from_secs(60);

fn now_unix() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// Polls `ready` every 50 ms until it gives a value; the value and how long it took.
fn poll<T>(what: &str, mut ready: impl FnMut() -> Option<T>) -> (T, Duration) {
    let start = Instant::now();
    loop {
        if let Some(value) = ready() {
            return (value, start.elapsed());
        }
        assert!(start.elapsed() < ARRIVAL, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Writes a file that is not a record (join and grant files) whole: temp file, then rename.
fn put(root: &Path, relative: &str, bytes: &[u8]) {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let temp = path.with_extension("part.tmp");
    std::fs::write(&temp, bytes).unwrap();
    std::fs::rename(temp, path).unwrap();
}

/// Every file under `root` (relative, `/`-separated), Syncthing's own marker left out.
fn files(root: &Path) -> BTreeSet<String> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                if entry.file_name() != ".stfolder" {
                    walk(root, &path, out);
                }
            } else {
                let relative = path.strip_prefix(root).unwrap();
                out.insert(relative.to_string_lossy().into_owned());
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(root, root, &mut out);
    out
}

fn add_account(id: &str, key: u8, issuer: &str) -> Op {
    Op::AddAccount(NewAccount {
        account: id.into(),
        fingerprint: Hash32([key; 32]),
        secret_ref: format!("blob-{id}"),
        params: "totp".into(),
        issuer: issuer.into(),
        name: "owner@shop.example".into(),
        group: String::new(),
        position: 0,
        pinned: false,
    })
}

fn rename(account: &str, name: &str) -> Op {
    Op::Set {
        account: account.into(),
        value: FieldValue::Name(name.into()),
    }
}

/// One desk: its keys, the desks it knows, its copy of the folder and its last record.
/// `person`'s signing key (one box key per name for the whole run), as their slot holds it.
fn signer_of(person: &str) -> PersonSigner {
    static BOXES: Mutex<BTreeMap<String, Key>> = Mutex::new(BTreeMap::new());
    let mut boxes = BOXES.lock().unwrap();
    let key = boxes
        .entry(person.to_owned())
        .or_insert_with(|| Key::random().unwrap());
    PersonSigner::from_box_key(key).unwrap()
}

/// `person`'s key slot as the fold reads it: their signing key.
fn slot_of(person: &str) -> String {
    format!(r#"{{"signer":"{}"}}"#, signer_of(person).public_hex())
}

struct Desk {
    ring: Keyring,
    known: KnownDesks,
    root: PathBuf,
    folder: DirFolder,
    person: &'static str,
    genesis: Genesis,
    last: Option<Record>,
}

impl Desk {
    fn new(
        ring: Keyring,
        known: KnownDesks,
        root: &Path,
        person: &'static str,
        g: Genesis,
    ) -> Self {
        Self {
            ring,
            known,
            root: root.to_owned(),
            folder: DirFolder::new(root),
            person,
            genesis: g,
            last: None,
        }
    }

    fn id(&self) -> DeskId {
        self.ring.identity().id()
    }

    fn codec(&self) -> SealedCodec<'_> {
        SealedCodec::new(&self.ring, &self.known, VerifiedCache::default()).unwrap()
    }

    fn load(&self) -> Loaded {
        load(&self.folder, &self.codec(), &self.folder.list().unwrap()).unwrap()
    }

    fn state(&self) -> TeamState {
        fold(self.load().records, &self.genesis)
    }

    /// Seals and writes this desk's next record, having seen what its copy folds to now.
    fn write(&mut self, ops: Vec<Op>) -> (RecordName, Instant) {
        let seen = self.state().folded;
        let mut record = Record::next(
            self.id(),
            self.last.as_ref(),
            seen,
            self.person.into(),
            now_unix(),
            ops,
        );
        if record.needs_admin() {
            signer_of(self.person).sign_record(&mut record);
        }
        let name = RecordName::of(&record);
        let bytes = self.codec().seal_record(&record);
        self.folder.write_new(&name, &bytes).unwrap();
        self.last = Some(record);
        (name, Instant::now())
    }

    /// Waits until `name` opens in this desk's copy; how long after `sent` it did.
    fn receive(&self, name: &RecordName, sent: Instant) -> Duration {
        poll(&format!("{} to arrive", name.path()), || {
            self.load()
                .records
                .iter()
                .any(|r| RecordName::of(r) == *name)
                .then_some(())
        });
        sent.elapsed()
    }

    /// Waits until `relative` is in this desk's copy and `open` takes it (`None`: not yet).
    fn receive_file<T>(&self, relative: &str, mut open: impl FnMut(&[u8]) -> Option<T>) -> T {
        let path = self.root.join(relative);
        poll(&format!("{relative} to arrive"), || {
            std::fs::read(&path).ok().and_then(|bytes| open(&bytes))
        })
        .0
    }
}

/// Write-to-arrival times through Syncthing, reported at the end of each test.
#[derive(Default)]
struct Hops(Vec<Duration>);

impl Hops {
    fn report(&mut self, test: &str) {
        self.0.sort();
        let secs = |d: &Duration| d.as_secs_f64();
        eprintln!(
            "{test}: {} hops through Syncthing, write to arrival min {:.2} s, median {:.2} s, max {:.2} s",
            self.0.len(),
            self.0.first().map_or(0.0, secs),
            self.0.get(self.0.len() / 2).map_or(0.0, secs),
            self.0.last().map_or(0.0, secs),
        );
    }
}

fn not_arrived_yet<T>(result: Result<T, JoinError>) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(JoinError::NotArrivedYet) => None,
        Err(e) => panic!("the join failed: {e}"),
    }
}

/// Desk A (in `pair.a`'s copy) creates a team; desk B (in `pair.b`'s) joins with a one-time code
/// over the three join files, and takes the epoch key from A's grant — all through Syncthing.
/// Ann is the first admin (desk A), Bea an admin who uses desk B.
fn team_of_two(pair: &Pair, hops: &mut Hops) -> (Desk, Desk) {
    let mut a = create_team(&pair.a.folder);
    let b = join(&mut a, &pair.b.folder, hops);
    (a, b)
}

/// Desk A, the team's first desk, with the key of epoch 1; Ann is its admin.
fn create_team(root: &Path) -> Desk {
    let team = TeamId::random().unwrap();
    let mut ring_a = Keyring::new(DeskIdentity::generate().unwrap(), team);
    ring_a.add(EpochKey::generate(1).unwrap());
    let genesis = Genesis {
        desk: ring_a.identity().id(),
        desk_name: "Office PC".into(),
        admin: "person-ann".into(),
        admin_name: "Ann".into(),
        admin_slot_ref: slot_of("person-ann"),
    };
    let known_a: KnownDesks = [*ring_a.identity().public()].into_iter().collect();
    Desk::new(ring_a, known_a, root, "person-ann", genesis)
}

/// A new desk in the copy at `root` joins `a`'s team in person: the join files and the grant
/// travel through the sync engine; only the code is handed over, as a person types it.
fn join(a: &mut Desk, root: &Path, hops: &mut Hops) -> Desk {
    let code = JoinCode::generate().unwrap();
    let mut invite = Invite::start(&a.ring, &code, now_unix()).unwrap();
    put(&a.root, "join/invite", invite.file());
    let sent = Instant::now();
    // The person at desk B types the code shown at desk A.
    let typed = JoinCode::parse(&code.grouped()).unwrap();
    let newcomer = DeskIdentity::generate().unwrap();
    let joining = poll("the invite at desk B", || {
        let bytes = std::fs::read(root.join("join/invite")).ok()?;
        not_arrived_yet(Joining::answer(&newcomer, &typed, &bytes, "Home PC"))
    })
    .0;
    hops.0.push(sent.elapsed());
    put(root, "join/answer", joining.file());
    let sent = Instant::now();

    let desks = [*a.ring.identity().public()];
    let admitted = a.receive_file("join/answer", |bytes| {
        not_arrived_yet(invite.admit(bytes, now_unix(), &desks))
    });
    hops.0.push(sent.elapsed());
    assert_eq!(admitted.name, "Home PC");
    put(&a.root, "join/confirm", &admitted.confirm);
    let confirm_sent = Instant::now();
    a.known.insert(admitted.desk);
    let current = a.ring.current().unwrap().clone();
    let granted = grant::make(&a.ring, &current, &[admitted.desk]).unwrap();
    put(
        &a.root,
        &format!("grants/1-{}", admitted.desk.id()),
        &granted,
    );
    let admit = vec![
        Op::AddDesk {
            desk: admitted.desk.id(),
            name: admitted.name.clone(),
            key: admitted.desk.to_hex(),
        },
        Op::AddPerson {
            person: "person-bea".into(),
            name: "Bea".into(),
            role: Role::Admin,
            slot_ref: slot_of("person-bea"),
        },
    ];
    let (admit_name, admit_sent) = a.write(admit);

    let new_desk = newcomer.id();
    let (team_id, mut known_b) = poll("the confirmation at desk B", || {
        let bytes = std::fs::read(root.join("join/confirm")).ok()?;
        not_arrived_yet(joining.finish(&bytes))
    })
    .0;
    hops.0.push(confirm_sent.elapsed());
    assert_eq!(team_id, *a.ring.team());
    let a_public = a.ring.identity().public();
    assert_eq!(known_b.get_id(&a.id()), Some(a_public), "B learnt A's keys");
    known_b.insert(*newcomer.public());
    let mut ring_b = Keyring::new(newcomer, team_id);
    let grant_path = root.join(format!("grants/1-{new_desk}"));
    poll("the grant at desk B", || {
        let bytes = std::fs::read(&grant_path).ok()?;
        match grant::accept(&mut ring_b, &bytes, &known_b) {
            Ok(reference) => Some(reference),
            Err(GrantError::NotArrivedYet) => None,
            Err(e) => panic!("desk B could not take the grant: {e}"),
        }
    });
    // The library has no genesis file yet, so B is handed A's `Genesis` (names, no key) here.
    let b = Desk::new(ring_b, known_b, root, "person-bea", a.genesis.clone());
    hops.0.push(b.receive(&admit_name, admit_sent));
    let state = b.state();
    assert!(state.problems.is_empty(), "{:?}", state.problems);
    assert!(state.desks.contains_key(&b.id()), "A admitted desk B");
    b
}

/// Waits until both copies hold exactly `names` and every one of them opens on both desks; how
/// long that took.
fn converge(a: &Desk, b: &Desk, names: &BTreeSet<RecordName>) -> Duration {
    poll("both copies to hold the same records", || {
        [a, b]
            .iter()
            .all(|desk| {
                let listed: BTreeSet<_> = desk.folder.list().unwrap().into_iter().collect();
                let loaded = desk.load();
                listed == *names && loaded.not_arrived.is_empty()
            })
            .then_some(())
    })
    .1
}

fn conflict_copies(root: &Path) -> Vec<String> {
    files(root)
        .into_iter()
        .filter(|f| f.contains(".sync-conflict-"))
        .collect()
}

#[test]
fn two_desks_apart_converge_through_real_syncthing() {
    let started = Instant::now();
    let pair = Pair::start();
    let connected = started.elapsed();
    let mut hops = Hops::default();
    let (mut a, mut b) = team_of_two(&pair, &mut hops);
    let mut names: BTreeSet<RecordName> = a.folder.list().unwrap().into_iter().collect();

    // Together: A adds two accounts, B renames one of them once it has them.
    let (name, sent) = a.write(vec![
        add_account("account-amazon", 1, "Amazon"),
        add_account("account-github", 2, "GitHub"),
    ]);
    names.insert(name.clone());
    hops.0.push(b.receive(&name, sent));
    let (name, sent) = b.write(vec![rename("account-github", "GitHub (work)")]);
    names.insert(name.clone());
    hops.0.push(a.receive(&name, sent));
    assert_eq!(a.state(), b.state());

    // Apart: both rename the same account and both add the same key under their own ids.
    pair.pause();
    let apart = [
        a.write(vec![
            rename("account-amazon", "Amazon (Ann)"),
            add_account("account-shop-a", 7, "Shop"),
        ]),
        b.write(vec![
            rename("account-amazon", "Amazon (Bea)"),
            add_account("account-shop-b", 7, "Shop"),
            Op::AddPerson {
                person: "person-carl".into(),
                name: "Carl".into(),
                role: Role::Member,
                slot_ref: slot_of("person-carl"),
            },
        ]),
    ];
    // Longer than the watcher's delay and a sync: nothing crosses a paused link.
    std::thread::sleep(Duration::from_secs(2));
    assert!(!a.folder.list().unwrap().contains(&apart[1].0));
    assert!(!b.folder.list().unwrap().contains(&apart[0].0));
    names.extend(apart.iter().map(|(name, _)| name.clone()));

    let resumed = Instant::now();
    pair.resume();
    let link_up = resumed.elapsed();
    let converged = converge(&a, &b, &names);
    let (state, on_b) = (a.state(), b.state());
    assert_eq!(state, on_b, "both desks fold the same team");
    assert!(state.problems.is_empty(), "{:?}", state.problems);
    let conflicts = state.conflicts();
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    let kept: BTreeSet<_> = conflicts[0].values.iter().map(|(_, v)| v.clone()).collect();
    let both = ["Amazon (Ann)", "Amazon (Bea)"].map(|n| FieldValue::Name(n.into()));
    assert_eq!(kept, both.into_iter().collect(), "both renames are kept");
    assert_eq!(conflicts[0].account, "account-amazon".into());
    // One key added twice while apart is one account, reachable by both ids.
    let shop = state.account(&"account-shop-a".into()).unwrap();
    assert_eq!(state.account(&"account-shop-b".into()), Some(shop));
    assert_eq!(state.live_accounts().count(), 3);
    let github = state.account(&"account-github".into()).unwrap();
    assert_eq!(github.text(otp_desk::team::Field::Name), "GitHub (work)");
    for person in ["person-ann", "person-bea", "person-carl"] {
        assert!(state.people.contains_key(&person.into()), "{person}");
    }
    for copy in [&pair.a.folder, &pair.b.folder] {
        assert_eq!(conflict_copies(copy), Vec::<String>::new());
    }
    eprintln!(
        "Syncthing pair connected in {:.2} s; after resume: link up in {:.2} s, then both copies \
         held the same records in {:.2} s; whole test {:.2} s",
        connected.as_secs_f64(),
        link_up.as_secs_f64(),
        converged.as_secs_f64(),
        started.elapsed().as_secs_f64(),
    );
    hops.report("two_desks_apart_converge_through_real_syncthing");
}

/// A adds Amazon; once it reached B, B renames it; once that reached A, both hold both.
fn amazon_added_on_a_renamed_on_b(a: &mut Desk, b: &mut Desk, hops: &mut Hops) {
    let (name, sent) = a.write(vec![add_account("account-amazon", 1, "Amazon")]);
    hops.0.push(b.receive(&name, sent));
    let (name, sent) = b.write(vec![rename("account-amazon", "Amazon Seller")]);
    hops.0.push(a.receive(&name, sent));
}

#[test]
fn sync_debris_and_garbage_change_nothing_through_real_syncthing() {
    let pair = Pair::start();
    let mut hops = Hops::default();
    let (mut a, mut b) = team_of_two(&pair, &mut hops);
    amazon_added_on_a_renamed_on_b(&mut a, &mut b, &mut hops);
    let names: BTreeSet<_> = a.folder.list().unwrap().into_iter().collect();
    converge(&a, &b, &names);
    let before = a.state();
    assert_eq!(before, b.state());

    let (desk_a, desk_b) = (a.id(), b.id());
    let record = std::fs::read(pair.a.folder.join(format!("desks/{desk_a}/2.rec"))).unwrap();
    let mut noise = vec![0u8; 300];
    getrandom::fill(&mut noise).unwrap();
    let truncated = RecordName::parse(&format!("desks/{desk_a}/90.rec")).unwrap();
    let random = RecordName::parse(&format!("desks/{desk_b}/91.rec")).unwrap();
    let dropped: Vec<(String, Vec<u8>)> = vec![
        ("desktop.ini".into(), b"[.ShellClassInfo]".to_vec()),
        ("Thumbs.db".into(), vec![0xd0, 0xcf, 0x11, 0xe0]),
        ("~$x".into(), b"lock".to_vec()),
        ("x.tmp".into(), b"half".to_vec()),
        (format!("desks/{desk_a}/Thumbs.db"), vec![1, 2, 3]),
        (format!("desks/{desk_a}/3.rec.tmp"), record.clone()),
        (
            format!("desks/{desk_a}/2.sync-conflict-20261206-211500-ABCDEFG.rec"),
            record.clone(),
        ),
        (truncated.path(), record[..record.len() / 2].to_vec()),
        (random.path(), noise),
    ];
    let sent = Instant::now();
    for (path, bytes) in &dropped {
        std::fs::write(pair.a.folder.join(path), bytes).unwrap();
    }
    poll("the dropped files at desk B", || {
        dropped
            .iter()
            .all(|(path, bytes)| {
                std::fs::read(pair.b.folder.join(path)).ok() == Some(bytes.clone())
            })
            .then_some(())
    });
    hops.0.push(sent.elapsed());

    for desk in [&a, &b] {
        let listed: BTreeSet<_> = desk.folder.list().unwrap().into_iter().collect();
        let expected: BTreeSet<_> = names.iter().chain([&truncated, &random]).cloned().collect();
        assert_eq!(listed, expected, "debris is not in the layout");
        let loaded = desk.load();
        let not_arrived: BTreeSet<_> = loaded.not_arrived.into_iter().collect();
        assert_eq!(
            not_arrived,
            [truncated.clone(), random.clone()].into_iter().collect()
        );
        assert_eq!(fold(loaded.records, &desk.genesis), before);
        // Not arrived is never a delete: the files are still there to be retried.
        for (path, _) in &dropped {
            assert!(desk.root.join(path).exists(), "{path}");
        }
    }
    hops.report("sync_debris_and_garbage_change_nothing_through_real_syncthing");
}

#[test]
fn a_revoked_desk_reads_nothing_new_and_its_records_are_ignored_through_real_syncthing() {
    let pair = Pair::start();
    let mut hops = Hops::default();
    let (mut a, mut b) = team_of_two(&pair, &mut hops);
    amazon_added_on_a_renamed_on_b(&mut a, &mut b, &mut hops);

    // A revokes B (keeping what it has seen of B) and starts epoch 2 without B.
    let accepted_seq = a.state().folded[&b.id()];
    let (revoke, sent) = a.write(vec![Op::RevokeDesk {
        desk: b.id(),
        accepted_seq,
    }]);
    hops.0.push(b.receive(&revoke, sent));
    let key = EpochKey::generate(2).unwrap();
    a.ring.add(key.clone());
    let granted = grant::make(&a.ring, &key, &[]).unwrap();
    put(&a.root, "grants/2", &granted);
    let (after, sent) = a.write(vec![add_account("account-after", 3, "After")]);

    // B's copy receives both files and can open neither.
    let bytes = poll("epoch 2's record at desk B", || {
        std::fs::read(pair.b.folder.join(after.path())).ok()
    })
    .0;
    hops.0.push(sent.elapsed());
    assert_eq!(
        b.codec().open_file(Some(&after), &bytes),
        Err(OpenError::NoKey(2))
    );
    let grant_bytes = b.receive_file("grants/2", |bytes| Some(bytes.to_vec()));
    assert_eq!(
        grant::accept(&mut b.ring, &grant_bytes, &b.known),
        Err(GrantError::NotForThisDesk(2))
    );
    assert_eq!(b.load().not_arrived, vec![after.clone()]);
    let on_b = b.state();
    assert!(on_b.account(&"account-after".into()).is_none());
    assert_eq!(
        on_b.folded.get(&a.id()),
        Some(&(after.seq - 1)),
        "B folds up to the revocation"
    );

    // What B writes now reaches A, opens, and changes nothing there.
    let (late, sent) = b.write(vec![rename("account-amazon", "Bea was here")]);
    hops.0.push(a.receive(&late, sent));
    let state = a.state();
    let expected = Problem {
        dot: otp_desk::team::Dot {
            desk: b.id(),
            seq: late.seq,
        },
        reason: Reason::RevokedDesk { accepted_seq },
    };
    assert!(state.problems.contains(&expected), "{:?}", state.problems);
    let amazon = state.account(&"account-amazon".into()).unwrap();
    assert_eq!(amazon.text(otp_desk::team::Field::Name), "Amazon Seller");
    assert!(state.account(&"account-after".into()).is_some());
    assert_eq!(state.desks[&b.id()].revoked_after, Some(accepted_seq));
    hops.report(
        "a_revoked_desk_reads_nothing_new_and_its_records_are_ignored_through_real_syncthing",
    );
}

/// The product itself over the real engine: the `otp-desk` command line on two computers, each
/// with its own data folder, its own gnome-keyring and its own Syncthing copy of the team
/// folder. The second computer joins with the code the first shows; both add while the link is
/// down and end with both accounts; a share and a person's removal made on one take effect on
/// the other; sync debris in one copy changes nothing on either.
#[test]
fn two_computers_run_one_team_from_the_command_line_through_real_syncthing() {
    use support::team::{EBAY, PIN, create_team, first_desk, join_team};
    use support::{Desk as Computer, SecretService, stderr, stdout};
    const GOOGLE: &str = "otpauth://totp/Google:ops?secret=MFRGGZDFMZTWQ2LK&issuer=Google";
    const BO_PIN: &str = "135790\n";

    let started = Instant::now();
    let pair = Pair::start();
    let (service_a, service_b) = (SecretService::start(), SecretService::start());
    let a = first_desk(&service_a);
    let b = Computer::new(Some(&service_b));
    let (copy_a, copy_b) = (
        pair.a.folder.join("Shop team"),
        pair.b.folder.join("Shop team"),
    );
    create_team(&a, &copy_a);
    poll("the team's genesis in B's copy", || {
        copy_b.join("genesis.otp").exists().then_some(())
    });
    join_team(&a, &b, &copy_b);
    let joined = started.elapsed();

    // Each run of `list --as` syncs: the team's changes come in, this computer's go out.
    let list = |desk: &Computer, pin: &str, who: &str| {
        let out = desk.run_with_stdin(&["list", "--as", who], pin);
        format!("{}{}", stdout(&out), stderr(&out))
    };
    let ann = |desk: &Computer| list(desk, PIN, "Ann");
    let until = |what: &str, ready: &dyn Fn() -> bool| {
        poll(what, || ready().then_some(()));
    };
    assert!(ann(&b).contains("Amazon"), "{}", ann(&b));

    // Apart, each adds an account; together again, both have both.
    pair.pause();
    let out = a.run_with_stdin(&["add", EBAY, "--as", "Ann"], PIN);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = b.run_with_stdin(&["add", GOOGLE, "--as", "Ann"], PIN);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!ann(&a).contains("Google") && !ann(&b).contains("eBay"));
    pair.resume();
    until("both accounts on both computers", &|| {
        let (on_a, on_b) = (ann(&a), ann(&b));
        on_a.contains("Google") && on_b.contains("eBay")
    });
    for desk in [&a, &b] {
        assert_eq!(ann(desk).matches("eBay").count(), 1, "{}", ann(desk));
    }

    // A share made on A: Bo sees eBay on B once an admin's sync there made his codes.
    let out = a.run_with_stdin(&["share", "ebay", "--with", "Bo", "--as", "Ann"], PIN);
    assert!(out.status.success(), "{}", stderr(&out));
    until("the share on B", &|| {
        ann(&b);
        list(&b, BO_PIN, "Bo").contains("eBay")
    });
    assert!(!list(&b, BO_PIN, "Bo").contains("Google"));

    // One log: Bo's copy at B reaches A's log with B's name, carried with B's next change.
    let out = b.run_with_stdin(&["code", "ebay", "--as", "Bo"], BO_PIN);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = b.run_with_stdin(&["share", "google", "--with", "Bo", "--as", "Ann"], PIN);
    assert!(out.status.success(), "{}", stderr(&out));
    until("Bo's copy at B in A's log", &|| {
        let out = a.run_with_stdin(&["log", "--json", "--as", "Ann"], PIN);
        stdout(&out).lines().any(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["desk"] == "Home PC" && v["action"] == "copy" && v["person"] == "Bo"
        })
    });

    // Sync debris and garbage in B's copy change nothing on either computer.
    for (name, bytes) in [
        ("desktop.ini", &b"[.ShellClassInfo]"[..]),
        (
            "genesis.sync-conflict-20261207-101010-ABCDEFG.otp",
            b"garbage",
        ),
        ("desks/Thumbs.db", b"\0\0\0"),
    ] {
        put(&copy_b, name, bytes);
    }
    until("the debris in A's copy", &|| {
        copy_a.join("desktop.ini").exists()
    });
    for desk in [&a, &b] {
        let shown = ann(desk);
        assert!(
            ["Amazon", "eBay", "Google"]
                .iter()
                .all(|n| shown.contains(n)),
            "{shown}"
        );
        let out = desk.run(&["team", "status"]);
        assert!(out.status.success(), "{}", stderr(&out));
    }

    // Bo removed on A is refused on B as soon as the record is there, with no one at B.
    let out = a.run_with_stdin(&["people", "remove", "Bo", "--as", "Ann"], PIN);
    assert!(out.status.success(), "{}", stderr(&out));
    until("Bo refused on B", &|| {
        list(&b, BO_PIN, "Bo").contains("removed from the team")
    });
    // An admin removed on A: A replaces the desk key for the team, and B takes it at Ann's
    // next sign-in there; what Eve kept opens no item on B afterwards, and B's codes work.
    let out = a.run_with_stdin(
        &["people", "add", "Eve", "--admin", "--as", "Ann"],
        "246810\n314159\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    until("Eve on B", &|| {
        ann(&b);
        let out = b.run_with_stdin(&["list", "--as", "Eve"], "314159\n");
        out.status.success()
    });
    let kept = support::team::keychain_items(&service_b);
    let eve_key = support::team::kept_desk_key(&kept, "314159");
    let out = a.run_with_stdin(&["people", "remove", "Eve", "--as", "Ann"], PIN);
    assert!(out.status.success(), "{}", stderr(&out));
    let new_key = support::team::desk_check(&a);
    until("B takes the team's new desk key", &|| {
        ann(&b);
        support::team::desk_check(&b) == new_key
    });
    let opened =
        support::team::items_opened_by(&support::team::keychain_items(&service_b), &eve_key);
    assert!(opened.is_empty(), "Eve's kept key opens {opened:?} on B");
    let out = b.run_with_stdin(&["code", "google", "--as", "Ann"], PIN);
    assert!(out.status.success(), "{}", stderr(&out));
    eprintln!(
        "command line over Syncthing: joined after {:.1} s, whole test {:.1} s",
        joined.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
}
