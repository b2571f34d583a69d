//! OTP Desk's own symbol detector, for what rqrr's finds miss: eyes found by their 1:1:3:1:1
//! rhythm (also stylised dot eyes), every plausible trio of eyes tried as a symbol, the
//! version estimated from their spacing and corrected by the symbol's own version
//! information, the symbol placed by its eyes' traced corners (perspective) or by their
//! parallelogram, and large symbols sampled between their alignment patterns so that
//! curled paper still reads. rqrr then reads the sampled modules (format, error
//! correction, payload); [`model1`] reads the few old Model 1 symbols rqrr cannot.
//! Pure; works on a [`Bitmap`].

mod alignment;
mod corners;
mod estimate;
mod finder;
mod geometry;
mod lattice;
mod model1;
mod sample;
mod version;

#[cfg(test)]
mod tests;

use rqrr::Grid;

use super::binarise::Bitmap;
use super::decode::{self, Found, Scan};
use finder::Finder;
use geometry::Pt;
use sample::{Eyes, Start};

/// Eyes considered per bitmap (most confirmed first): 12 give 220 trios at most.
const MAX_EYES: usize = 12;
/// Trios tried per bitmap, best shaped first.
const MAX_TRIOS: usize = 24;

/// The module size (pixels) of the three best-confirmed finder patterns in `bitmap`, the
/// smallest of them, or `None` when there are fewer than three: a cheap test (no sampling,
/// no error correction) of whether a patch may hold a symbol and how much enlarging it needs.
pub fn eye_module(bitmap: &Bitmap) -> Option<f64> {
    let eyes = finder::find(bitmap);
    (eyes.len() >= 3).then(|| eyes[..3].iter().map(|e| e.module).fold(f64::MAX, f64::min))
}

/// Every symbol this detector can read in `bitmap` (true = dark). Runs isolated like every
/// decoder call: a bug on hostile pixels means "nothing here", not a crash.
/// Like rqrr's scans, it counts as unread the symbols it placed (timing patterns right)
/// but could not read, so the ladder knows whether to look further.
pub fn scan(bitmap: &Bitmap) -> Scan {
    super::isolate::guarded(|| scan_unguarded(bitmap)).unwrap_or_default()
}

fn scan_unguarded(bitmap: &Bitmap) -> Scan {
    let mut eyes = finder::find(bitmap);
    eyes.truncate(MAX_EYES);
    let mut trios = trios(&eyes);
    trios.truncate(MAX_TRIOS);
    let mut used = vec![false; eyes.len()];
    let mut found = Vec::new();
    let mut placed_unread = Vec::new();
    for trio in trios {
        if trio.members.iter().any(|&k| used[k]) {
            continue;
        }
        match read_trio(bitmap, &trio) {
            Ok(code) => {
                for &k in &trio.members {
                    used[k] = true;
                }
                found.push(code);
            }
            // A symbol's centre is midway between its top-right and bottom-left eyes.
            Err(Placed::Yes) => placed_unread.push((
                trio.members,
                trio.eyes.top_right.add(trio.eyes.bottom_left).scale(0.5),
            )),
            Err(Placed::No) => {}
        }
    }
    // Placed symbols whose eyes no read symbol took.
    let unread_centres: Vec<(f64, f64)> = placed_unread
        .iter()
        .filter(|(members, _)| members.iter().all(|&k| !used[k]))
        .map(|(_, centre)| (centre.x, centre.y))
        .collect();
    Scan {
        found,
        unread_grids: unread_centres.len(),
        unread_centres,
    }
}

/// Why a trio gave no code: whether a sampled grid had the right timing patterns.
enum Placed {
    Yes,
    No,
}

/// Three eyes that could be one symbol's.
struct Trio {
    members: [usize; 3],
    eyes: Eyes,
    /// Smaller is a better right isosceles triangle.
    misfit: f64,
}

fn trios(eyes: &[Finder]) -> Vec<Trio> {
    let mut out = Vec::new();
    let n = eyes.len();
    for a in 0..n {
        for b in a + 1..n {
            for c in b + 1..n {
                if let Some(trio) = shape([a, b, c], eyes) {
                    out.push(trio);
                }
            }
        }
    }
    out.sort_by(|x, y| x.misfit.total_cmp(&y.misfit));
    out
}

