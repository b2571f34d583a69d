//! Desk mode on the command line against a real Secret Service (gnome-keyring on a private
//! D-Bus): people with PINs, members who only read what is shared with them, nothing readable
//! without a person (another data folder, deleted files, the keychain items themselves), the
//! back-off across processes, and the audit log.
#![cfg(target_os = "linux")]

mod support;

use std::process::Output;

use base64::Engine as _;
use support::{Desk, SecretService, stderr, stdout};

const AMAZON: &str =
    "otpauth://totp/Amazon:shop1%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Amazon";
const EBAY: &str = "otpauth://totp/eBay:shop2?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=eBay";
const AT: &str = "1257894000";

fn refused(out: &Output, says: &str) {
    assert!(!out.status.success(), "should be refused: {}", stdout(out));
    assert!(
        stdout(out).trim().is_empty(),
        "no output on refusal: {}",
        stdout(out)
    );
    assert!(stderr(out).contains(says), "{}", stderr(out));
    assert_eq!(
        stderr(out).trim().lines().count(),
        1,
        "one sentence: {}",
        stderr(out)
    );
}

/// Every way a secret could show: base32 in both cases and grouped, its bytes in hex and base64.
fn secret_forms() -> Vec<String> {
    let mut forms = Vec::new();
    for b32 in ["JBSWY3DPEHPK3PXP", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"] {
        let bytes = data_encoding::BASE32_NOPAD.decode(b32.as_bytes()).unwrap();
        forms.push(b32.to_owned());
        forms.push(b32.to_lowercase());
        forms.push(b32[..8].to_owned());
        forms.push(data_encoding::HEXLOWER.encode(&bytes));
        forms.push(base64::engine::general_purpose::STANDARD_NO_PAD.encode(&bytes));
    }
    forms
}

fn keychain_dump(service: &SecretService) -> String {
    let out = std::process::Command::new("secret-tool")
        .args(["search", "--all", "--unlock", "service", "otp-desk"])
        .env("DBUS_SESSION_BUS_ADDRESS", &service.bus_address)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

#[test]
fn a_desk_of_people_reads_nothing_without_a_pin_and_members_only_their_shares() {
    let service = SecretService::start();
    let desk = Desk::new(Some(&service));
    for uri in [AMAZON, EBAY] {
        assert!(desk.run(&["add", uri]).status.success());
    }
    let plain = keychain_dump(&service);
    assert!(
        plain.contains("JBSWY3DPEHPK3PXP"),
        "before desk mode the items are plain"
    );

    // The first person needs no --as and must be an admin.
    let out = desk.run_with_stdin(&["people", "add", "Li Na", "--member"], "246810\n");
    assert!(!out.status.success());
    let out = desk.run_with_stdin(&["people", "add", "Li Na", "--admin"], "12345\n");
    refused(&out, "PIN: use at least 6 characters");
    let out = desk.run_with_stdin(&["people", "add", "Li Na", "--admin"], "246810\n");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Desk mode is on"));

    // The keychain items themselves hold nothing readable.
    let dump = keychain_dump(&service);
    assert!(dump.contains("otp-desk-sealed/1:"), "{dump}");
    for form in secret_forms() {
        assert!(
            !dump.contains(&form),
            "{form} readable in the keychain:\n{dump}"
        );
    }

    // Without a person, or with a wrong PIN, nothing.
    refused(&desk.run(&["code", "amazon", "--at", AT]), "--as NAME");
    refused(
        &desk.run(&["export", "--format", "otpauth", "--out", "/tmp/x"]),
        "--as NAME",
    );
    refused(
        &desk.run_with_stdin(&["code", "amazon", "--at", AT, "--as", "Li Na"], "000000\n"),
        "Wrong PIN for Li Na.",
    );
    let out = desk.run_with_stdin(&["code", "amazon", "--at", AT, "--as", "li na"], "246810\n");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().next(), Some("528064"));

    // A member sees only what is shared with them, and changes nothing.
    let out = desk.run_with_stdin(
        &["people", "add", "张伟", "--member", "--as", "Li Na"],
        "246810\n135790\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let as_wei = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["--as", "张伟"]);
        desk.run_with_stdin(&all, "135790\n")
    };
    refused(
        &as_wei(&["code", "amazon", "--at", AT]),
        "No account matches",
    );
    let list = stdout(&as_wei(&["list", "--json"]));
    assert_eq!(list.trim(), "[]");
    let out = desk.run_with_stdin(
        &[
            "share", "amazon", "--with", "张伟", "--until", "8h", "--as", "Li Na",
        ],
        "246810\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    // The member holds the codes of the share's time (from now), not the key: no code for
    // a time before the share.
    refused(
        &as_wei(&["code", "amazon", "--at", AT]),
        "only the codes of its time",
    );
    let at = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 60;
    let out = as_wei(&["code", "amazon", "--at", &at.to_string()]);
    let expected = otp_desk::uri::parse(AMAZON).unwrap().code_at(at);
    assert_eq!(
        stdout(&out).lines().next(),
        Some(expected.as_str()),
        "{}",
        stderr(&out)
    );
    let list: serde_json::Value =
        serde_json::from_str(&stdout(&as_wei(&["list", "--json"]))).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1, "only the shared account");
    refused(&as_wei(&["remove", "amazon", "--yes"]), "is a member");
    refused(
        &as_wei(&["export", "--format", "otpauth", "--out", "/tmp/x"]),
        "is a member",
    );
    refused(&as_wei(&["share", "ebay", "--with", "张伟"]), "is a member");
    refused(&as_wei(&["log"]), "is a member");

    // Another data folder, or deleted files, still give nothing without a PIN.
    let elsewhere = tempfile::tempdir().unwrap();
    let mut cmd = desk.command(&["recover", "--all"]);
    cmd.env("OTP_DESK_DATA_DIR", elsewhere.path());
    refused(&cmd.output().unwrap(), "--as NAME");
    std::fs::remove_file(desk.data.path().join("desk.json")).unwrap();
    let _ = std::fs::remove_file(desk.data.path().join("settings.json"));
    refused(&desk.run(&["code", "amazon", "--at", AT]), "--as NAME");
    let out = desk.run_with_stdin(&["people", "list", "--json"], "");
    let people: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        people.as_array().unwrap().len(),
        2,
        "the keychain kept both slots"
    );

    // Removing a person ends their access at once.
    let out = desk.run_with_stdin(&["people", "remove", "张伟", "--as", "Li Na"], "246810\n");
    assert!(out.status.success(), "{}", stderr(&out));
    refused(&as_wei(&["code", "amazon", "--at", AT]), "No person named");

    // The audit log has who did what, where, and no code or secret.
    let out = desk.run_with_stdin(&["log", "--json", "--as", "Li Na"], "246810\n");
    assert!(out.status.success(), "{}", stderr(&out));
    let log = stdout(&out);
    for action in [
        "desk_started",
        "failed_unlock",
        "unlock",
        "copy",
        "share",
        "person_added",
        "person_removed",
    ] {
        assert!(
            log.contains(&format!("\"action\":\"{action}\"")),
            "{action} missing:\n{log}"
        );
    }
    assert!(log.contains("\"via\":\"cli\"") && log.contains("张伟"));
    assert!(!log.contains("528064"), "no code in the log");
    for form in secret_forms() {
        assert!(!log.contains(&form));
    }
    let csv = stdout(&desk.run_with_stdin(&["log", "--csv", "--as", "Li Na"], "246810\n"));
    assert!(csv.lines().count() > 10, "{csv}");
}

