//! `otp-desk team …`: the team folder on the command line. `create` turns this desk's vault into
//! the first desk's records; `invite` shows a one-time code and stays running until a new
//! computer used it (the join exchange's state cannot be saved); `join` answers it from the new
//! computer; `status` shows the desks and what did not open.

use std::io::Write as _;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::args::TeamCommand;
use super::desk::Gate;
use super::{EXIT_FAILED, EXIT_USAGE, stdin};
use crate::clock::Clock;
use crate::desk::Carried;
use crate::desk::team::join::{CODE_LIFETIME_SECS, Invite, JoinCode, JoinError, Joining};
use crate::desk::team::member::{self, put_file};
use crate::desk::team::membership::{self, GENESIS_FILE, Membership};
use crate::desk::team::{DeskIdentity, Keyring, grant};
use crate::store::SecretStore;
use crate::store::audit_log::AuditAction;
use crate::team::{Op, PersonId};
use crate::vault::Vault;

/// What an inviting desk leaves when an answer did not match its code.
const REFUSED: &[u8] = b"OTPr\x01";

/// How often a waiting command looks at the folder again.
const POLL: Duration = Duration::from_millis(200);

fn now() -> u64 {
    Clock::System.unix_secs()
}

fn app_version() -> Op {
    Op::AppVersion(crate::VERSION.to_owned())
}

fn membership(store: &dyn SecretStore) -> Result<Membership, String> {
    Membership::load(store)
        .map_err(|e| format!("Team: {e}."))?
        .ok_or_else(|| {
            "This desk is in no team: an admin makes one with `otp-desk team create FOLDER --as NAME`, or this computer joins one with `otp-desk team join FOLDER --name NAME`.".to_owned()
        })
}

pub fn run(
    gate: &mut Gate,
    vault: Option<&Vault>,
    store: Arc<dyn SecretStore>,
    action: &TeamCommand,
) -> Result<u8, String> {
    match action {
        TeamCommand::Create { folder, name } => {
            let Some(vault) = vault else {
                return Err("Team: the vault could not be opened.".into());
            };
            create(gate, vault, &*store, folder, name.as_deref())
        }
        TeamCommand::Invite => invite(gate, &*store),
        TeamCommand::Join { folder, name } => join(gate, &*store, folder, name),
        TeamCommand::Status { json } => status(&*store, *json),
        TeamCommand::Revoke { desk } => revoke(gate, &*store, desk),
    }
}

/// Writes `ops` as this desk's next record in `session`'s name (signed with the team admin key
/// when they need it), having read the folder as it is now, and keeps the chain's end.
fn write_as(
    m: &mut Membership,
    store: &dyn SecretStore,
    session: &crate::desk::Session,
    ops: Vec<Op>,
) -> Result<(), String> {
    let opened = member::open(m).map_err(|e| format!("Team: {e}."))?;
    member::write(
        m,
        &opened,
        &PersonId(session.person.0.clone()),
        session.team_admin_key().as_ref(),
        now(),
        ops,
    )
    .map_err(|e| format!("Team: {e}."))?;
    m.save(store).map_err(|e| format!("Team: {e}."))
}

