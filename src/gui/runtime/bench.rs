//! Frame counting for `scripts/window-bench.sh` (with `OTP_DESK_BENCH` set): when the window
//! started and how many frames it has drawn, printed to standard error so the script can say
//! what an idle window costs per frame. Knows no feature.

use std::time::Instant;

pub struct Bench {
    pub started: Instant,
    pub frames: u64,
}
