//! High-DPI screens for real: the `otp-desk` binary under Xvfb with a window manager (openbox),
//! in Chinese, at 100, 125, 150 and 200 % (winit's `WINIT_X11_SCALE_FACTOR`, which is what a
//! Windows desk at 125 % looks like to the window: the same points, more pixels). At each scale:
//! - the window draws at the display's scale (egui's pixels per point), so nothing is blurry,
//!   and it opens at the remembered size in points (480 × 560 is 600 × 700 pixels at 125 %);
//! - the main window, the quick pick (Ctrl+Alt+O, pressed over a sign-in page: python3-tk) and
//!   the Add dialog (Ctrl+N) are captured to `target/tmp/dpi/` for a person to look at (the
//!   test prints the paths); each picture has the window's size in pixels and is not blank;
//! - after closing, the remembered size is still 480 × 560 points, not the pixels.
//!
//! That nothing is cut off at these sizes is checked frame by frame by tests/gui_fit.rs (egui
//! lays out in points, so the layout is the same at every scale).

use crate::support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::support::desktop::{active_title, ask_to_close, grey_deviation, run, start_openbox};
use crate::support::{Desk, Running, SecretService};
use otp_desk::gui::command::LanguageChoice;
use otp_desk::gui::model::settings::{Settings, WindowGeometry};
use otp_desk::gui::support::i18n::{Language, Tr};

const ACCOUNTS: [&str; 3] = [
    "otpauth://totp/Shopify:store7?secret=JBSWY3DPEHPK3PXP&issuer=Shopify",
    "otpauth://totp/%E4%BA%9A%E9%A9%AC%E9%80%8A:%E5%BA%97%E9%93%BA1?secret=GEZDGNBVGY3TQOJQ&issuer=%E4%BA%9A%E9%A9%AC%E9%80%8A",
    "otpauth://totp/eBay:seller?secret=KRSXG5CTMVRXEZLU&issuer=eBay",
];
const SIGN_IN: &str = "Amazon Sign-In";
/// A sign-in page's stand-in (python3-tk): the window the quick pick types into.
const TK_PAGE: &str = r#"
import sys, tkinter as tk
root = tk.Tk()
root.title(sys.argv[1])
root.geometry("560x160+1200+60")
entry = tk.Entry(root, width=30)
entry.pack(padx=20, pady=40)
entry.focus_force()
root.mainloop()
"#;
const WIDTH: f32 = 480.0;
const HEIGHT: f32 = 560.0;

/// The window's size in pixels (its client area, without the window manager's frame).
fn size_of(display: &str, window: &str) -> (u32, u32) {
    let info = run(display, "xwininfo", &["-id", window]);
    let field = |name: &str| -> u32 {
        info.lines()
            .find_map(|l| l.trim().strip_prefix(name))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(|| panic!("xwininfo has no {name}: {info}"))
    };
    (field("Width:"), field("Height:"))
}

/// Captures `window` to `path`; checks the picture is `expected` pixels and not blank.
fn capture(display: &str, window: &str, path: &Path, expected: (u32, u32)) {
    let status = Command::new("import")
        .args(["-window", window])
        .arg(path)
        .env("DISPLAY", display)
        .status()
        .expect("ImageMagick's import is missing: run scripts/test.sh");
    assert!(status.success(), "import failed for {}", path.display());
    let picture = image::open(path).expect("a PNG").to_luma8();
    let size = (picture.width(), picture.height());
    assert!(
        size.0.abs_diff(expected.0) <= 2 && size.1.abs_diff(expected.1) <= 2,
        "{}: {size:?} pixels, not {expected:?}",
        path.display()
    );
    assert!(
        grey_deviation(&picture) > 10.0,
        "{} is blank",
        path.display()
    );
    println!("  {}", path.display());
}

fn pixels(points: f32, scale: f32) -> u32 {
    // Rounded as winit rounds a logical size to a physical one.
    (points * scale).round() as u32
}

