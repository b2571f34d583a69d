//! The desk's places, read and written: `desk.json` and `desk.json.bak` (the same text), the
//! slot items `desk-person-<id>`, the index `desk-index` and the anchor `desk-anchor` in the
//! keychain, and the wrong-PIN counters beside the slots. Reading never fails: what cannot be
//! read is noted (`damaged`, `problems`) and the rest is used.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::state::{Anchor, DeskState, SealedState};
use super::{DeskError, Grant, PersonId, PersonInfo, Role, Slot, slot_item};
use crate::store::{AccountId, SecretStore};

mod save;

pub(super) use save::{
    CodeFiles, anchor_log, edit_counter, io, read_anchor, remove_stale_temp_files, replace_slot,
    write,
};

pub(super) const FORMAT: &str = "otp-desk-desk";
/// Format 3: shares of time-based accounts are code tables in `codes/` (an older OTP Desk
/// would read them as damaged, so it is told the file is newer). Format 2: the authenticated
/// state. Format 1 (no state) is read to migrate.
pub(super) const VERSION: u32 = 3;
/// The keychain item that lists the people's ids, so their slots are found by name.
pub(super) const INDEX_ITEM: &str = "desk-index";
/// The keychain item with the newest state's counter and digest.
pub(super) const ANCHOR_ITEM: &str = "desk-anchor";
/// A file over this size is not a desk file (a desk of hundreds of people is a few hundred KB).
const MAX_FILE_BYTES: u64 = 16 << 20;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Counter {
    pub failures: u32,
    pub last_failure_unix_secs: u64,
}

#[derive(Default, Serialize, Deserialize)]
pub(super) struct DeskFile {
    pub(super) format: String,
    pub(super) version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) state: Option<SealedState>,
    /// The slots (format 1: with the names and roles).
    #[serde(default)]
    pub(super) people: Vec<Value>,
    /// Format 1 only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) grants: Vec<Grant>,
    #[serde(default)]
    pub(super) counters: BTreeMap<PersonId, Counter>,
}

/// Everything read from the desk's places, unverified.
#[derive(Default)]
pub(super) struct Loaded {
    /// The states found, newest (by their own word) first.
    states: Vec<SealedState>,
    /// The newest state as written, for what is shown before a PIN.
    pub(super) shown: Option<DeskState>,
    pub slots: BTreeMap<PersonId, Vec<Slot>>,
    counters: BTreeMap<PersonId, Counter>,
    pub anchor: Option<Anchor>,
    pub legacy_grants: Vec<Grant>,
    pub index: Vec<PersonId>,
    pub damaged: Option<String>,
    pub problems: Vec<String>,
}

pub(super) fn path(dir: &Path) -> PathBuf {
    dir.join(super::FILE_NAME)
}

pub(super) fn bak_path(dir: &Path) -> PathBuf {
    crate::store::metadata::backup_path(&path(dir))
}

pub(super) fn load(dir: &Path, store: &dyn SecretStore) -> Loaded {
    let mut loaded = Loaded::default();
    let main = read_file(&path(dir));
    let bak = read_file(&bak_path(dir));
    if let Err(error) = &main {
        tracing::warn!(%error, "the desk file is damaged");
        loaded.damaged = Some(error.to_string());
    }
    let files: Vec<DeskFile> = [main, bak].into_iter().filter_map(Result::ok).collect();
    loaded.index = read_item(store, INDEX_ITEM)
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    loaded.anchor = read_anchor(store);
    let mut ids = loaded.index.clone();
    for file in &files {
        if let Some(state) = &file.state
            && !loaded.states.contains(state)
        {
            loaded.states.push(state.clone());
        }
        for (id, counter) in &file.counters {
            loaded.count(id, *counter);
        }
        if loaded.legacy_grants.is_empty() {
            loaded.legacy_grants.clone_from(&file.grants);
        }
    }
    loaded
        .states
        .sort_by_key(|s| std::cmp::Reverse(s.unverified().map_or(0, |s| s.seq)));
    loaded.shown = loaded.states.first().and_then(SealedState::unverified);
    if let Some(shown) = &loaded.shown {
        ids.extend(shown.people.iter().map(|p| p.id.clone()));
    }
    let file_slots: Vec<Slot> = files
        .iter()
        .flat_map(|f| f.people.iter())
        .filter_map(|v| Slot::from_json(&v.to_string()).ok())
        .collect();
    ids.extend(file_slots.iter().map(|s| s.id.clone()));
    ids.sort();
    ids.dedup();
    for id in ids {
        // The keychain's copy first: deleting a file cannot lose it.
        if let Some(text) = read_item(store, slot_item(&id).as_str()) {
            match Slot::from_json(&text) {
                Ok(slot) => loaded.add_slot(slot),
                Err(_) => loaded
                    .problems
                    .push(format!("the keychain item of person {id} is damaged")),
            }
        }
        for slot in file_slots.iter().filter(|s| s.id == id) {
            loaded.add_slot(slot.clone());
        }
    }
    if loaded.states.is_empty() && loaded.anchor.is_some() {
        loaded.damaged = Some(
            "desk.json and desk.json.bak are missing or damaged; put back a backup of the data folder"
                .into(),
        );
    }
    loaded
}

pub(super) fn read_item(store: &dyn SecretStore, name: &str) -> Option<String> {
    match store.get_text(&AccountId::from(name)) {
        Ok(text) => text.map(|t| t.to_string()),
        Err(error) => {
            tracing::debug!(%error, "no keychain for the desk");
            None
        }
    }
}

impl Loaded {
    fn count(&mut self, id: &PersonId, counter: Counter) {
        let known = self.counters.entry(id.clone()).or_default();
        known.failures = known.failures.max(counter.failures);
        known.last_failure_unix_secs = known
            .last_failure_unix_secs
            .max(counter.last_failure_unix_secs);
    }

