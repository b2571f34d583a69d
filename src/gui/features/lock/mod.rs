//! The app lock: locking (button, Ctrl+L, idle time, screen lock), unlocking with back-off, and
//! the password asked before revealing a secret, opening Settings or exporting. Owns
//! [`LockState`]; password hashing and checks run as background tasks (a hash takes tens of
//! milliseconds) through [`Effects`]; the hash itself is [`crate::applock`]'s.
//! Must not depend on `app.rs`; starts no thread (work goes out as effects).

pub mod lock_ui;

use std::time::Duration;

use eframe::egui::{self, Key, Modifiers};
use zeroize::Zeroizing;

use super::{Done, Effects};
use crate::applock::{Backoff, LockError, PasswordHash};
use crate::gui::command::{
    Action, DeskAction, ExportAction, ImportAction, PickAction, SafetyAction,
};
use crate::gui::model::Model;
use crate::gui::model::view::Dialog;
use crate::gui::support::errors;
use crate::gui::support::i18n::Arg;
use crate::gui::support::message::Message;

/// The lock's transient state (never saved).
pub struct LockState {
    pub locked: bool,
    pub unlock_draft: Zeroizing<String>,
    pub backoff: Backoff,
    pub message: Option<String>,
    pub checking_password: bool,
    /// Set for the one action a correct password allowed.
    pub authorized: bool,
    pub last_input_unix_millis: u64,
    /// Desk mode: the window locks without an app password (each person has a PIN).
    pub desk_mode: bool,
    /// Whether the window was on screen when the app last ran, and from when a pointer move
    /// counts as activity again (not in the moment the window comes back on screen).
    seen: bool,
    pointer_counts_from_ms: u64,
}

impl LockState {
    /// Locked from the start when a password is set.
    pub fn new(model: &Model) -> Self {
        Self {
            locked: model.settings.lock.password.is_some(),
            unlock_draft: Zeroizing::default(),
            backoff: model.settings.lock.backoff,
            message: None,
            checking_password: false,
            authorized: false,
            last_input_unix_millis: model.base_clock.unix_millis(),
            desk_mode: false,
            seen: true,
            pointer_counts_from_ms: 0,
        }
    }
}

/// Every action passes here first. Locked: only unlocking gets through. With a password set,
/// revealing a secret, opening Settings or exporting asks for it first. Read-only: changes are
/// refused with a toast.
pub fn gate(
    lock: &mut LockState,
    model: &mut Model,
    read_only: bool,
    action: Action,
) -> Option<Action> {
    if lock.locked {
        return matches!(
            action,
            Action::Safety(SafetyAction::Unlock | SafetyAction::Lock)
                | Action::Desk(DeskAction::Pick(_) | DeskAction::Unlock | DeskAction::SwitchPerson)
                // The quick pick opens on the unlock field and closes; it picks nothing locked.
                | Action::QuickPick(PickAction::Open | PickAction::Close)
        )
        .then_some(action);
    }
    if guarded(model, &action)
        && !lock.desk_mode
        && model.settings.lock.password.is_some()
        && !lock.authorized
    {
        model.view.dialog = Some(Dialog::Password {
            then: Box::new(action),
            draft: Zeroizing::default(),
        });
        lock.message = None;
        return None;
    }
    lock.authorized = false;
    if read_only && changes_the_vault(&action) {
        model.toast_key("read-only-refused");
        return None;
    }
    Some(action)
}

/// What the password guards. Export opens at once from Settings, already behind it.
fn guarded(model: &Model, action: &Action) -> bool {
    match action {
        Action::AskReveal(..) | Action::OpenSettings | Action::AskDelete(_) => true,
        Action::Export(ExportAction::Open) => !matches!(model.view.dialog, Some(Dialog::Settings)),
        _ => false,
    }
}

