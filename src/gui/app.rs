//! [`App`]: the three kinds of state (saved [`Settings`], transient [`View`], the vault's
//! accounts as the worker reports them), one frame's layout, and when to draw the next one.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use eframe::egui;

use super::action::{Action, Reveal};
use super::add_dialog::{self, AddDraft};
use super::clipboard::ClipboardSink;
use super::edit_dialog::{self, EditDraft};
use super::i18n::Tr;
use super::import_panel::ImportPanel;
use super::import_panel_jobs::Decoder;
use super::import_panel_source::ImageSource;
use super::row::{CodeView, RowView};
use super::safety::{Safety, SafetyDialog};
use super::sections::{self, Item};
use super::settings::Settings;
use super::worker::{Job, VaultSource, Worker};
use super::{chrome, keys, list, safety_ui, settings_ui};
use crate::clock::Clock;
use crate::otp::{Entry, OtpKind, Secret, code_at, seconds_left};
use crate::store::AccountId;
use crate::store::metadata::Account;

/// What the app knows about an account's secret.
pub enum SecretState {
    Loading,
    Present(Secret),
    Missing,
    Unavailable,
}

pub enum Dialog {
    Add(AddDraft),
    /// The account just added, its code large.
    Added(AccountId),
    Edit(EditDraft),
    Delete(AccountId),
    Reveal {
        id: AccountId,
        what: Reveal,
        confirmed: bool,
    },
    Settings,
    /// Paste, open, drop or scan QR codes and exports; confirm what was found.
    Import(Box<ImportPanel>),
    /// Password prompt, copy log.
    Safety(SafetyDialog),
    /// Encrypted backup, plain exports, codes for a phone.
    Export(Box<super::export_dialog::ExportDialog>),
}

pub struct Toast {
    pub text: String,
    pub until_unix_millis: u64,
    pub undo: bool,
}

/// A deleted account that can still come back.
pub struct Undo {
    pub account: Account,
    pub secret: Secret,
    pub index: usize,
    pub until_unix_millis: u64,
}

/// Transient UI state: nothing here is saved.
#[derive(Default)]
pub struct View {
    pub search: String,
    pub selected: Option<AccountId>,
    pub dialog: Option<Dialog>,
    pub toast: Option<Toast>,
    pub banner: Option<String>,
    pub undo: Option<Undo>,
    pub scroll_to_selected: bool,
    /// Copy the HOTP code of this account as soon as it arrives.
    pub copy_when_generated: Option<AccountId>,
}

/// How the app is put together; tests swap the vault, clock and clipboard.
pub struct AppParts {
    pub vault: VaultSource,
    pub clock: Clock,
    pub clipboard: Box<dyn ClipboardSink>,
    pub settings: Settings,
    /// Where settings are saved; `None` keeps them in memory (tests).
    pub settings_path: Option<PathBuf>,
    /// Run vault work on a background thread (the app) or inline (tests).
    pub background: bool,
    /// Where pasted images come from: the system clipboard, or pixels in tests.
    pub image_source: std::sync::Arc<dyn ImageSource>,
}

pub struct App {
    pub(super) clock: Clock,
    pub(super) tr: Tr,
    pub(super) settings: Settings,
    pub(super) settings_path: Option<PathBuf>,
    pub(super) worker: Worker,
    pub(super) clipboard: Box<dyn ClipboardSink>,
    pub(super) ctx: egui::Context,
    pub(super) accounts: Option<Vec<Account>>,
    pub(super) secrets: HashMap<AccountId, SecretState>,
    pub(super) hotp_codes: HashMap<AccountId, String>,
    pub(super) view: View,
    pub(super) items: Vec<Item>,
    pub(super) importer: Decoder,
    pub(super) import_generation: u64,
    pub(super) safety: Safety,
    pub(super) export: super::export_jobs::Exporter,
    pub(super) tray: super::tray_flow::TrayLink,
    bench_started: Option<std::time::Instant>,
    /// When the metadata file was last checked for changes made by other processes.
    last_refresh: std::time::Instant,
}

