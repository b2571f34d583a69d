//! The desk's key material: 32-byte keys that zeroize, Argon2id from a PIN to a key-encryption
//! key, and AES-256-GCM sealing with a random nonce and a context bound in as associated data
//! (so a sealed value cannot be moved to another item, person or expiry). Pure; no I/O.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD_NO_PAD as B64;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::import::crypto::{NONCE_LEN, aes_gcm_open, aes_gcm_seal};

pub const KEY_LEN: usize = 32;
const SALT_LEN: usize = 16;

/// Why sealing or opening failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CryptoError {
    #[error("the PIN is wrong, or the data was changed")]
    Authentication,
    #[error("the stored key data is damaged")]
    Damaged,
    #[error("no random numbers are available from the system")]
    NoRandom,
    #[error("deriving the key failed ({0})")]
    Kdf(String),
}

/// A 256-bit key; zeroized when dropped, never printed.
#[derive(Clone)]
pub struct Key(Zeroizing<[u8; KEY_LEN]>);

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(..)")
    }
}

impl Key {
    pub fn random() -> Result<Self, CryptoError> {
        let mut bytes = Zeroizing::new([0u8; KEY_LEN]);
        getrandom::fill(bytes.as_mut()).map_err(|_| CryptoError::NoRandom)?;
        Ok(Self(bytes))
    }

    fn from_slice(bytes: &[u8]) -> Result<Self, CryptoError> {
        let array: [u8; KEY_LEN] = bytes.try_into().map_err(|_| CryptoError::Damaged)?;
        Ok(Self(Zeroizing::new(array)))
    }

    fn bytes(&self) -> &[u8] {
        self.0.as_ref()
    }

    /// Seals `plain` under this key, bound to `context`: `base64(nonce ‖ ciphertext ‖ tag)`.
    pub fn seal(&self, plain: &[u8], context: &str) -> Result<String, CryptoError> {
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).map_err(|_| CryptoError::NoRandom)?;
        let sealed = aes_gcm_seal(self.bytes(), &nonce, plain, context.as_bytes())
            .map_err(|_| CryptoError::Damaged)?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(B64.encode(out))
    }

    /// Opens what [`Key::seal`] made with the same key and context.
    pub fn open(&self, sealed: &str, context: &str) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
        let bytes = B64.decode(sealed).map_err(|_| CryptoError::Damaged)?;
        if bytes.len() < NONCE_LEN {
            return Err(CryptoError::Damaged);
        }
        let (nonce, rest) = bytes.split_at(NONCE_LEN);
        aes_gcm_open(self.bytes(), nonce, rest, context.as_bytes())
            .map_err(|_| CryptoError::Authentication)
    }

    /// Seals another key under this one.
    pub fn wrap(&self, key: &Key, context: &str) -> Result<String, CryptoError> {
        self.seal(key.bytes(), context)
    }

    pub fn unwrap_key(&self, sealed: &str, context: &str) -> Result<Key, CryptoError> {
        Key::from_slice(&self.open(sealed, context)?)
    }

    /// HMAC-SHA256 of `data` under this key, bound to `context`, as 64 hex digits: how the
    /// desk state is authenticated, and (of the key's own id) its public check value.
    pub fn mac(&self, context: &str, data: &[u8]) -> String {
        use hmac::{KeyInit, Mac};
        // A 32-byte key always fits HMAC; the error case cannot happen.
        let Ok(mut mac) = hmac::Hmac::<sha2::Sha256>::new_from_slice(self.bytes()) else {
            return String::new();
        };
        mac.update(&(context.len() as u64).to_be_bytes());
        mac.update(context.as_bytes());
        mac.update(data);
        data_encoding::HEXLOWER.encode(&mac.finalize().into_bytes())
    }

    /// Whether `mac` is [`Key::mac`] of `data`, compared in constant time.
    pub fn verify(&self, context: &str, data: &[u8], mac: &str) -> bool {
        let expected = self.mac(context, data);
        expected.len() == mac.len()
            && expected
                .bytes()
                .zip(mac.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
    }
}

impl Key {
    /// The X25519 public point of this key taken as a secret scalar, as base64: where a key
    /// can be sealed to ([`Key::seal_key_to`]) by someone who does not hold this one.
    pub fn box_public(&self) -> String {
        B64.encode(self.point())
    }

    /// This key as an X25519 secret scalar: its public point.
    fn point(&self) -> [u8; KEY_LEN] {
        curve25519_dalek::MontgomeryPoint::mul_base_clamped(*self.0).to_bytes()
    }

