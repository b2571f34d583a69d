//! Tests of [`super`]: content, atomic replacement and, on Unix, that no file or folder is ever
//! readable by others, not even for an instant after creation.

use super::*;

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

/// Entries of `dir` other than the given ones (leftover temp files).
fn others(dir: &Path, keep: &[&str]) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !keep.contains(&name.as_str()))
        .collect()
}

#[test]
fn write_private_replaces_the_whole_file_and_leaves_no_temp_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("accounts.json");
    write_private(&path, b"first, longer contents").unwrap();
    write_private(&path, b"second").unwrap();
    assert_eq!(fs::read(&path).unwrap(), b"second");
    assert_eq!(others(dir.path(), &["accounts.json"]), Vec::<String>::new());
}

#[test]
fn a_failed_replace_keeps_the_target_and_removes_the_temp_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("taken");
    fs::create_dir(&target).unwrap();
    fs::write(target.join("inside"), "kept").unwrap();
    assert!(write_private(&target, b"new").is_err());
    assert_eq!(fs::read_to_string(target.join("inside")).unwrap(), "kept");
    assert_eq!(others(dir.path(), &["taken"]), Vec::<String>::new());
    let missing_parent = dir.path().join("no-such-folder").join("file");
    assert!(write_private(&missing_parent, b"x").is_err());
}

#[test]
fn append_private_appends_and_open_private_never_truncates() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("copy-log.jsonl");
    append_private(&log, b"one\n").unwrap();
    append_private(&log, b"two\n").unwrap();
    assert_eq!(fs::read_to_string(&log).unwrap(), "one\ntwo\n");
    drop(open_private(&log).unwrap());
    assert_eq!(fs::read_to_string(&log).unwrap(), "one\ntwo\n");
    let lock = dir.path().join("accounts.lock");
    let file = open_private(&lock).unwrap();
    file.lock().unwrap();
    assert!(lock.exists());
}

#[test]
fn ensure_private_dir_creates_nested_folders() {
    let dir = tempfile::tempdir().unwrap();
    let nested = dir.path().join("张伟").join("AppData").join("otp-desk");
    ensure_private_dir(&nested).unwrap();
    ensure_private_dir(&nested).unwrap();
    assert!(nested.is_dir());
}

#[cfg(unix)]
#[test]
fn files_and_folders_are_private_and_older_ones_are_tightened() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("share").join("otp-desk");
    ensure_private_dir(&data).unwrap();
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&dir.path().join("share")), 0o700);

    let (json, log, lock) = (data.join("a.json"), data.join("log"), data.join("lock"));
    write_private(&json, b"{}").unwrap();
    append_private(&log, b"line\n").unwrap();
    drop(open_private(&lock).unwrap());
    for path in [&json, &log, &lock] {
        assert_eq!(mode(path), 0o600, "{}", path.display());
    }

    // What an older OTP Desk (or `cp`) may have left behind.
    let loose = fs::Permissions::from_mode(0o755);
    fs::set_permissions(&data, loose.clone()).unwrap();
    for path in [&json, &log, &lock] {
        fs::set_permissions(path, fs::Permissions::from_mode(0o644)).unwrap();
    }
    ensure_private_dir(&data).unwrap();
    write_private(&json, b"{}").unwrap();
    append_private(&log, b"line\n").unwrap();
    drop(open_private(&lock).unwrap());
    assert_eq!(mode(&data), 0o700);
    for path in [&json, &log, &lock] {
        assert_eq!(mode(path), 0o600, "{}", path.display());
    }

    // A shared sticky folder such as /tmp is never changed.
    let shared = dir.path().join("shared");
    fs::create_dir(&shared).unwrap();
    fs::set_permissions(&shared, fs::Permissions::from_mode(0o1777)).unwrap();
    ensure_private_dir(&shared).unwrap();
    assert_eq!(mode(&shared), 0o1777);
}

/// Another thread lists the folder and checks every file it sees while files are created and
/// replaced: a file made with the default mode and `chmod`ed afterwards would be caught.
#[cfg(unix)]
#[test]
fn no_file_is_readable_by_others_even_right_after_creation() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let dir = tempfile::tempdir().unwrap();
    let done = Arc::new(AtomicBool::new(false));
    let watcher = {
        let (dir, done) = (dir.path().to_path_buf(), done.clone());
        std::thread::spawn(move || {
            let (mut seen, mut loose) = (0u32, Vec::new());
            while !done.load(Ordering::Relaxed) {
                for entry in fs::read_dir(&dir).unwrap().flatten() {
                    // A temp file may be renamed away between listing and stat.
                    if let Ok(meta) = entry.metadata() {
                        use std::os::unix::fs::PermissionsExt;
                        seen += 1;
                        if meta.permissions().mode() & 0o077 != 0 {
                            loose.push(entry.file_name());
                        }
                    }
                }
            }
            (seen, loose)
        })
    };
    for i in 0..300 {
        let bytes = format!("version {i}");
        write_private(&dir.path().join("settings.json"), bytes.as_bytes()).unwrap();
        append_private(&dir.path().join(format!("log-{}", i % 7)), b"x").unwrap();
    }
    done.store(true, Ordering::Relaxed);
    let (seen, loose) = watcher.join().unwrap();
    assert!(seen > 0, "the watcher saw no file at all");
    assert!(loose.is_empty(), "readable by others: {loose:?}");
}

#[test]
fn only_windows_sharing_errors_are_retried() {
    let denied = io::Error::from_raw_os_error(32);
    assert_eq!(is_sharing_violation(&denied), cfg!(windows));
    assert!(!is_sharing_violation(&io::Error::from(
        io::ErrorKind::NotFound
    )));
    let message = in_use(&denied).to_string();
    assert!(
        message.starts_with("another program keeps the file open"),
        "{message}"
    );
}

/// A virus scanner holding the target without delete sharing, then letting go: the replace
/// waits for it instead of failing. Runs where the test binary runs on Windows (or Wine).
#[cfg(windows)]
#[test]
fn a_replace_waits_for_a_program_that_holds_the_file() {
    use std::os::windows::fs::OpenOptionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("accounts.json");
    fs::write(&path, "old").unwrap();
    // Share read only: no FILE_SHARE_DELETE, so renaming over it is a sharing violation.
    let holder = OpenOptions::new()
        .read(true)
        .share_mode(1)
        .open(&path)
        .unwrap();
    assert!(
        write_private(&path, b"blocked")
            .unwrap_err()
            .to_string()
            .contains("another program")
    );
    let release = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(60));
        drop(holder);
    });
    write_private(&path, b"new").unwrap();
    release.join().unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), "new");
}
