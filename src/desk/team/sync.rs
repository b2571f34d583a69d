//! How a joined desk keeps its vault and the team folder in step: a three-way comparison of the
//! team's fold, this desk's accounts and the *base* — what both agreed on after the last sync,
//! kept beside the vault (`team-base.json`: ids and field values, no key). A field that changed
//! here since the base is written to the folder as a record; one that changed in the team is
//! applied here; one that changed on both sides is written too, and the fold keeps both values
//! as a conflict for an admin to pick. Pure: the caller reads and writes.
//!
//! What travels this way: accounts (adds with their sealed keys, the fields an account has —
//! issuer, name, group, position, pin — and the trash), and at an admin's sync the people
//! (added, removed, renamed) and the shares. A changed PIN travels as the command or page that
//! changed it writes it ([`publish_slot`]), or at the next sync that reaches the folder when it
//! could not. This desk's audit log lines go in batches ([`shared_log`]).

use std::collections::{BTreeMap, BTreeSet};

use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::member;
use super::membership::Membership;
use super::shared_log;
use crate::desk::{Desk, Session};
use crate::store::SecretStore;
use crate::team::{Hash32, NewAccount, NewDeskKey, PersonId};
use crate::vault::Vault;

use crate::store::metadata::Account;
use crate::team::state::AccountState;
use crate::team::{AccountId, Field, FieldValue, Op, TeamState};

/// One account's fields as the last sync left them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fields {
    pub issuer: String,
    pub name: String,
    pub group: String,
    pub position: u32,
    pub pinned: bool,
    pub trashed: bool,
}

impl Fields {
    pub fn of_account(a: &Account) -> Self {
        Self {
            issuer: a.issuer.clone(),
            name: a.name.clone(),
            group: a.group.clone(),
            position: a.position,
            pinned: a.pinned,
            trashed: a.trashed_unix_secs.is_some(),
        }
    }

    pub fn of_team(a: &AccountState) -> Self {
        let position = match a.field(Field::Position) {
            Some(FieldValue::Position(p)) => *p,
            _ => 0,
        };
        Self {
            issuer: a.text(Field::Issuer).to_owned(),
            name: a.text(Field::Name).to_owned(),
            group: a.text(Field::Group).to_owned(),
            position,
            pinned: a.field(Field::Pinned) == Some(&FieldValue::Pinned(true)),
            trashed: a.is_trashed(),
        }
    }

    fn values(&self) -> [FieldValue; 6] {
        [
            FieldValue::Issuer(self.issuer.clone()),
            FieldValue::Name(self.name.clone()),
            FieldValue::Group(self.group.clone()),
            FieldValue::Position(self.position),
            FieldValue::Pinned(self.pinned),
            FieldValue::Trashed(self.trashed),
        ]
    }

    fn set(&mut self, value: FieldValue) {
        match value {
            FieldValue::Issuer(v) => self.issuer = v,
            FieldValue::Name(v) => self.name = v,
            FieldValue::Group(v) => self.group = v,
            FieldValue::Position(v) => self.position = v,
            FieldValue::Pinned(v) => self.pinned = v,
            FieldValue::Trashed(v) => self.trashed = v,
        }
    }
}

/// What both sides agreed on after the last sync.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Base {
    pub accounts: BTreeMap<String, Fields>,
    /// The people both sides had.
    #[serde(default)]
    pub people: BTreeSet<String>,
    /// Each person's key slot both sides had (the SHA-256 of the slot without its wrong-PIN
    /// count).
    #[serde(default)]
    pub slots: BTreeMap<String, String>,
    /// The shares both sides had: "person account".
    #[serde(default)]
    pub shares: BTreeSet<String>,
    /// Each person's name both sides had, so a rename travels the way an account's fields do.
    #[serde(default)]
    pub names: BTreeMap<String, String>,
    /// Each share's end both sides had ("person account" → end, `None`: no end), so a new end
    /// time travels too.
    #[serde(default)]
    pub until: BTreeMap<String, Option<u64>>,
}

/// A slot's digest without what changes on every wrong PIN (its counters) and what each
/// computer makes itself when the desk key is replaced ([`crate::desk::Slot::pin_core`]), for
/// comparing: a new PIN travels, a new desk key's wraps do not.
fn slot_core(text: &str) -> Option<String> {
    let slot = crate::desk::Slot::from_json(text).ok()?.pin_core();
    Some(Hash32::of(serde_json::to_string(&slot).ok()?.as_bytes()).hex())
}

/// `person`'s key slot as the team holds it (`slot_ref`), in the desk key `(epoch, check)` (the
/// one a computer uses): as it is when it is of that epoch; made one of that epoch from the
/// team's record of that key when it is older (the team's slots keep the epoch they were
/// written in; a new desk key does not write them again); else as it is, and where it is taken
/// it is refused or waits, as any slot of another key.
pub fn slot_in(
    team: &TeamState,
    person: &PersonId,
    slot_ref: &str,
    (epoch, check): (u32, &str),
) -> String {
    let Ok(slot) = crate::desk::Slot::from_json(slot_ref) else {
        return slot_ref.to_owned();
    };
    if slot.epoch == epoch {
        return slot_ref.to_owned();
    }
    team.desk_keys
        .get(&(epoch, check.to_owned()))
        .and_then(|key| {
            let wrapped = key.wrapped.get(person)?;
            let sealed = key.sealed.get(person).map(String::as_str);
            slot.in_epoch(epoch, wrapped, sealed)
        })
        .and_then(|slot| serde_json::to_string(&slot).ok())
        .unwrap_or_else(|| slot_ref.to_owned())
}

