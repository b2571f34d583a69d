//! QR Code Model 1, the original symbology of 1994 that Model 2 replaced: same eyes, sizes
//! and masks, but no alignment patterns, a different format-information mask (0x2825) and
//! its own codeword layout and error-correction blocks. rqrr reads Model 2 only; a few old
//! printed codes still carry Model 1, so grids whose format information is Model 1's are
//! read here.
//!
//! Facts (layout, block table, format mask) from ISO/IEC 18004:2000 Annex M, as documented
//! by zxing-cpp's Model 1 support; error correction by the `reed-solomon` crate (QR's field
//! and generator). Versions 1 to 12: for 13 and 14 this layout does not come out at the
//! table's codeword count, so those are refused rather than guessed.

use rqrr::BitGrid;

use crate::qr::decode::mask_bit;
use crate::qr::text::{Payload, SegmentKind};

const FORMAT_MASK: u16 = 0x2825;

/// Error correction of versions 1-14, levels L, M, Q, H: (EC codewords per block, blocks,
/// data codewords per block). Table M.2/M.4 of ISO/IEC 18004:2000.
const BLOCKS: [[(usize, usize, usize); 4]; 14] = [
    [(7, 1, 19), (10, 1, 16), (13, 1, 13), (17, 1, 9)],
    [(10, 1, 36), (16, 1, 30), (22, 1, 24), (30, 1, 16)],
    [(15, 1, 57), (28, 1, 44), (36, 1, 36), (48, 1, 24)],
    [(20, 1, 80), (40, 1, 60), (50, 1, 50), (66, 1, 34)],
    [(26, 1, 108), (52, 1, 82), (66, 1, 68), (44, 2, 23)],
    [(34, 1, 136), (32, 2, 53), (42, 2, 43), (56, 2, 29)],
    [(42, 1, 170), (40, 2, 66), (52, 2, 54), (46, 3, 24)],
    [(24, 2, 104), (48, 2, 80), (64, 2, 64), (56, 3, 29)],
    [(30, 2, 123), (60, 2, 93), (50, 3, 52), (68, 3, 34)],
    [(34, 2, 145), (68, 2, 111), (58, 3, 61), (58, 4, 31)],
    [(40, 2, 168), (40, 4, 64), (52, 4, 52), (54, 5, 29)],
    [(46, 2, 192), (46, 4, 73), (58, 4, 61), (62, 5, 33)],
    [(36, 3, 144), (52, 4, 83), (66, 4, 69), (58, 6, 32)],
    [(40, 3, 163), (60, 4, 92), (60, 5, 62), (66, 6, 35)],
];

/// Reads a Model 1 symbol; `None` unless the format information is Model 1's and error
/// correction succeeds.
pub fn read(grid: &dyn BitGrid) -> Option<Payload> {
    let size = grid.size();
    if !(21..=65).contains(&size) || !(size - 17).is_multiple_of(4) {
        return None;
    }
    let version = (size - 17) / 4;
    let (level, mask) = format(grid)?;
    let codewords = codewords(grid, mask);
    let (ec, blocks, data) = BLOCKS[version - 1][level];
    if codewords.len() != blocks * (ec + data) {
        return None;
    }
    let mut corrected = Vec::with_capacity(blocks * data);
    let decoder = reed_solomon::Decoder::new(ec);
    for b in 0..blocks {
        // Not interleaved as in Model 2: in this layout's order come the data codewords of
        // each block in turn, then each block's EC codewords.
        let mut block = codewords[b * data..(b + 1) * data].to_vec();
        let ec_start = blocks * data + b * ec;
        block.extend_from_slice(&codewords[ec_start..ec_start + ec]);
        let fixed = decoder.correct(&block, None).ok()?;
        corrected.extend_from_slice(fixed.data());
    }
    parse(&corrected, version)
}

