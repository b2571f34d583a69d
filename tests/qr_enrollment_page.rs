//! An enrollment page with two codes: a large "get the app" link and, beside it, the small
//! otpauth code the user came for (version 10 at about 3.3 px per module, resampled like a
//! browser scales an image). Both must be read, not only the easy one (issue 15).
//!
//! The page is drawn here from the `qrcode` crate's modules, so the test needs no corpus.

use image::imageops::{self, FilterType};
use image::{GrayImage, Luma};
use qrcode::{EcLevel, QrCode, Version};

use otp_desk::qr;

const APP_LINK: &str = "https://apps.apple.com/app/google-authenticator/id388497605";
const ACCOUNT: &str = "otpauth://totp/Amazon:seller%40example.com?secret=VX5YXKOD4D2TLA76R2O6RTCD6VYTTUHO25GVNZEUEDO5IS5AAPOM&issuer=Amazon";

/// The symbol's modules with a `border`-module quiet zone, one pixel per module.
fn modules(code: &QrCode, border: u32) -> GrayImage {
    let n = code.width() as u32;
    let colors = code.to_colors();
    GrayImage::from_fn(n + 2 * border, n + 2 * border, |x, y| {
        let inside = (border..n + border).contains(&x) && (border..n + border).contains(&y);
        let dark =
            inside && colors[((y - border) * n + (x - border)) as usize] == qrcode::Color::Dark;
        Luma([if dark { 0 } else { 255 }])
    })
}

/// `code` scaled to `module_px` pixels per module with `filter`, as a browser shows an image
/// at a non-integer size.
fn rendered(code: &QrCode, module_px: f64, filter: FilterType) -> GrayImage {
    let small = modules(code, 4);
    let side = (f64::from(small.width()) * module_px).round() as u32;
    imageops::resize(&small, side, side, filter)
}

fn fill(page: &mut GrayImage, (x, y, w, h): (u32, u32, u32, u32), value: u8) {
    for py in y..(y + h).min(page.height()) {
        for px in x..(x + w).min(page.width()) {
            page.put_pixel(px, py, Luma([value]));
        }
    }
}

/// A line of text-like strokes: glyphs of two or three bars, words of 2-9 glyphs.
fn text_line(page: &mut GrayImage, (x, y): (u32, u32), width: u32, size: u32, ink: u8) {
    let mut seed = x * 31 + y * 17;
    let mut next = move |n: u32| {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        (seed >> 16) % n
    };
    let mut cx = x;
    while cx < x + width {
        for _ in 0..2 + next(8) {
            let glyph = size / 2 + next(size / 3 + 1);
            fill(page, (cx, y + next(size / 4 + 1), 2, size), ink);
            fill(page, (cx + glyph - 2, y + size / 3, 2, size * 2 / 3), ink);
            if next(2) == 0 {
                fill(page, (cx, y + size / 2, glyph, 2), ink);
            }
            cx += glyph + 2;
        }
        cx += size / 2;
    }
}

fn paste(page: &mut GrayImage, picture: &GrayImage, (x, y): (u32, u32)) {
    imageops::replace(page, picture, i64::from(x), i64::from(y));
}

/// A 1920×1080 "add an authenticator app" page in the style of the corpus screenshots.
fn enrollment_page(account: &GrayImage) -> GrayImage {
    let mut page = GrayImage::from_pixel(1920, 1080, Luma([255]));
    fill(&mut page, (0, 0, 1920, 70), 225); // browser chrome
    fill(&mut page, (110, 42, 1700, 26), 245); // address bar
    text_line(&mut page, (130, 48), 300, 12, 90);
    fill(&mut page, (0, 74, 1920, 56), 40); // site header
    text_line(&mut page, (24, 90), 90, 18, 250);
    for (i, x) in [1640u32, 1730, 1820].into_iter().enumerate() {
        text_line(&mut page, (x, 96), 60 + 10 * i as u32, 12, 250);
    }
    fill(&mut page, (0, 130, 200, 950), 243); // sidebar
    for row in 0..7 {
        text_line(&mut page, (20, 155 + 36 * row), 110, 12, 80);
    }
    text_line(&mut page, (224, 162), 340, 22, 30); // title
    for row in 0..3 {
        text_line(&mut page, (224, 205 + 21 * row), 740, 13, 95);
    }
    text_line(&mut page, (224, 282), 250, 14, 30);
    text_line(&mut page, (224, 308), 270, 14, 30);

    let app = QrCode::with_error_correction_level(APP_LINK, EcLevel::M).expect("app code");
    paste(
        &mut page,
        &rendered(&app, 4.56, FilterType::CatmullRom),
        (230, 350),
    );
    text_line(&mut page, (248, 570), 70, 11, 90);

    // The account code in a card with a thin grey frame, as enrollment pages show it.
    let (cx, cy) = (520, 358);
    let side = account.width();
    fill(&mut page, (cx - 4, cy - 4, side + 8, side + 8), 205);
    fill(&mut page, (cx - 3, cy - 3, side + 6, side + 6), 255);
    paste(&mut page, account, (cx, cy));
    text_line(&mut page, (cx, cy + side + 10), 120, 11, 90);

    text_line(&mut page, (224, 600), 300, 14, 30);
    fill(&mut page, (224, 616, 220, 38), 200);
    fill(&mut page, (225, 617, 218, 36), 255);
    text_line(&mut page, (236, 628), 70, 13, 110);
    fill(&mut page, (224, 670, 230, 36), 60); // a green button, in grey
    text_line(&mut page, (240, 682), 190, 13, 250);
    text_line(&mut page, (224, 745), 740, 11, 95);
    page
}

fn account_code(module_px: f64, filter: FilterType) -> GrayImage {
    let code = QrCode::with_version(ACCOUNT, Version::Normal(10), EcLevel::M).expect("account");
    rendered(&code, module_px, filter)
}

fn png(page: &GrayImage) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    page.write_to(&mut out, image::ImageFormat::Png)
        .expect("encodes");
    out.into_inner()
}

#[test]
fn the_small_account_code_beside_an_app_link_is_read_too() {
    for module_px in [3.3, 3.1, 3.6] {
        for filter in [FilterType::Triangle, FilterType::CatmullRom] {
            let page = enrollment_page(&account_code(module_px, filter));
            let got = qr::decode_bytes(&png(&page)).expect("a PNG");
            assert_eq!(
                got,
                vec![APP_LINK.to_owned(), ACCOUNT.to_owned()],
                "{module_px} px per module, {filter:?}"
            );
        }
    }
}

#[test]
fn the_account_code_alone_on_the_page_is_read() {
    let mut page = enrollment_page(&account_code(3.3, FilterType::Triangle));
    // Paper over the app link: only the account code remains.
    fill(&mut page, (225, 345, 280, 280), 255);
    let got = qr::decode_bytes(&png(&page)).expect("a PNG");
    assert_eq!(got, vec![ACCOUNT.to_owned()]);
}
