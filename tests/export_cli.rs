//! `otp-desk import` and `otp-desk export` through the real binary: a dry run of an encrypted
//! vector with `--password-stdin`, and import → encrypted export → import into a fresh data
//! folder against a private gnome-keyring, groups included.
#![cfg(target_os = "linux")] // against the Linux Secret Service (gnome-keyring on a private D-Bus); Windows: tests/wine_*.rs

mod support;

use support::{Desk, SecretService, stderr, stdout, third_party};

#[test]
fn dry_run_reads_an_encrypted_vector_with_the_password_from_stdin() {
    let Some(file) = third_party("vectors/aegis/2fas_authenticator_encrypted.2fas") else {
        return;
    };
    let desk = Desk::new(None);
    let file = file.to_str().unwrap();
    let out = desk.run_with_stdin(
        &[
            "import",
            "--dry-run",
            "--json",
            "--password-stdin",
            "--at",
            "59",
            file,
        ],
        "test\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["accounts"].as_array().unwrap().len(), 4);
    assert_eq!(report["accounts"][0]["code"], "526156");

    let out = desk.run_with_stdin(
        &["import", "--dry-run", "--json", "--password-stdin", file],
        "nope\n",
    );
    assert!(!out.status.success());
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(report["accounts"].as_array().unwrap().is_empty());
    assert!(
        report["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("wrong password")
    );
}

#[test]
fn encrypted_export_restores_into_a_new_vault_with_groups() {
    let Some(grouped) = third_party("vectors/aegis/aegis_plain_grouped_v2.json") else {
        return;
    };
    let service = SecretService::start();
    let first = Desk::new(Some(&service));
    let out = first.run(&["import", grouped.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let backup = first.data.path().join("backup.json");
    let backup = backup.to_str().unwrap();
    let out = first.run(&["export", "--format", "aegis-encrypted", "--out", backup]);
    assert_eq!(out.status.code(), Some(2), "a password is required");
    let out = first.run_with_stdin(
        &[
            "export",
            "--format",
            "aegis-encrypted",
            "--out",
            backup,
            "--password-stdin",
        ],
        "s3cret\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        !std::fs::read_to_string(backup)
            .unwrap()
            .contains("4SJHB4GSD43FZBAI7C2HLRJGPQ")
    );

    let second = Desk::new(Some(&service));
    let out = second.run_with_stdin(&["import", "--password-stdin", backup], "s3cret\n");
    assert!(out.status.success(), "{}", stderr(&out));
    let list = |desk: &Desk| {
        let rows: serde_json::Value =
            serde_json::from_str(&stdout(&desk.run(&["list", "--json"]))).unwrap();
        let mut rows: Vec<String> = rows
            .as_array()
            .unwrap()
            .iter()
            .map(|r| format!("{}|{}|{}|{}", r["issuer"], r["name"], r["type"], r["group"]))
            .collect();
        rows.sort();
        rows
    };
    let restored = list(&second);
    assert_eq!(restored, list(&first));
    assert!(
        restored
            .iter()
            .any(|r| r.contains("Deno") && r.ends_with("\"group1\""))
    );

    // Plain exports warn; the otpauth list holds every account.
    let uris = first.data.path().join("uris.txt");
    let out = first.run(&[
        "export",
        "--format",
        "otpauth",
        "--out",
        uris.to_str().unwrap(),
    ]);
    assert!(out.status.success() && stderr(&out).contains("NOT encrypted"));
    assert_eq!(std::fs::read_to_string(&uris).unwrap().lines().count(), 7);
}
