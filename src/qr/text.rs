//! Payload bytes -> text: the QR character-set rules (ISO/IEC 18004 ECI, Kanji mode) and the
//! guess that readers make when a byte segment carries no ECI. Pure; knows nothing of images.
//!
//! The spec's default for byte mode is ISO-8859-1, but real generators write UTF-8 and
//! Japanese ones write Shift_JIS, so, like ZXing, we guess: UTF-8 when the bytes are valid
//! UTF-8, Shift_JIS when they look like Japanese text, ISO-8859-1 otherwise.

use encoding_rs::{Encoding, SHIFT_JIS, UTF_8, WINDOWS_1252};

/// How one stretch of payload bytes was written in the symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SegmentKind {
    /// Numeric or alphanumeric mode: always ASCII.
    Ascii,
    /// Byte mode: charset from the ECI, or guessed.
    Bytes,
    /// Kanji mode: always Shift_JIS double bytes.
    Kanji,
}

/// The payload of one symbol, as rqrr wrote it out, plus the leading ECI if any.
#[derive(Debug, Default, Clone)]
pub struct Payload {
    pub segments: Vec<(SegmentKind, Vec<u8>)>,
    pub eci: Option<u32>,
}

impl Payload {
    /// Appends bytes, merging with the previous segment of the same kind.
    pub fn push(&mut self, kind: SegmentKind, bytes: &[u8]) {
        match self.segments.last_mut() {
            Some((last, buf)) if *last == kind => buf.extend_from_slice(bytes),
            _ => self.segments.push((kind, bytes.to_vec())),
        }
    }
}

/// The encoding an ECI assignment number names (AIM ECI table), if we know it.
pub fn eci_encoding(eci: u32) -> Option<&'static Encoding> {
    let label: &[u8] = match eci {
        // 0 and 2 are legacy aliases of code page 437; ISO-8859-1 is the closest we have.
        0..=3 => b"iso-8859-1", // encoding_rs answers windows-1252; see payload_text
        4 => b"iso-8859-2",
        5 => b"iso-8859-3",
        6 => b"iso-8859-4",
        7 => b"iso-8859-5",
        8 => b"iso-8859-6",
        9 => b"iso-8859-7",
        10 => b"iso-8859-8",
        11 => b"windows-1254", // ISO-8859-9 superset
        12 => b"iso-8859-10",
        13 => b"windows-874", // ISO-8859-11 superset
        15 => b"iso-8859-13",
        16 => b"iso-8859-14",
        17 => b"iso-8859-15",
        18 => b"iso-8859-16",
        20 => b"shift_jis",
        21 => b"windows-1250",
        22 => b"windows-1251",
        23 => b"windows-1252",
        24 => b"windows-1256",
        25 => b"utf-16be",
        26 => b"utf-8",
        27 | 170 => b"us-ascii",
        28 => b"big5",
        29 => b"gb18030",
        30 => b"euc-kr",
        _ => return None,
    };
    Encoding::for_label(label)
}

/// Turns a payload into text. Never fails: unknown bytes become U+FFFD.
pub fn payload_text(payload: &Payload) -> String {
    let eci_charset = payload.eci.and_then(eci_encoding);
    let byte_charset = eci_charset.unwrap_or_else(|| guess_encoding(&byte_mode_bytes(payload)));
    // encoding_rs folds ISO-8859-1 into windows-1252; only ECI 23 means windows-1252 itself.
    let latin1 = byte_charset == WINDOWS_1252 && payload.eci != Some(23);
    let mut out = String::new();
    for (kind, bytes) in &payload.segments {
        match kind {
            SegmentKind::Ascii => out.push_str(&String::from_utf8_lossy(bytes)),
            SegmentKind::Kanji => out.push_str(&SHIFT_JIS.decode_without_bom_handling(bytes).0),
            SegmentKind::Bytes if latin1 => out.extend(bytes.iter().map(|&b| char::from(b))),
            SegmentKind::Bytes => out.push_str(&byte_charset.decode_without_bom_handling(bytes).0),
        }
    }
    out
}

fn byte_mode_bytes(payload: &Payload) -> Vec<u8> {
    let parts = payload
        .segments
        .iter()
        .filter(|(k, _)| *k == SegmentKind::Bytes);
    parts.flat_map(|(_, b)| b.iter().copied()).collect()
}

