//! Desk mode: several people at one computer, each with their own PIN, admins and members, and
//! accounts shared with members — enforced by keys, not by the window. See [`slot`] for the
//! key slots and [`stores`] for what an unlocked person's vault reads through.
//!
//! Where it lives: each person's slot is a keychain item (`desk-person-<id>`, listed in the item
//! `desk-index`), so deleting a
//! file cannot lose it, and is mirrored with the grants in `desk.json` (+ `.bak`) in the data
//! folder, so a backup of that folder restores it. Loading takes the union of both; a slot
//! found in only one place is written back to the other on the next change. Desk mode is on
//! when any slot exists, in either place; no setting switches it off.
//!
//! Pure of the clock (times are parameters) and of the window.

pub mod crypto;
mod manage;
mod sharing;
pub mod slot;
pub mod stores;
pub mod until;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use slot::{Grant, MIN_PIN_CHARS, PersonId, Role, Slot, check_pin};

use crate::store::{AccountId, DESK_ITEM_PREFIX, SecretStore, StoreError, private_file};
use crypto::{CryptoError, Key};

pub const FILE_NAME: &str = "desk.json";
const FORMAT: &str = "otp-desk-desk";
const VERSION: u32 = 1;
const SLOT_PREFIX: &str = "desk-person-";
/// The keychain item that lists the people's ids, so their slots are found by name.
const INDEX_ITEM: &str = "desk-index";

#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("No person named '{0}' works at this desk.")]
    UnknownPerson(String),
    #[error("Wrong PIN for {0}.")]
    WrongPin(String),
    #[error("Too many wrong PINs for {name}; wait {secs} s and try again.")]
    Wait { name: String, secs: u64 },
    #[error("Only an admin can do this.")]
    NotAdmin,
    #[error("{0}")]
    Invalid(String),
    #[error("{path} is damaged ({reason}); OTP Desk left it untouched.")]
    Corrupt { path: PathBuf, reason: String },
    #[error("Could not save {path}: {source}.")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("The desk's keys could not be used: {0}.")]
    Crypto(#[from] CryptoError),
}

#[derive(Default, Serialize, Deserialize)]
struct DeskFile {
    format: String,
    version: u32,
    people: Vec<Slot>,
    #[serde(default)]
    grants: Vec<Grant>,
}

/// Who is working: their keys, for as long as the session lasts (zeroized when dropped).
pub struct Session {
    pub person: PersonId,
    pub name: String,
    pub role: Role,
    keys: slot::Keys,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Session({}, {})", self.name, self.role.name())
    }
}

impl Session {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin && self.keys.desk.is_some()
    }

    fn desk_key(&self) -> Result<&Key, DeskError> {
        self.keys.desk.as_ref().ok_or(DeskError::NotAdmin)
    }
}

/// The people of the desk and the accounts shared with them.
pub struct Desk {
    dir: PathBuf,
    store: Arc<dyn SecretStore>,
    people: Vec<Slot>,
    grants: Vec<Grant>,
    /// Why `desk.json` could not be read, if it could not; the keychain's slots still work.
    damaged: Option<String>,
}

/// What removing a person did: whether they were an admin (then every account's secret was
/// theirs to see, and re-enrolling is recommended).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    pub name: String,
    pub was_admin: bool,
}

impl Desk {
    /// The desk of the data folder `dir` and the keychain `store`.
    pub fn load(dir: &Path, store: Arc<dyn SecretStore>) -> Result<Self, DeskError> {
        let mut desk = Self {
            dir: dir.to_path_buf(),
            store,
            people: Vec::new(),
            grants: Vec::new(),
            damaged: None,
        };
        desk.reload()?;
        Ok(desk)
    }

    fn path(&self) -> PathBuf {
        self.dir.join(FILE_NAME)
    }

