//! Clock correction: at start and every hour (when enabled) the clock check asks the SNTP
//! servers ([`crate::timesync`]); an offset above a few seconds moves the clock codes are
//! computed with and shows a banner. Offline, the last known offset (saved with its time) is kept
//! for [`timesync::KEEP_OFFLINE_SECS`] and said quietly; failures are logged once, never shown.
//! Owns [`ClockStatus`]; the thread that asks is the runtime's `clock_check`.

use super::Effects;
use crate::gui::model::Model;
use crate::gui::model::settings::{ClockSyncSettings, SavedOffset};
use crate::gui::support::i18n::{Arg, Tr};
use crate::timesync::{self, Correction, Estimate};

/// What the window knows about the clock. A correction of more than
/// [`timesync::CONFIRM_ABOVE_SECS`] is never applied silently: it waits as [`Self::Proposed`]
/// until the user confirms it (servers can be wrong, or spoofed on the local network).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockStatus {
    Unknown,
    /// Measured this session.
    Checked {
        correction_secs: i64,
    },
    /// No server answered; the saved offset is in use.
    Offline(SavedOffset),
    /// Servers agree on a correction too large to apply without asking; codes are not moved.
    Proposed {
        correction_secs: i64,
        at_unix_secs: u64,
    },
}

impl ClockStatus {
    pub fn correction_secs(self) -> i64 {
        match self {
            ClockStatus::Unknown | ClockStatus::Proposed { .. } => 0,
            ClockStatus::Checked { correction_secs } => correction_secs,
            ClockStatus::Offline(saved) => saved.correction_secs,
        }
    }

    /// The banner sentence when codes are corrected.
    pub fn banner(self, tr: &Tr) -> Option<String> {
        let secs = self.correction_secs();
        let key = match secs {
            0 => return None,
            s if s < 0 => "clock-fast",
            _ => "clock-slow",
        };
        Some(tr.with(key, &[("seconds", Arg::Number(secs.saturating_abs()))]))
    }

    /// The question when servers propose a large correction: how far off, which way.
    pub fn proposal(self, tr: &Tr) -> Option<String> {
        let ClockStatus::Proposed {
            correction_secs, ..
        } = self
        else {
            return None;
        };
        let key = if correction_secs < 0 {
            "clock-proposed-fast"
        } else {
            "clock-proposed-slow"
        };
        let amount = amount_of(correction_secs.unsigned_abs(), tr);
        Some(tr.with(key, &[("amount", Arg::Text(&amount))]))
    }

    /// The quiet note when offline: "clock last checked 3 h ago".
    pub fn note(self, now_unix_secs: u64, tr: &Tr) -> Option<String> {
        let ClockStatus::Offline(saved) = self else {
            return None;
        };
        let age_secs = now_unix_secs.saturating_sub(saved.checked_unix_secs);
        let (key, n) = if age_secs < 3600 {
            ("clock-checked-mins", age_secs / 60)
        } else {
            ("clock-checked-hours", age_secs / 3600)
        };
        let n = i64::try_from(n).unwrap_or(i64::MAX);
        Some(tr.with(key, &[("count", Arg::Number(n))]))
    }
}

/// The saved offset, if still fresh, before the first check of this session.
pub fn initial_status(model: &Model) -> ClockStatus {
    let sync = &model.settings.clock_sync;
    let now = model.base_clock.unix_secs();
    match sync.last {
        Some(saved)
            if sync.enabled
                && now.saturating_sub(saved.checked_unix_secs) < timesync::KEEP_OFFLINE_SECS =>
        {
            ClockStatus::Offline(saved)
        }
        _ => ClockStatus::Unknown,
    }
}

/// The servers the check should ask, or `None` while checking is off.
pub fn servers(model: &Model) -> Option<Vec<String>> {
    let sync = &model.settings.clock_sync;
    sync.enabled.then(|| sync.servers.clone())
}

/// Moves the clock codes are computed with by the known correction.
pub fn apply_correction(model: &mut Model, status: ClockStatus) {
    let secs = if model.settings.clock_sync.enabled {
        status.correction_secs()
    } else {
        0
    };
    model.clock = model.base_clock.with_offset(secs);
}

/// "2 h 5 min", "12 min", "40 s".
fn amount_of(secs: u64, tr: &Tr) -> String {
    let number = |n: u64| Arg::Number(i64::try_from(n).unwrap_or(i64::MAX));
    match (secs / 3600, secs % 3600 / 60) {
        (0, 0) => tr.with("amount-secs", &[("s", number(secs))]),
        (0, m) => tr.with("amount-mins", &[("m", number(m))]),
        (h, m) => tr.with("amount-hours", &[("h", number(h)), ("m", number(m))]),
    }
}

