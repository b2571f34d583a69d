//! The Export dialog's work off the UI thread: the native save dialog, scrypt and AES-GCM for
//! the encrypted backup, QR codes for the phone, and the file write. The app starts an
//! [`ExportJob`]; an [`ExportDone`] comes back through a channel and wakes the window. In tests
//! (`background: false`) the same code runs inline, and the file name comes from a
//! [`SaveTarget`] that needs no dialog. Nothing here touches the vault or draws.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};

use eframe::egui;
use zeroize::Zeroizing;

use crate::export::{self, ExportFormat, Item};

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
        super::import_panel_pick::block_on(dialog).map(|h| h.path().to_path_buf())
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
    /// One sentence (the export module's or the file system's).
    Failed(String),
    Phone(PhoneImages),
}

/// Starts export jobs and collects their results.
pub struct Exporter {
    pub target: Arc<dyn SaveTarget>,
    background: bool,
    ctx: egui::Context,
    /// Results carry the dialog they were started for.
    tx: Sender<(u64, ExportDone)>,
    rx: Receiver<(u64, ExportDone)>,
    /// Counts the dialogs opened; a result for an earlier one only records a written file.
    pub generation: u64,
    /// The backup reminder was dismissed for this session.
    pub reminder_dismissed: bool,
}

impl Exporter {
    pub fn new(ctx: &egui::Context, background: bool) -> Self {
        let (tx, rx) = mpsc::channel();
        Self {
            target: Arc::new(NativeSaveDialog),
            background,
            ctx: ctx.clone(),
            tx,
            rx,
            generation: 0,
            reminder_dismissed: false,
        }
    }

    pub fn start(&self, job: ExportJob) {
        let (tx, target, generation) = (self.tx.clone(), self.target.clone(), self.generation);
        if !self.background {
            let _ = tx.send((generation, run(job, target.as_ref())));
            return;
        }
        let ctx = self.ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("export".into())
            .spawn(move || {
                let _ = tx.send((generation, run(job, target.as_ref())));
                ctx.request_repaint();
            });
        if let Err(e) = spawned {
            tracing::error!(error = %e, "could not start the export thread");
            let _ = self
                .tx
                .send((generation, ExportDone::Failed(e.to_string())));
        }
    }

    pub fn try_recv(&self) -> Option<(u64, ExportDone)> {
        self.rx.try_recv().ok()
    }
}

fn run(job: ExportJob, target: &dyn SaveTarget) -> ExportDone {
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
                    Err(e) => ExportDone::Failed(format!("{}: {e}", path.display())),
                },
                Err(e) => ExportDone::Failed(e.to_string()),
            }
        }
        ExportJob::Phone(items) => match phone_images(&items) {
            Ok(images) => ExportDone::Phone(images),
            Err(message) => ExportDone::Failed(message),
        },
    }
}

fn phone_images(items: &[Item]) -> Result<PhoneImages, String> {
    let (pngs, _skipped) = export::migration_qr_pngs(items).map_err(|e| e.to_string())?;
    let images = pngs
        .iter()
        .map(|png| {
            let rgba = image::load_from_memory(png)
                .map_err(|e| e.to_string())?
                .to_rgba8();
            let size = [rgba.width() as usize, rgba.height() as usize];
            Ok(egui::ColorImage::from_rgba_unmultiplied(
                size,
                rgba.as_raw(),
            ))
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(PhoneImages { pngs, images })
}
