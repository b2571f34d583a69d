//! Code generation: HOTP (RFC 4226), TOTP (RFC 6238) and Steam Guard. Pure: the time is a
//! parameter and only the app reads the clock. The HMAC and truncation come from `totp-rs`;
//! 10-digit codes, which `totp-rs` does not produce, reuse its HMAC with the same truncation.

use totp_rs::{Algorithm as TotpAlgorithm, Builder};

use super::{Algorithm, OtpKind, OtpParams, Secret};

/// The code for `params` at `unix_secs` (TOTP, Steam) or at the stored counter (HOTP).
/// For a secret that is only codes, the table's code, or an empty string where the table
/// ends (see [`Secret::code_table`]).
pub fn code_at(params: &OtpParams, secret: &Secret, unix_secs: u64) -> String {
    if let Some(table) = secret.code_table() {
        return table.code_at(unix_secs).unwrap_or_default().to_owned();
    }
    match params.kind() {
        OtpKind::Totp { period_secs } => {
            generate(params, secret, u64::from(period_secs), unix_secs)
        }
        // HOTP is TOTP with a one-second step evaluated at "time" = counter.
        OtpKind::Hotp { counter } => generate(params, secret, 1, counter),
        OtpKind::Steam => {
            let totp = Builder::new_steam()
                .with_secret(secret.as_bytes().to_vec())
                .build_noncompliant();
            totp.generate(unix_secs).to_string()
        }
    }
}

/// Seconds until the current code of a time-based account changes (1..=period).
pub fn seconds_left(params: &OtpParams, unix_secs: u64) -> Option<u32> {
    let period = u64::from(params.kind().period_secs()?);
    // The remainder is < period, which fits u32.
    Some(u32::try_from(period - unix_secs % period).unwrap_or(u32::MAX))
}

/// Groups a code for reading aloud or typing: `123 456`, `1234 5678`, `12 345 678`; Steam as is.
pub fn group_for_reading(code: &str) -> String {
    let split_at = match code.len() {
        6 => 3,
        7 => 3, // 123 4567
        8 => 4,
        9 => 3, // handled below as three groups
        10 => 5,
        _ => return code.to_owned(),
    };
    if code.len() == 9 {
        return format!("{} {} {}", &code[..3], &code[3..6], &code[6..]);
    }
    format!("{} {}", &code[..split_at], &code[split_at..])
}

fn generate(params: &OtpParams, secret: &Secret, step_secs: u64, at: u64) -> String {
    let digits = params.digits().get();
    let totp = Builder::new()
        .with_algorithm(totp_algorithm(params.algorithm()))
        .with_digits(digits.min(9))
        .with_step_duration(step_secs)
        .with_secret(secret.as_bytes().to_vec())
        .build_noncompliant();
    if digits <= 9 {
        return totp.generate(at).to_string();
    }
    let value = dynamic_truncation(totp.sign(at).as_ref());
    format!(
        "{:0width$}",
        u64::from(value) % 10u64.pow(u32::from(digits)),
        width = usize::from(digits)
    )
}

/// RFC 4226 §5.3: the 31-bit value at the offset named by the last nibble.
fn dynamic_truncation(hmac: &[u8]) -> u32 {
    let offset = usize::from(hmac.last().copied().unwrap_or(0) & 0x0f);
    let bytes: [u8; 4] = hmac
        .get(offset..offset + 4)
        .and_then(|s| s.try_into().ok())
        // SHA1/256/512 digests are >= 20 bytes, so offset + 4 <= 19 is always in range.
        .unwrap_or([0; 4]);
    u32::from_be_bytes(bytes) & 0x7fff_ffff
}

