//! The compact mode on the real `App`, headless (egui_kittest): the header's button and the
//! Settings switch make the window a narrow list kept on top (the viewport commands the app
//! sends), a click on a row still copies, the lock still locks, and turning it off gives the
//! normal size and level back; in Chinese it (and the hotkey dialog) shows no English. The real
//! window's `_NET_WM_STATE_ABOVE` is tests/compact_window.rs.

mod support;

use egui::{ViewportCommand, ViewportId, WindowLevel};
use egui_kittest::kittest::Queryable;
use otp_desk::gui::command::Action;
use otp_desk::gui::features::compact::{COMPACT_SIZE, NORMAL_MIN_SIZE};
use otp_desk::gui::model::settings::WindowGeometry;
use otp_desk::gui::runtime::worker::VaultSource;
use otp_desk::otp::group_for_reading;
use support::gui::{self, Desk};

const T: u64 = 1_700_000_010;
const SHOPIFY: &str = "otpauth://totp/Shopify:store7?secret=JBSWY3DPEHPK3PXP&issuer=Shopify";
const EBAY: &str = "otpauth://totp/eBay:seller?secret=KRSXG5CTMVRXEZLU&issuer=eBay";

fn code(uri: &str, at: u64) -> String {
    otp_desk::uri::parse(uri).unwrap().code_at(at)
}

fn desk(settings: otp_desk::gui::model::settings::Settings) -> Desk {
    let (dir, vault) = gui::vault_with(&[SHOPIFY, EBAY], T - 60);
    let window = gui::Window::new(480.0, 640.0, T, settings);
    Desk::start(VaultSource::Ready(vault), dir, window)
}

/// Clicks the button named `label`, lets one frame handle it and returns the viewport commands
/// that frame sent; then lets the window settle.
fn click_and_commands(d: &mut Desk, label: &str) -> Vec<ViewportCommand> {
    d.harness.get_by_label(label).click();
    d.harness.step();
    let commands = d.harness.output().viewport_output[&ViewportId::ROOT]
        .commands
        .clone();
    d.harness.run();
    commands
}

fn width(d: &Desk) -> f32 {
    d.harness.ctx.content_rect().width()
}

#[test]
fn the_header_button_makes_a_narrow_list_on_top_and_back() {
    let mut settings = gui::english();
    settings.window = Some(WindowGeometry {
        x: 10.0,
        y: 20.0,
        width: 480.0,
        height: 640.0,
    });
    let mut d = desk(settings);
    d.harness.get_by_label("+ Add account");

    let sent = click_and_commands(&mut d, "Compact mode");
    assert!(d.harness.state().settings().compact);
    assert!(
        sent.contains(&ViewportCommand::WindowLevel(WindowLevel::AlwaysOnTop)),
        "{sent:?}"
    );
    assert!(sent.contains(&ViewportCommand::InnerSize(COMPACT_SIZE.into())));
    assert_eq!(width(&d), COMPACT_SIZE[0]);
    // The narrow list: no Add, no row menus; each row still shows its code.
    assert!(d.harness.query_by_label("+ Add account").is_none());
    assert!(d.harness.query_by_label("More Shopify (store7)").is_none());
    d.harness
        .get_by_label(&group_for_reading(&code(SHOPIFY, T)));
    // The normal size is kept to go back to, whatever the compact window's size.
    let kept = d.harness.state().settings().window.unwrap();
    assert_eq!((kept.width, kept.height), (480.0, 640.0));

    // A click on a row copies, as in the full list.
    d.harness
        .get_by(support::rows::row("eBay (seller)"))
        .click();
    d.harness.run();
    assert_eq!(d.clipboard.copied(), [code(EBAY, T)]);

    let sent = click_and_commands(&mut d, "Back to the full window");
    assert!(!d.harness.state().settings().compact);
    assert!(
        sent.contains(&ViewportCommand::WindowLevel(WindowLevel::Normal)),
        "{sent:?}"
    );
    assert!(sent.contains(&ViewportCommand::InnerSize(egui::vec2(480.0, 640.0))));
    assert!(sent.contains(&ViewportCommand::MinInnerSize(NORMAL_MIN_SIZE.into())));
    assert_eq!(width(&d), 480.0);
    d.harness.get_by_label("+ Add account");
}

