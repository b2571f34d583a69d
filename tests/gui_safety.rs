//! Safety flows on the real `App`, headless (egui_kittest): the app lock (button, Ctrl+L, idle
//! time, back-off, password before revealing), clock correction handed in through the same
//! channel the background thread uses, the copy log, the read-only mode with restore from the
//! backup, and recovery of keychain items without metadata. What a locked window shows is
//! checked on the whole accessibility tree, as a screen reader would read it.

mod support;

use std::path::Path;
use std::sync::Arc;

use egui::Key;
use egui_kittest::kittest::Queryable;
use otp_desk::clock::Clock;
use otp_desk::gui::Done;
use otp_desk::gui::model::settings::Settings;
use otp_desk::gui::runtime::worker::VaultSource;
use otp_desk::otp::{code_at, group_for_reading};
use otp_desk::store::{AccountId, MemoryStore, SecretStore};
use otp_desk::timesync::Estimate;
use otp_desk::vault::Vault;
use support::gui::{self, Desk, PIN};
use support::rows::row;

/// The start of a 30-second period.
const T: u64 = 1_700_000_010;
const AMAZON: &str = "otpauth://totp/Amazon:shop1?secret=JBSWY3DPEHPK3PXP&issuer=Amazon";
const EBAY: &str = "otpauth://totp/eBay:seller?secret=KRSXG5CTMVRXEZLU&issuer=eBay";
fn settings(password: bool) -> Settings {
    if password {
        gui::with_pin(gui::english())
    } else {
        gui::english()
    }
}

fn build(dir: tempfile::TempDir, vault: VaultSource, settings: Settings) -> Desk {
    Desk::start(vault, dir, gui::Window::new(480.0, 900.0, T, settings))
}

fn desk(uris: &[&str], settings: Settings) -> Desk {
    let (dir, vault) = gui::vault_with(uris, T);
    build(dir, VaultSource::Ready(vault), settings)
}

fn code(uri: &str, at: u64) -> String {
    let entry = otp_desk::uri::parse(uri).unwrap();
    code_at(&entry.params, &entry.secret, at)
}

fn assert_nothing_shown(d: &Desk, uris: &[&str]) {
    let text = gui::all_text(d).join("\n");
    for uri in uris {
        let entry = otp_desk::uri::parse(uri).unwrap();
        for secret_word in [entry.issuer.as_str(), entry.name.as_str()] {
            assert!(
                !text.contains(secret_word),
                "{secret_word:?} shows in:\n{text}"
            );
        }
        let current = code(uri, T);
        for shown in [current.clone(), group_for_reading(&current)] {
            assert!(!text.contains(&shown), "code {shown} shows in:\n{text}");
        }
    }
}

fn type_password(d: &mut Desk, password: &str) {
    d.harness
        .get_by_role_and_label(egui::Role::PasswordInput, "Password")
        .type_text(password);
    d.harness.run();
}

fn unlock(d: &mut Desk) {
    type_password(d, PIN);
    d.harness.get_by_label("Unlock").click();
    d.harness.run();
    d.harness.run();
    assert!(!d.harness.state().is_locked());
}

#[test]
fn with_a_password_the_window_starts_locked_and_shows_nothing() {
    let mut d = desk(&[AMAZON, EBAY], settings(true));
    assert!(d.harness.state().is_locked());
    d.harness.get_by_label("OTP Desk is locked");
    assert_nothing_shown(&d, &[AMAZON, EBAY]);
    // Copy shortcuts do nothing while locked.
    d.harness.key_press(Key::ArrowDown);
    d.harness.key_press(Key::Enter);
    d.harness
        .key_press_modifiers(egui::Modifiers::COMMAND, Key::C);
    d.harness.run();
    assert!(d.clipboard.copied().is_empty());
    assert!(d.harness.state().is_locked());
    unlock(&mut d);
    d.harness.get_by(row("Amazon (shop1)"));
}

