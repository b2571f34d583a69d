//! Re-enrolling an account in place (admins): the steps on the website, the new key (typed,
//! or read from its QR code through the import panel), its live code to enter there, and only
//! then the swap — the account keeps its id, group, pin, order, shares and history; the old
//! key waits in the trash. Never imports `app.rs`.

pub mod rekey_ui;

use super::Effects;
use super::desk::DeskState;
use super::import::ImportState;
use crate::gui::command::RekeyAction;
use crate::gui::model::Model;
use crate::gui::model::mirror::SecretState;
use crate::gui::model::view::{Dialog, RekeyDraft};
use crate::gui::runtime::worker::Job;
use crate::otp::{Entry, Secret};
use crate::store::AccountId;
use crate::store::audit_log::{AuditAction, Via};

pub fn update(imp: &mut ImportState, model: &mut Model, fx: &mut Effects, action: &RekeyAction) {
    match action {
        RekeyAction::Open(account) => {
            model.view.dialog = Some(Dialog::Rekey(Box::new(RekeyDraft::new(account.clone()))));
        }
        RekeyAction::Typed => read_typed(model),
        RekeyAction::ReadQr => {
            if let Some(Dialog::Rekey(draft)) = &model.view.dialog {
                let account = draft.account.clone();
                super::import::open_for_rekey(imp, model, account);
            }
        }
        RekeyAction::Confirm => {
            let Some(Dialog::Rekey(draft)) = &model.view.dialog else {
                return;
            };
            let Some(entry) = draft.entry.clone() else {
                return;
            };
            fx.vault(Job::Rekey {
                id: draft.account.clone(),
                entry,
                now_unix_secs: model.clock.unix_secs(),
            });
        }
    }
}

/// The field holds an otpauth link or the key itself (as the website's "can't scan?" shows
/// it); the account's code settings stay for a bare key.
fn read_typed(model: &mut Model) {
    let Some(Dialog::Rekey(draft)) = &mut model.view.dialog else {
        return;
    };
    let text = draft.typed.trim();
    draft.error = None;
    draft.entry = None;
    if text.is_empty() {
        return;
    }
    let Some(account) = model.vault.account(&draft.account) else {
        return;
    };
    let read = if crate::uri::is_otpauth_uri(text) {
        crate::uri::parse(text).ok()
    } else {
        Secret::parse_base32(text)
            .ok()
            .map(|secret| account.entry(secret))
    };
    match read {
        Some(entry) => draft.entry = Some(entry),
        None => draft.error = Some(model.tr.get("rekey-unreadable")),
    }
}

/// The vault gave the account its new key.
pub fn on_rekeyed(
    desk: &mut DeskState,
    model: &mut Model,
    fx: &mut Effects,
    id: AccountId,
    entry: Entry,
) {
    model
        .vault
        .secrets
        .insert(id.clone(), SecretState::Present(entry.secret.clone()));
    if matches!(&model.view.dialog, Some(Dialog::Rekey(d)) if d.account == id) {
        model.view.dialog = None;
    }
    let account = model.vault.account(&id).cloned();
    super::desk::audit(
        model,
        fx,
        AuditAction::Rekey,
        account.as_ref(),
        Via::Window,
        None,
    );
    let label = model.vault.label_of(&id);
    let text = model.tr.with(
        "rekey-done",
        &[("label", crate::gui::support::i18n::Arg::Text(&label))],
    );
    model.toast(text, false);
    let now = model.base_clock.unix_secs();
    super::desk::leaving::after_rekey(desk, fx, (id, entry), now);
}
