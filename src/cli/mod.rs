//! The `otp-desk` subcommands over the same [`Vault`] the window uses.
//!
//! Exit codes: 0 success; 1 something could not be done (some entries failed, no keychain, no
//! match); 2 usage errors and rejected input (clap's own errors also exit 2).

mod args;
mod desk;
mod export;
mod import;
mod output;
mod rekey;
mod stdin;
mod team;

use std::process::ExitCode;
use std::sync::Arc;

pub use args::Cli;
use args::{AddArgs, CodeArgs, Command, KindArg};

use crate::clock::Clock;
use crate::otp::{
    Algorithm, Digits, Entry, OtpKind, OtpParams, Secret, group_for_reading, seconds_left,
};
use crate::store::Keychain;
use crate::store::audit_log::AuditAction;
use crate::store::metadata::Account;
use crate::vault::{AddOutcome, Vault};
use crate::{clipboard, uri};

pub const EXIT_FAILED: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

/// Runs one subcommand and returns the process exit code. Messages go to stderr, results to
/// stdout; neither ever contains a secret.
pub fn run(command: Command, acting: Option<&str>) -> ExitCode {
    let result = match command {
        Command::Code(args) if args.uri.is_some() => code_for_uri(&args),
        Command::Scan { images, json } => Ok(import::scan(&images, json)),
        Command::Import(args) if args.dry_run => Ok(import::run(&args, None)),
        command => with_vault(command, acting),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(EXIT_FAILED)
        }
    }
}

fn with_vault(command: Command, acting: Option<&str>) -> Result<u8, String> {
    let dir = Vault::default_dir().map_err(|e| e.to_string())?;
    let keychain: Arc<dyn crate::store::SecretStore> = Arc::new(Keychain::new());
    let mut gate = desk::gate(&dir, keychain.clone(), acting, &command)?;
    if let Command::People { action } = &command {
        let code = desk::people(&mut gate, action);
        // People added or removed here go to the team (an admin's command).
        if code.is_ok()
            && let Err(message) = team::sync(&gate, &keychain, &[])
        {
            eprintln!("Warning: {message}");
        }
        return code;
    }
    if let Command::Team { action } = &command {
        let vault = match action {
            args::TeamCommand::Create { .. } => Some(desk::vault(&gate, keychain.clone())?),
            _ => None,
        };
        return team::run(&mut gate, vault.as_ref(), keychain, action);
    }
    team::sync(&gate, &keychain, &[])?;
    let mut vault = desk::vault(&gate, keychain.clone())?;
    let ids_before: Vec<_> = vault.all_accounts().iter().map(|a| a.id.clone()).collect();
    let result = match command {
        Command::List { json } => Ok(output::list(vault.accounts(), json)),
        Command::Add(args) => add(&mut vault, &args, &gate),
        Command::Code(args) => code_for_query(&mut vault, &args, &gate),
        Command::Remove { query, yes } => remove(&mut vault, &query, yes, &gate),
        Command::Trash { restore, purge } => trash(&mut vault, restore, purge, &mut gate),
        Command::Recover { all } => recover(&mut vault, all),
        Command::Rekey { query, new, yes } => rekey::run(&mut vault, &mut gate, &query, &new, yes),
        Command::Import(args) => {
            let before = vault.accounts().len();
            let code = import::run(&args, Some(&mut vault));
            let added = vault.accounts().len().saturating_sub(before);
            if added > 0 {
                gate.record(
                    AuditAction::Add,
                    None,
                    Some(format!("{added} accounts imported")),
                );
            }
            Ok(code)
        }
        Command::Export(args) => {
            let code = export::run(&vault, &args)?;
            if code == 0 {
                gate.record(
                    AuditAction::Export,
                    None,
                    Some(format!("{} accounts", vault.accounts().len())),
                );
            }
            Ok(code)
        }
        Command::Share { query, with, until } => {
            desk::share(&mut gate, &vault, &query, &with, until.as_deref())
        }
        Command::Unshare { query, with } => desk::unshare(&mut gate, &vault, &query, &with),
        Command::Log { json, csv } => desk::log(&gate, json, csv),
        Command::Scan { .. } | Command::People { .. } | Command::Team { .. } => {
            unreachable!("handled above")
        }
    };
    if let Ok(purged) = vault.purge_expired(Clock::System.unix_secs()) {
        for account in &purged {
            if let Some(session) = &gate.session {
                let _ = gate
                    .desk
                    .forget_account(session, &account.id, Clock::System.unix_secs());
            }
            gate.record(
                AuditAction::Purge,
                Some(account),
                Some("30 days in the trash".into()),
            );
        }
    }
    // What this command deleted for good (the trash's purge, or its 30 days) is purged in the
    // team too; anything else missing here is made here again by the sync.
    let _ = vault.reload();
    let purged_ids: Vec<_> = ids_before
        .into_iter()
        .filter(|id| !vault.all_accounts().iter().any(|a| &a.id == id))
        .collect();
    if let Err(message) = team::sync(&gate, &keychain, &purged_ids) {
        eprintln!("Warning: {message}");
    }
    result
}

