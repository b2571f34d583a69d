//! Plane geometry for sampling a QR symbol: points and the projective transform (homography)
//! that maps symbol coordinates (modules) to image pixels. Pure arithmetic.

/// A point in image pixels or in symbol modules.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pt {
    pub x: f64,
    pub y: f64,
}

impl Pt {
    pub const fn new(x: f64, y: f64) -> Pt {
        Pt { x, y }
    }

    pub fn dist(self, other: Pt) -> f64 {
        (self.x - other.x).hypot(self.y - other.y)
    }

    pub fn add(self, other: Pt) -> Pt {
        Pt::new(self.x + other.x, self.y + other.y)
    }

    pub fn sub(self, other: Pt) -> Pt {
        Pt::new(self.x - other.x, self.y - other.y)
    }

    pub fn scale(self, k: f64) -> Pt {
        Pt::new(self.x * k, self.y * k)
    }

    /// z component of the cross product (positive when `other` is clockwise from `self`
    /// in image coordinates, where y grows downwards).
    pub fn cross(self, other: Pt) -> f64 {
        self.x * other.y - self.y * other.x
    }

    pub fn dot(self, other: Pt) -> f64 {
        self.x * other.x + self.y * other.y
    }

    pub fn len(self) -> f64 {
        self.x.hypot(self.y)
    }
}

/// The centroid of `points` (the origin when there are none).
pub fn centroid(points: &[Pt]) -> Pt {
    let sum = points.iter().fold(Pt::new(0.0, 0.0), |acc, &p| acc.add(p));
    sum.scale(1.0 / points.len().max(1) as f64)
}

/// The corners of a `side`-long square at the origin: top-left, top-right, bottom-right,
/// bottom-left (y grows downwards), the order every quadrilateral here uses.
pub fn square(side: f64) -> [Pt; 4] {
    [
        Pt::new(0.0, 0.0),
        Pt::new(side, 0.0),
        Pt::new(side, side),
        Pt::new(0.0, side),
    ]
}

/// x' = (a x + b y + c) / (g x + h y + 1), y' = (d x + e y + f) / (g x + h y + 1).
#[derive(Debug, Clone, Copy)]
pub struct Homography {
    m: [f64; 8],
}

impl Homography {
    /// The transform taking each `from[i]` to `to[i]`; `None` when three points are collinear.
    pub fn from_points(from: [Pt; 4], to: [Pt; 4]) -> Option<Homography> {
        let mut rows = [[0.0f64; 9]; 8];
        for i in 0..4 {
            let (p, q) = (from[i], to[i]);
            rows[2 * i] = [p.x, p.y, 1.0, 0.0, 0.0, 0.0, -p.x * q.x, -p.y * q.x, q.x];
            rows[2 * i + 1] = [0.0, 0.0, 0.0, p.x, p.y, 1.0, -p.x * q.y, -p.y * q.y, q.y];
        }
        solve8(rows).map(|m| Homography { m })
    }

    /// The transform that best takes each `from` point to its `to` point (least squares,
    /// after moving both sets to their centroids and scaling them to unit size, which keeps
    /// the equations well conditioned). Needs four pairs or more.
    pub fn fit(pairs: &[(Pt, Pt)]) -> Option<Homography> {
        if pairs.len() < 4 {
            return None;
        }
        let (from, to): (Vec<Pt>, Vec<Pt>) = pairs.iter().copied().unzip();
        let (from_norm, _) = normaliser(&from);
        let (to_norm, to_back) = normaliser(&to);
        // Normal equations AᵀA m = Aᵀb of the same rows `from_points` solves exactly.
        let mut ata = [[0.0f64; 9]; 8];
        for &(p, q) in pairs {
            let (p, q) = (from_norm.apply(p), to_norm.apply(q));
            let rows = [
                [p.x, p.y, 1.0, 0.0, 0.0, 0.0, -p.x * q.x, -p.y * q.x, q.x],
                [0.0, 0.0, 0.0, p.x, p.y, 1.0, -p.x * q.y, -p.y * q.y, q.y],
            ];
            for row in rows {
                for i in 0..8 {
                    for j in 0..9 {
                        ata[i][j] += row[i] * row[j];
                    }
                }
            }
        }
        let m = solve8(ata)?;
        let normalised = [[m[0], m[1], m[2]], [m[3], m[4], m[5]], [m[6], m[7], 1.0]];
        let full = mul3(to_back, mul3(normalised, from_norm.matrix()));
        let w = full[2][2];
        if w.abs() < 1e-12 {
            return None;
        }
        Some(Homography {
            m: [
                full[0][0] / w,
                full[0][1] / w,
                full[0][2] / w,
                full[1][0] / w,
                full[1][1] / w,
                full[1][2] / w,
                full[2][0] / w,
                full[2][1] / w,
            ],
        })
    }

