//! The keyboard focus of a screen's one field (the password, the PIN, the quick pick's search).
//! Asked for only while the window itself has the system's focus: a text field focused before
//! the window is shown turns on the input method, whose events asked for a frame each, and winit
//! then never saw the window become visible (under X11 with a window manager, a window that
//! started locked took no keys at all). Depends on nothing but egui.

use eframe::egui;

/// Whether the window has the keyboard focus, or cannot tell (tests drive no real window).
pub fn window_has_focus(ui: &egui::Ui) -> bool {
    ui.input(|i| i.viewport().focused != Some(false))
}

/// Gives `field` the focus when nothing else in the window took it and the window has it.
pub fn keep_focus(ui: &egui::Ui, field: &egui::Response) {
    if !field.has_focus() && !field.lost_focus() && window_has_focus(ui) {
        field.request_focus();
    }
}
