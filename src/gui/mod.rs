//! The desk window (eframe/egui): live codes, click to copy, add, edit, arrange — in English
//! and Simplified Chinese.
//!
//! Widgets (`*_ui`) draw and return an [`Action`]; only [`App::apply`] changes state. State is
//! kept in three kinds: saved [`settings::Settings`], transient UI state (`app::View`), and the
//! vault, which lives on a worker thread ([`worker`]) so keychain reads and file writes never
//! block a frame. Depends on [`crate::vault`], [`crate::otp`] and [`crate::uri`]; nothing below
//! the UI depends on this module.

pub mod action;
mod add_dialog;
mod app;
mod apply;
mod backup_reminder;
mod chrome;
pub mod clipboard;
pub mod clock_sync;
pub mod copy_log;
mod edit_dialog;
mod events;
mod export_app;
pub mod export_dialog;
mod export_jobs;
mod export_ui;
pub mod fonts;
pub mod i18n;
mod import_panel;
mod import_panel_app;
mod import_panel_jobs;
mod import_panel_pick;
mod import_panel_source;
mod import_panel_ui;
pub mod instance;
mod keys;
mod list;
pub mod lock;
mod lock_flow;
mod lock_screen_watch;
mod lock_ui;
pub mod recovery;
mod row;
pub mod safety;
mod safety_ui;
mod sections;
pub mod settings;
mod settings_ui;
mod tray_flow;
pub mod worker;

use std::sync::Arc;

use eframe::egui;

pub use action::Action;
pub use app::{App, AppParts};
pub use export_jobs::{FixedSaveTarget, NativeSaveDialog, SaveTarget};
pub use import_panel_source::{ImageSource, Pasted, StaticImageSource, SystemImageSource};

use crate::clock::Clock;
use crate::store::Keychain;
use crate::vault::Vault;

/// Opens the window and blocks until it is closed.
pub fn run() -> Result<(), String> {
    let dir = Vault::default_dir().map_err(|e| e.to_string())?;
    let settings_path = settings::default_path().ok();
    let saved = settings_path
        .as_deref()
        .map(settings::load)
        .unwrap_or_default();
    let Some(instance) = safety::claim_window(&dir, &saved)? else {
        return Ok(());
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
    if saved.always_on_top {
        viewport = viewport.with_always_on_top();
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
                    store: Arc::new(Keychain::new()),
                },
                clock: Clock::System,
                clipboard: Box::new(clipboard::SystemClipboard::start(move || {
                    wake.request_repaint()
                })),
                settings: saved,
                settings_path,
                background: true,
                image_source: Arc::new(SystemImageSource),
            };
            let mut app = App::new(&cc.egui_ctx, parts);
            app.hold_instance(instance);
            app.start_tray();
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| format!("Could not open the window: {e}"))
}
