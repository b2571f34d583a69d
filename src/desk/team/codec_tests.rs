//! The sealed record file: round trip, no leaks, tampering, forgery, revocation, half-synced
//! files and the verified cache.

use proptest::prelude::*;

use super::cache::VerifiedCache;
use super::codec::{FILE_FORMAT, HEADER_LEN, OVERHEAD, OpenError, SealedCodec};
use super::epoch::EpochKey;
use super::grant;
use super::identity::KnownDesks;
use super::test_support::{SECRETS, add_amazon, add_mallory, record, team};
use crate::team::Hash32;
use crate::team::folder::RecordName;

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn a_sealed_record_opens_as_itself_on_every_desk_and_sealing_is_deterministic() {
    let (rings, known) = team(2);
    let a = SealedCodec::new(&rings[0], &known, VerifiedCache::default()).unwrap();
    let b = SealedCodec::new(&rings[1], &known, VerifiedCache::default()).unwrap();
    let rec = record(&rings[0], None, vec![add_amazon(), add_mallory()]);
    let bytes = a.seal_record(&rec);
    assert_eq!(bytes.len(), rec.canonical_bytes().len() + OVERHEAD);
    assert_eq!(a.seal_record(&rec), bytes, "same record, same bytes");
    let name = RecordName::of(&rec);
    assert_eq!(b.open_file(Some(&name), &bytes), Ok(rec.clone()));
    assert_eq!(a.open_file(None, &bytes), Ok(rec.clone()));
    let next = record(&rings[0], Some(&rec), vec![]);
    assert_ne!(a.seal_record(&next)[HEADER_LEN..], bytes[HEADER_LEN..]);
}

#[test]
fn sealed_bytes_name_no_account_issuer_or_person() {
    let (rings, known) = team(1);
    let codec = SealedCodec::new(&rings[0], &known, VerifiedCache::default()).unwrap();
    let rec = record(&rings[0], None, vec![add_amazon(), add_mallory()]);
    let bytes = codec.seal_record(&rec);
    let plain = rec.canonical_bytes();
    for secret in SECRETS.iter().chain(&["admin", "totp", "\"o\":"]) {
        assert!(
            contains(&plain, secret.as_bytes()),
            "{secret} in the plaintext"
        );
        assert!(!contains(&bytes, secret.as_bytes()), "{secret} leaked");
    }
    // Not even the desk id as text: the header carries it as 16 raw bytes.
    assert!(!contains(&bytes, rec.desk.0.as_bytes()));
}

#[test]
fn every_cut_is_not_arrived_yet() {
    let (rings, known) = team(1);
    let codec = SealedCodec::new(&rings[0], &known, VerifiedCache::default()).unwrap();
    let bytes = codec.seal_record(&record(&rings[0], None, vec![add_amazon()]));
    for cut in 0..bytes.len() {
        assert_eq!(
            codec.open_file(None, &bytes[..cut]),
            Err(OpenError::NotArrivedYet),
            "cut at {cut}"
        );
    }
    assert_eq!(
        codec.open_file(None, b"garbage"),
        Err(OpenError::NotArrivedYet)
    );
}

#[test]
fn every_changed_byte_is_an_error_never_another_record() {
    let (rings, known) = team(2);
    let codec = SealedCodec::new(&rings[1], &known, VerifiedCache::default()).unwrap();
    let writer = SealedCodec::new(&rings[0], &known, VerifiedCache::default()).unwrap();
    let bytes = writer.seal_record(&record(&rings[0], None, vec![add_amazon()]));
    for i in 0..bytes.len() {
        for mask in [0x01, 0x80] {
            let mut bad = bytes.clone();
            bad[i] ^= mask;
            assert!(codec.open_file(None, &bad).is_err(), "byte {i} ^ {mask}");
        }
    }
    let mut newer = bytes.clone();
    newer[4] = FILE_FORMAT + 1;
    assert_eq!(
        codec.open_file(None, &newer),
        Err(OpenError::NewerFormat(2))
    );
}