pub fn update(lock: &mut LockState, model: &mut Model, fx: &mut Effects, action: &SafetyAction) {
    match action {
        SafetyAction::Lock => lock_now(lock, model),
        SafetyAction::Unlock => {
            let draft = std::mem::take(&mut lock.unlock_draft);
            check_password(lock, model, fx, draft, None);
        }
        SafetyAction::SubmitPassword => {
            if let Some(Dialog::Password { then, draft }) = &mut model.view.dialog {
                let (then, draft) = (then.clone(), std::mem::take(draft));
                check_password(lock, model, fx, draft, Some(then));
            }
        }
        SafetyAction::SetPassword => set_password(model, fx),
        SafetyAction::RemovePassword => {
            model.settings.lock.password = None;
            fx.save_settings();
        }
        SafetyAction::SetIdleMins(mins) => {
            model.settings.lock.idle_mins = *mins;
            fx.save_settings();
        }
        _ => {}
    }
}

/// Whether the window can lock: a password is set, or desk mode is on.
pub fn can_lock(lock: &LockState, model: &Model) -> bool {
    lock.desk_mode || model.settings.lock.password.is_some()
}

/// Locks now, if a password is set (or in desk mode); hides whatever was open.
pub fn lock_now(lock: &mut LockState, model: &mut Model) {
    if !can_lock(lock, model) {
        return model.toast_key("lock-needs-password");
    }
    tracing::info!("window locked");
    lock.locked = true;
    lock.message = None;
    lock.unlock_draft = Zeroizing::default();
    model.view.dialog = None;
    model.view.toast = None;
    model.view.selected = None;
    model.view.search.clear();
    model.rebuild_items();
}

fn check_password(
    lock: &mut LockState,
    model: &Model,
    fx: &mut Effects,
    password: Zeroizing<String>,
    then: Option<Box<Action>>,
) {
    let Some(hash) = model.settings.lock.password.clone() else {
        lock.locked = false;
        return;
    };
    let now = model.base_clock.unix_millis();
    if lock.checking_password || lock.backoff.wait_secs(now) > 0 {
        return;
    }
    lock.checking_password = true;
    fx.task(
        "password-check",
        move || Done::PasswordChecked {
            correct: hash.verify(&password),
            then,
        },
        || Done::PasswordChecked {
            correct: false,
            then: None,
        },
    );
}

pub fn on_password_checked(
    lock: &mut LockState,
    model: &mut Model,
    fx: &mut Effects,
    correct: bool,
    then: Option<Box<Action>>,
) {
    lock.checking_password = false;
    let now = model.base_clock.unix_millis();
    if !correct {
        lock.backoff.fail(now);
        model.settings.lock.backoff = lock.backoff;
        fx.save_settings();
        tracing::info!(failures = lock.backoff.failures, "wrong app password");
        lock.message = Some(model.tr.get("password-wrong"));
        return;
    }
    if lock.backoff != Backoff::default() {
        lock.backoff = Backoff::default();
        model.settings.lock.backoff = lock.backoff;
        fx.save_settings();
    }
    lock.message = None;
    lock.last_input_unix_millis = now;
    match then {
        None => {
            tracing::info!("window unlocked");
            lock.locked = false;
        }
        // Only if the prompt is still the open dialog (not closed meanwhile).
        Some(action) if matches!(model.view.dialog, Some(Dialog::Password { .. })) => {
            model.view.dialog = None;
            fx.then_authorized(*action);
        }
        Some(_) => {}
    }
}

fn set_password(model: &mut Model, fx: &mut Effects) {
    let drafts = &mut model.view.drafts;
    let (password, repeat) = (
        std::mem::take(&mut drafts.new_password),
        std::mem::take(&mut drafts.repeat),
    );
    drafts.error = None;
    fx.task(
        "password-hash",
        move || Done::PasswordHashed(PasswordHash::new(&password, &repeat)),
        || Done::PasswordHashed(Err(LockError::Hash("internal error".into()))),
    );
}

