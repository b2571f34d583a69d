//! What one record can say: the operations of a team record and their serialised names. Plain
//! data; what an operation does to the team is `apply.rs`'s, who may write it is
//! [`fold`](mod@super::fold)'s. Nothing here holds a secret: an account's key travels as the
//! name of a sealed blob (`secret_ref`) that `desk/` writes and opens.
//!
//! Names on the wire are short (`"add"`, `"set"`, `"a"`, …) because every byte is repeated in
//! thousands of records; the Rust names say what they mean.

use serde::{Deserialize, Serialize};

use super::ids::{AccountId, DeskId, Hash32, PersonId};

/// A person's role, as in single-desk mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Admin,
    Member,
}

/// One field of an account that desks may change independently; each is merged on its own.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldValue {
    Issuer(String),
    Name(String),
    Group(String),
    Position(u32),
    Pinned(bool),
    /// In the trash (`true`) or not. Written by [`Op::Trash`], [`Op::Restore`] and
    /// [`Op::AddAccount`], and by [`Op::Resolve`] when two desks disagreed.
    Trashed(bool),
}

/// Which field a [`FieldValue`] is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Issuer,
    Name,
    Group,
    Position,
    Pinned,
    Trashed,
}

impl FieldValue {
    pub fn field(&self) -> Field {
        match self {
            Self::Issuer(_) => Field::Issuer,
            Self::Name(_) => Field::Name,
            Self::Group(_) => Field::Group,
            Self::Position(_) => Field::Position,
            Self::Pinned(_) => Field::Pinned,
            Self::Trashed(_) => Field::Trashed,
        }
    }
}

/// A new account: its metadata, where its sealed key is, and the keyed fingerprint of that key
/// (made in `desk/` with a team key, so the folder does not reveal which keys are equal to anyone
/// outside the team). Two adds with one fingerprint are one account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAccount {
    #[serde(rename = "a")]
    pub account: AccountId,
    #[serde(rename = "k")]
    pub fingerprint: Hash32,
    /// The name of the sealed blob that holds the key.
    #[serde(rename = "r")]
    pub secret_ref: String,
    /// The code parameters (kind, algorithm, digits, period or counter) in the app's own short
    /// form; opaque here.
    #[serde(rename = "q")]
    pub params: String,
    #[serde(rename = "i")]
    pub issuer: String,
    #[serde(rename = "n")]
    pub name: String,
    #[serde(rename = "g", default)]
    pub group: String,
    #[serde(rename = "o", default)]
    pub position: u32,
    #[serde(rename = "f", default)]
    pub pinned: bool,
}

/// One line of a desk's audit log, carried into the team so that every desk's log becomes one
/// (see `crate::desk::team::shared_log`). The texts are the line as its desk wrote it — names
/// and labels as people knew them then, never a code or a key — and `seq` is the line's number
/// in that desk's own log, so a line sent twice shows once.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct AuditEvent {
    #[serde(rename = "s")]
    pub seq: u64,
    /// What was done: the name the desk's log gives it (`copy`, `failed_unlock`, …); a name a
    /// later version adds is kept as text.
    #[serde(rename = "k")]
    pub action: String,
    /// Where: `window`, `tray` or `cli`.
    #[serde(rename = "v", default)]
    pub via: String,
    #[serde(rename = "p", default)]
    pub person: String,
    #[serde(rename = "a", default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    #[serde(rename = "d", default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// How many attempts the line stands for (a burst of one refused attempt).
    #[serde(rename = "n", default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// The desk's clock when it happened: shown, never used to order anything.
    #[serde(rename = "t")]
    pub unix_secs: u64,
}

/// The team's new desk key, made by an admin when another admin left (or became a member).
/// No secret is in the clear: the key is sealed to each remaining admin's box key (which only
/// their PIN opens), and named by its check value. Every computer takes the newest one — the
/// highest epoch, then the highest check value, so two made at once end as one everywhere —
/// when an admin signs in there, and seals its items again under it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct NewDeskKey {
    #[serde(rename = "e")]
    pub epoch: u32,
    /// The key's check value (a MAC under it; see `desk::slot::desk_check`).
    #[serde(rename = "c")]
    pub check: String,
    /// The key sealed to each admin's box key, as their key slot would hold it.
    #[serde(rename = "b")]
    pub sealed: std::collections::BTreeMap<PersonId, String>,
    /// Each person's key wrapped under this key, as their key slot would hold it (what an
    /// admin opens to reset a PIN): with `sealed`, a slot of an earlier epoch is made one of
    /// this epoch on any computer (`desk::team::sync::slot_in`), without the person's PIN.
    #[serde(rename = "w")]
    pub wrapped: std::collections::BTreeMap<PersonId, String>,
}

