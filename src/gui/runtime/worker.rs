//! The vault's work off the UI thread: opening it, reading secrets from the keychain (which can
//! take a D-Bus round trip each), every change that writes the metadata file, and the window's
//! own small files (settings, copy log), in the order they were asked for. The window sends
//! [`Job`]s and draws from the [`Event`]s that come back. Tests use the inline mode, which runs
//! the same code synchronously so a flow is exact. Knows no feature: jobs and events carry core
//! types and bytes only.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};

use super::vault_jobs as jobs;
use crate::desk::team::shared_log::TeamLog;
use crate::gui::support::errors;
use crate::gui::support::message::Message;
use crate::otp::{Entry, Secret};
use crate::store::audit_log::{AuditLog, AuditTrail, NewRecord};
use crate::store::copy_log::{self, CopyLine};
use crate::store::metadata::Account;
use crate::store::{AccountId, SecretStore, json_file};
use crate::vault::{Imported, Vault};

/// What the window asks for.
pub enum Job {
    LoadSecrets(Vec<AccountId>),
    Add {
        entry: Entry,
        group: String,
        now_unix_secs: u64,
    },
    /// Moves an account to the trash (at this time).
    Remove(AccountId, u64),
    /// Takes an account out of the trash (undo, or the Trash dialog) / deletes it for good; the
    /// trash's accounts (each answered with `Event::Trash`).
    Untrash(AccountId),
    Purge(AccountId),
    ReadTrash,
    /// Purges what has been in the trash for 30 days (answered with `Event::Purged`).
    PurgeExpired(u64),
    /// One record of the audit log in `dir` (desk mode; never a code or a secret), its head
    /// anchored in `keychain` when given.
    Audit {
        dir: PathBuf,
        keychain: Option<Arc<dyn SecretStore>>,
        record: NewRecord,
    },
    /// The audit log of `dir`, checked against the head anchored in `keychain` (answered with
    /// `Event::Audit`).
    ReadAudit {
        dir: PathBuf,
        keychain: Option<Arc<dyn SecretStore>>,
    },
    Rename {
        id: AccountId,
        issuer: String,
        name: String,
        group: String,
    },
    SetPinned(AccountId, bool),
    Move {
        id: AccountId,
        to_index: usize,
    },
    NextHotp(AccountId),
    /// The settings file's new contents.
    SaveSettings {
        path: PathBuf,
        bytes: Vec<u8>,
    },
    /// One line of the copy log in `dir` (never the code).
    LogCopy {
        dir: PathBuf,
        line: CopyLine,
    },
    /// The copy log of `dir`, newest first (answered with `Event::CopyLog`).
    ReadCopyLog(PathBuf),
    /// The accounts confirmed in the import panel, with their groups (answered with
    /// `Event::Imported`).
    AddImported {
        items: Vec<crate::import::Found>,
        now_unix_secs: u64,
    },
    /// Keychain items without metadata (answered with `Event::Orphans`).
    FindOrphans,
    /// Re-reads the metadata if another process (a CLI command) changed it; answered with
    /// `Event::Accounts` only when it did.
    RefreshIfChanged,
    /// A team desk: the vault and the team folder brought in step (see
    /// `desk::team::sync::run`) when the folder changed or this desk's accounts did; answered
    /// like `RefreshIfChanged`. With an admin's session, this desk's changes are written too.
    TeamSync {
        dir: PathBuf,
        keychain: Arc<dyn SecretStore>,
        session: Option<Arc<crate::desk::Session>>,
        folder_changed: bool,
        now_unix_secs: u64,
    },
    Recover(Vec<AccountId>, u64),
    /// An account's new key in place (a re-enrolment; answered with `Event::Rekeyed`).
    Rekey {
        id: AccountId,
        entry: Entry,
        now_unix_secs: u64,
    },
}

/// Which kind of work failed, so the banner can say so in the user's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailedWork {
    Open,
    Keychain,
    Save,
    Settings,
    /// The accounts file is damaged or from a newer version: read-only.
    Damaged,
}

