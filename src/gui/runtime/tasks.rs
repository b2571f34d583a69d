//! [`Tasks`]: the window's one way to run work off the UI thread. A task is a closure that
//! returns a result; results come back through one channel and wake the window, in the order
//! they finish. In tests (`background: false`) the same closure runs at once on the caller's
//! thread, so a flow is exact. A panic inside a task (a decoder of foreign bytes) becomes the
//! task's `on_panic` value instead of a lost result. Knows no feature: the result type is the
//! caller's.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};

/// Wakes the window (egui's `request_repaint`) after a result arrives.
pub type Wake = Arc<dyn Fn() + Send + Sync>;

pub struct Tasks<T> {
    background: bool,
    wake: Wake,
    tx: Sender<T>,
    rx: Receiver<T>,
}

impl<T: Send + 'static> Tasks<T> {
    pub fn new(background: bool, wake: Wake) -> Self {
        let (tx, rx) = mpsc::channel();
        Self {
            background,
            wake,
            tx,
            rx,
        }
    }

    /// Whether tasks run on threads (the app) or inline (tests).
    pub fn background(&self) -> bool {
        self.background
    }

    /// Runs `work` on a named thread (or now, inline); a panic reports `on_panic()` instead.
    pub fn spawn(
        &self,
        name: &str,
        work: impl FnOnce() -> T + Send + 'static,
        on_panic: impl FnOnce() -> T + Send + 'static,
    ) {
        let reporter = self.reporter();
        let run = move || {
            let result = catch_unwind(AssertUnwindSafe(work)).unwrap_or_else(|_| {
                tracing::error!("a background task panicked");
                on_panic()
            });
            reporter.send(result);
        };
        if !self.background {
            return run();
        }
        if let Err(e) = std::thread::Builder::new().name(name.into()).spawn(run) {
            tracing::error!(error = %e, task = name, "could not start a background thread");
        }
    }

    /// A handle for long-running services (and tests) that report into the same channel.
    pub fn reporter(&self) -> Reporter<T> {
        Reporter {
            tx: self.tx.clone(),
            wake: Arc::clone(&self.wake),
        }
    }

    pub fn try_recv(&self) -> Option<T> {
        self.rx.try_recv().ok()
    }
}

/// Sends one result and wakes the window.
pub struct Reporter<T> {
    tx: Sender<T>,
    wake: Wake,
}

impl<T> Clone for Reporter<T> {
    fn clone(&self) -> Self {
        Self {
            tx: self.tx.clone(),
            wake: Arc::clone(&self.wake),
        }
    }
}

impl<T> Reporter<T> {
    pub fn send(&self, result: T) {
        if self.tx.send(result).is_ok() {
            (self.wake)();
        }
    }
}

/// Starts a long-running service thread (the vault worker, the clock check, the clipboard
/// owner). The only other place in the window that starts a thread.
pub fn start_service(name: &str, body: impl FnOnce() + Send + 'static) {
    if let Err(e) = std::thread::Builder::new().name(name.into()).spawn(body) {
        tracing::error!(error = %e, service = name, "could not start a background thread");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn counting_wake() -> (Wake, Arc<AtomicUsize>) {
        let count = Arc::new(AtomicUsize::new(0));
        let seen = Arc::clone(&count);
        (
            Arc::new(move || {
                seen.fetch_add(1, Ordering::SeqCst);
            }),
            count,
        )
    }

    #[test]
    fn inline_tasks_report_at_once_and_wake() {
        let (wake, woken) = counting_wake();
        let tasks = Tasks::new(false, wake);
        tasks.spawn("t", || 7, || 0);
        assert_eq!(tasks.try_recv(), Some(7));
        assert_eq!(woken.load(Ordering::SeqCst), 1);
        assert_eq!(tasks.try_recv(), None);
    }

    #[test]
    fn a_panicking_task_reports_its_fallback() {
        let (wake, _) = counting_wake();
        for background in [false, true] {
            let tasks = Tasks::new(background, Arc::clone(&wake));
            tasks.spawn("t", || -> i32 { panic!("decoder bug") }, || -1);
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
            let got = loop {
                if let Some(v) = tasks.try_recv() {
                    break Some(v);
                }
                if std::time::Instant::now() > deadline {
                    break None;
                }
                std::thread::sleep(std::time::Duration::from_millis(5));
            };
            assert_eq!(got, Some(-1), "background: {background}");
        }
    }
}
