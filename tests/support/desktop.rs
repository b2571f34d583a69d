//! A desktop for real-window tests on Xvfb: the X tools a person's actions go through
//! (xdotool, xprop, xwininfo), a window manager (openbox: focus, always-on-top, giving the focus
//! back), closing a window as its close button does, and whether a screenshot is blank.

use std::process::{Command, Stdio};
use std::time::Duration;

use super::Running;

/// `program args…` on `display`; its standard output, trimmed.
pub fn run(display: &str, program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .env("DISPLAY", display)
        .stderr(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}; run scripts/test.sh, which installs it"));
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

pub fn xdotool(display: &str, args: &[&str]) -> String {
    run(display, "xdotool", args)
}

/// The title of the window that has the focus.
pub fn active_title(display: &str) -> String {
    xdotool(display, &["getactivewindow", "getwindowname"])
}

/// Starts openbox on `display` and waits until it manages windows. A window manager that
/// dies on start or never claims the screen (seen once in a CI run on a loaded machine) is
/// started again, up to three times; the panic quotes what openbox printed.
pub fn start_openbox(display: &str) -> Running {
    let mut said = String::new();
    for attempt in 1..=3 {
        let log = std::env::temp_dir().join(format!(
            "openbox-{}-{}-{attempt}.log",
            std::process::id(),
            display.trim_start_matches(':')
        ));
        let wm = Command::new("openbox")
            .arg("--sm-disable")
            .env("DISPLAY", display)
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("a log file for openbox"))
            .spawn()
            .expect("openbox is missing: run scripts/test.sh, which installs it");
        let mut wm = Running(wm);
        let deadline = std::time::Instant::now() + Duration::from_secs(15);
        let managing = loop {
            if run(display, "xprop", &["-root", "_NET_SUPPORTING_WM_CHECK"]).contains("window id") {
                break true;
            }
            if matches!(wm.0.try_wait(), Ok(Some(_))) || std::time::Instant::now() > deadline {
                break false;
            }
            std::thread::sleep(Duration::from_millis(100));
        };
        let printed = std::fs::read_to_string(&log).unwrap_or_default();
        let _ = std::fs::remove_file(&log);
        if managing {
            return wm;
        }
        said.push_str(&format!(
            "attempt {attempt}: {}\n{printed}\n",
            match wm.0.try_wait() {
                Ok(Some(status)) => format!("openbox exited ({status})"),
                _ => "openbox did not claim the screen in 15 s".to_owned(),
            }
        ));
        drop(wm);
    }
    panic!("openbox never managed {display}:\n{said}");
}

/// Standard deviation of the grey levels: a blank picture is 0.
pub fn grey_deviation(image: &image::GrayImage) -> f64 {
    let n = f64::from(image.width() * image.height());
    let mean = image.pixels().map(|p| f64::from(p.0[0])).sum::<f64>() / n;
    (image
        .pixels()
        .map(|p| (f64::from(p.0[0]) - mean).powi(2))
        .sum::<f64>()
        / n)
        .sqrt()
}

/// Asks `window` to close as its close button does (WM_DELETE_WINDOW).
pub fn ask_to_close(display: &str, window: u32) {
    use x11rb::connection::Connection as _;
    use x11rb::protocol::xproto::{ClientMessageEvent, ConnectionExt as _, EventMask};

    let (x, _) = x11rb::connect(Some(display)).expect("the X display");
    let atom = |name: &[u8]| x.intern_atom(false, name).unwrap().reply().unwrap().atom;
    let (protocols, delete) = (atom(b"WM_PROTOCOLS"), atom(b"WM_DELETE_WINDOW"));
    let event = ClientMessageEvent::new(32, window, protocols, [delete, 0, 0, 0, 0]);
    x.send_event(false, window, EventMask::NO_EVENT, event)
        .unwrap();
    x.flush().unwrap();
}
