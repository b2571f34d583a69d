//! The one place an export touches the disk, for the command line and the window alike: the
//! bytes go where the user chose through [`crate::store::private_file::write_private`], so the
//! file is the owner's only from its first byte (0600 on Unix; the plain formats hold every
//! secret), replaces an older export whole or not at all, and never inherits an older file's
//! looser permissions. Knows nothing of formats.

use std::path::{Path, PathBuf};

use crate::store::private_file;

/// Why an export could not be written; one sentence naming the file.
#[derive(Debug, thiserror::Error)]
#[error("Could not write {}: {source}.", path.display())]
pub struct WriteError {
    pub path: PathBuf,
    pub source: std::io::Error,
}

/// Writes (or replaces) the export at `path`.
pub fn write_export(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    private_file::write_private(path, bytes).map_err(|source| WriteError {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_export_replaces_an_older_file_and_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("backup.json");
        std::fs::write(&path, "an older, longer export").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        }
        write_export(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn a_folder_that_does_not_exist_is_named_in_one_sentence() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing").join("backup.json");
        let message = write_export(&path, b"x").unwrap_err().to_string();
        assert!(message.starts_with("Could not write "), "{message}");
        assert!(message.contains("backup.json"), "{message}");
        assert!(message.ends_with('.'), "{message}");
    }
}
