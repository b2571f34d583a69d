//! `App::apply`: the one place actions change state, and how the worker's events land.

use std::time::Duration;

use eframe::egui;

use super::action::Action;
use super::add_dialog::AddDraft;
use super::app::{App, Dialog, SecretState, Toast, Undo};
use super::edit_dialog::EditDraft;
use super::i18n::{Arg, Tr};
use super::sections::Item;
use super::settings::{ThemeChoice, WindowGeometry};
use super::worker::Job;
use crate::otp::{Entry, OtpKind, code_at, seconds_left};
use crate::store::AccountId;

const TOAST_MILLIS: u64 = 3_000;
pub(super) const UNDO_MILLIS: u64 = 8_000;
/// Copying a code with less time left than this copies the next one instead.
const MIN_SECS_TO_TYPE: u32 = 3;

impl App {
    pub fn apply(&mut self, action: Action) {
        let Some(action) = self.gate(action) else {
            return;
        };
        match action {
            Action::Copy(id) => self.copy(&id),
            Action::CopySelected => {
                let id = self
                    .view
                    .selected
                    .clone()
                    .or_else(|| self.visible_ids().into_iter().next());
                if let Some(id) = id {
                    self.view.selected = Some(id.clone());
                    self.copy(&id);
                }
            }
            Action::NextHotp(id) => self.worker.send(Job::NextHotp(id)),
            Action::Select(id) => self.view.selected = Some(id),
            Action::MoveSelection(delta) => self.move_selection(delta),
            Action::FocusSearch => focus_search(&self.ctx),
            Action::Escape => self.escape(),
            Action::OpenAdd => self.view.dialog = Some(Dialog::Add(AddDraft::default())),
            Action::OpenImport(source) => self.open_import(source),
            Action::SubmitAdd => self.submit_add(),
            Action::OpenEdit(id) => {
                if let Some(a) = self.accounts().iter().find(|a| a.id == id) {
                    let draft = EditDraft {
                        id,
                        issuer: a.issuer.clone(),
                        name: a.name.clone(),
                        group: a.group.clone(),
                    };
                    self.view.dialog = Some(Dialog::Edit(draft));
                }
            }
            Action::SaveEdit => {
                if let Some(Dialog::Edit(d)) = self.view.dialog.take() {
                    let (issuer, name, group) = (
                        d.issuer.trim().into(),
                        d.name.trim().into(),
                        d.group.trim().into(),
                    );
                    self.worker.send(Job::Rename {
                        id: d.id,
                        issuer,
                        name,
                        group,
                    });
                }
            }
            Action::AskDelete(id) => self.view.dialog = Some(Dialog::Delete(id)),
            Action::ConfirmDelete(id) => {
                self.view.dialog = None;
                self.worker.send(Job::Remove(id));
            }
            Action::Undo => self.undo(),
            Action::AskReveal(id, what) => {
                self.view.dialog = Some(Dialog::Reveal {
                    id,
                    what,
                    confirmed: false,
                })
            }
            Action::ConfirmReveal => {
                if let Some(Dialog::Reveal { confirmed, .. }) = &mut self.view.dialog {
                    *confirmed = true;
                }
            }
            Action::TogglePin(id) => {
                let pinned = self
                    .accounts()
                    .iter()
                    .find(|a| a.id == id)
                    .is_some_and(|a| a.pinned);
                self.worker.send(Job::SetPinned(id, !pinned));
            }
            Action::Shift(id, delta) => self.shift(&id, delta),
            Action::ToggleSection(key) => {
                let folded = &mut self.settings.collapsed_groups;
                match folded.iter().position(|k| *k == key) {
                    Some(i) => _ = folded.remove(i),
                    None => folded.push(key),
                }
                self.rebuild_items();
                self.save_settings();
            }
            Action::OpenSettings => self.view.dialog = Some(Dialog::Settings),
            Action::SetLanguage(choice) => {
                self.settings.language = choice;
                self.tr = Tr::new(choice.resolve());
                self.save_settings();
            }
            Action::SetTheme(choice) => {
                self.settings.theme = choice;
                self.apply_theme();
                self.save_settings();
            }
            Action::SetClearDelay(secs) => {
                self.settings.clipboard_clear_secs = secs;
                self.save_settings();
            }
            Action::SetAlwaysOnTop(on) => {
                self.settings.always_on_top = on;
                let level = if on {
                    egui::WindowLevel::AlwaysOnTop
                } else {
                    egui::WindowLevel::Normal
                };
                self.ctx
                    .send_viewport_cmd(egui::ViewportCommand::WindowLevel(level));
                self.save_settings();
            }
            Action::SetCloseToTray(on) => self.set_close_to_tray(on),
            Action::SetStartWithComputer(on) => self.set_start_with_computer(on),
            Action::CloseDialog => self.view.dialog = None,
            Action::DismissBanner => self.view.banner = None,
            Action::Import(action) => self.import_action(action),
            Action::Safety(action) => self.apply_safety(action),
            Action::Export(action) => self.export_action(action),
        }
    }

