//! The window notices accounts that a CLI command added while it was open (the vault re-reads
//! the metadata file when another process changed it), and shows them with their codes.

mod support;

use std::sync::Arc;

use egui_kittest::kittest::Queryable;
use otp_desk::gui::runtime::worker::VaultSource;
use otp_desk::store::MemoryStore;
use otp_desk::vault::Vault;
use support::gui;

const T: u64 = 1_257_894_000;

#[test]
fn an_account_added_by_the_cli_appears_in_the_open_window() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(MemoryStore::new());
    let mut window_vault = Vault::open(dir.path(), store.clone()).unwrap();
    let amazon =
        otp_desk::uri::parse("otpauth://totp/Amazon:shop1?secret=GEZDGNBV&issuer=Amazon").unwrap();
    window_vault.add(amazon, T).unwrap();
    let window = gui::Window::new(480.0, 720.0, T, gui::english());
    let (mut harness, _) = gui::harness(VaultSource::Ready(window_vault), window);
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
