//! Every error of the core, as the window says it: one [`Message`] per variant, in one
//! exhaustive `match` per type (no wildcard), so a new variant does not compile until it has
//! its own words in `assets/i18n/*.ftl`. The `Display` text of a core error is for logs and
//! the command line only; what it carries in English (a reason, an OS error) is left out or
//! replaced by a message of its own. Import and QR errors: [`super::errors_import`].

use std::io;
use std::path::Path;

use super::message::Message;
use crate::applock::LockError;
use crate::desk::DeskError;
use crate::export::ExportError;
use crate::platform::autostart::AutostartError;
use crate::store::StoreError;
use crate::store::audit_log::AuditError;
use crate::store::metadata::MetadataError;
use crate::vault::{RestoreError, VaultError};

fn path(p: &Path) -> String {
    p.display().to_string()
}

/// What went wrong with a file, by kind (the OS's own sentence is English).
pub fn io(error: &io::Error) -> Message {
    use io::ErrorKind as K;
    Message::new(match error.kind() {
        K::NotFound => "io-not-found",
        K::PermissionDenied | K::ReadOnlyFilesystem => "io-denied",
        K::StorageFull | K::QuotaExceeded | K::FileTooLarge => "io-full",
        K::AlreadyExists => "io-exists",
        K::InvalidData | K::InvalidInput | K::UnexpectedEof => "io-damaged",
        _ => "io-other",
    })
}

pub fn vault(error: &VaultError) -> Message {
    match error {
        VaultError::Store(e) => store(e),
        VaultError::Metadata(e) => metadata(e),
        VaultError::UnknownAccount(_) => Message::new("err-unknown-account"),
        VaultError::SameKey(label) => Message::new("err-same-key").text("label", label.clone()),
        VaultError::NoDataDir => Message::new("err-no-data-dir"),
        VaultError::CreateDir { path: p, source } => Message::new("err-create-dir")
            .text("path", path(p))
            .with("reason", io(source)),
    }
}

pub fn store(error: &StoreError) -> Message {
    match error {
        StoreError::Unavailable { .. } => Message::new("err-keychain-unavailable"),
        StoreError::Locked { .. } => Message::new("err-keychain-locked"),
        StoreError::Failed(_) => Message::new("err-keychain-failed"),
        StoreError::Refused(_) => Message::new("member-refused"),
    }
}

pub fn metadata(error: &MetadataError) -> Message {
    match error {
        MetadataError::Read { path: p, source } => Message::new("err-file-read")
            .text("path", path(p))
            .with("reason", io(source)),
        MetadataError::Corrupt { path: p, .. } => {
            Message::new("err-accounts-damaged").text("path", path(p))
        }
        MetadataError::Newer { path: p, found } => Message::new("err-accounts-newer")
            .text("path", path(p))
            .number("version", *found),
        MetadataError::Write { path: p, source } => Message::new("err-file-write")
            .text("path", path(p))
            .with("reason", io(source)),
    }
}

pub fn desk(error: &DeskError) -> Message {
    use crate::desk::crypto::CryptoError;
    match error {
        DeskError::Store(e) => store(e),
        DeskError::UnknownPerson(name) => {
            Message::new("err-desk-unknown-person").text("name", name)
        }
        DeskError::WrongPin(name) => Message::new("err-desk-wrong-pin").text("name", name),
        DeskError::Wait { name, secs } => Message::new("err-desk-wait")
            .text("name", name)
            .number("seconds", *secs),
        DeskError::NotAdmin => Message::new("member-refused"),
        DeskError::LeftTeam(name) => Message::new("err-desk-left-team").text("name", name),
        DeskError::ResetElsewhere(name) => {
            Message::new("err-desk-reset-elsewhere").text("name", name)
        }
        DeskError::Invalid(text) => desk_refusal(text),
        DeskError::Corrupt { path: p, .. } => {
            Message::new("err-desk-damaged").text("path", path(p))
        }
        DeskError::Io { path: p, source } => Message::new("err-file-write")
            .text("path", path(p))
            .with("reason", io(source)),
        DeskError::Tampered(_) => Message::new("err-desk-tampered"),
        DeskError::RolledBack { found, expected } => Message::new("err-desk-rolled-back")
            .number("found", *found)
            .number("expected", *expected),
        DeskError::Crypto(e) => Message::new(match e {
            CryptoError::Authentication => "err-desk-keys-changed",
            CryptoError::Damaged => "err-desk-keys-damaged",
            CryptoError::NoRandom => "err-no-random",
            CryptoError::Kdf(_) => "err-desk-keys-failed",
        }),
    }
}

/// `DeskError::Invalid` carries an English sentence (the desk's rules about names, PINs and
/// admins); each known one gets its own message. The window checks most of these itself
/// before asking, so this is the safety net. The lead may replace `Invalid` with variants.
fn desk_refusal(text: &str) -> Message {
    let quoted = || {
        let (_, rest) = text.split_once('\'')?;
        rest.split_once('\'').map(|(name, _)| name.to_owned())
    };
    if let Some(name) = text.strip_suffix(" no longer works at this desk.") {
        Message::new("err-desk-unknown-person").text("name", name)
    } else if text.contains("already works at this desk") {
        Message::new("err-desk-name-taken").text("name", quoted().unwrap_or_default())
    } else if text.starts_with("name:") {
        Message::new("err-desk-name-length")
    } else if text.starts_with("PIN:") {
        pin_too_short()
    } else if text.contains("already has people") {
        Message::new("err-desk-has-people")
    } else if text.contains("at least one admin") {
        Message::new("err-desk-last-admin")
    } else if text.contains("remove yourself") {
        Message::new("err-desk-remove-self")
    } else {
        tracing::warn!(%text, "a desk refusal without its own message");
        Message::new("err-desk-refused")
    }
}

