//! The Windows build's command line under Wine, against Wine's Credential Manager: every flow
//! a user at a Windows desk has (add by typed key, URI and Google migration link; list; codes at
//! a given time; HOTP; remove; imports of other apps' files; encrypted export and re-import;
//! recover; a damaged accounts.json; several writers at once), in the default data folder of a
//! Windows user named 张伟 and in one longer than MAX_PATH. `scripts/wine-test.sh` runs these
//! (`--ignored --test-threads=1`); a plain `cargo test` lists them as ignored.
#![cfg(target_os = "linux")]

mod support;

use support::wine::{Folder, Wine, win_path};
use support::{stderr, stdout, third_party};

/// A 256-bit key as Amazon shows it for an authenticator app, typed in lower case with spaces.
const AMAZON_KEY_TYPED: &str = "aeba gbaf aydq qcik bmga 2dqp cair eeyu culb ogaz dinr yhi6 d4qa";
const EBAY: &str =
    "otpauth://totp/eBay:seller?secret=KRSXG5CTMVRXEZLU&issuer=eBay&digits=8&algorithm=SHA256";
/// RFC 4226's key, HOTP from counter 0.
const BANK: &str = "otpauth://hotp/Bank:me?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0";
/// Google Authenticator's export of pi@raspberrypi (../shared/vectors/google-migration).
const MIGRATION: &str = "otpauth-migration://offline?data=CjUKEPqlBekzoNEukL7qlsjBCDYSDnBpQHJhc3BiZXJyeXBpGgtyYXNwYmVycnlwaSABKAEwAhABGAEgACjr4JKK%2B%2F%2F%2F%2F%2F8B";
const AT: &str = "1257894000";

fn shop(n: usize) -> String {
    format!(
        "otpauth://totp/Shop{n}:desk?secret=JBSWY3DPEHPK3PX{}&issuer=Shop{n}",
        ["P", "Q", "R", "S", "T", "U"][n % 6]
    )
}

fn code_at(wine: &Wine, data: Option<&Folder>, query: &str) -> String {
    let out = wine.ok(data, &["code", query, "--at", AT]);
    out.lines().next().unwrap_or_default().to_owned()
}

#[test]
#[ignore = "needs the Windows build under Wine: scripts/wine-test.sh runs it"]
fn every_flow_in_the_default_folder_of_a_chinese_user_name() {
    let wine = Wine::from_env();
    let data_dir = wine.user_dir().join("AppData/Roaming/otp-desk/data");
    let _ = std::fs::remove_dir_all(&data_dir);

    let out = wine.run_with_stdin(
        None,
        &[
            "add",
            "--issuer",
            "Amazon",
            "--name",
            "卖家@example.com",
            "--secret-stdin",
        ],
        &format!("{AMAZON_KEY_TYPED}\r\n"),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Added Amazon (卖家@example.com)."),
        "{}",
        stdout(&out)
    );
    // One process per account: each save after the first replaces the file and its backup,
    // which is what failed on Windows (a flush through a read-only handle).
    wine.ok(None, &["add", EBAY]);
    wine.ok(None, &["add", BANK]);
    wine.ok(None, &["add", MIGRATION]);
    assert_eq!(
        wine.labels(None),
        [
            "Amazon|卖家@example.com",
            "eBay|seller",
            "Bank|me",
            "raspberrypi|pi@raspberrypi"
        ]
    );

    assert_eq!(code_at(&wine, None, "amazon"), "609645");
    assert_eq!(code_at(&wine, None, "ebay"), "53561558");
    assert_eq!(code_at(&wine, None, "raspberrypi"), "698163");
    // HOTP advances and saves its counter (RFC 4226 Appendix D).
    for want in ["755224", "287082", "359152"] {
        assert_eq!(wine.ok(None, &["code", "bank"]).lines().next(), Some(want));
    }

    wine.ok(None, &["remove", "ebay", "--yes"]);
    assert_eq!(wine.labels(None).len(), 3);

    // The files sit in C:\users\张伟\AppData\Roaming and hold no secret in any form.
    let metadata = std::fs::read_to_string(data_dir.join("accounts.json")).unwrap();
    let backup = std::fs::read_to_string(data_dir.join("accounts.json.bak")).unwrap();
    for text in [&metadata, &backup] {
        let lower = text.to_lowercase();
        for secret in ["aebagbaf", "aeba gbaf", "krsxg5ct", "gezdgnbv", "7ksql2jt"] {
            assert!(!lower.contains(secret), "a secret on disk");
        }
    }
    assert!(metadata.contains("卖家@example.com"));
}

