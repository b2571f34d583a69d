//! Property tests: any entry OTP Desk can hold is written as a URI that reads back identically,
//! and the parser never panics on arbitrary text.

use otp_desk::otp::{Algorithm, Digits, Entry, OtpKind, OtpParams, Secret};
use otp_desk::uri;
use proptest::prelude::*;

/// Issuers and names as people type them: any text, including the URI's own delimiters and
/// CJK, but without leading or trailing whitespace (the parser trims it, by design).
fn label_text() -> impl Strategy<Value = String> {
    prop::string::string_regex("[a-zA-Z0-9 :@%&=?#+/.,_~!亚马逊店铺-]{0,24}")
        .unwrap()
        .prop_map(|s| s.trim().to_owned())
}

fn params() -> impl Strategy<Value = OtpParams> {
    let algorithm = prop::sample::select(Algorithm::ALL.to_vec());
    let digits = (6u8..=10).prop_map(|d| Digits::new(d).unwrap());
    prop_oneof![
        (1u32..=100_000, algorithm.clone(), digits.clone()).prop_map(|(p, a, d)| OtpParams::new(
            OtpKind::Totp { period_secs: p },
            a,
            d
        )
        .unwrap()),
        (any::<u64>(), algorithm, digits).prop_map(|(c, a, d)| OtpParams::new(
            OtpKind::Hotp { counter: c },
            a,
            d
        )
        .unwrap()),
        Just(OtpParams::steam()),
    ]
}

fn entry() -> impl Strategy<Value = Entry> {
    (
        label_text(),
        label_text(),
        params(),
        prop::collection::vec(any::<u8>(), 1..64),
    )
        .prop_map(|(issuer, name, params, key)| Entry {
            issuer,
            name,
            params,
            secret: Secret::from_bytes(key).unwrap(),
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn write_then_read_gives_the_same_entry(e in entry()) {
        let written = uri::to_uri(&e);
        let read = uri::parse(&written);
        prop_assert!(read.is_ok(), "{} -> {:?}", written, read);
        prop_assert_eq!(read.unwrap(), e, "{}", written);
    }

    #[test]
    fn the_parser_never_panics(text in "otpauth://[a-z]{0,6}/[^?]{0,20}\\?[a-z=&%0-9A-Z:]{0,60}") {
        let _ = uri::parse(&text);
    }
}