fn add(vault: &mut Vault, args: &AddArgs, gate: &desk::Gate) -> Result<u8, String> {
    let mut entries = Vec::new();
    let mut failed = 0;
    if args.uris.is_empty() {
        match entry_from_flags(args) {
            Ok(entry) => entries.push(("--secret".to_owned(), entry)),
            Err(message) => {
                eprintln!("{message}");
                return Ok(EXIT_USAGE);
            }
        }
    }
    let uris = match args.uris.as_slice() {
        [dash] if dash == "-" => read_stdin_lines()?,
        given => given.to_vec(),
    };
    for (i, text) in uris.iter().enumerate() {
        let report = crate::import::from_uri_line(text, &format!("URI {}", i + 1));
        for p in &report.problems {
            eprintln!("{}: {}", p.source, p.message);
            failed += 1;
        }
        entries.extend(report.found.into_iter().map(|f| (f.source, f.entry)));
    }
    let labels: Vec<String> = entries.iter().map(|(_, e)| e.label()).collect();
    let report = vault
        .add_all(
            entries.into_iter().map(|(_, e)| e).collect(),
            Clock::System.unix_secs(),
        )
        .map_err(|e| e.to_string())?;
    for (label, outcome) in labels.iter().zip(&report.outcomes) {
        match outcome {
            Ok(AddOutcome::Added(id)) => {
                println!("Added {label}.");
                gate.record(AuditAction::Add, vault.account(id), None);
            }
            Ok(AddOutcome::Duplicate(_)) => println!("Already there: {label} (not added again)."),
            Err(error) => {
                eprintln!("{label}: {error}");
                failed += 1;
            }
        }
    }
    let succeeded = report.outcomes.iter().any(Result::is_ok);
    Ok(if failed == 0 {
        0
    } else if succeeded {
        EXIT_FAILED
    } else {
        EXIT_USAGE
    })
}

fn entry_from_flags(args: &AddArgs) -> Result<Entry, String> {
    let from_stdin = if args.secret_stdin {
        read_stdin_lines()?.into_iter().next()
    } else {
        None
    };
    let secret_text = from_stdin
        .as_deref()
        .or(args.secret.as_deref())
        .ok_or("secret: give --secret-stdin (or --secret KEY), or otpauth:// URIs")?;
    let secret = Secret::parse_base32(secret_text).map_err(|e| e.to_string())?;
    let params = match args.kind {
        KindArg::Steam => OtpParams::steam(),
        kind => {
            let kind = if kind == KindArg::Hotp {
                OtpKind::Hotp {
                    counter: args.counter,
                }
            } else {
                OtpKind::Totp {
                    period_secs: args.period,
                }
            };
            let algorithm: Algorithm = args
                .algorithm
                .parse()
                .map_err(|e: crate::otp::ParamError| e.to_string())?;
            let digits = Digits::new(args.digits).map_err(|e| e.to_string())?;
            OtpParams::new(kind, algorithm, digits).map_err(|e| e.to_string())?
        }
    };
    let issuer = args.issuer.clone().unwrap_or_default();
    let name = args.name.clone().unwrap_or_default();
    if issuer.trim().is_empty() && name.trim().is_empty() {
        return Err("issuer: give --issuer or --name so the account can be told apart".into());
    }
    Ok(Entry {
        issuer,
        name,
        params,
        secret,
    })
}

