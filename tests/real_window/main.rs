//! The real release-style window, for real: the `otp-desk` binary under Xvfb, each test with its
//! own display, private D-Bus session and gnome-keyring, stopped by PID. They share one test
//! binary so that their waits overlap (the idle lock alone waits a minute) instead of adding up.
//! - `accounts`: the account list (one name in Chinese) is drawn and stays put all day;
//! - `desk_idle`: a person signs in with the keyboard and the idle lock fires off screen;
//! - `dpi`: the window, the quick pick and a dialog at 100, 125, 150 and 200 %;
//! - `team`: a change on another computer reaches the open window through the team folder.
#![cfg(target_os = "linux")] // the Windows window: tests/wine_window.rs

#[path = "../support/mod.rs"]
mod support;

mod accounts;
mod desk_idle;
mod dpi;
mod team;

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

/// `xdotool` on `display`; its output, trimmed.
fn xdotool(display: &str, args: &[&str]) -> String {
    let out = Command::new("xdotool")
        .args(args)
        .env("DISPLAY", display)
        .output()
        .expect("xdotool is missing: run scripts/test.sh");
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// `desk`'s window on `display`, its log (at info) in `window.log` of the desk's data folder,
/// once it is mapped: the running window, its X window id and the log's path.
fn open_window(desk: &support::Desk, display: &str) -> (support::Running, String, PathBuf) {
    let log = desk.data.path().join("window.log");
    let app = desk
        .command(&[])
        .env("DISPLAY", display)
        .env("OTP_DESK_LOG", "info")
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let app = support::Running(app);
    let mut window = String::new();
    support::wait_for("the window", Duration::from_secs(30), || {
        window = xdotool(display, &["search", "--name", "OTP Desk"]);
        !window.is_empty()
    });
    let window = window.lines().last().unwrap_or_default().to_owned();
    (app, window, log)
}
