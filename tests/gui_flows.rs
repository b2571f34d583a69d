//! The desk window's flows on the real `App`, headless (egui_kittest): widgets are found by
//! their labels, clicked and typed into, as a person would. The vault is in memory, the clock
//! is frozen and copies go to a recording clipboard, so every assertion is exact.

mod support;

use egui::Key;
use egui_kittest::kittest::{NodeT, Queryable};
use otp_desk::gui::command::LanguageChoice;
use otp_desk::gui::runtime::worker::VaultSource;
use otp_desk::otp::{code_at, group_for_reading};
use otp_desk::vault::Vault;
use support::gui::{self, Desk};
use support::rows::row;

/// A time at the very start of a 30-second period: 30 s left on every code.
const T: u64 = 1_700_000_010;

fn desk_with(uris: &[&str], at: u64, setup: impl FnOnce(&mut Vault)) -> Desk {
    let (dir, mut vault) = gui::vault_with(uris, at);
    setup(&mut vault);
    let window = gui::Window::new(480.0, 720.0, at, gui::english());
    Desk::start(VaultSource::Ready(vault), dir, window)
}

fn desk(uris: &[&str]) -> Desk {
    desk_with(uris, T, |_| {})
}

const AMAZON: &str = "otpauth://totp/Amazon:shop1?secret=JBSWY3DPEHPK3PXP&issuer=Amazon";
const CHINESE: &str =
    "otpauth://totp/%E4%BA%9A%E9%A9%AC%E9%80%8A:%E5%BA%97%E9%93%BA1?secret=GEZDGNBVGY3TQOJQ";
const EBAY: &str = "otpauth://totp/eBay:seller?secret=KRSXG5CTMVRXEZLU&issuer=eBay";

fn code_of(desk: &Desk, issuer: &str, at: u64) -> String {
    let app = desk.harness.state();
    let account = app.accounts().iter().find(|a| a.issuer == issuer).unwrap();
    let uri = [AMAZON, CHINESE, EBAY]
        .into_iter()
        .map(|u| otp_desk::uri::parse(u).unwrap())
        .find(|e| e.issuer == issuer)
        .unwrap();
    code_at(&account.params, &uri.secret, at)
}

#[test]
fn the_list_shows_grouped_codes_and_a_click_copies() {
    let mut d = desk(&[AMAZON, CHINESE]);
    let amazon = code_of(&d, "Amazon", T);
    let chinese = code_of(&d, "亚马逊", T);
    d.harness.get_by_label(&group_for_reading(&amazon));
    d.harness.get_by_label(&group_for_reading(&chinese));
    d.harness.get_by(row("亚马逊 (店铺1)")).click();
    d.harness.run();
    assert_eq!(d.clipboard.copied(), vec![chinese]);
    assert_eq!(
        d.clipboard.last_clear_after(),
        Some(std::time::Duration::from_secs(30))
    );
    d.harness.get_by_label("Copied — clears in 30 s");
}

#[test]
fn a_code_about_to_expire_copies_the_next_one_and_says_so() {
    let mut d = desk_with(&[AMAZON], T + 28, |_| {});
    d.harness.get_by(row("Amazon (shop1)")).click();
    d.harness.run();
    assert_eq!(d.clipboard.copied(), vec![code_of(&d, "Amazon", T + 30)]);
    d.harness.get_by_label_contains("Copied the next code");
    // In the last two seconds the code a click copies is the big one, and says so.
    let next = group_for_reading(&code_of(&d, "Amazon", T + 30));
    d.harness.get_by_label(&next);
    d.harness.get_by_label("next code · click copies");
    let current = group_for_reading(&code_of(&d, "Amazon", T + 28));
    assert!(d.harness.query_by_label(&current).is_none());
}