fn code_for_uri(args: &CodeArgs) -> Result<u8, String> {
    let given = args.uri.as_deref().unwrap_or_default();
    let from_stdin = if given == "-" {
        Some(read_stdin_uri()?)
    } else {
        None
    };
    let text = from_stdin.as_deref().map_or(given, String::as_str);
    let entry = match uri::parse(text) {
        Ok(entry) => entry,
        Err(error) => {
            eprintln!("{error}");
            return Ok(EXIT_USAGE);
        }
    };
    let at = args.at.unwrap_or_else(|| Clock::System.unix_secs());
    let code = entry.code_at(at);
    println!("{code}");
    if let Some(left) = seconds_left(&entry.params, at) {
        eprintln!("valid for {left} s");
    }
    copy_if_asked(args.copy, &code)
}

fn code_for_query(vault: &mut Vault, args: &CodeArgs, gate: &desk::Gate) -> Result<u8, String> {
    let query = args.query.as_deref().unwrap_or_default();
    let account = single_match(vault, query)?;
    let at = args.at.unwrap_or_else(|| Clock::System.unix_secs());
    let id = account.id.clone();
    let code = if let OtpKind::Hotp { .. } = account.params.kind() {
        vault.next_hotp(&id).map_err(|e| e.to_string())?
    } else {
        vault
            .entry(&id)
            .map_err(|e| e.to_string())?
            .map(|e| e.code_at(at))
    };
    let account = vault
        .account(&id)
        .cloned()
        .ok_or("the account vanished while reading it")?;
    let Some(code) = code else {
        return Err(format!(
            "The secret of {} is missing from the keychain; add the account again or restore it.",
            account.label()
        ));
    };
    if code.is_empty() {
        return Err(format!(
            "No code of {} for that time: your share holds only the codes of its time, from \
             when it was made and a week ahead at most; if they ran out, ask an admin to unlock \
             OTP Desk once (it renews them for a week).",
            account.label()
        ));
    }
    gate.record(
        AuditAction::Copy,
        Some(&account),
        Some(if args.copy { "copied" } else { "printed" }.into()),
    );
    println!("{code}");
    match seconds_left(&account.params, at) {
        Some(left) => eprintln!(
            "{}  {}  valid for {left} s",
            account.label(),
            group_for_reading(&code)
        ),
        None => eprintln!(
            "{}  {}  (counter now {})",
            account.label(),
            group_for_reading(&code),
            account.params.kind().counter().unwrap_or(0)
        ),
    }
    copy_if_asked(args.copy, &code)
}

fn remove(vault: &mut Vault, query: &str, yes: bool, gate: &desk::Gate) -> Result<u8, String> {
    let account = single_match(vault, query)?.clone();
    if !yes
        && !stdin::confirm(&format!(
            "Move {} to the trash? It is kept {} days (otp-desk trash --restore).",
            account.label(),
            crate::vault::TRASH_DAYS
        ))
    {
        eprintln!("Nothing removed (answer y, or give --yes).");
        return Ok(EXIT_FAILED);
    }
    let removed = vault
        .trash(&account.id, Clock::System.unix_secs())
        .map_err(|e| e.to_string())?;
    gate.record(AuditAction::Delete, Some(&removed), None);
    println!(
        "Moved {} to the trash (kept {} days; `otp-desk trash --restore '{}'` takes it back).",
        removed.label(),
        crate::vault::TRASH_DAYS,
        removed.id
    );
    Ok(0)
}

