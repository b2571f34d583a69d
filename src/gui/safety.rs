//! What keeps the window safe on a shared desk: the app lock, clock correction, the copy log,
//! one window at a time and recovery of a damaged vault. This file holds their transient state
//! ([`Safety`]), the events their background threads send ([`SafetyEvent`]) and the actions
//! their widgets return ([`SafetyAction`]); each concern lives in its own file. Background work
//! reports through one channel, which tests feed directly, so a test takes the same path.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};

use eframe::egui;
use zeroize::Zeroizing;

use super::action::Action;
use super::app::{App, AppParts};
use super::clock_sync::{ClockStatus, Syncer};
use super::copy_log::{CopyLine, CopyLog};
use crate::platform::instance::Instance;
use crate::applock::{Backoff, LockError, PasswordHash};
use super::recovery::Damaged;
use super::worker::VaultSource;
use crate::clock::Clock;
use crate::store::{AccountId, SecretStore};
use crate::timesync::Estimate;

/// What background threads report to the window.
#[derive(Debug)]
pub enum SafetyEvent {
    /// One round of SNTP queries: the estimate, or how many servers failed.
    ClockChecked {
        result: Result<Estimate, usize>,
        at_unix_secs: u64,
    },
    /// A password check finished; `then` is the action it guarded (`None`: unlock).
    PasswordChecked {
        correct: bool,
        then: Option<Box<Action>>,
    },
    PasswordHashed(Result<PasswordHash, LockError>),
    BackupRestored(Result<(), String>),
    CopyLog(Vec<CopyLine>),
    /// A second window was started: come to the front.
    ShowWindow,
    /// The session's screen locked.
    ScreenLocked,
}

/// What the safety widgets ask for.
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
    SetCopyLog(bool),
    ShowCopyLog,
    RestoreBackup,
    RecoverOrphans,
    DismissOrphans,
}

/// Dialogs of the safety features (one `Dialog::Safety` variant holds them).
pub enum SafetyDialog {
    /// Asks for the password before `then` (reveal, settings).
    Password {
        then: Box<Action>,
        draft: Zeroizing<String>,
    },
    CopyLog(Vec<CopyLine>),
}

/// Text typed in the Settings sections, kept until applied.
#[derive(Default)]
pub struct SettingsDrafts {
    pub new_password: Zeroizing<String>,
    pub repeat: Zeroizing<String>,
    pub servers: String,
    pub error: Option<String>,
}

/// The safety features' transient state (never saved).
pub struct Safety {
    pub base_clock: Clock,
    pub background: bool,
    pub tx: Sender<SafetyEvent>,
    rx: Receiver<SafetyEvent>,
    pub locked: bool,
    pub unlock_draft: Zeroizing<String>,
    pub backoff: Backoff,
    pub lock_message: Option<String>,
    pub checking_password: bool,
    /// Set for the one action a correct password allowed.
    pub authorized: bool,
    pub last_input_unix_millis: u64,
    pub drafts: SettingsDrafts,
    pub clock: ClockStatus,
    pub syncer: Option<Syncer>,
    pub damaged: Option<Damaged>,
    pub orphans: Vec<(AccountId, String)>,
    /// How to open the vault again after restoring a backup.
    pub reopen: Option<(PathBuf, Arc<dyn SecretStore>)>,
    pub copy_log: CopyLog,
    pub instance: Option<Instance>,
}

impl Safety {
    pub fn new(parts: &AppParts) -> Self {
        let (tx, rx) = mpsc::channel();
        let (reopen, data_dir) = match &parts.vault {
            VaultSource::Open { dir, store } => {
                (Some((dir.clone(), Arc::clone(store))), Some(dir.clone()))
            }
            VaultSource::Ready(vault) => (None, vault.metadata_path().parent().map(Into::into)),
        };
        Self {
            base_clock: parts.clock,
            background: parts.background,
            tx,
            rx,
            locked: parts.settings.lock.password.is_some(),
            unlock_draft: Zeroizing::default(),
            backoff: Backoff::default(),
            lock_message: None,
            checking_password: false,
            authorized: false,
            last_input_unix_millis: parts.clock.unix_millis(),
            drafts: SettingsDrafts {
                servers: parts.settings.clock_sync.servers.join(", "),
                ..SettingsDrafts::default()
            },
            clock: ClockStatus::Unknown,
            syncer: None,
            damaged: None,
            orphans: Vec::new(),
            reopen,
            copy_log: CopyLog::new(data_dir, parts.background),
            instance: None,
        }
    }

    /// Runs `work` on a thread (the app) or at once (tests); its event comes back through the
    /// channel either way.
    pub fn off_thread(
        &self,
        ctx: &egui::Context,
        work: impl FnOnce() -> SafetyEvent + Send + 'static,
    ) {
        let tx = self.tx.clone();
        if self.background {
            let ctx = ctx.clone();
            std::thread::spawn(move || {
                let _ = tx.send(work());
                ctx.request_repaint();
            });
        } else {
            let _ = tx.send(work());
        }
    }
}

impl App {
    /// Starts what runs beside the window: the first orphan search, saved clock offset, and
    /// (in the app) the clock-sync thread.
    pub(super) fn start_safety(&mut self) {
        self.find_orphans();
        self.start_clock_sync();
        if self.safety.background {
            let (tx, ctx) = (self.safety.tx.clone(), self.ctx.clone());
            crate::platform::screen_lock::watch(move || {
                let _ = tx.send(SafetyEvent::ScreenLocked);
                ctx.request_repaint();
            });
        }
    }

