//! Last resorts for images where the ordinary passes found nothing: first OTP Desk's own
//! detector over padded, enlarged bitmaps; then rqrr again on codes cut at the picture's
//! edge (no quiet zone), tiny images with one or two pixels per module, and small
//! code-like patches (a tilted code on a dark desk) looked at ×4.
//! The ladder ([`super::pipeline`]) also calls [`own_detector`] at full size once the
//! full-size rqrr passes read nothing, and on the crop of a patch that shows finder
//! patterns but stayed unread; screenshots that read early never pay for any of this.
//! Pure; works on [`Gray`] and hands bitmaps to [`detect`] and [`decode`].

use super::binarise::{self, Bitmap};
use super::budget::Budget;
use super::decode::{self, Found, Scan};
use super::detect;
use super::locate::Region;
use super::pipeline::Placement;
use super::prepare::Gray;

/// Images shorter than this (longer side) are enlarged ×4, below `ENLARGE_2_BELOW` ×2.
const ENLARGE_4_BELOW: usize = 160;
const ENLARGE_2_BELOW: usize = 420;
/// Larger images are halved first: the margin is what matters here, and a smaller bitmap
/// keeps a hopeless photo's cost down.
const HALVE_FROM: usize = 1600;

/// Pads the image with paper, enlarges small ones, then tries Otsu's level and the local
/// one in the likely polarity, then the other; stops at the first read.
/// (A "lenient" level nearer white read a few more photos but also turned one damaged
/// symbol into wrong text that error correction accepted, so it is left out.)
pub fn last_resort(gray: &Gray, dark_first: bool, budget: &mut Budget) -> (Vec<Found>, Placement) {
    let long_side = gray.width.max(gray.height);
    let (base, base_scale) = if long_side >= HALVE_FROM {
        (gray.downscale(2), 2.0)
    } else {
        (gray.clone(), 1.0)
    };
    let margin = (long_side / 10).clamp(8, 64) / base_scale as usize;
    let enlarge: u32 = match long_side {
        n if n < ENLARGE_4_BELOW => 4,
        n if n < ENLARGE_2_BELOW => 2,
        _ => 1,
    };
    let placement = Placement {
        offset: (-(margin as f64) * base_scale, -(margin as f64) * base_scale),
        scale: base_scale / f64::from(enlarge),
    };
    for inverted in [dark_first, !dark_first] {
        if !budget.left() {
            break;
        }
        let oriented = if inverted {
            base.inverted()
        } else {
            base.clone()
        };
        let mut g = oriented.padded(margin, u8::MAX);
        for _ in 0..enlarge.ilog2() {
            g = g.upscale2();
        }
        let found = first_level(&g, decode::scan, budget).found;
        if !found.is_empty() {
            return (found, placement);
        }
    }
    (Vec::new(), placement)
}

/// Patches at most this long (longer side) get the ×4 close look.
const TINY_PATCH_BELOW: usize = 600;

/// A ×4 close look at small code-like patches, e.g. a small tilted code on a dark desk,
/// whose modules are too few pixels for rqrr's finder search at ×2.
pub fn tiny_patches(
    gray: &Gray,
    regions: &[Region],
    dark_first: bool,
    budget: &mut Budget,
) -> (Vec<Found>, Placement) {
    let none = Placement {
        offset: (0.0, 0.0),
        scale: 1.0,
    };
    for region in regions.iter().take(3) {
        let long_side = region.width.max(region.height);
        if !budget.left() {
            break;
        }
        if long_side >= TINY_PATCH_BELOW {
            continue;
        }
        let grow = long_side / 4;
        let (x, y) = (region.x.saturating_sub(grow), region.y.saturating_sub(grow));
        let crop = gray.crop(x, y, region.width + 2 * grow, region.height + 2 * grow);
        let big = crop.upscale2().upscale2();
        let placement = Placement {
            offset: (x as f64, y as f64),
            scale: 0.25,
        };
        for inverted in [dark_first, !dark_first] {
            let g = if inverted {
                big.inverted()
            } else {
                big.clone()
            };
            let found = first_level(&g, decode::scan, budget).found;
            if !found.is_empty() {
                return (found, placement);
            }
        }
    }
    (Vec::new(), none)
}

