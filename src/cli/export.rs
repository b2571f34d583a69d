//! `otp-desk export`: every account, in list order, through [`crate::export`] into a file.
//! Plain formats print a warning; the encrypted backup needs `--password-stdin`. Files are
//! written through [`export::write_export`]: whole, and readable by the owner only.

use std::path::{Path, PathBuf};

use super::args::{ExportArgs, ExportFormatArg};
use super::{EXIT_FAILED, EXIT_USAGE};
use crate::export::{self, Item};
use crate::vault::Vault;

pub fn run(vault: &Vault, args: &ExportArgs) -> Result<u8, String> {
    let password = if args.password_stdin {
        Some(super::import::read_password_stdin()?)
    } else {
        None
    };
    if args.format == ExportFormatArg::AegisEncrypted && password.is_none() {
        eprintln!("An encrypted backup needs a password: pipe it in with --password-stdin.");
        return Ok(EXIT_USAGE);
    }
    let (items, missing) = items(vault)?;
    for label in &missing {
        eprintln!(
            "{label}: the secret is missing from the keychain; this account is not in the export."
        );
    }
    if args.format != ExportFormatArg::AegisEncrypted {
        eprintln!(
            "Warning: {} holds your secrets NOT encrypted; anyone who gets it can make your codes. Keep it safe and delete it when done.",
            args.out.display()
        );
    }
    let written = match args.format {
        ExportFormatArg::AegisEncrypted => {
            let password = password.as_deref().map(String::as_str).unwrap_or_default();
            let json =
                export::aegis::encrypted_json(&items, password).map_err(|e| e.to_string())?;
            write_file(&args.out, json.as_bytes())?;
            vec![args.out.clone()]
        }
        ExportFormatArg::Aegis => {
            let json = export::aegis::plain_json(&items).map_err(|e| e.to_string())?;
            write_file(&args.out, json.as_bytes())?;
            vec![args.out.clone()]
        }
        ExportFormatArg::Otpauth => {
            write_file(&args.out, export::otpauth_list(&items).as_bytes())?;
            vec![args.out.clone()]
        }
        ExportFormatArg::MigrationQr => write_qr_codes(&items, &args.out)?,
    };
    for path in &written {
        println!("Wrote {}.", path.display());
    }
    println!("{} accounts exported.", items.len());
    Ok(if missing.is_empty() { 0 } else { EXIT_FAILED })
}

/// The accounts with their secrets; labels of those whose secret is missing.
fn items(vault: &Vault) -> Result<(Vec<Item>, Vec<String>), String> {
    let mut items = Vec::new();
    let mut missing = Vec::new();
    for account in vault.accounts() {
        match vault.entry(&account.id).map_err(|e| e.to_string())? {
            Some(entry) => items.push(Item {
                entry,
                group: account.group.clone(),
                pinned: account.pinned,
            }),
            None => missing.push(account.label()),
        }
    }
    Ok((items, missing))
}

fn write_qr_codes(items: &[Item], out: &Path) -> Result<Vec<PathBuf>, String> {
    let (pngs, skipped) = export::migration_qr_pngs(items).map_err(|e| e.to_string())?;
    for item in skipped {
        eprintln!(
            "{}: Google Authenticator's format cannot hold this account; it is left out.",
            item.entry.label()
        );
    }
    let paths = part_paths(out, pngs.len());
    for (path, png) in paths.iter().zip(&pngs) {
        write_file(path, png)?;
    }
    Ok(paths)
}

/// `out` itself for one code; `stem-1-of-3.png`, … for several.
fn part_paths(out: &Path, count: usize) -> Vec<PathBuf> {
    if count <= 1 {
        return vec![out.to_path_buf()];
    }
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    let ext = out
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_else(|| "png".into());
    (1..=count)
        .map(|i| out.with_file_name(format!("{stem}-{i}-of-{count}.{ext}")))
        .collect()
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    export::write_export(path, bytes).map_err(|e| e.to_string())
}
