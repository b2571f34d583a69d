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

/// Starts openbox on `display` and waits until it manages windows.
pub fn start_openbox(display: &str) -> Running {
    let wm = Command::new("openbox")
        .arg("--sm-disable")
        .env("DISPLAY", display)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("openbox is missing: run scripts/test.sh, which installs it");
    let wm = Running(wm);
    super::wait_for("openbox", Duration::from_secs(20), || {
        run(display, "xprop", &["-root", "_NET_SUPPORTING_WM_CHECK"]).contains("window id")
    });
    wm
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
