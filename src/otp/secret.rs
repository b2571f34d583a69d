//! [`Secret`]: the shared key of one account. It owns the bytes, zeroizes them on drop, never
//! prints them, and is not `Serialize`: a secret's only home is the keychain (see `store`).
//!
//! Parsing is lenient, as real enrollment pages demand: Amazon Seller Central shows 52 base32
//! characters in 13 groups of 4, others use lower case, dashes or `=` padding (RFC 4648 §6).

use std::fmt;
use std::sync::LazyLock;

use data_encoding::{Encoding, Specification};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use super::CodeTable;

/// Why a typed or parsed secret was refused. Every message names the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    #[error("secret: the key is empty")]
    Empty,
    #[error(
        "secret: '{0}' is not a base32 character (the key uses only the letters A–Z and the digits 2–7)"
    )]
    BadCharacter(char),
    #[error(
        "secret: {0} characters cannot be a whole base32 key (a character is missing or extra)"
    )]
    BadLength(usize),
}

/// RFC 4648 base32 without padding, tolerant of non-zero trailing bits (some generators emit them).
static BASE32_LENIENT: LazyLock<Encoding> = LazyLock::new(|| {
    let mut spec = Specification::new();
    spec.symbols.push_str("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
    spec.check_trailing_bits = false;
    // Proven invariant: a 32-symbol alphabet with no padding is a valid specification.
    spec.encoding().expect("valid base32 specification")
});

/// The key bytes of an account — or, for a desk member's share, only its codes over a span
/// of time ([`CodeTable`]): whoever holds such a secret can show and copy codes, never the key.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Inner);

#[derive(Clone, PartialEq, Eq)]
enum Inner {
    Key(Vec<u8>),
    Codes(CodeTable),
}

impl Zeroize for Secret {
    fn zeroize(&mut self) {
        match &mut self.0 {
            Inner::Key(bytes) => bytes.zeroize(),
            Inner::Codes(table) => table.zeroize(),
        }
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        self.zeroize();
    }
}

impl ZeroizeOnDrop for Secret {}

impl Secret {
    /// Wraps raw key bytes (from a migration payload or an importer).
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Self, SecretError> {
        if bytes.is_empty() {
            return Err(SecretError::Empty);
        }
        Ok(Self(Inner::Key(bytes)))
    }

    /// Codes only: a share's table (see [`CodeTable`]).
    pub fn codes(table: CodeTable) -> Self {
        Self(Inner::Codes(table))
    }

    /// Whether this is the key itself (not only codes).
    pub fn is_key(&self) -> bool {
        matches!(self.0, Inner::Key(_))
    }

    /// The codes, when this secret is only codes.
    pub fn code_table(&self) -> Option<&CodeTable> {
        match &self.0 {
            Inner::Codes(table) => Some(table),
            Inner::Key(_) => None,
        }
    }

    /// Parses a base32 key as people type or paste it: any case, spaces, dashes and missing or
    /// extra `=` padding are accepted.
    pub fn parse_base32(text: &str) -> Result<Self, SecretError> {
        let cleaned = Zeroizing::new(normalise_base32(text)?);
        if cleaned.is_empty() {
            return Err(SecretError::Empty);
        }
        // Valid unpadded base32 lengths are 0, 2, 4, 5 or 7 modulo 8.
        if matches!(cleaned.len() % 8, 1 | 3 | 6) {
            return Err(SecretError::BadLength(cleaned.len()));
        }
        let bytes = BASE32_LENIENT
            .decode(cleaned.as_bytes())
            .map_err(|_| SecretError::BadLength(cleaned.len()))?;
        Self::from_bytes(bytes)
    }

    /// Canonical base32: upper case, no padding, no spaces.
    /// Empty for codes only.
    pub fn to_base32(&self) -> String {
        BASE32_LENIENT.encode(self.as_bytes())
    }

    /// The key; empty for codes only (no code can be computed from it).
    pub fn as_bytes(&self) -> &[u8] {
        match &self.0 {
            Inner::Key(bytes) => bytes,
            Inner::Codes(_) => &[],
        }
    }

    /// Key length in bits (an 80-bit key is short but still used by real services).
    pub fn bits(&self) -> usize {
        self.as_bytes().len() * 8
    }
}

/// Upper-cases and strips separators and padding; refuses anything outside the alphabet.
fn normalise_base32(text: &str) -> Result<String, SecretError> {
    let mut out = String::with_capacity(text.len());
    let body = text
        .trim()
        .trim_end_matches(|c: char| c == '=' || c.is_whitespace());
    for c in body.chars() {
        match c {
            ' ' | '\t' | '\n' | '\r' | '-' | '\u{3000}' => {}
            'a'..='z' | 'A'..='Z' | '2'..='7' => out.push(c.to_ascii_uppercase()),
            other => {
                out.zeroize();
                return Err(SecretError::BadCharacter(other));
            }
        }
    }
    Ok(out)
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_amazon_style_groups_in_any_case() {
        // 13 groups of 4 = 52 characters = a 256-bit key, as Amazon Seller Central shows it.
        let shown = "ABCD EFGH IJKL MNOP QRST UVWX YZ23 4567 ABCD EFGH IJKL MNOP QRSQ";
        let typed = shown.to_lowercase();
        let a = Secret::parse_base32(shown).unwrap();
        let b = Secret::parse_base32(&typed).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.to_base32(), shown.replace(' ', ""));
        assert_eq!(a.bits(), 256);
    }

    #[test]
    fn accepts_dashes_padding_and_80_bit_keys() {
        let plain = Secret::parse_base32("JBSWY3DPEHPK3PXP").unwrap();
        for variant in [
            "jbsw-y3dp-ehpk-3pxp",
            "JBSWY3DPEHPK3PXP====",
            "JBSWY3DPEHPK3PXP=======",
        ] {
            assert_eq!(Secret::parse_base32(variant).unwrap(), plain, "{variant}");
        }
        assert_eq!(plain.bits(), 80);
        assert_eq!(
            Secret::parse_base32("HXDMVJECJJWSRBY=")
                .unwrap()
                .to_base32(),
            "HXDMVJECJJWSRBY"
        );
    }

    #[test]
    fn refuses_bad_characters_lengths_and_empty_keys() {
        assert_eq!(
            Secret::parse_base32("JBSWY3DP0189EHPK"),
            Err(SecretError::BadCharacter('0'))
        );
        assert_eq!(Secret::parse_base32("abc"), Err(SecretError::BadLength(3)));
        assert_eq!(Secret::parse_base32("  "), Err(SecretError::Empty));
        assert_eq!(Secret::parse_base32("===="), Err(SecretError::Empty));
        assert!(
            Secret::parse_base32("ABC")
                .unwrap_err()
                .to_string()
                .starts_with("secret:")
        );
    }

    #[test]
    fn debug_never_shows_the_key() {
        let s = Secret::parse_base32("JBSWY3DPEHPK3PXP").unwrap();
        assert_eq!(format!("{s:?}"), "Secret(..)");
        assert!(!format!("{:?}", Some(&s)).contains("JBSW"));
    }
}
