//! What the user can ask the window to do. Widgets, shortcuts and the tray return an
//! [`Action`]; `app.rs` routes each to the feature that owns it. [`table`] is the one list of
//! named commands (label, shortcut, tooltip) that buttons, menus, keyboard and tray share.
//! Imports no other window module: everything here is plain data.
//! Must not depend on any other window module.

pub mod choices;
pub mod table;

pub use choices::{LanguageChoice, ThemeChoice};
pub use table::Command;

use crate::desk::{PersonId, Role};
use crate::export::ExportFormat;
use crate::store::AccountId;

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
    /// The revealed key's own copy button: the only way a key leaves the window.
    CopyRevealedKey,
    TogglePin(AccountId),
    /// Moves an account one place up (-1) or down (+1) within its section.
    Shift(AccountId, i32),
    ToggleSection(String),
    OpenSettings,
    SetLanguage(LanguageChoice),
    SetTheme(ThemeChoice),
    SetClearDelay(u32),
    SetAlwaysOnTop(bool),
    /// The compact mode: a narrow list of codes on top of other windows (`true`), or back.
    SetCompact(bool),
    /// Closing the window hides it in the tray (when a tray shows the icon).
    SetCloseToTray(bool),
    SetStartWithComputer(bool),
    CloseDialog,
    DismissBanner,
    /// The import panel's buttons, checkboxes and password prompt.
    Import(ImportAction),
    /// Lock, password, clock, copy log and recovery (their features are in `features/`).
    Safety(SafetyAction),
    /// The Export dialog, the phone codes and the backup reminder.
    Export(ExportAction),
    /// The team folder's pages: share, invite, join, revoke.
    Team(TeamAction),
    /// The tray's "copy code": as [`Action::Copy`], recorded as done from the tray.
    TrayCopy(AccountId),
    /// Desk mode: people, PINs, sharing; and the trash and the audit log.
    Desk(DeskAction),
    /// Re-enrolling an account: its new key in place.
    Rekey(RekeyAction),
    /// The quick pick that the system-wide shortcut opens, and that shortcut's setting.
    QuickPick(PickAction),
}

/// The Re-enrol dialog: the steps on the website, the new key, its code, then the swap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RekeyAction {
    /// Opens the dialog for this account.
    Open(AccountId),
    /// The typed key or link changed.
    Typed,
    /// Opens the import panel (paste, file, drop, screen) to read the new QR code.
    ReadQr,
    /// The website accepted the new code: replace the key.
    Confirm,
}

/// The quick pick: a small window on top that types a code into the program the person came
/// from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickAction {
    /// The shortcut was pressed (the window it was pressed in was noted then).
    Open,
    /// Moves the highlight by this many rows.
    Move(i32),
    /// Enter, Shift+Enter or Ctrl+Enter on an account.
    Choose(AccountId, Finish),
    /// Esc: closes and types nothing.
    Close,
    /// Settings: the shortcut's text from the draft (`true`) or off (`false`).
    SetShortcut(bool),
    /// An account's own shortcut was pressed: type its code into the window that had the focus.
    TypeAccount(AccountId),
    /// Opens the dialog that records an account's shortcut.
    EditHotkey(AccountId),
    /// Saves the shortcut in that dialog's draft for its account.
    SaveHotkey,
    /// Removes an account's shortcut.
    ClearHotkey(AccountId),
    /// Closes that dialog.
    CloseHotkey,
}

/// What Enter does with the chosen code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finish {
    /// Types the code into the window the person came from.
    Type,
    /// Types the code, then Enter.
    TypeThenEnter,
    /// Copies instead (Ctrl+Enter), with the usual clearing.
    Copy,
}

/// Desk mode (people with their own PIN, sharing), the trash and the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeskAction {
    /// "Who is working?": this person, then their PIN.
    Pick(PersonId),
    /// The picked person's PIN was typed.
    Unlock,
    /// Ends this person's session and shows the picker.
    SwitchPerson,
    OpenPeople,
    /// The People page's "Add" (name, PIN and role from its drafts); the first one starts desk
    /// mode.
    AddPerson(Role),
    RemovePerson(PersonId),
    /// Opens the new-PIN field for a person (a forgotten PIN).
    AskResetPin(PersonId),
    SubmitResetPin,
    /// Opens the new-name field for a person / saves it.
    AskRename(PersonId),
    SubmitRename,
    OpenSharing(AccountId),
    Share(PersonId),
    Unshare(PersonId),
    OpenTrash,
    RestoreTrashed(AccountId),
    PurgeTrashed(AccountId),
    OpenLog,
    ExportLogCsv,
    /// The People page: what this person could use and did use.
    ShowExposure(PersonId),
    /// A leaving list's line needs no re-enrolment: (person, account).
    DismissLeaving(String, AccountId),
    /// "My PIN…": anyone working changes their own PIN / saves it.
    OpenOwnPin,
    SubmitOwnPin,
}

/// The team folder: this desk's vault shared with other computers through a synced folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TeamAction {
    /// "Share with other computers…": the folder and this computer's name / make the team.
    OpenShare,
    SubmitShare,
    /// The system's folder picker, for the share or the join page.
    ChooseFolder,
    /// "Invite a computer…": a one-time code, shown until a computer used it.
    OpenInvite,
    /// "Join a team…" on a new computer: folder, name and code / then an admin's PIN.
    OpenJoin,
    SubmitJoin,
    PickAdmin(String),
    SubmitAdminPin,
    /// A computer of the team: ask / revoke it (by its id).
    AskRevoke(String),
    ConfirmRevoke,
    /// The fields computers changed while apart / an admin keeps value `.1` of choice `.0`.
    OpenChoices,
    Pick(usize, usize),
}

/// The import panel's buttons, checkboxes and password prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportAction {
    Paste,
    OpenFiles,
    ScanScreen,
    Toggle(usize),
    SubmitPassword,
    SkipPassword,
    Confirm,
    /// Stops waiting for the decodes still running; what was found stays.
    Cancel,
}

/// The Export dialog, the phone codes and the backup reminder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportAction {
    Open,
    WriteEncrypted,
    AskPlain(ExportFormat),
    WritePlain(ExportFormat),
    AskPhone,
    ShowPhone,
    Part(i32),
    Back,
    DismissReminder,
    SetReminder(bool),
}

/// Lock, password, clock, copy log and recovery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SafetyAction {
    Lock,
    Unlock,
    SubmitPassword,
    SetPassword,
    RemovePassword,
    SetIdleMins(u32),
    SetClockSync(bool),
    ApplyServers,
    /// A correction over ten minutes was proposed: apply it (`true`) or keep the clock.
    ConfirmClock(bool),
    SetCopyLog(bool),
    ShowCopyLog,
    RestoreBackup,
    RecoverOrphans,
    DismissOrphans,
}
