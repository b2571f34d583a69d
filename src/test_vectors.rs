//! Where tests find the third-party test files (other apps' exports, sample photos, the QR
//! corpus): the folder named by `$OTP_DESK_VECTORS`, else `../shared` beside the checkout; it
//! holds `vectors/` and `qr-corpus/`. Vectors the project made itself (RFC values, URI cases,
//! reference codes) are in `tests/data/` and need none of this.
//!
//! One file for both kinds of test: the library's unit tests use it as `crate::test_vectors`,
//! and `tests/support` includes the same file with `#[path]`, so the rule is written once.
//! Depends on `std` only.

#![allow(dead_code)] // each test binary uses a different part

use std::path::PathBuf;

/// The folder of third-party files: `$OTP_DESK_VECTORS`, else `../shared`.
pub fn root() -> PathBuf {
    match std::env::var_os("OTP_DESK_VECTORS") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"),
    }
}

/// The file `path` (e.g. `"vectors/aegis/plain.txt"`) of the third-party set, or `None` when
/// the set is not there: then one line says so, and the caller returns (the test passes).
/// Under CI (`CI=true`) a missing set fails instead, so CI can never skip these silently. A set
/// that is there but lacks this file also fails: that is a broken copy, not an absent one.
pub fn third_party(path: &str) -> Option<PathBuf> {
    let root = root();
    let full = root.join(path);
    if full.exists() {
        return Some(full);
    }
    let top = path.split('/').next().unwrap_or(path);
    assert!(
        !root.join(top).is_dir(),
        "{} is missing from the third-party vectors at {}",
        full.display(),
        root.display()
    );
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "third-party vectors not found at {} (CI=true: they are required; set OTP_DESK_VECTORS)",
        root.display()
    );
    eprintln!(
        "skipped: third-party vectors not found at {} (set OTP_DESK_VECTORS, see README)",
        root.display()
    );
    None
}

/// A file of the project's own vectors in `tests/data/`, as text.
pub fn own(path: &str) -> String {
    let full = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}