    pub(super) fn apply_theme(&self) {
        self.ctx.set_theme(match self.settings.theme {
            ThemeChoice::System => egui::ThemePreference::System,
            ThemeChoice::Light => egui::ThemePreference::Light,
            ThemeChoice::Dark => egui::ThemePreference::Dark,
        });
    }

    pub(super) fn toast(&mut self, text: String, undo: bool) {
        let millis = if undo { UNDO_MILLIS } else { TOAST_MILLIS };
        self.view.toast = Some(Toast {
            text,
            until_unix_millis: self.clock.unix_millis() + millis,
            undo,
        });
    }

    pub(super) fn copy(&mut self, id: &AccountId) {
        let Some(account) = self.accounts().iter().find(|a| &a.id == id).cloned() else {
            return;
        };
        self.view.selected = Some(id.clone());
        let code = match (account.params.kind(), self.secrets.get(id)) {
            (_, Some(SecretState::Missing)) => {
                return self.toast(self.tr.get("copy-missing"), false);
            }
            (OtpKind::Hotp { .. }, _) => match self.hotp_codes.get(id) {
                Some(code) => code.clone(),
                None => {
                    self.view.copy_when_generated = Some(id.clone());
                    return self.worker.send(Job::NextHotp(id.clone()));
                }
            },
            (_, Some(SecretState::Present(secret))) => {
                let now = self.clock.unix_secs();
                let left = seconds_left(&account.params, now).unwrap_or(u32::MAX);
                if left < MIN_SECS_TO_TYPE {
                    let next = code_at(&account.params, secret, now + u64::from(left));
                    self.put_on_clipboard(&next);
                    self.log_copy(&account);
                    return self.toast(
                        self.tr
                            .with("copied-next", &[("seconds", Arg::Number(i64::from(left)))]),
                        false,
                    );
                }
                code_at(&account.params, secret, now)
            }
            _ => return self.toast(self.tr.get("copy-not-ready"), false),
        };
        self.put_on_clipboard(&code);
        self.log_copy(&account);
        let secs = self.settings.clipboard_clear_secs;
        let text = if secs == 0 {
            self.tr.get("copied-keep")
        } else {
            self.tr
                .with("copied", &[("seconds", Arg::Number(i64::from(secs)))])
        };
        self.toast(text, false);
    }

    fn put_on_clipboard(&mut self, code: &str) {
        let secs = self.settings.clipboard_clear_secs;
        self.clipboard.copy(
            code,
            (secs > 0).then(|| Duration::from_secs(u64::from(secs))),
        );
    }

    fn visible_ids(&self) -> Vec<AccountId> {
        let accounts = self.accounts();
        self.items
            .iter()
            .filter_map(|item| {
                if let Item::Row(i) = item {
                    Some(accounts[*i].id.clone())
                } else {
                    None
                }
            })
            .collect()
    }

    fn move_selection(&mut self, delta: i32) {
        let ids = self.visible_ids();
        if ids.is_empty() {
            return;
        }
        let current = self
            .view
            .selected
            .as_ref()
            .and_then(|s| ids.iter().position(|id| id == s));
        let next = match current {
            None if delta > 0 => 0,
            None => ids.len() - 1,
            Some(i) => i.saturating_add_signed(delta as isize).min(ids.len() - 1),
        };
        self.view.selected = Some(ids[next].clone());
        self.view.scroll_to_selected = true;
        // Arrow keys leave the search field so Enter copies.
        self.ctx
            .memory_mut(|m| m.surrender_focus(super::chrome::search_id()));
    }

