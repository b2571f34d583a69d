//! How much work one image may cost: a budget in bitmap pixels handed to a decoder (rqrr's
//! scan or the own detector), proportional to the image's size. Counted in work, not wall
//! time, so an image reads the same on an idle machine and on a loaded one; the ladder
//! ([`super::pipeline`]) checks it before each dearer pass, so a photo that holds no
//! readable code stops after the passes that read codes in practice instead of trying
//! every last resort. Pure; knows nothing of QR codes.

/// Decoder pixels per image pixel. In the ZXing photo corpus every code that reads at all
/// reads within 40, except a version-40 symbol at two pixels per module that only the own
/// detector at ×4 reads, after the cheaper passes, at about 103; unreadable photos used to
/// spend 160-240 before giving up.
const UNITS_PER_PIXEL: u64 = 110;
/// Tiny images (a 100×100 crop) still get room for the enlarged passes they need.
const MIN_UNITS: u64 = 1_000_000;

#[derive(Debug)]
pub struct Budget {
    left: u64,
    spent: u64,
}

impl Budget {
    pub fn for_image(width: usize, height: usize) -> Budget {
        let pixels = (width as u64).saturating_mul(height as u64);
        Budget {
            spent: 0,
            left: pixels.saturating_mul(UNITS_PER_PIXEL).max(MIN_UNITS),
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
