//! Every main task without a mouse, on the real `App` (egui_kittest): add an account from the
//! typed key, import a screenshot with Ctrl+V, copy with the arrows and Enter or with Tab and
//! Enter, search with Ctrl+F, lock with Ctrl+L and unlock by typing, and in desk mode switch
//! person with Ctrl+L, Tab, Enter and the PIN. Only key and text events reach the window here;
//! each test asserts what the task did. A row reached with Tab is what a screen reader reads:
//! its whole sentence (issuer, name, code, seconds).

mod support;

use egui::{Key, Modifiers};
use egui_kittest::kittest::{By, NodeT, Queryable};
use otp_desk::gui::Pasted;
use otp_desk::gui::runtime::worker::VaultSource;
use otp_desk::otp::group_for_reading;
use support::gui::{self, Desk};

/// A time at the very start of a 30-second period: 30 s left on every code.
const T: u64 = 1_700_000_010;
const AMAZON: &str = "otpauth://totp/Amazon:shop1?secret=JBSWY3DPEHPK3PXP&issuer=Amazon";
const EBAY: &str = "otpauth://totp/eBay:seller?secret=KRSXG5CTMVRXEZLU&issuer=eBay";

fn code(uri: &str, at: u64) -> String {
    otp_desk::uri::parse(uri).unwrap().code_at(at)
}

fn desk_with(uris: &[&str], settings: otp_desk::gui::model::settings::Settings) -> Desk {
    let (dir, vault) = gui::vault_with(uris, T);
    Desk::start(
        VaultSource::Ready(vault),
        dir,
        gui::Window::new(480.0, 720.0, T, settings),
    )
}

fn press(d: &mut Desk, key: Key) {
    d.harness.key_press(key);
    d.harness.run();
}

fn ctrl(d: &mut Desk, key: Key) {
    d.harness.key_press_modifiers(Modifiers::COMMAND, key);
    d.harness.run();
}

fn type_text(d: &mut Desk, text: &str) {
    d.harness.event(egui::Event::Text(text.to_owned()));
    d.harness.run();
}

/// The focused node's role and name, if any.
fn focused(d: &Desk) -> Option<(egui::Role, String)> {
    d.harness
        .query_all(By::new().predicate(|n| n.is_focused()))
        .next()
        .map(|n| {
            let node = n.accesskit_node();
            (node.role(), node.label().unwrap_or_default())
        })
}

/// Presses Tab until the focused node is `want` (at most `max` times); panics with the path
/// the focus took otherwise.
fn tab_to(d: &mut Desk, max: usize, want: impl Fn(egui::Role, &str) -> bool) -> String {
    let mut path = Vec::new();
    for _ in 0..max {
        press(d, Key::Tab);
        let now = focused(d);
        if let Some((role, name)) = &now
            && want(*role, name)
        {
            return name.clone();
        }
        path.push(now);
    }
    panic!("Tab never reached it; the focus went: {path:#?}");
}

#[test]
fn ctrl_n_and_typing_adds_an_account() {
    let mut d = desk_with(&[], gui::english());
    ctrl(&mut d, Key::N);
    d.harness.get_by_label("Add an account");
    // The form opens with its first field focused: Ctrl+N, then type.
    d.harness.run();
    assert_eq!(
        focused(&d),
        Some((egui::Role::TextInput, "Service".to_owned())),
        "the Service field has the focus when the form opens"
    );
    type_text(&mut d, "Amazon");
    press(&mut d, Key::Tab);
    type_text(&mut d, "shop1");
    press(&mut d, Key::Tab);
    type_text(&mut d, "JBSWY3DPEHPK3PXP");
    press(&mut d, Key::Enter);
    d.harness.run();
    let accounts = d.harness.state().accounts();
    assert_eq!(accounts.len(), 1, "Enter in the form adds the account");
    assert_eq!(
        (accounts[0].issuer.as_str(), accounts[0].name.as_str()),
        ("Amazon", "shop1")
    );
}

/// The pixels of a QR code of `text`, as a screenshot tool puts them on the clipboard.
fn qr_pixels(text: &str) -> Pasted {
    let code = qrcode::QrCode::new(text.as_bytes()).unwrap();
    let (modules, scale, quiet) = (code.width(), 6, 4);
    let side = (modules + 2 * quiet) * scale;
    let colors = code.to_colors();
    let mut rgba = vec![255_u8; side * side * 4];
    for y in 0..side {
        for x in 0..side {
            let (mx, my) = (
                (x / scale).wrapping_sub(quiet),
                (y / scale).wrapping_sub(quiet),
            );
            if mx < modules && my < modules && colors[my * modules + mx] == qrcode::Color::Dark {
                let i = (y * side + x) * 4;
                rgba[i..i + 3].fill(0);
            }
        }
    }
    Pasted::Image {
        width: side,
        height: side,
        rgba,
    }
}

#[test]
fn ctrl_v_imports_a_screenshot_and_tab_and_enter_add_it() {
    let images = std::sync::Arc::new(otp_desk::gui::StaticImageSource::default());
    let (dir, vault) = gui::vault_with::<&str>(&[], T);
    let window = gui::Window {
        images: images.clone() as _,
        ..gui::Window::new(480.0, 720.0, T, gui::english())
    };
    let mut d = Desk::start(VaultSource::Ready(vault), dir, window);
    images.set(qr_pixels(EBAY));
    ctrl(&mut d, Key::V);
    for _ in 0..50 {
        if d.harness.query_by_label_contains("Add 1 account").is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        d.harness.run();
    }
    let add = tab_to(&mut d, 12, |role, name| {
        role == egui::Role::Button && name.starts_with("Add 1 account")
    });
    press(&mut d, Key::Enter);
    d.harness.run();
    let accounts = d.harness.state().accounts();
    assert_eq!(accounts.len(), 1, "{add} by Enter adds the pasted account");
    assert_eq!(accounts[0].issuer, "eBay");
}

