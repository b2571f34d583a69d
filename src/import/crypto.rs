//! The few primitives encrypted backups are built from, wrapped so that importers never see a
//! crypto crate's types: AES-256-GCM ([NIST SP 800-38D](https://csrc.nist.gov/pubs/sp/800/38/d/final)),
//! PBKDF2 ([RFC 8018](https://www.rfc-editor.org/rfc/rfc8018)) and scrypt
//! ([RFC 7914](https://www.rfc-editor.org/rfc/rfc7914)). Pure; no I/O.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use zeroize::Zeroizing;

/// Why a primitive refused its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CryptoError {
    /// The tag did not match: a wrong key (password) or changed bytes.
    #[error("the data could not be authenticated (wrong password or damaged file)")]
    Authentication,
    #[error("a key, nonce or parameter has the wrong size")]
    BadParameter,
}

pub const KEY_LEN: usize = 32;
pub const NONCE_LEN: usize = 12;
pub const TAG_LEN: usize = 16;

/// AES-256-GCM decryption of `ciphertext ‖ tag`.
pub fn aes_gcm_open(
    key: &[u8],
    nonce: &[u8],
    sealed: &[u8],
    aad: &[u8],
) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    if nonce.len() != NONCE_LEN || sealed.len() < TAG_LEN {
        return Err(CryptoError::BadParameter);
    }
    let cipher = Aes256Gcm::new_from_slice(key).map_err(|_| CryptoError::BadParameter)?;
    let nonce = Nonce::try_from(nonce).map_err(|_| CryptoError::BadParameter)?;
    cipher
        .decrypt(&nonce, Payload { msg: sealed, aad })
        .map(Zeroizing::new)
        .map_err(|_| CryptoError::Authentication)
}

/// AES-256-GCM encryption; returns `ciphertext ‖ tag`.
pub fn aes_gcm_seal(
    key: &[u8],
    nonce: &[u8],
    plain: &[u8],
    aad: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    if nonce.len() != NONCE_LEN {
        return Err(CryptoError::BadParameter);
    }
    let cipher = Aes256Gcm::new_from_slice(key).map_err(|_| CryptoError::BadParameter)?;
    let nonce = Nonce::try_from(nonce).map_err(|_| CryptoError::BadParameter)?;
    cipher
        .encrypt(&nonce, Payload { msg: plain, aad })
        .map_err(|_| CryptoError::BadParameter)
}

/// AES-256-CBC decryption with PKCS#7 padding (older apps: Authy, Stratum's legacy backups).
/// Bad padding is [`CryptoError::Authentication`]: with a wrong key it is what usually fails.
pub fn aes_cbc_open(
    key: &[u8],
    iv: &[u8],
    ciphertext: &[u8],
) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    use cbc::cipher::{BlockModeDecrypt, KeyIvInit, block_padding::Pkcs7};
    let decryptor = cbc::Decryptor::<aes::Aes256>::new_from_slices(key, iv)
        .map_err(|_| CryptoError::BadParameter)?;
    decryptor
        .decrypt_padded_vec::<Pkcs7>(ciphertext)
        .map(Zeroizing::new)
        .map_err(|_| CryptoError::Authentication)
}

/// The most memory one key derivation may take; a file asking for more is refused.
pub const MAX_KDF_MEMORY_BYTES: u64 = 128 << 20;

/// A key derivation as a foreign file describes it: what it costs is known before it runs, so
/// [`super::budget::Budget`] can refuse it instead of running it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kdf {
    Scrypt {
        n: u64,
        r: u32,
        p: u32,
    },
    Pbkdf2 {
        prf: Prf,
        iterations: u32,
    },
    Argon2id {
        memory_kib: u32,
        passes: u32,
        lanes: u32,
    },
}

impl Kdf {
    /// Work in budget units: one unit is one 128-byte BlockMix-pair of scrypt (N·r·p of them
    /// per derivation; Aegis' default slot is 2^18 units, ~0.14 s in a release build here).
    /// The others are scaled by what they measured on the same machine: a PBKDF2 iteration
    /// (two HMAC compressions per output block) costs 5/8 of a unit with SHA-1 (32 bytes are
    /// two blocks), 1/2 with SHA-256, 5/8 with SHA-512; Argon2 about 3 units per KiB block and
    /// pass (4 are counted).
    pub fn cost(&self) -> u64 {
        match *self {
            Kdf::Scrypt { n, r, p } => n.saturating_mul(u64::from(r)).saturating_mul(u64::from(p)),
            Kdf::Pbkdf2 { prf, iterations } => {
                let eighths = match prf {
                    Prf::Sha1 | Prf::Sha512 => 5,
                    Prf::Sha256 => 4,
                };
                (u64::from(iterations) * eighths).div_ceil(8)
            }
            Kdf::Argon2id {
                memory_kib, passes, ..
            } => u64::from(memory_kib) * u64::from(passes) * 4,
        }
    }

    /// The memory the derivation holds while it runs.
    pub fn memory_bytes(&self) -> u64 {
        match *self {
            Kdf::Scrypt { n, r, .. } => n.saturating_mul(u64::from(r)).saturating_mul(128),
            Kdf::Pbkdf2 { .. } => 0,
            Kdf::Argon2id { memory_kib, .. } => u64::from(memory_kib) * 1024,
        }
    }

