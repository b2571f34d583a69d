//! The compact mode for real: the `otp-desk` binary under Xvfb with a window manager (openbox),
//! its accounts in a private gnome-keyring, in Chinese. Started compact, the window is narrow
//! and the window manager keeps it above others (`_NET_WM_STATE_ABOVE`); its button takes it
//! back to the normal size and level, and the normal window's button makes it compact again.
//! With `OTP_DESK_SCREENSHOT=path` the compact window's picture is kept there (the README's
//! assets/screenshots/window-zh-compact.png is one).
#![cfg(target_os = "linux")]

mod support;

use std::process::Command;
use std::time::Duration;

use otp_desk::applock::PasswordHash;
use otp_desk::gui::command::{LanguageChoice, ThemeChoice};
use otp_desk::gui::model::settings::{Settings, WindowGeometry};
use support::desktop::{run, start_openbox};
use support::{Desk, Running, SecretService};

const ACCOUNTS: [&str; 4] = [
    "otpauth://totp/Amazon:shop1@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Amazon",
    "otpauth://totp/%E4%BA%9A%E9%A9%AC%E9%80%8A:%E5%BA%97%E9%93%BA1?secret=GEZDGNBVGY3TQOJQ&issuer=%E4%BA%9A%E9%A9%AC%E9%80%8A",
    "otpauth://totp/GitHub:octo-desk?secret=KRSXG5CTMVRXEZLU&issuer=GitHub",
    "otpauth://totp/eBay:seller?secret=MFRGGZDFMZTWQ2LK&issuer=eBay&digits=8",
];

fn above(display: &str, window: &str) -> bool {
    run(display, "xprop", &["-id", window, "_NET_WM_STATE"]).contains("_NET_WM_STATE_ABOVE")
}

/// The window's inner width, as xdotool reports its geometry.
fn width(display: &str, window: &str) -> u32 {
    let geometry = run(display, "xdotool", &["getwindowgeometry", window]);
    let size = geometry
        .lines()
        .find_map(|l| l.trim().strip_prefix("Geometry: "))
        .unwrap_or_default()
        .to_owned();
    size.split('x')
        .next()
        .and_then(|w| w.parse().ok())
        .unwrap_or(0)
}

/// Clicks at (`x`, `y`) inside the window, as a person would.
fn click(display: &str, window: &str, x: u32, y: u32) {
    let (x, y) = (x.to_string(), y.to_string());
    run(
        display,
        "xdotool",
        &["mousemove", "--window", window, &x, &y],
    );
    std::thread::sleep(Duration::from_millis(200));
    run(display, "xdotool", &["click", "1"]);
}

/// Starts the window of `desk` with `settings` under Xvfb and openbox; waits for `ready` in its
/// log ("": nothing) and for the window. Returns the processes (dropped last to first), the display, the
/// window's id and the log's path.
fn open(
    desk: &Desk,
    settings: &Settings,
    ready: &str,
) -> (Vec<Running>, String, String, std::path::PathBuf) {
    let path = desk.data.path().join("settings.json");
    otp_desk::gui::model::settings::save(&path, settings).unwrap();
    let (xvfb, display) = support::start_xvfb(1024, 700);
    let wm = start_openbox(&display);
    let mut processes = vec![xvfb, wm];
    let log = desk.data.path().join("window.log");
    let app = desk
        .command(&[])
        .env("DISPLAY", &display)
        .env_remove("XDG_SESSION_TYPE")
        .env("OTP_DESK_BENCH", "1")
        .env("OTP_DESK_LOG", "info")
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    processes.push(Running(app));
    let read_log = || std::fs::read_to_string(&log).unwrap_or_default();
    support::wait_for(ready, Duration::from_secs(60), || {
        read_log().contains(ready)
    });
    let mut window = String::new();
    support::wait_for("the window", Duration::from_secs(20), || {
        window = run(&display, "xdotool", &["search", "--name", "^OTP Desk$"]);
        !window.is_empty()
    });
    let window = window.lines().next().unwrap().to_owned();
    std::thread::sleep(Duration::from_millis(1500));
    (processes, display, window, log)
}

#[test]
fn compact_keeps_a_narrow_window_above_others_and_turns_off_again() {
    let service = SecretService::start();
    let desk = Desk::new(Some(&service));
    let added = desk.run(&["add", ACCOUNTS[0], ACCOUNTS[1], ACCOUNTS[2], ACCOUNTS[3]]);
    assert!(added.status.success(), "{}", support::stderr(&added));
    let settings = Settings {
        language: LanguageChoice::SimplifiedChinese,
        theme: ThemeChoice::Light,
        backup_reminder: false,
        compact: true,
        window: Some(WindowGeometry {
            x: 60.0,
            y: 60.0,
            width: 480.0,
            height: 560.0,
        }),
        ..Settings::default()
    };
    let path = desk.data.path().join("settings.json");
    let (processes, display, window, log) = open(&desk, &settings, "secrets-loaded");
    let read_log = || std::fs::read_to_string(&log).unwrap_or_default();

    let compact_width = width(&display, &window);
    assert!(
        (240..=320).contains(&compact_width),
        "compact width {compact_width}"
    );
    support::wait_for(
        "the compact window above others",
        Duration::from_secs(10),
        || above(&display, &window),
    );
    if let Some(keep) = std::env::var_os("OTP_DESK_SCREENSHOT") {
        let status = Command::new("import")
            .args(["-window", &window])
            .arg(&keep)
            .env("DISPLAY", &display)
            .status()
            .expect("imagemagick is missing: run scripts/test.sh");
        assert!(status.success());
    }

    // Its own button, at the right end of the first row, goes back.
    click(&display, &window, compact_width - 22, 20);
    support::wait_for("the normal window", Duration::from_secs(10), || {
        !above(&display, &window) && width(&display, &window) >= 440
    });
    assert_eq!(width(&display, &window), 480, "the normal size came back");

    // The normal window's button, at the end of the search row, makes it compact again.
    click(&display, &window, 480 - 22, 52);
    support::wait_for("the compact window again", Duration::from_secs(10), || {
        above(&display, &window) && width(&display, &window) < 340
    });
    let text = read_log();
    assert!(!text.contains("ERROR"), "{text}");
    drop(processes);
    let saved = otp_desk::gui::model::settings::load(&path);
    assert!(saved.compact);
    let normal = saved.window.unwrap();
    assert_eq!(
        (normal.width, normal.height),
        (480.0, 560.0),
        "the normal size is kept"
    );
}

/// A compact window that starts locked is above others while it asks for the password: the
/// window manager is asked again once the window is shown, locked or not.
#[test]
fn a_compact_window_that_starts_locked_is_above_others_before_the_password() {
    let service = SecretService::start();
    let desk = Desk::new(Some(&service));
    let added = desk.run(&["add", ACCOUNTS[0]]);
    assert!(added.status.success(), "{}", support::stderr(&added));
    let mut settings = Settings {
        language: LanguageChoice::SimplifiedChinese,
        backup_reminder: false,
        compact: true,
        ..Settings::default()
    };
    settings.lock.password = Some(PasswordHash::new("246813", "246813").unwrap());
    // No frame counter while locked: the window itself is the sign.
    let (processes, display, window, log) = open(&desk, &settings, "");
    support::wait_for(
        "the locked window above others",
        Duration::from_secs(10),
        || above(&display, &window),
    );
    let text = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(!text.contains("ERROR"), "{text}");
    drop(processes);
}