fn host_name() -> String {
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

fn check_desk_name(name: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 60 || name.chars().any(char::is_control) {
        return Err("--name: give the computer a name of 1 to 60 characters.".into());
    }
    Ok(name.to_owned())
}

fn create(
    gate: &mut Gate,
    vault: &Vault,
    store: &dyn SecretStore,
    folder: &Path,
    name: Option<&str>,
) -> Result<u8, String> {
    let Some(session) = gate.session.clone().filter(|s| s.is_admin()) else {
        return Err(
            "Team: the vault becomes a team vault only in desk mode, by an admin: add people with `otp-desk people add NAME --admin`, then give an admin's name with --as.".into(),
        );
    };
    if Membership::load(store)
        .map_err(|e| format!("Team: {e}."))?
        .is_some()
    {
        return Err("Team: this desk is already in a team (`otp-desk team status`).".into());
    }
    let name = check_desk_name(&name.map_or_else(host_name, str::to_owned))?;
    let shown = folder.display();
    if folder.join(GENESIS_FILE).exists() || folder.join("desks").exists() {
        return Err(format!(
            "{shown} already holds a team vault: join it from this computer with `otp-desk team join` and a code from a joined desk."
        ));
    }
    std::fs::create_dir_all(folder)
        .map_err(|e| format!("{shown}: cannot make the folder: {e}."))?;
    // Absolute, but not canonical: Windows would give a `\\?\` path to show and store.
    let folder = std::path::absolute(folder).map_err(|e| format!("{shown}: {e}."))?;
    let slot = |id| {
        gate.desk.slot_text(id).ok_or_else(|| {
            format!("Team: the key slot of a person is missing from the keychain ({id}).")
        })
    };
    let admin = session
        .team_admin_key()
        .ok_or("Team: only an admin can make the team vault.")?;
    let mut m = membership::found(
        &folder,
        &name,
        (&session.person.0, &session.name),
        &slot(&session.person)?,
        &admin.public_hex(),
    )
    .map_err(|e| format!("Team: {e}."))?;

    let mut ops = vec![app_version()];
    for person in gate.desk.people() {
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
        let (Some(sealed), Some(secret)) = (sealed, secret) else {
            skipped.push(account.label());
            continue;
        };
        // Only a key sealed under the desk key goes into the folder, even inside a sealed record.
        if !crate::desk::stores::is_sealed(&sealed) {
            skipped.push(account.label());
            continue;
        }
        let op = crate::desk::team::sync::add_account(&m, account, &sealed, secret.as_bytes())
            .ok_or("Team: the team key could not be made.")?;
        ops.push(op);
    }
    let accounts = ops.len() - 1 - people;
    let genesis = membership::seal_genesis(&m.keyring, &m.genesis, &m.admin_key)
        .map_err(|e| format!("Team: {e}."))?;
    put_file(&folder, GENESIS_FILE, &genesis).map_err(|e| {
        format!(
            "{}: cannot write: {e}.",
            folder.join(GENESIS_FILE).display()
        )
    })?;
    write_as(&mut m, store, &session, ops)?;
    gate.record(AuditAction::Team, None, Some("team vault made".into()));
    for label in &skipped {
        eprintln!(
            "Warning: {label}: its key is not sealed under the desk key; it stays on this desk only."
        );
    }
    println!(
        "The team vault is in {}: {accounts} accounts and {} people. This computer is '{name}'. Another computer joins with a code from `otp-desk team invite`.",
        folder.display(),
        people + 1,
    );
    Ok(if skipped.is_empty() { 0 } else { EXIT_FAILED })
}

/// Waits for `ready` to give a value, looking every [`POLL`], until `deadline`.
fn wait_for<T>(
    deadline: Instant,
    mut ready: impl FnMut() -> Result<Option<T>, String>,
) -> Result<Option<T>, String> {
    loop {
        if let Some(value) = ready()? {
            return Ok(Some(value));
        }
        if Instant::now() >= deadline {
            return Ok(None);
        }
        std::thread::sleep(POLL);
    }
}

fn not_yet<T>(result: Result<T, JoinError>) -> Result<Option<T>, String> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(JoinError::NotArrivedYet) => Ok(None),
        Err(e) => Err(format!("Join: {e}.")),
    }
}