#[test]
fn settings_turn_it_on_and_keep_the_window_on_top_setting_for_later() {
    let mut settings = gui::english();
    settings.always_on_top = true;
    let mut d = desk(settings);
    d.harness.get_by_label("Settings").click();
    d.harness.run();
    d.harness
        .get_by_role_and_label(egui::Role::CheckBox, "Compact mode")
        .click();
    d.harness.run();
    assert!(d.harness.state().settings().compact);
    d.harness.key_press(egui::Key::Escape);
    d.harness.run();
    assert_eq!(width(&d), COMPACT_SIZE[0]);
    // Back: "keep the window on top" was on, so it stays on top.
    let sent = click_and_commands(&mut d, "Back to the full window");
    assert!(
        sent.contains(&ViewportCommand::WindowLevel(WindowLevel::AlwaysOnTop)),
        "{sent:?}"
    );
}

#[test]
fn compact_the_lock_still_locks_and_hides_the_codes() {
    let mut settings = gui::with_pin(gui::english());
    settings.compact = true;
    let mut d = desk(settings);
    gui::type_into(&mut d, egui::Role::PasswordInput, "Password", gui::PIN);
    d.harness.get_by_label("Unlock").click();
    d.harness.run();
    d.harness.run();
    assert!(!d.harness.state().is_locked());
    let shown = group_for_reading(&code(SHOPIFY, T));
    d.harness.get_by_label(&shown);
    d.harness.get_by_label("Lock").click();
    d.harness.run();
    assert!(d.harness.state().is_locked());
    let text = gui::all_text(&d).join("\n");
    assert!(!text.contains(&shown), "a code shows while locked:\n{text}");
}

#[test]
fn compact_in_the_last_seconds_a_click_copies_the_next_code() {
    let (dir, vault) = gui::vault_with(&[SHOPIFY, EBAY], T - 60);
    let mut settings = gui::english();
    settings.compact = true;
    let window = gui::Window::new(280.0, 420.0, T + 28, settings);
    let mut d = Desk::start(VaultSource::Ready(vault), dir, window);
    // The code shown is the one a click gives.
    d.harness
        .get_by_label(&group_for_reading(&code(SHOPIFY, T + 30)));
    d.harness
        .get_by(support::rows::row("Shopify (store7)"))
        .click();
    d.harness.run();
    assert_eq!(d.clipboard.copied(), [code(SHOPIFY, T + 30)]);
}

/// English words (3+ letters) shown, other than the accounts' names and the keys' names.
fn english_words(d: &Desk) -> Vec<String> {
    const NAMES: [&str; 6] = ["Shopify", "store", "eBay", "seller", "Ctrl", "Alt"];
    let mut found: Vec<String> = gui::all_text(d)
        .iter()
        .flat_map(|t| {
            t.split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| w.len() >= 3 && !NAMES.contains(w))
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    found.sort();
    found.dedup();
    found
}

#[test]
fn in_chinese_the_compact_window_and_the_hotkey_dialog_have_no_english() {
    use otp_desk::gui::command::{LanguageChoice, PickAction};
    let mut settings = gui::english();
    settings.language = LanguageChoice::SimplifiedChinese;
    settings.compact = true;
    let mut d = desk(settings);
    d.harness.run();
    d.harness.get_by_label("返回完整窗口");
    assert!(english_words(&d).is_empty(), "{:?}", english_words(&d));
    let first = d.harness.state().accounts()[0].id.clone();
    let edit = Action::QuickPick(PickAction::EditHotkey(first));
    d.harness.state_mut().apply(edit);
    d.harness.run();
    gui::type_into(&mut d, egui::Role::TextInput, "快捷键", "Ctrl+Alt+O");
    d.harness.get_by_label("应用").click();
    d.harness.run();
    d.harness.get_by_label_contains("已用于打开快速选择");
    assert!(english_words(&d).is_empty(), "{:?}", english_words(&d));
}
