//! The own detector against symbols rendered by the `qrcode` crate and then warped the ways
//! photos warp them: tilted in perspective with a logo over the alignment pattern, bowed
//! like curled paper, and large versions at a few pixels per module.

use qrcode::{Color, EcLevel, QrCode, Version};

use super::geometry::{Homography, Pt, square};
use super::{estimate, finder, sample, scan, trios};
use crate::qr::binarise::Bitmap;
use crate::qr::text::payload_text;

const QUIET: f64 = 4.0;

fn code(text: &str, version: i16) -> QrCode {
    QrCode::with_version(text.as_bytes(), Version::Normal(version), EcLevel::M).expect("fits")
}

/// Renders `code` into a `width`×`height` bitmap; `to_symbol` maps a pixel centre to symbol
/// coordinates in modules (0..size inside the symbol, quiet zone outside).
fn render(code: &QrCode, width: usize, height: usize, to_symbol: impl Fn(Pt) -> Pt) -> Bitmap {
    let size = code.width();
    let colors = code.to_colors();
    let mut dark = vec![false; width * height];
    for y in 0..height {
        for x in 0..width {
            let s = to_symbol(Pt::new(x as f64 + 0.5, y as f64 + 0.5));
            let inside = (0.0..size as f64).contains(&s.x) && (0.0..size as f64).contains(&s.y);
            dark[y * width + x] =
                inside && colors[s.y as usize * size + s.x as usize] == Color::Dark;
        }
    }
    Bitmap {
        width,
        height,
        dark,
    }
}

/// The transform from a picture whose symbol corners are at `quad` (top-left, top-right,
/// bottom-right, bottom-left) to symbol coordinates.
fn picture_to_symbol(quad: [Pt; 4], size: f64) -> Homography {
    Homography::from_points(quad, square(size)).expect("a quadrilateral")
}

/// A flat, upright rendering at `px` pixels per module.
fn flat(code: &QrCode, px: f64) -> Bitmap {
    let side = ((code.width() as f64 + 2.0 * QUIET) * px) as usize;
    render(code, side, side, |p| {
        Pt::new(p.x / px - QUIET, p.y / px - QUIET)
    })
}

fn texts(bitmap: &Bitmap) -> Vec<String> {
    scan(bitmap)
        .found
        .into_iter()
        .map(|f| payload_text(&f.payload))
        .collect()
}

#[test]
fn reads_flat_symbols_of_small_and_large_versions() {
    for (version, px) in [(1, 4.0), (5, 4.0), (12, 3.0), (25, 3.0)] {
        let text = format!("OTP v{version}");
        let bitmap = flat(&code(&text, version), px);
        assert_eq!(texts(&bitmap), vec![text], "version {version}");
    }
}

#[test]
fn counts_the_timing_pattern_to_find_the_version() {
    let bitmap = flat(&code("timing", 12), 4.0);
    let eyes = finder::find(&bitmap);
    let trio = trios(&eyes).into_iter().next().expect("a trio of eyes");
    let versions = estimate::candidate_versions(&bitmap, &trio.eyes);
    assert_eq!(versions.first(), Some(&12), "{versions:?}");
}

#[test]
fn reads_a_tilted_symbol_whose_alignment_pattern_a_logo_hides() {
    let code = code("otpauth://totp/Tilt?secret=JBSWY3DP", 3);
    let size = code.width() as f64;
    // The symbol's corners in the picture: a strong perspective (far side shorter).
    let quad = [
        Pt::new(40.0, 30.0),
        Pt::new(250.0, 55.0),
        Pt::new(235.0, 215.0),
        Pt::new(35.0, 260.0),
    ];
    let to_symbol = picture_to_symbol(quad, size);
    let alignment = size - 6.5;
    let bitmap = render(&code, 300, 300, |p| {
        let s = to_symbol.map(p);
        // A white logo over the bottom-right alignment pattern.
        let logo = (s.x - alignment).abs() < 3.5 && (s.y - alignment).abs() < 3.5;
        if logo { Pt::new(-1.0, -1.0) } else { s }
    });
    assert_eq!(
        texts(&bitmap),
        vec!["otpauth://totp/Tilt?secret=JBSWY3DP".to_string()]
    );
}

#[test]
fn reads_a_large_symbol_on_curled_paper() {
    let text = "otpauth-migration://offline?data=".to_string() + &"CjEKCkhlbGxvId6tvu8".repeat(12);
    let code = code(&text, 20);
    let size = code.width() as f64;
    let px = 4.0;
    let side = ((size + 2.0 * QUIET) * px) as usize;
    // The paper bows: rows sag by up to 2.5 modules in the middle.
    let bow = 2.5 * px;
    let bitmap = render(&code, side, side + bow as usize + 4, |p| {
        let sx = p.x / px - QUIET;
        let sag = bow * (std::f64::consts::PI * (sx / size).clamp(0.0, 1.0)).sin();
        Pt::new(sx, (p.y - sag) / px - QUIET)
    });
    assert_eq!(texts(&bitmap), vec![text]);
}

