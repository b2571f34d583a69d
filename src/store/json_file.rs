//! Small JSON files that belong to the user (the window's settings): read leniently — a missing,
//! partial or damaged file gives the defaults and says so in the log — and written atomically and
//! privately through [`super::private_file`]. Knows nothing of what the values mean.

use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::private_file::{ensure_private_dir, write_private};

/// The file's value, or `T::default()` when it is missing or unreadable.
pub fn read_or_default<T: DeserializeOwned + Default>(path: &Path) -> T {
    match std::fs::read_to_string(path) {
        Ok(text) => serde_json::from_str(&text).unwrap_or_else(|e| {
            tracing::warn!(path = %path.display(), error = %e, "file unreadable; using defaults");
            T::default()
        }),
        Err(_) => T::default(),
    }
}

/// Pretty JSON with a final newline, the way a person would keep it.
pub fn to_bytes<T: Serialize>(value: &T) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// Replaces `path` with `bytes` (its folder is created private first).
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        ensure_private_dir(dir)?;
    }
    write_private(path, bytes)
}
