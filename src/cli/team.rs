//! `otp-desk team …`: the team folder on the command line. `create` turns this desk's vault into
//! the first desk's records; `invite` shows a one-time code and stays running until a new
//! computer used it (the join exchange's state cannot be saved); `join` answers it from the new
//! computer; `status` shows the desks and what did not open.

use std::io::Write as _;
use std::path::Path;
use std::sync::Arc;

use super::args::TeamCommand;
use super::desk::Gate;
use super::{EXIT_FAILED, EXIT_USAGE, stdin};
use crate::clock::Clock;
use crate::desk::team::join::JoinCode;
use crate::desk::team::joining::{self, Invitation};
use crate::desk::team::setup::{self, SetupError};
use crate::desk::team::{member, notes};
use crate::store::SecretStore;
use crate::store::audit_log::AuditAction;
use crate::vault::Vault;

fn now() -> u64 {
    Clock::System.unix_secs()
}

fn never() -> bool {
    false
}

/// The command line's words for `e`: the option or argument it is about first.
fn said(e: SetupError) -> String {
    match e {
        SetupError::NotAdmin => "Team: the vault becomes a team vault only in desk mode, by an admin: add people with `otp-desk people add NAME --admin`, then give an admin's name with --as.".into(),
        SetupError::NoTeam => "This desk is in no team: an admin makes one with `otp-desk team create FOLDER --as NAME`, or this computer joins one with `otp-desk team join FOLDER --name NAME`.".into(),
        SetupError::AlreadyInTeam => "Team: this desk is already in a team (`otp-desk team status`).".into(),
        SetupError::BadName => format!("--name: {e}."),
        SetupError::NoSuchPerson(_) => format!("--as: {e}."),
        SetupError::NoSuchDesk(_) | SetupError::SameName(_) | SetupError::RevokeSelf | SetupError::AlreadyRevoked(_) => format!("DESK: {e}."),
        SetupError::Team(text) => text,
        SetupError::Desk(e) => e.to_string(),
        SetupError::Join(_) | SetupError::Expired | SetupError::NoInvite | SetupError::NotConfirmed | SetupError::NoKeys => format!("Join: {e}."),
        SetupError::FolderTaken(_) | SetupError::NoFolder(_) | SetupError::Io { .. } => format!("{e}."),
        _ => format!("Team: {e}."),
    }
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

fn admin_session(gate: &Gate, what: &str) -> Result<crate::desk::Session, String> {
    gate.session
        .clone()
        .filter(crate::desk::Session::is_admin)
        .ok_or_else(|| format!("Only an admin can {what}; give an admin's name with --as."))
}

fn create(
    gate: &mut Gate,
    vault: &Vault,
    store: &dyn SecretStore,
    folder: &Path,
    name: Option<&str>,
) -> Result<u8, String> {
    let Some(session) = gate.session.clone().filter(crate::desk::Session::is_admin) else {
        return Err(said(SetupError::NotAdmin));
    };
    let name = name.map_or_else(setup::host_name, str::to_owned);
    let created =
        setup::create(&gate.desk, &session, vault, store, (folder, &name), now()).map_err(said)?;
    gate.record(AuditAction::Team, None, Some(notes::MADE.into()));
    for label in &created.skipped {
        eprintln!(
            "Warning: {label}: its key is not sealed under the desk key; it stays on this desk only."
        );
    }
    println!(
        "The team vault is in {}: {} accounts and {} people. This computer is '{}'. Another computer joins with a code from `otp-desk team invite`.",
        created.folder.display(),
        created.accounts,
        created.people,
        created.name,
    );
    Ok(if created.skipped.is_empty() {
        0
    } else {
        EXIT_FAILED
    })
}

fn invite(gate: &mut Gate, store: &dyn SecretStore) -> Result<u8, String> {
    let session = admin_session(gate, "invite a computer")?;
    let invitation = Invitation::start(store, &session, now()).map_err(said)?;
    println!("{}", invitation.code().as_str());
    let _ = std::io::stdout().flush();
    eprintln!(
        "Type this code on the new computer within 10 minutes: `otp-desk team join {} --name NAME`. Waiting…",
        invitation.folder().display()
    );
    let name = invitation
        .wait(store, &session, &never, &now)
        .map_err(said)?;
    gate.record(AuditAction::Team, None, Some(notes::joined(&name)));
    eprintln!("'{name}' joined the team.");
    Ok(0)
}

fn join(gate: &mut Gate, store: &dyn SecretStore, folder: &Path, name: &str) -> Result<u8, String> {
    let Some(admin) = gate.acting.clone() else {
        eprintln!(
            "--as: say which admin of the team sets this computer up (their PIN on the line after the join code)."
        );
        return Ok(EXIT_USAGE);
    };
    let mut m = match joining::may_join(&gate.desk, &gate.dir, store).map_err(said)? {
        // Joined before, but the vault did not come (a wrong PIN): only the PIN is asked now.
        Some(m) => m,
        None => {
            setup::check_desk_name(name).map_err(said)?;
            let typed = stdin::secret_line("Join code")?;
            let code = JoinCode::parse(&typed).map_err(|_| {
                "Join code: a join code is 10 letters and digits, like ABCDE-FGHJK.".to_owned()
            })?;
            eprintln!("Waiting for the invite in {}…", folder.display());
            let m = joining::exchange(folder, name, &code, &never).map_err(said)?;
            m.save(store).map_err(|e| format!("Team: {e}."))?;
            m
        }
    };
    let pin = stdin::secret_line(&format!("PIN for {admin}"))?;
    let brought = joining::bring_vault(
        &mut gate.desk,
        &gate.dir,
        store,
        &mut m,
        (&admin, &pin),
        now(),
    );
    m.save(store).map_err(|e| format!("Team: {e}."))?;
    let brought = brought.map_err(|e| {
        format!(
            "{} This computer joined the team as '{}', but the vault was not brought here; run `otp-desk team join {} --name \"{}\" --as NAME` again with an admin's PIN (no new code is needed).",
            said(e),
            m.name,
            m.folder.display(),
            m.name
        )
    })?;
    if brought.missing_keys > 0 {
        eprintln!(
            "Warning: {} accounts' keys are missing from the team folder; they were left out.",
            brought.missing_keys
        );
    }
    gate.session = Some(brought.session);
    gate.record(AuditAction::Team, None, Some(notes::joined_as(&m.name)));
    println!(
        "This computer joined the team as '{}': {} accounts and {} people are here now.",
        m.name, brought.accounts, brought.people
    );
    Ok(0)
}

fn revoke(gate: &mut Gate, store: &dyn SecretStore, query: &str) -> Result<u8, String> {
    let session = admin_session(gate, "revoke a computer")?;
    let revoked = setup::revoke(store, &session, query, now()).map_err(said)?;
    gate.record(
        AuditAction::Team,
        None,
        Some(notes::revoked(&revoked.name, revoked.epoch)),
    );
    println!(
        "'{}' is revoked: it can read nothing written from now on. Re-enrol recommended for the {} accounts it could see with a PIN typed there:",
        revoked.name,
        revoked.re_enrol.len()
    );
    for label in revoked.re_enrol {
        println!("  {label}");
    }
    Ok(0)
}

fn status(store: &dyn SecretStore, json: bool) -> Result<u8, String> {
    let mut m = setup::membership(store).map_err(said)?;
    let epochs = m.keyring.epochs().count();
    let opened = member::open(&mut m).map_err(|e| format!("Team: {e}."))?;
    if m.keyring.epochs().count() != epochs {
        m.save(store).map_err(|e| format!("Team: {e}."))?;
    }
    let status = opened.status(&m.desk_id(), now());
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
    if let Some(epoch) = status.left_out {
        println!(
            "{}",
            crate::desk::team::sync::left_out_warning(epoch).replacen('t', "T", 1)
        );
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
