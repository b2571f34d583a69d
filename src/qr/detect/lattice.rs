//! The lattice of alignment patterns in versions 7 and up, and the piecewise transform built
//! on it. Each pattern is looked for near where its already-found neighbours put it (the
//! fourth corner of a parallelogram of three found neighbours follows a bend far better than
//! one transform for the whole symbol); the best-supported patterns go first and unfound ones
//! get another chance once more neighbours are known. Module centres then follow `whole`
//! plus the lattice's offsets from it, interpolated by Catmull-Rom splines: a bend is smooth,
//! so the splines track it between lattice points too, where straight patches fall behind.

use super::alignment::{axes_of, find_alignment};
use super::geometry::{Homography, Pt};
use crate::qr::binarise::Bitmap;

/// How far (modules) from its prediction a lattice pattern is looked for.
const REACH: f64 = 2.5;
/// Rounds of looking again for patterns not yet found.
const ROUNDS: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Anchor {
    Unknown,
    /// Matched in the image (or derived from an eye).
    Found(Pt),
    /// Predicted only.
    Guessed(Pt),
}

impl Anchor {
    fn found(self) -> Option<Pt> {
        match self {
            Anchor::Found(p) => Some(p),
            _ => None,
        }
    }
}

/// The alignment lattice of one symbol: where `whole` puts each point, and how far off that is.
pub struct Lattice {
    positions: Vec<usize>,
    whole: Homography,
    /// Each lattice point's offset from where `whole` puts it, row-major.
    residuals: Vec<Pt>,
}

/// The uniform Catmull-Rom spline through `p[1]` (t = 0) and `p[2]` (t = 1).
fn catmull_rom(p: [Pt; 4], t: f64) -> Pt {
    let (t2, t3) = (t * t, t * t * t);
    let w = [
        -0.5 * t3 + t2 - 0.5 * t,
        1.5 * t3 - 2.5 * t2 + 1.0,
        -1.5 * t3 + 2.0 * t2 + 0.5 * t,
        0.5 * t3 - 0.5 * t2,
    ];
    (0..4).fold(Pt::new(0.0, 0.0), |acc, k| acc.add(p[k].scale(w[k])))
}

impl Lattice {
    /// Fits the lattice of a symbol whose alignment positions are `positions`, starting from
    /// the transform `whole` fitted to its eyes. `eyes` pairs each eye's centre in symbol coordinates with its centre in the bitmap
    /// (top-left, top-right, bottom-left).
    pub fn fit(
        bitmap: &Bitmap,
        whole: &Homography,
        positions: &[usize],
        eyes: [(Pt, Pt); 3],
    ) -> Option<Lattice> {
        let n = positions.len();
        let grid_at =
            |i: usize, j: usize| Pt::new(positions[i] as f64 + 0.5, positions[j] as f64 + 0.5);
        let mut anchors = vec![Anchor::Unknown; n * n];
        // The three corners by the eyes hold no pattern; the eyes placed `whole` well there.
        let eye_corners = [(0, 0), (n - 1, 0), (0, n - 1)];
        for (i, j) in eye_corners {
            anchors[j * n + i] = Anchor::Found(whole.map(grid_at(i, j)));
        }
        for _ in 0..ROUNDS {
            let mut progress = false;
            let mut pending: Vec<(usize, usize)> = (0..n * n)
                .filter(|&k| anchors[k].found().is_none())
                .map(|k| (k % n, k / n))
                .collect();
            while !pending.is_empty() {
                // The pattern with the most found neighbours next.
                let best = (0..pending.len()).max_by_key(|&k| {
                    let (i, j) = pending[k];
                    found_neighbours(&anchors, n, i, j)
                })?;
                let (i, j) = pending.swap_remove(best);
                let g = grid_at(i, j);
                let guess = predict(&anchors, n, i, j, whole, &grid_at);
                let axes = guess.axes.unwrap_or_else(|| axes_of(whole, g));
                anchors[j * n + i] = match find_alignment(bitmap, axes, guess.at, REACH) {
                    Some(at) => {
                        progress = true;
                        Anchor::Found(at)
                    }
                    None => Anchor::Guessed(guess.at),
                };
            }
            if !progress {
                break;
            }
            // A wrong version or a trio of unrelated eyes finds next to nothing: give up.
            let seen = anchors.iter().filter(|a| a.found().is_some()).count() - 3;
            if seen * 4 < n * n - 3 {
                return None;
            }
        }
        // Where a bend is strong, `whole` misplaces even the points beside the eyes: place
        // them from the eye itself, three modules along the axes its found neighbours show.
        for ((i, j), (eye_grid, eye_image)) in eye_corners.into_iter().zip(eyes) {
            let kept = anchors[j * n + i];
            anchors[j * n + i] = Anchor::Unknown;
            let guess = predict(&anchors, n, i, j, whole, &grid_at);
            anchors[j * n + i] = match guess.axes {
                Some((u, v)) => {
                    let g = grid_at(i, j);
                    let offset = u.scale(g.x - eye_grid.x).add(v.scale(g.y - eye_grid.y));
                    Anchor::Found(eye_image.add(offset))
                }
                None => kept,
            };
        }
        let point = |i: usize, j: usize| match anchors[j * n + i] {
            Anchor::Found(p) | Anchor::Guessed(p) => Some(p),
            Anchor::Unknown => None,
        };
        let mut residuals = Vec::with_capacity(n * n);
        for j in 0..n {
            for i in 0..n {
                residuals.push(point(i, j)?.sub(whole.map(grid_at(i, j))));
            }
        }
        Some(Lattice {
            positions: positions.to_vec(),
            whole: *whole,
            residuals,
        })
    }