/// How often the window looks for accounts added or changed by CLI commands.
const REFRESH_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

impl App {
    pub fn new(ctx: &egui::Context, parts: AppParts) -> Self {
        super::fonts::install(ctx);
        let safety = Safety::new(&parts);
        let import_wake = ctx.clone();
        let importer = Decoder::new(parts.image_source.clone(), parts.background, move || {
            import_wake.request_repaint();
        });
        let wake_ctx = ctx.clone();
        let worker = if parts.background {
            Worker::spawn(parts.vault, move || wake_ctx.request_repaint())
        } else {
            Worker::inline(parts.vault)
        };
        let mut app = Self {
            clock: parts.clock,
            tr: Tr::new(parts.settings.language.resolve()),
            settings: parts.settings,
            settings_path: parts.settings_path,
            worker,
            clipboard: parts.clipboard,
            ctx: ctx.clone(),
            accounts: None,
            secrets: HashMap::new(),
            hotp_codes: HashMap::new(),
            view: View::default(),
            items: Vec::new(),
            importer,
            import_generation: 0,
            safety,
            export: super::export_jobs::Exporter::new(ctx, parts.background),
            tray: super::tray_flow::TrayLink::default(),
            bench_started: std::env::var_os("OTP_DESK_BENCH").map(|_| std::time::Instant::now()),
            last_refresh: std::time::Instant::now(),
        };
        app.apply_theme();
        app.drain_events();
        app.start_safety();
        app
    }

    /// The accounts as last reported by the vault (empty until it has opened).
    pub fn accounts(&self) -> &[Account] {
        self.accounts.as_deref().unwrap_or_default()
    }

