//! What each operating system says when the session locks, and which of it locks OTP Desk: the
//! seam between the platform watchers (`screen_lock_windows`, `screen_lock_macos`, the Linux
//! D-Bus watcher) and the window's lock. Pure: no OS calls, so the mapping is tested on every
//! platform, including the codes that cannot be raised on this machine.
//!
//! Sources: [WM_WTSSESSION_CHANGE](https://learn.microsoft.com/en-us/windows/win32/termserv/wm-wtssession-change)
//! and the `com.apple.screenIsLocked` distributed notification that loginwindow posts.

/// A change of the user's session as a watcher saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionChange {
    /// The screen locked, or the session was disconnected from its screen (fast user
    /// switching, a remote desktop that went away): someone else may be at the desk.
    Locked,
    /// Anything else (unlock, log on, remote control); the app's own lock stays as it is.
    Other,
}

/// `WTS_CONSOLE_DISCONNECT`, `WTS_REMOTE_DISCONNECT`, `WTS_SESSION_LOCK`: the `wParam` values of
/// `WM_WTSSESSION_CHANGE` after which the desk may be someone else's.
pub const WTS_LOCKING_CODES: [u32; 3] = [2, 4, 7];

/// The distributed notification macOS posts when the screen locks (screen saver with password,
/// Ctrl+Cmd+Q, lid closed, fast user switching).
pub const MACOS_SCREEN_LOCKED: &str = "com.apple.screenIsLocked";

/// Maps the `wParam` of `WM_WTSSESSION_CHANGE`.
pub fn from_wts_session_change(code: u32) -> SessionChange {
    if WTS_LOCKING_CODES.contains(&code) {
        SessionChange::Locked
    } else {
        SessionChange::Other
    }
}

/// Maps the name of a macOS distributed notification.
pub fn from_macos_notification(name: &str) -> SessionChange {
    if name == MACOS_SCREEN_LOCKED {
        SessionChange::Locked
    } else {
        SessionChange::Other
    }
}

/// Passes a change on to the lock: `locked` runs exactly for [`SessionChange::Locked`].
pub fn deliver(change: SessionChange, locked: &dyn Fn()) {
    if change == SessionChange::Locked {
        tracing::info!("screen locked");
        locked();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    /// How often the lock ran for each raw OS value, through the same path the watchers use.
    fn locks_for<T: Copy>(values: &[T], map: impl Fn(T) -> SessionChange) -> Vec<u32> {
        values
            .iter()
            .map(|&value| {
                let count = Cell::new(0);
                deliver(map(value), &|| count.set(count.get() + 1));
                count.get()
            })
            .collect()
    }

    #[test]
    fn windows_locks_on_lock_and_disconnect_only() {
        // WTS_CONSOLE_CONNECT 1, CONSOLE_DISCONNECT 2, REMOTE_CONNECT 3, REMOTE_DISCONNECT 4,
        // SESSION_LOGON 5, SESSION_LOGOFF 6, SESSION_LOCK 7, SESSION_UNLOCK 8,
        // SESSION_REMOTE_CONTROL 9, SESSION_CREATE 10, SESSION_TERMINATE 11.
        let codes: Vec<u32> = (0..=11).chain([u32::MAX]).collect();
        let want = [0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0];
        assert_eq!(locks_for(&codes, from_wts_session_change), want);
    }

    #[test]
    fn macos_locks_on_the_screen_locked_notification_only() {
        let names = [
            "com.apple.screenIsLocked",
            "com.apple.screenIsUnlocked",
            "com.apple.screensaver.didstart",
            "com.apple.screenislocked",
            "",
        ];
        assert_eq!(locks_for(&names, from_macos_notification), [1, 0, 0, 0, 0]);
    }
}
