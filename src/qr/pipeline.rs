//! The strategy ladder: which bitmaps to hand rqrr and the own detector, in what order, and
//! when to stop. Images under 1000 px (photos, crops) first get OTP Desk's own detector at
//! full size, which reads most photos at once. Then a close look (cropped, enlarged when
//! its finder patterns are small) at each code-like patch not yet read, which reads almost
//! every screenshot for little work; patches without three finder patterns are skipped.
//! Then whole-image passes: the own detector at full size if not tried yet, rqrr at full
//! size (global then local threshold, likely then other polarity); when nothing is read,
//! the [`rescue`] passes cheapest first; then rqrr at half or double size and the ×4 look
//! at small patches. Once the own detector has placed a symbol it could not read (blur or
//! damage, not modules too small), the enlarging passes meant for small modules are left
//! out and the ×2 look keeps to the polarity it was placed in. Looking stops once something
//! is read and either an account text is among it or no patch showing finder patterns is
//! left unread (such a patch gets the own detector on its crop), or once the image's
//! [`Budget`] is spent.
//! Bitmaps are shared between passes through [`Views`].

use super::budget::{Budget, X4_UNITS_PER_PIXEL};
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
/// Images shorter than this (longer side) get the own detector before the close look: they
/// are photos or crops, where it reads most codes for the least work; screenshots are
/// larger and read in the close look.
const OWN_DETECTOR_FIRST_BELOW: usize = 1000;
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
/// a large "get the app" link must not be given up because the link read easily. Every
/// pass is paid from the image's [`Budget`]; once it is spent, looking stops.
pub fn read_codes(gray: &Gray) -> Vec<String> {
    tracing::debug!(width = gray.width, height = gray.height, "qr: start");
    let mut budget = Budget::for_image(gray.width, gray.height);
    let mut hits: Vec<Hit> = Vec::new();
    let dark_first = light_on_dark_likelier(gray);
    let mut regions = locate::candidate_regions(gray);
    regions.truncate(MAX_REGIONS);
    // Photos: the own detector reads most of them at once, and the close look then only
    // visits patches outside what it read.
    let own_first = gray.width.max(gray.height) < OWN_DETECTOR_FIRST_BELOW;
    // Symbols the own detector placed (eyes, timing patterns) but error correction refused.
    let mut placed_unread = [0; 2];
    let own_look = if own_first {
        own_at_full_size(gray, dark_first, &mut hits, &mut budget, &mut placed_unread)
    } else {
        OwnLook::default()
    };
    let code_like = look_closer(gray, &regions, dark_first, &mut hits, &mut budget);
    tracing::debug!(
        found = hits.len(),
        unread = code_like.len(),
        "qr: close look at code-like patches"
    );
    let mut complete = own_look.complete(&hits);
    let mut own_detector_tried = own_first;
    let mut views = Views::new(gray);
    let done = |complete: bool, hits: &[Hit], budget: &Budget| {
        (complete && !still_missing(hits, &code_like)) || !budget.left()
    };
    let (full_size, other_sizes): (Vec<View>, Vec<View>) = passes(gray, dark_first)
        .into_iter()
        .partition(|v| v.scale == Scale::Full);
    for view in full_size {
        if done(complete, &hits, &budget) {
            break;
        }
        // Before rqrr's whole-image passes: on photos the own detector reads most of what
        // the close look missed for less work, and it counts placed symbols it could not
        // read, so a page with more codes than it read still gets rqrr's passes.
        if hits.is_empty() && !own_detector_tried {
            own_detector_tried = true;
            complete =
                own_at_full_size(gray, dark_first, &mut hits, &mut budget, &mut placed_unread)
                    .complete(&hits);
            if done(complete, &hits, &budget) {
                break;
            }
        }
        complete = whole_image_pass(&mut views, view, &mut hits, &mut budget);
    }
    // Whether the own detector placed a symbol it could not read, at full or double size.
    let mut placed_refused = false;
    if hits.is_empty() {
        let rescue = Rescue {
            full_size_tried: own_detector_tried,
            placed_unread,
        };
        placed_refused = rescue_whole_image(gray, dark_first, rescue, &mut hits, &mut budget) > 0;
        // As before the budget: the passes at other sizes are for what the rescue missed.
        complete = !hits.is_empty();
    }
    for view in other_sizes {
        if done(complete, &hits, &budget) {
            break;
        }
        // rqrr at double size and the ×4 look are for modules too small to find eyes by;
        // a symbol the own detector placed at ×1 or ×2 was not too small, its modules are
        // blurred or damaged, and enlarging them again reads nothing (in the ZXing photos
        // these passes read no code at all, and they were most of a hopeless photo's cost).
        if placed_refused && view.scale == Scale::Double {
            continue;
        }
        complete = whole_image_pass(&mut views, view, &mut hits, &mut budget);
    }
    if hits.is_empty() && !placed_refused {
        let (found, placement) = rescue::tiny_patches(gray, &regions, dark_first, &mut budget);
        record(&mut hits, found, placement);
        tracing::debug!(found = hits.len(), "qr: x4 look at small patches");
    }
    for &region in &code_like {
        if hits.is_empty() || !still_missing(&hits, &[region]) || !budget.left() {
            continue;
        }
        let crop = gray.crop(region.x, region.y, region.width, region.height);
        let own = rescue::own_detector(&crop, &[dark_first, !dark_first], &[1, 2, 4], &mut budget);
        record(&mut hits, own.scan.found, own.placement.within(region));
        tracing::debug!(
            ?region,
            found = hits.len(),
            "qr: own detector on an unread patch"
        );
    }
    tracing::debug!(found = hits.len(), ?budget, "qr: done");
    hits::sort_reading_order(&mut hits);
    hits.into_iter().map(|h| h.text).collect()
}

