//! Export flows on the real `App`, headless (egui_kittest): the encrypted backup read back by
//! the importer, plain exports behind their clear-text warning, Google Authenticator codes for
//! a phone one part at a time, the backup reminder, and the app password in front of it all.
//! Files go to a fixed path handed in as the save target, so no dialog is needed.

mod support;

use std::path::PathBuf;
use std::sync::Arc;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use otp_desk::gui::command::LanguageChoice;
use otp_desk::gui::model::settings::Settings;
use otp_desk::gui::runtime::worker::VaultSource;
use otp_desk::gui::{App, FixedSaveTarget};
use otp_desk::otp::Entry;
use support::gui::{self, PIN};

const T: u64 = 1_700_000_010;
const AMAZON: &str = "otpauth://totp/Amazon:shop1?secret=JBSWY3DPEHPK3PXP&issuer=Amazon";
const EBAY: &str = "otpauth://totp/eBay:seller?secret=KRSXG5CTMVRXEZLU&issuer=eBay";
const STEAM: &str = "otpauth://totp/Steam:gamer?secret=GEZDGNBVGY3TQOJQ&issuer=Steam&encoder=steam";
const SEVEN: &str =
    "otpauth://totp/Odd:seven?secret=MFRGGZDFMZTWQ2LK&issuer=Odd&digits=7&period=30";
const BACKUP_PASSWORD: &str = "correct horse battery";
const OPEN: &str = "Back up…";
const REMINDER: &str =
    "You have no recent backup of your accounts. If this computer is lost, so are they.";

struct Desk {
    harness: Harness<'static, App>,
    out: PathBuf,
    _dir: tempfile::TempDir,
}

fn settings() -> Settings {
    gui::english()
}

/// Four days: longer than the reminder's grace for a first account.
const DAYS_4: u64 = 4 * 24 * 60 * 60;

fn desk(uris: &[String], settings: Settings) -> Desk {
    desk_added_at(uris, settings, T - 60)
}

/// The accounts were added at `added` (the reminder waits a few days after the first one).
fn desk_added_at(uris: &[String], settings: Settings, added: u64) -> Desk {
    let (dir, vault) = gui::vault_with(uris, added);
    let window = gui::Window::new(520.0, 1000.0, T, settings);
    let (harness, _) = gui::harness(VaultSource::Ready(vault), window);
    let out = dir.path().join("export.out");
    let mut desk = Desk {
        harness,
        out: out.clone(),
        _dir: dir,
    };
    desk.harness
        .state_mut()
        .set_save_target(Arc::new(FixedSaveTarget(out)));
    desk.harness.run();
    desk
}

fn uris(list: &[&str]) -> Vec<String> {
    list.iter().map(|u| (*u).to_owned()).collect()
}

fn click(d: &mut Desk, label: &str) {
    d.harness.get_by_label(label).click();
    d.harness.run();
}

fn type_into(d: &mut Desk, label: &str, text: &str) {
    d.harness
        .get_by_role_and_label(egui::Role::PasswordInput, label)
        .focus();
    d.harness.run();
    d.harness
        .get_by_role_and_label(egui::Role::PasswordInput, label)
        .type_text(text);
    d.harness.run();
}

fn shows(d: &Desk, label: &str) -> bool {
    d.harness.query_by_label(label).is_some()
}

/// Issuer, name, secret and parameters, in a comparable order.
fn key(e: &Entry) -> (String, String, String, String) {
    (
        e.issuer.clone(),
        e.name.clone(),
        e.secret.to_base32(),
        format!("{:?}", e.params),
    )
}

fn sorted(entries: impl IntoIterator<Item = Entry>) -> Vec<(String, String, String, String)> {
    let mut keys: Vec<_> = entries.into_iter().map(|e| key(&e)).collect();
    keys.sort();
    keys
}

fn parsed(list: &[String]) -> Vec<Entry> {
    list.iter()
        .map(|u| otp_desk::uri::parse(u).unwrap())
        .collect()
}

fn write_encrypted_backup(d: &mut Desk) {
    type_into(d, "Backup password", BACKUP_PASSWORD);
    type_into(d, "Repeat the password", BACKUP_PASSWORD);
    click(d, "Save encrypted backup…");
    d.harness.run();
}

