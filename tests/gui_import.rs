//! The import panel on the real `App`, headless (egui_kittest): pasting screenshots through the
//! same `ImageSource` the system clipboard uses, dropping files, encrypted backups with a wrong
//! then right password, duplicates, Google export parts, and images without (readable) codes.
//! Vault in memory, clock frozen, decoding inline so every step is exact.

mod support;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::accesskit::Toggled;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use otp_desk::gui::runtime::worker::VaultSource;
use otp_desk::gui::{App, Pasted, StaticImageSource};
use otp_desk::otp::{OtpParams, code_at, group_for_reading};
use otp_desk::store::MemoryStore;
use otp_desk::vault::Vault;
use support::gui;

const T: u64 = 1_700_000_010;

struct Desk {
    harness: Harness<'static, App>,
    clipboard: Arc<StaticImageSource>,
    dir: tempfile::TempDir,
}

fn desk(uris: &[&str]) -> Desk {
    let (dir, vault) = gui::vault_with(uris, T);
    desk_on(vault, dir)
}

fn desk_on(vault: Vault, dir: tempfile::TempDir) -> Desk {
    let clipboard = Arc::new(StaticImageSource::default());
    let window = gui::Window {
        images: Arc::clone(&clipboard) as _,
        ..gui::Window::new(480.0, 760.0, T, gui::english())
    };
    let (harness, _) = gui::harness(VaultSource::Ready(vault), window);
    let mut desk = Desk {
        harness,
        clipboard,
        dir,
    };
    desk.harness.run();
    desk
}

fn shared(path: &str) -> PathBuf {
    support::vectors_root().join(path)
}

/// Whether the third-party files these tests read are there (when not, one line says so and
/// the test passes; under CI it fails).
fn have_shared() -> bool {
    support::third_party("vectors").is_some() && support::third_party("qr-corpus").is_some()
}

/// The pixels a screenshot tool would put on the clipboard.
fn pixels_of(path: &str) -> Pasted {
    let image = image::open(shared(path)).unwrap().into_rgba8();
    Pasted::Image {
        width: image.width() as usize,
        height: image.height() as usize,
        rgba: image.into_raw(),
    }
}

fn paste_with_ctrl_v(d: &mut Desk, content: Pasted) {
    d.clipboard.set(content);
    d.harness
        .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::V);
    d.harness.run();
}

#[derive(Debug)]
struct DroppedPath(PathBuf);

