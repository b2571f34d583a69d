//! Importing: the panel's buttons, Ctrl+V and dropped files anywhere in the window, decodes run
//! as background tasks ([`decode`]), their results landing in the panel (the model's
//! [`ImportPanel`]), and the vault's answer after Confirm (the first new account selected, its
//! code shown large). Owns [`ImportState`]; drawn by [`panel_ui`].
//! Must not depend on `app.rs`; starts no thread (work goes out as effects).

pub mod decode;
pub mod panel_ui;
pub mod pick;
pub mod source;

use std::sync::Arc;

use eframe::egui;

use super::{Done, Effects};
use crate::gui::command::{ImportAction, ImportSource};
use crate::gui::model::Model;
use crate::gui::model::import_found::{Failure, FileInput, Outcome};
use crate::gui::model::import_panel::ImportPanel;
use crate::gui::model::mirror::SecretState;
use crate::gui::model::view::{Dialog, RekeyDraft};
use crate::gui::runtime::worker::Job;
use crate::gui::support::i18n::Arg;
use crate::import::{Cancel, Found};
use crate::store::AccountId;
use crate::vault::Imported;
use decode::{DecodeJob, has_uri};
use source::ImageSource;

pub struct ImportState {
    /// Where pasted images come from: the system clipboard, or pixels in tests.
    pub source: Arc<dyn ImageSource>,
    /// Counts the panels opened; results for a closed panel are dropped.
    generation: u64,
    /// Stops the decodes of the open panel (Stop, closing the panel, a new panel).
    cancel: Cancel,
}

impl ImportState {
    pub fn new(source: Arc<dyn ImageSource>) -> Self {
        Self {
            source,
            generation: 0,
            cancel: Cancel::new(),
        }
    }
}

pub fn open(imp: &mut ImportState, model: &mut Model, fx: &mut Effects, source: ImportSource) {
    let action = match source {
        ImportSource::PasteScreenshot => ImportAction::Paste,
        ImportSource::OpenImage => ImportAction::OpenFiles,
        ImportSource::ScanScreen => ImportAction::ScanScreen,
    };
    update(imp, model, fx, &action);
}

pub fn update(imp: &mut ImportState, model: &mut Model, fx: &mut Effects, action: &ImportAction) {
    match action {
        ImportAction::Paste => start(imp, model, fx, DecodeJob::Clipboard),
        ImportAction::OpenFiles => {
            let title = model.tr.get("import-dialog-title");
            start(imp, model, fx, DecodeJob::PickFiles { title });
        }
        ImportAction::ScanScreen => start(imp, model, fx, DecodeJob::Screen),
        ImportAction::Toggle(index) => {
            if let Some(c) = panel(model).and_then(|p| p.candidates.get_mut(*index)) {
                c.selected = !c.selected;
            }
        }
        ImportAction::SubmitPassword => {
            let Some(prompt) = panel(model).and_then(|p| p.prompts.pop_front()) else {
                return;
            };
            let files = vec![prompt.file];
            let password = Some(prompt.password);
            start(imp, model, fx, DecodeJob::Files { files, password });
        }
        ImportAction::SkipPassword => {
            if let Some(panel) = panel(model) {
                panel.prompts.pop_front();
            }
        }
        ImportAction::Cancel => {
            stop(imp);
            if let Some(panel) = panel(model) {
                panel.generation = imp.generation;
                panel.pending = 0;
            }
        }
        ImportAction::Confirm => confirm(model, fx),
    }
}

/// Stops what is still being read: the running decodes end at their next check, and their
/// results (a new generation) are dropped on arrival.
pub fn stop(imp: &mut ImportState) {
    imp.cancel.cancel();
    imp.cancel = Cancel::new();
    imp.generation = imp.generation.wrapping_add(1);
}

fn panel(model: &mut Model) -> Option<&mut ImportPanel> {
    match &mut model.view.dialog {
        Some(Dialog::Import(panel)) => Some(panel),
        _ => None,
    }
}

fn start(imp: &mut ImportState, model: &mut Model, fx: &mut Effects, job: DecodeJob) {
    if panel(model).is_none() {
        stop(imp);
        let fresh = ImportPanel::new(imp.generation);
        model.view.dialog = Some(Dialog::Import(Box::new(fresh)));
    }
    let Some(panel) = panel(model) else {
        return;
    };
    panel.started();
    let generation = panel.generation;
    let (source, cancel) = (Arc::clone(&imp.source), imp.cancel.clone());
    fx.task(
        "import",
        move || Done::Decoded {
            generation,
            outcomes: decode::decode(job, source.as_ref(), &cancel),
        },
        // Decoders of foreign bytes are isolated; a panic becomes a message, not a hang.
        move || Done::Decoded {
            generation,
            outcomes: vec![Outcome::Failed(Failure::Internal)],
        },
    );
}

