//! Everything the user can ask the window to do. Widgets return these; only `App::apply`
//! acts on them.

use crate::store::AccountId;

use super::export_dialog::ExportAction;
use super::i18n::LanguageChoice;
use super::import_panel::ImportAction;
use super::safety::SafetyAction;
use super::settings::ThemeChoice;

/// Where an import comes from (the QR issue fills these in).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportSource {
    PasteScreenshot,
    OpenImage,
    ScanScreen,
}

/// What to reveal after a confirmation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reveal {
    Secret,
    QrCode,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Copy(AccountId),
    CopySelected,
    NextHotp(AccountId),
    Select(AccountId),
    /// Moves the selection by this many rows (arrow keys).
    MoveSelection(i32),
    FocusSearch,
    /// Esc: closes a dialog, else clears the search.
    Escape,
    OpenAdd,
    OpenImport(ImportSource),
    SubmitAdd,
    OpenEdit(AccountId),
    SaveEdit,
    AskDelete(AccountId),
    ConfirmDelete(AccountId),
    Undo,
    AskReveal(AccountId, Reveal),
    ConfirmReveal,
    TogglePin(AccountId),
    /// Moves an account one place up (-1) or down (+1) within its section.
    Shift(AccountId, i32),
    ToggleSection(String),
    OpenSettings,
    SetLanguage(LanguageChoice),
    SetTheme(ThemeChoice),
    SetClearDelay(u32),
    SetAlwaysOnTop(bool),
    /// Closing the window hides it in the tray (when a tray shows the icon).
    SetCloseToTray(bool),
    SetStartWithComputer(bool),
    CloseDialog,
    DismissBanner,
    /// The import panel's buttons, checkboxes and password prompt.
    Import(ImportAction),
    /// Lock, password, clock, copy log and recovery (see `safety.rs`).
    Safety(SafetyAction),
    /// The Export dialog, the phone codes and the backup reminder.
    Export(ExportAction),
}
