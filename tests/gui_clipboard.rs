//! What leaves the window through the clipboard: a revealed key only through its own copy
//! button (with the clear delay, like codes), and a code copied moments before the window quits
//! is cleared as it quits.

mod support;

use eframe::App as _;
use egui_kittest::kittest::Queryable;
use otp_desk::gui::runtime::worker::VaultSource;
use support::gui::{self, Desk};
use support::rows::row;

const T: u64 = 1_700_000_010;
const AMAZON: &str = "otpauth://totp/Amazon:shop1?secret=JBSWY3DPEHPK3PXP&issuer=Amazon";

fn desk() -> Desk {
    let (dir, vault) = gui::vault_with(&[AMAZON], T - 60);
    let window = gui::Window::new(480.0, 640.0, T, gui::english());
    Desk::start(VaultSource::Ready(vault), dir, window)
}

#[test]
fn a_revealed_key_leaves_only_through_its_copy_button_with_the_clear_delay() {
    let mut d = desk();
    gui::ask_to_reveal_key(&mut d.harness, "Amazon (shop1)");
    // Before the warning is confirmed there is nothing to copy.
    assert!(d.harness.query_by_label("Copy key").is_none());
    d.harness.get_by_label("Show it").click();
    d.harness.run();
    d.harness.get_by_label("JBSW Y3DP EHPK 3PXP");
    assert!(d.clipboard.copied().is_empty());
    d.harness.get_by_label("Copy key").click();
    d.harness.run();
    assert_eq!(d.clipboard.copied(), ["JBSWY3DPEHPK3PXP"]);
    assert_eq!(
        d.clipboard.last_clear_after(),
        Some(std::time::Duration::from_secs(30))
    );
    d.harness
        .get_by_label("Key copied; the clipboard clears in 30 s.");
}

#[test]
fn quitting_clears_a_code_still_on_the_clipboard() {
    let mut d = desk();
    d.harness.get_by(row("Amazon (shop1)")).click();
    d.harness.run();
    assert_eq!(d.clipboard.copied().len(), 1);
    assert_eq!(d.clipboard.clears_on_quit(), 0);
    d.harness.state_mut().on_exit(None);
    assert_eq!(d.clipboard.clears_on_quit(), 1);
}
