//! Desk mode in the real window: the `otp-desk` binary under Xvfb with a private gnome-keyring.
//! A person signs in with the keyboard, the window is taken off the screen (unmapped, as when
//! it is minimised or hidden in the tray) and the idle lock still fires on time, without a
//! frame being drawn; back on screen it shows "Who is working?", not the accounts.

use crate::support;

use std::process::Command;
use std::time::{Duration, Instant};

use super::{open_window, xdotool};
use crate::support::{Desk, SecretService, wait_for};

#[test]
fn the_idle_lock_fires_while_the_window_is_off_screen() {
    let service = SecretService::start();
    let desk = Desk::new(Some(&service));
    let added = desk.run(&[
        "add",
        "otpauth://totp/Amazon:shop1?secret=JBSWY3DPEHPK3PXP&issuer=Amazon",
    ]);
    assert!(added.status.success(), "{}", support::stderr(&added));
    let out = desk.run_with_stdin(&["people", "add", "Li Na", "--admin"], "246810\n");
    assert!(out.status.success(), "{}", support::stderr(&out));
    std::fs::write(
        desk.data.path().join("settings.json"),
        r#"{ "language": "english", "theme": "light", "backup_reminder": false,
             "lock": { "idle_mins": 1 },
             "window": { "x": 0.0, "y": 0.0, "width": 440.0, "height": 520.0 } }"#,
    )
    .unwrap();
    let (_xvfb, display) = support::start_xvfb(1024, 768);
    let (_app, window, log) = open_window(&desk, &display);
    let read_log = || std::fs::read_to_string(&log).unwrap_or_default();
    std::thread::sleep(Duration::from_secs(2));
    // The keyboard alone: Tab to the first person, Space picks them, the PIN field takes focus.
    xdotool(&display, &["windowfocus", "--sync", &window]);
    xdotool(&display, &["key", "--window", &window, "Tab"]);
    std::thread::sleep(Duration::from_millis(400));
    xdotool(&display, &["key", "--window", &window, "space"]);
    std::thread::sleep(Duration::from_millis(600));
    xdotool(
        &display,
        &["type", "--window", &window, "--delay", "60", "246810"],
    );
    xdotool(&display, &["key", "--window", &window, "Return"]);
    wait_for("the session to start", Duration::from_secs(20), || {
        read_log().contains("desk session started")
    });
    let started = Instant::now();
    // Off the screen: no frame is drawn from now on.
    xdotool(&display, &["windowunmap", "--sync", &window]);
    wait_for("the idle lock", Duration::from_secs(90), || {
        read_log().contains("locking after idle time")
    });
    let waited = started.elapsed().as_secs_f64();
    assert!(
        (55.0..80.0).contains(&waited),
        "the idle lock came after {waited:.0} s, not one minute"
    );
    xdotool(&display, &["windowmap", "--sync", &window]);
    std::thread::sleep(Duration::from_secs(2));
    let shot = desk.data.path().join("locked.png");
    let taken = Command::new("import")
        .args(["-window", "root", shot.to_str().unwrap()])
        .env("DISPLAY", &display)
        .status()
        .unwrap();
    assert!(taken.success());
    assert!(!read_log().contains("panicked"), "{}", read_log());
}
