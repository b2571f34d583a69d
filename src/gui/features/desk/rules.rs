//! What a member may do in desk mode, and which actions the audit log records.

use super::{DeskState, audit};
use crate::gui::command::{Action, DeskAction, ExportAction, ImportAction, SafetyAction};
use crate::gui::features::Effects;
use crate::gui::model::Model;
use crate::store::AccountId;
use crate::store::audit_log::{AuditAction, Via};

/// Before any action: in desk mode a member may read and copy codes and change their view,
/// nothing else; refused actions say so in a toast.
pub fn gate(state: &DeskState, model: &mut Model, action: Action) -> Option<Action> {
    if !state.is_on() || model.may_manage() || !admin_only(&action) {
        return Some(action);
    }
    model.toast_key("member-refused");
    None
}

fn admin_only(action: &Action) -> bool {
    match action {
        Action::OpenAdd
        | Action::OpenImport(_)
        | Action::SubmitAdd
        | Action::OpenEdit(_)
        | Action::SaveEdit
        | Action::AskDelete(_)
        | Action::ConfirmDelete(_)
        | Action::Undo
        | Action::AskReveal(..)
        | Action::ConfirmReveal
        | Action::CopyRevealedKey
        | Action::TogglePin(_)
        | Action::Shift(..)
        | Action::Rekey(_)
        | Action::Team(_) => true,
        Action::Import(a) => !matches!(a, ImportAction::Cancel),
        Action::Export(a) => !matches!(a, ExportAction::DismissReminder),
        Action::Safety(a) => matches!(
            a,
            SafetyAction::SetPassword
                | SafetyAction::RemovePassword
                | SafetyAction::SetIdleMins(_)
                | SafetyAction::SetCopyLog(_)
                | SafetyAction::ShowCopyLog
                | SafetyAction::RestoreBackup
                | SafetyAction::RecoverOrphans
        ),
        Action::Desk(a) => !matches!(
            a,
            DeskAction::Pick(_)
                | DeskAction::Unlock
                | DeskAction::SwitchPerson
                | DeskAction::OpenOwnPin
                | DeskAction::SubmitOwnPin
        ),
        _ => false,
    }
}

/// After an action got through: the audit records of what it does.
pub fn record_action(model: &Model, fx: &mut Effects, action: &Action) {
    if model.acting.is_none() {
        return;
    }
    let account = |id: &AccountId| model.vault.account(id).cloned();
    let mut detail = None;
    let (what, account) = match action {
        Action::ConfirmReveal => match &model.view.dialog {
            Some(crate::gui::model::view::Dialog::Reveal { id, .. }) => {
                (AuditAction::Reveal, account(id))
            }
            _ => return,
        },
        Action::SaveEdit => match &model.view.dialog {
            Some(crate::gui::model::view::Dialog::Edit(d)) => {
                let before = account(&d.id);
                // A new label is written as "old → new": the line keeps the label the account
                // had until now, and the leaving list follows the account through its names.
                if let Some(before) = &before {
                    let after = crate::otp::display_label(d.issuer.trim(), d.name.trim());
                    let old = before.label();
                    detail = (after != old).then(|| format!("{old} → {after}"));
                }
                (AuditAction::Edit, before)
            }
            _ => return,
        },
        Action::TogglePin(id) | Action::Shift(id, _) => (AuditAction::Edit, account(id)),
        Action::ConfirmDelete(id) => (AuditAction::Delete, account(id)),
        Action::SubmitAdd | Action::Import(ImportAction::Confirm) => (AuditAction::Add, None),
        Action::Export(ExportAction::WriteEncrypted | ExportAction::WritePlain(_)) => {
            (AuditAction::Export, None)
        }
        Action::Export(ExportAction::ShowPhone) => (AuditAction::Export, None),
        _ => return,
    };
    audit(model, fx, what, account.as_ref(), Via::Window, detail);
}
