//! From three eyes to a grid of modules. A projective transform fitted to the eyes and the
//! bottom-right alignment pattern places the symbol; in versions 7 and up every alignment
//! pattern is then looked for near where that transform (corrected by its found neighbours)
//! puts it, and each patch between four of them gets its own transform. Curled paper and
//! lens distortion bend a large symbol; that piecewise fit follows the bend.

use rqrr::BitGrid;

use super::geometry::{Homography, Pt};
use super::version;
use crate::qr::binarise::Bitmap;

/// The eyes' centres, top-left, top-right and bottom-left, in bitmap pixels.
#[derive(Debug, Clone, Copy)]
pub struct Eyes {
    pub top_left: Pt,
    pub top_right: Pt,
    pub bottom_left: Pt,
}

/// A sampled symbol: its modules and its corners in bitmap pixels.
pub struct Sampled {
    pub grid: ModuleGrid,
    pub corners: [Pt; 4],
}

/// Modules row-major; `true` = dark.
pub struct ModuleGrid {
    size: usize,
    dark: Vec<bool>,
}

impl BitGrid for ModuleGrid {
    fn size(&self) -> usize {
        self.size
    }

    fn bit(&self, y: usize, x: usize) -> bool {
        self.dark[y * self.size + x]
    }
}

impl ModuleGrid {
    /// The version read from the symbol's own version information (versions 7 and up).
    pub fn stated_version(&self) -> Option<usize> {
        if self.size < version::size(7) {
            return None;
        }
        let word = |transpose: bool| {
            (0..18).fold(0u32, |acc, i| {
                let (col, row) = version::version_bit_at(self.size, i);
                let (x, y) = if transpose { (row, col) } else { (col, row) };
                acc | u32::from(self.bit(y, x)) << i
            })
        };
        version::decode_version_bits(word(false))
            .or_else(|| version::decode_version_bits(word(true)))
    }
}

/// Samples a version-`version` symbol whose eyes are at `eyes`.
pub fn sample(bitmap: &Bitmap, eyes: Eyes, version: usize) -> Option<Sampled> {
    let size = version::size(version);
    let s = size as f64;
    let eye_grid = [
        Pt::new(3.5, 3.5),
        Pt::new(s - 3.5, 3.5),
        Pt::new(3.5, s - 3.5),
    ];
    let eye_image = [eyes.top_left, eyes.top_right, eyes.bottom_left];
    // First guess: the parallelogram through the three eyes.
    let affine_br = eyes.top_right.add(eyes.bottom_left).sub(eyes.top_left);
    let guess = Homography::from_points(
        [
            eye_grid[0],
            eye_grid[1],
            Pt::new(s - 3.5, s - 3.5),
            eye_grid[2],
        ],
        [eye_image[0], eye_image[1], affine_br, eye_image[2]],
    )?;
    let positions = version::alignment_positions(version);
    let whole = match positions.last() {
        Some(&last) => {
            let g = Pt::new(last as f64 + 0.5, last as f64 + 0.5);
            let found = [3.0, 6.0, 10.0]
                .into_iter()
                .find_map(|reach| find_alignment(bitmap, &guess, g, guess.map(g), reach));
            match found {
                Some(at) => Homography::from_points(
                    [eye_grid[0], eye_grid[1], g, eye_grid[2]],
                    [eye_image[0], eye_image[1], at, eye_image[2]],
                )?,
                None => guess,
            }
        }
        None => guess,
    };
    let grid = if positions.len() >= 3 {
        let cells = Cells::fit(bitmap, &whole, &positions)?;
        sample_grid(bitmap, size, |p| cells.map(p))
    } else {
        sample_grid(bitmap, size, |p| whole.map(p))
    };
    let corners = [
        whole.map(Pt::new(0.0, 0.0)),
        whole.map(Pt::new(s, 0.0)),
        whole.map(Pt::new(s, s)),
        whole.map(Pt::new(0.0, s)),
    ];
    Some(Sampled { grid, corners })
}

fn sample_grid(bitmap: &Bitmap, size: usize, map: impl Fn(Pt) -> Pt) -> ModuleGrid {
    let mut dark = Vec::with_capacity(size * size);
    for y in 0..size {
        for x in 0..size {
            let p = map(Pt::new(x as f64 + 0.5, y as f64 + 0.5));
            dark.push(dark_at(bitmap, p));
        }
    }
    ModuleGrid { size, dark }
}

fn dark_at(bitmap: &Bitmap, p: Pt) -> bool {
    let inside =
        p.x >= 0.0 && p.y >= 0.0 && (p.x as usize) < bitmap.width && (p.y as usize) < bitmap.height;
    inside && bitmap.is_dark(p.x as usize, p.y as usize)
}

/// One transform per patch between four neighbouring alignment positions.
struct Cells {
    positions: Vec<usize>,
    transforms: Vec<Homography>,
}

