//! The QR pipeline must survive any bytes (truncated, huge, malformed images).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = otp_desk::qr::decode_bytes(data);
});
