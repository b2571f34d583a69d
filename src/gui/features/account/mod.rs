//! One account at a time: adding it (typed key), the large code right after adding, editing its
//! labels and group, deleting it with a few seconds of undo, and revealing its key or QR code
//! behind a confirmation. Also how the vault worker's answers about accounts land in the
//! model's mirror. Drawn by [`add_ui`] and [`edit_ui`].
//! Must not depend on `app.rs`; starts no thread (work goes out as effects).

pub mod add_ui;
pub mod edit_ui;

use super::Effects;
use crate::gui::command::{Action, Reveal};
use crate::gui::model::Model;
use crate::gui::model::add_draft::AddDraft;
use crate::gui::model::mirror::SecretState;
use crate::gui::model::view::{Dialog, EditDraft, UNDO_MILLIS, Undo};
use crate::gui::runtime::worker::{Event, FailedWork, Job};
use crate::gui::support::i18n::Arg;
use crate::gui::support::message::Message;
use crate::otp::Secret;
use crate::store::AccountId;
use crate::store::metadata::Account;

pub fn update(model: &mut Model, fx: &mut Effects, action: &Action) {
    match action {
        Action::OpenAdd => model.view.dialog = Some(Dialog::Add(AddDraft::default())),
        Action::SubmitAdd => submit_add(model, fx),
        Action::OpenEdit(id) => {
            if let Some(a) = model.vault.account(id) {
                let draft = EditDraft {
                    id: id.clone(),
                    issuer: a.issuer.clone(),
                    name: a.name.clone(),
                    group: a.group.clone(),
                };
                model.view.dialog = Some(Dialog::Edit(draft));
            }
        }
        Action::SaveEdit => {
            if let Some(Dialog::Edit(d)) = model.view.dialog.take() {
                fx.vault(Job::Rename {
                    id: d.id,
                    issuer: d.issuer.trim().into(),
                    name: d.name.trim().into(),
                    group: d.group.trim().into(),
                });
            }
        }
        Action::AskDelete(id) => model.view.dialog = Some(Dialog::Delete(id.clone())),
        Action::ConfirmDelete(id) => {
            model.view.dialog = None;
            fx.vault(Job::Remove(id.clone(), model.clock.unix_secs()));
        }
        Action::Undo => undo(model, fx),
        Action::AskReveal(id, what) => {
            model.view.dialog = Some(Dialog::Reveal {
                id: id.clone(),
                what: *what,
                confirmed: false,
            });
        }
        Action::ConfirmReveal => {
            if let Some(Dialog::Reveal { confirmed, .. }) = &mut model.view.dialog {
                *confirmed = true;
            }
        }
        Action::CopyRevealedKey => copy_revealed_key(model, fx),
        _ => {}
    }
}

/// Copies the key shown in the Reveal dialog (only once the warning was confirmed), through the
/// same marked, self-clearing clipboard path as codes.
fn copy_revealed_key(model: &mut Model, fx: &mut Effects) {
    let Some(Dialog::Reveal {
        id,
        what: Reveal::Secret,
        confirmed: true,
    }) = &model.view.dialog
    else {
        return;
    };
    // A member's share holds codes, not a key: there is nothing to reveal.
    let Some(entry) = model.vault.entry(id).filter(|e| e.secret.is_key()) else {
        return;
    };
    let key = zeroize::Zeroizing::new(entry.secret.to_base32());
    super::list::copy_and_say(model, fx, &key, "key-copied", "key-copied-keep");
}

fn submit_add(model: &mut Model, fx: &mut Effects) {
    let Some(Dialog::Add(draft)) = &mut model.view.dialog else {
        return;
    };
    draft.tried = true;
    match draft.parse(&model.tr) {
        Ok((entry, _)) if draft.same_key.is_none() && same_key(&model.vault, &entry).is_some() => {
            draft.same_key = same_key(&model.vault, &entry);
        }
        Ok((entry, group)) => {
            model.view.dialog = None;
            fx.vault(Job::Add {
                entry,
                group,
                now_unix_secs: model.clock.unix_secs(),
            });
        }
        Err(errors) => draft.errors = errors,
    }
}

/// An account already in the list with the key of `entry` (the same key under another name is
/// most often the same account added twice).
fn same_key(
    vault: &crate::gui::model::mirror::VaultMirror,
    entry: &crate::otp::Entry,
) -> Option<(AccountId, String)> {
    vault
        .accounts()
        .iter()
        .find(|a| {
            matches!(vault.secrets.get(&a.id), Some(SecretState::Present(s)) if *s == entry.secret)
        })
        .map(|a| (a.id.clone(), a.label()))
}

