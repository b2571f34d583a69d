//! What makes this computer a joined desk of a team, kept in the OS keychain (item
//! `desk-team`, and one item per epoch key): the team folder's path, this desk's name, its identity keys, every epoch key it
//! holds, the desks it knows, the team's genesis and how far its own chain of records goes. The
//! keychain, not a file, because the identity and epoch keys open the folder; and the rest with
//! them, so an editor on the data folder cannot add a desk to trust or rewind the chain.
//!
//! Also the one file at the folder's root besides `desks/`: `genesis.otp`, the team's start
//! (first desk and first admin), sealed under epoch 1 and signed by the first desk, which a
//! joining desk opens once it holds the epoch key.
//!
//! ```text
//! genesis.otp: "OTPg" | 1 | team id [16] | epoch u32 | key id [8] | first desk public [64]
//!              | sealed JSON (nonce ‖ AES-256-GCM) | Ed25519 signature of all before [64]
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::epoch::{EpochKey, KEY_ID_LEN, Keyring, TeamId};
use super::identity::{DeskIdentity, DeskPublic, KnownDesks, PUBLIC_LEN, SIGNATURE_LEN};
use super::secret::{KeyError, hex, unhex};
use crate::store::{AccountId, SecretStore, StoreError};
use crate::team::{DeskId, Genesis, Hash32, PersonId};

/// The keychain item (its `desk-` prefix keeps it out of the accounts).
pub const ITEM: &str = "desk-team";
/// The genesis file, at the folder's root.
pub const GENESIS_FILE: &str = "genesis.otp";
const FORMAT: &str = "otp-desk-team";
const VERSION: u32 = 1;
const GENESIS_MAGIC: &[u8; 5] = b"OTPg\x01";
const GENESIS_CONTEXT: &str = "otp-desk/team/v1/genesis";
const FINGERPRINT_LABEL: &str = "otp-desk/team/v1/account-fingerprint";

#[derive(Debug, thiserror::Error)]
pub enum MembershipError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the keychain's team item is damaged ({0}); OTP Desk left it untouched")]
    Damaged(String),
    #[error("the keychain's team item was written by a newer OTP Desk (version {0})")]
    Newer(u32),
    /// The team folder (its genesis) cannot be read now.
    #[error("the team folder cannot be read ({0})")]
    Folder(String),
}

/// This desk's place in a team.
#[derive(Debug)]
pub struct Membership {
    pub folder: PathBuf,
    /// This computer's name in the team ("Office PC").
    pub name: String,
    pub keyring: Keyring,
    pub known: KnownDesks,
    pub genesis: Genesis,
    /// This desk's newest record: its seq and hash (0 and zero before the first).
    pub last_seq: u64,
    pub last_hash: Hash32,
}

#[derive(Serialize, Deserialize)]
struct StoredGenesis {
    desk: String,
    desk_name: String,
    admin: String,
    admin_name: String,
    admin_slot_ref: String,
}

impl StoredGenesis {
    fn of(g: &Genesis) -> Self {
        Self {
            desk: g.desk.0.clone(),
            desk_name: g.desk_name.clone(),
            admin: g.admin.0.clone(),
            admin_name: g.admin_name.clone(),
            admin_slot_ref: g.admin_slot_ref.clone(),
        }
    }

    fn genesis(self) -> Genesis {
        Genesis {
            desk: DeskId(self.desk),
            desk_name: self.desk_name,
            admin: PersonId(self.admin),
            admin_name: self.admin_name,
            admin_slot_ref: self.admin_slot_ref,
        }
    }
}

/// The keychain item, small on purpose: Windows' Credential Manager holds at most 1,280
/// characters per item. Each epoch key is an item of its own (`desk-team-epoch-<n>-<key id>`);
/// the genesis is read from the folder's `genesis.otp`; the other desks' keys are learned from
/// the folder's records at every opening.
#[derive(Serialize, Deserialize)]
struct Stored {
    format: String,
    version: u32,
    team: String,
    folder: PathBuf,
    name: String,
    identity: String,
    /// The first desk's public keys: whose genesis and records this desk trusts from the start.
    first: String,
    last_seq: u64,
    last_hash: String,
}

const EPOCH_PREFIX: &str = "desk-team-epoch-";

