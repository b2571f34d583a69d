//! App databases (SQLite): opened from the bytes in memory, read-only, with SQLite's own
//! corruption checks (<https://www.sqlite.org/fileformat.html>). Google Authenticator's old
//! `databases` file and Microsoft Authenticator's `PhoneFactor`; Stratum's lives in
//! [`super::stratum`].
//!
//! A database is a program as much as data (a view can recurse for ever, a generated column
//! can ask for a gigabyte), so reading one is bounded: the tables read must be plain tables,
//! a progress handler stops SQLite after [`MAX_SQL_STEPS`] (or when the import is cancelled),
//! values are capped at [`MAX_VALUE_BYTES`] and tables at [`MAX_ROWS`] rows.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::Connection;
use rusqlite::limits::Limit;

use super::budget::Budget;
use super::convert::{self, Fields};
use super::{ImportError, ImportReport, Input};

/// Larger files are refused rather than copied into memory.
const MAX_DB_BYTES: usize = 64 * 1024 * 1024;

/// SQLite virtual-machine steps one file may take: well under a second. Reading a real
/// app's few dozen accounts takes a few thousand.
pub(super) const MAX_SQL_STEPS: u64 = 20_000_000;
const STEPS_PER_CHECK: u16 = 1_000;

/// The largest text or blob SQLite may build while reading (a key is tens of bytes).
const MAX_VALUE_BYTES: i32 = 1 << 20;

/// Rows read from one table; real apps keep tens.
pub(super) const MAX_ROWS: usize = 10_000;

/// An open database and the budget its work is charged to.
pub(super) struct Db<'a> {
    connection: Connection,
    format: &'static str,
    budget: &'a Budget,
    /// Set by the progress handler when [`MAX_SQL_STEPS`] ran out.
    exhausted: Arc<AtomicBool>,
}

/// The database in `bytes`, read-only in memory, its work bounded by `budget`.
pub(super) fn open<'a>(
    bytes: &[u8],
    format: &'static str,
    budget: &'a Budget,
) -> Result<Db<'a>, ImportError> {
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
    let mut connection = Connection::open_in_memory().map_err(damaged)?;
    connection
        .set_limit(Limit::SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
        .map_err(damaged)?;
    let exhausted = Arc::new(AtomicBool::new(false));
    let (flag, cancelled) = (Arc::clone(&exhausted), budget.cancel().flag());
    let mut checks_left = MAX_SQL_STEPS / u64::from(STEPS_PER_CHECK);
    connection.progress_handler(
        i32::from(STEPS_PER_CHECK),
        Some(move || {
            checks_left = checks_left.saturating_sub(1);
            if checks_left == 0 {
                flag.store(true, Ordering::Relaxed);
            }
            checks_left == 0 || cancelled.load(Ordering::Relaxed)
        }),
    );
    connection
        .deserialize_read_exact(rusqlite::MAIN_DB, image.as_slice(), image.len(), true)
        .map_err(damaged)?;
    Ok(Db {
        connection,
        format,
        budget,
        exhausted,
    })
}

