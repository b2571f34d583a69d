//! Per-account hotkeys on the real `App`, headless (egui_kittest): recorded from the row's menu
//! (pressed or written), refused when they have no Ctrl/Alt or repeat the quick pick's or
//! another account's, listed in Settings; and a press, through the same path as the system's,
//! types that account's code into the window that had the focus (a recording keyboard) without
//! the quick pick — or, locked or not this person's, opens the quick pick and types nothing.
//! The real key press and typing are in tests/quick_pick_window.rs.

mod support;

use std::sync::Arc;

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use otp_desk::gui::runtime::worker::VaultSource;
use otp_desk::platform::typing::RecordingKeyboard;
use otp_desk::store::AccountId;
use otp_desk::store::audit_log::AuditLog;
use support::gui::{self, Desk};

/// The start of a 30-second period: 30 s left on every code.
const T: u64 = 1_700_000_010;
const SHOPIFY: &str = "otpauth://totp/Shopify:store7?secret=JBSWY3DPEHPK3PXP&issuer=Shopify";
const EBAY: &str = "otpauth://totp/eBay:seller?secret=KRSXG5CTMVRXEZLU&issuer=eBay";
const BROWSER: &str = "Seller Central — Sign in";

fn code(uri: &str, at: u64) -> String {
    otp_desk::uri::parse(uri).unwrap().code_at(at)
}

fn desk_at(
    at: u64,
    settings: otp_desk::gui::model::settings::Settings,
) -> (Desk, RecordingKeyboard) {
    let (dir, vault) = gui::vault_with(&[SHOPIFY, EBAY], T - 60);
    let window = gui::Window::new(480.0, 640.0, at, settings);
    let mut d = Desk::start(VaultSource::Ready(vault), dir, window);
    let keyboard = RecordingKeyboard::with_focused(BROWSER);
    d.harness
        .state_mut()
        .set_keyboard(Arc::new(keyboard.clone()));
    (d, keyboard)
}

fn id_of(d: &Desk, issuer: &str) -> AccountId {
    let accounts = d.harness.state().accounts();
    let found = accounts.iter().find(|a| a.issuer == issuer);
    found.expect("the account").id.clone()
}

fn hotkeys(d: &Desk) -> Vec<(AccountId, String)> {
    let saved = &d.harness.state().settings().account_hotkeys;
    saved.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
}

/// The row's menu (its right-click; the "•••" button shows the same), then "Hotkey…".
fn open_editor(d: &mut Desk, row: &str) {
    d.harness.get_by(support::rows::row(row)).click_secondary();
    d.harness.run();
    d.harness.get_by_label("Hotkey…").click();
    d.harness.run();
    d.harness.get_by_label_contains("Hotkey for");
}

fn write_keys(d: &mut Desk, keys: &str) {
    let field = d
        .harness
        .get_by_role_and_label(egui::Role::TextInput, "Shortcut");
    field.click();
    d.harness.run();
    d.harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    d.harness.key_press(Key::Backspace);
    d.harness.run();
    gui::type_into(d, egui::Role::TextInput, "Shortcut", keys);
    d.harness.get_by_label("Apply").click();
    d.harness.run();
}

fn press(d: &mut Desk, id: &AccountId) {
    d.harness.state().press_account_hotkey(id);
    d.harness.run();
    d.harness.run();
}