    /// A sender into the same channel the background threads use (tests inject events).
    pub fn safety_events(&self) -> Sender<SafetyEvent> {
        self.safety.tx.clone()
    }

    /// Replaces the clock (tests advance a fixed one); the clock correction stays applied.
    pub fn set_clock(&mut self, clock: Clock) {
        self.safety.base_clock = clock;
        self.apply_clock_correction();
    }

    pub fn is_locked(&self) -> bool {
        self.safety.locked
    }

    /// Keeps the one-window lock for the window's life and answers a second window.
    pub fn hold_instance(&mut self, instance: Option<Instance>) {
        let Some(instance) = instance else {
            return;
        };
        let (tx, ctx) = (self.safety.tx.clone(), self.ctx.clone());
        let listening = instance.listen(move || {
            let _ = tx.send(SafetyEvent::ShowWindow);
            ctx.request_repaint();
        });
        if let Err(e) = listening {
            tracing::warn!(error = %e, "a second window will not find this one");
        }
        self.safety.instance = Some(instance);
    }

    /// Called at the start of each frame. Handles background events, the lock shortcut and
    /// idle time; when locked, draws only the unlock screen and returns `true` (the caller
    /// then draws nothing else and reads no other shortcuts).
    pub(super) fn safety_frame(&mut self, ui: &mut egui::Ui) -> bool {
        self.drain_safety_events();
        self.watch_input(ui.ctx());
        if !self.safety.locked {
            return false;
        }
        let action = super::lock_ui::locked_ui(ui, &mut self.safety, &self.tr);
        if let Some(action) = action {
            self.apply(action);
        }
        self.schedule_lock_repaint(ui.ctx());
        true
    }

    /// Background events; also run while the window is hidden in the tray, so a second launch
    /// can bring it back.
    pub(super) fn drain_safety_events(&mut self) {
        while let Ok(event) = self.safety.rx.try_recv() {
            self.on_safety_event(event);
        }
    }

    fn on_safety_event(&mut self, event: SafetyEvent) {
        match event {
            SafetyEvent::ClockChecked {
                result,
                at_unix_secs,
            } => self.on_clock_checked(result, at_unix_secs),
            SafetyEvent::PasswordChecked { correct, then } => {
                self.on_password_checked(correct, then);
            }
            SafetyEvent::PasswordHashed(result) => self.on_password_hashed(result),
            SafetyEvent::BackupRestored(result) => self.on_backup_restored(result),
            SafetyEvent::CopyLog(lines) => {
                self.view.dialog = Some(super::app::Dialog::Safety(SafetyDialog::CopyLog(lines)));
            }
            SafetyEvent::ShowWindow => {
                self.note_window_shown();
                self.ctx
                    .send_viewport_cmd(egui::ViewportCommand::Visible(true));
                self.ctx
                    .send_viewport_cmd(egui::ViewportCommand::Minimized(false));
                self.ctx.send_viewport_cmd(egui::ViewportCommand::Focus);
            }
            SafetyEvent::ScreenLocked => {
                if self.settings.lock.password.is_some() {
                    self.lock_now();
                }
            }
        }
    }

    pub(super) fn apply_safety(&mut self, action: SafetyAction) {
        match action {
            SafetyAction::Lock => self.lock_now(),
            SafetyAction::Unlock => self.submit_unlock(),
            SafetyAction::SubmitPassword => self.submit_password(),
            SafetyAction::SetPassword => self.set_password(),
            SafetyAction::RemovePassword => {
                self.settings.lock.password = None;
                self.save_settings();
            }
            SafetyAction::SetIdleMins(mins) => {
                self.settings.lock.idle_mins = mins;
                self.save_settings();
            }
            SafetyAction::SetClockSync(on) => self.set_clock_sync(on),
            SafetyAction::ApplyServers => self.apply_servers(),
            SafetyAction::SetCopyLog(on) => {
                self.settings.copy_log = on;
                self.save_settings();
            }
            SafetyAction::ShowCopyLog => {
                let tx = self.safety.tx.clone();
                self.safety.copy_log.read(move |lines| {
                    let _ = tx.send(SafetyEvent::CopyLog(lines));
                });
                self.ctx.request_repaint();
            }
            SafetyAction::RestoreBackup => self.restore_backup(),
            SafetyAction::RecoverOrphans => self.recover_orphans(),
            SafetyAction::DismissOrphans => self.safety.orphans.clear(),
        }
    }
}

/// Before the window opens: take the one-window lock (`Some`), or bring the open window to the
/// front and return `None`, or say why neither worked. A lock that cannot be taken for another
/// reason (a read-only folder) is logged and the window opens anyway.
pub fn claim_window(
    dir: &std::path::Path,
    settings: &super::settings::Settings,
) -> Result<Option<Option<Instance>>, String> {
    use crate::platform::instance::{self, InstanceError};
    let tr = super::i18n::Tr::new(settings.language.resolve());
    match instance::claim(dir) {
        Ok(instance) => Ok(Some(Some(instance))),
        Err(InstanceError::AlreadyRunning) => match instance::ask_to_show(dir) {
            Ok(()) => {
                eprintln!("{}", tr.get("instance-shown"));
                Ok(None)
            }
            Err(e) => {
                tracing::warn!(error = %e, "the open window did not answer");
                Err(tr.get("instance-no-answer"))
            }
        },
        Err(e) => {
            tracing::warn!(error = %e, "could not take the one-window lock");
            Ok(Some(None))
        }
    }
}