impl Db<'_> {
    /// Runs `sql`, which reads `tables`, and maps each row. Each table must be a plain table
    /// (not a view, a virtual table, or one with computed columns); a query error is a damaged
    /// database, running out of steps or rows a refusal of the whole file.
    pub fn rows<T>(
        &self,
        tables: &[&str],
        sql: &str,
        mut map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>, ImportError> {
        for table in tables {
            self.plain_table(table)?;
        }
        let mut statement = self.connection.prepare(sql).map_err(|e| self.failed(e))?;
        let mut rows = statement.query([]).map_err(|e| self.failed(e))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(|e| self.failed(e))? {
            if out.len() == MAX_ROWS {
                self.budget.refuse(format!(
                    "holds more than {MAX_ROWS} rows in {}",
                    tables.join(", ")
                ));
                return Err(ImportError::damaged(self.format, "too many rows"));
            }
            out.push(map(row).map_err(|e| self.failed(e))?);
        }
        Ok(out)
    }

    /// `Ok` when `table` is an ordinary table whose columns are all stored.
    fn plain_table(&self, table: &str) -> Result<(), ImportError> {
        let schema: Option<(String, String)> = self
            .connection
            .query_row(
                "SELECT type, ifnull(sql, '') FROM sqlite_schema WHERE name = ?1 COLLATE NOCASE",
                [table],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .ok();
        let computed: i64 = self
            .connection
            .query_row(
                "SELECT count(*) FROM pragma_table_xinfo(?1) WHERE hidden <> 0",
                [table],
                |r| r.get(0),
            )
            .map_err(|e| self.failed(e))?;
        let refuse = |what: String| Err(ImportError::damaged(self.format, what));
        match schema {
            None => refuse(format!("the database has no {table} table")),
            Some((kind, _)) if kind != "table" => {
                refuse(format!("{table} is a {kind}, not a table"))
            }
            Some((_, sql))
                if sql
                    .trim_start()
                    .to_ascii_uppercase()
                    .starts_with("CREATE VIRTUAL") =>
            {
                refuse(format!("{table} is a virtual table"))
            }
            Some(_) if computed > 0 => refuse(format!("{table} has computed columns")),
            Some(_) => Ok(()),
        }
    }

    /// The error of a failed query; when the step limit ran out, the file is refused.
    fn failed(&self, error: rusqlite::Error) -> ImportError {
        if self.exhausted.load(Ordering::Relaxed) {
            self.budget.refuse(format!(
                "asks SQLite for more than {MAX_SQL_STEPS} steps to read its accounts \
                 (a view or query that does not end)"
            ));
        }
        self.budget.go_on(); // records a cancel
        ImportError::damaged(self.format, format!("the database cannot be read: {error}"))
    }
}

const GOOGLE: &str = "Google Authenticator";

/// `accounts(email, secret, counter, type 0=TOTP 1=HOTP, issuer)`; no algorithm or digits are
/// stored (SHA1, 6 digits, 30 s). The name is `email` without an "Issuer:" prefix.
pub(super) fn read_google(input: &Input) -> Result<ImportReport, ImportError> {
    let db = open(input.bytes, GOOGLE, input.budget)?;
    let accounts = db.rows(
        &["accounts"],
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
    let db = open(input.bytes, MICROSOFT, input.budget)?;
    let accounts = db.rows(
        &["accounts"],
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::budget::{Cancel, Stop};

    /// A database image with a view that never ends and a table of `rows` rows.
    fn image(rows: usize) -> Vec<u8> {
        let db = Connection::open_in_memory().unwrap();
        db.execute_batch(&format!(
            "CREATE VIEW forever AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r)
             SELECT n FROM r;
             CREATE TABLE accounts(_id INTEGER PRIMARY KEY, email TEXT);
             WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r LIMIT {rows})
             INSERT INTO accounts(email) SELECT 'me' FROM r;"
        ))
        .unwrap();
        db.serialize(rusqlite::MAIN_DB).unwrap().to_vec()
    }

    fn count(db: &Db, sql: &str) -> Result<Vec<i64>, ImportError> {
        db.rows(&[], sql, |r| r.get(0))
    }

    #[test]
    fn a_query_that_does_not_end_is_stopped_by_the_step_budget() {
        let budget = Budget::new(&Cancel::new());
        let db = open(&image(3), "Test", &budget).unwrap();
        assert!(count(&db, "SELECT count(*) FROM forever").is_err());
        let Some(Stop::TooCostly(detail)) = budget.stopped() else {
            panic!("{:?}", budget.stopped());
        };
        assert!(detail.contains("steps"), "{detail}");
    }

    #[test]
    fn a_cancel_stops_a_running_query() {
        let cancel = Cancel::new();
        let budget = Budget::new(&cancel);
        let db = open(&image(3), "Test", &budget).unwrap();
        assert_eq!(count(&db, "SELECT count(*) FROM accounts").unwrap(), [3]);
        cancel.cancel();
        assert!(count(&db, "SELECT count(*) FROM forever").is_err());
        assert_eq!(budget.stopped(), Some(Stop::Cancelled));
    }

    #[test]
    fn views_and_oversized_tables_are_refused() {
        let budget = Budget::new(&Cancel::new());
        let db = open(&image(MAX_ROWS + 1), "Test", &budget).unwrap();
        let error = db.rows(&["forever"], "SELECT n FROM forever", |r| {
            r.get::<_, i64>(0)
        });
        assert!(
            error.unwrap_err().to_string().contains("forever is a view"),
            "a view is refused before it runs"
        );
        assert!(
            db.rows(&["missing"], "SELECT 1", |r| r.get::<_, i64>(0))
                .is_err()
        );
        let rows = db.rows(&["accounts"], "SELECT _id FROM accounts", |r| {
            r.get::<_, i64>(0)
        });
        assert!(rows.is_err());
        let Some(Stop::TooCostly(detail)) = budget.stopped() else {
            panic!("{:?}", budget.stopped());
        };
        assert!(detail.contains("more than 10000 rows"), "{detail}");
    }
}
