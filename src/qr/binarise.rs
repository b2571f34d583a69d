//! Grayscale -> black and white, the step rqrr is most sensitive to: a global Otsu level
//! for clean screenshots, and a block-local level for photos, blur, JPEG and uneven light.
//! Pure; depends only on [`Gray`].

use super::prepare::Gray;

/// A binarised image, row-major; `true` = dark.
#[derive(Debug, Clone)]
pub struct Bitmap {
    pub width: usize,
    pub height: usize,
    pub dark: Vec<bool>,
}

impl Bitmap {
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        self.dark[y * self.width + x]
    }

    /// The other polarity: what binarising the inverted image gives, up to pixels exactly at
    /// the level, for the price of one pass over the bits.
    pub fn inverted(&self) -> Bitmap {
        Bitmap {
            width: self.width,
            height: self.height,
            dark: self.dark.iter().map(|&d| !d).collect(),
        }
    }
}

/// Otsu's threshold: the level that best separates the histogram into two classes.
pub fn otsu_level(gray: &Gray) -> u8 {
    let hist = gray.histogram();
    let total: f64 = hist.iter().map(|&c| f64::from(c)).sum();
    let sum_all: f64 = hist
        .iter()
        .enumerate()
        .map(|(i, &c)| i as f64 * f64::from(c))
        .sum();
    let (mut weight_low, mut sum_low) = (0.0, 0.0);
    let (mut best_level, mut best_var) = (128u8, -1.0);
    for (level, &count) in hist.iter().enumerate() {
        weight_low += f64::from(count);
        sum_low += level as f64 * f64::from(count);
        let weight_high = total - weight_low;
        if weight_low == 0.0 || weight_high == 0.0 {
            continue;
        }
        let diff = sum_low / weight_low - (sum_all - sum_low) / weight_high;
        let var = weight_low * weight_high * diff * diff;
        if var > best_var {
            best_var = var;
            best_level = level as u8;
        }
    }
    best_level
}

/// Dark where the pixel is at or below one global level.
pub fn binarise_global(gray: &Gray) -> Bitmap {
    binarise_at(gray, otsu_level(gray))
}

/// Dark where the pixel is at or below `level`.
pub fn binarise_at(gray: &Gray, level: u8) -> Bitmap {
    let dark = gray.pixels.iter().map(|&p| p <= level).collect();
    Bitmap {
        width: gray.width,
        height: gray.height,
        dark,
    }
}

const BLOCK: usize = 8;
/// A block whose darkest and lightest pixels differ by less than this is "flat": it takes its
/// threshold from its neighbours instead of splitting its own noise.
const MIN_CONTRAST: u8 = 24;
/// Blocks either side whose thresholds are averaged (a 5×5-block window).
const REACH: usize = 2;

/// Dark where the pixel is below the local level: the mean of the block-thresholds around it.
/// Handles shadows, gradients and blur that defeat one global level.
pub fn binarise_local(gray: &Gray) -> Bitmap {
    let (bw, bh) = (gray.width.div_ceil(BLOCK), gray.height.div_ceil(BLOCK));
    let fallback = otsu_level(gray);
    let block_levels = block_levels(gray);
    let levels: Vec<u8> = (0..bw * bh)
        .map(|i| smoothed_level(&block_levels, bw, bh, i % bw, i / bw).unwrap_or(fallback))
        .collect();
    let mut dark = Vec::with_capacity(gray.width * gray.height);
    for (y, row) in gray.pixels.chunks_exact(gray.width.max(1)).enumerate() {
        let row_levels = &levels[(y / BLOCK) * bw..(y / BLOCK + 1) * bw];
        for (chunk, &level) in row.chunks(BLOCK).zip(row_levels) {
            dark.extend(chunk.iter().map(|&p| p < level));
        }
    }
    Bitmap {
        width: gray.width,
        height: gray.height,
        dark,
    }
}

/// Midpoint between min and max of each block, or `None` for flat blocks.
fn block_levels(gray: &Gray) -> Vec<Option<u8>> {
    gray.cell_ranges(BLOCK)
        .into_iter()
        .map(|(lo, hi)| {
            let contrasty = hi.saturating_sub(lo) >= MIN_CONTRAST;
            // Midpoint of two u8 values fits in u8.
            contrasty.then(|| ((u16::from(lo) + u16::from(hi)).div_ceil(2)) as u8)
        })
        .collect()
}

fn smoothed_level(levels: &[Option<u8>], bw: usize, bh: usize, bx: usize, by: usize) -> Option<u8> {
    let (mut sum, mut count) = (0u32, 0u32);
    for y in by.saturating_sub(REACH)..(by + REACH + 1).min(bh) {
        for x in bx.saturating_sub(REACH)..(bx + REACH + 1).min(bw) {
            if let Some(level) = levels[y * bw + x] {
                sum += u32::from(level);
                count += 1;
            }
        }
    }
    // The mean of u8 values fits in u8.
    (count > 0).then(|| (sum / count) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::prepare::tests::gray;

    #[test]
    fn otsu_splits_two_levels() {
        let g = gray(10, 10, |x, _| if x < 5 { 30 } else { 220 });
        let level = otsu_level(&g);
        assert!((30..220).contains(&level));
        assert_eq!(binarise_global(&g).dark.iter().filter(|&&d| d).count(), 50);
    }

    #[test]
    fn local_threshold_survives_a_gradient() {
        // Stripes whose light parts on the right are darker than the dark parts on the left.
        let g = gray(64, 16, |x, _| {
            let base = 255 - (x * 2) as u8;
            if (x / 2) % 2 == 0 { base / 3 } else { base }
        });
        let b = binarise_local(&g);
        assert!(b.is_dark(0, 0) && !b.is_dark(2, 0));
        assert!(b.is_dark(60, 8) && !b.is_dark(62, 8));
    }
}
