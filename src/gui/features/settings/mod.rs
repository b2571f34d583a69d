//! The Settings dialog and what it changes: language, theme, clipboard clearing, always on top
//! (here), and the sections of the lock, clock and copy log ([`safety_ui`]), whose changes
//! their own features apply. Also remembers the window's place and size for the next start.
//! Must not depend on `app.rs`; starts no thread (work goes out as effects).

pub mod safety_ui;
pub mod settings_ui;

use eframe::egui;

use super::Effects;
use crate::gui::command::{Action, ThemeChoice};
use crate::gui::model::Model;
use crate::gui::model::settings::WindowGeometry;
use crate::gui::model::view::Dialog;
use crate::gui::support::i18n::Tr;

pub fn update(model: &mut Model, fx: &mut Effects, ctx: &egui::Context, action: &Action) {
    match action {
        Action::OpenSettings => model.view.dialog = Some(Dialog::Settings),
        Action::SetLanguage(choice) => {
            model.settings.language = *choice;
            model.tr = Tr::new(choice.resolve());
            fx.save_settings();
        }
        Action::SetTheme(choice) => {
            model.settings.theme = *choice;
            apply_theme(model, ctx);
            fx.save_settings();
        }
        Action::SetClearDelay(secs) => {
            model.settings.clipboard_clear_secs = *secs;
            fx.save_settings();
        }
        Action::SetCompact(on) => super::compact::set(model, fx, *on),
        Action::SetAlwaysOnTop(on) => {
            model.settings.always_on_top = *on;
            if model.settings.compact {
                // The compact window stays on top; the choice applies when it is turned off.
                fx.save_settings();
                return;
            }
            let level = super::compact::level(model);
            fx.viewport(egui::ViewportCommand::WindowLevel(level));
            fx.save_settings();
        }
        _ => {}
    }
}

pub fn apply_theme(model: &Model, ctx: &egui::Context) {
    ctx.set_theme(match model.settings.theme {
        ThemeChoice::System => egui::ThemePreference::System,
        ThemeChoice::Light => egui::ThemePreference::Light,
        ThemeChoice::Dark => egui::ThemePreference::Dark,
    });
}

/// Remembers the window's place and size (saved on exit); in the compact mode only its place.
pub fn track_window(model: &mut Model, ctx: &egui::Context) {
    let (outer, inner, minimized) = ctx.input(|i| {
        (
            i.viewport().outer_rect,
            i.viewport().inner_rect,
            i.viewport().minimized,
        )
    });
    if minimized == Some(true) {
        return;
    }
    if let (Some(outer), Some(inner)) = (outer, inner) {
        let mut geometry = WindowGeometry {
            x: outer.min.x,
            y: outer.min.y,
            width: inner.width(),
            height: inner.height(),
        };
        // Compact, the saved size stays the normal one, to go back to.
        if model.settings.compact
            && let Some(normal) = model.settings.window
        {
            geometry.width = normal.width;
            geometry.height = normal.height;
        }
        if model.settings.window != Some(geometry) {
            model.settings.window = Some(geometry);
        }
    }
}
