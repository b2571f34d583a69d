//! Desk mode in the real window (egui_kittest): "Who is working?" and the PIN, a member who sees
//! and copies only what is shared with them, switching person, the admin's People, Sharing,
//! Trash and Log pages, and the idle lock while the window is hidden.

mod support;

use egui::Key;
use egui_kittest::kittest::Queryable;
use otp_desk::otp::group_for_reading;
use otp_desk::store::audit_log::AuditLog;
use support::gui::{self, Desk};
use support::rows::row;

const T: u64 = 1_700_000_010;
const AMAZON: &str = "otpauth://totp/Amazon:shop1?secret=JBSWY3DPEHPK3PXP&issuer=Amazon";
const EBAY: &str = "otpauth://totp/eBay:shop2?secret=GEZDGNBVGY3TQOJQ&issuer=eBay";
const ADMIN_PIN: &str = "246810";
const MEMBER_PIN: &str = "135790";

fn code(uri: &str, at: u64) -> String {
    otp_desk::uri::parse(uri).unwrap().code_at(at)
}

/// A desk with Li Na (admin) and 张伟 (member), Amazon shared with 张伟, eBay not.
fn desk() -> Desk {
    let mut settings = gui::english();
    settings.backup_reminder = false;
    settings.lock.idle_mins = 1;
    let team = gui::Team {
        uris: &[AMAZON, EBAY],
        added_at: T - 60,
        admin: ("Li Na", ADMIN_PIN),
        member: ("张伟", MEMBER_PIN),
        shared: ("amazon", None),
    };
    team.start(gui::Window::new(520.0, 700.0, T, settings))
}

fn sign_in(d: &mut Desk, name: &str, pin: &str) {
    d.harness.get_by_label_contains(name).click();
    d.harness.run();
    gui::type_into(d, egui::Role::PasswordInput, "PIN", pin);
    d.harness.get_by_label("Unlock").click();
    d.harness.run();
    d.harness.run();
}

#[test]
fn the_window_opens_on_who_is_working_and_names_no_account() {
    let d = desk();
    assert!(d.harness.state().is_locked());
    d.harness.get_by_label("Who is working?");
    d.harness.get_by_label_contains("Li Na");
    d.harness.get_by_label_contains("张伟");
    let text = gui::all_text(&d).join("\n");
    for hidden in ["Amazon", "eBay", &group_for_reading(&code(AMAZON, T))] {
        assert!(!text.contains(hidden), "{hidden} on the picker:\n{text}");
    }
    assert!(
        d.harness.state().tray_menu().accounts.is_empty(),
        "the tray names no account"
    );
}

#[test]
fn a_member_sees_and_copies_only_what_is_shared_and_changes_nothing() {
    let mut d = desk();
    sign_in(&mut d, "张伟", MEMBER_PIN);
    assert!(!d.harness.state().is_locked());
    d.harness.get_by_label_contains("张伟");
    d.harness.get_by(row("Amazon (shop1)")).click();
    d.harness.run();
    assert_eq!(d.clipboard.copied(), [code(AMAZON, T)]);
    let text = gui::all_text(&d).join("\n");
    assert!(!text.contains("eBay"), "an unshared account shows:\n{text}");
    assert!(d.harness.query_by_label_contains("Add account").is_none());
    assert!(d.harness.query_by_label("People…").is_none());
    // The row menu offers copying only.
    d.harness.get_by(row("Amazon (shop1)")).click_secondary();
    d.harness.run();
    assert!(d.harness.query_by_label("Edit…").is_none());
    d.harness.get_by_label("Copy code");
    assert!(d.harness.query_by_label("Delete…").is_none());
    assert!(d.harness.query_by_label("Sharing…").is_none());
    d.harness.key_press(Key::Escape);
    d.harness.run();
    // Settings shows a member nothing she may not do: no people, trash, backup or copy log.
    assert!(d.harness.query_by_label("Back up now…").is_none());
    d.harness.get_by_label("Settings").click();
    d.harness.run();
    for hidden in [
        "People…",
        "Trash…",
        "Back up / export…",
        "View",
        "Remind me to back up",
    ] {
        assert!(d.harness.query_by_label(hidden).is_none(), "{hidden} shown");
    }
    d.harness.get_by_label("Close dialog").click();
    d.harness.run();
    // The audit log has the unlock and the copy, with the person and no code.
    let trail = AuditLog::new(d.dir.path()).read().unwrap();
    let actions: Vec<&str> = trail.records.iter().map(|r| r.action.as_str()).collect();
    assert!(
        actions.contains(&"unlock") && actions.contains(&"copy"),
        "{actions:?}"
    );
    assert!(trail.records.iter().all(|r| r.person == "张伟"));
    let log = std::fs::read_to_string(d.dir.path().join("audit.log")).unwrap();
    assert!(!log.contains(&code(AMAZON, T)));
}

