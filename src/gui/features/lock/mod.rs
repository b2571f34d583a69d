//! The app lock's flow: locking (button, Ctrl+L, idle time, screen lock), unlocking with
//! back-off, and asking for the password before revealing a secret or opening Settings.
//! Password hashing and checks run off the UI thread (Argon2id takes tens of milliseconds).

use std::time::Duration;

use eframe::egui::{self, Key, Modifiers};
use zeroize::Zeroizing;

use super::action::Action;
use super::app::{App, Dialog};
use super::i18n::Arg;
use crate::applock::{LockError, PasswordHash};
use super::safety::{SafetyAction, SafetyDialog, SafetyEvent};

impl App {
    /// Every action passes here first. Locked: only unlocking gets through. With a password
    /// set, revealing a secret or opening Settings asks for it first. Read-only: changes are
    /// refused with a toast.
    pub(super) fn gate(&mut self, action: Action) -> Option<Action> {
        if self.safety.locked {
            return matches!(
                action,
                Action::Safety(SafetyAction::Unlock | SafetyAction::Lock)
            )
            .then_some(action);
        }
        let sensitive = matches!(action, Action::AskReveal(..) | Action::OpenSettings)
            || self.export_needs_password(&action);
        if sensitive && self.settings.lock.password.is_some() && !self.safety.authorized {
            self.view.dialog = Some(Dialog::Safety(SafetyDialog::Password {
                then: Box::new(action),
                draft: Zeroizing::default(),
            }));
            self.safety.lock_message = None;
            return None;
        }
        self.safety.authorized = false;
        if self.safety.damaged.is_some() && changes_the_vault(&action) {
            self.toast(self.tr.get("read-only-refused"), false);
            return None;
        }
        Some(action)
    }

    /// Locks now, if a password is set; hides whatever was open.
    pub(super) fn lock_now(&mut self) {
        if self.settings.lock.password.is_none() {
            return self.toast(self.tr.get("lock-needs-password"), false);
        }
        tracing::info!("window locked");
        self.safety.locked = true;
        self.safety.lock_message = None;
        self.safety.unlock_draft = Zeroizing::default();
        self.view.dialog = None;
        self.view.toast = None;
        self.view.selected = None;
        self.view.search.clear();
        self.rebuild_items();
    }

    pub(super) fn submit_unlock(&mut self) {
        let draft = std::mem::take(&mut self.safety.unlock_draft);
        self.check_password(draft, None);
    }

    pub(super) fn submit_password(&mut self) {
        if let Some(Dialog::Safety(SafetyDialog::Password { then, draft })) = &mut self.view.dialog
        {
            let (then, draft) = (then.clone(), std::mem::take(draft));
            self.check_password(draft, Some(then));
        }
    }

    fn check_password(&mut self, password: Zeroizing<String>, then: Option<Box<Action>>) {
        let Some(hash) = self.settings.lock.password.clone() else {
            self.safety.locked = false;
            return;
        };
        let now = self.safety.base_clock.unix_millis();
        if self.safety.checking_password || self.safety.backoff.wait_secs(now) > 0 {
            return;
        }
        self.safety.checking_password = true;
        self.safety
            .off_thread(&self.ctx, move || SafetyEvent::PasswordChecked {
                correct: hash.verify(&password),
                then,
            });
    }

    pub(super) fn on_password_checked(&mut self, correct: bool, then: Option<Box<Action>>) {
        self.safety.checking_password = false;
        let now = self.safety.base_clock.unix_millis();
        if !correct {
            self.safety.backoff.fail(now);
            tracing::info!(
                failures = self.safety.backoff.failures,
                "wrong app password"
            );
            self.safety.lock_message = Some(self.tr.get("password-wrong"));
            return;
        }
        self.safety.backoff = crate::applock::Backoff::default();
        self.safety.lock_message = None;
        self.safety.last_input_unix_millis = now;
        match then {
            None => {
                tracing::info!("window unlocked");
                self.safety.locked = false;
            }
            Some(action) => {
                // Only if the prompt is still the open dialog (not closed meanwhile).
                if matches!(
                    self.view.dialog,
                    Some(Dialog::Safety(SafetyDialog::Password { .. }))
                ) {
                    self.view.dialog = None;
                    self.safety.authorized = true;
                    self.apply(*action);
                    self.safety.authorized = false;
                }
            }
        }
    }

    pub(super) fn set_password(&mut self) {
        let drafts = &mut self.safety.drafts;
        let (password, repeat) = (
            std::mem::take(&mut drafts.new_password),
            std::mem::take(&mut drafts.repeat),
        );
        drafts.error = None;
        self.safety.off_thread(&self.ctx, move || {
            SafetyEvent::PasswordHashed(PasswordHash::new(&password, &repeat))
        });
    }

    pub(super) fn on_password_hashed(&mut self, result: Result<PasswordHash, LockError>) {
        match result {
            Ok(hash) => {
                self.settings.lock.password = Some(hash);
                self.save_settings();
                self.toast(self.tr.get("password-set"), false);
            }
            Err(e) => {
                tracing::debug!(error = %e, "new app password refused");
                self.safety.drafts.error = Some(match e {
                    LockError::Mismatch => self.tr.get("password-mismatch"),
                    LockError::TooShort(count) => self.tr.with(
                        "password-too-short",
                        &[("count", Arg::Number(i64::try_from(count).unwrap_or(0)))],
                    ),
                    other => self.tr.with(
                        "password-failed",
                        &[("detail", Arg::Text(&other.to_string()))],
                    ),
                });
            }
        }
    }

    /// Notes input (for the idle lock), reads Ctrl+L and locks when idle too long.
    pub(super) fn watch_input(&mut self, ctx: &egui::Context) {
        let now = self.safety.base_clock.unix_millis();
        let (any_input, lock_key) = ctx.input_mut(|i| {
            let lock_key = i.consume_key(Modifiers::COMMAND, Key::L);
            (!i.events.is_empty() || lock_key, lock_key)
        });
        if self.safety.locked {
            return;
        }
        if lock_key {
            return self.lock_now();
        }
        if any_input {
            self.safety.last_input_unix_millis = now;
        }
        let idle_mins = self.settings.lock.idle_mins;
        if self.settings.lock.password.is_some() && idle_mins > 0 {
            let idle_ms = u64::from(idle_mins) * 60_000;
            let quiet_ms = now.saturating_sub(self.safety.last_input_unix_millis);
            if quiet_ms >= idle_ms {
                tracing::info!(idle_mins, "locking after idle time");
                return self.lock_now();
            }
            ctx.request_repaint_after(Duration::from_millis(idle_ms - quiet_ms + 50));
        }
    }

    /// While locked, redraw when the back-off countdown changes.
    pub(super) fn schedule_lock_repaint(&self, ctx: &egui::Context) {
        let now = self.safety.base_clock.unix_millis();
        if self.safety.backoff.wait_secs(now) > 0 {
            ctx.request_repaint_after(Duration::from_millis(1000 - now % 1000 + 5));
        }
    }
}

fn changes_the_vault(action: &Action) -> bool {
    matches!(
        action,
        Action::OpenAdd
            | Action::OpenImport(_)
            | Action::SubmitAdd
            | Action::OpenEdit(_)
            | Action::SaveEdit
            | Action::AskDelete(_)
            | Action::ConfirmDelete(_)
            | Action::TogglePin(_)
            | Action::Shift(..)
            | Action::NextHotp(_)
            | Action::Safety(SafetyAction::RecoverOrphans)
    )
}