    fn escape(&mut self) {
        if self.view.dialog.take().is_none() {
            self.ctx
                .memory_mut(|m| m.surrender_focus(super::chrome::search_id()));
            if !self.view.search.is_empty() {
                self.view.search.clear();
                self.rebuild_items();
            }
        }
    }

    fn submit_add(&mut self) {
        let Some(Dialog::Add(draft)) = &mut self.view.dialog else {
            return;
        };
        draft.tried = true;
        match draft.parse(&self.tr) {
            Ok((entry, group)) => {
                let now_unix_secs = self.clock.unix_secs();
                self.view.dialog = None;
                self.worker.send(Job::Add {
                    entry,
                    group,
                    now_unix_secs,
                });
            }
            Err(errors) => draft.errors = errors,
        }
    }

    fn undo(&mut self) {
        let Some(undo) = self.view.undo.take() else {
            return;
        };
        self.view.toast = None;
        let Undo {
            account,
            secret,
            index,
            ..
        } = undo;
        let entry = Entry {
            issuer: account.issuer,
            name: account.name,
            params: account.params,
            secret,
        };
        let now_unix_secs = self.clock.unix_secs();
        self.worker.send(Job::Restore {
            entry,
            group: account.group,
            pinned: account.pinned,
            index,
            now_unix_secs,
        });
    }

    /// Moves `id` past its neighbour in the same section, as shown.
    fn shift(&mut self, id: &AccountId, delta: i32) {
        let ids = self.visible_ids();
        let Some(pos) = ids.iter().position(|i| i == id) else {
            return;
        };
        let Some(neighbour) = pos
            .checked_add_signed(delta as isize)
            .and_then(|p| ids.get(p))
        else {
            return;
        };
        let accounts = self.accounts();
        let section = |id: &AccountId| {
            accounts
                .iter()
                .find(|a| &a.id == id)
                .map(|a| (a.pinned, a.group.trim().to_owned()))
        };
        if section(id) != section(neighbour) {
            return;
        }
        if let Some(to_index) = accounts.iter().position(|a| &a.id == neighbour) {
            self.worker.send(Job::Move {
                id: id.clone(),
                to_index,
            });
        }
    }

    pub(super) fn expire(&mut self, now_ms: u64) {
        if self
            .view
            .toast
            .as_ref()
            .is_some_and(|t| t.until_unix_millis <= now_ms)
        {
            self.view.toast = None;
        }
        if self
            .view
            .undo
            .as_ref()
            .is_some_and(|u| u.until_unix_millis <= now_ms)
        {
            self.view.undo = None;
        }
        if let Some(message) = self.clipboard.take_error() {
            self.view.banner = Some(
                self.tr
                    .with("error-clipboard", &[("detail", Arg::Text(&message))]),
            );
        }
    }

    /// Remembers the window's place and size (saved on exit).
    pub(super) fn track_window(&mut self, ctx: &egui::Context) {
        let (outer, inner, minimized) = ctx.input(|i| {
            (
                i.viewport().outer_rect,
                i.viewport().inner_rect,
                i.viewport().minimized,
            )
        });
        if minimized == Some(true) {
            return;
        }
        if let (Some(outer), Some(inner)) = (outer, inner) {
            let geometry = WindowGeometry {
                x: outer.min.x,
                y: outer.min.y,
                width: inner.width(),
                height: inner.height(),
            };
            if self.settings.window != Some(geometry) {
                self.settings.window = Some(geometry);
            }
        }
    }
}

fn focus_search(ctx: &egui::Context) {
    let id = super::chrome::search_id();
    ctx.memory_mut(|m| m.request_focus(id));
    // Put the cursor after what was typed so far.
    if let Some(mut state) = egui::TextEdit::load_state(ctx, id) {
        let end = egui::text::CCursor::new(usize::MAX / 2);
        state
            .cursor
            .set_char_range(Some(egui::text::CCursorRange::one(end)));
        state.store(ctx, id);
    }
}
