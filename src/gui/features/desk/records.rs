//! The admin's records: the Trash (restore, purge) and the audit Log (read, CSV).

use std::sync::Arc;

use super::{DeskDone, DeskState, audit, lock};
use crate::gui::command::DeskAction;
use crate::gui::features::{Done, Effects};
use crate::gui::model::Model;
use crate::gui::model::view::Dialog;
use crate::gui::runtime::worker::Job;
use crate::gui::support::errors;
use crate::gui::support::message::Message;
use crate::store::AccountId;
use crate::store::audit_log::{AuditAction, Via};

pub fn update(state: &mut DeskState, model: &mut Model, fx: &mut Effects, action: &DeskAction) {
    match action {
        DeskAction::OpenTrash => {
            model.view.dialog = Some(Dialog::Trash(Vec::new()));
            fx.vault(Job::ReadTrash);
        }
        DeskAction::RestoreTrashed(id) => {
            audit_trashed(model, fx, AuditAction::Restore, id);
            fx.vault(Job::Untrash(id.clone()));
        }
        DeskAction::PurgeTrashed(id) => {
            audit_trashed(model, fx, AuditAction::Purge, id);
            fx.vault(Job::Purge(id.clone()));
            if let (Some(desk), Some(session)) = (state.desk(), &state.session) {
                let now = model.base_clock.unix_secs();
                let _ = lock(&desk).forget_account(session, id, now);
            }
        }
        DeskAction::OpenLog => {
            if let Some(dir) = &model.data_dir {
                fx.vault(Job::ReadAudit {
                    dir: dir.clone(),
                    keychain: model.keychain.clone(),
                });
            }
        }
        _ => {}
    }
}

fn audit_trashed(model: &Model, fx: &mut Effects, what: AuditAction, id: &AccountId) {
    let account = match &model.view.dialog {
        Some(Dialog::Trash(list)) => list.iter().find(|a| &a.id == id).cloned(),
        _ => None,
    };
    audit(model, fx, what, account.as_ref(), Via::Window, None);
}

/// The log's CSV, written where the admin chooses.
pub fn export_log_csv(
    model: &Model,
    fx: &mut Effects,
    target: Arc<dyn crate::gui::features::export::jobs::SaveTarget>,
) {
    let Some(Dialog::Log(view)) = &model.view.dialog else {
        return;
    };
    let shown: Vec<_> = view.shown().into_iter().rev().collect();
    let records: Vec<_> = shown.iter().map(|(_, r)| (*r).clone()).collect();
    let desks: Option<Vec<String>> = view.team.as_ref().map(|_| {
        shown
            .iter()
            .map(|(d, _)| d.unwrap_or_default().to_owned())
            .collect()
    });
    let title = model.tr.get("log-export");
    audit(
        model,
        fx,
        AuditAction::Export,
        None,
        Via::Window,
        Some("audit log CSV".into()),
    );
    fx.task(
        "log-csv",
        move || {
            let result = match target.choose(&title, "otp-desk-audit-log.csv") {
                None => Ok(None),
                Some(path) => {
                    let desks: Option<Vec<&str>> = desks
                        .as_ref()
                        .map(|d| d.iter().map(String::as_str).collect());
                    let csv = crate::store::audit_log::to_csv(&records, desks.as_deref());
                    crate::store::private_file::write_private(&path, csv.as_bytes())
                        .map(|()| Some(path.clone()))
                        .map_err(|e| {
                            Message::new("err-file-write")
                                .text("path", path.display().to_string())
                                .with("reason", errors::io(&e))
                        })
                }
            };
            Done::Desk(DeskDone::LogExported(result))
        },
        || Done::Desk(DeskDone::LogExported(Err(errors::internal()))),
    );
}
