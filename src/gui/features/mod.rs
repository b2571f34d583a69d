//! One folder per screen or concern of the window. Each feature owns its state, turns actions
//! and background results into changes of the [`Model`](super::model::Model) plus [`Effects`]
//! (work for the vault worker or a background task, a copy, a viewport command), and draws with
//! `*_ui` functions that return an [`Action`]. Features never import `app.rs` and never start a
//! thread: they ask for work through [`Effects`], and `app.rs` carries it out.

pub mod account;
pub mod clock;
pub mod compact;
pub mod copy_log;
pub mod desk;
pub mod dialog_ui;
pub mod export;
pub mod header_ui;
pub mod import;
pub mod list;
pub mod lock;
pub mod main_ui;
pub mod quick_pick;
pub mod recovery;
pub mod registry;
pub mod rekey;
pub mod settings;
pub mod team;
pub mod tray;

use std::time::Duration;

use eframe::egui;
use zeroize::Zeroizing;

use super::command::Action;
use super::runtime::worker::Job;
use super::support::message::Message;
use crate::applock::{LockError, PasswordHash};
use crate::timesync::Estimate;

/// What finished off the UI thread, routed back to the feature that asked for it.
pub enum Done {
    /// One round of SNTP queries: the estimate, or how many servers failed.
    ClockChecked {
        result: Result<Estimate, usize>,
        at_unix_secs: u64,
    },
    /// A password check; `then` is the action it guarded (`None`: unlock).
    PasswordChecked {
        correct: bool,
        then: Option<Box<Action>>,
    },
    PasswordHashed(Result<PasswordHash, LockError>),
    BackupRestored(Result<(), Message>),
    /// A decode of the import panel, for the panel of that generation.
    Decoded {
        generation: u64,
        outcomes: Vec<super::model::import_found::Outcome>,
    },
    /// An export job, for the Export dialog of that generation.
    Exported {
        generation: u64,
        done: export::jobs::ExportDone,
    },
    /// "Start with the computer" was set or cleared (or failed to be).
    Autostart {
        enabled: bool,
        error: Option<Message>,
    },
    /// A second window was started: come to the front.
    ShowWindow,
    /// The session's screen locked.
    ScreenLocked,
    /// Desk mode: a PIN checked, the people or shares changed.
    Desk(desk::DeskDone),
    /// The quick pick typed a code (or why it typed nothing); never the code itself.
    Typed {
        result: Result<(), crate::platform::typing::TypingError>,
        account: crate::store::AccountId,
        /// The title of the window it went to, where the system gave it.
        title: Option<String>,
    },
    /// The quick pick closed and gave the focus back (Esc, Ctrl+Enter).
    QuickPickFocus,
    /// The team folder's pages: a step done off the UI thread.
    Team(team::TeamDone),
}

/// A background task: runs off the UI thread; `on_panic` is reported if it panics.
pub struct Task {
    pub name: &'static str,
    pub work: Box<dyn FnOnce() -> Done + Send>,
    pub on_panic: Box<dyn FnOnce() -> Done + Send>,
}

/// What a feature asks `app.rs` to do after it changed the model.
pub enum Effect {
    Vault(Job),
    Task(Task),
    Viewport(egui::ViewportCommand),
    /// Copy a code; cleared after the delay if the clipboard still holds it.
    Copy {
        text: Zeroizing<String>,
        clear_after: Option<Duration>,
    },
    SaveSettings,
    /// Run another action next (a correct password lets its guarded action through).
    Then {
        action: Action,
        authorized: bool,
    },
    /// Open the vault again from its folder (after a backup was restored).
    ReopenVault,
    /// Desk mode: replace the vault (a person's session starts, or ends: `Closed`).
    OpenVault(super::runtime::worker::VaultSource),
    /// The servers the clock check asks (`None`: checking is off).
    ClockServers(Option<Vec<String>>),
    /// This desk joined the team in this folder (made it, or joined it): watch it from now on.
    TeamFolder(std::path::PathBuf),
}

/// The effects of one update, in order.
#[derive(Default)]
pub struct Effects(Vec<Effect>);

impl Effects {
    pub fn vault(&mut self, job: Job) {
        self.0.push(Effect::Vault(job));
    }

    /// Runs `work` off the UI thread; its [`Done`] comes back to the frame loop.
    pub fn task(
        &mut self,
        name: &'static str,
        work: impl FnOnce() -> Done + Send + 'static,
        on_panic: impl FnOnce() -> Done + Send + 'static,
    ) {
        self.0.push(Effect::Task(Task {
            name,
            work: Box::new(work),
            on_panic: Box::new(on_panic),
        }));
    }

    pub fn viewport(&mut self, command: egui::ViewportCommand) {
        self.0.push(Effect::Viewport(command));
    }

    pub fn copy(&mut self, text: &str, clear_after: Option<Duration>) {
        self.0.push(Effect::Copy {
            text: Zeroizing::new(text.to_owned()),
            clear_after,
        });
    }

    pub fn save_settings(&mut self) {
        self.0.push(Effect::SaveSettings);
    }

    pub fn then(&mut self, action: Action) {
        self.0.push(Effect::Then {
            action,
            authorized: false,
        });
    }

    /// The action a correct password allowed: it passes the password gate once.
    pub fn then_authorized(&mut self, action: Action) {
        self.0.push(Effect::Then {
            action,
            authorized: true,
        });
    }

    pub fn clock_servers(&mut self, servers: Option<Vec<String>>) {
        self.0.push(Effect::ClockServers(servers));
    }

    pub fn open_vault(&mut self, source: super::runtime::worker::VaultSource) {
        self.0.push(Effect::OpenVault(source));
    }

    pub fn team_folder(&mut self, folder: std::path::PathBuf) {
        self.0.push(Effect::TeamFolder(folder));
    }

    pub fn reopen_vault(&mut self) {
        self.0.push(Effect::ReopenVault);
    }

    pub fn take(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.0)
    }
}
