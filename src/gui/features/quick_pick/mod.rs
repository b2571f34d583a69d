//! The quick pick: the system-wide shortcut (Ctrl+Alt+O) turns the window into a small list on
//! top of whatever the person was doing, with the search focused; Enter closes it, gives the
//! focus back to the window the person came from and types the code there (Shift+Enter adds
//! Enter, Ctrl+Enter copies, Esc types nothing). Locked, the window asks for the PIN first;
//! a desk member sees only the accounts shared with them (the mirror holds nothing else).
//! Each typed code is an audit record "typed" with the window's title — never the code.
//!
//! The window itself is switched into the quick pick (not a second viewport): one window to
//! keep on top, focus and hide, which X11 window managers, Windows and egui's tests all treat
//! alike. Owns [`QuickPickState`]; the shortcut and the typing are [`crate::platform`]'s, and
//! the typing runs as a background task. Must not depend on `app.rs`; starts no thread.
//! The accounts' own shortcuts ([`account_keys`]) type through the same `choose`, without
//! opening the quick pick.

pub mod account_keys;
pub mod account_keys_ui;
pub mod pick_ui;
pub mod shortcut_ui;
mod typed;

pub use typed::{on_typed, typing_error_key};

use std::collections::BTreeMap;
use std::sync::{Arc, mpsc};

use eframe::egui::{self, ViewportCommand, WindowLevel};

use super::tray::TrayState;
use super::{Done, Effects};
use crate::gui::command::{Finish, PickAction};
use crate::gui::model::Model;
use crate::platform::hotkey::{HotkeyError, Hotkeys, Slot};
use crate::platform::typing::{Keyboard, SystemKeyboard, Target, TypingError};
use crate::store::AccountId;
use typed::code_to_type;

/// The quick pick's size, in points: room for the search, six rows and the keys' hint.
pub const PICK_SIZE: [f32; 2] = [420.0, 380.0];

/// What the window was before the quick pick took it over, to put it back.
#[derive(Debug, Clone, Copy)]
struct Before {
    size: Option<egui::Vec2>,
    hidden: bool,
    minimized: bool,
}

/// The quick pick's state: whether it is open, its search and highlight, the window the code
/// goes to, and the shortcut's registration.
pub struct QuickPickState {
    pub open: bool,
    pub query: String,
    pub selected: usize,
    /// The window that had the focus when the shortcut was pressed.
    pub target: Option<Target>,
    /// One sentence under the search (the window is gone, nothing was typed, ...).
    pub notice: Option<String>,
    /// The search takes the focus on the first frame after opening.
    pub focus_search: bool,
    /// What the quick pick says when it opens again after typing failed.
    pending_notice: Option<String>,
    before: Option<Before>,
    /// Presses of a shortcut (which one, and the window focused then), from the hotkey's
    /// thread.
    pub sender: mpsc::Sender<(Slot, Option<Target>)>,
    presses: mpsc::Receiver<(Slot, Option<Target>)>,
    pub keyboard: Arc<dyn Keyboard>,
    pub hotkeys: Option<Hotkeys>,
    /// The shortcut's state as Settings says it: `Ok(Some(shortcut))` registered, `Ok(None)`
    /// off, `Err` why not.
    pub status: Result<Option<String>, HotkeyError>,
    /// The accounts whose own shortcut the system refused, and why.
    pub account_status: BTreeMap<AccountId, HotkeyError>,
    /// The dialog that records an account's shortcut, while open.
    pub editor: Option<account_keys::HotkeyEditor>,
}

impl Default for QuickPickState {
    fn default() -> Self {
        let (sender, presses) = mpsc::channel();
        Self {
            open: false,
            query: String::new(),
            selected: 0,
            target: None,
            notice: None,
            focus_search: false,
            pending_notice: None,
            before: None,
            sender,
            presses,
            keyboard: Arc::new(SystemKeyboard),
            hotkeys: None,
            status: Ok(None),
            account_status: BTreeMap::new(),
            editor: None,
        }
    }
}

/// What the shortcut does the moment it is pressed, on whatever thread it arrives: note the
/// focused window (before the quick pick takes the focus) and wake the window.
pub fn pressed(
    keyboard: &dyn Keyboard,
    sender: &mpsc::Sender<(Slot, Option<Target>)>,
    wake: &dyn Fn(),
) {
    pressed_slot(Slot::QuickPick, keyboard, sender, wake);
}

