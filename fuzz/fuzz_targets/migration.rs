//! otpauth-migration:// decoding must never panic; decoded entries re-encode and decode again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use otp_desk::migration;

fuzz_target!(|data: &[u8]| {
    // Fuzz the payload bytes directly (most interesting) and the raw text form.
    let uri = format!("otpauth-migration://offline?data={}", base64_standard(data));
    if let Ok(batch) = migration::decode(&uri) {
        let representable: Vec<_> = batch
            .entries
            .into_iter()
            .filter(migration::representable)
            .collect();
        for part in migration::encode(&representable, 10) {
            migration::decode(&part).expect("an encoded batch decodes");
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = migration::decode(text);
    }
});

fn base64_standard(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out.replace('+', "%2B").replace('/', "%2F")
}