/// Whether to try light-on-dark codes first: on mostly dark pages (dark mode), unless the
/// edges are clearly lighter than the whole. A dense code filling a photo is dark on
/// average, but its paper shows at the edges, and guessing it inverted doubles the work of
/// every pass before the right one. (In the corpus, dark pages' edges are at most 10 levels
/// lighter than their mean; the version-40 photo's paper is 29.)
fn light_on_dark_likelier(gray: &Gray) -> bool {
    let band = (gray.width.min(gray.height) / 20).max(1);
    let mean = gray.mean();
    mean < 100 && u16::from(gray.edge_mean(band)) < u16::from(mean) + 20
}

/// What the own detector's look at full size leaves open: whether it read several codes
/// (a sheet of them, which rqrr's passes may read the rest of), and where it placed
/// symbols it could not read.
#[derive(Default)]
struct OwnLook {
    several: bool,
    unread_at: Vec<(f64, f64)>,
}

impl OwnLook {
    /// Whether what is read so far is complete as far as this look can tell: something is
    /// read, it is not a sheet, and every symbol placed but not read lies inside a code
    /// read since (that code's own eyes, which the close look or rqrr then read).
    fn complete(&self, hits: &[Hit]) -> bool {
        !hits.is_empty()
            && !self.several
            && self
                .unread_at
                .iter()
                .all(|&c| hits.iter().any(|h| inside(c, h.bbox)))
    }
}

/// The own detector over the whole image at full size.
fn own_at_full_size(
    gray: &Gray,
    dark_first: bool,
    hits: &mut Vec<Hit>,
    budget: &mut Budget,
    placed_unread: &mut [usize; 2],
) -> OwnLook {
    let own = rescue::own_detector(gray, &[dark_first, !dark_first], &[1], budget);
    for (sum, n) in placed_unread.iter_mut().zip(own.placed) {
        *sum += n;
    }
    let look = OwnLook {
        several: own.scan.found.len() > 1,
        unread_at: own.unread_at,
    };
    record(hits, own.scan.found, own.placement);
    tracing::debug!(
        found = hits.len(),
        unread = look.unread_at.len(),
        "qr: own detector at full size"
    );
    look
}

/// One rqrr pass over the whole image; returns whether it read something and placed no
/// grid it could not read.
fn whole_image_pass(
    views: &mut Views,
    view: View,
    hits: &mut Vec<Hit>,
    budget: &mut Budget,
) -> bool {
    let bitmap = views.bitmap(view);
    if !budget.spend(bitmap.width * bitmap.height) {
        return false;
    }
    let scan = decode::scan(&bitmap);
    let complete = !scan.found.is_empty() && scan.unread_grids == 0;
    let whole = Placement {
        offset: (0.0, 0.0),
        scale: view.scale.original_per_pixel(),
    };
    record(hits, scan.found, whole);
    tracing::debug!(?view, found = hits.len(), complete, "qr: whole-image pass");
    complete
}

/// What the rescue knows of the passes before it.
#[derive(Clone, Copy)]
struct Rescue {
    /// The own detector has looked at the full-size image.
    full_size_tried: bool,
    /// Symbols it placed there but could not read, by polarity (dark on light, light on
    /// dark).
    placed_unread: [usize; 2],
}

