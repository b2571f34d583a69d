//! The shape of an account's codes: [`OtpKind`], [`Algorithm`], [`Digits`] and [`OtpParams`].
//! Plain data, serialisable into the metadata file; it never holds the secret.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The HMAC hash (RFC 4226 §5, RFC 6238 §1.2). MD5 is refused: its 16-byte digest cannot be
/// dynamically truncated safely.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Algorithm {
    #[default]
    Sha1,
    Sha256,
    Sha512,
}

impl Algorithm {
    pub const ALL: [Algorithm; 3] = [Algorithm::Sha1, Algorithm::Sha256, Algorithm::Sha512];

    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::Sha1 => "SHA1",
            Algorithm::Sha256 => "SHA256",
            Algorithm::Sha512 => "SHA512",
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Algorithm {
    type Err = ParamError;

    /// Lenient: `sha1`, `SHA-256`, `HmacSHA512` are all understood.
    fn from_str(text: &str) -> Result<Self, ParamError> {
        let key: String = text
            .trim()
            .to_ascii_uppercase()
            .trim_start_matches("HMAC")
            .chars()
            .filter(|c| *c != '-' && *c != '_')
            .collect();
        match key.as_str() {
            "SHA1" => Ok(Algorithm::Sha1),
            "SHA256" => Ok(Algorithm::Sha256),
            "SHA512" => Ok(Algorithm::Sha512),
            _ => Err(ParamError::Algorithm(text.to_owned())),
        }
    }
}

/// How many digits a code has. TOTP and HOTP codes have 6 to 10 (RFC 4226 asks for at least 6;
/// a 31-bit truncated value has at most 10 digits); Steam codes always have 5 characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Digits(u8);

impl Digits {
    pub const MIN: u8 = 6;
    pub const MAX: u8 = 10;
    pub const SIX: Digits = Digits(6);
    pub const STEAM: Digits = Digits(5);

    pub fn new(count: u8) -> Result<Self, ParamError> {
        if (Self::MIN..=Self::MAX).contains(&count) {
            Ok(Self(count))
        } else {
            Err(ParamError::Digits(count.to_string()))
        }
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for Digits {
    type Error = ParamError;
    fn try_from(count: u8) -> Result<Self, ParamError> {
        if count == Self::STEAM.0 {
            return Ok(Self::STEAM);
        }
        Self::new(count)
    }
}

impl From<Digits> for u8 {
    fn from(d: Digits) -> u8 {
        d.0
    }
}

impl FromStr for Digits {
    type Err = ParamError;
    fn from_str(text: &str) -> Result<Self, ParamError> {
        let count: u8 = text
            .trim()
            .parse()
            .map_err(|_| ParamError::Digits(text.to_owned()))?;
        Self::new(count)
    }
}

/// The three kinds of one-time password OTP Desk computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum OtpKind {
    /// RFC 6238: the counter is the Unix time divided by the period.
    Totp {
        #[serde(rename = "period")]
        period_secs: u32,
    },
    /// RFC 4226: the counter is stored and advanced on use.
    Hotp { counter: u64 },
    /// Steam Guard: TOTP with SHA1, 30 s and 5 characters from a 26-symbol alphabet.
    Steam,
}

impl OtpKind {
    pub const DEFAULT_PERIOD_SECS: u32 = 30;

    pub fn name(self) -> &'static str {
        match self {
            OtpKind::Totp { .. } => "totp",
            OtpKind::Hotp { .. } => "hotp",
            OtpKind::Steam => "steam",
        }
    }

    /// The period of time-based kinds; `None` for HOTP.
    pub fn period_secs(self) -> Option<u32> {
        match self {
            OtpKind::Totp { period_secs } => Some(period_secs),
            OtpKind::Steam => Some(Self::DEFAULT_PERIOD_SECS),
            OtpKind::Hotp { .. } => None,
        }
    }

    pub fn counter(self) -> Option<u64> {
        match self {
            OtpKind::Hotp { counter } => Some(counter),
            _ => None,
        }
    }
}

/// Everything needed besides the secret to compute a code. Constructed only through
/// [`OtpParams::new`], so the period is never 0 and Steam is always SHA1/5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawParams", into = "RawParams")]
pub struct OtpParams {
    kind: OtpKind,
    algorithm: Algorithm,
    digits: Digits,
}

impl OtpParams {
    pub fn new(kind: OtpKind, algorithm: Algorithm, digits: Digits) -> Result<Self, ParamError> {
        match kind {
            OtpKind::Steam => return Ok(Self::steam()),
            OtpKind::Totp { period_secs: 0 } => return Err(ParamError::Period("0".into())),
            _ => {}
        }
        if digits == Digits::STEAM {
            return Err(ParamError::Digits("5".into()));
        }
        Ok(Self {
            kind,
            algorithm,
            digits,
        })
    }

