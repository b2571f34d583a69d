//! 32-byte secrets that zeroize and never print, the system's randomness, and AES-256-GCM with
//! a context bound in as associated data (so a sealed value cannot be moved to another team,
//! epoch or desk) — the approach of OTP Desk's `desk::crypto::Key`. Pure; no I/O beyond asking
//! the OS for random bytes.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use hkdf::Hkdf;
use sha2::Sha256;
use zeroize::Zeroizing;

pub const KEY_LEN: usize = 32;
pub const NONCE_LEN: usize = 12;
pub const TAG_LEN: usize = 16;

/// Why a key operation failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("no random numbers are available from the system")]
    NoRandom,
    #[error("the data could not be authenticated (wrong key or changed bytes)")]
    Authentication,
    #[error("the key data is damaged")]
    Damaged,
}

/// A 256-bit secret; zeroized when dropped, never printed.
#[derive(Clone)]
pub struct Secret32(Zeroizing<[u8; KEY_LEN]>);

impl std::fmt::Debug for Secret32 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret32(..)")
    }
}

/// Fills `out` from the OS's CSPRNG.
pub fn random_bytes(out: &mut [u8]) -> Result<(), KeyError> {
    getrandom::fill(out).map_err(|_| KeyError::NoRandom)
}

impl Secret32 {
    pub fn random() -> Result<Self, KeyError> {
        let mut bytes = Zeroizing::new([0u8; KEY_LEN]);
        random_bytes(bytes.as_mut())?;
        Ok(Self(bytes))
    }

    /// Takes the bytes; the caller's copy should be a `Zeroizing` one.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, KeyError> {
        let array: [u8; KEY_LEN] = bytes.try_into().map_err(|_| KeyError::Damaged)?;
        Ok(Self(Zeroizing::new(array)))
    }

    pub(crate) fn bytes(&self) -> &[u8; KEY_LEN] {
        &self.0
    }

    /// A subkey for one purpose (HKDF-SHA256 expand, `label` as info): one random key gives
    /// independent keys for encryption, nonces and key ids.
    pub fn derive(&self, label: &str) -> Self {
        Self::hkdf(None, self.bytes(), label)
    }

    /// HKDF-SHA256 extract and expand to 32 bytes.
    pub(crate) fn hkdf(salt: Option<&[u8]>, ikm: &[u8], info: &str) -> Self {
        let mut out = Zeroizing::new([0u8; KEY_LEN]);
        // 32 bytes is far below HKDF's limit of 255 hash lengths: expand cannot fail.
        let _ = Hkdf::<Sha256>::new(salt, ikm).expand(info.as_bytes(), out.as_mut());
        Self(out)
    }

    fn cipher(&self) -> Aes256Gcm {
        Aes256Gcm::new(self.bytes().into())
    }

    /// AES-256-GCM under this key with the given nonce: `ciphertext ‖ tag`. The caller makes
    /// sure a nonce is never used twice with one key for different plaintexts.
    pub fn seal_with(&self, nonce: &[u8; NONCE_LEN], plain: &[u8], aad: &[u8]) -> Vec<u8> {
        let nonce = Nonce::from(*nonce);
        // Encryption fails only for plaintexts beyond GCM's 64 GiB limit.
        self.cipher()
            .encrypt(&nonce, Payload { msg: plain, aad })
            .unwrap_or_default()
    }

    /// Opens what [`Secret32::seal_with`] made with the same key, nonce and `aad`.
    pub fn open_with(
        &self,
        nonce: &[u8; NONCE_LEN],
        sealed: &[u8],
        aad: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>, KeyError> {
        if sealed.len() < TAG_LEN {
            return Err(KeyError::Damaged);
        }
        let nonce = Nonce::from(*nonce);
        self.cipher()
            .decrypt(&nonce, Payload { msg: sealed, aad })
            .map(Zeroizing::new)
            .map_err(|_| KeyError::Authentication)
    }

    /// Seals with a fresh random nonce, bound to `context`: `nonce ‖ ciphertext ‖ tag`.
    pub fn seal(&self, plain: &[u8], context: &str) -> Result<Vec<u8>, KeyError> {
        let mut nonce = [0u8; NONCE_LEN];
        random_bytes(&mut nonce)?;
        let mut out = nonce.to_vec();
        out.extend(self.seal_with(&nonce, plain, context.as_bytes()));
        Ok(out)
    }

    /// Opens what [`Secret32::seal`] made with the same key and context.
    pub fn open(&self, sealed: &[u8], context: &str) -> Result<Zeroizing<Vec<u8>>, KeyError> {
        let (nonce, rest) = sealed
            .split_first_chunk::<NONCE_LEN>()
            .ok_or(KeyError::Damaged)?;
        self.open_with(nonce, rest, context.as_bytes())
    }
}

/// Lowercase hex, for ids.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    text
}

/// The bytes of exactly `2 * N` lowercase hex digits.
pub(crate) fn unhex<const N: usize>(text: &str) -> Option<[u8; N]> {
    let digits = text.as_bytes();
    if digits.len() != 2 * N {
        return None;
    }
    let nibble = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    };
    let mut out = [0u8; N];
    for (slot, pair) in out.iter_mut().zip(digits.chunks_exact(2)) {
        *slot = (nibble(pair[0])? << 4) | nibble(pair[1])?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_only_with_their_key_and_context() {
        let key = Secret32::random().unwrap();
        let sealed = key.seal(b"JBSWY3DPEHPK3PXP", "team t epoch 1").unwrap();
        assert_eq!(
            &**key.open(&sealed, "team t epoch 1").unwrap(),
            b"JBSWY3DPEHPK3PXP"
        );
        assert_eq!(
            key.open(&sealed, "team t epoch 2"),
            Err(KeyError::Authentication)
        );
        let other = Secret32::random().unwrap();
        assert!(other.open(&sealed, "team t epoch 1").is_err());
        assert_eq!(key.open(&sealed[..5], "x"), Err(KeyError::Damaged));
        assert_ne!(key.seal(b"x", "c").unwrap(), key.seal(b"x", "c").unwrap());
        assert_eq!(format!("{key:?}"), "Secret32(..)");
    }

    #[test]
    fn derived_keys_differ_by_label_and_hex_round_trips() {
        let key = Secret32::random().unwrap();
        assert_ne!(key.derive("a").bytes(), key.derive("b").bytes());
        assert_eq!(key.derive("a").bytes(), key.derive("a").bytes());
        let bytes = [0u8, 1, 0xab, 0xff];
        assert_eq!(hex(&bytes), "0001abff");
        assert_eq!(unhex::<4>("0001abff"), Some(bytes));
        assert_eq!(unhex::<4>("0001ABFF"), None);
        assert_eq!(unhex::<4>("0001ab"), None);
    }
}
