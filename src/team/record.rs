//! One desk's change as the team folder keeps it, its canonical bytes and its hash. Pure; no I/O,
//! no keys (sealing and signing wrap these bytes in `desk/`; the fold only ever sees records
//! that were opened and checked).
//!
//! **Canonical bytes.** `serde_json`'s compact output of [`Record`]: fields in the order declared
//! below, every map a `BTreeMap` (keys sorted), no floats, no optional field written when empty,
//! digests as 64 lowercase hex digits. [`Record::from_canonical`] accepts only bytes that encode
//! back to themselves, so a record has exactly one spelling and [`Record::hash`] (SHA-256 of the
//! bytes) names it. Example:
//!
//! ```text
//! {"d":"b7","s":42,"p":"<64 hex>","v":{"a1":40,"c3":17},"u":"p9","f":1,"t":1760000000,
//!  "o":[{"log":{"k":"copy","a":"e4","t":1760000000}}]}
//! ```
//!
//! **Compact.** One-letter field names and short op tags, no pretty-printing, `seen` lists only
//! other desks (5 desks ≈ 40 bytes), ids are short random strings the app mints, and a desk
//! batches what happens together (a copy and its audit event) into one record. The folder's file
//! name repeats desk and seq, which the folder edge checks against the record. A year of a
//! five-desk team (the benchmark) averages ~292 bytes a record, of which 64 are `prev` and, on an
//! admin's record, 64 the signing key (a real one also carries its 128-digit signature).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::ids::{DeskId, Dot, Hash32, PersonId};
use super::op::Op;

/// The record format this code writes and reads; a record of a newer format is not applied.
pub const FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    #[serde(rename = "d")]
    pub desk: DeskId,
    /// 1, 2, 3… for each desk.
    #[serde(rename = "s")]
    pub seq: u64,
    /// [`Record::hash`] of this desk's previous record; zero for seq 1.
    #[serde(rename = "p")]
    pub prev: Hash32,
    /// The highest seq of every other desk this desk had folded when it wrote.
    #[serde(rename = "v", default, skip_serializing_if = "BTreeMap::is_empty")]
    pub seen: BTreeMap<DeskId, u64>,
    /// Who acted (signed in at the desk).
    #[serde(rename = "u")]
    pub person: PersonId,
    #[serde(rename = "f")]
    pub format: u32,
    /// The writing desk's clock: shown ("last heard from", clock off), never used to order.
    #[serde(rename = "t")]
    pub unix_secs: u64,
    #[serde(rename = "o", default, skip_serializing_if = "Vec::is_empty")]
    pub ops: Vec<Op>,
    /// The acting person's signing key (hex public, from their key slot), on every record with
    /// an admin's op; the fold uses such a record only when this is the key in that admin's
    /// current slot ([`super::signers`]).
    #[serde(rename = "k", default, skip_serializing_if = "Option::is_none")]
    pub signer: Option<String>,
    /// `signer`'s signature (hex) of this record without it: the desk's own signature says which
    /// computer wrote it, this one that the admin it names did (only their PIN opens the key).
    /// Checked in `desk/`, which has the crypto.
    #[serde(rename = "x", default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RecordError {
    #[error("not a team record: {0}")]
    Malformed(String),
    #[error("the record is not in canonical form")]
    NotCanonical,
    #[error("the record's {0} is invalid")]
    Invalid(&'static str),
}

/// What every format has, so a record from a newer OTP Desk is still recognised as one.
#[derive(Deserialize)]
struct Header {
    #[serde(rename = "d")]
    desk: DeskId,
    #[serde(rename = "s")]
    seq: u64,
    #[serde(rename = "p")]
    prev: Hash32,
    #[serde(rename = "u")]
    person: PersonId,
    #[serde(rename = "f")]
    format: u32,
    #[serde(rename = "t", default)]
    unix_secs: u64,
}

impl Record {
    /// The record that follows `previous` (this desk's last record, `None` before the first).
    /// `seen` may be the whole folded vector; this desk's own entry and zeros are dropped.
    pub fn next(
        desk: DeskId,
        previous: Option<&Record>,
        mut seen: BTreeMap<DeskId, u64>,
        person: PersonId,
        unix_secs: u64,
        ops: Vec<Op>,
    ) -> Self {
        seen.remove(&desk);
        seen.retain(|_, seq| *seq > 0);
        let (seq, prev) = previous.map_or((1, Hash32::ZERO), |p| (p.seq + 1, p.hash()));
        Self {
            desk,
            seq,
            prev,
            seen,
            person,
            format: FORMAT,
            unix_secs,
            ops,
            signer: None,
            signature: None,
        }
    }

    /// Whether an op of this record needs an admin (anything a member may not write).
    pub fn needs_admin(&self) -> bool {
        self.ops
            .iter()
            .any(|op| !op.is_open_to_member(&self.person))
    }

    /// What the person's signature signs: a context, then the canonical bytes of this record
    /// without the signature (its `signer` included).
    pub fn unsigned_bytes(&self) -> Vec<u8> {
        let mut unsigned = self.clone();
        unsigned.signature = None;
        let mut bytes = super::signers::RECORD_CONTEXT.to_vec();
        bytes.extend_from_slice(&unsigned.canonical_bytes());
        bytes
    }

    pub fn dot(&self) -> Dot {
        Dot {
            desk: self.desk.clone(),
            seq: self.seq,
        }
    }