    /// Every module centre of a `size`-module symbol in bitmap pixels (row-major): `whole`
    /// plus the lattice's offsets from it, interpolated with Catmull-Rom splines, which
    /// follow a bend between lattice points too. Separable: first along each lattice row,
    /// then down each module column.
    pub fn module_centres(&self, size: usize) -> Vec<Pt> {
        let n = self.positions.len();
        let knot = |k: usize| self.positions[k] as f64 + 0.5;
        // For each module coordinate: its patch and where in the patch it lies.
        let spans: Vec<(usize, f64)> = (0..size)
            .map(|m| {
                let v = m as f64 + 0.5;
                let k = (0..n).rposition(|k| knot(k) <= v).unwrap_or(0).min(n - 2);
                let t = (v - knot(k)) / (knot(k + 1) - knot(k));
                (k, t.clamp(-0.5, 1.5))
            })
            .collect();
        // Lattice values extended linearly one step beyond each edge.
        let extended = |get: &dyn Fn(usize) -> Pt, k: isize| -> Pt {
            if k < 0 {
                get(0).scale(2.0).sub(get(1))
            } else if k >= n as isize {
                get(n - 1).scale(2.0).sub(get(n - 2))
            } else {
                get(k as usize)
            }
        };
        let spline = |get: &dyn Fn(usize) -> Pt, (k, t): (usize, f64)| {
            let k = k as isize;
            catmull_rom([k - 1, k, k + 1, k + 2].map(|q| extended(get, q)), t)
        };
        // Offsets along each lattice row j, at every module column.
        let along_rows: Vec<Vec<Pt>> = (0..n)
            .map(|j| {
                let get = |i: usize| self.residuals[j * n + i];
                spans.iter().map(|&span| spline(&get, span)).collect()
            })
            .collect();
        let mut out = Vec::with_capacity(size * size);
        for (y, &span_y) in spans.iter().enumerate() {
            #[allow(clippy::needless_range_loop, reason = "x picks a column across rows")]
            for x in 0..size {
                let get = |j: usize| along_rows[j][x];
                let offset = spline(&get, span_y);
                let p = Pt::new(x as f64 + 0.5, y as f64 + 0.5);
                out.push(self.whole.map(p).add(offset));
            }
        }
        out
    }
}

fn at(anchors: &[Anchor], n: usize, i: isize, j: isize) -> Option<Pt> {
    let inside = (0..n as isize).contains(&i) && (0..n as isize).contains(&j);
    inside
        .then(|| anchors[j as usize * n + i as usize].found())
        .flatten()
}

fn found_neighbours(anchors: &[Anchor], n: usize, i: usize, j: usize) -> usize {
    let (i, j) = (i as isize, j as isize);
    (-1..=1)
        .flat_map(|dj| (-1..=1).map(move |di| (di, dj)))
        .filter(|&(di, dj)| (di, dj) != (0, 0) && at(anchors, n, i + di, j + dj).is_some())
        .count()
}

/// Where lattice point (i, j) should be, with the image vectors of one module along the
/// symbol's rows and columns there: the mean fourth corner of the parallelograms its found
/// neighbours make (and their sides); failing that, `whole` shifted by how far found
/// neighbours sat from where `whole` put them; failing that, `whole`.
fn predict(
    anchors: &[Anchor],
    n: usize,
    i: usize,
    j: usize,
    whole: &Homography,
    grid_at: &dyn Fn(usize, usize) -> Pt,
) -> Guess {
    let (si, sj) = (i as isize, j as isize);
    let g = grid_at(i, j);
    let mut sum = Pt::new(0.0, 0.0);
    let (mut u_sum, mut v_sum) = (Pt::new(0.0, 0.0), Pt::new(0.0, 0.0));
    let mut count = 0.0;
    for (di, dj) in [(-1, -1), (1, -1), (-1, 1), (1, 1)] {
        let side_a = at(anchors, n, si + di, sj);
        let side_b = at(anchors, n, si, sj + dj);
        let diagonal = at(anchors, n, si + di, sj + dj);
        if let (Some(a), Some(b), Some(d)) = (side_a, side_b, diagonal) {
            let p = a.add(b).sub(d);
            sum = sum.add(p);
            // Modules between this lattice point and its neighbours, signed.
            let dx = g.x - grid_at((si + di) as usize, j).x;
            let dy = g.y - grid_at(i, (sj + dj) as usize).y;
            u_sum = u_sum.add(p.sub(a).scale(1.0 / dx));
            v_sum = v_sum.add(p.sub(b).scale(1.0 / dy));
            count += 1.0;
        }
    }
    if count > 0.0 {
        let k = 1.0 / count;
        return Guess {
            at: sum.scale(k),
            axes: Some((u_sum.scale(k), v_sum.scale(k))),
        };
    }
    let base = whole.map(g);
    for dj in -1..=1isize {
        for di in -1..=1isize {
            if let Some(p) = at(anchors, n, si + di, sj + dj) {
                let g = grid_at((si + di) as usize, (sj + dj) as usize);
                sum = sum.add(p.sub(whole.map(g)));
                count += 1.0;
            }
        }
    }
    let at = if count > 0.0 {
        base.add(sum.scale(1.0 / count))
    } else {
        base
    };
    Guess { at, axes: None }
}

/// A predicted lattice point and, when known locally, one module's image vectors there.
struct Guess {
    at: Pt,
    axes: Option<(Pt, Pt)>,
}
