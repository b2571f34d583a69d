//! X11: which window has the focus (the window manager's `_NET_ACTIVE_WINDOW`, else the input
//! focus), giving it back (`_NET_ACTIVE_WINDOW` as a pager asks for it, else `SetInputFocus`
//! when no window manager runs), the modifiers' state (`QueryPointer`) and the typing itself
//! (XTEST fake key events, one press and release per character). Each call opens its own
//! connection: a press of the shortcut is rare, and no connection outlives a failure.

use std::time::{Duration, Instant};

use x11rb::connection::{Connection, RequestConnection};
use x11rb::protocol::xproto::{
    AtomEnum, ClientMessageEvent, ConnectionExt as _, EventMask, InputFocus, KEY_PRESS_EVENT,
    KEY_RELEASE_EVENT, KeyButMask, Keycode, Window,
};
use x11rb::protocol::xtest::ConnectionExt as _;
use x11rb::rust_connection::RustConnection;
use x11rb::wrapper::ConnectionExt as _;

use super::{Target, TypingError};

/// How long the person has to let go of Ctrl/Alt/Shift after pressing Enter.
const RELEASE_WAIT: Duration = Duration::from_secs(5);
/// How long the window manager has to give the focus back.
const FOCUS_WAIT: Duration = Duration::from_millis(1500);
/// Between two key events: slow enough for pages that move the focus from box to box.
const KEY_GAP: Duration = Duration::from_millis(8);
const POLL: Duration = Duration::from_millis(10);

const XK_RETURN: u32 = 0xff0d;
const XK_SHIFT_L: u32 = 0xffe1;

struct X {
    conn: RustConnection,
    root: Window,
}

impl X {
    fn connect() -> Result<Self, TypingError> {
        let (conn, screen) = RustConnection::connect(None).map_err(refused)?;
        let root = conn.setup().roots[screen].root;
        Ok(Self { conn, root })
    }

    fn atom(&self, name: &[u8]) -> Result<u32, TypingError> {
        Ok(self
            .conn
            .intern_atom(false, name)
            .map_err(refused)?
            .reply()
            .map_err(refused)?
            .atom)
    }

    /// The window manager's idea of the active window (`None` without one).
    fn active_window(&self) -> Option<Window> {
        let atom = self.atom(b"_NET_ACTIVE_WINDOW").ok()?;
        let reply = self
            .conn
            .get_property(false, self.root, atom, AtomEnum::WINDOW, 0, 1)
            .ok()?
            .reply()
            .ok()?;
        reply.value32()?.next().filter(|w| *w != 0)
    }

    /// The window with the input focus (not "none" or "pointer root").
    fn input_focus(&self) -> Option<Window> {
        let focus = self.conn.get_input_focus().ok()?.reply().ok()?.focus;
        (focus > 1).then_some(focus)
    }

    fn focused(&self) -> Option<Window> {
        self.active_window().or_else(|| self.input_focus())
    }

    fn exists(&self, window: Window) -> bool {
        self.conn
            .get_window_attributes(window)
            .ok()
            .and_then(|c| c.reply().ok())
            .is_some()
    }

    /// Whether `window` or one of its children has the focus.
    fn has_focus(&self, window: Window) -> bool {
        if self.active_window() == Some(window) {
            return true;
        }
        let mut current = self.input_focus();
        for _ in 0..32 {
            match current {
                Some(w) if w == window => return true,
                Some(w) if w != self.root => current = self.parent(w),
                _ => return false,
            }
        }
        false
    }

    fn parent(&self, window: Window) -> Option<Window> {
        let tree = self.conn.query_tree(window).ok()?.reply().ok()?;
        (tree.parent != 0).then_some(tree.parent)
    }

    /// `_NET_WM_NAME` (UTF-8), else `WM_NAME`, of the window or its nearest named ancestor.
    fn title(&self, window: Window) -> Option<String> {
        let net_name = self.atom(b"_NET_WM_NAME").ok()?;
        let utf8 = self.atom(b"UTF8_STRING").ok()?;
        let mut current = Some(window);
        for _ in 0..8 {
            let w = current.filter(|w| *w != self.root)?;
            for (property, kind) in [
                (net_name, utf8),
                (AtomEnum::WM_NAME.into(), AtomEnum::STRING.into()),
            ] {
                let reply = self
                    .conn
                    .get_property(false, w, property, kind, 0, 256)
                    .ok()
                    .and_then(|c| c.reply().ok());
                if let Some(reply) = reply.filter(|r| !r.value.is_empty()) {
                    return Some(String::from_utf8_lossy(&reply.value).into_owned());
                }
            }
            current = self.parent(w);
        }
        None
    }

    fn modifiers_held(&self) -> Result<bool, TypingError> {
        let mask = self
            .conn
            .query_pointer(self.root)
            .map_err(refused)?
            .reply()
            .map_err(refused)?
            .mask;
        let held = KeyButMask::SHIFT | KeyButMask::CONTROL | KeyButMask::MOD1 | KeyButMask::MOD4;
        Ok(u16::from(mask) & u16::from(held) != 0)
    }

    /// Whether any key at all is down (the last key of a shortcut, say).
    fn any_key_held(&self) -> Result<bool, TypingError> {
        let keys = self
            .conn
            .query_keymap()
            .map_err(refused)?
            .reply()
            .map_err(refused)?
            .keys;
        Ok(keys.iter().any(|&bits| bits != 0))
    }

