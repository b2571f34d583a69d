//! Screen capture: every monitor as RGBA pixels, for [`crate::qr::decode_rgba`] to read the QR
//! codes showing on screen. On Linux/X11 the root window is read with `GetImage` (device
//! pixels, so HiDPI screens come out at full resolution), one frame per RandR monitor; on
//! Wayland the desktop portal (`org.freedesktop.portal.Screenshot`) asks the compositor, which
//! may ask the user; on Windows and macOS the `xcap` crate does it.
//! Must not depend on the UI, the vault or the QR pipeline.

#[cfg(target_os = "linux")]
mod portal;
#[cfg(target_os = "linux")]
mod x11;
#[cfg(any(windows, target_os = "macos"))]
mod xcap_capture;

/// One monitor's pixels: 8-bit RGBA, row-major, `width * height * 4` bytes.
pub struct Frame {
    pub width: usize,
    pub height: usize,
    pub rgba: Vec<u8>,
}

/// Why nothing was captured. `Display` is one English sentence for logs and the CLI; the
/// window words each kind itself.
#[derive(Debug, thiserror::Error)]
pub enum CaptureError {
    /// The user or the system refused (portal dialog cancelled, permission missing).
    #[error("screen capture was not permitted: {0}")]
    NotPermitted(String),
    /// No way to capture in this session (no display, no portal, unsupported pixel format).
    #[error("screen capture is not possible here: {0}")]
    Unavailable(String),
    #[error("screen capture failed: {0}")]
    Failed(String),
}

/// Captures every monitor. Blocks (a portal may show a dialog): call it off the UI thread.
pub fn capture_screens() -> Result<Vec<Frame>, CaptureError> {
    #[cfg(target_os = "linux")]
    {
        let wayland = std::env::var_os("WAYLAND_DISPLAY").is_some()
            || std::env::var("XDG_SESSION_TYPE").is_ok_and(|t| t == "wayland");
        let x11 = std::env::var_os("DISPLAY").is_some();
        if wayland {
            // Under XWayland the X11 root shows only X11 windows (or black): ask the portal.
            return match portal::capture() {
                Err(CaptureError::Unavailable(_)) if x11 => x11::capture(),
                other => other,
            };
        }
        if x11 {
            return x11::capture();
        }
        Err(CaptureError::Unavailable(
            "no graphical session (neither DISPLAY nor WAYLAND_DISPLAY is set)".into(),
        ))
    }
    #[cfg(any(windows, target_os = "macos"))]
    {
        xcap_capture::capture()
    }
    #[cfg(not(any(target_os = "linux", windows, target_os = "macos")))]
    {
        Err(CaptureError::Unavailable(
            "screen capture is not supported on this system".into(),
        ))
    }
}

/// Frames larger than this are refused rather than risk exhausting memory (16K×8K).
#[cfg(target_os = "linux")]
pub(crate) const MAX_PIXELS: usize = 16_384 * 8_192;
