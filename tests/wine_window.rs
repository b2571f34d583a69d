//! The Windows build beyond the command line, under Wine: its window draws the account list
//! (screenshot under Xvfb), a copied code carries Windows' clipboard-history marks, the NSIS
//! installer installs silently, runs and uninstalls, and the library's own unit tests pass as a
//! Windows program (files, screen-lock window). `scripts/wine-test.sh` runs these with
//! `--ignored --test-threads=1`; a plain `cargo test` lists them as ignored.
#![cfg(target_os = "linux")]

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use support::list_shot::ListShot;
use support::wine::{Wine, output};
use support::{Running, clipboard_as, stderr, stdout, wait_for};

/// `wine program args…` in the test prefix (for programs other than otp-desk.exe).
fn wine_command(wine: &Wine, program: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new("wine");
    cmd.arg(program)
        .args(args)
        .env("WINEPREFIX", &wine.prefix)
        .env("WINEDEBUG", "-all")
        .env_remove("DISPLAY")
        .stdin(Stdio::null());
    cmd
}

fn env_path(name: &str) -> PathBuf {
    std::env::var_os(name)
        .map(PathBuf::from)
        .unwrap_or_else(|| panic!("{name} is not set: run scripts/wine-test.sh"))
}

/// Starts the window on a fresh Xvfb, waits until it is drawn and measures its screenshot.
/// `with_accounts`: wait until their codes are shown; without, until the first frame (an empty
/// vault reads no secret, so "secrets-loaded" never comes).
fn window_shot(
    wine: &Wine,
    data: &support::wine::Folder,
    shot: &Path,
    with_accounts: bool,
) -> ListShot {
    std::fs::create_dir_all(&data.host).unwrap();
    std::fs::write(
        data.host.join("settings.json"),
        r#"{ "language": "english", "theme": "light", "backup_reminder": false,
             "window": { "x": 40.0, "y": 40.0, "width": 480.0, "height": 420.0 } }"#,
    )
    .unwrap();
    let (_xvfb, display) = support::start_xvfb(1024, 768);
    wine.restart_with_display();
    let log = data.host.join("window.log");
    let app = wine
        .command(Some(data), &[])
        .env("DISPLAY", &display)
        .env("OTP_DESK_BENCH", "1")
        .env("OTP_DESK_LOG", "info")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let _app = Running(app);
    let read_log = || std::fs::read_to_string(&log).unwrap_or_default();
    let ready = if with_accounts {
        "secrets-loaded"
    } else {
        "first-frame"
    };
    wait_for("the window", Duration::from_secs(90), || {
        read_log().contains(ready)
    });
    std::thread::sleep(Duration::from_millis(2500));
    let status = Command::new("/usr/bin/import")
        .args(["-display", &display, "-window", "root"])
        .arg(shot)
        .status()
        .unwrap();
    assert!(status.success(), "import failed");
    assert!(!read_log().contains("ERROR"), "{}", read_log());
    ListShot::read(shot)
}

fn describe(shot: &ListShot) -> String {
    format!(
        "{} row cards (panel {:?}), codes of {:?} digits: {:?}",
        shot.cards.len(),
        shot.panel,
        shot.codes(),
        shot.cards
    )
}

/// The first-run page of an empty vault, then four accounts: three TOTP codes (one of them 8
/// digits) and an HOTP account that shows no code until "Next code" is pressed. The list is
/// drawn when the screenshot has one row card per account and the three codes' digits; the
/// first-run page must show neither (it has buttons and text, but no card).
#[test]
#[ignore = "needs the Windows build under Wine: scripts/wine-test.sh runs it"]
fn the_window_draws_the_account_list() {
    let wine = Wine::from_env().fresh_prefix("window");
    let shots = env_path("OTP_DESK_WINE_SHOTS");
    std::fs::create_dir_all(&shots).unwrap();
    let empty = wine.folder(&["window-empty"]);
    let first_run = window_shot(&wine, &empty, &shots.join("window-empty.png"), false);
    println!("first-run page: {}", describe(&first_run));
    assert!(
        first_run.cards.is_empty() && first_run.codes().is_empty(),
        "the first-run page looks like a list: {}",
        describe(&first_run)
    );

    let full = wine.folder(&["window-full"]);
    std::fs::create_dir_all(&full.host).unwrap();
    wine.ok(
        Some(&full),
        &[
            "add",
            "otpauth://totp/Amazon:shop1@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Amazon",
            "otpauth://totp/eBay:seller?secret=KRSXG5CTMVRXEZLU&issuer=eBay&digits=8",
            "otpauth://totp/Shopify:store?secret=MFRGGZDFMZTWQ2LK&issuer=Shopify",
            "otpauth://hotp/Bank:me?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0",
        ],
    );
    let list = window_shot(&wine, &full, &shots.join("window-accounts.png"), true);
    println!("four accounts: {}", describe(&list));
    assert!(
        list.cards.len() == 4 && list.codes() == [6, 6, 8],
        "the list is not drawn (want 4 row cards, codes of [6, 6, 8] digits): {} (see {})",
        describe(&list),
        shots.display()
    );
}

