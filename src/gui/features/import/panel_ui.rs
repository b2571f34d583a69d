//! Draws the import panel: the ways in (paste, open, scan, drop), the decoding state, password
//! prompts, messages, and the accounts found with their live codes, to confirm. Returns intents
//! only; the password field is a draft edited in place, like the add dialog's fields.

use eframe::egui::{self, RichText};

use crate::gui::command::{Action, ImportAction};
use crate::gui::features::dialog_ui::fit_width;
use crate::gui::model::import_found::{Failure, Origin};
use crate::gui::model::import_panel::ImportPanel;
use crate::gui::support::errors_import;
use crate::gui::support::i18n::{Arg, Tr};
use crate::gui::support::message::Message;
use crate::otp::{OtpKind, code_at, group_for_reading};

/// The panel; the flag says a live code is shown (repaint at the next second).
pub fn import_panel_ui(
    ui: &mut egui::Ui,
    panel: &mut ImportPanel,
    tr: &Tr,
    now_unix_secs: u64,
) -> (Option<Action>, bool) {
    let mut action = None;
    fit_width(ui, 420.0);
    ui.add_space(6.0);
    if panel.rekey.is_some() {
        ui.add(egui::Label::new(RichText::new(tr.get("rekey-read-qr-hint")).strong()).wrap());
        ui.add_space(4.0);
    }
    ui.horizontal_wrapped(|ui| {
        for (key, what) in [
            ("import-paste-button", ImportAction::Paste),
            ("import-open-files", ImportAction::OpenFiles),
            ("import-scan-button", ImportAction::ScanScreen),
        ] {
            if ui.button(tr.get(key)).clicked() {
                action = Some(Action::Import(what));
            }
        }
    });
    ui.label(RichText::new(tr.get("import-drop-inline")).weak().small());
    ui.separator();
    if panel.pending > 0 {
        ui.horizontal(|ui| {
            crate::gui::features::dialog_ui::spinner(ui, tr);
            ui.label(tr.get("import-decoding"));
            if ui.button(tr.get("import-stop")).clicked() {
                action = Some(Action::Import(ImportAction::Cancel));
            }
        });
    }
    action = password_ui(ui, panel, tr).or(action);
    let ticking = !panel.candidates.is_empty();
    // Messages and accounts scroll; the buttons above and below stay in the window.
    let max_height = (ui.ctx().content_rect().height() - 300.0).max(120.0);
    egui::ScrollArea::vertical()
        .max_height(max_height)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            action = messages_ui(ui, panel, tr).or(action.take());
            action = candidates_ui(ui, panel, tr, now_unix_secs).or(action.take());
        });
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        let count = panel.selected_count();
        let confirm = if panel.rekey.is_some() {
            // Re-enrolling: exactly one new key is taken.
            egui::Button::new(RichText::new(tr.get("rekey-use-this")).strong())
        } else {
            egui::Button::new(
                RichText::new(tr.with(
                    "import-confirm",
                    &[("count", Arg::Number(i64::try_from(count).unwrap_or(0)))],
                ))
                .strong(),
            )
        };
        let enabled = count > 0 && (panel.rekey.is_none() || count == 1);
        if ui.add_enabled(enabled, confirm).clicked() {
            action = Some(Action::Import(ImportAction::Confirm));
        }
        if ui.button(tr.get("import-cancel")).clicked() {
            action = Some(Action::CloseDialog);
        }
    });
    let height = ui.min_rect().height();
    if (height - panel.drawn_height).abs() > 0.5 {
        panel.drawn_height = height;
        ui.ctx().request_repaint();
    }
    (action, ticking)
}

fn password_ui(ui: &mut egui::Ui, panel: &mut ImportPanel, tr: &Tr) -> Option<Action> {
    let prompt = panel.prompts.front_mut()?;
    let mut action = None;
    ui.label(tr.with(
        "import-password-prompt",
        &[
            ("name", Arg::Text(&prompt.file.name)),
            ("format", Arg::Text(prompt.format)),
        ],
    ));
    if prompt.wrong {
        ui.colored_label(ui.visuals().error_fg_color, tr.get("import-password-wrong"));
    }
    ui.horizontal(|ui| {
        let label = ui.label(tr.get("import-password-label"));
        let field = egui::TextEdit::singleline(&mut *prompt.password)
            .password(true)
            .desired_width(160.0);
        let response = ui.add(field).labelled_by(label.id);
        let entered = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if ui.button(tr.get("import-unlock")).clicked() || entered {
            action = Some(Action::Import(ImportAction::SubmitPassword));
        }
        if ui.button(tr.get("import-skip")).clicked() {
            action = Some(Action::Import(ImportAction::SkipPassword));
        }
    });
    ui.separator();
    action
}

