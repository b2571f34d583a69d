//! The real `App` on a headless egui_kittest harness, as every window flow builds it: a vault in
//! memory, a frozen clock, a recording clipboard and no settings file.

use std::sync::Arc;

use egui_kittest::Harness;
use egui_kittest::kittest::{By, NodeT, Queryable};
use otp_desk::applock::PasswordHash;
use otp_desk::clock::Clock;
use otp_desk::gui::command::LanguageChoice;
use otp_desk::gui::model::settings::Settings;
use otp_desk::gui::runtime::clipboard::RecordingClipboard;
use otp_desk::gui::runtime::worker::VaultSource;
use otp_desk::gui::{App, AppParts, ImageSource, StaticImageSource};
use otp_desk::store::MemoryStore;
use otp_desk::vault::Vault;

/// Default settings with the language fixed to English (tests must not follow the locale).
pub fn english() -> Settings {
    Settings {
        language: LanguageChoice::English,
        ..Settings::default()
    }
}

/// A vault in a temporary folder, holding the accounts of `uris` added at `at`.
pub fn vault_with<S: AsRef<str>>(uris: &[S], at: u64) -> (tempfile::TempDir, Vault) {
    let dir = tempfile::tempdir().unwrap();
    let mut vault = Vault::open(dir.path(), Arc::new(MemoryStore::new())).unwrap();
    let entries = uris
        .iter()
        .map(|u| otp_desk::uri::parse(u.as_ref()).unwrap())
        .collect();
    vault.add_all(entries, at).unwrap();
    (dir, vault)
}

/// A team desk for window tests: `uris` added at `added_at`, `admin` (name, PIN) and `member`
/// (name, PIN) added at `at - 50`, and the first account `shared` finds shared with the member
/// (until a time, or not), the window opened on it with `window`.
pub struct Team<'a> {
    pub uris: &'a [&'a str],
    pub added_at: u64,
    pub admin: (&'a str, &'a str),
    pub member: (&'a str, &'a str),
    pub shared: (&'a str, Option<u64>),
}

impl Team<'_> {
    pub fn start(&self, mut window: Window) -> Desk {
        use otp_desk::desk::{Desk as TeamDesk, Role};
        let dir = tempfile::tempdir().unwrap();
        let store: Arc<dyn otp_desk::store::SecretStore> = Arc::new(MemoryStore::new());
        let mut vault = Vault::open(dir.path(), store.clone()).unwrap();
        let entries = self
            .uris
            .iter()
            .map(|u| otp_desk::uri::parse(u).unwrap())
            .collect();
        vault.add_all(entries, self.added_at).unwrap();
        // Read before desk mode seals the items.
        let shared = vault.find(self.shared.0)[0].clone();
        let entry = vault.entry(&shared.id).unwrap().unwrap();
        let at = window.at - 50;
        let mut team = TeamDesk::load(dir.path(), store.clone()).unwrap();
        let admin = team.start(self.admin.0, self.admin.1, at).unwrap();
        let (name, pin) = self.member;
        let member = team
            .add_person(&admin, name, pin, Role::Member, at)
            .unwrap();
        team.share(&admin, &shared.id, &entry, &member, self.shared.1, at)
            .unwrap();
        window.desk = Some(TeamDesk::load(dir.path(), store.clone()).unwrap());
        let source = VaultSource::Open {
            dir: dir.path().to_path_buf(),
            store,
        };
        Desk::start(source, dir, window)
    }
}

/// How the window under test is set up.
pub struct Window {
    pub size: egui::Vec2,
    pub at: u64,
    pub settings: Settings,
    /// What a paste reads (an empty clipboard unless a test hands pixels in).
    pub images: Arc<dyn ImageSource>,
    /// The data folder's desk (desk-mode tests); `None` otherwise.
    pub desk: Option<otp_desk::desk::Desk>,
    /// The team folder the desk joined (team tests); `None` otherwise.
    pub team_folder: Option<std::path::PathBuf>,
}

impl Window {
    pub fn new(width: f32, height: f32, at: u64, settings: Settings) -> Self {
        Self {
            size: egui::vec2(width, height),
            at,
            settings,
            images: Arc::new(StaticImageSource::default()),
            desk: None,
            team_folder: None,
        }
    }
}

/// The harness (not run yet) and the clipboard that records every copy.
pub fn harness(vault: VaultSource, window: Window) -> (Harness<'static, App>, RecordingClipboard) {
    let clipboard = RecordingClipboard::new();
    let sink = clipboard.clone();
    let harness = Harness::builder()
        .with_size(window.size)
        .with_max_steps(24)
        .with_context_setup(otp_desk::gui::support::fonts::install)
        .build_eframe(move |cc| {
            let parts = AppParts {
                vault,
                clock: Clock::Fixed(window.at),
                clipboard: Box::new(sink),
                settings: window.settings,
                settings_path: None,
                background: false,
                image_source: window.images,
                desk: window.desk,
                team_folder: window.team_folder,
            };
            App::new(&cc.egui_ctx, parts)
        });
    (harness, clipboard)
}

/// The app password the window tests set.
pub const PIN: &str = "246813";

/// `settings` with the app password set to [`PIN`].
pub fn with_pin(mut settings: Settings) -> Settings {
    settings.lock.password = Some(PasswordHash::new(PIN, PIN).unwrap());
    settings
}

/// A window under test: the harness, the clipboard that records every copy, and the folder
/// its vault lives in (removed when the desk drops).
pub struct Desk {
    pub harness: Harness<'static, App>,
    pub clipboard: RecordingClipboard,
    pub dir: tempfile::TempDir,
}

impl Desk {
    /// Builds the window and runs it until it settles.
    pub fn start(vault: VaultSource, dir: tempfile::TempDir, window: Window) -> Desk {
        let (harness, clipboard) = harness(vault, window);
        let mut desk = Desk {
            harness,
            clipboard,
            dir,
        };
        desk.harness.run();
        desk
    }
}

/// Opens the row menu of `label`, then its Edit dialog, and asks to show the secret key (the
/// warning, or the password prompt, comes next).
#[allow(dead_code)] // not every window test reveals a key
pub fn ask_to_reveal_key(harness: &mut Harness<'static, App>, label: &str) {
    harness.get_by(super::rows::row(label)).click_secondary();
    harness.run();
    harness.get_by_label("Edit…").click();
    harness.run();
    harness.get_by_label("Show secret key").click();
    harness.run();
}

/// Every label and value the window shows now, as a screen reader would read them.
#[allow(dead_code)] // not every window test reads the whole window
pub fn all_text(d: &Desk) -> Vec<String> {
    d.harness
        .query_all(By::new().include_labels().predicate(|_| true))
        .flat_map(|n| {
            let node = n.accesskit_node();
            [node.label(), node.value()]
        })
        .flatten()
        .collect()
}

/// The tray menu's Show/Hide, as a click on it would send it.
#[allow(dead_code)] // not every window test uses the tray
pub fn show_or_hide(d: &mut Desk) {
    d.harness
        .state()
        .tray_sender()
        .send(otp_desk::platform::tray::TrayCommand::ShowHide)
        .unwrap();
    d.harness.run();
}

/// Clicks the field of `role` labelled `field`, then types `text` into it, as a person would.
#[allow(dead_code)] // not every window test types
pub fn type_into(d: &mut Desk, role: egui::Role, field: &str, text: &str) {
    d.harness.get_by_role_and_label(role, field).click();
    d.harness.run();
    d.harness.get_by_role_and_label(role, field).type_text(text);
    d.harness.run();
}
