//! Stratum / Authenticator Pro (<https://github.com/stratumauth/app>): the plain JSON backup
//! `{Authenticators, Categories, AuthenticatorCategories}` and the internal SQLite database
//! (`authenticator`, `category`, `authenticatorcategory` tables). Type 1 = HOTP, 2 = TOTP,
//! 4 = Steam (3 mOTP and 5 Yandex have no equivalent here); Algorithm 0/1/2 = SHA1/256/512.
//! A category becomes the group.
//!
//! Encrypted backups: `AUTHENTICATORPRO ‖ salt(16) ‖ iv(12) ‖ AES-256-GCM(ciphertext ‖ tag)` with
//! key Argon2id(password, salt, 64 MiB, 3 passes, 4 lanes); legacy ones `AuthenticatorPro ‖
//! salt(20) ‖ iv(16) ‖ AES-256-CBC` with key PBKDF2-HMAC-SHA1(password, salt, 64 000). The
//! plaintext is the plain JSON backup.

use std::collections::HashMap;

use serde_json::Value;

use super::budget::Budget;
use super::convert::{self, Fields, number, text};
use super::crypto::{self, CryptoError, Kdf, Prf};
use super::{ImportError, ImportReport, Input, sqlite};

const FORMAT: &str = "Stratum";
const HEADER: &[u8] = b"AUTHENTICATORPRO";
const LEGACY_HEADER: &[u8] = b"AuthenticatorPro";

fn decrypt(
    bytes: &[u8],
    password: &str,
    budget: &Budget,
) -> Result<zeroize::Zeroizing<Vec<u8>>, ImportError> {
    let too_short = || ImportError::damaged(FORMAT, "the encrypted backup is too short");
    let opened = if let Some(rest) = bytes.strip_prefix(HEADER) {
        let (salt, rest) = rest.split_at_checked(16).ok_or_else(too_short)?;
        let (iv, sealed) = rest.split_at_checked(12).ok_or_else(too_short)?;
        let kdf = Kdf::Argon2id {
            memory_kib: 65_536,
            passes: 3,
            lanes: 4,
        };
        let key = budget
            .derive(kdf, password.as_bytes(), salt)
            .map_err(|_| too_short())?;
        crypto::aes_gcm_open(&key[..], iv, sealed, &[])
    } else {
        let rest = bytes.strip_prefix(LEGACY_HEADER).ok_or_else(too_short)?;
        let (salt, rest) = rest.split_at_checked(20).ok_or_else(too_short)?;
        let (iv, sealed) = rest.split_at_checked(16).ok_or_else(too_short)?;
        let kdf = Kdf::Pbkdf2 {
            prf: Prf::Sha1,
            iterations: 64_000,
        };
        let key = budget
            .derive(kdf, password.as_bytes(), salt)
            .map_err(|_| too_short())?;
        crypto::aes_cbc_open(&key[..], iv, sealed)
    };
    match opened {
        Ok(plain) if serde_json::from_slice::<Value>(&plain).is_ok() => Ok(plain),
        Ok(_) | Err(CryptoError::Authentication) => {
            Err(ImportError::WrongPassword { format: FORMAT })
        }
        Err(CryptoError::BadParameter) => Err(too_short()),
    }
}

/// One authenticator row, from JSON or the database.
struct Row {
    kind: i64,
    issuer: String,
    username: String,
    secret: String,
    algorithm: i64,
    digits: i64,
    period: i64,
    counter: i64,
}

pub(super) fn read_json(input: &Input) -> Result<ImportReport, ImportError> {
    let decrypted;
    let bytes = if input.bytes.starts_with(HEADER) || input.bytes.starts_with(LEGACY_HEADER) {
        decrypted = decrypt(input.bytes, input.password(FORMAT)?, input.budget)?;
        &decrypted[..]
    } else {
        input.bytes
    };
    let file: Value =
        serde_json::from_slice(bytes).map_err(|e| ImportError::damaged(FORMAT, e.to_string()))?;
    let list = file
        .get("Authenticators")
        .and_then(Value::as_array)
        .ok_or_else(|| ImportError::damaged(FORMAT, "Authenticators is not a list"))?;
    let int = |v: &Value, k: &str| {
        number(v.get(k))
            .and_then(|n| i64::try_from(n).ok())
            .unwrap_or(0)
    };
    let rows: Vec<Row> = list
        .iter()
        .map(|a| Row {
            kind: int(a, "Type"),
            issuer: text(a, "Issuer").to_owned(),
            username: text(a, "Username").to_owned(),
            secret: text(a, "Secret").to_owned(),
            algorithm: int(a, "Algorithm"),
            digits: int(a, "Digits"),
            period: int(a, "Period"),
            counter: int(a, "Counter"),
        })
        .collect();
    let categories: HashMap<&str, &str> = pairs(&file, "Categories", "Id", "Name");
    let groups: HashMap<&str, &str> = pairs(
        &file,
        "AuthenticatorCategories",
        "AuthenticatorSecret",
        "CategoryId",
    )
    .into_iter()
    .filter_map(|(secret, id)| Some((secret, *categories.get(id)?)))
    .collect();
    Ok(convert_rows(
        &rows,
        |secret| groups.get(secret).map(|g| (*g).to_owned()),
        input,
    ))
}

