//! The names a team record uses: desks, people, accounts, 32-byte digests and the "dot" that
//! names one record. Plain data; no I/O, no keys, nothing from the rest of the program (when this
//! folder moves into OTP Desk, [`PersonId`] and [`AccountId`] become the existing
//! `desk::slot::PersonId` and `store::AccountId`, which serialise the same way).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! text_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                Self(text.to_owned())
            }
        }
    };
}

text_id!(
    /// A joined computer: random, never reused; also its folder's name (`desks/<id>/`), so the
    /// folder edge only accepts ids of [`DeskId::is_valid_name`] characters.
    DeskId
);
text_id!(
    /// A person at the desk (random, never reused).
    PersonId
);
text_id!(
    /// An account (random, never reused). Two ids may name one account when two desks added the
    /// same key while apart; the team state keeps the other as an alias.
    AccountId
);

impl DeskId {
    /// 1–64 characters of `a-z`, `0-9` and `-`: safe as a folder name on every file system and
    /// never mistaken for sync debris.
    pub fn is_valid_name(text: &str) -> bool {
        (1..=64).contains(&text.len())
            && text
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    }
}

/// One record's name in the fold: its desk and sequence number. Ordered by desk, then seq, which
/// is how the fold breaks ties between records that did not see each other.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Dot {
    pub desk: DeskId,
    pub seq: u64,
}

/// A SHA-256 value (or a keyed fingerprint of the same size), written as 64 lowercase hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Hash32(pub [u8; 32]);

impl Hash32 {
    pub const ZERO: Self = Self([0; 32]);

    pub fn of(bytes: &[u8]) -> Self {
        use sha2::Digest as _;
        Self(sha2::Sha256::digest(bytes).into())
    }

    pub fn hex(&self) -> String {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut text = String::with_capacity(64);
        for byte in self.0 {
            text.push(char::from(DIGITS[usize::from(byte >> 4)]));
            text.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
        }
        text
    }

    /// Exactly 64 lowercase hex digits (the one spelling [`Hash32::hex`] writes, so a record's
    /// bytes stay canonical).
    pub fn from_hex(text: &str) -> Option<Self> {
        fn nibble(c: u8) -> Option<u8> {
            match c {
                b'0'..=b'9' => Some(c - b'0'),
                b'a'..=b'f' => Some(c - b'a' + 10),
                _ => None,
            }
        }
        let bytes = text.as_bytes();
        if bytes.len() != 64 {
            return None;
        }
        let mut out = [0u8; 32];
        for (slot, pair) in out.iter_mut().zip(bytes.chunks_exact(2)) {
            *slot = (nibble(pair[0])? << 4) | nibble(pair[1])?;
        }
        Some(Self(out))
    }
}

impl fmt::Debug for Hash32 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Hash32({}…)", &self.hex()[..12])
    }
}

impl Serialize for Hash32 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.hex())
    }
}

impl<'de> Deserialize<'de> for Hash32 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // A visitor rather than a `String`: no allocation for the two digests of every record.
        struct Hex;
        impl serde::de::Visitor<'_> for Hex {
            type Value = Hash32;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("64 lowercase hex digits")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Hash32, E> {
                Hash32::from_hex(text).ok_or_else(|| E::custom("expected 64 lowercase hex digits"))
            }
        }
        deserializer.deserialize_str(Hex)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips_and_is_strict() {
        let hash = Hash32::of(b"abc");
        assert_eq!(
            hash.hex(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(Hash32::from_hex(&hash.hex()), Some(hash));
        assert_eq!(Hash32::from_hex(&hash.hex().to_uppercase()), None);
        assert_eq!(Hash32::from_hex("00"), None);
        assert_eq!(Hash32::from_hex(&"g".repeat(64)), None);
    }

    #[test]
    fn desk_names_are_folder_safe() {
        assert!(DeskId::is_valid_name("desk-1a"));
        for bad in ["", "Desk", "a/b", "..", "a.b", &"a".repeat(65)] {
            assert!(!DeskId::is_valid_name(bad), "{bad}");
        }
    }
}