#[test]
fn a_record_signed_or_resealed_by_another_desk_is_refused() {
    let (rings, known) = team(2);
    let a = SealedCodec::new(&rings[0], &known, VerifiedCache::default()).unwrap();
    let rec = record(&rings[0], None, vec![add_amazon()]);
    let bytes = a.seal_record(&rec);
    let a_id = rec.desk.clone();
    // Desk 1 re-signs desk 0's file with its own key.
    let signed = bytes.len() - 64;
    let mut resigned = bytes[..signed].to_vec();
    resigned.extend(rings[1].identity().sign(&bytes[..signed]));
    let b = SealedCodec::new(&rings[1], &known, VerifiedCache::default()).unwrap();
    assert_eq!(
        b.open_file(None, &resigned),
        Err(OpenError::BadSignature(a_id.clone()))
    );
    // Desk 1 (which holds the epoch key) seals desk 0's record as its own file.
    assert_eq!(
        b.open_file(None, &b.seal_record(&rec)),
        Err(OpenError::Mismatch)
    );
    // A desk nobody admitted.
    let (strangers, _) = team(1);
    let stranger = SealedCodec::new(&strangers[0], &known, VerifiedCache::default()).unwrap();
    let forged = stranger.seal_record(&record(&strangers[0], None, vec![add_mallory()]));
    assert!(matches!(
        a.open_file(None, &forged),
        Err(OpenError::UnknownDesk(_))
    ));
    // The right file under another desk's name.
    let mut name = RecordName::of(&rec);
    name.seq = 2;
    assert_eq!(b.open_file(Some(&name), &bytes), Err(OpenError::Mismatch));
}

#[test]
fn a_revoked_desk_reads_nothing_of_the_next_epoch() {
    let (mut rings, known) = team(3);
    let before = record(&rings[0], None, vec![add_amazon()]);
    let old_file = SealedCodec::new(&rings[0], &known, VerifiedCache::default())
        .unwrap()
        .seal_record(&before);
    // Desk 2 is revoked: epoch 2 is granted to desks 0 and 1 only.
    let key = EpochKey::generate(2).unwrap();
    rings[0].add(key.clone());
    let remaining = [*rings[1].identity().public()];
    let grant = grant::make(&rings[0], &key, &remaining).unwrap();
    let granters: KnownDesks = [*rings[0].identity().public()].into_iter().collect();
    grant::accept(&mut rings[1], &grant, &granters).unwrap();
    assert!(grant::accept(&mut rings[2], &grant, &granters).is_err());
    let after = record(&rings[0], Some(&before), vec![add_mallory()]);
    let new_file = SealedCodec::new(&rings[0], &known, VerifiedCache::default())
        .unwrap()
        .seal_record(&after);
    let kept = SealedCodec::new(&rings[1], &known, VerifiedCache::default()).unwrap();
    let revoked = SealedCodec::new(&rings[2], &known, VerifiedCache::default()).unwrap();
    assert_eq!(kept.open_file(None, &new_file), Ok(after));
    assert_eq!(revoked.open_file(None, &new_file), Err(OpenError::NoKey(2)));
    assert_eq!(
        revoked.open_file(None, &old_file),
        Ok(before),
        "the past stays seen"
    );
}