#[test]
fn a_wrong_pin_is_refused_and_switching_person_takes_one_click_and_a_pin() {
    let mut d = desk();
    sign_in(&mut d, "Li Na", "000000");
    assert!(d.harness.state().is_locked());
    d.harness.get_by_label("Wrong PIN for Li Na.");
    gui::type_into(&mut d, egui::Role::PasswordInput, "PIN", ADMIN_PIN);
    d.harness.key_press(Key::Enter);
    d.harness.run();
    d.harness.run();
    assert!(!d.harness.state().is_locked());
    d.harness.get_by(row("eBay (shop2)"));
    d.harness.get_by_label("Switch person").click();
    d.harness.run();
    assert!(d.harness.state().is_locked());
    assert!(
        !gui::all_text(&d).join("\n").contains("eBay"),
        "switching hides everything"
    );
    assert!(
        d.harness.state().accounts().is_empty(),
        "the session's vault is closed"
    );
    sign_in(&mut d, "张伟", MEMBER_PIN);
    assert_eq!(d.harness.state().accounts().len(), 1);
    d.harness
        .key_press_modifiers(egui::Modifiers::COMMAND, Key::L);
    d.harness.run();
    assert!(d.harness.state().is_locked(), "Ctrl+L ends the session");
}

#[test]
fn an_admin_adds_people_shares_until_a_time_and_uses_trash_and_log() {
    let mut d = desk();
    sign_in(&mut d, "Li Na", ADMIN_PIN);
    // People: add a member.
    d.harness.get_by_label("People…").click();
    d.harness.run();
    gui::type_into(&mut d, egui::Role::TextInput, "Name", "Wang Fang");
    gui::type_into(&mut d, egui::Role::PasswordInput, "PIN", "864200");
    gui::type_into(
        &mut d,
        egui::Role::PasswordInput,
        "Repeat the PIN",
        "864200",
    );
    d.harness.get_by_label("Add member").click();
    d.harness.run();
    d.harness.run();
    d.harness.get_by_label("Wang Fang");
    d.harness.get_by_label("Close").click();
    d.harness.run();
    // Sharing: eBay with Wang Fang until 8 hours from now.
    d.harness.get_by(row("eBay (shop2)")).click_secondary();
    d.harness.run();
    d.harness.get_by_label("Sharing…").click();
    d.harness.run();
    gui::type_into(&mut d, egui::Role::TextInput, "Until", "8h");
    let share_buttons = d.harness.query_all_by_label("Share").count();
    assert_eq!(share_buttons, 2, "张伟 and Wang Fang can be given eBay");
    // People are listed in name order: Wang Fang, then 张伟.
    d.harness
        .query_all_by_label("Share")
        .next()
        .unwrap()
        .click();
    d.harness.run();
    d.harness.run();
    d.harness.get_by_label_contains("shared until");
    d.harness.get_by_label("Close").click();
    d.harness.run();
    // Delete goes to the trash, and comes back from it.
    d.harness.get_by(row("eBay (shop2)")).click_secondary();
    d.harness.run();
    d.harness.get_by_label("Delete…").click();
    d.harness.run();
    d.harness.get_by_label("Delete").click();
    d.harness.run();
    assert_eq!(d.harness.state().accounts().len(), 1);
    d.harness.get_by_label("Trash…").click();
    d.harness.run();
    d.harness.get_by_label("eBay (shop2)");
    d.harness.get_by_label("Restore").click();
    d.harness.run();
    d.harness.run();
    assert_eq!(d.harness.state().accounts().len(), 2);
    d.harness.get_by_label("Close").click();
    d.harness.run();
    // The log shows it all, chain intact.
    d.harness.get_by_label("Log…").click();
    d.harness.run();
    d.harness.get_by_label_contains("the chain is intact");
    d.harness.get_by_label_contains("with Wang Fang until");
    let text = gui::all_text(&d).join("\n");
    for action in [
        "Started work",
        "Person added",
        "Shared",
        "Deleted",
        "Restored",
    ] {
        assert!(
            text.contains(action),
            "{action} not in the log view:\n{text}"
        );
    }
}