/// Writes `person`'s key slot here into the team folder as a record of this desk's, signed in as
/// `by` (the person themselves after changing their own PIN, or an admin after a reset), so
/// their new PIN works on every desk and the old one nowhere. Nothing when not in a team.
pub fn publish_slot(
    dir: &Path,
    keychain: &Arc<dyn SecretStore>,
    person: &crate::desk::PersonId,
    by: &crate::desk::PersonId,
    admin: Option<&super::identity::PersonSigner>,
    now: u64,
) -> Result<(), String> {
    let mut m = match Membership::load(&**keychain) {
        Ok(Some(m)) => m,
        Ok(None) => return Ok(()),
        // In a team whose folder cannot be read now: the slot goes in at the first sync that
        // reaches it (`take_slots`), and the caller says it did not go yet.
        Err(e) => return Err(format!("Team: {e}.")),
    };
    let desk = Desk::load(dir, keychain.clone()).map_err(|e| e.to_string())?;
    let slot = desk
        .slot_text(person)
        .ok_or_else(|| format!("the key slot of {person} is missing"))?;
    let opened = member::open(&mut m).map_err(|e| format!("Team: {e}."))?;
    let op = Op::SetSlot {
        person: PersonId(person.0.clone()),
        slot_ref: slot.to_string(),
    };
    member::write(
        &mut m,
        &opened,
        &PersonId(by.0.clone()),
        admin,
        now,
        vec![op],
    )
    .map_err(|e| format!("Team: {e}."))?;
    m.save(&**keychain).map_err(|e| format!("Team: {e}."))?;
    // The team and this desk now agree on this slot: a later change here that cannot reach the
    // folder at once is then told from a change the team made (`take_slots`), even when no
    // sync ran in between.
    let base_path = dir.join(BASE_FILE);
    let mut base: Base = crate::store::json_file::read_or_default(&base_path);
    if let Some(core) = slot_core(slot.as_ref()) {
        base.slots.insert(person.0.clone(), core);
        crate::store::private_file::write_private(
            &base_path,
            &crate::store::json_file::to_bytes(&base),
        )
        .map_err(|e| format!("{}: {e}.", base_path.display()))?;
    }
    Ok(())
}

/// What one sync does.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// Team accounts this desk does not have yet: made here from the team's fields (their
    /// sealed keys come from the fold's `secret_refs`).
    pub install: Vec<(AccountId, Fields)>,
    /// Accounts here whose fields take the team's values.
    pub apply: Vec<(AccountId, Fields)>,
    /// Accounts the team purged: gone here too.
    pub remove: Vec<AccountId>,
    /// Accounts added here that the team does not have: the caller writes their `AddAccount`
    /// (it needs the key for the fingerprint).
    pub add: Vec<AccountId>,
    /// Field changes made here, for this desk's next record.
    pub ops: Vec<Op>,
    /// The base after this sync (once the record is written and the changes applied).
    pub base: Base,
}

/// The sync of `local` (every account here, the trash included) with `team`, from `base`.
pub fn plan(team: &TeamState, local: &[Account], base: &Base) -> Plan {
    let mut plan = Plan::default();
    let here: BTreeMap<&str, &Account> = local.iter().map(|a| (a.id.as_str(), a)).collect();
    // The team's ids of accounts this desk has under another id (the same key added here and
    // elsewhere while apart): not made here a second time.
    let covered: BTreeSet<&str> = here
        .keys()
        .filter_map(|id| team.aliases.get(&AccountId((*id).to_owned())))
        .map(|id| id.0.as_str())
        .collect();
    let mut ids: BTreeSet<&str> = here.keys().copied().collect();
    ids.extend(team.accounts.keys().map(|id| id.0.as_str()));
    ids.extend(base.accounts.keys().map(String::as_str));
    for id in ids {
        let team_id = AccountId(id.to_owned());
        let theirs = team.account(&team_id).map(Fields::of_team);
        let mine = here.get(id).map(|a| Fields::of_account(a));
        let was = base.accounts.get(id);
        match (mine, theirs) {
            // An alias is never made here: its account is, under the team's id.
            (None, Some(_)) if covered.contains(id) || team.aliases.contains_key(&team_id) => {}
            // Here twice (added here and arrived from elsewhere): the alias copy goes.
            (Some(_), Some(_))
                if team
                    .aliases
                    .get(&team_id)
                    .is_some_and(|canonical| here.contains_key(canonical.0.as_str())) =>
            {
                plan.remove.push(team_id);
            }
            (None, Some(theirs)) => {
                // Not here: made here. Also after a sync — a lost or damaged metadata file is
                // never a purge; a purge here is written by the command that purged.
                plan.install.push((team_id, theirs.clone()));
                plan.base.accounts.insert(id.to_owned(), theirs);
            }
            (Some(mine), None) => {
                // Only a purge deletes. An account the team does not name (its record has not
                // arrived, or was lost from the folder) is written again.
                if team.purged.contains(&team_id) {
                    plan.remove.push(team_id);
                } else {
                    plan.add.push(team_id);
                    plan.base.accounts.insert(id.to_owned(), mine);
                }
            }
            (Some(mine), Some(theirs)) => {
                let was = was.cloned().unwrap_or_else(|| theirs.clone());
                let mut agreed = theirs.clone();
                for ((m, t), w) in mine
                    .values()
                    .into_iter()
                    .zip(theirs.values())
                    .zip(was.values())
                {
                    if m != w && m != t {
                        agreed.set(m.clone());
                        plan.ops.push(op_for(&team_id, m));
                    }
                }
                if agreed != mine {
                    plan.apply.push((team_id, agreed.clone()));
                }
                plan.base.accounts.insert(id.to_owned(), agreed);
            }
            (None, None) => {}
        }
    }
    plan
}

