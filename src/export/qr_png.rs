//! A QR code as a PNG image (ISO/IEC 18004 via the `qrcode` crate, PNG via `image`): black
//! modules on white with the 4-module quiet zone the standard asks for, big enough for a
//! phone camera to read off a screen or paper.

use image::{GrayImage, ImageFormat, Luma};
use qrcode::{Color, EcLevel, QrCode};

use super::ExportError;

const QUIET_ZONE_MODULES: u32 = 4;
const PIXELS_PER_MODULE: u32 = 8;

/// The PNG bytes of a QR code holding `text` (error correction M, as Google's export uses).
pub fn qr_png(text: &str) -> Result<Vec<u8>, ExportError> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|e| ExportError::Qr(e.to_string()))?;
    let modules = u32::try_from(code.width()).map_err(|e| ExportError::Qr(e.to_string()))?;
    let colors = code.to_colors();
    let side = (modules + 2 * QUIET_ZONE_MODULES) * PIXELS_PER_MODULE;
    let image = GrayImage::from_fn(side, side, |x, y| {
        let (mx, my) = (x / PIXELS_PER_MODULE, y / PIXELS_PER_MODULE);
        let inside = (QUIET_ZONE_MODULES..QUIET_ZONE_MODULES + modules).contains(&mx)
            && (QUIET_ZONE_MODULES..QUIET_ZONE_MODULES + modules).contains(&my);
        let dark = inside && {
            let index = ((my - QUIET_ZONE_MODULES) * modules + (mx - QUIET_ZONE_MODULES)) as usize;
            colors.get(index) == Some(&Color::Dark)
        };
        Luma([if dark { 0 } else { 255 }])
    });
    let mut png = Vec::new();
    image
        .write_to(&mut std::io::Cursor::new(&mut png), ImageFormat::Png)
        .map_err(|e| ExportError::Image(e.to_string()))?;
    Ok(png)
}