    pub fn selected(&self) -> Option<&AccountId> {
        self.view.selected.as_ref()
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub(super) fn rebuild_items(&mut self) {
        self.items = sections::build(
            self.accounts(),
            &self.view.search,
            &self.settings.collapsed_groups,
        );
    }

    pub(super) fn entry(&self, id: &AccountId) -> Option<Entry> {
        let account = self.accounts().iter().find(|a| &a.id == id)?;
        let SecretState::Present(secret) = self.secrets.get(id)? else {
            return None;
        };
        Some(Entry {
            issuer: account.issuer.clone(),
            name: account.name.clone(),
            params: account.params,
            secret: secret.clone(),
        })
    }

    pub(super) fn code_view(&self, account: &Account, now: u64) -> CodeView {
        if let OtpKind::Hotp { .. } = account.params.kind() {
            return match self.secrets.get(&account.id) {
                Some(SecretState::Missing) => CodeView::Missing,
                _ => CodeView::Counter(self.hotp_codes.get(&account.id).cloned()),
            };
        }
        match self.secrets.get(&account.id) {
            Some(SecretState::Present(secret)) => {
                let left = seconds_left(&account.params, now).unwrap_or(0);
                CodeView::Timed {
                    code: code_at(&account.params, secret, now),
                    next: code_at(&account.params, secret, now + u64::from(left)),
                    seconds_left: left,
                    period_secs: account.params.kind().period_secs().unwrap_or(30),
                }
            }
            Some(SecretState::Missing) => CodeView::Missing,
            Some(SecretState::Unavailable) => CodeView::Unavailable,
            Some(SecretState::Loading) | None => CodeView::Loading,
        }
    }

    fn main_ui(&mut self, ui: &mut egui::Ui, now: u64) -> (Option<Action>, bool) {
        let Some(accounts) = self.accounts.as_ref() else {
            ui.centered_and_justified(|ui| ui.label(self.tr.get("loading")));
            return (None, false);
        };
        if accounts.is_empty() {
            return (chrome::empty_ui(ui, &self.tr), false);
        }
        if self.items.is_empty() {
            let text = self.tr.with(
                "no-matches",
                &[("query", super::i18n::Arg::Text(self.view.search.trim()))],
            );
            ui.add_space(24.0);
            ui.vertical_centered(|ui| ui.label(egui::RichText::new(text).weak()));
            return (None, false);
        }
        let scroll_to = if std::mem::take(&mut self.view.scroll_to_selected) {
            self.items.iter().position(|item| matches!(item, Item::Row(i) if Some(&accounts[*i].id) == self.view.selected.as_ref()))
        } else {
            None
        };
        let out = list::list_ui(ui, &self.items, &self.tr, scroll_to, |index| {
            let account = &accounts[index];
            RowView {
                account,
                code: self.code_view(account, now),
                selected: self.view.selected.as_ref() == Some(&account.id),
            }
        });
        (out.action, out.shows_countdown)
    }

    fn dialog_ui(&mut self, ctx: &egui::Context, now: u64) -> (Option<Action>, bool) {
        // Out of `self` while drawing, so the dialog can read the rest of the app.
        let Some(mut dialog) = self.view.dialog.take() else {
            return (None, false);
        };
        let tr = &self.tr;
        let mut ticking = false;
        let label_of = |id: &AccountId| {
            self.accounts
                .as_deref()
                .unwrap_or_default()
                .iter()
                .find(|a| &a.id == id)
                .map(Account::label)
                .unwrap_or_default()
        };
        let mut drafts = std::mem::take(&mut self.safety.drafts);
        let modal =
            egui::Modal::new(egui::Id::unique("otp-desk-dialog")).show(
                ctx,
                |ui| match &mut dialog {
                    Dialog::Add(draft) => add_dialog::add_dialog_ui(ui, draft, tr),
                    Dialog::Added(id) => {
                        let account = self
                            .accounts
                            .as_deref()
                            .unwrap_or_default()
                            .iter()
                            .find(|a| &a.id == id);
                        let (code, left) = match account.map(|a| self.code_view(a, now)) {
                            Some(CodeView::Timed {
                                code, seconds_left, ..
                            }) => (Some(code), Some(seconds_left)),
                            Some(CodeView::Counter(code)) => (code, None),
                            _ => (None, None),
                        };
                        ticking = left.is_some();
                        add_dialog::added_ui(ui, &label_of(id), code.as_deref(), left, tr)
                    }
                    Dialog::Edit(draft) => edit_dialog::edit_ui(ui, draft, tr),
                    Dialog::Delete(id) => edit_dialog::delete_ui(ui, id, &label_of(id), tr),
                    Dialog::Reveal {
                        id,
                        what,
                        confirmed,
                    } => {
                        let entry = self.entry(id);
                        edit_dialog::reveal_ui(ui, *what, *confirmed, entry.as_ref(), tr)
                    }
                    Dialog::Settings => settings_ui::settings_ui(ui, &self.settings, tr, |ui| {
                        safety_ui::settings_ui(ui, &self.settings, &mut drafts, tr)
                    }),
                    Dialog::Safety(d) => safety_ui::dialog_ui(ui, d, &self.safety, tr),
                    Dialog::Export(d) => super::export_ui::export_dialog_ui(ui, d, tr),
                    Dialog::Import(panel) => {
                        let (action, live) =
                            super::import_panel_ui::import_panel_ui(ui, panel, tr, now);
                        ticking |= live;
                        action
                    }
                },
            );
        self.safety.drafts = drafts;
        self.view.dialog = Some(dialog);
        let close = modal.should_close().then_some(Action::CloseDialog);
        (modal.inner.or(close), ticking)
    }

    /// Asks for the next frame only when something visible will change: the next whole second
    /// while a countdown shows, or when a toast or the undo offer ends. Nothing while minimised.
    fn schedule_repaint(&self, ctx: &egui::Context, ticking: bool) {
        if ctx.input(|i| i.viewport().minimized == Some(true)) {
            return;
        }
        let now_ms = self.clock.unix_millis();
        let mut next_ms: Option<u64> = ticking.then(|| 1000 - now_ms % 1000);
        for until in [
            self.view.toast.as_ref().map(|t| t.until_unix_millis),
            self.view.undo.as_ref().map(|u| u.until_unix_millis),
        ]
        .into_iter()
        .flatten()
        {
            let wait = until.saturating_sub(now_ms);
            next_ms = Some(next_ms.map_or(wait, |n| n.min(wait)));
        }
        if let Some(ms) = next_ms {
            // A few ms late, so the frame lands after the boundary, not just before it.
            ctx.request_repaint_after(Duration::from_millis(ms + 5));
        }
    }

    fn bench_first_frame(&mut self) {
        if let Some(started) = self.bench_started.take() {
            let unix_ms = Clock::System.unix_millis();
            eprintln!(
                "otp-desk-bench first-frame unix_ms={unix_ms} since_app_new_ms={}",
                started.elapsed().as_millis()
            );
        }
    }
}

impl eframe::App for App {
    /// Also runs while the window is hidden in the tray, so the tray can show it again.
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.drain_safety_events();
        self.tray_logic(ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.refresh_from_disk();
        self.drain_events();
        if self.safety_frame(ui) {
            return;
        }
        self.expire(self.clock.unix_millis());
        self.track_window(&ctx);
        let search_before = self.view.search.clone();
        self.import_frame_ui(&ctx);
        self.export_frame();
        let (shortcuts, typed) = keys::shortcuts(&ctx, self.view.dialog.is_some());
        let mut actions = shortcuts;
        if !typed.is_empty() {
            self.view.search.push_str(&typed);
            actions.push(Action::FocusSearch);
        }
        let now = self.clock.unix_secs();
        egui::Panel::top("header").show(ui, |ui| {
            ui.add_space(6.0);
            actions.extend(chrome::header_ui(ui, &mut self.view.search, &self.tr));
            actions.extend(safety_ui::header_ui(
                ui,
                &self.safety,
                &self.settings,
                &self.tr,
            ));
            if let Some(message) = &self.view.banner {
                actions.extend(chrome::banner_ui(ui, message, &self.tr));
            }
            if !self.export.reminder_dismissed
                && super::backup_reminder::reminder_due(&self.settings, self.accounts(), now)
            {
                actions.extend(super::backup_reminder::reminder_ui(ui, &self.tr));
            }
            ui.add_space(4.0);
        });
        if self.view.search != search_before {
            self.rebuild_items();
        }
        let mut ticking = false;
        egui::CentralPanel::default_margins().show(ui, |ui| {
            let (action, countdown) = self.main_ui(ui, now);
            actions.extend(action);
            ticking |= countdown;
        });
        let (action, dialog_ticking) = self.dialog_ui(&ctx, now);
        actions.extend(action);
        ticking |= dialog_ticking;
        if let Some(toast) = &self.view.toast {
            actions.extend(chrome::toast_ui(&ctx, &toast.text, toast.undo, &self.tr));
        }
        for action in actions {
            self.apply(action);
        }
        self.bench_first_frame();
        self.schedule_repaint(&ctx, ticking);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        // The window is closing; a short synchronous write is fine here.
        if let Some(path) = &self.settings_path
            && let Err(e) = super::settings::save(path, &self.settings)
        {
            tracing::warn!(error = %e, "saving settings on exit failed");
        }
    }
}

impl App {
    /// Piggybacks on frames that are drawn anyway (the countdown's once a second): no timer of
    /// its own, so a minimised window costs nothing.
    pub fn refresh_from_disk(&mut self) {
        if self.last_refresh.elapsed() >= REFRESH_EVERY {
            self.last_refresh = std::time::Instant::now();
            self.worker.send(Job::RefreshIfChanged);
        }
    }

    /// Asks for a check now (tests: a CLI command just changed the file).
    pub fn refresh_now(&mut self) {
        self.last_refresh = std::time::Instant::now();
        self.worker.send(Job::RefreshIfChanged);
    }

    pub(super) fn save_settings(&mut self) {
        if let Some(path) = &self.settings_path {
            self.worker.send(Job::SaveSettings(
                path.clone(),
                Box::new(self.settings.clone()),
            ));
        }
    }
}
