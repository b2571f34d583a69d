//! Setting a team up, shared by the command line and the window: this desk's vault made the
//! team's ([`create`]), a computer revoked ([`revoke`]), and the names both show. Joining a
//! computer is [`super::joining`]. Every function here does its folder and keychain work at
//! once and returns what it did; the caller records it in the audit log and says it.

use std::path::{Path, PathBuf};

use super::member::{self, put_file};
use super::membership::{self, GENESIS_FILE, Membership};
use crate::desk::{Desk, DeskError, Session};
use crate::store::SecretStore;
use crate::team::{Field, Op, PersonId};
use crate::vault::Vault;

/// Why setting the team up did not go through. Each names what to do next.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("the vault becomes a team vault only in desk mode, by an admin")]
    NotAdmin,
    #[error("this desk is already in a team")]
    AlreadyInTeam,
    #[error("this desk is in no team")]
    NoTeam,
    #[error("give the computer a name of 1 to 60 characters")]
    BadName,
    #[error("{} already holds a team vault: join it from this computer with a code from a joined desk", .0.display())]
    FolderTaken(PathBuf),
    #[error("{}: the folder cannot be opened; check the path and that it has synced here", .0.display())]
    NoFolder(PathBuf),
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the key slot of a person is missing from the keychain ({0})")]
    SlotMissing(String),
    /// The team folder or the keychain's team item could not be read or written.
    #[error("{0}")]
    Team(String),
    #[error("{0}")]
    Join(#[from] super::join::JoinError),
    #[error("the join code expired before a computer used it; make a new one")]
    Expired,
    #[error(
        "no invite arrived in the folder within 10 minutes; check that the folder syncs, and make a new code"
    )]
    NoInvite,
    #[error("the inviting desk did not confirm; the code was wrong or expired. Make a new code")]
    NotConfirmed,
    #[error("the team's keys did not arrive; check that the folder syncs, and make a new code")]
    NoKeys,
    #[error("stopped before it was done")]
    Cancelled,
    #[error("this computer has people of its own; a team's desk starts empty")]
    HasPeople,
    /// Admins whose PIN was set by an OTP Desk without signing keys: their unlock here gives
    /// them one.
    #[error("{0}: the PIN was set by an older OTP Desk; sign in once on this computer, then share")]
    OldSlots(String),
    #[error(
        "this computer has {0} accounts of its own; a team's desk starts empty (export them, remove them, and import them on a joined desk)"
    )]
    HasAccounts(usize),
    #[error("No person named '{0}' works in this team")]
    NoSuchPerson(String),
    #[error(transparent)]
    Desk(#[from] DeskError),
    #[error("no computer of the team is called '{0}'")]
    NoSuchDesk(String),
    #[error("several computers are called '{0}'; give its id")]
    SameName(String),
    #[error("this computer cannot revoke itself; revoke it from another joined desk")]
    RevokeSelf,
    #[error("'{0}' is already revoked")]
    AlreadyRevoked(String),
    #[error("the vault could not be opened: {0}")]
    Vault(String),
}

impl SetupError {
    pub fn team(error: impl std::fmt::Display) -> Self {
        Self::Team(format!("Team: {error}."))
    }