/// (level index L=0, M=1, Q=2, H=3; mask) from either copy of the format information.
fn format(grid: &dyn BitGrid) -> Option<(usize, u16)> {
    const XS: [usize; 15] = [8, 8, 8, 8, 8, 8, 8, 8, 7, 5, 4, 3, 2, 1, 0];
    const YS: [usize; 15] = [0, 1, 2, 3, 4, 5, 7, 8, 8, 8, 8, 8, 8, 8, 8];
    let size = grid.size();
    let first = (0..15).fold(0u16, |acc, i| acc | u16::from(grid.bit(YS[i], XS[i])) << i);
    let second = (0..7)
        .map(|i| grid.bit(size - 1 - i, 8))
        .chain((0..8).map(|i| grid.bit(8, size - 8 + i)))
        .fold(0u16, |acc, bit| acc << 1 | u16::from(bit));
    let (data, _) = (0..32u16)
        .flat_map(|d| {
            let word = format_word(d);
            [first, second].map(|read| (d, (read ^ word).count_ones()))
        })
        .filter(|&(_, errors)| errors <= 3)
        .min_by_key(|&(_, errors)| errors)?;
    // Level bits: 01 = L, 00 = M, 11 = Q, 10 = H.
    let level = match data >> 3 {
        0b01 => 0,
        0b00 => 1,
        0b11 => 2,
        _ => 3,
    };
    Some((level, data & 7))
}

/// BCH(15,5) format word (generator 0x537), masked as Model 1 masks it.
fn format_word(data: u16) -> u16 {
    let mut rem = data << 10;
    for bit in (10..15).rev() {
        if rem & (1 << bit) != 0 {
            rem ^= 0x537 << (bit - 10);
        }
    }
    ((data << 10) | rem) ^ FORMAT_MASK
}

/// The codewords in reading order. Model 1 places each codeword as a block of 2×4 modules
/// (upright, in two-module columns) or 4×2 (lying, in four-module columns), most
/// significant bit at the block's bottom-right, filling right to left then upwards:
/// two upright columns at the right edge (the outer one interrupted by extension patterns),
/// lying blocks in the four-module columns between the eyes (skipping the timing row, the
/// top-right eye and extension patterns at the bottom), and upright blocks between the
/// left eyes (skipping the timing column).
fn codewords(grid: &dyn BitGrid, mask: u16) -> Vec<u8> {
    let size = grid.size();
    let last = size - 1;
    let columns = size / 4 + 3;
    let module = |x: usize, y: usize| grid.bit(y, x) != mask_bit(mask, y, x);
    let upright = |x: usize, y: usize| {
        (0..8).fold(0u8, |acc, b| {
            acc << 1 | u8::from(module(x - b % 2, y - b / 2))
        })
    };
    let lying = |x: usize, y: usize| {
        (0..8).fold(0u8, |acc, b| {
            acc << 1 | u8::from(module(x - b % 4, y - b / 4))
        })
    };
    let mut out = Vec::new();
    for j in 0..columns {
        if j <= 1 {
            let rows = (size - 8) / 4;
            for i in 0..rows {
                let extension = j == 0 && i % 2 == 0 && i > 0 && i < rows - 1;
                if !extension {
                    out.push(upright(last - 2 * j, last - 4 * i));
                }
            }
        } else if columns - j <= 4 {
            let from_left = columns - j;
            // The upright columns left of the timing column, and the one right of it.
            let x = (from_left - 1) * 2 + 1 + usize::from(from_left == 4);
            for i in 0..(size - 16) / 4 {
                out.push(upright(x, last - 8 - 4 * i));
            }
        } else {
            let rows = size / 2;
            for i in 0..rows {
                let eye = j == 2 && i >= rows - 4;
                let extension = i == 0 && j % 2 == 1 && j + 1 != columns - 4;
                if !eye && !extension {
                    let x = last - 4 - (j - 2) * 4;
                    let y = last - 2 * i - usize::from(i >= rows - 3);
                    out.push(lying(x, y));
                }
            }
        }
    }
    // The first codeword's top half lies outside the data area.
    if let Some(first) = out.first_mut() {
        *first &= 0x0F;
    }
    out
}

