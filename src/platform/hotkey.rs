//! The system-wide shortcuts: the one that opens the quick pick (Ctrl+Alt+O by default) and
//! the per-account ones that type a code at once, each a [`Slot`], through the
//! `global-hotkey` crate: an X11 key grab on the root window (x11rb, no C library),
//! `RegisterHotKey` on Windows, Carbon hot keys on macOS. On Wayland no program may grab keys
//! of the whole desktop: the quick pick's shortcut is asked of the desktop portal's Global
//! Shortcuts where it has them (`portal_shortcuts`), and otherwise [`Hotkeys::start`] says it is
//! not available instead of failing silently. An account's own shortcut types, which Wayland
//! never allows, so there it is refused with [`HotkeyError::WaylandTyping`].
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
    #[error("On Wayland a shortcut may not type into other programs.")]
    WaylandTyping,
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

/// Who listens for the keys: a key grab of this program, or the desktop (Wayland's portal).
enum Backend {
    Grab(GlobalHotKeyManager),
    #[cfg(all(target_os = "linux", feature = "gui"))]
    Portal(super::portal_shortcuts::Portal),
}

/// The registered shortcuts; dropping it unregisters them.
pub struct Hotkeys {
    backend: Backend,
    current: BTreeMap<Slot, HotKey>,
    /// Which slot each registered key's id is, read by the event handler's thread.
    slots: Arc<Mutex<HashMap<u32, Slot>>>,
    pressed: Arc<dyn Fn(Slot) + Send + Sync>,
    /// What the desktop shows for the quick pick's shortcut (the portal's settings).
    description: String,
}

impl Hotkeys {
    /// Starts listening; `pressed` runs (on the hotkey thread, or the event loop's on Windows
    /// and macOS) each time a registered shortcut is pressed, with the one that was.
    pub fn start(pressed: impl Fn(Slot) + Send + Sync + 'static) -> Result<Self, HotkeyError> {
        let pressed: Arc<dyn Fn(Slot) + Send + Sync> = Arc::new(pressed);
        if super::typing::is_wayland() {
            #[cfg(all(target_os = "linux", feature = "gui"))]
            match super::portal_shortcuts::Portal::connect() {
                Ok(portal) => return Ok(Self::with(Backend::Portal(portal), pressed)),
                Err(e) => tracing::info!(error = %e, "no global shortcuts portal"),
            }
            return Err(HotkeyError::Wayland);
        }
        if cfg!(target_os = "linux") && std::env::var_os("DISPLAY").is_none_or(|d| d.is_empty()) {
            return Err(HotkeyError::NoDisplay);
        }
        let manager =
            GlobalHotKeyManager::new().map_err(|e| HotkeyError::Refused(e.to_string()))?;
        let hotkeys = Self::with(Backend::Grab(manager), pressed);
        let (seen, pressed) = (Arc::clone(&hotkeys.slots), Arc::clone(&hotkeys.pressed));
        GlobalHotKeyEvent::set_event_handler(Some(move |event: GlobalHotKeyEvent| {
            if event.state != HotKeyState::Pressed {
                return;
            }
            let slot = lock(&seen).get(&event.id).cloned();
            if let Some(slot) = slot {
                pressed(slot);
            }
        }));
        Ok(hotkeys)
    }

    /// The desktop's portal, for tests on a private bus.
    #[cfg(all(target_os = "linux", feature = "gui"))]
    pub fn with_portal(
        portal: super::portal_shortcuts::Portal,
        pressed: impl Fn(Slot) + Send + Sync + 'static,
    ) -> Self {
        Self::with(Backend::Portal(portal), Arc::new(pressed))
    }

    fn with(backend: Backend, pressed: Arc<dyn Fn(Slot) + Send + Sync>) -> Self {
        Self {
            backend,
            current: BTreeMap::new(),
            slots: Arc::new(Mutex::new(HashMap::new())),
            pressed,
            description: "OTP Desk".to_owned(),
        }
    }

    /// What the desktop shows for the quick pick's shortcut, in the person's language.
    pub fn describe(&mut self, description: &str) {
        description.clone_into(&mut self.description);
    }

    /// Whether the desktop (Wayland's portal), not this program, listens for the keys.
    pub fn through_desktop(&self) -> bool {
        !matches!(self.backend, Backend::Grab(_))
    }

    /// Registers the quick pick's `shortcut` in place of the current one (`None`: none).
    pub fn set(&mut self, shortcut: Option<&str>) -> Result<(), HotkeyError> {
        self.set_slot(Slot::QuickPick, shortcut)
    }

    /// Registers `shortcut` for `slot` in place of its current one (`None`: none). On failure
    /// the slot has no shortcut.
    // Only Linux has a second backend (the portal); elsewhere the match has one arm.
    #[cfg_attr(
        not(all(target_os = "linux", feature = "gui")),
        allow(clippy::infallible_destructuring_match)
    )]
    pub fn set_slot(&mut self, slot: Slot, shortcut: Option<&str>) -> Result<(), HotkeyError> {
        let next = shortcut.map(parse).transpose()?;
        let manager = match &self.backend {
            Backend::Grab(manager) => manager,
            #[cfg(all(target_os = "linux", feature = "gui"))]
            Backend::Portal(portal) => {
                return self.set_through_portal(portal, slot, shortcut.zip(next));
            }
        };
        if let Some(old) = self.current.remove(&slot) {
            lock(&self.slots).remove(&old.id());
            if let Err(e) = manager.unregister(old) {
                tracing::warn!(error = %e, "could not unregister the old shortcut");
            }
        }
        let Some(hotkey) = next else {
            return Ok(());
        };
        manager.register(hotkey).map_err(|e| match e {
            global_hotkey::Error::AlreadyRegistered(_) => {
                HotkeyError::Taken(shortcut.unwrap_or_default().to_owned())
            }
            other => HotkeyError::Refused(other.to_string()),
        })?;
        lock(&self.slots).insert(hotkey.id(), slot.clone());
        self.current.insert(slot, hotkey);
        Ok(())
    }

    /// Wayland: only the quick pick's shortcut, and the desktop listens for it.
    #[cfg(all(target_os = "linux", feature = "gui"))]
    fn set_through_portal(
        &self,
        portal: &super::portal_shortcuts::Portal,
        slot: Slot,
        next: Option<(&str, HotKey)>,
    ) -> Result<(), HotkeyError> {
        if slot != Slot::QuickPick {
            return if next.is_some() {
                Err(HotkeyError::WaylandTyping)
            } else {
                Ok(())
            };
        }
        match next {
            Some((text, _)) => {
                let pressed = Arc::clone(&self.pressed);
                portal.bind(
                    text,
                    &self.description,
                    Arc::new(move || pressed(Slot::QuickPick)),
                );
            }
            None => portal.unbind(),
        }
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
    // Only Linux has a second backend (the portal); elsewhere the pattern always matches.
    #[cfg_attr(
        not(all(target_os = "linux", feature = "gui")),
        allow(irrefutable_let_patterns)
    )]
    fn drop(&mut self) {
        if let Backend::Grab(manager) = &self.backend {
            GlobalHotKeyEvent::set_event_handler(None::<fn(GlobalHotKeyEvent)>);
            for (_, hotkey) in std::mem::take(&mut self.current) {
                let _ = manager.unregister(hotkey);
            }
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
