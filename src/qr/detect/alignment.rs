//! Alignment patterns: the 5×5 squares (dark ring, light ring, dark centre) that versions 2
//! and up carry, found by matching that template around where they should be.

use super::geometry::{Homography, Pt, centroid};
use super::sample::dark_at;
use crate::qr::binarise::Bitmap;

/// One module's image vectors along the rows and columns at symbol point `g`.
pub fn axes_of(transform: &Homography, g: Pt) -> (Pt, Pt) {
    let origin = transform.map(g);
    (
        transform.map(g.add(Pt::new(1.0, 0.0))).sub(origin),
        transform.map(g.add(Pt::new(0.0, 1.0))).sub(origin),
    )
}

/// Looks for an alignment pattern within `reach` modules of `predicted`, by matching its
/// 5×5 template (dark ring, light ring, dark centre) at quarter-module steps along the
/// module vectors `(u, v)`. Returns its centre in bitmap pixels.
pub fn find_alignment(bitmap: &Bitmap, (u, v): (Pt, Pt), predicted: Pt, reach: f64) -> Option<Pt> {
    let at = |sx: i32, sy: i32| {
        predicted
            .add(u.scale(f64::from(sx) / 4.0))
            .add(v.scale(f64::from(sy) / 4.0))
    };
    // Half-module steps find every match (a sharp pattern matches over about ±0.4 module);
    // quarter-module steps around each then outline its plateau.
    let steps = (reach * 2.0) as i32;
    let mut scores: std::collections::HashMap<(i32, i32), u32> = Default::default();
    for sy in -steps..=steps {
        for sx in -steps..=steps {
            let (qx, qy) = (2 * sx, 2 * sy);
            if template_score(bitmap, at(qx, qy), u, v) == 0 {
                continue;
            }
            for fy in qy - 1..=qy + 1 {
                for fx in qx - 1..=qx + 1 {
                    scores
                        .entry((fx, fy))
                        .or_insert_with(|| template_score(bitmap, at(fx, fy), u, v));
                }
            }
        }
    }
    let best = scores.values().copied().max().filter(|&b| b >= 24)?;
    let ties: Vec<Pt> = scores
        .iter()
        .filter(|&(_, &score)| score == best)
        .map(|(&(fx, fy), _)| at(fx, fy))
        .collect();
    // Of the best matches, the plateau nearest the prediction; its middle is the centre.
    let nearest = *ties
        .iter()
        .min_by(|a, b| a.dist(predicted).total_cmp(&b.dist(predicted)))?;
    let module = u.len().max(v.len());
    let plateau: Vec<Pt> = ties
        .into_iter()
        .filter(|p| p.dist(nearest) <= module)
        .collect();
    Some(centroid(&plateau))
}

/// How many of the 25 modules around `c` match an alignment pattern; 0 as soon as two
/// do not (only near-perfect matches count, and most places fail within a few modules).
fn template_score(bitmap: &Bitmap, c: Pt, u: Pt, v: Pt) -> u32 {
    let mut misses = 0;
    // Centre and inner ring first: they reject fastest.
    for ring in [0i32, 1, 2] {
        for dy in -ring..=ring {
            for dx in -ring..=ring {
                if dx.abs().max(dy.abs()) != ring {
                    continue;
                }
                let p = c.add(u.scale(f64::from(dx))).add(v.scale(f64::from(dy)));
                if dark_at(bitmap, p) != (ring != 1) {
                    misses += 1;
                    if misses > 1 {
                        return 0;
                    }
                }
            }
        }
    }
    25 - misses
}
