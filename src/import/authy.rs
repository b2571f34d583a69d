//! Authy's `com.authy.storage.tokens.authenticator.xml` (Android preferences): the preference
//! `com.authy.storage.tokens.authenticator.key` is a JSON array of tokens with `decryptedSecret`
//! (base32), `digits`, `originalIssuer` and `name` ("Issuer: account"). Authy keeps nothing
//! else: every token is TOTP, SHA1, 30 s. Tokens that only carry `encryptedSecret` (locked by
//! the Authy backup password) are listed as problems; unlock the app and export again.

use serde_json::Value;

use super::convert::{self, Fields, number, text};
use super::{ImportError, ImportReport, Input, prefs};

const FORMAT: &str = "Authy";
const TOKENS_PREF: &str = "com.authy.storage.tokens.authenticator.key";

pub(super) fn read(input: &Input) -> Result<ImportReport, ImportError> {
    let prefs = prefs::read(input.bytes).map_err(|e| ImportError::damaged(FORMAT, e))?;
    let json = prefs::find(&prefs, TOKENS_PREF)
        .ok_or_else(|| ImportError::damaged(FORMAT, "no token list"))?;
    let tokens: Value =
        serde_json::from_str(json).map_err(|e| ImportError::damaged(FORMAT, e.to_string()))?;
    let tokens = tokens
        .as_array()
        .ok_or_else(|| ImportError::damaged(FORMAT, "the token list is not a list"))?;
    let mut report = ImportReport::default();
    for (index, token) in tokens.iter().enumerate() {
        let (issuer, name) = names(token);
        let converted = match token.get("decryptedSecret").and_then(Value::as_str) {
            Some(secret) => convert::base32(secret).and_then(|secret| {
                let fields = Fields { digits: number(token.get("digits")), ..Fields::default() };
                convert::entry(&issuer, &name, secret, &fields)
            }),
            None if token.get("encryptedSecret").is_some() => {
                Err("the secret is still encrypted with the Authy backup password; unlock it in Authy first".to_owned())
            }
            None => Err("secret: missing".to_owned()),
        };
        report.push(input.source(index, &issuer, &name), converted, None);
    }
    Ok(report)
}

/// Issuer from `originalIssuer` (or the "Issuer:" of `originalName`); the name without it.
fn names(token: &Value) -> (String, String) {
    let (label_issuer, label_name) = convert::split_label(text(token, "originalName"));
    let issuer = Some(text(token, "originalIssuer"))
        .filter(|s| !s.is_empty())
        .or(label_issuer)
        .unwrap_or("")
        .to_owned();
    let shown = text(token, "name");
    let name = match shown.split_once(':') {
        Some((prefix, rest)) if prefix.trim() == issuer => rest.trim(),
        _ if shown.is_empty() => label_name,
        _ => shown.trim(),
    };
    (issuer, name.to_owned())
}
