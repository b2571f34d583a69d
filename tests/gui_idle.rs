//! What an idle window asks of the machine: with codes on screen it asks for its next frame
//! only when a row will look different (about ten a 30-second period), and hidden in the tray
//! it asks for none at all — eframe then sleeps until something wakes it.

mod support;

use egui_kittest::kittest::Queryable;
use otp_desk::gui::runtime::worker::VaultSource;
use support::gui::{self, Desk};

/// Twenty seconds into a period: ten left, the countdown shows "10".
const T: u64 = 1_700_000_010;
const AMAZON: &str = "otpauth://totp/Amazon:shop1?secret=JBSWY3DPEHPK3PXP&issuer=Amazon";

fn desk() -> Desk {
    let (dir, vault) = gui::vault_with(&[AMAZON], T - 60);
    let mut settings = gui::english();
    settings.backup_reminder = false;
    let window = gui::Window::new(480.0, 640.0, T, settings);
    Desk::start(VaultSource::Ready(vault), dir, window)
}

#[test]
fn a_visible_countdown_asks_for_its_next_frame() {
    let mut d = desk();
    d.harness.get_by_label("Amazon");
    d.harness.step();
    assert!(
        d.harness.ctx.has_requested_repaint(),
        "the countdown must go on"
    );
}

#[test]
fn hidden_in_the_tray_the_window_asks_for_no_frame() {
    let mut d = desk();
    gui::show_or_hide(&mut d);
    assert!(d.harness.state().is_hidden_in_tray());
    d.harness.step();
    assert!(
        !d.harness.ctx.has_requested_repaint(),
        "a hidden window asked for a frame"
    );
    // Shown again, the countdown resumes.
    gui::show_or_hide(&mut d);
    d.harness.step();
    assert!(d.harness.ctx.has_requested_repaint());
}
