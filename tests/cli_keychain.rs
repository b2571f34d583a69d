//! The command line against a real Secret Service (gnome-keyring on a private D-Bus session):
//! accounts added through every path land in the keychain, never on disk, and come back out.
#![cfg(target_os = "linux")] // against the Linux Secret Service (gnome-keyring on a private D-Bus); Windows: tests/wine_*.rs

mod support;

use std::process::Command;

use support::{Desk, SecretService, stderr, stdout, third_party};

const AMAZON: &str =
    "otpauth://totp/Amazon:shop1%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Amazon";

#[test]
fn add_list_code_remove_round_trip_through_the_keychain() {
    let service = SecretService::start();
    let desk = Desk::new(Some(&service));

    let out = desk.run(&["add", AMAZON]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Added Amazon (shop1@example.com)."));
    let out = desk.run(&[
        "add",
        "--issuer",
        "亚马逊",
        "--name",
        "店铺1",
        "--secret",
        "gezd gnbv gy3t qojq gezd gnbv gy3t qojq",
        "--type",
        "hotp",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(service.keychain_users().len(), 2);

    // The metadata file holds no secret in any form.
    let metadata = std::fs::read_to_string(desk.metadata()).unwrap();
    for secret in [
        "JBSWY3DPEHPK3PXP",
        "jbswy3dpehpk3pxp",
        "GEZDGNBVGY3TQOJQ",
        "gezd",
    ] {
        assert!(
            !metadata.to_lowercase().contains(&secret.to_lowercase()),
            "secret on disk"
        );
    }

    let list = stdout(&desk.run(&["list", "--json"]));
    let rows: serde_json::Value = serde_json::from_str(&list).unwrap();
    assert_eq!(rows[0]["issuer"], "Amazon");
    assert_eq!(rows[1]["name"], "店铺1");
    assert_eq!(rows[1]["type"], "hotp");
    assert!(!list.contains("JBSW"));

    let out = desk.run(&["code", "amazon", "--at", "1257894000"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().next(), Some("528064"));

    // HOTP advances and saves its counter (RFC 4226 Appendix D).
    for want in ["755224", "287082", "359152"] {
        let out = desk.run(&["code", "店铺1"]);
        assert_eq!(stdout(&out).lines().next(), Some(want), "{}", stderr(&out));
    }

    let out = desk.run(&["remove", "amazon"]);
    assert!(
        !out.status.success(),
        "no answer to 'move to the trash?' keeps the account"
    );
    let out = desk.run_with_stdin(&["remove", "amazon"], "y\n");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        service.keychain_users().len(),
        2,
        "the keychain item stays while the account is in the trash"
    );
    let trash = stdout(&desk.run(&["trash"]));
    assert!(trash.contains("Amazon (shop1@example.com)"), "{trash}");
    let out = desk.run(&["trash", "--purge", "amazon"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        service.keychain_users().len(),
        1,
        "purging removes the item"
    );
    let list = stdout(&desk.run(&["list", "--json"]));
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&list)
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn secrets_can_come_from_standard_input_instead_of_the_process_list() {
    let service = SecretService::start();
    let desk = Desk::new(Some(&service));
    let add = |args: &[&str], input: &str| desk.run_with_stdin(args, input);
    let out = add(
        &[
            "add",
            "--issuer",
            "Amazon",
            "--name",
            "shop2",
            "--secret-stdin",
        ],
        "jbsw y3dp ehpk 3pxp\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = add(
        &["add", "-"],
        &format!("{AMAZON}\n\notpauth://totp/eBay:x?secret=GEZDGNBV\n"),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(service.keychain_users().len(), 3);
    let out = desk.run(&["code", "shop2", "--at", "1257894000"]);
    assert_eq!(stdout(&out).lines().next(), Some("528064"));
}

#[test]
fn duplicates_are_reported_and_a_missing_secret_is_shown_not_dropped() {
    let service = SecretService::start();
    let desk = Desk::new(Some(&service));
    assert!(desk.run(&["add", AMAZON]).status.success());
    let out = desk.run(&[
        "add",
        "otpauth://totp/Amazon:shop1%40example.com?secret=jbsw%20y3dp%20ehpk%203pxp&issuer=Amazon",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Already there"), "{}", stdout(&out));
    assert_eq!(service.keychain_users().len(), 1);

    // Someone deletes the keychain item behind OTP Desk's back.
    let cleared = Command::new("secret-tool")
        .args(["clear", "service", "otp-desk"])
        .env("DBUS_SESSION_BUS_ADDRESS", &service.bus_address)
        .status()
        .unwrap();
    assert!(cleared.success());
    let list = stdout(&desk.run(&["list", "--json"]));
    assert!(
        list.contains("shop1@example.com"),
        "the account is still listed"
    );
    let out = desk.run(&["code", "amazon"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("missing from the keychain"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn import_adds_28_of_30_and_lists_the_2_bad_lines() {
    let service = SecretService::start();
    let desk = Desk::new(Some(&service));
    let mut text = String::from("# thirty accounts, two of them broken\n");
    for i in 0..30 {
        let secret = match i {
            7 => "NOT-BASE32-0189".to_owned(),
            19 => String::new(),
            _ => format!(
                "JBSWY3DPEHPK{}AAA",
                char::from(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[i])
            ),
        };
        text.push_str(&format!(
            "otpauth://totp/Shop{i}:staff{i}?secret={secret}&issuer=Shop{i}\n"
        ));
    }
    let file = desk.data.path().join("accounts.txt");
    std::fs::write(&file, text).unwrap();

    let out = desk.run(&["import", file.to_str().unwrap(), "--json", "--at", "0"]);
    assert_eq!(out.status.code(), Some(1), "some entries failed: exit 1");
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["accounts"].as_array().unwrap().len(), 28);
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2);
    assert!(
        errors[0]["source"]
            .as_str()
            .unwrap()
            .ends_with("accounts.txt:9")
    );
    assert!(
        errors[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("secret:")
    );
    assert_eq!(service.keychain_users().len(), 28);

    // Importing again adds nothing: all 28 are duplicates.
    let out = desk.run(&["import", file.to_str().unwrap(), "--json"]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(
        report["accounts"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["status"] == "duplicate")
    );
    assert_eq!(service.keychain_users().len(), 28);
}

#[test]
fn google_export_text_file_imports_every_account() {
    let Some(file) = third_party("vectors/google-migration/scito_example_export.txt") else {
        return;
    };
    let service = SecretService::start();
    let desk = Desk::new(Some(&service));
    let out = desk.run(&["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    // Six entries in five URIs; the third URI repeats the first two accounts exactly.
    assert!(
        stdout(&out).contains("4 added, 2 already there, 0 problems."),
        "{}",
        stdout(&out)
    );
    let list: serde_json::Value =
        serde_json::from_str(&stdout(&desk.run(&["list", "--json"]))).unwrap();
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "pi@raspberrypi",
            "pi@raspberrypi",
            "hotp demo",
            "encoding: ¿äÄéÉ? (demo)"
        ]
    );
}