#[test]
fn encrypted_backup_writes_a_vault_the_importer_reads_back() {
    let accounts = uris(&[AMAZON, EBAY, STEAM]);
    let mut d = desk(&accounts, settings());
    click(&mut d, OPEN);
    type_into(&mut d, "Backup password", BACKUP_PASSWORD);
    type_into(&mut d, "Repeat the password", "something else");
    click(&mut d, "Save encrypted backup…");
    assert!(shows(&d, "The two passwords differ."));
    assert!(!d.out.exists());

    let mut d = desk(&accounts, settings());
    click(&mut d, OPEN);
    write_encrypted_backup(&mut d);
    let bytes = std::fs::read(&d.out).expect("the backup was written");
    assert!(!String::from_utf8_lossy(&bytes).contains("JBSWY3DPEHPK3PXP"));
    let report = otp_desk::import::import_bytes(&bytes, "backup.json", Some(BACKUP_PASSWORD))
        .expect("the backup opens with its password");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(
        sorted(report.found.into_iter().map(|f| f.entry)),
        sorted(parsed(&accounts))
    );
    assert!(otp_desk::import::import_bytes(&bytes, "backup.json", Some("wrong")).is_err());
    assert_eq!(d.harness.state().settings().last_backup_unix_secs, Some(T));
    assert!(shows(
        &d,
        &format!("Saved 3 accounts to {}.", d.out.display())
    ));
    assert!(!shows(&d, "Backup password"), "the dialog closed");
}

#[test]
fn plain_export_warns_about_clear_text_before_writing() {
    let accounts = uris(&[AMAZON, EBAY]);
    let mut d = desk(&accounts, settings());
    click(&mut d, OPEN);
    let warning = "This file will hold every secret key in clear text. Anyone who reads it can make your codes. Keep it off shared folders and delete it when done.";
    assert!(!shows(&d, warning));
    // One button per plain format, in `ExportFormat::ALL` order: Aegis, then otpauth.
    let buttons = d
        .harness
        .get_all_by_label("Export without encryption…")
        .count();
    assert_eq!(buttons, 2);
    d.harness
        .get_all_by_label("Export without encryption…")
        .nth(1)
        .unwrap()
        .click();
    d.harness.run();
    assert!(shows(&d, warning));
    assert!(
        !d.out.exists(),
        "nothing written before the warning is accepted"
    );
    click(&mut d, "I understand, save it…");
    let text = std::fs::read_to_string(&d.out).expect("the list was written");
    let lines: Vec<String> = text.lines().map(str::to_owned).collect();
    assert_eq!(sorted(parsed(&lines)), sorted(parsed(&accounts)));
    assert_eq!(d.harness.state().settings().last_backup_unix_secs, Some(T));
}

#[test]
fn phone_codes_show_one_part_at_a_time_after_a_confirmation() {
    let mut accounts: Vec<String> = (0..23)
        .map(|i| {
            format!(
                "otpauth://totp/Shop{i}:user{i}?secret=JBSWY3DPEHPK3PX{}&issuer=Shop{i}",
                char::from(b'A' + i)
            )
        })
        .collect();
    accounts.extend(uris(&[STEAM, SEVEN]));
    let mut d = desk(&accounts, settings());
    click(&mut d, OPEN);
    click(&mut d, "Show codes for a phone…");
    assert!(shows(
        &d,
        "These codes hold every secret key. Show them only where no one else and no camera can see the screen."
    ));
    assert!(d.harness.state().shown_phone_code().is_none());
    for label in ["• Steam (gamer)", "• Odd (seven)"] {
        assert!(shows(&d, label), "{label} is listed as not movable");
    }
    click(&mut d, "Show the codes");
    assert!(shows(&d, "Code 1 / 3"));
    let mut seen = Vec::new();
    for part in 1..=3 {
        assert!(shows(&d, &format!("Code {part} / 3")));
        let png = d.harness.state().shown_phone_code().unwrap().to_vec();
        let texts = otp_desk::qr::decode_bytes(&png).expect("the code shown decodes");
        assert_eq!(texts.len(), 1);
        let batch = otp_desk::migration::decode(&texts[0]).unwrap();
        assert_eq!(batch.batch_size, Some(3));
        assert_eq!(batch.batch_index, Some(part - 1));
        assert_eq!(batch.entries.len(), if part < 3 { 10 } else { 3 });
        seen.extend(batch.entries);
        if part < 3 {
            click(&mut d, "Next");
        }
    }
    assert_eq!(sorted(seen), sorted(parsed(&accounts[..23])));
    click(&mut d, "Previous");
    assert!(shows(&d, "Code 2 / 3"));
    assert_eq!(
        d.harness.state().settings().last_backup_unix_secs,
        None,
        "showing codes is not a backup"
    );
}