#[test]
fn hidden_in_the_tray_the_idle_lock_still_fires_and_showing_is_not_activity() {
    let mut d = desk();
    sign_in(&mut d, "Li Na", ADMIN_PIN);
    assert!(!d.harness.state().is_locked());
    gui::show_or_hide(&mut d);
    assert!(d.harness.state().is_hidden_in_tray());
    d.harness.step();
    assert!(
        d.harness.ctx.has_requested_repaint(),
        "hidden, the lock timer still asks to run"
    );
    d.harness
        .state_mut()
        .set_clock(otp_desk::clock::Clock::Fixed(T + 40));
    gui::show_or_hide(&mut d); // shown again: not activity
    d.harness
        .state_mut()
        .set_clock(otp_desk::clock::Clock::Fixed(T + 61));
    d.harness.run();
    assert!(
        d.harness.state().is_locked(),
        "one idle minute after the last input"
    );
    assert!(d.harness.state().tray_menu().accounts.is_empty());
}

#[test]
fn a_second_launch_brings_a_hidden_window_back_locked() {
    let mut d = desk();
    sign_in(&mut d, "Li Na", ADMIN_PIN);
    gui::show_or_hide(&mut d);
    assert!(d.harness.state().is_hidden_in_tray());
    d.harness
        .state()
        .background_reporter()
        .send(otp_desk::gui::Done::ShowWindow);
    d.harness.run();
    assert!(!d.harness.state().is_hidden_in_tray());
    assert!(
        d.harness.state().is_locked(),
        "shown by another launch, it asks who is working"
    );
    d.harness.get_by_label("Who is working?");
}

#[test]
fn the_screen_locking_ends_the_session() {
    let mut d = desk();
    sign_in(&mut d, "张伟", MEMBER_PIN);
    assert!(!d.harness.state().is_locked());
    d.harness
        .state()
        .background_reporter()
        .send(otp_desk::gui::Done::ScreenLocked);
    d.harness.run();
    assert!(d.harness.state().is_locked());
    assert!(d.harness.state().accounts().is_empty());
    assert!(!gui::all_text(&d).join("\n").contains("Amazon"));
}

#[test]
fn a_log_cut_short_behind_the_window_s_back_shows_as_changed() {
    let mut d = desk();
    sign_in(&mut d, "Li Na", ADMIN_PIN);
    // The window's own record (the unlock) moved the keychain's anchor on; cut it off.
    let path = d.dir.path().join("audit.log");
    assert_eq!(std::fs::read_to_string(&path).unwrap().lines().count(), 1);
    std::fs::write(&path, "").unwrap();
    d.harness.get_by_label("Log…").click();
    d.harness.run();
    let shown = gui::all_text(&d).join("\n");
    assert!(
        !shown.contains("the chain is intact") && shown.contains("Records are missing"),
        "{shown}"
    );
}

#[test]
fn a_member_changes_their_own_pin_in_the_window() {
    let mut d = desk();
    sign_in(&mut d, "张伟", MEMBER_PIN);
    change_own_pin(&mut d, "张伟", (MEMBER_PIN, "556677", "556678"));
    d.harness.get_by_label("The two new PINs differ.");
    d.harness.get_by_label("Cancel").click();
    d.harness.run();
    change_own_pin(&mut d, "张伟", (MEMBER_PIN, "556677", "556677"));
    for _ in 0..4 {
        d.harness.run();
    }
    d.harness.get_by_label_contains("Your PIN is changed");
    d.harness.get_by_label("Switch person").click();
    d.harness.run();
    sign_in(&mut d, "张伟", MEMBER_PIN);
    assert!(d.harness.state().is_locked(), "the old PIN opens nothing");
    gui::type_into(&mut d, egui::Role::PasswordInput, "PIN", "556677");
    d.harness.get_by_label("Unlock").click();
    d.harness.run();
    d.harness.run();
    assert!(
        !d.harness.state().is_locked(),
        "{}",
        gui::all_text(&d).join("\n")
    );
}

