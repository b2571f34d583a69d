//! The real window: the `otp-desk` binary under Xvfb, its accounts (one Chinese) in a private
//! gnome-keyring. Takes a screenshot with ImageMagick's `import` and checks it is not blank.
//! `scripts/window-screenshot.sh` runs this and prints where the PNG is (set
//! OTP_DESK_SCREENSHOT to choose the path).

use crate::support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::support::{Desk, SecretService};

fn wait_for(what: &str, mut ready: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !ready() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Standard deviation of the grey levels: a blank (single-colour) screen is 0.
fn grey_deviation(path: &Path) -> f64 {
    let image = image::open(path)
        .expect("the screenshot is a PNG")
        .to_luma8();
    support::desktop::grey_deviation(&image)
}

/// Starts the window of `desk` on `display` and waits until every code is drawn; returns the
/// running app and its log (bench lines and info messages).
fn open_window(desk: &Desk, display: &str) -> (support::Running, PathBuf) {
    let log = desk.data.path().join("window.log");
    let app = desk
        .command(&[])
        .env("DISPLAY", display)
        .env("OTP_DESK_BENCH", "1")
        .env("OTP_DESK_LOG", "info")
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let app = support::Running(app);
    let read_log = || std::fs::read_to_string(&log).unwrap_or_default();
    wait_for("the codes to be filled in", || {
        read_log().contains("secrets-loaded")
    });
    // Let the frame that shows the last code reach the screen.
    std::thread::sleep(Duration::from_millis(1500));
    (app, log)
}

#[test]
fn the_window_shows_accounts_including_chinese_ones() {
    let service = SecretService::start();
    let desk = Desk::new(Some(&service));
    let added = desk.run(&[
        "add",
        "otpauth://totp/Amazon:shop1@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Amazon",
        "otpauth://totp/%E4%BA%9A%E9%A9%AC%E9%80%8A:%E5%BA%97%E9%93%BA1?secret=GEZDGNBVGY3TQOJQ&issuer=%E4%BA%9A%E9%A9%AC%E9%80%8A",
        "otpauth://totp/eBay:seller?secret=KRSXG5CTMVRXEZLU&issuer=eBay&digits=8",
        "otpauth://totp/Steam:gamer?secret=MFRGGZDFMZTWQ2LK&encoder=steam&issuer=Steam",
        "otpauth://hotp/Bank:me?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0",
    ]);
    assert!(added.status.success(), "{}", support::stderr(&added));

    let (_xvfb, display) = support::start_xvfb(1280, 800);
    let (_app, log) = open_window(&desk, &display);
    let read_log = || std::fs::read_to_string(&log).unwrap_or_default();

    let shot = std::env::var_os("OTP_DESK_SCREENSHOT")
        .map_or_else(|| desk.data.path().join("window.png"), PathBuf::from);
    let status = Command::new("/usr/bin/import")
        .args(["-display", &display, "-window", "root"])
        .arg(&shot)
        .status()
        .unwrap();
    assert!(status.success(), "import failed");
    let deviation = grey_deviation(&shot);
    println!(
        "screenshot: {} (grey level deviation {deviation:.1})",
        shot.display()
    );
    assert!(
        deviation > 10.0,
        "the screenshot looks blank (deviation {deviation:.1}); log:\n{}",
        read_log()
    );
    assert!(!read_log().contains("ERROR"), "{}", read_log());
}

/// The strips of the window that hold no live content (left edge, names and banners' text;
/// not the countdown rings or the codes), as grey pixels.
fn still_parts(path: &Path, window: (u32, u32, u32, u32)) -> Vec<u8> {
    let image = image::open(path).expect("a PNG").to_luma8();
    let (x, y, width, height) = window;
    let mut out = Vec::new();
    for row in y..y + height {
        for col in (x..x + 24).chain(x + 70..x + width / 2) {
            out.push(image.get_pixel(col, row).0[0]);
        }
    }
    out
}

fn screenshot(display: &str, path: &Path) {
    let status = Command::new("/usr/bin/import")
        .args(["-display", display, "-window", "root"])
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success(), "import failed");
}

#[test]
fn left_open_with_the_backup_reminder_the_window_stays_put() {
    let service = SecretService::start();
    let desk = Desk::new(Some(&service));
    let added = desk.run(&[
        "add",
        "otpauth://totp/Amazon:shop1@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Amazon",
        "otpauth://totp/eBay:seller?secret=KRSXG5CTMVRXEZLU&issuer=eBay&digits=8",
    ]);
    assert!(added.status.success(), "{}", support::stderr(&added));
    // No backup was ever made, so the reminder shows; the place is fixed for the comparison.
    std::fs::write(
        desk.data.path().join("settings.json"),
        r#"{ "language": "english", "theme": "light",
             "window": { "x": 40.0, "y": 40.0, "width": 440.0, "height": 480.0 } }"#,
    )
    .unwrap();
    let (_xvfb, display) = support::start_xvfb(1024, 768);
    let (_app, _log) = open_window(&desk, &display);
    let (first, later) = (
        desk.data.path().join("a.png"),
        desk.data.path().join("b.png"),
    );
    screenshot(&display, &first);
    std::thread::sleep(Duration::from_secs(30));
    screenshot(&display, &later);
    let window = (40, 40, 440, 480);
    let (a, b) = (still_parts(&first, window), still_parts(&later, window));
    let moved = a.iter().zip(&b).filter(|(p, q)| p != q).count();
    assert_eq!(
        moved,
        0,
        "{moved} still pixels changed in 30 s: {} vs {}",
        first.display(),
        later.display()
    );
    assert!(grey_deviation(&later) > 5.0, "the screenshot looks blank");
}
