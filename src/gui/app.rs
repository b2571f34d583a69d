//! [`App`]: the frame loop and nothing else. Each frame it collects what finished (vault
//! events, background results), draws through the features' `*_ui` functions, routes the
//! actions they return to the feature that owns each, carries out the effects the features
//! asked for (vault jobs, tasks, copies, viewport commands) and asks for the next frame only
//! when something visible will change. The only module that knows every feature; nothing
//! imports it but `gui/mod.rs`.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use eframe::egui;

use super::command::{Action, SafetyAction, table};
use super::features::clock::ClockStatus;
use super::features::export::{self, ExportState, jobs::SaveTarget};
use super::features::import::{self, ImportState, source::ImageSource};
use super::features::lock::{self, LockState};
use super::features::recovery::{self, RecoveryState, banners_ui};
use super::features::tray::{self, TrayState};
use super::features::{Done, Effect, Effects, account, clock, copy_log, dialog_ui, list, settings};
use super::model::Model;
use super::model::settings::Settings;
use super::runtime::clipboard::ClipboardSink;
use super::runtime::clock_check::ClockCheck;
use super::runtime::tasks::{Reporter, Tasks};
use super::runtime::worker::{Event, FailedWork, Job, VaultSource, Worker};
use crate::clock::Clock;
use crate::platform::instance::Instance;
use crate::platform::tray::{TrayCommand, TrayHandle, TrayMenu};
use crate::store::metadata::Account;
use crate::store::{AccountId, SecretStore};

/// How the app is put together; tests swap the vault, clock and clipboard.
pub struct AppParts {
    pub vault: VaultSource,
    pub clock: Clock,
    pub clipboard: Box<dyn ClipboardSink>,
    pub settings: Settings,
    /// Where settings are saved; `None` keeps them in memory (tests).
    pub settings_path: Option<PathBuf>,
    /// Run vault work and tasks on background threads (the app) or inline (tests).
    pub background: bool,
    /// Where pasted images come from: the system clipboard, or pixels in tests.
    pub image_source: Arc<dyn ImageSource>,
}

/// How often the window looks for accounts added or changed by CLI commands.
const REFRESH_EVERY: Duration = Duration::from_secs(2);

pub struct App {
    ctx: egui::Context,
    model: Model,
    lock: LockState,
    clock_status: ClockStatus,
    recovery: RecoveryState,
    import: ImportState,
    export: ExportState,
    tray: TrayState,
    worker: Worker,
    tasks: Tasks<Done>,
    clipboard: Box<dyn ClipboardSink>,
    clock_check: Option<ClockCheck>,
    /// How to open the vault again after restoring a backup.
    reopen: Option<(PathBuf, Arc<dyn SecretStore>)>,
    instance: Option<Instance>,
    fx: Effects,
    bench_started: Option<Instant>,
    /// When the metadata file was last checked for changes made by other processes.
    last_refresh: Instant,
}

impl App {
    pub fn new(ctx: &egui::Context, parts: AppParts) -> Self {
        super::support::fonts::install(ctx);
        let (reopen, data_dir) = match &parts.vault {
            VaultSource::Open { dir, store } => {
                (Some((dir.clone(), Arc::clone(store))), Some(dir.clone()))
            }
            VaultSource::Ready(vault) => (None, vault.metadata_path().parent().map(Into::into)),
        };
        let model = Model::new(parts.clock, parts.settings, parts.settings_path, data_dir);
        let wake_ctx = ctx.clone();
        let wake = Arc::new(move || wake_ctx.request_repaint());
        let worker = start_worker(parts.vault, parts.background, ctx);
        let mut app = Self {
            ctx: ctx.clone(),
            lock: LockState::new(&model),
            clock_status: clock::initial_status(&model),
            recovery: RecoveryState::new(reopen.as_ref().map(|(dir, _)| dir.clone())),
            import: ImportState::new(parts.image_source),
            export: ExportState::default(),
            tray: TrayState::default(),
            model,
            worker,
            tasks: Tasks::new(parts.background, wake),
            clipboard: parts.clipboard,
            clock_check: None,
            reopen,
            instance: None,
            fx: Effects::default(),
            bench_started: std::env::var_os("OTP_DESK_BENCH").map(|_| Instant::now()),
            last_refresh: Instant::now(),
        };
        settings::apply_theme(&app.model, ctx);
        clock::apply_correction(&mut app.model, app.clock_status);
        app.worker.send(Job::FindOrphans);
        if parts.background {
            app.start_services();
        }
        app.settle();
        app
    }