#[test]
fn a_few_seconds_before_the_end_the_current_code_shows_with_the_next_one_below() {
    let d = desk_with(&[AMAZON], T + 25, |_| {});
    d.harness
        .get_by_label(&group_for_reading(&code_of(&d, "Amazon", T + 25)));
    d.harness.get_by_label(&format!(
        "next {}",
        group_for_reading(&code_of(&d, "Amazon", T + 30))
    ));
}

#[test]
fn adding_amazons_key_as_shown_selects_it_and_shows_its_code_large() {
    let mut d = desk(&[]);
    d.harness.get_by_label("No accounts yet");
    d.harness.get_by_label("Type a key").click();
    d.harness.run();
    gui::type_into(&mut d, egui::Role::TextInput, "Service", "Amazon");
    gui::type_into(
        &mut d,
        egui::Role::TextInput,
        "Account name",
        "shop1@example.com",
    );
    // As Amazon Seller Central shows it, typed in lower case, with padding.
    gui::type_into(
        &mut d,
        egui::Role::TextInput,
        "Secret key",
        "abcd efgh ijkl mnop qrst uvwx yz23 4567 abcd efgh ijkl mnop qrst====",
    );
    d.harness.get_by_label("Add").click();
    d.harness.run();
    let app = d.harness.state();
    assert_eq!(app.accounts().len(), 1);
    let account = &app.accounts()[0];
    assert_eq!(
        (account.issuer.as_str(), account.name.as_str()),
        ("Amazon", "shop1@example.com")
    );
    assert_eq!(app.selected(), Some(&account.id));
    let secret =
        otp_desk::otp::Secret::parse_base32("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567ABCDEFGHIJKLMNOPQRST")
            .unwrap();
    let code = group_for_reading(&code_at(&account.params, &secret, T));
    d.harness.get_by_label("Account added");
    assert!(
        d.harness.query_all_by_label(&code).count() >= 1,
        "the new code {code} is shown"
    );
    d.harness.get_by_label("Copy code").click();
    d.harness.run();
    assert_eq!(d.clipboard.copied(), vec![code.replace(' ', "")]);
}

#[test]
fn a_bad_secret_shows_an_error_naming_the_field() {
    let mut d = desk(&[]);
    d.harness.get_by_label("+ Add account").click();
    d.harness.run();
    gui::type_into(&mut d, egui::Role::TextInput, "Service", "Amazon");
    gui::type_into(
        &mut d,
        egui::Role::TextInput,
        "Secret key",
        "JBSW Y3DP EHPK 3PX1",
    );
    d.harness.get_by_label("Add").click();
    d.harness.run();
    d.harness
        .get_by_label_contains("Secret key: “1” cannot be in a key");
    assert!(d.harness.state().accounts().is_empty());
    // Fixing the field clears the error as you type.
    d.harness
        .get_by_role_and_label(egui::Role::TextInput, "Secret key")
        .click();
    d.harness.run();
    d.harness.key_press(Key::Backspace);
    d.harness.run();
    d.harness
        .get_by_role_and_label(egui::Role::TextInput, "Secret key")
        .type_text("P");
    d.harness.run();
    assert!(d.harness.query_by_label_contains("Secret key:").is_none());
}

#[test]
fn search_filters_by_issuer_and_name_and_typing_starts_it() {
    let mut d = desk(&[AMAZON, CHINESE, EBAY]);
    gui::type_into(&mut d, egui::Role::TextInput, "Search", "seller");
    assert!(d.harness.query_by(row("Amazon (shop1)")).is_none());
    d.harness.get_by(row("eBay (seller)"));
    d.harness.key_press(Key::Escape);
    d.harness.run();
    d.harness.get_by(row("Amazon (shop1)"));
    // With nothing focused, just typing searches.
    d.harness.event(egui::Event::Text("店铺".into()));
    d.harness.run();
    assert!(d.harness.query_by(row("eBay (seller)")).is_none());
    d.harness.get_by(row("亚马逊 (店铺1)"));
    // Enter copies the first match.
    d.harness.key_press(Key::Enter);
    d.harness.run();
    assert_eq!(d.clipboard.copied(), vec![code_of(&d, "亚马逊", T)]);
}