/// What came back.
pub enum Event {
    /// The whole list after opening or a change.
    Accounts(Vec<Account>),
    Secret(AccountId, Option<Secret>),
    Added(AccountId, Secret),
    Duplicate(AccountId),
    Removed(Account),
    Restored(AccountId, Secret),
    Hotp(AccountId, String),
    Failed(FailedWork, Message),
    Imported(Imported),
    CopyLog(Vec<CopyLine>),
    /// Keychain items without metadata, with their labels.
    Orphans(Vec<(AccountId, String)>),
    Recovered(usize),
    Trash(Vec<Account>),
    /// Accounts purged from the trash after 30 days.
    Purged(Vec<Account>),
    /// The audit log, and on a team desk the other computers' lines.
    Audit(Result<(AuditTrail, Option<TeamLog>), Message>),
    /// The account has its new key: its whole entry now.
    Rekeyed(AccountId, Box<Entry>),
    /// A team desk, after a sync that touched people: those the team removed (refused here
    /// from now on) and those whose PIN was reset elsewhere (refused until an admin syncs here).
    TeamPeople {
        removed: Vec<crate::desk::PersonId>,
        held: Vec<crate::desk::PersonId>,
    },
    /// A team desk: its folder and computers as the sync just read them.
    TeamStatus(Box<(PathBuf, crate::team::status::Status)>),
}

/// Where the vault comes from: opened on the worker (the app) or handed over (tests).
pub enum VaultSource {
    Open {
        dir: PathBuf,
        store: Arc<dyn SecretStore>,
    },
    /// Desk mode: the vault as one person sees it (a member: only `visible`).
    OpenAs {
        dir: PathBuf,
        store: Arc<dyn SecretStore>,
        visible: Option<std::collections::HashSet<AccountId>>,
    },
    Ready(Vault),
    /// Desk mode, nobody working: no vault at all.
    Closed,
}

pub enum Worker {
    Thread {
        jobs: Sender<Job>,
        events: Receiver<Event>,
    },
    Inline {
        state: Box<State>,
        events: VecDeque<Event>,
    },
}

impl Worker {
    /// A background thread; `wake` (the egui repaint) runs after each event.
    pub fn spawn(source: VaultSource, wake: impl Fn() + Send + 'static) -> Self {
        let (jobs, job_rx) = mpsc::channel::<Job>();
        let (event_tx, events) = mpsc::channel();
        super::tasks::start_service("vault", move || {
            let mut emit = |event| {
                let _ = event_tx.send(event);
                wake();
            };
            let mut state = State::open(source, &mut emit);
            while let Ok(job) = job_rx.recv() {
                state.handle(job, &mut emit);
            }
        });
        Self::Thread { jobs, events }
    }

    /// A thread (the app) or inline (tests).
    pub fn start(source: VaultSource, background: bool, wake: impl Fn() + Send + 'static) -> Self {
        if background {
            Self::spawn(source, wake)
        } else {
            Self::inline(source)
        }
    }

    /// The window's worker: a background thread that repaints `ctx` after each event, or inline
    /// (tests).
    pub fn for_window(source: VaultSource, background: bool, ctx: &egui::Context) -> Self {
        let ctx = ctx.clone();
        Self::start(source, background, move || ctx.request_repaint())
    }

    /// Runs every job at once on the caller's thread.
    pub fn inline(source: VaultSource) -> Self {
        let mut events = VecDeque::new();
        let state = State::open(source, &mut |e| events.push_back(e));
        Self::Inline {
            state: Box::new(state),
            events,
        }
    }

    pub fn send(&mut self, job: Job) {
        match self {
            Self::Thread { jobs, .. } => {
                let _ = jobs.send(job);
            }
            Self::Inline { state, events } => state.handle(job, &mut |e| events.push_back(e)),
        }
    }

    pub fn try_recv(&mut self) -> Option<Event> {
        match self {
            Self::Thread { events, .. } => events.try_recv().ok(),
            Self::Inline { events, .. } => events.pop_front(),
        }
    }
}

/// The worker's side: the vault, if it opened, and what team syncs remember.
pub struct State {
    vault: Option<Vault>,
    team: jobs::TeamMemo,
}