#[test]
fn a_hotkey_is_recorded_from_the_rows_menu_and_listed_in_settings() {
    let (mut d, _) = desk_at(T, gui::english());
    let shopify = id_of(&d, "Shopify");
    open_editor(&mut d, "Shopify (store7)");
    // Pressed: Record, then the keys.
    d.harness.get_by_label("Record").click();
    d.harness.run();
    d.harness.get_by_label("Press the keys…");
    d.harness
        .key_press_modifiers(Modifiers::CTRL | Modifiers::ALT, Key::Num1);
    d.harness.run();
    d.harness.get_by_label("Apply").click();
    d.harness.run();
    assert_eq!(hotkeys(&d), [(shopify.clone(), "Ctrl+Alt+1".to_owned())]);
    assert!(d.harness.query_by_label_contains("Hotkey for").is_none());

    // Written, in any case; saved as the shortcut reads.
    let ebay = id_of(&d, "eBay");
    open_editor(&mut d, "eBay (seller)");
    write_keys(&mut d, "ctrl+alt+2");
    assert!(hotkeys(&d).contains(&(ebay.clone(), "Ctrl+Alt+2".to_owned())));

    d.harness.get_by_label("Settings").click();
    d.harness.run();
    d.harness.get_by_label("Shopify (store7) — Ctrl+Alt+1");
    d.harness.get_by_label("eBay (seller) — Ctrl+Alt+2");
    // Each account's buttons are told apart for a screen reader; Change opens its dialog.
    d.harness
        .get_by_label("Remove the hotkey of Shopify (store7)");
    d.harness
        .get_by_label("Change the hotkey of eBay (seller)")
        .click();
    d.harness.run();
    d.harness.get_by_label("Hotkey for eBay (seller)");
    d.harness.key_press(Key::Escape);
    d.harness.run();
    assert!(d.harness.query_by_label_contains("Hotkey for").is_none());

    // Removed from the row's menu: gone from the settings and the list.
    d.harness.key_press(Key::Escape);
    d.harness.run();
    open_editor(&mut d, "eBay (seller)");
    d.harness.get_by_label("Remove").click();
    d.harness.run();
    assert_eq!(hotkeys(&d), [(shopify, "Ctrl+Alt+1".to_owned())]);
}

#[test]
fn a_hotkey_without_ctrl_or_that_repeats_another_is_refused_by_name() {
    let (mut d, _) = desk_at(T, gui::english());
    open_editor(&mut d, "Shopify (store7)");
    write_keys(&mut d, "Ctrl+Alt+1");
    open_editor(&mut d, "eBay (seller)");
    for (keys, said) in [
        ("Shift+1", "Shift+1 has no Ctrl, Alt or logo key"),
        ("ctrl+alt+o", "ctrl+alt+o already opens the quick pick"),
        ("ctrl+alt+1", "already types the code of Shopify (store7)"),
        ("Ctrl+Banana", "is not a shortcut"),
    ] {
        write_keys(&mut d, keys);
        d.harness.get_by_label_contains(said);
        assert_eq!(hotkeys(&d).len(), 1, "{keys} was saved");
    }
    write_keys(&mut d, "Ctrl+Alt+2");
    assert_eq!(hotkeys(&d).len(), 2);
}

#[test]
fn the_hotkey_types_its_code_into_the_focused_window_without_the_quick_pick() {
    let (mut d, keyboard) = desk_at(T, gui::english());
    let ebay = id_of(&d, "eBay");
    press(&mut d, &ebay);
    assert!(!d.harness.state().is_quick_pick_open());
    let typed = keyboard.typed();
    assert_eq!(typed.len(), 1, "{typed:?}");
    assert_eq!(typed[0].text, code(EBAY, T));
    assert!(!typed[0].enter);
    assert_eq!(typed[0].target.title.as_deref(), Some(BROWSER));
    d.harness.get_by_label_contains("Typed the code of eBay");
    assert!(d.clipboard.copied().is_empty(), "typing does not copy");
}

#[test]
fn in_its_last_seconds_the_next_code_is_typed() {
    let (mut d, keyboard) = desk_at(T + 28, gui::english());
    let shopify = id_of(&d, "Shopify");
    press(&mut d, &shopify);
    assert_eq!(keyboard.typed()[0].text, code(SHOPIFY, T + 30));
}

