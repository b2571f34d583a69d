//! [`Features`]: every feature's state in one place, and the routing of actions, vault events
//! and background results to the feature that owns each — the window's one registry, like
//! egui's demo registry. The frame loop (`app.rs`) holds one and never reaches into a feature.

use eframe::egui;

use super::clock::ClockStatus;
use super::desk::DeskState;
use super::export::ExportState;
use super::import::ImportState;
use super::lock::LockState;
use super::quick_pick::QuickPickState;
use super::recovery::RecoveryState;
use super::team::TeamState;
use super::tray::TrayState;
use super::{
    Done, Effects, account, clock, copy_log, desk, export, import, list, lock, quick_pick,
    recovery, rekey, settings, team, tray,
};
use crate::gui::command::{Action, DeskAction, SafetyAction};
use crate::gui::model::Model;
use crate::gui::model::view::Dialog;
use crate::gui::runtime::worker::{Event, FailedWork};
use crate::gui::support::errors;
use crate::gui::support::message::Message;

pub struct Features {
    pub lock: LockState,
    pub clock: ClockStatus,
    pub recovery: RecoveryState,
    pub import: ImportState,
    pub export: ExportState,
    pub tray: TrayState,
    pub desk: DeskState,
    pub quick_pick: QuickPickState,
    pub team: TeamState,
}

impl Features {
    pub fn new(
        model: &Model,
        images: std::sync::Arc<dyn super::import::source::ImageSource>,
        desk: Option<crate::desk::Desk>,
        source: Option<(
            std::path::PathBuf,
            std::sync::Arc<dyn crate::store::SecretStore>,
        )>,
    ) -> Self {
        let mut features = Self {
            lock: LockState::new(model),
            clock: clock::initial_status(model),
            recovery: RecoveryState::new(source.as_ref().map(|(dir, _)| dir.clone())),
            import: ImportState::new(images),
            export: ExportState::default(),
            tray: TrayState::default(),
            desk: DeskState::new(desk, source, model.base_clock.unix_secs()),
            quick_pick: QuickPickState::default(),
            team: TeamState::default(),
        };
        if features.desk.is_on() {
            features.lock.desk_mode = true;
            features.lock.locked = true;
        }
        features
    }

    /// Routes one action to the feature that owns it, after the lock's gate.
    pub fn apply(
        &mut self,
        model: &mut Model,
        fx: &mut Effects,
        ctx: &egui::Context,
        action: Action,
    ) {
        let read_only = self.recovery.read_only();
        let Some(action) = lock::gate(&mut self.lock, model, read_only, action) else {
            return;
        };
        let Some(action) = desk::gate(&self.desk, model, action) else {
            return;
        };
        desk::record_action(model, fx, &action);
        match &action {
            Action::Desk(DeskAction::ExportLogCsv) => {
                desk::records::export_log_csv(model, fx, self.export.target.clone());
            }
            Action::Desk(a) => desk::update(&mut self.desk, &mut self.lock, model, fx, a),
            Action::OpenImport(source) => import::open(&mut self.import, model, fx, *source),
            Action::Import(a) => import::update(&mut self.import, model, fx, a),
            Action::Rekey(a) => rekey::update(&mut self.import, model, fx, a),
            Action::Export(a) => export::update(&mut self.export, model, fx, a),
            Action::Safety(a) => self.apply_safety(model, fx, a),
            Action::Team(a) => team::update(&mut self.team, &self.desk, model, fx, a),
            Action::QuickPick(a) => {
                let (pick, tray) = (&mut self.quick_pick, &mut self.tray);
                quick_pick::update(pick, tray, model, fx, ctx, a);
            }
            Action::SetCloseToTray(on) => tray::set_close_to_tray(model, fx, *on),
            Action::SetStartWithComputer(on) => tray::set_start_with_computer(model, fx, *on),
            Action::CloseDialog => {
                // Closing the import panel stops what it was still reading.
                if matches!(model.view.dialog, Some(Dialog::Import(_))) {
                    import::stop(&mut self.import);
                }
                model.view.dialog = None;
            }
            other => {
                list::update(model, fx, ctx, other);
                account::update(model, fx, other);
                settings::update(model, fx, ctx, other);
            }
        }
    }

    fn apply_safety(&mut self, model: &mut Model, fx: &mut Effects, action: &SafetyAction) {
        match action {
            SafetyAction::SetClockSync(on) => clock::set_enabled(model, &mut self.clock, fx, *on),
            SafetyAction::ApplyServers => clock::apply_servers(model, fx),
            SafetyAction::ConfirmClock(apply) => {
                clock::confirm(model, &mut self.clock, fx, *apply);
            }
            SafetyAction::SetCopyLog(on) => copy_log::set_enabled(model, fx, *on),
            SafetyAction::ShowCopyLog => copy_log::show(model, fx),
            SafetyAction::RestoreBackup
            | SafetyAction::RecoverOrphans
            | SafetyAction::DismissOrphans => {
                recovery::update(&mut self.recovery, model, fx, action);
            }
            SafetyAction::Unlock if self.desk.is_on() => {
                desk::update(
                    &mut self.desk,
                    &mut self.lock,
                    model,
                    fx,
                    &DeskAction::Unlock,
                );
            }
            SafetyAction::Lock
            | SafetyAction::Unlock
            | SafetyAction::SubmitPassword
            | SafetyAction::SetPassword
            | SafetyAction::RemovePassword
            | SafetyAction::SetIdleMins(_) => lock::update(&mut self.lock, model, fx, action),
        }
    }

