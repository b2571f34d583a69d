//! What was done and where: the names of actions and ways, which are part of the file format
//! and the hash.

use serde::{Deserialize, Serialize};

/// Where an action was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Via {
    Window,
    Tray,
    Cli,
}

impl Via {
    /// The name in the file, the hash and the CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Window => "window",
            Self::Tray => "tray",
            Self::Cli => "cli",
        }
    }
}

/// What was done. The names ([`AuditAction::as_str`]) are part of the file format and the hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Copy,
    Reveal,
    Export,
    Add,
    Edit,
    Delete,
    Restore,
    Purge,
    Share,
    Unshare,
    Unlock,
    FailedUnlock,
    Lock,
    PersonAdded,
    PersonRemoved,
    PersonRenamed,
    PinChanged,
    PinReset,
    DeskStarted,
    /// An account got a new key in place (a re-enrolment); the old one went to the trash.
    Rekey,
    /// The quick pick typed a code into another program (the detail names its window).
    Typed,
    /// The team folder: the vault shared with other computers, a computer joined or left.
    Team,
}

impl AuditAction {
    /// Every action, for filter menus.
    pub const ALL: [Self; 22] = [
        Self::Copy,
        Self::Reveal,
        Self::Export,
        Self::Add,
        Self::Edit,
        Self::Delete,
        Self::Restore,
        Self::Purge,
        Self::Share,
        Self::Unshare,
        Self::Unlock,
        Self::FailedUnlock,
        Self::Lock,
        Self::PersonAdded,
        Self::PersonRemoved,
        Self::PersonRenamed,
        Self::PinChanged,
        Self::PinReset,
        Self::DeskStarted,
        Self::Rekey,
        Self::Typed,
        Self::Team,
    ];

    /// The name in the file, the hash and the CSV (the same as serde's).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Copy => "copy",
            Self::Reveal => "reveal",
            Self::Export => "export",
            Self::Add => "add",
            Self::Edit => "edit",
            Self::Delete => "delete",
            Self::Restore => "restore",
            Self::Purge => "purge",
            Self::Share => "share",
            Self::Unshare => "unshare",
            Self::Unlock => "unlock",
            Self::FailedUnlock => "failed_unlock",
            Self::Lock => "lock",
            Self::PersonAdded => "person_added",
            Self::PersonRemoved => "person_removed",
            Self::PersonRenamed => "person_renamed",
            Self::PinChanged => "pin_changed",
            Self::PinReset => "pin_reset",
            Self::DeskStarted => "desk_started",
            Self::Rekey => "rekey",
            Self::Typed => "typed",
            Self::Team => "team",
        }
    }
}
