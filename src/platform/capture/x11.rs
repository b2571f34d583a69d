//! X11: `GetImage` on the root window, cut into one frame per RandR monitor (the whole root
//! when RandR does not answer). Pixels are device pixels, so scaling never blurs a code.

use x11rb::connection::Connection;
use x11rb::protocol::randr::ConnectionExt as _;
use x11rb::protocol::xproto::{ConnectionExt as _, ImageFormat, ImageOrder, Screen, Visualtype};

use super::{CaptureError, Frame, MAX_PIXELS};

struct Rect {
    x: i16,
    y: i16,
    width: u16,
    height: u16,
}

pub fn capture() -> Result<Vec<Frame>, CaptureError> {
    let (conn, screen_num) =
        x11rb::connect(None).map_err(|e| CaptureError::Unavailable(e.to_string()))?;
    let setup = conn.setup();
    let screen = setup
        .roots
        .get(screen_num)
        .ok_or_else(|| CaptureError::Unavailable("the X server reported no screen".into()))?;
    let visual = root_visual(screen)
        .ok_or_else(|| CaptureError::Unavailable("unknown root visual".into()))?;
    let bits = setup
        .pixmap_formats
        .iter()
        .find(|f| f.depth == screen.root_depth)
        .map_or(0, |f| f.bits_per_pixel);
    if bits != 32 {
        return Err(CaptureError::Unavailable(format!(
            "{bits}-bit X11 pixels are not supported"
        )));
    }
    let little_endian = setup.image_byte_order == ImageOrder::LSB_FIRST;
    let rects = monitors(&conn, screen).unwrap_or_else(|| {
        vec![Rect {
            x: 0,
            y: 0,
            width: screen.width_in_pixels,
            height: screen.height_in_pixels,
        }]
    });
    let mut frames = Vec::new();
    for rect in rects {
        let (width, height) = (usize::from(rect.width), usize::from(rect.height));
        if width == 0 || height == 0 || width * height > MAX_PIXELS {
            continue;
        }
        let reply = conn
            .get_image(
                ImageFormat::Z_PIXMAP,
                screen.root,
                rect.x,
                rect.y,
                rect.width,
                rect.height,
                u32::MAX,
            )
            .map_err(|e| CaptureError::Failed(e.to_string()))?
            .reply()
            .map_err(|e| CaptureError::Failed(e.to_string()))?;
        if reply.data.len() < width * height * 4 {
            return Err(CaptureError::Failed(
                "the X server sent a short image".into(),
            ));
        }
        frames.push(Frame {
            width,
            height,
            rgba: to_rgba(&reply.data[..width * height * 4], visual, little_endian),
        });
    }
    Ok(frames)
}

fn root_visual(screen: &Screen) -> Option<&Visualtype> {
    screen
        .allowed_depths
        .iter()
        .flat_map(|d| &d.visuals)
        .find(|v| v.visual_id == screen.root_visual)
}

/// The active monitors, in root-window coordinates; `None` without RandR 1.5.
fn monitors(conn: &impl Connection, screen: &Screen) -> Option<Vec<Rect>> {
    let reply = conn
        .randr_get_monitors(screen.root, true)
        .ok()?
        .reply()
        .ok()?;
    let rects: Vec<Rect> = reply
        .monitors
        .iter()
        .map(|m| Rect {
            x: m.x,
            y: m.y,
            width: m.width,
            height: m.height,
        })
        .collect();
    (!rects.is_empty()).then_some(rects)
}

/// 32-bit pixels with the visual's channel masks (usually BGRX) -> opaque RGBA.
fn to_rgba(data: &[u8], visual: &Visualtype, little_endian: bool) -> Vec<u8> {
    let channel = |pixel: u32, mask: u32| -> u8 {
        if mask == 0 {
            return 0;
        }
        let value = (pixel & mask) >> mask.trailing_zeros();
        let max = mask >> mask.trailing_zeros();
        // Masks are at most 8 bits wide on 32-bit visuals; scale anything else to 0..=255.
        u8::try_from(value * 255 / max).unwrap_or(u8::MAX)
    };
    let mut rgba = Vec::with_capacity(data.len());
    for px in data.chunks_exact(4) {
        let bytes = [px[0], px[1], px[2], px[3]];
        let pixel = if little_endian {
            u32::from_le_bytes(bytes)
        } else {
            u32::from_be_bytes(bytes)
        };
        rgba.extend_from_slice(&[
            channel(pixel, visual.red_mask),
            channel(pixel, visual.green_mask),
            channel(pixel, visual.blue_mask),
            u8::MAX,
        ]);
    }
    rgba
}
