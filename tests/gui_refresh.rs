//! The window notices accounts that a CLI command added while it was open (the vault re-reads
//! the metadata file when another process changed it), and shows them with their codes.

use std::sync::Arc;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use otp_desk::clock::Clock;
use otp_desk::gui::clipboard::RecordingClipboard;
use otp_desk::gui::i18n::LanguageChoice;
use otp_desk::gui::settings::Settings;
use otp_desk::gui::worker::VaultSource;
use otp_desk::gui::{App, AppParts};
use otp_desk::store::MemoryStore;
use otp_desk::vault::Vault;

const T: u64 = 1_257_894_000;

#[test]
fn an_account_added_by_the_cli_appears_in_the_open_window() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(MemoryStore::new());
    let mut window_vault = Vault::open(dir.path(), store.clone()).unwrap();
    let amazon =
        otp_desk::uri::parse("otpauth://totp/Amazon:shop1?secret=GEZDGNBV&issuer=Amazon").unwrap();
    window_vault.add(amazon, T).unwrap();
    let settings = Settings {
        language: LanguageChoice::English,
        ..Settings::default()
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(480.0, 720.0))
        .with_max_steps(24)
        .with_context_setup(otp_desk::gui::fonts::install)
        .build_eframe(move |cc| {
            let parts = AppParts {
                vault: VaultSource::Ready(window_vault),
                clock: Clock::Fixed(T),
                clipboard: Box::new(RecordingClipboard::new()),
                settings,
                settings_path: None,
                background: false,
                image_source: Arc::new(otp_desk::gui::StaticImageSource::default()),
            };
            App::new(&cc.egui_ctx, parts)
        });
    harness.run();
    assert_eq!(harness.query_all_by_label_contains("Example").count(), 0);

    // A CLI command (another process, here another vault on the same folder) adds an account.
    std::thread::sleep(std::time::Duration::from_millis(20)); // a distinct modification time
    let mut cli = Vault::open(dir.path(), store).unwrap();
    let example = otp_desk::uri::parse(
        "otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example",
    )
    .unwrap();
    cli.add(example, T).unwrap();

    harness.state_mut().refresh_now();
    harness.run();
    assert!(
        harness.query_all_by_label_contains("Example").count() > 0,
        "the new account is listed"
    );
    assert!(
        harness.query_all_by_label_contains("528 064").count() > 0,
        "with its code"
    );
    assert_eq!(harness.state().accounts().len(), 2);
}
