//! The strategy ladder: which bitmaps to hand rqrr, in what order, and when to stop.
//! First a close look (cropped, enlarged) at each code-like patch, which reads almost every
//! screenshot for little work; then whole-image passes from cheap to dear (global then local
//! threshold, likely then other polarity, full then half or double size), stopping at the
//! first pass that reads every grid it locates.

use super::binarise::{self, Bitmap};
use super::decode::{self, Found};
use super::locate::{self, Region};
use super::prepare::Gray;
use super::rescue;
use super::text;

/// Images at least this long are also tried at half size (photos of large codes read
/// better once camera noise is averaged away).
const HALF_SIZE_FROM: usize = 800;
/// Images shorter than this (longer side) are also tried at double size.
const DOUBLE_SIZE_BELOW: usize = 800;
/// Close looks per image, largest patches first.
const MAX_REGIONS: usize = 6;
/// Patches smaller than this (longer side, pixels) are enlarged before the close look.
const ENLARGE_BELOW: usize = 700;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Threshold {
    Global,
    Local,
}

/// Size of a pass's bitmap relative to the image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scale {
    Full,
    Half,
    Double,
}

impl Scale {
    /// Original pixels per bitmap pixel.
    fn original_per_pixel(self) -> f64 {
        match self {
            Scale::Full => 1.0,
            Scale::Half => 2.0,
            Scale::Double => 0.5,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Pass {
    scale: Scale,
    threshold: Threshold,
    inverted: bool,
}

/// Where a bitmap sits in the original image: its pixel (x, y) is original
/// (offset + x * scale, offset + y * scale).
#[derive(Debug, Clone, Copy)]
pub(super) struct Placement {
    pub offset: (f64, f64),
    pub scale: f64,
}

struct Hit {
    text: String,
    /// Bounding box in original pixels: left, top, right, bottom.
    bbox: (f64, f64, f64, f64),
}

impl Hit {
    fn centre(&self) -> (f64, f64) {
        (
            (self.bbox.0 + self.bbox.2) / 2.0,
            (self.bbox.1 + self.bbox.3) / 2.0,
        )
    }
}

/// Every distinct text found in `gray`, top to bottom then left to right.
pub fn read_codes(gray: &Gray) -> Vec<String> {
    let mut hits: Vec<Hit> = Vec::new();
    let dark_first = gray.mean() < 100;
    let mut complete = look_closer(gray, dark_first, &mut hits);
    tracing::debug!(found = hits.len(), "qr: close look at code-like patches");
    for pass in passes(gray, dark_first) {
        if complete {
            break;
        }
        let scan = decode::scan(&bitmap_for(gray, pass));
        complete = !scan.found.is_empty() && scan.unread_grids == 0;
        let whole = Placement {
            offset: (0.0, 0.0),
            scale: pass.scale.original_per_pixel(),
        };
        record(&mut hits, scan.found, whole);
        tracing::debug!(?pass, found = hits.len(), complete, "qr: whole-image pass");
    }
    if hits.is_empty() {
        let (found, placement) = rescue::own_detector(gray, dark_first);
        record(&mut hits, found, placement);
        tracing::debug!(found = hits.len(), "qr: own detector");
    }
    if hits.is_empty() {
        let (found, placement) = rescue::last_resort(gray, dark_first);
        record(&mut hits, found, placement);
        tracing::debug!(found = hits.len(), "qr: last-resort passes");
    }
    if hits.is_empty() {
        let (found, placement) = rescue::tiny_patches(gray, dark_first);
        record(&mut hits, found, placement);
        tracing::debug!(found = hits.len(), "qr: x4 look at small patches");
    }
    sort_reading_order(&mut hits);
    hits.into_iter().map(|h| h.text).collect()
}

/// Crops each code-like patch not covered by a code already read, enlarges small ones and
/// scans them. Returns whether that read anything.
fn look_closer(gray: &Gray, dark_first: bool, hits: &mut Vec<Hit>) -> bool {
    let mut read_any = false;
    let regions = locate::candidate_regions(gray);
    for region in regions.into_iter().take(MAX_REGIONS) {
        if hits.iter().any(|h| inside(region.centre(), h.bbox)) {
            continue;
        }
        let found = scan_region(gray, region, dark_first);
        read_any |= !found.0.is_empty();
        record(hits, found.0, found.1);
    }
    read_any
}

fn scan_region(gray: &Gray, region: Region, dark_first: bool) -> (Vec<Found>, Placement) {
    let mut crop = gray.crop(region.x, region.y, region.width, region.height);
    let mut scale = 1.0;
    if region.width.max(region.height) < ENLARGE_BELOW {
        crop = crop.upscale2();
        scale = 0.5;
    }
    let placement = Placement {
        offset: (region.x as f64, region.y as f64),
        scale,
    };
    for threshold in [Threshold::Global, Threshold::Local] {
        for inverted in [dark_first, !dark_first] {
            let scan = decode::scan(&bitmap_for(
                &crop,
                Pass {
                    scale: Scale::Full,
                    threshold,
                    inverted,
                },
            ));
            if !scan.found.is_empty() {
                return (scan.found, placement);
            }
        }
    }
    (Vec::new(), placement)
}

/// Adds codes not seen before, mapped to original coordinates; skips a code nested in
/// another (a decorative "code in a code" is part of the outer symbol's picture).
fn record(hits: &mut Vec<Hit>, found: Vec<Found>, at: Placement) {
    let mapped: Vec<(String, (f64, f64, f64, f64))> = found
        .iter()
        .map(|code| {
            let (l, t, r, b) = code.bounding_box();
            let map = |x: f64, y: f64| (at.offset.0 + x * at.scale, at.offset.1 + y * at.scale);
            let ((l, t), (r, b)) = (map(l, t), map(r, b));
            (text::payload_text(&code.payload), (l, t, r, b))
        })
        .collect();
    for (i, (text, bbox)) in mapped.iter().enumerate() {
        let centre = ((bbox.0 + bbox.2) / 2.0, (bbox.1 + bbox.3) / 2.0);
        let nested = mapped
            .iter()
            .enumerate()
            .any(|(j, (_, outer))| j != i && area(*outer) > area(*bbox) && inside(centre, *outer));
        if !nested && !hits.iter().any(|h| h.text == *text) {
            hits.push(Hit {
                text: text.clone(),
                bbox: *bbox,
            });
        }
    }
}

fn inside((x, y): (f64, f64), (l, t, r, b): (f64, f64, f64, f64)) -> bool {
    l < x && x < r && t < y && y < b
}

fn area((l, t, r, b): (f64, f64, f64, f64)) -> f64 {
    (r - l).max(0.0) * (b - t).max(0.0)
}

fn passes(gray: &Gray, dark_first: bool) -> Vec<Pass> {
    let long_side = gray.width.max(gray.height);
    let mut scales = vec![Scale::Full];
    if long_side >= HALF_SIZE_FROM {
        scales.push(Scale::Half);
    }
    if long_side < DOUBLE_SIZE_BELOW {
        scales.push(Scale::Double);
    }
    let mut passes = Vec::new();
    for &scale in &scales {
        for threshold in [Threshold::Global, Threshold::Local] {
            // Mostly dark pages (dark mode) more likely hold light-on-dark codes.
            for inverted in [dark_first, !dark_first] {
                passes.push(Pass {
                    scale,
                    threshold,
                    inverted,
                });
            }
        }
    }
    passes
}

fn bitmap_for(gray: &Gray, pass: Pass) -> Bitmap {
    let scaled;
    let mut g = gray;
    if pass.scale != Scale::Full {
        scaled = if pass.scale == Scale::Half {
            gray.downscale(2)
        } else {
            gray.upscale2()
        };
        g = &scaled;
    }
    let inverted;
    if pass.inverted {
        inverted = g.inverted();
        g = &inverted;
    }
    match pass.threshold {
        Threshold::Global => binarise::binarise_global(g),
        Threshold::Local => binarise::binarise_local(g),
    }
}

/// Rows first (centres less than 50 px apart vertically share a row), then left to right.
fn sort_reading_order(hits: &mut [Hit]) {
    hits.sort_by(|a, b| a.centre().1.total_cmp(&b.centre().1));
    let mut row_start = 0;
    for i in 1..=hits.len() {
        if i == hits.len() || hits[i].centre().1 - hits[row_start].centre().1 > 50.0 {
            hits[row_start..i].sort_by(|a, b| a.centre().0.total_cmp(&b.centre().0));
            row_start = i;
        }
    }
}