/// A decode finished; it lands only in the panel it was started for.
pub fn on_decoded(model: &mut Model, generation: u64, outcomes: Vec<Outcome>) {
    let Some(Dialog::Import(mut panel)) = model.view.dialog.take() else {
        return;
    };
    if panel.generation == generation {
        panel.absorb(outcomes, |entry| model.vault.holds(entry));
    }
    model.view.dialog = Some(Dialog::Import(panel));
}

/// Opens the panel to read the new QR code of `account` (a re-enrolment).
pub fn open_for_rekey(imp: &mut ImportState, model: &mut Model, account: AccountId) {
    stop(imp);
    let mut panel = ImportPanel::new(imp.generation);
    panel.rekey = Some(account);
    model.view.dialog = Some(Dialog::Import(Box::new(panel)));
}

fn confirm(model: &mut Model, fx: &mut Effects) {
    let Some(Dialog::Import(panel)) = model.view.dialog.take() else {
        return;
    };
    if let Some(account) = panel.rekey.clone() {
        // The one code read is the account's new key: back to the Re-enrol dialog with it.
        let entry = panel
            .candidates
            .into_iter()
            .find(|c| c.selected)
            .map(|c| c.entry);
        let mut draft = RekeyDraft::new(account);
        draft.entry = entry;
        model.view.dialog = Some(Dialog::Rekey(Box::new(draft)));
        return;
    }
    let items: Vec<Found> = panel
        .candidates
        .into_iter()
        .filter(|c| c.selected)
        .map(|c| Found {
            source: String::new(),
            entry: c.entry,
            group: c.group,
            pinned: c.pinned,
        })
        .collect();
    if items.is_empty() {
        return;
    }
    fx.vault(Job::AddImported {
        items,
        now_unix_secs: model.clock.unix_secs(),
    });
}

/// Ctrl+V and dropped files anywhere in the window (when no text field has the focus), and the
/// drop hint while files hover.
/// Ctrl+V and dropped files. `refused`: the translation key of why changes are not allowed now
/// (read-only, or a member at a desk), so pastes and drops pass the same gate as every action.
pub fn frame_ui(
    imp: &mut ImportState,
    model: &mut Model,
    fx: &mut Effects,
    ctx: &egui::Context,
    refused: Option<&str>,
) {
    let free = match &model.view.dialog {
        None | Some(Dialog::Import(_)) => ctx.memory(|m| m.focused().is_none()),
        Some(_) => false,
    };
    let jobs = if free { read_input(ctx) } else { Vec::new() };
    if let (Some(key), false) = (refused, jobs.is_empty()) {
        return model.toast_key(key);
    }
    for job in jobs {
        start(imp, model, fx, job);
    }
    panel_ui::drop_hint_ui(ctx, &model.tr);
}

/// The vault added what was confirmed.
pub fn on_imported(model: &mut Model, imported: Imported) {
    for failure in &imported.failed {
        tracing::warn!(%failure, "adding an imported account failed");
    }
    let count = |n: usize| Arg::Number(i64::try_from(n).unwrap_or(i64::MAX));
    let text = model.tr.with(
        "import-added",
        &[
            ("count", count(imported.added.len())),
            ("duplicates", count(imported.duplicates)),
            ("failed", count(imported.failed.len())),
        ],
    );
    let first = imported.added.first().map(|(id, _)| id.clone());
    for (id, secret) in imported.added {
        model.vault.secrets.insert(id, SecretState::Present(secret));
    }
    model.toast(text, false);
    if let Some(id) = first {
        model.view.select_and_reveal(&id);
        model.view.dialog = Some(Dialog::Added(id));
    }
}

fn read_input(ctx: &egui::Context) -> Vec<DecodeJob> {
    ctx.input_mut(|i| {
        let mut jobs = Vec::new();
        let mut pasted = false;
        for event in &i.events {
            match event {
                egui::Event::Paste(text) if !pasted => {
                    pasted = true;
                    jobs.push(if has_uri(text) {
                        DecodeJob::Text(text.clone())
                    } else {
                        DecodeJob::Clipboard
                    });
                }
                egui::Event::PasteImage(image) if !pasted => {
                    pasted = true;
                    let rgba = image.pixels.iter().flat_map(|c| c.to_array()).collect();
                    jobs.push(DecodeJob::Pixels {
                        width: image.size[0],
                        height: image.size[1],
                        rgba,
                    });
                }
                _ => {}
            }
        }
        if !pasted && i.consume_key(egui::Modifiers::COMMAND, egui::Key::V) {
            jobs.push(DecodeJob::Clipboard);
        }
        let files: Vec<FileInput> = std::mem::take(&mut i.raw.dropped_files)
            .iter()
            .map(|f| FileInput::from_path(f.path().to_path_buf()))
            .collect();
        if !files.is_empty() {
            jobs.push(DecodeJob::Files {
                files,
                password: None,
            });
        }
        jobs
    })
}
