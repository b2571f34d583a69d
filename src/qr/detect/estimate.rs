//! Which versions to try for three eyes, best evidence first: the timing patterns counted
//! module by module between the eyes, the version information printed beside the eyes, and
//! the eyes' spacing divided by their module size (which a bend or perspective skews).

use super::geometry::Pt;
use super::sample::{Eyes, dark_at};
use super::version;
use crate::qr::binarise::Bitmap;

/// Versions to try, most likely first, without repeats.
pub fn candidate_versions(bitmap: &Bitmap, eyes: &Eyes) -> Vec<usize> {
    let module = eyes.modules.iter().sum::<f64>() / 3.0;
    let span = (eyes.top_left.dist(eyes.top_right) + eyes.top_left.dist(eyes.bottom_left)) / 2.0;
    let size = span / module + 7.0;
    let estimate = ((size - 17.0) / 4.0).round().clamp(1.0, 40.0) as usize;
    let mut out: Vec<usize> = Vec::new();
    out.extend(timing_version(bitmap, eyes, Along::Top));
    out.extend(timing_version(bitmap, eyes, Along::Left));
    if estimate >= 5 {
        out.extend(stated_version_near_eyes(bitmap, eyes));
    }
    out.push(estimate);
    out.extend([estimate + 1, estimate.saturating_sub(1)]);
    if estimate >= 15 {
        out.extend([estimate + 2, estimate.saturating_sub(2)]);
    }
    let mut seen = Vec::new();
    out.retain(|&v| {
        (1..=40).contains(&v) && !seen.contains(&v) && {
            seen.push(v);
            true
        }
    });
    out
}

#[derive(Clone, Copy)]
enum Along {
    /// Row 6, from the top-left eye to the top-right one.
    Top,
    /// Column 6, from the top-left eye to the bottom-left one.
    Left,
}

/// Counts the modules of a timing pattern: along row (or column) 6 from one eye's centre
/// to the other's, the eyes' outer rings are dark and between them light and dark alternate
/// once per module, `size - 14` runs in all. `None` unless every run is about a module long
/// and the count fits a version.
fn timing_version(bitmap: &Bitmap, eyes: &Eyes, along: Along) -> Option<usize> {
    let (from, to, m_from, m_to, side) = match along {
        Along::Top => (
            eyes.top_left,
            eyes.top_right,
            eyes.modules[0],
            eyes.modules[1],
            eyes.bottom_left.sub(eyes.top_left),
        ),
        Along::Left => (
            eyes.top_left,
            eyes.bottom_left,
            eyes.modules[0],
            eyes.modules[2],
            eyes.top_right.sub(eyes.top_left),
        ),
    };
    let side = side.scale(1.0 / side.len());
    // Row 6's centre is 3 modules off the line through the eyes' centres.
    let start = from.add(side.scale(3.0 * m_from));
    let end = to.add(side.scale(3.0 * m_to));
    let length = start.dist(end);
    let step = 0.2 * m_from.min(m_to);
    let samples = (length / step) as usize;
    if samples < 10 {
        return None;
    }
    let mut runs: Vec<(bool, f64, f64)> = Vec::new(); // colour, length in px, position 0..1
    for k in 0..=samples {
        let t = k as f64 / samples as f64;
        let p = start.add(end.sub(start).scale(t));
        let dark = dark_at(bitmap, p);
        match runs.last_mut() {
            Some((colour, len, _)) if *colour == dark => *len += length / samples as f64,
            _ => runs.push((dark, 0.0, t)),
        }
    }
    // Outer rings at both ends, then the runs between them.
    if runs.len() < 3 || !runs[0].0 || !runs[runs.len() - 1].0 {
        return None;
    }
    let inner = &runs[1..runs.len() - 1];
    let module_at = |t: f64| m_from + (m_to - m_from) * t;
    let even = inner
        .iter()
        .all(|&(_, len, t)| (0.4..2.0).contains(&(len / module_at(t))));
    let size = inner.len() + 14;
    (even && size >= 21 && (size - 17).is_multiple_of(4)).then(|| (size - 17) / 4)
}

/// Reads the version information blocks beside the top-right and bottom-left eyes straight
/// from the bitmap, in a frame local to each eye (its own module size, the symbol's axes),
/// so that a poor estimate of the symbol's size does not matter. Versions 7 and up.
fn stated_version_near_eyes(bitmap: &Bitmap, eyes: &Eyes) -> Option<usize> {
    let across = eyes.top_right.sub(eyes.top_left);
    let down = eyes.bottom_left.sub(eyes.top_left);
    let (across, down) = (
        across.scale(1.0 / across.len()),
        down.scale(1.0 / down.len()),
    );
    // Each bit's module centre, measured from the top-right eye's centre (column size-3.5,
    // row 3.5), is the same for every size; transposed by the bottom-left eye.
    let size = version::size(7);
    let read = |eye: Pt, module: f64, transpose: bool| {
        let (u, v) = (across.scale(module), down.scale(module));
        let word = (0..18).fold(0u32, |acc, i| {
            let (col, row) = version::version_bit_at(size, i);
            let a = col as f64 + 0.5 - (size as f64 - 3.5);
            let b = row as f64 + 0.5 - 3.5;
            let (dx, dy) = if transpose { (b, a) } else { (a, b) };
            let p = eye.add(u.scale(dx)).add(v.scale(dy));
            acc | u32::from(dark_at(bitmap, p)) << i
        });
        version::decode_version_bits(word)
    };
    read(eyes.top_right, eyes.modules[1], false)
        .or_else(|| read(eyes.bottom_left, eyes.modules[2], true))
}
