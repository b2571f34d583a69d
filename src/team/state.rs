//! The team state the fold produces: accounts (with their trash), people, shares, desks, the
//! merged audit log, open conflicts and the problems found on the way. Plain data plus the
//! multi-value register each account field is kept in. No I/O, no clock, no keys.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use super::ids::{AccountId, DeskId, Dot, Hash32, PersonId};
use super::op::{AuditEvent, Field, FieldValue, Role};

/// What the team starts from (written once, at team creation): the first desk and first admin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Genesis {
    pub desk: DeskId,
    pub desk_name: String,
    pub admin: PersonId,
    pub admin_name: String,
    pub admin_slot_ref: String,
}

/// A vector clock: for each desk, the highest seq known.
pub type Clock = BTreeMap<DeskId, u64>;

/// One field's values: normally one; several when desks wrote it without seeing each other's
/// write. A write removes every value its record had seen (`clock`), so a later write that saw
/// them all — an edit or an admin's [`super::op::Op::Resolve`] — ends the conflict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Register<T> {
    values: Vec<(Dot, T)>,
}

impl<T: Clone + Ord> Register<T> {
    pub fn new(dot: Dot, value: T) -> Self {
        Self {
            values: vec![(dot, value)],
        }
    }

    /// Writes `value` from the record `dot`, which had seen the records for which `saw` holds.
    pub fn write(&mut self, dot: Dot, saw: impl Fn(&Dot) -> bool, value: T) {
        self.values.retain(|(old, _)| !saw(old));
        self.values.push((dot, value));
        self.values.sort();
    }

    /// The value shown: the one written by the greatest (desk, seq) among the live values, so
    /// every desk shows the same one while a conflict is open.
    pub fn value(&self) -> &T {
        // A register is created with one value and a write always adds one.
        &self.values[self.values.len() - 1].1
    }

    /// Every live value with the record that wrote it.
    pub fn values(&self) -> &[(Dot, T)] {
        &self.values
    }

    /// Two or more different values survive (equal values written apart are no conflict).
    pub fn is_conflict(&self) -> bool {
        self.values.iter().any(|(_, v)| v != self.value())
    }
}

/// One account as the team sees it (its key is elsewhere: any of `secret_refs` opens it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountState {
    pub id: AccountId,
    pub fingerprint: Hash32,
    pub secret_refs: BTreeSet<String>,
    pub params: String,
    /// The record that added it first.
    pub added: Dot,
    pub fields: BTreeMap<Field, Register<FieldValue>>,
}

impl AccountState {
    pub fn field(&self, field: Field) -> Option<&FieldValue> {
        self.fields.get(&field).map(Register::value)
    }

    pub fn is_trashed(&self) -> bool {
        self.field(Field::Trashed) == Some(&FieldValue::Trashed(true))
    }