pub fn on_checked(
    model: &mut Model,
    status: &mut ClockStatus,
    fx: &mut Effects,
    result: Result<Estimate, usize>,
    at_unix_secs: u64,
) {
    if !model.settings.clock_sync.enabled {
        return;
    }
    match result {
        Ok(estimate) => {
            if let Correction::Confirm(correction_secs) = estimate.correction() {
                tracing::warn!(correction_secs, "large clock correction proposed; asking");
                // A correction confirmed before is not asked again for the same offset.
                let known = model.settings.clock_sync.last.map(|l| l.correction_secs);
                let agreed_before = known.is_some_and(|k| k.abs_diff(correction_secs) <= 2);
                if !agreed_before {
                    *status = ClockStatus::Proposed {
                        correction_secs,
                        at_unix_secs,
                    };
                    return apply_correction(model, *status);
                }
            }
            let correction_secs = match estimate.correction() {
                Correction::Apply(secs) | Correction::Confirm(secs) => secs,
                Correction::None => 0,
            };
            tracing::info!(
                offset_secs = estimate.offset_secs,
                servers = estimate.servers,
                correction_secs,
                "clock checked"
            );
            *status = ClockStatus::Checked { correction_secs };
            model.settings.clock_sync.last = Some(SavedOffset {
                correction_secs,
                checked_unix_secs: at_unix_secs,
            });
            fx.save_settings();
        }
        Err(failed) => {
            let fresh = model.settings.clock_sync.last.filter(|saved| {
                at_unix_secs.saturating_sub(saved.checked_unix_secs) < timesync::KEEP_OFFLINE_SECS
            });
            if matches!(status, ClockStatus::Checked { .. }) || fresh.is_none() {
                tracing::debug!(failed, "clock check failed; keeping what is known");
            }
            *status = fresh.map_or(ClockStatus::Unknown, ClockStatus::Offline);
        }
    }
    apply_correction(model, *status);
}

pub fn set_enabled(model: &mut Model, status: &mut ClockStatus, fx: &mut Effects, on: bool) {
    model.settings.clock_sync.enabled = on;
    if !on {
        *status = ClockStatus::Unknown;
    }
    apply_correction(model, *status);
    fx.clock_servers(servers(model));
    fx.save_settings();
}

/// The user's answer to a proposed correction.
pub fn confirm(model: &mut Model, status: &mut ClockStatus, fx: &mut Effects, apply: bool) {
    let ClockStatus::Proposed {
        correction_secs,
        at_unix_secs,
    } = *status
    else {
        return;
    };
    if apply {
        tracing::info!(correction_secs, "large clock correction confirmed");
        *status = ClockStatus::Checked { correction_secs };
        model.settings.clock_sync.last = Some(SavedOffset {
            correction_secs,
            checked_unix_secs: at_unix_secs,
        });
        fx.save_settings();
    } else {
        tracing::info!(correction_secs, "large clock correction declined");
        *status = ClockStatus::Unknown;
    }
    apply_correction(model, *status);
}

/// Takes the servers typed in Settings ("host" gets port 123; empty restores the defaults).
pub fn apply_servers(model: &mut Model, fx: &mut Effects) {
    let typed: Vec<String> = model
        .view
        .drafts
        .servers
        .split([',', ' ', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            if s.contains(':') {
                s.to_owned()
            } else {
                format!("{s}:123")
            }
        })
        .collect();
    model.settings.clock_sync.servers = if typed.is_empty() {
        ClockSyncSettings::default().servers
    } else {
        typed
    };
    model.view.drafts.servers = model.settings.clock_sync.servers.join(", ");
    fx.clock_servers(servers(model));
    fx.save_settings();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gui::support::i18n::Language;

    #[test]
    fn banner_and_offline_note_read_as_sentences() {
        let tr = Tr::new(Language::English);
        let fast = ClockStatus::Checked {
            correction_secs: -47,
        };
        assert_eq!(
            fast.banner(&tr).unwrap(),
            "This computer's clock is 47 s fast — codes are corrected."
        );
        assert_eq!(ClockStatus::Unknown.banner(&tr), None);
        let offline = ClockStatus::Offline(SavedOffset {
            correction_secs: 12,
            checked_unix_secs: 1_000,
        });
        assert_eq!(
            offline.note(1_000 + 3 * 3600 + 5, &tr).unwrap(),
            "Clock last checked 3 h ago"
        );
    }
}
