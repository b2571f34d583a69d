//! andOTP backups (<https://github.com/andOTP/andOTP>, `BackupHelper`, `EncryptionHelper`).
//!
//! Plain: a JSON array of `{secret (padded base32), issuer, label, type, algorithm, digits,
//! period | counter, tags}`. Encrypted (no magic; any binary that is nothing else): the new
//! format is `[u32 BE iterations][12 salt][12 nonce][AES-256-GCM ciphertext ‖ tag]` with key
//! PBKDF2-HMAC-SHA1(password, salt, iterations); the old one `[12 nonce][ciphertext ‖ tag]` with
//! key SHA-256(password). The old one is tried first (one hash, no header to trust), then the
//! new one if its iteration count is one OTP Desk would run; the plaintext is the plain format.

use serde_json::Value;

use super::budget::Budget;
use super::convert::{self, Fields, number, text};
use super::crypto::{self, CryptoError, Kdf, MAX_PBKDF2_ITERATIONS, NONCE_LEN, Prf, TAG_LEN};
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
    // The old format first: it costs one SHA-256, and its random nonce sits where the new
    // format keeps its iteration count, so an old file read as new asks for billions of rounds.
    if let Some(plain) = decrypt_old(bytes, password) {
        return Ok(plain);
    }
    decrypt_new(bytes, password, budget)?.ok_or(ImportError::WrongPassword { format: FORMAT })
}

/// `[12 nonce][ciphertext ‖ tag]` with key SHA-256(password); `None` when it does not open.
fn decrypt_old(bytes: &[u8], password: &str) -> Option<zeroize::Zeroizing<Vec<u8>>> {
    let key = crypto::sha256(password.as_bytes());
    let (nonce, sealed) = bytes.split_at(NONCE_LEN);
    crypto::aes_gcm_open(&key[..], nonce, sealed, &[]).ok()
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
    // andOTP writes 140,000 to 160,000 rounds. A count beyond what OTP Desk would ever run is
    // no new-format header but an old file's nonce (that did not open with this password).
    if iterations == 0 || iterations > MAX_PBKDF2_ITERATIONS {
        return Ok(None);
    }
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
    use crate::import::import_bytes;
    use serde_json::json;

    /// An old-format backup (`[12 nonce][AES-256-GCM ‖ tag]`, key SHA-256(password)) of one
    /// account, its nonce starting with `rounds`: what reading it as the new format would run.
    fn old_format(password: &str, rounds: u32) -> Vec<u8> {
        let plain = br#"[{"secret":"JBSWY3DPEHPK3PXP","issuer":"Shop","label":"me","type":"TOTP",
            "algorithm":"SHA1","digits":6,"period":30,"tags":["work"]}]"#;
        let mut nonce = [0x5a_u8; NONCE_LEN];
        nonce[..4].copy_from_slice(&rounds.to_be_bytes());
        let key = crypto::sha256(password.as_bytes());
        let mut file = nonce.to_vec();
        file.extend(crypto::aes_gcm_seal(&key[..], &nonce, plain, &[]).unwrap());
        file
    }

    #[test]
    fn old_format_backups_open_whatever_their_nonce_says() {
        // 2,000,000,000: the "PBKDF2 × 2 billion" an old file was refused with; 10,000,000:
        // a count the new format's reading would try (and the budget refuse) after the old one.
        for rounds in [2_000_000_000, u32::MAX, 10_000_000, 0] {
            let file = old_format("test", rounds);
            let report = import_bytes(&file, "otp_accounts.json.aes", Some("test")).unwrap();
            assert_eq!(report.found.len(), 1, "{rounds}");
            assert_eq!(report.found[0].entry.issuer, "Shop");
            assert_eq!(report.found[0].group.as_deref(), Some("work"));
        }
    }

    #[test]
    fn a_wrong_password_for_an_old_backup_says_wrong_password() {
        for rounds in [2_000_000_000, u32::MAX, 0] {
            let file = old_format("test", rounds);
            let error = import_bytes(&file, "otp_accounts.json.aes", Some("tset")).unwrap_err();
            assert_eq!(
                error,
                ImportError::WrongPassword { format: FORMAT },
                "{rounds}"
            );
            let missing = import_bytes(&file, "otp_accounts.json.aes", None).unwrap_err();
            assert_eq!(missing, ImportError::PasswordNeeded { format: FORMAT });
        }
    }

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