fn op_for(account: &AccountId, value: FieldValue) -> Op {
    match value {
        FieldValue::Trashed(true) => Op::Trash(account.clone()),
        FieldValue::Trashed(false) => Op::Restore(account.clone()),
        value => Op::Set {
            account: account.clone(),
            value,
        },
    }
}

/// Where the last sync's agreed fields are kept (no key; the metadata file says as much).
const BASE_FILE: &str = "team-base.json";

/// What one sync did.
#[derive(Debug, Default)]
pub struct Report {
    /// People the team removed: refused at this desk from now on ([`crate::desk::Desk::bar`]).
    pub removed: Vec<crate::desk::PersonId>,
    /// Something for the person to know (a folder out of reach, an account that could not come).
    pub warnings: Vec<String>,
    /// The team's changes were made in this desk's vault.
    pub changed_here: bool,
    /// A person here was changed by the team's (a PIN changed or a name given elsewhere).
    pub people_changed: bool,
    /// People whose PIN was reset elsewhere, waiting for an admin's sync here
    /// ([`crate::desk::Desk::hold`]).
    pub held: Vec<crate::desk::PersonId>,
    /// The team as this sync read it, for the window's team section: its folder and status.
    pub status: Option<(std::path::PathBuf, crate::team::status::Status)>,
    /// Something this desk changed waits for an admin's sync, or for the folder.
    pub pending: bool,
    /// When this desk's log lines that wait to be carried are due to go in a record of their
    /// own (`None`: none wait) — the window syncs again then ([`super::shared_log`]).
    pub log_due: Option<u64>,
}

