//! Copying codes for the command line. On X11 and Wayland the text lives only as long as the
//! process that set it, so `--copy` keeps serving it until the clear delay ends, then clears it
//! if it still holds the code.

use std::time::{Duration, Instant};

use arboard::Clipboard;

pub const DEFAULT_CLEAR_AFTER: Duration = Duration::from_secs(30);

#[derive(Debug, thiserror::Error)]
#[error("Could not use the clipboard ({0}); copy the code by hand.")]
pub struct ClipboardError(String);

/// Copies `text`, serves it for `clear_after`, then clears the clipboard if it still holds it.
pub fn copy_and_serve(text: &str, clear_after: Duration) -> Result<(), ClipboardError> {
    let mut clipboard = Clipboard::new().map_err(|e| ClipboardError(e.to_string()))?;
    eprintln!(
        "Copied; the clipboard clears in {} s.",
        clear_after.as_secs()
    );
    let deadline = Instant::now() + clear_after;
    set_until(&mut clipboard, text, deadline)?;
    std::thread::sleep(deadline.saturating_duration_since(Instant::now()));
    if clipboard.get_text().ok().as_deref() == Some(text) {
        let _ = clipboard.clear();
    }
    Ok(())
}

#[cfg(all(unix, not(target_os = "macos")))]
fn set_until(
    clipboard: &mut Clipboard,
    text: &str,
    deadline: Instant,
) -> Result<(), ClipboardError> {
    use arboard::SetExtLinux;
    // Returns when another program takes the clipboard or the deadline passes.
    clipboard
        .set()
        .wait_until(deadline)
        .text(text.to_owned())
        .map_err(|e| ClipboardError(e.to_string()))
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
fn set_until(
    clipboard: &mut Clipboard,
    text: &str,
    _deadline: Instant,
) -> Result<(), ClipboardError> {
    clipboard
        .set_text(text.to_owned())
        .map_err(|e| ClipboardError(e.to_string()))
}
