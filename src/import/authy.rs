//! Authy's `com.authy.storage.tokens.authenticator.xml` (Android preferences): the preference
//! `com.authy.storage.tokens.authenticator.key` is a JSON array of tokens with `decryptedSecret`
//! (base32), `digits`, `originalIssuer` and `name` ("Issuer: account"). Authy keeps nothing
//! else: every token is TOTP, SHA1, 30 s.
//!
//! Encrypted tokens carry `encryptedSecret` (base64) and `salt` instead: the key is
//! PBKDF2-HMAC-SHA1(backup password, UTF-8 salt, `key_derivation_iterations` or 1000, 32 bytes),
//! AES-256-CBC with PKCS#7 padding and `unique_iv` (base64) or a zero IV; the plaintext is the
//! base32 secret. When no token opens, the password is wrong. Tokens of one backup share their
//! salt and count, so each key is derived once; a file of many distinct ones pays from its
//! budget like any other.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use serde_json::Value;

use super::budget::Budget;
use super::convert::{self, Fields, number, text};
use super::crypto::{self, Kdf, Key, Prf};
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
    let encrypted = tokens
        .iter()
        .filter(|t| t.get("encryptedSecret").is_some())
        .count();
    let password = if encrypted > 0 {
        Some(input.password(FORMAT)?)
    } else {
        None
    };
    let mut report = ImportReport::default();
    let mut opened = 0;
    let mut keys = Keys {
        budget: input.budget,
        known: HashMap::new(),
    };
    for (index, token) in tokens.iter().enumerate() {
        if !input.budget.go_on() {
            break;
        }
        let (issuer, name) = names(token);
        let secret = match (
            token.get("decryptedSecret").and_then(Value::as_str),
            password,
        ) {
            (Some(secret), _) => Ok(zeroize::Zeroizing::new(secret.to_owned())),
            (None, Some(password)) if token.get("encryptedSecret").is_some() => {
                decrypt(token, password, &mut keys).inspect(|_| opened += 1)
            }
            _ => Err("secret: missing".to_owned()),
        };
        let converted = secret.and_then(|secret| {
            let fields = Fields {
                digits: number(token.get("digits")),
                ..Fields::default()
            };
            convert::entry(&issuer, &name, convert::base32(&secret)?, &fields)
        });
        report.push(input.source(index, &issuer, &name), converted, None);
    }
    if encrypted > 0 && opened == 0 {
        return Err(ImportError::WrongPassword { format: FORMAT });
    }
    Ok(report)
}

const DEFAULT_ITERATIONS: u64 = 1000;

/// The keys derived so far, by salt and iteration count.
struct Keys<'a> {
    budget: &'a Budget,
    known: HashMap<(String, u32), Key>,
}

impl Keys<'_> {
    fn derive(&mut self, password: &str, salt: &str, iterations: u32) -> Result<&Key, String> {
        match self.known.entry((salt.to_owned(), iterations)) {
            Entry::Occupied(known) => Ok(known.into_mut()),
            Entry::Vacant(slot) => {
                let kdf = Kdf::Pbkdf2 {
                    prf: Prf::Sha1,
                    iterations,
                };
                let key = self
                    .budget
                    .derive(kdf, password.as_bytes(), salt.as_bytes())
                    .map_err(|e| format!("salt: {e}"))?;
                Ok(slot.insert(key))
            }
        }
    }
}

