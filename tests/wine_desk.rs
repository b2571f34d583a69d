//! Desk mode in the Windows build under Wine, against Wine's Credential Manager: the slots and
//! sealed items fit its items, a person's PIN opens them, nobody reads a code without one, and
//! a member reads only what is shared. In a fresh prefix, so the desk's items cannot leak into
//! the other Wine tests. `scripts/wine-test.sh` runs it (`--ignored --test-threads=1`).
#![cfg(target_os = "linux")]

mod support;

use support::wine::Wine;
use support::{stderr, stdout};

const AMAZON: &str =
    "otpauth://totp/Amazon:%E5%8D%96%E5%AE%B6?secret=JBSWY3DPEHPK3PXP&issuer=Amazon";
const EBAY: &str = "otpauth://totp/eBay:shop2?secret=GEZDGNBVGY3TQOJQ&issuer=eBay";
const AT: &str = "1257894000";

#[test]
#[ignore = "needs the Windows build under Wine: scripts/wine-test.sh runs it"]
fn a_desk_of_people_on_the_windows_credential_manager() {
    let wine = Wine::from_env().fresh_prefix("desk");
    wine.ok(None, &["add", AMAZON, EBAY]);
    let out = wine.run_with_stdin(None, &["people", "add", "李娜", "--admin"], "246810\r\n");
    assert!(out.status.success(), "{}", stderr(&out));

    let refused = wine.run(None, &["code", "amazon", "--at", AT]);
    assert!(!refused.status.success());
    assert!(
        stdout(&refused).trim().is_empty(),
        "no code without a person"
    );
    assert!(
        stderr(&refused).contains("--as NAME"),
        "{}",
        stderr(&refused)
    );

    let out = wine.run_with_stdin(
        None,
        &["code", "amazon", "--at", AT, "--as", "李娜"],
        "246810\r\n",
    );
    assert_eq!(
        stdout(&out).lines().next(),
        Some("528064"),
        "{}",
        stderr(&out)
    );

    let out = wine.run_with_stdin(
        None,
        &["people", "add", "张伟", "--member", "--as", "李娜"],
        "246810\r\n135790\r\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = wine.run_with_stdin(
        None,
        &[
            "share", "amazon", "--with", "张伟", "--until", "8h", "--as", "李娜",
        ],
        "246810\r\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = wine.run_with_stdin(None, &["list", "--json", "--as", "张伟"], "135790\r\n");
    let rows: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 1, "{}", stderr(&out));
    let out = wine.run_with_stdin(
        None,
        &["code", "ebay", "--at", AT, "--as", "张伟"],
        "135790\r\n",
    );
    assert!(!out.status.success() && stdout(&out).trim().is_empty());

    // Recovering from another data folder gives nothing without a PIN.
    let other = wine.folder(&["elsewhere"]);
    let out = wine.run(Some(&other), &["recover", "--all"]);
    assert!(!out.status.success(), "{}", stdout(&out));

    // An admin's PIN reset makes the largest slot there is (the desk key sealed to the new
    // box, the signing key, the resetting admin's vouch): the Credential Manager keeps it
    // whole, and the new PIN opens the desk, the old one nothing.
    let out = wine.run_with_stdin(
        None,
        &["people", "add", "王芳", "--admin", "--as", "李娜"],
        "246810\r\n112233\r\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = wine.run_with_stdin(
        None,
        &["people", "reset-pin", "王芳", "--as", "李娜"],
        "246810\r\n445566\r\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = wine.run_with_stdin(None, &["list", "--as", "王芳"], "112233\r\n");
    assert!(!out.status.success(), "{}", stdout(&out));
    let out = wine.run_with_stdin(
        None,
        &["code", "amazon", "--at", AT, "--as", "王芳"],
        "445566\r\n",
    );
    assert_eq!(
        stdout(&out).lines().next(),
        Some("528064"),
        "{}",
        stderr(&out)
    );

    let out = wine.run_with_stdin(None, &["log", "--as", "李娜"], "246810\r\n");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("share") && stdout(&out).contains("张伟"));
}