    /// The clock check and the screen-lock watch (the real window only).
    fn start_services(&mut self) {
        let report = self.tasks.reporter();
        self.clock_check = Some(ClockCheck::start(
            clock::servers(&self.model),
            move |result, at_unix_secs| {
                report.send(Done::ClockChecked {
                    result,
                    at_unix_secs,
                });
            },
        ));
        let report = self.tasks.reporter();
        crate::platform::screen_lock::watch(move || report.send(Done::ScreenLocked));
    }

    /// The accounts as last reported by the vault (empty until it has opened).
    pub fn accounts(&self) -> &[Account] {
        self.model.accounts()
    }

    pub fn selected(&self) -> Option<&AccountId> {
        self.model.view.selected.as_ref()
    }

    pub fn settings(&self) -> &Settings {
        &self.model.settings
    }

    pub fn is_locked(&self) -> bool {
        self.lock.locked
    }

    /// The channel background work reports into (tests inject results through it).
    pub fn background_reporter(&self) -> Reporter<Done> {
        self.tasks.reporter()
    }

    /// Replaces the clock (tests advance a fixed one); the clock correction stays applied.
    pub fn set_clock(&mut self, clock: Clock) {
        self.model.base_clock = clock;
        clock::apply_correction(&mut self.model, self.clock_status);
    }

    /// Where exports are written from now on (tests hand in a fixed file).
    pub fn set_save_target(&mut self, target: Arc<dyn SaveTarget>) {
        self.export.target = target;
    }

    /// The PNG of the phone QR code on screen, as a phone would scan it.
    pub fn shown_phone_code(&self) -> Option<&[u8]> {
        export::shown_phone_code(&self.model)
    }

    /// Keeps the one-window lock for the window's life and answers a second window.
    pub fn hold_instance(&mut self, instance: Option<Instance>) {
        let Some(instance) = instance else {
            return;
        };
        let report = self.tasks.reporter();
        if let Err(e) = instance.listen(move || report.send(Done::ShowWindow)) {
            tracing::warn!(error = %e, "a second window will not find this one");
        }
        self.instance = Some(instance);
    }

    /// Puts the icon in the tray (the real window only; tests send through `tray_sender`).
    pub fn start_tray(&mut self) {
        let wake = self.ctx.clone();
        let menu = self.tray_menu();
        match TrayHandle::start(
            "OTP Desk".to_owned(),
            menu,
            self.tray.sender.clone(),
            move || wake.request_repaint(),
        ) {
            Ok(handle) => self.tray.handle = Some(handle),
            Err(e) => tracing::info!(error = %e, "no tray icon"),
        }
    }

    /// Where the tray's commands go; the window drains it every frame.
    pub fn tray_sender(&self) -> std::sync::mpsc::Sender<TrayCommand> {
        self.tray.sender.clone()
    }

    /// What the tray menu shows now. Locked, it names no account.
    pub fn tray_menu(&self) -> TrayMenu {
        let minimized = self.ctx.input(|i| i.viewport().minimized == Some(true));
        tray::menu(&self.tray, &self.model, self.lock.locked, minimized)
    }

    pub fn is_hidden_in_tray(&self) -> bool {
        self.tray.hidden
    }

    /// Asks for a check of the accounts file now (tests: a CLI command just changed it).
    pub fn refresh_now(&mut self) {
        self.last_refresh = Instant::now();
        self.worker.send(Job::RefreshIfChanged);
        self.settle();
    }

    /// Routes one action to the feature that owns it, after the lock's gate.
    pub fn apply(&mut self, action: Action) {
        let read_only = self.recovery.read_only();
        let Some(action) = lock::gate(&mut self.lock, &mut self.model, read_only, action) else {
            return;
        };
        let (m, fx, ctx) = (&mut self.model, &mut self.fx, &self.ctx);
        match &action {
            Action::OpenImport(source) => import::open(&mut self.import, m, fx, *source),
            Action::Import(a) => import::update(&mut self.import, m, fx, a),
            Action::Export(a) => export::update(&mut self.export, m, fx, a),
            Action::Safety(a) => route_safety(self, a),
            Action::SetCloseToTray(on) => tray::set_close_to_tray(m, fx, *on),
            Action::SetStartWithComputer(on) => tray::set_start_with_computer(m, fx, *on),
            Action::CloseDialog => m.view.dialog = None,
            other => {
                list::update(m, fx, ctx, other);
                account::update(m, fx, other);
                settings::update(m, fx, ctx, other);
            }
        }
        self.run_effects();
    }

    /// Vault events and background results, and what they ask for, until nothing is left.
    fn settle(&mut self) {
        for _ in 0..16 {
            let mut busy = false;
            while let Some(event) = self.worker.try_recv() {
                busy = true;
                self.on_event(event);
            }
            while let Some(done) = self.tasks.try_recv() {
                busy = true;
                self.on_done(done);
            }
            busy |= self.run_effects();
            if !busy {
                break;
            }
        }
    }