#[test]
fn only_the_verified_cache_skips_the_signature_check() {
    let (rings, known) = team(1);
    let codec = SealedCodec::new(&rings[0], &known, VerifiedCache::default()).unwrap();
    let rec = record(&rings[0], None, vec![add_amazon()]);
    let bytes = codec.seal_record(&rec);
    let mut bad_signature = bytes.clone();
    let last = bad_signature.len() - 1;
    bad_signature[last] ^= 1;
    assert!(matches!(
        codec.open_file(None, &bad_signature),
        Err(OpenError::BadSignature(_))
    ));
    assert_eq!(codec.open_file(None, &bytes), Ok(rec.clone()));
    let cache = codec.into_cache();
    assert_eq!(cache.len(), 1, "a failed check is not cached");
    assert!(cache.contains(&Hash32::of(&bytes)));
    // A cache entry is trusted as a past check: shown by planting one for a bad signature.
    let mut planted = VerifiedCache::from_bytes(&cache.to_bytes()).unwrap();
    planted.insert(Hash32::of(&bad_signature));
    let warm = SealedCodec::new(&rings[0], &known, planted).unwrap();
    assert_eq!(warm.open_file(None, &bytes), Ok(rec.clone()));
    assert_eq!(warm.open_file(None, &bad_signature), Ok(rec));
    // …but the cache skips nothing else: an unknown desk or key is still refused.
    let (strangers, _) = team(1);
    let stranger = SealedCodec::new(&strangers[0], &known, warm.into_cache()).unwrap();
    assert_eq!(stranger.open_file(None, &bytes), Err(OpenError::NoKey(1)));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_tampering_is_an_error(
        edits in prop::collection::vec((any::<prop::sample::Index>(), 1u8..=255), 1..4),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let (rings, known) = team(1);
        let codec = SealedCodec::new(&rings[0], &known, VerifiedCache::default()).unwrap();
        let bytes = codec.seal_record(&record(&rings[0], None, vec![add_amazon()]));
        let mut bad = bytes.clone();
        for (at, mask) in &edits {
            let i = at.index(bad.len());
            bad[i] ^= mask;
        }
        if truncate {
            bad.truncate(cut.index(bad.len()));
        }
        prop_assume!(bad != bytes);
        prop_assert!(codec.open_file(None, &bad).is_err());
    }
}

/// What the status page lists: a forged or foreign file in the folder is named with its
/// reason, kept for the next load, and never taken for a record or a delete.
#[test]
fn hostile_files_in_the_folder_are_named_with_their_reason() {
    use crate::team::folder::{Folder, Unopened, load};
    use crate::team::memory_folder::MemoryFolder;

    let (rings, known) = team(2);
    let a = SealedCodec::new(&rings[0], &known, VerifiedCache::default()).unwrap();
    let folder = MemoryFolder::default();
    let good = record(&rings[0], None, vec![add_amazon()]);
    let good_name = RecordName::of(&good);
    folder.write_new(&good_name, &a.seal_record(&good)).unwrap();
    // Desk 1 re-signs desk 0's next record with its own key.
    let next = record(&rings[0], Some(&good), vec![add_mallory()]);
    let next_bytes = a.seal_record(&next);
    let signed = next_bytes.len() - 64;
    let mut resigned = next_bytes[..signed].to_vec();
    resigned.extend(rings[1].identity().sign(&next_bytes[..signed]));
    folder.write_new(&RecordName::of(&next), &resigned).unwrap();
    // A desk nobody admitted writes into the folder.
    let (strangers, _) = team(1);
    let stranger = SealedCodec::new(&strangers[0], &known, VerifiedCache::default()).unwrap();
    let forged = record(&strangers[0], None, vec![add_mallory()]);
    let forged_name = RecordName::of(&forged);
    folder
        .write_new(&forged_name, &stranger.seal_record(&forged))
        .unwrap();

    let loaded = load(&folder, &a, &folder.list().unwrap()).unwrap();
    assert_eq!(loaded.records, vec![good]);
    assert_eq!(loaded.not_arrived.len(), 2, "both are read again next time");
    assert_eq!(
        loaded.why.get(&RecordName::of(&next)),
        Some(&Unopened::BadSignature(next.desk.clone()))
    );
    assert_eq!(
        loaded.why.get(&forged_name),
        Some(&Unopened::UnknownDesk(forged.desk.clone()))
    );
    assert_eq!(loaded.newer_format(), None);
    assert!(!loaded.why.contains_key(&good_name));
}
