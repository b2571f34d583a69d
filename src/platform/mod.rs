//! The operating system's services that the window uses beside the vault: one window at a time
//! ([`instance`]), the session's screen lock ([`screen_lock`] on Linux, the Windows and macOS
//! watchers behind one seam, [`screen_lock_signal`]), the tray icon ([`tray`]), starting with the
//! computer ([`autostart`]), screen capture for the import panel ([`capture`]), the quick pick's
//! system-wide shortcut ([`hotkey`], through the desktop portal on Wayland:
//! `portal_shortcuts`) and typing a code into another program ([`typing`]). Each file
//! hides one OS difference behind a small API; they start their own threads where the OS needs
//! one. Must not depend on [`crate::gui`] (the window calls in, never the other way round) nor on
//! the vault.

pub mod autostart;
#[cfg(feature = "gui")]
pub mod capture;
#[cfg(windows)]
pub mod console_windows;
#[cfg(feature = "gui")]
pub mod hotkey;
pub mod instance;
#[cfg(all(target_os = "linux", feature = "gui"))]
pub mod portal_shortcuts;
#[cfg(feature = "gui")]
pub mod screen_lock;
#[cfg(target_os = "macos")]
pub mod screen_lock_macos;
pub mod screen_lock_signal;
#[cfg(windows)]
pub mod screen_lock_windows;
#[cfg(feature = "gui")]
pub mod tray;
pub mod typing;