fn invite(gate: &mut Gate, store: &dyn SecretStore) -> Result<u8, String> {
    let Some(session) = gate.session.clone().filter(|s| s.is_admin()) else {
        return Err("Only an admin can invite a computer; give an admin's name with --as.".into());
    };
    let mut m = membership(store)?;
    let opened = member::open(&mut m).map_err(|e| format!("Team: {e}."))?;
    let me = m.desk_id();
    let stem = format!("join/{me}");
    let root = m.folder.clone();
    // This desk's earlier invite files are its own to replace.
    for old in ["invite", "answer", "confirm", "refused"] {
        let _ = std::fs::remove_file(root.join(format!("{stem}.{old}")));
    }
    let code = JoinCode::generate().map_err(|e| format!("Join: {e}."))?;
    let mut invitation =
        Invite::start(&m.keyring, &code, now()).map_err(|e| format!("Join: {e}."))?;
    put_file(&root, &format!("{stem}.invite"), invitation.file())
        .map_err(|e| format!("{}: cannot write: {e}.", root.display()))?;
    println!("{}", code.grouped().as_str());
    let _ = std::io::stdout().flush();
    eprintln!(
        "Type this code on the new computer within 10 minutes: `otp-desk team join {} --name NAME`. Waiting…",
        root.display()
    );
    let desks: Vec<_> = m
        .known
        .iter()
        .filter(|d| member::is_admitted(&opened.state, &d.id()) || d.id() == me)
        .copied()
        .collect();
    let answer_path = root.join(format!("{stem}.answer"));
    let deadline = Instant::now() + Duration::from_secs(CODE_LIFETIME_SECS);
    let admitted = wait_for(deadline, || match std::fs::read(&answer_path) {
        Ok(bytes) => not_yet(invitation.admit(&bytes, now(), &desks)),
        Err(_) => Ok(None),
    });
    let _ = std::fs::remove_file(root.join(format!("{stem}.invite")));
    if admitted.is_err() {
        // Tells the joining computer at once instead of letting it wait out the 10 minutes.
        let _ = put_file(&root, &format!("{stem}.refused"), REFUSED);
    }
    let Some(admitted) = admitted? else {
        return Err(
            "Join: the join code expired before a computer used it; make a new one.".into(),
        );
    };
    put_file(&root, &format!("{stem}.confirm"), &admitted.confirm)
        .map_err(|e| format!("{}: cannot write: {e}.", root.display()))?;
    let new_desk = admitted.desk.id();
    for key in m.keyring.epochs() {
        let granted =
            grant::make(&m.keyring, key, &[admitted.desk]).map_err(|e| format!("Join: {e}."))?;
        let file = format!("grants/{new_desk}-{}-{me}.grant", key.epoch());
        put_file(&root, &file, &granted)
            .map_err(|e| format!("{}: cannot write: {e}.", root.display()))?;
    }
    let ops = vec![
        app_version(),
        Op::AddDesk {
            desk: new_desk.clone(),
            name: admitted.name.clone(),
            key: admitted.desk.to_hex(),
        },
    ];
    write_as(&mut m, store, &session, ops)?;
    m.known.insert(admitted.desk);
    m.save(store).map_err(|e| format!("Team: {e}."))?;
    gate.record(
        AuditAction::Team,
        None,
        Some(format!("computer '{}' joined the team", admitted.name)),
    );
    eprintln!("'{}' joined the team.", admitted.name);
    Ok(0)
}

fn join(gate: &mut Gate, store: &dyn SecretStore, folder: &Path, name: &str) -> Result<u8, String> {
    let Some(admin) = gate.acting.clone() else {
        eprintln!(
            "--as: say which admin of the team sets this computer up (their PIN on the line after the join code)."
        );
        return Ok(EXIT_USAGE);
    };
    let existing = Membership::load(store).map_err(|e| format!("Team: {e}."))?;
    let mut m = match existing {
        Some(_) if gate.desk.is_on() => {
            return Err(
                "Team: this computer is already in a team (`otp-desk team status`).".into(),
            );
        }
        // Joined before, but the vault did not come (a wrong PIN): only the PIN is asked now.
        Some(m) => m,
        None => {
            if gate.desk.is_on() {
                return Err(
                    "Team: this computer has people of its own; a team's desk starts empty.".into(),
                );
            }
            let local = Vault::open(&gate.dir, Arc::new(NoSecrets)).map_err(|e| e.to_string())?;
            if !local.accounts().is_empty() {
                return Err(format!(
                    "Team: this computer has {} accounts of its own; a team's desk starts empty (export them, remove them, and import them on a joined desk).",
                    local.accounts().len()
                ));
            }
            let m = exchange(folder, name)?;
            m.save(store).map_err(|e| format!("Team: {e}."))?;
            m
        }
    };
    let pin = stdin::secret_line(&format!("PIN for {admin}"))?;
    let brought = bring_vault(gate, store, &mut m, &admin, &pin);
    m.save(store).map_err(|e| format!("Team: {e}."))?;
    let (people, accounts) = brought.map_err(|e| {
        format!(
            "{e} This computer joined the team as '{}', but the vault was not brought here; run `otp-desk team join {} --name \"{}\" --as NAME` again with an admin's PIN (no new code is needed).",
            m.name,
            m.folder.display(),
            m.name
        )
    })?;
    println!(
        "This computer joined the team as '{}': {accounts} accounts and {people} people are here now.",
        m.name
    );
    Ok(0)
}

/// A store with no items, to count a computer's own accounts before it joins (no keychain
/// request is needed for that).
struct NoSecrets;

