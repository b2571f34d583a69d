//! A desk's identity: an Ed25519 signing key (every record file it writes is signed with it) and
//! an X25519 key (team keys are wrapped to it), both random, zeroized when dropped and never
//! printed. The desk id is derived from the two public keys (first 16 bytes of a SHA-256, as
//! 32 hex digits), so an id names exactly one key pair and cannot be claimed by another desk.
//!
//! The secret part leaves this type only sealed ([`DeskIdentity::seal`]) under a key the caller
//! holds — in OTP Desk, one kept in the OS keychain; no keychain code here.

use std::collections::BTreeMap;

use curve25519_dalek::montgomery::MontgomeryPoint;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use sha2::Digest as _;
use zeroize::Zeroizing;

use super::secret::{KEY_LEN, KeyError, Secret32, hex, unhex};
use crate::team::DeskId;

pub const ID_LEN: usize = 16;
pub const PUBLIC_LEN: usize = 64;
pub const SIGNATURE_LEN: usize = 64;
const SEAL_CONTEXT: &str = "otp-desk/team/v1/desk-identity";

/// One desk's secret keys.
pub struct DeskIdentity {
    signing: SigningKey,
    exchange: Secret32,
    public: DeskPublic,
}

impl std::fmt::Debug for DeskIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DeskIdentity({}, keys ..)", self.id())
    }
}

impl DeskIdentity {
    /// A new desk: fresh keys from the OS's CSPRNG.
    pub fn generate() -> Result<Self, KeyError> {
        Ok(Self::from_secrets(
            &Secret32::random()?,
            Secret32::random()?,
        ))
    }

    fn from_secrets(signing: &Secret32, exchange: Secret32) -> Self {
        let signing = SigningKey::from_bytes(signing.bytes());
        let public = DeskPublic {
            verifying: signing.verifying_key(),
            exchange: MontgomeryPoint::mul_base_clamped(*exchange.bytes()).to_bytes(),
        };
        Self {
            signing,
            exchange,
            public,
        }
    }

    pub fn public(&self) -> &DeskPublic {
        &self.public
    }

    pub fn id(&self) -> DeskId {
        self.public.id()
    }

    pub(crate) fn sign(&self, message: &[u8]) -> [u8; SIGNATURE_LEN] {
        self.signing.sign(message).to_bytes()
    }

    /// X25519 with a peer's public key; `None` for a low-order point (an all-zero secret).
    pub(crate) fn agree(&self, peer: &[u8; KEY_LEN]) -> Option<Secret32> {
        x25519(&self.exchange, peer)
    }

    /// The secret keys sealed under `key` (AES-256-GCM, random nonce): what the keychain keeps.
    pub fn seal(&self, key: &Secret32) -> Result<Vec<u8>, KeyError> {
        let mut plain = Zeroizing::new([0u8; 2 * KEY_LEN]);
        plain[..KEY_LEN].copy_from_slice(self.signing.as_bytes());
        plain[KEY_LEN..].copy_from_slice(self.exchange.bytes());
        key.seal(plain.as_ref(), SEAL_CONTEXT)
    }

    /// A key for this desk's own local files (the verified cache), derived from its secret keys
    /// under `label`: nobody without the desk's keychain can make or change such a file.
    pub(crate) fn local_key(&self, label: &str) -> Secret32 {
        self.exchange.derive(label)
    }

    /// The secret keys as hex (signing ‖ exchange), for the keychain item that keeps them.
    pub(crate) fn secret_hex(&self) -> Zeroizing<String> {
        let mut plain = Zeroizing::new([0u8; 2 * KEY_LEN]);
        plain[..KEY_LEN].copy_from_slice(self.signing.as_bytes());
        plain[KEY_LEN..].copy_from_slice(self.exchange.bytes());
        Zeroizing::new(hex(plain.as_ref()))
    }

    /// The identity [`DeskIdentity::secret_hex`] wrote; `None` for anything else.
    pub(crate) fn from_secret_hex(text: &str) -> Option<Self> {
        let plain = Zeroizing::new(unhex::<{ 2 * KEY_LEN }>(text)?);
        let signing = Secret32::from_bytes(&plain[..KEY_LEN]).ok()?;
        let exchange = Secret32::from_bytes(&plain[KEY_LEN..]).ok()?;
        Some(Self::from_secrets(&signing, exchange))
    }

