//! Finder patterns: the three 7×7 "eyes" of a QR symbol. Along any line through an eye's
//! centre the colours run dark, light, dark, light, dark in widths 1:1:3:1:1 modules, whatever
//! the rotation, and also for stylised eyes drawn as rings of dots around a big dot.
//! Rows are scanned for that rhythm, each hit is confirmed down the column through its
//! centre and along the row again, and hits on neighbouring rows are merged into one eye.

use super::geometry::Pt;
use crate::qr::binarise::Bitmap;

/// One eye: its centre in bitmap pixels and its module size.
#[derive(Debug, Clone, Copy)]
pub struct Finder {
    pub centre: Pt,
    pub module: f64,
    /// Rows that confirmed it; eyes seen on one row only are mostly noise.
    pub hits: u32,
}

/// Eyes seen on at least this many rows are kept.
const MIN_HITS: u32 = 2;

/// Every eye in `bitmap`, most confirmed first.
pub fn find(bitmap: &Bitmap) -> Vec<Finder> {
    let mut found: Vec<Finder> = Vec::new();
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for y in 0..bitmap.height {
        row_runs(bitmap, y, &mut runs);
        // Windows of five runs starting with a dark one.
        let first_dark = usize::from(!bitmap.is_dark(0, y));
        let mut i = first_dark;
        while i + 5 <= runs.len() {
            let counts = [0, 1, 2, 3, 4].map(|k| runs[i + k].1 as f64);
            if let Some(module) = rhythm(counts) {
                let centre_x = runs[i + 2].0 as f64 + counts[2] / 2.0;
                let total = counts.iter().sum::<f64>();
                if let Some(finder) = confirm(bitmap, centre_x, y, total, module) {
                    merge(&mut found, finder);
                    i += 4;
                    continue;
                }
            }
            i += 2;
        }
    }
    // Every row through a real eye's 3-module centre confirms it; noise gets a few rows.
    found.retain(|f| f64::from(f.hits) >= (f.module * 0.5).max(f64::from(MIN_HITS)));
    found.sort_by_key(|f| std::cmp::Reverse(f.hits));
    found
}

/// Runs of one colour along row `y`: (start, length). A single speck (one pixel of the
/// other colour inside runs of at least [`SPECK_AFTER`] pixels either side) is noise and
/// does not split its run.
fn row_runs(bitmap: &Bitmap, y: usize, runs: &mut Vec<(usize, usize)>) {
    runs.clear();
    let row = &bitmap.dark[y * bitmap.width..(y + 1) * bitmap.width];
    let mut start = 0;
    while start < row.len() {
        let end = run_end(row, start);
        runs.push((start, end - start));
        start = end;
    }
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(runs.len());
    let mut i = 0;
    while i < runs.len() {
        let speck = runs[i].1 == 1
            && i + 1 < runs.len()
            && runs[i + 1].1 >= SPECK_AFTER
            && merged.last().is_some_and(|prev| prev.1 >= SPECK_AFTER);
        match merged.last_mut() {
            Some(prev) if speck => {
                prev.1 += 1 + runs[i + 1].1;
                i += 2;
            }
            _ => {
                merged.push(runs[i]);
                i += 1;
            }
        }
    }
    *runs = merged;
}

/// The end of the run that starts at `start` (the first pixel of another colour, or the
/// row's length). Eight pixels are compared at once while they all match: this loop is
/// most of the finder's time, and runs in photos are mostly several pixels long.
fn run_end(row: &[bool], start: usize) -> usize {
    let colour = row[start];
    let same = u64::from_ne_bytes([u8::from(colour); 8]);
    let mut x = start + 1;
    while let Some(chunk) = row.get(x..x + 8) {
        let mut bytes = [0u8; 8];
        for (b, &d) in bytes.iter_mut().zip(chunk) {
            *b = u8::from(d);
        }
        if u64::from_ne_bytes(bytes) != same {
            break;
        }
        x += 8;
    }
    x + row[x..]
        .iter()
        .position(|&d| d != colour)
        .unwrap_or(row.len() - x)
}

/// Runs at least this long on both sides of a one-pixel run make that pixel a speck.
const SPECK_AFTER: usize = 3;

/// The module size if five run lengths have the 1:1:3:1:1 rhythm.
fn rhythm(c: [f64; 5]) -> Option<f64> {
    let total: f64 = c.iter().sum();
    if total < 7.0 {
        return None;
    }
    let m = total / 7.0;
    let tolerance = m * 0.7;
    let ones_ok = [c[0], c[1], c[3], c[4]]
        .iter()
        .all(|&v| (v - m).abs() < tolerance);
    let rhythm_ok = ones_ok && (c[2] - 3.0 * m).abs() < 3.0 * tolerance * 0.7;
    // The outer rings' middles are 6 modules apart, however much dark bleeds into light.
    rhythm_ok.then(|| (total - (c[0] + c[4]) / 2.0) / 6.0)
}

/// Checks the rhythm down the column through the candidate centre, then along the row
/// through the corrected centre; returns the refined eye.
fn confirm(bitmap: &Bitmap, x: f64, y: usize, row_total: f64, module: f64) -> Option<Finder> {
    let limit = (row_total * 1.5) as usize + 2;
    let col = x as usize;
    let (v_counts, v_centre) = runs_through(bitmap, col, y, (0, 1), limit)?;
    let v_module = rhythm(v_counts)?;
    if !(0.6..1.7).contains(&(v_module / module)) {
        return None;
    }
    let cy = y as f64 + v_centre;
    let row = cy as usize;
    let (h_counts, h_centre) = runs_through(bitmap, col, row, (1, 0), limit)?;
    let h_module = rhythm(h_counts)?;
    // A diagonal through the centre crosses the same rings, unlike most text and lines.
    let (d_counts, _) = runs_through(bitmap, (col as f64 + h_centre) as usize, row, (1, 1), limit)?;
    let d_total: f64 = d_counts.iter().sum();
    let diag_ok = d_counts[2] > 0.0 && d_total > 3.0 && {
        let m = d_total / 7.0;
        d_counts.iter().enumerate().all(|(k, &c)| {
            let want = if k == 2 { 3.0 * m } else { m };
            (c - want).abs() < want.max(1.5) * 1.1
        })
    };
    if !diag_ok {
        return None;
    }
    Some(Finder {
        centre: Pt::new(col as f64 + h_centre + 0.5, cy + 0.5),
        module: (h_module + v_module) / 2.0,
        hits: 1,
    })
}

