//! `code --copy` on X11 (the real binary under Xvfb): the code is on the clipboard, offered with
//! the `x-kde-passwordManagerHint` type that Klipper and other clipboard managers read as "do
//! not keep this", as another X client (xclip) sees it.
#![cfg(target_os = "linux")] // X11 under Xvfb; the Windows marks: tests/wine_window.rs

mod support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::{Desk, Running};

const URI: &str = "otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example";

/// What `xclip` reads from the CLIPBOARD selection as `target`, once something serves it.
fn clipboard(display: &str, target: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let out = Command::new("xclip")
            .args(["-o", "-selection", "clipboard", "-t", target])
            .env("DISPLAY", display)
            .output()
            .expect("xclip is missing: run scripts/test.sh, which installs it");
        if out.status.success() && !out.stdout.is_empty() {
            return String::from_utf8_lossy(&out.stdout).into_owned();
        }
        assert!(Instant::now() < deadline, "nothing on the clipboard");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_copied_code_tells_clipboard_managers_not_to_keep_it() {
    let (_xvfb, display) = support::start_xvfb(640, 480);
    let desk = Desk::new(None);
    let copier = desk
        .command(&["code", "--uri", URI, "--copy"])
        .env("DISPLAY", &display)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let _copier = Running(copier);
    let targets = clipboard(&display, "TARGETS");
    assert!(
        targets.lines().any(|t| t == "x-kde-passwordManagerHint"),
        "{targets}"
    );
    let code = clipboard(&display, "UTF8_STRING");
    assert_eq!(code.len(), 6, "{code}");
    assert!(code.bytes().all(|b| b.is_ascii_digit()), "{code}");
    assert_eq!(clipboard(&display, "x-kde-passwordManagerHint"), "secret");
}
