//! The Re-enrol dialog: what to do on the website (Amazon Seller Central's own path when the
//! account is Amazon's), the new key, its live code, and the swap. Drawing only.

use eframe::egui::{self, RichText, TextEdit};

use crate::gui::command::{Action, RekeyAction};
use crate::gui::features::dialog_ui::fit_width;
use crate::gui::model::view::RekeyDraft;
use crate::gui::support::i18n::{Arg, Tr};
use crate::otp::{OtpKind, code_at, group_for_reading, seconds_left};

pub fn rekey_ui(
    ui: &mut egui::Ui,
    draft: &mut RekeyDraft,
    label: &str,
    now: u64,
    tr: &Tr,
) -> Option<Action> {
    let mut action = None;
    fit_width(ui, 420.0);
    ui.add_space(4.0);
    ui.label(RichText::new(label).strong());
    let amazon = label.to_lowercase().contains("amazon");
    let steps = tr.get(if amazon {
        "rekey-steps-amazon"
    } else {
        "rekey-steps"
    });
    ui.add(egui::Label::new(steps).wrap());
    ui.add_space(6.0);
    if ui.button(tr.get("rekey-read-qr")).clicked() {
        action = Some(Action::Rekey(RekeyAction::ReadQr));
    }
    let field = ui.label(tr.get("rekey-typed"));
    let typed = ui
        .add(TextEdit::singleline(&mut draft.typed).desired_width(f32::INFINITY))
        .labelled_by(field.id);
    if typed.changed() {
        action = Some(Action::Rekey(RekeyAction::Typed));
    }
    if let Some(error) = &draft.error {
        ui.add(egui::Label::new(RichText::new(error).color(ui.visuals().error_fg_color)).wrap());
    }
    ui.add_space(6.0);
    if let Some(entry) = &draft.entry {
        let code = group_for_reading(&code_at(&entry.params, &entry.secret, now));
        let left = match entry.params.kind() {
            OtpKind::Hotp { .. } => None,
            _ => seconds_left(&entry.params, now),
        };
        ui.label(tr.get("rekey-new-code"));
        ui.horizontal(|ui| {
            ui.label(RichText::new(code).monospace().size(30.0).strong());
            if let Some(left) = left {
                let left = tr.with("seconds-left", &[("seconds", Arg::Number(i64::from(left)))]);
                ui.label(RichText::new(left).weak());
            }
        });
        ui.add(egui::Label::new(RichText::new(tr.get("rekey-confirm-hint")).weak()).wrap());
        ui.add_space(4.0);
    }
    ui.horizontal_wrapped(|ui| {
        let confirm = egui::Button::new(RichText::new(tr.get("rekey-confirm")).strong());
        if ui.add_enabled(draft.entry.is_some(), confirm).clicked() {
            action = Some(Action::Rekey(RekeyAction::Confirm));
        }
        if ui.button(tr.get("cancel")).clicked() {
            action = Some(Action::CloseDialog);
        }
    });
    action
}
