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

    let out = wine.run_with_stdin(None, &["log", "--as", "李娜"], "246810\r\n");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("share") && stdout(&out).contains("张伟"));
}
