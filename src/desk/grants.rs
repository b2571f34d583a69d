//! Grants: what a member receives when an admin shares an account with them. Sealed under the
//! member's person key, listed in the authenticated desk state.
//!
//! A time-based account (TOTP, Steam) is shared as its **codes**, never its key: the admin's
//! process computes the codes of the share's span — at most [`WINDOW_SECS`] ahead, a rolling
//! window that any admin's unlock tops up while the share lasts — and seals that table into a
//! file of its own under `codes/` (tens of kilobytes, so not inside `desk.json`). The state
//! names the file and its SHA-256, so an old or swapped table is refused. HOTP codes follow a
//! counter that both sides advance, so an HOTP share still carries the key; the People page
//! says which a share is ([`Access`]).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::Digest;
use zeroize::Zeroizing;

use super::crypto::{CryptoError, Key};
use super::slot::PersonId;
use crate::otp::{CodeTable, Entry};
use crate::store::AccountId;

/// How far ahead a share's codes reach: a week, so a share made on Friday works through
/// Monday morning without an admin.
pub const WINDOW_SECS: u64 = 7 * 24 * 3600;

/// An admin's unlock renews a share's codes when fewer than this many seconds are left.
pub const TOP_UP_BELOW_SECS: u64 = 6 * 24 * 3600;

/// The folder (beside `desk.json`) of the sealed code tables.
pub const CODES_DIR: &str = "codes";

/// An account shared with a person, sealed under their person key, optionally until a time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    pub account: AccountId,
    pub person: PersonId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until_unix_secs: Option<u64>,
    /// The sealed account text (a key share); empty for a codes share.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    sealed: String,
    /// The sealed code table of a codes share.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub codes: Option<CodesFile>,
}

/// Where a codes share's table is, what its file must hash to, and when its codes end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodesFile {
    pub file: String,
    pub sha256: String,
    pub ends_unix_secs: u64,
}

/// What a share gives its member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// The account's codes over a span of time, not its key.
    Codes,
    /// The key itself (HOTP, and shares made before codes shares existed).
    Key,
}

impl Access {
    pub fn name(self) -> &'static str {
        match self {
            Self::Codes => "codes",
            Self::Key => "key",
        }
    }
}

/// What opening a grant gives.
pub enum Shared {
    /// The account's otpauth text.
    Key(Zeroizing<String>),
    /// Its codes.
    Codes(CodeTable),
}

/// A new code table file, written before the state that names it.
pub struct NewFile {
    pub name: String,
    pub text: String,
}

impl Grant {
    /// A grant that gives nothing yet (its key or table is sealed in next).
    fn empty(account: &AccountId, person: &PersonId, until: Option<u64>) -> Self {
        Self {
            account: account.clone(),
            person: person.clone(),
            until_unix_secs: until,
            sealed: String::new(),
            codes: None,
        }
    }

    pub fn is_live(&self, now: u64) -> bool {
        self.until_unix_secs.is_none_or(|until| now < until)
    }

    pub fn access(&self) -> Access {
        if self.codes.is_some() {
            Access::Codes
        } else {
            Access::Key
        }
    }

    /// Whether an admin's unlock at `now` should make this share again: its codes run out
    /// soon, or it still gives a key (which a time-based account's share no longer needs to).
    pub fn wants_renewal(&self, now: u64) -> bool {
        self.wants_codes(now) || (self.is_live(now) && self.access() == Access::Key)
    }

    /// Whether an admin's unlock at `now` should renew this share's codes.
    pub fn wants_codes(&self, now: u64) -> bool {
        self.codes.as_ref().is_some_and(|c| {
            self.is_live(now)
                && c.ends_unix_secs < now.saturating_add(TOP_UP_BELOW_SECS)
                && self.until_unix_secs.is_none_or(|u| u > c.ends_unix_secs)
        })
    }
}

/// The path of a code table file (names are checked: only what [`make`] writes is read).
pub fn codes_path(dir: &Path, name: &str) -> Option<PathBuf> {
    let plain = name.len() == 32 && name.bytes().all(|b| b.is_ascii_hexdigit());
    plain.then(|| dir.join(CODES_DIR).join(format!("{name}.sealed")))
}