/// One change. See [`super::fold`](mod@super::fold) for who may write which.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    #[serde(rename = "add")]
    AddAccount(NewAccount),
    /// A new value for one field of an account.
    #[serde(rename = "set")]
    Set {
        #[serde(rename = "a")]
        account: AccountId,
        #[serde(rename = "v")]
        value: FieldValue,
    },
    /// An admin's pick between values that desks wrote while apart. Merged like [`Op::Set`] (it
    /// supersedes every value its record had seen); kept apart so the log can say "resolved".
    #[serde(rename = "pick")]
    Resolve {
        #[serde(rename = "a")]
        account: AccountId,
        #[serde(rename = "v")]
        value: FieldValue,
    },
    #[serde(rename = "trash")]
    Trash(AccountId),
    #[serde(rename = "restore")]
    Restore(AccountId),
    /// Gone for good (from the trash); the sealed blob may be deleted by its own desk.
    #[serde(rename = "purge")]
    Purge(AccountId),
    #[serde(rename = "person")]
    AddPerson {
        #[serde(rename = "p")]
        person: PersonId,
        #[serde(rename = "n")]
        name: String,
        #[serde(rename = "r")]
        role: Role,
        /// The name of the person's sealed key slot.
        #[serde(rename = "s")]
        slot_ref: String,
    },
    #[serde(rename = "unperson")]
    RemovePerson(PersonId),
    #[serde(rename = "role")]
    SetRole {
        #[serde(rename = "p")]
        person: PersonId,
        #[serde(rename = "r")]
        role: Role,
    },
    #[serde(rename = "pname")]
    SetPersonName {
        #[serde(rename = "p")]
        person: PersonId,
        #[serde(rename = "n")]
        name: String,
    },
    /// A new key slot (a changed PIN); a member may write this for themselves.
    #[serde(rename = "slot")]
    SetSlot {
        #[serde(rename = "p")]
        person: PersonId,
        #[serde(rename = "s")]
        slot_ref: String,
    },
    #[serde(rename = "share")]
    Share {
        #[serde(rename = "p")]
        person: PersonId,
        #[serde(rename = "a")]
        account: AccountId,
        #[serde(rename = "u", default, skip_serializing_if = "Option::is_none")]
        until_unix_secs: Option<u64>,
    },
    #[serde(rename = "unshare")]
    Unshare {
        #[serde(rename = "p")]
        person: PersonId,
        #[serde(rename = "a")]
        account: AccountId,
    },
    /// A computer joined (with a join code shown on this desk).
    #[serde(rename = "desk")]
    AddDesk {
        #[serde(rename = "d")]
        desk: DeskId,
        #[serde(rename = "n")]
        name: String,
        /// Its public keys (signing ‖ exchange, 64 bytes as hex), from which its id is derived:
        /// how every desk, also one that joined earlier, learns to check the new desk's records.
        #[serde(rename = "k")]
        key: String,
    },
    /// A computer is out. Its records up to `accepted_seq` (what the revoking desk had seen of
    /// it) stay; every later one is ignored, wherever it falls in the fold.
    #[serde(rename = "revoke")]
    RevokeDesk {
        #[serde(rename = "d")]
        desk: DeskId,
        #[serde(rename = "s")]
        accepted_seq: u64,
    },
    /// A new desk key for the team (see [`NewDeskKey`]).
    #[serde(rename = "dkey")]
    DeskKey(NewDeskKey),
    /// The writing desk's app version, for the status page.
    #[serde(rename = "app")]
    AppVersion(String),
    #[serde(rename = "log")]
    Audit(AuditEvent),
}

impl Op {
    /// Whether a member (not only an admin) may write this op, as `person`.
    pub fn is_open_to_member(&self, person: &PersonId) -> bool {
        match self {
            Self::Audit(_) | Self::AppVersion(_) => true,
            Self::SetSlot { person: own, .. } => own == person,
            _ => false,
        }
    }

    /// A short name for messages ("share", "role", …): the wire tag.
    pub fn tag(&self) -> &'static str {
        match self {
            Self::AddAccount(_) => "add",
            Self::Set { .. } => "set",
            Self::Resolve { .. } => "pick",
            Self::Trash(_) => "trash",
            Self::Restore(_) => "restore",
            Self::Purge(_) => "purge",
            Self::AddPerson { .. } => "person",
            Self::RemovePerson(_) => "unperson",
            Self::SetRole { .. } => "role",
            Self::SetPersonName { .. } => "pname",
            Self::SetSlot { .. } => "slot",
            Self::Share { .. } => "share",
            Self::Unshare { .. } => "unshare",
            Self::AddDesk { .. } => "desk",
            Self::RevokeDesk { .. } => "revoke",
            Self::DeskKey(_) => "dkey",
            Self::AppVersion(_) => "app",
            Self::Audit(_) => "log",
        }
    }
}
