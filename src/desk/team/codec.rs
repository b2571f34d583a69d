//! A record file as it lies in the team folder: sealed, signed, and naming nothing readable.
//!
//! ```text
//! header (57 bytes, in the clear, all of it associated data):
//!   "OTPr" | format u8 | epoch u32 | key id [8] | desk id [16] | seq u64 | body length u32
//!   | nonce [12]
//! body:      AES-256-GCM(epoch key's seal subkey, nonce, canonical record bytes, aad = header)
//! signature: Ed25519 by the desk over header ‖ body (64 bytes)
//! ```
//!
//! Integers are big-endian. The header says only which desk wrote the file, its place in that
//! desk's chain and which key opens it — what the folder's file name already shows; accounts,
//! issuers, people and the record's links are inside the body. The nonce is HMAC-SHA256 of the
//! rest of the header and the plaintext under a subkey of the epoch key, so sealing is
//! deterministic: the same record gives the same bytes (a retried write is not a conflict) and
//! two different records never share a nonce.
//!
//! [`SealedCodec::open_file`] checks in this order and says which check failed ([`OpenError`]):
//! shape and length (a half-synced file is [`OpenError::NotArrivedYet`]), format, file name,
//! desk, signature (skipped only for bytes in the [`VerifiedCache`]), epoch key, decryption, the
//! record inside and its desk and seq against the header.

use std::sync::{Mutex, PoisonError};

use hmac::{KeyInit as _, Mac as _};
use zeroize::Zeroizing;

use super::cache::VerifiedCache;
use super::epoch::{EpochKey, KEY_ID_LEN, Keyring};
use super::identity::{ID_LEN, KnownDesks, SIGNATURE_LEN};
use super::secret::{NONCE_LEN, TAG_LEN, hex, unhex};
use crate::team::folder::{Codec, RecordName, Unopened};
use crate::team::{DeskId, Hash32, Record};

pub const MAGIC: &[u8; 4] = b"OTPr";
/// The file format this code writes and reads (of the envelope; the record inside has its own).
pub const FILE_FORMAT: u8 = 1;
pub const HEADER_LEN: usize = 4 + 1 + 4 + KEY_ID_LEN + ID_LEN + 8 + 4 + NONCE_LEN;
/// What sealing adds to a record's canonical bytes.
pub const OVERHEAD: usize = HEADER_LEN + TAG_LEN + SIGNATURE_LEN;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    #[error("the file has not fully arrived yet (cut short or not a record file)")]
    NotArrivedYet,
    #[error("the file was written by a newer OTP Desk (file format {0})")]
    NewerFormat(u8),
    #[error("the file's header does not match its name or the record inside")]
    Mismatch,
    #[error("the file is signed as desk {0}, which this desk does not know")]
    UnknownDesk(DeskId),
    #[error("the file's signature is not that of desk {0}")]
    BadSignature(DeskId),
    #[error(
        "this desk has no key for epoch {0} (written after it was revoked, or not yet granted)"
    )]
    NoKey(u32),
    #[error("the file is signed but does not decrypt under its epoch key")]
    Undecryptable,
    #[error("the signed record inside is malformed: {0}")]
    Malformed(String),
    #[error(
        "desk {0}'s record makes an admin's changes without a person's signature, or a signature \
         in it does not hold"
    )]
    NotAdmin(DeskId),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    #[error("this desk holds no team key yet; it cannot write to the team folder")]
    NoCurrentKey,
}

/// The parsed clear header of a file whose length matches it.
struct Header<'b> {
    epoch: u32,
    key_id: [u8; KEY_ID_LEN],
    desk: [u8; ID_LEN],
    seq: u64,
    nonce: [u8; NONCE_LEN],
    header: &'b [u8],
    body: &'b [u8],
    signature: [u8; SIGNATURE_LEN],
}

fn array<const N: usize>(bytes: &[u8], at: usize) -> Option<[u8; N]> {
    bytes.get(at..at + N)?.try_into().ok()
}

fn parse(bytes: &[u8]) -> Result<Header<'_>, OpenError> {
    if bytes.len() < MAGIC.len() + 1 || &bytes[..4] != MAGIC {
        return Err(OpenError::NotArrivedYet);
    }
    match bytes[4] {
        0 => return Err(OpenError::NotArrivedYet),
        FILE_FORMAT => {}
        newer => return Err(OpenError::NewerFormat(newer)),
    }
    let short = OpenError::NotArrivedYet;
    let body_len = u32::from_be_bytes(array(bytes, 41).ok_or(short.clone())?) as usize;
    let signed_len = HEADER_LEN.checked_add(body_len).ok_or(short.clone())?;
    if body_len < TAG_LEN || bytes.len() != signed_len + SIGNATURE_LEN {
        return Err(short);
    }
    let (signed, signature) = bytes.split_at(signed_len);
    Ok(Header {
        epoch: u32::from_be_bytes(array(bytes, 5).ok_or(short.clone())?),
        key_id: array(bytes, 9).ok_or(short.clone())?,
        desk: array(bytes, 17).ok_or(short.clone())?,
        seq: u64::from_be_bytes(array(bytes, 33).ok_or(short.clone())?),
        nonce: array(bytes, 45).ok_or(short.clone())?,
        header: &signed[..HEADER_LEN],
        body: &signed[HEADER_LEN..],
        signature: signature.try_into().map_err(|_| short)?,
    })
}