impl SecretStore for NoSecrets {
    fn check(&self) -> Result<(), crate::store::StoreError> {
        Ok(())
    }
    fn put_text(
        &self,
        _: &crate::store::AccountId,
        _: &str,
    ) -> Result<(), crate::store::StoreError> {
        Ok(())
    }
    fn get_text(
        &self,
        _: &crate::store::AccountId,
    ) -> Result<Option<zeroize::Zeroizing<String>>, crate::store::StoreError> {
        Ok(None)
    }
    fn delete(&self, _: &crate::store::AccountId) -> Result<(), crate::store::StoreError> {
        Ok(())
    }
    fn all_ids(&self) -> Result<Vec<crate::store::AccountId>, crate::store::StoreError> {
        Ok(Vec::new())
    }
}

/// The team's people and accounts made this desk's: `admin` (by name) vouches with their PIN.
/// Returns how many people and accounts came.
fn bring_vault(
    gate: &mut Gate,
    store: &dyn SecretStore,
    m: &mut Membership,
    admin: &str,
    pin: &str,
) -> Result<(usize, usize), String> {
    let opened = member::open(m).map_err(|e| format!("Team: {e}."))?;
    let state = &opened.state;
    let carried: Vec<Carried> = state
        .people
        .iter()
        .filter(|(id, _)| !state.removed_people.contains(*id))
        .map(|(id, p)| Carried {
            id: crate::desk::PersonId(id.0.clone()),
            name: p.name().to_owned(),
            role: match p.role() {
                crate::team::Role::Admin => crate::desk::Role::Admin,
                crate::team::Role::Member => crate::desk::Role::Member,
            },
            slot: p.slot_ref().to_owned(),
        })
        .collect();
    let wanted = admin.trim().to_lowercase();
    let admin_id = carried
        .iter()
        .find(|p| p.name.to_lowercase() == wanted)
        .map(|p| p.id.clone())
        .ok_or_else(|| {
            format!(
                "--as: No person named '{}' works in this team.",
                admin.trim()
            )
        })?;
    let session = gate
        .desk
        .adopt(&carried, &admin_id, pin, now())
        .map_err(|e| e.to_string())?;
    let mut ids = Vec::new();
    for account in state.live_accounts() {
        let Some(sealed) = account
            .secret_refs
            .iter()
            .find(|r| crate::desk::stores::is_sealed(r))
        else {
            eprintln!(
                "Warning: an account's key is missing from the team folder; it was left out."
            );
            continue;
        };
        let id = crate::store::AccountId::from(account.id.0.as_str());
        store.put_text(&id, sealed).map_err(|e| e.to_string())?;
        ids.push((id, account));
    }
    let mut vault =
        Vault::open(&gate.dir, gate.desk.store_for(&session, now())).map_err(|e| e.to_string())?;
    let just_ids: Vec<_> = ids.iter().map(|(id, _)| id.clone()).collect();
    let brought = vault.recover(&just_ids, now()).map_err(|e| e.to_string())?;
    for (id, account) in &ids {
        use crate::team::{Field, FieldValue};
        let _ = vault.update(id, |a| {
            a.issuer = account.text(Field::Issuer).to_owned();
            a.name = account.text(Field::Name).to_owned();
            a.group = account.text(Field::Group).to_owned();
            if let Some(FieldValue::Position(p)) = account.field(Field::Position) {
                a.position = *p;
            }
            if let Some(FieldValue::Pinned(p)) = account.field(Field::Pinned) {
                a.pinned = *p;
            }
        });
    }
    gate.session = Some(session);
    gate.record(
        AuditAction::Team,
        None,
        Some(format!("this computer joined the team as '{}'", m.name)),
    );
    Ok((carried.len(), brought))
}

