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

    pub fn map(&self, p: Pt) -> Pt {
        let m = &self.m;
        let w = m[6] * p.x + m[7] * p.y + 1.0;
        Pt::new(
            (m[0] * p.x + m[1] * p.y + m[2]) / w,
            (m[3] * p.x + m[4] * p.y + m[5]) / w,
        )
    }
}

/// Gaussian elimination with partial pivoting on an 8×9 augmented matrix.
fn solve8(mut a: [[f64; 9]; 8]) -> Option<[f64; 8]> {
    for col in 0..8 {
        let pivot = (col..8).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-12 {
            return None;
        }
        a.swap(col, pivot);
        for row in 0..8 {
            if row != col {
                let factor = a[row][col] / a[col][col];
                if factor != 0.0 {
                    for k in col..9 {
                        a[row][k] -= factor * a[col][k];
                    }
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
        let from = [
            Pt::new(0.0, 0.0),
            Pt::new(10.0, 0.0),
            Pt::new(10.0, 10.0),
            Pt::new(0.0, 10.0),
        ];
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
        let from = [
            Pt::new(0.0, 0.0),
            Pt::new(1.0, 0.0),
            Pt::new(1.0, 1.0),
            Pt::new(0.0, 1.0),
        ];
        let to = from.map(|p| Pt::new(3.0 * p.x + 2.0, 3.0 * p.y - 1.0));
        let h = Homography::from_points(from, to).expect("solvable");
        assert!(close(h.map(Pt::new(0.5, 0.5)), Pt::new(3.5, 0.5)));
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