    /// Opens what [`DeskIdentity::seal`] made.
    pub fn open(sealed: &[u8], key: &Secret32) -> Result<Self, KeyError> {
        let plain = key.open(sealed, SEAL_CONTEXT)?;
        if plain.len() != 2 * KEY_LEN {
            return Err(KeyError::Damaged);
        }
        let signing = Secret32::from_bytes(&plain[..KEY_LEN])?;
        let exchange = Secret32::from_bytes(&plain[KEY_LEN..])?;
        Ok(Self::from_secrets(&signing, exchange))
    }
}

/// X25519 of a secret and a public point; `None` when the result is all zero (a low-order
/// point, which would make the "shared" secret public).
pub(crate) fn x25519(secret: &Secret32, public: &[u8; KEY_LEN]) -> Option<Secret32> {
    let shared = Zeroizing::new(
        MontgomeryPoint(*public)
            .mul_clamped(*secret.bytes())
            .to_bytes(),
    );
    if shared.iter().fold(0u8, |acc, b| acc | b) == 0 {
        return None;
    }
    Secret32::from_bytes(shared.as_ref()).ok()
}

/// What other desks know of a desk: its two public keys. Public; safe to print and to store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeskPublic {
    verifying: VerifyingKey,
    exchange: [u8; KEY_LEN],
}

impl DeskPublic {
    /// `verifying ‖ exchange`, 64 bytes: what an `AddDesk` record or a join will carry.
    pub fn to_bytes(&self) -> [u8; PUBLIC_LEN] {
        let mut out = [0u8; PUBLIC_LEN];
        out[..KEY_LEN].copy_from_slice(self.verifying.as_bytes());
        out[KEY_LEN..].copy_from_slice(&self.exchange);
        out
    }

    /// Refuses a malformed or weak (small-order) signing key and a low-order exchange key.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, KeyError> {
        let bytes: &[u8; PUBLIC_LEN] = bytes.try_into().map_err(|_| KeyError::Damaged)?;
        let (verifying, exchange) = bytes.split_at(KEY_LEN);
        let verifying: [u8; KEY_LEN] = verifying.try_into().map_err(|_| KeyError::Damaged)?;
        let verifying = VerifyingKey::from_bytes(&verifying).map_err(|_| KeyError::Damaged)?;
        let exchange: [u8; KEY_LEN] = exchange.try_into().map_err(|_| KeyError::Damaged)?;
        let probe = Secret32::from_bytes(&[7u8; KEY_LEN])?;
        if verifying.is_weak() || x25519(&probe, &exchange).is_none() {
            return Err(KeyError::Damaged);
        }
        Ok(Self {
            verifying,
            exchange,
        })
    }

    /// [`DeskPublic::to_bytes`] as hex: the key an `AddDesk` record carries.
    pub fn to_hex(&self) -> String {
        hex(&self.to_bytes())
    }

    pub fn from_hex(text: &str) -> Result<Self, KeyError> {
        let bytes = unhex::<PUBLIC_LEN>(text).ok_or(KeyError::Damaged)?;
        Self::from_bytes(&bytes)
    }

    pub fn id_bytes(&self) -> [u8; ID_LEN] {
        let mut hash = sha2::Sha256::new();
        hash.update(b"otp-desk/team/v1/desk-id");
        hash.update(self.to_bytes());
        let digest: [u8; 32] = hash.finalize().into();
        let mut id = [0u8; ID_LEN];
        id.copy_from_slice(&digest[..ID_LEN]);
        id
    }

    pub fn id(&self) -> DeskId {
        DeskId(hex(&self.id_bytes()))
    }

    pub(crate) fn exchange(&self) -> &[u8; KEY_LEN] {
        &self.exchange
    }

    /// Strict Ed25519 verification (no malleable or small-order signatures).
    pub(crate) fn verify(&self, message: &[u8], signature: &[u8; SIGNATURE_LEN]) -> bool {
        let signature = Signature::from_bytes(signature);
        self.verifying.verify_strict(message, &signature).is_ok()
    }
}

/// The desks whose records this desk accepts, by id. An entry is filed under the id its own
/// keys give, so a wrong id can never be attached to a key.
#[derive(Debug, Clone, Default)]
pub struct KnownDesks(BTreeMap<[u8; ID_LEN], DeskPublic>);

impl KnownDesks {
    pub fn insert(&mut self, desk: DeskPublic) -> DeskId {
        self.0.insert(desk.id_bytes(), desk);
        desk.id()
    }

    pub fn remove(&mut self, id: &DeskId) -> Option<DeskPublic> {
        self.0.remove(&unhex::<ID_LEN>(&id.0)?)
    }