    pub fn canonical_bytes(&self) -> Vec<u8> {
        // Plain data with string keys only: serialising into a Vec cannot fail.
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// SHA-256 of [`Record::canonical_bytes`], streamed into the hasher without a buffer.
    pub fn hash(&self) -> Hash32 {
        use sha2::Digest as _;
        struct Hasher(sha2::Sha256);
        impl std::io::Write for Hasher {
            fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
                self.0.update(bytes);
                Ok(bytes.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let mut hasher = Hasher(sha2::Sha256::new());
        // As in `canonical_bytes`: plain data cannot fail to serialise, and the hasher never fails.
        let _ = serde_json::to_writer(&mut hasher, self);
        Hash32(hasher.0.finalize().into())
    }

    /// Parses canonical bytes. A record of a newer format comes back with its header only (no
    /// ops) so the fold can say so; anything else that does not parse is an error (for the
    /// folder: "not fully arrived yet").
    pub fn from_canonical(bytes: &[u8]) -> Result<Self, RecordError> {
        let record = match serde_json::from_slice::<Record>(bytes) {
            Ok(record) if record.format <= FORMAT => record,
            parsed => return Self::newer(bytes, parsed.err()),
        };
        record.check()?;
        if record.canonical_bytes() != bytes {
            return Err(RecordError::NotCanonical);
        }
        Ok(record)
    }

    fn newer(bytes: &[u8], error: Option<serde_json::Error>) -> Result<Self, RecordError> {
        let malformed = |e: serde_json::Error| RecordError::Malformed(e.to_string());
        let header: Header = serde_json::from_slice(bytes).map_err(malformed)?;
        if header.format <= FORMAT {
            return Err(error.map_or(RecordError::NotCanonical, malformed));
        }
        let record = Self {
            desk: header.desk,
            seq: header.seq,
            prev: header.prev,
            seen: BTreeMap::new(),
            person: header.person,
            format: header.format,
            unix_secs: header.unix_secs,
            ops: Vec::new(),
            signer: None,
            signature: None,
        };
        record.check()?;
        Ok(record)
    }

    fn check(&self) -> Result<(), RecordError> {
        if !DeskId::is_valid_name(&self.desk.0) {
            return Err(RecordError::Invalid("desk"));
        }
        if self.seq == 0 {
            return Err(RecordError::Invalid("seq"));
        }
        if self.format == 0 {
            return Err(RecordError::Invalid("format"));
        }
        if self.seen.contains_key(&self.desk) || self.seen.values().any(|&s| s == 0) {
            return Err(RecordError::Invalid("seen"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::team::test_support::audit;

    fn sample() -> Record {
        let Op::Audit(mut event) = audit("copy", Some("e4"), 1_760_000_000) else {
            unreachable!()
        };
        // A line number unlike the record's seq, which a test below edits as text.
        event.seq = 7;
        let seen = BTreeMap::from([("a1".into(), 40), ("b7".into(), 9), ("c3".into(), 0)]);
        Record::next(
            "b7".into(),
            None,
            seen,
            "p9".into(),
            1_760_000_000,
            vec![Op::Audit(event)],
        )
    }

    #[test]
    fn canonical_bytes_round_trip_and_are_the_only_spelling() {
        let record = sample();
        assert_eq!(record.seen.len(), 1, "own desk and zeros are dropped");
        let bytes = record.canonical_bytes();
        assert_eq!(Record::from_canonical(&bytes), Ok(record.clone()));
        let text = String::from_utf8(bytes).unwrap();
        assert!(
            text.starts_with("{\"d\":\"b7\",\"s\":1,\"p\":\"0000"),
            "{text}"
        );
        let spaced = text.replacen(':', ": ", 1);
        assert_eq!(
            Record::from_canonical(spaced.as_bytes()),
            Err(RecordError::NotCanonical)
        );
        let extra = text.replacen('{', "{\"zz\":1,", 1);
        assert_eq!(
            Record::from_canonical(extra.as_bytes()),
            Err(RecordError::NotCanonical)
        );
        let second = Record::next(
            "b7".into(),
            Some(&record),
            BTreeMap::new(),
            "p9".into(),
            0,
            vec![],
        );
        assert_eq!((second.seq, second.prev), (2, record.hash()));
        assert_eq!(record.hash(), Hash32::of(&record.canonical_bytes()));
    }

    #[test]
    fn garbage_and_half_written_bytes_are_errors() {
        let bytes = sample().canonical_bytes();
        for cut in [0, 1, bytes.len() / 2, bytes.len() - 1] {
            assert!(Record::from_canonical(&bytes[..cut]).is_err(), "{cut}");
        }
        assert!(Record::from_canonical(b"\xff\xfe").is_err());
        let zero = String::from_utf8(bytes)
            .unwrap()
            .replace("\"s\":1", "\"s\":0");
        assert_eq!(
            Record::from_canonical(zero.as_bytes()),
            Err(RecordError::Invalid("seq"))
        );
    }

    #[test]
    fn a_newer_format_keeps_its_header() {
        let text = format!(
            "{{\"d\":\"b7\",\"s\":3,\"p\":\"{}\",\"u\":\"p9\",\"f\":2,\"t\":5,\"o\":[{{\"teleport\":1}}]}}",
            "0".repeat(64)
        );
        let record = Record::from_canonical(text.as_bytes()).unwrap();
        assert_eq!((record.seq, record.format, record.ops.len()), (3, 2, 0));
    }
}
