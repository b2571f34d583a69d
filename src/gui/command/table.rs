//! The one table of named commands: each [`Command`] knows its label, its tooltip and its
//! keyboard shortcut, so the header's buttons, the tray menu and the keyboard all say and do the
//! same. [`shortcuts`] is the one loop that listens for every shortcut; it runs before the
//! widgets draw, so they do not see these keys (but Enter on a button or row focused with Tab
//! presses it). Typing with nothing focused goes to the search.

use eframe::egui::{self, Key, KeyboardShortcut, Modifiers};

use super::{Action, ExportAction, ImportSource, SafetyAction};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    AddAccount,
    Import,
    PasteScreenshot,
    OpenImages,
    ScanScreen,
    Search,
    Settings,
    Export,
    Lock,
    CopySelected,
    SelectNext,
    SelectPrevious,
    /// Closes a dialog, else clears the search.
    Escape,
}

impl Command {
    pub const ALL: [Command; 13] = [
        Self::AddAccount,
        Self::Import,
        Self::PasteScreenshot,
        Self::OpenImages,
        Self::ScanScreen,
        Self::Search,
        Self::Settings,
        Self::Export,
        Self::Lock,
        Self::CopySelected,
        Self::SelectNext,
        Self::SelectPrevious,
        Self::Escape,
    ];

    /// The translation key of its label.
    pub fn label_key(self) -> &'static str {
        match self {
            Self::AddAccount => "add-account",
            Self::Import => "import-button",
            Self::PasteScreenshot => "import-paste",
            Self::OpenImages => "import-open",
            Self::ScanScreen => "import-scan",
            Self::Search => "search-label",
            Self::Settings => "settings",
            Self::Export => "export-open-short",
            Self::Lock => "lock",
            Self::CopySelected => "copy-code",
            Self::SelectNext | Self::SelectPrevious | Self::Escape => "",
        }
    }

    /// The translation key of its tooltip, if it has one.
    pub fn tooltip_key(self) -> Option<&'static str> {
        match self {
            Self::Import => Some("import-button-hint"),
            Self::Export => Some("export-open"),
            Self::Lock => Some("lock-hint"),
            _ => None,
        }
    }

    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let (modifiers, key) = match self {
            Self::AddAccount => (Modifiers::COMMAND, Key::N),
            Self::PasteScreenshot => (Modifiers::COMMAND, Key::V),
            Self::Search => (Modifiers::COMMAND, Key::F),
            Self::Lock => (Modifiers::COMMAND, Key::L),
            Self::CopySelected => (Modifiers::NONE, Key::Enter),
            Self::SelectNext => (Modifiers::NONE, Key::ArrowDown),
            Self::SelectPrevious => (Modifiers::NONE, Key::ArrowUp),
            Self::Escape => (Modifiers::NONE, Key::Escape),
            Self::Import | Self::OpenImages | Self::ScanScreen | Self::Settings | Self::Export => {
                return None;
            }
        };
        Some(KeyboardShortcut::new(modifiers, key))
    }

    pub fn action(self) -> Action {
        match self {
            Self::AddAccount => Action::OpenAdd,
            Self::Import | Self::PasteScreenshot => {
                Action::OpenImport(ImportSource::PasteScreenshot)
            }
            Self::OpenImages => Action::OpenImport(ImportSource::OpenImage),
            Self::ScanScreen => Action::OpenImport(ImportSource::ScanScreen),
            Self::Search => Action::FocusSearch,
            Self::Settings => Action::OpenSettings,
            Self::Export => Action::Export(ExportAction::Open),
            Self::Lock => Action::Safety(SafetyAction::Lock),
            Self::CopySelected => Action::CopySelected,
            Self::SelectNext => Action::MoveSelection(1),
            Self::SelectPrevious => Action::MoveSelection(-1),
            Self::Escape => Action::Escape,
        }
    }

    /// Listened for by [`shortcuts`]; Ctrl+L (the lock, which must work before anything else)
    /// and Ctrl+V (a paste, read by the import feature from egui's paste events) are read by
    /// their features.
    fn in_shortcut_loop(self) -> bool {
        !matches!(self, Self::Lock | Self::PasteScreenshot)
    }

    /// Whether it works while a dialog is open.
    fn over_dialogs(self) -> bool {
        self == Self::Escape
    }

    /// The arrows, which move the list's selection.
    fn moves_selection(self) -> bool {
        matches!(self, Self::SelectNext | Self::SelectPrevious)
    }

    /// Whether it leaves its key to a focused button or row (reached with Tab), for which
    /// egui reads Enter as a click: Enter copies the selected row only from the search field
    /// or with nothing focused.
    fn yields_to_focused_widget(self) -> bool {
        self == Self::CopySelected
    }
}

/// The shortcuts pressed this frame, and text typed with nothing focused (for the search).
pub fn shortcuts(ctx: &egui::Context, dialog_open: bool) -> (Vec<Action>, String) {
    let mut actions = Vec::new();
    let mut typed = String::new();
    let nothing_focused = ctx.memory(|m| m.focused().is_none());
    let widget_focused = !nothing_focused && !ctx.text_edit_focused();
    let mut moves_selection = false;
    ctx.input_mut(|i| {
        for command in Command::ALL {
            if !command.in_shortcut_loop()
                || (dialog_open && !command.over_dialogs())
                || (widget_focused && command.yields_to_focused_widget())
            {
                continue;
            }
            if let Some(shortcut) = command.shortcut()
                && i.consume_shortcut(&shortcut)
            {
                actions.push(command.action());
                moves_selection |= command.moves_selection();
            }
        }
        if !dialog_open && nothing_focused && !i.modifiers.command {
            for event in &i.events {
                if let egui::Event::Text(text) = event {
                    typed.push_str(text);
                }
            }
        }
    });
    if moves_selection {
        // egui would also move the keyboard focus with these arrows, to whatever lies nearest
        // (a row's ••• button); here they belong to the list's selection.
        ctx.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
    }
    (actions, typed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_commands_share_a_shortcut() {
        let mut seen = Vec::new();
        for command in Command::ALL {
            if let Some(shortcut) = command.shortcut() {
                assert!(!seen.contains(&shortcut), "{command:?} repeats a shortcut");
                seen.push(shortcut);
            }
        }
    }
}
