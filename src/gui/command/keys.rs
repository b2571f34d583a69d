//! Keyboard: Ctrl+F or just typing searches, arrows move the selection, Enter copies, Ctrl+N
//! adds, Esc closes or clears. Read before the widgets draw, so they do not see these keys.

use eframe::egui::{self, Key, Modifiers};

use super::action::Action;

/// The shortcuts pressed this frame; typing with nothing focused goes to the search.
pub fn shortcuts(ctx: &egui::Context, dialog_open: bool) -> (Vec<Action>, String) {
    let mut actions = Vec::new();
    let mut typed = String::new();
    let nothing_focused = ctx.memory(|m| m.focused().is_none());
    ctx.input_mut(|i| {
        if i.consume_key(Modifiers::NONE, Key::Escape) {
            actions.push(Action::Escape);
        }
        if dialog_open {
            return;
        }
        if i.consume_key(Modifiers::COMMAND, Key::F) {
            actions.push(Action::FocusSearch);
        }
        if i.consume_key(Modifiers::COMMAND, Key::N) {
            actions.push(Action::OpenAdd);
        }
        if i.consume_key(Modifiers::NONE, Key::ArrowDown) {
            actions.push(Action::MoveSelection(1));
        }
        if i.consume_key(Modifiers::NONE, Key::ArrowUp) {
            actions.push(Action::MoveSelection(-1));
        }
        if i.consume_key(Modifiers::NONE, Key::Enter) {
            actions.push(Action::CopySelected);
        }
        if nothing_focused && !i.modifiers.command {
            for event in &i.events {
                if let egui::Event::Text(text) = event {
                    typed.push_str(text);
                }
            }
        }
    });
    (actions, typed)
}
