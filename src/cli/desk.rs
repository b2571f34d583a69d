//! Desk mode on the command line: the same rules as the window. Once the desk has people,
//! every command that reads a code or a secret, or changes the vault, names its person with
//! `--as NAME` and reads their PIN from the first line of standard input; members may list and
//! read the codes shared with them and nothing else. Every such command is in the audit log.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::args::{Command, PeopleCommand, TeamCommand};
use super::{EXIT_USAGE, stdin};
use crate::clock::Clock;
use crate::desk::exposure::{Exposure, ExposureAccess};
use crate::desk::team::shared_log;
use crate::desk::{Access, Desk, Role, Session, until};
use crate::store::SecretStore;
use crate::store::audit_log::{AuditAction, AuditFilter, AuditLog, NewRecord, Via};
use crate::store::metadata::Account;
use crate::vault::Vault;

/// Who is acting, once the gate let them through.
pub struct Gate {
    pub dir: PathBuf,
    pub desk: Desk,
    /// The name given with --as.
    pub acting: Option<String>,
    /// `None`: desk mode is off (or the command needs nobody).
    pub session: Option<Session>,
}

impl Gate {
    /// Records what the acting person did (desk mode only; never a code or a secret).
    pub fn record(&self, action: AuditAction, account: Option<&Account>, detail: Option<String>) {
        let Some(session) = &self.session else {
            return;
        };
        append(
            &self.desk,
            new_record(&session.name, action, account.map(Account::label), detail),
        );
    }
}

fn new_record(
    person: &str,
    action: AuditAction,
    account: Option<String>,
    detail: Option<String>,
) -> NewRecord {
    NewRecord {
        time: Clock::System.unix_secs(),
        person: person.to_owned(),
        account,
        action,
        via: Via::Cli,
        detail,
    }
}

fn append(desk: &Desk, record: NewRecord) {
    if let Err(error) = desk.append_audit(record) {
        eprintln!("Warning: the audit log could not be written: {error}");
    }
}

/// Commands a member may run: reading their own codes.
fn member_may(command: &Command) -> bool {
    matches!(
        command,
        Command::List { .. } | Command::Code(_) | Command::People { .. }
    )
}

/// Commands that need no person even in desk mode.
fn needs_nobody(command: &Command, desk: &Desk) -> bool {
    match command {
        Command::People {
            action: PeopleCommand::List { .. },
        } => true,
        // The keys are the desk's own (in its keychain), not a person's; joining needs the code.
        Command::Team {
            action: TeamCommand::Status { .. } | TeamCommand::Join { .. },
        } => true,
        Command::People {
            action: PeopleCommand::Add { .. },
        } => !desk.is_on(),
        // It reads the old PIN itself, and proves it with the PIN's work once.
        Command::People {
            action: PeopleCommand::SetPin,
        } => desk.is_on(),
        _ => false,
    }
}

