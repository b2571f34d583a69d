//! The outer corners of an eye, for symbols seen in perspective. An eye is a 7×7-module
//! square, so the right side of the top-right eye lies on the symbol's right border and the
//! bottom side of the bottom-left eye on its bottom border: where those two lines cross is
//! the symbol's bottom-right corner, however steeply the code is tilted, and even when a logo
//! hides the alignment pattern there.

use super::geometry::Pt;
use super::sample::{Eyes, dark_at};
use crate::qr::binarise::Bitmap;

/// Rays cast from an eye's centre to find its outer edge.
const RAYS: usize = 120;

/// The symbol's bottom-right corner (symbol point (size, size)) in bitmap pixels.
pub fn bottom_right(bitmap: &Bitmap, eyes: &Eyes) -> Option<Pt> {
    let across = unit(eyes.top_right.sub(eyes.top_left));
    let down = unit(eyes.bottom_left.sub(eyes.top_left));
    let tr = outer_corners(bitmap, eyes.top_right, eyes.modules[1], across, down)?;
    let bl = outer_corners(bitmap, eyes.bottom_left, eyes.modules[2], across, down)?;
    // Right side of the top-right eye: its top-right and bottom-right corners; bottom side
    // of the bottom-left eye: its bottom-left and bottom-right corners.
    let corner = intersect((tr[1], tr[2]), (bl[3], bl[2]))?;
    // A wild intersection (near-parallel sides) is no help.
    let span = eyes
        .top_left
        .dist(eyes.top_right)
        .max(eyes.top_left.dist(eyes.bottom_left));
    (corner.dist(eyes.top_left) < span * 2.5).then_some(corner)
}

fn unit(p: Pt) -> Pt {
    p.scale(1.0 / p.len())
}

/// The eye's outer corners in symbol orientation: top-left, top-right, bottom-right,
/// bottom-left. Each is the edge point reaching furthest in its diagonal direction.
fn outer_corners(
    bitmap: &Bitmap,
    centre: Pt,
    module: f64,
    across: Pt,
    down: Pt,
) -> Option<[Pt; 4]> {
    let edge = edge_points(bitmap, centre, module);
    if edge.len() < RAYS * 3 / 4 {
        return None;
    }
    let extreme = |dir: Pt| {
        edge.iter()
            .copied()
            .max_by(|a, b| a.sub(centre).dot(dir).total_cmp(&b.sub(centre).dot(dir)))
    };
    let (l, r) = (across.scale(-1.0), across);
    let (t, b) = (down.scale(-1.0), down);
    Some([
        extreme(l.add(t))?,
        extreme(r.add(t))?,
        extreme(r.add(b))?,
        extreme(l.add(b))?,
    ])
}

/// Where each ray from the centre leaves the eye's outer dark ring (dark centre, light
/// ring, dark ring, then light).
fn edge_points(bitmap: &Bitmap, centre: Pt, module: f64) -> Vec<Pt> {
    let step = 0.25_f64.min(module / 8.0).max(0.1);
    let max_len = module * 7.0;
    let mut out = Vec::with_capacity(RAYS);
    for k in 0..RAYS {
        let angle = std::f64::consts::TAU * k as f64 / RAYS as f64;
        let dir = Pt::new(angle.cos(), angle.sin());
        let mut phase = 0; // 0 centre, 1 light ring, 2 outer ring
        let mut t = 0.0;
        while t < max_len {
            let p = centre.add(dir.scale(t));
            let dark = dark_at(bitmap, p);
            phase = match (phase, dark) {
                (0, false) => 1,
                (1, true) => 2,
                (2, false) => {
                    out.push(p);
                    break;
                }
                (other, _) => other,
            };
            t += step;
        }
    }
    out
}

/// Where the line through `a` crosses the line through `b`.
fn intersect(a: (Pt, Pt), b: (Pt, Pt)) -> Option<Pt> {
    let (da, db) = (a.1.sub(a.0), b.1.sub(b.0));
    let denom = da.cross(db);
    if denom.abs() < 1e-9 * da.len() * db.len() {
        return None;
    }
    let t = b.0.sub(a.0).cross(db) / denom;
    Some(a.0.add(da.scale(t)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crossing_lines_meet_where_expected() {
        let p = intersect(
            (Pt::new(0.0, 0.0), Pt::new(1.0, 1.0)),
            (Pt::new(0.0, 2.0), Pt::new(2.0, 0.0)),
        )
        .expect("not parallel");
        assert!(p.dist(Pt::new(1.0, 1.0)) < 1e-9);
        assert!(
            intersect(
                (Pt::new(0.0, 0.0), Pt::new(1.0, 0.0)),
                (Pt::new(0.0, 1.0), Pt::new(1.0, 1.0))
            )
            .is_none()
        );
    }
}