#[test]
fn groups_are_collapsible_sections() {
    let mut d = desk_with(&[AMAZON, CHINESE, EBAY], T, |vault| {
        let ids: Vec<_> = vault
            .accounts()
            .iter()
            .map(|a| (a.id.clone(), a.issuer.clone()))
            .collect();
        for (id, issuer) in ids.iter().filter(|(_, i)| i != "eBay") {
            let group = if issuer == "Amazon" {
                "Amazon EU"
            } else {
                "亚马逊中国"
            };
            vault.update(id, |a| a.group = group.into()).unwrap();
        }
    });
    d.harness.get_by_label("Amazon EU").click();
    d.harness.run();
    assert!(
        d.harness.query_by(row("Amazon (shop1)")).is_none(),
        "a folded group hides its rows"
    );
    d.harness.get_by(row("亚马逊 (店铺1)"));
    d.harness.get_by_label("Other accounts");
    d.harness.get_by_label("Amazon EU").click();
    d.harness.run();
    d.harness.get_by(row("Amazon (shop1)"));
}

#[test]
fn delete_asks_first_and_can_be_undone() {
    let mut d = desk(&[AMAZON, EBAY]);
    let code = group_for_reading(&code_of(&d, "Amazon", T));
    d.harness.get_by_label("More Amazon (shop1)").click();
    d.harness.run();
    d.harness.get_by_label("Delete…").click();
    d.harness.run();
    d.harness.get_by_label("Delete this account?");
    d.harness.get_by_label("Delete").click();
    d.harness.run();
    assert!(d.harness.query_by(row("Amazon (shop1)")).is_none());
    assert_eq!(d.harness.state().accounts().len(), 1);
    d.harness.get_by_label("Deleted Amazon (shop1)");
    d.harness.get_by_label("Undo").click();
    d.harness.run();
    d.harness.get_by(row("Amazon (shop1)"));
    assert_eq!(d.harness.state().accounts().len(), 2);
    assert_eq!(
        d.harness.state().accounts()[0].issuer,
        "Amazon",
        "back in its old place"
    );
    d.harness.get_by_label(&code);
}

#[test]
fn edit_renames_and_reveal_needs_a_confirmation() {
    let mut d = desk(&[AMAZON]);
    d.harness.get_by(row("Amazon (shop1)")).click_secondary();
    d.harness.run();
    d.harness.get_by_label("Edit…").click();
    d.harness.run();
    gui::type_into(&mut d, egui::Role::TextInput, "Group", "EU");
    d.harness.get_by_label("Show secret key").click();
    d.harness.run();
    d.harness.get_by_label_contains("Anyone who sees this");
    assert!(d.harness.query_by_label("JBSW Y3DP EHPK 3PXP").is_none());
    d.harness.get_by_label("Show it").click();
    d.harness.run();
    d.harness.get_by_label("JBSW Y3DP EHPK 3PXP");
}

#[test]
fn hotp_rows_generate_the_next_code_on_request() {
    let mut d = desk(&["otpauth://hotp/Bank:me?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0"]);
    d.harness.get_by_label("Press “Next code”");
    d.harness.get_by_label("Next code").click();
    d.harness.run();
    d.harness.get_by_label("755 224");
    assert_eq!(
        d.harness.state().accounts()[0].params.kind(),
        otp_desk::otp::OtpKind::Hotp { counter: 1 }
    );
}

#[test]
fn switching_to_simplified_chinese_translates_the_window() {
    let mut d = desk(&[AMAZON, CHINESE]);
    d.harness.get_by_label("Settings").click();
    d.harness.run();
    d.harness.get_by_label("简体中文").click();
    d.harness.run();
    d.harness.get_by_label("关闭").click();
    d.harness.run();
    d.harness.get_by_label("+ 添加账户");
    d.harness.get_by_label("设置");
    d.harness
        .get_by_role_and_label(egui::Role::TextInput, "搜索");
    assert_eq!(
        d.harness.state().settings().language,
        LanguageChoice::SimplifiedChinese
    );
}

