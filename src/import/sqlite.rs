//! App databases (SQLite): opened from the bytes in memory, read-only, with SQLite's own
//! corruption checks (<https://www.sqlite.org/fileformat.html>). Google Authenticator's old
//! `databases` file and Microsoft Authenticator's `PhoneFactor`; Stratum's lives in
//! [`super::stratum`].

use rusqlite::Connection;

use super::convert::{self, Fields};
use super::{ImportError, ImportReport, Input};

/// Larger files are refused rather than copied into memory.
const MAX_DB_BYTES: usize = 64 * 1024 * 1024;

/// The database in `bytes`, read-only in memory.
pub(super) fn open(bytes: &[u8], format: &'static str) -> Result<Connection, ImportError> {
    if bytes.len() > MAX_DB_BYTES {
        return Err(ImportError::damaged(
            format,
            "the database is larger than 64 MiB",
        ));
    }
    let damaged = |e: rusqlite::Error| {
        ImportError::damaged(format, format!("the database cannot be opened: {e}"))
    };
    let mut image = bytes.to_vec();
    // A database copied from a phone is often in WAL mode (header bytes 18–19 = 2), which an
    // in-memory image cannot open; the WAL file is not part of an export, so read it as a
    // rollback-journal database.
    if let Some(versions) = image.get_mut(18..20)
        && versions == [2, 2]
    {
        versions.copy_from_slice(&[1, 1]);
    }
    let mut db = Connection::open_in_memory().map_err(damaged)?;
    db.deserialize_read_exact(rusqlite::MAIN_DB, image.as_slice(), image.len(), true)
        .map_err(damaged)?;
    Ok(db)
}

/// Runs `sql` and maps each row; a query error is a damaged database.
pub(super) fn rows<T>(
    db: &Connection,
    format: &'static str,
    sql: &str,
    map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>, ImportError> {
    let damaged = |e: rusqlite::Error| {
        ImportError::damaged(format, format!("the database cannot be read: {e}"))
    };
    let mut statement = db.prepare(sql).map_err(damaged)?;
    let rows = statement.query_map([], map).map_err(damaged)?;
    rows.collect::<Result<Vec<T>, _>>().map_err(damaged)
}

const GOOGLE: &str = "Google Authenticator";

/// `accounts(email, secret, counter, type 0=TOTP 1=HOTP, issuer)`; no algorithm or digits are
/// stored (SHA1, 6 digits, 30 s). The name is `email` without an "Issuer:" prefix.
pub(super) fn read_google(input: &Input) -> Result<ImportReport, ImportError> {
    let db = open(input.bytes, GOOGLE)?;
    let accounts = rows(
        &db,
        GOOGLE,
        "SELECT email, secret, counter, type, issuer FROM accounts ORDER BY _id",
        |row| {
            Ok((
                row.get::<_, Option<String>>(0)?.unwrap_or_default(),
                row.get::<_, Option<String>>(1)?.unwrap_or_default(),
                row.get::<_, Option<i64>>(2)?.unwrap_or(0),
                row.get::<_, Option<i64>>(3)?.unwrap_or(0),
                row.get::<_, Option<String>>(4)?.unwrap_or_default(),
            ))
        },
    )?;
    let mut report = ImportReport::default();
    for (index, (email, secret, counter, kind, issuer)) in accounts.iter().enumerate() {
        let (prefix, name) = match email.split(':').collect::<Vec<_>>().as_slice() {
            [prefix, name] => (Some(prefix.trim()), name.trim()),
            _ => (None, email.trim()),
        };
        let issuer = if issuer.is_empty() {
            prefix.unwrap_or("")
        } else {
            issuer.as_str()
        };
        let converted = convert::base32(secret).and_then(|secret| {
            let fields = match kind {
                0 => Fields::default(),
                1 => Fields {
                    kind: Some("hotp"),
                    counter: u64::try_from(*counter).ok(),
                    ..Fields::default()
                },
                other => return Err(format!("type: {other} is not TOTP (0) or HOTP (1)")),
            };
            convert::entry(issuer, name, secret, &fields)
        });
        report.push(input.source(index, issuer, name), converted, None);
    }
    Ok(report)
}

const MICROSOFT: &str = "Microsoft Authenticator";

/// `accounts(name = issuer, username, oath_secret_key, account_type)`: type 0 is TOTP with a
/// base32 key, type 1 (Microsoft accounts) a base64 key with 8 digits; others have no codes.
pub(super) fn read_microsoft(input: &Input) -> Result<ImportReport, ImportError> {
    let db = open(input.bytes, MICROSOFT)?;
    let accounts = rows(
        &db,
        MICROSOFT,
        "SELECT name, username, oath_secret_key, account_type FROM accounts ORDER BY _id",
        |row| {
            Ok((
                row.get::<_, Option<String>>(0)?.unwrap_or_default(),
                row.get::<_, Option<String>>(1)?.unwrap_or_default(),
                row.get::<_, Option<String>>(2)?.unwrap_or_default(),
                row.get::<_, Option<i64>>(3)?.unwrap_or(0),
            ))
        },
    )?;
    let mut report = ImportReport::default();
    for (index, (issuer, name, secret, kind)) in accounts.iter().enumerate() {
        let converted = match kind {
            0 => convert::base32(secret)
                .and_then(|s| convert::entry(issuer, name, s, &Fields::default())),
            1 => convert::base64(secret, "oath_secret_key")
                .and_then(convert::secret_bytes)
                .and_then(|s| {
                    convert::entry(
                        issuer,
                        name,
                        s,
                        &Fields {
                            digits: Some(8),
                            ..Fields::default()
                        },
                    )
                }),
            _ => continue,
        };
        report.push(input.source(index, issuer, name), converted, None);
    }
    Ok(report)
}