/// The Windows clipboard under Wine is the X11 one: Wine offers every clipboard format the
/// program set, under its registered name, as a target of the CLIPBOARD selection.
#[test]
#[ignore = "needs the Windows build under Wine: scripts/wine-test.sh runs it"]
fn a_copied_code_is_kept_out_of_windows_clipboard_history_and_cloud() {
    let wine = Wine::from_env();
    let (_xvfb, display) = support::start_xvfb(640, 480);
    wine.restart_with_display();
    let uri = "otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example";
    let copier = wine
        .command(None, &["code", "--uri", uri, "--copy"])
        .env("DISPLAY", &display)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let _copier = Running(copier);
    let targets = clipboard_as(&display, "TARGETS", |t| {
        t.contains("CanIncludeInClipboardHistory")
    });
    for format in [
        "ExcludeClipboardContentFromMonitorProcessing",
        "CanIncludeInClipboardHistory",
        "CanUploadToCloudClipboard",
    ] {
        assert!(
            targets.lines().any(|t| t == format),
            "{format} missing from {targets}"
        );
    }
}

#[test]
#[ignore = "needs the Windows build under Wine: scripts/wine-test.sh runs it"]
fn the_installer_installs_silently_runs_and_uninstalls_keeping_the_accounts() {
    let wine = Wine::from_env();
    let setup = env_path("OTP_DESK_WINE_SETUP");
    let install_dir = wine.user_dir().join("AppData/Local/Programs/OTP Desk");
    let installed = install_dir.join("otp-desk.exe");
    let out = output(wine_command(&wine, &setup, &["/S"]), None);
    assert!(out.status.success(), "setup /S failed: {}", stderr(&out));
    assert!(installed.exists(), "nothing at {}", installed.display());

    let installed_wine = Wine {
        exe: installed.clone(),
        prefix: wine.prefix.clone(),
    };
    let version = installed_wine.ok(None, &["--version"]);
    assert!(version.starts_with("otp-desk 0.1.0 ("), "{version}");
    let key = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\OTP Desk";
    let reg = |args: &[&str]| output(wine_command(&wine, Path::new("reg"), args), None);
    let entry = reg(&["query", key, "/v", "DisplayVersion"]);
    assert!(stdout(&entry).contains("0.1.0"), "{}", stdout(&entry));
    let data = wine.folder(&["installed"]);
    installed_wine.ok(
        Some(&data),
        &[
            "add",
            "otpauth://totp/Kept:me?secret=JBSWY3DPEHPK3PXP&issuer=Kept",
        ],
    );

    // The uninstaller copies itself to %TEMP% and returns at once; wait for it to finish.
    let out = output(
        wine_command(&wine, &install_dir.join("uninstall.exe"), &["/S"]),
        None,
    );
    assert!(
        out.status.success(),
        "uninstall /S failed: {}",
        stderr(&out)
    );
    wait_for("the uninstaller", Duration::from_secs(60), || {
        !install_dir.exists()
    });
    assert!(
        !reg(&["query", key]).status.success(),
        "the Apps & features entry stayed"
    );
    assert!(
        data.metadata().exists(),
        "the uninstaller removed the accounts"
    );
}

/// The library's unit tests, built as a Windows program: Windows file semantics (flush only
/// through a writable handle, sharing violations retried), the screen-lock window, the
/// keychain's search terms, metadata backups, the team folder's watch, and everything else
/// that is not Linux-only.
#[test]
#[ignore = "needs the Windows build under Wine: scripts/wine-test.sh runs it"]
fn the_unit_tests_pass_as_a_windows_program() {
    let wine = Wine::from_env();
    let tests = Wine {
        exe: env_path("OTP_DESK_WINE_LIB_TESTS"),
        prefix: wine.prefix.clone(),
    };
    let out = tests.run(None, &["--test-threads=2"]);
    let report = stdout(&out);
    let summary = report
        .lines()
        .find(|l| l.starts_with("test result:"))
        .unwrap_or_default()
        .to_owned();
    println!("Windows unit tests: {summary}");
    assert!(
        out.status.success(),
        "unit tests failed under Wine:\n{}\n{}",
        report
            .lines()
            .filter(|l| l.contains("FAILED") || l.contains("panicked"))
            .collect::<Vec<_>>()
            .join("\n"),
        stderr(&out)
    );
    for must_run in [
        "store::private_file::tests::a_replace_waits_for_a_program_that_holds_the_file",
        "platform::screen_lock_windows::tests::a_session_lock_message_reaches_the_lock_and_an_unlock_does_not",
        "store::metadata::tests::save_then_load_round_trips_and_keeps_a_backup",
        // The team folder watched through ReadDirectoryChangesW, with the slow timer an hour off.
        "team::watch::tests::another_desks_file_is_reported_by_the_os_without_the_slow_timer",
    ] {
        assert!(
            report.contains(&format!("test {must_run} ... ok")),
            "{must_run} did not pass"
        );
    }
}
