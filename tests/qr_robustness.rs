//! Hostile and broken input never panics and always explains itself: garbage, truncated
//! files, empty and absurdly large images, inconsistent pixel buffers.

use std::io::Cursor;
use std::path::Path;

use otp_desk::qr::{self, QrError};

#[path = "../src/test_vectors.rs"]
mod test_vectors;

/// A third-party corpus image, or `None` when the corpus is absent (the test passes).
fn corpus_file(rel: &str) -> Option<Vec<u8>> {
    let path = test_vectors::third_party(&format!("qr-corpus/{rel}"))?;
    Some(std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

/// CRC-32 (ISO-HDLC polynomial), as PNG chunks require.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    let mut body = kind.to_vec();
    body.extend_from_slice(data);
    out.extend_from_slice(&body);
    out.extend_from_slice(&crc32(&body).to_be_bytes());
    out
}

/// A PNG signature and a valid IHDR (8-bit grayscale) claiming the given size, then an
/// IDAT holding an empty zlib stream and IEND: a well-formed file with almost no pixels.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(png_chunk(b"IHDR", &ihdr));
    png.extend(png_chunk(
        b"IDAT",
        &[0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    ));
    png.extend(png_chunk(b"IEND", &[]));
    png
}

fn encode_png(width: u32, height: u32) -> Vec<u8> {
    let img = image::GrayImage::from_pixel(width, height, image::Luma([255]));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .expect("encode");
    out.into_inner()
}

#[test]
fn crc32_matches_the_png_iend_constant() {
    assert_eq!(crc32(b"IEND"), 0xAE42_6082);
}

#[test]
fn garbage_bytes_are_not_an_image() {
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let err = qr::decode_bytes(&garbage).expect_err("garbage");
    assert!(matches!(err, QrError::NotAnImage { .. }), "{err:?}");
    assert!(err.to_string().contains("not an image"), "{err}");
    assert!(qr::decode_bytes(&[]).is_err());
}

#[test]
fn truncated_png_and_jpeg_say_so() {
    for rel in ["screens/scr003_base.png", "screens/scr060_jpeg.jpg"] {
        let Some(bytes) = corpus_file(rel) else {
            return;
        };
        for cut in [bytes.len() / 2, 200, 40] {
            match qr::decode_bytes(&bytes[..cut]) {
                Err(e) => assert!(!e.to_string().is_empty()),
                // A decoder may fill missing rows; a partial image is still no panic.
                Ok(codes) => assert!(codes.len() <= 1),
            }
        }
        let err = qr::decode_bytes(&bytes[..bytes.len() / 2]);
        if rel.ends_with(".png") {
            assert!(
                matches!(err, Err(QrError::Damaged { .. })),
                "{rel}: {err:?}"
            );
        }
    }
}

#[test]
fn zero_size_image_is_refused() {
    let err = qr::decode_bytes(&png_header(0, 0)).expect_err("zero size");
    assert!(!err.to_string().is_empty());
    assert!(matches!(
        qr::decode_rgba(0, 0, &[]),
        Err(QrError::Empty { .. })
    ));
}

#[test]
fn huge_png_header_is_refused_before_decoding() {
    let err = qr::decode_bytes(&png_header(20_000, 20_000)).expect_err("too large");
    assert!(
        matches!(
            err,
            QrError::TooLarge {
                width: 20_000,
                height: 20_000,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("20000×20000"), "{err}");
}

#[test]
fn header_only_png_is_damaged_not_a_panic() {
    let mut png = png_header(20_000, 20_000);
    png.truncate(33); // signature + IHDR, nothing after
    assert!(qr::decode_bytes(&png).is_err());
}

#[test]
fn real_overlong_image_is_refused() {
    let err = qr::decode_bytes(&encode_png(20_000, 4)).expect_err("too wide");
    assert!(
        matches!(
            err,
            QrError::TooLarge {
                width: 20_000,
                height: 4,
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn blank_image_has_no_codes() {
    assert_eq!(
        qr::decode_bytes(&encode_png(64, 48)).expect("readable"),
        Vec::<String>::new()
    );
    assert_eq!(
        qr::decode_rgba(2, 2, &[255; 16]).expect("readable"),
        Vec::<String>::new()
    );
}

#[test]
fn rgba_buffer_of_wrong_length_is_an_error() {
    let err = qr::decode_rgba(10, 10, &[0; 399]).expect_err("short buffer");
    assert!(
        matches!(err, QrError::PixelBufferMismatch { .. }),
        "{err:?}"
    );
    assert!(qr::decode_rgba(usize::MAX, usize::MAX, &[0; 4]).is_err());
}

#[test]
fn missing_file_error_names_the_file() {
    let err = qr::decode_file(Path::new("/nonexistent/photo.png")).expect_err("missing");
    assert!(err.to_string().contains("photo.png"), "{err}");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("notes.png");
    std::fs::write(&path, b"just text").expect("write");
    let err = qr::decode_file(&path).expect_err("not an image");
    assert_eq!(
        err.to_string(),
        "notes.png is not an image OTP Desk can read (PNG, JPEG, GIF, BMP, WebP)."
    );
}

#[test]
fn random_noise_pixels_never_panic() {
    let mut state = 0x1234_5678u32;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        state
    };
    for size in [1usize, 7, 33, 200] {
        let rgba: Vec<u8> = (0..size * size * 4).map(|_| next() as u8).collect();
        assert!(qr::decode_rgba(size, size, &rgba).is_ok());
    }
}
