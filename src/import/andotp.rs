//! andOTP backups (<https://github.com/andOTP/andOTP>, `BackupHelper`, `EncryptionHelper`).
//!
//! Plain: a JSON array of `{secret (padded base32), issuer, label, type, algorithm, digits,
//! period | counter, tags}`. Encrypted (no magic; any binary that is nothing else): the new
//! format is `[u32 BE iterations][12 salt][12 nonce][AES-256-GCM ciphertext ‖ tag]` with key
//! PBKDF2-HMAC-SHA1(password, salt, iterations); the old one `[12 nonce][ciphertext ‖ tag]` with
//! key SHA-256(password). Both are tried; the plaintext is the plain format.

use serde_json::Value;

use super::budget::Budget;
use super::convert::{self, Fields, number, text};
use super::crypto::{self, CryptoError, Kdf, NONCE_LEN, Prf, TAG_LEN};
use super::{ImportError, ImportReport, Input};

const FORMAT: &str = "andOTP";
const SALT_LEN: usize = 12;

pub(super) fn read_plain(input: &Input) -> Result<ImportReport, ImportError> {
    convert_json(input.bytes, input)
}

pub(super) fn read_encrypted(input: &Input) -> Result<ImportReport, ImportError> {
    let password = input.password(FORMAT)?;
    let plain = decrypt(input.bytes, password, input.budget)?;
    convert_json(&plain, input)
}

fn decrypt(
    bytes: &[u8],
    password: &str,
    budget: &Budget,
) -> Result<zeroize::Zeroizing<Vec<u8>>, ImportError> {
    if bytes.len() < NONCE_LEN + TAG_LEN {
        return Err(ImportError::damaged(
            FORMAT,
            "the encrypted backup is too short",
        ));
    }
    if let Some(plain) = decrypt_new(bytes, password, budget)? {
        return Ok(plain);
    }
    let key = crypto::sha256(password.as_bytes());
    let (nonce, sealed) = bytes.split_at(NONCE_LEN);
    crypto::aes_gcm_open(&key[..], nonce, sealed, &[])
        .map_err(|_| ImportError::WrongPassword { format: FORMAT })
}

/// `Ok(None)` when the bytes cannot be the new format or do not open with this password.
fn decrypt_new(
    bytes: &[u8],
    password: &str,
    budget: &Budget,
) -> Result<Option<zeroize::Zeroizing<Vec<u8>>>, ImportError> {
    let header = 4 + SALT_LEN + NONCE_LEN;
    if bytes.len() < header + TAG_LEN {
        return Ok(None);
    }
    let iterations = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
    let salt = &bytes[4..4 + SALT_LEN];
    let nonce = &bytes[4 + SALT_LEN..header];
    let kdf = Kdf::Pbkdf2 {
        prf: Prf::Sha1,
        iterations,
    };
    let key = match budget.derive(kdf, password.as_bytes(), salt) {
        Ok(key) => key,
        Err(_) => return Ok(None),
    };
    match crypto::aes_gcm_open(&key[..], nonce, &bytes[header..], &[]) {
        Ok(plain) => Ok(Some(plain)),
        Err(CryptoError::Authentication | CryptoError::BadParameter) => Ok(None),
    }
}

fn convert_json(bytes: &[u8], input: &Input) -> Result<ImportReport, ImportError> {
    let entries: Value =
        serde_json::from_slice(bytes).map_err(|e| ImportError::damaged(FORMAT, e.to_string()))?;
    let entries = entries
        .as_array()
        .ok_or_else(|| ImportError::damaged(FORMAT, "the backup is not a list of accounts"))?;
    let mut report = ImportReport::default();
    for (index, raw) in entries.iter().enumerate() {
        let (issuer, name) = names(raw);
        let group = raw
            .get("tags")
            .and_then(Value::as_array)
            .and_then(|t| t.first())
            .and_then(Value::as_str)
            .map(str::to_owned);
        let converted = convert::base32(text(raw, "secret")).and_then(|secret| {
            let fields = Fields {
                kind: raw.get("type").and_then(Value::as_str),
                algorithm: raw.get("algorithm").and_then(Value::as_str),
                digits: number(raw.get("digits")),
                period_secs: number(raw.get("period")),
                counter: number(raw.get("counter")),
            };
            convert::entry(issuer, name, secret, &fields)
        });
        report.push(input.source(index, issuer, name), converted, group);
    }
    Ok(report)
}

/// Old andOTP versions had no issuer field and kept the issuer in the label, as
/// "Issuer - Issuer:Name" (the provisioning label after the issuer), "Issuer - Name" or
/// "Issuer:Name".
fn names(raw: &Value) -> (&str, &str) {
    let (issuer, label) = (text(raw, "issuer"), text(raw, "label"));
    if !issuer.is_empty() {
        return (issuer, label);
    }
    if let Some((prefix, rest)) = label.split_once(" - ") {
        let (prefix, rest) = (prefix.trim(), rest.trim());
        return match convert::split_label(rest) {
            (Some(repeated), name) if repeated.eq_ignore_ascii_case(prefix) => (prefix, name),
            _ => (prefix, rest),
        };
    }
    match convert::split_label(label) {
        (Some(prefix), rest) => (prefix, rest),
        (None, _) => (issuer, label),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn old_labels_carry_the_issuer() {
        let cases = [
            ("Issuer - Issuer:Name", ("Issuer", "Name")),
            ("Google - google:me@gmail.com", ("Google", "me@gmail.com")),
            ("Shop - Other:me", ("Shop", "Other:me")),
            ("Shop - me", ("Shop", "me")),
            ("Shop:me", ("Shop", "me")),
            ("me", ("", "me")),
        ];
        for (label, want) in cases {
            assert_eq!(names(&json!({ "label": label })), want, "{label}");
        }
        let new = json!({"issuer": "Shop", "label": "A - B:c"});
        assert_eq!(names(&new), ("Shop", "A - B:c"), "an issuer field wins");
    }
}