/// The join exchange from the new computer's side: answer the invite with the code (first line
/// of standard input), take the team's keys and wait until the inviting desk admitted it.
fn exchange(folder: &Path, name: &str) -> Result<Membership, String> {
    let name = check_desk_name(name)?;
    let typed = stdin::secret_line("Join code")?;
    let code = JoinCode::parse(&typed).map_err(|_| {
        "Join code: a join code is 10 letters and digits, like ABCDE-FGHJK.".to_owned()
    })?;
    let shown = folder.display();
    let root = std::path::absolute(folder)
        .ok()
        .filter(|root| root.is_dir())
        .ok_or_else(|| {
            format!(
                "{shown}: the folder cannot be opened; check the path and that it has synced here."
            )
        })?;
    let identity = DeskIdentity::generate().map_err(|e| format!("Join: {e}."))?;
    let me = identity.id();
    let deadline = Instant::now() + Duration::from_secs(CODE_LIFETIME_SECS);
    eprintln!("Waiting for the invite in {shown}…");
    // Every invite in the folder is answered; only the one made with this code confirms.
    let answered = wait_for(deadline, || {
        let mut answered = Vec::new();
        for entry in std::fs::read_dir(root.join("join")).into_iter().flatten().flatten() {
            let file = entry.file_name().to_string_lossy().into_owned();
            let Some(stem) = file.strip_suffix(".invite") else { continue };
            let Ok(bytes) = std::fs::read(entry.path()) else { continue };
            if let Some(joining) = not_yet(Joining::answer(&identity, &code, &bytes, &name))? {
                answered.push((stem.to_owned(), joining));
            }
        }
        Ok((!answered.is_empty()).then_some(answered))
    })?
    .ok_or("Join: no invite arrived in the folder within 10 minutes; check that the folder syncs, and make a new code.")?;
    for (stem, joining) in &answered {
        put_file(&root, &format!("join/{stem}.answer"), joining.file())
            .map_err(|e| format!("{}: cannot write: {e}.", root.display()))?;
    }
    eprintln!("Answered; waiting for the inviting desk…");
    let (team, known) = wait_for(deadline, || {
        let mut refused = 0;
        for (stem, joining) in &answered {
            if let Ok(bytes) = std::fs::read(root.join(format!("join/{stem}.confirm")))
                && let Some(done) = not_yet(joining.finish(&bytes))?
            {
                return Ok(Some(done));
            }
            if std::fs::read(root.join(format!("join/{stem}.refused"))).is_ok_and(|b| b == REFUSED)
            {
                refused += 1;
            }
        }
        if refused == answered.len() {
            return Err(
                "Join: the join code did not match; make a new code on a joined desk.".into(),
            );
        }
        Ok(None)
    })?
    .ok_or(
        "Join: the inviting desk did not confirm; the code was wrong or expired. Make a new code.",
    )?;
    for (stem, _) in &answered {
        let _ = std::fs::remove_file(root.join(format!("join/{stem}.answer")));
    }
    let mut keyring = Keyring::new(identity, team);
    let genesis = wait_for(deadline, || {
        for entry in std::fs::read_dir(root.join("grants"))
            .into_iter()
            .flatten()
            .flatten()
        {
            let file = entry.file_name().to_string_lossy().into_owned();
            if !file.starts_with(&format!("{me}-")) || !file.ends_with(".grant") {
                continue;
            }
            if let Ok(bytes) = std::fs::read(entry.path()) {
                let _ = grant::accept(&mut keyring, &bytes, &known);
            }
        }
        let Ok(bytes) = std::fs::read(root.join(GENESIS_FILE)) else {
            return Ok(None);
        };
        Ok(membership::open_genesis(&keyring, &known, &bytes).ok())
    })?
    .ok_or(
        "Join: the team's keys did not arrive; check that the folder syncs, and make a new code.",
    )?;
    let mut m = Membership {
        folder: root.clone(),
        name: name.clone(),
        keyring,
        known,
        genesis: genesis.0,
        admin_key: genesis.2,
        last_seq: 0,
        last_hash: crate::team::Hash32::ZERO,
    };
    m.known.insert(genesis.1);
    let admitted = wait_for(deadline, || {
        Ok(member::open(&mut m)
            .ok()
            .filter(|o| member::is_admitted(&o.state, &me)))
    })?;
    if admitted.is_none() {
        return Err("Join: the inviting desk did not admit this computer; make a new code.".into());
    }
    Ok(m)
}

