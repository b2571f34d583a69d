//! Importing is one click away once accounts exist: the toolbar's Import menu and the Add
//! dialog offer the same three ways in (paste a screenshot, open files, scan the screen)
//! beside typing the key. The pasted screenshot is made here: a QR code rendered by
//! `otp_desk::export::qr_png`, as a phone-enrollment page would show it.

mod support;

use std::sync::Arc;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use otp_desk::gui::runtime::worker::VaultSource;
use otp_desk::gui::{App, Pasted, StaticImageSource};
use support::gui;

const T: u64 = 1_700_000_010;
const AMAZON: &str = "otpauth://totp/Amazon:shop1?secret=JBSWY3DPEHPK3PXP&issuer=Amazon";
const FIFTH_STORE: &str =
    "otpauth://totp/Amazon%20DE:lager%40example.com?secret=KRSXG5CTMVRXEZLU&issuer=Amazon%20DE";

fn screenshot_of(uri: &str) -> Pasted {
    let png = otp_desk::export::qr_png(uri).unwrap();
    let image = image::load_from_memory(&png).unwrap().into_rgba8();
    Pasted::Image {
        width: image.width() as usize,
        height: image.height() as usize,
        rgba: image.into_raw(),
    }
}

fn desk() -> (
    Harness<'static, App>,
    Arc<StaticImageSource>,
    tempfile::TempDir,
) {
    let (dir, vault) = gui::vault_with(&[AMAZON], T - 60);
    let clipboard = Arc::new(StaticImageSource::default());
    clipboard.set(screenshot_of(FIFTH_STORE));
    let window = gui::Window {
        images: Arc::clone(&clipboard) as _,
        ..gui::Window::new(520.0, 760.0, T, gui::english())
    };
    let (mut harness, _) = gui::harness(VaultSource::Ready(vault), window);
    harness.run();
    (harness, clipboard, dir)
}

fn confirm_the_new_store(h: &mut Harness<'static, App>) {
    h.get_by_label("Add 1 account").click();
    h.run();
    let accounts = h.state().accounts();
    assert_eq!(accounts.len(), 2);
    assert_eq!(accounts[1].issuer, "Amazon DE");
    assert_eq!(accounts[1].name, "lager@example.com");
}

#[test]
fn the_toolbar_import_menu_pastes_a_screenshot_with_accounts_present() {
    let (mut h, _clipboard, _dir) = desk();
    // The first-run page is gone; the toolbar still leads in.
    assert!(h.query_by_label("Type a key").is_none());
    h.get_by_label("Import").click();
    h.run();
    h.get_by_label("Open images or backups");
    h.get_by_label("Scan the screen");
    h.get_by_label("Paste a screenshot").click();
    h.run();
    h.get_by_label_contains("Amazon DE (lager@example.com)");
    confirm_the_new_store(&mut h);
}

#[test]
fn the_add_dialog_offers_the_same_three_ways_beside_typing_the_key() {
    let (mut h, _clipboard, _dir) = desk();
    h.get_by_label("+ Add account").click();
    h.run();
    h.get_by_label("Is the QR code on screen or in a file? Import it:");
    h.get_by_label("Open images or backups");
    h.get_by_label("Scan the screen");
    h.get_by_label_contains("Or type the key");
    h.get_by_label("Paste a screenshot").click();
    h.run();
    // The import panel took the dialog's place.
    assert!(h.query_by_label("Add an account").is_none());
    confirm_the_new_store(&mut h);
}

#[test]
fn a_pasted_line_that_is_not_a_uri_is_never_shown() {
    let (mut h, clipboard, _dir) = desk();
    let bare_key = "JBSW Y3DP EHPK 3PXP KRSX G5CT MVRX EZLU";
    clipboard.set(Pasted::Text(format!("{FIFTH_STORE}\n{bare_key}\n")));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::V);
    h.run();
    h.get_by_label_contains("Amazon DE (lager@example.com)");
    h.get_by_label("A text that is not an authenticator code (not shown: it may hold a key).");
    assert!(
        h.query_by_label_contains("JBSW").is_none(),
        "the key was echoed"
    );
    assert!(
        h.query_by_label_contains("EZLU").is_none(),
        "the key was echoed"
    );
}
