//! The strategy ladder: which bitmaps to hand rqrr, in what order, and when to stop.
//! Cheap passes first (downscaled, one global threshold); dearer ones (full resolution,
//! local threshold, inverted polarity) only while something is still unread.

use super::decode::{self, Found};
use super::prepare::{self, Bitmap, Gray};
use super::text;

/// Images whose longer side exceeds this are tried downscaled first.
const COARSE_SIDE: usize = 1400;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Threshold {
    Global,
    Local,
}

#[derive(Debug, Clone, Copy)]
struct Pass {
    factor: usize,
    threshold: Threshold,
    inverted: bool,
}

/// Every distinct text found in `gray`, top to bottom then left to right.
pub fn read_codes(gray: &Gray) -> Vec<String> {
    let mut found: Vec<(String, (f64, f64))> = Vec::new();
    for pass in passes(gray) {
        let bitmap = bitmap_for(gray, pass);
        let scan = decode::scan(&bitmap);
        let complete = !scan.found.is_empty() && scan.unread_grids == 0;
        for Found { payload, centre } in scan.found {
            let text = text::payload_text(&payload);
            if !found.iter().any(|(t, _)| *t == text) {
                let scale = pass.factor as f64;
                found.push((text, (centre.0 * scale, centre.1 * scale)));
            }
        }
        if complete {
            break;
        }
    }
    sort_reading_order(&mut found);
    found.into_iter().map(|(text, _)| text).collect()
}

fn passes(gray: &Gray) -> Vec<Pass> {
    let long_side = gray.width.max(gray.height);
    let mut factors = Vec::new();
    if long_side > COARSE_SIDE {
        factors.push(long_side.div_ceil(COARSE_SIDE).min(4));
    }
    factors.push(1);
    // Mostly dark pages (dark mode) more likely hold light-on-dark codes: try those first.
    let dark_first = gray.mean() < 100;
    let mut passes = Vec::new();
    for &factor in &factors {
        for threshold in [Threshold::Global, Threshold::Local] {
            for inverted in [dark_first, !dark_first] {
                passes.push(Pass { factor, threshold, inverted });
            }
        }
    }
    passes
}

fn bitmap_for(gray: &Gray, pass: Pass) -> Bitmap {
    let mut g = gray.downscale(pass.factor);
    if pass.inverted {
        g = g.inverted();
    }
    match pass.threshold {
        Threshold::Global => prepare::binarise_global(&g),
        Threshold::Local => prepare::binarise_local(&g),
    }
}

/// Rows first (centres within a third of a typical code height count as one row), then x.
fn sort_reading_order(found: &mut [(String, (f64, f64))]) {
    found.sort_by(|a, b| a.1.1.total_cmp(&b.1.1));
    let mut row_start = 0;
    for i in 1..=found.len() {
        let new_row = i == found.len() || found[i].1.1 - found[row_start].1.1 > 50.0;
        if new_row {
            found[row_start..i].sort_by(|a, b| a.1.0.total_cmp(&b.1.0));
            row_start = i;
        }
    }
}