    pub fn map(&self, p: Pt) -> Pt {
        let m = &self.m;
        let w = m[6] * p.x + m[7] * p.y + 1.0;
        Pt::new(
            (m[0] * p.x + m[1] * p.y + m[2]) / w,
            (m[3] * p.x + m[4] * p.y + m[5]) / w,
        )
    }
}

/// p -> (p - centre) * scale.
#[derive(Debug, Clone, Copy)]
struct Similarity {
    centre: Pt,
    scale: f64,
}

impl Similarity {
    fn apply(self, p: Pt) -> Pt {
        p.sub(self.centre).scale(self.scale)
    }

    fn matrix(self) -> [[f64; 3]; 3] {
        let (c, k) = (self.centre, self.scale);
        [[k, 0.0, -k * c.x], [0.0, k, -k * c.y], [0.0, 0.0, 1.0]]
    }
}

/// The similarity taking `points` to centroid 0 and mean distance √2, and its inverse as a
/// matrix.
fn normaliser(points: &[Pt]) -> (Similarity, [[f64; 3]; 3]) {
    let centre = centroid(points);
    let spread = points.iter().map(|p| p.dist(centre)).sum::<f64>() / points.len().max(1) as f64;
    let scale = if spread > 1e-12 {
        std::f64::consts::SQRT_2 / spread
    } else {
        1.0
    };
    let back = [
        [1.0 / scale, 0.0, centre.x],
        [0.0, 1.0 / scale, centre.y],
        [0.0, 0.0, 1.0],
    ];
    (Similarity { centre, scale }, back)
}

fn mul3(a: [[f64; 3]; 3], b: [[f64; 3]; 3]) -> [[f64; 3]; 3] {
    let mut out = [[0.0; 3]; 3];
    for i in 0..3 {
        for j in 0..3 {
            out[i][j] = (0..3).map(|k| a[i][k] * b[k][j]).sum();
        }
    }
    out
}

/// Gaussian elimination with partial pivoting on an 8×9 augmented matrix.
fn solve8(mut a: [[f64; 9]; 8]) -> Option<[f64; 8]> {
    for col in 0..8 {
        let pivot = (col..8).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-12 {
            return None;
        }
        a.swap(col, pivot);
        let pivot_row = a[col];
        for (r, row) in a.iter_mut().enumerate() {
            let factor = row[col] / pivot_row[col];
            if r != col && factor != 0.0 {
                for (value, pivot_value) in row.iter_mut().zip(pivot_row).skip(col) {
                    *value -= factor * pivot_value;
                }
            }
        }
    }
    let mut out = [0.0; 8];
    for (i, v) in out.iter_mut().enumerate() {
        *v = a[i][8] / a[i][i];
    }
    out.iter().all(|v| v.is_finite()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Pt, b: Pt) -> bool {
        a.dist(b) < 1e-6
    }

    #[test]
    fn maps_the_four_points_it_was_built_from() {
        let from = square(10.0);
        let to = [
            Pt::new(5.0, 7.0),
            Pt::new(95.0, 12.0),
            Pt::new(88.0, 101.0),
            Pt::new(2.0, 90.0),
        ];
        let h = Homography::from_points(from, to).expect("solvable");
        for i in 0..4 {
            assert!(close(h.map(from[i]), to[i]), "{i}");
        }
    }

    #[test]
    fn a_scale_and_shift_is_affine() {
        let from = square(1.0);
        let to = from.map(|p| Pt::new(3.0 * p.x + 2.0, 3.0 * p.y - 1.0));
        let h = Homography::from_points(from, to).expect("solvable");
        assert!(close(h.map(Pt::new(0.5, 0.5)), Pt::new(3.5, 0.5)));
    }

    #[test]
    fn least_squares_recovers_an_exact_transform_from_many_points() {
        let truth = Homography::from_points(
            square(25.0),
            [
                Pt::new(40.0, 30.0),
                Pt::new(250.0, 55.0),
                Pt::new(235.0, 215.0),
                Pt::new(35.0, 260.0),
            ],
        )
        .expect("solvable");
        let pairs: Vec<(Pt, Pt)> = (0..12)
            .map(|k| {
                let p = Pt::new(f64::from(k % 4) * 7.0, f64::from(k / 4) * 9.0);
                (p, truth.map(p))
            })
            .collect();
        let fitted = Homography::fit(&pairs).expect("fitted");
        let probe = Pt::new(25.0, 25.0);
        assert!(fitted.map(probe).dist(truth.map(probe)) < 1e-6);
    }

    #[test]
    fn collinear_points_have_no_transform() {
        let line = [
            Pt::new(0.0, 0.0),
            Pt::new(1.0, 1.0),
            Pt::new(2.0, 2.0),
            Pt::new(3.0, 3.0),
        ];
        assert!(Homography::from_points(line, line).is_none());
    }
}
