//! [`App`]: the frame loop and nothing else. Each frame it collects what finished (vault
//! events, background results), draws through the features' `*_ui` functions, routes the
//! actions they return through the [`Features`] registry, carries out the effects the features
//! asked for (vault jobs, tasks, copies, viewport commands) and asks for the next frame only
//! when something visible will change. Nothing imports it but `gui/mod.rs`.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use eframe::egui;

use super::AppParts;
use super::command::Action;
use super::features::export::{self, jobs::SaveTarget};
use super::features::lock;
use super::features::quick_pick::{self, pick_ui};
use super::features::registry::Features;
use super::features::tray;
use super::features::{Done, Effect, Effects, clock, compact, main_ui, settings};
use super::model::Model;
use super::model::settings::Settings;
use super::runtime::bench::Bench;
use super::runtime::clipboard::ClipboardSink;
use super::runtime::clock_check::ClockCheck;
use super::runtime::tasks::{Reporter, Tasks};
use super::runtime::team_link::TeamLink;
use super::runtime::worker::{Job, VaultSource, Worker};
use crate::clock::Clock;
use crate::platform::instance::Instance;
use crate::platform::tray::{TrayCommand, TrayHandle, TrayMenu};
use crate::store::metadata::Account;
use crate::store::{AccountId, SecretStore};

/// How often the window looks for accounts added or changed by CLI commands.
const REFRESH_EVERY: Duration = Duration::from_secs(2);

pub struct App {
    ctx: egui::Context,
    model: Model,
    features: Features,
    fx: Effects,
    worker: Worker,
    tasks: Tasks<Done>,
    clipboard: Box<dyn ClipboardSink>,
    clock_check: Option<ClockCheck>,
    /// How to open the vault again after restoring a backup.
    reopen: Option<(PathBuf, Arc<dyn SecretStore>)>,
    instance: Option<Instance>,
    bench: Option<Bench>,
    /// When the metadata file was last checked for changes made by other processes.
    last_refresh: Instant,
    /// The team folder's watch, on a desk that joined a team.
    team: Option<TeamLink>,
}

impl App {
    pub fn new(ctx: &egui::Context, parts: AppParts) -> Self {
        super::support::fonts::install(ctx);
        let (reopen, data_dir) = match &parts.vault {
            VaultSource::Open { dir, store } => {
                (Some((dir.clone(), Arc::clone(store))), Some(dir.clone()))
            }
            VaultSource::Ready(vault) => (None, vault.metadata_path().parent().map(Into::into)),
            VaultSource::OpenAs { .. } | VaultSource::Closed => (None, None),
        };
        let mut model = Model::new(parts.clock, parts.settings, parts.settings_path, data_dir);
        model.keychain = reopen.as_ref().map(|(_, store)| Arc::clone(store));
        let features = Features::new(&model, parts.image_source, parts.desk, reopen.clone());
        // Desk mode: no vault until a person is working.
        let on = features.desk.is_on();
        let source = if on { VaultSource::Closed } else { parts.vault };
        let wake = ctx.clone();
        let team = TeamLink::for_window(parts.team_folder, reopen.as_ref(), ctx, parts.background);
        let mut app = Self {
            ctx: ctx.clone(),
            model,
            features,
            fx: Effects::default(),
            worker: Worker::for_window(source, parts.background, ctx),
            tasks: Tasks::new(parts.background, Arc::new(move || wake.request_repaint())),
            clipboard: parts.clipboard,
            clock_check: None,
            reopen,
            instance: None,
            bench: Bench::from_env(),
            last_refresh: Instant::now(),
            team,
        };
        settings::apply_theme(&app.model, ctx);
        clock::apply_correction(&mut app.model, app.features.clock);
        app.worker.send(Job::FindOrphans);
        if parts.background {
            app.start_services();
        }
        app.settle();
        app
    }

    /// The clock check, the screen-lock watch and the quick pick's shortcut (the real window
    /// only).
    fn start_services(&mut self) {
        let report = self.tasks.reporter();
        let servers = clock::servers(&self.model);
        self.clock_check = Some(ClockCheck::start(servers, move |result, at_unix_secs| {
            report.send(Done::ClockChecked {
                result,
                at_unix_secs,
            });
        }));
        let report = self.tasks.reporter();
        crate::platform::screen_lock::watch(move || report.send(Done::ScreenLocked));
        quick_pick::start_hotkeys(&mut self.features.quick_pick, &mut self.model, &self.ctx);
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
        self.features.lock.locked
    }

    /// The channel background work reports into (tests inject results through it).
    pub fn background_reporter(&self) -> Reporter<Done> {
        self.tasks.reporter()
    }