#[test]
fn a_closed_window_gets_nothing_and_the_quick_pick_says_why() {
    let (mut d, keyboard) = desk_at(T, gui::english());
    let shopify = id_of(&d, "Shopify");
    keyboard.close_target();
    press(&mut d, &shopify);
    assert!(keyboard.typed().is_empty());
    assert!(d.harness.state().is_quick_pick_open());
    d.harness
        .get_by_label_contains("The window you came from is gone");
}

#[test]
fn locked_the_hotkey_asks_for_the_password_and_types_nothing() {
    let (mut d, keyboard) = desk_at(T, gui::with_pin(gui::english()));
    let shopify = id_of(&d, "Shopify");
    assert!(d.harness.state().is_locked());
    press(&mut d, &shopify);
    assert!(d.harness.state().is_quick_pick_open());
    d.harness.get_by_label("Unlock to pick an account.");
    assert!(keyboard.typed().is_empty());
    gui::type_into(&mut d, egui::Role::PasswordInput, "Password", gui::PIN);
    d.harness.get_by_label("Unlock").click();
    d.harness.run();
    d.harness.run();
    // Unlocked: the pick is open and the person picks; nothing was typed by itself.
    assert!(!d.harness.state().is_locked());
    assert!(d.harness.state().is_quick_pick_open());
    assert!(keyboard.typed().is_empty());
}

#[test]
fn at_a_desk_a_member_types_only_a_share_and_each_typed_code_is_audited() {
    let team = gui::Team {
        uris: &[SHOPIFY, EBAY],
        added_at: T - 60,
        admin: ("Li Na", "246810"),
        member: ("张伟", "135790"),
        shared: ("shopify", None),
    };
    let mut settings = gui::english();
    settings.backup_reminder = false;
    let mut d = team.start(gui::Window::new(480.0, 640.0, T, settings));
    let keyboard = RecordingKeyboard::with_focused(BROWSER);
    d.harness
        .state_mut()
        .set_keyboard(Arc::new(keyboard.clone()));
    // The admin's window knows both accounts' ids; the member's mirror holds the share only.
    d.harness.get_by_label_contains("Li Na").click();
    d.harness.run();
    gui::type_into(&mut d, egui::Role::PasswordInput, "PIN", "246810");
    d.harness.get_by_label("Unlock").click();
    d.harness.run();
    d.harness.run();
    let (shopify, ebay) = (id_of(&d, "Shopify"), id_of(&d, "eBay"));
    d.harness.get_by_label("Switch person").click();
    d.harness.run();
    d.harness.get_by_label_contains("张伟").click();
    d.harness.run();
    gui::type_into(&mut d, egui::Role::PasswordInput, "PIN", "135790");
    d.harness.get_by_label("Unlock").click();
    d.harness.run();
    d.harness.run();
    assert!(!d.harness.state().is_locked());

    press(&mut d, &ebay);
    assert!(
        keyboard.typed().is_empty(),
        "an unshared account's code was typed"
    );
    assert!(d.harness.state().is_quick_pick_open());
    d.harness.key_press(Key::Escape);
    d.harness.run();

    press(&mut d, &shopify);
    let typed: Vec<_> = keyboard
        .typed()
        .into_iter()
        .filter(|t| !t.text.is_empty())
        .collect();
    assert_eq!(typed.len(), 1, "{typed:?}");
    assert_eq!(typed[0].text, code(SHOPIFY, T));
    let trail = AuditLog::new(d.dir.path()).read().unwrap();
    let records: Vec<_> = trail
        .records
        .iter()
        .filter(|r| r.action.as_str() == "typed")
        .collect();
    assert_eq!(records.len(), 1, "{:?}", trail.records);
    assert_eq!(records[0].person, "张伟");
    assert_eq!(records[0].detail.as_deref(), Some(BROWSER));
    let log = std::fs::read_to_string(d.dir.path().join("audit.log")).unwrap();
    assert!(!log.contains(&code(SHOPIFY, T)), "the code is in the log");
}