#[test]
fn the_lock_button_and_ctrl_l_lock_and_hide_names_and_codes() {
    let mut d = desk(&[AMAZON, EBAY], settings(true));
    unlock(&mut d);
    d.harness.get_by_label(&group_for_reading(&code(AMAZON, T)));
    d.harness.get_by_label("Lock").click();
    d.harness.run();
    assert!(d.harness.state().is_locked());
    assert_nothing_shown(&d, &[AMAZON, EBAY]);
    // Calling apply directly is refused too: only unlocking gets through.
    let id = d.harness.state().accounts()[0].id.clone();
    d.harness.state_mut().apply(otp_desk::gui::Action::Copy(id));
    assert!(d.clipboard.copied().is_empty());
    unlock(&mut d);
    d.harness
        .key_press_modifiers(egui::Modifiers::COMMAND, Key::L);
    d.harness.run();
    assert!(d.harness.state().is_locked());
    assert_nothing_shown(&d, &[AMAZON, EBAY]);
}

#[test]
fn the_window_locks_after_the_idle_time() {
    let mut d = desk(&[AMAZON], settings(true));
    unlock(&mut d);
    assert_eq!(d.harness.state().settings().lock.idle_mins, 5);
    d.harness.state_mut().set_clock(Clock::Fixed(T + 4 * 60));
    d.harness.run();
    assert!(!d.harness.state().is_locked(), "4 minutes idle");
    // Input resets the idle time.
    d.harness.hover_at(egui::pos2(100.0, 200.0));
    d.harness.run();
    d.harness.state_mut().set_clock(Clock::Fixed(T + 8 * 60));
    d.harness.run();
    assert!(
        !d.harness.state().is_locked(),
        "4 minutes since the pointer moved"
    );
    d.harness
        .state_mut()
        .set_clock(Clock::Fixed(T + 9 * 60 + 1));
    d.harness.run();
    assert!(d.harness.state().is_locked(), "5 minutes idle");
    assert_nothing_shown(&d, &[AMAZON]);
}

#[test]
fn wrong_passwords_back_off_after_three_attempts() {
    let mut d = desk(&[AMAZON], settings(true));
    for _ in 0..3 {
        type_password(&mut d, "0000");
        d.harness.get_by_label("Unlock").click();
        d.harness.run();
        d.harness.run();
    }
    d.harness
        .get_by_label("Too many wrong attempts — try again in 5 s");
    // Even the right password waits.
    type_password(&mut d, PIN);
    d.harness.key_press(Key::Enter);
    d.harness.get_by_label("Unlock").click();
    d.harness.run();
    d.harness.run();
    assert!(d.harness.state().is_locked());
    d.harness.state_mut().set_clock(Clock::Fixed(T + 3));
    d.harness.run();
    d.harness
        .get_by_label("Too many wrong attempts — try again in 2 s");
    d.harness.state_mut().set_clock(Clock::Fixed(T + 5));
    d.harness.run();
    d.harness.get_by_label("Unlock").click();
    d.harness.run();
    d.harness.run();
    assert!(!d.harness.state().is_locked());
}

#[test]
fn revealing_a_secret_and_opening_settings_need_the_password() {
    let mut d = desk(&[AMAZON], settings(true));
    unlock(&mut d);
    gui::ask_to_reveal_key(&mut d.harness, "Amazon (shop1)");
    d.harness.get_by_label("Enter your password to continue");
    type_password(&mut d, "9999");
    d.harness.get_by_label("Continue").click();
    d.harness.run();
    d.harness.run();
    d.harness.get_by_label("Wrong password.");
    assert!(d.harness.query_by_label("JBSW Y3DP EHPK 3PXP").is_none());
    type_password(&mut d, PIN);
    d.harness.get_by_label("Continue").click();
    d.harness.run();
    d.harness.run();
    d.harness.get_by_label("Show it").click();
    d.harness.run();
    d.harness.get_by_label("JBSW Y3DP EHPK 3PXP");
    d.harness.key_press(Key::Escape);
    d.harness.run();
    d.harness.get_by_label("Settings").click();
    d.harness.run();
    d.harness.get_by_label("Enter your password to continue");
    assert!(d.harness.query_by_label("Theme").is_none());
    type_password(&mut d, PIN);
    d.harness.get_by_label("Continue").click();
    d.harness.run();
    d.harness.run();
    d.harness.get_by_label("Theme");
}