#[test]
fn the_arrows_and_enter_copy_and_a_row_reached_with_tab_says_its_code() {
    let mut d = desk_with(&[AMAZON, EBAY], gui::english());
    press(&mut d, Key::ArrowDown);
    press(&mut d, Key::ArrowDown);
    press(&mut d, Key::Enter);
    assert_eq!(d.clipboard.copied(), vec![code(EBAY, T)], "the second row");

    // Tab reaches a row; a screen reader reads it whole; Enter copies that row, not the
    // selected one.
    let amazon = format!(
        "Amazon, shop1, code {}, 30 seconds left",
        group_for_reading(&code(AMAZON, T))
    );
    let name = tab_to(&mut d, 12, |role, name| {
        role == egui::Role::Button && name.starts_with("Amazon")
    });
    assert_eq!(name, amazon);
    assert_eq!(
        d.harness
            .query_by(support::rows::row("Amazon (shop1)"))
            .map(|n| n.accesskit_node().label()),
        Some(Some(amazon.clone())),
        "the row's accessible name is its spoken text"
    );
    press(&mut d, Key::Enter);
    assert_eq!(d.clipboard.copied().last(), Some(&code(AMAZON, T)));
    assert_eq!(d.clipboard.copied().len(), 2);
    // The selection followed the focus: the arrows go on from the focused row.
    let amazon_id = d.harness.state().accounts()[0].id.clone();
    assert_eq!(d.harness.state().selected(), Some(&amazon_id));
}

#[test]
fn ctrl_f_and_typing_filter_and_escape_clears() {
    let mut d = desk_with(&[AMAZON, EBAY], gui::english());
    ctrl(&mut d, Key::F);
    type_text(&mut d, "ebay");
    d.harness.get_by(support::rows::row("eBay (seller)"));
    assert!(
        d.harness
            .query_by(support::rows::row("Amazon (shop1)"))
            .is_none()
    );
    // Enter copies the one found, from the search field.
    press(&mut d, Key::Enter);
    assert_eq!(d.clipboard.copied(), vec![code(EBAY, T)]);
    press(&mut d, Key::Escape);
    d.harness.get_by(support::rows::row("Amazon (shop1)"));
}

#[test]
fn ctrl_l_locks_and_typing_the_password_and_enter_unlock() {
    let mut d = desk_with(&[AMAZON], gui::with_pin(gui::english()));
    // It starts locked: the password field has the focus.
    assert!(d.harness.state().is_locked());
    type_text(&mut d, gui::PIN);
    press(&mut d, Key::Enter);
    d.harness.run();
    assert!(
        !d.harness.state().is_locked(),
        "the password and Enter unlock"
    );
    ctrl(&mut d, Key::L);
    assert!(d.harness.state().is_locked(), "Ctrl+L locks");
    assert!(
        d.harness
            .query_by(support::rows::row("Amazon (shop1)"))
            .is_none()
    );
}

const ADMIN_PIN: &str = "246810";
const MEMBER_PIN: &str = "135790";

/// Picks `person` on "Who is working?" with Tab and Enter, then types the PIN and Enter.
fn sign_in_by_keys(d: &mut Desk, person: &str, pin: &str) {
    tab_to(d, 6, |role, name| {
        role == egui::Role::Button && name.starts_with(person)
    });
    press(d, Key::Enter);
    type_text(d, pin);
    press(d, Key::Enter);
    d.harness.run();
    d.harness.run();
}

#[test]
fn in_desk_mode_ctrl_l_tab_enter_and_a_pin_switch_person() {
    let mut settings = gui::english();
    settings.backup_reminder = false;
    let team = gui::Team {
        uris: &[AMAZON, EBAY],
        added_at: T - 60,
        admin: ("Li Na", ADMIN_PIN),
        member: ("张伟", MEMBER_PIN),
        shared: ("amazon", None),
    };
    let mut d = team.start(gui::Window::new(520.0, 700.0, T, settings));
    sign_in_by_keys(&mut d, "Li Na", ADMIN_PIN);
    assert!(!d.harness.state().is_locked());
    assert_eq!(d.harness.state().accounts().len(), 2, "the admin sees both");
    ctrl(&mut d, Key::L);
    assert!(
        d.harness.state().is_locked(),
        "Ctrl+L goes back to Who is working?"
    );
    sign_in_by_keys(&mut d, "张伟", MEMBER_PIN);
    assert!(!d.harness.state().is_locked());
    assert_eq!(
        d.harness.state().accounts().len(),
        1,
        "张伟 sees what is shared"
    );
}

#[test]
fn a_button_reached_with_tab_is_pressed_by_enter_not_taken_for_a_copy() {
    let mut d = desk_with(&[AMAZON], gui::english());
    press(&mut d, Key::ArrowDown);
    tab_to(&mut d, 8, |role, name| {
        role == egui::Role::Button && name == "Settings"
    });
    press(&mut d, Key::Enter);
    d.harness.run();
    assert!(d.clipboard.copied().is_empty(), "Enter pressed the button");
    d.harness
        .get_by_role_and_label(egui::Role::Dialog, "Settings");
}

#[test]
fn the_arrows_go_on_from_a_row_reached_with_tab_and_enter_copies_the_one_highlighted() {
    let mut d = desk_with(&[AMAZON, EBAY], gui::english());
    tab_to(&mut d, 12, |role, name| {
        role == egui::Role::Button && name.starts_with("Amazon")
    });
    press(&mut d, Key::ArrowDown);
    press(&mut d, Key::Enter);
    assert_eq!(d.clipboard.copied(), vec![code(EBAY, T)]);
}
