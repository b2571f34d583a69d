//! A joined desk at work on its team folder: open and fold it, write this desk's next record,
//! and the non-record files (genesis, join files, grants), each written whole (temp file, then
//! rename) so a sync engine never carries half of one.

use std::path::Path;

use super::membership::Membership;
use super::open::{OpenFolderError, Opened, open_folder};
use super::{SealedCodec, VerifiedCache};
use crate::team::dir_folder::DirFolder;
use crate::team::folder::{Folder, FolderError, RecordName};
use crate::team::{Op, PersonId, Record, TeamState};

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error(transparent)]
    Open(#[from] OpenFolderError),
    #[error(transparent)]
    Folder(#[from] FolderError),
    #[error(
        "the team folder was written by a newer OTP Desk (record format {0}); this desk only reads it until OTP Desk is updated"
    )]
    Newer(u32),
    #[error("only an admin can make these changes to the team")]
    NotAdmin,
    #[error(
        "this computer was revoked on another computer of the team (it has no key of epoch {0}); it writes nothing more to the team folder"
    )]
    LeftOut(u32),
}

/// The folder as this desk reads it now: desks learned on the way are added to `m.known`, and
/// the keys of new epochs granted to this desk (after a revocation) to `m.keyring` — the
/// caller saves `m` when [`Membership`]'s epochs grew.
pub fn open(m: &mut Membership) -> Result<Opened, OpenFolderError> {
    open_with(m, VerifiedCache::default())
}

/// [`open`] with the signatures in `cache` taken as checked: the folder is opened, the keys
/// granted to this desk are taken, and the folder is opened again when there were new ones.
fn open_with(m: &mut Membership, cache: VerifiedCache) -> Result<Opened, OpenFolderError> {
    let folder = DirFolder::new(&m.folder);
    let mut opened = open_folder(&folder, &m.keyring, &mut m.known, cache, &m.genesis)?;
    let (new, left_out) = absorb_grants(m, &opened.state);
    if new > 0 {
        let cache = std::mem::take(&mut opened.cache);
        opened = open_folder(&folder, &m.keyring, &mut m.known, cache, &m.genesis)?;
    }
    opened.left_out = left_out;
    Ok(opened)
}

/// Takes the epoch keys granted to this desk by desks the team admits (never by a revoked
/// one); returns how many were new, and the newest epoch a signed grant shows this desk was
/// left out of (none when it holds a key of that epoch or a newer one: two admins revoking at
/// once each start an epoch of the same number, and this desk may be in one of them).
fn absorb_grants(m: &mut Membership, state: &TeamState) -> (usize, Option<u32>) {
    let granters: super::KnownDesks = m
        .known
        .iter()
        .filter(|d| is_admitted(state, &d.id()))
        .copied()
        .collect();
    let before = m.keyring.epochs().count();
    let Ok(entries) = std::fs::read_dir(m.folder.join("grants")) else {
        return (0, None);
    };
    let mut left_out = None;
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        if !file.ends_with(".grant") || crate::team::folder::is_debris(&file) {
            continue;
        }
        // A grant is a few hundred bytes per desk: anything far larger is not one.
        if let Ok(bytes) = crate::team::dir_folder::read_file(&entry.path())
            && bytes.len() < 1 << 20
            && let Err(super::grant::GrantError::NotForThisDesk(epoch)) =
                super::grant::accept(&mut m.keyring, &bytes, &granters)
        {
            left_out = left_out.max(Some(epoch));
        }
    }
    let held = m.keyring.current().map_or(0, super::EpochKey::epoch);
    (
        m.keyring.epochs().count() - before,
        left_out.filter(|&epoch| epoch > held),
    )
}

