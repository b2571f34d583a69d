//! QR decoding against the third-party corpus (`qr-corpus/`, `vectors/` of `$OTP_DESK_VECTORS`
//! or ../shared); each test passes, saying so in one line, when the corpus is absent.
//!
//! Ground truth: a folder's `manifest.jsonl` (`file`, `codes`) wins; otherwise
//! `<image-basename>.txt` holds exactly one expected text. Texts compare as multisets.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use otp_desk::qr;

/// Codes read in ../shared/qr-corpus/zxing (183 expected; zxing-cpp 3.1.1 reads 169).
const ZXING_FLOOR: usize = 174;
/// Codes read in ../shared/qr-corpus/zxing-cpp-extras (18 expected; zxing-cpp reads 18).
const ZXING_CPP_EXTRAS_FLOOR: usize = 18;

#[path = "../src/test_vectors.rs"]
mod test_vectors;

/// `qr-corpus/<dir>` or `vectors/<dir>` of the third-party set, or `None` when it is absent.
fn shared(dir: &str) -> Option<PathBuf> {
    test_vectors::third_party(dir)
}

struct Case {
    image: PathBuf,
    expected: Vec<String>,
}

fn cases(dir: &Path) -> Vec<Case> {
    let mut out = Vec::new();
    collect(dir, &mut out);
    assert!(!out.is_empty(), "no cases under {}", dir.display());
    out
}

fn collect(dir: &Path, out: &mut Vec<Case>) {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("corpus folder")
        .map(|e| e.expect("entry").path())
        .collect();
    paths.sort();
    let manifest = manifest(&dir.join("manifest.jsonl"));
    for path in paths {
        if path.is_dir() {
            collect(&path, out);
            continue;
        }
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default()
            .to_ascii_lowercase();
        if !["png", "jpg", "jpeg", "gif", "bmp", "webp"].contains(&ext.as_str()) {
            continue;
        }
        let name = path
            .file_name()
            .expect("file name")
            .to_string_lossy()
            .into_owned();
        let expected = match &manifest {
            Some(m) => m.get(&name).cloned(),
            None => std::fs::read(path.with_extension("txt"))
                .ok()
                .map(|b| vec![String::from_utf8(b).expect("UTF-8 truth")]),
        };
        if let Some(expected) = expected {
            out.push(Case {
                image: path,
                expected,
            });
        }
    }
}

fn manifest(path: &Path) -> Option<HashMap<String, Vec<String>>> {
    let text = std::fs::read_to_string(path).ok()?;
    let rows = text.lines().filter(|l| !l.trim().is_empty()).map(|line| {
        let v: serde_json::Value = serde_json::from_str(line).expect("manifest line is JSON");
        let codes = v["codes"]
            .as_array()
            .expect("codes list")
            .iter()
            .map(|c| c.as_str().expect("text").to_owned())
            .collect();
        (v["file"].as_str().expect("file").to_owned(), codes)
    });
    Some(rows.collect())
}

/// (codes read exactly, texts that match nothing expected), as multisets.
fn compare(expected: &[String], got: &[String]) -> (usize, usize) {
    let mut left: HashMap<&str, usize> = HashMap::new();
    for e in expected {
        *left.entry(e).or_default() += 1;
    }
    let mut found = 0;
    for g in got {
        if let Some(n) = left.get_mut(g.as_str()).filter(|n| **n > 0) {
            *n -= 1;
            found += 1;
        }
    }
    (found, got.len() - found)
}

/// Decodes every case; returns (codes read, misread texts listed per file).
fn run(dir: &Path) -> (usize, Vec<String>) {
    let (mut found, mut misreads) = (0, Vec::new());
    for case in cases(dir) {
        let got = qr::decode_file(&case.image)
            .unwrap_or_else(|e| panic!("{}: {e}", case.image.display()));
        let (ok, bad) = compare(&case.expected, &got);
        found += ok;
        if bad > 0 {
            misreads.push(format!("{}: {got:?}", case.image.display()));
        }
    }
    (found, misreads)
}

#[test]
fn every_screenshot_decodes_to_exactly_its_codes() {
    let Some(screens) = shared("qr-corpus/screens") else {
        return;
    };
    let mut failures = Vec::new();
    for case in cases(&screens) {
        let got = qr::decode_file(&case.image)
            .unwrap_or_else(|e| panic!("{}: {e}", case.image.display()));
        let (found, misreads) = compare(&case.expected, &got);
        if found != case.expected.len() || misreads > 0 {
            failures.push(format!("{}: got {got:?}", case.image.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} screenshots wrong:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn zxing_blackbox_no_misreads_and_floor() {
    let Some(dir) = shared("qr-corpus/zxing") else {
        return;
    };
    let (found, misreads) = run(&dir);
    assert!(misreads.is_empty(), "misreads:\n{}", misreads.join("\n"));
    assert!(
        found >= ZXING_FLOOR,
        "read {found} codes, floor is {ZXING_FLOOR}"
    );
}

#[test]
fn zxing_cpp_extras_no_misreads_and_floor() {
    let Some(dir) = shared("qr-corpus/zxing-cpp-extras") else {
        return;
    };
    let (found, misreads) = run(&dir);
    assert!(misreads.is_empty(), "misreads:\n{}", misreads.join("\n"));
    assert!(
        found >= ZXING_CPP_EXTRAS_FLOOR,
        "read {found} codes, floor is {ZXING_CPP_EXTRAS_FLOOR}"
    );
}

#[test]
fn google_migration_export_screenshot_matches_cases_json() {
    let Some(dir) = shared("vectors/google-migration") else {
        return;
    };
    let cases: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("cases.json")).expect("cases.json"))
            .expect("JSON");
    let case = cases["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .find(|c| c["id"] == "scito-example-export-png")
        .expect("case");
    let expected = case["input"]["decoded_qr_text"]
        .as_str()
        .expect("decoded_qr_text");
    let file = case["input"]["file"].as_str().expect("file");
    assert_eq!(
        qr::decode_file(&dir.join(file)).expect("decodes"),
        vec![expected.to_owned()]
    );
}

#[test]
fn multi_code_page_reads_left_to_right() {
    // Both pages show an app-store link on the left and the otpauth code on the right.
    let Some(screens) = shared("qr-corpus/screens") else {
        return;
    };
    for name in ["scr106_multi.png", "scr109_multi.png"] {
        let got = qr::decode_file(&screens.join(name)).expect("decodes");
        assert_eq!(got.len(), 2, "{name}: {got:?}");
        assert!(got[0].starts_with("https://"), "{name}: {got:?}");
        assert!(got[1].starts_with("otpauth://"), "{name}: {got:?}");
    }
}