/// As [`pressed`], for any shortcut: the quick pick's or an account's own.
pub fn pressed_slot(
    slot: Slot,
    keyboard: &dyn Keyboard,
    sender: &mpsc::Sender<(Slot, Option<Target>)>,
    wake: &dyn Fn(),
) {
    let _ = sender.send((slot, keyboard.focused()));
    wake();
}

/// Registers the shortcut from the settings (the real window only).
pub fn start_hotkeys(state: &mut QuickPickState, model: &mut Model, ctx: &egui::Context) {
    let (keyboard, sender, wake) = (
        Arc::clone(&state.keyboard),
        state.sender.clone(),
        ctx.clone(),
    );
    let on_press = move |slot| {
        pressed_slot(slot, keyboard.as_ref(), &sender, &|| wake.request_repaint());
    };
    match Hotkeys::start(on_press) {
        Ok(mut hotkeys) => {
            hotkeys.describe(&model.tr.get("quick-pick-title"));
            state.hotkeys = Some(hotkeys);
        }
        Err(e) => state.status = Err(e),
    }
    apply_shortcut(state, model);
    account_keys::register_all(state, model);
    if let Err(e) = &state.status
        && model.settings.quick_pick_shortcut.is_some()
    {
        tracing::warn!(error = %e, "the quick pick's shortcut is not registered");
        model.view.banner = Some(shortcut_ui::status_text(&state.status, &model.tr));
    }
}

/// Registers `settings.quick_pick_shortcut` (or none) and notes the outcome for Settings.
fn apply_shortcut(state: &mut QuickPickState, model: &Model) {
    let wanted = model.settings.quick_pick_shortcut.clone();
    let Some(hotkeys) = &mut state.hotkeys else {
        if wanted.is_none() {
            state.status = Ok(None);
        }
        return;
    };
    state.status = hotkeys.set(wanted.as_deref()).map(|()| wanted);
}

/// Each frame, and while hidden: presses of the quick pick's shortcut open it; an account's
/// own shortcut types that account's code, or (`locked`) opens the quick pick on the unlock.
pub fn logic(state: &mut QuickPickState, locked: bool, fx: &mut Effects) {
    let mut pressed = None;
    while let Ok((slot, target)) = state.presses.try_recv() {
        // Pressed again while open: the focus is the quick pick's own; keep the first target.
        if !state.open && pressed.is_none() {
            state.target = target;
        }
        pressed.get_or_insert(slot);
    }
    let action = match pressed {
        None => return,
        Some(Slot::Named(id)) if !locked => PickAction::TypeAccount(id.as_str().into()),
        Some(_) => PickAction::Open,
    };
    fx.then(crate::gui::command::Action::QuickPick(action));
}

pub fn update(
    state: &mut QuickPickState,
    tray: &mut TrayState,
    model: &mut Model,
    fx: &mut Effects,
    ctx: &egui::Context,
    action: &PickAction,
) {
    match action {
        PickAction::Open => open(state, tray, model, fx, ctx),
        PickAction::Move(delta) => {
            state.selected = state.selected.saturating_add_signed(*delta as isize);
        }
        PickAction::Choose(id, finish) => choose(state, tray, model, fx, id, *finish),
        PickAction::Close => {
            if state.open {
                close(state, tray, model, fx);
                give_focus_back(state, fx);
            }
        }
        PickAction::SetShortcut(on) => {
            let text = model.view.drafts.shortcut.trim().to_owned();
            model.settings.quick_pick_shortcut = on.then_some(text);
            fx.save_settings();
            apply_shortcut(state, model);
        }
        PickAction::TypeAccount(_)
        | PickAction::EditHotkey(_)
        | PickAction::SaveHotkey
        | PickAction::ClearHotkey(_)
        | PickAction::CloseHotkey => account_keys::update(state, tray, model, fx, action),
    }
}

