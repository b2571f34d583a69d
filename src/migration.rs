//! `otpauth-migration://offline?data=…`: Google Authenticator's "Transfer accounts" export,
//! read ([`decode`]) and written ([`encode`]). Pure: no clock, files, keychain or UI; it
//! depends only on [`crate::otp`].
//!
//! The `data` parameter is base64 (RFC 4648 §4) of a protobuf `MigrationPayload`
//! (<https://protobuf.dev/programming-guides/encoding/>), as reverse-engineered in
//! <https://github.com/qistoph/otp_export> and
//! <https://github.com/google/google-authenticator-android/issues/118>:
//! `MigrationPayload{1: repeated OtpParameters, 2: version, 3: batch_size, 4: batch_index,
//! 5: batch_id}`, `OtpParameters{1: secret, 2: name, 3: issuer, 4: algorithm, 5: digits,
//! 6: type, 7: counter}`. There is no period field: TOTP is always 30 s.
//!
//! Choices made here:
//! * Reading is lenient: `data` is percent-decoded only (a `+` is base64, never a space; a
//!   space is taken for a `+` some other parser already mangled), padding may be missing, raw
//!   or `%3D`, the URL-safe alphabet is accepted and unknown protobuf fields are skipped.
//! * Names: Google stores "Issuer:account" in `name`. When `name` starts with exactly
//!   `<issuer>:`, [`Entry::name`] is the rest with leading spaces removed (the Key URI format
//!   allows them); with an empty issuer the name is kept as is. [`encode`] writes the prefix
//!   back, so `decode(encode(x)) == x` unless a name itself begins with a space.
//! * Names that are not UTF-8 are kept with U+FFFD replacement characters.
//! * Partial failure is data: a bad account (empty secret, MD5, unknown enum, malformed bytes)
//!   becomes an [`EntryError`] and the others are still returned.
//! * Google's format cannot hold Steam, digits other than 6 and 8, periods other than 30 s or
//!   counters above `i64::MAX`; [`encode`] skips such entries, [`representable`] tells which.
//!
//! Specs: RFC 4226 (HOTP), RFC 6238 (TOTP),
//! [Key URI format](https://github.com/google/google-authenticator/wiki/Key-Uri-Format).

use std::hash::{DefaultHasher, Hash, Hasher};

use base64::Engine as _;
use base64::alphabet::STANDARD as STANDARD_ALPHABET;
use base64::engine::general_purpose::STANDARD;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use percent_encoding::{NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use prost::Message as _;
use zeroize::{Zeroize, Zeroizing};

use crate::otp::{
    Algorithm, Digits, Entry, OtpKind, OtpParams, ParamError, Secret, SecretError, display_label,
};

/// How many accounts Google Authenticator puts in one QR code of an export.
pub const GOOGLE_ACCOUNTS_PER_QR: usize = 10;

const PREFIX: &str = "otpauth-migration://offline";
const SCHEME: &str = "otpauth-migration:";
/// Google's format has no period field.
const PERIOD_SECS: u32 = 30;
const PAYLOAD_VERSION: i32 = 1;

/// Standard alphabet, any padding and trailing bits: what real exports and hand edits contain.
const LENIENT_BASE64: GeneralPurpose = GeneralPurpose::new(
    &STANDARD_ALPHABET,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::RequireNone)
        .with_decode_allow_trailing_bits(true),
);

/// One decoded `otpauth-migration://` URI: one QR code of a possibly larger export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    /// The accounts that could be read, in payload order.
    pub entries: Vec<Entry>,
    /// The accounts that could not, with their position in the payload.
    pub errors: Vec<EntryError>,
    /// The batch fields as stored; `None` when the field is absent from the payload.
    pub version: Option<i32>,
    /// How many QR codes the whole export has.
    pub batch_size: Option<i32>,
    /// This QR code's position in the export, from 0.
    pub batch_index: Option<i32>,
    /// Shared by all QR codes of one export.
    pub batch_id: Option<i32>,
}

/// One account of a payload that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryError {
    /// Position in the payload, from 0.
    pub index: usize,
    /// "Issuer (name)" when known; empty when the account's bytes could not be read at all.
    pub label: String,
    pub error: MigrationError,
}

