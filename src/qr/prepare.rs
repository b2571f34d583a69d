//! Grayscale images and the geometry done on them before binarising: box downscaling,
//! bilinear doubling, cropping, inversion for dark-mode codes. Pure; no I/O, no rqrr.

/// An 8-bit luminance image, row-major.
#[derive(Debug, Clone)]
pub struct Gray {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u8>,
}

impl Gray {
    /// Shrinks by an integer factor, averaging each `factor`×`factor` box (a box filter keeps
    /// thin modules grey instead of dropping them, unlike nearest-neighbour sampling).
    pub fn downscale(&self, factor: usize) -> Gray {
        if factor <= 1 {
            return self.clone();
        }
        let (w, h) = (self.width / factor, self.height / factor);
        let mut sums = vec![0u32; w];
        let mut pixels = Vec::with_capacity(w * h);
        let area = (factor * factor) as u32;
        for by in 0..h {
            sums.fill(0);
            for row in self
                .pixels
                .chunks_exact(self.width)
                .skip(by * factor)
                .take(factor)
            {
                for (x, sum) in sums.iter_mut().enumerate() {
                    let start = x * factor;
                    *sum += row[start..start + factor]
                        .iter()
                        .map(|&p| u32::from(p))
                        .sum::<u32>();
                }
            }
            // The average of u8 values fits in u8.
            pixels.extend(sums.iter().map(|&s| (s / area) as u8));
        }
        Gray {
            width: w,
            height: h,
            pixels,
        }
    }

    /// Copies a box (clipped to the image).
    pub fn crop(&self, x: usize, y: usize, width: usize, height: usize) -> Gray {
        let (x, y) = (x.min(self.width), y.min(self.height));
        let (width, height) = (width.min(self.width - x), height.min(self.height - y));
        let mut pixels = Vec::with_capacity(width * height);
        for row in self
            .pixels
            .chunks_exact(self.width.max(1))
            .skip(y)
            .take(height)
        {
            pixels.extend_from_slice(&row[x..x + width]);
        }
        Gray {
            width,
            height,
            pixels,
        }
    }

    /// Doubles the size with bilinear interpolation: rqrr finds finder patterns and fits the
    /// grid far more reliably at 5-6 px per module than at 2-3.
    pub fn upscale2(&self) -> Gray {
        let (w, h) = (self.width * 2, self.height * 2);
        if w == 0 || h == 0 {
            return self.clone();
        }
        // Each source row doubled across first (weights in quarters, at most 4 * 255), then
        // pairs of those rows blended down: row slices instead of per-pixel clamping.
        let pairs: Vec<(usize, usize, u16)> = (0..w)
            .map(|x| {
                let (sx, wx) = source_pair(x);
                (sx, (sx + 1).min(self.width - 1), wx as u16)
            })
            .collect();
        let wide: Vec<u16> = self
            .pixels
            .chunks_exact(self.width)
            .flat_map(|row| {
                pairs
                    .iter()
                    .map(move |&(a, b, wx)| u16::from(row[a]) * (4 - wx) + u16::from(row[b]) * wx)
            })
            .collect();
        let mut pixels = Vec::with_capacity(w * h);
        for y in 0..h {
            let (sy, wy) = source_pair(y);
            let wy = wy as u16;
            let top = &wide[sy * w..(sy + 1) * w];
            let below = (sy + 1).min(self.height - 1);
            let bottom = &wide[below * w..(below + 1) * w];
            // A weighted mean of u8 values (weights summing to 16) fits in u8.
            pixels.extend(
                top.iter()
                    .zip(bottom)
                    .map(|(&t, &b)| ((t * (4 - wy) + b * wy + 8) / 16) as u8),
            );
        }
        Gray {
            width: w,
            height: h,
            pixels,
        }
    }

    /// Surrounds the image with a `margin`-pixel frame of `value`: rqrr needs light space
    /// around finder patterns, which codes cut at the picture's edge lack.
    pub fn padded(&self, margin: usize, value: u8) -> Gray {
        let width = self.width + 2 * margin;
        let height = self.height + 2 * margin;
        let mut pixels = vec![value; width * height];
        for (y, row) in self.pixels.chunks_exact(self.width.max(1)).enumerate() {
            let start = (y + margin) * width + margin;
            pixels[start..start + self.width].copy_from_slice(row);
        }
        Gray {
            width,
            height,
            pixels,
        }
    }

    /// Light-on-dark codes (dark mode) become dark-on-light, the only kind rqrr finds.
    pub fn inverted(&self) -> Gray {
        let pixels = self.pixels.iter().map(|&p| 255 - p).collect();
        Gray {
            width: self.width,
            height: self.height,
            pixels,
        }
    }

    /// Mean of the frame `band` pixels deep along the edges: the paper or page a code sits
    /// on, however much of the middle the code covers.
    pub fn edge_mean(&self, band: usize) -> u8 {
        let w = self.width;
        let band = band.clamp(1, w.min(self.height).max(1));
        let (mut total, mut count) = (0u64, 0u64);
        let mut add = |pixels: &[u8]| {
            total += pixels.iter().map(|&p| u64::from(p)).sum::<u64>();
            count += pixels.len() as u64;
        };
        for (y, row) in self.pixels.chunks_exact(w.max(1)).enumerate() {
            if y < band || y + band >= self.height {
                add(row);
            } else {
                add(&row[..band.min(w)]);
                add(&row[w.saturating_sub(band)..]);
            }
        }
        (total / count.max(1)) as u8
    }

