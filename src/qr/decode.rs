//! rqrr at the heart: find grids in a binarised bitmap and read each one into a [`Payload`].
//! Every call into rqrr runs isolated (`super::isolate`), so a decoder bug on hostile pixels becomes
//! "no code here" instead of a crash. Depends only on rqrr and [`super::text`].

use std::io::Write;

use rqrr::{BitGrid, Grid, MetaData, PreparedImage};

use super::binarise::Bitmap;
use super::text::{Payload, SegmentKind};

/// One symbol read from a bitmap.
#[derive(Debug, Clone)]
pub struct Found {
    pub payload: Payload,
    /// Corners of the symbol in bitmap pixels (top-left, top-right, bottom-right, bottom-left).
    pub corners: [(f64, f64); 4],
}

impl Found {
    /// Axis-aligned box around the symbol: (left, top, right, bottom).
    pub fn bounding_box(&self) -> (f64, f64, f64, f64) {
        let xs = self.corners.map(|p| p.0);
        let ys = self.corners.map(|p| p.1);
        let min = |v: [f64; 4]| v.iter().copied().fold(f64::INFINITY, f64::min);
        let max = |v: [f64; 4]| v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        (min(xs), min(ys), max(xs), max(ys))
    }
}

/// What one pass over a bitmap produced.
#[derive(Debug, Default)]
pub struct Scan {
    pub found: Vec<Found>,
    /// Grids that rqrr located but could not read: a hint that another strategy may help.
    pub unread_grids: usize,
    /// Their centres, in bitmap pixels.
    pub unread_centres: Vec<(f64, f64)>,
}

/// Finds and reads every QR grid in `bitmap` (true = dark module).
pub fn scan(bitmap: &Bitmap) -> Scan {
    let scan = super::isolate::guarded(|| scan_unguarded(bitmap)).unwrap_or_default();
    tracing::trace!(
        width = bitmap.width,
        height = bitmap.height,
        found = scan.found.len(),
        unread = scan.unread_grids,
        "qr: rqrr scan"
    );
    scan
}

fn scan_unguarded(bitmap: &Bitmap) -> Scan {
    let (w, h) = (bitmap.width, bitmap.height);
    let mut prepared = PreparedImage::prepare_from_bitmap(w, h, |x, y| bitmap.is_dark(x, y));
    let mut result = Scan::default();
    let mut unread_centres = Vec::new();
    for grid in prepared.detect_grids() {
        let corners = grid.bounds.map(|p| (f64::from(p.x), f64::from(p.y)));
        match super::isolate::guarded(|| read_grid(&grid)) {
            Some(Some(payload)) => result.found.push(Found { payload, corners }),
            _ => unread_centres.push(centre(corners)),
        }
    }
    // A grid centred inside a code read in the same pass is that code's capstones grouped
    // with a neighbour's, not another code.
    unread_centres.retain(|&(x, y)| {
        !result.found.iter().any(|f| {
            let (l, t, r, b) = f.bounding_box();
            l < x && x < r && t < y && y < b
        })
    });
    result.unread_grids = unread_centres.len();
    result.unread_centres = unread_centres;
    result
}

fn centre(corners: [(f64, f64); 4]) -> (f64, f64) {
    let n = corners.len() as f64;
    (
        corners.iter().map(|p| p.0).sum::<f64>() / n,
        corners.iter().map(|p| p.1).sum::<f64>() / n,
    )
}

/// Reads one grid; `None` when error correction fails.
pub(super) fn read_grid<G: BitGrid>(grid: &Grid<G>) -> Option<Payload> {
    let mut sink = SegmentSink::default();
    let meta = grid.decode_to(&mut sink).ok()?;
    let mut payload = sink.payload;
    payload.eci = leading_eci(&grid.grid, &meta);
    Some(payload)
}

/// Sorts rqrr's writes into segments. rqrr writes byte mode one byte per call, Kanji mode as
/// Shift_JIS pairs (lead byte >= 0x81) and numeric/alphanumeric as ASCII, so the shape of
/// each call tells the mode.
#[derive(Default)]
struct SegmentSink {
    payload: Payload,
}

