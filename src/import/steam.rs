//! Steam Guard files (Steam Desktop Authenticator `.maFile`, steamguard-cli): one object with a
//! base64 `shared_secret` and `account_name`, or `{"accounts": {id: object}}`. Issuer "Steam";
//! codes are Steam's 5 characters (SHA1, 30 s).

use serde_json::Value;

use super::convert::{self, text};
use super::{ImportError, ImportReport, Input};
use crate::otp::{Entry, OtpParams};

const FORMAT: &str = "Steam";

pub(super) fn read(input: &Input) -> Result<ImportReport, ImportError> {
    let file: Value = serde_json::from_slice(input.bytes)
        .map_err(|e| ImportError::damaged(FORMAT, e.to_string()))?;
    let accounts: Vec<&Value> = match file.get("accounts").and_then(Value::as_object) {
        Some(map) => map.values().collect(),
        None => vec![&file],
    };
    let mut report = ImportReport::default();
    for (index, account) in accounts.into_iter().enumerate() {
        let name = text(account, "account_name");
        let converted = convert::base64(text(account, "shared_secret"), "shared_secret")
            .and_then(convert::secret_bytes)
            .map(|secret| Entry {
                issuer: "Steam".into(),
                name: name.trim().to_owned(),
                params: OtpParams::steam(),
                secret,
            });
        report.push(input.source(index, "Steam", name), converted, None);
    }
    Ok(report)
}