    fn on_event(&mut self, event: Event) {
        let (m, fx) = (&mut self.model, &mut self.fx);
        let Some(event) = account::on_event(m, fx, event) else {
            return;
        };
        match event {
            Event::Hotp(id, code) => list::on_hotp(m, fx, id, code),
            Event::Failed(FailedWork::Damaged, detail) => {
                recovery::on_damaged(&mut self.recovery, m, &detail);
            }
            Event::Imported(imported) => import::on_imported(m, imported),
            Event::Orphans(found) => recovery::on_orphans(&mut self.recovery, found),
            Event::Recovered(count) => recovery::on_recovered(m, count),
            Event::CopyLog(lines) => copy_log::on_read(m, lines),
            _ => {}
        }
    }

    fn on_done(&mut self, done: Done) {
        let (m, fx) = (&mut self.model, &mut self.fx);
        match done {
            Done::ClockChecked {
                result,
                at_unix_secs,
            } => clock::on_checked(m, &mut self.clock_status, fx, result, at_unix_secs),
            Done::PasswordChecked { correct, then } => {
                lock::on_password_checked(&mut self.lock, m, fx, correct, then);
            }
            Done::PasswordHashed(result) => lock::on_password_hashed(m, fx, result),
            Done::BackupRestored(result) => {
                recovery::on_backup_restored(&mut self.recovery, m, fx, result);
            }
            Done::Decoded {
                generation,
                outcomes,
            } => import::on_decoded(m, generation, outcomes),
            Done::Exported { generation, done } => {
                export::on_done(&self.export, m, fx, generation, done);
            }
            Done::Autostart { enabled, error } => tray::on_autostart_done(m, fx, enabled, error),
            Done::ShowWindow => tray::show_window(&mut self.tray, fx),
            Done::ScreenLocked => {
                if m.settings.lock.password.is_some() {
                    lock::lock_now(&mut self.lock, m);
                }
            }
        }
    }

    /// Carries out what the features asked for; `true` if there was anything.
    fn run_effects(&mut self) -> bool {
        let effects = self.fx.take();
        let any = !effects.is_empty();
        for effect in effects {
            match effect {
                Effect::Vault(job) => self.worker.send(job),
                Effect::Task(task) => self.tasks.spawn(task.name, task.work, task.on_panic),
                Effect::Viewport(command) => self.ctx.send_viewport_cmd(command),
                Effect::Copy { text, clear_after } => self.clipboard.copy(&text, clear_after),
                Effect::SaveSettings => {
                    if let Some(path) = &self.model.settings_path {
                        let bytes = self.model.settings.to_bytes();
                        self.worker.send(Job::SaveSettings {
                            path: path.clone(),
                            bytes,
                        });
                    }
                }
                Effect::Then { action, authorized } => {
                    self.lock.authorized = authorized;
                    self.apply(action);
                    self.lock.authorized = false;
                }
                Effect::ReopenVault => {
                    if let Some((dir, store)) = self.reopen.clone() {
                        let source = VaultSource::Open { dir, store };
                        self.worker = start_worker(source, self.tasks.background(), &self.ctx);
                    }
                }
                Effect::ClockServers(servers) => {
                    if let Some(check) = &self.clock_check {
                        check.set(servers);
                    }
                }
            }
        }
        any
    }

    /// The header: add, search, settings and export; the lock button and banners below.
    fn header_ui(&mut self, ui: &mut egui::Ui, now: u64) -> Vec<Action> {
        let m = &mut self.model;
        let mut actions = Vec::new();
        ui.add_space(6.0);
        actions.extend(list::chrome_ui::header_ui(ui, &mut m.view.search, &m.tr));
        let status = banners_ui::Status {
            clock: self.clock_status,
            now_unix_secs: m.base_clock.unix_secs(),
            recovery: &self.recovery,
        };
        actions.extend(banners_ui::status_ui(ui, &status, &m.settings, &m.tr));
        if let Some(message) = &m.view.banner {
            actions.extend(list::chrome_ui::banner_ui(ui, message, &m.tr));
        }
        if !self.export.reminder_dismissed
            && export::reminder::reminder_due(&m.settings, m.accounts(), now)
        {
            actions.extend(export::reminder::reminder_ui(ui, &m.tr));
        }
        ui.add_space(4.0);
        actions
    }