    /// Waits until the modifiers are let go, and the shortcut's own key too: an account's
    /// shortcut like Ctrl+Alt+2 whose code starts with 2 would otherwise lose that digit (a key
    /// pressed while it is down makes no new press). A key still down after the wait is no
    /// reason to refuse, a modifier is.
    fn wait_for_release(&self) -> Result<(), TypingError> {
        let deadline = Instant::now() + RELEASE_WAIT;
        while self.modifiers_held()? || self.any_key_held()? {
            if Instant::now() > deadline {
                if self.modifiers_held()? {
                    return Err(TypingError::ModifiersHeld);
                }
                break;
            }
            std::thread::sleep(POLL);
        }
        Ok(())
    }

    fn wait_for_focus(&self, window: Window) -> bool {
        let deadline = Instant::now() + FOCUS_WAIT / 2;
        while Instant::now() < deadline {
            if self.has_focus(window) {
                return true;
            }
            std::thread::sleep(POLL);
        }
        self.has_focus(window)
    }

    /// Asks the window manager to activate `window`, as a pager does (source 2, which focus
    /// stealing prevention lets through); without a window manager, sets the focus itself.
    fn give_focus(&self, window: Window) -> Result<(), TypingError> {
        if self.has_focus(window) {
            return Ok(());
        }
        let active = self.atom(b"_NET_ACTIVE_WINDOW")?;
        let message = ClientMessageEvent::new(32, window, active, [2, 0, 0, 0, 0]);
        self.conn
            .send_event(
                false,
                self.root,
                EventMask::SUBSTRUCTURE_REDIRECT | EventMask::SUBSTRUCTURE_NOTIFY,
                message,
            )
            .map_err(refused)?;
        self.conn.flush().map_err(refused)?;
        if self.wait_for_focus(window) {
            return Ok(());
        }
        self.conn
            .set_input_focus(InputFocus::PARENT, window, x11rb::CURRENT_TIME)
            .map_err(refused)?;
        self.conn.flush().map_err(refused)?;
        if self.wait_for_focus(window) {
            Ok(())
        } else {
            Err(TypingError::NoFocus)
        }
    }

    /// The key (and whether Shift is needed) that types `keysym` in the current layout.
    fn key_for(&self, keysym: u32) -> Result<Option<(Keycode, bool)>, TypingError> {
        let setup = self.conn.setup();
        let (first, last) = (setup.min_keycode, setup.max_keycode);
        let map = self
            .conn
            .get_keyboard_mapping(first, last - first + 1)
            .map_err(refused)?
            .reply()
            .map_err(refused)?;
        let per = usize::from(map.keysyms_per_keycode).max(1);
        for (i, syms) in map.keysyms.chunks(per).enumerate() {
            let Ok(code) = Keycode::try_from(usize::from(first) + i) else {
                break;
            };
            if syms.first() == Some(&keysym) {
                return Ok(Some((code, false)));
            }
            if syms.get(1) == Some(&keysym) {
                return Ok(Some((code, true)));
            }
        }
        Ok(None)
    }

    fn fake(&self, kind: u8, code: Keycode) -> Result<(), TypingError> {
        self.conn
            .xtest_fake_input(kind, code, x11rb::CURRENT_TIME, self.root, 0, 0, 0)
            .map_err(refused)?;
        // A round trip, so the events arrive in order and before the next one.
        self.conn.sync().map_err(refused)?;
        std::thread::sleep(KEY_GAP);
        Ok(())
    }

    fn tap(&self, keysym: u32) -> Result<(), TypingError> {
        let Some((code, shift)) = self.key_for(keysym)? else {
            return Err(TypingError::Refused(
                "a character of the code has no key in this layout".into(),
            ));
        };
        let shift_code = match shift {
            true => self.key_for(XK_SHIFT_L)?.map(|(c, _)| c),
            false => None,
        };
        if let Some(shift) = shift_code {
            self.fake(KEY_PRESS_EVENT, shift)?;
        }
        self.fake(KEY_PRESS_EVENT, code)?;
        self.fake(KEY_RELEASE_EVENT, code)?;
        if let Some(shift) = shift_code {
            self.fake(KEY_RELEASE_EVENT, shift)?;
        }
        Ok(())
    }
}

fn refused(e: impl std::fmt::Display) -> TypingError {
    TypingError::Refused(e.to_string())
}

pub fn focused() -> Option<Target> {
    let x = X::connect().ok()?;
    let window = x.focused()?;
    Some(Target {
        handle: u64::from(window),
        title: x.title(window),
    })
}

pub fn exists(target: &Target) -> bool {
    let Ok(window) = Window::try_from(target.handle) else {
        return false;
    };
    X::connect().is_ok_and(|x| x.exists(window))
}

pub fn type_text(target: &Target, text: &str, enter: bool) -> Result<(), TypingError> {
    let window = Window::try_from(target.handle).map_err(|_| TypingError::TargetGone)?;
    let x = X::connect()?;
    if x.conn
        .extension_information("XTEST")
        .ok()
        .flatten()
        .is_none()
    {
        return Err(TypingError::Refused("the X server has no XTEST".into()));
    }
    x.wait_for_release()?;
    if !x.exists(window) {
        return Err(TypingError::TargetGone);
    }
    x.give_focus(window)?;
    for c in text.chars().filter(char::is_ascii_alphanumeric) {
        x.tap(u32::from(c))?;
    }
    if enter {
        x.tap(XK_RETURN)?;
    }
    Ok(())
}