    pub fn get(&self, id: &[u8; ID_LEN]) -> Option<&DeskPublic> {
        self.0.get(id)
    }

    pub fn get_id(&self, id: &DeskId) -> Option<&DeskPublic> {
        self.0.get(&unhex::<ID_LEN>(&id.0)?)
    }

    pub fn iter(&self) -> impl Iterator<Item = &DeskPublic> {
        self.0.values()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl FromIterator<DeskPublic> for KnownDesks {
    fn from_iter<I: IntoIterator<Item = DeskPublic>>(iter: I) -> Self {
        let mut known = Self::default();
        for desk in iter {
            known.insert(desk);
        }
        known
    }
}

const SIGNING_LABEL: &str = "otp-desk/team/v1/person-signing";

/// A person's signing key: an Ed25519 key derived from their box key, which only their PIN opens
/// (it is in their slot under the PIN's key and nowhere else). An admin signs every record with
/// an admin's op with it, and the fold uses such a record only when its key is in that admin's
/// current slot ([`crate::team::signers`]). So neither the desk key (which a removed admin may
/// have kept) nor a joined computer's own keys (which anyone with its login can take out of the
/// keychain) let anyone write an admin's change. It also vouches for the person's next slot.
pub struct PersonSigner(SigningKey);

impl std::fmt::Debug for PersonSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PersonSigner({})", self.public_hex())
    }
}

impl PersonSigner {
    pub fn from_box_key(boxed: &crate::desk::crypto::Key) -> Option<Self> {
        let derived = Zeroizing::new(unhex::<KEY_LEN>(&boxed.mac(SIGNING_LABEL, b""))?);
        Some(Self(SigningKey::from_bytes(&derived)))
    }

    /// A fixed key, for tests that need the same admin in every record.
    #[cfg(test)]
    pub fn from_seed(seed: [u8; KEY_LEN]) -> Self {
        Self(SigningKey::from_bytes(&seed))
    }

    pub fn public_hex(&self) -> String {
        hex(self.0.verifying_key().as_bytes())
    }

    pub fn sign_hex(&self, message: &[u8]) -> String {
        hex(&self.0.sign(message).to_bytes())
    }

    /// Signs `record` as its acting person: names this key in it, then signs it.
    pub fn sign_record(&self, record: &mut crate::team::Record) {
        record.signer = Some(self.public_hex());
        record.signature = Some(self.sign_hex(&record.unsigned_bytes()));
    }

    /// A vouch that `person`'s slot with the signing key `to` replaces the one with `from`.
    pub fn vouch(
        &self,
        person: &crate::team::PersonId,
        from: &str,
        to: &str,
    ) -> crate::team::signers::Vouch {
        let me = self.public_hex();
        crate::team::signers::Vouch {
            from: from.to_owned(),
            sig: self.sign_hex(&crate::team::signers::vouch_message(person, from, to)),
            by: (me != from).then_some(me),
        }
    }
}

/// Whether `signature` (hex) is the key `public` (hex)'s signature of `message` (strict
/// Ed25519). A key or signature that does not parse verifies nothing.
pub fn signed_by(public: &str, message: &[u8], signature: &str) -> bool {
    verifying_key(public).is_some_and(|key| verifies(&key, message, signature))
}

fn verifying_key(public: &str) -> Option<VerifyingKey> {
    VerifyingKey::from_bytes(&unhex::<KEY_LEN>(public)?).ok()
}

fn verifies(key: &VerifyingKey, message: &[u8], signature: &str) -> bool {
    unhex::<SIGNATURE_LEN>(signature).is_some_and(|signature| {
        key.verify_strict(message, &Signature::from_bytes(&signature))
            .is_ok()
    })
}

/// The persons' signing keys met while opening a folder, each read from its hex and
/// decompressed once: a team has about ten, and its admins sign thousands of records, so
/// this is a large part of every check. Shared by the threads that open files.
#[derive(Default)]
pub struct SignerKeys(std::sync::Mutex<std::collections::HashMap<String, Option<VerifyingKey>>>);

impl SignerKeys {
    /// As [`signed_by`], with `public` decompressed at most once.
    pub fn signed_by(&self, public: &str, message: &[u8], signature: &str) -> bool {
        let known = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(public)
            .copied();
        let key = known.unwrap_or_else(|| {
            let key = verifying_key(public);
            self.0
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert(public.to_owned(), key);
            key
        });
        key.is_some_and(|key| verifies(&key, message, signature))
    }

