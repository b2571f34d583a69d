//! Typing a code into another program, as if the person typed it: the window that had the
//! focus when the shortcut was pressed ([`Target`]) gets it back, the keyboard's modifiers are
//! let go first (a code typed while Shift is still held comes out as `!"§$%&`), then each
//! character is one key press and release, so sites with six separate digit boxes fill too.
//!
//! X11 (`x11`, XTEST through x11rb: no C library), Windows (`windows`, `SendInput`) and macOS
//! (`macos`, `CGEvent`, once the Accessibility permission is given) type; on Wayland, where
//! programs may not type into each other, [`SystemKeyboard::can_type`] says no and the window
//! copies instead. Must not depend on the
//! window (egui) or the vault; never logs what it types.

#[cfg(all(target_os = "linux", feature = "gui"))]
mod x11;

#[cfg(windows)]
mod windows;

#[cfg(all(target_os = "macos", feature = "gui"))]
mod macos;

use std::sync::{Arc, Mutex};

/// The window a code goes to: the one that had the focus when the shortcut was pressed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The system's handle (an X11 window id, a Windows `HWND`).
    pub handle: u64,
    /// Its title, where the system gives it (for the audit record).
    pub title: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TypingError {
    #[error("The window that had the focus is gone.")]
    TargetGone,
    #[error("The window that had the focus could not be given the focus back.")]
    NoFocus,
    #[error("Ctrl, Alt, Shift or the logo key is still held down.")]
    ModifiersHeld,
    #[error("Typing into other programs is not available on Wayland.")]
    Wayland,
    #[error("macOS has not given OTP Desk the Accessibility permission.")]
    Accessibility,
    #[error("Typing into other programs is not available on this system.")]
    Unsupported,
    #[error("The system refused the typed keys: {0}")]
    Refused(String),
}

/// Types into other programs; the window holds one behind an `Arc` (tests record instead).
pub trait Keyboard: Send + Sync {
    /// Whether typing can work here at all (not on Wayland, say).
    fn can_type(&self) -> Result<(), TypingError>;
    /// The window that has the focus now (called the moment the shortcut is pressed).
    fn focused(&self) -> Option<Target>;
    /// Whether `target` still exists (cheap; asked before the quick pick closes).
    fn exists(&self, target: &Target) -> bool;
    /// Gives `target` the focus back, waits until the modifiers are let go, types `text` one
    /// key at a time and then Enter if `enter`. Blocks for up to a few seconds: call it off the
    /// window's thread.
    fn type_text(&self, target: &Target, text: &str, enter: bool) -> Result<(), TypingError>;
}

/// The real keyboard of this system.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemKeyboard;

/// Whether the session is a Wayland one (where global shortcuts and typing are refused).
pub fn is_wayland() -> bool {
    cfg!(target_os = "linux")
        && (std::env::var("XDG_SESSION_TYPE").is_ok_and(|t| t.eq_ignore_ascii_case("wayland"))
            || std::env::var_os("WAYLAND_DISPLAY").is_some_and(|d| !d.is_empty()))
}

impl Keyboard for SystemKeyboard {
    fn can_type(&self) -> Result<(), TypingError> {
        if is_wayland() {
            return Err(TypingError::Wayland);
        }
        #[cfg(all(target_os = "macos", feature = "gui"))]
        return if macos::may_post() {
            Ok(())
        } else {
            Err(TypingError::Accessibility)
        };
        #[cfg(not(all(target_os = "macos", feature = "gui")))]
        return if cfg!(any(all(target_os = "linux", feature = "gui"), windows)) {
            Ok(())
        } else {
            Err(TypingError::Unsupported)
        };
    }

    fn focused(&self) -> Option<Target> {
        #[cfg(all(target_os = "linux", feature = "gui"))]
        return x11::focused();
        #[cfg(windows)]
        return windows::focused();
        #[cfg(all(target_os = "macos", feature = "gui"))]
        return macos::focused();
        #[cfg(not(any(
            all(any(target_os = "linux", target_os = "macos"), feature = "gui"),
            windows
        )))]
        return None;
    }

    fn exists(&self, target: &Target) -> bool {
        #[cfg(all(target_os = "linux", feature = "gui"))]
        return x11::exists(target);
        #[cfg(windows)]
        return windows::exists(target);
        #[cfg(all(target_os = "macos", feature = "gui"))]
        return macos::exists(target);
        #[cfg(not(any(
            all(any(target_os = "linux", target_os = "macos"), feature = "gui"),
            windows
        )))]
        return {
            let _ = target;
            false
        };
    }

    fn type_text(&self, target: &Target, text: &str, enter: bool) -> Result<(), TypingError> {
        self.can_type()?;
        #[cfg(all(target_os = "linux", feature = "gui"))]
        return x11::type_text(target, text, enter);
        #[cfg(windows)]
        return windows::type_text(target, text, enter);
        #[cfg(all(target_os = "macos", feature = "gui"))]
        return macos::type_text(target, text, enter);
        #[cfg(not(any(
            all(any(target_os = "linux", target_os = "macos"), feature = "gui"),
            windows
        )))]
        return {
            let _ = (target, text, enter);
            Err(TypingError::Unsupported)
        };
    }
}

/// What a [`RecordingKeyboard`] was asked to type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Typed {
    pub target: Target,
    pub text: String,
    pub enter: bool,
}

/// A keyboard for tests: a fixed focused window, and a record of what would have been typed.
#[derive(Clone, Default)]
pub struct RecordingKeyboard {
    inner: Arc<Mutex<Recording>>,
}

#[derive(Default)]
struct Recording {
    focused: Option<Target>,
    gone: bool,
    typed: Vec<Typed>,
}

impl RecordingKeyboard {
    /// A keyboard whose focused window is `title`.
    pub fn with_focused(title: &str) -> Self {
        let keyboard = Self::default();
        keyboard.lock().focused = Some(Target {
            handle: 42,
            title: Some(title.to_owned()),
        });
        keyboard
    }

    /// The focused window closes: typing into it fails from now on.
    pub fn close_target(&self) {
        self.lock().gone = true;
    }

    pub fn typed(&self) -> Vec<Typed> {
        self.lock().typed.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Recording> {
        // A panic in a test thread must not hide what was typed before it.
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Keyboard for RecordingKeyboard {
    fn can_type(&self) -> Result<(), TypingError> {
        Ok(())
    }

    fn focused(&self) -> Option<Target> {
        self.lock().focused.clone()
    }

    fn exists(&self, target: &Target) -> bool {
        let recording = self.lock();
        !recording.gone && recording.focused.as_ref() == Some(target)
    }

    fn type_text(&self, target: &Target, text: &str, enter: bool) -> Result<(), TypingError> {
        if !self.exists(target) {
            return Err(TypingError::TargetGone);
        }
        self.lock().typed.push(Typed {
            target: target.clone(),
            text: text.to_owned(),
            enter,
        });
        Ok(())
    }
}
