//! Duo Mobile's internal `accounts.json`: a JSON array of accounts with `name` and
//! `otpGenerator {otpSecret (base32), counter?}`; a counter makes it HOTP. Duo keeps no
//! issuer, algorithm or digits: SHA1, 6 digits, 30 s. Duo Push accounts without an
//! `otpGenerator` are skipped.

use serde_json::Value;

use super::convert::{self, Fields, number, text};
use super::{ImportError, ImportReport, Input};

const FORMAT: &str = "Duo";

pub(super) fn read(input: &Input) -> Result<ImportReport, ImportError> {
    let accounts: Value = serde_json::from_slice(input.bytes)
        .map_err(|e| ImportError::damaged(FORMAT, e.to_string()))?;
    let accounts = accounts
        .as_array()
        .ok_or_else(|| ImportError::damaged(FORMAT, "not a list of accounts"))?;
    let mut report = ImportReport::default();
    for (index, account) in accounts.iter().enumerate() {
        let Some(generator) = account.get("otpGenerator") else {
            continue;
        };
        let name = text(account, "name");
        let counter = number(generator.get("counter"));
        let converted = convert::base32(text(generator, "otpSecret")).and_then(|secret| {
            let fields = Fields {
                kind: Some(if counter.is_some() { "hotp" } else { "totp" }),
                counter,
                ..Fields::default()
            };
            convert::entry("", name, secret, &fields)
        });
        report.push(input.source(index, "", name), converted, None);
    }
    Ok(report)
}