    /// Collects input that is not a widget's: the clipboard's errors, Ctrl+V and drops (behind
    /// the same gate as the Import buttons), shortcuts, and typing that goes to the search.
    pub fn input_actions(
        &mut self,
        model: &mut Model,
        fx: &mut Effects,
        ctx: &egui::Context,
        clipboard_error: Option<String>,
    ) -> Vec<Action> {
        model.view.expire(model.clock.unix_millis());
        if let Some(message) = clipboard_error {
            tracing::warn!(%message, "the clipboard failed");
            let said = Message::new("error-clipboard").with("detail", errors::clipboard());
            model.view.banner = Some(said.show(&model.tr));
        }
        settings::track_window(model, ctx);
        let refused = if self.recovery.read_only() {
            Some("read-only-refused")
        } else if !model.may_manage() {
            Some("member-refused")
        } else {
            None
        };
        import::frame_ui(&mut self.import, model, fx, ctx, refused);
        let (mut actions, typed) = crate::gui::command::table::shortcuts(
            ctx,
            model.view.dialog.is_some() || self.quick_pick.editor.is_some(),
        );
        if !typed.is_empty() {
            model.view.search.push_str(&typed);
            actions.push(Action::FocusSearch);
        }
        actions
    }

    /// After every step: a locked window has no desk session, and desk mode never runs
    /// unlocked without one.
    pub fn reconcile(&mut self, model: &mut Model, fx: &mut Effects) {
        desk::reconcile(&mut self.desk, &mut self.lock, model, fx);
        // However a team page closed (Esc, ×, Close, the lock), what it waited for stops.
        team::tick(&mut self.team, &self.desk, model, fx);
    }

    /// What the vault worker reported.
    pub fn on_event(&mut self, model: &mut Model, fx: &mut Effects, event: Event) {
        let Some(event) = account::on_event(model, fx, event) else {
            return;
        };
        match event {
            Event::Hotp(id, code) => list::on_hotp(model, fx, id, code),
            Event::Rekeyed(id, entry) => rekey::on_rekeyed(&mut self.desk, model, fx, id, *entry),
            Event::Failed(FailedWork::Damaged, detail) => {
                recovery::on_damaged(&mut self.recovery, model, detail);
            }
            Event::Imported(imported) => import::on_imported(model, imported),
            Event::Orphans(found) => recovery::on_orphans(&mut self.recovery, found),
            Event::Recovered(count) => recovery::on_recovered(model, count),
            Event::CopyLog(lines) => copy_log::on_read(model, lines),
            Event::Trash(accounts) => {
                if let Some(Dialog::Trash(shown)) = &mut model.view.dialog {
                    *shown = accounts;
                }
            }
            Event::Purged(accounts) => {
                for account in &accounts {
                    desk::audit(
                        model,
                        fx,
                        crate::store::audit_log::AuditAction::Purge,
                        Some(account),
                        crate::store::audit_log::Via::Window,
                        Some("30 days in the trash".into()),
                    );
                }
            }
            Event::Audit(Ok((trail, team))) => {
                let view = crate::gui::model::audit_view::LogView::new(trail, team);
                model.view.dialog = Some(Dialog::Log(Box::new(view)));
            }
            Event::Audit(Err(message)) => model.view.banner = Some(message.show(&model.tr)),
            Event::TeamStatus(view) => {
                let (folder, status) = *view;
                model.team = Some(crate::gui::model::TeamView { folder, status });
            }
            Event::TeamPeople { removed, held } => {
                desk::on_team_people(&mut self.desk, model, fx, removed, held);
            }
            _ => {}
        }
    }

    /// What a background task or service reported.
    pub fn on_done(&mut self, model: &mut Model, fx: &mut Effects, done: Done) {
        match done {
            Done::ClockChecked {
                result,
                at_unix_secs,
            } => clock::on_checked(model, &mut self.clock, fx, result, at_unix_secs),
            Done::PasswordChecked { correct, then } => {
                lock::on_password_checked(&mut self.lock, model, fx, correct, then);
            }
            Done::PasswordHashed(result) => lock::on_password_hashed(model, fx, result),
            Done::BackupRestored(result) => {
                recovery::on_backup_restored(&mut self.recovery, model, fx, result);
            }
            Done::Decoded {
                generation,
                outcomes,
            } => import::on_decoded(model, generation, outcomes),
            Done::Exported { generation, done } => {
                export::on_done(&self.export, model, fx, generation, done);
            }
            Done::Autostart { enabled, error } => {
                tray::on_autostart_done(model, fx, enabled, error);
            }
            Done::ShowWindow => {
                // Another launch asked for the window: from the tray it comes back locked, so
                // the channel never shows an open session by itself.
                if self.tray.hidden && lock::can_lock(&self.lock, model) {
                    lock::lock_now(&mut self.lock, model);
                }
                tray::show_window(&mut self.tray, fx);
            }
            Done::ScreenLocked => {
                if lock::can_lock(&self.lock, model) {
                    lock::lock_now(&mut self.lock, model);
                }
            }
            Done::Desk(done) => desk::on_done(&mut self.desk, &mut self.lock, model, fx, done),
            Done::Typed {
                result,
                account,
                title,
            } => quick_pick::on_typed(&mut self.quick_pick, model, fx, result, &account, title),
            Done::QuickPickFocus => {}
            Done::Team(done) => {
                let outcome = team::on_done(&mut self.team, model, fx, done);
                if let Some(done) = outcome.desk {
                    desk::on_done(&mut self.desk, &mut self.lock, model, fx, done);
                }
                if let Some(text) = outcome.toast {
                    model.toast(text, false);
                }
                if let Some(note) = outcome.audit {
                    team::audit(model, fx, note);
                }
                if let Some(folder) = outcome.folder {
                    fx.team_folder(folder);
                }
            }
        }
    }
}