/// Brings this desk's vault and the team folder in step when the desk is in a team: the team's
/// changes are made here, and this desk's (with an admin's `session` only) go into its next
/// record.
/// `purged`: accounts this command purged, written as purges. An unreachable folder leaves the
/// vault as it is; what changed here meanwhile is written at the next sync that reaches it.
pub fn run(
    dir: &Path,
    keychain: &Arc<dyn SecretStore>,
    session: Option<&Session>,
    purged: &[crate::store::AccountId],
    now: u64,
) -> Result<Report, String> {
    let mut report = Report::default();
    let mut m = match Membership::load(&**keychain) {
        Ok(Some(m)) => m,
        Ok(None) => return Ok(report),
        // No keychain: the command says so itself if it needs one.
        Err(crate::desk::team::membership::MembershipError::Store(error)) => {
            tracing::debug!(%error, "no team membership could be read");
            return Ok(report);
        }
        Err(crate::desk::team::membership::MembershipError::Folder(why)) => {
            report.warnings.push(format!(
                "the team folder cannot be read ({why}); this computer works on its own copy until it can."
            ));
            report.pending = true;
            return Ok(report);
        }
        Err(error) => {
            report
                .warnings
                .push(format!("Team: {error}; the team folder is left alone."));
            return Ok(report);
        }
    };
    let epochs = m.keyring.epochs().count();
    let opened = match member::open_cached(&mut m, dir) {
        Ok(opened) if m.keyring.epochs().count() != epochs => {
            m.save(&**keychain).map_err(|e| format!("Team: {e}."))?;
            opened
        }
        Ok(opened) => opened,
        Err(error) => {
            report.warnings.push(format!(
                "the team folder cannot be read ({error}); this computer works on its own copy until it can."
            ));
            report.pending = true;
            return Ok(report);
        }
    };
    report.status = Some((m.folder.clone(), opened.status(&m.desk_id(), now)));
    report.removed = opened
        .state
        .removed_people
        .iter()
        .map(|id| crate::desk::PersonId(id.0.clone()))
        .collect();
    let base_path = dir.join(BASE_FILE);
    let base: Base = crate::store::json_file::read_or_default(&base_path);
    let mut vault = Vault::open(dir, keychain.clone()).map_err(|e| e.to_string())?;
    let mut p = plan(&opened.state, vault.all_accounts(), &base);
    // Purged here just now: not made here again while the purge is on its way.
    p.install
        .retain(|(id, _)| !purged.iter().any(|g| g.as_str() == id.0));
    for id in purged {
        p.base.accounts.remove(id.as_str());
    }
    let mut made = Vec::new();
    for (id, fields) in &p.install {
        let Some(account) = opened.state.account(id) else {
            continue;
        };
        let sealed = account
            .secret_refs
            .iter()
            .find(|r| crate::desk::stores::is_sealed(r));
        let params = serde_json::from_str(&account.params).ok();
        let (Some(sealed), Some(params)) = (sealed, params) else {
            eprintln!(
                "Warning: an account of the team could not be made here (its key or settings are not readable); it stays in the folder."
            );
            p.base.accounts.remove(&id.0);
            continue;
        };
        let local_id = crate::store::AccountId::from(id.0.as_str());
        keychain
            .put_text(&local_id, sealed)
            .map_err(|e| e.to_string())?;
        made.push(crate::store::metadata::Account {
            id: local_id,
            issuer: fields.issuer.clone(),
            name: fields.name.clone(),
            params,
            group: fields.group.clone(),
            position: fields.position,
            pinned: fields.pinned,
            created_unix_secs: now,
            trashed_unix_secs: fields.trashed.then_some(now),
        });
    }
    let apply = p.apply.clone();
    let remove: Vec<String> = p.remove.iter().map(|id| id.0.clone()).collect();
    vault
        .merge_team(|accounts| {
            for account in made {
                if !accounts.iter().any(|a| a.id == account.id) {
                    accounts.push(account);
                }
            }
            for (id, fields) in &apply {
                if let Some(a) = accounts.iter_mut().find(|a| a.id.as_str() == id.0) {
                    a.issuer = fields.issuer.clone();
                    a.name = fields.name.clone();
                    a.group = fields.group.clone();
                    a.position = fields.position;
                    a.pinned = fields.pinned;
                    a.trashed_unix_secs = match (fields.trashed, a.trashed_unix_secs) {
                        (true, Some(t)) => Some(t),
                        (true, None) => Some(now),
                        (false, _) => None,
                    };
                }
            }
            accounts.retain(|a| !remove.iter().any(|r| r == a.id.as_str()));
        })
        .map_err(|e| e.to_string())?;
    for id in &remove {
        let _ = keychain.delete(&crate::store::AccountId::from(id.as_str()));
    }

    // Revoked on another desk: what the team wrote before still came in above; nothing of this
    // desk goes out, the team would ignore it.
    if let Some(epoch) = opened.left_out {
        report.warnings.push(left_out_warning(epoch));
        return Ok(report);
    }

    // The people and shares agreed stay as they were unless an admin's sync below settles
    // them again.
    p.base.people = base.people.clone();
    p.base.shares = base.shares.clone();
    p.base.names = base.names.clone();
    p.base.until = base.until.clone();
    // The team's desk key first: the slots, people and shares below are read and written
    // under the key this computer takes now.
    let (taken, key_op) = match session.filter(|s| s.is_admin()) {
        Some(admin) => desk_key_step(dir, keychain, admin, &opened.state, &mut report, now),
        None => (None, None),
    };
    let session = taken.as_ref().or(session);
    let slots_here = take_slots(
        dir,
        keychain,
        session,
        &opened.state,
        &base,
        &mut p.base,
        &mut report,
    );
    let mut ops = std::mem::take(&mut p.ops);
    ops.extend(
        purged
            .iter()
            .map(|id| Op::Purge(crate::team::AccountId(id.as_str().to_owned()))),
    );
    report.changed_here = !(p.install.is_empty() && p.apply.is_empty() && p.remove.is_empty());
    let session_person = session.map(|s| PersonId(s.person.0.clone()));
    let session_person = session_person.as_ref();
    let admin = session.filter(|s| s.is_admin());
    // Whether this sync wrote a record, and whether what else changed here waits for an admin.
    let (writing, waits_for_admin) = if let Some(session) = admin {
        ops.extend(slots_here);
        ops.extend(key_op);
        let mut desk = Desk::load(dir, keychain.clone()).map_err(|e| e.to_string())?;
        let admin_vault =
            Vault::open(dir, desk.store_for(session, now)).map_err(|e| e.to_string())?;
        for id in &p.add {
            let local_id = crate::store::AccountId::from(id.0.as_str());
            let sealed = keychain.get_text(&local_id).ok().flatten();
            let secret = admin_vault.secret(&local_id).ok().flatten();
            let account = admin_vault.all_accounts().iter().find(|a| a.id == local_id);
            let (Some(sealed), Some(secret), Some(account)) = (sealed, secret, account) else {
                p.base.accounts.remove(&id.0);
                continue;
            };
            if !crate::desk::stores::is_sealed(&sealed) {
                p.base.accounts.remove(&id.0);
                continue;
            }
            if let Some(op) = add_account(&m, account, &sealed, secret.as_bytes()) {
                ops.push(op);
            }
        }
        let mut step = Step {
            session,
            team: &opened.state,
            base: &base,
            agreed: &mut p.base,
            ops: &mut ops,
            report: &mut report,
            now,
        };
        sync_people(&mut step, &mut desk);
        sync_shares(&mut step, &mut desk, &admin_vault);
        let writing = !ops.is_empty();
        if writing {
            member::write(
                &mut m,
                &opened,
                &PersonId(session.person.0.clone()),
                session.team_signer().as_ref(),
                now,
                ops,
            )
            .map_err(|e| format!("Team: {e}."))?;
            m.save(&**keychain).map_err(|e| format!("Team: {e}."))?;
        }
        (writing, false)
    } else {
        // A person may write their own slot: each goes in as that person's record.
        let writing = !slots_here.is_empty();
        for op in slots_here {
            let Op::SetSlot { person, .. } = &op else {
                continue;
            };
            let person = person.clone();
            member::write(&mut m, &opened, &person, None, now, vec![op])
                .map_err(|e| format!("Team: {e}."))?;
            m.save(&**keychain).map_err(|e| format!("Team: {e}."))?;
        }
        // Nothing else this desk changed can be written without an admin: kept for the next
        // sync.
        (writing, !ops.is_empty() || !p.add.is_empty())
    };
    if send_log(
        &mut m,
        &opened,
        dir,
        session_person,
        writing,
        now,
        &mut report,
    ) {
        m.save(&**keychain).map_err(|e| format!("Team: {e}."))?;
    }
    if waits_for_admin {
        report.pending = true;
        return Ok(report);
    }
    crate::store::private_file::write_private(
        &base_path,
        &crate::store::json_file::to_bytes(&p.base),
    )
    .map_err(|e| format!("{}: {e}.", base_path.display()))?;
    Ok(report)
}