/// Why a URI or one of its accounts was refused; every message names the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MigrationError {
    #[error("scheme: expected otpauth-migration://offline")]
    Scheme,
    #[error("data: the URI has no data parameter")]
    MissingData,
    #[error("data: not valid base64")]
    Base64,
    #[error("data: not a Google Authenticator export ({0})")]
    Protobuf(String),
    #[error("data: the export holds no accounts")]
    NoAccounts,
    #[error(transparent)]
    Secret(#[from] SecretError),
    #[error(transparent)]
    Params(#[from] ParamError),
    #[error("algorithm: MD5 is not supported")]
    Md5,
    #[error("algorithm: unknown value {0} (expected 1 SHA1, 2 SHA256 or 3 SHA512)")]
    Algorithm(i32),
    #[error("digits: unknown value {0} (expected 1 for six or 2 for eight digits)")]
    Digits(i32),
    #[error("type: unknown value {0} (expected 1 HOTP or 2 TOTP)")]
    Type(i32),
    #[error("counter: {0} is negative")]
    Counter(i64),
}

/// `MigrationPayload`. Accounts stay bytes here so that one malformed account cannot sink the
/// others: each is decoded on its own.
#[derive(prost::Message)]
#[prost(skip_debug)]
struct WirePayload {
    #[prost(bytes = "vec", repeated, tag = "1")]
    otp_parameters: Vec<Vec<u8>>,
    #[prost(int32, optional, tag = "2")]
    version: Option<i32>,
    #[prost(int32, optional, tag = "3")]
    batch_size: Option<i32>,
    #[prost(int32, optional, tag = "4")]
    batch_index: Option<i32>,
    #[prost(int32, optional, tag = "5")]
    batch_id: Option<i32>,
}

impl Drop for WirePayload {
    fn drop(&mut self) {
        self.otp_parameters.zeroize();
    }
}

/// `OtpParameters`. Names are bytes, not `string`, so that invalid UTF-8 in one name does
/// not fail the whole account.
#[derive(prost::Message)]
#[prost(skip_debug)]
struct WireAccount {
    #[prost(bytes = "vec", tag = "1")]
    secret: Vec<u8>,
    #[prost(bytes = "vec", tag = "2")]
    name: Vec<u8>,
    #[prost(bytes = "vec", tag = "3")]
    issuer: Vec<u8>,
    #[prost(int32, tag = "4")]
    algorithm: i32,
    #[prost(int32, tag = "5")]
    digits: i32,
    #[prost(int32, tag = "6")]
    kind: i32,
    #[prost(int64, tag = "7")]
    counter: i64,
}

impl Drop for WireAccount {
    fn drop(&mut self) {
        self.secret.zeroize();
    }
}

/// True when `text` looks like a migration URI (scheme only, any case, surrounding space
/// ignored); [`decode`] says what else is wrong with it.
#[must_use]
pub fn is_migration_uri(text: &str) -> bool {
    starts_with_ignore_case(text.trim(), SCHEME).is_some()
}

/// Reads one `otpauth-migration://offline?data=…` URI.
///
/// # Errors
/// When the URI as a whole is unusable: wrong scheme, no `data`, bad base64 or protobuf, or
/// no accounts at all. A bad account is not an error here but an entry of [`Batch::errors`].
pub fn decode(uri: &str) -> Result<Batch, MigrationError> {
    let bytes = payload_bytes(data_param(uri)?)?;
    let payload = WirePayload::decode(bytes.as_slice())
        .map_err(|err| MigrationError::Protobuf(err.to_string()))?;
    if payload.otp_parameters.is_empty() {
        return Err(MigrationError::NoAccounts);
    }
    let mut batch = Batch {
        entries: Vec::new(),
        errors: Vec::new(),
        version: payload.version,
        batch_size: payload.batch_size,
        batch_index: payload.batch_index,
        batch_id: payload.batch_id,
    };
    for (index, account) in payload.otp_parameters.iter().enumerate() {
        match decode_account(index, account) {
            Ok(entry) => batch.entries.push(entry),
            Err(error) => batch.errors.push(error),
        }
    }
    Ok(batch)
}

/// Whether Google's format can hold `entry` (see the module doc); [`encode`] skips the rest.
#[must_use]
pub fn representable(entry: &Entry) -> bool {
    let kind_fits = match entry.params.kind() {
        OtpKind::Totp { period_secs } => period_secs == PERIOD_SECS,
        OtpKind::Hotp { counter } => i64::try_from(counter).is_ok(),
        OtpKind::Steam => false,
    };
    kind_fits && matches!(entry.params.digits().get(), 6 | 8)
}

/// Writes the [`representable`] entries as one URI per `max_per_batch` accounts (at least one;
/// Google uses [`GOOGLE_ACCOUNTS_PER_QR`]), like Google's export: version 1, a shared random
/// `batch_id`, `batch_index` 0.. and `batch_size` = the number of URIs. `data` is fully
/// percent-encoded so that no URL parser can mistake a `+` for a space. Empty when nothing
/// is representable.
#[must_use]
pub fn encode(entries: &[Entry], max_per_batch: usize) -> Vec<String> {
    encode_with_batch_id(entries, max_per_batch, random_batch_id(entries))
}

fn encode_with_batch_id(entries: &[Entry], max_per_batch: usize, batch_id: i32) -> Vec<String> {
    let fitting: Vec<&Entry> = entries.iter().filter(|e| representable(e)).collect();
    let chunks: Vec<&[&Entry]> = fitting.chunks(max_per_batch.max(1)).collect();
    let batch_size = i32::try_from(chunks.len()).unwrap_or(i32::MAX);
    let uri_for = |(index, chunk): (usize, &&[&Entry])| {
        let payload = WirePayload {
            otp_parameters: chunk
                .iter()
                .map(|e| wire_account(e).encode_to_vec())
                .collect(),
            version: Some(PAYLOAD_VERSION),
            batch_size: Some(batch_size),
            batch_index: Some(i32::try_from(index).unwrap_or(i32::MAX)),
            batch_id: Some(batch_id),
        };
        let data = Zeroizing::new(STANDARD.encode(Zeroizing::new(payload.encode_to_vec())));
        format!(
            "{PREFIX}?data={}",
            utf8_percent_encode(&data, NON_ALPHANUMERIC)
        )
    };
    chunks.iter().enumerate().map(uri_for).collect()
}

/// The raw `data` value of the query.
fn data_param(uri: &str) -> Result<&str, MigrationError> {
    let rest = starts_with_ignore_case(uri.trim(), PREFIX).ok_or(MigrationError::Scheme)?;
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    if rest.is_empty() {
        return Err(MigrationError::MissingData);
    }
    let query = rest.strip_prefix('?').ok_or(MigrationError::Scheme)?;
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| key.eq_ignore_ascii_case("data"))
        .map(|(_, value)| value)
        .filter(|value| !value.is_empty())
        .ok_or(MigrationError::MissingData)
}