/// Shares `entry` with the person whose key is `person`, from `now`: its codes where it has a
/// clock, else its key. Returns the grant and, for codes, the file to write before the state.
pub fn make(
    account: &AccountId,
    person_id: &PersonId,
    person: &Key,
    entry: &Entry,
    until: Option<u64>,
    now: u64,
) -> Result<(Grant, Option<NewFile>), CryptoError> {
    let end = until
        .unwrap_or(u64::MAX)
        .min(now.saturating_add(WINDOW_SECS));
    let mut grant = Grant::empty(account, person_id, until);
    match CodeTable::build(&entry.params, &entry.secret, now, end) {
        Some(table) => {
            let file = seal_codes(&mut grant, person, &table)?;
            Ok((grant, Some(file)))
        }
        None => Ok((key_grant(account, person_id, person, entry, until)?, None)),
    }
}

/// A share of the key itself: HOTP, whose codes follow a counter both sides advance.
pub fn key_grant(
    account: &AccountId,
    person_id: &PersonId,
    person: &Key,
    entry: &Entry,
    until: Option<u64>,
) -> Result<Grant, CryptoError> {
    let mut grant = Grant::empty(account, person_id, until);
    let text = crate::store::item_text(entry);
    grant.sealed = person.seal(text.as_bytes(), &context(&grant))?;
    Ok(grant)
}

fn seal_codes(grant: &mut Grant, person: &Key, table: &CodeTable) -> Result<NewFile, CryptoError> {
    let mut name = [0u8; 16];
    getrandom::fill(&mut name).map_err(|_| CryptoError::NoRandom)?;
    let name = data_encoding::HEXLOWER.encode(&name);
    let text = person.seal(&table.to_bytes(), &codes_context(grant, &name))?;
    grant.codes = Some(CodesFile {
        file: name.clone(),
        sha256: digest(&text),
        ends_unix_secs: table.ends_unix_secs(),
    });
    Ok(NewFile { name, text })
}

/// Opens a grant with its person's key; `dir` is the desk's folder (where `codes/` is).
pub fn open(dir: &Path, grant: &Grant, person: &Key) -> Result<Shared, CryptoError> {
    let Some(codes) = &grant.codes else {
        let bytes = person.open(&grant.sealed, &context(grant))?;
        return String::from_utf8(bytes.to_vec())
            .map(|text| Shared::Key(Zeroizing::new(text)))
            .map_err(|_| CryptoError::Damaged);
    };
    let path = codes_path(dir, &codes.file).ok_or(CryptoError::Damaged)?;
    // A table is ~250 KB at most (60 days of codes, sealed): anything larger is not one.
    let text = read_limited(&path, 8 << 20).ok_or(CryptoError::Damaged)?;
    if digest(&text) != codes.sha256 {
        return Err(CryptoError::Authentication);
    }
    let bytes = person.open(&text, &codes_context(grant, &codes.file))?;
    CodeTable::from_bytes(&bytes)
        .map(Shared::Codes)
        .ok_or(CryptoError::Damaged)
}

/// The same share sealed under another key of its person (their PIN was reset): a key share
/// stays a key share, a table is sealed again as it is.
pub fn reseal(
    dir: &Path,
    grant: &Grant,
    old: &Key,
    new: &Key,
) -> Result<(Grant, Option<NewFile>), CryptoError> {
    let mut out = grant.clone();
    match open(dir, grant, old)? {
        Shared::Key(text) => {
            out.sealed = new.seal(text.as_bytes(), &context(grant))?;
            Ok((out, None))
        }
        Shared::Codes(table) => {
            let file = seal_codes(&mut out, new, &table)?;
            Ok((out, Some(file)))
        }
    }
}

fn read_limited(path: &Path, limit: u64) -> Option<String> {
    use std::io::Read;
    let file = std::fs::File::open(path).ok()?;
    let mut text = String::new();
    file.take(limit + 1).read_to_string(&mut text).ok()?;
    (text.len() as u64 <= limit).then_some(text)
}

fn digest(text: &str) -> String {
    data_encoding::HEXLOWER.encode(&sha2::Sha256::digest(text.as_bytes()))
}

fn context(grant: &Grant) -> String {
    let until = grant
        .until_unix_secs
        .map_or_else(|| "-".to_owned(), |u| u.to_string());
    format!("otp-desk grant {} {} {until}", grant.account, grant.person)
}

fn codes_context(grant: &Grant, file: &str) -> String {
    format!("{} codes {file}", context(grant))
}
