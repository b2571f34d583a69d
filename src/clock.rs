//! The only place that reads the clock. Everything else takes `unix_secs` as a parameter, so
//! tests and `--at` are exact.

use std::time::{SystemTime, UNIX_EPOCH};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    System,
    /// A frozen time (tests, screenshots, `--at`).
    Fixed(u64),
}

impl Clock {
    pub fn unix_secs(self) -> u64 {
        self.unix_millis() / 1000
    }

    pub fn unix_millis(self) -> u64 {
        match self {
            Clock::System => SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
                // A clock before 1970 is broken; 0 makes codes obviously wrong rather than crash.
                .unwrap_or(0),
            Clock::Fixed(secs) => secs.saturating_mul(1000),
        }
    }
}
