//! Windows: the foreground window (`GetForegroundWindow`, its title with `GetWindowTextW`),
//! giving it back (`SetForegroundWindow`, allowed while OTP Desk is the foreground process),
//! the modifiers' state (`GetAsyncKeyState`) and the typing itself (`SendInput` with the
//! layout's virtual keys from `VkKeyScanW`, Shift added where the layout needs it — AZERTY's
//! digits). A window left in menu mode (`GetGUIThreadInfo`) gets Esc first: the shortcut's Alt,
//! whose O the hotkey took, reaches the window that had the focus as an Alt pressed alone, which
//! opens its window menu (seen under Wine) — the digits would pick menu items. The Win32 calls have no safe wrapper in a well-kept crate; every block states why
//! it is sound, and no pointer is kept beyond the call that takes it.
#![allow(unsafe_code)]

use std::time::{Duration, Instant};

use windows_sys::Win32::Foundation::HWND;
use windows_sys::Win32::UI::Input::KeyboardAndMouse::{
    GetAsyncKeyState, INPUT, INPUT_0, INPUT_KEYBOARD, KEYBDINPUT, KEYEVENTF_KEYUP, SendInput,
    VK_CONTROL, VK_ESCAPE, VK_LWIN, VK_MENU, VK_RETURN, VK_RWIN, VK_SHIFT, VkKeyScanW,
};
use windows_sys::Win32::UI::WindowsAndMessaging::{
    GUI_INMENUMODE, GUI_POPUPMENUMODE, GUI_SYSTEMMENUMODE, GUITHREADINFO, GetForegroundWindow,
    GetGUIThreadInfo, GetWindowTextW, GetWindowThreadProcessId, IsWindow, SetForegroundWindow,
};

use super::{Target, TypingError};

const RELEASE_WAIT: Duration = Duration::from_secs(5);
const FOCUS_WAIT: Duration = Duration::from_millis(1500);
const KEY_GAP: Duration = Duration::from_millis(8);
const POLL: Duration = Duration::from_millis(10);

fn hwnd(target: &Target) -> HWND {
    // The handle came from `focused` on this system; it is only compared and passed back.
    target.handle as usize as HWND
}

pub fn focused() -> Option<Target> {
    // SAFETY: no arguments; returns a handle or null.
    let window = unsafe { GetForegroundWindow() };
    if window.is_null() {
        return None;
    }
    let mut buffer = [0u16; 256];
    // SAFETY: the buffer is valid for its length, which is passed; the call writes at most
    // that many UTF-16 units and returns how many it wrote.
    let len = unsafe { GetWindowTextW(window, buffer.as_mut_ptr(), buffer.len() as i32) };
    let title = usize::try_from(len)
        .ok()
        .filter(|n| *n > 0)
        .map(|n| String::from_utf16_lossy(&buffer[..n.min(buffer.len())]));
    Some(Target {
        handle: window as usize as u64,
        title,
    })
}

pub fn exists(target: &Target) -> bool {
    // SAFETY: IsWindow accepts any value and only says whether it names a window.
    unsafe { IsWindow(hwnd(target)) != 0 }
}

fn modifiers_held() -> bool {
    [VK_CONTROL, VK_MENU, VK_SHIFT, VK_LWIN, VK_RWIN]
        .iter()
        .any(|vk| {
            // SAFETY: a plain query of one key's state.
            let state = unsafe { GetAsyncKeyState(i32::from(*vk)) };
            state < 0
        })
}

fn key(vk: u16, up: bool) -> INPUT {
    INPUT {
        r#type: INPUT_KEYBOARD,
        Anonymous: INPUT_0 {
            ki: KEYBDINPUT {
                wVk: vk,
                wScan: 0,
                dwFlags: if up { KEYEVENTF_KEYUP } else { 0 },
                time: 0,
                dwExtraInfo: 0,
            },
        },
    }
}

fn send(input: INPUT) -> Result<(), TypingError> {
    // SAFETY: one valid INPUT, its count and its size.
    let sent = unsafe { SendInput(1, &input, std::mem::size_of::<INPUT>() as i32) };
    std::thread::sleep(KEY_GAP);
    if sent == 1 {
        Ok(())
    } else {
        Err(TypingError::Refused("SendInput was blocked".into()))
    }
}

/// Whether the thread of `window` shows a menu (its window menu, a menu bar or a pop-up).
fn in_menu_mode(window: HWND) -> bool {
    // SAFETY: any handle is accepted; a null pointer asks for no process id.
    let thread = unsafe { GetWindowThreadProcessId(window, std::ptr::null_mut()) };
    let mut info = GUITHREADINFO {
        cbSize: std::mem::size_of::<GUITHREADINFO>() as u32,
        ..GUITHREADINFO::default()
    };
    // SAFETY: `info` is a valid GUITHREADINFO with its size set, written only during the call.
    let known = unsafe { GetGUIThreadInfo(thread, &mut info) } != 0;
    known && info.flags & (GUI_INMENUMODE | GUI_POPUPMENUMODE | GUI_SYSTEMMENUMODE) != 0
}

/// Closes a menu the shortcut's Alt opened in `window` (Esc, at most twice: a sub-menu, then
/// the menu).
fn leave_menu_mode(window: HWND) -> Result<(), TypingError> {
    for _ in 0..2 {
        if !in_menu_mode(window) {
            return Ok(());
        }
        send(key(VK_ESCAPE, false))?;
        send(key(VK_ESCAPE, true))?;
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok(())
}

fn tap(c: char) -> Result<(), TypingError> {
    let (vk, shift) = if c == '\n' {
        (VK_RETURN, false)
    } else {
        // SAFETY: a plain lookup in the current layout.
        let scan = unsafe { VkKeyScanW(c as u16) };
        if scan == -1 {
            return Err(TypingError::Refused(
                "a character of the code has no key in this layout".into(),
            ));
        }
        let [vk, state] = scan.to_le_bytes();
        (u16::from(vk), state & 1 != 0)
    };
    if shift {
        send(key(VK_SHIFT, false))?;
    }
    send(key(vk, false))?;
    send(key(vk, true))?;
    if shift {
        send(key(VK_SHIFT, true))?;
    }
    Ok(())
}

pub fn type_text(target: &Target, text: &str, enter: bool) -> Result<(), TypingError> {
    let deadline = Instant::now() + RELEASE_WAIT;
    while modifiers_held() {
        if Instant::now() > deadline {
            return Err(TypingError::ModifiersHeld);
        }
        std::thread::sleep(POLL);
    }
    if !exists(target) {
        return Err(TypingError::TargetGone);
    }
    let window = hwnd(target);
    // SAFETY: the handle names a window (checked above); the call only asks for activation.
    unsafe { SetForegroundWindow(window) };
    let deadline = Instant::now() + FOCUS_WAIT;
    // SAFETY: no arguments.
    while unsafe { GetForegroundWindow() } != window {
        if Instant::now() > deadline {
            return Err(TypingError::NoFocus);
        }
        std::thread::sleep(POLL);
    }
    leave_menu_mode(window)?;
    for c in text.chars().filter(char::is_ascii_alphanumeric) {
        tap(c)?;
    }
    if enter {
        tap('\n')?;
    }
    Ok(())
}
