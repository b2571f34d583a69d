//! The codes read so far in one image: each text once with where it sits, whether to keep
//! looking, and the reading order of the result. Pure; knows rqrr's [`Found`] and
//! [`Region`]s, not how they were found.

use super::decode::Found;
use super::locate::Region;
use super::pipeline::Placement;
use super::text;

pub(super) struct Hit {
    pub text: String,
    /// Bounding box in original pixels: left, top, right, bottom.
    pub bbox: (f64, f64, f64, f64),
}

impl Hit {
    fn centre(&self) -> (f64, f64) {
        (
            (self.bbox.0 + self.bbox.2) / 2.0,
            (self.bbox.1 + self.bbox.3) / 2.0,
        )
    }
}

/// Whether to keep looking: nothing read yet, or no account read and one of the
/// `code_like` patches still unread.
pub(super) fn still_missing(hits: &[Hit], code_like: &[Region]) -> bool {
    if hits.is_empty() {
        return true;
    }
    let account = hits.iter().any(|h| is_account(&h.text));
    !account
        && code_like
            .iter()
            .any(|r| !hits.iter().any(|h| inside(r.centre(), h.bbox)))
}

/// Texts that add accounts: `otpauth://` (and `steam://`) or a Google Authenticator export.
fn is_account(text: &str) -> bool {
    let t = text.trim_start();
    crate::uri::is_otpauth_uri(t)
        || t.get(..MIGRATION.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(MIGRATION))
}

const MIGRATION: &str = "otpauth-migration://";

/// Adds codes not seen before, mapped to original coordinates; skips a code nested in
/// another (a decorative "code in a code" is part of the outer symbol's picture).
pub(super) fn record(hits: &mut Vec<Hit>, found: Vec<Found>, at: Placement) {
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

pub(super) fn inside((x, y): (f64, f64), (l, t, r, b): (f64, f64, f64, f64)) -> bool {
    l < x && x < r && t < y && y < b
}

fn area((l, t, r, b): (f64, f64, f64, f64)) -> f64 {
    (r - l).max(0.0) * (b - t).max(0.0)
}

/// Rows first (centres less than 50 px apart vertically share a row), then left to right.
pub(super) fn sort_reading_order(hits: &mut [Hit]) {
    hits.sort_by(|a, b| a.centre().1.total_cmp(&b.centre().1));
    let mut row_start = 0;
    for i in 1..=hits.len() {
        if i == hits.len() || hits[i].centre().1 - hits[row_start].centre().1 > 50.0 {
            hits[row_start..i].sort_by(|a, b| a.centre().0.total_cmp(&b.centre().0));
            row_start = i;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(text: &str, bbox: (f64, f64, f64, f64)) -> Hit {
        Hit {
            text: text.to_owned(),
            bbox,
        }
    }

    #[test]
    fn accounts_are_otpauth_and_migration_texts_in_any_case() {
        assert!(is_account("otpauth://totp/A?secret=GEZDGNBV"));
        assert!(is_account("OTPAUTH-MIGRATION://offline?data=AA"));
        assert!(!is_account("https://apps.apple.com/app/id388497605"));
        assert!(!is_account("otpauth"));
    }

    #[test]
    fn looking_goes_on_only_for_an_unread_patch_and_no_account() {
        let patch = Region {
            x: 500,
            y: 100,
            width: 200,
            height: 200,
        };
        let link = hit("https://example.com/app", (0.0, 0.0, 200.0, 200.0));
        assert!(still_missing(&[], &[]));
        assert!(still_missing(&[link], &[patch]));
        let link = hit("https://example.com/app", (0.0, 0.0, 200.0, 200.0));
        assert!(!still_missing(&[link], &[]), "no unread patch left");
        let link = hit("https://example.com/app", (0.0, 0.0, 200.0, 200.0));
        let account = hit(
            "otpauth://totp/A?secret=GEZDGNBV",
            (900.0, 0.0, 1000.0, 90.0),
        );
        assert!(
            !still_missing(&[link, account], &[patch]),
            "an account was read"
        );
        let covering = hit("https://example.com/app", (490.0, 90.0, 710.0, 310.0));
        assert!(!still_missing(&[covering], &[patch]), "the patch was read");
    }
}