    /// Replaces the clock (tests advance a fixed one); the clock correction stays applied.
    pub fn set_clock(&mut self, clock: Clock) {
        self.model.base_clock = clock;
        clock::apply_correction(&mut self.model, self.features.clock);
    }

    /// Where exports are written from now on (tests hand in a fixed file).
    pub fn set_save_target(&mut self, target: Arc<dyn SaveTarget>) {
        self.features.export.target = target;
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
        let (menu, sender) = (self.tray_menu(), self.features.tray.sender.clone());
        match TrayHandle::start("OTP Desk".to_owned(), menu, sender, move || {
            wake.request_repaint();
        }) {
            Ok(handle) => self.features.tray.handle = Some(handle),
            Err(e) => tracing::info!(error = %e, "no tray icon"),
        }
    }

    /// What types into other programs (tests record instead of typing).
    pub fn set_keyboard(&mut self, keyboard: Arc<dyn crate::platform::typing::Keyboard>) {
        self.features.quick_pick.keyboard = keyboard;
    }

    /// What a press of the quick pick's shortcut does (tests press it here).
    pub fn press_hotkey(&self) {
        let pick = &self.features.quick_pick;
        quick_pick::pressed(pick.keyboard.as_ref(), &pick.sender, &|| {
            self.ctx.request_repaint();
        });
    }

    /// What a press of an account's own shortcut does (tests press it here).
    pub fn press_account_hotkey(&self, id: &AccountId) {
        let pick = &self.features.quick_pick;
        let slot = crate::platform::hotkey::Slot::Named(id.to_string());
        quick_pick::pressed_slot(slot, pick.keyboard.as_ref(), &pick.sender, &|| {
            self.ctx.request_repaint();
        });
    }

    pub fn is_quick_pick_open(&self) -> bool {
        self.features.quick_pick.open
    }

    /// Where the tray's commands go; the window drains it every frame.
    pub fn tray_sender(&self) -> std::sync::mpsc::Sender<TrayCommand> {
        self.features.tray.sender.clone()
    }

    /// What the tray menu shows now. Locked, it names no account.
    pub fn tray_menu(&self) -> TrayMenu {
        let minimized = self.ctx.input(|i| i.viewport().minimized == Some(true));
        let locked = self.features.lock.locked;
        tray::menu(&self.features.tray, &self.model, locked, minimized)
    }

    pub fn is_hidden_in_tray(&self) -> bool {
        self.features.tray.hidden
    }

    /// Asks for a check of the accounts file (and the team folder) now (tests: a CLI command
    /// just changed it).
    pub fn refresh_now(&mut self) {
        self.refresh(true);
        self.settle();
    }

    /// Re-reads the accounts if another process changed them, after a team sync on a team desk.
    fn refresh(&mut self, folder_changed: bool) {
        self.last_refresh = Instant::now();
        let session = self.features.desk.session.clone();
        let (team, now) = (self.team.as_ref(), self.model.clock.unix_secs());
        TeamLink::ask(team, &mut self.worker, session, folder_changed, now);
        self.worker.send(Job::RefreshIfChanged);
    }

    /// Does what the user asked for (tests call it directly too).
    pub fn apply(&mut self, action: Action) {
        self.features
            .apply(&mut self.model, &mut self.fx, &self.ctx, action);
        self.run_effects();
    }

    /// Vault events and background results, and what they ask for, until nothing is left.
    fn settle(&mut self) {
        for _ in 0..16 {
            let mut busy = false;
            while let Some(event) = self.worker.try_recv() {
                busy = true;
                self.features.on_event(&mut self.model, &mut self.fx, event);
            }
            while let Some(done) = self.tasks.try_recv() {
                busy = true;
                self.features.on_done(&mut self.model, &mut self.fx, done);
            }
            busy |= self.run_effects();
            if !busy {
                break;
            }
        }
    }

