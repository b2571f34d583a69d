//! The header panel: add, search, settings and export; below them the lock button and status
//! banners, the error banner and the backup reminder — each drawn by its feature.
//! Composes features' `*_ui` functions; must not depend on `app.rs` or the runtime.

use eframe::egui;

use super::recovery::banners_ui;
use super::registry::Features;
use super::{export, list};
use crate::gui::command::Action;
use crate::gui::model::Model;

pub fn header_ui(
    ui: &mut egui::Ui,
    model: &mut Model,
    features: &Features,
    now: u64,
) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.add_space(6.0);
    if let Some(acting) = &model.acting {
        actions.extend(super::desk::bar_ui::bar_ui(ui, acting, &model.tr));
    }
    let manage = model.may_manage();
    actions.extend(list::chrome_ui::header_ui(
        ui,
        &mut model.view.search,
        manage,
        &model.tr,
    ));
    let status = banners_ui::Status {
        clock: features.clock,
        now_unix_secs: model.base_clock.unix_secs(),
        recovery: &features.recovery,
    };
    actions.extend(banners_ui::status_ui(
        ui,
        &status,
        &model.settings,
        &model.tr,
    ));
    // Revoked on another computer of the team: said where every person looks, not only deep in
    // Settings (which has the whole sentence).
    if model
        .team
        .as_ref()
        .is_some_and(|t| t.status.left_out.is_some())
    {
        let text = egui::RichText::new(model.tr.get("team-left-out-banner"))
            .color(ui.visuals().warn_fg_color);
        ui.add(egui::Label::new(text).wrap());
    }
    if let Some(message) = &model.view.banner {
        actions.extend(list::chrome_ui::banner_ui(ui, message, &model.tr));
    }
    // A member may not back up: no banner offers what would be refused.
    if manage
        && !features.export.reminder_dismissed
        && export::reminder::reminder_due(&model.settings, model.accounts(), now)
    {
        actions.extend(export::reminder::reminder_ui(ui, &model.tr));
    }
    ui.add_space(4.0);
    actions
}
