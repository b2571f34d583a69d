//! From three eyes to a grid of modules. A projective transform fitted to the eyes and the
//! bottom-right alignment pattern places the symbol; in versions 7 and up every alignment
//! pattern is then looked for near where that transform (corrected by its found neighbours)
//! puts it, and each patch between four of them gets its own transform. Curled paper and
//! lens distortion bend a large symbol; that piecewise fit follows the bend.

use rqrr::BitGrid;

use super::geometry::{self, Homography, Pt};
use super::{alignment, lattice, version};
use crate::qr::binarise::Bitmap;

/// The eyes' centres, top-left, top-right and bottom-left, in bitmap pixels.
#[derive(Debug, Clone, Copy)]
pub struct Eyes {
    pub top_left: Pt,
    pub top_right: Pt,
    pub bottom_left: Pt,
    /// Module size measured at each eye, same order.
    pub modules: [f64; 3],
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

/// rqrr's `Grid` owns its `BitGrid`; a borrowed grid stays usable for Model 1 afterwards.
impl BitGrid for &ModuleGrid {
    fn size(&self) -> usize {
        (**self).size()
    }

    fn bit(&self, y: usize, x: usize) -> bool {
        (**self).bit(y, x)
    }
}

impl ModuleGrid {
    /// Share of the timing patterns' modules (row and column 6 between the eyes' separators,
    /// alternating dark and light) that came out wrong.
    pub fn timing_mismatch(&self) -> f64 {
        let between = 8..self.size - 8;
        let wrong = between
            .clone()
            .filter(|&k| self.bit(6, k) != (k % 2 == 0))
            .count()
            + between
                .clone()
                .filter(|&k| self.bit(k, 6) != (k % 2 == 0))
                .count();
        wrong as f64 / (2 * between.len()).max(1) as f64
    }

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

/// Where the symbol's fourth corner is first assumed to be.
#[derive(Debug, Clone, Copy)]
pub enum Start {
    /// Fitted to the eyes' traced corners ([`super::corners::eye_quads`], traced once per trio of
    /// eyes): right for codes seen at an angle.
    Perspective([[Pt; 4]; 3]),
    /// The parallelogram through the three eyes: right for flat-on codes, and robust to
    /// ragged eyes.
    Parallelogram,
}

/// Samples a version-`version` symbol whose eyes are at `eyes`.
pub fn sample(bitmap: &Bitmap, eyes: Eyes, version: usize, start: Start) -> Option<Sampled> {
    let size = version::size(version);
    let s = size as f64;
    let eye_grid = [
        Pt::new(3.5, 3.5),
        Pt::new(s - 3.5, 3.5),
        Pt::new(3.5, s - 3.5),
    ];
    let eye_image = [eyes.top_left, eyes.top_right, eyes.bottom_left];
    let guess = match start {
        Start::Perspective(quads) => {
            // Each eye's corners in the symbol, same order as the quads.
            let origins = [
                Pt::new(0.0, 0.0),
                Pt::new(s - 7.0, 0.0),
                Pt::new(0.0, s - 7.0),
            ];
            let mut pairs: Vec<(Pt, Pt)> = (0..3).map(|k| (eye_grid[k], eye_image[k])).collect();
            for (quad, origin) in quads.iter().zip(origins) {
                for (corner, offset) in quad.iter().zip(geometry::square(7.0)) {
                    pairs.push((origin.add(offset), *corner));
                }
            }
            Homography::fit(&pairs)?
        }
        Start::Parallelogram => {
            let affine_br = eyes.top_right.add(eyes.bottom_left).sub(eyes.top_left);
            Homography::from_points(
                [
                    eye_grid[0],
                    eye_grid[1],
                    Pt::new(s - 3.5, s - 3.5),
                    eye_grid[2],
                ],
                [eye_image[0], eye_image[1], affine_br, eye_image[2]],
            )?
        }
    };
    let positions = version::alignment_positions(version);
    let vote = eyes.modules.iter().all(|&m| m >= 3.0);
    let whole = match positions.last() {
        Some(&last) => {
            let g = Pt::new(last as f64 + 0.5, last as f64 + 0.5);
            let found = [3.0, 6.0, 10.0].into_iter().find_map(|reach| {
                alignment::find_alignment(
                    bitmap,
                    alignment::axes_of(&guess, g),
                    guess.map(g),
                    reach,
                )
            });
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
    // The lattice fit and the voted sampling of a large symbol are this detector's dearest
    // work; timing patterns that `whole` (fitted at the eyes, beside which they run) samples
    // mostly wrong say the eyes are not one symbol's, or the version is wrong. A plain
    // sampling still gives the caller the symbol's stated version.
    let hopeless = positions.len() >= 3
        && timing_mismatch_along(bitmap, size, |p| whole.map(p)) > HOPELESS_TIMING;
    let grid = if hopeless {
        sample_grid(bitmap, size, false, |p| whole.map(p))
    } else if positions.len() >= 3 {
        let lattice = lattice::Lattice::fit(
            bitmap,
            &whole,
            &positions,
            [0, 1, 2].map(|k| (eye_grid[k], eye_image[k])),
        )?;
        {
            let centres = lattice.module_centres(size);
            sample_grid(bitmap, size, vote, |p| {
                centres[p.y as usize * size + p.x as usize]
            })
        }
    } else {
        sample_grid(bitmap, size, vote, |p| whole.map(p))
    };
    let corners = geometry::square(s).map(|p| whole.map(p));
    Some(Sampled { grid, corners })
}

/// Share of wrong timing modules above which a symbol is not worth the lattice fit: a
/// random placement gets about half of them wrong. (0.4 lost the version-40 photo of the
/// corpus, whose curled timing patterns only the lattice follows.)
const HOPELESS_TIMING: f64 = 0.5;

/// [`ModuleGrid::timing_mismatch`] of the symbol `map` places, sampling only the timing
/// patterns' modules.
fn timing_mismatch_along(bitmap: &Bitmap, size: usize, map: impl Fn(Pt) -> Pt) -> f64 {
    let between = 8..size.saturating_sub(8);
    let centre = |x: usize, y: usize| map(Pt::new(x as f64 + 0.5, y as f64 + 0.5));
    let wrong = between
        .clone()
        .filter(|&k| dark_at(bitmap, centre(k, 6)) != (k % 2 == 0))
        .count()
        + between
            .clone()
            .filter(|&k| dark_at(bitmap, centre(6, k)) != (k % 2 == 0))
            .count();
    wrong as f64 / (2 * between.len()).max(1) as f64
}

/// Reads each module at its centre; with `vote`, by the majority of the 3×3 pixels there,
/// which outvotes specks (for modules of 3 pixels or more, where those pixels are all
/// inside the module).
fn sample_grid(bitmap: &Bitmap, size: usize, vote: bool, map: impl Fn(Pt) -> Pt) -> ModuleGrid {
    let mut dark = Vec::with_capacity(size * size);
    for y in 0..size {
        for x in 0..size {
            let p = map(Pt::new(x as f64 + 0.5, y as f64 + 0.5));
            let value = if vote {
                let around = (-1..=1)
                    .flat_map(|dy| (-1..=1).map(move |dx| (dx, dy)))
                    .filter(|&(dx, dy)| {
                        dark_at(bitmap, p.add(Pt::new(f64::from(dx), f64::from(dy))))
                    })
                    .count();
                around >= 5
            } else {
                dark_at(bitmap, p)
            };
            dark.push(value);
        }
    }
    ModuleGrid { size, dark }
}

pub(super) fn dark_at(bitmap: &Bitmap, p: Pt) -> bool {
    let inside =
        p.x >= 0.0 && p.y >= 0.0 && (p.x as usize) < bitmap.width && (p.y as usize) < bitmap.height;
    inside && bitmap.is_dark(p.x as usize, p.y as usize)
}
