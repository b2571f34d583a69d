//! What one op does to the team state, once [`fold`](mod@super::fold) has decided the record may
//! write it.
//! Pure; an op that cannot apply (unknown account, last admin) changes nothing and is listed.

use std::collections::{BTreeMap, BTreeSet};

use super::ids::{AccountId, DeskId, Dot, PersonId};
use super::op::{FieldValue, NewAccount, Op};
use super::order::Ordered;
use super::state::{AccountState, DeskState, Problem, Reason, Register, ShareState, TeamState};

/// The record an op comes in.
pub struct Context<'a> {
    pub dot: &'a Dot,
    pub desk: &'a DeskId,
    /// The record's vector clock, indexed like `ordered.desks`.
    pub clock: &'a [u64],
    pub ordered: &'a Ordered,
}

pub fn apply_op(state: &mut TeamState, op: &Op, context: &Context<'_>) {
    let outcome = match op {
        Op::AddAccount(new) => add_account(state, new, context),
        Op::Set { account, value } | Op::Resolve { account, value } => {
            write_field(state, account, value.clone(), context)
        }
        Op::Trash(account) => write_field(state, account, FieldValue::Trashed(true), context),
        Op::Restore(account) => write_field(state, account, FieldValue::Trashed(false), context),
        Op::Purge(account) => purge(state, account),
        Op::Share {
            person,
            account,
            until_unix_secs,
        } => share(state, person, account, *until_unix_secs, context),
        Op::Unshare { person, account } => {
            let account = canonical(state, account).unwrap_or_else(|| account.clone());
            state.shares.remove(&(person.clone(), account));
            Ok(())
        }
        Op::AddDesk { desk, name, key } => add_desk(state, desk, name, key),
        Op::RevokeDesk { desk, accepted_seq } => revoke(state, desk, *accepted_seq, context),
        Op::AppVersion(version) => {
            if let Some(desk) = state.desks.get_mut(context.desk) {
                desk.app_version.clone_from(version);
            }
            Ok(())
        }
        Op::DeskKey(key) => {
            // The first record of a key stands; its copy again changes nothing.
            state
                .desk_keys
                .entry((key.epoch, key.check.clone()))
                .or_insert_with(|| key.clone());
            Ok(())
        }
        // Gathered once the fold is done (`fold`), moved out of their records.
        Op::Audit(_) => Ok(()),
        Op::AddPerson { .. }
        | Op::RemovePerson(_)
        | Op::SetRole { .. }
        | Op::SetPersonName { .. }
        | Op::SetSlot { .. } => super::people::apply(state, op, context),
    };
    if let Err(reason) = outcome {
        state.problems.push(Problem {
            dot: context.dot.clone(),
            reason,
        });
    }
}

/// The account `id` names now (through an alias); `None` when purged or never added.
fn canonical(state: &TeamState, id: &AccountId) -> Option<AccountId> {
    let id = state.aliases.get(id).unwrap_or(id);
    state.accounts.contains_key(id).then(|| id.clone())
}

/// Like [`canonical`], but a purged account is `Ok(None)` (a write that raced the purge: moot)
/// and an account never heard of is a problem.
fn target(state: &TeamState, id: &AccountId) -> Result<Option<AccountId>, Reason> {
    if let Some(id) = canonical(state, id) {
        return Ok(Some(id));
    }
    let id = state.aliases.get(id).unwrap_or(id);
    if state.purged.contains(id) {
        Ok(None)
    } else {
        Err(Reason::UnknownAccount(id.clone()))
    }
}

