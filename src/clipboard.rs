//! Putting codes on the system clipboard, for the window and the command line alike: every code
//! goes through [`copy_sensitive`], which marks it so that clipboard history, the cloud
//! clipboard and clipboard managers skip it, and is cleared with [`clear_if_unchanged`]. Knows
//! nothing of accounts or the window; arboard does the platform work.
//!
//! The marks, all set by arboard 3.7:
//! - Windows: `ExcludeClipboardContentFromMonitorProcessing`, `CanIncludeInClipboardHistory` = 0
//!   and `CanUploadToCloudClipboard` = 0
//!   ([clipboard formats](https://learn.microsoft.com/en-us/windows/win32/dataxchg/clipboard-formats#cloud-clipboard-and-clipboard-history-formats)).
//! - Linux (X11 and Wayland): the `x-kde-passwordManagerHint` type, honoured by Klipper and
//!   other clipboard managers.
//! - macOS: `org.nspasteboard.ConcealedType` ([nspasteboard.org](http://nspasteboard.org/)).
//!
//! On X11 and Wayland the text lives only as long as the process that set it, so the command
//! line's `--copy` keeps serving it until the clear delay ends ([`copy_and_serve`]).

use std::time::{Duration, Instant};

use arboard::Clipboard;

pub const DEFAULT_CLEAR_AFTER: Duration = Duration::from_secs(30);

#[derive(Debug, thiserror::Error)]
#[error("Could not use the clipboard ({0}); copy the code by hand.")]
pub struct ClipboardError(String);

impl From<arboard::Error> for ClipboardError {
    fn from(error: arboard::Error) -> Self {
        Self(error.to_string())
    }
}

/// Puts `text` (a code, or a key the user asked to copy) on the clipboard, marked as sensitive
/// on every platform. Returns at once; on Linux the text is served as long as `clipboard` lives.
pub fn copy_sensitive(clipboard: &mut Clipboard, text: &str) -> Result<(), arboard::Error> {
    sensitive(clipboard.set()).text(text)
}

/// Clears the clipboard if it still holds `text`, so a code the user has since replaced with
/// something else is never wiped. For the clear delay and when the window quits.
pub fn clear_if_unchanged(clipboard: &mut Clipboard, text: &str) {
    if clipboard.get_text().ok().as_deref() == Some(text) {
        let _ = clipboard.clear();
    }
}

/// Copies `text`, serves it for `clear_after`, then clears the clipboard if it still holds it.
pub fn copy_and_serve(text: &str, clear_after: Duration) -> Result<(), ClipboardError> {
    let mut clipboard = Clipboard::new()?;
    eprintln!(
        "Copied; the clipboard clears in {} s.",
        clear_after.as_secs()
    );
    let deadline = Instant::now() + clear_after;
    set_until(&mut clipboard, text, deadline)?;
    std::thread::sleep(deadline.saturating_duration_since(Instant::now()));
    clear_if_unchanged(&mut clipboard, text);
    Ok(())
}

#[cfg(all(unix, not(target_os = "macos")))]
fn sensitive(set: arboard::Set<'_>) -> arboard::Set<'_> {
    use arboard::SetExtLinux;
    set.exclude_from_history()
}

#[cfg(windows)]
fn sensitive(set: arboard::Set<'_>) -> arboard::Set<'_> {
    use arboard::SetExtWindows;
    // arboard's docs advise monitoring alone, but the history and cloud formats are what
    // Windows 10/11 itself reads; all three cost nothing.
    set.exclude_from_monitoring()
        .exclude_from_history()
        .exclude_from_cloud()
}

#[cfg(target_os = "macos")]
fn sensitive(set: arboard::Set<'_>) -> arboard::Set<'_> {
    use arboard::SetExtApple;
    set.exclude_from_history()
}

#[cfg(all(unix, not(target_os = "macos")))]
fn set_until(
    clipboard: &mut Clipboard,
    text: &str,
    deadline: Instant,
) -> Result<(), ClipboardError> {
    use arboard::SetExtLinux;
    // Returns when another program takes the clipboard or the deadline passes.
    Ok(sensitive(clipboard.set()).wait_until(deadline).text(text)?)
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
fn set_until(
    clipboard: &mut Clipboard,
    text: &str,
    _deadline: Instant,
) -> Result<(), ClipboardError> {
    Ok(copy_sensitive(clipboard, text)?)
}