pub fn on_password_hashed(
    model: &mut Model,
    fx: &mut Effects,
    result: Result<PasswordHash, LockError>,
) {
    match result {
        Ok(hash) => {
            model.settings.lock.password = Some(hash);
            fx.save_settings();
            model.toast_key("password-set");
        }
        Err(e) => {
            tracing::debug!(error = %e, "new app password refused");
            let tr = &model.tr;
            model.view.drafts.error = Some(match e {
                LockError::Mismatch => tr.get("password-mismatch"),
                LockError::TooShort(count) => tr.with(
                    "password-too-short",
                    &[("count", Arg::Number(i64::try_from(count).unwrap_or(0)))],
                ),
                other => Message::new("password-failed")
                    .with("detail", errors::lock(&other))
                    .show(tr),
            });
        }
    }
}

/// Notes input (for the idle lock) and reads Ctrl+L. Only what a person does counts as
/// activity — keys, typing, clicks, scrolling, moving the pointer — not the window being shown
/// or focused (the pointer "moves" when a window appears under it: not counted for a moment).
pub fn watch_input(lock: &mut LockState, model: &mut Model, ctx: &egui::Context) {
    let now = model.base_clock.unix_millis();
    let pointer_counts = now >= lock.pointer_counts_from_ms;
    let (any_input, lock_key) = ctx.input_mut(|i| {
        let lock_key = i.consume_key(Modifiers::COMMAND, Key::L);
        let acted = i.events.iter().any(|e| match e {
            egui::Event::Key { .. }
            | egui::Event::Text(_)
            | egui::Event::PointerButton { .. }
            | egui::Event::MouseWheel { .. }
            | egui::Event::Paste(_) => true,
            egui::Event::PointerMoved(_) => pointer_counts,
            _ => false,
        });
        (acted || lock_key, lock_key)
    });
    if lock.locked {
        return;
    }
    if lock_key {
        return lock_now(lock, model);
    }
    if any_input {
        lock.last_input_unix_millis = now;
    }
}

/// The idle lock. Runs every time the app runs — drawn or not: minimised, covered or hidden in
/// the tray — and asks to run again when the idle time will be up, so the lock comes on time.
pub fn tick(lock: &mut LockState, model: &mut Model, ctx: &egui::Context) {
    let seen = ctx
        .input(|i| i.viewport().visible() != Some(false) && i.viewport().minimized != Some(true));
    if seen && !lock.seen {
        lock.pointer_counts_from_ms = model.base_clock.unix_millis() + 1500;
    }
    lock.seen = seen;
    let idle_mins = model.settings.lock.idle_mins;
    if lock.locked || !can_lock(lock, model) || idle_mins == 0 {
        return;
    }
    let now = model.base_clock.unix_millis();
    let idle_ms = u64::from(idle_mins) * 60_000;
    let quiet_ms = now.saturating_sub(lock.last_input_unix_millis);
    if quiet_ms >= idle_ms {
        tracing::info!(idle_mins, "locking after idle time");
        return lock_now(lock, model);
    }
    ctx.request_repaint_after(Duration::from_millis(idle_ms - quiet_ms + 50));
}

/// While locked, redraw when the back-off countdown changes.
pub fn schedule_repaint(lock: &LockState, model: &Model, ctx: &egui::Context) {
    let now = model.base_clock.unix_millis();
    if lock.backoff.wait_secs(now) > 0 {
        ctx.request_repaint_after(Duration::from_millis(1000 - now % 1000 + 5));
    }
}

fn changes_the_vault(action: &Action) -> bool {
    matches!(
        action,
        Action::OpenAdd
            | Action::OpenImport(_)
            | Action::Import(ImportAction::Confirm)
            | Action::SubmitAdd
            | Action::OpenEdit(_)
            | Action::SaveEdit
            | Action::AskDelete(_)
            | Action::ConfirmDelete(_)
            | Action::TogglePin(_)
            | Action::Shift(..)
            | Action::NextHotp(_)
            | Action::Safety(SafetyAction::RecoverOrphans)
    )
}
