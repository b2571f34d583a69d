//! 2FAS backups (`.2fas`), schema versions 1–4, plain and encrypted
//! (<https://github.com/twofas/2fas-android>, `BackupContent`).
//!
//! Read: `{schemaVersion, services, servicesEncrypted?, reference?, groups?}`. Decrypt: each
//! encrypted field is `base64(ciphertext ‖ tag):base64(salt):base64(iv)`, key =
//! PBKDF2-HMAC-SHA256(password, salt, 10 000, 32 bytes), AES-256-GCM without AAD; the decrypted
//! `reference` proves the password before the accounts are touched. Convert: schema 1 stores
//! no parameters (TOTP SHA1/6/30), schema 2 no type (TOTP), schema 3+ `tokenType`.

use std::collections::HashMap;

use serde_json::Value;

use super::budget::Budget;
use super::convert::{self, Fields, number, text};
use super::crypto::{self, CryptoError, Kdf, Prf};
use super::{ImportError, ImportReport, Input};

const FORMAT: &str = "2FAS";
const PBKDF2_ITERATIONS: u32 = 10_000;

pub(super) fn read(input: &Input) -> Result<ImportReport, ImportError> {
    let file: Value = serde_json::from_slice(input.bytes)
        .map_err(|e| ImportError::damaged(FORMAT, e.to_string()))?;
    let schema = number(file.get("schemaVersion"))
        .ok_or_else(|| ImportError::damaged(FORMAT, "schemaVersion is missing"))?;
    let services = match file
        .get("servicesEncrypted")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
    {
        Some(sealed) => decrypt_services(
            sealed,
            file.get("reference").and_then(Value::as_str),
            input.password(FORMAT)?,
            input.budget,
        )?,
        None => file.get("services").cloned().unwrap_or(Value::Null),
    };
    let services = services
        .as_array()
        .ok_or_else(|| ImportError::damaged(FORMAT, "services is not a list"))?;
    let groups: HashMap<&str, &str> = file
        .get("groups")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|g| Some((g.get("id")?.as_str()?, g.get("name")?.as_str()?)))
        .collect();
    let mut report = ImportReport::default();
    for (index, service) in services.iter().enumerate() {
        let otp = service.get("otp").unwrap_or(&Value::Null);
        let issuer = Some(text(service, "name"))
            .filter(|s| !s.is_empty())
            .unwrap_or(text(otp, "issuer"));
        let name = text(otp, "account");
        let group = service
            .get("groupId")
            .and_then(Value::as_str)
            .and_then(|id| groups.get(id))
            .map(|n| (*n).to_owned());
        let converted = convert::base32(text(service, "secret")).and_then(|secret| {
            let fields = fields(schema, otp);
            convert::entry(issuer, name, secret, &fields)
        });
        report.push(input.source(index, issuer, name), converted, group);
    }
    Ok(report)
}

fn fields(schema: u64, otp: &Value) -> Fields<'_> {
    if schema < 2 {
        return Fields::default();
    }
    let kind = if schema < 3 {
        Some("totp")
    } else {
        otp.get("tokenType").and_then(Value::as_str)
    };
    Fields {
        kind,
        algorithm: otp.get("algorithm").and_then(Value::as_str),
        digits: number(otp.get("digits")),
        period_secs: number(otp.get("period")),
        counter: number(otp.get("counter")),
    }
}

fn decrypt_services(
    sealed: &str,
    reference: Option<&str>,
    password: &str,
    budget: &Budget,
) -> Result<Value, ImportError> {
    if let Some(reference) = reference.filter(|r| !r.is_empty()) {
        open(reference, password, budget)?;
    }
    let plain = open(sealed, password, budget)?;
    serde_json::from_slice(&plain).map_err(|e| {
        ImportError::damaged(FORMAT, format!("the decrypted services are not JSON: {e}"))
    })
}

/// Opens one `ct:salt:iv` field.
fn open(
    field: &str,
    password: &str,
    budget: &Budget,
) -> Result<zeroize::Zeroizing<Vec<u8>>, ImportError> {
    let parts: Vec<&str> = field.split(':').collect();
    let [sealed, salt, iv] = parts.as_slice() else {
        return Err(ImportError::damaged(
            FORMAT,
            "an encrypted field does not have three parts",
        ));
    };
    let decode = |s: &str| {
        convert::base64(s, "servicesEncrypted").map_err(|e| ImportError::damaged(FORMAT, e))
    };
    let (sealed, salt, iv) = (decode(sealed)?, decode(salt)?, decode(iv)?);
    let kdf = Kdf::Pbkdf2 {
        prf: Prf::Sha256,
        iterations: PBKDF2_ITERATIONS,
    };
    let key = budget
        .derive(kdf, password.as_bytes(), &salt)
        .map_err(|_| ImportError::damaged(FORMAT, "bad key parameters"))?;
    crypto::aes_gcm_open(&key[..], &iv, &sealed, &[]).map_err(|e| match e {
        CryptoError::Authentication => ImportError::WrongPassword { format: FORMAT },
        CryptoError::BadParameter => {
            ImportError::damaged(FORMAT, "an encrypted field has a bad IV or is too short")
        }
    })
}
