//! The Export dialog's work, run as a background task: the native save dialog, scrypt and
//! AES-GCM for the encrypted backup (rendered by [`ExportFormat::render`]), QR codes for the
//! phone, and the private file write. [`run`] turns an [`ExportJob`] into an [`ExportDone`]. In
//! tests the file name comes from a [`SaveTarget`] that needs no dialog. Nothing here touches
//! the vault or draws.

use std::path::PathBuf;

use eframe::egui;
use zeroize::Zeroizing;

use crate::export::{self, ExportFormat, Item};
use crate::gui::support::errors;
use crate::gui::support::message::Message;

/// Where an export is written. Called off the UI thread, so it may block.
pub trait SaveTarget: Send + Sync {
    /// The file to write, or `None` when the user cancelled.
    fn choose(&self, title: &str, file_name: &str) -> Option<PathBuf>;
}

/// The system's "save as" dialog (rfd; the desktop portal on Linux).
pub struct NativeSaveDialog;

impl SaveTarget for NativeSaveDialog {
    fn choose(&self, title: &str, file_name: &str) -> Option<PathBuf> {
        let dialog = rfd::AsyncFileDialog::new()
            .set_title(title)
            .set_file_name(file_name)
            .save_file();
        crate::gui::features::import::pick::block_on(dialog).map(|h| h.path().to_path_buf())
    }
}

/// Always the same file (tests, scripted runs).
pub struct FixedSaveTarget(pub PathBuf);

impl SaveTarget for FixedSaveTarget {
    fn choose(&self, _title: &str, _file_name: &str) -> Option<PathBuf> {
        Some(self.0.clone())
    }
}

pub enum ExportJob {
    Write {
        format: ExportFormat,
        items: Vec<Item>,
        password: Option<Zeroizing<String>>,
        /// The save dialog's title, in the user's language.
        title: String,
    },
    Phone(Vec<Item>),
}

/// The phone codes, as PNG files and as pixels to draw.
pub struct PhoneImages {
    pub pngs: Vec<Vec<u8>>,
    pub images: Vec<egui::ColorImage>,
}

pub enum ExportDone {
    Written {
        path: PathBuf,
        count: usize,
    },
    Cancelled,
    /// What went wrong, in no language yet.
    Failed(Message),
    Phone(PhoneImages),
}

/// What `job` did; may block (the save dialog, the key derivation, the write).
pub fn run(job: ExportJob, target: &dyn SaveTarget) -> ExportDone {
    match job {
        ExportJob::Write {
            format,
            items,
            password,
            title,
        } => {
            let Some(path) = target.choose(&title, format.file_name()) else {
                return ExportDone::Cancelled;
            };
            match format.render(&items, password.as_deref().map(String::as_str)) {
                Ok(bytes) => match crate::store::private_file::write_private(&path, &bytes) {
                    Ok(()) => ExportDone::Written {
                        path,
                        count: items.len(),
                    },
                    Err(e) => ExportDone::Failed(
                        Message::new("err-file-write")
                            .text("path", path.display().to_string())
                            .with("reason", errors::io(&e)),
                    ),
                },
                Err(e) => ExportDone::Failed(errors::export(&e)),
            }
        }
        ExportJob::Phone(items) => match phone_images(&items) {
            Ok(images) => ExportDone::Phone(images),
            Err(message) => ExportDone::Failed(message),
        },
    }
}

fn phone_images(items: &[Item]) -> Result<PhoneImages, Message> {
    let (pngs, _skipped) = export::migration_qr_pngs(items).map_err(|e| errors::export(&e))?;
    let images = pngs
        .iter()
        .map(|png| {
            let rgba = image::load_from_memory(png)
                .map_err(|e| {
                    tracing::warn!(error = %e, "a QR image could not be read back");
                    Message::new("err-export-image")
                })?
                .to_rgba8();
            let size = [rgba.width() as usize, rgba.height() as usize];
            Ok(egui::ColorImage::from_rgba_unmultiplied(
                size,
                rgba.as_raw(),
            ))
        })
        .collect::<Result<Vec<_>, Message>>()?;
    Ok(PhoneImages { pngs, images })
}
