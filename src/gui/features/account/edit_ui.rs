//! Editing one account (issuer, name, group), deleting it (with a confirmation, then a few
//! seconds of undo), and revealing its key or QR code behind a confirmation.
//! Drawing only: returns actions, changes nothing; must not depend on `app.rs` or the runtime.

use eframe::egui::{self, Color32, RichText, Sense, TextEdit, vec2};
use zeroize::Zeroizing;

use crate::gui::command::{Action, RekeyAction, Reveal};
use crate::gui::features::dialog_ui::fit_width;
use crate::gui::model::view::EditDraft;
use crate::gui::support::i18n::{Arg, Tr};
use crate::otp::Entry;
use crate::store::AccountId;

fn field_ui(ui: &mut egui::Ui, label: &str, text: &mut String) {
    let label = ui.label(label);
    ui.add(TextEdit::singleline(text).desired_width(f32::INFINITY))
        .labelled_by(label.id);
    ui.add_space(4.0);
}

pub fn edit_ui(ui: &mut egui::Ui, draft: &mut EditDraft, tr: &Tr) -> Option<Action> {
    let mut action = None;
    fit_width(ui, 360.0);
    ui.add_space(6.0);
    field_ui(ui, &tr.get("field-issuer"), &mut draft.issuer);
    field_ui(ui, &tr.get("field-name"), &mut draft.name);
    field_ui(ui, &tr.get("field-group"), &mut draft.group);
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        if ui.button(RichText::new(tr.get("save")).strong()).clicked() {
            action = Some(Action::SaveEdit);
        }
        if ui.button(tr.get("cancel")).clicked() {
            action = Some(Action::CloseDialog);
        }
    });
    ui.separator();
    ui.horizontal_wrapped(|ui| {
        if ui.button(tr.get("show-secret")).clicked() {
            action = Some(Action::AskReveal(draft.id.clone(), Reveal::Secret));
        }
        if ui.button(tr.get("show-qr")).clicked() {
            action = Some(Action::AskReveal(draft.id.clone(), Reveal::QrCode));
        }
        if ui
            .button(tr.get("rekey-open"))
            .on_hover_text(tr.get("rekey-open-hint"))
            .clicked()
        {
            action = Some(Action::Rekey(RekeyAction::Open(draft.id.clone())));
        }
        let delete = RichText::new(tr.get("delete")).color(ui.visuals().error_fg_color);
        if ui.button(delete).clicked() {
            action = Some(Action::AskDelete(draft.id.clone()));
        }
    });
    action
}

pub fn delete_ui(ui: &mut egui::Ui, id: &AccountId, label: &str, tr: &Tr) -> Option<Action> {
    let mut action = None;
    fit_width(ui, 340.0);
    ui.label(tr.with("delete-body", &[("label", Arg::Text(label))]));
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        let delete = RichText::new(tr.get("delete-confirm"))
            .color(ui.visuals().error_fg_color)
            .strong();
        if ui.button(delete).clicked() {
            action = Some(Action::ConfirmDelete(id.clone()));
        }
        if ui.button(tr.get("cancel")).clicked() {
            action = Some(Action::CloseDialog);
        }
    });
    action
}

/// The warning first; once confirmed, the key (grouped by four) or the QR code of its URI.
pub fn reveal_ui(
    ui: &mut egui::Ui,
    what: Reveal,
    confirmed: bool,
    entry: Option<&Entry>,
    tr: &Tr,
) -> Option<Action> {
    let mut action = None;
    fit_width(ui, 340.0);
    if !confirmed {
        ui.label(RichText::new(tr.get("reveal-warning")).color(ui.visuals().warn_fg_color));
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui
                .button(RichText::new(tr.get("reveal-confirm")).strong())
                .clicked()
            {
                action = Some(Action::ConfirmReveal);
            }
            if ui.button(tr.get("cancel")).clicked() {
                action = Some(Action::CloseDialog);
            }
        });
        return action;
    }
    match (what, entry) {
        (_, None) => {
            ui.label(tr.get("copy-missing"));
        }
        (Reveal::Secret, Some(entry)) => {
            let key = Zeroizing::new(entry.secret.to_base32());
            let grouped: Zeroizing<String> = Zeroizing::new(
                key.as_bytes()
                    .chunks(4)
                    .map(|c| String::from_utf8_lossy(c).into_owned())
                    .collect::<Vec<_>>()
                    .join(" "),
            );
            // Not selectable: a key leaves the window only through its copy button, which marks
            // it for clipboard managers and clears it after the delay.
            let key_text = RichText::new(grouped.as_str()).monospace().size(16.0);
            ui.add(egui::Label::new(key_text).wrap().selectable(false));
            if ui.button(tr.get("copy-key")).clicked() {
                action = Some(Action::CopyRevealedKey);
            }
        }
        (Reveal::QrCode, Some(entry)) => {
            ui.label(tr.with("qr-body", &[("label", Arg::Text(&entry.label()))]));
            qr_ui(ui, &Zeroizing::new(crate::uri::to_uri(entry)));
        }
    }
    ui.add_space(8.0);
    if ui.button(tr.get("close")).clicked() {
        action = Some(Action::CloseDialog);
    }
    action
}

/// Draws the QR code of `text` as black modules on a white quiet zone (phones need contrast
/// in dark mode too).
fn qr_ui(ui: &mut egui::Ui, text: &str) {
    let Ok(code) = qrcode::QrCode::new(text.as_bytes()) else {
        return;
    };
    let width = code.width();
    let colors = code.to_colors();
    let module = 5.0;
    let quiet = 4.0 * module;
    let side = width as f32 * module + 2.0 * quiet;
    ui.vertical_centered(|ui| {
        let (rect, _) = ui.allocate_exact_size(vec2(side, side), Sense::hover());
        let painter = ui.painter();
        painter.rect_filled(rect, 0.0, Color32::WHITE);
        for (i, color) in colors.iter().enumerate() {
            if *color == qrcode::Color::Dark {
                let (x, y) = ((i % width) as f32, (i / width) as f32);
                let min = rect.min + vec2(quiet + x * module, quiet + y * module);
                painter.rect_filled(
                    egui::Rect::from_min_size(min, vec2(module, module)),
                    0.0,
                    Color32::BLACK,
                );
            }
        }
    });
}