fn totp_algorithm(algorithm: Algorithm) -> TotpAlgorithm {
    match algorithm {
        Algorithm::Sha1 => TotpAlgorithm::SHA1,
        Algorithm::Sha256 => TotpAlgorithm::SHA256,
        Algorithm::Sha512 => TotpAlgorithm::SHA512,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::otp::Digits;
    use serde_json::Value;

    /// The project's own vectors (RFC tables, reference codes), in tests/data.
    fn own(path: &str) -> Value {
        serde_json::from_str(&crate::test_vectors::own(path)).unwrap()
    }

    fn params(kind: OtpKind, algo: &str, digits: u64) -> OtpParams {
        if kind == OtpKind::Steam {
            return OtpParams::steam();
        }
        let digits = Digits::new(u8::try_from(digits).unwrap()).unwrap();
        OtpParams::new(kind, algo.parse().unwrap(), digits).unwrap()
    }

    #[test]
    fn rfc4226_appendix_d() {
        let v = own("rfc/rfc_vectors.json");
        let secret = Secret::parse_base32(v["hotp"]["secret_base32"].as_str().unwrap()).unwrap();
        let cases = v["hotp"]["vectors"].as_array().unwrap();
        assert_eq!(cases.len(), 10);
        for case in cases {
            let counter = case["counter"].as_u64().unwrap();
            let p = params(OtpKind::Hotp { counter }, "SHA1", 6);
            assert_eq!(
                code_at(&p, &secret, 0),
                case["hotp_6"].as_str().unwrap(),
                "counter {counter}"
            );
            let truncated = u32::try_from(case["truncated_dec"].as_u64().unwrap()).unwrap();
            let hmac = hex(case["hmac_sha1_hex"].as_str().unwrap());
            assert_eq!(dynamic_truncation(&hmac), truncated);
        }
    }

    #[test]
    fn rfc6238_appendix_b() {
        let v = own("rfc/rfc_vectors.json");
        let totp = &v["totp"];
        let mut checked = 0;
        for case in totp["vectors"].as_array().unwrap() {
            let algo = case["algorithm"].as_str().unwrap();
            let seed = &totp["seeds"][algo]["base32"];
            let secret = Secret::parse_base32(seed.as_str().unwrap()).unwrap();
            let p = params(OtpKind::Totp { period_secs: 30 }, algo, 8);
            let at = case["unix_time"].as_u64().unwrap();
            assert_eq!(
                code_at(&p, &secret, at),
                case["totp"].as_str().unwrap(),
                "{algo} at {at}"
            );
            checked += 1;
        }
        assert_eq!(checked, 18);
    }

    #[test]
    fn otpauth_cases_codes() {
        let v = own("otpauth/cases.json");
        let mut checked = 0;
        for case in v["cases"].as_array().unwrap() {
            let Some(codes) = case["codes"].as_array() else {
                continue;
            };
            let e = &case["expected"];
            let secret = Secret::parse_base32(e["secret"].as_str().unwrap()).unwrap();
            for c in codes {
                let kind = match e["type"].as_str().unwrap() {
                    "steam" => OtpKind::Steam,
                    "hotp" => OtpKind::Hotp {
                        counter: c["counter"].as_u64().unwrap(),
                    },
                    _ => OtpKind::Totp {
                        period_secs: u32::try_from(e["period"].as_u64().unwrap()).unwrap(),
                    },
                };
                let p = params(
                    kind,
                    e["algo"].as_str().unwrap(),
                    e["digits"].as_u64().unwrap(),
                );
                let at = c["unix_time"].as_u64().unwrap_or(0);
                assert_eq!(
                    code_at(&p, &secret, at),
                    c["code"].as_str().unwrap(),
                    "{}",
                    case["id"]
                );
                checked += 1;
            }
        }
        assert!(checked >= 20, "only {checked} codes checked");
    }

    #[test]
    fn aegis_reference_codes() {
        let v = own("aegis/reference_codes.json");
        let cases = v["codes"].as_array().unwrap();
        for c in cases {
            let secret = Secret::parse_base32(c["secret"].as_str().unwrap()).unwrap();
            let kind = match c["type"].as_str().unwrap() {
                "steam" => OtpKind::Steam,
                "hotp" => OtpKind::Hotp {
                    counter: c["counter"].as_u64().unwrap(),
                },
                _ => OtpKind::Totp {
                    period_secs: u32::try_from(c["period"].as_u64().unwrap()).unwrap(),
                },
            };
            let p = params(
                kind,
                c["algo"].as_str().unwrap(),
                c["digits"].as_u64().unwrap(),
            );
            let at = c["unix_time"].as_u64().unwrap_or(0);
            assert_eq!(
                code_at(&p, &secret, at),
                c["code"].as_str().unwrap(),
                "{}",
                c["id"]
            );
        }
        assert!(cases.len() >= 30);
    }

    #[test]
    fn countdown_and_grouping() {
        let p = OtpParams::totp_default();
        assert_eq!(seconds_left(&p, 0), Some(30));
        assert_eq!(seconds_left(&p, 59), Some(1));
        assert_eq!(seconds_left(&p.with_counter(1), 1), Some(29));
        let hotp =
            OtpParams::new(OtpKind::Hotp { counter: 0 }, Algorithm::Sha1, Digits::SIX).unwrap();
        assert_eq!(seconds_left(&hotp, 10), None);
        assert_eq!(group_for_reading("123456"), "123 456");
        assert_eq!(group_for_reading("12345678"), "1234 5678");
        assert_eq!(group_for_reading("0340892126"), "03408 92126");
        assert_eq!(group_for_reading("FR8RV"), "FR8RV");
    }

    fn hex(text: &str) -> Vec<u8> {
        (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
            .collect()
    }
}
