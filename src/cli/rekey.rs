//! `otp-desk rekey QUERY NEW --as ADMIN`: an account gets the new key its service gave (a
//! re-enrolment), keeping its id, group, pin, order, shares and history. The new code is
//! shown first, to be entered on the service; the key is replaced only once the person says
//! the service accepted it (or with --yes).

use super::desk::Gate;
use super::{EXIT_USAGE, single_match, stdin};
use crate::clock::Clock;
use crate::otp::{Entry, OtpKind, Secret, group_for_reading, seconds_left};
use crate::store::audit_log::AuditAction;
use crate::vault::Vault;

/// The new key: an otpauth URI, an image of its QR code, or the key typed as base32.
fn new_entry(given: &str, old: &Entry) -> Result<Entry, String> {
    let trimmed = given.trim();
    if crate::uri::is_otpauth_uri(trimmed) {
        return crate::uri::parse(trimmed).map_err(|e| e.to_string());
    }
    let path = std::path::Path::new(trimmed);
    if path.is_file() {
        let codes = crate::qr::decode_file(path).map_err(|e| e.to_string())?;
        let mut entries: Vec<Entry> = codes
            .iter()
            .flat_map(|c| crate::import::from_uri_line(c, &path.display().to_string()).found)
            .map(|f| f.entry)
            .collect();
        return match entries.len() {
            1 => Ok(entries.remove(0)),
            0 => Err(format!("{}: no two-step QR code found.", path.display())),
            n => Err(format!(
                "{}: {n} accounts found; give the image of the one new QR code.",
                path.display()
            )),
        };
    }
    let secret = Secret::parse_base32(trimmed).map_err(|e| e.to_string())?;
    Ok(Entry {
        secret,
        ..old.clone()
    })
}

pub fn run(
    vault: &mut Vault,
    gate: &mut Gate,
    query: &str,
    given: &str,
    yes: bool,
) -> Result<u8, String> {
    let account = single_match(vault, query)?.clone();
    let old = vault
        .entry(&account.id)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("The key of {} is missing; add it again.", account.label()))?;
    let entry = match new_entry(given, &old) {
        Ok(entry) => entry,
        Err(message) => {
            eprintln!("{message}");
            return Ok(EXIT_USAGE);
        }
    };
    let now = Clock::System.unix_secs();
    if matches!(entry.params.kind(), OtpKind::Hotp { .. }) {
        println!("New code: {}", group_for_reading(&entry.code_at(now)));
    } else {
        let left = seconds_left(&entry.params, now).unwrap_or(0);
        println!(
            "New code: {} ({left} s left). Enter it on {} to finish the re-enrolment there.",
            group_for_reading(&entry.code_at(now)),
            account.label()
        );
    }
    if !yes && !stdin::confirm("Did the website accept the new code? Only then is the key replaced")
    {
        println!("Nothing changed: {} keeps its key.", account.label());
        return Ok(1);
    }
    let kept = vault
        .rekey(&account.id, &entry, now)
        .map_err(|e| e.to_string())?;
    let mut shares = 0;
    if let Some(session) = gate.session.clone().filter(|s| s.is_admin()) {
        let with_settings = vault
            .entry(&account.id)
            .map_err(|e| e.to_string())?
            .ok_or("the account vanished while re-keying it")?;
        shares = gate
            .desk
            .reshare(&session, &account.id, &with_settings, now)
            .map_err(|e| e.to_string())?;
        gate.desk.rekeyed(&account.id).map_err(|e| e.to_string())?;
    }
    gate.record(AuditAction::Rekey, Some(&account), None);
    println!(
        "{} has its new key; the old one is in the trash for 30 days (id {kept}).",
        account.label()
    );
    if shares > 0 {
        println!("Its {shares} share(s) now carry the new codes.");
    }
    Ok(0)
}