    /// Seals `key` to the holder of the secret behind `public` (a [`Key::box_public`]): an
    /// ephemeral X25519 agreement, HKDF-SHA256 over both public points and `context`, then
    /// AES-256-GCM. Only that secret opens it; no other key of the desk does.
    pub fn seal_key_to(public: &str, key: &Key, context: &str) -> Result<String, CryptoError> {
        let recipient = decode_point(public)?;
        let ephemeral = Key::random()?;
        let ephemeral_public = ephemeral.point();
        let kek = agreed_key(
            &ephemeral,
            &recipient,
            &ephemeral_public,
            &recipient,
            context,
        )?;
        let sealed = kek.wrap(key, context)?;
        Ok(format!("{}.{sealed}", B64.encode(ephemeral_public)))
    }

    /// Opens with this secret what [`Key::seal_key_to`] sealed to its public point.
    pub fn open_key_box(&self, sealed: &str, context: &str) -> Result<Key, CryptoError> {
        let (ephemeral, rest) = sealed.split_once('.').ok_or(CryptoError::Damaged)?;
        let ephemeral = decode_point(ephemeral)?;
        let kek = agreed_key(self, &ephemeral, &ephemeral, &self.point(), context)?;
        kek.unwrap_key(rest, context)
    }
}

/// The one-time wrapping key of a sealed box: X25519 of `secret` and `peer` (refused when all
/// zero: a low-order point would make it public), through HKDF-SHA256 salted with both points;
/// the same construction as the team's epoch-key wraps, from the same two functions.
fn agreed_key(
    secret: &Key,
    peer: &[u8; KEY_LEN],
    ephemeral: &[u8; KEY_LEN],
    recipient: &[u8; KEY_LEN],
    context: &str,
) -> Result<Key, CryptoError> {
    use super::team::{epoch::wrapping_key, identity::x25519, secret::Secret32};
    let secret = Secret32::from_bytes(secret.bytes()).map_err(|_| CryptoError::Damaged)?;
    let shared = x25519(&secret, peer).ok_or(CryptoError::Damaged)?;
    Key::from_slice(wrapping_key(&shared, ephemeral, recipient, context).bytes())
}

fn decode_point(text: &str) -> Result<[u8; KEY_LEN], CryptoError> {
    let bytes = B64.decode(text).map_err(|_| CryptoError::Damaged)?;
    bytes.try_into().map_err(|_| CryptoError::Damaged)
}

/// Argon2id cost and salt of one person's PIN, stored beside their slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kdf {
    pub m_cost_kib: u32,
    pub t_cost: u32,
    pub p_cost: u32,
    /// Base64 without padding.
    pub salt: String,
}

/// 64 MiB, 3 passes, 1 lane: RFC 9106's second recommended option, above OWASP's minimum; one
/// unlock costs about a quarter of a second on a desk PC, a guess the same for an attacker.
pub const M_COST_KIB: u32 = 64 * 1024;
pub const T_COST: u32 = 3;
pub const P_COST: u32 = 1;

/// Limits on stored parameters, so a hostile file cannot make an unlock take minutes or GBs…
const MAX_M_COST_KIB: u32 = 1024 * 1024;
const MAX_T_COST: u32 = 16;
/// …nor make a PIN cheap to guess: a slot below the costs OTP Desk writes is refused, whoever
/// wrote it (a forged slot with m = 8 KiB, t = 1 was accepted once).
const MIN_M_COST_KIB: u32 = M_COST_KIB;
const MIN_T_COST: u32 = T_COST;

impl Kdf {
    /// Fresh salt, the default costs.
    pub fn new() -> Result<Self, CryptoError> {
        let mut salt = [0u8; SALT_LEN];
        getrandom::fill(&mut salt).map_err(|_| CryptoError::NoRandom)?;
        Ok(Self {
            m_cost_kib: M_COST_KIB,
            t_cost: T_COST,
            p_cost: P_COST,
            salt: B64.encode(salt),
        })
    }