    pub(super) fn io(path: &Path, source: std::io::Error) -> Self {
        Self::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

pub(super) fn app_version() -> Op {
    Op::AppVersion(crate::VERSION.to_owned())
}

/// The desk's membership (`NoTeam` when it joined none).
pub fn membership(store: &dyn SecretStore) -> Result<Membership, SetupError> {
    Membership::load(store)
        .map_err(SetupError::team)?
        .ok_or(SetupError::NoTeam)
}

/// Writes `ops` as this desk's next record in `session`'s name (signed with the admin's key
/// when they need it), having read the folder as it is now, and keeps the chain's end.
pub fn write_as(
    m: &mut Membership,
    store: &dyn SecretStore,
    session: &Session,
    ops: Vec<Op>,
    now: u64,
) -> Result<(), SetupError> {
    let opened = member::open(m).map_err(SetupError::team)?;
    let admin = session.team_signer();
    let person = PersonId(session.person.0.clone());
    member::write(m, &opened, &person, admin.as_ref(), now, ops).map_err(SetupError::team)?;
    m.save(store).map_err(SetupError::team)
}

/// This computer's name as the system knows it: what a new computer is called unless named.
pub fn host_name() -> String {
    let from_env = std::env::var("COMPUTERNAME").or_else(|_| std::env::var("HOSTNAME"));
    let from_file = || std::fs::read_to_string("/etc/hostname").ok();
    let name = from_env.ok().or_else(from_file).unwrap_or_default();
    let name = name.trim();
    if name.is_empty() {
        "Desk 1".to_owned()
    } else {
        name.to_owned()
    }
}

pub fn check_desk_name(name: &str) -> Result<String, SetupError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 60 || name.chars().any(char::is_control) {
        return Err(SetupError::BadName);
    }
    Ok(name.to_owned())
}

/// What [`create`] did.
#[derive(Debug, Clone)]
pub struct Created {
    pub folder: PathBuf,
    /// This computer's name in the team.
    pub name: String,
    pub accounts: usize,
    pub people: usize,
    /// Accounts whose key is not sealed under the desk key: they stay on this desk only.
    pub skipped: Vec<String>,
}

/// Makes this desk's vault the team's in `folder`: the genesis, then this desk's first record
/// with every person and account. `session`: an admin's.
pub fn create(
    desk: &Desk,
    session: &Session,
    vault: &Vault,
    store: &dyn SecretStore,
    (folder, name): (&Path, &str),
    now: u64,
) -> Result<Created, SetupError> {
    let admin = session
        .team_signer()
        .filter(|_| session.is_admin())
        .ok_or(SetupError::NotAdmin)?;
    if Membership::load(store).map_err(SetupError::team)?.is_some() {
        return Err(SetupError::AlreadyInTeam);
    }
    let name = check_desk_name(name)?;
    if folder.join(GENESIS_FILE).exists() || folder.join("desks").exists() {
        return Err(SetupError::FolderTaken(folder.to_path_buf()));
    }
    std::fs::create_dir_all(folder).map_err(|e| SetupError::io(folder, e))?;
    // Absolute, but not canonical: Windows would give a `\\?\` path to show and store.
    let folder = std::path::absolute(folder).map_err(|e| SetupError::io(folder, e))?;
    let slot = |id: &crate::desk::PersonId| {
        desk.slot_text(id)
            .ok_or_else(|| SetupError::SlotMissing(id.to_string()))
    };
    // Every admin's records are taken by the key in their slot: one without (a PIN set by an
    // older OTP Desk, whose owner has not signed in since) could not act in the team.
    let own = slot(&session.person)?;
    let unsigned: Vec<String> = desk
        .people()
        .iter()
        .filter(|p| p.role == crate::desk::Role::Admin)
        .filter(|p| {
            let trusted = desk.trusted_signer(session, &p.id);
            trusted.is_none() || (p.id == session.person && trusted != Some(admin.public_hex()))
        })
        .map(|p| p.name.clone())
        .collect();
    if !unsigned.is_empty() {
        return Err(SetupError::OldSlots(unsigned.join(", ")));
    }
    let mut m = membership::found(&folder, &name, (&session.person.0, &session.name), &own)
        .map_err(SetupError::team)?;

    let mut ops = vec![app_version()];
    for person in desk.people() {
        if person.id == session.person {
            continue;
        }
        ops.push(Op::AddPerson {
            person: PersonId(person.id.0.clone()),
            name: person.name.clone(),
            role: match person.role {
                crate::desk::Role::Admin => crate::team::Role::Admin,
                crate::desk::Role::Member => crate::team::Role::Member,
            },
            slot_ref: slot(&person.id)?.to_string(),
        });
    }
    let people = ops.len() - 1;
    let mut skipped = Vec::new();
    for account in vault.accounts() {
        let sealed = store.get_text(&account.id).ok().flatten();
        let secret = vault.secret(&account.id).ok().flatten();
        // Only a key sealed under the desk key goes into the folder, even inside a sealed record.
        let sealed = sealed.filter(|s| crate::desk::stores::is_sealed(s));
        let (Some(sealed), Some(secret)) = (sealed, secret) else {
            skipped.push(account.label());
            continue;
        };
        let op = super::sync::add_account(&m, account, &sealed, secret.as_bytes())
            .ok_or_else(|| SetupError::team("the team key could not be made"))?;
        ops.push(op);
    }
    let accounts = ops.len() - 1 - people;
    let genesis = membership::seal_genesis(&m.keyring, &m.genesis).map_err(SetupError::team)?;
    put_file(&folder, GENESIS_FILE, &genesis)
        .map_err(|e| SetupError::io(&folder.join(GENESIS_FILE), e))?;
    write_as(&mut m, store, session, ops, now)?;
    first_sync(desk, session, now);
    Ok(Created {
        folder,
        name,
        accounts,
        people: people + 1,
        skipped,
    })
}

/// The first sync of a computer that just made or joined the team, as `session`: what is in
/// the team now is agreed, so a change made here before the next sync (a person removed) goes
/// to the team instead of being undone by the team's copy, and the team's newest desk key is
/// taken. A failure leaves that to the next sync.
pub(super) fn first_sync(desk: &Desk, session: &Session, now: u64) {
    if let Err(error) = super::sync::run(&desk.dir, &desk.keychain(), Some(session), &[], now) {
        tracing::warn!(%error, "the first sync with the team failed");
    }
}

/// What [`revoke`] did.
#[derive(Debug, Clone)]
pub struct Revoked {
    pub name: String,
    pub epoch: u32,
    /// The accounts the revoked computer could show with a PIN typed there, sorted.
    pub re_enrol: Vec<String>,
}

/// Revokes the computer named (or with the id) `query`: a new key epoch, granted to every
/// other admitted desk, and a record that says so. `session`: an admin's.
pub fn revoke(
    store: &dyn SecretStore,
    session: &Session,
    query: &str,
    now: u64,
) -> Result<Revoked, SetupError> {
    if !session.is_admin() {
        return Err(SetupError::NotAdmin);
    }
    let mut m = membership(store)?;
    let opened = member::open(&mut m).map_err(SetupError::team)?;
    let wanted = query.trim().to_lowercase();
    let hits: Vec<_> = opened
        .state
        .desks
        .iter()
        .filter(|(id, d)| id.0 == wanted || d.name.to_lowercase() == wanted)
        .collect();
    let (id, desk) = match hits.as_slice() {
        [one] => *one,
        [] => return Err(SetupError::NoSuchDesk(query.trim().to_owned())),
        _ => return Err(SetupError::SameName(query.trim().to_owned())),
    };
    if *id == m.desk_id() {
        return Err(SetupError::RevokeSelf);
    }
    if desk.revoked_after.is_some() {
        return Err(SetupError::AlreadyRevoked(desk.name.clone()));
    }
    let (id, name, accepted) = (id.clone(), desk.name.clone(), desk.last_seq);
    let epoch = member::new_epoch(&mut m, &opened.state, &id).map_err(SetupError::team)?;
    m.save(store).map_err(SetupError::team)?;
    let ops = vec![Op::RevokeDesk {
        desk: id,
        accepted_seq: accepted,
    }];
    write_as(&mut m, store, session, ops, now)?;
    let mut re_enrol: Vec<String> = opened
        .state
        .live_accounts()
        .map(|a| {
            let issuer = a.text(crate::team::Field::Issuer);
            crate::otp::display_label(issuer, a.text(crate::team::Field::Name))
        })
        .collect();
    re_enrol.sort();
    Ok(Revoked {
        name,
        epoch,
        re_enrol,
    })
}

/// What a choice is about: an account or a person, by the team's id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    Account(String),
    /// A person's name (a rename on two computers while apart); its values are
    /// [`crate::team::FieldValue::Name`].
    Person(String),
}

