//! The compact mode: the window becomes a narrow list of codes kept on top of other windows,
//! for people who prefer to look and type. Turning it on remembers nothing new — the normal
//! size stays in `settings.window`, which [`crate::gui::features::settings::track_window`] stops
//! changing while compact — and turning it off puts that size and the normal level back.
//! Owns the switch and its viewport commands; the drawing is [`compact_ui`]. The lock, the desk
//! rules and the copy are the list's own. Must not depend on `app.rs`; starts no thread.

pub mod compact_ui;

use eframe::egui::{self, ViewportCommand, WindowLevel};

use super::Effects;
use crate::gui::model::Model;

/// The compact window's inner size, in points: a short issuer or name, the code, the ring.
pub const COMPACT_SIZE: [f32; 2] = [280.0, 420.0];
/// The smallest the compact window may be made.
pub const COMPACT_MIN_SIZE: [f32; 2] = [220.0, 160.0];
/// The normal window's smallest and first size (as `gui::run` builds it).
pub const NORMAL_MIN_SIZE: [f32; 2] = [360.0, 320.0];
pub const NORMAL_SIZE: [f32; 2] = [440.0, 640.0];

/// Turns the compact mode on or off: its size, its level, and the setting.
pub fn set(model: &mut Model, fx: &mut Effects, on: bool) {
    if model.settings.compact == on {
        return;
    }
    model.settings.compact = on;
    fx.save_settings();
    for command in commands(model) {
        fx.viewport(command);
    }
}

/// The window's level the settings ask for: on top when compact or "keep the window on top".
pub fn level(model: &Model) -> WindowLevel {
    if model.settings.compact || model.settings.always_on_top {
        WindowLevel::AlwaysOnTop
    } else {
        WindowLevel::Normal
    }
}

/// What the window must be told for the mode the settings hold now.
pub fn commands(model: &Model) -> Vec<ViewportCommand> {
    if model.settings.compact {
        return vec![
            ViewportCommand::MinInnerSize(COMPACT_MIN_SIZE.into()),
            ViewportCommand::InnerSize(COMPACT_SIZE.into()),
            ViewportCommand::WindowLevel(WindowLevel::AlwaysOnTop),
        ];
    }
    let size = model
        .settings
        .window
        .map_or(NORMAL_SIZE.into(), |w| egui::vec2(w.width, w.height));
    let level = level(model);
    vec![
        ViewportCommand::InnerSize(size.max(NORMAL_MIN_SIZE.into())),
        ViewportCommand::MinInnerSize(NORMAL_MIN_SIZE.into()),
        ViewportCommand::WindowLevel(level),
    ]
}

/// A window built on top (compact, or "keep the window on top") asks the window manager again
/// once it is shown: the level given when the window is built is sent before the window is
/// mapped, and a window manager (openbox, seen under Xvfb) ignores it then.
pub fn keep_level(model: &Model, ctx: &egui::Context, fx: &mut Effects) {
    if level(model) != WindowLevel::AlwaysOnTop {
        return;
    }
    let id = egui::Id::unique("otp-desk-level-asked");
    if ctx.data(|d| d.get_temp::<bool>(id)).unwrap_or(false) {
        return;
    }
    let shown = ctx.input(|i| i.viewport().focused == Some(true) || i.time > 1.5);
    if shown {
        ctx.data_mut(|d| d.insert_temp(id, true));
        fx.viewport(ViewportCommand::WindowLevel(WindowLevel::AlwaysOnTop));
    }
}