fn undo(model: &mut Model, fx: &mut Effects) {
    let Some(Undo { account, .. }) = model.view.undo.take() else {
        return;
    };
    model.view.toast = None;
    // The account waits in the trash with its key: taking it out puts it back in its place.
    fx.vault(Job::Untrash(account.id));
}

/// The vault's answers about accounts. Returns the events that belong to other features.
pub fn on_event(model: &mut Model, fx: &mut Effects, event: Event) -> Option<Event> {
    match event {
        Event::Accounts(accounts) => on_accounts(model, fx, accounts),
        Event::Secret(id, secret) => on_secret(model, id, secret),
        Event::Added(id, secret) => {
            model
                .vault
                .secrets
                .insert(id.clone(), SecretState::Present(secret));
            model.view.select_and_reveal(&id);
            // The next step on the website is typing this code: show it large.
            model.view.dialog = Some(Dialog::Added(id));
        }
        Event::Restored(id, secret) => {
            model
                .vault
                .secrets
                .insert(id.clone(), SecretState::Present(secret));
            model.view.select_and_reveal(&id);
            let label = model.vault.label_of(&id);
            let text = model.tr.with("restored", &[("label", Arg::Text(&label))]);
            model.toast(text, false);
        }
        Event::Duplicate(id) => {
            let label = model.vault.label_of(&id);
            model.view.select_and_reveal(&id);
            let text = model.tr.with("duplicate", &[("label", Arg::Text(&label))]);
            model.toast(text, false);
        }
        Event::Removed(account) => on_removed(model, account),
        Event::Failed(work, detail) if work != FailedWork::Damaged => {
            on_failed(model, work, detail);
        }
        other => return Some(other),
    }
    None
}

fn on_accounts(model: &mut Model, fx: &mut Effects, accounts: Vec<Account>) {
    let unknown: Vec<AccountId> = accounts
        .iter()
        .filter(|a| !model.vault.secrets.contains_key(&a.id))
        .map(|a| a.id.clone())
        .collect();
    for id in &unknown {
        model.vault.secrets.insert(id.clone(), SecretState::Loading);
    }
    model.vault.accounts = Some(accounts);
    model.rebuild_items();
    if !unknown.is_empty() {
        fx.vault(Job::LoadSecrets(unknown));
    }
}

fn on_secret(model: &mut Model, id: AccountId, secret: Option<Secret>) {
    model.vault.secrets.insert(
        id,
        secret.map_or(SecretState::Missing, SecretState::Present),
    );
    let all_read = model
        .vault
        .secrets
        .values()
        .all(|s| !matches!(s, SecretState::Loading));
    if all_read && std::env::var_os("OTP_DESK_BENCH").is_some() {
        eprintln!(
            "otp-desk-bench secrets-loaded unix_ms={}",
            crate::clock::Clock::System.unix_millis()
        );
    }
}

fn on_removed(model: &mut Model, account: Account) {
    // Removed arrives before the new list, so the old place is still known.
    let index = model
        .accounts()
        .iter()
        .position(|a| a.id == account.id)
        .unwrap_or(usize::MAX);
    let label = account.label();
    if model.view.selected.as_ref() == Some(&account.id) {
        model.view.selected = None;
    }
    model.vault.hotp_codes.remove(&account.id);
    let text = model.tr.with("deleted", &[("label", Arg::Text(&label))]);
    match model.vault.secrets.remove(&account.id) {
        Some(SecretState::Present(secret)) => {
            let until_unix_millis = model.clock.unix_millis() + UNDO_MILLIS;
            model.view.undo = Some(Undo {
                account,
                secret,
                index,
                until_unix_millis,
            });
            model.toast(text, true);
        }
        _ => model.toast(text, false),
    }
}

fn on_failed(model: &mut Model, work: FailedWork, detail: Message) {
    let key = match work {
        FailedWork::Open => {
            model.vault.accounts = Some(Vec::new());
            "error-open"
        }
        FailedWork::Keychain => {
            for state in model
                .vault
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
        FailedWork::Damaged => return,
    };
    model.view.banner = Some(Message::new(key).with("detail", detail).show(&model.tr));
}
