//! Everything around the list: the header bar (add, search, settings), the error banner, the
//! toast at the bottom and the first-run screen.
//! Drawing only: returns actions, changes nothing; must not depend on `app.rs` or the runtime.

use eframe::egui::{self, Align, Layout, RichText, TextEdit};

use crate::gui::command::{Action, Command};
use crate::gui::support::i18n::Tr;

pub fn search_id() -> egui::Id {
    egui::Id::unique("otp-desk-search")
}

/// The header: add and import on the left, back up and settings on the right, and the search
/// field below them at full width (a narrow window keeps room to type), then the compact
/// mode's button. The search text is
/// transient UI state the field edits in place.
/// `manage`: the one working may add and export (a member at a desk may not).
pub fn header_ui(ui: &mut egui::Ui, search: &mut String, manage: bool, tr: &Tr) -> Option<Action> {
    let mut action = None;
    ui.horizontal(|ui| {
        if !manage {
            if command_button_ui(ui, Command::Settings, tr) {
                action = Some(Command::Settings.action());
            }
            return;
        }
        let add = format!("+ {}", tr.get(Command::AddAccount.label_key()));
        if ui.button(RichText::new(add).strong()).clicked() {
            action = Some(Command::AddAccount.action());
        }
        if let Some(chosen) = import_menu_ui(ui, tr) {
            action = Some(chosen);
        }
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            for command in [Command::Settings, Command::Export] {
                if command_button_ui(ui, command, tr) {
                    action = Some(command.action());
                }
            }
        });
    });
    ui.horizontal(|ui| {
        let label = ui.label(tr.get(Command::Search.label_key()));
        // The compact mode's button at the end of the search row: the row above is full at
        // the narrowest window.
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            let compact = crate::gui::features::compact::compact_ui::toggle_button_ui;
            if let Some(chosen) = compact(ui, false, tr) {
                action = Some(chosen);
            }
            let field = TextEdit::singleline(search)
                .id(search_id())
                .hint_text(tr.get("search-hint"))
                .desired_width(f32::INFINITY);
            let _ = ui.add(field).labelled_by(label.id);
        });
    });
    action
}

/// One sentence saying what went wrong and what to do.
pub fn banner_ui(ui: &mut egui::Ui, message: &str, tr: &Tr) -> Option<Action> {
    let mut action = None;
    egui::Frame::new()
        .fill(ui.visuals().error_fg_color.gamma_multiply(0.15))
        .inner_margin(8.0)
        .corner_radius(6.0)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.add(
                    egui::Label::new(
                        RichText::new(message).color(ui.visuals().strong_text_color()),
                    )
                    .wrap(),
                );
                ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                    if ui.button(tr.get("dismiss")).clicked() {
                        action = Some(Action::DismissBanner);
                    }
                });
            });
        });
    action
}

/// A short confirmation at the bottom, with "Undo" after a delete.
pub fn toast_ui(ctx: &egui::Context, text: &str, undo: bool, tr: &Tr) -> Option<Action> {
    let mut action = None;
    egui::Area::new(egui::Id::unique("otp-desk-toast"))
        .anchor(egui::Align2::CENTER_BOTTOM, [0.0, -16.0])
        .order(egui::Order::Foreground)
        .show(ctx, |ui| {
            // A long toast (a warning) wraps within the window instead of running off it.
            let width = ctx.content_rect().width();
            ui.set_max_width((width - 48.0).max(160.0));
            egui::Frame::popup(ui.style())
                .inner_margin(10.0)
                .show(ui, |ui| {
                    ui.horizontal(|ui| {
                        ui.add(egui::Label::new(text).wrap());
                        if undo && ui.button(RichText::new(tr.get("undo")).strong()).clicked() {
                            action = Some(Action::Undo);
                        }
                    });
                });
        });
    action
}

/// The first-run screen: the ways to add an account.
pub fn empty_ui(ui: &mut egui::Ui, tr: &Tr) -> Option<Action> {
    let mut action = None;
    ui.vertical_centered(|ui| {
        ui.add_space((ui.available_height() * 0.2).max(16.0));
        ui.heading(RichText::new(tr.get("empty-title")).size(22.0));
        ui.add_space(6.0);
        ui.add(egui::Label::new(RichText::new(tr.get("empty-body")).weak()).wrap());
        ui.add_space(16.0);
        let wide = |text: String| egui::Button::new(text).min_size(egui::vec2(220.0, 30.0));
        for command in [
            Command::PasteScreenshot,
            Command::OpenImages,
            Command::ScanScreen,
        ] {
            if ui.add(wide(tr.get(command.label_key()))).clicked() {
                action = Some(command.action());
            }
        }
        if ui.add(wide(tr.get("type-key"))).clicked() {
            action = Some(Action::OpenAdd);
        }
    });
    action
}

/// "Import": paste a screenshot, open files, scan the screen — one click from the list.
fn import_menu_ui(ui: &mut egui::Ui, tr: &Tr) -> Option<Action> {
    let mut action = None;
    let menu = ui.menu_button(tr.get(Command::Import.label_key()), |ui| {
        action = import_choices_ui(ui, tr);
        if action.is_some() {
            ui.close();
        }
    });
    if let Some(key) = Command::Import.tooltip_key() {
        menu.response.on_hover_text(tr.get(key));
    }
    action
}

/// The three ways in from a QR code or a backup, one button each.
pub fn import_choices_ui(ui: &mut egui::Ui, tr: &Tr) -> Option<Action> {
    let mut action = None;
    for command in [
        Command::PasteScreenshot,
        Command::OpenImages,
        Command::ScanScreen,
    ] {
        if ui.button(tr.get(command.label_key())).clicked() {
            action = Some(command.action());
        }
    }
    action
}

/// A button with the command's label, and its tooltip when it has one; `true` when clicked.
pub fn command_button_ui(ui: &mut egui::Ui, command: Command, tr: &Tr) -> bool {
    let button = ui.button(tr.get(command.label_key()));
    match command.tooltip_key() {
        Some(key) => button.on_hover_text(tr.get(key)).clicked(),
        None => button.clicked(),
    }
}
