//! Bitwarden vault exports, unencrypted JSON and CSV
//! (<https://bitwarden.com/help/condition-bitwarden-import/>). Each login's `totp` holds an
//! `otpauth://` URI, `steam://SECRET`, or a bare base32 key; items without one are skipped.
//! Folders become groups. Password-protected JSON exports are reported as not supported yet.

use std::collections::HashMap;

use serde_json::Value;

use super::convert::{self, text};
use super::{ImportError, ImportReport, Input};
use crate::otp::{Entry, OtpParams};

const FORMAT: &str = "Bitwarden";

pub(super) fn read_json(input: &Input) -> Result<ImportReport, ImportError> {
    let file: Value = serde_json::from_slice(input.bytes)
        .map_err(|e| ImportError::damaged(FORMAT, e.to_string()))?;
    if file.get("encrypted").and_then(Value::as_bool) == Some(true) {
        return Err(ImportError::Unsupported {
            format: FORMAT,
            detail: "encrypted exports; export again choosing \"JSON\" (not encrypted)".into(),
        });
    }
    let folders: HashMap<&str, &str> = file
        .get("folders")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|f| Some((f.get("id")?.as_str()?, f.get("name")?.as_str()?)))
        .collect();
    let items = file
        .get("items")
        .and_then(Value::as_array)
        .ok_or_else(|| ImportError::damaged(FORMAT, "items is not a list"))?;
    let mut report = ImportReport::default();
    for (index, item) in items.iter().enumerate() {
        let Some(totp) = item
            .get("login")
            .and_then(|l| l.get("totp"))
            .and_then(Value::as_str)
            .filter(|t| !t.trim().is_empty())
        else {
            continue;
        };
        let login = item.get("login").unwrap_or(&Value::Null);
        let folder = item
            .get("folderId")
            .and_then(Value::as_str)
            .and_then(|id| folders.get(id))
            .map(|n| (*n).to_owned());
        let source = input.source(index, text(item, "name"), "");
        report.push(
            source,
            from_totp_field(totp, text(item, "name"), text(login, "username")),
            folder,
        );
    }
    Ok(report)
}

pub(super) fn read_csv(input: &Input) -> Result<ImportReport, ImportError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(input.bytes);
    let headers = reader
        .headers()
        .map_err(|e| ImportError::damaged(FORMAT, e.to_string()))?
        .clone();
    let column = |name: &str| headers.iter().position(|h| h.trim() == name);
    let totp_column =
        column("login_totp").ok_or_else(|| ImportError::damaged(FORMAT, "no login_totp column"))?;
    let (name_column, user_column, folder_column) =
        (column("name"), column("login_username"), column("folder"));
    let mut report = ImportReport::default();
    for (index, record) in reader.records().enumerate() {
        let source = format!("{}:{}", input.file, index + 2);
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                report.problem(source, format!("the CSV row is damaged: {error}"));
                continue;
            }
        };
        let cell = |c: Option<usize>| c.and_then(|c| record.get(c)).unwrap_or("");
        let totp = cell(Some(totp_column));
        if totp.trim().is_empty() {
            continue;
        }
        let folder = Some(cell(folder_column).to_owned());
        report.push(
            source,
            from_totp_field(totp, cell(name_column), cell(user_column)),
            folder,
        );
    }
    Ok(report)
}

/// One `totp` value; `item` and `user` name bare keys.
fn from_totp_field(totp: &str, item: &str, user: &str) -> Result<Entry, String> {
    let totp = totp.trim();
    if crate::uri::is_otpauth_uri(totp) {
        return crate::uri::parse(totp).map_err(|e| e.to_string());
    }
    if let Some(key) = totp.strip_prefix("steam://") {
        return Ok(Entry {
            issuer: "Steam".into(),
            name: "Steam account".into(),
            params: OtpParams::steam(),
            secret: convert::base32(key)?,
        });
    }
    Ok(Entry {
        issuer: item.trim().to_owned(),
        name: user.trim().to_owned(),
        params: OtpParams::totp_default(),
        secret: convert::base32(totp)?,
    })
}