impl State {
    fn open(source: VaultSource, emit: &mut dyn FnMut(Event)) -> Self {
        let (opened, visible) = match source {
            VaultSource::Ready(vault) => (Ok(vault), None),
            VaultSource::Closed => {
                return Self {
                    vault: None,
                    team: jobs::TeamMemo::default(),
                };
            }
            VaultSource::Open { dir, store } => (Vault::open(&dir, store), None),
            VaultSource::OpenAs {
                dir,
                store,
                visible,
            } => (Vault::open(&dir, store), visible),
        };
        let vault = match opened {
            Ok(mut vault) => {
                if visible.is_some() {
                    vault.set_visible(visible);
                }
                Some(vault)
            }
            Err(e) => {
                tracing::error!(error = %e, "opening the vault failed");
                let work = match &e {
                    crate::vault::VaultError::Metadata(
                        crate::store::metadata::MetadataError::Corrupt { .. }
                        | crate::store::metadata::MetadataError::Newer { .. },
                    ) => FailedWork::Damaged,
                    _ => FailedWork::Open,
                };
                emit(Event::Failed(work, errors::vault(&e)));
                None
            }
        };
        if let Some(vault) = &vault {
            emit(Event::Accounts(vault.accounts().to_vec()));
        }
        Self {
            vault,
            team: jobs::TeamMemo::default(),
        }
    }

    fn handle(&mut self, job: Job, emit: &mut dyn FnMut(Event)) {
        match job {
            Job::SaveSettings { path, bytes } => {
                if let Err(e) = json_file::write(&path, &bytes) {
                    tracing::warn!(error = %e, "saving settings failed");
                    let detail = Message::new("err-file-write")
                        .text("path", path.display().to_string())
                        .with("reason", errors::io(&e));
                    emit(Event::Failed(FailedWork::Settings, detail));
                }
                return;
            }
            Job::LogCopy { dir, line } => {
                if let Err(e) = copy_log::append(&dir, &line) {
                    tracing::warn!(error = %e, "writing the copy log failed");
                }
                return;
            }
            Job::ReadCopyLog(dir) => return emit(Event::CopyLog(copy_log::read(&dir))),
            Job::Audit {
                dir,
                keychain,
                record,
            } => {
                let written = match keychain {
                    Some(keychain) => {
                        crate::desk::append_anchored(&dir, &*keychain, None, record).map(|_| ())
                    }
                    None => AuditLog::new(&dir)
                        .append(record)
                        .map(|_| ())
                        .map_err(|e| e.to_string()),
                };
                if let Err(e) = written {
                    tracing::warn!(error = %e, "writing the audit log failed");
                }
                return;
            }
            job @ Job::TeamSync { .. } => return self.team.sync(self.vault.as_mut(), job, emit),
            Job::ReadAudit { dir, keychain } => {
                let anchor = keychain
                    .as_ref()
                    .and_then(|k| crate::desk::log_anchor_in(&**k));
                let team = keychain
                    .as_ref()
                    .and_then(|k| crate::desk::team::shared_log::read_team(&dir, &**k));
                return emit(Event::Audit(
                    AuditLog::new(&dir)
                        .read_anchored(anchor.as_ref())
                        .map(|trail| (trail, team))
                        .map_err(|e| errors::audit(&e)),
                ));
            }
            _ => {}
        }
        let Some(vault) = self.vault.as_mut() else {
            return;
        };
        match job {
            Job::LoadSecrets(ids) => jobs::load_secrets(vault, ids, emit),
            Job::FindOrphans => jobs::find_orphans(vault, emit),
            Job::ReadTrash => jobs::emit_trash(vault, emit),
            Job::RefreshIfChanged => match vault.reload_if_changed() {
                Ok(true) => emit(Event::Accounts(vault.accounts().to_vec())),
                Ok(false) => {}
                Err(e) => tracing::debug!(error = %e, "re-reading the accounts failed"),
            },
            other => {
                let before: Vec<AccountId> =
                    vault.all_accounts().iter().map(|a| a.id.clone()).collect();
                if let Err(message) = jobs::change(vault, other, emit) {
                    tracing::warn!(id = message.id(), "changing the vault failed");
                    emit(Event::Failed(FailedWork::Save, message));
                }
                self.team.note_purged(before, vault);
                emit(Event::Accounts(vault.accounts().to_vec()));
            }
        }
    }
}
