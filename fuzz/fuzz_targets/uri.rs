//! otpauth:// parsing must never panic, and whatever it accepts must survive write → read.
#![no_main]

use libfuzzer_sys::fuzz_target;
use otp_desk::uri;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(entry) = uri::parse(text) {
        let written = uri::to_uri(&entry);
        let again = uri::parse(&written).expect("a written URI reads back");
        assert_eq!(again, entry, "{written}");
    }
});