    fn add_slot(&mut self, slot: Slot) {
        self.count(
            &slot.id,
            Counter {
                failures: slot.failures,
                last_failure_unix_secs: slot.last_failure_unix_secs,
            },
        );
        let mut bare = slot;
        bare.failures = 0;
        bare.last_failure_unix_secs = 0;
        let known = self.slots.entry(bare.id.clone()).or_default();
        if !known.iter().any(|s| same_slot(s, &bare)) {
            known.push(bare);
        }
    }

    /// A desk from before the authenticated state: slots of format 1, no state.
    pub fn is_legacy(&self) -> bool {
        self.states.is_empty()
            && self
                .slots
                .values()
                .flatten()
                .any(|s| s.format < super::slot::SLOT_FORMAT)
    }

    /// The people as the newest state names them (format 1: as the slots do), with counters.
    pub fn people_info(&self) -> Vec<PersonInfo> {
        let counter = |id: &PersonId| self.counters.get(id).copied().unwrap_or_default();
        let mut people: Vec<PersonInfo> = if let Some(state) = &self.shown {
            state
                .people
                .iter()
                .map(|p| PersonInfo {
                    id: p.id.clone(),
                    name: p.name.clone(),
                    role: p.role,
                    created_unix_secs: p.created_unix_secs,
                    failures: counter(&p.id).failures,
                    last_failure_unix_secs: counter(&p.id).last_failure_unix_secs,
                })
                .collect()
        } else {
            self.slots
                .values()
                .filter_map(|slots| slots.iter().find(|s| s.legacy_name.is_some()))
                .map(|s| PersonInfo {
                    id: s.id.clone(),
                    name: s.legacy_name.clone().unwrap_or_default(),
                    role: s.legacy_role.unwrap_or(Role::Member),
                    created_unix_secs: s.created_unix_secs,
                    failures: counter(&s.id).failures,
                    last_failure_unix_secs: counter(&s.id).last_failure_unix_secs,
                })
                .collect()
        };
        people.sort_by_key(|p| p.name.to_lowercase());
        people
    }

    /// The slots found for `id`, the one the shown state names first; at most three (each
    /// costs the PIN's work to try).
    pub fn slots_of(&self, id: &PersonId) -> Vec<Slot> {
        let check = self
            .shown
            .as_ref()
            .and_then(|s| s.person(id))
            .map(|p| p.person_check.clone());
        let mut slots = self.slots.get(id).cloned().unwrap_or_default();
        slots.sort_by_key(|s| Some(&s.person_check) != check.as_ref());
        slots.truncate(3);
        slots
    }

    /// The newest state that `key` (the person key of `id`) vouches for, if it is not older
    /// than the anchor.
    pub fn verified_state(
        &self,
        id: &PersonId,
        key: &super::crypto::Key,
    ) -> Result<DeskState, DeskError> {
        let Some((sealed, state)) = self
            .states
            .iter()
            .find_map(|sealed| Some((sealed, sealed.open(id, key)?)))
        else {
            if self.shown.as_ref().is_some_and(|s| s.person(id).is_none()) {
                // Removed meanwhile (another admin's change): no longer anyone here.
                return Err(DeskError::UnknownPerson(id.0.clone()));
            }
            return Err(DeskError::Tampered(if self.states.is_empty() {
                "the desk state is missing".into()
            } else {
                "the desk state does not carry this person's seal".into()
            }));
        };
        if let Some(anchor) = &self.anchor {
            if anchor.seq > state.seq {
                return Err(DeskError::RolledBack {
                    found: state.seq,
                    expected: anchor.seq,
                });
            }
            if anchor.seq == state.seq
                && !anchor.digest.is_empty()
                && anchor.digest != sealed.digest()
            {
                return Err(DeskError::Tampered(
                    "the desk state is not the one this desk wrote last".into(),
                ));
            }
        }
        Ok(state)
    }

    /// Each person's slot whose key the state names (the others are stale or forged).
    pub fn current_slots(&self, state: &DeskState) -> BTreeMap<PersonId, Slot> {
        state
            .people
            .iter()
            .filter_map(|p| {
                let slot = self
                    .slots
                    .get(&p.id)?
                    .iter()
                    .find(|s| s.person_check == p.person_check && s.format >= 2)?;
                Some((p.id.clone(), slot.clone()))
            })
            .collect()
    }

    /// Slot items that no person of `state` owns (a removal or an addition cut short).
    pub fn orphan_slots(&self, state: &DeskState) -> Vec<PersonId> {
        self.slots
            .keys()
            .chain(self.index.iter())
            .filter(|id| state.person(id).is_none())
            .cloned()
            .collect()
    }

    pub fn counter(&self, id: &PersonId) -> Counter {
        self.counters.get(id).copied().unwrap_or_default()
    }

    pub fn shown_log_head(&self) -> Option<super::LogHead> {
        self.shown.as_ref().and_then(|s| s.log_head.clone())
    }

    /// The grants as the newest state (format 1: the file) says, unverified.
    pub fn shown_grants(&self) -> Vec<Grant> {
        match &self.shown {
            Some(state) => state.grants.clone(),
            None => self.legacy_grants.clone(),
        }
    }

    /// Format 1: every slot with its name, role and keys.
    pub fn legacy_slots(&self) -> Vec<Slot> {
        self.slots
            .values()
            .filter_map(|slots| slots.iter().find(|s| s.legacy_name.is_some()).cloned())
            .collect()
    }
}

fn same_slot(a: &Slot, b: &Slot) -> bool {
    serde_json::to_string(a).ok() == serde_json::to_string(b).ok()
}

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
