//! The copy log's file: which account's code was copied and when — never the code. JSON lines
//! in the data folder, private (0600) from creation, rotated at [`MAX_FILE_BYTES`] into one
//! older file, newest first when read. Knows nothing of the window that shows it.

use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::private_file::{append_private, rename_replacing};

pub const FILE_NAME: &str = "copy-log.jsonl";
pub const OLDER_FILE_NAME: &str = "copy-log.1.jsonl";
pub const MAX_FILE_BYTES: u64 = 256 * 1024;
/// How many lines [`read`] returns at most.
pub const SHOWN_LINES: usize = 1000;

/// One copy: when, which account (its label and id). Never the code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CopyLine {
    pub unix_secs: u64,
    pub account: String,
    pub id: String,
}

/// Appends one line, rotating first when the file is full.
pub fn append(dir: &Path, line: &CopyLine) -> std::io::Result<()> {
    let path = dir.join(FILE_NAME);
    if fs::metadata(&path).is_ok_and(|m| m.len() >= MAX_FILE_BYTES) {
        rename_replacing(&path, &dir.join(OLDER_FILE_NAME))?;
    }
    let mut text = serde_json::to_string(line).map_err(std::io::Error::other)?;
    text.push('\n');
    append_private(&path, text.as_bytes())
}

/// The newest [`SHOWN_LINES`] lines, newest first; unreadable lines are skipped.
pub fn read(dir: &Path) -> Vec<CopyLine> {
    let mut lines: Vec<CopyLine> = [OLDER_FILE_NAME, FILE_NAME]
        .iter()
        .filter_map(|name| fs::read_to_string(dir.join(name)).ok())
        .flat_map(|text| {
            text.lines()
                .filter_map(|l| serde_json::from_str(l).ok())
                .collect::<Vec<_>>()
        })
        .collect();
    lines.reverse();
    lines.truncate(SHOWN_LINES);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_rotates_into_one_older_file() {
        let dir = tempfile::tempdir().unwrap();
        let line = |i: u64| CopyLine {
            unix_secs: i,
            account: format!("Shop {i} (someone@example.com)"),
            id: "0123456789abcdef0123456789abcdef".into(),
        };
        for i in 0..7000 {
            append(dir.path(), &line(i)).unwrap();
        }
        let files: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(files.len(), 2);
        for name in [FILE_NAME, OLDER_FILE_NAME] {
            let len = fs::metadata(dir.path().join(name)).unwrap().len();
            assert!(len <= MAX_FILE_BYTES + 200, "{name}: {len}");
        }
        let shown = read(dir.path());
        assert_eq!(shown.len(), SHOWN_LINES);
        assert_eq!(shown[0], line(6999), "newest first");
    }
}