#[test]
fn the_reminder_shows_until_a_backup_is_written() {
    let d = desk(&[], settings());
    assert!(!shows(&d, REMINDER), "no accounts, nothing to lose");
    let d = desk(&uris(&[AMAZON]), settings());
    assert!(!shows(&d, REMINDER), "not a minute after the first account");

    let mut d = desk_added_at(&uris(&[AMAZON]), settings(), T - DAYS_4);
    assert!(shows(&d, REMINDER), "days after the first account");
    click(&mut d, "Back up now…");
    write_encrypted_backup(&mut d);
    assert!(d.out.exists());
    assert!(!shows(&d, REMINDER));

    let mut old = settings();
    old.last_backup_unix_secs = Some(T - 31 * 24 * 60 * 60);
    let mut d = desk(&uris(&[AMAZON]), old);
    assert!(shows(&d, REMINDER), "a month without a backup");
    click(&mut d, "Not now");
    assert!(!shows(&d, REMINDER));

    let mut recent = settings();
    recent.last_backup_unix_secs = Some(T - 2 * DAYS_4);
    let d = desk_added_at(&uris(&[AMAZON]), recent, T - DAYS_4);
    assert!(
        shows(&d, REMINDER),
        "an account added after the backup waited days"
    );
    let five: Vec<String> = (0..5)
        .map(|i| format!("otpauth://totp/Shop{i}:s?secret=JBSWY3DPEHPK3PX{}", i + 2))
        .collect();
    let d = desk(&five, settings());
    assert!(shows(&d, REMINDER), "several accounts without a backup");
}

#[test]
fn the_reminder_stays_off_when_turned_off() {
    let off = Settings {
        backup_reminder: false,
        ..settings()
    };
    let d = desk_added_at(&uris(&[AMAZON]), off, T - DAYS_4);
    assert!(!shows(&d, REMINDER));

    let mut d = desk_added_at(&uris(&[AMAZON]), settings(), T - DAYS_4);
    assert!(shows(&d, REMINDER));
    click(&mut d, "Settings");
    click(&mut d, "Remind me to back up");
    assert!(!d.harness.state().settings().backup_reminder);
    assert!(!shows(&d, REMINDER));
}

#[test]
fn with_an_app_password_exporting_asks_for_it_first() {
    let mut d = desk(&uris(&[AMAZON]), gui::with_pin(settings()));
    type_into(&mut d, "Password", PIN);
    click(&mut d, "Unlock");
    d.harness.run();
    assert!(!d.harness.state().is_locked());

    click(&mut d, OPEN);
    assert!(shows(&d, "Enter your password to continue"));
    assert!(!shows(&d, "Backup password"));
    type_into(&mut d, "Password", "9999");
    click(&mut d, "Continue");
    d.harness.run();
    assert!(!shows(&d, "Backup password"));
    type_into(&mut d, "Password", PIN);
    click(&mut d, "Continue");
    d.harness.run();
    assert!(shows(&d, "Backup password"), "the export dialog opened");

    // Settings is behind the password already: its export button opens the dialog at once.
    click(&mut d, "Close");
    click(&mut d, "Settings");
    type_into(&mut d, "Password", PIN);
    click(&mut d, "Continue");
    d.harness.run();
    click(&mut d, "Back up / export…");
    assert!(!shows(&d, "Enter your password to continue"));
    assert!(shows(&d, "Backup password"));
}

#[test]
fn the_export_dialog_draws_in_chinese() {
    let chinese = Settings {
        language: LanguageChoice::SimplifiedChinese,
        ..Settings::default()
    };
    let mut d = desk_added_at(&uris(&[AMAZON, STEAM]), chinese, T - DAYS_4);
    assert!(shows(&d, "立即备份…"));
    click(&mut d, "备份…");
    d.harness
        .get_all_by_label("不加密导出…")
        .next()
        .unwrap()
        .click();
    d.harness.run();
    click(&mut d, "返回");
    click(&mut d, "显示手机扫描用的二维码…");
    click(&mut d, "显示二维码");
    assert!(shows(&d, "第 1 / 1 个"));
    assert!(shows(
        &d,
        "1 个账户无法通过此方式迁移（Steam，或位数、周期不常见）；请手动迁移："
    ));
}
