//! macOS: the app in front (`NSWorkspace.frontmostApplication`, its name for the audit record),
//! giving it the focus back (`NSRunningApplication.activateWithOptions`), the modifiers' state
//! (`CGEventSourceFlagsState`) and the typing itself: one `CGEvent` key press and release per
//! character, the character set as the event's Unicode text (so the layout does not matter).
//! Posting events to other apps needs the Accessibility permission: [`may_post`] asks macOS
//! (`CGPreflightPostEventAccess`) and, the first time, shows the system's own request
//! (`CGRequestPostEventAccess`), which opens System Settings → Privacy & Security →
//! Accessibility. The one unsafe call passes a pointer to one UTF-16 unit on the stack.
//! Built and linted from Linux (`scripts/cross-check.sh`); not run here.
#![allow(unsafe_code)]

use std::sync::Once;
use std::time::{Duration, Instant};

use objc2_app_kit::{NSApplicationActivationOptions, NSRunningApplication, NSWorkspace};
use objc2_core_graphics::{
    CGEvent, CGEventFlags, CGEventSource, CGEventSourceStateID, CGEventTapLocation,
    CGPreflightPostEventAccess, CGRequestPostEventAccess,
};

use super::{Target, TypingError};

const RELEASE_WAIT: Duration = Duration::from_secs(5);
const FOCUS_WAIT: Duration = Duration::from_millis(1500);
const KEY_GAP: Duration = Duration::from_millis(8);
const POLL: Duration = Duration::from_millis(10);
/// `kVK_Return`.
const RETURN_KEY: u16 = 36;

/// Whether OTP Desk may post key events to other apps (the Accessibility permission); the
/// first refusal shows macOS's own request.
pub fn may_post() -> bool {
    static ASKED: Once = Once::new();
    if CGPreflightPostEventAccess() {
        return true;
    }
    ASKED.call_once(|| {
        let _ = CGRequestPostEventAccess();
    });
    false
}

fn running(target: &Target) -> Option<objc2::rc::Retained<NSRunningApplication>> {
    let pid = i32::try_from(target.handle).ok()?;
    NSRunningApplication::runningApplicationWithProcessIdentifier(pid).filter(|a| !a.isTerminated())
}

pub fn focused() -> Option<Target> {
    let app = NSWorkspace::sharedWorkspace().frontmostApplication()?;
    let pid = u64::try_from(app.processIdentifier()).ok()?;
    Some(Target {
        handle: pid,
        title: app.localizedName().map(|n| n.to_string()),
    })
}

pub fn exists(target: &Target) -> bool {
    running(target).is_some()
}

fn modifiers_held() -> bool {
    let held = CGEventFlags::MaskCommand
        | CGEventFlags::MaskControl
        | CGEventFlags::MaskAlternate
        | CGEventFlags::MaskShift;
    CGEventSource::flags_state(CGEventSourceStateID::CombinedSessionState).intersects(held)
}

/// One key press and release: `text` a character, or `None` with `key` a virtual key.
fn tap(key: u16, text: Option<char>) -> Result<(), TypingError> {
    for down in [true, false] {
        let event = CGEvent::new_keyboard_event(None, key, down)
            .ok_or_else(|| TypingError::Refused("macOS made no key event".into()))?;
        if let Some(c) = text {
            let mut unit = [0u16; 2];
            let units = c.encode_utf16(&mut unit);
            // SAFETY: the pointer is to `unit`, valid for the length passed, and read only
            // during the call.
            unsafe {
                CGEvent::keyboard_set_unicode_string(Some(&event), units.len() as _, units.as_ptr())
            };
        }
        CGEvent::post(CGEventTapLocation::HIDEventTap, Some(&event));
        std::thread::sleep(KEY_GAP);
    }
    Ok(())
}

pub fn type_text(target: &Target, text: &str, enter: bool) -> Result<(), TypingError> {
    if !may_post() {
        return Err(TypingError::Accessibility);
    }
    let deadline = Instant::now() + RELEASE_WAIT;
    while modifiers_held() {
        if Instant::now() > deadline {
            return Err(TypingError::ModifiersHeld);
        }
        std::thread::sleep(POLL);
    }
    let app = running(target).ok_or(TypingError::TargetGone)?;
    #[allow(deprecated)] // its replacement, `activate`, needs macOS 14; we support 10.15.
    let _ = app.activateWithOptions(NSApplicationActivationOptions::ActivateIgnoringOtherApps);
    let deadline = Instant::now() + FOCUS_WAIT;
    while !app.isActive() {
        if Instant::now() > deadline {
            return Err(TypingError::NoFocus);
        }
        std::thread::sleep(POLL);
    }
    for c in text.chars().filter(char::is_ascii_alphanumeric) {
        tap(0, Some(c))?;
    }
    if enter {
        tap(RETURN_KEY, None)?;
    }
    Ok(())
}