/// Writes a new epoch's grant for every admitted desk but `revoked` and this one, and takes the
/// key: what this desk writes from now on, the revoked desk cannot open.
pub fn new_epoch(
    m: &mut Membership,
    state: &TeamState,
    revoked: &crate::team::DeskId,
) -> Result<u32, String> {
    let me = m.desk_id();
    let epoch = m.keyring.current().map_or(0, super::EpochKey::epoch) + 1;
    let key = super::EpochKey::generate(epoch).map_err(|e| e.to_string())?;
    let recipients: Vec<_> = m
        .known
        .iter()
        .filter(|d| d.id() != me && &d.id() != revoked && is_admitted(state, &d.id()))
        .copied()
        .collect();
    let granted = super::grant::make(&m.keyring, &key, &recipients).map_err(|e| e.to_string())?;
    put_file(
        &m.folder,
        &format!("grants/epoch-{epoch}-{me}.grant"),
        &granted,
    )
    .map_err(|e| format!("{}: cannot write: {e}", m.folder.display()))?;
    m.keyring.add(key);
    Ok(epoch)
}

/// The verified cache's file in the desk's data folder: sealed under a key of the desk's own.
const CACHE_FILE: &str = "team-verified.bin";
const CACHE_LABEL: &str = "otp-desk/team/v1/verified-cache";

/// [`open`], with the signatures this desk checked before taken from its sealed cache in
/// `data_dir` (and the cache saved again when it grew): an opening checks only new files'
/// signatures. A cache that does not open (changed, another desk's) is ignored.
pub fn open_cached(m: &mut Membership, data_dir: &Path) -> Result<Opened, OpenFolderError> {
    let path = data_dir.join(CACHE_FILE);
    let key = m.keyring.identity().local_key(CACHE_LABEL);
    let cache = std::fs::read(&path)
        .ok()
        .and_then(|sealed| key.open(&sealed, CACHE_LABEL).ok())
        .and_then(|bytes| VerifiedCache::from_bytes(&bytes))
        .unwrap_or_default();
    let before = cache.len();
    let opened = open_with(m, cache)?;
    if opened.cache.len() != before
        && let Ok(sealed) = key.seal(&opened.cache.to_bytes(), CACHE_LABEL)
        && let Err(error) = crate::store::private_file::write_private(&path, &sealed)
    {
        tracing::debug!(%error, "the verified cache could not be saved");
    }
    Ok(opened)
}

/// How often a write starts again after another process of this desk took its seq.
const WRITE_TRIES: usize = 16;

/// Seals and writes this desk's next record with `ops`, as `person`, having seen `opened`. The
/// chain continues from the newer of what the keychain remembers and what the folder shows, so
/// a seq is never written twice with different contents. When another process of this desk
/// (the window's sync beside a command) wrote that seq first, the folder is read again and the
/// record goes in as the next one. The caller saves `m` afterwards.
pub fn write(
    m: &mut Membership,
    opened: &Opened,
    person: &PersonId,
    signer: Option<&super::identity::PersonSigner>,
    now_unix: u64,
    ops: Vec<Op>,
) -> Result<RecordName, WriteError> {
    let mut fresh: Option<Opened> = None;
    let mut tries = 0;
    loop {
        let seen = fresh.as_ref().unwrap_or(opened);
        match write_once(m, seen, person, signer, now_unix, ops.clone()) {
            Err(WriteError::Folder(FolderError::Exists(_))) if tries + 1 < WRITE_TRIES => {
                tries += 1;
                // A random pause, so two writers that keep picking the same seq fall apart.
                let mut byte = [0u8; 1];
                let jitter = getrandom::fill(&mut byte).map_or(7, |()| u64::from(byte[0] % 16));
                std::thread::sleep(std::time::Duration::from_millis(jitter * tries as u64));
                fresh = Some(open(m)?);
            }
            done => return done,
        }
    }
}

