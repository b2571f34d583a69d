//! Clock correction in the window: at start and every hour (when enabled) a background thread
//! asks the SNTP servers ([`crate::timesync`]); an offset above a few seconds moves the app's
//! clock and shows a banner. Offline, the last known offset (saved with its time) is kept for
//! [`timesync::KEEP_OFFLINE_SECS`] and said quietly; failures are logged once, never shown.

use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::app::App;
use super::i18n::{Arg, Tr};
use super::safety::SafetyEvent;
use crate::clock::Clock;
use crate::timesync::{self, Estimate};

const EVERY: Duration = Duration::from_secs(60 * 60);
const TIMEOUT: Duration = Duration::from_secs(2);

/// The last good correction and when it was measured (system time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedOffset {
    pub correction_secs: i64,
    pub checked_unix_secs: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClockSyncSettings {
    pub enabled: bool,
    /// `host:port` of each SNTP server.
    pub servers: Vec<String>,
    pub last: Option<SavedOffset>,
}

impl Default for ClockSyncSettings {
    fn default() -> Self {
        Self {
            enabled: true,
            servers: timesync::DEFAULT_SERVERS.map(String::from).to_vec(),
            last: None,
        }
    }
}

/// What the window knows about the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockStatus {
    Unknown,
    /// Measured this session.
    Checked {
        correction_secs: i64,
    },
    /// No server answered; the saved offset is in use.
    Offline(SavedOffset),
}

impl ClockStatus {
    pub fn correction_secs(self) -> i64 {
        match self {
            ClockStatus::Unknown => 0,
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

/// The background thread; `servers` is `None` while syncing is off.
pub struct Syncer {
    servers: Arc<Mutex<Option<Vec<String>>>>,
    thread: JoinHandle<()>,
}

impl Syncer {
    fn spawn(servers: Option<Vec<String>>, report: impl Fn(SafetyEvent) + Send + 'static) -> Self {
        let servers = Arc::new(Mutex::new(servers));
        let shared = Arc::clone(&servers);
        let thread = thread::spawn(move || {
            loop {
                let current = shared.lock().map(|s| s.clone()).unwrap_or_default();
                if let Some(list) = current {
                    let result = timesync::estimate(&list, TIMEOUT).map_err(|errors| {
                        tracing::debug!(?errors, "no time server answered");
                        errors.len()
                    });
                    report(SafetyEvent::ClockChecked {
                        result,
                        at_unix_secs: Clock::System.unix_secs(),
                    });
                }
                // Woken early when the settings change.
                thread::park_timeout(EVERY);
            }
        });
        Self { servers, thread }
    }

    fn set(&self, servers: Option<Vec<String>>) {
        if let Ok(mut current) = self.servers.lock() {
            *current = servers;
        }
        self.thread.thread().unpark();
    }
}

impl App {
    /// Applies a saved offset that is still fresh, then (in the app) starts the thread.
    pub(super) fn start_clock_sync(&mut self) {
        let sync = self.settings.clock_sync.clone();
        let now = self.safety.base_clock.unix_secs();
        if sync.enabled
            && let Some(saved) = sync.last
            && now.saturating_sub(saved.checked_unix_secs) < timesync::KEEP_OFFLINE_SECS
        {
            self.safety.clock = ClockStatus::Offline(saved);
        }
        self.apply_clock_correction();
        if self.safety.background {
            let (tx, ctx) = (self.safety.tx.clone(), self.ctx.clone());
            let servers = sync.enabled.then(|| sync.servers.clone());
            self.safety.syncer = Some(Syncer::spawn(servers, move |event| {
                let _ = tx.send(event);
                ctx.request_repaint();
            }));
        }
    }

    pub(super) fn apply_clock_correction(&mut self) {
        let secs = if self.settings.clock_sync.enabled {
            self.safety.clock.correction_secs()
        } else {
            0
        };
        self.clock = self.safety.base_clock.with_offset(secs);
    }

    pub(super) fn on_clock_checked(&mut self, result: Result<Estimate, usize>, at_unix_secs: u64) {
        if !self.settings.clock_sync.enabled {
            return;
        }
        match result {
            Ok(estimate) => {
                let correction_secs = estimate.correction_secs();
                tracing::info!(
                    offset_secs = estimate.offset_secs,
                    servers = estimate.servers,
                    correction_secs,
                    "clock checked"
                );
                self.safety.clock = ClockStatus::Checked { correction_secs };
                self.settings.clock_sync.last = Some(SavedOffset {
                    correction_secs,
                    checked_unix_secs: at_unix_secs,
                });
                self.save_settings();
            }
            Err(failed) => {
                let fresh = self.settings.clock_sync.last.filter(|saved| {
                    at_unix_secs.saturating_sub(saved.checked_unix_secs)
                        < timesync::KEEP_OFFLINE_SECS
                });
                if matches!(self.safety.clock, ClockStatus::Checked { .. }) || fresh.is_none() {
                    tracing::debug!(failed, "clock check failed; keeping what is known");
                }
                self.safety.clock = fresh.map_or(ClockStatus::Unknown, ClockStatus::Offline);
            }
        }
        self.apply_clock_correction();
    }

    pub(super) fn set_clock_sync(&mut self, on: bool) {
        self.settings.clock_sync.enabled = on;
        if !on {
            self.safety.clock = ClockStatus::Unknown;
        }
        self.apply_clock_correction();
        self.update_syncer();
        self.save_settings();
    }

    pub(super) fn apply_servers(&mut self) {
        let servers: Vec<String> = self
            .safety
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
        self.settings.clock_sync.servers = if servers.is_empty() {
            ClockSyncSettings::default().servers
        } else {
            servers
        };
        self.safety.drafts.servers = self.settings.clock_sync.servers.join(", ");
        self.update_syncer();
        self.save_settings();
    }

    fn update_syncer(&self) {
        if let Some(syncer) = &self.safety.syncer {
            let sync = &self.settings.clock_sync;
            syncer.set(sync.enabled.then(|| sync.servers.clone()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gui::i18n::Language;

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