fn revoke(gate: &mut Gate, store: &dyn SecretStore, query: &str) -> Result<u8, String> {
    let Some(session) = gate.session.clone().filter(|s| s.is_admin()) else {
        return Err("Only an admin can revoke a computer; give an admin's name with --as.".into());
    };
    let mut m = membership(store)?;
    let opened = member::open(&mut m).map_err(|e| format!("Team: {e}."))?;
    let wanted = query.trim().to_lowercase();
    let hits: Vec<_> = opened
        .state
        .desks
        .iter()
        .filter(|(id, d)| id.0 == wanted || d.name.to_lowercase() == wanted)
        .collect();
    let (id, desk) = match hits.as_slice() {
        [one] => *one,
        [] => {
            return Err(format!(
                "DESK: no computer of the team is called '{}' (`otp-desk team status` lists them).",
                query.trim()
            ));
        }
        _ => {
            return Err(format!(
                "DESK: several computers are called '{}'; give its id.",
                query.trim()
            ));
        }
    };
    if *id == m.desk_id() {
        return Err(
            "DESK: this computer cannot revoke itself; revoke it from another joined desk.".into(),
        );
    }
    if desk.revoked_after.is_some() {
        return Err(format!("DESK: '{}' is already revoked.", desk.name));
    }
    let (id, name, accepted) = (id.clone(), desk.name.clone(), desk.last_seq);
    let epoch = member::new_epoch(&mut m, &opened.state, &id).map_err(|e| format!("Team: {e}."))?;
    m.save(store).map_err(|e| format!("Team: {e}."))?;
    let ops = vec![Op::RevokeDesk {
        desk: id.clone(),
        accepted_seq: accepted,
    }];
    write_as(&mut m, store, &session, ops)?;
    gate.record(
        AuditAction::Team,
        None,
        Some(format!("computer '{name}' revoked (key epoch {epoch})")),
    );
    let mut seen: Vec<String> = opened
        .state
        .live_accounts()
        .map(|a| {
            let (issuer, account) = (
                a.text(crate::team::Field::Issuer),
                a.text(crate::team::Field::Name),
            );
            crate::otp::display_label(issuer, account)
        })
        .collect();
    seen.sort();
    println!(
        "'{name}' is revoked: it can read nothing written from now on. Re-enrol recommended for the {} accounts it could see with a PIN typed there:",
        seen.len()
    );
    for label in seen {
        println!("  {label}");
    }
    Ok(0)
}

fn status(store: &dyn SecretStore, json: bool) -> Result<u8, String> {
    let mut m = membership(store)?;
    let epochs = m.keyring.epochs().count();
    let opened = member::open(&mut m).map_err(|e| format!("Team: {e}."))?;
    if m.keyring.epochs().count() != epochs {
        m.save(store).map_err(|e| format!("Team: {e}."))?;
    }
    let status = crate::team::status::status(&opened.state, &opened.loaded, &m.desk_id(), now());
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&status).unwrap_or_default()
        );
        return Ok(0);
    }
    println!("Team folder: {}", m.folder.display());
    for desk in &status.desks {
        let mut notes = Vec::new();
        if desk.this_desk {
            notes.push("this computer".to_owned());
        }
        if desk.revoked {
            notes.push("revoked".to_owned());
        }
        if let Some(days) = desk.silent_days {
            notes.push(format!("not heard from for {days} days"));
        }
        if let Some(off) = desk.clock_off_secs {
            notes.push(format!("clock off by {off} s"));
        }
        let heard = desk.last_heard_unix.map_or_else(
            || "no record yet".to_owned(),
            |t| format!("last record at {}", crate::desk::until::show_time(t)),
        );
        println!(
            "{}\t{} records\t{heard}\t{}\t{}",
            desk.name,
            desk.records,
            if desk.app_version.is_empty() {
                "-"
            } else {
                &desk.app_version
            },
            notes.join(", ")
        );
    }
    if status.conflicts > 0 {
        println!(
            "{} changes made on two computers while apart wait for an admin to pick.",
            status.conflicts
        );
    }
    for problem in &status.problems {
        println!("Problem: {problem}");
    }
    for file in &status.unopened {
        println!("Not opened: {} ({})", file.file, file.why);
    }
    if let Some(format) = status.newer_format {
        println!(
            "A newer OTP Desk wrote to the folder (format {format}): this computer only reads it until OTP Desk is updated."
        );
    }
    Ok(0)
}

/// Brings this desk's vault and the team folder in step (see [`crate::desk::team::sync::run`]);
/// an admin's command also writes this desk's changes. `purged`: what this command purged.
pub fn sync(
    gate: &Gate,
    keychain: &Arc<dyn SecretStore>,
    purged: &[crate::store::AccountId],
) -> Result<(), String> {
    let report =
        crate::desk::team::sync::run(&gate.dir, keychain, gate.session.as_ref(), purged, now())?;
    for warning in report.warnings {
        eprintln!("Warning: {warning}");
    }
    Ok(())
}
