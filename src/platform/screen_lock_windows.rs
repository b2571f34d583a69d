//! Windows: locks the app when the session locks or is disconnected, from the session
//! notifications (`WTSRegisterSessionNotification`, `WM_WTSSESSION_CHANGE`) sent to a hidden
//! message-only window on a thread of its own. Which codes lock is decided in
//! [`super::screen_lock_signal`]; this file only carries them there. Must not depend on the
//! window (egui/winit) or the vault.
//!
//! The one place with `unsafe` on Windows: the Win32 calls have no safe wrapper in a well-kept
//! crate (winit and tray-icon keep their windows to themselves). Every block states why it is
//! sound; nothing here keeps a raw pointer beyond the call that takes it.
#![allow(unsafe_code)]

use std::cell::RefCell;

use windows_sys::Win32::Foundation::{HWND, LPARAM, LRESULT, WPARAM};
use windows_sys::Win32::System::LibraryLoader::GetModuleHandleW;
use windows_sys::Win32::System::RemoteDesktop::{
    NOTIFY_FOR_THIS_SESSION, WTSRegisterSessionNotification,
};
use windows_sys::Win32::UI::WindowsAndMessaging::{
    CreateWindowExW, DefWindowProcW, DispatchMessageW, GetMessageW, HWND_MESSAGE, MSG,
    RegisterClassW, WM_WTSSESSION_CHANGE, WNDCLASSW,
};

use super::screen_lock_signal::{deliver, from_wts_session_change};

/// The class name of the hidden window (also how tests find it).
pub const WINDOW_CLASS: &str = "OtpDeskSessionWatch";

/// Called with the `wParam` of each `WM_WTSSESSION_CHANGE`.
type OnSessionChange = Box<dyn Fn(u32)>;

thread_local! {
    /// What the window procedure calls; set on the watcher thread before its window exists.
    static ON_SESSION_CHANGE: RefCell<Option<OnSessionChange>> = const { RefCell::new(None) };
}

/// Starts the watcher; `locked` runs (on the watcher's thread) each time the session locks.
/// A failure is logged once: the idle timer and Ctrl+L still lock the window.
pub fn watch(locked: impl Fn() + Clone + Send + 'static) {
    let spawned = std::thread::Builder::new()
        .name("screen-lock".into())
        .spawn(move || {
            if let Err(error) = listen(Box::new(move |code| {
                deliver(from_wts_session_change(code), &locked);
            })) {
                tracing::info!(%error, "session lock notifications unavailable");
            }
        });
    if let Err(e) = spawned {
        tracing::warn!(error = %e, "could not start the screen-lock watcher");
    }
}

/// Creates the hidden window, registers it for this session's notifications and runs its
/// message loop until the process ends.
fn listen(on_change: OnSessionChange) -> Result<(), String> {
    ON_SESSION_CHANGE.with(|slot| *slot.borrow_mut() = Some(on_change));
    let class_name: Vec<u16> = WINDOW_CLASS.encode_utf16().chain([0]).collect();
    // SAFETY: a null name asks for this executable's own module handle; nothing is retained.
    let instance = unsafe { GetModuleHandleW(std::ptr::null()) };
    let class = WNDCLASSW {
        lpfnWndProc: Some(window_proc),
        hInstance: instance,
        lpszClassName: class_name.as_ptr(),
        ..WNDCLASSW::default()
    };
    // SAFETY: `class` and the name it points to outlive the call, which copies them. A second
    // watcher finds the class registered already (0 returned), which CreateWindowExW accepts.
    unsafe { RegisterClassW(&raw const class) };
    // SAFETY: the class name is a NUL-terminated UTF-16 string that lives across the call;
    // HWND_MESSAGE makes a message-only window (never shown, no parent to outlive).
    let window = unsafe {
        CreateWindowExW(
            0,
            class_name.as_ptr(),
            class_name.as_ptr(),
            0,
            0,
            0,
            0,
            0,
            HWND_MESSAGE,
            std::ptr::null_mut(),
            instance,
            std::ptr::null(),
        )
    };
    if window.is_null() {
        return Err(format!(
            "CreateWindowExW: {}",
            std::io::Error::last_os_error()
        ));
    }
    // SAFETY: `window` was just created on this thread and stays valid while the loop runs.
    if unsafe { WTSRegisterSessionNotification(window, NOTIFY_FOR_THIS_SESSION) } == 0 {
        return Err(format!(
            "WTSRegisterSessionNotification: {}",
            std::io::Error::last_os_error()
        ));
    }
    let mut message = MSG::default();
    // SAFETY: `message` is a valid MSG to fill; a null HWND reads every message of the thread.
    // GetMessageW returns 0 on WM_QUIT and -1 on error, which both end the loop.
    while unsafe { GetMessageW(&raw mut message, std::ptr::null_mut(), 0, 0) } > 0 {
        // SAFETY: `message` was filled by GetMessageW just above.
        unsafe { DispatchMessageW(&raw const message) };
    }
    Ok(())
}

extern "system" fn window_proc(
    window: HWND,
    message: u32,
    wparam: WPARAM,
    lparam: LPARAM,
) -> LRESULT {
    if message == WM_WTSSESSION_CHANGE {
        let code = u32::try_from(wparam).unwrap_or(u32::MAX);
        ON_SESSION_CHANGE.with(|slot| {
            if let Some(on_change) = &*slot.borrow() {
                on_change(code);
            }
        });
        return 0;
    }
    // SAFETY: forwards exactly what Windows passed to this window procedure.
    unsafe { DefWindowProcW(window, message, wparam, lparam) }
}

/// Runs where the test binary runs on Windows (or under Wine): the real hidden window gets a
/// real `WM_WTSSESSION_CHANGE` and the lock must run for a lock, not for an unlock.
#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::time::{Duration, Instant};

    use windows_sys::Win32::UI::WindowsAndMessaging::{
        FindWindowExW, PostMessageW, WTS_SESSION_LOCK, WTS_SESSION_UNLOCK,
    };

    use super::*;

    fn find_window() -> HWND {
        let class_name: Vec<u16> = WINDOW_CLASS.encode_utf16().chain([0]).collect();
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            // SAFETY: the class name is NUL-terminated and outlives the call.
            let window = unsafe {
                FindWindowExW(
                    HWND_MESSAGE,
                    std::ptr::null_mut(),
                    class_name.as_ptr(),
                    std::ptr::null(),
                )
            };
            if !window.is_null() {
                return window;
            }
            assert!(
                Instant::now() < deadline,
                "the hidden window never appeared"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    #[test]
    fn a_session_lock_message_reaches_the_lock_and_an_unlock_does_not() {
        let (tx, rx) = mpsc::channel();
        watch(move || {
            let _ = tx.send(());
        });
        let window = find_window();
        let post = |code: u32| {
            // SAFETY: posting to a window of this process; the arguments are plain integers.
            let posted = unsafe { PostMessageW(window, WM_WTSSESSION_CHANGE, code as WPARAM, 0) };
            assert_ne!(posted, 0, "PostMessageW failed");
        };
        post(WTS_SESSION_UNLOCK);
        assert!(rx.recv_timeout(Duration::from_millis(300)).is_err());
        post(WTS_SESSION_LOCK);
        rx.recv_timeout(Duration::from_secs(5))
            .expect("the lock did not run");
    }
}
