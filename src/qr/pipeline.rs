//! The strategy ladder: which bitmaps to hand rqrr, in what order, and when to stop.
//! First a close look (cropped, enlarged when its finder patterns are small) at each
//! code-like patch, which reads almost every screenshot for little work; then whole-image
//! passes: OTP Desk's own detector at full size first (it reads most photos the close look
//! misses, for less work than rqrr), then rqrr from cheap to dear (global then local
//! threshold, likely then other polarity, full then half or double size); then the
//! [`rescue`] passes. Looking stops once something
//! is read and either an account text is among it or no patch showing finder patterns is
//! left unread; such a patch gets the own detector on its crop.
//! Bitmaps are shared between passes through [`Views`].

use super::decode::{self, Found};
use super::detect;
use super::hits::{self, Hit, inside, record, still_missing};
use super::locate::{self, Region};
use super::prepare::Gray;
use super::rescue;
use super::views::{Scale, Threshold, View, Views};

/// Images at least this long are also tried at half size (photos of large codes read
/// better once camera noise is averaged away).
const HALF_SIZE_FROM: usize = 800;
/// Images shorter than this (longer side) are also tried at double size.
const DOUBLE_SIZE_BELOW: usize = 800;
/// Close looks per image, largest patches first.
const MAX_REGIONS: usize = 6;
/// Patches smaller than this (longer side, pixels) are enlarged before the close look.
const ENLARGE_BELOW: usize = 700;
/// Finder patterns with modules at least this long (pixels) need no enlarging.
const LARGE_MODULE: f64 = 5.0;

/// Where a bitmap sits in the original image: its pixel (x, y) is original
/// (offset + x * scale, offset + y * scale).
#[derive(Debug, Clone, Copy)]
pub(super) struct Placement {
    pub offset: (f64, f64),
    pub scale: f64,
}

impl Placement {
    /// This placement for a bitmap made from a crop whose corner is at `(x, y)`.
    fn within(self, region: Region) -> Placement {
        Placement {
            offset: (
                self.offset.0 + region.x as f64,
                self.offset.1 + region.y as f64,
            ),
            scale: self.scale,
        }
    }
}

/// Every distinct text found in `gray`, top to bottom then left to right.
///
/// Looking goes on, pass after dearer pass, while nothing is read, or while a patch that
/// shows finder patterns is still unread and no account (`otpauth://`,
/// `otpauth-migration://`) has been found: an enrollment page's small account code beside
/// a large "get the app" link must not be given up because the link read easily.
pub fn read_codes(gray: &Gray) -> Vec<String> {
    tracing::debug!(width = gray.width, height = gray.height, "qr: start");
    let mut hits: Vec<Hit> = Vec::new();
    let dark_first = gray.mean() < 100;
    let mut regions = locate::candidate_regions(gray);
    regions.truncate(MAX_REGIONS);
    let code_like = look_closer(gray, &regions, dark_first, &mut hits);
    tracing::debug!(
        found = hits.len(),
        unread = code_like.len(),
        "qr: close look at code-like patches"
    );
    let mut complete = !hits.is_empty();
    let mut views = Views::new(gray);
    let mut own_detector_tried = false;
    for view in passes(gray, dark_first) {
        if complete && !still_missing(&hits, &code_like) {
            break;
        }
        // Before rqrr's whole-image passes: on photos the own detector reads most of what
        // the close look missed for less work, and it counts placed symbols it could not
        // read, so a page with more codes than it read still gets rqrr's passes.
        if hits.is_empty() && !own_detector_tried {
            own_detector_tried = true;
            let (scan, placement) = rescue::own_detector(gray, dark_first, &[1]);
            // Several codes read hint at a sheet of them: rqrr's passes may read the rest.
            complete = scan.found.len() == 1 && scan.unread_grids == 0;
            record(&mut hits, scan.found, placement);
            tracing::debug!(found = hits.len(), "qr: own detector at full size");
            if complete && !still_missing(&hits, &code_like) {
                break;
            }
        }
        let scan = decode::scan(&views.bitmap(view));
        complete = !scan.found.is_empty() && scan.unread_grids == 0;
        let whole = Placement {
            offset: (0.0, 0.0),
            scale: view.scale.original_per_pixel(),
        };
        record(&mut hits, scan.found, whole);
        tracing::debug!(?view, found = hits.len(), complete, "qr: whole-image pass");
    }
    if hits.is_empty() {
        rescue_whole_image(gray, &regions, dark_first, own_detector_tried, &mut hits);
    }
    for &region in &code_like {
        if hits.is_empty() || !still_missing(&hits, &[region]) {
            continue;
        }
        let crop = gray.crop(region.x, region.y, region.width, region.height);
        let (scan, placement) = rescue::own_detector(&crop, dark_first, &[1, 2, 4]);
        record(&mut hits, scan.found, placement.within(region));
        tracing::debug!(
            ?region,
            found = hits.len(),
            "qr: own detector on an unread patch"
        );
    }
    hits::sort_reading_order(&mut hits);
    hits.into_iter().map(|h| h.text).collect()
}

