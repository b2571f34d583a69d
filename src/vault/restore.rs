//! Nothing lost when the accounts file is damaged: the last backup is put back and the damaged
//! file is moved aside as `accounts.json.damaged-<time>`, never deleted or overwritten.

use std::fs;
use std::path::{Path, PathBuf};

use crate::store::metadata;
use crate::store::private_file::{rename_replacing, write_private};

#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    #[error("There is no backup {0} to restore.")]
    NoBackup(PathBuf),
    #[error("Moving the damaged file aside as {path} failed: {source}.")]
    MoveAside {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("Copying the backup into place failed: {0}.")]
    Copy(std::io::Error),
}

/// Puts `accounts.json.bak` back in `dir`; returns where the damaged file went. Works on a
/// folder whose vault could not open, so it is a function of the folder, not of a `Vault`.
pub fn restore_backup(dir: &Path, now_unix_secs: u64) -> Result<PathBuf, RestoreError> {
    let path = dir.join(metadata::FILE_NAME);
    let backup = metadata::backup_path(&path);
    if !backup.is_file() {
        return Err(RestoreError::NoBackup(backup));
    }
    let mut aside = dir.join(format!("{}.damaged-{now_unix_secs}", metadata::FILE_NAME));
    let mut n = 1;
    while aside.exists() {
        aside = dir.join(format!(
            "{}.damaged-{now_unix_secs}-{n}",
            metadata::FILE_NAME
        ));
        n += 1;
    }
    if path.exists() {
        rename_replacing(&path, &aside).map_err(|source| RestoreError::MoveAside {
            path: aside.clone(),
            source,
        })?;
    }
    let bytes = fs::read(&backup).map_err(RestoreError::Copy)?;
    write_private(&path, &bytes).map_err(RestoreError::Copy)?;
    Ok(aside)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restoring_keeps_the_damaged_file_aside() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(metadata::FILE_NAME);
        assert!(matches!(
            restore_backup(dir.path(), 5),
            Err(RestoreError::NoBackup(_))
        ));
        fs::write(&path, "{damaged").unwrap();
        fs::write(metadata::backup_path(&path), "good").unwrap();
        let aside = restore_backup(dir.path(), 5).unwrap();
        assert_eq!(fs::read_to_string(&aside).unwrap(), "{damaged");
        assert_eq!(fs::read_to_string(&path).unwrap(), "good");
        assert!(metadata::backup_path(&path).is_file(), "the backup stays");
        let again = restore_backup(dir.path(), 5).unwrap();
        assert_ne!(again, aside, "an earlier damaged file is never overwritten");
    }
}
