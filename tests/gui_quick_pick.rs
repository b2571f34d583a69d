//! The quick pick on the real `App`, headless (egui_kittest): the shortcut is "pressed" through
//! the same path as the system's, the window it came from is a recording keyboard's, and what
//! would be typed is recorded. Filtering (also by pinyin), Enter, Shift+Enter, Ctrl+Enter, Esc,
//! a code about to expire, a target that closed, the lock and desk mode's PIN and audit record.
//! The real typing into another program is tests/quick_pick_window.rs.

mod support;

use std::sync::Arc;

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use otp_desk::gui::runtime::worker::VaultSource;
use otp_desk::otp::group_for_reading;
use otp_desk::platform::typing::RecordingKeyboard;
use otp_desk::store::audit_log::AuditLog;
use support::gui::{self, Desk};

/// The start of a 30-second period: 30 s left on every code.
const T: u64 = 1_700_000_010;
const SHOPIFY: &str = "otpauth://totp/Shopify:store7?secret=JBSWY3DPEHPK3PXP&issuer=Shopify";
const CHINESE: &str =
    "otpauth://totp/%E4%BA%9A%E9%A9%AC%E9%80%8A:%E5%BA%97%E9%93%BA1?secret=GEZDGNBVGY3TQOJQ";
const EBAY: &str = "otpauth://totp/eBay:seller?secret=KRSXG5CTMVRXEZLU&issuer=eBay";
const BROWSER: &str = "Seller Central — Sign in";

fn code(uri: &str, at: u64) -> String {
    otp_desk::uri::parse(uri).unwrap().code_at(at)
}

fn desk_at(
    at: u64,
    settings: otp_desk::gui::model::settings::Settings,
) -> (Desk, RecordingKeyboard) {
    let (dir, vault) = gui::vault_with(&[SHOPIFY, CHINESE, EBAY], T - 60);
    let window = gui::Window::new(480.0, 640.0, at, settings);
    let mut d = Desk::start(VaultSource::Ready(vault), dir, window);
    let keyboard = RecordingKeyboard::with_focused(BROWSER);
    d.harness
        .state_mut()
        .set_keyboard(Arc::new(keyboard.clone()));
    (d, keyboard)
}

fn press_shortcut(d: &mut Desk) {
    d.harness.state().press_hotkey();
    d.harness.run();
    assert!(d.harness.state().is_quick_pick_open());
}

fn search(d: &mut Desk, text: &str) {
    gui::type_into(d, egui::Role::TextInput, "Find", text);
}

fn row(d: &Desk, issuer_and_name: &str) -> bool {
    d.harness
        .query_by_label_contains(&format!("{issuer_and_name}, code "))
        .is_some()
}

#[test]
fn the_search_finds_by_issuer_name_and_pinyin() {
    let (mut d, _) = desk_at(T, gui::english());
    press_shortcut(&mut d);
    // Every account with its code and seconds, each row one item for a screen reader.
    let spoken = format!(
        "Shopify, store7, code {}, 30 seconds left",
        group_for_reading(&code(SHOPIFY, T))
    );
    d.harness.get_by_label(&spoken);
    assert!(row(&d, "亚马逊, 店铺1") && row(&d, "eBay, seller"));
    d.harness.get_by_label_contains(BROWSER);

    search(&mut d, "ymx");
    assert!(row(&d, "亚马逊, 店铺1"));
    assert!(!row(&d, "Shopify, store7") && !row(&d, "eBay, seller"));
    for _ in 0..3 {
        d.harness.key_press(Key::Backspace);
    }
    d.harness.run();
    search(&mut d, "yamaxun");
    assert!(row(&d, "亚马逊, 店铺1") && !row(&d, "eBay, seller"));
    for _ in 0.."yamaxun".len() {
        d.harness.key_press(Key::Backspace);
    }
    d.harness.run();
    search(&mut d, "sell");
    assert!(row(&d, "eBay, seller") && !row(&d, "亚马逊, 店铺1"));
    search(&mut d, "zzz");
    d.harness.get_by_label("No account matches.");
}

#[test]
fn enter_types_the_highlighted_code_into_the_window_it_came_from() {
    let (mut d, keyboard) = desk_at(T, gui::english());
    press_shortcut(&mut d);
    search(&mut d, "shop");
    d.harness.key_press(Key::Enter);
    d.harness.run();
    assert!(!d.harness.state().is_quick_pick_open());
    let typed = keyboard.typed();
    assert_eq!(typed.len(), 1, "{typed:?}");
    assert_eq!(typed[0].text, code(SHOPIFY, T));
    assert!(!typed[0].enter);
    assert_eq!(typed[0].target.title.as_deref(), Some(BROWSER));
    assert!(d.clipboard.copied().is_empty(), "typing does not copy");
}

#[test]
fn arrows_move_and_shift_enter_adds_enter() {
    let (mut d, keyboard) = desk_at(T, gui::english());
    press_shortcut(&mut d);
    // Shopify, 亚马逊, eBay: two down is eBay.
    d.harness.key_press(Key::ArrowDown);
    d.harness.key_press(Key::ArrowDown);
    d.harness.run();
    d.harness.key_press_modifiers(Modifiers::SHIFT, Key::Enter);
    d.harness.run();
    let typed = keyboard.typed();
    assert_eq!(typed.len(), 1, "{typed:?}");
    assert_eq!(typed[0].text, code(EBAY, T));
    assert!(typed[0].enter);
}