/// Picks the charset of a byte-mode segment that carries no ECI.
pub fn guess_encoding(bytes: &[u8]) -> &'static Encoding {
    if bytes.is_ascii() || std::str::from_utf8(bytes).is_ok() {
        return UTF_8;
    }
    if looks_like_shift_jis(bytes) {
        SHIFT_JIS
    } else {
        WINDOWS_1252
    }
}

/// Shift_JIS when the bytes are valid Shift_JIS and read like Japanese: runs of
/// double-byte characters or of half-width katakana, rather than isolated accented letters.
fn looks_like_shift_jis(bytes: &[u8]) -> bool {
    let Some(stats) = shift_jis_stats(bytes) else {
        return false;
    };
    if stats.longest_double_run >= 2 || stats.longest_katakana_run >= 3 {
        return true;
    }
    // A lone double-byte character against bytes that Latin-1 would show as C1 controls
    // or rarely used symbols: prefer Shift_JIS.
    let latin_unlikely = bytes.iter().filter(|&&b| (0x80..0xA0).contains(&b)).count();
    stats.double_bytes > 0 && latin_unlikely > 0
}

struct SjisStats {
    double_bytes: usize,
    longest_double_run: usize,
    longest_katakana_run: usize,
}

/// Walks the bytes as Shift_JIS; `None` when they are not valid Shift_JIS.
fn shift_jis_stats(bytes: &[u8]) -> Option<SjisStats> {
    let mut stats = SjisStats {
        double_bytes: 0,
        longest_double_run: 0,
        longest_katakana_run: 0,
    };
    let (mut double_run, mut kana_run) = (0, 0);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            0x00..=0x7F => {
                double_run = 0;
                kana_run = 0;
                i += 1;
            }
            0xA1..=0xDF => {
                kana_run += 1;
                double_run = 0;
                stats.longest_katakana_run = stats.longest_katakana_run.max(kana_run);
                i += 1;
            }
            0x81..=0x9F | 0xE0..=0xEF => {
                let trail = *bytes.get(i + 1)?;
                if !(0x40..=0xFC).contains(&trail) || trail == 0x7F {
                    return None;
                }
                stats.double_bytes += 1;
                double_run += 1;
                kana_run = 0;
                stats.longest_double_run = stats.longest_double_run.max(double_run);
                i += 2;
            }
            _ => return None,
        }
    }
    Some(stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes_payload(bytes: &[u8], eci: Option<u32>) -> Payload {
        let mut p = Payload {
            eci,
            ..Payload::default()
        };
        p.push(SegmentKind::Bytes, bytes);
        p
    }

    #[test]
    fn utf8_bytes_stay_utf8() {
        assert_eq!(
            payload_text(&bytes_payload("Zürich 東京".as_bytes(), None)),
            "Zürich 東京"
        );
    }

    #[test]
    fn latin1_without_eci_is_guessed() {
        // "Café" in ISO-8859-1 is not valid UTF-8.
        assert_eq!(payload_text(&bytes_payload(b"Caf\xE9", None)), "Café");
    }

    #[test]
    fn shift_jis_without_eci_is_guessed() {
        // 日本語 in Shift_JIS
        let sjis = [0x93, 0xFA, 0x96, 0x7B, 0x8C, 0xEA];
        assert_eq!(payload_text(&bytes_payload(&sjis, None)), "日本語");
    }

    #[test]
    fn eci_wins_over_guessing() {
        // 0xE9 is "é" in Latin-1 but "й" in windows-1251 (ECI 22).
        assert_eq!(payload_text(&bytes_payload(b"\xE9", Some(22))), "й");
        // ECI 23 is windows-1252 proper, where 0x80 is the euro sign.
        assert_eq!(payload_text(&bytes_payload(b"\x80", Some(23))), "€");
        assert_eq!(payload_text(&bytes_payload(b"\x80", Some(3))), "\u{80}");
    }

    #[test]
    fn kanji_mode_is_shift_jis() {
        let mut p = Payload::default();
        p.push(SegmentKind::Ascii, b"A");
        p.push(SegmentKind::Kanji, &[0x93, 0xFA]);
        assert_eq!(payload_text(&p), "A日");
    }
}