fn trash(
    vault: &mut Vault,
    restore: Option<String>,
    purge: Option<String>,
    gate: &mut desk::Gate,
) -> Result<u8, String> {
    let find = |vault: &Vault, query: &str| -> Result<Account, String> {
        let trashed = vault.trashed();
        let lower = query.to_lowercase();
        let hits: Vec<&&Account> = trashed
            .iter()
            .filter(|a| a.id.as_str() == query || a.label().to_lowercase().contains(&lower))
            .collect();
        match hits.as_slice() {
            [one] => Ok((**one).clone()),
            [] => Err(format!("Nothing in the trash matches '{query}'.")),
            _ => Err(format!(
                "'{query}' matches several accounts in the trash; use an id."
            )),
        }
    };
    if let Some(query) = restore {
        let account = find(vault, &query)?;
        vault.restore(&account.id).map_err(|e| e.to_string())?;
        gate.record(AuditAction::Restore, Some(&account), None);
        println!("Restored {}.", account.label());
        return Ok(0);
    }
    if let Some(query) = purge {
        let account = find(vault, &query)?;
        vault.remove(&account.id).map_err(|e| e.to_string())?;
        if let Some(session) = &gate.session {
            let _ = gate
                .desk
                .forget_account(session, &account.id, Clock::System.unix_secs());
        }
        gate.record(AuditAction::Purge, Some(&account), None);
        println!(
            "Deleted {} for good, with its keychain item.",
            account.label()
        );
        return Ok(0);
    }
    let trashed = vault.trashed();
    if trashed.is_empty() {
        println!("The trash is empty.");
    }
    for account in trashed {
        let when = account.trashed_unix_secs.unwrap_or_default();
        println!(
            "{}  {}  deleted {}",
            account.id,
            account.label(),
            crate::desk::until::show_time(when)
        );
    }
    Ok(0)
}

/// Non-empty lines of standard input, trimmed (secrets and URIs kept out of the process list).
/// The first non-empty line of standard input (`code --uri -`); zeroized after use.
fn read_stdin_uri() -> Result<zeroize::Zeroizing<String>, String> {
    let text = zeroize::Zeroizing::new(
        std::io::read_to_string(std::io::stdin())
            .map_err(|e| format!("Could not read standard input: {e}."))?,
    );
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(|l| zeroize::Zeroizing::new(l.to_owned()))
        .ok_or_else(|| "No URI on standard input (code --uri - reads one line).".to_owned())
}

fn read_stdin_lines() -> Result<Vec<String>, String> {
    let text = std::io::read_to_string(std::io::stdin())
        .map_err(|e| format!("Could not read standard input: {e}."))?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect())
}

fn recover(vault: &mut Vault, all: bool) -> Result<u8, String> {
    let orphans = vault.orphans().map_err(|e| e.to_string())?;
    if orphans.is_empty() {
        println!("Every keychain item of OTP Desk belongs to an account; nothing to recover.");
        return Ok(0);
    }
    for (id, entry) in &orphans {
        println!("{}  {} [{}]", id, entry.label(), entry.params.kind().name());
    }
    if !all {
        println!(
            "{} keychain items have no account; run `otp-desk recover --all` to recover them.",
            orphans.len()
        );
        return Ok(0);
    }
    let ids: Vec<_> = orphans.into_iter().map(|(id, _)| id).collect();
    let count = vault
        .recover(&ids, Clock::System.unix_secs())
        .map_err(|e| e.to_string())?;
    println!("Recovered {count} accounts.");
    Ok(0)
}

fn single_match<'v>(vault: &'v Vault, query: &str) -> Result<&'v Account, String> {
    match vault.find(query).as_slice() {
        [] => Err(format!(
            "No account matches '{query}'; see `otp-desk list`."
        )),
        [one] => Ok(one),
        many => {
            let list: Vec<String> = many
                .iter()
                .map(|a| format!("  {}  {}", a.id, a.label()))
                .collect();
            Err(format!(
                "'{query}' matches {} accounts; be more precise or use an id:\n{}",
                many.len(),
                list.join("\n")
            ))
        }
    }
}

fn copy_if_asked(copy: bool, code: &str) -> Result<u8, String> {
    if copy {
        clipboard::copy_and_serve(code, clipboard::DEFAULT_CLEAR_AFTER)
            .map_err(|e| e.to_string())?;
    }
    Ok(0)
}
