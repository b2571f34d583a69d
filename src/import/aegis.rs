//! Aegis vaults, plain and encrypted, database versions 1–3
//! ([docs/vault.md](https://github.com/beemdevelopment/Aegis/blob/master/docs/vault.md)).
//!
//! Read: `{version: 1, header: {slots, params}, db}`. Decrypt (when `header.slots` is a list):
//! each password slot (type 1) gives scrypt(password, salt, n, r, p) → a key that opens the slot's
//! AES-256-GCM-sealed master key; the master key opens `db` (base64) with `header.params`.
//! Convert: db v1/v2 keep a group name per entry, v3 a list of group uuids named in `db.groups`.

use std::collections::HashMap;

use base64::Engine;
use serde_json::Value;

use super::budget::Budget;
use super::convert::{self, Fields, number, text};
use super::crypto::{self, CryptoError, Kdf};
use super::{ImportError, ImportReport, Input};

const FORMAT: &str = "Aegis";
const PASSWORD_SLOT: u64 = 1;

pub(super) fn read(input: &Input) -> Result<ImportReport, ImportError> {
    let file: Value = serde_json::from_slice(input.bytes)
        .map_err(|e| ImportError::damaged(FORMAT, e.to_string()))?;
    let header = file
        .get("header")
        .ok_or_else(|| ImportError::damaged(FORMAT, "no header"))?;
    let db_field = file
        .get("db")
        .ok_or_else(|| ImportError::damaged(FORMAT, "no db"))?;
    let db = match header.get("slots") {
        None | Some(Value::Null) => db_field.clone(),
        Some(slots) => decrypt_db(
            slots,
            header.get("params"),
            db_field,
            input.password(FORMAT)?,
            input.budget,
        )?,
    };
    convert_db(&db, input)
}

fn decrypt_db(
    slots: &Value,
    params: Option<&Value>,
    db: &Value,
    password: &str,
    budget: &Budget,
) -> Result<Value, ImportError> {
    let slots = slots
        .as_array()
        .ok_or_else(|| ImportError::damaged(FORMAT, "header.slots is not a list"))?;
    let password_slots: Vec<&Value> = slots
        .iter()
        .filter(|s| number(s.get("type")) == Some(PASSWORD_SLOT))
        .collect();
    if password_slots.is_empty() {
        return Err(ImportError::Unsupported {
            format: FORMAT,
            detail: "the vault has no password slot (only biometric ones); export it again with a password".into(),
        });
    }
    let mut master = None;
    for slot in password_slots {
        match open_slot(slot, password, budget) {
            Ok(key) => {
                master = Some(key);
                break;
            }
            Err(CryptoError::Authentication) => {}
            Err(CryptoError::BadParameter) => {
                return Err(ImportError::damaged(
                    FORMAT,
                    "a password slot has bad parameters",
                ));
            }
        }
    }
    let master = master.ok_or(ImportError::WrongPassword { format: FORMAT })?;
    let params = params.ok_or_else(|| ImportError::damaged(FORMAT, "header.params is missing"))?;
    let nonce = hex_field(params, "nonce")?;
    let mut sealed = base64::engine::general_purpose::STANDARD
        .decode(
            db.as_str()
                .ok_or_else(|| ImportError::damaged(FORMAT, "db is not base64 text"))?,
        )
        .map_err(|_| ImportError::damaged(FORMAT, "db is not base64"))?;
    sealed.extend(hex_field(params, "tag")?);
    let plain = crypto::aes_gcm_open(&master[..], &nonce, &sealed, &[]).map_err(|e| match e {
        CryptoError::Authentication => {
            ImportError::damaged(FORMAT, "the vault contents do not match their tag")
        }
        CryptoError::BadParameter => {
            ImportError::damaged(FORMAT, "header.params has a bad nonce or tag")
        }
    })?;
    serde_json::from_slice(&plain)
        .map_err(|e| ImportError::damaged(FORMAT, format!("the decrypted vault is not JSON: {e}")))
}

