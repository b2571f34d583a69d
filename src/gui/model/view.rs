//! Transient window state — nothing here is saved: the search text, the selection, the one open
//! dialog with its drafts, the toast, the banner and the undo offer of a delete.

use zeroize::Zeroizing;

use super::add_draft::AddDraft;
use super::export_dialog::ExportDialog;
use super::import_panel::ImportPanel;
use crate::gui::command::{Action, Reveal};
use crate::otp::Secret;
use crate::store::AccountId;
use crate::store::copy_log::CopyLine;
use crate::store::metadata::Account;

/// How long a toast shows.
pub const TOAST_MILLIS: u64 = 3_000;
/// How long a deleted account can be brought back.
pub const UNDO_MILLIS: u64 = 8_000;
/// A toast that warns (something was done only in part) stays long enough to read twice.
pub const WARNING_MILLIS: u64 = 10_000;

/// The one dialog open over the list.
pub enum Dialog {
    Add(AddDraft),
    /// The account just added, its code large.
    Added(AccountId),
    Edit(EditDraft),
    Delete(AccountId),
    Reveal {
        id: AccountId,
        what: Reveal,
        confirmed: bool,
    },
    Settings,
    /// Paste, open, drop or scan QR codes and exports; confirm what was found.
    Import(Box<ImportPanel>),
    /// Asks for the app password before `then` (reveal, settings, export).
    Password {
        then: Box<Action>,
        draft: Zeroizing<String>,
    },
    CopyLog(Vec<CopyLine>),
    /// Encrypted backup, plain exports, codes for a phone.
    Export(Box<ExportDialog>),
    /// Desk mode: the people, their roles and PINs (admins).
    People(PeopleDraft),
    /// Desk mode: who may use one account's codes, and until when (admins).
    Sharing(SharingDraft),
    /// Deleted accounts, kept 30 days.
    Trash(Vec<Account>),
    /// The audit log (admins).
    Log(Box<super::audit_view::LogView>),
    /// Re-enrolling an account: its new key in place (admins).
    Rekey(Box<RekeyDraft>),
    /// Anyone working changes their own PIN.
    OwnPin(OwnPinDraft),
    /// The team folder: share, invite, join, revoke.
    Team(Box<super::team_page::TeamPage>),
}

/// The Re-enrol dialog's state.
pub struct RekeyDraft {
    pub account: AccountId,
    /// The new key or otpauth link as typed or pasted.
    pub typed: String,
    /// The new key, once read from the field or a QR code.
    pub entry: Option<crate::otp::Entry>,
    pub error: Option<String>,
}

impl RekeyDraft {
    pub fn new(account: AccountId) -> Self {
        Self {
            account,
            typed: String::new(),
            entry: None,
            error: None,
        }
    }
}

/// "My PIN": the old PIN and the new one twice.
#[derive(Default)]
pub struct OwnPinDraft {
    pub old: Zeroizing<String>,
    pub new: Zeroizing<String>,
    pub repeat: Zeroizing<String>,
    pub error: Option<String>,
}

/// The People page's fields.
#[derive(Default)]
pub struct PeopleDraft {
    pub name: String,
    pub pin: Zeroizing<String>,
    pub repeat: Zeroizing<String>,
    /// The person whose PIN is being reset, and the new one.
    pub resetting: Option<crate::desk::PersonId>,
    pub new_pin: Zeroizing<String>,
    /// The person being renamed, and the new name.
    pub renaming: Option<crate::desk::PersonId>,
    pub new_name: String,
    pub error: Option<String>,
    /// What one person could use and did use (the "Exposure" button).
    pub exposure: Option<(String, Vec<crate::desk::exposure::Exposure>)>,
    /// The open leaving lists: accounts to re-enrol since someone left.
    pub leaving: Vec<crate::desk::leaving::Leaving>,
}

/// The Sharing view of one account.
pub struct SharingDraft {
    pub account: AccountId,
    /// When the next share ends ("18:00", "2026-12-24 18:00"); empty: until stopped by hand.
    pub until: String,
    pub error: Option<String>,
    /// The person whose share is about to be stopped, once "Stop sharing…" was clicked (the
    /// stop itself needs a second, separate click).
    pub stopping: Option<crate::desk::PersonId>,
}

/// Issuer, name and group as edited.
pub struct EditDraft {
    pub id: AccountId,
    pub issuer: String,
    pub name: String,
    pub group: String,
}

/// Text typed in the Settings sections, kept until applied.
#[derive(Default)]
pub struct SettingsDrafts {
    pub new_password: Zeroizing<String>,
    pub repeat: Zeroizing<String>,
    pub servers: String,
    pub error: Option<String>,
    /// The quick pick's shortcut as being typed in Settings.
    pub shortcut: String,
}

pub struct Toast {
    pub text: String,
    pub until_unix_millis: u64,
    pub undo: bool,
}

/// A deleted account that can still come back.
pub struct Undo {
    pub account: Account,
    pub secret: Secret,
    pub index: usize,
    pub until_unix_millis: u64,
}

#[derive(Default)]
pub struct View {
    pub search: String,
    pub selected: Option<AccountId>,
    pub dialog: Option<Dialog>,
    pub drafts: SettingsDrafts,
    pub toast: Option<Toast>,
    pub banner: Option<String>,
    pub undo: Option<Undo>,
    pub scroll_to_selected: bool,
    /// Copy the HOTP code of this account as soon as it arrives.
    pub copy_when_generated: Option<AccountId>,
    /// The copy under way was asked for from the tray (for the audit log).
    pub via_tray: bool,
}

impl View {
    /// Selects an account and scrolls it into view.
    pub fn select_and_reveal(&mut self, id: &AccountId) {
        self.selected = Some(id.clone());
        self.scroll_to_selected = true;
    }

    /// Drops a toast or undo offer whose time is up.
    pub fn expire(&mut self, now_unix_millis: u64) {
        if self
            .toast
            .as_ref()
            .is_some_and(|t| t.until_unix_millis <= now_unix_millis)
        {
            self.toast = None;
        }
        if self
            .undo
            .as_ref()
            .is_some_and(|u| u.until_unix_millis <= now_unix_millis)
        {
            self.undo = None;
        }
    }
}