/// What a desk that another revoked is told (the window words it itself).
pub fn left_out_warning(epoch: u32) -> String {
    format!(
        "this computer was revoked on another computer of the team (it has no key of the team's epoch {epoch}): the team's changes no longer reach it and nothing changed here goes to the team. The codes it has keep working until the accounts are re-enrolled."
    )
}

/// The team's desk key and this computer's, with an admin's session: the team's is taken here
/// when it is newer (a removal elsewhere replaced it), and this computer's goes into the team
/// when the team has none as new (a removal here replaced it, or the team has never named its
/// key). Gives the admin's session under the key taken, and the op to write.
fn desk_key_step(
    dir: &Path,
    keychain: &Arc<dyn SecretStore>,
    admin: &Session,
    team: &TeamState,
    report: &mut Report,
    now: u64,
) -> (Option<Session>, Option<Op>) {
    let Ok(mut desk) = Desk::load(dir, keychain.clone()) else {
        return (None, None);
    };
    let Some(here) = desk.team_desk_key(admin) else {
        return (None, None);
    };
    // The people the team removed, as `run` gathered them for the report.
    let removed = report.removed.clone();
    // A key sealed to someone the team has removed since, or made a member, is known to
    // them: two computers each removed an admin while apart, each making its key while the
    // other was still one. (Someone the team does not know yet is an admin added here.)
    let known_to_removed = |key: &NewDeskKey| {
        key.sealed.keys().any(|p| {
            team.removed_people.contains(p)
                || team
                    .people
                    .get(p)
                    .is_some_and(|s| s.role() == crate::team::Role::Member)
        })
    };
    let newest = team.desk_key();
    let here_ref = (here.epoch, here.check.as_str());
    let newer = |k: &NewDeskKey| (k.epoch, k.check.as_str()) > here_ref;
    let taken = match newest {
        // The team's newest key, when newer than this computer's and known to nobody removed.
        Some(key) if newer(key) && !known_to_removed(key) => {
            desk.take_team_desk_key(admin, key, &removed, now)
        }
        // This computer's key is known to someone removed, or the team's newer one is: a new
        // one, made here (newer than both).
        _ if known_to_removed(&here) || newest.is_some_and(newer) => {
            let after = newest.map_or(here.epoch, |k| k.epoch);
            desk.replace_team_desk_key(admin, &removed, after, now)
        }
        // This computer's is the newest: it goes to the team.
        Some(key) if (key.epoch, key.check.as_str()) != here_ref => {
            return (None, Some(Op::DeskKey(here)));
        }
        Some(_) => return (None, None),
        None => return (None, Some(Op::DeskKey(here))),
    };
    match taken {
        Ok(true) => {
            report.people_changed = true;
            let session = desk.refreshed(admin);
            // A key made here goes to the team; one taken from it is there already.
            let op = desk
                .team_desk_key(admin)
                .filter(|k| {
                    newest.is_none_or(|n| (k.epoch, k.check.as_str()) > (n.epoch, n.check.as_str()))
                })
                .map(Op::DeskKey);
            (session, op)
        }
        Ok(false) => (None, None),
        Err(e) => {
            report.warnings.push(format!(
                "the team's new desk key could not be taken here: {e}"
            ));
            (None, None)
        }
    }
}

/// Carries this desk's log lines that no record of it carries yet into the team, when they are
/// due ([`shared_log::due`]; `writing`: this sync wrote a record, so they ride along), and says
/// in `report` when the rest will be; returns whether it wrote (the caller saves `m`). A failure
/// leaves them waiting for the next sync: they are read from the log each time, so nothing is
/// lost.
fn send_log(
    m: &mut Membership,
    opened: &super::open::Opened,
    dir: &Path,
    signed_in: Option<&PersonId>,
    writing: bool,
    now: u64,
    report: &mut Report,
) -> bool {
    let log = crate::store::audit_log::AuditLog::new(dir);
    let me = m.desk_id();
    let mut sent = shared_log::sent_through(&opened.state, &me);
    // A record this desk wrote outside a sync (a team page, `team invite`, a PIN) since the
    // oldest waiting line (by the second: a line of the same second goes too): the lines
    // follow it now, as if they had ridden along. Not a record of lines itself, or every
    // line would follow the last at once.
    let last_record = opened.state.desks.get(&me).and_then(|d| {
        let carried = opened
            .state
            .log
            .iter()
            .any(|e| e.dot.desk == me && e.dot.seq == d.last_seq);
        (!carried).then_some(d.last_unix_secs)
    });
    let (mut writing, mut wrote) = (writing, false);
    for _ in 0..shared_log::RECORDS_PER_SYNC {
        let waiting = match log.read_after(sent, shared_log::LINES_PER_RECORD) {
            Ok(waiting) => waiting,
            Err(error) => {
                tracing::warn!(%error, "the log lines for the team could not be read");
                return wrote;
            }
        };
        report.log_due = shared_log::due_at(&waiting, now);
        let passed = waiting
            .first()
            .is_some_and(|r| last_record.is_some_and(|t| t >= r.time));
        if !shared_log::due(&waiting, writing || passed, now) {
            return wrote;
        }
        let Some(person) = shared_log::writer(&opened.state, signed_in, &waiting) else {
            return wrote;
        };
        let ops = waiting
            .iter()
            .map(|r| Op::Audit(shared_log::event_of(r)))
            .collect();
        if let Err(error) = member::write(m, opened, &person, None, now, ops) {
            tracing::warn!(%error, "the log lines could not go to the team");
            return wrote;
        }
        sent = waiting.last().map_or(sent, |r| r.seq);
        report.log_due = None;
        // Once a record of lines is written, the rest follow at once.
        (writing, wrote) = (true, true);
    }
    // More than one sync carries: the rest are due now.
    report.log_due = Some(now);
    wrote
}

