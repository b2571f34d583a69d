//! The audit log as the admin's Log dialog shows it: the records read by the worker and the
//! filters typed over them.

use crate::gui::support::message::Message;
use crate::store::audit_log::{AuditAction, AuditFilter, AuditRecord, AuditTrail, ChainState};

pub struct LogView {
    pub trail: AuditTrail,
    /// Part of a person's name, in any case (empty: everyone).
    pub person: String,
    /// Part of an account's label (empty: every account).
    pub account: String,
    pub action: Option<AuditAction>,
}

impl LogView {
    pub fn new(trail: AuditTrail) -> Self {
        Self {
            trail,
            person: String::new(),
            account: String::new(),
            action: None,
        }
    }

    /// The records the filters let through, newest first.
    pub fn shown(&self) -> Vec<&AuditRecord> {
        let filter = AuditFilter {
            account: (!self.account.trim().is_empty()).then(|| self.account.trim().to_owned()),
            action: self.action,
            ..AuditFilter::default()
        };
        let person = self.person.trim().to_lowercase();
        self.trail
            .records
            .iter()
            .rev()
            .filter(|r| filter.matches(r))
            .filter(|r| person.is_empty() || r.person.to_lowercase().contains(&person))
            .collect()
    }

    /// The chain's break, or records missing from the end or the start, if the log has either
    /// (the core's sentence naming the file and line is English; it is logged).
    pub fn broken(&self) -> Option<Message> {
        match &self.trail.chain {
            ChainState::Broken {
                after_seq: Some(seq),
                ..
            } => Some(Message::new("log-broken-at").number("seq", *seq)),
            ChainState::Broken {
                after_seq: None, ..
            } => Some(Message::new("log-broken-start")),
            ChainState::Incomplete { .. } => Some(Message::new("log-incomplete")),
            ChainState::Intact | ChainState::Empty => None,
        }
    }
}
