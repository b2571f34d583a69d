//! `otp-desk import` and `otp-desk scan`: files → entries (through `crate::import`), then the
//! vault unless `--dry-run`.

use std::path::PathBuf;
use std::time::Instant;

use serde_json::json;
use zeroize::Zeroizing;

use super::args::ImportArgs;
use super::{EXIT_FAILED, output};
use crate::clock::Clock;
use crate::import::{self, ImportReport, Problem};
use crate::vault::{AddOutcome, Vault};

/// Reads every file, then adds what was found unless `vault` is `None` (dry run).
pub fn run(args: &ImportArgs, vault: Option<&mut Vault>) -> u8 {
    let password = match args.password_stdin.then(read_password_stdin).transpose() {
        Ok(password) => password,
        Err(message) => {
            eprintln!("{message}");
            return super::EXIT_USAGE;
        }
    };
    let mut report = ImportReport::default();
    for path in &args.files {
        report.merge(import::from_file_with_password(
            path,
            password.as_deref().map(|p| p.as_str()),
        ));
    }
    let at = args.at.unwrap_or_else(|| Clock::System.unix_secs());
    let statuses = match vault {
        None => vec![None; report.found.len()],
        Some(vault) => match add_found(vault, &mut report) {
            Ok(statuses) => statuses,
            Err(message) => {
                eprintln!("{message}");
                return EXIT_FAILED;
            }
        },
    };
    if args.json {
        output::print_json(&output::import_json(&report, &statuses, at));
    } else {
        output::print_import_human(&report, &statuses, args.dry_run);
    }
    if report.problems.is_empty() {
        0
    } else {
        EXIT_FAILED
    }
}

/// Adds the entries; a per-entry failure becomes a problem of the report.
fn add_found(
    vault: &mut Vault,
    report: &mut ImportReport,
) -> Result<Vec<Option<&'static str>>, String> {
    let entries = report.found.iter().map(|f| f.entry.clone()).collect();
    let added = vault
        .add_all(entries, Clock::System.unix_secs())
        .map_err(|e| e.to_string())?;
    let mut statuses = Vec::with_capacity(added.outcomes.len());
    let mut kept = Vec::new();
    for (found, outcome) in report.found.iter().zip(&added.outcomes) {
        statuses.push(Some(match outcome {
            Ok(AddOutcome::Added(id)) => {
                if found.group.is_some() || found.pinned {
                    kept.push((
                        id.clone(),
                        found.group.clone(),
                        found.pinned,
                        found.source.clone(),
                    ));
                }
                "added"
            }
            Ok(AddOutcome::Duplicate(_)) => "duplicate",
            Err(error) => {
                report.problems.push(Problem {
                    source: found.source.clone(),
                    message: error.to_string(),
                });
                "failed"
            }
        }));
    }
    // Groups and pins the other app kept, applied to the accounts just added.
    for (id, group, pinned, source) in kept {
        let applied = vault.update(&id, |account| {
            account.group = group.unwrap_or_default();
            account.pinned = pinned;
        });
        if let Err(error) = applied {
            report.problems.push(Problem {
                source,
                message: error.to_string(),
            });
        }
    }
    Ok(statuses)
}

/// The first line of standard input, without its line ending; never echoed or logged.
pub(super) fn read_password_stdin() -> Result<Zeroizing<String>, String> {
    let mut line = Zeroizing::new(String::new());
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| format!("Could not read the password from standard input: {e}."))?;
    let trimmed = Zeroizing::new(line.trim_end_matches(['\r', '\n']).to_owned());
    if trimmed.is_empty() {
        return Err("The password on standard input is empty.".into());
    }
    Ok(trimmed)
}

/// `otp-desk scan`: one line (or JSON object) per image; exit 0 when every file could be read.
pub fn scan(images: &[PathBuf], as_json: bool) -> u8 {
    let mut exit = 0;
    for path in images {
        let shown = path.display().to_string();
        let started = Instant::now();
        let result = crate::qr::decode_file(path);
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        match (result, as_json) {
            (Ok(codes), true) => output::print_json(
                &json!({"file": shown, "codes": codes, "ms": (ms * 10.0).round() / 10.0}),
            ),
            (Ok(codes), false) if codes.is_empty() => println!("{shown}: no QR code found"),
            (Ok(codes), false) => codes.iter().for_each(|c| println!("{shown}: {c}")),
            (Err(error), true) => {
                output::print_json(&json!({"file": shown, "error": error.to_string()}));
                exit = EXIT_FAILED;
            }
            (Err(error), false) => {
                eprintln!("{error}");
                exit = EXIT_FAILED;
            }
        }
    }
    exit
}