/// Run lengths through (x, y) along `step` and back: outer dark, light, centre dark, light,
/// outer dark; plus the centre run's midpoint as an offset from (x, y) along `step`.
/// `None` when (x, y) is light or a run is longer than `limit`.
fn runs_through(
    bitmap: &Bitmap,
    x: usize,
    y: usize,
    step: (isize, isize),
    limit: usize,
) -> Option<([f64; 5], f64)> {
    if x >= bitmap.width || y >= bitmap.height || !bitmap.is_dark(x, y) {
        return None;
    }
    let walk = |dir: isize| -> Option<[usize; 3]> {
        let mut counts = [0usize; 3];
        let (mut cx, mut cy) = (x as isize, y as isize);
        for (k, want_dark) in [true, false, true].into_iter().enumerate() {
            loop {
                let (nx, ny) = (cx + step.0 * dir, cy + step.1 * dir);
                let inside = nx >= 0
                    && ny >= 0
                    && (nx as usize) < bitmap.width
                    && (ny as usize) < bitmap.height;
                if !inside {
                    // The outer ring may end at the picture's edge; anything else may not.
                    return (k == 2 && counts[2] > 0).then_some(counts);
                }
                if bitmap.is_dark(nx as usize, ny as usize) != want_dark {
                    // A one-pixel speck inside an established run is skipped.
                    let (sx, sy) = (nx + step.0 * dir, ny + step.1 * dir);
                    let speck = counts[k] >= SPECK_AFTER
                        && sx >= 0
                        && sy >= 0
                        && (sx as usize) < bitmap.width
                        && (sy as usize) < bitmap.height
                        && bitmap.is_dark(sx as usize, sy as usize) == want_dark;
                    if !speck {
                        break;
                    }
                }
                counts[k] += 1;
                if counts[k] > limit {
                    return None;
                }
                (cx, cy) = (nx, ny);
            }
            if k > 0 && counts[k] == 0 {
                return None;
            }
        }
        Some(counts)
    };
    let back = walk(-1)?;
    let fwd = walk(1)?;
    let centre = (1 + back[0] + fwd[0]) as f64;
    let counts = [
        back[2] as f64,
        back[1] as f64,
        centre,
        fwd[1] as f64,
        fwd[2] as f64,
    ];
    Some((counts, (fwd[0] as f64 - back[0] as f64) / 2.0))
}

/// Adds a sighting to the eye it belongs to, or as a new eye.
fn merge(found: &mut Vec<Finder>, new: Finder) {
    for f in found.iter_mut() {
        let near = f.centre.dist(new.centre) < f.module * 2.0;
        let alike = (0.6..1.7).contains(&(new.module / f.module));
        if near && alike {
            let n = f64::from(f.hits);
            f.centre = f.centre.scale(n).add(new.centre).scale(1.0 / (n + 1.0));
            f.module = (f.module * n + new.module) / (n + 1.0);
            f.hits += 1;
            return;
        }
    }
    found.push(new);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bitmap with one finder pattern of `m` pixels per module centred at (cx, cy).
    fn eye(width: usize, height: usize, cx: usize, cy: usize, m: usize) -> Bitmap {
        let mut dark = vec![false; width * height];
        for y in 0..height {
            for x in 0..width {
                let dx = (x as isize - cx as isize).unsigned_abs();
                let dy = (y as isize - cy as isize).unsigned_abs();
                let ring = (dx.max(dy) + m / 2) / m; // 0 centre, 1 centre, 2 light, 3 outer
                dark[y * width + x] = matches!(ring, 0 | 1 | 3);
            }
        }
        Bitmap {
            width,
            height,
            dark,
        }
    }

    #[test]
    fn finds_one_eye_and_its_module_size() {
        let found = find(&eye(80, 80, 40, 40, 5));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].centre.dist(Pt::new(40.5, 40.5)) < 1.5, "{found:?}");
        assert!((found[0].module - 5.0).abs() < 1.0, "{found:?}");
    }

    #[test]
    fn run_ends_match_a_pixel_by_pixel_walk() {
        // Runs of every length from 1 to 20, so that some end inside, some at the edge of,
        // and some beyond an eight-pixel chunk.
        let mut row = Vec::new();
        for (k, len) in (1..=20).chain((1..=20).rev()).enumerate() {
            row.extend(std::iter::repeat_n(k % 2 == 0, len));
        }
        for start in 0..row.len() {
            let walked = (start..row.len())
                .find(|&x| row[x] != row[start])
                .unwrap_or(row.len());
            assert_eq!(run_end(&row, start), walked, "from {start}");
        }
    }

    #[test]
    fn stripes_are_not_eyes() {
        let (width, height) = (60, 60);
        let dark = (0..width * height)
            .map(|i| (i % width / 4) % 2 == 0)
            .collect();
        let found = find(&Bitmap {
            width,
            height,
            dark,
        });
        assert!(found.is_empty(), "{found:?}");
    }
}
