//! TOTP Authenticator (BinaryBoot) internal preferences XML: `STATIC_TOTP_CODES_LIST` is a JSON
//! array of `{issuer, name, key, base, digits, period}` where `base` (16, 32 or 64) says how
//! `key` is encoded and digits/period are strings.
//!
//! Unlike Aegis (which imposes 6 digits and 30 s), OTP Desk keeps the stored digits and period:
//! the app shows codes with them, so they are what the service expects.
//!
//! Its encrypted `.bin` backups are base64 text of AES-256-CBC (PKCS#7, all-zero IV) under
//! key = SHA-256(password); when the user set no password the app uses "TotpAuthenticator".
//! The plaintext is a JSON object whose first key is the same account list as a JSON string.

use serde_json::Value;

use super::convert::{self, Fields, number, text};
use super::{ImportError, ImportReport, Input, crypto, prefs};

const FORMAT: &str = "TOTP Authenticator";
const LIST_PREF: &str = "STATIC_TOTP_CODES_LIST";
const FORMAT_BIN: &str = "TOTP Authenticator (.bin)";
/// The password the app encrypts with when the user chose none.
const DEFAULT_PASSWORD: &str = "TotpAuthenticator";
const ZERO_IV: [u8; 16] = [0; 16];

pub(super) fn read(input: &Input) -> Result<ImportReport, ImportError> {
    let prefs = prefs::read(input.bytes).map_err(|e| ImportError::damaged(FORMAT, e))?;
    let json = prefs::find(&prefs, LIST_PREF)
        .ok_or_else(|| ImportError::damaged(FORMAT, "no account list"))?;
    convert_list(json, input, FORMAT)
}

/// An encrypted `.bin` backup: tries the password given, or the app's default one.
pub(super) fn read_bin(input: &Input) -> Result<ImportReport, ImportError> {
    let text = std::str::from_utf8(input.bytes).map_err(|_| ImportError::Unrecognised)?;
    let sealed =
        convert::base64(text, "backup").map_err(|e| ImportError::damaged(FORMAT_BIN, e))?;
    let password = input.password.unwrap_or(DEFAULT_PASSWORD);
    let key = crypto::sha256(password.as_bytes());
    let Ok(plain) = crypto::aes_cbc_open(&key[..], &ZERO_IV, &sealed) else {
        return Err(match input.password {
            None => ImportError::PasswordNeeded { format: FORMAT_BIN },
            Some(_) => ImportError::WrongPassword { format: FORMAT_BIN },
        });
    };
    let outer: Value = serde_json::from_slice(&plain)
        .map_err(|_| ImportError::WrongPassword { format: FORMAT_BIN })?;
    let list = outer
        .as_object()
        .and_then(|o| o.keys().next())
        .ok_or_else(|| ImportError::damaged(FORMAT_BIN, "no account list"))?;
    convert_list(list, input, FORMAT_BIN)
}

/// The account list: a JSON array whose items are objects, or JSON strings of objects.
fn convert_list(
    json: &str,
    input: &Input,
    format: &'static str,
) -> Result<ImportReport, ImportError> {
    let list: Value =
        serde_json::from_str(json).map_err(|e| ImportError::damaged(format, e.to_string()))?;
    let list = list
        .as_array()
        .ok_or_else(|| ImportError::damaged(format, "the account list is not a list"))?;
    let mut report = ImportReport::default();
    for (index, item) in list.iter().enumerate() {
        let parsed = item
            .as_str()
            .and_then(|s| serde_json::from_str::<Value>(s).ok());
        let raw = parsed.as_ref().unwrap_or(item);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Encrypts like the app does (test only: the importer never encrypts).
    fn seal(password: &str, plain: &[u8]) -> String {
        use aes::cipher::{BlockModeEncrypt, KeyIvInit, block_padding::Pkcs7};
        let key = crypto::sha256(password.as_bytes());
        let sealed = cbc::Encryptor::<aes::Aes256>::new_from_slices(&key[..], &ZERO_IV)
            .unwrap()
            .encrypt_padded_vec::<Pkcs7>(plain);
        base64::Engine::encode(&base64::engine::general_purpose::STANDARD, sealed)
    }

    fn backup() -> Vec<u8> {
        let account = r#"{"issuer":"Amazon","name":"shop1","key":"JBSWY3DPEHPK3PXP","base":32,"digits":"6","period":"30"}"#;
        let list = serde_json::to_string(&vec![account]).unwrap();
        serde_json::to_vec(&serde_json::json!({ list: "" })).unwrap()
    }

    fn input<'a>(bytes: &'a [u8], password: Option<&'a str>) -> Input<'a> {
        Input::for_test(bytes, "backup.bin", password)
    }

    #[test]
    fn a_backup_without_a_user_password_opens_with_the_apps_default() {
        let file = seal(DEFAULT_PASSWORD, &backup());
        let report = read_bin(&input(file.as_bytes(), None)).unwrap();
        assert_eq!(report.found.len(), 1);
        assert_eq!(report.found[0].entry.label(), "Amazon (shop1)");
        assert_eq!(report.found[0].entry.code_at(1_257_894_000), "528064");
    }

    #[test]
    fn a_user_password_is_needed_then_checked() {
        let file = seal("hunter2", &backup());
        assert!(matches!(
            read_bin(&input(file.as_bytes(), None)),
            Err(ImportError::PasswordNeeded { .. })
        ));
        assert!(matches!(
            read_bin(&input(file.as_bytes(), Some("wrong"))),
            Err(ImportError::WrongPassword { .. })
        ));
        assert_eq!(
            read_bin(&input(file.as_bytes(), Some("hunter2")))
                .unwrap()
                .found
                .len(),
            1
        );
        assert_eq!(
            super::super::detect::detect(file.as_bytes()),
            Some(super::super::FormatId::TotpAuthenticatorBin)
        );
    }
}