    fn reload(&mut self) -> Result<(), DeskError> {
        let file = match read_file(&self.path()) {
            Ok(file) => {
                self.damaged = None;
                file
            }
            // A damaged file must not switch desk mode off or lock everybody out: the slots
            // in the keychain still open; the next change keeps the damaged file as `.bak`.
            Err(error) => {
                tracing::warn!(%error, "the desk file is damaged");
                self.damaged = Some(error.to_string());
                DeskFile::default()
            }
        };
        let mut people = file.people;
        // The slots are found through one item of a fixed name, never by listing the keychain
        // (every command loads the desk; Wine's CredEnumerateW even crashes beside concurrent
        // writers). Without a reachable keychain the file's slots are all there is — nothing
        // sealed can be read anyway — and the metadata-only commands keep working.
        let index = match self.store.get_text(&AccountId::from(INDEX_ITEM)) {
            Ok(text) => text.map_or_else(Vec::new, |t| {
                serde_json::from_str::<Vec<PersonId>>(&t).unwrap_or_default()
            }),
            Err(error) => {
                tracing::debug!(%error, "no keychain for the desk's slots");
                Vec::new()
            }
        };
        let known: Vec<PersonId> = people.iter().map(|p| p.id.clone()).collect();
        let mut ids: Vec<PersonId> = index;
        ids.extend(known);
        ids.sort();
        ids.dedup();
        for person in ids {
            let id = slot_item(&person);
            let Ok(Some(text)) = self.store.get_text(&id) else {
                continue;
            };
            let Ok(kept) = serde_json::from_str::<Slot>(&text) else {
                tracing::warn!(item = id.as_str(), "a desk slot in the keychain is damaged");
                continue;
            };
            match people.iter_mut().find(|p| p.id == kept.id) {
                // The keychain's keys win; the higher failure count wins, so editing one
                // copy never resets the back-off.
                Some(known) => {
                    let failures = known.failures.max(kept.failures);
                    let last = known
                        .last_failure_unix_secs
                        .max(kept.last_failure_unix_secs);
                    *known = kept;
                    known.failures = failures;
                    known.last_failure_unix_secs = last;
                }
                None => people.push(kept),
            }
        }
        people.sort_by_key(|p| p.name.to_lowercase());
        self.people = people;
        self.grants = file.grants;
        Ok(())
    }

    /// Desk mode is on once anyone was added.
    pub fn is_on(&self) -> bool {
        !self.people.is_empty()
    }

    /// Why `desk.json` could not be read (its people still open from the keychain).
    pub fn damaged(&self) -> Option<&str> {
        self.damaged.as_deref()
    }

    pub fn people(&self) -> &[Slot] {
        &self.people
    }

    pub fn person(&self, name: &str) -> Option<&Slot> {
        let name = name.trim();
        self.people
            .iter()
            .find(|p| p.name == name || p.id.0 == name)
            .or_else(|| {
                let lower = name.to_lowercase();
                self.people.iter().find(|p| p.name.to_lowercase() == lower)
            })
    }

    fn person_by_id(&self, id: &PersonId) -> Result<&Slot, DeskError> {
        self.people
            .iter()
            .find(|p| &p.id == id)
            .ok_or_else(|| DeskError::UnknownPerson(id.0.clone()))
    }

    /// Under the desk lock: reads both places again, applies `change`, saves both.
    fn transact<T>(
        &mut self,
        change: impl FnOnce(&mut Self) -> Result<T, DeskError>,
    ) -> Result<T, DeskError> {
        let lock_path = self.dir.join("desk.lock");
        let io = |source| DeskError::Io {
            path: lock_path.clone(),
            source,
        };
        private_file::ensure_private_dir(&self.dir).map_err(io)?;
        let lock = private_file::open_private(&lock_path).map_err(io)?;
        lock.lock().map_err(io)?;
        self.reload()?;
        let before: Vec<Slot> = self.people.clone();
        let result = change(self)?;
        self.save(&before)?;
        Ok(result)
    }

