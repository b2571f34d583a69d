//! QR decoding: an image file or screen pixels -> the text of every QR code in it.
//!
//! The pipeline: [`load`] decodes the file under size limits, [`prepare`] makes grayscale
//! images, [`binarise`] black-and-white bitmaps ([`views`] makes each once per image),
//! [`locate`] finds code-like patches, [`pipeline`] tries strategies from cheapest to
//! dearest and stops once every code-like patch is read or an account text is found,
//! [`decode`] runs rqrr (isolated from panics) and [`text`] turns
//! payload bytes into text (ECI, Shift_JIS, ISO-8859-1; ISO/IEC 18004). When rqrr reads
//! nothing, [`rescue`] hands the bitmaps to [`detect`], OTP Desk's own detector (eyes,
//! perspective, curled paper, QR Model 1), which hands the sampled modules back to rqrr
//! for error correction (Model 1 aside).
//! Pure apart from [`decode_file`] reading one file; must not depend on the UI, store or vault
//! (it asks [`crate::uri`] only which texts are accounts).

mod binarise;
mod budget;
mod decode;
mod detect;
mod hits;
mod isolate;
mod load;
mod locate;
mod pipeline;
mod prepare;
mod rescue;
mod text;
mod views;

use std::path::Path;

/// Why an image gave no answer. `Display` is one sentence for the user.
#[derive(Debug, thiserror::Error)]
pub enum QrError {
    #[error("{name} is not an image OTP Desk can read (PNG, JPEG, GIF, BMP, WebP).")]
    NotAnImage { name: String },
    #[error("{name} is truncated or damaged; save or copy the screenshot again.")]
    Damaged { name: String },
    #[error("{name} is too large ({width}×{height} pixels); crop it around the QR code.")]
    TooLarge {
        name: String,
        width: u32,
        height: u32,
    },
    #[error("{name} has no pixels.")]
    Empty { name: String },
    #[error("Could not read {name}: {source}.")]
    Io {
        name: String,
        source: std::io::Error,
    },
    #[error(
        "The pasted image is inconsistent: {len} bytes of pixels for a {width}×{height} RGBA image."
    )]
    PixelBufferMismatch {
        width: usize,
        height: usize,
        len: usize,
    },
}

/// Reads every QR code in an encoded image (PNG, JPEG, GIF, BMP, WebP).
///
/// Each distinct text appears once, top to bottom then left to right.
/// `Ok(vec![])` means the image was read but holds no readable code.
pub fn decode_bytes(bytes: &[u8]) -> Result<Vec<String>, QrError> {
    let gray = load::gray_from_file_bytes(bytes, "The image")?;
    Ok(pipeline::read_codes(&gray))
}

/// Like [`decode_bytes`] for a file; errors name the file.
pub fn decode_file(path: &Path) -> Result<Vec<String>, QrError> {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let bytes = std::fs::read(path).map_err(|source| QrError::Io {
        name: name.clone(),
        source,
    })?;
    let gray = load::gray_from_file_bytes(&bytes, &name)?;
    Ok(pipeline::read_codes(&gray))
}

/// Reads every QR code in RGBA pixels (8 bits per channel, row-major), e.g. from the
/// clipboard or a screen capture.
pub fn decode_rgba(width: usize, height: usize, rgba: &[u8]) -> Result<Vec<String>, QrError> {
    let gray = load::gray_from_rgba(width, height, rgba)?;
    Ok(pipeline::read_codes(&gray))
}
