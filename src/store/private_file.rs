//! The one way OTP Desk writes its own files (accounts, backups, settings, copy log, lock and
//! port files, exports): private from the moment they exist, replaced atomically, durable, and
//! right for Windows as well as Unix. Depends on `std` only (and the store's random names); knows nothing of
//! what the bytes mean.
//!
//! The rules it keeps:
//! - **Unix**: folders are created 0700 and files 0600 at creation (`open(2)` with the mode, never
//!   a `chmod` afterwards), so no other user can read a file even for an instant. An older file
//!   or folder that is group- or world-readable is tightened when OTP Desk next writes it.
//! - **Windows**: the data lives in the per-user `%APPDATA%`, whose inherited ACL admits only the
//!   user, SYSTEM and Administrators; nothing here changes ACLs.
//! - **Atomic replace**: bytes go to a fresh temp file beside the target (`create_new`, a random
//!   name), are flushed through that *writable* handle (`FlushFileBuffers` refuses read-only
//!   handles on Windows; on macOS `sync_all` is `F_FULLFSYNC`), and the temp file is renamed
//!   over the target. The folder is synced afterwards where folders can be opened (Unix).
//! - **Sharing violations** (Windows: a virus scanner, indexer or sync tool holding the target
//!   open without delete sharing) are retried for about a second, then reported in one sentence.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Waits between attempts to rename over a file another program holds open (Windows); about
/// 0.8 s in all, long enough for a scanner to let go and short enough not to feel stuck.
const RENAME_BACKOFF: [Duration; 6] = [
    Duration::from_millis(10),
    Duration::from_millis(25),
    Duration::from_millis(50),
    Duration::from_millis(100),
    Duration::from_millis(200),
    Duration::from_millis(400),
];

/// Replaces `path` with `bytes` atomically: a reader sees the old file or the new one, never a
/// part, and a crash leaves one of the two. The new file is 0600 on Unix. The parent folder
/// must exist (see [`ensure_private_dir`]).
pub fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let (tmp, mut file) = create_temp_beside(path)?;
    let written = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .and_then(|()| {
            drop(file);
            rename_replacing(&tmp, path)
        });
    if let Err(error) = written {
        let _ = fs::remove_file(&tmp);
        return Err(error);
    }
    sync_dir(path);
    Ok(())
}

/// Appends `bytes` to `path` (created 0600 if missing) and flushes them, for append-only logs.
pub fn append_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut options = OpenOptions::new();
    options.append(true).create(true);
    let mut file = private_options(&mut options).open(path)?;
    tighten(&file)?;
    file.write_all(bytes)?;
    file.sync_data()
}

/// Opens `path` for reading and writing without truncating it, creating it 0600 if missing:
/// for lock files (`File::lock`) and files updated in place.
pub fn open_private(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    let file = private_options(&mut options).open(path)?;
    tighten(&file)?;
    Ok(file)
}

/// Creates `dir` and its missing parents (each new one 0700 on Unix) and tightens `dir` itself
/// to 0700 if an older version left it readable by others. A shared folder with the sticky bit
/// (such as `/tmp`) is never changed.
pub fn ensure_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)?;
    tighten_dir(dir)
}

#[cfg(unix)]
fn tighten_dir(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = fs::metadata(dir)?.permissions().mode();
    if mode & 0o077 != 0 && mode & 0o1000 == 0 {
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn tighten_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

/// Renames `from` over `to`, retrying while Windows reports that another program holds `to`
/// (or `from`) open; the error after the last try says so in one sentence.
pub fn rename_replacing(from: &Path, to: &Path) -> io::Result<()> {
    let mut waits = RENAME_BACKOFF.iter();
    loop {
        match fs::rename(from, to) {
            Ok(()) => return Ok(()),
            Err(error) if is_sharing_violation(&error) => match waits.next() {
                Some(wait) => std::thread::sleep(*wait),
                None => return Err(in_use(&error)),
            },
            Err(error) => return Err(error),
        }
    }
}

fn private_options(options: &mut OpenOptions) -> &mut OpenOptions {
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(options, 0o600);
    options
}

/// A file created by an older version (or another program) with group/other access is made
/// private before OTP Desk writes to it.
#[cfg(unix)]
fn tighten(file: &File) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    if file.metadata()?.permissions().mode() & 0o077 != 0 {
        file.set_permissions(fs::Permissions::from_mode(0o600))?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn tighten(_file: &File) -> io::Result<()> {
    Ok(())
}

/// A new, empty temp file `.<name>.<random>.tmp` beside `path`, opened for writing. `create_new`
/// guarantees it is ours: never an older file, never a link planted by someone else.
fn create_temp_beside(path: &Path) -> io::Result<(PathBuf, File)> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path names no file"))?;
    let mut last = None;
    for _ in 0..4 {
        let mut tmp_name = std::ffi::OsString::from(".");
        tmp_name.push(name);
        tmp_name.push(format!(".{}.tmp", super::unique_hex::<8>()));
        let tmp = path.with_file_name(tmp_name);
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        match private_options(&mut options).open(&tmp) {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no free temp file name")))
}

/// Makes a rename durable; folders cannot be opened as files on Windows, where NTFS journals
/// the rename itself.
fn sync_dir(path: &Path) {
    if cfg!(unix)
        && let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && let Ok(d) = File::open(dir)
    {
        let _ = d.sync_all();
    }
}

/// ERROR_ACCESS_DENIED (5), ERROR_SHARING_VIOLATION (32) and ERROR_LOCK_VIOLATION (33): what
/// `MoveFileEx` returns while another process has the file open without delete sharing.
fn is_sharing_violation(error: &io::Error) -> bool {
    cfg!(windows) && matches!(error.raw_os_error(), Some(5 | 32 | 33))
}

fn in_use(error: &io::Error) -> io::Error {
    io::Error::new(
        error.kind(),
        format!(
            "another program keeps the file open (often a virus scanner or a sync tool); wait a moment and try again ({error})"
        ),
    )
}

#[cfg(test)]
#[path = "private_file_tests.rs"]
mod tests;
