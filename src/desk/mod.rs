//! Desk mode: several people at one computer, each with their own PIN, admins and members, and
//! accounts shared with members — enforced by keys, not by the window. See [`slot`] for the
//! key slots, [`state`] for the authenticated state and [`stores`] for what an unlocked
//! person's vault reads through.
//!
//! Where it lives:
//! - each person's slot is a keychain item (`desk-person-<id>`, listed in the item
//!   `desk-index`), mirrored in `desk.json`;
//! - the state (people, roles, names, shares, the desk key's epoch, the log's head, a counter)
//!   is in `desk.json` and `desk.json.bak` — the same text in both, so a crash or a damaged
//!   file leaves one good copy — with a MAC per person; the counter and the state's digest are
//!   also kept in the keychain item `desk-anchor`, so an older copy of the files is noticed;
//! - wrong-PIN counters sit beside the slots (both places; the higher count wins).
//!
//! Every change runs under the desk lock on the state read again there ([`Desk::transact`]),
//! with its rules checked on that state. Pure of the clock (times are parameters) and of the
//! window.

pub mod crypto;
pub mod exposure;
mod files;
pub mod grants;
pub mod leaving;
mod legacy;
mod manage;
mod own_pin;
mod sharing;
pub mod slot;
pub mod state;
pub mod stores;
pub mod team;
mod unlock;
pub mod until;

#[cfg(test)]
mod attack_tests;
#[cfg(test)]
mod codes_tests;
#[cfg(test)]
mod prop_tests;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use grants::{Access, Grant};
pub use manage::Carried;
pub use slot::{MIN_PIN_CHARS, PersonId, Role, Slot, check_pin};
pub use state::{DeskState, LogHead, Person};

use crate::store::audit_log::{AuditLog, NewRecord};
use crate::store::{AccountId, DESK_ITEM_PREFIX, SecretStore, StoreError};
use crypto::{CryptoError, Key};
use files::Loaded;

pub const FILE_NAME: &str = "desk.json";
const SLOT_PREFIX: &str = "desk-person-";

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
    /// Something that no admin wrote: a slot, a state or a key that does not verify.
    #[error("The desk's data was changed outside OTP Desk ({0}); nothing of it was used.")]
    Tampered(String),
    /// The newest state that verifies is older than the one the keychain remembers.
    /// The team removed this person (a record from another joined desk): their PIN opens nothing.
    #[error("{0} was removed from the team on another computer; their PIN no longer works here.")]
    LeftTeam(String),
    /// An admin reset this person's PIN on another desk; this desk takes the new slot at an
    /// admin's next sync here, and until then neither PIN works here.
    #[error(
        "{0}'s PIN was reset on another computer; an admin must sign in here once before it works here."
    )]
    ResetElsewhere(String),
    #[error(
        "desk.json is an older copy (state {found}; this desk last wrote state {expected}); OTP Desk does not use it. Put the newest copy back, or ask an admin."
    )]
    RolledBack { found: u64, expected: u64 },
}

/// Who is working: their keys and the state their key verified, for as long as the session
/// lasts (zeroized when dropped).
#[derive(Clone)]
pub struct Session {
    pub person: PersonId,
    pub name: String,
    pub role: Role,
    keys: slot::Keys,
    /// The state as this person's key verified it when they unlocked.
    state: Arc<DeskState>,
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

    /// The admin's signing key (an admin's session only): what signs a team record's admin
    /// ops. `None` also for an admin whose slot is older than box keys.
    pub fn team_signer(&self) -> Option<team::identity::PersonSigner> {
        self.signer().filter(|_| self.is_admin())
    }

    /// This person's signing key, from their box key (which only their PIN opens).
    pub fn signer(&self) -> Option<team::identity::PersonSigner> {
        self.keys
            .boxed
            .as_ref()
            .and_then(team::identity::PersonSigner::from_box_key)
    }