/// One field that computers changed while apart, for an admin to pick a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub subject: Subject,
    /// The account as this desk shows it ("Amazon (shop1)"), or the person's name.
    pub label: String,
    /// Each value that survived, once.
    pub values: Vec<crate::team::FieldValue>,
}

/// The fields that wait for an admin's pick (the accounts' conflicts, then the people's names),
/// by account and by person.
pub fn choices(store: &dyn SecretStore) -> Result<Vec<Choice>, SetupError> {
    let mut m = membership(store)?;
    let opened = member::open(&mut m).map_err(SetupError::team)?;
    Ok(choices_in(&opened.state))
}

fn choices_in(state: &crate::team::TeamState) -> Vec<Choice> {
    let mut out: Vec<Choice> = state
        .conflicts()
        .into_iter()
        .map(|c| {
            let label = state.account(&c.account).map_or_else(
                || c.account.0.clone(),
                |a| {
                    let (issuer, name) = (a.text(Field::Issuer), a.text(Field::Name));
                    crate::otp::display_label(issuer, name)
                },
            );
            let mut values: Vec<_> = Vec::new();
            for (_, value) in c.values {
                if !values.contains(&value) {
                    values.push(value);
                }
            }
            Choice {
                subject: Subject::Account(c.account.0),
                label,
                values,
            }
        })
        .collect();
    out.sort_by(|a, b| (&a.label, &a.subject).cmp(&(&b.label, &b.subject)));
    let mut people: Vec<Choice> = state
        .people
        .iter()
        .filter(|(id, p)| !state.removed_people.contains(id) && p.name.is_conflict())
        .map(|(id, p)| {
            let mut values = Vec::new();
            for (_, name) in p.name.values() {
                let value = crate::team::FieldValue::Name(name.clone());
                if !values.contains(&value) {
                    values.push(value);
                }
            }
            Choice {
                subject: Subject::Person(id.0.clone()),
                label: p.name().to_owned(),
                values,
            }
        })
        .collect();
    people.sort_by(|a, b| (&a.label, &a.subject).cmp(&(&b.label, &b.subject)));
    out.extend(people);
    out
}

/// An admin's pick: `value` for its field of `subject`, written so that it supersedes every
/// value this desk has seen (the conflict ends on every desk once the record arrives). Returns
/// the fields still waiting.
pub fn pick(
    store: &dyn SecretStore,
    session: &Session,
    subject: &Subject,
    value: crate::team::FieldValue,
    now: u64,
) -> Result<Vec<Choice>, SetupError> {
    if !session.is_admin() {
        return Err(SetupError::NotAdmin);
    }
    let mut m = membership(store)?;
    let op = match (subject, value) {
        (Subject::Account(account), value) => Op::Resolve {
            account: crate::team::AccountId(account.clone()),
            value,
        },
        // A name written after seeing both supersedes both, as a pick of an account's does.
        (Subject::Person(person), crate::team::FieldValue::Name(name)) => Op::SetPersonName {
            person: crate::team::PersonId(person.clone()),
            name,
        },
        (Subject::Person(_), _) => return Err(SetupError::team("a person's pick is a name")),
    };
    write_as(&mut m, store, session, vec![op], now)?;
    let opened = member::open(&mut m).map_err(SetupError::team)?;
    Ok(choices_in(&opened.state))
}
