//! What the command line prints: tables for people, JSON for scripts. Never a secret.

use serde_json::{Value, json};

use crate::import::ImportReport;
use crate::otp::OtpKind;
use crate::store::metadata::Account;

pub fn print_json(value: &Value) {
    println!("{}", serde_json::to_string(value).unwrap_or_default());
}

pub fn list(accounts: &[Account], as_json: bool) -> u8 {
    if as_json {
        let rows: Vec<Value> = accounts
            .iter()
            .map(|a| json!({"id": a.id, "issuer": a.issuer, "name": a.name, "type": a.params.kind().name(), "group": a.group}))
            .collect();
        print_json(&Value::Array(rows));
        return 0;
    }
    if accounts.is_empty() {
        println!("No accounts yet. Add one with `otp-desk add` or `otp-desk import`.");
        return 0;
    }
    let width = |f: fn(&Account) -> &str, min: usize| {
        accounts
            .iter()
            .map(|a| f(a).chars().count())
            .max()
            .unwrap_or(0)
            .max(min)
    };
    let (wi, wn) = (width(|a| &a.issuer, 6), width(|a| &a.name, 4));
    println!("{:wi$}  {:wn$}  {:5}  GROUP", "ISSUER", "NAME", "TYPE");
    for a in accounts {
        println!(
            "{:wi$}  {:wn$}  {:5}  {}",
            a.issuer,
            a.name,
            a.params.kind().name(),
            a.group
        );
    }
    0
}

/// The import report as one JSON object: `{"accounts": [...], "errors": [...]}`.
pub fn import_json(report: &ImportReport, statuses: &[Option<&str>], at_unix_secs: u64) -> Value {
    let accounts: Vec<Value> = report
        .found
        .iter()
        .zip(statuses)
        .map(|(found, status)| {
            let e = &found.entry;
            let mut row = json!({
                "type": e.params.kind().name(),
                "issuer": e.issuer,
                "name": e.name,
                "algorithm": e.params.algorithm().as_str(),
                "digits": e.params.digits().get(),
                "period": e.params.kind().period_secs(),
                "counter": e.params.kind().counter(),
                "code": e.code_at(at_unix_secs),
                "source": found.source,
            });
            if let Some(status) = status {
                row["status"] = json!(status);
            }
            row
        })
        .collect();
    let errors: Vec<Value> = report
        .problems
        .iter()
        .map(|p| json!({"source": p.source, "message": p.message}))
        .collect();
    json!({"accounts": accounts, "errors": errors})
}

pub fn print_import_human(report: &ImportReport, statuses: &[Option<&str>], dry_run: bool) {
    for (found, status) in report.found.iter().zip(statuses) {
        let e = &found.entry;
        let kind = match e.params.kind() {
            OtpKind::Hotp { counter } => format!("hotp, counter {counter}"),
            kind => kind.name().to_owned(),
        };
        let verb = match (dry_run, status) {
            (true, _) => "would add",
            (false, Some("duplicate")) => "already there",
            (false, Some("failed")) => "failed",
            _ => "added",
        };
        println!("{verb}: {} [{kind}]  ({})", e.label(), found.source);
    }
    for p in &report.problems {
        eprintln!("{}: {}", p.source, p.message);
    }
    let count = |s: &str| statuses.iter().filter(|x| **x == Some(s)).count();
    if dry_run {
        println!(
            "{} accounts found, {} inputs could not be read (dry run: nothing was changed).",
            report.found.len(),
            report.problem_count()
        );
    } else {
        println!(
            "{} added, {} already there, {} problems.",
            count("added"),
            count("duplicate"),
            report.problem_count()
        );
    }
}