/// A PIN shorter than the desk allows (`check_pin`'s error is English).
pub fn pin_too_short() -> Message {
    Message::new("pin-too-short").number("count", crate::desk::MIN_PIN_CHARS)
}

/// A "share until" that could not be read (`until::parse_until`'s error is English).
pub fn until(text: &str, error: &str) -> Message {
    let id = if error.contains("already passed") {
        "err-until-passed"
    } else {
        "err-until-unreadable"
    };
    Message::new(id).text("text", text.trim())
}

pub fn lock(error: &LockError) -> Message {
    match error {
        LockError::TooShort(count) => Message::new("password-too-short").number("count", *count),
        LockError::Mismatch => Message::new("password-mismatch"),
        LockError::Hash(_) => Message::new("err-password-hash"),
        LockError::Random(_) => Message::new("err-no-random"),
    }
}

pub fn export(error: &ExportError) -> Message {
    match error {
        ExportError::EmptyPassword => Message::new("err-export-password-empty"),
        ExportError::Random(_) => Message::new("err-no-random"),
        ExportError::Qr(_) | ExportError::Image(_) => Message::new("err-export-image"),
        ExportError::NothingRepresentable => Message::new("err-export-nothing-fits"),
    }
}

pub fn restore(error: &RestoreError) -> Message {
    match error {
        RestoreError::NoBackup(p) => Message::new("err-no-backup").text("path", path(p)),
        RestoreError::MoveAside { path: p, source } => Message::new("err-file-write")
            .text("path", path(p))
            .with("reason", io(source)),
        RestoreError::Copy(source) => Message::new("err-restore-copy").with("reason", io(source)),
    }
}

pub fn audit(error: &AuditError) -> Message {
    match error {
        AuditError::Io { path: p, source } => Message::new("err-audit-file")
            .text("path", path(p))
            .with("reason", io(source)),
        AuditError::TooLong { .. } => Message::new("err-audit-too-long"),
        AuditError::SeqOverflow => Message::new("err-audit-full"),
    }
}

pub fn autostart(error: &AutostartError) -> Message {
    match error {
        AutostartError::NoHome => Message::new("err-autostart-no-home"),
        AutostartError::Write { path: p, source } | AutostartError::Remove { path: p, source } => {
            Message::new("err-file-write")
                .text("path", path(p))
                .with("reason", io(source))
        }
        AutostartError::Registry(_) => Message::new("err-autostart-registry"),
    }
}

/// Work that panicked off the UI thread (logged where it happened).
pub fn internal() -> Message {
    Message::new("err-internal")
}

/// The clipboard refused (arboard's own sentence is English).
pub fn clipboard() -> Message {
    Message::new("err-clipboard-busy")
}

/// Setting the team folder up (share, invite, join, revoke). `team-stopped`: the page closed
/// while it waited, which says nothing.
pub fn team(error: &crate::desk::team::setup::SetupError) -> Message {
    use crate::desk::team::join::JoinError;
    use crate::desk::team::setup::SetupError as E;
    match error {
        E::NotAdmin => Message::new("member-refused"),
        E::AlreadyInTeam => Message::new("err-team-already"),
        E::NoTeam => Message::new("err-team-none"),
        E::BadName => Message::new("err-team-name"),
        E::FolderTaken(p) => Message::new("err-team-folder-taken").text("path", path(p)),
        E::NoFolder(p) => Message::new("err-team-no-folder").text("path", path(p)),
        E::Io { path: p, source } => Message::new("err-file-write")
            .text("path", path(p))
            .with("reason", io(source)),
        E::SlotMissing(_) | E::Team(_) => Message::new("err-team-folder"),
        E::Join(e) => Message::new(match e {
            JoinError::BadCode => "err-team-code-form",
            JoinError::Expired | JoinError::Spent => "err-team-code-expired",
            JoinError::WrongCode | JoinError::OtherInvite => "err-team-code-wrong",
            JoinError::NameTooLong => "err-team-name",
            JoinError::NoRandom => "err-no-random",
            JoinError::NotArrivedYet => "err-team-no-invite",
        }),
        E::Expired => Message::new("err-team-code-expired"),
        E::NoInvite => Message::new("err-team-no-invite"),
        E::NotConfirmed => Message::new("err-team-not-confirmed"),
        E::NoKeys => Message::new("err-team-no-keys"),
        E::Cancelled => Message::new("team-stopped"),
        E::HasPeople => Message::new("err-team-has-people"),
        E::OldSlots(names) => Message::new("err-team-old-slots").text("names", names),
        E::HasAccounts(n) => Message::new("err-team-has-accounts").number("count", *n),
        E::NoSuchPerson(name) => Message::new("err-desk-unknown-person").text("name", name),
        E::Desk(e) => desk(e),
        E::NoSuchDesk(name) | E::SameName(name) => {
            Message::new("err-team-no-desk").text("name", name)
        }
        E::RevokeSelf => Message::new("err-team-revoke-self"),
        E::AlreadyRevoked(name) => Message::new("err-team-already-revoked").text("name", name),
        E::Vault(_) => Message::new("err-team-vault"),
    }
}