    fn save(&self, before: &[Slot]) -> Result<(), DeskError> {
        // Keychain first: it is the copy a deleted file cannot lose.
        for person in &self.people {
            let text = serde_json::to_string(person).unwrap_or_default();
            self.store.put_text(&slot_item(&person.id), &text)?;
        }
        for gone in before
            .iter()
            .filter(|b| !self.people.iter().any(|p| p.id == b.id))
        {
            self.store.delete(&slot_item(&gone.id))?;
        }
        let index: Vec<&PersonId> = self.people.iter().map(|p| &p.id).collect();
        let index = serde_json::to_string(&index).unwrap_or_default();
        self.store.put_text(&AccountId::from(INDEX_ITEM), &index)?;
        let file = DeskFile {
            format: FORMAT.into(),
            version: VERSION,
            people: self.people.clone(),
            grants: self.grants.clone(),
        };
        let mut bytes = serde_json::to_vec_pretty(&file).unwrap_or_default();
        bytes.push(b'\n');
        let path = self.path();
        let io = |source| DeskError::Io {
            path: path.clone(),
            source,
        };
        if let Ok(previous) = std::fs::read(&path) {
            private_file::write_private(&crate::store::metadata::backup_path(&path), &previous)
                .map_err(io)?;
        }
        private_file::write_private(&path, &bytes).map_err(io)
    }

    /// Seconds before `name` may try a PIN again (0: now).
    pub fn wait_secs(&self, name: &str, now: u64) -> u64 {
        self.person(name).map_or(0, |p| p.wait_secs(now))
    }

    /// Opens `name`'s slot with `pin`. A wrong PIN is counted (in both places, so restarting
    /// or another process does not reset the back-off); a right one resets the count.
    pub fn unlock(&mut self, name: &str, pin: &str, now: u64) -> Result<Session, DeskError> {
        let slot = self
            .person(name)
            .cloned()
            .ok_or_else(|| DeskError::UnknownPerson(name.trim().to_owned()))?;
        let wait = slot.wait_secs(now);
        if wait > 0 {
            return Err(DeskError::Wait {
                name: slot.name,
                secs: wait,
            });
        }
        let opened = slot.open(pin);
        let id = slot.id.clone();
        match opened {
            Ok(keys) => {
                if slot.failures > 0 {
                    self.transact(|desk| {
                        if let Some(p) = desk.people.iter_mut().find(|p| p.id == id) {
                            p.failures = 0;
                        }
                        Ok(())
                    })?;
                }
                Ok(Session {
                    person: slot.id,
                    name: slot.name,
                    role: slot.role,
                    keys,
                })
            }
            Err(CryptoError::Authentication) => {
                self.transact(|desk| {
                    if let Some(p) = desk.people.iter_mut().find(|p| p.id == id) {
                        p.failures = p.failures.saturating_add(1);
                        p.last_failure_unix_secs = now;
                    }
                    Ok(())
                })?;
                Err(DeskError::WrongPin(slot.name))
            }
            Err(other) => Err(other.into()),
        }
    }
}

fn slot_item(id: &PersonId) -> AccountId {
    AccountId::from(format!("{SLOT_PREFIX}{id}").as_str())
}

const _: () = assert!(SLOT_PREFIX.len() > DESK_ITEM_PREFIX.len());

fn check_name(name: &str) -> Result<(), DeskError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 60 || name.chars().any(char::is_control) {
        return Err(DeskError::Invalid(
            "name: give a name of 1 to 60 characters.".into(),
        ));
    }
    Ok(())
}

/// A file over this size is not a desk file (a desk of hundreds of people is a few hundred KB).
const MAX_FILE_BYTES: u64 = 16 << 20;

fn read_file(path: &Path) -> Result<DeskFile, DeskError> {
    let corrupt = |reason: String| DeskError::Corrupt {
        path: path.into(),
        reason: reason.chars().take(200).collect(),
    };
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(DeskFile::default()),
        Ok(meta) if meta.len() > MAX_FILE_BYTES => return Err(corrupt("too large".into())),
        _ => {}
    }
    let text = std::fs::read_to_string(path).map_err(|e| corrupt(e.to_string()))?;
    let file: DeskFile = serde_json::from_str(&text).map_err(|e| corrupt(e.to_string()))?;
    if file.format != FORMAT {
        return Err(corrupt("not an OTP Desk desk file".into()));
    }
    if file.version > VERSION {
        return Err(corrupt(format!(
            "format version {} is newer than this OTP Desk",
            file.version
        )));
    }
    Ok(file)
}

#[cfg(test)]
mod tests;
