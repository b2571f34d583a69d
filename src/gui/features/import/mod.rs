//! How the import panel joins the app: the buttons' actions, Ctrl+V and dropped files anywhere
//! in the window, decode results landing in the panel, and the vault's answer after Confirm
//! (the first new account selected, its code shown large).

use eframe::egui;

use super::action::ImportSource;
use super::app::{App, Dialog, SecretState};
use super::i18n::Arg;
use super::import_panel::{ImportAction, ImportPanel, same_account};
use super::import_panel_jobs::{DecodeJob, FileInput, has_uri};
use super::worker::Job;
use crate::import::Found;
use crate::otp::{Entry, Secret};
use crate::store::AccountId;
use crate::vault::{AddOutcome, Vault};

/// What the vault did with the confirmed accounts.
#[derive(Default)]
pub struct Imported {
    pub added: Vec<(AccountId, Secret)>,
    pub duplicates: usize,
    pub failed: Vec<String>,
}

impl App {
    pub(super) fn open_import(&mut self, source: ImportSource) {
        let action = match source {
            ImportSource::PasteScreenshot => ImportAction::Paste,
            ImportSource::OpenImage => ImportAction::OpenFiles,
            ImportSource::ScanScreen => ImportAction::ScanScreen,
        };
        self.import_action(action);
    }

    pub(super) fn import_action(&mut self, action: ImportAction) {
        match action {
            ImportAction::Paste => self.start_import(DecodeJob::Clipboard),
            ImportAction::OpenFiles => {
                let title = self.tr.get("import-dialog-title");
                self.start_import(DecodeJob::PickFiles { title });
            }
            ImportAction::ScanScreen => self.start_import(DecodeJob::Screen),
            ImportAction::Toggle(index) => {
                if let Some(c) = self
                    .import_panel()
                    .and_then(|p| p.candidates.get_mut(index))
                {
                    c.selected = !c.selected;
                }
            }
            ImportAction::SubmitPassword => {
                let Some(prompt) = self.import_panel().and_then(|p| p.prompts.pop_front()) else {
                    return;
                };
                let files = vec![prompt.file];
                let password = Some(prompt.password);
                self.start_import(DecodeJob::Files { files, password });
            }
            ImportAction::SkipPassword => {
                if let Some(panel) = self.import_panel() {
                    panel.prompts.pop_front();
                }
            }
            ImportAction::Confirm => self.confirm_import(),
        }
    }

    fn import_panel(&mut self) -> Option<&mut ImportPanel> {
        match &mut self.view.dialog {
            Some(Dialog::Import(panel)) => Some(panel),
            _ => None,
        }
    }

    /// Opens the panel if needed and starts `job` for it.
    fn start_import(&mut self, job: DecodeJob) {
        if self.import_panel().is_none() {
            let generation = self.import_generation.wrapping_add(1);
            self.import_generation = generation;
            self.view.dialog = Some(Dialog::Import(Box::new(ImportPanel::new(generation))));
        }
        let Some(panel) = self.import_panel() else {
            return;
        };
        panel.started();
        let generation = panel.generation;
        self.importer.start(generation, job);
    }

    fn confirm_import(&mut self) {
        let Some(Dialog::Import(panel)) = self.view.dialog.take() else {
            return;
        };
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
        let now_unix_secs = self.clock.unix_secs();
        self.worker.send(Job::AddImported {
            items,
            now_unix_secs,
        });
    }

    /// A stored account with the same issuer, name and secret (as far as secrets are loaded;
    /// the vault still refuses duplicates it finds later).
    fn is_known(&self, entry: &Entry) -> bool {
        self.accounts().iter().any(|a| {
            let Some(SecretState::Present(secret)) = self.secrets.get(&a.id) else {
                return false;
            };
            let stored = Entry {
                issuer: a.issuer.clone(),
                name: a.name.clone(),
                params: a.params,
                secret: secret.clone(),
            };
            same_account(&stored, entry)
        })
    }

    /// Once a frame, before the widgets: decode results, pastes and drops, the drop hint.
    pub(super) fn import_frame_ui(&mut self, ctx: &egui::Context) {
        while let Some(decoded) = self.importer.try_recv() {
            let outcomes = decoded.outcomes;
            let Some(Dialog::Import(mut panel)) = self.view.dialog.take() else {
                continue;
            };
            if panel.generation == decoded.generation {
                panel.absorb(outcomes, |entry| self.is_known(entry));
            }
            self.view.dialog = Some(Dialog::Import(panel));
        }
        let free = match &self.view.dialog {
            None | Some(Dialog::Import(_)) => ctx.memory(|m| m.focused().is_none()),
            Some(_) => false,
        };
        let jobs = if free { read_input(ctx) } else { Vec::new() };
        for job in jobs {
            self.start_import(job);
        }
        super::import_panel_ui::drop_hint_ui(ctx, &self.tr);
    }

    pub(super) fn on_imported(&mut self, imported: Imported) {
        for failure in &imported.failed {
            tracing::warn!(%failure, "adding an imported account failed");
        }
        let added = imported.added.len();
        let first = imported.added.first().map(|(id, _)| id.clone());
        for (id, secret) in imported.added {
            self.secrets.insert(id, SecretState::Present(secret));
        }
        let text = self.tr.with(
            "import-added",
            &[
                (
                    "count",
                    Arg::Number(i64::try_from(added).unwrap_or(i64::MAX)),
                ),
                (
                    "duplicates",
                    Arg::Number(i64::try_from(imported.duplicates).unwrap_or(0)),
                ),
                (
                    "failed",
                    Arg::Number(i64::try_from(imported.failed.len()).unwrap_or(0)),
                ),
            ],
        );
        self.toast(text, false);
        if let Some(id) = first {
            self.view.selected = Some(id.clone());
            self.view.scroll_to_selected = true;
            // The next step on the website is typing this code: show it large.
            self.view.dialog = Some(Dialog::Added(id));
        }
    }
}

/// Ctrl+V (egui's text or image paste, or the bare key where no platform clipboard reads it)
/// and dropped files become decode jobs.
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
                        // Text alongside an image (browsers put both): read the image.
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

/// The worker's side of Confirm: adds everything in one write, then the groups and pins the
/// other apps kept.
pub fn add_imported(
    vault: &mut Vault,
    items: Vec<Found>,
    now_unix_secs: u64,
) -> Result<Imported, String> {
    let extras: Vec<(Option<String>, bool, Secret)> = items
        .iter()
        .map(|f| (f.group.clone(), f.pinned, f.entry.secret.clone()))
        .collect();
    let entries = items.into_iter().map(|f| f.entry).collect();
    let report = vault
        .add_all(entries, now_unix_secs)
        .map_err(|e| e.to_string())?;
    let mut imported = Imported::default();
    for (outcome, (group, pinned, secret)) in report.outcomes.into_iter().zip(extras) {
        match outcome {
            Ok(AddOutcome::Added(id)) => {
                if group.is_some() || pinned {
                    vault
                        .update(&id, |a| {
                            a.group = group.unwrap_or_default();
                            a.pinned = pinned;
                        })
                        .map_err(|e| e.to_string())?;
                }
                imported.added.push((id, secret));
            }
            Ok(AddOutcome::Duplicate(_)) => imported.duplicates += 1,
            Err(e) => imported.failed.push(e.to_string()),
        }
    }
    Ok(imported)
}