/// Seals with this desk's keys and opens with the team's: the [`Codec`] the folder edge gets.
pub struct SealedCodec<'k> {
    keyring: &'k Keyring,
    desks: &'k KnownDesks,
    writing: &'k EpochKey,
    cache: Mutex<VerifiedCache>,
    signers: super::identity::SignerKeys,
}

impl<'k> SealedCodec<'k> {
    /// Writes under the keyring's current epoch key; opens files of `desks` under any key in it.
    pub fn new(
        keyring: &'k Keyring,
        desks: &'k KnownDesks,
        cache: VerifiedCache,
    ) -> Result<Self, SealError> {
        Ok(Self {
            keyring,
            desks,
            writing: keyring.current().ok_or(SealError::NoCurrentKey)?,
            cache: Mutex::new(cache),
            signers: super::identity::SignerKeys::default(),
        })
    }

    /// The cache as it is now (with every signature checked since), to store sealed.
    pub fn into_cache(self) -> VerifiedCache {
        self.cache
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The record sealed and signed by this desk. Deterministic: no randomness, cannot fail. A
    /// record of another desk comes out as a file that opens nowhere ([`OpenError::Mismatch`]).
    pub fn seal_record(&self, record: &Record) -> Vec<u8> {
        let me = self.keyring.identity();
        let plain = Zeroizing::new(record.canonical_bytes());
        let body_len = u32::try_from(plain.len() + TAG_LEN).unwrap_or(u32::MAX);
        let mut out = Vec::with_capacity(plain.len() + OVERHEAD);
        out.extend_from_slice(MAGIC);
        out.push(FILE_FORMAT);
        out.extend_from_slice(&self.writing.epoch().to_be_bytes());
        out.extend_from_slice(&self.writing.key_id());
        out.extend_from_slice(&me.public().id_bytes());
        out.extend_from_slice(&record.seq.to_be_bytes());
        out.extend_from_slice(&body_len.to_be_bytes());
        let nonce = self.nonce(&out, &plain);
        out.extend_from_slice(&nonce);
        let body = self.writing.seal.seal_with(&nonce, &plain, &out);
        out.extend_from_slice(&body);
        let signature = me.sign(&out);
        out.extend_from_slice(&signature);
        out
    }

    fn nonce(&self, header: &[u8], plain: &[u8]) -> [u8; NONCE_LEN] {
        let mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(self.writing.nonce.bytes());
        let mut nonce = [0u8; NONCE_LEN];
        if let Ok(mut mac) = mac {
            mac.update(header);
            mac.update(plain);
            nonce.copy_from_slice(&mac.finalize().into_bytes()[..NONCE_LEN]);
        }
        nonce
    }

    /// Opens and checks a record file; `name` is where it was found (`None`: no name to check).
    pub fn open_file(&self, name: Option<&RecordName>, bytes: &[u8]) -> Result<Record, OpenError> {
        let file = parse(bytes)?;
        let desk_id = DeskId(hex(&file.desk));
        if name.is_some_and(|n| n.desk != desk_id || n.seq != file.seq) {
            return Err(OpenError::Mismatch);
        }
        let desk = self
            .desks
            .get(&file.desk)
            .ok_or_else(|| OpenError::UnknownDesk(desk_id.clone()))?;
        let hash = Hash32::of(bytes);
        let cache = || self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        if !cache().contains(&hash) {
            // Not under the lock: other threads may open other files meanwhile.
            let signed = &bytes[..HEADER_LEN + file.body.len()];
            if !desk.verify(signed, &file.signature) {
                return Err(OpenError::BadSignature(desk_id));
            }
            cache().insert(hash);
        }
        let key = self
            .keyring
            .get(&(file.epoch, file.key_id))
            .ok_or(OpenError::NoKey(file.epoch))?;
        let plain = key
            .seal
            .open_with(&file.nonce, file.body, file.header)
            .map_err(|_| OpenError::Undecryptable)?;
        let record =
            Record::from_canonical(&plain).map_err(|e| OpenError::Malformed(e.to_string()))?;
        if unhex::<ID_LEN>(&record.desk.0) != Some(file.desk) || record.seq != file.seq {
            return Err(OpenError::Mismatch);
        }
        if !self.signers.record_signatures_hold(&record) {
            return Err(OpenError::NotAdmin(desk_id));
        }
        Ok(record)
    }
}

impl Codec for SealedCodec<'_> {
    fn seal(&self, record: &Record) -> Vec<u8> {
        self.seal_record(record)
    }

    fn open(&self, name: &RecordName, bytes: &[u8]) -> Result<Record, Unopened> {
        self.open_file(Some(name), bytes).map_err(|e| match e {
            OpenError::NotArrivedYet => Unopened::NotArrived,
            OpenError::NewerFormat(format) => Unopened::NewerFormat(u32::from(format)),
            OpenError::UnknownDesk(desk) => Unopened::UnknownDesk(desk),
            OpenError::BadSignature(desk) => Unopened::BadSignature(desk),
            OpenError::NoKey(epoch) => Unopened::NoKey(epoch),
            OpenError::NotAdmin(desk) => Unopened::NotAdmin(desk),
            OpenError::Mismatch | OpenError::Undecryptable | OpenError::Malformed(_) => {
                Unopened::Mismatch
            }
        })
    }
}