fn add_account(
    state: &mut TeamState,
    new: &NewAccount,
    context: &Context<'_>,
) -> Result<(), Reason> {
    let values = [
        FieldValue::Issuer(new.issuer.clone()),
        FieldValue::Name(new.name.clone()),
        FieldValue::Group(new.group.clone()),
        FieldValue::Position(new.position),
        FieldValue::Pinned(new.pinned),
        FieldValue::Trashed(false),
    ];
    let same_key = state
        .accounts
        .values()
        .find(|a| a.fingerprint == new.fingerprint)
        .map(|a| a.id.clone());
    if let Some(existing) = same_key {
        if new.account != existing {
            if state.aliases.contains_key(&new.account) || state.accounts.contains_key(&new.account)
            {
                return Err(Reason::AccountIdTaken(new.account.clone()));
            }
            state.aliases.insert(new.account.clone(), existing.clone());
        }
        if let Some(account) = state.accounts.get_mut(&existing) {
            account.secret_refs.insert(new.secret_ref.clone());
        }
        for value in values {
            write_field(state, &existing, value, context)?;
        }
        return Ok(());
    }
    let taken = state.accounts.contains_key(&new.account)
        || state.aliases.contains_key(&new.account)
        || state.purged.contains(&new.account);
    if taken {
        return Err(Reason::AccountIdTaken(new.account.clone()));
    }
    let fields = values
        .into_iter()
        .map(|v| (v.field(), Register::new(context.dot.clone(), v)))
        .collect::<BTreeMap<_, _>>();
    let account = AccountState {
        id: new.account.clone(),
        fingerprint: new.fingerprint,
        secret_refs: BTreeSet::from([new.secret_ref.clone()]),
        params: new.params.clone(),
        added: context.dot.clone(),
        fields,
    };
    state.accounts.insert(new.account.clone(), account);
    Ok(())
}

fn write_field(
    state: &mut TeamState,
    id: &AccountId,
    value: FieldValue,
    context: &Context<'_>,
) -> Result<(), Reason> {
    let Some(id) = target(state, id)? else {
        return Ok(());
    };
    let Some(account) = state.accounts.get_mut(&id) else {
        return Ok(());
    };
    let dot = context.dot.clone();
    match account.fields.get_mut(&value.field()) {
        Some(register) => register.write(dot, |old| context.ordered.saw(context.clock, old), value),
        None => {
            account
                .fields
                .insert(value.field(), Register::new(dot, value));
        }
    }
    Ok(())
}

fn purge(state: &mut TeamState, id: &AccountId) -> Result<(), Reason> {
    let Some(id) = target(state, id)? else {
        return Ok(());
    };
    state.accounts.remove(&id);
    state.shares.retain(|(_, account), _| account != &id);
    state.purged.insert(id);
    Ok(())
}

fn share(
    state: &mut TeamState,
    person: &PersonId,
    account: &AccountId,
    until_unix_secs: Option<u64>,
    context: &Context<'_>,
) -> Result<(), Reason> {
    if !state.people.contains_key(person) {
        return Err(Reason::Invalid("person"));
    }
    let Some(account) = target(state, account)? else {
        return Ok(());
    };
    let granted = context.dot.clone();
    let share = ShareState {
        until_unix_secs,
        granted,
    };
    state.shares.insert((person.clone(), account), share);
    Ok(())
}

fn add_desk(state: &mut TeamState, desk: &DeskId, name: &str, key: &str) -> Result<(), Reason> {
    if state.desks.contains_key(desk) || !DeskId::is_valid_name(&desk.0) {
        return Err(Reason::Invalid("desk"));
    }
    let hex = |c: u8| c.is_ascii_digit() || (b'a'..=b'f').contains(&c);
    if key.len() != 128 || !key.bytes().all(hex) {
        return Err(Reason::Invalid("desk key"));
    }
    let info = DeskState {
        name: name.to_owned(),
        key: key.to_owned(),
        ..DeskState::default()
    };
    state.desks.insert(desk.clone(), info);
    Ok(())
}

fn revoke(
    state: &mut TeamState,
    desk: &DeskId,
    accepted_seq: u64,
    context: &Context<'_>,
) -> Result<(), Reason> {
    if desk == context.desk {
        return Err(Reason::Invalid("desk"));
    }
    let Some(info) = state.desks.get_mut(desk) else {
        return Err(Reason::Invalid("desk"));
    };
    let cut = info
        .revoked_after
        .map_or(accepted_seq, |s| s.min(accepted_seq));
    info.revoked_after = Some(cut);
    Ok(())
}