    /// Asks for the next frame only when something visible will change: the next whole second
    /// while a countdown shows, or when a toast or the undo offer ends. Nothing while minimised.
    fn schedule_repaint(&self, ticking: bool) {
        if self.ctx.input(|i| i.viewport().minimized == Some(true)) {
            return;
        }
        let view = &self.model.view;
        let now_ms = self.model.clock.unix_millis();
        let mut next_ms: Option<u64> = ticking.then(|| 1000 - now_ms % 1000);
        let ends = [
            view.toast.as_ref().map(|t| t.until_unix_millis),
            view.undo.as_ref().map(|u| u.until_unix_millis),
        ];
        for until in ends.into_iter().flatten() {
            let wait = until.saturating_sub(now_ms);
            next_ms = Some(next_ms.map_or(wait, |n| n.min(wait)));
        }
        if let Some(ms) = next_ms {
            // A few ms late, so the frame lands after the boundary, not just before it.
            self.ctx
                .request_repaint_after(Duration::from_millis(ms + 5));
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

fn route_safety(app: &mut App, action: &SafetyAction) {
    let (m, fx) = (&mut app.model, &mut app.fx);
    match action {
        SafetyAction::SetClockSync(on) => clock::set_enabled(m, &mut app.clock_status, fx, *on),
        SafetyAction::ApplyServers => clock::apply_servers(m, fx),
        SafetyAction::SetCopyLog(on) => copy_log::set_enabled(m, fx, *on),
        SafetyAction::ShowCopyLog => copy_log::show(m, fx),
        SafetyAction::RestoreBackup
        | SafetyAction::RecoverOrphans
        | SafetyAction::DismissOrphans => {
            recovery::update(&mut app.recovery, m, fx, action);
        }
        _ => lock::update(&mut app.lock, m, fx, action),
    }
}

fn start_worker(source: VaultSource, background: bool, ctx: &egui::Context) -> Worker {
    if background {
        let ctx = ctx.clone();
        Worker::spawn(source, move || ctx.request_repaint())
    } else {
        Worker::inline(source)
    }
}

impl eframe::App for App {
    /// Also runs while the window is hidden in the tray, so the tray can show it again.
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.settle();
        tray::logic(&mut self.tray, &self.model, &mut self.fx, ctx);
        self.run_effects();
        if self.tray.handle.is_some() {
            let menu = self.tray_menu();
            if let Some(handle) = &mut self.tray.handle {
                handle.set_menu(&menu);
            }
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        if self.last_refresh.elapsed() >= REFRESH_EVERY {
            // On frames drawn anyway (the countdown's): no timer of its own.
            self.last_refresh = Instant::now();
            self.worker.send(Job::RefreshIfChanged);
        }
        self.settle();
        lock::watch_input(&mut self.lock, &mut self.model, &ctx);
        if self.lock.locked {
            let now_ms = self.model.base_clock.unix_millis();
            let tr = &self.model.tr;
            if let Some(action) = lock::lock_ui::locked_ui(ui, &mut self.lock, now_ms, tr) {
                self.apply(action);
            }
            self.settle();
            lock::schedule_repaint(&self.lock, &self.model, &ctx);
            return;
        }
        self.model.view.expire(self.model.clock.unix_millis());
        if let Some(message) = self.clipboard.take_error() {
            let detail = [("detail", super::support::i18n::Arg::Text(&message))];
            self.model.view.banner = Some(self.model.tr.with("error-clipboard", &detail));
        }
        settings::track_window(&mut self.model, &ctx);
        let search_before = self.model.view.search.clone();
        import::frame_ui(&mut self.import, &mut self.model, &mut self.fx, &ctx);
        let (mut actions, typed) = table::shortcuts(&ctx, self.model.view.dialog.is_some());
        if !typed.is_empty() {
            self.model.view.search.push_str(&typed);
            actions.push(Action::FocusSearch);
        }
        let now = self.model.clock.unix_secs();
        egui::Panel::top("header").show(ui, |ui| actions.extend(self.header_ui(ui, now)));
        if self.model.view.search != search_before {
            self.model.rebuild_items();
        }
        let mut ticking = false;
        egui::CentralPanel::default_margins().show(ui, |ui| {
            let (action, countdown) = list::list_ui::main_ui(ui, &mut self.model, now);
            actions.extend(action);
            ticking |= countdown;
        });
        let (action, dialog_ticking) = dialog_ui::dialog_ui(&ctx, &mut self.model, &self.lock, now);
        actions.extend(action);
        ticking |= dialog_ticking;
        if let Some(toast) = &self.model.view.toast {
            let tr = &self.model.tr;
            actions.extend(list::chrome_ui::toast_ui(&ctx, &toast.text, toast.undo, tr));
        }
        for action in actions {
            self.apply(action);
        }
        self.settle();
        self.bench_first_frame();
        self.schedule_repaint(ticking);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        // The window is closing; a short synchronous write is fine here.
        if let Some(path) = &self.model.settings_path
            && let Err(e) = super::model::settings::save(path, &self.model.settings)
        {
            tracing::warn!(error = %e, "saving settings on exit failed");
        }
    }
}
