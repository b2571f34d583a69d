//! On Unix nothing OTP Desk writes is readable by another user: the data folder is 0700 and
//! accounts.json, its backup, its lock file and exports are 0600, checked right after each is
//! created (the vault over an in-memory store stands in for the keychain, which is not on disk).
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::sync::Arc;

use otp_desk::store::MemoryStore;
use otp_desk::vault::Vault;

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

fn entry(label: &str) -> otp_desk::otp::Entry {
    otp_desk::uri::parse(&format!("otpauth://totp/{label}?secret=JBSWY3DPEHPK3PXP")).unwrap()
}

#[test]
fn the_data_folder_and_every_file_are_private_from_creation() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join(".local/share/otp-desk");
    let mut vault = Vault::open(&dir, Arc::new(MemoryStore::new())).unwrap();
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(
        mode(dir.parent().unwrap()),
        0o700,
        "a folder created on the way"
    );

    vault.add(entry("Amazon:a"), 1).unwrap();
    for name in ["accounts.json", "accounts.lock"] {
        assert_eq!(mode(&dir.join(name)), 0o600, "{name}");
    }
    vault.add(entry("eBay:b"), 2).unwrap();
    assert_eq!(mode(&dir.join("accounts.json.bak")), 0o600);

    let export = dir.join("backup.txt");
    otp_desk::export::write_export(&export, b"otpauth://...").unwrap();
    assert_eq!(mode(&export), 0o600);

    let loose: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter(|e| e.metadata().unwrap().permissions().mode() & 0o077 != 0)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(loose.is_empty(), "readable by others: {loose:?}");
}

#[test]
fn an_older_world_readable_data_folder_is_made_private_on_open() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("otp-desk");
    std::fs::create_dir(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    Vault::open(&dir, Arc::new(MemoryStore::new())).unwrap();
    assert_eq!(mode(&dir), 0o700);
}
