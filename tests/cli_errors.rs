//! The command line's answers to bad input and to a missing keychain: one clear sentence, a
//! non-zero exit, and nothing written.

mod support;

use support::{Desk, stderr, stdout};

#[test]
fn code_for_uri_prints_the_code_alone_and_rejects_with_exit_2() {
    let desk = Desk::new(None);
    let out = desk.run(&[
        "code",
        "--uri",
        "otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example",
        "--at",
        "1257894000",
    ]);
    assert!(out.status.success());
    assert_eq!(stdout(&out), "528064\n");
    let out = desk.run(&[
        "code",
        "--uri",
        "otpauth://totp/x?secret=JBSWY3DP0189EHPK",
        "--at",
        "0",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("secret:"), "{err}");
    assert!(
        !desk.metadata().exists(),
        "code --uri never touches the vault"
    );
}

#[test]
#[cfg(target_os = "linux")] // elsewhere the system keychain is always there
fn no_keychain_gives_one_clear_sentence_and_writes_nothing() {
    let desk = Desk::new(None);
    let out = desk.run(&["add", "otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.starts_with("No keychain is reachable"), "{err}");
    assert!(err.contains("gnome-keyring"), "says what to install: {err}");
    assert!(!desk.metadata().exists());
    assert_eq!(
        std::fs::read_dir(desk.data.path()).unwrap().count(),
        0,
        "nothing written"
    );
}

#[test]
fn dry_run_import_never_touches_vault_or_keychain() {
    let Some(file) = support::third_party("vectors/google-migration/scito_example_export.txt")
    else {
        return;
    };
    let desk = Desk::new(None); // no keychain at all: a dry run must not need one
    let out = desk.run(&[
        "import",
        "--dry-run",
        "--json",
        "--at",
        "1257894000",
        file.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let accounts = report["accounts"].as_array().unwrap();
    assert_eq!(accounts.len(), 6);
    for a in accounts {
        assert!(
            a["source"]
                .as_str()
                .unwrap()
                .contains("scito_example_export.txt:")
        );
        assert!(a.get("secret").is_none());
        assert_eq!(a["code"].as_str().unwrap().len(), 6);
    }
    assert_eq!(accounts[0]["type"], "totp");
    assert_eq!(accounts[0]["period"], 30);
    assert!(accounts[0]["counter"].is_null());
    assert!(!desk.metadata().exists());
}

#[test]
fn corrupt_metadata_is_refused_and_kept() {
    let desk = Desk::new(None);
    let damaged = "{\"format\":\"otp-desk-accounts\",\"version\":1,\"accounts\":[{\"id\":";
    std::fs::write(desk.metadata(), damaged).unwrap();
    for args in [
        &["list"][..],
        &["add", "otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP"][..],
    ] {
        let out = desk.run(args);
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).contains("is damaged"), "{}", stderr(&out));
    }
    assert_eq!(std::fs::read_to_string(desk.metadata()).unwrap(), damaged);
}

#[test]
fn usage_errors_exit_2() {
    let desk = Desk::new(None);
    assert_eq!(desk.run(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(desk.run(&["code"]).status.code(), Some(2));
    let out = desk.run(&["import", "--dry-run", "/nonexistent/file.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("/nonexistent/file.txt"),
        "names the file"
    );
}

#[test]
fn version_names_the_commit() {
    let out = Desk::new(None).run(&["--version"]);
    assert!(
        stdout(&out).starts_with("otp-desk 0.1.0 ("),
        "{}",
        stdout(&out)
    );
}