fn pairs<'a>(file: &'a Value, list: &str, key: &str, value: &str) -> HashMap<&'a str, &'a str> {
    file.get(list)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|item| Some((item.get(key)?.as_str()?, item.get(value)?.as_str()?)))
        .collect()
}

pub(super) fn read_db(input: &Input) -> Result<ImportReport, ImportError> {
    let db = sqlite::open(input.bytes, FORMAT, input.budget)?;
    let rows = db.rows(
        &["authenticator"],
        "SELECT type, issuer, username, secret, algorithm, digits, period, counter FROM authenticator ORDER BY ranking",
        |r| {
            Ok(Row {
                kind: r.get::<_, Option<i64>>(0)?.unwrap_or(0),
                issuer: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                username: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                secret: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                algorithm: r.get::<_, Option<i64>>(4)?.unwrap_or(0),
                digits: r.get::<_, Option<i64>>(5)?.unwrap_or(6),
                period: r.get::<_, Option<i64>>(6)?.unwrap_or(30),
                counter: r.get::<_, Option<i64>>(7)?.unwrap_or(0),
            })
        },
    )?;
    // Categories are optional: an old database without the tables still imports.
    let groups: HashMap<String, String> = db.rows(&["authenticatorcategory", "category"], "SELECT ac.authenticatorSecret, c.name FROM authenticatorcategory ac JOIN category c ON c.id = ac.categoryId", |r| {
        Ok((r.get::<_, Option<String>>(0)?.unwrap_or_default(), r.get::<_, Option<String>>(1)?.unwrap_or_default()))
    })
    .unwrap_or_default()
    .into_iter()
    .collect();
    Ok(convert_rows(
        &rows,
        |secret| groups.get(secret).cloned(),
        input,
    ))
}

fn convert_rows(
    rows: &[Row],
    group_of: impl Fn(&str) -> Option<String>,
    input: &Input,
) -> ImportReport {
    let mut report = ImportReport::default();
    for (index, row) in rows.iter().enumerate() {
        let kind = match row.kind {
            1 => Ok("hotp"),
            2 => Ok("totp"),
            4 => Ok("steam"),
            3 => Err("type: mOTP is not supported".to_owned()),
            5 => Err("type: Yandex is not supported".to_owned()),
            other => Err(format!("type: {other} is unknown")),
        };
        let algorithm = match row.algorithm {
            0 => Ok("SHA1"),
            1 => Ok("SHA256"),
            2 => Ok("SHA512"),
            other => Err(format!("algorithm: {other} is unknown")),
        };
        let converted = kind.and_then(|kind| {
            let fields = Fields {
                kind: Some(kind),
                algorithm: Some(algorithm?),
                digits: u64::try_from(row.digits).ok(),
                period_secs: u64::try_from(row.period).ok(),
                counter: u64::try_from(row.counter).ok(),
            };
            convert::entry(
                &row.issuer,
                &row.username,
                convert::base32(&row.secret)?,
                &fields,
            )
        });
        report.push(
            input.source(index, &row.issuer, &row.username),
            converted,
            group_of(&row.secret),
        );
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encrypted_backup_opens_with_its_password_only() {
        let plain = br#"{"Authenticators":[{"Type":2,"Issuer":"Deno","Username":"Mason","Secret":"4SJHB4GSD43FZBAI7C2HLRJGPQ","Algorithm":0,"Digits":6,"Period":30,"Counter":0}]}"#;
        let (salt, iv) = ([3u8; 16], [4u8; 12]);
        let key = crypto::argon2id(b"pw", &salt, 65_536, 3, 4).unwrap();
        let mut file = HEADER.to_vec();
        file.extend(salt);
        file.extend(iv);
        file.extend(crypto::aes_gcm_seal(&key[..], &iv, plain, &[]).unwrap());
        let input = |password| Input::for_test(&file, "backup.authpro", password);
        assert_eq!(read_json(&input(Some("pw"))).unwrap().found.len(), 1);
        assert!(matches!(
            read_json(&input(Some("no"))),
            Err(ImportError::WrongPassword { .. })
        ));
        assert!(matches!(
            read_json(&input(None)),
            Err(ImportError::PasswordNeeded { .. })
        ));
        assert_eq!(
            super::super::detect::detect(&file),
            Some(super::super::FormatId::StratumJson)
        );
    }
}
