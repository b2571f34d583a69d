//! Encoded image files and raw pixels -> [`Gray`], refusing what would exhaust memory.
//! Limits are set before any pixel is decoded, and the decoder runs isolated (`super::isolate`).
//! Knows nothing of QR codes.

use std::io::Cursor;

use image::{DynamicImage, ImageError, ImageReader, Limits};

use super::QrError;
use super::prepare::Gray;

/// Longest side we accept: larger than any real screen (8K is 7680).
pub const MAX_SIDE: u32 = 16_384;
/// Most pixels we accept (a 50-megapixel photo); the decoded RGBA copy then stays < 256 MiB.
pub const MAX_PIXELS: u64 = 50_000_000;
const MAX_ALLOC_BYTES: u64 = 256 * 1024 * 1024;

/// Decodes an image file held in memory; `name` is how errors refer to it.
pub fn gray_from_file_bytes(bytes: &[u8], name: &str) -> Result<Gray, QrError> {
    let not_an_image = || QrError::NotAnImage {
        name: name.to_owned(),
    };
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| not_an_image())?;
    if reader.format().is_none() {
        return Err(not_an_image());
    }
    // Read the header alone first, so the size check needs no pixel memory.
    let (width, height) = reader
        .into_dimensions()
        .map_err(|e| load_error(e, name, (0, 0)))?;
    check_size(width, height, name)?;

    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| not_an_image())?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC_BYTES);
    reader.limits(limits);
    let decoded = super::isolate::guarded(|| reader.decode())
        .ok_or_else(|| QrError::Damaged {
            name: name.to_owned(),
        })?
        .map_err(|e| load_error(e, name, (width, height)))?;
    Ok(gray_from_image(&decoded))
}

/// Wraps clipboard or screen-capture pixels (RGBA, 8 bits per channel, row-major).
pub fn gray_from_rgba(width: usize, height: usize, rgba: &[u8]) -> Result<Gray, QrError> {
    let expected = width.checked_mul(height).and_then(|n| n.checked_mul(4));
    if expected != Some(rgba.len()) {
        return Err(QrError::PixelBufferMismatch {
            width,
            height,
            len: rgba.len(),
        });
    }
    if width == 0 || height == 0 {
        return Err(QrError::Empty {
            name: "The pasted image".to_owned(),
        });
    }
    let pixels = rgba
        .chunks_exact(4)
        .map(|p| luma_over_white(p[0], p[1], p[2], p[3]))
        .collect();
    Ok(Gray {
        width,
        height,
        pixels,
    })
}

fn check_size(width: u32, height: u32, name: &str) -> Result<(), QrError> {
    if width == 0 || height == 0 {
        return Err(QrError::Empty {
            name: name.to_owned(),
        });
    }
    let too_large =
        width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS;
    if too_large {
        return Err(QrError::TooLarge {
            name: name.to_owned(),
            width,
            height,
        });
    }
    Ok(())
}

fn load_error(error: ImageError, name: &str, (width, height): (u32, u32)) -> QrError {
    let name = name.to_owned();
    match error {
        ImageError::Limits(_) => QrError::TooLarge {
            name,
            width,
            height,
        },
        ImageError::Unsupported(_) => QrError::NotAnImage { name },
        // A recognised format that fails to decode is cut short or corrupt.
        _ => QrError::Damaged { name },
    }
}

fn gray_from_image(image: &DynamicImage) -> Gray {
    let (width, height) = (image.width() as usize, image.height() as usize);
    // The common screenshot layouts get a direct integer conversion (image's generic
    // `to_luma8` costs more than decoding the PNG itself).
    let pixels = match image {
        DynamicImage::ImageRgb8(rgb) => rgb
            .as_raw()
            .chunks_exact(3)
            .map(|p| luma(p[0], p[1], p[2]))
            .collect(),
        DynamicImage::ImageRgba8(rgba) => rgba
            .as_raw()
            .chunks_exact(4)
            .map(|p| luma_over_white(p[0], p[1], p[2], p[3]))
            .collect(),
        DynamicImage::ImageLuma8(gray) => gray.as_raw().clone(),
        other if other.color().has_alpha() => other
            .to_luma_alpha8()
            .pixels()
            .map(|p| over_white(p.0[0], p.0[1]))
            .collect(),
        other => other.to_luma8().into_raw(),
    };
    Gray {
        width,
        height,
        pixels,
    }
}

/// Rec. 601 luma in fixed point (weights sum to 256).
fn luma(r: u8, g: u8, b: u8) -> u8 {
    let weighted = 77 * u32::from(r) + 150 * u32::from(g) + 29 * u32::from(b);
    // At most 255 * 256, so the shifted value fits in u8.
    (weighted >> 8) as u8
}

/// Rec. 601 luma, composited over white: transparent areas of a pasted image read as paper.
fn luma_over_white(r: u8, g: u8, b: u8, a: u8) -> u8 {
    over_white(luma(r, g, b), a)
}

fn over_white(luma: u8, alpha: u8) -> u8 {
    let (l, a) = (u32::from(luma), u32::from(alpha));
    // A weighted mean of two u8 values fits in u8.
    ((l * a + 255 * (255 - a)) / 255) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transparent_pixels_read_as_white() {
        assert_eq!(luma_over_white(0, 0, 0, 0), 255);
        assert_eq!(luma_over_white(0, 0, 0, 255), 0);
        assert_eq!(luma_over_white(255, 255, 255, 255), 255);
    }

    #[test]
    fn rgba_length_must_match() {
        assert!(matches!(
            gray_from_rgba(2, 2, &[0; 15]),
            Err(QrError::PixelBufferMismatch { .. })
        ));
        assert!(matches!(
            gray_from_rgba(usize::MAX, 2, &[]),
            Err(QrError::PixelBufferMismatch { .. })
        ));
        assert_eq!(
            gray_from_rgba(1, 1, &[255, 255, 255, 255])
                .map(|g| g.pixels)
                .ok(),
            Some(vec![255])
        );
    }
}
