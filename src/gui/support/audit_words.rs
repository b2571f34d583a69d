//! The audit log in the user's words: each [`AuditAction`] and [`Via`] has its own message,
//! and the short notes the window and the command line write into a record ("with 李娜 until
//! 18:00", "王芳 (member)", "3 accounts imported") are read back into messages. The notes stay
//! as they are in the file (they are part of its hash chain); only their showing is translated.
//! A note of no known shape is data (a person's name) and is shown as written.

use super::message::Message;
use crate::store::audit_log::{AuditAction, Via};

/// The message id that names `action` (exhaustive: a new action needs its words).
pub fn action_key(action: AuditAction) -> &'static str {
    match action {
        AuditAction::Copy => "log-action-copy",
        AuditAction::Reveal => "log-action-reveal",
        AuditAction::Export => "log-action-export",
        AuditAction::Add => "log-action-add",
        AuditAction::Edit => "log-action-edit",
        AuditAction::Delete => "log-action-delete",
        AuditAction::Restore => "log-action-restore",
        AuditAction::Purge => "log-action-purge",
        AuditAction::Share => "log-action-share",
        AuditAction::Unshare => "log-action-unshare",
        AuditAction::Unlock => "log-action-unlock",
        AuditAction::FailedUnlock => "log-action-failed-unlock",
        AuditAction::Lock => "log-action-lock",
        AuditAction::PersonAdded => "log-action-person-added",
        AuditAction::PersonRemoved => "log-action-person-removed",
        AuditAction::PersonRenamed => "log-action-person-renamed",
        AuditAction::PinChanged => "log-action-pin-changed",
        AuditAction::Rekey => "log-action-rekey",
        AuditAction::PinReset => "log-action-pin-reset",
        AuditAction::DeskStarted => "log-action-desk-started",
        AuditAction::Team => "log-action-team",
        AuditAction::Typed => "log-action-typed",
    }
}

pub fn via_key(via: Via) -> &'static str {
    match via {
        Via::Window => "log-via-window",
        Via::Tray => "log-via-tray",
        Via::Cli => "log-via-cli",
    }
}

/// A record's note as a message.
pub fn detail(text: &str) -> Message {
    let text = text.trim();
    if let Some(rest) = text.strip_prefix("with ") {
        return match rest.rsplit_once(" until ") {
            Some((name, until)) => Message::new("log-detail-with-until")
                .text("name", name)
                .text("time", until),
            None => Message::new("log-detail-with").text("name", rest),
        };
    }
    for (suffix, role) in [(" (admin)", "role-admin"), (" (member)", "role-member")] {
        if let Some(name) = text.strip_suffix(suffix) {
            return Message::new("log-detail-person-role")
                .text("name", name)
                .with("role", Message::new(role));
        }
    }
    if let Some(count) = text.strip_suffix(" accounts imported") {
        return counted("log-detail-imported", count, text);
    }
    if let Some(count) = text.strip_suffix(" accounts") {
        return counted("log-detail-accounts", count, text);
    }
    if text == "audit log CSV" {
        return Message::new("log-detail-csv");
    }
    if text == "refused while waiting" {
        return Message::new("log-detail-refused-waiting");
    }
    if text == "30 days in the trash" {
        return Message::new("log-detail-trash-expired");
    }
    team_detail(text).unwrap_or_else(|| Message::new("plain").text("text", text))
}

/// The team folder's notes (written with `desk::team::notes`).
fn team_detail(text: &str) -> Option<Message> {
    use crate::desk::team::notes::{self, Note};
    Some(match notes::read(text)? {
        Note::Made => Message::new("log-detail-team-made"),
        Note::JoinedHere => Message::new("log-detail-team-joined-here"),
        Note::Picked => Message::new("log-detail-team-picked"),
        Note::JoinedAs(name) => Message::new("log-detail-team-joined-as").text("name", name),
        Note::Joined(name) => Message::new("log-detail-team-joined").text("name", name),
        Note::Revoked(name, epoch) => Message::new("log-detail-team-revoked")
            .text("name", name)
            .number("epoch", i64::from(epoch)),
    })
}

fn counted(id: &'static str, count: &str, text: &str) -> Message {
    match count.parse::<i64>() {
        Ok(n) => Message::new(id).number("count", n),
        Err(_) => Message::new("plain").text("text", text),
    }
}

/// The note the window writes for a share (read back by [`detail`]).
pub fn share_note(name: &str, until: Option<&str>) -> String {
    match until {
        Some(at) => format!("with {name} until {at}"),
        None => format!("with {name}"),
    }
}