fn read_stored(store: &dyn SecretStore) -> Result<Option<Stored>, MembershipError> {
    let Some(text) = store.get_text(&AccountId::from(ITEM))? else {
        return Ok(None);
    };
    let damaged = |what: &str| MembershipError::Damaged(what.to_owned());
    let stored: Stored = serde_json::from_str(&text).map_err(|_| damaged("not JSON"))?;
    if stored.format != FORMAT {
        return Err(damaged("format"));
    }
    if stored.version > VERSION {
        return Err(MembershipError::Newer(stored.version));
    }
    Ok(Some(stored))
}

impl Membership {
    /// The team folder of this desk, without reading it (`None`: in no team).
    pub fn folder_of(store: &dyn SecretStore) -> Result<Option<PathBuf>, MembershipError> {
        Ok(read_stored(store)?.map(|s| s.folder))
    }

    /// This computer's name in its team, without reading the folder (`None`: in no team).
    pub fn name_of(store: &dyn SecretStore) -> Result<Option<String>, MembershipError> {
        Ok(read_stored(store)?.map(|s| s.name))
    }

    /// The desk's membership, `None` when it is in no team. Reads the team's genesis from the
    /// folder: a folder out of reach is [`MembershipError::Folder`].
    pub fn load(store: &dyn SecretStore) -> Result<Option<Self>, MembershipError> {
        let Some(stored) = read_stored(store)? else {
            return Ok(None);
        };
        let damaged = |what: &str| MembershipError::Damaged(what.to_owned());
        let team = TeamId(unhex::<16>(&stored.team).ok_or_else(|| damaged("team"))?);
        let identity =
            DeskIdentity::from_secret_hex(&stored.identity).ok_or_else(|| damaged("identity"))?;
        let mut keyring = Keyring::new(identity, team);
        for id in store.all_ids()? {
            let Some(rest) = id.as_str().strip_prefix(EPOCH_PREFIX) else {
                continue;
            };
            let epoch = rest.split('-').next().and_then(|n| n.parse().ok());
            let key = store.get_text(&id)?;
            match (epoch, key) {
                (Some(epoch), Some(key)) => keyring
                    .add(EpochKey::from_secret_hex(epoch, &key).ok_or_else(|| damaged("epoch"))?),
                _ => return Err(damaged("epoch")),
            }
        }
        let first = DeskPublic::from_hex(&stored.first).map_err(|_| damaged("first desk"))?;
        let known: KnownDesks = [first, *keyring.identity().public()].into_iter().collect();
        let genesis_path = stored.folder.join(GENESIS_FILE);
        let bytes = crate::team::dir_folder::read_file(&genesis_path)
            .map_err(|e| MembershipError::Folder(format!("{}: {e}", genesis_path.display())))?;
        let (genesis, _) = open_genesis(&keyring, &known, &bytes)
            .map_err(|e| MembershipError::Folder(format!("{}: {e}", genesis_path.display())))?;
        Ok(Some(Self {
            folder: stored.folder,
            name: stored.name,
            keyring,
            known,
            genesis,
            last_seq: stored.last_seq,
            last_hash: Hash32(unhex::<32>(&stored.last_hash).ok_or_else(|| damaged("chain"))?),
        }))
    }

    /// Writes the membership to the keychain: each epoch key not stored yet, then the item.
    pub fn save(&self, store: &dyn SecretStore) -> Result<(), StoreError> {
        let held = store.all_ids()?;
        for key in self.keyring.epochs() {
            let id = AccountId::from(
                format!("{EPOCH_PREFIX}{}-{}", key.epoch(), hex(&key.key_id())).as_str(),
            );
            if !held.contains(&id) {
                store.put_text(&id, &key.secret_hex())?;
            }
        }
        let first = self
            .known
            .get_id(&self.genesis.desk)
            .map(DeskPublic::to_hex)
            .unwrap_or_default();
        let stored = Stored {
            format: FORMAT.into(),
            version: VERSION,
            team: hex(&self.keyring.team().0),
            folder: self.folder.clone(),
            name: self.name.clone(),
            identity: self.keyring.identity().secret_hex().to_string(),
            first,
            last_seq: self.last_seq,
            last_hash: self.last_hash.hex(),
        };
        // The JSON holds this desk's secret keys: zeroized once stored.
        let text = Zeroizing::new(serde_json::to_string(&stored).unwrap_or_default());
        store.put_text(&AccountId::from(ITEM), &text)
    }

