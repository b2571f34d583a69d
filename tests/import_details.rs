//! Import details through the public API and the real binary: old andOTP labels, Authenticator
//! Plus archives (named, never taken for andOTP; opened with their password, and a wrong one
//! named with the file), a `#fragment` after a URI's query, and
//! `otp-desk code --uri -`, which reads the URI from standard input so the key never appears
//! in the process list; a line that may be a key is never echoed in an error.

mod support;

use otp_desk::import;

#[test]
fn an_old_andotp_backup_splits_issuer_from_label() {
    let backup = br#"[{"secret":"JBSWY3DPEHPK3PXP","label":"Issuer - Issuer:Name","digits":6,"type":"TOTP","algorithm":"SHA1","period":30},
                      {"secret":"GEZDGNBVGY3TQOJQ","label":"Shop - me@example.com","digits":6,"type":"TOTP","algorithm":"SHA1","period":30}]"#;
    let report = import::import_bytes(backup, "otp_accounts.json", None).unwrap();
    let names: Vec<(&str, &str)> = report
        .found
        .iter()
        .map(|f| (f.entry.issuer.as_str(), f.entry.name.as_str()))
        .collect();
    assert_eq!(names, [("Issuer", "Name"), ("Shop", "me@example.com")]);
}

#[test]
fn a_fragment_after_the_query_does_not_change_the_account() {
    let text = "otpauth://totp/Shop:me?secret=JBSWY3DPEHPK3PXP&issuer=Shop#copied-from-page\n";
    let report = import::from_text(text, "list.txt");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(report.found[0].entry.issuer, "Shop");
    assert_eq!(report.found[0].entry.secret.to_base32(), "JBSWY3DPEHPK3PXP");
}

/// `otp-desk code --uri - --at 59` with `stdin`, with no keychain and a private data folder.
fn code_from_stdin(stdin: &str) -> std::process::Output {
    support::Desk::new(None).run_with_stdin(&["code", "--uri", "-", "--at", "59"], stdin)
}

#[test]
fn code_reads_the_uri_from_standard_input() {
    // RFC 6238's SHA1 seed at T = 59 s, 8 digits: 94287082.
    let uri = "otpauth://totp/RFC:6238?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8\n";
    let out = code_from_stdin(&format!("\n{uri}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "94287082");

    let out = code_from_stdin("");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("No URI on standard input"));

    // A bare key given by mistake is refused without being shown.
    let out = code_from_stdin("JBSWY3DPEHPK3PXP\n");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("JBSWY"), "{stderr}");
}

#[test]
fn authenticator_plus_backups_are_named_never_called_andotp() {
    // A ZIP's local header: signature, version, flags (encrypted), …, then the file name.
    let mut zip = b"PK\x03\x04\x33\x00\x01\x00\x63\x00".to_vec();
    zip.extend([0u8; 16]);
    zip.extend(12u16.to_le_bytes());
    zip.extend(0u16.to_le_bytes());
    zip.extend(b"Accounts.txt");
    zip.extend([0x5a; 64]);
    let error = import::import_bytes(&zip, "backup.zip", Some("pw")).unwrap_err();
    let message = error.to_string();
    assert!(message.contains("Authenticator Plus"), "{message}");
    assert!(message.contains("Accounts.txt"), "{message}");
    assert!(!message.contains("andOTP"), "{message}");
    let other = import::import_bytes(b"PK\x03\x04other", "x.zip", None).unwrap_err();
    assert!(other.to_string().starts_with("a ZIP archive"), "{other}");
}

/// tests/data/authenticator-plus/backup.zip: Accounts.txt in a ZipCrypto archive, password "test".
fn authenticator_plus_backup() -> String {
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/authenticator-plus/backup.zip"
    )
    .to_owned()
}

#[test]
fn an_authenticator_plus_backup_imports_with_its_password_and_names_the_file_without() {
    let backup = authenticator_plus_backup();
    let desk = support::Desk::new(None);
    let out = desk.run_with_stdin(
        &["import", "--dry-run", "--json", "--password-stdin", &backup],
        "test\n",
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("Deno") && stdout.contains("Issuu"),
        "{stdout}"
    );

    let out = desk.run_with_stdin(
        &["import", "--dry-run", "--password-stdin", &backup],
        "tset\n",
    );
    assert!(!out.status.success());
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("backup.zip"), "{said}");
    assert!(
        said.contains("wrong password for this Authenticator Plus backup"),
        "{said}"
    );
}
