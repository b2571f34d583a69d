//! Clock correction: a TOTP code is only as right as the clock. Queries a few SNTP servers and
//! trusts no single one: only servers at stratum 1–15 count, at least [`MIN_AGREEING`] of them
//! must agree within [`AGREE_SECS`] (their median is the offset), and a correction larger than
//! [`CONFIRM_ABOVE_SECS`] is only proposed ([`Correction::Confirm`]), never applied silently —
//! a lying or hijacked server must not be able to move codes by hours. Keeps nothing and knows
//! nothing of the UI: the app adds [`Estimate::correction_secs`] to the system time, asks the
//! user about [`Correction::Confirm`], and keeps the last good estimate for a while offline.

mod sntp;

use std::time::Duration;

pub use sntp::{Sample, SntpError, parse_reply, query, request, to_ntp};

/// The servers asked by default (configurable in the settings): two that answer in mainland
/// China and two elsewhere, so that two can agree wherever the desk is.
pub const DEFAULT_SERVERS: [&str; 4] = [
    "ntp.aliyun.com:123",
    "ntp.tencent.com:123",
    "time.windows.com:123",
    "pool.ntp.org:123",
];

/// Offsets smaller than this are left alone: codes last 30 s and servers accept ±1 step.
pub const CORRECT_ABOVE_SECS: f64 = 3.0;

/// Larger corrections wait for the user's confirmation (a wrong date, or a lying server).
pub const CONFIRM_ABOVE_SECS: f64 = 10.0 * 60.0;

/// Servers that must agree before the clock is corrected.
pub const MIN_AGREEING: usize = 2;

/// How far apart two servers may be and still agree.
pub const AGREE_SECS: f64 = 2.0;

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

/// What to do with an [`Estimate`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Correction {
    /// The clock is right (within [`CORRECT_ABOVE_SECS`]).
    None,
    /// Add these seconds to the system time when computing codes.
    Apply(i64),
    /// More than [`CONFIRM_ABOVE_SECS`]: ask the user before applying these seconds.
    Confirm(i64),
}

impl Estimate {
    pub fn correction(&self) -> Correction {
        let offset = self.offset_secs;
        if !offset.is_finite() || offset.abs() < CORRECT_ABOVE_SECS {
            return Correction::None;
        }
        // Offsets from NTP timestamps are far inside the i64 range; round to the nearest second.
        #[allow(clippy::cast_possible_truncation)]
        let secs = offset.round() as i64;
        if offset.abs() > CONFIRM_ABOVE_SECS {
            Correction::Confirm(secs)
        } else {
            Correction::Apply(secs)
        }
    }

    /// Whole seconds to add to the system time without asking: 0 when close enough, and 0
    /// while a large correction waits for confirmation (see [`Estimate::correction`]).
    pub fn correction_secs(&self) -> i64 {
        match self.correction() {
            Correction::Apply(secs) => secs,
            Correction::None | Correction::Confirm(_) => 0,
        }
    }
}

/// Asks every server (in parallel threads) and combines the answers. `Err` holds one message
/// per server that failed, plus [`SntpError::NoAgreement`] when those that answered do not
/// make an estimate.
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
    combine(&samples).map_err(|disagreement| {
        if !samples.is_empty() {
            errors.push(disagreement);
        }
        errors
    })
}

/// The estimate of the largest group of samples (stratum 1–15) whose offsets lie within
/// [`AGREE_SECS`] of each other: their median. The group needs [`MIN_AGREEING`] members and
/// must be the only largest one (two groups of two that disagree make no estimate).
pub fn combine(samples: &[Sample]) -> Result<Estimate, SntpError> {
    let mut offsets: Vec<f64> = samples
        .iter()
        .filter(|s| (1..=15).contains(&s.stratum) && s.offset_secs.is_finite())
        .map(|s| s.offset_secs)
        .collect();
    offsets.sort_by(f64::total_cmp);
    let no_agreement = SntpError::NoAgreement {
        answers: samples.len(),
        agree_secs: AGREE_SECS,
    };
    // For each start, the longest run of sorted offsets within AGREE_SECS of it.
    let groups: Vec<&[f64]> = (0..offsets.len())
        .map(|start| {
            let end = offsets[start..]
                .iter()
                .take_while(|o| **o - offsets[start] <= AGREE_SECS)
                .count();
            &offsets[start..start + end]
        })
        .collect();
    let largest = groups.iter().map(|g| g.len()).max().unwrap_or(0);
    let Some(group) = groups.iter().find(|g| g.len() == largest) else {
        return Err(no_agreement);
    };
    let rival = groups
        .iter()
        .any(|g| g.len() == largest && !overlaps(g, group));
    if group.len() < MIN_AGREEING || rival {
        return Err(no_agreement);
    }
    Ok(Estimate {
        offset_secs: median(group),
        servers: group.len(),
    })
}

/// Whether two groups share a sample (sliding windows of one cluster overlap; rival clusters
/// do not).
fn overlaps(a: &[f64], b: &[f64]) -> bool {
    match (a.first(), a.last(), b.first(), b.last()) {
        (Some(a0), Some(a1), Some(b0), Some(b1)) => a0 <= b1 && b0 <= a1,
        _ => false,
    }
}

fn median(sorted: &[f64]) -> f64 {
    let mid = sorted.len() / 2;
    if sorted.len().is_multiple_of(2) {
        f64::midpoint(sorted[mid - 1], sorted[mid])
    } else {
        sorted[mid]
    }
}

/// A user-facing sentence about the clock, or `None` when it is right.
pub fn describe(estimate: &Estimate) -> Option<String> {
    match estimate.correction() {
        Correction::None => None,
        Correction::Apply(s) if s < 0 => Some(format!(
            "This computer's clock is {} s fast — codes are corrected.",
            -s
        )),
        Correction::Apply(s) => Some(format!(
            "This computer's clock is {s} s slow — codes are corrected."
        )),
        Correction::Confirm(s) => Some(format!(
            "This computer's clock is {} {} — correct codes by that much?",
            duration_words(s.unsigned_abs()),
            if s < 0 { "fast" } else { "slow" }
        )),
    }
}

/// 7500 → "2 h 5 min"; 90061 → "1 d 1 h 1 min".
fn duration_words(secs: u64) -> String {
    let (days, hours, mins) = (secs / 86_400, secs / 3600 % 24, secs / 60 % 60);
    let parts: Vec<String> = [(days, "d"), (hours, "h"), (mins, "min")]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, unit)| format!("{n} {unit}"))
        .collect();
    parts.join(" ")
}

#[cfg(test)]
mod tests;