#[test]
fn when_a_member_leaves_the_admin_sees_what_to_re_enrol_and_re_keys_it_in_place() {
    const NEW_KEY: &str = "otpauth://totp/x?secret=MFRGGZDFMZTWQ2LK";
    let mut d = desk();
    wei_copies_amazon_then_li_na_signs_in(&mut d);
    open_wei_s_exposure(&mut d);
    d.harness.get_by_label("What 张伟 could use");
    let text = gui::all_text(&d).join("\n");
    assert!(
        text.contains("codes only (a share) · used 1 times"),
        "{text}"
    );
    // Removing 张伟 leaves the list of what to re-enrol.
    d.harness
        .query_all_by_label("Remove")
        .next()
        .unwrap()
        .click();
    d.harness.run();
    d.harness.run();
    d.harness
        .get_by_label_contains("张伟 left: re-enrol these accounts");
    d.harness.get_by_label("Re-enrol…").click();
    d.harness.run();
    d.harness.get_by_label("Re-enrol an account");
    d.harness
        .get_by_label_contains("Advanced Security Settings > Two-Step Verification");
    gui::type_into(
        &mut d,
        egui::Role::TextInput,
        "Or type the new key (the website's \"can't scan?\" text)",
        "mfrg gzdf mztw q2lk",
    );
    let new_code = group_for_reading(&code(NEW_KEY, T));
    assert!(
        d.harness.query_all_by_label(&new_code).count() > 0,
        "the new code shows"
    );
    assert_eq!(
        d.harness.state().accounts().len(),
        2,
        "nothing replaced before the website took the code"
    );
    d.harness
        .get_by_label("The website accepted it: replace the key")
        .click();
    for _ in 0..4 {
        d.harness.run();
    }
    assert!(d.harness.query_by_label("Re-enrol an account").is_none());
    d.harness
        .query_all_by(row("Amazon (shop1)"))
        .next()
        .unwrap()
        .click();
    d.harness.run();
    assert_eq!(d.clipboard.copied().last(), Some(&code(NEW_KEY, T)));
    assert_eq!(d.harness.state().accounts().len(), 2, "one Amazon, not two");
    // The old key waits in the trash; the log says what happened.
    d.harness.get_by_label("Trash…").click();
    d.harness.run();
    assert_eq!(d.harness.query_all_by_label("Restore").count(), 1);
    d.harness.get_by_label("Close").click();
    d.harness.run();
    let records = AuditLog::new(d.dir.path()).read().unwrap().records;
    assert!(
        records
            .iter()
            .any(|r| r.action == otp_desk::store::audit_log::AuditAction::Rekey),
        "{records:?}"
    );
}

#[test]
fn a_code_copied_before_the_account_was_renamed_still_counts_when_its_user_leaves() {
    let mut d = desk();
    wei_copies_amazon_then_li_na_signs_in(&mut d);
    // The admin renames the account: the log line of the copy names it by its old label.
    d.harness.get_by(row("Amazon (shop1)")).click_secondary();
    d.harness.run();
    d.harness.get_by_label("Edit…").click();
    d.harness.run();
    gui::type_into(&mut d, egui::Role::TextInput, "Account name", "-DE");
    d.harness.get_by_label("Save").click();
    for _ in 0..3 {
        d.harness.run();
    }
    d.harness.get_by(row("Amazon (shop1-DE)"));
    let records = AuditLog::new(d.dir.path()).read().unwrap().records;
    let edit = records.last().unwrap();
    assert_eq!(
        (edit.account.as_deref(), edit.detail.as_deref()),
        (
            Some("Amazon (shop1)"),
            Some("Amazon (shop1) → Amazon (shop1-DE)")
        ),
        "{records:?}"
    );
    open_wei_s_exposure(&mut d);
    let text = gui::all_text(&d).join("\n");
    assert!(text.contains("Amazon (shop1-DE)"), "{text}");
    assert!(
        text.contains("codes only (a share) · used 1 times"),
        "the copy made under the old name counts: {text}"
    );
}

/// 张伟 copies the shared Amazon code once; then Li Na signs in.
fn wei_copies_amazon_then_li_na_signs_in(d: &mut Desk) {
    sign_in(d, "张伟", MEMBER_PIN);
    d.harness.get_by(row("Amazon (shop1)")).click();
    d.harness.run();
    d.harness.get_by_label("Switch person").click();
    d.harness.run();
    sign_in(d, "Li Na", ADMIN_PIN);
}

/// People… → 张伟's Exposure (people are in name order: Li Na, then 张伟).
fn open_wei_s_exposure(d: &mut Desk) {
    d.harness.get_by_label("People…").click();
    d.harness.run();
    d.harness
        .query_all_by_label("Exposure")
        .nth(1)
        .unwrap()
        .click();
    d.harness.run();
    d.harness.run();
}

/// The name in the desk bar opens the person's own menu: "My PIN…", the three fields, Save.
fn change_own_pin(d: &mut Desk, name: &str, (old, new, repeat): (&str, &str, &str)) {
    d.harness
        .get_by_role_and_label(egui::Role::Button, name)
        .click();
    d.harness.run();
    d.harness.get_by_label("My PIN…").click();
    d.harness.run();
    d.harness.get_by_label("Change my PIN");
    for (field, text) in [
        ("Current PIN", old),
        ("New PIN", new),
        ("Repeat the PIN", repeat),
    ] {
        gui::type_into(d, egui::Role::PasswordInput, field, text);
    }
    d.harness.get_by_label("Save").click();
    d.harness.run();
}