fn write_once(
    m: &mut Membership,
    opened: &Opened,
    person: &PersonId,
    signer: Option<&super::identity::PersonSigner>,
    now_unix: u64,
    ops: Vec<Op>,
) -> Result<RecordName, WriteError> {
    if let Some(format) = opened.loaded.newer_format() {
        return Err(WriteError::Newer(format));
    }
    if let Some(epoch) = opened.left_out {
        return Err(WriteError::LeftOut(epoch));
    }
    let me = m.desk_id();
    let newest_in_folder = opened
        .loaded
        .records
        .iter()
        .filter(|r| r.desk == me)
        .max_by_key(|r| r.seq);
    let (seq, prev) = match newest_in_folder {
        Some(r) if r.seq >= m.last_seq => (r.seq + 1, r.hash()),
        _ => (m.last_seq + 1, m.last_hash),
    };
    let mut seen = opened.state.folded.clone();
    seen.remove(&me);
    seen.retain(|_, s| *s > 0);
    let record = Record {
        desk: me,
        seq,
        prev,
        seen,
        person: person.clone(),
        format: crate::team::FORMAT,
        unix_secs: now_unix,
        ops,
        signer: None,
        signature: None,
    };
    let mut record = record;
    if record.needs_admin() {
        signer.ok_or(WriteError::NotAdmin)?.sign_record(&mut record);
    }
    let codec = SealedCodec::new(&m.keyring, &m.known, VerifiedCache::default())
        .map_err(OpenFolderError::from)?;
    let name = RecordName::of(&record);
    DirFolder::new(&m.folder).write_new(&name, &codec.seal_record(&record))?;
    m.last_seq = record.seq;
    m.last_hash = record.hash();
    Ok(name)
}

/// Writes `bytes` as `relative` under `root` whole: a temp file, then a rename.
pub fn put_file(root: &Path, relative: &str, bytes: &[u8]) -> std::io::Result<()> {
    let path = root.join(relative);
    let dir = path.parent().unwrap_or(root);
    std::fs::create_dir_all(dir)?;
    let temp = dir.join(format!(
        ".{}.{}.tmp",
        path.file_name().unwrap_or_default().to_string_lossy(),
        std::process::id()
    ));
    std::fs::write(&temp, bytes)?;
    std::fs::rename(&temp, &path)
}

/// Whether `state` names `desk` as joined and not revoked.
pub fn is_admitted(state: &TeamState, desk: &crate::team::DeskId) -> bool {
    state
        .desks
        .get(desk)
        .is_some_and(|d| d.revoked_after.is_none())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::desk::team::membership::{GENESIS_FILE, found, seal_genesis};
    use crate::team::Hash32;

    #[test]
    fn the_verified_cache_is_sealed_and_a_changed_one_is_ignored() {
        let (folder, data) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let mut m = found(folder.path(), "Office PC", ("admin", "Owner"), "slot").unwrap();
        let genesis = seal_genesis(&m.keyring, &m.genesis).unwrap();
        std::fs::write(folder.path().join(GENESIS_FILE), genesis).unwrap();
        let opened = open(&mut m).unwrap();
        let ops = vec![Op::AppVersion("1".into())];
        write(&mut m, &opened, &"admin".into(), None, 1_760_000_000, ops).unwrap();

        let opened = open_cached(&mut m, data.path()).unwrap();
        assert_eq!((opened.loaded.records.len(), opened.cache.len()), (1, 1));
        let path = data.path().join(CACHE_FILE);
        let sealed = std::fs::read(&path).unwrap();
        let hash = Hash32::of(
            &std::fs::read(
                folder
                    .path()
                    .join("desks")
                    .join(m.desk_id().0)
                    .join("1.rec"),
            )
            .unwrap(),
        );
        let text = String::from_utf8_lossy(&sealed);
        assert!(!text.contains(&hash.hex()) && !sealed.windows(32).any(|w| w == hash.0));

        // A changed cache is not used (the file is checked again) and is written anew.
        let mut changed = sealed.clone();
        changed[20] ^= 1;
        std::fs::write(&path, &changed).unwrap();
        let opened = open_cached(&mut m, data.path()).unwrap();
        assert_eq!(opened.loaded.records.len(), 1);
        assert_ne!(std::fs::read(&path).unwrap(), changed);
        // Another desk's key does not open it.
        let other = found(folder.path(), "X", ("p", "P"), "s").unwrap();
        let key = other.keyring.identity().local_key(CACHE_LABEL);
        assert!(
            key.open(&std::fs::read(&path).unwrap(), CACHE_LABEL)
                .is_err()
        );
    }
}

#[cfg(test)]
mod left_out_tests {
    use super::*;
    use crate::desk::team::membership::{GENESIS_FILE, found, seal_genesis};
    use crate::desk::team::{DeskIdentity, EpochKey, Keyring, grant};