    /// "scrypt N=2^19, r=8, p=16", for messages.
    pub fn describe(&self) -> String {
        match *self {
            Kdf::Scrypt { n, r, p } if n.is_power_of_two() => {
                format!("scrypt N=2^{}, r={r}, p={p}", n.trailing_zeros())
            }
            Kdf::Scrypt { n, r, p } => format!("scrypt N={n}, r={r}, p={p}"),
            Kdf::Pbkdf2 { prf, iterations } => {
                let hash = match prf {
                    Prf::Sha1 => "SHA1",
                    Prf::Sha256 => "SHA256",
                    Prf::Sha512 => "SHA512",
                };
                format!("PBKDF2-HMAC-{hash} × {iterations}")
            }
            Kdf::Argon2id {
                memory_kib, passes, ..
            } => format!("Argon2id {} MiB × {passes}", memory_kib / 1024),
        }
    }

    pub fn derive(&self, password: &[u8], salt: &[u8]) -> Result<Key, CryptoError> {
        match *self {
            Kdf::Scrypt { n, r, p } => scrypt(password, salt, n, r, p),
            Kdf::Pbkdf2 { prf, iterations } => pbkdf2(prf, password, salt, iterations),
            Kdf::Argon2id {
                memory_kib,
                passes,
                lanes,
            } => argon2id(password, salt, memory_kib, passes, lanes),
        }
    }
}

/// A derived 256-bit key, zeroized on drop.
pub type Key = Zeroizing<[u8; KEY_LEN]>;

/// Argon2id ([RFC 9106](https://www.rfc-editor.org/rfc/rfc9106)); memory in KiB, capped at
/// [`MAX_KDF_MEMORY_BYTES`] against crafted files.
pub fn argon2id(
    password: &[u8],
    salt: &[u8],
    memory_kib: u32,
    passes: u32,
    lanes: u32,
) -> Result<Zeroizing<[u8; KEY_LEN]>, CryptoError> {
    if u64::from(memory_kib) * 1024 > MAX_KDF_MEMORY_BYTES || passes > 100 {
        return Err(CryptoError::BadParameter);
    }
    let params = argon2::Params::new(memory_kib, passes, lanes, Some(KEY_LEN))
        .map_err(|_| CryptoError::BadParameter)?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    argon
        .hash_password_into(password, salt, key.as_mut())
        .map_err(|_| CryptoError::BadParameter)?;
    Ok(key)
}

/// Which HMAC PBKDF2 runs over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prf {
    Sha1,
    Sha256,
    Sha512,
}

/// Foreign files choose the iteration count; more than this is refused rather than letting a
/// crafted file spin for hours.
pub const MAX_PBKDF2_ITERATIONS: u32 = 10_000_000;

pub fn pbkdf2(
    prf: Prf,
    password: &[u8],
    salt: &[u8],
    iterations: u32,
) -> Result<Zeroizing<[u8; KEY_LEN]>, CryptoError> {
    if iterations == 0 || iterations > MAX_PBKDF2_ITERATIONS {
        return Err(CryptoError::BadParameter);
    }
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    match prf {
        Prf::Sha1 => pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password, salt, iterations, key.as_mut()),
        Prf::Sha256 => {
            pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password, salt, iterations, key.as_mut())
        }
        Prf::Sha512 => {
            pbkdf2::pbkdf2_hmac::<sha2::Sha512>(password, salt, iterations, key.as_mut())
        }
    }
    Ok(key)
}

/// scrypt with `n` a power of two; cost limits keep a crafted file from exhausting memory
/// (128·N·r ≤ [`MAX_KDF_MEMORY_BYTES`], and p ≤ 16).
pub fn scrypt(
    password: &[u8],
    salt: &[u8],
    n: u64,
    r: u32,
    p: u32,
) -> Result<Zeroizing<[u8; KEY_LEN]>, CryptoError> {
    if !n.is_power_of_two()
        || n < 2
        || r == 0
        || p == 0
        || p > 16
        || n.saturating_mul(u64::from(r)).saturating_mul(128) > MAX_KDF_MEMORY_BYTES
    {
        return Err(CryptoError::BadParameter);
    }
    let log_n = u8::try_from(n.trailing_zeros()).map_err(|_| CryptoError::BadParameter)?;
    let params = scrypt::Params::new(log_n, r, p).map_err(|_| CryptoError::BadParameter)?;
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    scrypt::scrypt(password, salt, &params, key.as_mut()).map_err(|_| CryptoError::BadParameter)?;
    Ok(key)
}

pub fn sha256(data: &[u8]) -> Zeroizing<[u8; KEY_LEN]> {
    use sha2::Digest;
    let mut out = Zeroizing::new([0u8; KEY_LEN]);
    out.copy_from_slice(&sha2::Sha256::digest(data));
    out
}

/// Fresh random bytes for salts, nonces and keys.
pub fn random<const N: usize>() -> Result<[u8; N], getrandom::Error> {
    let mut out = [0u8; N];
    getrandom::fill(&mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_then_open_and_tamper() {
        let key = [7u8; 32];
        let nonce = [1u8; 12];
        let sealed = aes_gcm_seal(&key, &nonce, b"hello", b"aad").unwrap();
        assert_eq!(
            &*aes_gcm_open(&key, &nonce, &sealed, b"aad").unwrap(),
            b"hello"
        );
        let mut bad = sealed.clone();
        bad[0] ^= 1;
        assert_eq!(
            aes_gcm_open(&key, &nonce, &bad, b"aad").unwrap_err(),
            CryptoError::Authentication
        );
        assert_eq!(
            aes_gcm_open(&key, &nonce[..4], &sealed, b"").unwrap_err(),
            CryptoError::BadParameter
        );
    }

    #[test]
    fn pbkdf2_matches_rfc6070() {
        // RFC 6070 test 2 (first 20 bytes of the 32 we derive).
        let key = pbkdf2(Prf::Sha1, b"password", b"salt", 2).unwrap();
        assert_eq!(
            data_encoding::HEXLOWER.encode(&key[..20]),
            "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957"
        );
    }
}