/// One token's base32 secret; an error message when the password does not open it.
fn decrypt(
    token: &Value,
    password: &str,
    keys: &mut Keys,
) -> Result<zeroize::Zeroizing<String>, String> {
    let sealed = convert::base64(text(token, "encryptedSecret"), "encryptedSecret")?;
    let iterations = number(token.get("key_derivation_iterations")).unwrap_or(DEFAULT_ITERATIONS);
    let iterations =
        u32::try_from(iterations).map_err(|_| "key_derivation_iterations: too large".to_owned())?;
    let iv = match token.get("unique_iv").and_then(Value::as_str) {
        Some(iv) => convert::base64(iv, "unique_iv")?,
        None => vec![0; 16],
    };
    let key = keys.derive(password, text(token, "salt"), iterations)?;
    let plain = crypto::aes_cbc_open(&key[..], &iv, &sealed)
        .map_err(|_| "wrong password for this token".to_owned())?;
    let text = String::from_utf8(plain.to_vec())
        .map_err(|_| "wrong password for this token".to_owned())?;
    Ok(zeroize::Zeroizing::new(text))
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

#[cfg(test)]
mod tests {
    use super::*;
    use cbc::cipher::{BlockModeEncrypt, KeyIvInit, block_padding::Pkcs7};

    #[test]
    fn encrypted_tokens_open_with_the_backup_password() {
        let key = crypto::pbkdf2(Prf::Sha1, b"pw", b"salty", 1000).unwrap();
        let sealed = cbc::Encryptor::<aes::Aes256>::new_from_slices(&key[..], &[0u8; 16])
            .unwrap()
            .encrypt_padded_vec::<Pkcs7>(b"4SJHB4GSD43FZBAI7C2HLRJGPQ");
        let token = serde_json::json!([{"encryptedSecret": data_encoding::BASE64.encode(&sealed), "salt": "salty", "digits": 6, "originalIssuer": "Deno", "name": "Deno: Mason"}]);
        let xml = format!(
            "<map><string name=\"{TOKENS_PREF}\">{}</string></map>",
            token.to_string().replace('"', "&quot;")
        );
        let input = |password| Input::for_test(xml.as_bytes(), "authy.xml", password);
        let report = read(&input(Some("pw"))).unwrap();
        assert_eq!(
            report.found[0].entry.secret.to_base32(),
            "4SJHB4GSD43FZBAI7C2HLRJGPQ"
        );
        assert_eq!(
            (
                report.found[0].entry.issuer.as_str(),
                report.found[0].entry.name.as_str()
            ),
            ("Deno", "Mason")
        );
        assert!(matches!(
            read(&input(Some("px"))),
            Err(ImportError::WrongPassword { .. })
        ));
        assert!(matches!(
            read(&input(None)),
            Err(ImportError::PasswordNeeded { .. })
        ));
    }

    #[test]
    fn tokens_with_their_own_salts_share_one_budget_and_equal_ones_one_key() {
        use crate::import::budget::{Budget, Cancel, Stop};
        let tokens: Vec<_> = (0..10)
            .map(|i| serde_json::json!({"encryptedSecret": "AAAAAAAAAAAAAAAAAAAAAA==", "salt": format!("salt{}", i % 5), "key_derivation_iterations": 1000, "name": "Shop: me"}))
            .collect();
        let xml = format!(
            "<map><string name=\"{TOKENS_PREF}\">{}</string></map>",
            serde_json::Value::Array(tokens)
                .to_string()
                .replace('"', "&quot;")
        );
        let one = Kdf::Pbkdf2 {
            prf: Prf::Sha1,
            iterations: 1000,
        }
        .cost();
        // Five distinct salts: five derivations fit a budget of five, whatever the token count.
        let budget = Budget::with_kdf_cost(&Cancel::new(), 5 * one);
        let input = Input {
            bytes: xml.as_bytes(),
            file: "authy.xml",
            password: Some("pw"),
            budget: &budget,
        };
        assert!(matches!(
            read(&input),
            Err(ImportError::WrongPassword { .. })
        ));
        assert_eq!(budget.stopped(), None);
        // A budget of four stops at the fifth salt.
        let budget = Budget::with_kdf_cost(&Cancel::new(), 4 * one);
        let input = Input {
            budget: &budget,
            ..input
        };
        let _ = read(&input);
        assert!(matches!(budget.stopped(), Some(Stop::TooCostly(_))));
    }
}
