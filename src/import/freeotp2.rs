//! FreeOTP 2.x backups (`externalBackup.xml`, despite the name a Java-serialized
//! `HashMap<String, String>`; <https://github.com/freeotp/freeotp-android>, `TokenPersistence`,
//! `MasterKey`, `EncryptedKey`).
//!
//! Read: [`super::java_ser`]. Decrypt: `masterKey` is JSON `{mAlgorithm, mIterations, mSalt,
//! mEncryptedKey}`; PBKDF2 (HMAC-SHA1 or -SHA512 as `mAlgorithm` says) of the password opens the
//! AES-256-GCM-sealed master key (AAD = `mToken`, nonce in the DER `GCMParameters`
//! `30 11 04 0C <nonce> 02 01 10`, or a bare `04 0C <nonce>` on Android 6). Each `<uuid>` holds
//! `{"key": "<EncryptedKey JSON>"}` sealed under the master key; `<uuid>-token` the account.
//! Convert: counters are stored as the provisioning URI had them.

use serde_json::Value;

use super::budget::Budget;
use super::convert::{self, Fields, number, signed_bytes, text};
use super::crypto::{self, CryptoError, Kdf, Prf};
use super::{ImportError, ImportReport, Input, java_ser};

const FORMAT: &str = "FreeOTP 2";

pub(super) fn read(input: &Input) -> Result<ImportReport, ImportError> {
    let map =
        java_ser::read_string_map(input.bytes).map_err(|e| ImportError::damaged(FORMAT, e))?;
    let by_key: std::collections::HashMap<&str, &str> =
        map.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let lookup = |key: &str| by_key.get(key).copied();
    let master_json =
        lookup("masterKey").ok_or_else(|| ImportError::damaged(FORMAT, "no masterKey"))?;
    let password = input.password(FORMAT)?;
    let master = open_master_key(master_json, password, input.budget)?;
    let mut report = ImportReport::default();
    let uuids = map
        .iter()
        .map(|(k, _)| k.as_str())
        .filter(|k| *k != "masterKey" && !k.ends_with("-token"));
    for (index, uuid) in uuids.enumerate() {
        let token: Value = lookup(&format!("{uuid}-token"))
            .and_then(|t| serde_json::from_str(t).ok())
            .unwrap_or(Value::Null);
        let issuer = Some(text(&token, "issuerAlt"))
            .filter(|s| !s.is_empty())
            .unwrap_or(text(&token, "issuerExt"));
        let name = Some(text(&token, "labelAlt"))
            .filter(|s| !s.is_empty())
            .unwrap_or(text(&token, "label"));
        let converted = if token.is_null() {
            Err("the account's token is missing or damaged".to_owned())
        } else {
            secret(lookup(uuid).unwrap_or(""), &master).and_then(|secret| {
                let fields = Fields {
                    kind: token.get("type").and_then(Value::as_str),
                    algorithm: token.get("algo").and_then(Value::as_str),
                    digits: number(token.get("digits")),
                    period_secs: number(token.get("period")),
                    counter: number(token.get("counter")),
                };
                convert::entry(issuer, name, secret, &fields)
            })
        };
        report.push(input.source(index, issuer, name), converted, None);
    }
    Ok(report)
}

