//! Draws the Export dialog ([`super::export_dialog`]): the ways out of OTP Desk, the
//! clear-text and phone warnings, and the phone QR codes one part at a time. Returns actions;
//! the only state touched here is the text typed and the textures uploaded for the codes.

use eframe::egui::{self, RichText};

use crate::export::ExportFormat;
use crate::gui::command::{Action, ExportAction};
use crate::gui::features::dialog_ui::fit_width;
use crate::gui::model::export_dialog::{ExportDialog, PhoneCodes, Step, Strength, format_key};
use crate::gui::support::i18n::{Arg, Tr};

/// How wide a QR code is drawn, in points: big enough for a phone camera across a desk.
const QR_SIDE_POINTS: f32 = 280.0;

pub fn export_dialog_ui(ui: &mut egui::Ui, dialog: &mut ExportDialog, tr: &Tr) -> Option<Action> {
    fit_width(ui, 340.0);
    let action = match &mut dialog.step {
        Step::Choose => choose_ui(ui, dialog, tr),
        Step::PlainWarning(format) => plain_warning_ui(ui, *format, dialog.busy, tr),
        Step::PhoneWarning => phone_warning_ui(ui, &dialog.not_for_phone, dialog.busy, tr),
        Step::Phone(codes) => phone_ui(ui, codes, &dialog.not_for_phone, tr),
    };
    if let Some(error) = &dialog.error {
        ui.add_space(6.0);
        ui.colored_label(ui.visuals().error_fg_color, error);
    }
    ui.add_space(8.0);
    let close = ui.button(tr.get("close")).clicked();
    action.or(close.then_some(Action::CloseDialog))
}

fn export(action: ExportAction) -> Option<Action> {
    Some(Action::Export(action))
}

fn choose_ui(ui: &mut egui::Ui, dialog: &mut ExportDialog, tr: &Tr) -> Option<Action> {
    let mut action = None;
    for format in ExportFormat::ALL {
        ui.label(RichText::new(tr.get(format_key(format))).strong());
        match format {
            ExportFormat::AegisEncrypted => {
                action = action.or(encrypted_ui(ui, dialog, tr));
            }
            ExportFormat::MigrationQr => {
                ui.label(tr.get("export-phone-body"));
                if ui.button(tr.get("export-phone")).clicked() {
                    action = export(ExportAction::AskPhone);
                }
            }
            plain => {
                if ui
                    .add_enabled(!dialog.busy, egui::Button::new(tr.get("export-plain")))
                    .clicked()
                {
                    action = export(ExportAction::AskPlain(plain));
                }
            }
        }
        ui.add_space(8.0);
    }
    action
}

fn encrypted_ui(ui: &mut egui::Ui, dialog: &mut ExportDialog, tr: &Tr) -> Option<Action> {
    ui.label(tr.get("export-encrypted-body"));
    let mut submit = false;
    egui::Grid::new("export-passwords")
        .num_columns(2)
        .show(ui, |ui| {
            for (draft, key) in [
                (&mut dialog.password, "export-password"),
                (&mut dialog.repeat, "export-repeat"),
            ] {
                let label = ui.label(tr.get(key));
                let field = egui::TextEdit::singleline(&mut **draft)
                    .password(true)
                    .desired_width(180.0);
                let response = ui.add(field).labelled_by(label.id);
                submit |= response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                ui.end_row();
            }
        });
    let strength = Strength::of(&dialog.password);
    if !dialog.password.is_empty() {
        let color = match strength {
            Strength::TooShort | Strength::Weak => ui.visuals().warn_fg_color,
            Strength::Fair | Strength::Strong => ui.visuals().weak_text_color(),
        };
        ui.colored_label(color, tr.get(strength.key()));
    }
    let button = egui::Button::new(tr.get("export-encrypted-save"));
    let clicked = ui.add_enabled(!dialog.busy, button).clicked();
    if dialog.busy {
        ui.horizontal(|ui| {
            crate::gui::features::dialog_ui::spinner(ui, tr);
            ui.label(tr.get("export-working"));
        });
    }
    ((clicked || submit) && !dialog.busy).then_some(Action::Export(ExportAction::WriteEncrypted))
}

