//! Every case in tests/data/otpauth/cases.json: `accept` cases give exactly the expected
//! fields, `reject` cases fail with a message naming a field, `either` cases follow the choice
//! documented at the top of src/uri.rs (listed in `EITHER_CHOICES`).

use otp_desk::otp::{Entry, OtpKind};
use otp_desk::uri;
use serde_json::{Value, json};

#[path = "../src/test_vectors.rs"]
mod test_vectors;

fn cases() -> Vec<Value> {
    let v: Value = serde_json::from_str(&test_vectors::own("otpauth/cases.json")).unwrap();
    v["cases"].as_array().unwrap().clone()
}

fn as_json(e: &Entry) -> Value {
    let mut v = json!({
        "type": e.params.kind().name(),
        "issuer": e.issuer,
        "name": e.name,
        "secret": e.secret.to_base32(),
        "algo": e.params.algorithm().as_str(),
        "digits": e.params.digits().get(),
    });
    match e.params.kind() {
        OtpKind::Hotp { counter } => v["counter"] = json!(counter),
        kind => v["period"] = json!(kind.period_secs()),
    }
    v
}

/// The expected secret as key bytes: some vectors end in a character whose unused low bits are
/// not zero ("…BBBBBBB"), which decodes to the same key as the canonical "…BBBBBBA".
fn canonical(mut expected: Value) -> Value {
    let text = expected["secret"].as_str().unwrap();
    let key = otp_desk::otp::Secret::parse_base32(text).unwrap();
    expected["secret"] = json!(key.to_base32());
    expected
}

/// For each `either` case: "expected" (accept as the case expects) or "alternative".
const EITHER_CHOICES: &[(&str, &str)] = &[
    ("wiki-hotp-missing-counter-rule", "alternative"), // accept, counter 0
    ("pyotp-40bit-no-label-dup-param", "expected"),    // short keys accepted
    ("pyotp-hotp-no-counter", "expected"),             // counter 0
    ("pyotp-dup-algorithm-last-wins-sha256", "expected"), // last duplicate wins
    ("pyotp-dup-algorithm-last-wins-sha512", "expected"),
    ("pyotp-encoded-colon-inside-issuer", "expected"), // a literal ':' splits first
    ("pyotp-encoded-colon-no-issuer", "alternative"),  // otherwise %3A splits
    ("totprs-issuer-case-conflict", "alternative"),    // the issuer parameter wins
    ("totprs-issuer-conflict", "alternative"),
    ("ente-raw-spaces-and-hash", "expected"), // '#' and spaces taken literally
    ("kpxc-period-90000", "expected"),        // any period from 1 s
    ("kpxc-steam-encoder-issuer-conflict", "expected"), // the issuer parameter wins
    ("kpxc-digits-3", "alternative"),         // fewer than 6 digits refused
    ("passwordfile-sha512-d10", "expected"),  // up to 10 digits
    ("aegis-tiny-secret-algo-typo", "expected"), // unknown parameters ignored
    ("aegis-bitwarden-steam-scheme", "expected"), // steam://KEY understood
    ("collector-secret-with-spaces", "expected"), // spaces removed from keys
];

#[test]
fn every_case_behaves_as_chosen() {
    let mut counts = [0usize; 3];
    for case in cases() {
        let id = case["id"].as_str().unwrap();
        let uri_text = case["uri"].as_str().unwrap();
        let parsed = uri::parse(uri_text);
        let expect = case["expect"].as_str().unwrap();
        let (want_accept, expected) = match expect {
            "accept" => (true, case["expected"].clone()),
            "reject" => (false, Value::Null),
            "either" => {
                let choice = EITHER_CHOICES
                    .iter()
                    .find(|(c, _)| *c == id)
                    .map(|(_, w)| *w);
                match choice.unwrap_or_else(|| panic!("no documented choice for {id}")) {
                    "expected" => (true, case["expected"].clone()),
                    _ => {
                        let alt = &case["alternative"]["expected"];
                        (!alt.is_null(), alt.clone())
                    }
                }
            }
            other => panic!("unknown expect {other}"),
        };
        if want_accept {
            let entry = parsed.unwrap_or_else(|e| panic!("{id}: refused: {e}"));
            assert_eq!(as_json(&entry), canonical(expected), "{id}");
        } else {
            let err = parsed.expect_err(id).to_string();
            let field = err.split(':').next().unwrap();
            assert!(
                [
                    "scheme",
                    "secret",
                    "type",
                    "digits",
                    "algorithm",
                    "period",
                    "counter"
                ]
                .contains(&field),
                "{id}: message does not name a field: {err}"
            );
        }
        counts[["accept", "reject", "either"]
            .iter()
            .position(|e| *e == expect)
            .unwrap()] += 1;
    }
    assert_eq!(counts, [37, 15, 17], "accept / reject / either cases seen");
}

#[test]
fn every_accepted_uri_round_trips_through_the_writer() {
    for case in cases() {
        let Ok(entry) = uri::parse(case["uri"].as_str().unwrap()) else {
            continue;
        };
        let written = uri::to_uri(&entry);
        let again = uri::parse(&written).unwrap_or_else(|e| panic!("{written}: {e}"));
        assert_eq!(again, entry, "{}", case["id"]);
    }
}
