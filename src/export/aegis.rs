//! Aegis vault files, plain and encrypted, exactly as Aegis writes them
//! ([docs/vault.md](https://github.com/beemdevelopment/Aegis/blob/master/docs/vault.md)).
//!
//! Why Aegis for OTP Desk's encrypted backup: it is an open, documented format with a modern
//! KDF and AEAD (scrypt N=2^15, r=8, p=1 → AES-256-GCM), read by Aegis on Android, by
//! 2FAS/Stratum/Proton importers and by OTP Desk itself, so a backup never ties anyone to
//! this app. Layout: a random 32-byte master key seals the database (`db`, base64) with
//! AES-256-GCM; one password slot (type 1) holds the master key sealed with the scrypt key of
//! the password. Database version 3: groups are uuids named in `db.groups`; a pinned account
//! is an Aegis favourite. OTP Desk's importer ([`crate::import`]) reads every field back.

use base64::Engine;
use serde_json::{Value, json};
use zeroize::Zeroizing;

use super::{ExportError, Item};
use crate::import::crypto;
use crate::otp::OtpKind;

/// Aegis' defaults for new password slots (`SCryptParameters` in Aegis).
pub const SCRYPT_N: u64 = 1 << 15;
pub const SCRYPT_R: u32 = 8;
pub const SCRYPT_P: u32 = 1;
const VAULT_VERSION: u32 = 1;
const DB_VERSION: u32 = 3;
const PASSWORD_SLOT: u32 = 1;

/// The plain vault: `header.slots` and `header.params` are null and `db` is an object.
pub fn plain_json(items: &[Item]) -> Result<String, ExportError> {
    let vault = json!({
        "version": VAULT_VERSION,
        "header": {"slots": null, "params": null},
        "db": database(items)?,
    });
    Ok(pretty(&vault))
}

/// The encrypted vault, openable in Aegis with `password`.
pub fn encrypted_json(items: &[Item], password: &str) -> Result<String, ExportError> {
    if password.is_empty() {
        return Err(ExportError::EmptyPassword);
    }
    let random_error = |e: getrandom::Error| ExportError::Random(e.to_string());
    let master = Zeroizing::new(crypto::random::<32>().map_err(random_error)?);
    let salt = crypto::random::<32>().map_err(random_error)?;
    let slot_nonce = crypto::random::<12>().map_err(random_error)?;
    let db_nonce = crypto::random::<12>().map_err(random_error)?;
    let seal_error = |e: crypto::CryptoError| ExportError::Random(e.to_string());
    let slot_key = crypto::scrypt(password.as_bytes(), &salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
        .map_err(seal_error)?;
    let sealed_master =
        crypto::aes_gcm_seal(&slot_key[..], &slot_nonce, &master[..], &[]).map_err(seal_error)?;
    let plain_db = Zeroizing::new(serde_json::to_vec(&database(items)?).unwrap_or_default());
    let sealed_db =
        crypto::aes_gcm_seal(&master[..], &db_nonce, &plain_db, &[]).map_err(seal_error)?;
    let (master_ct, master_tag) = split_tag(&sealed_master);
    let (db_ct, db_tag) = split_tag(&sealed_db);
    let hex = |b: &[u8]| data_encoding::HEXLOWER.encode(b);
    let vault = json!({
        "version": VAULT_VERSION,
        "header": {
            "slots": [{
                "type": PASSWORD_SLOT,
                "uuid": uuid_v4()?,
                "key": hex(master_ct),
                "key_params": {"nonce": hex(&slot_nonce), "tag": hex(master_tag)},
                "n": SCRYPT_N,
                "r": SCRYPT_R,
                "p": SCRYPT_P,
                "salt": hex(&salt),
                "repaired": true,
                "is_backup": false,
            }],
            "params": {"nonce": hex(&db_nonce), "tag": hex(db_tag)},
        },
        "db": base64::engine::general_purpose::STANDARD.encode(db_ct),
    });
    Ok(pretty(&vault))
}

fn split_tag(sealed: &[u8]) -> (&[u8], &[u8]) {
    sealed.split_at(sealed.len().saturating_sub(crypto::TAG_LEN))
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// `{version: 3, entries, groups}`; groups get one uuid per distinct name.
fn database(items: &[Item]) -> Result<Value, ExportError> {
    let mut groups: Vec<(String, String)> = Vec::new();
    let mut entries = Vec::with_capacity(items.len());
    for item in items {
        let group_uuids = if item.group.is_empty() {
            vec![]
        } else if let Some((uuid, _)) = groups.iter().find(|(_, name)| *name == item.group) {
            vec![uuid.clone()]
        } else {
            let uuid = uuid_v4()?;
            groups.push((uuid.clone(), item.group.clone()));
            vec![uuid]
        };
        entries.push(entry(item, group_uuids)?);
    }
    let groups: Vec<Value> = groups
        .into_iter()
        .map(|(uuid, name)| json!({"uuid": uuid, "name": name}))
        .collect();
    Ok(json!({"version": DB_VERSION, "entries": entries, "groups": groups}))
}

fn entry(item: &Item, groups: Vec<String>) -> Result<Value, ExportError> {
    let e = &item.entry;
    let mut info = json!({
        "secret": e.secret.to_base32(),
        "algo": e.params.algorithm().as_str(),
        "digits": e.params.digits().get(),
    });
    match e.params.kind() {
        OtpKind::Hotp { counter } => info["counter"] = json!(counter),
        kind => info["period"] = json!(kind.period_secs().unwrap_or(OtpKind::DEFAULT_PERIOD_SECS)),
    }
    Ok(json!({
        "type": e.params.kind().name(),
        "uuid": uuid_v4()?,
        "name": e.name,
        "issuer": e.issuer,
        "note": "",
        "favorite": item.pinned,
        "icon": null,
        "info": info,
        "groups": groups,
    }))
}

/// A random (version 4) UUID in its usual text form.
fn uuid_v4() -> Result<String, ExportError> {
    let mut b = crypto::random::<16>().map_err(|e| ExportError::Random(e.to_string()))?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = data_encoding::HEXLOWER.encode(&b);
    Ok(format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    ))
}
