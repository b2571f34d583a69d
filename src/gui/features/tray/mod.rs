//! The tray in the window: turns [`crate::platform::tray`]'s commands into the same actions as
//! the window's buttons (so a copy from the tray clears the clipboard after the delay, is
//! logged, and is refused while locked), hides and shows the window, "close to tray" and
//! "start with the computer". Runs in the frame loop's `logic`, which eframe also calls while
//! the window is hidden, so "Show" from the tray always gets through. Owns [`TrayState`].
//! Must not depend on `app.rs`; starts no thread (work goes out as effects).

use std::sync::mpsc;

use eframe::egui::{self, ViewportCommand};

use super::{Done, Effects};
use crate::gui::command::{Action, Command, SafetyAction};
use crate::gui::model::Model;
use crate::gui::support::errors;
use crate::gui::support::message::Message;
use crate::platform::tray::{TrayAccount, TrayCommand, TrayHandle, TrayMenu};
use crate::store::AccountId;

/// The window's end of the tray: the command channel (tests send into it too), the icon if
/// one was started, and whether the window is hidden.
pub struct TrayState {
    pub sender: mpsc::Sender<TrayCommand>,
    commands: mpsc::Receiver<TrayCommand>,
    pub handle: Option<TrayHandle>,
    pub hidden: bool,
    quitting: bool,
}

impl Default for TrayState {
    fn default() -> Self {
        let (sender, commands) = mpsc::channel();
        Self {
            sender,
            commands,
            handle: None,
            hidden: false,
            quitting: false,
        }
    }
}

/// What the tray menu shows now. Locked, it names no account.
pub fn menu(tray: &TrayState, model: &Model, locked: bool, minimized: bool) -> TrayMenu {
    let tr = &model.tr;
    let accounts = if locked {
        Vec::new()
    } else {
        model
            .accounts()
            .iter()
            .map(|a| TrayAccount {
                id: a.id.as_str().to_owned(),
                label: a.label(),
            })
            .collect()
    };
    TrayMenu {
        show_label: tr.get("tray-show"),
        hide_label: tr.get("tray-hide"),
        lock_label: tr.get(Command::Lock.label_key()),
        copy_label: tr.get("tray-copy"),
        quit_label: tr.get("tray-quit"),
        window_visible: !tray.hidden && !minimized,
        locked,
        accounts,
    }
}

/// Each frame, and while hidden: tray commands and close to tray.
pub fn logic(tray: &mut TrayState, model: &Model, fx: &mut Effects, ctx: &egui::Context) {
    while let Ok(command) = tray.commands.try_recv() {
        on_command(tray, fx, ctx, command);
    }
    close_to_tray(tray, model, fx, ctx);
}

fn on_command(tray: &mut TrayState, fx: &mut Effects, ctx: &egui::Context, command: TrayCommand) {
    tracing::debug!(?command, "tray");
    match command {
        TrayCommand::ShowHide => {
            let minimized = ctx.input(|i| i.viewport().minimized == Some(true));
            if tray.hidden || minimized {
                show_window(tray, fx);
            } else {
                hide_window(tray, fx);
            }
        }
        TrayCommand::Lock => fx.then(Action::Safety(SafetyAction::Lock)),
        // As an action, so the lock gate, the clearing delay and the copy log all apply.
        TrayCommand::CopyCode(id) => fx.then(Action::TrayCopy(AccountId::from(id.as_str()))),
        TrayCommand::Quit => {
            tray.quitting = true;
            fx.viewport(ViewportCommand::Close);
        }
    }
}

/// Brings the window back (also for a second launch of the app).
pub fn show_window(tray: &mut TrayState, fx: &mut Effects) {
    tray.hidden = false;
    fx.viewport(ViewportCommand::Visible(true));
    fx.viewport(ViewportCommand::Minimized(false));
    fx.viewport(ViewportCommand::Focus);
}

fn hide_window(tray: &mut TrayState, fx: &mut Effects) {
    tray.hidden = true;
    fx.viewport(ViewportCommand::Visible(false));
}

/// Closing hides the window instead, when the user asked for it and a tray host shows the
/// icon (without one, hiding would leave no way back).
fn close_to_tray(tray: &mut TrayState, model: &Model, fx: &mut Effects, ctx: &egui::Context) {
    let tray_shown = tray.handle.as_ref().is_some_and(TrayHandle::is_shown);
    if model.settings.close_to_tray
        && tray_shown
        && !tray.quitting
        && ctx.input(|i| i.viewport().close_requested())
    {
        fx.viewport(ViewportCommand::CancelClose);
        hide_window(tray, fx);
    }
}

pub fn set_close_to_tray(model: &mut Model, fx: &mut Effects, on: bool) {
    model.settings.close_to_tray = on;
    fx.save_settings();
}

/// Registers or removes the login item off the UI thread; the setting follows the outcome.
pub fn set_start_with_computer(model: &mut Model, fx: &mut Effects, on: bool) {
    model.settings.start_with_computer = on;
    fx.save_settings();
    fx.task(
        "autostart",
        move || {
            let result = std::env::current_exe()
                .map_err(|e| errors::io(&e))
                .and_then(|exe| {
                    crate::platform::autostart::set_enabled(on, &exe)
                        .map_err(|e| errors::autostart(&e))
                });
            Done::Autostart {
                enabled: on,
                error: result.err(),
            }
        },
        move || Done::Autostart {
            enabled: on,
            error: Some(errors::internal()),
        },
    );
}

pub fn on_autostart_done(
    model: &mut Model,
    fx: &mut Effects,
    enabled: bool,
    error: Option<Message>,
) {
    let Some(detail) = error else {
        tracing::info!(enabled, "start with the computer");
        return;
    };
    tracing::warn!(id = detail.id(), "changing start with the computer failed");
    model.settings.start_with_computer = !enabled;
    fx.save_settings();
    let message = Message::new("autostart-failed").with("detail", detail);
    model.view.banner = Some(message.show(&model.tr));
}