    /// Every keychain item of the membership (to leave a team for good).
    pub fn items(store: &dyn SecretStore) -> Result<Vec<AccountId>, StoreError> {
        let mut items: Vec<AccountId> = store
            .all_ids()?
            .into_iter()
            .filter(|id| id.as_str().starts_with(EPOCH_PREFIX))
            .collect();
        items.push(AccountId::from(ITEM));
        Ok(items)
    }

    pub fn desk_id(&self) -> DeskId {
        self.keyring.identity().id()
    }

    /// The keyed fingerprint of an account's key: equal keys give equal fingerprints inside the
    /// team, and the folder does not show which keys are equal to anyone outside it. Keyed with
    /// epoch 1's key (every desk holds it), so it is the same after a revocation.
    pub fn fingerprint(&self, secret: &[u8]) -> Option<Hash32> {
        use hmac::{KeyInit as _, Mac as _};
        let first = self.keyring.epochs().find(|k| k.epoch() == 1)?;
        let key = first.secret().derive(FINGERPRINT_LABEL);
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key.bytes()).ok()?;
        mac.update(secret);
        Some(Hash32(mac.finalize().into_bytes().into()))
    }
}

/// The genesis file for `genesis` (the first admin's signing key is in their slot), sealed
/// under `keyring`'s epoch-1 key and signed by its desk (the first desk).
pub fn seal_genesis(keyring: &Keyring, genesis: &Genesis) -> Result<Vec<u8>, KeyError> {
    let key = keyring
        .epochs()
        .find(|k| k.epoch() == 1)
        .ok_or(KeyError::Damaged)?;
    let json = Zeroizing::new(serde_json::to_vec(&StoredGenesis::of(genesis)).unwrap_or_default());
    let mut out = GENESIS_MAGIC.to_vec();
    out.extend_from_slice(&keyring.team().0);
    out.extend_from_slice(&key.epoch().to_be_bytes());
    out.extend_from_slice(&key.key_id());
    out.extend_from_slice(&keyring.identity().public().to_bytes());
    let body = key.seal.seal(&json, &genesis_context(&out))?;
    out.extend_from_slice(&body);
    let signature = keyring.identity().sign(&out);
    out.extend_from_slice(&signature);
    Ok(out)
}

fn genesis_context(header: &[u8]) -> String {
    format!("{GENESIS_CONTEXT}/{}", hex(header))
}

/// Why a genesis file gave no genesis.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GenesisError {
    #[error("the team's genesis file has not fully arrived yet")]
    NotArrivedYet,
    #[error("the team's genesis file is for another team")]
    OtherTeam,
    #[error("the team's genesis file was not written by a desk of the team")]
    UnknownDesk,
    #[error("the team's genesis file does not verify")]
    BadSignature,
    #[error("this desk does not hold the key the genesis file is sealed under")]
    NoKey,
}

/// Opens a genesis file with `keyring`; its signer must be one of `known` and the desk it names.
/// Gives the genesis and the first desk's keys.
pub fn open_genesis(
    keyring: &Keyring,
    known: &KnownDesks,
    bytes: &[u8],
) -> Result<(Genesis, DeskPublic), GenesisError> {
    const HEAD: usize = 5 + 16 + 4 + KEY_ID_LEN + PUBLIC_LEN;
    if bytes.len() < HEAD + SIGNATURE_LEN || &bytes[..5] != GENESIS_MAGIC {
        return Err(GenesisError::NotArrivedYet);
    }
    if bytes[5..21] != keyring.team().0 {
        return Err(GenesisError::OtherTeam);
    }
    let (signed, signature) = bytes.split_at(bytes.len() - SIGNATURE_LEN);
    let signer = DeskPublic::from_bytes(&bytes[HEAD - PUBLIC_LEN..HEAD])
        .map_err(|_| GenesisError::NotArrivedYet)?;
    if known.get(&signer.id_bytes()).is_none() {
        return Err(GenesisError::UnknownDesk);
    }
    let signature: [u8; SIGNATURE_LEN] = signature
        .try_into()
        .map_err(|_| GenesisError::NotArrivedYet)?;
    if !signer.verify(signed, &signature) {
        return Err(GenesisError::BadSignature);
    }
    let epoch = u32::from_be_bytes(bytes[21..25].try_into().unwrap_or_default());
    let key_id: [u8; KEY_ID_LEN] = bytes[25..25 + KEY_ID_LEN].try_into().unwrap_or_default();
    let key = keyring.get(&(epoch, key_id)).ok_or(GenesisError::NoKey)?;
    let json = key
        .seal
        .open(&signed[HEAD..], &genesis_context(&bytes[..HEAD]))
        .map_err(|_| GenesisError::BadSignature)?;
    let stored: StoredGenesis =
        serde_json::from_slice(&json).map_err(|_| GenesisError::BadSignature)?;
    let genesis = stored.genesis();
    if genesis.desk != signer.id() {
        return Err(GenesisError::UnknownDesk);
    }
    Ok((genesis, signer))
}