/// Percent-decoding and base64 in one buffer sized up front, so no copy of the secrets is
/// left behind by a reallocation.
fn payload_bytes(data: &str) -> Result<Zeroizing<Vec<u8>>, MigrationError> {
    let mut text = Zeroizing::new(Vec::with_capacity(data.len()));
    for byte in percent_decode_str(data) {
        match byte {
            b' ' | b'-' => text.push(b'+'),
            b'_' => text.push(b'/'),
            b'\r' | b'\n' | b'\t' => {}
            other => text.push(other),
        }
    }
    let unpadded_len = text
        .iter()
        .rposition(|b| *b != b'=')
        .map_or(0, |last| last + 1);
    LENIENT_BASE64
        .decode(&text[..unpadded_len])
        .map(Zeroizing::new)
        .map_err(|_| MigrationError::Base64)
}

fn decode_account(index: usize, bytes: &[u8]) -> Result<Entry, EntryError> {
    let mut wire = WireAccount::decode(bytes).map_err(|err| EntryError {
        index,
        label: String::new(),
        error: MigrationError::Protobuf(err.to_string()),
    })?;
    let issuer = String::from_utf8_lossy(&wire.issuer).into_owned();
    let name = strip_issuer_prefix(&issuer, &String::from_utf8_lossy(&wire.name)).to_owned();
    let fail = |error| EntryError {
        index,
        label: display_label(&issuer, &name),
        error,
    };
    let params = wire_params(&wire).map_err(fail)?;
    let secret =
        Secret::from_bytes(std::mem::take(&mut wire.secret)).map_err(|e| fail(e.into()))?;
    Ok(Entry {
        issuer,
        name,
        params,
        secret,
    })
}

