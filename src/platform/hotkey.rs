//! The system-wide shortcuts: the one that opens the quick pick (Ctrl+Alt+O by default) and
//! the per-account ones that type a code at once, each a [`Slot`], through the
//! `global-hotkey` crate: an X11 key grab on the root window (x11rb, no C library),
//! `RegisterHotKey` on Windows, Carbon hot keys on macOS. On Wayland no program may grab keys
//! of the whole desktop: [`Hotkeys::start`] says so instead of failing silently.
//! Must not depend on the window (egui) or the vault. Create it on the thread that runs the
//! window's event loop (Windows and macOS deliver the presses there).

use std::collections::{BTreeMap, HashMap};
use std::str::FromStr;
use std::sync::{Arc, Mutex};

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

/// Which registered shortcut was pressed: the quick pick's, or one named by the window (an
/// account's id; this module does not know what it names).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Slot {
    QuickPick,
    Named(String),
}

/// Whether two shortcuts are the same keys however they are written (`ctrl+alt+1` and
/// `Ctrl+Alt+1`); text that is not a shortcut is the same as nothing.
pub fn same_keys(a: &str, b: &str) -> bool {
    matches!((parse(a), parse(b)), (Ok(a), Ok(b)) if a.id() == b.id())
}

/// The registered shortcuts; dropping it unregisters them.
pub struct Hotkeys {
    manager: GlobalHotKeyManager,
    current: BTreeMap<Slot, HotKey>,
    /// Which slot each registered key's id is, read by the event handler's thread.
    slots: Arc<Mutex<HashMap<u32, Slot>>>,
}

impl Hotkeys {
    /// Starts listening; `pressed` runs (on the hotkey thread, or the event loop's on Windows
    /// and macOS) each time a registered shortcut is pressed, with the one that was.
    pub fn start(pressed: impl Fn(Slot) + Send + Sync + 'static) -> Result<Self, HotkeyError> {
        if super::typing::is_wayland() {
            return Err(HotkeyError::Wayland);
        }
        if cfg!(target_os = "linux") && std::env::var_os("DISPLAY").is_none_or(|d| d.is_empty()) {
            return Err(HotkeyError::NoDisplay);
        }
        let manager =
            GlobalHotKeyManager::new().map_err(|e| HotkeyError::Refused(e.to_string()))?;
        let slots = Arc::new(Mutex::new(HashMap::new()));
        let seen = Arc::clone(&slots);
        GlobalHotKeyEvent::set_event_handler(Some(move |event: GlobalHotKeyEvent| {
            if event.state != HotKeyState::Pressed {
                return;
            }
            let slot = lock(&seen).get(&event.id).cloned();
            if let Some(slot) = slot {
                pressed(slot);
            }
        }));
        Ok(Self {
            manager,
            current: BTreeMap::new(),
            slots,
        })
    }

    /// Registers the quick pick's `shortcut` in place of the current one (`None`: none).
    pub fn set(&mut self, shortcut: Option<&str>) -> Result<(), HotkeyError> {
        self.set_slot(Slot::QuickPick, shortcut)
    }

    /// Registers `shortcut` for `slot` in place of its current one (`None`: none). On failure
    /// the slot has no shortcut.
    pub fn set_slot(&mut self, slot: Slot, shortcut: Option<&str>) -> Result<(), HotkeyError> {
        let next = shortcut.map(parse).transpose()?;
        if let Some(old) = self.current.remove(&slot) {
            lock(&self.slots).remove(&old.id());
            if let Err(e) = self.manager.unregister(old) {
                tracing::warn!(error = %e, "could not unregister the old shortcut");
            }
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
        lock(&self.slots).insert(hotkey.id(), slot.clone());
        self.current.insert(slot, hotkey);
        Ok(())
    }

    /// The named slots registered now.
    pub fn named(&self) -> Vec<String> {
        self.current
            .keys()
            .filter_map(|slot| match slot {
                Slot::Named(name) => Some(name.clone()),
                Slot::QuickPick => None,
            })
            .collect()
    }
}

fn lock(slots: &Mutex<HashMap<u32, Slot>>) -> std::sync::MutexGuard<'_, HashMap<u32, Slot>> {
    // A panic in the handler must not stop the other shortcuts.
    slots
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Drop for Hotkeys {
    fn drop(&mut self) {
        GlobalHotKeyEvent::set_event_handler(None::<fn(GlobalHotKeyEvent)>);
        for (_, hotkey) in std::mem::take(&mut self.current) {
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
        assert!(same_keys("ctrl+alt+1", "Ctrl+Alt+1"));
        assert!(!same_keys("Ctrl+Alt+1", "Ctrl+Alt+2"));
        assert!(!same_keys("Ctrl+Banana", "Ctrl+Banana"));
    }
}