    fn desk_key(&self) -> Result<&Key, DeskError> {
        self.keys.desk.as_ref().ok_or(DeskError::NotAdmin)
    }

    /// The desk key of now, as `state` (verified) names it: from this person's own slot
    /// (`own`, the one the state names), since another admin's removal may have replaced the
    /// key this session began with; else the session's own key, while the state still names it
    /// (the person's own new PIN since sealed the slot's copy to a box this session does not
    /// hold). `None` for a member, or when neither is the state's.
    fn desk_key_now(&self, state: &state::DeskState, own: Option<&Slot>) -> Option<Key> {
        own.and_then(|slot| slot.desk_key(&self.keys))
            .filter(|d| state.names_desk_key(d))
            .or_else(|| self.keys.desk.clone().filter(|d| state.names_desk_key(d)))
    }
}

/// One person as the picker and the People page show them (before any PIN).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonInfo {
    pub id: PersonId,
    pub name: String,
    pub role: Role,
    pub created_unix_secs: u64,
    pub failures: u32,
    pub last_failure_unix_secs: u64,
}

impl PersonInfo {
    /// Seconds before this person may try a PIN again (0: now).
    pub fn wait_secs(&self, now: u64) -> u64 {
        slot::wait_secs(self.failures, self.last_failure_unix_secs, now)
    }
}

/// The people of the desk and the accounts shared with them.
pub struct Desk {
    dir: PathBuf,
    store: Arc<dyn SecretStore>,
    loaded: Loaded,
    people: Vec<PersonInfo>,
    /// The audit record of the next change, appended under the desk lock just before the
    /// change is written (see [`Desk::record_next_change`]).
    pending_record: Option<NewRecord>,
    /// People the team removed (records from other desks of a team folder): refused at unlock
    /// even while this desk's own state still names them.
    barred: std::collections::BTreeSet<PersonId>,
    /// People whose PIN the team reset elsewhere, until an admin here takes the new slot.
    held: std::collections::BTreeSet<PersonId>,
}

/// What removing a person did: whether they were an admin (then every account's secret was
/// theirs to see, the desk key was replaced, and re-enrolling is recommended).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    pub name: String,
    pub was_admin: bool,
    /// An admin left and the desk key was replaced (on a team computer, for the whole team):
    /// the people who stay should get new PINs, as the old desk key opened their keys.
    pub desk_key_replaced: bool,
    /// What they could use and did use, most exposed first: their leaving list.
    pub exposure: Vec<exposure::Exposure>,
}

impl Desk {
    /// The desk of the data folder `dir` and the keychain `store`.
    pub fn load(dir: &Path, store: Arc<dyn SecretStore>) -> Result<Self, DeskError> {
        let mut desk = Self {
            dir: dir.to_path_buf(),
            store,
            loaded: Loaded::default(),
            people: Vec::new(),
            pending_record: None,
            barred: std::collections::BTreeSet::new(),
            held: std::collections::BTreeSet::new(),
        };
        desk.reload();
        Ok(desk)
    }

    fn reload(&mut self) {
        self.loaded = files::load(&self.dir, &*self.store);
        self.people = self.loaded.people_info();
    }

    /// The people a team folder removed: from now on their PIN opens nothing at this desk (the
    /// team sync reports them: `team::sync::Report::removed`).
    pub fn bar(&mut self, ids: impl IntoIterator<Item = PersonId>) {
        self.barred.extend(ids);
    }

    /// People whose PIN the team reset on another desk: neither PIN opens anything here until
    /// an admin's sync here takes the new slot (the team sync reports them).
    pub fn hold(&mut self, ids: impl IntoIterator<Item = PersonId>) {
        self.held.clear();
        self.held.extend(ids);
    }

    /// Reads the desk's places again (another process, or the team sync, changed a slot).
    pub fn refresh(&mut self) {
        self.reload();
    }