/// Longest side, in bitmap pixels, that the own detector's enlargements may reach.
const DETECT_MAX_SIDE: usize = 1600;

/// OTP Desk's own detector ([`detect`]) over the padded image at those of ×1, ×2 and ×4 in
/// `factors` (as far as [`DETECT_MAX_SIDE`] allows: small modules need the room), each in
/// the likely polarity first and with Otsu's then the local level; stops at the first read.
/// When nothing reads, the scan counts the symbols placed but not read at every size.
/// `polarities` are the `inverted` values to try, in order: both, likelier first, unless
/// the ladder knows the code's polarity (see [`OwnScan::placed`]).
pub fn own_detector(
    gray: &Gray,
    polarities: &[bool],
    factors: &[usize],
    budget: &mut Budget,
) -> OwnScan {
    let long_side = gray.width.max(gray.height);
    let margin = (long_side / 10).clamp(8, 64);
    // Padded with paper of the code's background: light, or dark before inverting. The
    // dark one is made (and enlarged) only once the other polarity is tried.
    let mut light = gray.padded(margin, u8::MAX);
    let mut dark: Option<(usize, Gray)> = None;
    let mut placed = [0; 2];
    let mut unread_at = Vec::new();
    for factor in [1usize, 2, 4] {
        let needed = factors.iter().any(|&f| f >= factor);
        if !needed || (factor > 1 && long_side * factor > DETECT_MAX_SIDE) || !budget.left() {
            break;
        }
        if factor > 1 {
            light = light.upscale2();
        }
        if !factors.contains(&factor) {
            continue;
        }
        for &inverted in polarities {
            let scan = if inverted {
                let (mut at, mut g) = dark.take().unwrap_or_else(|| (1, gray.padded(margin, 0)));
                while at < factor {
                    g = g.upscale2();
                    at *= 2;
                }
                let scan = first_level(&g.inverted(), detect::scan, budget);
                dark = Some((at, g));
                scan
            } else {
                first_level(&light, detect::scan, budget)
            };
            placed[usize::from(inverted)] += scan.unread_grids;
            let to_image = |(x, y): (f64, f64)| {
                let f = factor as f64;
                (x / f - margin as f64, y / f - margin as f64)
            };
            unread_at.extend(scan.unread_centres.iter().copied().map(to_image));
            if !scan.found.is_empty() {
                tracing::debug!(factor, inverted, "qr: own detector read");
                let placement = Placement {
                    offset: (-(margin as f64), -(margin as f64)),
                    scale: 1.0 / factor as f64,
                };
                return OwnScan {
                    scan,
                    placement,
                    placed,
                    unread_at,
                };
            }
        }
    }
    OwnScan {
        scan: Scan {
            found: Vec::new(),
            unread_grids: placed.iter().sum(),
            unread_centres: Vec::new(),
        },
        placement: Placement {
            offset: (0.0, 0.0),
            scale: 1.0,
        },
        placed,
        unread_at,
    }
}

/// What [`own_detector`] read and where it sits, and the symbols it placed (timing
/// patterns right) but could not read, by polarity: `placed[0]` dark on light,
/// `placed[1]` light on dark.
pub struct OwnScan {
    pub scan: Scan,
    pub placement: Placement,
    pub placed: [usize; 2],
    /// Where those symbols' centres are, in the image's pixels.
    pub unread_at: Vec<(f64, f64)>,
}

/// Otsu's level, then the local one: the codes `read` finds in the first bitmap of `g`
/// that has any, as far as the budget allows.
fn first_level(g: &Gray, read: impl Fn(&Bitmap) -> Scan, budget: &mut Budget) -> Scan {
    let levels: [fn(&Gray) -> Bitmap; 2] = [binarise::binarise_global, binarise::binarise_local];
    let mut unread_grids = 0;
    let mut unread_centres = Vec::new();
    for level in levels {
        if !budget.spend(g.width * g.height) {
            break;
        }
        // Made one at a time: the local level is dearer and often not needed.
        let scan = read(&level(g));
        if !scan.found.is_empty() {
            return scan;
        }
        unread_grids += scan.unread_grids;
        unread_centres.extend(scan.unread_centres);
    }
    Scan {
        found: Vec::new(),
        unread_grids,
        unread_centres,
    }
}
