//! The desk window (eframe/egui): live codes, click to copy, add, edit, arrange — in English
//! and Simplified Chinese.
//!
//! The folders tell the design. [`command`] is what the user can ask for (the [`Action`]s and
//! one table of named commands with labels and shortcuts); [`model`] is state only (saved
//! settings, transient view state, the mirror of the vault); [`features`] has one folder per
//! screen or concern, each with its state, its update functions (which change the model and
//! return effects) and its `*_ui` drawing; [`runtime`] is the only place that starts threads
//! (one background-task type, the vault worker, long-running services); [`support`] holds
//! translations and fonts. `app.rs` is the frame loop that joins them. Imports flow one way:
//! `command` and `model` ← `features` ← `app`; `runtime` knows no feature, and nothing imports
//! `app` but this file (a test reads the `use` lines to keep it so). Logic that is not about
//! the window lives outside: the vault, [`crate::applock`], [`crate::platform`], the stores.

mod app;
pub mod command;
pub mod features;
pub mod model;
pub mod runtime;
pub mod support;

use std::sync::Arc;

use eframe::egui;

pub use app::App;
pub use command::Action;
pub use features::Done;
pub use features::export::jobs::{FixedSaveTarget, NativeSaveDialog, SaveTarget};
pub use features::import::source::{ImageSource, Pasted, StaticImageSource, SystemImageSource};

use crate::clock::Clock;
use crate::store::Keychain;
use crate::vault::Vault;
use model::settings;
use runtime::{clipboard, worker};

/// How the app is put together; tests swap the vault, clock and clipboard.
pub struct AppParts {
    pub vault: worker::VaultSource,
    pub clock: Clock,
    pub clipboard: Box<dyn clipboard::ClipboardSink>,
    pub settings: settings::Settings,
    /// Where settings are saved; `None` keeps them in memory (tests).
    pub settings_path: Option<std::path::PathBuf>,
    /// Run vault work and tasks on background threads (the app) or inline (tests).
    pub background: bool,
    /// Where pasted images come from: the system clipboard, or pixels in tests.
    pub image_source: Arc<dyn ImageSource>,
    /// The data folder's desk (people and their key slots); `None`: no desk mode.
    pub desk: Option<crate::desk::Desk>,
    /// The team folder this desk joined; `None`: not in a team.
    pub team_folder: Option<std::path::PathBuf>,
}

/// Opens the window and blocks until it is closed.
pub fn run() -> Result<(), String> {
    let settings_path = settings::default_path().ok();
    let saved = settings_path
        .as_deref()
        .map(settings::load)
        .unwrap_or_default();
    let tr = support::i18n::Tr::new(saved.language.resolve());
    let dir = Vault::default_dir().map_err(|e| support::errors::vault(&e).show(&tr))?;
    let Some(instance) = claim_window(&dir, &saved)? else {
        return Ok(());
    };
    let keychain: Arc<dyn crate::store::SecretStore> = Arc::new(Keychain::new());
    let desk = match crate::desk::Desk::load(&dir, keychain.clone()) {
        Ok(desk) => Some(desk),
        Err(e) => {
            tracing::warn!(error = %e, "the desk could not be read");
            None
        }
    };
    let team_folder = match crate::desk::team::membership::Membership::folder_of(&*keychain) {
        Ok(folder) => folder,
        Err(e) => {
            tracing::warn!(error = %e, "the team membership could not be read");
            None
        }
    };
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("OTP Desk")
        .with_app_id("otp-desk")
        .with_min_inner_size([360.0, 320.0])
        .with_inner_size([440.0, 640.0]);
    if let Some(window) = saved.window {
        viewport = viewport
            .with_position([window.x, window.y])
            .with_inner_size([window.width, window.height]);
    }
    if saved.always_on_top || saved.compact {
        viewport = viewport.with_always_on_top();
    }
    if saved.compact {
        use features::compact::{COMPACT_MIN_SIZE, COMPACT_SIZE};
        viewport = viewport
            .with_min_inner_size(COMPACT_MIN_SIZE)
            .with_inner_size(COMPACT_SIZE);
    }
    let options = eframe::NativeOptions {
        viewport,
        ..Default::default()
    };
    eframe::run_native(
        "otp-desk",
        options,
        Box::new(move |cc| {
            let wake = cc.egui_ctx.clone();
            let parts = AppParts {
                vault: worker::VaultSource::Open {
                    dir,
                    store: keychain,
                },
                clock: Clock::System,
                clipboard: Box::new(clipboard::SystemClipboard::start(move || {
                    wake.request_repaint()
                })),
                settings: saved,
                settings_path,
                background: true,
                image_source: Arc::new(SystemImageSource),
                desk,
                team_folder,
            };
            let mut app = App::new(&cc.egui_ctx, parts);
            app.hold_instance(instance);
            app.start_tray();
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| format!("Could not open the window: {e}"))
}

/// Before the window opens: take the one-window lock (`Some`), or bring the open window to the
/// front and return `None`, or say why neither worked. A lock that cannot be taken for another
/// reason (a read-only folder) is logged and the window opens anyway.
fn claim_window(
    dir: &std::path::Path,
    settings: &settings::Settings,
) -> Result<Option<Option<crate::platform::instance::Instance>>, String> {
    use crate::platform::instance::{self, InstanceError};
    let tr = support::i18n::Tr::new(settings.language.resolve());
    match instance::claim(dir) {
        Ok(instance) => Ok(Some(Some(instance))),
        Err(InstanceError::AlreadyRunning) => match instance::ask_to_show(dir) {
            Ok(()) => {
                eprintln!("{}", tr.get("instance-shown"));
                Ok(None)
            }
            Err(e) => {
                tracing::warn!(error = %e, "the open window did not answer");
                Err(tr.get("instance-no-answer"))
            }
        },
        Err(e) => {
            tracing::warn!(error = %e, "could not take the one-window lock");
            Ok(Some(None))
        }
    }
}
