//! How the worker's events land in the app: new account lists, secrets as they arrive,
//! results of adds, deletes (with undo), HOTP codes, and failures as one-sentence banners.

use super::app::{App, Dialog, SecretState, Undo};
use super::apply::UNDO_MILLIS;
use super::i18n::Arg;
use super::worker::{Event, FailedWork, Job};
use crate::store::AccountId;

impl App {
    pub(super) fn drain_events(&mut self) {
        while let Some(event) = self.worker.try_recv() {
            self.on_event(event);
        }
    }

    fn on_event(&mut self, event: Event) {
        match event {
            Event::Accounts(accounts) => {
                let unknown: Vec<AccountId> = accounts
                    .iter()
                    .filter(|a| !self.secrets.contains_key(&a.id))
                    .map(|a| a.id.clone())
                    .collect();
                for id in &unknown {
                    self.secrets.insert(id.clone(), SecretState::Loading);
                }
                self.accounts = Some(accounts);
                self.rebuild_items();
                if !unknown.is_empty() {
                    self.worker.send(Job::LoadSecrets(unknown));
                }
            }
            Event::Secret(id, secret) => {
                self.secrets.insert(
                    id,
                    secret.map_or(SecretState::Missing, SecretState::Present),
                );
                if self
                    .secrets
                    .values()
                    .all(|s| !matches!(s, SecretState::Loading))
                    && std::env::var_os("OTP_DESK_BENCH").is_some()
                {
                    eprintln!(
                        "otp-desk-bench secrets-loaded unix_ms={}",
                        crate::clock::Clock::System.unix_millis()
                    );
                }
            }
            Event::Added(id, secret) => {
                self.secrets
                    .insert(id.clone(), SecretState::Present(secret));
                self.select_and_reveal(&id);
                // The next step on the website is typing this code: show it large.
                self.view.dialog = Some(Dialog::Added(id));
            }
            Event::Restored(id, secret) => {
                self.secrets
                    .insert(id.clone(), SecretState::Present(secret));
                self.select_and_reveal(&id);
                let label = self.label_of(&id);
                self.toast(
                    self.tr.with("restored", &[("label", Arg::Text(&label))]),
                    false,
                );
            }
            Event::Duplicate(id) => {
                let label = self.label_of(&id);
                self.select_and_reveal(&id);
                self.toast(
                    self.tr.with("duplicate", &[("label", Arg::Text(&label))]),
                    false,
                );
            }
            Event::Removed(account) => self.on_removed(account),
            Event::Hotp(id, code) => {
                self.hotp_codes.insert(id.clone(), code);
                if self.view.copy_when_generated.as_ref() == Some(&id) {
                    self.view.copy_when_generated = None;
                    self.copy(&id);
                }
            }
            Event::Failed(work, detail) => self.on_failed(work, &detail),
            Event::Imported(imported) => self.on_imported(imported),
            Event::Orphans(found) => self.on_orphans(found),
            Event::Recovered(count) => self.on_recovered(count),
        }
    }

    fn select_and_reveal(&mut self, id: &AccountId) {
        self.view.selected = Some(id.clone());
        self.view.scroll_to_selected = true;
    }

    fn label_of(&self, id: &AccountId) -> String {
        self.accounts()
            .iter()
            .find(|a| &a.id == id)
            .map(crate::store::metadata::Account::label)
            .unwrap_or_default()
    }

    fn on_removed(&mut self, account: crate::store::metadata::Account) {
        // Removed arrives before the new list, so the old place is still known.
        let index = self
            .accounts()
            .iter()
            .position(|a| a.id == account.id)
            .unwrap_or(usize::MAX);
        let label = account.label();
        if self.view.selected.as_ref() == Some(&account.id) {
            self.view.selected = None;
        }
        self.hotp_codes.remove(&account.id);
        match self.secrets.remove(&account.id) {
            Some(SecretState::Present(secret)) => {
                let until_unix_millis = self.clock.unix_millis() + UNDO_MILLIS;
                self.view.undo = Some(Undo {
                    account,
                    secret,
                    index,
                    until_unix_millis,
                });
                self.toast(
                    self.tr.with("deleted", &[("label", Arg::Text(&label))]),
                    true,
                );
            }
            _ => self.toast(
                self.tr.with("deleted", &[("label", Arg::Text(&label))]),
                false,
            ),
        }
    }

    fn on_failed(&mut self, work: FailedWork, detail: &str) {
        let key = match work {
            FailedWork::Open => "error-open",
            FailedWork::Keychain => {
                for state in self
                    .secrets
                    .values_mut()
                    .filter(|s| matches!(s, SecretState::Loading))
                {
                    *state = SecretState::Unavailable;
                }
                "error-keychain"
            }
            FailedWork::Save => "error-save",
            FailedWork::Settings => "error-settings",
            FailedWork::Damaged => return self.on_damaged(detail),
        };
        if work == FailedWork::Open {
            self.accounts = Some(Vec::new());
        }
        self.view.banner = Some(self.tr.with(key, &[("detail", Arg::Text(detail))]));
    }
}
