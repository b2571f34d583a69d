//! Facts of ISO/IEC 18004 that sampling needs: symbol size per version, where the alignment
//! patterns sit, and the BCH-protected version information of versions 7 and up.

/// Modules per side of a version-`v` symbol.
pub fn size(version: usize) -> usize {
    17 + 4 * version
}

/// Row/column coordinates of the alignment pattern centres (empty for version 1).
/// Spaced evenly from the last one back, the step rounded up to even (26 for version 32).
pub fn alignment_positions(version: usize) -> Vec<usize> {
    if version < 2 {
        return Vec::new();
    }
    let count = version / 7 + 2;
    let last = size(version) - 7;
    let step = if version == 32 {
        26
    } else {
        (version * 4 + count * 2 + 1) / (count * 2 - 2) * 2
    };
    let mut positions = vec![6];
    positions.extend((0..count - 1).rev().map(|i| last - i * step));
    positions
}

/// The 18-bit version information word of versions 7..=40: 6 version bits, then 12 BCH bits
/// (generator x^12 + x^11 + x^10 + x^9 + x^8 + x^5 + x^2 + 1).
fn version_word(version: usize) -> u32 {
    const GENERATOR: u32 = 0x1F25;
    let mut rem = (version as u32) << 12;
    for bit in (12..18).rev() {
        if rem & (1 << bit) != 0 {
            rem ^= GENERATOR << (bit - 12);
        }
    }
    ((version as u32) << 12) | rem
}

/// The version whose information word is within 3 bit errors of `bits`.
pub fn decode_version_bits(bits: u32) -> Option<usize> {
    (7..=40)
        .map(|v| (v, (version_word(v) ^ bits).count_ones()))
        .filter(|&(_, errors)| errors <= 3)
        .min_by_key(|&(_, errors)| errors)
        .map(|(v, _)| v)
}

/// Where bit `i` (0 = least significant) of the version word sits in the block near the
/// top-right eye, as (column, row); the block by the bottom-left eye is its transpose.
pub fn version_bit_at(size: usize, i: usize) -> (usize, usize) {
    (size - 11 + i % 3, i / 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alignment_positions_match_the_standard_table() {
        assert!(alignment_positions(1).is_empty());
        assert_eq!(alignment_positions(2), vec![6, 18]);
        assert_eq!(alignment_positions(7), vec![6, 22, 38]);
        assert_eq!(alignment_positions(14), vec![6, 26, 46, 66]);
        assert_eq!(alignment_positions(15), vec![6, 26, 48, 70]);
        assert_eq!(alignment_positions(32), vec![6, 34, 60, 86, 112, 138]);
        assert_eq!(alignment_positions(36), vec![6, 24, 50, 76, 102, 128, 154]);
        assert_eq!(alignment_positions(40), vec![6, 30, 58, 86, 114, 142, 170]);
    }

    #[test]
    fn version_words_match_the_standard_table() {
        assert_eq!(version_word(7), 0x07C94);
        assert_eq!(version_word(8), 0x085BC);
        assert_eq!(version_word(40), 0x28C69);
    }

    #[test]
    fn version_bits_survive_three_errors() {
        assert_eq!(decode_version_bits(0x07C94 ^ 0b1_0000_0001_0001), Some(7));
        assert_eq!(decode_version_bits(0x28C69), Some(40));
        assert_eq!(decode_version_bits(0), None);
    }
}