#[test]
fn a_password_set_in_settings_is_stored_only_as_a_hash() {
    let mut d = desk(&[AMAZON], settings(false));
    d.harness.get_by_label("Settings").click();
    d.harness.run();
    for field in ["New password", "Repeat it"] {
        d.harness
            .get_by_role_and_label(egui::Role::PasswordInput, field)
            .click();
        d.harness.run();
        d.harness
            .get_by_role_and_label(egui::Role::PasswordInput, field)
            .type_text("open sesame");
        d.harness.run();
    }
    d.harness.get_by_label("Set password").click();
    d.harness.run();
    d.harness.run();
    let saved = serde_json::to_string(d.harness.state().settings()).unwrap();
    assert!(saved.contains("m_cost_kib"), "{saved}");
    assert!(!saved.contains("open sesame"), "{saved}");
    let hash = d.harness.state().settings().lock.password.clone().unwrap();
    assert!(hash.verify("open sesame"));
}

#[test]
fn a_clock_estimate_corrects_codes_and_offline_keeps_it_quietly() {
    let mut d = desk(&[AMAZON], settings(false));
    let events = d.harness.state().background_reporter();
    events.send(Done::ClockChecked {
        result: Ok(Estimate {
            offset_secs: -47.2,
            servers: 3,
        }),
        at_unix_secs: T,
    });
    d.harness.run();
    d.harness
        .get_by_label("This computer's clock is 47 s fast — codes are corrected.");
    // The system clock says T; the right time is T - 47.
    d.harness
        .get_by_label(&group_for_reading(&code(AMAZON, T - 47)));
    let last = d.harness.state().settings().clock_sync.last.unwrap();
    assert_eq!((last.correction_secs, last.checked_unix_secs), (-47, T));
    // Offline three hours later: the offset stays, said quietly; no error banner.
    events.send(Done::ClockChecked {
        result: Err(3),
        at_unix_secs: T + 3 * 3600,
    });
    d.harness.state_mut().set_clock(Clock::Fixed(T + 3 * 3600));
    d.harness.run();
    d.harness.get_by_label("Clock last checked 3 h ago");
    d.harness
        .get_by_label(&group_for_reading(&code(AMAZON, T + 3 * 3600 - 47)));
    assert!(d.harness.query_by_label_contains("Could not").is_none());
    // Older than a day: forgotten.
    events.send(Done::ClockChecked {
        result: Err(3),
        at_unix_secs: T + 25 * 3600,
    });
    d.harness.run();
    assert!(d.harness.query_by_label_contains("clock is").is_none());
    assert!(d.harness.query_by_label_contains("Clock last").is_none());
    // A small offset is left alone.
    events.send(Done::ClockChecked {
        result: Ok(Estimate {
            offset_secs: 1.5,
            servers: 3,
        }),
        at_unix_secs: T,
    });
    d.harness.run();
    assert!(d.harness.query_by_label_contains("clock is").is_none());
}

#[test]
fn the_copy_log_records_the_account_and_time_but_never_the_code() {
    let mut s = settings(false);
    s.copy_log = true;
    let mut d = desk(&[AMAZON], s);
    d.harness.get_by(row("Amazon (shop1)")).click();
    d.harness.run();
    let code = code(AMAZON, T);
    assert_eq!(d.clipboard.copied(), vec![code.clone()]);
    let log = std::fs::read_to_string(d.dir.path().join("copy-log.jsonl")).unwrap();
    assert_eq!(log.lines().count(), 1, "{log}");
    assert!(
        log.contains("Amazon (shop1)") && log.contains(&T.to_string()),
        "{log}"
    );
    assert!(!log.contains(&code), "{log}");
    d.harness.get_by_label("Settings").click();
    d.harness.run();
    d.harness.get_by_label("View").click();
    d.harness.run();
    d.harness.run();
    d.harness.get_by_label("Copied codes");
    d.harness.get_by_label("2023-11-14 22:13:30 UTC");
    // The row behind the dialog and the log's line.
    assert_eq!(d.harness.query_all_by(row("Amazon (shop1)")).count(), 1);
    assert_eq!(d.harness.query_all_by_label("Amazon (shop1)").count(), 1);
}

