//! What a screenshot of the window shows of the account list, measured from its pixels without
//! reading text, for the Windows window under Wine (`tests/wine_window.rs`), where no
//! accessibility tree or egui state can be asked. Two features that only account rows have:
//!
//! - **rows**: a selected or hovered row is a card, a band at least [`MIN_CARD_PX`] tall in
//!   which most of the window's width is filled with a colour lighter than the panel; every
//!   other row is the band between two hairlines (a rule across at least half the window, a
//!   little darker than the panel: one under the header and one under each unfilled row). The
//!   first-run page, its buttons and the warning banners have neither;
//! - **a code**: in a row's right half, the tallest line of ink made of evenly wide glyphs (the
//!   22 px monospace digits), counted one column run per digit, so a 6-digit and an 8-digit
//!   account tell themselves apart (Steam's five letters count too). An HOTP row before its
//!   first "Next code" shows none.
//!
//! The same measure reads the Linux build's README screenshots (`window-en.png`,
//! `window-zh.png`) as rows with codes of 6, 6, 6 and 8 digits (Steam's row is cut off at the
//! bottom), and the Windows first-run page as no row at all.
//!
//! Only dark-on-light contrast (luma 96 below the fill) counts as ink, so anti-aliased glyph
//! edges neither merge digits nor invent them.

use std::collections::HashMap;
use std::path::Path;

use image::{Rgb, RgbImage};

/// Taller than the search field (one line of text) and shorter than a row (two lines).
pub const MIN_CARD_PX: u32 = 36;

/// One row (a card or a band between hairlines), top and bottom in screen pixels, with the
/// number of digits of its code.
#[derive(Debug)]
pub struct Card {
    pub top: u32,
    pub bottom: u32,
    pub code_digits: Option<usize>,
}

pub struct ListShot {
    pub panel: [u8; 3],
    pub cards: Vec<Card>,
}

impl ListShot {
    pub fn read(path: &Path) -> Self {
        let image = image::open(path).expect("a PNG screenshot").to_rgb8();
        let panel = panel_colour(&image);
        let window = bounds_of(&image, panel);
        let cards = row_bands(&image, panel, &window)
            .into_iter()
            .map(|(top, bottom)| card(&image, panel, &window, top, bottom))
            .collect();
        Self { panel, cards }
    }

    /// The digit counts of the codes shown, smallest first (rows without a code left out).
    pub fn codes(&self) -> Vec<usize> {
        let mut codes: Vec<usize> = self.cards.iter().filter_map(|c| c.code_digits).collect();
        codes.sort_unstable();
        codes
    }
}

/// Left, right, top, bottom (inclusive).
struct Rect {
    left: u32,
    right: u32,
    top: u32,
    bottom: u32,
}