/// Loads the desk and, in desk mode, unlocks the acting person or refuses in one sentence.
pub fn gate(
    dir: &Path,
    keychain: Arc<dyn SecretStore>,
    acting: Option<&str>,
    command: &Command,
) -> Result<Gate, String> {
    let mut desk = Desk::load(dir, keychain.clone()).map_err(|e| e.to_string())?;
    let mut gate = Gate {
        dir: dir.to_path_buf(),
        desk,
        acting: acting.map(str::to_owned),
        session: None,
    };
    if needs_nobody(command, &gate.desk) {
        return Ok(gate);
    }
    if !gate.desk.is_on() {
        if acting.is_some() {
            return Err(
                "--as: this desk has no people yet; add the first admin with `otp-desk people add NAME --admin`."
                    .into(),
            );
        }
        return Ok(gate);
    }
    let Some(name) = acting else {
        return Err(
            "This desk has people: say who you are with --as NAME (your PIN on the first line of standard input)."
                .into(),
        );
    };
    let pin = stdin::secret_line(&format!("PIN for {name}"))?;
    desk = gate.desk;
    // A team desk: the team's changes first — a PIN changed on another computer works here,
    // and whoever the team removed is refused here at once.
    let now = Clock::System.unix_secs();
    if let Ok(report) = crate::desk::team::sync::run(dir, &keychain, None, &[], now) {
        if report.people_changed {
            desk = Desk::load(dir, keychain.clone()).map_err(|e| e.to_string())?;
        }
        desk.bar(report.removed);
        desk.hold(report.held);
    }
    let now = Clock::System.unix_secs();
    let session = match desk.unlock(name, &pin, now) {
        Ok(session) => session,
        Err(error) => {
            if let Some(person) = desk.person(name) {
                let waiting = matches!(error, crate::desk::DeskError::Wait { .. });
                let detail = waiting.then(|| "refused while waiting".to_owned());
                let record = new_record(&person.name, AuditAction::FailedUnlock, None, detail);
                // Attempts refused during a wait do no PIN work: counted, not written one by one.
                if waiting {
                    desk.append_refused(record);
                } else {
                    append(&desk, record);
                }
            }
            return Err(error.to_string());
        }
    };
    if !session.is_admin() && !member_may(command) {
        return Err(format!(
            "{} is a member: members may only list and read the codes shared with them; ask an admin.",
            session.name
        ));
    }
    append(
        &desk,
        new_record(&session.name, AuditAction::Unlock, None, None),
    );
    for problem in desk.problems() {
        eprintln!("Warning: {problem}");
    }
    gate.desk = desk;
    gate.session = Some(session);
    Ok(gate)
}

/// The vault as the acting person sees it: sealed under the desk key for an admin, their
/// shares only for a member.
pub fn vault(gate: &Gate, keychain: Arc<dyn SecretStore>) -> Result<Vault, String> {
    let now = Clock::System.unix_secs();
    let Some(session) = &gate.session else {
        return Vault::open(&gate.dir, keychain).map_err(|e| e.to_string());
    };
    let mut vault =
        Vault::open(&gate.dir, gate.desk.store_for(session, now)).map_err(|e| e.to_string())?;
    if !session.is_admin() {
        let visible = vault
            .accounts()
            .iter()
            .filter(|a| gate.desk.may_see(session, &a.id, now))
            .map(|a| a.id.clone())
            .collect();
        vault.set_visible(Some(visible));
    }
    Ok(vault)
}

/// The person called `name`, or one sentence (starting with `field`) saying there is none.
fn person(desk: &Desk, name: &str, field: &str) -> Result<crate::desk::PersonInfo, String> {
    desk.person(name).cloned().ok_or_else(|| {
        format!(
            "{field}No person named '{}' works at this desk.",
            name.trim()
        )
    })
}

fn admin(session: &Option<Session>) -> Result<&Session, String> {
    session
        .as_ref()
        .filter(|s| s.is_admin())
        .ok_or_else(|| "Only an admin can do this; give an admin's name with --as.".to_owned())
}