/// Key slots the team changed (PINs changed or reset on another desk) are taken here: a
/// person's own change (same person key) with no admin, a reset at an admin's sync. A slot that
/// changed here is written by the command or page that changed it (`publish_slot`); one that
/// did not reach the team that way (the folder was out of reach) is returned, as the op that
/// writes it now.
#[allow(clippy::too_many_arguments)]
fn take_slots(
    dir: &Path,
    keychain: &Arc<dyn SecretStore>,
    session: Option<&Session>,
    team: &TeamState,
    base: &Base,
    agreed: &mut Base,
    report: &mut Report,
) -> Vec<Op> {
    let mut here = Vec::new();
    let Ok(mut desk) = Desk::load(dir, keychain.clone()) else {
        return here;
    };
    let admin = session.filter(|s| s.is_admin());
    for person in desk.people().to_vec() {
        let id = PersonId(person.id.0.clone());
        let Some(theirs) = team
            .people
            .get(&id)
            .filter(|_| !team.removed_people.contains(&id))
        else {
            continue;
        };
        let (Some(mine), Some(team_core)) = (
            desk.slot_text(&person.id).and_then(|t| slot_core(&t)),
            slot_core(theirs.slot_ref()),
        ) else {
            continue;
        };
        let was = base.slots.get(&id.0);
        if mine == team_core {
            agreed.slots.insert(id.0.clone(), mine);
            continue;
        }
        if was != Some(&mine) {
            // Changed here (or never agreed): this desk's slot stands until the team changes.
            // Changed here while the team kept the agreed one: the change never reached the
            // folder, so it goes in now (never when nothing was agreed: that could put an old
            // slot back).
            if was == Some(&team_core)
                && let Some(text) = desk.slot_text(&person.id)
            {
                here.push(Op::SetSlot {
                    person: id.clone(),
                    slot_ref: text.to_string(),
                });
            }
            agreed
                .slots
                .insert(id.0.clone(), was.cloned().unwrap_or(mine));
            continue;
        }
        let theirs_here = match desk.shown_desk_key() {
            Some((epoch, check)) => slot_in(team, &id, theirs.slot_ref(), (epoch, &check)),
            None => theirs.slot_ref().to_owned(),
        };
        let taken = match desk.take_own_pin_change(&theirs_here) {
            Ok(()) => Ok(()),
            Err(crate::desk::DeskError::Tampered(_)) => match admin {
                Some(admin) => desk.take_reset(admin, &theirs_here),
                None => {
                    // A reset needs an admin here; until then the old PIN opens nothing here.
                    report.pending = true;
                    report.held.push(person.id.clone());
                    agreed.slots.insert(id.0.clone(), mine);
                    continue;
                }
            },
            Err(e) => Err(e),
        };
        match taken {
            Ok(()) => {
                report.people_changed = true;
                agreed.slots.insert(id.0.clone(), team_core);
            }
            Err(e) => {
                report.warnings.push(format!(
                    "{}'s new PIN could not be taken here: {e}",
                    person.name
                ));
                agreed.slots.insert(id.0.clone(), mine);
            }
        }
    }
    here
}

/// The record op that brings `account` into the team: its metadata, its key as sealed under
/// the desk key (`sealed`, the keychain item's text) and the keyed fingerprint of `secret`.
/// `None` when the team's fingerprint key is missing.
pub fn add_account(
    m: &Membership,
    account: &crate::store::metadata::Account,
    sealed: &str,
    secret: &[u8],
) -> Option<Op> {
    Some(Op::AddAccount(NewAccount {
        account: AccountId(account.id.as_str().to_owned()),
        fingerprint: m.fingerprint(secret)?,
        secret_ref: sealed.to_owned(),
        params: serde_json::to_string(&account.params).unwrap_or_default(),
        issuer: account.issuer.clone(),
        name: account.name.clone(),
        group: account.group.clone(),
        position: account.position,
        pinned: account.pinned,
    }))
}

/// An admin's sync of people and shares: what the team says, what was agreed, and what this
/// sync writes and agrees.
struct Step<'a> {
    session: &'a Session,
    team: &'a TeamState,
    base: &'a Base,
    agreed: &'a mut Base,
    ops: &'a mut Vec<Op>,
    report: &'a mut Report,
    now: u64,
}