impl Cells {
    fn fit(bitmap: &Bitmap, whole: &Homography, positions: &[usize]) -> Option<Cells> {
        let n = positions.len();
        let grid_at =
            |i: usize, j: usize| Pt::new(positions[i] as f64 + 0.5, positions[j] as f64 + 0.5);
        // Image position of each anchor and whether it was seen (not just predicted).
        let mut anchors: Vec<Option<(Pt, bool)>> = vec![None; n * n];
        let is_eye_corner = |i: usize, j: usize| {
            (i == 0 && j == 0) || (i == n - 1 && j == 0) || (i == 0 && j == n - 1)
        };
        // Nearest the eyes first, so each prediction can lean on found neighbours.
        let mut order: Vec<(usize, usize)> =
            (0..n).flat_map(|i| (0..n).map(move |j| (i, j))).collect();
        order.sort_by_key(|&(i, j)| i + j);
        for (i, j) in order {
            let g = grid_at(i, j);
            let base = whole.map(g);
            if is_eye_corner(i, j) {
                anchors[j * n + i] = Some((base, false));
                continue;
            }
            // Shift the prediction by how far found neighbours sat from theirs.
            let mut drift = Pt::new(0.0, 0.0);
            let mut count = 0.0;
            for (di, dj) in [(1, 0), (0, 1), (1, 1)] {
                if i < di || j < dj {
                    continue;
                }
                if let Some((at, true)) = anchors[(j - dj) * n + (i - di)] {
                    drift = drift.add(at.sub(whole.map(grid_at(i - di, j - dj))));
                    count += 1.0;
                }
            }
            let predicted = if count > 0.0 {
                base.add(drift.scale(1.0 / count))
            } else {
                base
            };
            anchors[j * n + i] = Some(match find_alignment(bitmap, whole, g, predicted, 2.5) {
                Some(at) => (at, true),
                None => (predicted, false),
            });
        }
        let mut transforms = Vec::with_capacity((n - 1) * (n - 1));
        for j in 0..n - 1 {
            for i in 0..n - 1 {
                let corner = |a: usize, b: usize| anchors[b * n + a].map(|(p, _)| p);
                transforms.push(Homography::from_points(
                    [
                        grid_at(i, j),
                        grid_at(i + 1, j),
                        grid_at(i + 1, j + 1),
                        grid_at(i, j + 1),
                    ],
                    [
                        corner(i, j)?,
                        corner(i + 1, j)?,
                        corner(i + 1, j + 1)?,
                        corner(i, j + 1)?,
                    ],
                )?);
            }
        }
        Some(Cells {
            positions: positions.to_vec(),
            transforms,
        })
    }

    fn map(&self, p: Pt) -> Pt {
        let n = self.positions.len();
        let cell = |v: f64| {
            let k = self
                .positions
                .iter()
                .rposition(|&q| q as f64 <= v)
                .unwrap_or(0);
            k.min(n - 2)
        };
        self.transforms[cell(p.y) * (n - 1) + cell(p.x)].map(p)
    }
}

/// Looks for the alignment pattern whose centre module is at grid point `g` (a module
/// centre) within `reach` modules of `predicted`, by matching its 5×5 template (dark ring,
/// light ring, dark centre) at quarter-module steps. Returns its centre in bitmap pixels.
fn find_alignment(
    bitmap: &Bitmap,
    whole: &Homography,
    g: Pt,
    predicted: Pt,
    reach: f64,
) -> Option<Pt> {
    let origin = whole.map(g);
    let u = whole.map(g.add(Pt::new(1.0, 0.0))).sub(origin);
    let v = whole.map(g.add(Pt::new(0.0, 1.0))).sub(origin);
    let steps = (reach * 4.0) as i32;
    let mut best = 0;
    let mut ties: Vec<Pt> = Vec::new();
    for sy in -steps..=steps {
        for sx in -steps..=steps {
            let c = predicted
                .add(u.scale(f64::from(sx) / 4.0))
                .add(v.scale(f64::from(sy) / 4.0));
            let score = template_score(bitmap, c, u, v);
            if score > best {
                best = score;
                ties.clear();
            }
            if score == best {
                ties.push(c);
            }
        }
    }
    if best < 24 {
        return None;
    }
    // Of the best matches, the plateau nearest the prediction; its middle is the centre.
    let nearest = *ties
        .iter()
        .min_by(|a, b| a.dist(predicted).total_cmp(&b.dist(predicted)))?;
    let module = u.len().max(v.len());
    let plateau: Vec<Pt> = ties
        .into_iter()
        .filter(|p| p.dist(nearest) <= module)
        .collect();
    let sum = plateau.iter().fold(Pt::new(0.0, 0.0), |acc, &p| acc.add(p));
    Some(sum.scale(1.0 / plateau.len() as f64))
}

/// How many of the 25 modules around `c` match an alignment pattern.
fn template_score(bitmap: &Bitmap, c: Pt, u: Pt, v: Pt) -> u32 {
    let mut score = 0;
    for dy in -2i32..=2 {
        for dx in -2i32..=2 {
            let ring = dx.abs().max(dy.abs());
            let want_dark = ring != 1;
            let p = c.add(u.scale(f64::from(dx))).add(v.scale(f64::from(dy)));
            score += u32::from(dark_at(bitmap, p) == want_dark);
        }
    }
    score
}
