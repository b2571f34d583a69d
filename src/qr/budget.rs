//! How much work one image may cost: a budget in bitmap pixels handed to a decoder (rqrr's
//! scan or the own detector), proportional to the image's size. Counted in work, not wall
//! time, so an image reads the same on an idle machine and on a loaded one; the ladder
//! ([`super::pipeline`]) checks it before each dearer pass, so a photo that holds no
//! readable code stops after the passes that read codes in practice instead of trying
//! every last resort. Pure; knows nothing of QR codes.

/// Decoder pixels per image pixel. In the ZXing photo corpus every code that reads at all
/// reads within 40, except a version-40 symbol at two pixels per module that only the own
/// detector at ×4 reads (see [`X4_UNITS_PER_PIXEL`]); unreadable photos used to spend
/// 160-240 before giving up.
const UNITS_PER_PIXEL: u64 = 45;
/// The own detector's ×4 look has an allowance of its own: it runs only when no symbol could
/// be placed at ×1 or ×2 (modules too small), which the cheaper passes cannot fix, so it
/// must not depend on what they happened to spend. The version-40 photo reads in its first
/// ×4 bitmap, 23 units a pixel; three of them fit.
pub const X4_UNITS_PER_PIXEL: u64 = 70;
/// Tiny images (a 100×100 crop) still get room for the enlarged passes they need.
const MIN_UNITS: u64 = 1_000_000;

#[derive(Debug)]
pub struct Budget {
    left: u64,
    spent: u64,
}

impl Budget {
    pub fn for_image(width: usize, height: usize) -> Budget {
        Budget::per_pixel(width, height, UNITS_PER_PIXEL)
    }

    /// `units` per pixel of a `width`×`height` image (at least [`MIN_UNITS`]).
    pub fn per_pixel(width: usize, height: usize, units: u64) -> Budget {
        let pixels = (width as u64).saturating_mul(height as u64);
        Budget {
            spent: 0,
            left: pixels.saturating_mul(units).max(MIN_UNITS),
        }
    }

    /// Whether a scan of `pixels` may start; it is charged if so. A scan that starts with
    /// some budget left runs to its end (the budget is a limit on passes, not a timer).
    pub fn spend(&mut self, pixels: usize) -> bool {
        if self.left == 0 {
            return false;
        }
        self.left = self.left.saturating_sub(pixels as u64);
        self.spent += pixels as u64;
        true
    }

    /// Whether any budget is left.
    pub fn left(&self) -> bool {
        self.left > 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_started_scan_finishes_then_nothing_more_starts() {
        let mut budget = Budget::for_image(10, 10);
        assert!(budget.spend(MIN_UNITS as usize - 1));
        assert!(budget.left());
        assert!(budget.spend(100), "the last unit still buys a whole scan");
        assert!(!budget.left());
        assert!(!budget.spend(1));
    }

    #[test]
    fn large_images_get_more() {
        let mut big = Budget::for_image(4000, 3000);
        assert!(big.spend(4000 * 3000 * UNITS_PER_PIXEL as usize - 1));
        assert!(big.spend(1));
        assert!(!big.spend(1));
    }
}