/// A Linux desk (native, gnome-keyring) and a Windows desk (under Wine, its Credential Manager)
/// share one team folder, which Wine sees as `Z:\…`: the Windows desk joins with the Linux
/// desk's code, and an account added on either side reaches the other.
#[test]
#[ignore = "needs the Windows build under Wine: scripts/wine-test.sh runs it"]
fn a_linux_desk_and_a_windows_desk_share_one_team_folder() {
    use support::team::{EBAY as EBAY_TEAM, PIN, first_desk, invite};
    use support::{SecretService, wine::win_path};

    let wine = Wine::from_env().fresh_prefix("team");
    let service = SecretService::start();
    let linux = first_desk(&service);
    let shared = tempfile::tempdir().unwrap();
    let folder = shared.path().join("Team");
    let out = linux.run_with_stdin(
        &[
            "team",
            "create",
            folder.to_str().unwrap(),
            "--name",
            "Linux PC",
            "--as",
            "Ann",
        ],
        PIN,
    );
    assert!(out.status.success(), "{}", stderr(&out));

    let (inviting, code) = invite(&linux);
    let windows_folder = win_path(&folder);
    assert!(windows_folder.starts_with("Z:\\"), "{windows_folder}");
    let out = wine.run_with_stdin(
        None,
        &[
            "team",
            "join",
            &windows_folder,
            "--name",
            "Windows PC",
            "--as",
            "Ann",
        ],
        &format!("{code}\r\n246810\r\n"),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = inviting.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));

    let code_on_windows = wine.run_with_stdin(
        None,
        &["code", "amazon", "--at", AT, "--as", "Ann"],
        "246810\r\n",
    );
    let code_on_linux = linux.run_with_stdin(&["code", "amazon", "--at", AT, "--as", "Ann"], PIN);
    assert_eq!(stdout(&code_on_windows), stdout(&code_on_linux));
    assert_eq!(stdout(&code_on_linux).trim(), "528064");

    let out = wine.run_with_stdin(None, &["add", EBAY_TEAM, "--as", "Ann"], "246810\r\n");
    assert!(out.status.success(), "{}", stderr(&out));
    let out = linux.run_with_stdin(&["list", "--as", "Ann"], PIN);
    assert!(stdout(&out).contains("eBay"), "{}", stdout(&out));
    let google = "otpauth://totp/Google:ops?secret=MFRGGZDFMZTWQ2LK&issuer=Google";
    let out = linux.run_with_stdin(&["add", google, "--as", "Ann"], PIN);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = wine.run_with_stdin(None, &["list", "--as", "Ann"], "246810\r\n");
    assert!(stdout(&out).contains("Google"), "{}", stdout(&out));

    // One log: the code taken on Windows is in the Linux log with the Windows computer's name
    // (carried with its add), and the Linux add in the Windows log.
    let logged = |out: &std::process::Output, desk: &str, action: &str| {
        stdout(out).lines().any(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["desk"] == desk && v["action"] == action
        })
    };
    let out = linux.run_with_stdin(&["log", "--json", "--as", "Ann"], PIN);
    assert!(logged(&out, "Windows PC", "copy"), "{}", stdout(&out));
    let out = wine.run_with_stdin(None, &["log", "--json", "--as", "Ann"], "246810\r\n");
    assert!(logged(&out, "Linux PC", "add"), "{}", stdout(&out));

    let out = wine.run(None, &["team", "status", "--json"]);
    let status: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let names: Vec<&str> = status["desks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"Linux PC") && names.contains(&"Windows PC"),
        "{names:?}"
    );

    // An admin removed on Linux replaces the desk key for the team: Windows takes it at Ann's
    // next sign-in there, every item in its Credential Manager sealed again, and its codes
    // still come out right.
    let out = linux.run_with_stdin(
        &["people", "add", "Eve", "--admin", "--as", "Ann"],
        "246810\n314159\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = linux.run_with_stdin(&["people", "remove", "Eve", "--as", "Ann"], PIN);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = wine.run_with_stdin(None, &["list", "--as", "Ann"], "246810\r\n");
    assert!(out.status.success(), "{}", stderr(&out));
    let windows_desk = support::files_under(&wine.user_dir())
        .into_iter()
        .find(|p| p.file_name().is_some_and(|n| n == "desk.json"))
        .expect("the Windows desk's desk.json");
    assert_eq!(
        support::team::desk_check_in(windows_desk.parent().unwrap()),
        support::team::desk_check(&linux),
        "Windows took the team's new desk key"
    );
    let code_on_windows = wine.run_with_stdin(
        None,
        &["code", "amazon", "--at", AT, "--as", "Ann"],
        "246810\r\n",
    );
    assert_eq!(stdout(&code_on_windows).trim(), "528064");
}
