//! The team's keys. Each epoch has one random 32-byte key; every record file is sealed under
//! the key of the epoch its desk was in. The key is *wrapped* for each joined desk: X25519
//! between a fresh ephemeral key and the desk's exchange key, HKDF-SHA256 to a one-time wrapping
//! key, AES-256-GCM with the team id, epoch and desk id bound in as associated data. Revoking a
//! desk starts a new epoch whose key is wrapped for every desk but that one, so it can read
//! nothing written after (what it saw before stays seen: "re-enrol recommended").
//!
//! Two admins revoking at once may both start epoch N+1; each key therefore has a short id (a
//! keyed hash of the key), file headers carry epoch and key id, and a [`Keyring`] holds any
//! number of keys per epoch. [`Keyring::current`] — the one this desk writes under — is the
//! highest epoch, then the highest key id, so all desks pick the same one.

use std::collections::BTreeMap;

use curve25519_dalek::montgomery::MontgomeryPoint;

use super::identity::{DeskIdentity, DeskPublic, x25519};
use super::secret::{KEY_LEN, KeyError, NONCE_LEN, Secret32, TAG_LEN, hex, random_bytes};
use crate::team::DeskId;

pub const KEY_ID_LEN: usize = 8;
/// Ephemeral public key ‖ wrapped key ‖ tag.
pub const WRAP_LEN: usize = KEY_LEN + KEY_LEN + TAG_LEN;

/// A team, named by 16 random bytes (bound into every wrap).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TeamId(pub [u8; 16]);

impl TeamId {
    pub fn random() -> Result<Self, KeyError> {
        let mut id = [0u8; 16];
        random_bytes(&mut id)?;
        Ok(Self(id))
    }
}

impl std::fmt::Display for TeamId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&hex(&self.0))
    }
}

/// Which key: its epoch number and key id.
pub type EpochRef = (u32, [u8; KEY_ID_LEN]);

/// One epoch's team key, with the subkeys derived from it.
#[derive(Clone)]
pub struct EpochKey {
    epoch: u32,
    key_id: [u8; KEY_ID_LEN],
    key: Secret32,
    /// Encrypts record files.
    pub(crate) seal: Secret32,
    /// Makes each file's nonce from its header and plaintext (deterministic sealing).
    pub(crate) nonce: Secret32,
}

impl std::fmt::Debug for EpochKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "EpochKey({}, {}, ..)", self.epoch, hex(&self.key_id))
    }
}

fn wrap_context(team: &TeamId, epoch: u32, desk: &DeskId) -> String {
    format!("otp-desk/team/v1/epoch-wrap/{team}/{epoch}/{desk}")
}

impl EpochKey {
    pub fn generate(epoch: u32) -> Result<Self, KeyError> {
        Ok(Self::from_key(epoch, Secret32::random()?))
    }

    fn from_key(epoch: u32, key: Secret32) -> Self {
        let mut key_id = [0u8; KEY_ID_LEN];
        key_id.copy_from_slice(&key.derive("otp-desk/team/v1/key-id").bytes()[..KEY_ID_LEN]);
        Self {
            epoch,
            key_id,
            seal: key.derive("otp-desk/team/v1/record-seal"),
            nonce: key.derive("otp-desk/team/v1/record-nonce"),
            key,
        }
    }

    pub fn epoch(&self) -> u32 {
        self.epoch
    }

    /// The key itself, for keys derived from it outside record sealing.
    pub(crate) fn secret(&self) -> &Secret32 {
        &self.key
    }

    /// The key as hex, for the keychain item that keeps it.
    pub(crate) fn secret_hex(&self) -> zeroize::Zeroizing<String> {
        zeroize::Zeroizing::new(hex(self.key.bytes()))
    }

    /// The key of `epoch` that [`EpochKey::secret_hex`] wrote; `None` for anything else.
    pub(crate) fn from_secret_hex(epoch: u32, text: &str) -> Option<Self> {
        let bytes = zeroize::Zeroizing::new(super::secret::unhex::<KEY_LEN>(text)?);
        Some(Self::from_key(
            epoch,
            Secret32::from_bytes(bytes.as_ref()).ok()?,
        ))
    }

    pub fn key_id(&self) -> [u8; KEY_ID_LEN] {
        self.key_id
    }

    pub fn reference(&self) -> EpochRef {
        (self.epoch, self.key_id)
    }

    /// This key wrapped for `desk`: only the holder of that desk's exchange key unwraps it.
    pub fn wrap_for(&self, team: &TeamId, desk: &DeskPublic) -> Result<[u8; WRAP_LEN], KeyError> {
        let ephemeral = Secret32::random()?;
        let ephemeral_public = MontgomeryPoint::mul_base_clamped(*ephemeral.bytes()).to_bytes();
        let shared = x25519(&ephemeral, desk.exchange()).ok_or(KeyError::Damaged)?;
        let context = wrap_context(team, self.epoch, &desk.id());
        let kek = wrapping_key(&shared, &ephemeral_public, desk.exchange(), &context);
        // The wrapping key is used once (fresh ephemeral key), so a fixed nonce is safe.
        let sealed = kek.seal_with(&[0; NONCE_LEN], self.key.bytes(), context.as_bytes());
        let mut out = [0u8; WRAP_LEN];
        out[..KEY_LEN].copy_from_slice(&ephemeral_public);
        out[KEY_LEN..].copy_from_slice(&sealed);
        Ok(out)
    }

