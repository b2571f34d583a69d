//! The tray in the window: starts [`crate::platform::tray`], turns its commands into the same actions
//! as the window's buttons (so a copy from the tray clears the clipboard after the delay, is
//! logged, and is refused while locked), hides and shows the window, "close to tray" and
//! "start with the computer". Runs in `App::logic`, which eframe also calls while the window
//! is hidden, so "Show" from the tray always gets through.

use std::sync::mpsc;

use eframe::egui::{self, ViewportCommand};

use super::action::Action;
use super::app::App;
use super::i18n::Arg;
use super::safety::SafetyAction;
use crate::store::AccountId;
use crate::platform::tray::{TrayAccount, TrayCommand, TrayHandle, TrayMenu};

/// The window's end of the tray: the command channel (tests send into it too), the icon if
/// one was started, and whether the window is hidden.
pub struct TrayLink {
    sender: mpsc::Sender<TrayCommand>,
    commands: mpsc::Receiver<TrayCommand>,
    handle: Option<TrayHandle>,
    hidden: bool,
    /// "Quit" was chosen: the next close request really closes.
    quitting: bool,
    /// Outcomes of "start with the computer", which is set off the UI thread.
    autostart: (mpsc::Sender<AutostartDone>, mpsc::Receiver<AutostartDone>),
}

struct AutostartDone {
    enabled: bool,
    error: Option<String>,
}

impl Default for TrayLink {
    fn default() -> Self {
        let (sender, commands) = mpsc::channel();
        Self {
            sender,
            commands,
            handle: None,
            hidden: false,
            quitting: false,
            autostart: mpsc::channel(),
        }
    }
}

impl App {
    /// Puts the icon in the tray (the real window only; tests send through [`Self::tray_sender`]).
    pub fn start_tray(&mut self) {
        let wake = self.ctx.clone();
        match TrayHandle::start(
            "OTP Desk".to_owned(),
            self.tray_menu(),
            self.tray.sender.clone(),
            move || wake.request_repaint(),
        ) {
            Ok(handle) => self.tray.handle = Some(handle),
            Err(e) => tracing::info!(error = %e, "no tray icon"),
        }
    }

    /// Where the tray's commands go; the window drains it every frame.
    pub fn tray_sender(&self) -> mpsc::Sender<TrayCommand> {
        self.tray.sender.clone()
    }

    /// What the tray menu shows now. Locked, it names no account.
    pub fn tray_menu(&self) -> TrayMenu {
        let tr = &self.tr;
        let locked = self.safety.locked;
        let accounts = if locked {
            Vec::new()
        } else {
            self.accounts()
                .iter()
                .map(|a| TrayAccount {
                    id: a.id.as_str().to_owned(),
                    label: a.label(),
                })
                .collect()
        };
        let minimized = self.ctx.input(|i| i.viewport().minimized == Some(true));
        TrayMenu {
            show_label: tr.get("tray-show"),
            hide_label: tr.get("tray-hide"),
            lock_label: tr.get("lock"),
            copy_label: tr.get("tray-copy"),
            quit_label: tr.get("tray-quit"),
            window_visible: !self.tray.hidden && !minimized,
            locked,
            accounts,
        }
    }

    /// The window was brought back by other means (a second launch): the menu says "Hide" again.
    pub(super) fn note_window_shown(&mut self) {
        self.tray.hidden = false;
    }

    /// Whether the window is hidden in the tray.
    pub fn is_hidden_in_tray(&self) -> bool {
        self.tray.hidden
    }

    /// Each frame, and while hidden: tray commands, close to tray, the menu, autostart results.
    pub(super) fn tray_logic(&mut self, ctx: &egui::Context) {
        while let Ok(command) = self.tray.commands.try_recv() {
            self.on_tray_command(ctx, command);
        }
        self.close_to_tray(ctx);
        while let Ok(done) = self.tray.autostart.1.try_recv() {
            self.on_autostart_done(done);
        }
        if self.tray.handle.is_some() {
            let menu = self.tray_menu();
            if let Some(handle) = &mut self.tray.handle {
                handle.set_menu(&menu);
            }
        }
    }

    fn on_tray_command(&mut self, ctx: &egui::Context, command: TrayCommand) {
        tracing::debug!(?command, "tray");
        match command {
            TrayCommand::ShowHide => {
                let minimized = ctx.input(|i| i.viewport().minimized == Some(true));
                if self.tray.hidden || minimized {
                    self.show_window(ctx);
                } else {
                    self.hide_window(ctx);
                }
            }
            TrayCommand::Lock => self.apply(Action::Safety(SafetyAction::Lock)),
            // Through `apply`, so the lock gate, the clearing delay and the copy log all apply.
            TrayCommand::CopyCode(id) => self.apply(Action::Copy(AccountId::from(id.as_str()))),
            TrayCommand::Quit => {
                self.tray.quitting = true;
                ctx.send_viewport_cmd(ViewportCommand::Close);
            }
        }
    }

    fn show_window(&mut self, ctx: &egui::Context) {
        self.tray.hidden = false;
        ctx.send_viewport_cmd(ViewportCommand::Visible(true));
        ctx.send_viewport_cmd(ViewportCommand::Minimized(false));
        ctx.send_viewport_cmd(ViewportCommand::Focus);
    }

    fn hide_window(&mut self, ctx: &egui::Context) {
        self.tray.hidden = true;
        ctx.send_viewport_cmd(ViewportCommand::Visible(false));
    }

    /// Closing hides the window instead, when the user asked for it and a tray host shows the
    /// icon (without one, hiding would leave no way back).
    fn close_to_tray(&mut self, ctx: &egui::Context) {
        let tray_shown = self.tray.handle.as_ref().is_some_and(TrayHandle::is_shown);
        if self.settings.close_to_tray
            && tray_shown
            && !self.tray.quitting
            && ctx.input(|i| i.viewport().close_requested())
        {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            self.hide_window(ctx);
        }
    }

    pub(super) fn set_close_to_tray(&mut self, on: bool) {
        self.settings.close_to_tray = on;
        self.save_settings();
    }

    /// Registers or removes the login item off the UI thread; the setting follows the outcome.
    pub(super) fn set_start_with_computer(&mut self, on: bool) {
        self.settings.start_with_computer = on;
        self.save_settings();
        let done = self.tray.autostart.0.clone();
        let wake = self.ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("autostart".into())
            .spawn(move || {
                let result = std::env::current_exe()
                    .map_err(|e| e.to_string())
                    .and_then(|exe| {
                        crate::platform::autostart::set_enabled(on, &exe).map_err(|e| e.to_string())
                    });
                let _ = done.send(AutostartDone {
                    enabled: on,
                    error: result.err(),
                });
                wake.request_repaint();
            });
        if let Err(e) = spawned {
            self.on_autostart_done(AutostartDone {
                enabled: on,
                error: Some(e.to_string()),
            });
        }
    }

    fn on_autostart_done(&mut self, done: AutostartDone) {
        let Some(detail) = done.error else {
            tracing::info!(enabled = done.enabled, "start with the computer");
            return;
        };
        tracing::warn!(error = %detail, "changing start with the computer failed");
        self.settings.start_with_computer = !done.enabled;
        self.save_settings();
        self.view.banner = Some(
            self.tr
                .with("autostart-failed", &[("detail", Arg::Text(&detail))]),
        );
    }
}
