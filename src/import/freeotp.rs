//! FreeOTP 1.x and FreeOTP+ (<https://github.com/freeotp/freeotp-android>, `Token.java`;
//! <https://github.com/helloworld1/FreeOTPPlus>): the internal `tokens.xml` (Android
//! preferences, one JSON token per account plus `tokenOrder`) and FreeOTP+'s JSON export
//! `{tokenOrder, tokens}`. Secrets are Java signed byte arrays.
//!
//! HOTP counters: FreeOTP stores the counter of the last code shown and increments before
//! computing the next one, so a token added from a URI with `counter=1` is stored as 0. OTP
//! Desk imports `stored + 1`, the counter of the next code, as the provisioning URI had it;
//! the next code shown is then the one FreeOTP would have shown.

use serde_json::Value;

use super::convert::{self, Fields, number, text};
use super::{ImportError, ImportReport, Input, prefs};

const FORMAT_XML: &str = "FreeOTP tokens.xml";
const FORMAT_PLUS: &str = "FreeOTP+";

pub(super) fn read_xml(input: &Input) -> Result<ImportReport, ImportError> {
    let prefs = prefs::read(input.bytes).map_err(|e| ImportError::damaged(FORMAT_XML, e))?;
    let mut tokens = Vec::new();
    let mut report = ImportReport::default();
    for pref in prefs.iter().filter(|p| p.name != "tokenOrder") {
        match serde_json::from_str::<Value>(&pref.value) {
            Ok(token) if token.is_object() => tokens.push(token),
            _ => report.problem(
                format!("{} ({})", input.file, pref.name),
                "not a FreeOTP token (its JSON is damaged)",
            ),
        }
    }
    report.merge(convert_tokens(&tokens, input));
    Ok(report)
}

pub(super) fn read_plus_json(input: &Input) -> Result<ImportReport, ImportError> {
    let file: Value = serde_json::from_slice(input.bytes)
        .map_err(|e| ImportError::damaged(FORMAT_PLUS, e.to_string()))?;
    let tokens = file
        .get("tokens")
        .and_then(Value::as_array)
        .ok_or_else(|| ImportError::damaged(FORMAT_PLUS, "tokens is not a list"))?;
    Ok(convert_tokens(tokens, input))
}

fn convert_tokens(tokens: &[Value], input: &Input) -> ImportReport {
    let mut report = ImportReport::default();
    for (index, token) in tokens.iter().enumerate() {
        let issuer = [
            text(token, "issuerAlt"),
            text(token, "issuerExt"),
            text(token, "issuerInt"),
        ]
        .into_iter()
        .find(|s| !s.is_empty())
        .unwrap_or("");
        let name = Some(text(token, "labelAlt"))
            .filter(|s| !s.is_empty())
            .unwrap_or(text(token, "label"));
        let converted = token
            .get("secret")
            .ok_or_else(|| "secret: missing".to_owned())
            .and_then(|s| convert::signed_bytes(s, "secret"))
            .and_then(convert::secret_bytes)
            .and_then(|secret| {
                let fields = Fields {
                    kind: token.get("type").and_then(Value::as_str),
                    algorithm: token.get("algo").and_then(Value::as_str),
                    digits: number(token.get("digits")),
                    period_secs: number(token.get("period")),
                    counter: number(token.get("counter")).map(|c| c.saturating_add(1)),
                };
                convert::entry(issuer, name, secret, &fields)
            });
        report.push(input.source(index, issuer, name), converted, None);
    }
    report
}