/// Orders three eyes as top-left (the right angle), top-right and bottom-left, or rejects
/// them when they do not form a plausible symbol corner.
fn shape(members: [usize; 3], eyes: &[Finder]) -> Option<Trio> {
    let p = members.map(|k| eyes[k].centre);
    // The right angle sits opposite the longest side.
    let sides = [p[1].dist(p[2]), p[0].dist(p[2]), p[0].dist(p[1])];
    let corner = (0..3).max_by(|&i, &j| sides[i].total_cmp(&sides[j]))?;
    let (o1, o2) = ((corner + 1) % 3, (corner + 2) % 3);
    let (leg1, leg2) = (p[o1].sub(p[corner]), p[o2].sub(p[corner]));
    let (l1, l2) = (leg1.len(), leg2.len());
    // Eyes were measured along rows and columns, which cross a turned eye's rings at a
    // slant: a symbol turned by θ shows modules 1 / max(|cos θ|, |sin θ|) too long (√2 at
    // 45°). A leg runs along one of the symbol's sides.
    let slant = leg1.x.abs().max(leg1.y.abs()) / l1;
    let modules = members.map(|k| eyes[k].module * slant);
    let (lo, hi) = modules
        .iter()
        .fold((f64::MAX, 0.0f64), |(l, h), &m| (l.min(m), h.max(m)));
    let module = modules.iter().sum::<f64>() / 3.0;
    let cos = leg1.dot(leg2) / (l1 * l2);
    let ratio = l1.max(l2) / l1.min(l2);
    // Eye centres of a version-1 symbol are 14 modules apart.
    if hi / lo > 1.6 || cos.abs() > 0.4 || ratio > 1.5 || l1.min(l2) < 10.0 * module {
        return None;
    }
    let (tr, bl) = if leg1.cross(leg2) > 0.0 {
        (o1, o2)
    } else {
        (o2, o1)
    };
    Some(Trio {
        members: [members[corner], members[tr], members[bl]],
        eyes: Eyes {
            top_left: p[corner],
            top_right: p[tr],
            bottom_left: p[bl],
            modules: [modules[corner], modules[tr], modules[bl]],
        },
        misfit: cos.abs() + (ratio - 1.0) + (hi / lo - 1.0),
    })
}

/// Tries the likely versions ([`estimate::candidate_versions`]), then the version the
/// first sampled grid states, if not tried yet.
fn read_trio(bitmap: &Bitmap, trio: &Trio) -> Result<Found, Placed> {
    let mut queue = estimate::candidate_versions(bitmap, &trio.eyes);
    queue.reverse();
    let mut tried = Vec::new();
    let mut placed = Placed::No;
    // The perspective start when the eyes' sides can be traced, then the parallelogram.
    let starts: Vec<Start> = corners::eye_quads(bitmap, &trio.eyes)
        .map(Start::Perspective)
        .into_iter()
        .chain([Start::Parallelogram])
        .collect();
    while let Some(v) = queue.pop() {
        if tried.contains(&v) || !(1..=40).contains(&v) {
            continue;
        }
        tried.push(v);
        for &start in &starts {
            let Some(sampled) = sample::sample(bitmap, trio.eyes, v, start) else {
                continue;
            };
            let stated = sampled.grid.stated_version();
            if tried.len() == 1 && matches!(start, Start::Parallelogram) {
                queue.extend(stated);
            }
            // Error correction cannot mend a grid whose fixed patterns are mostly wrong: skip
            // rqrr's work on it (a wrong version or unrelated eyes).
            if sampled.grid.timing_mismatch() > 0.25 {
                continue;
            }
            placed = Placed::Yes;
            let payload = decode::read_grid(&Grid::new(&sampled.grid))
                .or_else(|| model1::read(&sampled.grid));
            if let Some(payload) = payload {
                return Ok(Found {
                    payload,
                    corners: sampled.corners.map(|p: Pt| (p.x, p.y)),
                });
            }
        }
    }
    Err(placed)
}