    /// A grant its signer wrote for epoch 2, for one other desk only.
    fn grant_of_epoch_2(signer: &Keyring) -> Vec<u8> {
        let other = DeskIdentity::generate().unwrap();
        let key = EpochKey::generate(2).unwrap();
        grant::make(signer, &key, &[*other.public()]).unwrap()
    }

    #[test]
    fn a_signed_grant_of_a_newer_epoch_that_leaves_this_desk_out_says_it_was_revoked() {
        let folder = tempfile::tempdir().unwrap();
        let mut m = found(folder.path(), "Office PC", ("admin", "Owner"), "slot").unwrap();
        let genesis = seal_genesis(&m.keyring, &m.genesis).unwrap();
        std::fs::write(folder.path().join(GENESIS_FILE), genesis).unwrap();
        assert_eq!(open(&mut m).unwrap().left_out, None);

        // Signed by a desk the team does not know: it counts for nothing.
        let stranger = Keyring::new(DeskIdentity::generate().unwrap(), *m.keyring.team());
        put_file(
            &m.folder,
            "grants/epoch-2-stranger.grant",
            &grant_of_epoch_2(&stranger),
        )
        .unwrap();
        assert_eq!(open(&mut m).unwrap().left_out, None);
        // Signed by a desk of the team (here this one, as a stand-in for the revoking desk).
        put_file(
            &m.folder,
            "grants/epoch-2-known.grant",
            &grant_of_epoch_2(&m.keyring),
        )
        .unwrap();
        let opened = open(&mut m).unwrap();
        assert_eq!(opened.left_out, Some(2));
        assert_eq!(opened.status(&m.desk_id(), 0).left_out, Some(2));
        assert!(matches!(
            write(&mut m, &opened, &"admin".into(), None, 1, vec![]),
            Err(WriteError::LeftOut(2))
        ));
        // A desk that holds a key of that epoch (another admin's epoch 2 that included it, or
        // the one it started itself) was not left out.
        m.keyring.add(EpochKey::generate(2).unwrap());
        assert_eq!(open(&mut m).unwrap().left_out, None);
    }
}

#[cfg(test)]
mod two_writers_tests {
    use super::*;
    use crate::desk::team::membership::{GENESIS_FILE, found, seal_genesis};
    use crate::store::MemoryStore;
    use std::collections::BTreeSet;
    use std::sync::Arc;