fn messages_ui(ui: &mut egui::Ui, panel: &ImportPanel, tr: &Tr) -> Option<Action> {
    let mut action = None;
    let error = ui.visuals().error_fg_color;
    for failure in &panel.failures {
        ui.add(egui::Label::new(RichText::new(failure_text(failure, tr)).color(error)).wrap());
    }
    if panel.nothing_found() {
        for origin in &panel.without_codes {
            let name = origin_name(origin, tr);
            ui.add(
                egui::Label::new(tr.with("import-nothing-found", &[("name", Arg::Text(&name))]))
                    .wrap(),
            );
        }
        if ui.button(tr.get("import-type-key")).clicked() {
            action = Some(Action::OpenAdd);
        }
    }
    for export in panel.incomplete_exports() {
        let parts: Vec<String> = export.have.iter().map(ToString::to_string).collect();
        let text = tr.with(
            "import-part-missing",
            &[
                ("parts", Arg::Text(&parts.join(", "))),
                ("size", Arg::Number(i64::from(export.size))),
            ],
        );
        ui.add(egui::Label::new(RichText::new(text).color(ui.visuals().warn_fg_color)).wrap());
    }
    for text in &panel.not_otp {
        let line = match text {
            Some(link) => tr.with("import-not-otp", &[("text", Arg::Text(link))]),
            None => tr.get("import-not-otp-hidden"),
        };
        ui.add(egui::Label::new(RichText::new(line).weak()).wrap());
    }
    if !panel.problems.is_empty() {
        ui.label(tr.get("import-problems"));
        for problem in &panel.problems {
            let text = problem.show(tr);
            ui.add(egui::Label::new(RichText::new(text).weak().small()).wrap());
        }
    }
    if panel.pending == 0 && panel.candidates.is_empty() && panel.failures.is_empty() {
        let nothing_yet = panel.without_codes.is_empty() && panel.not_otp.is_empty();
        if nothing_yet && panel.prompts.is_empty() {
            ui.add(egui::Label::new(RichText::new(tr.get("import-empty-hint")).weak()).wrap());
        }
    }
    action
}

fn candidates_ui(
    ui: &mut egui::Ui,
    panel: &ImportPanel,
    tr: &Tr,
    now_unix_secs: u64,
) -> Option<Action> {
    if panel.candidates.is_empty() {
        return None;
    }
    let mut action = None;
    for (index, c) in panel.candidates.iter().enumerate() {
        ui.horizontal(|ui| {
            let mut selected = c.selected;
            let label = crate::otp::display_label(&c.entry.issuer, &c.entry.name);
            if ui.checkbox(&mut selected, label).changed() {
                action = Some(Action::Import(ImportAction::Toggle(index)));
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let code = code_at(&c.entry.params, &c.entry.secret, now_unix_secs);
                let shown = match c.entry.params.kind() {
                    OtpKind::Hotp { .. } => code,
                    _ => group_for_reading(&code),
                };
                ui.label(RichText::new(shown).monospace().strong());
                if c.duplicate {
                    ui.label(RichText::new(tr.get("import-duplicate")).weak().small());
                }
            });
        });
    }
    action
}

fn origin_name(origin: &Origin, tr: &Tr) -> String {
    match origin {
        Origin::Clipboard => tr.get("import-origin-clipboard"),
        Origin::Screen => tr.get("import-origin-screen"),
        Origin::File(name) => name.clone(),
    }
}

/// One sentence in the user's language for a source that gave nothing.
pub fn failure_text(failure: &Failure, tr: &Tr) -> String {
    let named = |key: &'static str, name: &str| Message::new(key).text("name", name);
    let message = match failure {
        Failure::ClipboardEmpty => Message::new("import-clipboard-empty"),
        Failure::Clipboard => Message::new("import-clipboard-failed"),
        Failure::Image(origin, error) => errors_import::qr(error, &origin_name(origin, tr)),
        Failure::File { name, detail } => {
            named("import-file-damaged", name).with("detail", detail.clone())
        }
        Failure::FileUnknown(name) => named("import-file-unknown", name),
        Failure::FileTooLarge(name) => named("import-file-too-large", name),
        Failure::Capture(error) => errors_import::capture(error),
        Failure::Internal => Message::new("import-internal"),
    };
    message.show(tr)
}

/// While files are dragged over the window: a veil saying they will be imported.
pub fn drop_hint_ui(ctx: &egui::Context, tr: &Tr) {
    if ctx.input(|i| i.raw.hovered_files.is_empty()) {
        return;
    }
    let layer = egui::LayerId::new(egui::Order::Foreground, egui::Id::unique("otp-desk-drop"));
    let painter = ctx.layer_painter(layer);
    let rect = ctx.content_rect();
    let visuals = ctx.global_style().visuals.clone();
    painter.rect_filled(rect, 0.0, visuals.extreme_bg_color.gamma_multiply(0.9));
    painter.text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        tr.get("import-drop-hint"),
        egui::FontId::proportional(22.0),
        visuals.strong_text_color(),
    );
}
