//! `code --copy` on X11 (the real binary under Xvfb): the code is on the clipboard, offered with
//! the `x-kde-passwordManagerHint` type that Klipper and other clipboard managers read as "do
//! not keep this", as another X client (xclip) sees it.
#![cfg(target_os = "linux")] // X11 under Xvfb; the Windows marks: tests/wine_window.rs

mod support;

use std::process::Stdio;
use std::time::Duration;

use support::{Desk, Running, clipboard_as};

const URI: &str = "otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example";

#[test]
fn a_copied_code_tells_clipboard_managers_not_to_keep_it() {
    let (_xvfb, display) = support::start_xvfb(640, 480);
    let desk = Desk::new(None);
    let said = desk.data.path().join("copier.log");
    let copier = desk
        .command(&["code", "--uri", URI, "--copy"])
        .env("DISPLAY", &display)
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&said).unwrap())
        .spawn()
        .unwrap();
    let mut copier = Running(copier);
    // The copier serves the clipboard until it clears it; one that ended says why.
    let serving = |copier: &mut Running| {
        if let Ok(Some(status)) = copier.0.try_wait() {
            let text = std::fs::read_to_string(&said).unwrap_or_default();
            panic!("the copier ended ({status}) before the clipboard was read: {text}");
        }
    };
    support::wait_for(
        "the copier to own the clipboard",
        Duration::from_secs(60),
        || {
            serving(&mut copier);
            let owned = std::process::Command::new("xclip")
                .args(["-o", "-selection", "clipboard", "-t", "TARGETS"])
                .env("DISPLAY", &display)
                .output()
                .expect("xclip is missing: run scripts/test.sh, which installs it");
            owned.status.success() && !owned.stdout.is_empty()
        },
    );
    let targets = clipboard_as(&display, "TARGETS", |t| !t.is_empty());
    assert!(
        targets.lines().any(|t| t == "x-kde-passwordManagerHint"),
        "{targets}"
    );
    let code = clipboard_as(&display, "UTF8_STRING", |t| !t.is_empty());
    assert_eq!(code.len(), 6, "{code}");
    assert!(code.bytes().all(|b| b.is_ascii_digit()), "{code}");
    assert_eq!(
        clipboard_as(&display, "x-kde-passwordManagerHint", |t| !t.is_empty()),
        "secret"
    );
}