impl Write for SegmentSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let kind = match buf {
            [_] => SegmentKind::Bytes,
            [lead, _] if *lead >= 0x81 => SegmentKind::Kanji,
            _ => SegmentKind::Ascii,
        };
        // A one-byte ASCII write from numeric/alphanumeric mode is indistinguishable from
        // byte mode, and harmless: ASCII reads the same in every charset we guess.
        self.payload.push(kind, buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// rqrr drops ECI designators, so read a leading one straight from the symbol. The first data
/// bits sit in the two rightmost columns, bottom up, clear of every function pattern; they
/// are error-corrected data rqrr just accepted, so a mismatch is rare and is cross-checked
/// by requiring a valid mode indicator after the designator.
fn leading_eci(grid: &dyn BitGrid, meta: &MetaData) -> Option<u32> {
    let size = grid.size();
    if size < 21 {
        return None;
    }
    // Rows 9 and below are clear of the top-right finder and format information.
    let available = (2 * (size - 9)).min(28);
    let bits: Vec<bool> = (0..available)
        .map(|i| {
            let (y, x) = (size - 1 - i / 2, size - 1 - i % 2);
            grid.bit(y, x) ^ mask_bit(meta.mask, y, x)
        })
        .collect();
    let take = |from: usize, n: usize| {
        let slice = bits.get(from..from + n)?;
        Some(slice.iter().fold(0u32, |acc, &b| acc << 1 | u32::from(b)))
    };
    if take(0, 4)? != 0b0111 {
        return None;
    }
    let (value, next) = match take(4, 8)? {
        b if b & 0x80 == 0 => (b, 12),
        b if b & 0xC0 == 0x80 => (take(4, 16)? & 0x3FFF, 20),
        _ => (take(4, 24)? & 0x1F_FFFF, 28),
    };
    // The mode after the designator must be a real one (numeric, alphanumeric, byte, Kanji).
    let mode_ok = take(next, 4).is_none_or(|m| matches!(m, 1 | 2 | 4 | 8));
    mode_ok.then_some(value)
}

/// Data mask patterns of ISO/IEC 18004 (row y, column x).
#[allow(
    clippy::manual_is_multiple_of,
    reason = "written as the spec's formulas"
)]
pub(super) fn mask_bit(mask: u16, y: usize, x: usize) -> bool {
    match mask {
        0 => (y + x) % 2 == 0,
        1 => y % 2 == 0,
        2 => x % 3 == 0,
        3 => (y + x) % 3 == 0,
        4 => (y / 2 + x / 3) % 2 == 0,
        5 => (y * x) % 2 + (y * x) % 3 == 0,
        6 => ((y * x) % 2 + (y * x) % 3) % 2 == 0,
        _ => ((y * x) % 3 + (y + x) % 2) % 2 == 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rqrr::{SimpleGrid, Version};

    /// A version-1 grid whose first data bits (bottom-right column pair, bottom up, masked
    /// with pattern 0) are `bits`; every other module is light.
    fn grid_with_leading_bits(bits: &[bool]) -> SimpleGrid {
        let size = 21;
        SimpleGrid::from_func(size, |x, y| {
            let (from_bottom, from_right) = (size - 1 - y, size - 1 - x);
            let i = from_bottom * 2 + from_right;
            let data = from_right < 2 && i < bits.len() && bits[i];
            data ^ mask_bit(0, y, x)
        })
    }

    fn bits(s: &str) -> Vec<bool> {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c == '1')
            .collect()
    }

    fn meta() -> MetaData {
        MetaData {
            version: Version(1),
            ecc_level: 0,
            mask: 0,
        }
    }

    #[test]
    fn reads_a_leading_eci_designator() {
        // ECI mode 0111, designator 26 (UTF-8), then byte mode 0100.
        let grid = grid_with_leading_bits(&bits("0111 00011010 0100"));
        assert_eq!(leading_eci(&grid, &meta()), Some(26));
    }

    #[test]
    fn no_eci_when_the_stream_starts_with_another_mode() {
        let grid = grid_with_leading_bits(&bits("0100 00000101 0110"));
        assert_eq!(leading_eci(&grid, &meta()), None);
    }

    #[test]
    fn an_eci_followed_by_no_valid_mode_is_distrusted() {
        let grid = grid_with_leading_bits(&bits("0111 00000011 1111"));
        assert_eq!(leading_eci(&grid, &meta()), None);
    }
}
