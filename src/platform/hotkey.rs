//! The system-wide shortcut that opens the quick pick (Ctrl+Alt+O by default), through the
//! `global-hotkey` crate: an X11 key grab on the root window (x11rb, no C library),
//! `RegisterHotKey` on Windows, Carbon hot keys on macOS. On Wayland no program may grab keys
//! of the whole desktop: [`Hotkeys::start`] says so instead of failing silently.
//! Must not depend on the window (egui) or the vault. Create it on the thread that runs the
//! window's event loop (Windows and macOS deliver the presses there).

use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use global_hotkey::hotkey::{HotKey, Modifiers};
use global_hotkey::{GlobalHotKeyEvent, GlobalHotKeyManager, HotKeyState};

/// The shortcut the quick pick starts with.
pub const DEFAULT_SHORTCUT: &str = "Ctrl+Alt+O";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HotkeyError {
    #[error("System-wide shortcuts are not available on Wayland.")]
    Wayland,
    #[error("There is no X11 display to register the shortcut on.")]
    NoDisplay,
    #[error("“{0}” is not a shortcut (write it like Ctrl+Alt+O).")]
    Invalid(String),
    #[error("A shortcut needs Ctrl, Alt or the logo key, so that typing is not taken.")]
    NoModifier,
    #[error("Another program already uses {0}.")]
    Taken(String),
    #[error("The system refused the shortcut: {0}")]
    Refused(String),
}

/// Reads a shortcut written like `Ctrl+Alt+O` (any case; Shift, Super/Cmd allowed). A shortcut
/// needs Ctrl, Alt or the logo key: a plain letter or Shift+letter would take typing away.
pub fn parse(text: &str) -> Result<HotKey, HotkeyError> {
    let hotkey = HotKey::from_str(text.trim()).map_err(|_| HotkeyError::Invalid(text.into()))?;
    if !hotkey
        .mods
        .intersects(Modifiers::CONTROL | Modifiers::ALT | Modifiers::META)
    {
        return Err(HotkeyError::NoModifier);
    }
    Ok(hotkey)
}

/// The registered shortcut; dropping it unregisters it.
pub struct Hotkeys {
    manager: GlobalHotKeyManager,
    current: Option<HotKey>,
    /// The id of the current shortcut, read by the event handler's thread.
    current_id: Arc<AtomicU32>,
}

impl Hotkeys {
    /// Starts listening; `pressed` runs (on the hotkey thread, or the event loop's on Windows
    /// and macOS) each time the registered shortcut is pressed.
    pub fn start(pressed: impl Fn() + Send + Sync + 'static) -> Result<Self, HotkeyError> {
        if super::typing::is_wayland() {
            return Err(HotkeyError::Wayland);
        }
        if cfg!(target_os = "linux") && std::env::var_os("DISPLAY").is_none_or(|d| d.is_empty()) {
            return Err(HotkeyError::NoDisplay);
        }
        let manager =
            GlobalHotKeyManager::new().map_err(|e| HotkeyError::Refused(e.to_string()))?;
        let current_id = Arc::new(AtomicU32::new(0));
        let id = Arc::clone(&current_id);
        GlobalHotKeyEvent::set_event_handler(Some(move |event: GlobalHotKeyEvent| {
            if event.state == HotKeyState::Pressed && event.id == id.load(Ordering::Relaxed) {
                pressed();
            }
        }));
        Ok(Self {
            manager,
            current: None,
            current_id,
        })
    }

    /// Registers `shortcut` in place of the current one (`None`: none). On failure no shortcut
    /// is registered.
    pub fn set(&mut self, shortcut: Option<&str>) -> Result<(), HotkeyError> {
        let next = shortcut.map(parse).transpose()?;
        if let Some(old) = self.current.take()
            && let Err(e) = self.manager.unregister(old)
        {
            tracing::warn!(error = %e, "could not unregister the old shortcut");
        }
        let Some(hotkey) = next else {
            return Ok(());
        };
        self.manager.register(hotkey).map_err(|e| match e {
            global_hotkey::Error::AlreadyRegistered(_) => {
                HotkeyError::Taken(shortcut.unwrap_or_default().to_owned())
            }
            other => HotkeyError::Refused(other.to_string()),
        })?;
        self.current_id.store(hotkey.id(), Ordering::Relaxed);
        self.current = Some(hotkey);
        Ok(())
    }
}

impl Drop for Hotkeys {
    fn drop(&mut self) {
        GlobalHotKeyEvent::set_event_handler(None::<fn(GlobalHotKeyEvent)>);
        if let Some(hotkey) = self.current.take() {
            let _ = self.manager.unregister(hotkey);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcuts_are_read_in_any_case_and_need_a_modifier() {
        assert_eq!(parse("Ctrl+Alt+O"), parse("ctrl+alt+o"));
        assert!(parse(" Ctrl+Shift+F9 ").is_ok());
        assert_eq!(parse("Shift+O"), Err(HotkeyError::NoModifier));
        assert_eq!(parse("O"), Err(HotkeyError::NoModifier));
        assert!(matches!(parse("Ctrl+Alt+"), Err(HotkeyError::Invalid(_))));
        assert!(matches!(parse("Ctrl+Banana"), Err(HotkeyError::Invalid(_))));
    }
}