    /// Whether `record`'s signature is that of the key it names, and every vouch in its new
    /// slots is that of the key it names. What the keys may do is the fold's to decide.
    pub fn record_signatures_hold(&self, record: &crate::team::Record) -> bool {
        use crate::team::signers::{SlotSigning, vouch_message};
        let record_ok = match (&record.signer, &record.signature) {
            (Some(k), Some(x)) => self.signed_by(k, &record.unsigned_bytes(), x),
            (None, None) => !record.needs_admin(),
            _ => false,
        };
        record_ok
            && record.ops.iter().all(|op| match op {
                crate::team::Op::SetSlot { person, slot_ref } => {
                    let slot = SlotSigning::of(slot_ref);
                    match (&slot.signer, &slot.vouch) {
                        (Some(to), Some(v)) => {
                            self.signed_by(v.signer(), &vouch_message(person, &v.from, to), &v.sig)
                        }
                        _ => true,
                    }
                }
                _ => true,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_id_comes_from_the_keys_and_is_a_folder_name() {
        let desk = DeskIdentity::generate().unwrap();
        let id = desk.id();
        assert_eq!(id.0.len(), 32);
        assert!(DeskId::is_valid_name(&id.0));
        assert_ne!(id, DeskIdentity::generate().unwrap().id());
        let public = DeskPublic::from_bytes(&desk.public().to_bytes()).unwrap();
        assert_eq!(public.id(), id);
        let known: KnownDesks = [public].into_iter().collect();
        assert_eq!(known.get_id(&id), Some(&public));
    }

    #[test]
    fn the_secret_leaves_only_sealed_and_is_never_printed() {
        let desk = DeskIdentity::generate().unwrap();
        let key = Secret32::random().unwrap();
        let sealed = desk.seal(&key).unwrap();
        let again = DeskIdentity::open(&sealed, &key).unwrap();
        assert_eq!(again.public(), desk.public());
        let signature = again.sign(b"m");
        assert!(desk.public().verify(b"m", &signature));
        assert!(!desk.public().verify(b"n", &signature));
        let wrong = Secret32::random().unwrap();
        assert_eq!(
            DeskIdentity::open(&sealed, &wrong).unwrap_err(),
            KeyError::Authentication
        );
        let debug = format!("{desk:?}");
        assert_eq!(debug, format!("DeskIdentity({}, keys ..)", desk.id()));
        let secret = hex(desk.signing.as_bytes());
        assert!(!debug.contains(&secret[..16]));
    }

    #[test]
    fn weak_public_keys_are_refused() {
        let desk = DeskIdentity::generate().unwrap();
        let mut bytes = desk.public().to_bytes();
        bytes[KEY_LEN..].fill(0);
        assert_eq!(DeskPublic::from_bytes(&bytes), Err(KeyError::Damaged));
        let mut bytes = desk.public().to_bytes();
        bytes[..KEY_LEN].fill(0);
        bytes[0] = 1; // the identity point: small order
        assert_eq!(DeskPublic::from_bytes(&bytes), Err(KeyError::Damaged));
        assert_eq!(DeskPublic::from_bytes(&bytes[..10]), Err(KeyError::Damaged));
    }

    /// The keys met while opening are kept decompressed: a key checks only its own
    /// signatures however often it was met, and one that does not parse checks nothing.
    #[test]
    fn kept_signing_keys_check_only_their_own_signatures() {
        let (ann, eve) = (
            PersonSigner::from_seed([1; KEY_LEN]),
            PersonSigner::from_seed([2; KEY_LEN]),
        );
        let keys = SignerKeys::default();
        let signed = ann.sign_hex(b"purge");
        for _ in 0..2 {
            assert!(keys.signed_by(&ann.public_hex(), b"purge", &signed));
            assert!(!keys.signed_by(&ann.public_hex(), b"purge!", &signed));
            assert!(!keys.signed_by(&eve.public_hex(), b"purge", &signed));
            assert!(!keys.signed_by(&ann.public_hex(), b"purge", &eve.sign_hex(b"purge")));
            assert!(!keys.signed_by("zz", b"purge", &signed));
            assert!(!keys.signed_by(&ann.public_hex(), b"purge", "00"));
        }
        let mut identity = [0u8; KEY_LEN];
        identity[0] = 1; // small order: signatures under it prove nothing
        assert!(!keys.signed_by(&hex(&identity), b"purge", &hex(&[0u8; SIGNATURE_LEN])));
    }
}