/// The data segments (numeric, alphanumeric, byte, Kanji) of the corrected data codewords.
fn parse(data: &[u8], version: usize) -> Option<Payload> {
    // Model 1 data starts with four 0 bits (the first codeword's top half, see `codewords`).
    let mut bits = Bits { data, at: 4 };
    let small = version <= 9;
    let mut payload = Payload::default();
    while bits.left() >= 4 {
        match bits.take(4)? {
            0 => break,
            1 => {
                let mut count = bits.take(if small { 10 } else { 12 })?;
                let mut digits = Vec::new();
                while count > 0 {
                    let n = count.min(3);
                    let value = bits.take([4, 7, 10][n - 1])?;
                    if value >= [10, 100, 1000][n - 1] {
                        return None;
                    }
                    digits.extend(format!("{value:0n$}").bytes());
                    count -= n;
                }
                payload.push(SegmentKind::Ascii, &digits);
            }
            2 => {
                const SET: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
                let mut count = bits.take(if small { 9 } else { 11 })?;
                let mut chars = Vec::new();
                while count >= 2 {
                    let value = bits.take(11)?;
                    chars.extend([*SET.get(value / 45)?, *SET.get(value % 45)?]);
                    count -= 2;
                }
                if count == 1 {
                    chars.push(*SET.get(bits.take(6)?)?);
                }
                payload.push(SegmentKind::Ascii, &chars);
            }
            4 => {
                let count = bits.take(if small { 8 } else { 16 })?;
                let bytes = (0..count)
                    .map(|_| bits.take(8).map(|b| b as u8))
                    .collect::<Option<Vec<u8>>>()?;
                payload.push(SegmentKind::Bytes, &bytes);
            }
            8 => {
                let count = bits.take(if small { 8 } else { 10 })?;
                let mut sjis = Vec::new();
                for _ in 0..count {
                    let value = bits.take(13)?;
                    let packed = ((value / 0xC0) << 8) | (value % 0xC0);
                    let code = packed + if packed < 0x1F00 { 0x8140 } else { 0xC140 };
                    sjis.extend([(code >> 8) as u8, code as u8]);
                }
                payload.push(SegmentKind::Kanji, &sjis);
            }
            _ => return None,
        }
    }
    (!payload.segments.is_empty()).then_some(payload)
}

struct Bits<'a> {
    data: &'a [u8],
    at: usize,
}

impl Bits<'_> {
    fn left(&self) -> usize {
        self.data.len() * 8 - self.at
    }

    fn take(&mut self, n: usize) -> Option<usize> {
        if self.left() < n {
            return None;
        }
        let mut value = 0;
        for _ in 0..n {
            let bit = self.data[self.at / 8] >> (7 - self.at % 8) & 1;
            value = value << 1 | usize::from(bit);
            self.at += 1;
        }
        Some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_words_differ_from_model_2() {
        // Model 2 masks the same BCH word with 0x5412; the two never coincide.
        for d in 0..32 {
            assert_ne!(format_word(d), format_word(d) ^ FORMAT_MASK ^ 0x5412);
        }
    }

    #[test]
    fn every_version_fills_exactly_its_codewords() {
        for version in 1..=12 {
            let size = 17 + 4 * version;
            let grid = rqrr::SimpleGrid::from_func(size, |_, _| false);
            let total = codewords(&grid, 0).len();
            let (ec, blocks, data) = BLOCKS[version - 1][0];
            assert_eq!(total, blocks * (ec + data), "version {version}");
        }
    }

    #[test]
    fn parses_numeric_alphanumeric_and_byte_segments() {
        // numeric "123" (0001, count 3, 0001111011), alphanumeric "A" (0010, count 1,
        // 001010), byte "z" (0100, count 1, 01111010), terminator.
        let bits = "0000 0001 0000000011 0001111011 0010 000000001 001010 0100 00000001 01111010 0000 0000";
        let bits: Vec<u8> = bits
            .bytes()
            .filter(|b| *b != b' ')
            .map(|b| b - b'0')
            .collect();
        let bytes: Vec<u8> = bits
            .chunks(8)
            .map(|c| {
                c.iter()
                    .enumerate()
                    .fold(0, |acc, (k, &b)| acc | b << (7 - k))
            })
            .collect();
        let payload = parse(&bytes, 5).expect("parsed");
        assert_eq!(
            payload.segments,
            vec![
                (SegmentKind::Ascii, b"123A".to_vec()),
                (SegmentKind::Bytes, b"z".to_vec())
            ]
        );
    }
}