fn wire_params(wire: &WireAccount) -> Result<OtpParams, MigrationError> {
    let kind = match wire.kind {
        0 | 2 => OtpKind::Totp {
            period_secs: PERIOD_SECS,
        },
        1 => OtpKind::Hotp {
            counter: u64::try_from(wire.counter)
                .map_err(|_| MigrationError::Counter(wire.counter))?,
        },
        other => return Err(MigrationError::Type(other)),
    };
    let digits = digits_from_wire(wire.digits)?;
    Ok(OtpParams::new(
        kind,
        algorithm_from_wire(wire.algorithm)?,
        digits,
    )?)
}

fn algorithm_from_wire(value: i32) -> Result<Algorithm, MigrationError> {
    match value {
        0 | 1 => Ok(Algorithm::Sha1),
        2 => Ok(Algorithm::Sha256),
        3 => Ok(Algorithm::Sha512),
        4 => Err(MigrationError::Md5),
        other => Err(MigrationError::Algorithm(other)),
    }
}

fn algorithm_to_wire(algorithm: Algorithm) -> i32 {
    match algorithm {
        Algorithm::Sha1 => 1,
        Algorithm::Sha256 => 2,
        Algorithm::Sha512 => 3,
    }
}

/// The wire value is an enum (1 SIX, 2 EIGHT), not a digit count.
fn digits_from_wire(value: i32) -> Result<Digits, MigrationError> {
    match value {
        0 | 1 => Ok(Digits::SIX),
        2 => Ok(Digits::new(8)?),
        other => Err(MigrationError::Digits(other)),
    }
}

fn wire_account(entry: &Entry) -> WireAccount {
    let (kind, counter) = match entry.params.kind() {
        OtpKind::Hotp { counter } => (1, i64::try_from(counter).unwrap_or(i64::MAX)),
        OtpKind::Totp { .. } | OtpKind::Steam => (2, 0),
    };
    let name = if entry.issuer.is_empty() {
        entry.name.clone()
    } else {
        format!("{}:{}", entry.issuer, entry.name)
    };
    WireAccount {
        secret: entry.secret.as_bytes().to_vec(),
        name: name.into_bytes(),
        issuer: entry.issuer.clone().into_bytes(),
        algorithm: algorithm_to_wire(entry.params.algorithm()),
        digits: if entry.params.digits().get() == 8 {
            2
        } else {
            1
        },
        kind,
        counter,
    }
}

/// "ACME:alice" with issuer "ACME" becomes "alice"; anything else is kept.
fn strip_issuer_prefix<'a>(issuer: &str, name: &'a str) -> &'a str {
    if issuer.is_empty() {
        return name;
    }
    name.strip_prefix(issuer)
        .and_then(|rest| rest.strip_prefix(':'))
        .map_or(name, |account| account.trim_start_matches(' '))
}

/// The rest of `text` after `prefix`, compared without regard to ASCII case.
fn starts_with_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| text.get(prefix.len()..))
        .flatten()
}

