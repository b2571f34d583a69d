//! Damaged input never panics an importer: every truncation and single-bit flips of every
//! third-party vector (`$OTP_DESK_VECTORS` or ../shared; skipped when absent) give an error or a report (nothing is wrapped in `catch_unwind`: a panic fails the test).
//! Cheap files get every truncation length and a flip of every byte; big or password-derived
//! files get every length *without* the password (parsing stages) plus an even sample with it
//! (decrypt and convert stages), so the whole run stays within a few seconds per file.

use std::path::PathBuf;

use otp_desk::import::{self, ImportError};
use serde_json::Value;

#[path = "../src/test_vectors.rs"]
mod test_vectors;

fn vectors() -> Option<PathBuf> {
    test_vectors::third_party("vectors/aegis")
}

/// Every index when `len <= limit`, else `limit` evenly spread ones plus both ends.
fn positions(len: usize, limit: usize) -> Vec<usize> {
    if len <= limit {
        return (0..len).collect();
    }
    let mut out: Vec<usize> = (0..limit).map(|i| i * len / limit).collect();
    out.extend((0..16.min(len)).chain(len.saturating_sub(16)..len));
    out.sort_unstable();
    out.dedup();
    out
}

/// Runs one import; returns whether it was a whole-file error.
fn survive(bytes: &[u8], password: Option<&str>) -> bool {
    match import::import_bytes(bytes, "fuzz", password) {
        Ok(report) => {
            // A report is fine; every entry in it must be whole.
            for found in &report.found {
                assert!(!found.entry.secret.as_bytes().is_empty());
            }
            false
        }
        Err(_) => true,
    }
}

struct Plan {
    name: String,
    bytes: Vec<u8>,
    password: Option<String>,
}

/// Every third-party file with its password; `None` when they are absent (the test passes).
fn plans() -> Option<Vec<Plan>> {
    let vectors = vectors()?;
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(vectors.join("expected.json")).unwrap())
            .unwrap();
    let plans = expected["files"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, spec)| Plan {
            name: name.clone(),
            bytes: std::fs::read(vectors.join(name)).unwrap(),
            password: spec["password"].as_str().map(str::to_owned),
        })
        .collect();
    Some(plans)
}

/// Key derivation makes each decrypting run cost tens of milliseconds.
const SAMPLE_WITH_PASSWORD: usize = 40;
/// SQLite files are 24–40 KiB; a sample of lengths covers every page boundary area.
const SAMPLE_LARGE: usize = 1500;

#[test]
fn every_truncation_gives_an_error_or_a_report() {
    let Some(plans) = plans() else { return };
    let mut runs = 0;
    for plan in plans {
        let len = plan.bytes.len();
        for cut in positions(len, SAMPLE_LARGE) {
            survive(&plan.bytes[..cut], None);
            runs += 1;
        }
        if let Some(password) = &plan.password {
            for cut in positions(len, SAMPLE_WITH_PASSWORD) {
                let whole_file_error = survive(&plan.bytes[..cut], Some(password));
                assert!(
                    whole_file_error || cut > len / 2,
                    "{}: truncated to {cut} still opened",
                    plan.name
                );
                runs += 1;
            }
        }
    }
    eprintln!("{runs} truncated imports");
    assert!(runs > 10_000);
}

#[test]
fn single_bit_flips_give_an_error_or_a_report() {
    let Some(plans) = plans() else { return };
    let mut runs = 0;
    for plan in plans {
        let len = plan.bytes.len();
        for at in positions(len, SAMPLE_LARGE) {
            let mut bytes = plan.bytes.clone();
            bytes[at] ^= 1 << (at % 8);
            survive(&bytes, None);
            runs += 1;
        }
        if let Some(password) = &plan.password {
            for at in positions(len, SAMPLE_WITH_PASSWORD) {
                let mut bytes = plan.bytes.clone();
                bytes[at] ^= 1 << (at % 8);
                survive(&bytes, Some(password));
                runs += 1;
            }
        }
    }
    eprintln!("{runs} bit-flipped imports");
    assert!(runs > 10_000);
}

#[test]
fn a_flipped_ciphertext_byte_is_reported_not_imported() {
    // The last bytes of andOTP's file are the GCM tag: changing one must never yield accounts.
    let Some(plans) = plans() else { return };
    let plan = plans
        .into_iter()
        .find(|p| p.name == "andotp_encrypted.bin")
        .unwrap();
    let mut bytes = plan.bytes.clone();
    let last = bytes.len() - 1;
    bytes[last] ^= 0x80;
    let error = import::import_bytes(&bytes, "andotp", plan.password.as_deref()).unwrap_err();
    assert!(
        matches!(error, ImportError::WrongPassword { .. }),
        "{error}"
    );
}

#[test]
fn garbage_is_unrecognised_or_reported() {
    for bytes in [
        &b""[..],
        b"\0",
        b"{",
        b"[",
        b"<",
        b"<map>",
        b"SQLite format 3\0",
        b"\xac\xed\x00\x05",
        b"\x89PNG\r\n\x1a\n",
        b"otpauth://",
    ] {
        survive(bytes, None);
        survive(bytes, Some("pw"));
    }
    assert!(matches!(
        import::import_bytes(b"hello", "x", None),
        Err(ImportError::Unrecognised)
    ));
}