    pub fn totp_default() -> Self {
        Self {
            kind: OtpKind::Totp {
                period_secs: OtpKind::DEFAULT_PERIOD_SECS,
            },
            algorithm: Algorithm::Sha1,
            digits: Digits::SIX,
        }
    }

    pub fn steam() -> Self {
        Self {
            kind: OtpKind::Steam,
            algorithm: Algorithm::Sha1,
            digits: Digits::STEAM,
        }
    }

    pub fn kind(&self) -> OtpKind {
        self.kind
    }
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }
    pub fn digits(&self) -> Digits {
        self.digits
    }

    /// A copy with the HOTP counter set (no effect on time-based kinds).
    pub fn with_counter(mut self, counter: u64) -> Self {
        if let OtpKind::Hotp { .. } = self.kind {
            self.kind = OtpKind::Hotp { counter };
        }
        self
    }
}

/// The serialised form of [`OtpParams`], flattened into an account record.
#[derive(Serialize, Deserialize)]
struct RawParams {
    #[serde(flatten)]
    kind: OtpKind,
    algorithm: Algorithm,
    digits: Digits,
}

impl TryFrom<RawParams> for OtpParams {
    type Error = ParamError;
    fn try_from(raw: RawParams) -> Result<Self, ParamError> {
        OtpParams::new(raw.kind, raw.algorithm, raw.digits)
    }
}

impl From<OtpParams> for RawParams {
    fn from(p: OtpParams) -> Self {
        RawParams {
            kind: p.kind,
            algorithm: p.algorithm,
            digits: p.digits,
        }
    }
}

/// Why a parameter was refused; each message names the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParamError {
    #[error("algorithm: '{0}' is not supported (use SHA1, SHA256 or SHA512)")]
    Algorithm(String),
    #[error("digits: '{0}' is not supported (use 6 to 10; Steam codes always have 5)")]
    Digits(String),
    #[error("period: '{0}' is not a number of seconds of at least 1")]
    Period(String),
    #[error("counter: '{0}' is not a whole number from 0 upwards")]
    Counter(String),
    #[error("type: '{0}' is not supported (use totp, hotp or steam)")]
    Type(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn algorithm_names_are_lenient() {
        for (text, want) in [
            ("sha1", Algorithm::Sha1),
            ("SHA-256", Algorithm::Sha256),
            ("HmacSHA512", Algorithm::Sha512),
        ] {
            assert_eq!(text.parse::<Algorithm>().unwrap(), want);
        }
        assert!(
            "MD5"
                .parse::<Algorithm>()
                .unwrap_err()
                .to_string()
                .starts_with("algorithm:")
        );
    }

    #[test]
    fn digits_outside_6_to_10_are_refused() {
        assert!(Digits::new(5).is_err() && Digits::new(11).is_err() && Digits::new(3).is_err());
        assert_eq!("8".parse::<Digits>().unwrap().get(), 8);
        assert!(
            "-1".parse::<Digits>()
                .unwrap_err()
                .to_string()
                .starts_with("digits:")
        );
    }

    #[test]
    fn params_refuse_zero_period_and_force_steam_shape() {
        let zero = OtpParams::new(
            OtpKind::Totp { period_secs: 0 },
            Algorithm::Sha1,
            Digits::SIX,
        );
        assert_eq!(zero, Err(ParamError::Period("0".into())));
        let steam =
            OtpParams::new(OtpKind::Steam, Algorithm::Sha512, Digits::new(8).unwrap()).unwrap();
        assert_eq!(steam, OtpParams::steam());
    }

    #[test]
    fn params_serialise_flat_and_validate_on_read() {
        let p = OtpParams::new(
            OtpKind::Hotp {
                counter: 5_000_000_000,
            },
            Algorithm::Sha256,
            Digits::new(8).unwrap(),
        )
        .unwrap();
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(
            json,
            r#"{"type":"hotp","counter":5000000000,"algorithm":"SHA256","digits":8}"#
        );
        assert_eq!(serde_json::from_str::<OtpParams>(&json).unwrap(), p);
        let steam = serde_json::to_string(&OtpParams::steam()).unwrap();
        assert_eq!(steam, r#"{"type":"steam","algorithm":"SHA1","digits":5}"#);
        assert_eq!(
            serde_json::from_str::<OtpParams>(&steam).unwrap(),
            OtpParams::steam()
        );
        let bad = r#"{"type":"totp","period":0,"algorithm":"SHA1","digits":6}"#;
        assert!(serde_json::from_str::<OtpParams>(bad).is_err());
    }
}
