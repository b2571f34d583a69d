//! The native "open files" dialog (rfd; the desktop portal on Linux), waited for on an import
//! thread. rfd's async dialog is used because macOS only shows dialogs from the main thread and
//! the async variant hands the work there; a minimal parking executor waits for it here.

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

/// The files the user chose, or `None` when the dialog was cancelled (or could not open:
/// rfd does not tell the two apart).
pub fn pick_files(title: &str) -> Option<Vec<PathBuf>> {
    let dialog = rfd::AsyncFileDialog::new().set_title(title).pick_files();
    let handles = block_on(dialog)?;
    Some(
        handles
            .into_iter()
            .map(|h| h.path().to_path_buf())
            .collect(),
    )
}

struct Unpark(std::thread::Thread);

impl Wake for Unpark {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }
}

pub fn block_on<F: Future>(future: F) -> F::Output {
    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut context = Context::from_waker(&waker);
    let mut future = std::pin::pin!(future);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
        std::thread::park();
    }
}
