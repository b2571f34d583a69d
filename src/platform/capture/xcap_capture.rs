//! Windows and macOS: every monitor through `xcap` (macOS asks for the Screen Recording
//! permission the first time; without it the capture fails or comes back empty).

use super::{CaptureError, Frame};

pub fn capture() -> Result<Vec<Frame>, CaptureError> {
    let monitors = xcap::Monitor::all().map_err(|e| CaptureError::Unavailable(e.to_string()))?;
    let mut frames = Vec::new();
    for monitor in monitors {
        let image = monitor
            .capture_image()
            .map_err(|e| CaptureError::NotPermitted(e.to_string()))?;
        let (width, height) = (image.width() as usize, image.height() as usize);
        frames.push(Frame {
            width,
            height,
            rgba: image.into_raw(),
        });
    }
    Ok(frames)
}
