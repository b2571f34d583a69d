//! The audit log as the admin's Log dialog shows it: the records read by the worker and the
//! filters typed over them.

use crate::desk::team::shared_log::{self, TeamLog};
use crate::gui::support::message::Message;
use crate::store::audit_log::{AuditAction, AuditFilter, AuditRecord, AuditTrail, ChainState};

pub struct LogView {
    pub trail: AuditTrail,
    /// A team desk: this computer's name and the other computers' lines.
    pub team: Option<TeamLog>,
    /// On a team desk, the merged order of the trail's records and the others', oldest first.
    order: Vec<shared_log::Place>,
    /// Part of a person's name, in any case (empty: everyone).
    pub person: String,
    /// Part of an account's label (empty: every account).
    pub account: String,
    /// Part of a computer's name, on a team computer (empty: every computer).
    pub desk: String,
    pub action: Option<AuditAction>,
}

impl LogView {
    pub fn new(trail: AuditTrail, team: Option<TeamLog>) -> Self {
        let order = team.as_ref().map_or_else(Vec::new, |t| {
            shared_log::merge_order(&trail.records, &t.others)
        });
        Self {
            trail,
            team,
            order,
            person: String::new(),
            account: String::new(),
            desk: String::new(),
            action: None,
        }
    }

    /// The records the filters let through, newest first, each with its computer's name on a
    /// team desk.
    pub fn shown(&self) -> Vec<(Option<&str>, &AuditRecord)> {
        let filter = AuditFilter {
            account: (!self.account.trim().is_empty()).then(|| self.account.trim().to_owned()),
            action: self.action,
            ..AuditFilter::default()
        };
        let person = self.person.trim().to_lowercase();
        let keep = |r: &&AuditRecord| {
            filter.matches(r) && (person.is_empty() || r.person.to_lowercase().contains(&person))
        };
        match &self.team {
            None => self
                .trail
                .records
                .iter()
                .rev()
                .filter(keep)
                .map(|r| (None, r))
                .collect(),
            Some(team) => {
                let desk = self.desk.trim().to_lowercase();
                let own = &self.trail.records;
                (self.order.iter().rev())
                    .map(|p| shared_log::line_at(*p, own, &team.here, &team.others))
                    .filter(|(_, r)| keep(r))
                    .filter(|(d, _)| desk.is_empty() || d.to_lowercase().contains(&desk))
                    .map(|(desk, r)| (Some(desk), r))
                    .collect()
            }
        }
    }

    /// How many lines came from the other computers (0 on a desk in no team).
    pub fn from_others(&self) -> usize {
        self.team.as_ref().map_or(0, |t| t.others.len())
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