/// The last resorts, for images where every ordinary pass read nothing.
fn rescue_whole_image(
    gray: &Gray,
    regions: &[Region],
    dark_first: bool,
    full_size_tried: bool,
    hits: &mut Vec<Hit>,
) {
    let factors: &[usize] = if full_size_tried { &[2, 4] } else { &[1, 2, 4] };
    let (scan, placement) = rescue::own_detector(gray, dark_first, factors);
    record(hits, scan.found, placement);
    tracing::debug!(found = hits.len(), "qr: own detector");
    if hits.is_empty() {
        let (found, placement) = rescue::last_resort(gray, dark_first);
        record(hits, found, placement);
        tracing::debug!(found = hits.len(), "qr: last-resort passes");
    }
    if hits.is_empty() {
        let (found, placement) = rescue::tiny_patches(gray, regions, dark_first);
        record(hits, found, placement);
        tracing::debug!(found = hits.len(), "qr: x4 look at small patches");
    }
}

/// Crops each code-like patch not covered by a code already read, enlarges small ones and
/// scans them. Returns the patches still unread that show finder patterns.
fn look_closer(
    gray: &Gray,
    regions: &[Region],
    dark_first: bool,
    hits: &mut Vec<Hit>,
) -> Vec<Region> {
    let mut code_like = Vec::new();
    for &region in regions {
        if hits.iter().any(|h| inside(region.centre(), h.bbox)) {
            continue;
        }

        let (found, placement, eyes) = scan_region(gray, region, dark_first);
        if found.is_empty() && eyes {
            code_like.push(region);
        }
        record(hits, found, placement);
    }
    code_like
}

/// The codes read in one patch, where they sit, and whether the patch shows finder
/// patterns (worth a harder look when nothing read). Small patches are enlarged first
/// unless their finder patterns show modules large enough for rqrr as they are.
fn scan_region(gray: &Gray, region: Region, dark_first: bool) -> (Vec<Found>, Placement, bool) {
    let mut crop = gray.crop(region.x, region.y, region.width, region.height);
    let likely = View {
        scale: Scale::Full,
        threshold: Threshold::Global,
        inverted: dark_first,
    };
    let module = detect::eye_module(&Views::new(&crop).bitmap(likely));
    let mut scale = 1.0;
    let large_modules = module.is_some_and(|m| m >= LARGE_MODULE);
    if region.width.max(region.height) < ENLARGE_BELOW && !large_modules {
        crop = crop.upscale2();
        scale = 0.5;
    }
    let placement = Placement {
        offset: (region.x as f64, region.y as f64),
        scale,
    };
    let mut views = Views::new(&crop);
    let mut eyes = module.is_some();
    for threshold in [Threshold::Global, Threshold::Local] {
        for inverted in [dark_first, !dark_first] {
            let scan = decode::scan(&views.bitmap(View {
                scale: Scale::Full,
                threshold,
                inverted,
            }));
            if !scan.found.is_empty() {
                return (scan.found, placement, true);
            }
            eyes = eyes || scan.unread_grids > 0;
        }
    }
    (Vec::new(), placement, eyes)
}

fn passes(gray: &Gray, dark_first: bool) -> Vec<View> {
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
                passes.push(View {
                    scale,
                    threshold,
                    inverted,
                });
            }
        }
    }
    passes
}