#[test]
fn the_copy_log_is_off_by_default() {
    let mut d = desk(&[AMAZON], settings(false));
    d.harness.get_by(row("Amazon (shop1)")).click();
    d.harness.run();
    assert_eq!(d.clipboard.copied().len(), 1);
    assert!(!d.dir.path().join("copy-log.jsonl").exists());
}

fn damaged_desk(contents: &str) -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<MemoryStore> = Arc::new(MemoryStore::new());
    let mut vault = Vault::open(dir.path(), store.clone()).unwrap();
    vault.add(otp_desk::uri::parse(AMAZON).unwrap(), T).unwrap();
    // A second write leaves the first as accounts.json.bak.
    vault.add(otp_desk::uri::parse(EBAY).unwrap(), T).unwrap();
    std::fs::write(dir.path().join("accounts.json"), contents).unwrap();
    let source = VaultSource::Open {
        dir: dir.path().to_owned(),
        store,
    };
    build(dir, source, settings(false))
}

fn damaged_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("accounts.json.damaged-"))
        .collect()
}

#[test]
fn a_damaged_file_opens_read_only_and_the_backup_can_be_restored() {
    let mut d = damaged_desk("{\"format\": \"otp-desk-accounts\", \"vers");
    d.harness
        .get_by_label_contains("Your accounts file cannot be read, so OTP Desk is read-only.");
    assert!(d.harness.state().accounts().is_empty());
    // Changes are refused, not silently lost.
    d.harness
        .key_press_modifiers(egui::Modifiers::COMMAND, Key::N);
    d.harness.run();
    assert!(d.harness.query_by_label("Add an account").is_none());
    d.harness
        .get_by_label("OTP Desk is read-only until the accounts file is restored.");
    d.harness.get_by_label("Restore the last backup").click();
    d.harness.run();
    d.harness.run();
    let app = d.harness.state();
    assert_eq!(
        app.accounts().len(),
        1,
        "the backup holds the first account"
    );
    d.harness.get_by(row("Amazon (shop1)"));
    assert!(d.harness.query_by_label_contains("read-only").is_none());
    let damaged = damaged_files(d.dir.path());
    assert_eq!(damaged.len(), 1, "the damaged file is kept");
    let kept = std::fs::read_to_string(d.dir.path().join(&damaged[0])).unwrap();
    assert!(kept.ends_with("\"vers"));
}

#[test]
fn a_file_from_a_newer_version_opens_read_only() {
    let d = damaged_desk(r#"{"format": "otp-desk-accounts", "version": 99, "accounts": []}"#);
    d.harness
        .get_by_label_contains("Your accounts file cannot be read, so OTP Desk is read-only.");
    d.harness.get_by_label_contains("newer OTP Desk");
    d.harness.get_by_label("Restore the last backup");
    assert!(
        damaged_files(d.dir.path()).is_empty(),
        "nothing moved unasked"
    );
}

#[test]
fn keychain_items_without_metadata_are_offered_back() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(MemoryStore::new());
    let mut vault = Vault::open(dir.path(), store.clone()).unwrap();
    vault.add(otp_desk::uri::parse(AMAZON).unwrap(), T).unwrap();
    // As if the metadata write of an add had been lost.
    let orphan = AccountId::random();
    store
        .put(&orphan, &otp_desk::uri::parse(EBAY).unwrap())
        .unwrap();
    let mut d = build(dir, VaultSource::Ready(vault), settings(false));
    d.harness.get_by_label_contains(
        "One account was found in the keychain without its entry in the list: eBay (seller)",
    );
    d.harness.get_by_label("Recover 1 account").click();
    d.harness.run();
    let app = d.harness.state();
    assert_eq!(app.accounts().len(), 2);
    assert!(app.accounts().iter().any(|a| a.id == orphan));
    d.harness.get_by_label("Recovered 1 account");
    d.harness.get_by_label(&group_for_reading(&code(EBAY, T)));
}
