//! Clock correction: a TOTP code is only as right as the clock. Queries a few SNTP servers,
//! estimates the offset robustly (the median of the servers with the shortest delays), and
//! keeps the last good estimate for a while when offline. Knows nothing of the UI; the app
//! adds [`Estimate::offset_secs`] to the system time when the offset is large enough to matter.

mod sntp;

use std::time::Duration;

pub use sntp::{Sample, SntpError, parse_reply, query, request, to_ntp};

/// The servers asked by default (configurable in the settings).
pub const DEFAULT_SERVERS: [&str; 3] = [
    "ntp.aliyun.com:123",
    "time.windows.com:123",
    "pool.ntp.org:123",
];

/// Offsets smaller than this are left alone: codes last 30 s and servers accept ±1 step.
pub const CORRECT_ABOVE_SECS: f64 = 3.0;

/// How long a last known offset is trusted when no server answers.
pub const KEEP_OFFLINE_SECS: u64 = 24 * 60 * 60;

/// The result of one round of queries.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    /// Seconds to add to the system clock (positive: the system clock is slow).
    pub offset_secs: f64,
    /// How many servers agreed on it.
    pub servers: usize,
}

impl Estimate {
    /// Whole seconds to add to the system time when computing codes (0 when close enough).
    pub fn correction_secs(&self) -> i64 {
        if self.offset_secs.abs() < CORRECT_ABOVE_SECS {
            return 0;
        }
        // Offsets are bounded by the i64 range of seconds; round to the nearest second.
        #[allow(clippy::cast_possible_truncation)]
        let secs = self.offset_secs.round() as i64;
        secs
    }
}

/// Asks every server (in parallel threads) and combines the answers. `Err` holds one message
/// per server when none answered.
pub fn estimate(servers: &[String], timeout: Duration) -> Result<Estimate, Vec<SntpError>> {
    let handles: Vec<_> = servers
        .iter()
        .cloned()
        .map(|server| std::thread::spawn(move || query(&server, timeout)))
        .collect();
    let mut samples = Vec::new();
    let mut errors = Vec::new();
    for handle in handles {
        match handle.join() {
            Ok(Ok(sample)) => samples.push(sample),
            Ok(Err(error)) => errors.push(error),
            Err(_) => {}
        }
    }
    combine(&samples).ok_or(errors)
}

/// The median offset of the better half of the samples by delay (a slow path makes an offset
/// uncertain; the median ignores one server that lies).
pub fn combine(samples: &[Sample]) -> Option<Estimate> {
    if samples.is_empty() {
        return None;
    }
    let mut by_delay = samples.to_vec();
    by_delay.sort_by(|a, b| a.delay_secs.total_cmp(&b.delay_secs));
    by_delay.truncate(samples.len().div_ceil(2).max(samples.len().min(3)));
    let mut offsets: Vec<f64> = by_delay.iter().map(|s| s.offset_secs).collect();
    offsets.sort_by(f64::total_cmp);
    let mid = offsets.len() / 2;
    let median = if offsets.len().is_multiple_of(2) {
        f64::midpoint(offsets[mid - 1], offsets[mid])
    } else {
        offsets[mid]
    };
    Some(Estimate {
        offset_secs: median,
        servers: offsets.len(),
    })
}

/// A user-facing sentence about the clock, or `None` when it is right.
pub fn describe(estimate: &Estimate) -> Option<String> {
    let secs = estimate.correction_secs();
    match secs {
        0 => None,
        s if s < 0 => Some(format!(
            "This computer's clock is {} s fast — codes are corrected.",
            -s
        )),
        s => Some(format!(
            "This computer's clock is {s} s slow — codes are corrected."
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(offset_secs: f64, delay_secs: f64) -> Sample {
        Sample {
            offset_secs,
            delay_secs,
        }
    }

    #[test]
    fn the_median_ignores_one_liar() {
        let e = combine(&[
            sample(-47.1, 0.02),
            sample(-46.9, 0.03),
            sample(3600.0, 0.01),
        ])
        .unwrap();
        assert!((e.offset_secs + 46.9).abs() < 1e-9, "{e:?}");
        assert_eq!(e.correction_secs(), -47);
        assert_eq!(
            describe(&e).unwrap(),
            "This computer's clock is 47 s fast — codes are corrected."
        );
        assert!(combine(&[]).is_none());
    }

    #[test]
    fn small_offsets_are_left_alone() {
        let e = combine(&[sample(1.4, 0.01)]).unwrap();
        assert_eq!(e.correction_secs(), 0);
        assert_eq!(describe(&e), None);
    }
}
