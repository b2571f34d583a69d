//! TOTP Authenticator (BinaryBoot) internal preferences XML: `STATIC_TOTP_CODES_LIST` is a JSON
//! array of `{issuer, name, key, base, digits, period}` where `base` (16, 32 or 64) says how
//! `key` is encoded and digits/period are strings.
//!
//! Unlike Aegis (which imposes 6 digits and 30 s), OTP Desk keeps the stored digits and period:
//! the app shows codes with them, so they are what the service expects.

use serde_json::Value;

use super::convert::{self, Fields, number, text};
use super::{ImportError, ImportReport, Input, prefs};

const FORMAT: &str = "TOTP Authenticator";
const LIST_PREF: &str = "STATIC_TOTP_CODES_LIST";

pub(super) fn read(input: &Input) -> Result<ImportReport, ImportError> {
    let prefs = prefs::read(input.bytes).map_err(|e| ImportError::damaged(FORMAT, e))?;
    let json = prefs::find(&prefs, LIST_PREF)
        .ok_or_else(|| ImportError::damaged(FORMAT, "no account list"))?;
    let list: Value =
        serde_json::from_str(json).map_err(|e| ImportError::damaged(FORMAT, e.to_string()))?;
    let list = list
        .as_array()
        .ok_or_else(|| ImportError::damaged(FORMAT, "the account list is not a list"))?;
    let mut report = ImportReport::default();
    for (index, raw) in list.iter().enumerate() {
        let (issuer, name) = (text(raw, "issuer"), text(raw, "name"));
        let key = text(raw, "key");
        let secret = match number(raw.get("base")).unwrap_or(16) {
            16 => convert::hex(key, "key").and_then(convert::secret_bytes),
            32 => convert::base32(key),
            64 => convert::base64(key, "key").and_then(convert::secret_bytes),
            other => Err(format!("base: {other} is not 16, 32 or 64")),
        };
        let converted = secret.and_then(|secret| {
            let fields = Fields {
                digits: number(raw.get("digits")),
                period_secs: number(raw.get("period")),
                ..Fields::default()
            };
            convert::entry(issuer, name, secret, &fields)
        });
        report.push(input.source(index, issuer, name), converted, None);
    }
    Ok(report)
}