pub fn people(gate: &mut Gate, action: &PeopleCommand) -> Result<u8, String> {
    let now = Clock::System.unix_secs();
    match action {
        PeopleCommand::SetPin => {
            let Some(name) = gate.acting.clone() else {
                return Err("--as: say whose PIN this is (set-pin --as NAME).".into());
            };
            let old = stdin::secret_line(&format!("current PIN for {name}"))?;
            let new = stdin::secret_line("new PIN")?;
            let again = stdin::secret_line("new PIN again")?;
            if new != again {
                return Err("PIN: the two new PINs differ; nothing was changed.".into());
            }
            if let Err(error) = gate.desk.change_own_pin(&name, &old, &new, now, Via::Cli) {
                if let (crate::desk::DeskError::WrongPin(_), Some(person)) =
                    (&error, gate.desk.person(&name))
                {
                    let detail = Some("changing their own PIN".to_owned());
                    let record = new_record(&person.name, AuditAction::FailedUnlock, None, detail);
                    append(&gate.desk, record);
                }
                return Err(error.to_string());
            }
            if let Some(person) = gate.desk.person(&name).cloned() {
                let keychain = gate.desk.keychain();
                if let Err(message) = crate::desk::team::sync::publish_slot(
                    &gate.dir, &keychain, &person.id, &person.id, None, now,
                ) {
                    eprintln!(
                        "Warning: the new PIN is not on the team's other computers yet: {message}"
                    );
                }
            }
            println!(
                "{} has a new PIN; the old one no longer opens anything.",
                name.trim()
            );
            Ok(0)
        }
        PeopleCommand::List { json } => {
            let people = gate.desk.people();
            if *json {
                let rows: Vec<_> = people
                    .iter()
                    .map(|p| serde_json::json!({"id": p.id.0, "name": p.name, "role": p.role.name()}))
                    .collect();
                println!("{}", serde_json::Value::Array(rows));
            } else if people.is_empty() {
                println!("Desk mode is off: nobody has been added.");
            } else {
                for p in people {
                    println!("{}  {}", p.name, p.role.name());
                }
            }
            Ok(0)
        }
        PeopleCommand::Add {
            name,
            admin: as_admin,
            ..
        } => {
            let role = if *as_admin { Role::Admin } else { Role::Member };
            if gate.session.is_none() {
                if role != Role::Admin {
                    eprintln!("The desk's first person must be an admin: use --admin.");
                    return Ok(EXIT_USAGE);
                }
                let pin = stdin::secret_line(&format!("new PIN for {name}"))?;
                let record = new_record(name.trim(), AuditAction::DeskStarted, None, None);
                gate.desk.record_next_change(record);
                let session = gate
                    .desk
                    .start(name, &pin, now)
                    .map_err(|e| e.to_string())?;
                println!(
                    "Added {} (admin). Desk mode is on: every key is sealed, and commands need --as NAME with the PIN on standard input.",
                    session.name
                );
                return Ok(0);
            }
            let pin = stdin::secret_line(&format!("new PIN for {name}"))?;
            let session = admin(&gate.session)?;
            let detail = format!("{} ({})", name.trim(), role.name());
            let record = new_record(&session.name, AuditAction::PersonAdded, None, Some(detail));
            gate.desk.record_next_change(record);
            gate.desk
                .add_person(session, name, &pin, role, now)
                .map_err(|e| e.to_string())?;
            println!("Added {} ({}).", name.trim(), role.name());
            Ok(0)
        }
        PeopleCommand::Remove { name } => {
            let session = admin(&gate.session)?;
            let target = person(&gate.desk, name, "")?;
            let detail = Some(target.name.clone());
            let record = new_record(&session.name, AuditAction::PersonRemoved, None, detail);
            gate.desk.record_next_change(record);
            let removed = gate
                .desk
                .remove_person(session, &target.id, now)
                .map_err(|e| e.to_string())?;
            println!(
                "Removed {}; their PIN no longer opens anything.",
                removed.name
            );
            if removed.exposure.is_empty() {
                println!("They could use no account: nothing to re-enrol.");
            } else {
                println!(
                    "Re-enrol these accounts (a new key on each website; `otp-desk rekey` keeps the account), most exposed first:"
                );
                print_exposure(&removed.exposure, now);
            }
            if removed.desk_key_replaced {
                println!(
                    "An admin could open everyone's keys: give each person who stays a new PIN (`otp-desk people reset-pin NAME --as ADMIN`)."
                );
            }
            Ok(0)
        }
        PeopleCommand::Exposure { name, json } => {
            let session = admin(&gate.session)?;
            let lines = gate
                .desk
                .exposure(session, name)
                .map_err(|e| e.to_string())?;
            if *json {
                let rows: Vec<serde_json::Value> = lines
                    .iter()
                    .map(|e| {
                        let mut row = serde_json::to_value(e).unwrap_or_default();
                        row["label"] = e.label().into();
                        row
                    })
                    .collect();
                println!("{}", serde_json::Value::Array(rows));
            } else if lines.is_empty() {
                println!("{} could use no account.", name.trim());
            } else {
                print_exposure(&lines, now);
            }
            Ok(0)
        }
        PeopleCommand::Rename { name, new_name } => {
            let session = admin(&gate.session)?;
            let info = person(&gate.desk, name, "")?;
            // The name as the desk has it (not as typed): the leaving list follows it.
            let detail = format!("{} → {}", info.name, new_name.trim());
            let id = info.id;
            let record = new_record(
                &session.name,
                AuditAction::PersonRenamed,
                None,
                Some(detail.clone()),
            );
            gate.desk.record_next_change(record);
            gate.desk
                .rename_person(session, &id, new_name)
                .map_err(|e| e.to_string())?;
            println!("Renamed {detail}.");
            Ok(0)
        }
        PeopleCommand::ResetPin { name } => {
            let pin = stdin::secret_line(&format!("new PIN for {name}"))?;
            let session = admin(&gate.session)?;
            let id = person(&gate.desk, name, "")?.id;
            let detail = Some(name.trim().to_owned());
            let record = new_record(&session.name, AuditAction::PinReset, None, detail);
            gate.desk.record_next_change(record);
            gate.desk
                .reset_pin(session, &id, &pin, None)
                .map_err(|e| e.to_string())?;
            let keychain = gate.desk.keychain();
            if let Err(message) = crate::desk::team::sync::publish_slot(
                &gate.dir,
                &keychain,
                &id,
                &session.person,
                session.team_signer().as_ref(),
                now,
            ) {
                eprintln!(
                    "Warning: the new PIN is not on the team's other computers yet: {message}"
                );
            }
            println!("{} has a new PIN.", name.trim());
            Ok(0)
        }
    }
}