    pub fn text(&self, field: Field) -> &str {
        match self.field(field) {
            Some(FieldValue::Issuer(t) | FieldValue::Name(t) | FieldValue::Group(t)) => t,
            _ => "",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonState {
    pub name: Register<String>,
    pub role: Register<Role>,
    slot_ref: Register<String>,
    /// The signing keys of `slot_ref`'s values, read once when it is written: every admin's
    /// record is checked against them.
    signers: Vec<String>,
}

impl PersonState {
    /// A person as an `AddPerson` record (or the genesis, `dot` seq 0) makes them.
    pub fn new(dot: &Dot, name: &str, role: Role, slot_ref: &str) -> Self {
        let mut person = Self {
            name: Register::new(dot.clone(), name.to_owned()),
            role: Register::new(dot.clone(), role),
            slot_ref: Register::new(dot.clone(), slot_ref.to_owned()),
            signers: Vec::new(),
        };
        person.read_signers();
        person
    }

    /// A new key slot, written as a register write (see [`Register::write`]).
    pub fn write_slot(&mut self, dot: Dot, saw: impl Fn(&Dot) -> bool, slot_ref: String) {
        self.slot_ref.write(dot, saw, slot_ref);
        self.read_signers();
    }

    fn read_signers(&mut self) {
        self.signers = self
            .slot_ref
            .values()
            .iter()
            .filter_map(|(_, slot)| super::signers::SlotSigning::of(slot).signer)
            .collect();
    }

    pub fn name(&self) -> &str {
        self.name.value()
    }

    /// The role the team acts on. While desks that were apart set different roles, it is the
    /// lesser one (member) until an admin picks: a conflict never makes anyone an admin.
    pub fn role(&self) -> Role {
        let member = self.role.values().iter().any(|(_, r)| *r == Role::Member);
        if member { Role::Member } else { Role::Admin }
    }

    pub fn slot_ref(&self) -> &str {
        self.slot_ref.value()
    }

    /// The signing keys of the person's current slot (one; several while two slots written
    /// apart are in conflict; none for a slot older than signing keys).
    pub fn signers(&self) -> &[String] {
        &self.signers
    }
}

/// Two or more values of one of a person's fields that desks wrote while apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonConflict {
    pub person: PersonId,
    /// `name`, `role` or `slot` (two PIN resets while apart).
    pub field: &'static str,
    pub values: Vec<(Dot, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareState {
    pub until_unix_secs: Option<u64>,
    pub granted: Dot,
}

/// One joined desk, for the status page.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DeskState {
    pub name: String,
    /// Its public keys as its `AddDesk` record carried them (hex); empty for the first desk,
    /// whose keys reach the others with the join.
    pub key: String,
    /// Its newest record that the fold used (0: none yet).
    pub last_seq: u64,
    /// What that record had seen of the other desks.
    pub last_seen: Clock,
    /// Its clock in that record (for "last heard from" and "clock off"; never for order).
    pub last_unix_secs: u64,
    pub app_version: String,
    /// Revoked: its records after this seq are ignored.
    pub revoked_after: Option<u64>,
}

/// One audit event in the merged log, with the record it came in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    pub dot: Dot,
    pub person: PersonId,
    pub event: AuditEvent,
}

/// Two or more values of one field that desks wrote while apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub account: AccountId,
    pub field: Field,
    pub values: Vec<(Dot, FieldValue)>,
}

/// Why a record, or part of it, was not used.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reason {
    UnknownDesk,
    RevokedDesk {
        accepted_seq: u64,
    },
    NewerFormat {
        format: u32,
    },
    /// Two different records with this desk and seq: the desk's history stops before it.
    Fork,
    /// The record does not follow the desk's previous one: its history stops before it.
    BrokenChain,
    UnknownPerson,
    /// The person may not write this op (the tag); the record changed nothing.
    NotAllowed {
        op: &'static str,
    },
    /// An admin's record not signed with the signing key of that admin's current slot (a key
    /// they no longer hold, someone else's, or none); the record changed nothing.
    NotSigned,
    /// A new key slot without the signature of the key it replaces or of a current admin's
    /// (someone put a key of their own there, or published an old slot again); not used.
    NotVouched,
    UnknownAccount(AccountId),
    AccountIdTaken(AccountId),
    /// The op would leave the team without an admin.
    LastAdmin,
    Invalid(&'static str),
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub dot: Dot,
    pub reason: Reason,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Dot { desk, seq } = &self.dot;
        write!(f, "desk {desk}, record {seq}: ")?;
        match &self.reason {
            Reason::UnknownDesk => write!(f, "the desk has not joined this team; ignored"),
            Reason::RevokedDesk { accepted_seq } => write!(
                f,
                "the desk was revoked (records up to {accepted_seq} kept); ignored"
            ),
            Reason::NewerFormat { format } => write!(
                f,
                "written by a newer OTP Desk (format {format}); update to read it"
            ),
            Reason::Fork => write!(f, "two different records with one number; history stops"),
            Reason::BrokenChain => write!(f, "does not follow the desk's previous record"),
            Reason::UnknownPerson => write!(f, "by a person who is not on the team"),
            Reason::NotAllowed { op } => write!(f, "not allowed to \"{op}\"; nothing changed"),
            Reason::NotVouched => write!(
                f,
                "a new key slot that neither its owner nor an admin signed; not used"
            ),
            Reason::NotSigned => write!(
                f,
                "not signed with the key of the admin it names; nothing changed"
            ),
            Reason::UnknownAccount(id) => write!(f, "names an unknown account {id}"),
            Reason::AccountIdTaken(id) => write!(f, "reuses the account id {id}"),
            Reason::LastAdmin => write!(f, "would leave the team without an admin"),
            Reason::Invalid(what) => write!(f, "invalid {what}"),
        }
    }
}