    /// Carries out what the features asked for; `true` if there was anything.
    fn run_effects(&mut self) -> bool {
        self.features.reconcile(&mut self.model, &mut self.fx);
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
                        let (path, bytes) = (path.clone(), self.model.settings.to_bytes());
                        self.worker.send(Job::SaveSettings { path, bytes });
                    }
                }
                Effect::Then { action, authorized } => {
                    self.features.lock.authorized = authorized;
                    self.apply(action);
                    self.features.lock.authorized = false;
                }
                Effect::ReopenVault => {
                    let reopen = self.reopen.clone().filter(|_| !self.features.desk.is_on());
                    if let Some((dir, store)) = reopen {
                        let source = VaultSource::Open { dir, store };
                        self.worker =
                            Worker::for_window(source, self.tasks.background(), &self.ctx);
                    }
                }
                Effect::OpenVault(source) => {
                    self.worker = Worker::for_window(source, self.tasks.background(), &self.ctx);
                }
                Effect::ClockServers(s) => self.clock_check.as_ref().map_or((), |c| c.set(s)),
                Effect::TeamFolder(f) => {
                    let bg = self.tasks.background();
                    self.team = TeamLink::for_window(Some(f), self.reopen.as_ref(), &self.ctx, bg);
                }
            }
        }
        any
    }

    /// The locked window: only the unlock field (desk mode: the people), no accounts, no codes.
    fn locked_ui(&mut self, ui: &mut egui::Ui) {
        let (now_ms, tr) = (self.model.base_clock.unix_millis(), &self.model.tr);
        let (lock_state, desk) = (&mut self.features.lock, &mut self.features.desk);
        // Opened by the shortcut while locked: the quick pick's title, and Esc closes it.
        let picking = self.features.quick_pick.open;
        let escape = picking.then(|| pick_ui::locked_header_ui(ui, tr)).flatten();
        let action = escape.or(if desk.is_on() {
            super::features::desk::picker_ui::picker_ui(ui, desk, now_ms / 1000, tr)
        } else {
            lock::lock_ui::locked_ui(ui, lock_state, now_ms, tr)
        });
        if let Some(action) = action {
            self.apply(action);
        }
        self.settle();
        lock::schedule_repaint(&self.features.lock, &self.model, ui.ctx());
    }
}

impl eframe::App for App {
    /// Also runs while the window is hidden in the tray, so the tray can show it again.
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.settle();
        lock::tick(&mut self.features.lock, &mut self.model, ctx);
        tray::logic(&mut self.features.tray, &self.model, &mut self.fx, ctx);
        let locked = self.features.lock.locked;
        quick_pick::logic(&mut self.features.quick_pick, locked, &mut self.fx);
        self.run_effects();
        if self.features.tray.handle.is_some() {
            let menu = self.tray_menu();
            if let Some(handle) = &mut self.features.tray.handle {
                handle.set_menu(&menu);
            }
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        // The window's name for screen readers: AccessKit's root is the AT-SPI frame, and
        // egui leaves it unnamed.
        ctx.accesskit_node_builder(egui::accesskit_root_id(), |root| root.set_label("OTP Desk"));
        let folder_changed = self.team.as_ref().is_some_and(TeamLink::take_changed);
        if folder_changed || self.last_refresh.elapsed() >= REFRESH_EVERY {
            // On frames drawn anyway (the countdown's), or at once when the team folder changed.
            self.refresh(folder_changed);
        }
        self.settle();
        lock::watch_input(&mut self.features.lock, &mut self.model, &ctx);
        // Locked or not: a window meant to be on top is on top from its first showing.
        compact::keep_level(&self.model, &ctx, &mut self.fx);
        if self.features.lock.locked {
            return self.locked_ui(ui);
        }
        let (actions, change_in_secs) = if self.features.quick_pick.open {
            let now = self.model.clock.unix_secs();
            pick_ui::frame_ui(ui, &mut self.features.quick_pick, &self.model, now)
        } else {
            let error = self.clipboard.take_error();
            let (model, features, fx) = (&mut self.model, &mut self.features, &mut self.fx);
            main_ui::main_ui(ui, &ctx, model, features, fx, error)
        };
        for action in actions {
            self.apply(action);
        }
        self.settle();
        if let Some(bench) = &mut self.bench {
            bench.frame_drawn(ctx.pixels_per_point());
        }
        // Nothing while minimised, covered or hidden in the tray: no countdown is seen there
        // (the lock's idle timer asks for its own frame).
        let unseen = ctx.input(|i| i.viewport().visible() == Some(false));
        if !unseen
            && !self.features.tray.hidden
            && let Some(wait) = self.model.next_change_in(change_in_secs)
        {
            ctx.request_repaint_after(wait);
        }
    }

    /// The panels' colour, so they need not paint their backgrounds.
    fn clear_color(&self, visuals: &egui::Visuals) -> [f32; 4] {
        visuals.panel_fill.to_normalized_gamma_f32()
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        // A code copied moments ago must not outlive the window on a shared desk.
        self.clipboard.clear_pending();
        // The window is closing; a short synchronous write is fine here.
        if let Some(path) = &self.model.settings_path
            && let Err(e) = super::model::settings::save(path, &self.model.settings)
        {
            tracing::warn!(error = %e, "saving settings on exit failed");
        }
    }
}
