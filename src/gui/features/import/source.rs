//! Where a paste comes from. The import panel asks an [`ImageSource`] for the clipboard's
//! content on a worker thread (clipboard reads can stall for seconds on X11): the system
//! clipboard through arboard in the app, fixed pixels or text in tests. Like
//! [`super::clipboard::ClipboardSink`], the app receives one in [`super::AppParts`].
//! Must not depend on `app.rs`; starts no thread (work goes out as effects).

use std::sync::Mutex;

/// What the clipboard held when it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pasted {
    /// RGBA pixels, 8 bits per channel, row-major.
    Image {
        width: usize,
        height: usize,
        rgba: Vec<u8>,
    },
    Text(String),
    Nothing,
    /// The clipboard could not be read, as one sentence.
    Failed(String),
}

/// Reads the clipboard. Called off the UI thread, so it may block.
pub trait ImageSource: Send + Sync {
    fn read(&self) -> Pasted;
}

/// The OS clipboard: an image if there is one, else text.
pub struct SystemImageSource;

impl ImageSource for SystemImageSource {
    fn read(&self) -> Pasted {
        let mut board = match arboard::Clipboard::new() {
            Ok(board) => board,
            Err(e) => return Pasted::Failed(e.to_string()),
        };
        if let Ok(image) = board.get_image() {
            return Pasted::Image {
                width: image.width,
                height: image.height,
                rgba: image.bytes.into_owned(),
            };
        }
        match board.get_text() {
            Ok(text) if !text.trim().is_empty() => Pasted::Text(text),
            Ok(_) | Err(arboard::Error::ContentNotAvailable) => Pasted::Nothing,
            Err(e) => Pasted::Failed(e.to_string()),
        }
    }
}

/// A clipboard that always holds the same thing (tests); [`StaticImageSource::set`] changes it.
#[derive(Default)]
pub struct StaticImageSource {
    content: Mutex<Option<Pasted>>,
}

impl StaticImageSource {
    pub fn new(content: Pasted) -> Self {
        Self {
            content: Mutex::new(Some(content)),
        }
    }

    pub fn set(&self, content: Pasted) {
        if let Ok(mut slot) = self.content.lock() {
            *slot = Some(content);
        }
    }
}

impl ImageSource for StaticImageSource {
    fn read(&self) -> Pasted {
        self.content
            .lock()
            .ok()
            .and_then(|c| c.clone())
            .unwrap_or(Pasted::Nothing)
    }
}