/// One password slot; its scrypt is paid from the file's budget (all slots share it).
fn open_slot(
    slot: &Value,
    password: &str,
    budget: &Budget,
) -> Result<zeroize::Zeroizing<Vec<u8>>, CryptoError> {
    let hex = |v: Option<&Value>| {
        v.and_then(Value::as_str)
            .and_then(|s| convert::hex(s, "slot").ok())
            .ok_or(CryptoError::BadParameter)
    };
    let salt = hex(slot.get("salt"))?;
    let (n, r, p) = (
        number(slot.get("n")),
        number(slot.get("r")),
        number(slot.get("p")),
    );
    let (Some(n), Some(r), Some(p)) = (n, r, p) else {
        return Err(CryptoError::BadParameter);
    };
    let r = u32::try_from(r).map_err(|_| CryptoError::BadParameter)?;
    let p = u32::try_from(p).map_err(|_| CryptoError::BadParameter)?;
    let key = budget.derive(Kdf::Scrypt { n, r, p }, password.as_bytes(), &salt)?;
    let key_params = slot.get("key_params");
    let nonce = hex(key_params.and_then(|k| k.get("nonce")))?;
    let mut sealed = hex(slot.get("key"))?;
    sealed.extend(hex(key_params.and_then(|k| k.get("tag")))?);
    crypto::aes_gcm_open(&key[..], &nonce, &sealed, &[])
}

fn hex_field(params: &Value, key: &str) -> Result<Vec<u8>, ImportError> {
    let text = params
        .get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| ImportError::damaged(FORMAT, format!("header.params.{key} is missing")))?;
    convert::hex(text, key).map_err(|e| ImportError::damaged(FORMAT, e))
}

fn convert_db(db: &Value, input: &Input) -> Result<ImportReport, ImportError> {
    let entries = db
        .get("entries")
        .and_then(Value::as_array)
        .ok_or_else(|| ImportError::damaged(FORMAT, "db.entries is not a list"))?;
    let group_names: HashMap<&str, &str> = db
        .get("groups")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|g| Some((g.get("uuid")?.as_str()?, g.get("name")?.as_str()?)))
        .collect();
    let mut report = ImportReport::default();
    for (index, raw) in entries.iter().enumerate() {
        let (issuer, name) = (text(raw, "issuer"), text(raw, "name"));
        let group = group_of(raw, &group_names);
        let found = convert_entry(raw).map(|entry| {
            (
                entry,
                raw.get("favorite")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
            )
        });
        match found {
            Ok((entry, pinned)) => {
                report.push(input.source(index, issuer, name), Ok(entry), group);
                if let Some(last) = report.found.last_mut() {
                    last.pinned = pinned;
                }
            }
            Err(message) => report.problem(input.source(index, issuer, name), message),
        }
    }
    Ok(report)
}

fn convert_entry(raw: &Value) -> Result<crate::otp::Entry, String> {
    let info = raw.get("info").ok_or("info: missing")?;
    let secret = convert::base32(text(info, "secret"))?;
    let fields = Fields {
        kind: Some(text(raw, "type")),
        algorithm: info.get("algo").and_then(Value::as_str),
        digits: number(info.get("digits")),
        period_secs: number(info.get("period")),
        counter: number(info.get("counter")),
    };
    convert::entry(text(raw, "issuer"), text(raw, "name"), secret, &fields)
}

/// v3: the first named group of the entry's `groups` uuids; v1/v2: the `group` string.
fn group_of(raw: &Value, names: &HashMap<&str, &str>) -> Option<String> {
    if let Some(uuids) = raw.get("groups").and_then(Value::as_array) {
        return uuids
            .iter()
            .filter_map(Value::as_str)
            .find_map(|u| names.get(u))
            .map(|n| (*n).to_owned());
    }
    raw.get("group").and_then(Value::as_str).map(str::to_owned)
}