/// The window's background: the colour most rows begin with (their first pixel that is not the
/// black X root). Not the commonest colour, which a long list's cards outnumber.
fn panel_colour(image: &RgbImage) -> [u8; 3] {
    let mut counts: HashMap<[u8; 3], usize> = HashMap::new();
    for row in image.rows() {
        if let Some(first) = row.into_iter().find(|p| p.0 != [0, 0, 0]) {
            *counts.entry(first.0).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(_, n)| n)
        .map(|(colour, _)| colour)
        .expect("the screenshot shows a window")
}

fn bounds_of(image: &RgbImage, colour: [u8; 3]) -> Rect {
    let mut rect = Rect {
        left: u32::MAX,
        right: 0,
        top: u32::MAX,
        bottom: 0,
    };
    for (x, y, _) in image.enumerate_pixels().filter(|(_, _, p)| p.0 == colour) {
        rect.left = rect.left.min(x);
        rect.right = rect.right.max(x);
        rect.top = rect.top.min(y);
        rect.bottom = rect.bottom.max(y);
    }
    rect
}

fn lighter(pixel: &Rgb<u8>, than: [u8; 3]) -> bool {
    pixel.0.iter().zip(than).all(|(&a, b)| a > b)
}

fn luma(pixel: &Rgb<u8>) -> u32 {
    let [r, g, b] = pixel.0.map(u32::from);
    (r * 299 + g * 587 + b * 114) / 1000
}

/// Runs of `true` in `flags`, as (first, last) indices, offset by `start`.
fn runs(flags: impl IntoIterator<Item = bool>, start: u32) -> Vec<(u32, u32)> {
    let mut found = Vec::new();
    let mut open = None;
    for (index, flag) in (start..).zip(flags.into_iter().chain([false])) {
        match (flag, open) {
            (true, None) => open = Some(index),
            (false, Some(first)) => {
                found.push((first, index - 1));
                open = None;
            }
            _ => {}
        }
    }
    found
}

/// Bands of rows in which more than 40 % of the window is lighter than the panel (a card's fill
/// with its text and buttons taken out), at least [`MIN_CARD_PX`] tall.
fn card_rows(image: &RgbImage, panel: [u8; 3], window: &Rect) -> Vec<(u32, u32)> {
    let width = window.right - window.left + 1;
    let filled = (window.top..=window.bottom).map(|y| {
        let light = (window.left..=window.right)
            .filter(|&x| lighter(image.get_pixel(x, y), panel))
            .count();
        light * 10 > width as usize * 4
    });
    runs(filled, window.top)
        .into_iter()
        .filter(|(top, bottom)| bottom - top + 1 >= MIN_CARD_PX)
        .collect()
}

/// Horizontal hairlines across at least half the window, a little darker than the panel: the
/// rule under the header and under each row that is not filled.
fn hairlines(image: &RgbImage, panel: [u8; 3], window: &Rect) -> Vec<u32> {
    let panel_luma = luma(&Rgb(panel));
    let width = window.right - window.left + 1;
    let line = (window.top..=window.bottom).map(|y| {
        let dark = (window.left..=window.right).map(|x| {
            let l = luma(image.get_pixel(x, y));
            l + 12 < panel_luma && l + 120 > panel_luma
        });
        runs(dark, 0)
            .into_iter()
            .any(|(first, last)| (last - first + 1) * 2 >= width)
    });
    runs(line, window.top)
        .into_iter()
        .filter(|(top, bottom)| bottom - top < 4)
        .map(|(top, _)| top)
        .collect()
}

/// The rows: filled cards (a selected or hovered row), and the bands between two hairlines
/// (the other rows), without the cards inside them, each at least [`MIN_CARD_PX`] tall.
fn row_bands(image: &RgbImage, panel: [u8; 3], window: &Rect) -> Vec<(u32, u32)> {
    let cards = card_rows(image, panel, window);
    let mut bands = cards.clone();
    for pair in hairlines(image, panel, window).windows(2) {
        let mut pieces = vec![(pair[0] + 1, pair[1] - 1)];
        for &(top, bottom) in &cards {
            pieces = pieces
                .into_iter()
                .flat_map(|(a, b)| {
                    if bottom < a || top > b {
                        return vec![(a, b)];
                    }
                    let mut left = Vec::new();
                    if top > a {
                        left.push((a, top - 1));
                    }
                    if bottom < b {
                        left.push((bottom + 1, b));
                    }
                    left
                })
                .collect();
        }
        bands.extend(
            pieces
                .into_iter()
                .filter(|(top, bottom)| bottom - top + 1 >= MIN_CARD_PX),
        );
    }
    bands.sort_unstable();
    bands
}

fn card(image: &RgbImage, panel: [u8; 3], window: &Rect, top: u32, bottom: u32) -> Card {
    let middle = u32::midpoint(top, bottom);
    let lit: Vec<u32> = (window.left..=window.right)
        .filter(|&x| lighter(image.get_pixel(x, middle), panel))
        .collect();
    // An unfilled row (between hairlines) is drawn on the panel itself.
    let filled = lit.len() * 10 > (window.right - window.left + 1) as usize * 4;
    let (left, right) = if filled {
        (lit[0], lit[lit.len() - 1])
    } else {
        (window.left, window.right)
    };
    let mut fills: HashMap<[u8; 3], usize> = HashMap::new();
    for &x in lit.iter().filter(|_| filled) {
        *fills.entry(image.get_pixel(x, middle).0).or_default() += 1;
    }
    let fill = fills
        .into_iter()
        .max_by_key(|&(_, n)| n)
        .map_or(panel, |(colour, _)| colour);
    let area = Rect {
        left: u32::midpoint(left, right),
        right,
        top,
        bottom,
    };
    Card {
        top,
        bottom,
        code_digits: code_digits(image, luma(&Rgb(fill)), &area),
    }
}

/// The glyphs of the tallest line of ink in `area`, if they are evenly wide (digits of a
/// monospace code; text has narrow letters and punctuation).
fn code_digits(image: &RgbImage, fill_luma: u32, area: &Rect) -> Option<usize> {
    let ink = |x: u32, y: u32| luma(image.get_pixel(x, y)) + 96 < fill_luma;
    let inked_rows = (area.top..=area.bottom)
        .map(|y| (area.left..=area.right).filter(|&x| ink(x, y)).count() >= 2);
    let (top, bottom) = runs(inked_rows, area.top)
        .into_iter()
        .max_by_key(|(top, bottom)| bottom - top)?;
    let inked_columns = (area.left..=area.right).map(|x| (top..=bottom).any(|y| ink(x, y)));
    let widths: Vec<u32> = runs(inked_columns, area.left)
        .into_iter()
        .map(|(first, last)| last - first + 1)
        .collect();
    let widest = *widths.iter().max()?;
    let even = widths.len() >= 4 && widths.iter().all(|&w| w >= 4 && w * 2 >= widest);
    even.then_some(widths.len())
}