pub fn share(
    gate: &mut Gate,
    vault: &Vault,
    query: &str,
    with: &str,
    until_text: Option<&str>,
) -> Result<u8, String> {
    let now = Clock::System.unix_secs();
    let session = admin(&gate.session)?;
    let account = super::single_match(vault, query)?.clone();
    let person = person(&gate.desk, with, "with: ")?;
    let until = until_text.map(|t| until::parse_until(t, now)).transpose()?;
    let entry = vault
        .entry(&account.id)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| {
            format!(
                "The secret of {} is missing from the keychain.",
                account.label()
            )
        })?;
    let detail = match until {
        Some(u) => format!("with {} until {}", person.name, until::show_until(u, now)),
        None => format!("with {}", person.name),
    };
    let mut record = new_record(
        &session.name,
        AuditAction::Share,
        Some(account.label()),
        Some(detail.clone()),
    );
    record.time = now;
    gate.desk.record_next_change(record);
    let access = gate
        .desk
        .share(session, &account.id, &entry, &person.id, until, now)
        .map_err(|e| e.to_string())?;
    let what = match access {
        Access::Codes => "its codes, not its key",
        Access::Key => "its key (HOTP codes follow a counter)",
    };
    println!(
        "Shared {} {detail}: {} gets {what}.",
        account.label(),
        person.name
    );
    Ok(0)
}

pub fn unshare(gate: &mut Gate, vault: &Vault, query: &str, with: &str) -> Result<u8, String> {
    let session = admin(&gate.session)?;
    let account = super::single_match(vault, query)?.clone();
    let person = person(&gate.desk, with, "with: ")?;
    let record = new_record(
        &session.name,
        AuditAction::Unshare,
        Some(account.label()),
        Some(format!("with {}", person.name)),
    );
    gate.desk.record_next_change(record);
    let ended = gate
        .desk
        .unshare(session, &account.id, &person.id)
        .map_err(|e| e.to_string())?;
    if ended {
        println!("{} no longer sees {}.", person.name, account.label());
    } else {
        println!("{} was not shared with {}.", account.label(), person.name);
    }
    Ok(0)
}

