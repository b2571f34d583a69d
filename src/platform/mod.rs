//! OS services outside the window: the screen-lock watchers of each platform behind one seam
//! ([`screen_lock_signal`]). Nothing here draws or knows the vault.

#[cfg(target_os = "macos")]
pub mod screen_lock_macos;
pub mod screen_lock_signal;
#[cfg(windows)]
pub mod screen_lock_windows;