    /// The key-encryption key for `pin`.
    pub fn derive(&self, pin: &str) -> Result<Key, CryptoError> {
        if !(MIN_M_COST_KIB..=MAX_M_COST_KIB).contains(&self.m_cost_kib)
            || !(MIN_T_COST..=MAX_T_COST).contains(&self.t_cost)
            || !(1..=8).contains(&self.p_cost)
        {
            return Err(CryptoError::Damaged);
        }
        let salt = B64.decode(&self.salt).map_err(|_| CryptoError::Damaged)?;
        let mut out = Zeroizing::new([0u8; KEY_LEN]);
        let costs = (self.m_cost_kib, self.t_cost, self.p_cost);
        crate::pin::argon2id(pin, &salt, costs, out.as_mut()).map_err(CryptoError::Kdf)?;
        Ok(Key(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cheap_kdf() -> Kdf {
        Kdf::new().unwrap()
    }

    #[test]
    fn a_key_sealed_to_a_box_opens_only_with_its_secret_and_context() {
        let secret = Key::random().unwrap();
        let public = secret.box_public();
        let desk = Key::random().unwrap();
        let sealed = Key::seal_key_to(&public, &desk, "desk-box p1 2").unwrap();
        let opened = secret.open_key_box(&sealed, "desk-box p1 2").unwrap();
        assert_eq!(opened.bytes(), desk.bytes());
        assert!(secret.open_key_box(&sealed, "desk-box p1 3").is_err());
        assert!(
            Key::random()
                .unwrap()
                .open_key_box(&sealed, "desk-box p1 2")
                .is_err()
        );
        assert!(desk.open_key_box(&sealed, "desk-box p1 2").is_err());
        assert_ne!(
            sealed,
            Key::seal_key_to(&public, &desk, "desk-box p1 2").unwrap()
        );
        // A low-order point as the recipient makes the agreement public: refused.
        let zero = B64.encode([0u8; KEY_LEN]);
        assert_eq!(
            Key::seal_key_to(&zero, &desk, "c").unwrap_err(),
            CryptoError::Damaged
        );
        assert!(secret.open_key_box("garbage", "c").is_err());
    }

    #[test]
    fn macs_bind_key_context_and_data() {
        let key = Key::random().unwrap();
        let mac = key.mac("state", b"seq 1");
        assert_eq!(mac.len(), 64);
        assert!(key.verify("state", b"seq 1", &mac));
        assert!(!key.verify("state", b"seq 2", &mac));
        assert!(!key.verify("other", b"seq 1", &mac));
        assert!(!Key::random().unwrap().verify("state", b"seq 1", &mac));
        assert!(!key.verify("state", b"seq 1", &mac[..63]));
    }

    #[test]
    fn weak_costs_are_refused_like_hostile_ones() {
        for (m, t) in [(8, 1), (M_COST_KIB, 1), (M_COST_KIB / 2, T_COST)] {
            let kdf = Kdf {
                m_cost_kib: m,
                t_cost: t,
                ..cheap_kdf()
            };
            assert_eq!(kdf.derive("123456").unwrap_err(), CryptoError::Damaged);
        }
    }

    #[test]
    fn sealed_values_open_only_with_their_key_and_context() {
        let key = Key::random().unwrap();
        let sealed = key
            .seal(b"otpauth://totp/a?secret=JBSWY3DP", "item 1")
            .unwrap();
        assert_eq!(
            &*key.open(&sealed, "item 1").unwrap(),
            b"otpauth://totp/a?secret=JBSWY3DP"
        );
        assert_eq!(
            key.open(&sealed, "item 2"),
            Err(CryptoError::Authentication)
        );
        let other = Key::random().unwrap();
        assert_eq!(
            other.open(&sealed, "item 1"),
            Err(CryptoError::Authentication)
        );
        assert_eq!(key.open("not base64!", "item 1"), Err(CryptoError::Damaged));
        assert!(!sealed.contains("JBSWY3DP"));
        assert_ne!(
            key.seal(b"x", "c").unwrap(),
            key.seal(b"x", "c").unwrap(),
            "fresh nonces"
        );
    }

    #[test]
    fn a_pin_derives_the_same_key_and_wrapped_keys_come_back() {
        let kdf = cheap_kdf();
        let kek = kdf.derive("246810").unwrap();
        let desk = Key::random().unwrap();
        let wrapped = kek.wrap(&desk, "desk").unwrap();
        let again = kdf
            .derive("246810")
            .unwrap()
            .unwrap_key(&wrapped, "desk")
            .unwrap();
        assert_eq!(again.bytes(), desk.bytes());
        let wrong = kdf.derive("246811").unwrap();
        assert!(wrong.unwrap_key(&wrapped, "desk").is_err());
        assert_eq!(format!("{desk:?}"), "Key(..)");
    }

    #[test]
    fn hostile_costs_are_refused_before_any_work() {
        let kdf = Kdf {
            m_cost_kib: u32::MAX,
            ..cheap_kdf()
        };
        assert_eq!(kdf.derive("123456").unwrap_err(), CryptoError::Damaged);
    }
}
