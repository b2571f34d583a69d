//! The convert stage shared by every importer: loose values from a foreign file (type names,
//! algorithm names, numbers that may be strings, secrets in base32, hex, base64 or Java's signed
//! bytes) become checked [`Entry`] values. Every error is one sentence that names the field.
//! Pure; must not depend on the vault, the store or the UI.

use base64::Engine;
use serde_json::Value;

use crate::otp::{Algorithm, Digits, Entry, OtpKind, OtpParams, Secret};

/// What a foreign entry says about its codes, before checking. `None` means "not stored",
/// and the RFC default (SHA1, 6 digits, 30 s, counter 0) is used.
#[derive(Debug, Default, Clone)]
pub struct Fields<'a> {
    pub kind: Option<&'a str>,
    pub algorithm: Option<&'a str>,
    pub digits: Option<u64>,
    pub period_secs: Option<u64>,
    pub counter: Option<u64>,
}

/// Checks `fields` and builds the entry. `kind` is case-insensitive: totp, hotp or steam.
pub fn entry(issuer: &str, name: &str, secret: Secret, fields: &Fields) -> Result<Entry, String> {
    let params = params(fields)?;
    Ok(Entry {
        issuer: issuer.trim().to_owned(),
        name: name.trim().to_owned(),
        params,
        secret,
    })
}

pub fn params(fields: &Fields) -> Result<OtpParams, String> {
    let kind_name = fields.kind.unwrap_or("totp").trim().to_ascii_lowercase();
    let kind = match kind_name.as_str() {
        "totp" => {
            let period = fields
                .period_secs
                .unwrap_or(u64::from(OtpKind::DEFAULT_PERIOD_SECS));
            let period_secs = u32::try_from(period)
                .ok()
                .filter(|p| *p > 0)
                .ok_or_else(|| {
                    format!("period: '{period}' is not a number of seconds of at least 1")
                })?;
            OtpKind::Totp { period_secs }
        }
        "hotp" => OtpKind::Hotp {
            counter: fields.counter.unwrap_or(0),
        },
        "steam" => return Ok(OtpParams::steam()),
        other => {
            return Err(format!(
                "type: '{other}' is not supported (OTP Desk reads TOTP, HOTP and Steam)"
            ));
        }
    };
    let algorithm: Algorithm = fields
        .algorithm
        .unwrap_or("SHA1")
        .parse()
        .map_err(|e: crate::otp::ParamError| e.to_string())?;
    let digits = fields.digits.unwrap_or(6);
    let digits = u8::try_from(digits)
        .map_err(|_| format!("digits: '{digits}' is not supported (use 6 to 10)"))
        .and_then(|d| Digits::new(d).map_err(|e| e.to_string()))?;
    OtpParams::new(kind, algorithm, digits).map_err(|e| e.to_string())
}

pub fn base32(text: &str) -> Result<Secret, String> {
    Secret::parse_base32(text).map_err(|e| e.to_string())
}

/// Hex of either case; the odd leftover or a non-hex character is an error naming `field`.
pub fn hex(text: &str, field: &str) -> Result<Vec<u8>, String> {
    data_encoding::HEXLOWER_PERMISSIVE
        .decode(text.trim().as_bytes())
        .map_err(|_| format!("{field}: not a hexadecimal string"))
}

pub fn base64(text: &str, field: &str) -> Result<Vec<u8>, String> {
    let cleaned: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(cleaned.trim_end_matches('='))
        .or_else(|_| base64::engine::general_purpose::STANDARD.decode(&cleaned))
        .or_else(|_| {
            base64::engine::general_purpose::STANDARD_NO_PAD.decode(cleaned.trim_end_matches('='))
        })
        .map_err(|_| format!("{field}: not base64"))
}

pub fn secret_bytes(bytes: Vec<u8>) -> Result<Secret, String> {
    Secret::from_bytes(bytes).map_err(|e| e.to_string())
}

/// Java's `byte[]` as JSON: an array of numbers from -128 to 255.
pub fn signed_bytes(value: &Value, field: &str) -> Result<Vec<u8>, String> {
    let items = value
        .as_array()
        .ok_or_else(|| format!("{field}: not an array of bytes"))?;
    items
        .iter()
        .map(|item| {
            item.as_i64()
                .filter(|n| (-128..=255).contains(n))
                // Proven by the filter: the value fits a byte once wrapped.
                .map(|n| (n & 0xff) as u8)
                .ok_or_else(|| format!("{field}: '{item}' is not a byte"))
        })
        .collect()
}

/// A JSON number, or a string holding one (some apps store "6").
pub fn number(value: Option<&Value>) -> Option<u64> {
    match value? {
        Value::Number(n) => n.as_u64().or_else(|| {
            n.as_f64()
                .filter(|f| *f >= 0.0 && f.fract() == 0.0)
                .map(|f| f as u64)
        }),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A string field, or "" when absent or not a string.
pub fn text<'a>(value: &'a Value, key: &str) -> &'a str {
    value.get(key).and_then(Value::as_str).unwrap_or("")
}

/// "Issuer:name" split once; the issuer is `None` when there is no colon.
pub fn split_label(label: &str) -> (Option<&str>, &str) {
    match label.split_once(':') {
        Some((issuer, name)) => (Some(issuer.trim()), name.trim()),
        None => (None, label.trim()),
    }
}

/// How an entry is named in messages when it could not be converted.
pub fn describe(index: usize, issuer: &str, name: &str) -> String {
    if issuer.is_empty() && name.is_empty() {
        format!("entry {}", index + 1)
    } else {
        format!(
            "entry {} ({})",
            index + 1,
            crate::otp::display_label(issuer, name)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_field_errors() {
        let p = params(&Fields::default()).unwrap();
        assert_eq!(p, OtpParams::totp_default());
        let bad = Fields {
            digits: Some(4),
            ..Fields::default()
        };
        assert!(params(&bad).unwrap_err().starts_with("digits:"));
        let bad = Fields {
            kind: Some("motp"),
            ..Fields::default()
        };
        assert!(params(&bad).unwrap_err().starts_with("type:"));
        let steam = Fields {
            kind: Some("STEAM"),
            digits: Some(5),
            ..Fields::default()
        };
        assert_eq!(params(&steam).unwrap(), OtpParams::steam());
    }

    #[test]
    fn signed_bytes_wrap_like_java() {
        let v: Value = serde_json::json!([-1, 0, 127, -128]);
        assert_eq!(signed_bytes(&v, "secret").unwrap(), vec![255, 0, 127, 128]);
        assert!(signed_bytes(&serde_json::json!([300]), "secret").is_err());
    }
}
