//! The import panel's transient state: what was found so far (accounts to confirm, Google
//! export parts, codes that are not authenticator codes, problems), the password prompts of
//! encrypted backups and how many decodes are still running. The app owns it while the panel is
//! open ([`super::view::Dialog::Import`]); [`ImportPanel::absorb`] takes in decode results.
//! State only: the import feature fills it and draws it; this file knows no feature.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use zeroize::Zeroizing;

use super::import_found::{BatchPart, Failure, FileInput, Origin, Outcome};
use super::mirror::same_account;
use crate::gui::support::message::Message;
use crate::otp::Entry;

/// One account found, to be added or not.
pub struct Candidate {
    pub entry: Entry,
    pub group: Option<String>,
    pub pinned: bool,
    pub selected: bool,
    /// Already in the vault (same issuer, name and secret).
    pub duplicate: bool,
}

/// An encrypted backup waiting for its password.
pub struct PasswordPrompt {
    pub file: FileInput,
    pub format: &'static str,
    /// The last password tried was wrong.
    pub wrong: bool,
    pub password: Zeroizing<String>,
}

pub struct ImportPanel {
    /// Results of jobs started for another (closed) panel are dropped.
    pub generation: u64,
    pub pending: usize,
    pub candidates: Vec<Candidate>,
    pub parts: Vec<BatchPart>,
    pub not_otp: Vec<Option<String>>,
    pub problems: Vec<Message>,
    pub failures: Vec<Failure>,
    pub without_codes: Vec<Origin>,
    pub prompts: VecDeque<PasswordPrompt>,
    /// The height drawn last frame: while it changes the modal is still settling around new
    /// content, so another frame is asked for.
    pub drawn_height: f32,
    /// Reading the new QR code of this account (a re-enrolment): what is found becomes its
    /// new key instead of a new account.
    pub rekey: Option<crate::store::AccountId>,
}

/// A Google Authenticator export of which only some parts were read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncompleteExport {
    /// The parts read, counted from 1.
    pub have: Vec<i32>,
    pub size: i32,
}

impl ImportPanel {
    pub fn new(generation: u64) -> Self {
        Self {
            generation,
            pending: 0,
            candidates: Vec::new(),
            parts: Vec::new(),
            not_otp: Vec::new(),
            problems: Vec::new(),
            failures: Vec::new(),
            without_codes: Vec::new(),
            prompts: VecDeque::new(),
            drawn_height: 0.0,
            rekey: None,
        }
    }

    /// A new job starts: the messages of the last one go, the accounts found stay (several
    /// screenshots, or the parts of one export, are pasted one after another).
    pub fn started(&mut self) {
        self.pending += 1;
        self.not_otp.clear();
        self.problems.clear();
        self.failures.clear();
        self.without_codes.clear();
    }

    /// Takes in one job's results; `is_known` tells duplicates of stored accounts.
    pub fn absorb(&mut self, outcomes: Vec<Outcome>, is_known: impl Fn(&Entry) -> bool) {
        self.pending = self.pending.saturating_sub(1);
        for outcome in outcomes {
            match outcome {
                Outcome::Findings(f) => {
                    for found in f.found {
                        self.add_candidate(found, &is_known);
                    }
                    for part in f.parts {
                        if !self.parts.contains(&part) {
                            self.parts.push(part);
                        }
                    }
                    self.not_otp.extend(f.not_otp);
                    self.problems.extend(f.problems);
                    self.without_codes.extend(f.without_codes);
                }
                Outcome::Password {
                    file,
                    format,
                    wrong,
                } => self.prompts.push_back(PasswordPrompt {
                    file,
                    format,
                    wrong,
                    password: Zeroizing::new(String::new()),
                }),
                Outcome::Failed(failure) => self.failures.push(failure),
                Outcome::Cancelled => {}
            }
        }
    }

    fn add_candidate(&mut self, found: crate::import::Found, is_known: &dyn Fn(&Entry) -> bool) {
        let entry = found.entry;
        // The same screenshot pasted twice lists its accounts once.
        if self
            .candidates
            .iter()
            .any(|c| same_account(&c.entry, &entry))
        {
            return;
        }
        let duplicate = is_known(&entry);
        self.candidates.push(Candidate {
            entry,
            group: found.group,
            pinned: found.pinned,
            selected: !duplicate,
            duplicate,
        });
    }

    pub fn selected_count(&self) -> usize {
        self.candidates.iter().filter(|c| c.selected).count()
    }

    /// Google exports with parts not read yet.
    pub fn incomplete_exports(&self) -> Vec<IncompleteExport> {
        let mut by_id: BTreeMap<i32, (i32, BTreeSet<i32>)> = BTreeMap::new();
        for part in &self.parts {
            let slot = by_id.entry(part.id).or_insert((part.size, BTreeSet::new()));
            slot.1.insert(part.index);
        }
        by_id
            .into_values()
            .filter(|(size, have)| *size > 1 && have.len() < usize::try_from(*size).unwrap_or(0))
            .map(|(size, have)| IncompleteExport {
                have: have.into_iter().map(|i| i + 1).collect(),
                size,
            })
            .collect()
    }

    /// Everything read, and no code anywhere: time for the "crop closer" advice.
    pub fn nothing_found(&self) -> bool {
        self.pending == 0
            && self.candidates.is_empty()
            && self.not_otp.is_empty()
            && self.prompts.is_empty()
            && !self.without_codes.is_empty()
    }
}