    pub fn is_barred(&self, id: &PersonId) -> bool {
        self.barred.contains(id)
    }

    /// Desk mode is on once anyone was added.
    pub fn is_on(&self) -> bool {
        !self.people.is_empty() || self.loaded.anchor.is_some()
    }

    /// Why `desk.json` could not be read (its people still open from the keychain).
    pub fn damaged(&self) -> Option<&str> {
        self.loaded.damaged.as_deref()
    }

    /// What was found changed outside OTP Desk when the desk was last read or unlocked.
    pub fn problems(&self) -> &[String] {
        &self.loaded.problems
    }

    /// The keychain this desk keeps its items in.
    pub fn keychain(&self) -> Arc<dyn SecretStore> {
        self.store.clone()
    }

    /// The text of `id`'s key slot item, for carrying it (sealed) into the team folder.
    pub fn slot_text(&self, id: &PersonId) -> Option<zeroize::Zeroizing<String>> {
        self.store.get_text(&slot_item(id)).ok().flatten()
    }

    /// The desk key's epoch and check value as this computer's state names them (read before
    /// any PIN, unverified: for choosing which slot to offer a check that follows).
    pub fn shown_desk_key(&self) -> Option<(u32, String)> {
        let shown = self.loaded.shown.as_ref()?;
        Some((shown.epoch, shown.desk_check.clone()))
    }

    /// `id`'s signing key as their slot here holds it, if their person key vouches for it: a
    /// key someone put there without it is `None`. The person key is the admin's own, or opened
    /// with the desk key of now ([`Session::desk_key_now`]).
    pub fn trusted_signer(&self, admin: &Session, id: &PersonId) -> Option<String> {
        let slot = Slot::from_json(&self.slot_text(id)?).ok()?;
        let person = if id == &admin.person {
            admin.keys.person.clone()
        } else {
            let state = self
                .loaded
                .verified_state(&admin.person, &admin.keys.person)
                .ok()?;
            let own = self.loaded.current_slots(&state).remove(&admin.person);
            let desk = admin.desk_key_now(&state, own.as_ref())?;
            slot.person_key(&desk).ok()?
        };
        slot.trusted_signer(&person).map(str::to_owned)
    }

    /// Carries `person`'s key slot as it is here into the team folder, written as `by` (the
    /// person after changing their own PIN; an admin, with their signing key, after a reset),
    /// so the new PIN works on every computer of the team and the old one nowhere. Nothing when
    /// this desk is in no team.
    pub fn publish_slot(
        &self,
        person: &PersonId,
        by: &PersonId,
        admin: Option<&team::identity::PersonSigner>,
        now: u64,
    ) -> Result<(), String> {
        team::sync::publish_slot(&self.dir, &self.store, person, by, admin, now)
    }

    pub fn people(&self) -> &[PersonInfo] {
        &self.people
    }

    pub fn person(&self, name: &str) -> Option<&PersonInfo> {
        let name = name.trim();
        self.people
            .iter()
            .find(|p| p.name == name || p.id.0 == name)
            .or_else(|| {
                let lower = name.to_lowercase();
                self.people.iter().find(|p| p.name.to_lowercase() == lower)
            })
    }

    /// Seconds before `name` may try a PIN again (0: now).
    pub fn wait_secs(&self, name: &str, now: u64) -> u64 {
        self.person(name).map_or(0, |p| p.wait_secs(now))
    }

    /// The audit record of the next change: appended under the desk lock after the change's
    /// rules held and before it is written, so a change never stands without its record (a
    /// process killed in between leaves a record of a change that did not happen, never the
    /// reverse). Its place in the log is anchored in the state the change writes.
    pub fn record_next_change(&mut self, record: NewRecord) {
        self.pending_record = Some(record);
    }