fn plain_warning_ui(
    ui: &mut egui::Ui,
    format: ExportFormat,
    busy: bool,
    tr: &Tr,
) -> Option<Action> {
    let mut action = None;
    ui.label(RichText::new(tr.get(format_key(format))).strong());
    ui.add_space(6.0);
    ui.colored_label(ui.visuals().warn_fg_color, tr.get("export-plain-warning"));
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        let save = egui::Button::new(tr.get("export-plain-confirm"));
        if ui.add_enabled(!busy, save).clicked() {
            action = export(ExportAction::WritePlain(format));
        }
        if ui.button(tr.get("export-back")).clicked() {
            action = export(ExportAction::Back);
        }
        if busy {
            crate::gui::features::dialog_ui::spinner(ui, tr);
        }
    });
    action
}

fn not_for_phone_ui(ui: &mut egui::Ui, labels: &[String], tr: &Tr) {
    if labels.is_empty() {
        return;
    }
    let count = i64::try_from(labels.len()).unwrap_or(i64::MAX);
    ui.label(tr.with("export-phone-skipped", &[("count", Arg::Number(count))]));
    egui::ScrollArea::vertical()
        .max_height(96.0)
        .id_salt("export-not-for-phone")
        .show(ui, |ui| {
            for label in labels {
                ui.label(format!("• {label}"));
            }
        });
}

fn phone_warning_ui(ui: &mut egui::Ui, skipped: &[String], busy: bool, tr: &Tr) -> Option<Action> {
    let mut action = None;
    ui.label(RichText::new(tr.get("export-phone-title")).strong());
    ui.add_space(6.0);
    ui.colored_label(ui.visuals().warn_fg_color, tr.get("export-phone-warning"));
    not_for_phone_ui(ui, skipped, tr);
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        if ui
            .add_enabled(!busy, egui::Button::new(tr.get("export-phone-confirm")))
            .clicked()
        {
            action = export(ExportAction::ShowPhone);
        }
        if ui.button(tr.get("export-back")).clicked() {
            action = export(ExportAction::Back);
        }
        if busy {
            crate::gui::features::dialog_ui::spinner(ui, tr);
        }
    });
    action
}

fn phone_ui(
    ui: &mut egui::Ui,
    codes: &mut PhoneCodes,
    skipped: &[String],
    tr: &Tr,
) -> Option<Action> {
    let mut action = None;
    let total = codes.images.len();
    ui.label(RichText::new(tr.get("export-phone-title")).strong());
    ui.label(tr.get("export-phone-scan"));
    let part = |n: usize| Arg::Number(i64::try_from(n).unwrap_or(i64::MAX));
    ui.vertical_centered(|ui| {
        ui.label(
            RichText::new(tr.with(
                "export-phone-part",
                &[("part", part(codes.index + 1)), ("total", part(total))],
            ))
            .strong(),
        );
        if let Some(texture) = texture(ui, codes) {
            let size = egui::vec2(QR_SIDE_POINTS, QR_SIDE_POINTS);
            ui.add(egui::Image::new((texture.id(), size)));
        }
    });
    ui.horizontal(|ui| {
        let previous = egui::Button::new(tr.get("export-phone-previous"));
        if ui.add_enabled(codes.index > 0, previous).clicked() {
            action = export(ExportAction::Part(-1));
        }
        let next = egui::Button::new(tr.get("export-phone-next"));
        if ui.add_enabled(codes.index + 1 < total, next).clicked() {
            action = export(ExportAction::Part(1));
        }
    });
    not_for_phone_ui(ui, skipped, tr);
    action
}

/// The texture of the part shown, uploaded the first time it is drawn.
fn texture(ui: &egui::Ui, codes: &mut PhoneCodes) -> Option<egui::TextureHandle> {
    let index = codes.index;
    let slot = codes.textures.get_mut(index)?;
    if slot.is_none() {
        let image = codes.images.get(index)?.clone();
        let name = format!("otp-desk-export-qr-{index}");
        *slot = Some(
            ui.ctx()
                .load_texture(name, image, egui::TextureOptions::NEAREST),
        );
    }
    slot.clone()
}
