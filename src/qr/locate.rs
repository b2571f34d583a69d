//! Where codes may be: square patches of busy cells (dark and light pixels side by side)
//! on an otherwise calm page. Lets the pipeline look closely (cropped, enlarged) at a few
//! small areas instead of the whole screenshot. Pure; works on [`Gray`] only.

use super::prepare::Gray;

/// Cell edge in pixels: small enough that a version-1 code at 2 px per module spans 3 cells.
const CELL: usize = 12;
/// A cell whose lightest and darkest pixels differ by this much holds an edge.
const BUSY_CONTRAST: u8 = 64;
/// Candidates must span at least this many cells each way.
const MIN_CELLS: usize = 3;
/// Longer side / shorter side of a candidate's box (a few degrees of rotation allowed).
const MAX_ASPECT: f64 = 1.5;
/// Share of a candidate's box that must be busy: codes are busy nearly everywhere.
const MIN_FILL: f64 = 0.45;

/// A box in image pixels: left, top, width, height.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    pub x: usize,
    pub y: usize,
    pub width: usize,
    pub height: usize,
}

impl Region {
    pub fn centre(&self) -> (f64, f64) {
        (
            (self.x + self.width / 2) as f64,
            (self.y + self.height / 2) as f64,
        )
    }
}

/// Square-ish busy patches, largest first, each grown by one cell of margin.
pub fn candidate_regions(gray: &Gray) -> Vec<Region> {
    let (cw, ch) = (gray.width / CELL, gray.height / CELL);
    if cw < MIN_CELLS || ch < MIN_CELLS {
        return Vec::new();
    }
    let busy = busy_cells(gray, cw, ch);
    let mut seen = vec![false; cw * ch];
    let mut regions = Vec::new();
    for start in 0..busy.len() {
        if busy[start] && !seen[start] {
            let (count, (x0, y0, x1, y1)) = flood(&busy, &mut seen, cw, ch, start);
            let (bw, bh) = (x1 - x0 + 1, y1 - y0 + 1);
            let aspect = bw.max(bh) as f64 / bw.min(bh) as f64;
            let fill = count as f64 / (bw * bh) as f64;
            let whole_image = bw * 10 >= cw * 9 && bh * 10 >= ch * 9;
            if bw >= MIN_CELLS
                && bh >= MIN_CELLS
                && aspect <= MAX_ASPECT
                && fill >= MIN_FILL
                && !whole_image
            {
                regions.push(to_pixels(gray, x0, y0, bw, bh));
            }
        }
    }
    regions.sort_by_key(|r| std::cmp::Reverse(r.width * r.height));
    regions
}

fn busy_cells(gray: &Gray, cw: usize, ch: usize) -> Vec<bool> {
    let ranges = gray.cell_ranges(CELL);
    let cols = gray.width.div_ceil(CELL);
    // Only whole cells: the first `cw` of each row of cells, the first `ch` rows.
    (0..cw * ch)
        .map(|i| {
            let (lo, hi) = ranges[(i / cw) * cols + i % cw];
            hi.saturating_sub(lo) >= BUSY_CONTRAST
        })
        .collect()
}

/// 8-connected flood fill from `start`; returns the cell count and the box (x0, y0, x1, y1).
fn flood(
    busy: &[bool],
    seen: &mut [bool],
    cw: usize,
    ch: usize,
    start: usize,
) -> (usize, (usize, usize, usize, usize)) {
    let mut stack = vec![start];
    seen[start] = true;
    let (mut count, mut bbox) = (0, (usize::MAX, usize::MAX, 0, 0));
    while let Some(i) = stack.pop() {
        let (x, y) = (i % cw, i / cw);
        count += 1;
        bbox = (bbox.0.min(x), bbox.1.min(y), bbox.2.max(x), bbox.3.max(y));
        for ny in y.saturating_sub(1)..(y + 2).min(ch) {
            for nx in x.saturating_sub(1)..(x + 2).min(cw) {
                let j = ny * cw + nx;
                if busy[j] && !seen[j] {
                    seen[j] = true;
                    stack.push(j);
                }
            }
        }
    }
    (count, bbox)
}

fn to_pixels(gray: &Gray, x0: usize, y0: usize, bw: usize, bh: usize) -> Region {
    let x = x0.saturating_sub(1) * CELL;
    let y = y0.saturating_sub(1) * CELL;
    let right = ((x0 + bw + 1) * CELL).min(gray.width);
    let bottom = ((y0 + bh + 1) * CELL).min(gray.height);
    Region {
        x,
        y,
        width: right - x,
        height: bottom - y,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_checkered_square_on_a_blank_page() {
        let (w, h) = (240, 180);
        let pixels = (0..h)
            .flat_map(|y| (0..w).map(move |x| (x, y)))
            .map(|(x, y)| {
                let inside = (100..160).contains(&x) && (60..120).contains(&y);
                if inside && (x / 4 + y / 4) % 2 == 0 {
                    0
                } else {
                    255
                }
            })
            .collect();
        let regions = candidate_regions(&Gray {
            width: w,
            height: h,
            pixels,
        });
        assert_eq!(regions.len(), 1, "{regions:?}");
        let (cx, cy) = regions[0].centre();
        assert!(
            (cx - 130.0).abs() < 15.0 && (cy - 90.0).abs() < 15.0,
            "{regions:?}"
        );
    }

    #[test]
    fn a_wide_text_line_is_not_a_candidate() {
        let (w, h) = (240, 120);
        let pixels = (0..h)
            .flat_map(|y| (0..w).map(move |x| (x, y)))
            .map(|(x, y)| {
                if (40..64).contains(&y) && x % 3 == 0 {
                    0
                } else {
                    255
                }
            })
            .collect();
        assert!(
            candidate_regions(&Gray {
                width: w,
                height: h,
                pixels
            })
            .is_empty()
        );
    }
}