fn open(
    state: &mut QuickPickState,
    tray: &mut TrayState,
    model: &Model,
    fx: &mut Effects,
    ctx: &egui::Context,
) {
    if !state.open {
        let (inner, minimized) = ctx.input(|i| (i.viewport().inner_rect, i.viewport().minimized));
        state.before = Some(Before {
            size: inner.map(|r| r.size()),
            hidden: tray.hidden,
            minimized: minimized == Some(true),
        });
    }
    tracing::info!("quick pick opened");
    state.open = true;
    state.query.clear();
    state.selected = 0;
    state.notice = state.pending_notice.take();
    state.focus_search = true;
    tray.hidden = false;
    fx.viewport(ViewportCommand::Title(model.tr.get("quick-pick-title")));
    fx.viewport(ViewportCommand::Visible(true));
    fx.viewport(ViewportCommand::Minimized(false));
    fx.viewport(ViewportCommand::WindowLevel(WindowLevel::AlwaysOnTop));
    fx.viewport(ViewportCommand::InnerSize(PICK_SIZE.into()));
    fx.viewport(ViewportCommand::Focus);
}

/// Puts the window back as it was: its size, its level, hidden or minimised. An account's own
/// shortcut types without the quick pick: then there is nothing to put back.
fn close(state: &mut QuickPickState, tray: &mut TrayState, model: &Model, fx: &mut Effects) {
    if !state.open {
        return;
    }
    state.open = false;
    state.query.clear();
    let before = state.before.take();
    fx.viewport(ViewportCommand::Title("OTP Desk".to_owned()));
    fx.viewport(ViewportCommand::WindowLevel(super::compact::level(model)));
    let Some(before) = before else {
        return;
    };
    if let Some(size) = before.size {
        fx.viewport(ViewportCommand::InnerSize(size));
    }
    if before.hidden {
        tray.hidden = true;
        fx.viewport(ViewportCommand::Visible(false));
    } else if before.minimized {
        fx.viewport(ViewportCommand::Minimized(true));
    }
}

/// Esc and Ctrl+Enter: the person goes back to where they were, nothing typed.
fn give_focus_back(state: &QuickPickState, fx: &mut Effects) {
    let (Some(target), true) = (state.target.clone(), state.keyboard.can_type().is_ok()) else {
        return;
    };
    let keyboard = Arc::clone(&state.keyboard);
    fx.task(
        "quick pick focus",
        move || {
            if let Err(e) = keyboard.type_text(&target, "", false) {
                tracing::info!(error = %e, "the focus did not go back");
            }
            Done::QuickPickFocus
        },
        || Done::QuickPickFocus,
    );
}

fn choose(
    state: &mut QuickPickState,
    tray: &mut TrayState,
    model: &mut Model,
    fx: &mut Effects,
    id: &AccountId,
    finish: Finish,
) {
    let Some(account) = model.vault.account(id).cloned() else {
        return;
    };
    let enter = finish == Finish::TypeThenEnter;
    let typing = state.keyboard.can_type();
    if finish == Finish::Copy || typing.is_err() || state.target.is_none() {
        close(state, tray, model, fx);
        give_focus_back(state, fx);
        // As the list's copy, so the clearing delay, the copy log and the audit apply.
        fx.then(crate::gui::command::Action::Copy(id.clone()));
        if finish != Finish::Copy {
            let why = match typing {
                Err(TypingError::Accessibility) => "typing-copied-accessibility",
                _ => "typing-copied-instead",
            };
            model.view.banner = Some(model.tr.get(why));
        }
        return;
    }
    let Some(target) = state.target.clone() else {
        return;
    };
    if !state.keyboard.exists(&target) {
        tracing::info!("the quick pick's target window is gone");
        state.notice = Some(model.tr.get("quick-pick-target-gone"));
        return;
    }
    let code = match code_to_type(model, &account) {
        Ok(code) => code,
        Err(key) => {
            state.notice = Some(model.tr.get(key));
            return;
        }
    };
    close(state, tray, model, fx);
    let keyboard = Arc::clone(&state.keyboard);
    let (account_id, title) = (account.id.clone(), target.title.clone());
    let (id_on_panic, title_on_panic) = (account_id.clone(), title.clone());
    fx.task(
        "type code",
        move || Done::Typed {
            result: keyboard.type_text(&target, &code, enter),
            account: account_id,
            title,
        },
        move || Done::Typed {
            result: Err(TypingError::Refused("the typing stopped".into())),
            account: id_on_panic,
            title: title_on_panic,
        },
    );
}