#[test]
fn keyboard_ctrl_n_opens_add_and_escape_closes() {
    let mut d = desk(&[AMAZON]);
    d.harness
        .key_press_modifiers(egui::Modifiers::COMMAND, Key::N);
    d.harness.run();
    d.harness.get_by_label("Add an account");
    d.harness.key_press(Key::Escape);
    d.harness.run();
    assert!(d.harness.query_by_label("Add an account").is_none());
    d.harness.key_press(Key::ArrowDown);
    d.harness.key_press(Key::Enter);
    d.harness.run();
    assert_eq!(d.clipboard.copied(), vec![code_of(&d, "Amazon", T)]);
}

#[test]
fn five_hundred_accounts_only_lay_out_visible_rows() {
    let uris: Vec<String> = (0..500)
        .map(|i| format!("otpauth://totp/Store {i}:shop{i}?secret=JBSWY3DPEHPK3PXP"))
        .collect();
    let refs: Vec<&str> = uris.iter().map(String::as_str).collect();
    let mut d = desk(&refs);
    let rows = d
        .harness
        .query_all_by_label_contains(", shop")
        .filter(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.starts_with("Store "))
        })
        .count();
    assert!(
        (5..=20).contains(&rows),
        "{rows} rows laid out for a 720-point window"
    );
    let started = std::time::Instant::now();
    let frames = 60;
    for i in 0..frames {
        // Moving the pointer over the list forces a full frame each time.
        d.harness
            .hover_at(egui::pos2(200.0, 150.0 + (i % 10) as f32 * 20.0));
        d.harness.step();
    }
    let per_frame = started.elapsed() / frames;
    println!("500 accounts: {per_frame:?} per frame (debug build, headless, no GPU)");
    // The selection can go to the last account and the list scrolls to it.
    d.harness.key_press(Key::ArrowUp);
    d.harness.run();
    d.harness.run();
    d.harness.get_by(row("Store 499 (shop499)"));
}

#[test]
fn steam_rows_show_steam_guard_characters() {
    let d =
        desk(&["otpauth://totp/Steam:gamer?secret=MFRGGZDFMZTWQ2LK&encoder=steam&issuer=Steam"]);
    let account = &d.harness.state().accounts()[0];
    assert_eq!(account.params, otp_desk::otp::OtpParams::steam());
    let secret = otp_desk::otp::Secret::parse_base32("MFRGGZDFMZTWQ2LK").unwrap();
    let code = code_at(&account.params, &secret, T);
    assert!(code.chars().all(|c| c.is_ascii_alphanumeric()) && code.len() == 5);
    d.harness.get_by_label(&code);
}

#[test]
fn adding_a_key_already_in_the_list_says_so_and_offers_that_account() {
    let mut d = desk(&[AMAZON, EBAY]);
    d.harness.get_by_label("+ Add account").click();
    d.harness.run();
    gui::type_into(&mut d, egui::Role::TextInput, "Service", "Amazon EU");
    gui::type_into(
        &mut d,
        egui::Role::TextInput,
        "Secret key",
        "jbsw y3dp ehpk 3pxp",
    );
    d.harness.get_by_label("Add").click();
    d.harness.run();
    d.harness
        .get_by_label_contains("This key is already in your list as Amazon (shop1)");
    assert_eq!(d.harness.state().accounts().len(), 2, "nothing added yet");
    d.harness.get_by_label("Show that account").click();
    d.harness.run();
    assert!(
        d.harness.query_by_label("Close dialog").is_none(),
        "the form closed"
    );
    let amazon = d.harness.state().accounts()[0].id.clone();
    assert_eq!(d.harness.state().selected(), Some(&amazon));
}
