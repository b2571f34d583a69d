//! Every importer, reached through content detection, must survive any bytes, with and without
//! a password.
#![no_main]

use libfuzzer_sys::fuzz_target;
use otp_desk::import;

fuzz_target!(|data: &[u8]| {
    // Skip images here: the qr target covers them (and they are slow).
    let image_magic: [&[u8]; 5] = [b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"RIFF"];
    if image_magic.iter().any(|m| data.starts_with(m)) {
        return;
    }
    let _ = import::import_bytes(data, "fuzz-input", None);
    let _ = import::import_bytes(data, "fuzz-input", Some("test"));
});
