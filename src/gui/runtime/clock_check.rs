//! The clock check's service thread: at start and every hour it asks the SNTP servers
//! ([`crate::timesync`]) and reports the estimate (or how many servers failed) with the system
//! time it was taken at. Woken early when the servers change; idle while checking is off.
//! Knows no feature: what the window does with a result is the clock feature's business.

use std::sync::{Arc, Mutex};
use std::thread::Thread;
use std::time::Duration;

use crate::clock::Clock;
use crate::timesync::{self, Estimate};

const EVERY: Duration = Duration::from_secs(60 * 60);
const TIMEOUT: Duration = Duration::from_secs(2);

/// A handle on the running check; `servers` is `None` while checking is off.
pub struct ClockCheck {
    servers: Arc<Mutex<Option<Vec<String>>>>,
    thread: Arc<Mutex<Option<Thread>>>,
}

impl ClockCheck {
    pub fn start(
        servers: Option<Vec<String>>,
        report: impl Fn(Result<Estimate, usize>, u64) + Send + 'static,
    ) -> Self {
        let servers = Arc::new(Mutex::new(servers));
        let thread = Arc::new(Mutex::new(None));
        let (shared, me) = (Arc::clone(&servers), Arc::clone(&thread));
        super::tasks::start_service("clock-check", move || {
            if let Ok(mut slot) = me.lock() {
                *slot = Some(std::thread::current());
            }
            loop {
                let current = shared.lock().map(|s| s.clone()).unwrap_or_default();
                if let Some(list) = current {
                    let result = timesync::estimate(&list, TIMEOUT).map_err(|errors| {
                        tracing::debug!(?errors, "no time server answered");
                        errors.len()
                    });
                    report(result, Clock::System.unix_secs());
                }
                std::thread::park_timeout(EVERY);
            }
        });
        Self { servers, thread }
    }

    /// New servers (or `None`: off); checks again at once.
    pub fn set(&self, servers: Option<Vec<String>>) {
        if let Ok(mut current) = self.servers.lock() {
            *current = servers;
        }
        if let Ok(thread) = self.thread.lock()
            && let Some(thread) = thread.as_ref()
        {
            thread.unpark();
        }
    }
}