/// One scale: opens the window, captures its three screens, closes it; returns the pictures.
fn at_scale(desk: &Desk, scale: f32, out: &Path, tr: &Tr) {
    let percent = (scale * 100.0).round() as u32;
    println!("{percent} %:");
    let settings_path = desk.data.path().join("settings.json");
    let settings = Settings {
        language: LanguageChoice::SimplifiedChinese,
        backup_reminder: false,
        window: Some(WindowGeometry {
            x: 40.0,
            y: 40.0,
            width: WIDTH,
            height: HEIGHT,
        }),
        ..Settings::default()
    };
    otp_desk::gui::model::settings::save(&settings_path, &settings).unwrap();

    let (xvfb, display) = support::start_xvfb(2400, 1700);
    let wm = start_openbox(&display);
    let log = desk.data.path().join(format!("window-{percent}.log"));
    let app = desk
        .command(&[])
        .env("DISPLAY", &display)
        .env("WINIT_X11_SCALE_FACTOR", scale.to_string())
        .env_remove("XDG_SESSION_TYPE")
        .env("OTP_DESK_BENCH", "1")
        .env("OTP_DESK_LOG", "info")
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let mut app = Running(app);
    let read_log = || std::fs::read_to_string(&log).unwrap_or_default();
    support::wait_for("the codes", Duration::from_secs(60), || {
        read_log().contains("secrets-loaded")
            && !run(&display, "xdotool", &["search", "--name", "^OTP Desk$"]).is_empty()
    });
    std::thread::sleep(Duration::from_millis(1500));
    let drawn_at = format!("pixels_per_point={scale}");
    assert!(
        read_log().contains(&drawn_at),
        "{percent} %: the window did not draw at the display's scale (no {drawn_at}):\n{}",
        read_log()
    );
    let found = run(&display, "xdotool", &["search", "--name", "^OTP Desk$"]);
    let window = found.lines().next().expect("the window").to_owned();
    let main_size = (pixels(WIDTH, scale), pixels(HEIGHT, scale));
    assert_eq!(
        size_of(&display, &window),
        main_size,
        "{percent} %: the remembered {WIDTH} × {HEIGHT} points in pixels"
    );
    capture(
        &display,
        &window,
        &out.join(format!("main-zh-{percent}.png")),
        main_size,
    );

    // The quick pick, opened by the system-wide shortcut over a sign-in page.
    let page = Command::new("/usr/bin/python3")
        .args(["-c", TK_PAGE, SIGN_IN])
        .env("DISPLAY", &display)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("python3-tk is missing: run scripts/test.sh, which installs it");
    let page = Running(page);
    support::wait_for("the sign-in page", Duration::from_secs(20), || {
        !run(&display, "xdotool", &["search", "--name", SIGN_IN]).is_empty()
    });
    let found = run(&display, "xdotool", &["search", "--name", SIGN_IN]);
    let page_window = found.lines().next().expect("the page's window").to_owned();
    run(
        &display,
        "xdotool",
        &["windowactivate", "--sync", &page_window],
    );
    support::wait_for("the page's focus", Duration::from_secs(10), || {
        active_title(&display) == SIGN_IN
    });
    run(
        &display,
        "xdotool",
        &["key", "--clearmodifiers", "ctrl+alt+o"],
    );
    let pick_title = tr.get("quick-pick-title");
    support::wait_for("the quick pick", Duration::from_secs(15), || {
        active_title(&display) == pick_title
    });
    let [pick_width, pick_height] = otp_desk::gui::features::quick_pick::PICK_SIZE;
    let pick_size = (pixels(pick_width, scale), pixels(pick_height, scale));
    support::wait_for("the quick pick's size", Duration::from_secs(10), || {
        size_of(&display, &window) == pick_size
    });
    std::thread::sleep(Duration::from_millis(700));
    capture(
        &display,
        &window,
        &out.join(format!("quick-pick-zh-{percent}.png")),
        pick_size,
    );
    run(&display, "xdotool", &["key", "Escape"]);
    support::wait_for(
        "the focus back on the page",
        Duration::from_secs(10),
        || active_title(&display) == SIGN_IN,
    );
    drop(page);
    support::wait_for(
        "the window back at its size",
        Duration::from_secs(10),
        || size_of(&display, &window) == main_size,
    );

    // A dialog: Add account (Ctrl+N), the longest of the everyday ones.
    run(&display, "xdotool", &["windowactivate", "--sync", &window]);
    run(&display, "xdotool", &["key", "ctrl+n"]);
    std::thread::sleep(Duration::from_millis(1200));
    capture(
        &display,
        &window,
        &out.join(format!("add-zh-{percent}.png")),
        main_size,
    );
    run(&display, "xdotool", &["key", "Escape"]);

    // Closing remembers the size in points, whatever the scale.
    support::wait_for("the window to close", Duration::from_secs(30), || {
        if app.0.try_wait().ok().flatten().is_some() {
            return true;
        }
        ask_to_close(&display, window.parse().expect("a window id"));
        std::thread::sleep(Duration::from_millis(500));
        false
    });
    let saved = otp_desk::gui::model::settings::load(&settings_path);
    let geometry = saved.window.expect("the window's place is remembered");
    assert!(
        (geometry.width - WIDTH).abs() <= 1.0 && (geometry.height - HEIGHT).abs() <= 1.0,
        "{percent} %: remembered {} × {} points, not {WIDTH} × {HEIGHT}",
        geometry.width,
        geometry.height
    );
    let text = read_log();
    assert!(!text.contains("ERROR"), "{percent} %:\n{text}");
    drop((wm, xvfb));
}

#[test]
fn the_window_quick_pick_and_a_dialog_at_100_125_150_and_200_percent() {
    let service = SecretService::start();
    let desk = Desk::new(Some(&service));
    let added = desk.run(&[&["add"][..], &ACCOUNTS[..]].concat());
    assert!(added.status.success(), "{}", support::stderr(&added));
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("dpi");
    std::fs::create_dir_all(&out).unwrap();
    let tr = Tr::new(Language::SimplifiedChinese);
    for scale in [1.0, 1.25, 1.5, 2.0] {
        at_scale(&desk, scale, &out, &tr);
    }
}
