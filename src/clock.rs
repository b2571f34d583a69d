//! The only place that reads the clock. Everything else takes `unix_secs` as a parameter, so
//! tests and `--at` are exact.

use std::time::{SystemTime, UNIX_EPOCH};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    System,
    /// A frozen time (tests, screenshots, `--at`).
    Fixed(u64),
    /// The system time plus a correction in seconds (the clock-sync offset; see
    /// [`crate::timesync`]).
    Corrected(i64),
}

impl Clock {
    /// This clock moved by `secs` (positive: later). A corrected system clock keeps following
    /// the system time; a fixed one moves once.
    #[must_use]
    pub fn with_offset(self, secs: i64) -> Clock {
        match self {
            Clock::System | Clock::Corrected(_) if secs == 0 => Clock::System,
            Clock::System | Clock::Corrected(_) => Clock::Corrected(secs),
            Clock::Fixed(at) => Clock::Fixed(at.saturating_add_signed(secs)),
        }
    }

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
            Clock::Corrected(secs) => Clock::System
                .unix_millis()
                .saturating_add_signed(secs.saturating_mul(1000)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Clock;

    #[test]
    fn offsets_move_fixed_and_system_clocks() {
        assert_eq!(Clock::Fixed(1000).with_offset(-47), Clock::Fixed(953));
        assert_eq!(Clock::System.with_offset(0), Clock::System);
        assert_eq!(Clock::System.with_offset(5), Clock::Corrected(5));
        let ahead = Clock::Corrected(3600).unix_secs();
        let now = Clock::System.unix_secs();
        assert!((3599..=3601).contains(&(ahead - now)));
    }
}
