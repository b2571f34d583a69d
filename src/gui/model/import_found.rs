//! What a decode found, as plain data: files to read, where an image came from, the parts of a
//! Google export, the accounts and problems found, and the one failure of a source. The import
//! feature produces these off the UI thread; the panel's state ([`super::import_panel`]) keeps
//! them until the user confirms.
//! State only: must not depend on features, the runtime or `app.rs`.

use std::path::PathBuf;

use crate::gui::support::message::Message;
use crate::import::Found;
use crate::platform::capture::CaptureError;
use crate::qr::QrError;

/// A file to import (from the dialog or a drop), and the name messages show.
#[derive(Clone)]
pub struct FileInput {
    pub name: String,
    pub path: PathBuf,
}

impl FileInput {
    pub fn from_path(path: PathBuf) -> Self {
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        Self { name, path }
    }
}

/// Where an image came from, so messages can name it in the user's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Clipboard,
    Screen,
    File(String),
}

/// One QR code of a Google Authenticator export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchPart {
    pub id: i32,
    pub index: i32,
    pub size: i32,
}

#[derive(Default)]
pub struct Findings {
    pub found: Vec<Found>,
    pub parts: Vec<BatchPart>,
    /// QR texts that are not authenticator codes (an app-store link, a website).
    /// QR texts and pasted lines that are not authenticator codes: web links as read, anything
    /// else `None` (it may be a bare key, so it is never shown).
    pub not_otp: Vec<Option<String>>,
    /// Entries that could not be used, "source: reason" (the importers' own sentences).
    pub problems: Vec<Message>,
    /// Images that were read but hold no QR code.
    pub without_codes: Vec<Origin>,
}

impl Findings {
    pub fn merge(&mut self, other: Findings) {
        self.found.extend(other.found);
        self.parts.extend(other.parts);
        self.not_otp.extend(other.not_otp);
        self.problems.extend(other.problems);
        self.without_codes.extend(other.without_codes);
    }
}

/// A source that gave nothing, said once.
#[derive(Debug)]
pub enum Failure {
    ClipboardEmpty,
    /// The clipboard could not be read (why is logged).
    Clipboard,
    Image(Origin, QrError),
    File {
        name: String,
        detail: Message,
    },
    FileUnknown(String),
    FileTooLarge(String),
    Capture(CaptureError),
    /// A decoder panicked; the panel says so instead of spinning forever.
    Internal,
}

pub enum Outcome {
    Findings(Findings),
    Password {
        file: FileInput,
        format: &'static str,
        wrong: bool,
    },
    Failed(Failure),
    Cancelled,
}

pub struct Decoded {
    /// The panel the job was started for; results for a closed panel are dropped.
    pub generation: u64,
    pub outcomes: Vec<Outcome>,
}