/// The shares, with an admin's session: a share made here goes into the record, one ended
/// here since the last sync is ended in the team; a share the team made elsewhere is made
/// here (its code table computed here for the member's key), one the team ended is ended here.
/// A new end time travels the same way, from the side that changed it since the last sync.
fn sync_shares(step: &mut Step<'_>, desk: &mut Desk, vault: &Vault) {
    let Step {
        session,
        team,
        base,
        agreed,
        ops,
        report,
        now,
    } = step;
    let (session, team, base, now) = (*session, *team, *base, *now);
    let Ok(here) = desk.verified_shares(session) else {
        return;
    };
    let key = |person: &str, account: &str| format!("{person} {account}");
    agreed.shares.clear();
    agreed.until.clear();
    for (account, person, until) in &here {
        let k = key(&person.0, account.as_str());
        let theirs = team
            .shares
            .get(&(
                PersonId(person.0.clone()),
                crate::team::AccountId(account.as_str().to_owned()),
            ))
            .map(|s| s.until_unix_secs);
        let in_team = theirs.is_some();
        if let Some(theirs) = theirs.filter(|theirs| theirs != until) {
            // Both have the share with different ends: the side that changed it since the last
            // sync gives the end (both changed: the fold keeps the later record's).
            let was = base.until.get(&k);
            let changed_here = was.is_some_and(|was| was != until);
            let end = if changed_here {
                ops.push(Op::Share {
                    person: PersonId(person.0.clone()),
                    account: crate::team::AccountId(account.as_str().to_owned()),
                    until_unix_secs: *until,
                });
                *until
            } else {
                match vault
                    .entry(account)
                    .map_err(|e| e.to_string())
                    .and_then(|entry| entry.ok_or_else(|| "no such account".to_owned()))
                    .and_then(|entry| {
                        desk.share(session, account, &entry, person, theirs, now)
                            .map_err(|e| e.to_string())
                    }) {
                    Ok(_) => theirs,
                    Err(e) => {
                        report
                            .warnings
                            .push(format!("a share's new end could not be taken here: {e}"));
                        *until
                    }
                }
            };
            agreed.shares.insert(k.clone());
            agreed.until.insert(k, end);
            continue;
        }
        if !in_team && base.shares.contains(&k) {
            // The team ended it elsewhere.
            if let Err(e) = desk.unshare(session, account, person) {
                report
                    .warnings
                    .push(format!("a share could not end here: {e}"));
                agreed.shares.insert(k);
            }
            continue;
        }
        if !in_team {
            ops.push(Op::Share {
                person: PersonId(person.0.clone()),
                account: crate::team::AccountId(account.as_str().to_owned()),
                until_unix_secs: *until,
            });
        }
        agreed.shares.insert(k.clone());
        agreed.until.insert(k, *until);
    }
    for ((person, account), share) in &team.shares {
        let k = key(&person.0, &account.0);
        let local_account = crate::store::AccountId::from(account.0.as_str());
        let local_person = crate::desk::PersonId(person.0.clone());
        if here
            .iter()
            .any(|(a, p, _)| *a == local_account && *p == local_person)
        {
            continue;
        }
        if base.shares.contains(&k) {
            // Ended here since the last sync.
            ops.push(Op::Unshare {
                person: person.clone(),
                account: account.clone(),
            });
            continue;
        }
        if share.until_unix_secs.is_some_and(|until| until <= now) {
            continue;
        }
        let Ok(Some(entry)) = vault.entry(&local_account) else {
            continue;
        };
        match desk.share(
            session,
            &local_account,
            &entry,
            &local_person,
            share.until_unix_secs,
            now,
        ) {
            Ok(_) => {
                agreed.shares.insert(k.clone());
                agreed.until.insert(k, share.until_unix_secs);
            }
            Err(e) => report
                .warnings
                .push(format!("a share could not be made here: {e}")),
        }
    }
}

/// The people, with an admin's session: people the team added elsewhere are taken here with
/// their own slots; people added here go into the record, and people removed here since the
/// last sync are removed in the team. A name changed on one side since the last sync takes the
/// other side's place (both changed: this desk's is written too, and the fold keeps both for an
/// admin to pick). A member the team removed leaves this desk's state; an admin the team
/// removed left it already, with the team's new desk key (`desk_key_step`), or is refused
/// here (barred) until that key is taken.
fn sync_people(step: &mut Step<'_>, desk: &mut Desk) {
    let Step {
        session,
        team,
        base,
        agreed,
        ops,
        report,
        now,
    } = step;
    let (session, team, base, now) = (*session, *team, *base, *now);
    use crate::desk::{Carried, Role as DeskRole};
    let here: Vec<crate::desk::PersonInfo> = desk.people().to_vec();
    agreed.people.clear();
    agreed.names.clear();
    let live = |id: &str| {
        let id = PersonId(id.to_owned());
        team.people
            .get(&id)
            .filter(|_| !team.removed_people.contains(&id))
    };
    for person in &here {
        let id = person.id.0.as_str();
        let removed = team.removed_people.contains(&PersonId(id.to_owned()));
        if removed {
            if person.role == DeskRole::Member {
                if let Err(e) = desk.remove_person(session, &person.id, now) {
                    report.warnings.push(format!("{}: {e}", person.name));
                }
            } else {
                report.warnings.push(format!(
                    "{} was removed from the team on another computer and can no longer sign in here; they leave this computer when it takes the team's new desk key.",
                    person.name
                ));
            }
            continue;
        }
        if let Some(theirs) = live(id) {
            sync_name(
                person,
                theirs.name(),
                base,
                agreed,
                ops,
                report,
                desk,
                session,
            );
        } else if !base.people.contains(id) {
            let Some(slot) = desk.slot_text(&person.id) else {
                continue;
            };
            // A person acts in the team by the signing key in their slot: only one their own
            // person key vouches for goes in (not one someone put there with the desk's login).
            // An admin needs one; a member's slot from before signing keys has none.
            let has_signer = crate::team::signers::SlotSigning::of(&slot)
                .signer
                .is_some();
            let needed = has_signer || person.role == DeskRole::Admin;
            if needed && desk.trusted_signer(session, &person.id).is_none() {
                report.warnings.push(format!(
                    "{}'s key slot here does not hold their own signing key; give them a new PIN.",
                    person.name
                ));
                continue;
            }
            ops.push(Op::AddPerson {
                person: PersonId(id.to_owned()),
                name: person.name.clone(),
                role: match person.role {
                    DeskRole::Admin => crate::team::Role::Admin,
                    DeskRole::Member => crate::team::Role::Member,
                },
                slot_ref: slot.to_string(),
            });
        }
        agreed.people.insert(id.to_owned());
    }
    for (id, state) in &team.people {
        if team.removed_people.contains(id) || here.iter().any(|p| p.id.0 == id.0) {
            continue;
        }
        if base.people.contains(&id.0) {
            // Removed here since the last sync.
            ops.push(Op::RemovePerson(id.clone()));
            continue;
        }
        let slot = match desk.shown_desk_key() {
            Some((epoch, check)) => slot_in(team, id, state.slot_ref(), (epoch, &check)),
            None => state.slot_ref().to_owned(),
        };
        let carried = Carried {
            id: crate::desk::PersonId(id.0.clone()),
            name: state.name().to_owned(),
            role: match state.role() {
                crate::team::Role::Admin => DeskRole::Admin,
                crate::team::Role::Member => DeskRole::Member,
            },
            slot,
        };
        match desk.take_person(session, &carried, now) {
            Ok(()) => {
                agreed.people.insert(id.0.clone());
                agreed.names.insert(id.0.clone(), carried.name.clone());
            }
            Err(e) => report
                .warnings
                .push(format!("{} could not be added here: {e}", carried.name)),
        }
    }
}