/// A desk with the Amazon account, Li Na (admin, 246810) and Wei (member, 135790).
fn li_na_and_wei(service: &SecretService) -> Desk {
    let desk = Desk::new(Some(service));
    assert!(desk.run(&["add", AMAZON]).status.success());
    let out = desk.run_with_stdin(&["people", "add", "Li Na", "--admin"], "246810\n");
    assert!(out.status.success(), "{}", stderr(&out));
    let out = desk.run_with_stdin(
        &["people", "add", "Wei", "--member", "--as", "Li Na"],
        "246810\n135790\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    desk
}

#[test]
fn wrong_pins_back_off_across_processes() {
    let service = SecretService::start();
    let desk = li_na_and_wei(&service);
    let out = desk.run_with_stdin(
        &["people", "rename", "Wei", "Zhang Wei", "--as", "Li Na"],
        "246810\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let people = stdout(&desk.run(&["people", "list"]));
    let lines: Vec<&str> = people.lines().collect();
    assert!(
        lines.contains(&"Zhang Wei  member") && !lines.contains(&"Wei  member"),
        "{people}"
    );
    for _ in 0..3 {
        refused(
            &desk.run_with_stdin(&["list", "--as", "Li Na"], "999999\n"),
            "Wrong PIN",
        );
    }
    // The fourth try, even with the right PIN and in a new process, must wait.
    refused(
        &desk.run_with_stdin(&["list", "--as", "Li Na"], "246810\n"),
        "Too many wrong PINs for Li Na; wait",
    );
}

#[test]
fn a_member_changes_their_own_pin_from_the_command_line() {
    let service = SecretService::start();
    let desk = li_na_and_wei(&service);
    let set_pin = |input: &str| desk.run_with_stdin(&["people", "set-pin", "--as", "Wei"], input);
    refused(&set_pin("000000\n555666\n555666\n"), "Wrong PIN for Wei.");
    refused(
        &set_pin("135790\n555666\n555667\n"),
        "the two new PINs differ",
    );
    refused(
        &set_pin("135790\n555\n555\n"),
        "PIN: use at least 6 characters",
    );
    let out = set_pin("135790\n555666\n555666\n");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Wei has a new PIN"));
    refused(
        &desk.run_with_stdin(&["list", "--as", "Wei"], "135790\n"),
        "Wrong PIN for Wei.",
    );
    let out = desk.run_with_stdin(&["list", "--as", "Wei"], "555666\n");
    assert!(out.status.success(), "{}", stderr(&out));
    let log = desk.run_with_stdin(&["log", "--json", "--as", "Li Na"], "246810\n");
    let text = stdout(&log);
    assert!(text.contains("\"pin_changed\""), "{text}");
    assert!(text.contains("changing their own PIN"), "{text}");
}

#[test]
fn when_a_member_leaves_the_owner_sees_what_to_re_enrol_and_re_keys_it_in_place() {
    let service = SecretService::start();
    let desk = Desk::new(Some(&service));
    for uri in [AMAZON, EBAY] {
        assert!(desk.run(&["add", uri]).status.success());
    }
    let admin = |args: &[&str], more: &str| {
        let mut all = args.to_vec();
        all.extend(["--as", "Li Na"]);
        desk.run_with_stdin(&all, &format!("246810\n{more}"))
    };
    assert!(
        desk.run_with_stdin(&["people", "add", "Li Na", "--admin"], "246810\n")
            .status
            .success()
    );
    assert!(
        admin(&["people", "add", "张伟", "--member"], "135790\n")
            .status
            .success()
    );
    assert!(
        admin(&["people", "add", "王芳", "--member"], "864200\n")
            .status
            .success()
    );
    for (account, who) in [("amazon", "张伟"), ("ebay", "张伟"), ("amazon", "王芳")] {
        assert!(
            admin(&["share", account, "--with", who], "")
                .status
                .success()
        );
    }
    for _ in 0..2 {
        let out = desk.run_with_stdin(&["code", "amazon", "--as", "张伟"], "135790\n");
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let exposure = |name: &str| -> serde_json::Value {
        let out = admin(&["people", "exposure", name, "--json"], "");
        assert!(out.status.success(), "{}", stderr(&out));
        serde_json::from_str(&stdout(&out)).unwrap()
    };
    // Two shares, one used twice: the used one first.
    let wei = exposure("张伟");
    assert_eq!(wei.as_array().unwrap().len(), 2, "{wei}");
    assert_eq!(wei[0]["issuer"], "Amazon");
    assert_eq!(wei[0]["access"], "codes");
    assert_eq!(wei[0]["used"].as_array().unwrap().len(), 2);
    assert_eq!(wei[0]["used"][0]["action"], "copy");
    assert_eq!(wei[1]["issuer"], "eBay");
    assert!(wei[1]["used"].as_array().unwrap().is_empty());
    // 王芳 copies once; her share ends and she is renamed (typed with spaces): the copy she
    // made under her old name is still hers.
    let out = desk.run_with_stdin(&["code", "amazon", "--as", "王芳"], "864200\n");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        admin(&["unshare", "amazon", "--with", "王芳"], "")
            .status
            .success()
    );
    let out = admin(&["people", "rename", " 王芳 ", "王小芳"], "");
    assert!(out.status.success(), "{}", stderr(&out));
    let fang = exposure("王小芳");
    assert_eq!(fang.as_array().unwrap().len(), 1, "{fang}");
    assert_eq!(fang[0]["issuer"], "Amazon");
    assert_eq!(fang[0]["used"].as_array().unwrap().len(), 1, "{fang}");
    assert!(
        admin(&["share", "amazon", "--with", "王小芳"], "")
            .status
            .success()
    );
    let li_na = exposure("Li Na");
    assert_eq!(li_na.as_array().unwrap().len(), 2);
    assert!(
        li_na
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["access"] == "key")
    );

    let out = admin(&["people", "remove", "张伟"], "");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("[ ] Amazon (shop1@example.com)"),
        "{}",
        stdout(&out)
    );
    assert_eq!(exposure("张伟"), wei, "after the removal, the same");

    // Re-enrolled on Amazon: the new key replaces the old only once the code was accepted.
    let new = "otpauth://totp/Amazon:shop1%40example.com?secret=GEZDGNBVGY3TQOJQ&issuer=Amazon";
    let out = admin(&["rekey", "amazon", new], "n\n");
    assert!(!out.status.success());
    assert!(stdout(&out).contains("New code: "), "{}", stdout(&out));
    assert!(stdout(&out).contains("Nothing changed"));
    let out = admin(&["rekey", "amazon", new], "y\n");
    assert!(out.status.success(), "{}", stderr(&out));
    let out = admin(&["code", "amazon", "--at", AT], "");
    let expected = otp_desk::uri::parse(new).unwrap().code_at(1_257_894_000);
    assert_eq!(stdout(&out).lines().next(), Some(expected.as_str()));
    let trash = stdout(&admin(&["trash"], ""));
    assert!(trash.contains("Amazon (shop1@example.com)"), "{trash}");
    let list: serde_json::Value =
        serde_json::from_str(&stdout(&admin(&["list", "--json"], ""))).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2, "one account, not two");
    // 王小芳's share carries the new key's codes.
    let soon = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 60;
    let out = desk.run_with_stdin(
        &[
            "code",
            "amazon",
            "--at",
            &soon.to_string(),
            "--as",
            "王小芳",
        ],
        "864200\n",
    );
    let expected = otp_desk::uri::parse(new).unwrap().code_at(soon);
    assert_eq!(
        stdout(&out).lines().next(),
        Some(expected.as_str()),
        "{}",
        stderr(&out)
    );
    let log = stdout(&admin(&["log", "--json"], ""));
    assert!(log.contains("\"rekey\""), "{log}");
}