#[test]
#[ignore = "needs the Windows build under Wine: scripts/wine-test.sh runs it"]
fn other_apps_files_import_and_an_encrypted_export_restores_elsewhere() {
    let wine = Wine::from_env();
    let first = wine.folder(&["import"]);
    let Some(vectors) = third_party("vectors/aegis") else {
        return;
    };
    // Google Authenticator's own database exercises the bundled SQLite built for Windows.
    for (file, want) in [("aegis_plain.json", 7), ("google_authenticator.sqlite", 6)] {
        let data = wine.folder(&["import-one", file]);
        let out = wine.run(
            Some(&data),
            &["import", "--json", &win_path(&vectors.join(file))],
        );
        assert!(out.status.success(), "{file}: {}", stderr(&out));
        let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        assert_eq!(report["accounts"].as_array().unwrap().len(), want, "{file}");
        assert_eq!(wine.labels(Some(&data)).len(), want, "{file}");
    }
    let out = wine.run_with_stdin(
        Some(&first),
        &[
            "import",
            "--password-stdin",
            &win_path(&vectors.join("2fas_authenticator_encrypted.2fas")),
        ],
        "test\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let before = wine.labels(Some(&first));
    assert_eq!(before.len(), 4);

    let backup = first.win_file("backup.json");
    let out = wine.run_with_stdin(
        Some(&first),
        &[
            "export",
            "--format",
            "aegis-encrypted",
            "--out",
            &backup,
            "--password-stdin",
        ],
        "correct horse 电池\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let plain = std::fs::read_to_string(first.host.join("backup.json")).unwrap();
    assert!(plain.contains("\"slots\""), "an encrypted Aegis vault");

    let second = wine.folder(&["reimport"]);
    let out = wine.run_with_stdin(
        Some(&second),
        &["import", "--password-stdin", &backup],
        "correct horse 电池\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let mut after = wine.labels(Some(&second));
    let mut before = before;
    before.sort();
    after.sort();
    assert_eq!(after, before);
}

#[test]
#[ignore = "needs the Windows build under Wine: scripts/wine-test.sh runs it"]
fn recover_finds_credential_manager_items_whose_metadata_was_lost() {
    let wine = Wine::from_env();
    let data = wine.folder(&["recover"]);
    let lost =
        |n: u8| format!("otpauth://totp/Lost{n}:desk?secret=MFRGGZDFMZTWQ2L{n}&issuer=Lost{n}");
    wine.ok(Some(&data), &["add", &lost(2), &lost(3)]);
    std::fs::remove_file(data.metadata()).unwrap();
    let _ = std::fs::remove_file(data.host.join("accounts.json.bak"));
    assert!(wine.labels(Some(&data)).is_empty());

    // The keychain-wide search: on Windows it needs the Credential Manager's own terms.
    let listed = wine.run(Some(&data), &["recover"]);
    assert!(listed.status.success(), "{}", stderr(&listed));
    for name in ["Lost2", "Lost3"] {
        assert!(stdout(&listed).contains(name), "{}", stdout(&listed));
    }
    wine.ok(Some(&data), &["recover", "--all"]);
    let labels = wine.labels(Some(&data));
    for name in ["Lost2|desk", "Lost3|desk"] {
        assert!(labels.iter().any(|l| l == name), "{labels:?}");
    }
    // The recovered item still holds its key: the same code as the URI computes on its own.
    let from_uri = wine.ok(None, &["code", "--uri", &lost(2), "--at", AT]);
    assert_eq!(
        Some(code_at(&wine, Some(&data), "lost2").as_str()),
        from_uri.lines().next()
    );
}

#[test]
#[ignore = "needs the Windows build under Wine: scripts/wine-test.sh runs it"]
fn a_damaged_accounts_file_is_refused_and_kept() {
    let wine = Wine::from_env();
    let data = wine.folder(&["damaged"]);
    std::fs::create_dir_all(&data.host).unwrap();
    let damaged = b"{\"format\":\"otp-desk-accounts\",\"version\":1,\"accounts\":[{";
    std::fs::write(data.metadata(), damaged).unwrap();
    for args in [&["add", shop(3).as_str()][..], &["list"][..]] {
        let out = wine.run(Some(&data), args);
        assert!(!out.status.success(), "{args:?} went ahead");
        let message = stderr(&out);
        assert!(
            message.contains("accounts.json") && message.contains("damaged"),
            "{message}"
        );
    }
    assert_eq!(std::fs::read(data.metadata()).unwrap(), damaged);
}

#[test]
#[ignore = "needs the Windows build under Wine: scripts/wine-test.sh runs it"]
fn several_writers_at_once_lose_nothing() {
    let wine = Wine::from_env();
    let data = wine.folder(&["concurrent"]);
    let writers: Vec<_> = (0..6)
        .map(|n| {
            let cmd = wine.command(Some(&data), &["add", &shop(n)]);
            std::thread::spawn(move || support::wine::output(cmd, None))
        })
        .collect();
    for writer in writers {
        let out = writer.join().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let mut labels = wine.labels(Some(&data));
    labels.sort();
    let want: Vec<String> = (0..6).map(|n| format!("Shop{n}|desk")).collect();
    assert_eq!(labels, want);
}

#[test]
#[ignore = "needs the Windows build under Wine: scripts/wine-test.sh runs it"]
fn a_data_folder_longer_than_max_path_works() {
    let wine = Wine::from_env();
    let long = "长路径-long-folder-name-".repeat(3);
    let parts = [long.as_str(); 5];
    let data = wine.folder(&parts);
    assert!(
        data.win.chars().count() > 260,
        "{} chars",
        data.win.chars().count()
    );
    wine.ok(Some(&data), &["add", &shop(1)]);
    wine.ok(Some(&data), &["add", BANK]);
    assert_eq!(wine.labels(Some(&data)), ["Shop1|desk", "Bank|me"]);
    assert_eq!(code_at(&wine, Some(&data), "bank"), "755224");
    assert!(data.metadata().exists());
    assert!(data.host.join("accounts.json.bak").exists());
}