/// The last resorts, for images where every full-size pass read nothing, cheapest first:
/// the own detector at ×2, rqrr on the padded image, the own detector at ×4. The ×4 look
/// is for modules too small to place a symbol by: once a symbol was placed at ×1 or ×2 and
/// error correction refused it, ×4 samples the same blur again (in the ZXing photos it read
/// only a version-40 code whose modules are two pixels, and no placed one). It is paid from
/// an allowance of its own, not from what the cheaper passes left. Returns how many symbols
/// the own detector placed at ×1 and ×2 but could not read.
fn rescue_whole_image(
    gray: &Gray,
    dark_first: bool,
    before: Rescue,
    hits: &mut Vec<Hit>,
    budget: &mut Budget,
) -> usize {
    let factors: &[usize] = if before.full_size_tried {
        &[2]
    } else {
        &[1, 2]
    };
    // A symbol placed at full size in one polarity only shows the code's polarity: the
    // other one is not enlarged (in the ZXing photos every ×2 read is in the polarity
    // placed at ×1, when one was).
    let polarities: &[bool] = match before.placed_unread {
        [n, 0] if n > 0 => &[false],
        [0, n] if n > 0 => &[true],
        _ => &[dark_first, !dark_first],
    };
    let own = rescue::own_detector(gray, polarities, factors, budget);
    let placed_at_full = before.placed_unread.iter().sum::<usize>();
    let placed_unread = placed_at_full + own.scan.unread_grids;
    record(hits, own.scan.found, own.placement);
    tracing::debug!(found = hits.len(), placed_unread, "qr: own detector x2");
    // rqrr on the padded image is for codes without a quiet zone and tiny ones. Once the
    // own detector placed a symbol in the padded image at full size, the margin was not
    // what stopped it, and rqrr's sampling of the same modules has no more to go on.
    if hits.is_empty() && placed_at_full == 0 {
        let (found, placement) = rescue::last_resort(gray, dark_first, budget);
        record(hits, found, placement);
        tracing::debug!(found = hits.len(), "qr: last-resort passes");
    }
    if hits.is_empty() && placed_unread == 0 {
        let mut allowance = Budget::per_pixel(gray.width, gray.height, X4_UNITS_PER_PIXEL);
        let own = rescue::own_detector(gray, &[dark_first, !dark_first], &[4], &mut allowance);
        record(hits, own.scan.found, own.placement);
        tracing::debug!(found = hits.len(), "qr: own detector x4");
    }
    placed_unread
}

/// Crops each code-like patch not covered by a code already read, enlarges small ones and
/// scans them. Returns the patches still unread that show finder patterns.
fn look_closer(
    gray: &Gray,
    regions: &[Region],
    dark_first: bool,
    hits: &mut Vec<Hit>,
    budget: &mut Budget,
) -> Vec<Region> {
    let mut code_like = Vec::new();
    for &region in regions {
        if hits.iter().any(|h| inside(region.centre(), h.bbox)) {
            continue;
        }

        let (found, placement, eyes) = scan_region(gray, region, dark_first, budget);
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
fn scan_region(
    gray: &Gray,
    region: Region,
    dark_first: bool,
    budget: &mut Budget,
) -> (Vec<Found>, Placement, bool) {
    let crop = gray.crop(region.x, region.y, region.width, region.height);
    let likely = View {
        scale: Scale::Full,
        threshold: Threshold::Global,
        inverted: dark_first,
    };
    let mut crop_views = Views::new(&crop);
    let module = detect::eye_module(&crop_views.bitmap(likely)).or_else(|| {
        detect::eye_module(&crop_views.bitmap(View {
            threshold: Threshold::Local,
            ..likely
        }))
    });
    let at = |scale| Placement {
        offset: (region.x as f64, region.y as f64),
        scale,
    };
    // Without three finder patterns at either level (rqrr needs them too) a patch is text
    // or texture: not worth rqrr's grid fitting, the dearest part of its scan.
    let Some(module) = module else {
        return (Vec::new(), at(1.0), false);
    };
    let enlarged;
    let (mut views, placement) =
        if region.width.max(region.height) < ENLARGE_BELOW && module < LARGE_MODULE {
            enlarged = crop.upscale2();
            (Views::new(&enlarged), at(0.5))
        } else {
            (crop_views, at(1.0))
        };
    for threshold in [Threshold::Global, Threshold::Local] {
        for inverted in [dark_first, !dark_first] {
            let bitmap = views.bitmap(View {
                scale: Scale::Full,
                threshold,
                inverted,
            });
            if !budget.spend(bitmap.width * bitmap.height) {
                return (Vec::new(), placement, true);
            }
            let scan = decode::scan(&bitmap);
            if !scan.found.is_empty() {
                return (scan.found, placement, true);
            }
        }
    }
    (Vec::new(), placement, true)
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
