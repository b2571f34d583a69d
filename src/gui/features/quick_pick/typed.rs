//! What the quick pick and the accounts' own shortcuts type, and what happens when the typing
//! finished: the code to give ([`CodeView::to_give`](crate::gui::model::mirror::CodeView)),
//! the audit record "typed" (never the code), or why nothing was typed.
//! Must not depend on `app.rs`.

use zeroize::Zeroizing;

use super::{Effects, QuickPickState};
use crate::gui::command::PickAction;
use crate::gui::model::Model;
use crate::gui::model::mirror::SecretState;
use crate::gui::support::i18n::Arg;
use crate::otp::OtpKind;
use crate::platform::typing::TypingError;
use crate::store::AccountId;
use crate::store::audit_log::{AuditAction, Via};
use crate::store::metadata::Account;

/// The code to type now: the next one when this one has under 3 seconds left (it would expire
/// while the page sends it). HOTP types the code generated last.
pub(super) fn code_to_type(
    model: &Model,
    account: &Account,
) -> Result<Zeroizing<String>, &'static str> {
    let id = &account.id;
    match (account.params.kind(), model.vault.secrets.get(id)) {
        (_, Some(SecretState::Missing)) => Err("copy-missing"),
        (OtpKind::Hotp { .. }, _) => model
            .vault
            .hotp_codes
            .get(id)
            .map(|c| Zeroizing::new(c.clone()))
            .ok_or("quick-pick-hotp"),
        (_, Some(SecretState::Present(_))) => model
            .vault
            .code_view(account, model.clock.unix_secs())
            .to_give()
            .map(|(code, _)| Zeroizing::new(code.to_owned()))
            .ok_or("codes-run-out"),
        _ => Err("copy-not-ready"),
    }
}

/// The typing finished: record it (never the code), or say why nothing was typed and open the
/// quick pick again so the person sees it.
pub fn on_typed(
    state: &mut QuickPickState,
    model: &mut Model,
    fx: &mut Effects,
    result: Result<(), TypingError>,
    id: &AccountId,
    title: Option<String>,
) {
    let account = model.vault.account(id).cloned();
    match result {
        Ok(()) => {
            tracing::info!("the quick pick typed a code");
            if let Some(account) = &account {
                let typed = AuditAction::Typed;
                crate::gui::features::desk::audit(
                    model,
                    fx,
                    typed,
                    Some(account),
                    Via::Window,
                    title,
                );
                let label = account.label();
                let said = model.tr.with("typed", &[("account", Arg::Text(&label))]);
                model.toast(said, false);
            }
        }
        Err(e) => {
            tracing::warn!(error = %e, "the quick pick typed nothing");
            let detail = model.tr.get(typing_error_key(&e));
            let said = model
                .tr
                .with("typing-failed", &[("detail", Arg::Text(&detail))]);
            model.toast(said.clone(), false);
            state.pending_notice = Some(said);
            fx.then(crate::gui::command::Action::QuickPick(PickAction::Open));
        }
    }
}

pub fn typing_error_key(e: &TypingError) -> &'static str {
    match e {
        TypingError::TargetGone => "typing-error-gone",
        TypingError::NoFocus => "typing-error-focus",
        TypingError::ModifiersHeld => "typing-error-held",
        TypingError::Wayland => "typing-error-wayland",
        TypingError::Accessibility => "typing-error-accessibility",
        TypingError::Unsupported => "typing-error-unsupported",
        TypingError::Refused(_) => "typing-error-refused",
    }
}