    /// Appends a record to the audit log and anchors the log's new head in the keychain, so a
    /// log cut short, deleted or rewritten shows (see [`Desk::log_anchor`]). The head only moves
    /// on along an unbroken chain from the anchored record: a log that was deleted and written
    /// anew stays incomplete.
    pub fn append_audit(&self, record: NewRecord) -> Result<LogHead, String> {
        append_anchored(
            &self.dir,
            &*self.store,
            self.loaded.shown_log_head(),
            record,
        )
    }

    /// A refused attempt that did no PIN work: counted with others of its minute into one
    /// record, so a loop of them cannot flood the log.
    pub fn append_refused(&self, record: NewRecord) {
        if let Err(error) = AuditLog::new(&self.dir).append_coalesced(record) {
            tracing::warn!(%error, "the audit log could not be written");
        }
    }

    /// The newest log head the desk remembers: the keychain's anchor or the state's, whichever
    /// is further on.
    pub fn log_anchor(&self) -> Option<LogHead> {
        newest(log_anchor_in(&*self.store), self.loaded.shown_log_head())
    }

    fn lock_path(&self) -> PathBuf {
        self.dir.join("desk.lock")
    }

    /// Takes the desk lock (every process that changes the desk holds it while it does) and
    /// reads everything again under it.
    fn locked(&mut self) -> Result<std::fs::File, DeskError> {
        let lock_path = self.lock_path();
        crate::store::private_file::ensure_private_dir(&self.dir).map_err(files::io(&lock_path))?;
        let lock =
            crate::store::private_file::open_private(&lock_path).map_err(files::io(&lock_path))?;
        lock.lock().map_err(files::io(&lock_path))?;
        files::remove_stale_temp_files(&self.dir);
        self.reload();
        Ok(lock)
    }

    /// The store an admin's vault reads through, with the keys the state names.
    fn sealed_store(&self, session: &Session) -> Option<stores::SealedStore> {
        let desk = session.keys.desk.clone()?;
        let previous = session.state.previous_desk_key(&desk);
        Some(stores::SealedStore::new(
            self.store.clone(),
            desk,
            previous,
            session.state.sealed_all,
        ))
    }
}

/// Appends `record` to the audit log of `dir` and moves the keychain's anchor on to the log's
/// new head — only along an unbroken chain from the anchored record ([`AuditLog::advance`]), so
/// a log that was cut, deleted or rewritten stays incomplete. `state_head` is the head the
/// desk state holds, when known. For the window's records as for the command line's.
pub fn append_anchored(
    dir: &Path,
    store: &dyn SecretStore,
    state_head: Option<LogHead>,
    record: NewRecord,
) -> Result<LogHead, String> {
    let log = AuditLog::new(dir);
    let written = log.append(record).map_err(|e| e.to_string())?;
    let anchor = newest(log_anchor_in(store), state_head);
    let head = log
        .advance(anchor.as_ref())
        .map_err(|e| e.to_string())?
        .unwrap_or_else(|| written.head());
    files::anchor_log(store, head.clone()).map_err(|e| e.to_string())?;
    Ok(head)
}

/// The log head the keychain's anchor holds now (another process may have moved it on).
pub fn log_anchor_in(store: &dyn SecretStore) -> Option<LogHead> {
    files::read_anchor(store).and_then(|a| a.log_head)
}

fn newest(a: Option<LogHead>, b: Option<LogHead>) -> Option<LogHead> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if a.seq >= b.seq { a } else { b }),
        (a, b) => a.or(b),
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

/// The keys of every person in `state`, opened from their current slots with the desk key.
fn person_keys(
    state: &DeskState,
    slots: &BTreeMap<PersonId, Slot>,
    desk: &Key,
) -> BTreeMap<PersonId, Key> {
    state
        .people
        .iter()
        .filter_map(|p| {
            let key = slots.get(&p.id)?.person_key(desk).ok()?;
            (slot::person_check(&p.id, &key) == p.person_check).then(|| (p.id.clone(), key))
        })
        .collect()
}
