//! Where copied codes go. The window talks to a [`ClipboardSink`]: the system clipboard (arboard,
//! on its own thread, because X11 needs a living owner and clipboard calls can stall), or a
//! recording sink in tests. Every copy is marked for clipboard history, cloud clipboard and
//! managers to skip ([`crate::clipboard::copy_sensitive`]); clearing happens only if the
//! clipboard still holds our code — after the delay, or at once when the window quits.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use zeroize::Zeroizing;

/// Receives codes to copy; never blocks the caller.
pub trait ClipboardSink {
    /// Copies `text`; clears it after `clear_after` if it is still there.
    fn copy(&mut self, text: &str, clear_after: Option<Duration>);
    /// A failure since the last call, as one sentence.
    fn take_error(&mut self) -> Option<String>;
    /// The window is quitting: clears a code still waiting for its delay, before returning.
    fn clear_pending(&mut self);
}

enum Command {
    Copy(Zeroizing<String>, Option<Duration>),
    /// Clear what is pending now, then answer.
    ClearNow(std::sync::mpsc::Sender<()>),
}

/// How long quitting waits for the clipboard thread to clear a pending code.
const CLEAR_ON_QUIT_WAIT: Duration = Duration::from_millis(500);

/// The OS clipboard, served from a background thread that lives as long as the window.
pub struct SystemClipboard {
    commands: Sender<Command>,
    errors: Receiver<String>,
}

impl SystemClipboard {
    /// `wake` is called after a failure so the window shows it.
    pub fn start(wake: impl Fn() + Send + 'static) -> Self {
        let (commands, command_rx) = mpsc::channel();
        let (error_tx, errors) = mpsc::channel();
        super::tasks::start_service("clipboard", move || {
            serve(&command_rx, &|message: String| {
                let _ = error_tx.send(message);
                wake();
            });
        });
        Self { commands, errors }
    }
}

impl ClipboardSink for SystemClipboard {
    fn copy(&mut self, text: &str, clear_after: Option<Duration>) {
        let _ = self
            .commands
            .send(Command::Copy(Zeroizing::new(text.to_owned()), clear_after));
    }

    fn take_error(&mut self) -> Option<String> {
        self.errors.try_recv().ok()
    }

    fn clear_pending(&mut self) {
        let (done, wait) = mpsc::channel();
        if self.commands.send(Command::ClearNow(done)).is_ok() {
            let _ = wait.recv_timeout(CLEAR_ON_QUIT_WAIT);
        }
    }
}

fn serve(commands: &Receiver<Command>, report: &dyn Fn(String)) {
    let mut clipboard: Option<arboard::Clipboard> = None;
    // The code we put there and when to clear it.
    let mut pending: Option<(Zeroizing<String>, Instant)> = None;
    loop {
        let received = match &pending {
            Some((_, at)) => commands.recv_timeout(at.saturating_duration_since(Instant::now())),
            None => commands.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        match received {
            Ok(Command::Copy(text, clear_after)) => {
                let board = match clipboard.take().map_or_else(arboard::Clipboard::new, Ok) {
                    Ok(board) => clipboard.insert(board),
                    Err(e) => {
                        report(e.to_string());
                        continue;
                    }
                };
                if let Err(e) = crate::clipboard::copy_sensitive(board, text.as_str()) {
                    report(e.to_string());
                    continue;
                }
                pending = clear_after.map(|after| (text, Instant::now() + after));
            }
            Ok(Command::ClearNow(done)) => {
                if let (Some((text, _)), Some(board)) = (pending.take(), clipboard.as_mut()) {
                    crate::clipboard::clear_if_unchanged(board, &text);
                }
                let _ = done.send(());
            }
            Err(RecvTimeoutError::Timeout) => {
                if let (Some((text, _)), Some(board)) = (pending.take(), clipboard.as_mut()) {
                    crate::clipboard::clear_if_unchanged(board, &text);
                }
            }
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

/// One copy: the text and when it is to be cleared.
type Copied = (String, Option<Duration>);

/// A sink for tests: remembers every copy and its clear delay.
#[derive(Clone, Default)]
pub struct RecordingClipboard {
    log: Arc<Mutex<Vec<Copied>>>,
    /// How often the window asked to clear what was pending (it quits).
    clears: Arc<Mutex<usize>>,
}

impl RecordingClipboard {
    pub fn new() -> Self {
        Self::default()
    }

    /// Everything copied so far, oldest first.
    pub fn copied(&self) -> Vec<String> {
        self.log
            .lock()
            .map(|log| log.iter().map(|(t, _)| t.clone()).collect())
            .unwrap_or_default()
    }

    pub fn clears_on_quit(&self) -> usize {
        self.clears.lock().map(|c| *c).unwrap_or_default()
    }

    pub fn last_clear_after(&self) -> Option<Duration> {
        self.log
            .lock()
            .ok()
            .and_then(|log| log.last().and_then(|(_, d)| *d))
    }
}

impl ClipboardSink for RecordingClipboard {
    fn copy(&mut self, text: &str, clear_after: Option<Duration>) {
        if let Ok(mut log) = self.log.lock() {
            log.push((text.to_owned(), clear_after));
        }
    }

    fn take_error(&mut self) -> Option<String> {
        None
    }

    fn clear_pending(&mut self) {
        if let Ok(mut clears) = self.clears.lock() {
            *clears += 1;
        }
    }
}
