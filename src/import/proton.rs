//! Proton Authenticator's JSON export: `{"version": 1, "entries": [{"content": {"uri":
//! "otpauth://…", "name", "entry_type"}, "note"}]}`. Each entry is an otpauth URI; `name`
//! overrides the label when the URI has none. Encrypted exports (with `salt` and `content`
//! at the top) are not read yet.

use serde_json::Value;

use super::convert::text;
use super::{ImportError, ImportReport, Input};

const FORMAT: &str = "Proton Authenticator";

pub(super) fn read(input: &Input) -> Result<ImportReport, ImportError> {
    let file: Value = serde_json::from_slice(input.bytes)
        .map_err(|e| ImportError::damaged(FORMAT, e.to_string()))?;
    let entries = file
        .get("entries")
        .and_then(Value::as_array)
        .ok_or_else(|| ImportError::Unsupported {
            format: FORMAT,
            detail: "encrypted exports; export again without a password".into(),
        })?;
    let mut report = ImportReport::default();
    for (index, raw) in entries.iter().enumerate() {
        let content = raw.get("content").unwrap_or(raw);
        let label = text(content, "name");
        let converted = crate::uri::parse(text(content, "uri"))
            .map_err(|e| e.to_string())
            .map(|mut entry| {
                if entry.name.is_empty() && !label.is_empty() {
                    entry.name = label.to_owned();
                }
                entry
            });
        report.push(input.source(index, "", label), converted, None);
    }
    Ok(report)
}