fn open_master_key(
    json: &str,
    password: &str,
    budget: &Budget,
) -> Result<zeroize::Zeroizing<Vec<u8>>, ImportError> {
    let damaged = |what: &str| ImportError::damaged(FORMAT, format!("masterKey: {what}"));
    let master: Value = serde_json::from_str(json).map_err(|_| damaged("not JSON"))?;
    let prf = match text(&master, "mAlgorithm").to_ascii_uppercase().as_str() {
        "PBKDF2WITHHMACSHA1" => Prf::Sha1,
        "PBKDF2WITHHMACSHA256" => Prf::Sha256,
        "PBKDF2WITHHMACSHA512" => Prf::Sha512,
        other => {
            return Err(ImportError::Unsupported {
                format: FORMAT,
                detail: format!("key derivation '{other}'"),
            });
        }
    };
    let iterations = number(master.get("mIterations"))
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| damaged("mIterations"))?;
    let salt = master
        .get("mSalt")
        .map(|s| signed_bytes(s, "mSalt"))
        .transpose()
        .map_err(|e| damaged(&e))?
        .ok_or_else(|| damaged("mSalt"))?;
    let key = budget
        .derive(Kdf::Pbkdf2 { prf, iterations }, password.as_bytes(), &salt)
        .map_err(|_| damaged("bad iteration count"))?;
    let sealed = master
        .get("mEncryptedKey")
        .ok_or_else(|| damaged("mEncryptedKey"))?;
    open_encrypted_key(sealed, &key[..]).map_err(|e| match e {
        Opening::Crypto(CryptoError::Authentication) => {
            ImportError::WrongPassword { format: FORMAT }
        }
        Opening::Crypto(CryptoError::BadParameter) => damaged("bad nonce or key size"),
        Opening::Field(f) => damaged(&f),
    })
}

/// One account's secret: `{"key": "<EncryptedKey JSON>"}` under the master key.
fn secret(value: &str, master: &[u8]) -> Result<crate::otp::Secret, String> {
    let outer: Value =
        serde_json::from_str(value).map_err(|_| "the encrypted secret is not JSON".to_owned())?;
    let inner: Value = serde_json::from_str(text(&outer, "key"))
        .map_err(|_| "the encrypted secret is not JSON".to_owned())?;
    let plain = open_encrypted_key(&inner, master).map_err(|e| match e {
        Opening::Crypto(error) => format!("secret: {error}"),
        Opening::Field(f) => format!("secret: {f}"),
    })?;
    convert::secret_bytes(plain.to_vec())
}

enum Opening {
    Crypto(CryptoError),
    Field(String),
}

/// FreeOTP's `EncryptedKey {mCipher, mCipherText, mParameters, mToken}`.
fn open_encrypted_key(sealed: &Value, key: &[u8]) -> Result<zeroize::Zeroizing<Vec<u8>>, Opening> {
    let ciphertext = sealed
        .get("mCipherText")
        .ok_or_else(|| Opening::Field("mCipherText missing".into()))
        .and_then(|v| signed_bytes(v, "mCipherText").map_err(Opening::Field))?;
    let parameters = sealed
        .get("mParameters")
        .ok_or_else(|| Opening::Field("mParameters missing".into()))
        .and_then(|v| signed_bytes(v, "mParameters").map_err(Opening::Field))?;
    let nonce = gcm_nonce(&parameters)
        .ok_or_else(|| Opening::Field("mParameters is not a GCM nonce".into()))?;
    crypto::aes_gcm_open(key, nonce, &ciphertext, text(sealed, "mToken").as_bytes())
        .map_err(Opening::Crypto)
}

/// The nonce inside DER `GCMParameters ::= SEQUENCE { OCTET STRING nonce, INTEGER tagLen }`,
/// or a bare OCTET STRING.
fn gcm_nonce(der: &[u8]) -> Option<&[u8]> {
    let body = match der {
        [0x30, len, rest @ ..] if usize::from(*len) == rest.len() => rest,
        _ => der,
    };
    match body {
        [0x04, len, rest @ ..] => rest.get(..usize::from(*len)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::gcm_nonce;

    #[test]
    fn nonce_in_both_der_shapes() {
        let mut der = vec![0x30, 0x11, 0x04, 0x0c];
        der.extend([7u8; 12]);
        der.extend([0x02, 0x01, 0x10]);
        assert_eq!(gcm_nonce(&der), Some(&[7u8; 12][..]));
        assert_eq!(gcm_nonce(&der[2..16]), Some(&[7u8; 12][..]));
        assert_eq!(gcm_nonce(&[0x30, 0x05, 0x04]), None);
    }
}