/// A fresh id per export; without an OS random source, a hash of the accounts' labels still
/// keeps the QR codes of one export together.
fn random_batch_id(entries: &[Entry]) -> i32 {
    let bytes = getrandom::u32().map_or_else(
        |_| {
            let mut hasher = DefaultHasher::new();
            for entry in entries {
                (&entry.issuer, &entry.name).hash(&mut hasher);
            }
            let [a, b, c, d, ..] = hasher.finish().to_le_bytes();
            [a, b, c, d]
        },
        u32::to_le_bytes,
    );
    i32::from_le_bytes(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One encoded `OtpParameters`; every field explicit, as a hostile or buggy exporter writes them.
    fn account(secret: &[u8], name: &str, issuer: &str, enums: [i32; 3], counter: i64) -> Vec<u8> {
        let [algorithm, digits, kind] = enums;
        let (secret, name, issuer) = (secret.to_vec(), name.into(), issuer.into());
        WireAccount {
            secret,
            name,
            issuer,
            algorithm,
            digits,
            kind,
            counter,
        }
        .encode_to_vec()
    }

    fn payload(accounts: Vec<Vec<u8>>) -> Vec<u8> {
        let (batch_size, batch_index, batch_id) = (None, None, None);
        WirePayload {
            otp_parameters: accounts,
            version: Some(1),
            batch_size,
            batch_index,
            batch_id,
        }
        .encode_to_vec()
    }

    fn uri(bytes: &[u8]) -> String {
        format!(
            "otpauth-migration://offline?data={}",
            STANDARD.encode(bytes)
        )
    }

    fn entry(issuer: &str, name: &str, kind: OtpKind, algorithm: Algorithm, digits: u8) -> Entry {
        let params = OtpParams::new(kind, algorithm, Digits::new(digits).unwrap()).unwrap();
        let secret = Secret::from_bytes(format!("{issuer}/{name}").into_bytes()).unwrap();
        Entry {
            issuer: issuer.into(),
            name: name.into(),
            params,
            secret,
        }
    }

    fn totp(issuer: &str, name: &str) -> Entry {
        entry(
            issuer,
            name,
            OtpKind::Totp { period_secs: 30 },
            Algorithm::Sha1,
            6,
        )
    }

    #[test]
    fn wire_enums_map_to_params() {
        let algorithms = [
            (0, Ok(Algorithm::Sha1)),
            (1, Ok(Algorithm::Sha1)),
            (2, Ok(Algorithm::Sha256)),
        ];
        for (wire, want) in algorithms.into_iter().chain([(3, Ok(Algorithm::Sha512))]) {
            assert_eq!(algorithm_from_wire(wire), want);
        }
        assert_eq!(algorithm_from_wire(4), Err(MigrationError::Md5));
        assert_eq!(algorithm_from_wire(-1), Err(MigrationError::Algorithm(-1)));
        for algorithm in Algorithm::ALL {
            assert_eq!(
                algorithm_from_wire(algorithm_to_wire(algorithm)),
                Ok(algorithm)
            );
        }
        let digits: Vec<_> = (0..=3)
            .map(|w| digits_from_wire(w).map(Digits::get))
            .collect();
        assert_eq!(
            digits,
            [Ok(6), Ok(6), Ok(8), Err(MigrationError::Digits(3))]
        );
        let kinds = [
            (0, OtpKind::Totp { period_secs: 30 }),
            (2, OtpKind::Totp { period_secs: 30 }),
        ];
        for (kind, want) in kinds
            .into_iter()
            .chain([(1, OtpKind::Hotp { counter: 1 << 40 })])
        {
            let batch = decode(&uri(&payload(vec![account(
                b"k",
                "n",
                "",
                [1, 1, kind],
                1 << 40,
            )])));
            assert_eq!(batch.unwrap().entries[0].params.kind(), want, "type {kind}");
        }
    }

    #[test]
    fn issuer_prefix_is_stripped_only_when_it_matches() {
        let cases = [
            ("ACME", "ACME:alice@x", "alice@x"),
            ("ACME", "ACME: alice", "alice"),
            ("ACME", "acme:alice", "acme:alice"),
            ("ACME", "Other:alice", "Other:alice"),
            ("ACME", "ACMEalice", "ACMEalice"),
            ("", "X:y", "X:y"),
            ("微信", "微信:张三", "张三"),
        ];
        for (issuer, name, want) in cases {
            assert_eq!(strip_issuer_prefix(issuer, name), want, "{issuer} / {name}");
        }
    }

    #[test]
    fn data_survives_percent_encoding_padding_and_plus_mangling() {
        let secret = [[0xff; 6].as_slice(), &[0xef, 0xbe, 0xfb, 0xef, 0xbe, 0xfb]].concat();
        let raw = STANDARD.encode(payload(vec![account(&secret, "alice", "Q", [1, 1, 2], 0)]));
        assert_eq!(raw, "Ch4KDP///////++++++++xIFYWxpY2UaAVEgASgBMAIQAQ==");
        let escaped = raw
            .replace('+', "%2B")
            .replace('/', "%2F")
            .replace('=', "%3D");
        let variants = [
            raw.clone(),
            escaped.clone(),
            escaped
                .replace("%2B", "%2b")
                .replace("%2F", "%2f")
                .replace("%3D", "%3d"),
            raw.trim_end_matches('=').to_owned(),
            raw.replace('=', "%3D"),
            raw.replace('+', " "),
            raw.replace('+', "-").replace('/', "_"),
        ];
        for (i, data) in variants.iter().enumerate() {
            let result = decode(&format!("  OTPAUTH-MIGRATION://Offline?x=1&data={data}\n"));
            let batch = result.unwrap_or_else(|e| panic!("variant {i} ({data}): {e}"));
            assert_eq!(batch.entries[0].secret.as_bytes(), secret, "variant {i}");
            assert_eq!(
                (
                    batch.entries[0].issuer.as_str(),
                    batch.entries[0].name.as_str()
                ),
                ("Q", "alice")
            );
            assert_eq!((batch.version, batch.batch_id), (Some(1), None));
        }
    }

    #[test]
    fn uri_errors_name_the_field() {
        let one = uri(&payload(vec![account(b"k", "n", "", [1, 1, 2], 0)]));
        assert!(decode(&one).is_ok() && is_migration_uri(&format!(" {} ", one.to_uppercase())));
        assert!(!is_migration_uri("otpauth://totp/x?secret=AA") && !is_migration_uri("otpauth-mi"));
        let cases = [
            ("otpauth://totp/x?secret=AA", MigrationError::Scheme),
            ("otpauth-migration://online?data=AA", MigrationError::Scheme),
            ("otpauth-migration://offline", MigrationError::MissingData),
            (
                "otpauth-migration://offline?data=",
                MigrationError::MissingData,
            ),
            (
                "otpauth-migration://offline?date=CgA",
                MigrationError::MissingData,
            ),
            (
                "otpauth-migration://offline?data=!!!!",
                MigrationError::Base64,
            ),
            ("otpauth-migration://offline?data=A", MigrationError::Base64),
            (
                "otpauth-migration://offline?data=EAE%3D",
                MigrationError::NoAccounts,
            ),
        ];
        for (text, want) in cases {
            assert_eq!(decode(text), Err(want.clone()), "{text}");
            let message = want.to_string();
            assert!(
                ["scheme: ", "data: "]
                    .iter()
                    .any(|f| message.starts_with(f)),
                "{message}"
            );
        }
        // An 11-byte varint and a length far beyond the buffer.
        for bytes in [
            [0x10]
                .iter()
                .chain(&[0xff; 10])
                .chain(&[1])
                .copied()
                .collect(),
            vec![0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f],
        ] {
            assert!(matches!(
                decode(&uri(&bytes)),
                Err(MigrationError::Protobuf(_))
            ));
        }
    }

    #[test]
    fn one_bad_account_does_not_lose_the_others() {
        let accounts = vec![
            account(b"good", "ACME:alice", "ACME", [2, 2, 1], 1 << 33),
            account(b"", "empty", "", [1, 1, 2], 0),
            account(b"k", "ACME:md5", "ACME", [4, 1, 2], 0),
            account(b"k", "seven", "", [1, 7, 2], 0),
            account(b"k", "steam?", "", [1, 1, 3], 0),
            account(b"k", "negative", "", [1, 1, 1], -1),
            vec![0x0a, 0x05, b'x'], // a secret cut short
            account(b"also good", "bob", "", [0, 0, 0], 0),
        ];
        let batch = decode(&uri(&payload(accounts))).unwrap();
        let names: Vec<_> = batch.entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["alice", "bob"]);
        assert_eq!(
            batch.entries[0].params.kind(),
            OtpKind::Hotp { counter: 1 << 33 }
        );
        assert_eq!(batch.entries[0].params.algorithm(), Algorithm::Sha256);
        assert_eq!(batch.entries[0].params.digits().get(), 8);
        let errors: Vec<_> = batch
            .errors
            .iter()
            .map(|e| (e.index, e.label.as_str(), e.error.to_string()))
            .collect();
        let field = |e: &(usize, &str, String)| e.2.split(':').next().unwrap_or("").to_owned();
        assert_eq!(
            errors.iter().map(field).collect::<Vec<_>>(),
            ["secret", "algorithm", "digits", "type", "counter", "data"]
        );
        assert_eq!(
            errors.iter().map(|e| e.0).collect::<Vec<_>>(),
            [1, 2, 3, 4, 5, 6]
        );
        assert_eq!(
            (errors[0].1, errors[1].1, errors[5].1),
            ("empty", "ACME (md5)", "")
        );
        assert_eq!(errors[1].2, "algorithm: MD5 is not supported");
    }

    #[test]
    fn encode_then_decode_gives_the_same_entries_over_three_uris() {
        let hotp = OtpKind::Hotp {
            counter: 5_000_000_000,
        };
        let entries = vec![
            entry("Bank", "alice", hotp, Algorithm::Sha1, 6),
            entry(
                "Cloud",
                "bob@example.com",
                OtpKind::Totp { period_secs: 30 },
                Algorithm::Sha256,
                8,
            ),
            entry(
                "Mail",
                "carol",
                OtpKind::Totp { period_secs: 30 },
                Algorithm::Sha512,
                6,
            ),
            entry(
                "微信",
                "张三",
                OtpKind::Hotp { counter: 0 },
                Algorithm::Sha512,
                8,
            ),
            totp("", "no issuer"),
            totp("", "X:y"),
            totp("ACME", "ACME:nested"),
        ];
        let uris = encode_with_batch_id(&entries, 3, -7);
        assert_eq!(uris.len(), 3);
        let batches: Vec<Batch> = uris.iter().map(|u| decode(u).unwrap()).collect();
        for (index, batch) in batches.iter().enumerate() {
            assert_eq!(
                (batch.version, batch.batch_size, batch.batch_id),
                (Some(1), Some(3), Some(-7))
            );
            assert_eq!(
                (batch.batch_index, batch.errors.len()),
                (i32::try_from(index).ok(), 0)
            );
        }
        assert_eq!(
            batches
                .into_iter()
                .flat_map(|b| b.entries)
                .collect::<Vec<_>>(),
            entries
        );
        assert!(
            uris.iter()
                .all(|u| !u[PREFIX.len() + 6..].contains(['+', '/', '='])),
            "data must be escaped"
        );
        assert!(
            uris.iter()
                .all(|u| decode(&u.replace("%2B", "+").replace("%2F", "/")).is_ok())
        );
        assert_eq!(encode(&entries, GOOGLE_ACCOUNTS_PER_QR).len(), 1);
    }

    #[test]
    fn unrepresentable_entries_are_skipped() {
        let steam = Entry {
            params: OtpParams::steam(),
            ..totp("Steam", "gamer")
        };
        let seven = entry(
            "A",
            "seven",
            OtpKind::Totp { period_secs: 30 },
            Algorithm::Sha1,
            7,
        );
        let minute = entry(
            "A",
            "minute",
            OtpKind::Totp { period_secs: 60 },
            Algorithm::Sha1,
            6,
        );
        let huge = entry(
            "A",
            "huge",
            OtpKind::Hotp { counter: u64::MAX },
            Algorithm::Sha1,
            6,
        );
        let fine = totp("A", "fine");
        let all = [steam, seven, minute, huge, fine.clone()];
        assert_eq!(
            all.iter().map(representable).collect::<Vec<_>>(),
            [false, false, false, false, true]
        );
        let uris = encode(&all, 0);
        assert_eq!(uris.len(), 1);
        assert_eq!(decode(&uris[0]).unwrap().entries, [fine]);
        assert!(encode(&all[..4], 10).is_empty());
    }

    #[test]
    fn truncated_or_bit_flipped_payloads_never_panic() {
        let entries = [
            entry(
                "微信",
                "张三",
                OtpKind::Hotp { counter: 1 << 40 },
                Algorithm::Sha256,
                8,
            ),
            totp("ACME", "a"),
        ];
        let full_uri = &encode_with_batch_id(&entries, 10, 12345)[0];
        let full = decode(full_uri).unwrap();
        let bytes = payload_bytes(data_param(full_uri).unwrap()).unwrap();
        for len in 0..bytes.len() {
            // Every cut either breaks a field or drops a trailing one, so the result differs.
            assert_ne!(
                decode(&uri(&bytes[..len])).as_ref(),
                Ok(&full),
                "cut at {len}"
            );
        }
        let mut outcomes = [0usize; 2];
        for bit in 0..bytes.len() * 8 {
            let mut flipped = bytes.to_vec();
            flipped[bit / 8] ^= 1 << (bit % 8);
            outcomes[usize::from(decode(&uri(&flipped)).is_ok())] += 1;
        }
        assert!(outcomes[0] > 0 && outcomes[1] > 0, "{outcomes:?}");
        for len in 0..full_uri.len() {
            let _ = full_uri.get(..len).map(decode);
        }
    }
}