    /// Unwraps what [`EpochKey::wrap_for`] made for `me`.
    pub fn unwrap(
        team: &TeamId,
        epoch: u32,
        me: &DeskIdentity,
        wrap: &[u8],
    ) -> Result<Self, KeyError> {
        let (ephemeral_public, sealed) = wrap
            .split_first_chunk::<KEY_LEN>()
            .ok_or(KeyError::Damaged)?;
        let shared = me.agree(ephemeral_public).ok_or(KeyError::Damaged)?;
        let context = wrap_context(team, epoch, &me.id());
        let kek = wrapping_key(&shared, ephemeral_public, me.public().exchange(), &context);
        let key = kek.open_with(&[0; NONCE_LEN], sealed, context.as_bytes())?;
        Ok(Self::from_key(epoch, Secret32::from_bytes(&key)?))
    }
}

/// HKDF-SHA256 of an X25519 agreement, salted with both public points: the one-time key of a
/// sealed box (here an epoch key's wrap; `desk::crypto::Key::seal_key_to` for a desk key).
pub(crate) fn wrapping_key(
    shared: &Secret32,
    ephemeral: &[u8; KEY_LEN],
    recipient: &[u8; KEY_LEN],
    context: &str,
) -> Secret32 {
    let mut salt = [0u8; 2 * KEY_LEN];
    salt[..KEY_LEN].copy_from_slice(ephemeral);
    salt[KEY_LEN..].copy_from_slice(recipient);
    Secret32::hkdf(Some(&salt), shared.bytes(), context)
}

/// The keys one desk knows: its identity and every epoch key it could unwrap.
#[derive(Debug)]
pub struct Keyring {
    identity: DeskIdentity,
    team: TeamId,
    epochs: BTreeMap<EpochRef, EpochKey>,
}

impl Keyring {
    pub fn new(identity: DeskIdentity, team: TeamId) -> Self {
        Self {
            identity,
            team,
            epochs: BTreeMap::new(),
        }
    }

    pub fn identity(&self) -> &DeskIdentity {
        &self.identity
    }

    pub fn team(&self) -> &TeamId {
        &self.team
    }

    /// A key this desk made (the first epoch, or a new one after a revocation).
    pub fn add(&mut self, key: EpochKey) {
        self.epochs.insert(key.reference(), key);
    }

    /// Unwraps a key wrapped for this desk and keeps it.
    pub fn add_wrapped(&mut self, epoch: u32, wrap: &[u8]) -> Result<EpochRef, KeyError> {
        let key = EpochKey::unwrap(&self.team, epoch, &self.identity, wrap)?;
        let reference = key.reference();
        self.add(key);
        Ok(reference)
    }

    pub fn get(&self, reference: &EpochRef) -> Option<&EpochKey> {
        self.epochs.get(reference)
    }

    /// The key this desk writes under: the highest epoch, then the highest key id.
    pub fn current(&self) -> Option<&EpochKey> {
        self.epochs.values().next_back()
    }

    pub fn epochs(&self) -> impl Iterator<Item = &EpochKey> {
        self.epochs.values()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrap_opens_only_for_its_desk_team_and_epoch() {
        let team = TeamId::random().unwrap();
        let (a, b) = (
            DeskIdentity::generate().unwrap(),
            DeskIdentity::generate().unwrap(),
        );
        let key = EpochKey::generate(3).unwrap();
        let wrap = key.wrap_for(&team, b.public()).unwrap();
        let back = EpochKey::unwrap(&team, 3, &b, &wrap).unwrap();
        assert_eq!(back.reference(), key.reference());
        assert_eq!(back.seal.bytes(), key.seal.bytes());
        assert!(EpochKey::unwrap(&team, 3, &a, &wrap).is_err(), "other desk");
        assert!(
            EpochKey::unwrap(&team, 4, &b, &wrap).is_err(),
            "other epoch"
        );
        let other_team = TeamId::random().unwrap();
        assert!(EpochKey::unwrap(&other_team, 3, &b, &wrap).is_err());
        for i in [0, 40, WRAP_LEN - 1] {
            let mut bad = wrap;
            bad[i] ^= 1;
            assert!(EpochKey::unwrap(&team, 3, &b, &bad).is_err(), "{i}");
        }
        assert!(EpochKey::unwrap(&team, 3, &b, &wrap[..20]).is_err());
        assert!(!format!("{key:?}").contains(&hex(key.key.bytes())[..8]));
    }

    #[test]
    fn the_current_key_is_the_same_on_every_desk() {
        let team = TeamId::random().unwrap();
        let mut ring = Keyring::new(DeskIdentity::generate().unwrap(), team);
        let (k1, k2a, k2b) = (
            EpochKey::generate(1).unwrap(),
            EpochKey::generate(2).unwrap(),
            EpochKey::generate(2).unwrap(),
        );
        ring.add(k1);
        ring.add(k2a.clone());
        ring.add(k2b.clone());
        let expect = k2a.key_id().max(k2b.key_id());
        assert_eq!(ring.current().map(|k| k.reference()), Some((2, expect)));
        assert_eq!(ring.epochs().count(), 3);
    }
}
