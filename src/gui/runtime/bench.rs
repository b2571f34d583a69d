//! Frame counting for `scripts/window-bench.sh` (with `OTP_DESK_BENCH` set): when the window
//! started and how many frames it has drawn, printed to standard error so the script can say
//! what an idle window costs per frame, and the scale it draws at. Knows no feature.

use std::time::Instant;

pub struct Bench {
    started: Instant,
    frames: u64,
    pixels_per_point: f32,
}

impl Bench {
    /// Counting starts when `OTP_DESK_BENCH` is set.
    pub fn from_env() -> Option<Self> {
        std::env::var_os("OTP_DESK_BENCH").map(|_| Self {
            started: Instant::now(),
            frames: 0,
            pixels_per_point: 0.0,
        })
    }

    /// One frame was drawn at `pixels_per_point` (the display's scale): says when the first
    /// was and each new scale (the high-DPI test reads it), and counts every frame.
    pub fn frame_drawn(&mut self, pixels_per_point: f32) {
        if (pixels_per_point - self.pixels_per_point).abs() > f32::EPSILON {
            self.pixels_per_point = pixels_per_point;
            eprintln!("otp-desk-bench pixels_per_point={pixels_per_point}");
        }
        self.frames += 1;
        if self.frames == 1 {
            let unix_ms = crate::clock::Clock::System.unix_millis();
            let since_ms = self.started.elapsed().as_millis();
            eprintln!("otp-desk-bench first-frame unix_ms={unix_ms} since_app_new_ms={since_ms}");
        }
        eprintln!("otp-desk-bench frames={}", self.frames);
    }
}