#[test]
fn ctrl_enter_copies_and_esc_types_nothing() {
    let (mut d, keyboard) = desk_at(T, gui::english());
    press_shortcut(&mut d);
    search(&mut d, "ebay");
    d.harness
        .key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    d.harness.run();
    assert!(!d.harness.state().is_quick_pick_open());
    assert_eq!(d.clipboard.copied(), [code(EBAY, T)]);
    // Ctrl+Enter gives the focus back without typing anything.
    assert!(keyboard.typed().iter().all(|t| t.text.is_empty()));

    press_shortcut(&mut d);
    search(&mut d, "shop");
    d.harness.key_press(Key::Escape);
    d.harness.run();
    assert!(!d.harness.state().is_quick_pick_open());
    assert!(keyboard.typed().iter().all(|t| t.text.is_empty()));
    assert_eq!(d.clipboard.copied().len(), 1);
}

#[test]
fn a_code_about_to_expire_types_the_next_one() {
    let (mut d, keyboard) = desk_at(T + 28, gui::english());
    press_shortcut(&mut d);
    search(&mut d, "shop");
    d.harness.key_press(Key::Enter);
    d.harness.run();
    let typed = keyboard.typed();
    assert_eq!(typed[0].text, code(SHOPIFY, T + 30));
    assert_ne!(typed[0].text, code(SHOPIFY, T + 28));
}

#[test]
fn a_closed_target_gets_nothing_and_the_quick_pick_says_so() {
    let (mut d, keyboard) = desk_at(T, gui::english());
    press_shortcut(&mut d);
    keyboard.close_target();
    search(&mut d, "shop");
    d.harness.key_press(Key::Enter);
    d.harness.run();
    assert!(d.harness.state().is_quick_pick_open());
    d.harness
        .get_by_label_contains("The window you came from is gone");
    assert!(keyboard.typed().is_empty());
}

#[test]
fn locked_it_asks_for_the_password_before_showing_or_typing_anything() {
    let (mut d, keyboard) = desk_at(T, gui::with_pin(gui::english()));
    assert!(d.harness.state().is_locked());
    press_shortcut(&mut d);
    d.harness.get_by_label("Unlock to pick an account.");
    let text = gui::all_text(&d).join("\n");
    for hidden in ["Shopify", "eBay", &group_for_reading(&code(SHOPIFY, T))] {
        assert!(
            !text.contains(hidden),
            "{hidden} shows while locked:\n{text}"
        );
    }
    d.harness.key_press(Key::Enter);
    d.harness.run();
    assert!(keyboard.typed().is_empty());

    gui::type_into(&mut d, egui::Role::PasswordInput, "Password", gui::PIN);
    d.harness.get_by_label("Unlock").click();
    d.harness.run();
    d.harness.run();
    assert!(!d.harness.state().is_locked());
    assert!(d.harness.state().is_quick_pick_open());
    search(&mut d, "ymx");
    d.harness.key_press(Key::Enter);
    d.harness.run();
    assert_eq!(keyboard.typed()[0].text, code(CHINESE, T));
}

#[test]
fn at_a_desk_a_member_picks_only_shares_and_each_typed_code_is_audited_without_the_code() {
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
    press_shortcut(&mut d);
    // Who is working, then the PIN, before any account shows.
    d.harness.get_by_label("Who is working?");
    d.harness.get_by_label_contains("张伟").click();
    d.harness.run();
    gui::type_into(&mut d, egui::Role::PasswordInput, "PIN", "135790");
    d.harness.get_by_label("Unlock").click();
    d.harness.run();
    d.harness.run();
    assert!(d.harness.state().is_quick_pick_open());
    assert!(row(&d, "Shopify, store7"));
    assert!(!row(&d, "eBay, seller"), "an unshared account is offered");
    search(&mut d, "shop");
    d.harness.key_press(Key::Enter);
    d.harness.run();
    assert_eq!(keyboard.typed()[0].text, code(SHOPIFY, T));

    let trail = AuditLog::new(d.dir.path()).read().unwrap();
    let typed: Vec<_> = trail
        .records
        .iter()
        .filter(|r| r.action.as_str() == "typed")
        .collect();
    assert_eq!(typed.len(), 1, "{:?}", trail.records);
    assert_eq!(typed[0].person, "张伟");
    assert_eq!(typed[0].detail.as_deref(), Some(BROWSER));
    assert!(
        typed[0]
            .account
            .as_deref()
            .unwrap_or("")
            .contains("Shopify")
    );
    let log = std::fs::read_to_string(d.dir.path().join("audit.log")).unwrap();
    assert!(!log.contains(&code(SHOPIFY, T)), "the code is in the log");
}

#[test]
fn settings_turn_the_shortcut_off_and_on_again() {
    let (mut d, _) = desk_at(T, gui::english());
    d.harness.get_by_label("Settings").click();
    d.harness.run();
    d.harness.get_by_label("Quick pick").click();
    d.harness.run();
    let shortcut = || Some("Ctrl+Alt+O".to_owned());
    assert_eq!(d.harness.state().settings().quick_pick_shortcut, shortcut());
    d.harness
        .get_by_role_and_label(egui::Role::CheckBox, "Shortcut")
        .click();
    d.harness.run();
    assert_eq!(d.harness.state().settings().quick_pick_shortcut, None);
    d.harness.get_by_label("The quick pick's shortcut is off.");
    d.harness
        .get_by_role_and_label(egui::Role::CheckBox, "Shortcut")
        .click();
    d.harness.run();
    assert_eq!(d.harness.state().settings().quick_pick_shortcut, shortcut());
}