    pub fn mean(&self) -> u8 {
        let total: u64 = self.pixels.iter().map(|&p| u64::from(p)).sum();
        (total / self.pixels.len().max(1) as u64) as u8
    }

    /// Darkest and lightest pixel of each `cell`×`cell` box, row-major over
    /// `width.div_ceil(cell)` boxes a row (boxes at the right and bottom edges may be partial).
    pub fn cell_ranges(&self, cell: usize) -> Vec<(u8, u8)> {
        let (cols, rows) = (self.width.div_ceil(cell), self.height.div_ceil(cell));
        let mut ranges = vec![(u8::MAX, u8::MIN); cols * rows];
        for (y, row) in self.pixels.chunks_exact(self.width.max(1)).enumerate() {
            let cells = &mut ranges[(y / cell) * cols..(y / cell + 1) * cols];
            for (range, chunk) in cells.iter_mut().zip(row.chunks(cell)) {
                for &p in chunk {
                    *range = (range.0.min(p), range.1.max(p));
                }
            }
        }
        ranges
    }

    pub fn histogram(&self) -> [u32; 256] {
        // Four partial counts: neighbouring pixels mostly share a level, and one count
        // would make each increment wait for the previous one (the binarisers' dearest step).
        let mut parts = [[0u32; 256]; 4];
        let mut quads = self.pixels.chunks_exact(4);
        for quad in &mut quads {
            for (part, &p) in parts.iter_mut().zip(quad) {
                part[usize::from(p)] += 1;
            }
        }
        for &p in quads.remainder() {
            parts[0][usize::from(p)] += 1;
        }
        std::array::from_fn(|level| parts.iter().map(|part| part[level]).sum())
    }
}

/// For output coordinate `i` of a doubled axis: the first of the two source pixels around
/// it and the second one's weight in quarters (output centres sit a quarter of the way
/// between source centres).
fn source_pair(i: usize) -> (usize, u32) {
    match (i / 2, i % 2) {
        (0, 0) => (0, 0),
        (k, 0) => (k - 1, 3),
        (k, _) => (k, 1),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn histogram_counts_every_pixel_once() {
        // 7×5: a pixel count that is not a multiple of four.
        let g = gray(7, 5, |x, y| ((x * 37 + y * 11) % 5) as u8 * 50);
        let mut want = [0u32; 256];
        for &p in &g.pixels {
            want[usize::from(p)] += 1;
        }
        assert_eq!(g.histogram(), want);
    }

    /// A test image whose pixel at (x, y) is `f(x, y)`; also used by the binariser's tests.
    pub(crate) fn gray(width: usize, height: usize, f: impl Fn(usize, usize) -> u8) -> Gray {
        let pixels = (0..height)
            .flat_map(|y| (0..width).map(move |x| (x, y)))
            .map(|(x, y)| f(x, y))
            .collect();
        Gray {
            width,
            height,
            pixels,
        }
    }

    #[test]
    fn downscale_averages_boxes() {
        let g = gray(4, 2, |x, _| if x < 2 { 0 } else { 200 });
        let small = g.downscale(2);
        assert_eq!(
            (small.width, small.height, small.pixels),
            (2, 1, vec![0, 200])
        );
    }

    #[test]
    fn upscale_interpolates_between_pixels() {
        let g = gray(2, 1, |x, _| if x == 0 { 0 } else { 200 });
        assert_eq!(g.upscale2().pixels, vec![0, 50, 150, 200, 0, 50, 150, 200]);
    }

    #[test]
    fn upscale_blends_rows_and_columns_and_keeps_the_edges() {
        let g = gray(2, 2, |x, y| [[0, 160], [80, 240]][y][x]);
        let big = g.upscale2();
        assert_eq!((big.width, big.height), (4, 4));
        assert_eq!(&big.pixels[..4], &[0, 40, 120, 160]);
        // Second row: a quarter of the way to the lower source row.
        assert_eq!(&big.pixels[4..8], &[20, 60, 140, 180]);
        assert_eq!(&big.pixels[12..], &[80, 120, 200, 240]);
    }

    #[test]
    fn edge_mean_reads_the_frame_only() {
        // A dark 8×8 middle on light paper two pixels wide.
        let g = gray(12, 12, |x, y| {
            if (2..10).contains(&x) && (2..10).contains(&y) {
                0
            } else {
                200
            }
        });
        assert_eq!(g.edge_mean(2), 200);
        assert_eq!(
            g.mean(),
            (200 * 80 / 144) as u8,
            "the whole image is darker"
        );
        assert_eq!(g.edge_mean(3), (200 * 80 / 108) as u8);
    }

    #[test]
    fn cell_ranges_cover_partial_edge_cells() {
        let g = gray(3, 3, |x, y| (10 * x + 100 * y) as u8);
        assert_eq!(
            g.cell_ranges(2),
            vec![(0, 110), (20, 120), (200, 210), (220, 220)]
        );
    }

    #[test]
    fn padding_frames_the_image() {
        let g = gray(1, 1, |_, _| 0).padded(1, 255);
        assert_eq!((g.width, g.height), (3, 3));
        assert_eq!(g.pixels, vec![255, 255, 255, 255, 0, 255, 255, 255, 255]);
    }
}