#[test]
fn noise_reads_nothing_and_does_not_panic() {
    let (width, height) = (240, 200);
    let mut state = 0x2545_f491_u32;
    let dark = (0..width * height)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state.is_multiple_of(3)
        })
        .collect();
    let bitmap = Bitmap {
        width,
        height,
        dark,
    };
    assert!(scan(&bitmap).found.is_empty());
}

#[test]
fn sampling_a_flat_symbol_gives_back_its_modules() {
    let code = code("modules", 2);
    let bitmap = flat(&code, 5.0);
    let eyes = finder::find(&bitmap);
    let trio = trios(&eyes).into_iter().next().expect("a trio of eyes");
    let sampled =
        sample::sample(&bitmap, trio.eyes, 2, sample::Start::Parallelogram).expect("sampled");
    let colors = code.to_colors();
    let size = code.width();
    let wrong = (0..size * size)
        .filter(|&k| {
            rqrr::BitGrid::bit(&sampled.grid, k / size, k % size) != (colors[k] == Color::Dark)
        })
        .count();
    assert_eq!(wrong, 0);
}

#[test]
fn reads_a_model_1_symbol() {
    // qr-corpus/zxing-cpp-extras/issue940.png (from zxing-cpp's test samples, third-party):
    // a version-5 Model 1 symbol at one pixel per module, two pixels of quiet zone.
    let Some(path) = crate::test_vectors::third_party("qr-corpus/zxing-cpp-extras/issue940.png")
    else {
        return;
    };
    let image = image::open(path).expect("corpus image").to_luma8();
    let grid = rqrr::SimpleGrid::from_func(37, |x, y| {
        image.get_pixel(x as u32 + 2, y as u32 + 2).0[0] < 128
    });
    let payload = super::model1::read(&grid).expect("a Model 1 symbol");
    assert_eq!(
        payload_text(&payload),
        "N023X-3431800-V034PG03X-3436010-A1125032918310706"
    );
    // rqrr, which reads Model 2 only, does not.
    assert!(rqrr::Grid::new(grid).decode().is_err());
}

/// A small xorshift generator: the warps below are random but the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Uniform in `lo..hi`.
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * (self.next() % 1_000_000) as f64 / 1_000_000.0
    }
}

/// Renders the symbol turned any way, in perspective (each corner pushed about by up to 10%
/// of its side), and flips a share `noise` of the pixels; returns the texts read.
fn warped_reading(rng: &mut Rng, case: usize, noise: f64) -> (String, Vec<String>) {
    let version = 1 + (rng.next() % 10) as i16;
    let text = format!("otp{case}");
    let code = code(&text, version);
    let size = code.width() as f64;
    let px = rng.range(3.0, 6.0);
    let canvas = ((size + 2.0 * QUIET) * px * 1.6) as usize;
    let (centre, half) = (canvas as f64 / 2.0, size * px / 2.0);
    let turn = rng.range(0.0, std::f64::consts::TAU);
    let quad = [0.0, 1.0, 2.0, 3.0].map(|k: f64| {
        let angle = turn + std::f64::consts::FRAC_PI_4 * (2.0 * k - 3.0);
        let radius = half * std::f64::consts::SQRT_2;
        Pt::new(
            centre + radius * angle.cos() + rng.range(-0.1, 0.1) * half,
            centre + radius * angle.sin() + rng.range(-0.1, 0.1) * half,
        )
    });
    let to_symbol = picture_to_symbol(quad, size);
    let mut bitmap = render(&code, canvas, canvas, |p| to_symbol.map(p));
    for pixel in bitmap.dark.iter_mut() {
        if rng.range(0.0, 1.0) < noise {
            *pixel = !*pixel;
        }
    }
    (text, texts(&bitmap))
}

/// Reads 60 random warps (with up to `max_noise` of their pixels flipped), asserting that
/// nothing reads as wrong text; returns how many read.
fn reads_of_warps(seed: u64, max_noise: f64) -> usize {
    let mut rng = Rng(seed);
    (0..60)
        .filter(|&case| {
            let noise = rng.range(0.0, max_noise);
            let (text, found) = warped_reading(&mut rng, case, noise);
            assert!(found.iter().all(|t| *t == text), "case {case}: {found:?}");
            !found.is_empty()
        })
        .count()
}

#[test]
fn random_warps_read_and_never_read_wrong_text() {
    let read = reads_of_warps(0x9E37_79B9_7F4A_7C15, 0.0);
    // 60 of 60 when written.
    assert!(read >= 58, "read {read} of 60");
}

#[test]
fn specks_on_warped_symbols_never_make_wrong_text() {
    // Up to 3% of the pixels flipped: a binarised noisy photo.
    let read = reads_of_warps(0x2545_F491_4F6C_DD1D, 0.03);
    // 38 of 60 when written; the rest lose an eye to the specks.
    assert!(read >= 34, "read {read} of 60");
}
