//! The account list: rows with live codes, sections, search, selection and arrangement, and
//! copying a code (the one thing the window is for). Owns no state of its own beyond the
//! model's view; [`list_ui`], [`row_ui`] and [`chrome_ui`] draw it.
//! Must not depend on `app.rs`; starts no thread (work goes out as effects).

pub mod chrome_ui;
pub mod list_ui;
pub mod row_ui;
pub mod spoken;

use std::time::Duration;

use eframe::egui;

use super::Effects;
use crate::gui::command::Action;
use crate::gui::model::Model;
use crate::gui::model::mirror::SecretState;
use crate::gui::model::view::Dialog;
use crate::gui::runtime::worker::Job;
use crate::gui::support::i18n::Arg;
use crate::otp::OtpKind;
use crate::store::AccountId;

/// The list's actions (others are ignored here).
pub fn update(model: &mut Model, fx: &mut Effects, ctx: &egui::Context, action: &Action) {
    match action {
        Action::Copy(id) => copy(model, fx, id),
        Action::TrayCopy(id) => {
            model.view.via_tray = true;
            copy(model, fx, id);
            model.view.via_tray = false;
        }
        Action::CopySelected => {
            let id = model
                .view
                .selected
                .clone()
                .or_else(|| model.visible_ids().into_iter().next());
            if let Some(id) = id {
                model.view.selected = Some(id.clone());
                copy(model, fx, &id);
            }
        }
        Action::NextHotp(id) => fx.vault(Job::NextHotp(id.clone())),
        Action::Select(id) => {
            // From the Add form's "this key is already here": go to that account.
            if matches!(model.view.dialog, Some(Dialog::Add(_))) {
                model.view.dialog = None;
                model.view.select_and_reveal(id);
            } else {
                model.view.selected = Some(id.clone());
            }
        }
        Action::MoveSelection(delta) => move_selection(model, ctx, *delta),
        Action::FocusSearch => focus_search(ctx),
        Action::Escape => escape(model, ctx),
        Action::TogglePin(id) => {
            let pinned = model.vault.account(id).is_some_and(|a| a.pinned);
            fx.vault(Job::SetPinned(id.clone(), !pinned));
        }
        Action::Shift(id, delta) => shift(model, fx, id, *delta),
        Action::ToggleSection(key) => {
            let folded = &mut model.settings.collapsed_groups;
            match folded.iter().position(|k| k == key) {
                Some(i) => _ = folded.remove(i),
                None => folded.push(key.clone()),
            }
            model.rebuild_items();
            fx.save_settings();
        }
        Action::DismissBanner => model.view.banner = None,
        _ => {}
    }
}

/// Copies the code of `id` (the next one when this one is about to expire), logs the copy and
/// says when the clipboard will be cleared. HOTP copies the code generated last, or generates
/// one and copies it when it arrives.
pub fn copy(model: &mut Model, fx: &mut Effects, id: &AccountId) {
    let Some(account) = model.vault.account(id).cloned() else {
        return;
    };
    model.view.selected = Some(id.clone());
    let code = match (account.params.kind(), model.vault.secrets.get(id)) {
        (_, Some(SecretState::Missing)) => return model.toast_key("copy-missing"),
        (OtpKind::Hotp { .. }, _) => match model.vault.hotp_codes.get(id) {
            Some(code) => code.clone(),
            None => {
                model.view.copy_when_generated = Some(id.clone());
                return fx.vault(Job::NextHotp(id.clone()));
            }
        },
        (_, Some(SecretState::Present(_))) => {
            let view = model.vault.code_view(&account, model.clock.unix_secs());
            match view.to_give() {
                None => return model.toast_key("codes-run-out"),
                Some((next, Some(left))) => {
                    put_on_clipboard(model, fx, next);
                    super::copy_log::log_copy(model, fx, &account);
                    let text = model
                        .tr
                        .with("copied-next", &[("seconds", Arg::Number(i64::from(left)))]);
                    return model.toast(text, false);
                }
                Some((code, None)) => code.to_owned(),
            }
        }
        _ => return model.toast_key("copy-not-ready"),
    };
    copy_and_say(model, fx, &code, "copied", "copied-keep");
    super::copy_log::log_copy(model, fx, &account);
}

/// Copies `text` (a code, or a revealed key) with the clear delay from Settings and says so in
/// a toast: `cleared` (with `$seconds`) when it will be cleared, `kept` when it is kept.
pub fn copy_and_say(model: &mut Model, fx: &mut Effects, text: &str, cleared: &str, kept: &str) {
    put_on_clipboard(model, fx, text);
    let secs = model.settings.clipboard_clear_secs;
    let said = if secs == 0 {
        model.tr.get(kept)
    } else {
        let seconds = Arg::Number(i64::from(secs));
        model.tr.with(cleared, &[("seconds", seconds)])
    };
    model.toast(said, false);
}

fn put_on_clipboard(model: &Model, fx: &mut Effects, code: &str) {
    let secs = model.settings.clipboard_clear_secs;
    fx.copy(
        code,
        (secs > 0).then(|| Duration::from_secs(u64::from(secs))),
    );
}

/// A generated HOTP code arrived; copy it if a copy was waiting for it.
pub fn on_hotp(model: &mut Model, fx: &mut Effects, id: AccountId, code: String) {
    model.vault.hotp_codes.insert(id.clone(), code);
    if model.view.copy_when_generated.as_ref() == Some(&id) {
        model.view.copy_when_generated = None;
        copy(model, fx, &id);
    }
}

fn move_selection(model: &mut Model, ctx: &egui::Context, delta: i32) {
    let ids = model.visible_ids();
    if ids.is_empty() {
        return;
    }
    let current = model
        .view
        .selected
        .as_ref()
        .and_then(|s| ids.iter().position(|id| id == s));
    let next = match current {
        None if delta > 0 => 0,
        None => ids.len() - 1,
        Some(i) => i.saturating_add_signed(delta as isize).min(ids.len() - 1),
    };
    model.view.select_and_reveal(&ids[next]);
    // Arrow keys leave the search field, or a row or button reached with Tab, so Enter
    // copies the row they highlight.
    ctx.memory_mut(|m| {
        if let Some(focused) = m.focused() {
            m.surrender_focus(focused);
        }
    });
}

fn escape(model: &mut Model, ctx: &egui::Context) {
    if model.view.dialog.take().is_none() {
        ctx.memory_mut(|m| m.surrender_focus(chrome_ui::search_id()));
        if !model.view.search.is_empty() {
            model.view.search.clear();
            model.rebuild_items();
        }
    }
}

/// Moves `id` past its neighbour in the same section, as shown.
fn shift(model: &Model, fx: &mut Effects, id: &AccountId, delta: i32) {
    let ids = model.visible_ids();
    let Some(pos) = ids.iter().position(|i| i == id) else {
        return;
    };
    let Some(neighbour) = pos
        .checked_add_signed(delta as isize)
        .and_then(|p| ids.get(p))
    else {
        return;
    };
    let section = |id: &AccountId| {
        model
            .vault
            .account(id)
            .map(|a| (a.pinned, a.group.trim().to_owned()))
    };
    if section(id) != section(neighbour) {
        return;
    }
    if let Some(to_index) = model.accounts().iter().position(|a| &a.id == neighbour) {
        fx.vault(Job::Move {
            id: id.clone(),
            to_index,
        });
    }
}

fn focus_search(ctx: &egui::Context) {
    let id = chrome_ui::search_id();
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