/// One person's name, three ways: here, in the team, and as last agreed.
#[allow(clippy::too_many_arguments)]
fn sync_name(
    person: &crate::desk::PersonInfo,
    theirs: &str,
    base: &Base,
    agreed: &mut Base,
    ops: &mut Vec<Op>,
    report: &mut Report,
    desk: &mut Desk,
    session: &Session,
) {
    let id = person.id.0.clone();
    let mine = person.name.as_str();
    let was = base.names.get(&id).map(String::as_str);
    // An empty name (a hostile record's) is never taken: it would fail here on every sync.
    if mine == theirs || theirs.is_empty() {
        agreed.names.insert(id, mine.to_owned());
    } else if was.is_none_or(|was| was == mine) {
        // Unchanged here (or never agreed): the team's name is taken here.
        match desk.rename_person(session, &person.id, theirs) {
            Ok(()) => {
                report.people_changed = true;
                agreed.names.insert(id, theirs.to_owned());
            }
            Err(e) => {
                report.warnings.push(format!("{mine}: {e}"));
                agreed.names.insert(id, mine.to_owned());
            }
        }
    } else {
        ops.push(Op::SetPersonName {
            person: PersonId(id.clone()),
            name: mine.to_owned(),
        });
        agreed.names.insert(id, mine.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::desk::exposure::tests::account;
    use crate::team::test_support::{ADMIN, Writer, add, genesis};

    /// The team with one account, `name` at `owner`'s shop.
    fn state_with_amazon(id: &str, issuer: &str, name: &str) -> TeamState {
        let mut desk = Writer::new(&genesis().desk.0);
        let Op::AddAccount(mut new) = add(id, 1, issuer) else {
            unreachable!()
        };
        new.name = name.into();
        let record = desk.write(ADMIN, &[], vec![Op::AddAccount(new)]);
        crate::team::fold([record], &genesis())
    }

    #[test]
    fn each_side_keeps_its_own_changes_and_takes_the_others() {
        let team = state_with_amazon("account-amazon", "Amazon", "owner");
        let first = plan(&team, &[], &Base::default());
        assert_eq!(first.install.len(), 1, "a team account comes here");
        let base = first.base;

        // Renamed here, pinned nowhere: the rename is written, nothing is applied here.
        let mut mine = account("account-amazon", "Amazon", "renamed here");
        let p = plan(&team, std::slice::from_ref(&mine), &base);
        assert_eq!(
            p.ops,
            [Op::Set {
                account: "account-amazon".into(),
                value: FieldValue::Name("renamed here".into())
            }]
        );
        assert!(p.apply.is_empty() && p.install.is_empty());

        // Unchanged here, renamed in the team: applied here, nothing written.
        mine.name = "owner".into();
        let renamed = state_with_amazon("account-amazon", "Amazon", "renamed there");
        let p = plan(&renamed, std::slice::from_ref(&mine), &base);
        assert!(p.ops.is_empty());
        assert_eq!(p.apply.len(), 1);
        assert_eq!(p.apply[0].1.name, "renamed there");
        assert_eq!(p.base.accounts["account-amazon"].name, "renamed there");

        // Trashed here: a trash op.
        mine.trashed_unix_secs = Some(5);
        let p = plan(&team, std::slice::from_ref(&mine), &base);
        assert_eq!(p.ops, [Op::Trash("account-amazon".into())]);

        // Added here: the caller adds it. Gone here after a sync (a lost metadata file): made
        // here again, never purged.
        let p = plan(&team, &[account("account-new", "Amazon", "n")], &base);
        assert_eq!(p.add, ["account-new".into()]);
        assert!(p.ops.is_empty());
        assert_eq!(p.install.len(), 1);

        // A synced account the team does not name (its record lost from the folder) is written
        // again, never deleted here; one the team purged leaves here.
        let p = plan(
            &TeamState::default(),
            &[account("account-amazon", "Amazon", "owner")],
            &base,
        );
        assert_eq!(p.add, ["account-amazon".into()]);
        assert!(p.remove.is_empty());
        let mut purged = TeamState::default();
        purged.purged.insert("account-amazon".into());
        let p = plan(
            &purged,
            &[account("account-amazon", "Amazon", "owner")],
            &base,
        );
        assert_eq!(p.remove, ["account-amazon".into()]);
    }
}