    /// The window's sync and a command of the same desk write at the same moment, again and
    /// again: every record goes in under its own seq, none replaces another, and the chain has
    /// no gap or fork (the fold names no problem).
    #[test]
    fn two_processes_of_one_desk_writing_at_once_lose_no_record() {
        let folder = tempfile::tempdir().unwrap();
        let m = found(folder.path(), "Office PC", ("admin", "Owner"), "slot").unwrap();
        let genesis = seal_genesis(&m.keyring, &m.genesis).unwrap();
        std::fs::write(folder.path().join(GENESIS_FILE), genesis).unwrap();
        let store = Arc::new(MemoryStore::new());
        m.save(&*store).unwrap();
        const EACH: usize = 25;
        let writers: Vec<_> = (0..2)
            .map(|t| {
                let store = store.clone();
                std::thread::spawn(move || {
                    let mut m = Membership::load(&*store).unwrap().unwrap();
                    for i in 0..EACH {
                        let opened = open(&mut m).unwrap();
                        let ops = vec![Op::AppVersion(format!("{t}-{i}"))];
                        write(&mut m, &opened, &"admin".into(), None, 1_760_000_000, ops).unwrap();
                    }
                })
            })
            .collect();
        for writer in writers {
            writer.join().unwrap();
        }
        let mut m = Membership::load(&*store).unwrap().unwrap();
        let opened = open(&mut m).unwrap();
        assert!(
            opened.state.problems.is_empty(),
            "{:?}",
            opened.state.problems
        );
        let seqs: BTreeSet<u64> = opened.loaded.records.iter().map(|r| r.seq).collect();
        assert_eq!(seqs, (1..=2 * EACH as u64).collect());
        let written: BTreeSet<String> = opened
            .loaded
            .records
            .iter()
            .flat_map(|r| &r.ops)
            .filter_map(|op| match op {
                Op::AppVersion(v) => Some(v.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(written.len(), 2 * EACH, "{written:?}");
    }
}

#[cfg(test)]
mod admin_tests {
    use super::*;
    use crate::desk::crypto::Key;
    use crate::desk::team::identity::PersonSigner;
    use crate::desk::team::membership::{GENESIS_FILE, found, seal_genesis};
    use crate::desk::team::test_support::add_amazon;
    use crate::team::folder::Unopened;

    /// Someone with a joined computer's login takes its team keys out of the keychain and
    /// writes records in the admin's name: without the signature of the key in the admin's slot
    /// (none, another key's, or another key's under the admin's key's name), none of them is
    /// applied, and each is named on the status page.
    #[test]
    fn the_desks_own_keys_do_not_make_an_admins_record() {
        let folder = tempfile::tempdir().unwrap();
        let admin = PersonSigner::from_box_key(&Key::random().unwrap()).unwrap();
        let slot = format!(r#"{{"signer":"{}"}}"#, admin.public_hex());
        let mut m = found(folder.path(), "Office PC", ("admin", "Owner"), &slot).unwrap();
        let genesis = seal_genesis(&m.keyring, &m.genesis).unwrap();
        std::fs::write(folder.path().join(GENESIS_FILE), genesis).unwrap();
        let opened = open(&mut m).unwrap();
        let admin_id: PersonId = "admin".into();
        assert!(matches!(
            write(&mut m, &opened, &admin_id, None, 1, vec![add_amazon()]),
            Err(WriteError::NotAdmin)
        ));
        write(
            &mut m,
            &opened,
            &admin_id,
            Some(&admin),
            1,
            vec![add_amazon()],
        )
        .unwrap();
        let opened = open(&mut m).unwrap();
        assert!(opened.state.account(&"account-amazon".into()).is_some());

        // The forgeries: the desk's keys, the admin's name, no signature or another key's.
        let impostor = PersonSigner::from_box_key(&Key::random().unwrap()).unwrap();
        let codec = SealedCodec::new(&m.keyring, &m.known, VerifiedCache::default()).unwrap();
        let mut previous = opened
            .loaded
            .records
            .iter()
            .find(|r| r.desk == m.desk_id())
            .cloned();
        // The one that opens goes first: a refused file holds up the records after it.
        for forgery in [1, 2, 0] {
            let mut record = Record::next(
                m.desk_id(),
                previous.as_ref(),
                opened.state.folded.clone(),
                admin_id.clone(),
                2,
                vec![Op::Purge("account-amazon".into())],
            );
            match forgery {
                0 => {}
                1 => impostor.sign_record(&mut record),
                _ => {
                    record.signer = Some(admin.public_hex());
                    record.signature = Some(impostor.sign_hex(&record.unsigned_bytes()));
                }
            }
            let name = RecordName::of(&record);
            DirFolder::new(&m.folder)
                .write_new(&name, &codec.seal_record(&record))
                .unwrap();
            previous = Some(record);
        }
        let opened = open(&mut m).unwrap();
        assert!(
            opened.state.account(&"account-amazon".into()).is_some(),
            "nothing purged"
        );
        let refused: Vec<_> = opened
            .loaded
            .why
            .values()
            .filter(|why| matches!(why, Unopened::NotAdmin(_)))
            .collect();
        // No signature, or one that does not hold: not opened. A sound signature of a key
        // that is not the admin's: opened, and the fold refuses it.
        assert_eq!(refused.len(), 2, "{:?}", opened.loaded.why);
        let not_signed = opened
            .state
            .problems
            .iter()
            .filter(|p| p.reason == crate::team::Reason::NotSigned)
            .count();
        assert_eq!(not_signed, 1, "{:?}", opened.state.problems);
        // A member's own kind of record (an audit line) needs no admin signature.
        let member_record = Record::next(
            m.desk_id(),
            previous.as_ref(),
            opened.state.folded.clone(),
            "someone".into(),
            3,
            vec![Op::AppVersion("1".into())],
        );
        assert!(!member_record.needs_admin());
        assert!(
            super::super::identity::SignerKeys::default().record_signatures_hold(&member_record)
        );
    }
}