/// The fold's result.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TeamState {
    /// Every account not purged, the trashed ones included (see [`AccountState::is_trashed`]).
    pub accounts: BTreeMap<AccountId, AccountState>,
    /// Another id that names the same account (the same key added twice while apart).
    pub aliases: BTreeMap<AccountId, AccountId>,
    pub purged: BTreeSet<AccountId>,
    pub people: BTreeMap<PersonId, PersonState>,
    pub removed_people: BTreeSet<PersonId>,
    pub shares: BTreeMap<(PersonId, AccountId), ShareState>,
    pub desks: BTreeMap<DeskId, DeskState>,
    pub log: Vec<LogEntry>,
    pub problems: Vec<Problem>,
    /// For each joined desk, how far the fold placed its records (a revoked desk: at most up to
    /// its cut): what a desk writes as `seen` in its next record.
    pub folded: Clock,
    /// For each desk, the first record not used yet because it or one it depends on has not
    /// fully arrived; these are retried, never read as deletes.
    pub waiting: BTreeMap<DeskId, u64>,
    /// Every new desk key an admin made, by (epoch, check value).
    pub desk_keys: BTreeMap<(u32, String), super::op::NewDeskKey>,
}

impl TeamState {
    /// The desk key every computer of the team is to use: the highest epoch, then the highest
    /// check value (two made at once: the same one everywhere). `None` while the team has the
    /// key it was made with.
    pub fn desk_key(&self) -> Option<&super::op::NewDeskKey> {
        self.desk_keys.values().next_back()
    }

    /// The account `id` names, through an alias if need be.
    pub fn account(&self, id: &AccountId) -> Option<&AccountState> {
        let id = self.aliases.get(id).unwrap_or(id);
        self.accounts.get(id)
    }

    pub fn live_accounts(&self) -> impl Iterator<Item = &AccountState> {
        self.accounts.values().filter(|a| !a.is_trashed())
    }

    pub fn trash(&self) -> impl Iterator<Item = &AccountState> {
        self.accounts.values().filter(|a| a.is_trashed())
    }

    pub fn conflicts(&self) -> Vec<Conflict> {
        let mut out = Vec::new();
        for account in self.accounts.values() {
            for (field, register) in &account.fields {
                if register.is_conflict() {
                    out.push(Conflict {
                        account: account.id.clone(),
                        field: *field,
                        values: register.values().to_vec(),
                    });
                }
            }
        }
        out
    }

    /// The people whose name, role or slot desks changed apart, for an admin to pick (a later
    /// change that saw every value ends it).
    pub fn person_conflicts(&self) -> Vec<PersonConflict> {
        fn shown<T: Clone + Ord>(
            register: &Register<T>,
            text: impl Fn(&T) -> String,
        ) -> Option<Vec<(Dot, String)>> {
            let values = register.values().iter();
            register
                .is_conflict()
                .then(|| values.map(|(dot, v)| (dot.clone(), text(v))).collect())
        }
        let mut out = Vec::new();
        for (id, person) in &self.people {
            let fields = [
                ("name", shown(&person.name, String::clone)),
                (
                    "role",
                    shown(&person.role, |r| format!("{r:?}").to_lowercase()),
                ),
                ("slot", shown(&person.slot_ref, String::clone)),
            ];
            for (field, values) in fields {
                if let Some(values) = values {
                    out.push(PersonConflict {
                        person: id.clone(),
                        field,
                        values,
                    });
                }
            }
        }
        out
    }

    pub fn is_admin(&self, person: &PersonId) -> bool {
        self.people
            .get(person)
            .is_some_and(|p| p.role() == Role::Admin)
    }

    pub fn admin_count(&self) -> usize {
        self.people
            .values()
            .filter(|p| p.role() == Role::Admin)
            .count()
    }

    /// The accounts shared with `person` (an admin sees every account).
    pub fn shared_with(&self, person: &PersonId) -> BTreeSet<AccountId> {
        self.shares
            .keys()
            .filter(|(p, _)| p == person)
            .map(|(_, a)| a.clone())
            .collect()
    }
}