impl egui::DroppedFile for DroppedPath {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

fn drop_files(d: &mut Desk, paths: &[PathBuf]) {
    for path in paths {
        d.harness
            .input_mut()
            .dropped_files
            .push(Arc::new(DroppedPath(path.clone())));
    }
    d.harness.run();
}

fn checked(d: &Desk, label: &str) -> bool {
    d.harness.get_by_label(label).accesskit_node().toggled() == Some(Toggled::True)
}

fn type_into(d: &mut Desk, field: &str, text: &str) {
    d.harness
        .get_by_role_and_label(egui::Role::PasswordInput, field)
        .click();
    d.harness.run();
    d.harness
        .get_by_role_and_label(egui::Role::PasswordInput, field)
        .type_text(text);
    d.harness.run();
}

#[test]
fn a_pasted_screenshot_lists_its_account_with_its_code_and_confirm_adds_it() {
    if !have_shared() {
        return;
    }
    let mut d = desk(&[]);
    // Amazon's code next to an app-store link, as a 2FA setup page shows them.
    paste_with_ctrl_v(&mut d, pixels_of("qr-corpus/screens/scr109_multi.png"));
    let label = "Amazon (seller@example.com)";
    assert!(checked(&d, label));
    let entry = otp_desk::uri::parse("otpauth://totp/Amazon:seller%40example.com?secret=VX5YXKOD4D2TLA76R2O6RTCD6VYTTUHO25GVNZEUEDO5IS5AAPOM&issuer=Amazon").unwrap();
    d.harness
        .get_by_label(&group_for_reading(&entry.code_at(T)));
    d.harness.get_by_label_contains(
        "Not an authenticator code: https://apps.apple.com/app/google-authenticator",
    );
    d.harness.get_by_label("Add 1 account").click();
    d.harness.run();
    let app = d.harness.state();
    assert_eq!(app.accounts().len(), 1);
    assert_eq!(app.accounts()[0].issuer, "Amazon");
    assert_eq!(app.selected(), Some(&app.accounts()[0].id));
    // The "Added" dialog shows the code large, ready to type back.
    d.harness.get_by_label_contains("Added 1 account");
}

#[test]
fn the_google_export_qr_imports_its_three_accounts() {
    if !have_shared() {
        return;
    }
    let mut d = desk(&[]);
    d.clipboard.set(pixels_of(
        "vectors/google-migration/scito_example_export.png",
    ));
    d.harness.get_by_label("Paste a screenshot").click();
    d.harness.run();
    d.harness.get_by_label("Add 3 accounts").click();
    d.harness.run();
    let app = d.harness.state();
    assert_eq!(app.accounts().len(), 3);
    let texts =
        otp_desk::qr::decode_file(&shared("vectors/google-migration/scito_example_export.png"))
            .unwrap();
    let expected = otp_desk::migration::decode(&texts[0]).unwrap().entries;
    for (account, entry) in app.accounts().iter().zip(&expected) {
        assert_eq!(
            (&account.issuer, &account.name),
            (&entry.issuer, &entry.name)
        );
    }
}

#[test]
fn a_duplicate_of_a_stored_account_is_marked_and_unselected() {
    if !have_shared() {
        return;
    }
    let texts =
        otp_desk::qr::decode_file(&shared("vectors/google-migration/scito_example_export.png"))
            .unwrap();
    let first = otp_desk::migration::decode(&texts[0])
        .unwrap()
        .entries
        .remove(0);
    let stored = otp_desk::uri::to_uri(&first);
    let mut d = desk(&[&stored]);
    paste_with_ctrl_v(
        &mut d,
        pixels_of("vectors/google-migration/scito_example_export.png"),
    );
    let label = otp_desk::otp::display_label(&first.issuer, &first.name);
    let rows = d.harness.query_all_by_label(&label).count()
        + d.harness.query_all_by(support::rows::row(&label)).count();
    assert!(rows >= 2, "the list row and the panel's checkbox");
    let checkbox = d
        .harness
        .get_by_role_and_label(egui::Role::CheckBox, &label);
    assert_ne!(checkbox.accesskit_node().toggled(), Some(Toggled::True));
    d.harness.get_by_label("already added");
    d.harness.get_by_label("Add 2 accounts").click();
    d.harness.run();
    assert_eq!(d.harness.state().accounts().len(), 3);
}

#[test]
fn an_image_without_a_code_says_what_to_do_and_offers_typing_the_key() {
    let mut d = desk(&[]);
    let blank = Pasted::Image {
        width: 320,
        height: 200,
        rgba: vec![255; 320 * 200 * 4],
    };
    paste_with_ctrl_v(&mut d, blank);
    d.harness
        .get_by_label_contains("No QR code found in the pasted image. Crop closer");
    d.harness.get_by_label("Type the key").click();
    d.harness.run();
    d.harness
        .get_by_role_and_label(egui::Role::TextInput, "Secret key");
}

#[test]
fn an_encrypted_backup_takes_a_wrong_then_the_right_password() {
    if !have_shared() {
        return;
    }
    let mut d = desk(&[]);
    drop_files(
        &mut d,
        &[shared("vectors/aegis/2fas_authenticator_encrypted.2fas")],
    );
    d.harness
        .get_by_label_contains("is an encrypted 2FAS backup");
    type_into(&mut d, "Password", "not-it");
    d.harness.get_by_label("Unlock").click();
    d.harness.run();
    d.harness.get_by_label("Wrong password — try again.");
    type_into(&mut d, "Password", "test");
    d.harness.get_by_label("Unlock").click();
    d.harness.run();
    for label in [
        "Deno (Mason)",
        "Airbnb (Elijah)",
        "Issuu (James)",
        "WWE (Mason)",
    ] {
        assert!(checked(&d, label), "{label}");
    }
    d.harness.get_by_label("Add 4 accounts").click();
    d.harness.run();
    assert_eq!(d.harness.state().accounts().len(), 4);
}

#[test]
fn dropped_screenshots_and_backups_are_read_together_with_groups() {
    if !have_shared() {
        return;
    }
    let mut d = desk(&[]);
    drop_files(
        &mut d,
        &[
            shared("qr-corpus/screens/scr003_base.png"),
            shared("vectors/aegis/aegis_plain_grouped_v2.json"),
        ],
    );
    assert!(checked(&d, "PayPal (buyer@example.com)"));
    let grouped = otp_desk::import::from_file(&shared("vectors/aegis/aegis_plain_grouped_v2.json"));
    let n = grouped.found.len() + 1;
    d.harness.get_by_label(&format!("Add {n} accounts")).click();
    d.harness.run();
    let app = d.harness.state();
    assert_eq!(app.accounts().len(), n);
    assert!(
        app.accounts().iter().any(|a| !a.group.is_empty()),
        "groups kept"
    );
}

#[test]
fn garbage_and_truncated_images_give_a_message_not_a_crash() {
    if !have_shared() {
        return;
    }
    let mut d = desk(&[]);
    let png = std::fs::read(shared("qr-corpus/screens/scr003_base.png")).unwrap();
    let truncated = d.dir.path().join("cut.png");
    std::fs::write(&truncated, &png[..png.len() / 3]).unwrap();
    let garbage = d.dir.path().join("noise.png");
    let mut noise = b"\x89PNG\r\n\x1a\n".to_vec();
    noise.extend((0..5000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    std::fs::write(&garbage, noise).unwrap();
    drop_files(&mut d, &[truncated, garbage]);
    d.harness
        .get_by_label_contains("cut.png is not a readable image");
    d.harness
        .get_by_label_contains("noise.png is not a readable image");
    // Pixels that do not add up (a broken clipboard owner).
    let broken = Pasted::Image {
        width: 100,
        height: 100,
        rgba: vec![0; 17],
    };
    paste_with_ctrl_v(&mut d, broken);
    d.harness
        .get_by_label_contains("the pasted image is not a readable image");
    assert!(d.harness.state().accounts().is_empty());
}

#[test]
fn one_part_of_a_google_export_asks_for_the_others() {
    let entries: Vec<_> = ["A:a", "B:b", "C:c"]
        .iter()
        .map(|l| {
            otp_desk::uri::parse(&format!("otpauth://totp/{l}?secret=JBSWY3DPEHPK3PXP")).unwrap()
        })
        .collect();
    let parts = otp_desk::migration::encode(&entries, 1);
    assert_eq!(parts.len(), 3);
    let mut d = desk(&[]);
    d.harness.event(egui::Event::Paste(parts[1].clone()));
    d.harness.run();
    d.harness
        .get_by_label_contains("part 2 of 3 — scan the other parts");
    assert!(checked(&d, "B (b)"));
}

#[test]
fn a_steam_account_added_elsewhere_shows_steam_guard_letters() {
    // As `otp-desk add` does it: one process adds, the window opens the same files later.
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(MemoryStore::new());
    let uri = "otpauth://totp/Steam:gamer?secret=MFRGGZDFMZTWQ2LK&encoder=steam&issuer=Steam";
    let mut cli = Vault::open(dir.path(), store.clone()).unwrap();
    cli.add(otp_desk::uri::parse(uri).unwrap(), T).unwrap();
    drop(cli);
    let window = Vault::open(dir.path(), store).unwrap();
    let d = desk_on(window, dir);
    let account = &d.harness.state().accounts()[0];
    assert_eq!(account.params, OtpParams::steam());
    let secret = otp_desk::otp::Secret::parse_base32("MFRGGZDFMZTWQ2LK").unwrap();
    let code = code_at(&OtpParams::steam(), &secret, T);
    assert!(
        code.chars().any(|c| c.is_ascii_uppercase()),
        "pick a time whose Steam code has letters: {code}"
    );
    d.harness.get_by_label(&code);
}