pub fn log(gate: &Gate, json: bool, csv: bool) -> Result<u8, String> {
    admin(&gate.session)?;
    let anchor = gate.desk.log_anchor();
    let trail = AuditLog::new(&gate.dir)
        .read_anchored(anchor.as_ref())
        .map_err(|e| e.to_string())?;
    let records: Vec<_> = trail
        .records
        .iter()
        .filter(|r| AuditFilter::default().matches(r))
        .cloned()
        .collect();
    // A team desk: the other computers' lines too, each with its computer's name.
    let team = shared_log::read_team(&gate.dir, &*gate.desk.keychain());
    if let Some(why) = team.as_ref().and_then(|t| t.unread.as_ref()) {
        eprintln!(
            "Warning: the other computers' lines cannot be read now ({why}); this computer's own follow."
        );
    }
    let here = team.as_ref().map(|t| t.here.clone());
    let others = team.map(|t| t.others).unwrap_or_default();
    let lines = shared_log::merged(&records, here.as_deref().unwrap_or_default(), &others);
    if csv {
        let only: Vec<_> = lines.iter().map(|(_, r)| (*r).clone()).collect();
        let desks: Vec<&str> = lines.iter().map(|(d, _)| *d).collect();
        let with_desks = here.is_some().then_some(desks.as_slice());
        print!("{}", crate::store::audit_log::to_csv(&only, with_desks));
    } else {
        for (desk, r) in &lines {
            if json {
                let mut value = serde_json::to_value(r).unwrap_or_default();
                if here.is_some()
                    && let Some(object) = value.as_object_mut()
                {
                    object.insert("desk".into(), (*desk).into());
                }
                println!("{value}");
            } else {
                // Names and notes are typed by people: a newline in one must not print a line.
                use crate::store::audit_log::visible;
                let at = if here.is_some() {
                    format!("{:<14}  ", visible(desk))
                } else {
                    String::new()
                };
                println!(
                    "{:>6}  {}  {at}{:<8}  {:<14}  {}  {}{}{}",
                    r.seq,
                    until::show_time(r.time),
                    r.via.as_str(),
                    r.action.as_str(),
                    visible(&r.person),
                    r.account.as_deref().map(visible).unwrap_or_default(),
                    r.detail
                        .as_deref()
                        .map(|d| format!("  ({})", visible(d)))
                        .unwrap_or_default(),
                    r.count.map(|n| format!("  ×{n}")).unwrap_or_default()
                );
            }
        }
    }
    match &trail.chain {
        crate::store::audit_log::ChainState::Broken { reason, .. } => {
            eprintln!("Warning: the audit log's chain is broken: {reason}");
            return Ok(super::EXIT_FAILED);
        }
        crate::store::audit_log::ChainState::Incomplete { reason } => {
            eprintln!("Warning: the audit log is incomplete: {reason}");
            return Ok(super::EXIT_FAILED);
        }
        _ => {}
    }
    Ok(0)
}

/// One line per account: how it was exposed and what was done with it.
fn print_exposure(lines: &[Exposure], now: u64) {
    for line in lines {
        let how = match line.access {
            ExposureAccess::Key => "could read the key",
            ExposureAccess::Codes => "codes only (a share)",
        };
        let used = if line.used.is_empty() {
            "never used".to_owned()
        } else {
            let last = line.used.iter().map(|u| u.at).max().unwrap_or(0);
            let actions: std::collections::BTreeSet<&str> =
                line.used.iter().map(|u| u.action.as_str()).collect();
            format!(
                "used {} times ({}), last {}",
                line.used.len(),
                actions.into_iter().collect::<Vec<_>>().join(", "),
                until::show_until(last, now)
            )
        };
        println!("  [ ] {}  —  {how}; {used}", line.label());
    }
}