/// A fresh team: this desk's new identity, epoch 1, and the genesis naming `admin` (a person
/// of the desk, with their key slot's text as `admin_slot`, whose signing key signs their
/// first records).
pub fn found(
    folder: &Path,
    desk_name: &str,
    admin: (&str, &str),
    admin_slot: &str,
) -> Result<Membership, KeyError> {
    let mut keyring = Keyring::new(DeskIdentity::generate()?, TeamId::random()?);
    keyring.add(EpochKey::generate(1)?);
    let genesis = Genesis {
        desk: keyring.identity().id(),
        desk_name: desk_name.to_owned(),
        admin: PersonId(admin.0.to_owned()),
        admin_name: admin.1.to_owned(),
        admin_slot_ref: admin_slot.to_owned(),
    };
    let known: KnownDesks = [*keyring.identity().public()].into_iter().collect();
    Ok(Membership {
        folder: folder.to_owned(),
        name: desk_name.to_owned(),
        keyring,
        known,
        genesis,
        last_seq: 0,
        last_hash: Hash32::ZERO,
    })
}

/// Secret texts by id, for carrying slots and sealed items inline in records.
pub type Inline = BTreeMap<String, Zeroizing<String>>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::MemoryStore;

    #[test]
    fn a_membership_survives_the_keychain_and_a_genesis_opens_only_in_its_team() {
        let store = MemoryStore::default();
        let folder = tempfile::tempdir().unwrap();
        assert!(Membership::load(&store).unwrap().is_none());
        let mut m = found(folder.path(), "Office PC", ("p1", "Ann"), "slot").unwrap();
        m.last_seq = 3;
        m.last_hash = Hash32([7; 32]);
        m.save(&store).unwrap();
        assert!(
            matches!(Membership::load(&store), Err(MembershipError::Folder(_))),
            "no genesis in the folder yet"
        );
        let file = seal_genesis(&m.keyring, &m.genesis).unwrap();
        std::fs::write(folder.path().join(GENESIS_FILE), &file).unwrap();
        let back = Membership::load(&store).unwrap().unwrap();
        assert_eq!(back.desk_id(), m.desk_id());
        assert_eq!(back.genesis, m.genesis);
        assert_eq!((back.last_seq, back.last_hash), (3, Hash32([7; 32])));
        assert_eq!(back.fingerprint(b"k"), m.fingerprint(b"k"));
        assert_ne!(back.fingerprint(b"k"), back.fingerprint(b"l"));
        assert_eq!(
            Membership::folder_of(&store).unwrap().as_deref(),
            Some(folder.path())
        );
        // Small enough for Windows' Credential Manager (1,280 characters an item).
        let item = store.get_text(&AccountId::from(ITEM)).unwrap().unwrap();
        assert!(item.len() < 700, "{} characters", item.len());

        let (g, signer) = open_genesis(&back.keyring, &back.known, &file).unwrap();
        assert_eq!(g, m.genesis);
        assert_eq!(signer.id(), m.desk_id());
        for cut in [0, 10, file.len() - 1] {
            assert!(open_genesis(&back.keyring, &back.known, &file[..cut]).is_err());
        }
        let mut flipped = file.clone();
        flipped[120] ^= 1;
        assert!(open_genesis(&back.keyring, &back.known, &flipped).is_err());
        let other = found(Path::new("/x"), "X", ("p", "P"), "s").unwrap();
        assert_eq!(
            open_genesis(&other.keyring, &other.known, &file).unwrap_err(),
            GenesisError::OtherTeam
        );
        // Readable names never appear in the file.
        let text = String::from_utf8_lossy(&file);
        assert!(!text.contains("Ann") && !text.contains("Office"));

        store
            .put_text(&AccountId::from(ITEM), "{\"format\":\"otp-desk-team\"")
            .unwrap();
        assert!(matches!(
            Membership::load(&store),
            Err(MembershipError::Damaged(_))
        ));
    }
}
