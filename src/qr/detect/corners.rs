//! The outer corners of the eyes, for symbols seen in perspective. Each eye is a 7×7-module
//! square whose four sides are traced (rays from its centre to where its outer ring ends,
//! a straight line fitted to each side) and crossed to give its corners: twelve points
//! whose place in the symbol is known. Foreshortening shows in how the eyes narrow, so a
//! transform fitted to those points places the far corner well, even when a logo hides the
//! alignment pattern there.

use super::geometry::{Pt, centroid};
use super::sample::{Eyes, dark_at};
use crate::qr::binarise::Bitmap;

/// Rays cast from an eye's centre to find its outer edge.
const RAYS: usize = 120;

/// The outer corners of the top-left, top-right and bottom-left eyes, each in symbol
/// orientation: top-left, top-right, bottom-right, bottom-left.
pub fn eye_quads(bitmap: &Bitmap, eyes: &Eyes) -> Option<[[Pt; 4]; 3]> {
    let across = unit(eyes.top_right.sub(eyes.top_left));
    let down = unit(eyes.bottom_left.sub(eyes.top_left));
    let centres = [eyes.top_left, eyes.top_right, eyes.bottom_left];
    let mut quads = [[Pt::new(0.0, 0.0); 4]; 3];
    for (k, quad) in quads.iter_mut().enumerate() {
        let (centre, module) = (centres[k], eyes.modules[k]);
        let (edge, rough) = outer_corners(bitmap, centre, module, across, down)?;
        let sides: [(Pt, Pt); 4] =
            [0, 1, 2, 3].map(|i| fit_side(&edge, rough[i], rough[(i + 1) % 4], module));
        for i in 0..4 {
            // Corner i joins the side ending there (i - 1) and the side starting there (i).
            let corner = intersect(sides[(i + 3) % 4], sides[i])?;
            // A corner far from the rough one means a side was traced badly.
            if corner.dist(rough[i]) > 1.5 * module {
                return None;
            }
            quad[i] = corner;
        }
    }
    Some(quads)
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
) -> Option<(Vec<Pt>, [Pt; 4])> {
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
    let corners = [
        extreme(l.add(t))?,
        extreme(r.add(t))?,
        extreme(r.add(b))?,
        extreme(l.add(b))?,
    ];
    Some((edge, corners))
}

/// The straight line best fitting the edge points along one side of an eye, from corner
/// `a` to corner `b` (corners themselves left out: they are the least precise points).
/// Returned as two points on the line.
fn fit_side(edge: &[Pt], a: Pt, b: Pt, module: f64) -> (Pt, Pt) {
    let length = a.dist(b);
    let dir = b.sub(a).scale(1.0 / length.max(1e-9));
    let normal = Pt::new(-dir.y, dir.x);
    let side: Vec<Pt> = edge
        .iter()
        .copied()
        .filter(|p| {
            let along = p.sub(a).dot(dir) / length;
            (0.15..0.85).contains(&along) && p.sub(a).dot(normal).abs() < module
        })
        .collect();
    if side.len() < 4 {
        return (a, b);
    }
    // Total least squares: the line through the points' mean along their main axis.
    let mean = centroid(&side);
    let (mut sxx, mut sxy, mut syy) = (0.0, 0.0, 0.0);
    for p in &side {
        let d = p.sub(mean);
        sxx += d.x * d.x;
        sxy += d.x * d.y;
        syy += d.y * d.y;
    }
    let angle = 0.5 * (2.0 * sxy).atan2(sxx - syy);
    (
        mean,
        mean.add(Pt::new(angle.cos(), angle.sin()).scale(length)),
    )
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
