//! The vault worker's changes: each [`Job`] that edits the vault, and the reads that answer
//! with more than one event. Runs on the worker (a thread, or inline in tests).

use super::worker::{Event, FailedWork, Job};
use crate::gui::support::errors;
use crate::gui::support::message::Message;
use crate::store::AccountId;
use crate::vault::{AddOutcome, Vault};

pub(super) fn load_secrets(vault: &Vault, ids: Vec<AccountId>, emit: &mut dyn FnMut(Event)) {
    for id in ids {
        match vault.secret(&id) {
            Ok(secret) => emit(Event::Secret(id, secret)),
            Err(e) => {
                // Locked or unreachable: every other read would fail the same way.
                tracing::warn!(error = %e, "reading the keychain failed");
                emit(Event::Failed(FailedWork::Keychain, errors::vault(&e)));
                return;
            }
        }
    }
}

pub(super) fn change(
    vault: &mut Vault,
    job: Job,
    emit: &mut dyn FnMut(Event),
) -> Result<(), Message> {
    match job {
        Job::Add {
            entry,
            group,
            now_unix_secs,
        } => {
            let secret = entry.secret.clone();
            match vault
                .add(entry, now_unix_secs)
                .map_err(|e| errors::vault(&e))?
            {
                AddOutcome::Added(id) => {
                    if !group.is_empty() {
                        vault
                            .update(&id, |a| a.group = group)
                            .map_err(|e| errors::vault(&e))?;
                    }
                    emit(Event::Added(id, secret));
                }
                AddOutcome::Duplicate(id) => emit(Event::Duplicate(id)),
            }
        }
        Job::Rekey {
            id,
            entry,
            now_unix_secs,
        } => {
            vault
                .rekey(&id, &entry, now_unix_secs)
                .map_err(|e| errors::vault(&e))?;
            let entry = vault
                .entry(&id)
                .map_err(|e| errors::vault(&e))?
                .ok_or_else(|| Message::new("err-unknown-account"))?;
            emit(Event::Accounts(vault.accounts().to_vec()));
            emit(Event::Rekeyed(id, Box::new(entry)));
        }
        Job::Remove(id, now_unix_secs) => emit(Event::Removed(
            vault
                .trash(&id, now_unix_secs)
                .map_err(|e| errors::vault(&e))?,
        )),
        Job::Untrash(id) => {
            vault.restore(&id).map_err(|e| errors::vault(&e))?;
            if let Some(secret) = vault.secret(&id).map_err(|e| errors::vault(&e))? {
                emit(Event::Restored(id, secret));
            }
            emit_trash(vault, emit);
        }
        Job::Purge(id) => {
            vault.remove(&id).map_err(|e| errors::vault(&e))?;
            emit_trash(vault, emit);
        }
        Job::PurgeExpired(now_unix_secs) => {
            let purged = vault
                .purge_expired(now_unix_secs)
                .map_err(|e| errors::vault(&e))?;
            if !purged.is_empty() {
                emit(Event::Purged(purged));
            }
        }
        Job::Rename {
            id,
            issuer,
            name,
            group,
        } => vault
            .update(&id, |a| {
                a.issuer = issuer;
                a.name = name;
                a.group = group;
            })
            .map_err(|e| errors::vault(&e))?,
        Job::SetPinned(id, pinned) => vault
            .update(&id, |a| a.pinned = pinned)
            .map_err(|e| errors::vault(&e))?,
        Job::Move { id, to_index } => vault
            .reorder(&id, to_index)
            .map_err(|e| errors::vault(&e))?,
        Job::AddImported {
            items,
            now_unix_secs,
        } => emit(Event::Imported(
            vault
                .add_found(items, now_unix_secs)
                .map_err(|e| errors::vault(&e))?,
        )),
        Job::NextHotp(id) => {
            if let Some(code) = vault.next_hotp(&id).map_err(|e| errors::vault(&e))? {
                emit(Event::Hotp(id, code));
            }
        }
        Job::Recover(ids, now_unix_secs) => emit(Event::Recovered(
            vault
                .recover(&ids, now_unix_secs)
                .map_err(|e| errors::vault(&e))?,
        )),
        Job::LoadSecrets(_)
        | Job::SaveSettings { .. }
        | Job::LogCopy { .. }
        | Job::ReadCopyLog(_)
        | Job::Audit { .. }
        | Job::ReadAudit { .. }
        | Job::ReadTrash
        | Job::FindOrphans
        | Job::RefreshIfChanged
        | Job::TeamSync { .. } => {}
    }
    Ok(())
}

pub(super) fn emit_trash(vault: &Vault, emit: &mut dyn FnMut(Event)) {
    emit(Event::Trash(vault.trashed().into_iter().cloned().collect()));
}

pub(super) fn find_orphans(vault: &Vault, emit: &mut dyn FnMut(Event)) {
    match vault.orphans() {
        Ok(found) if !found.is_empty() => emit(Event::Orphans(
            found.into_iter().map(|(id, e)| (id, e.label())).collect(),
        )),
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "looking for orphaned keychain items failed"),
    }
}

/// What the worker remembers between team syncs.
#[derive(Default)]
pub struct TeamMemo {
    /// The accounts file as the last team sync left it (size, time), so an unchanged desk and
    /// folder cost no folder read.
    stamp: Option<(u64, std::time::SystemTime)>,
    /// Accounts this window purged that the team has not been told of yet (that needs an
    /// admin's sync); until then the sync does not make them here again.
    purged: Vec<AccountId>,
    /// The audit log's current file as last seen, and when the lines waiting in it are due to
    /// go to the team ([`crate::desk::team::shared_log`]): a sync runs then, even when nothing
    /// else changed.
    log_stamp: Option<(u64, std::time::SystemTime)>,
    log_due: Option<u64>,
}

fn stamp(path: &std::path::Path) -> Option<(u64, std::time::SystemTime)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

impl TeamMemo {
    /// Accounts a change job deleted for good (a purge): the team is told at the next sync.
    pub fn note_purged(&mut self, before: Vec<AccountId>, vault: &Vault) {
        let now: Vec<&AccountId> = vault.all_accounts().iter().map(|a| &a.id).collect();
        self.purged
            .extend(before.into_iter().filter(|id| !now.contains(&id)));
    }

    /// Runs a `Job::TeamSync` when the folder or this desk's accounts changed, reporting the
    /// team's status and people, then the accounts if the sync changed them.
    pub fn sync(&mut self, vault: Option<&mut Vault>, job: Job, emit: &mut dyn FnMut(Event)) {
        let Job::TeamSync {
            dir,
            keychain,
            session,
            folder_changed,
            now_unix_secs,
        } = job
        else {
            return;
        };
        let file = dir.join(crate::store::metadata::FILE_NAME);
        let log_stamp = stamp(&dir.join(crate::store::audit_log::FILE_NAME));
        if log_stamp != self.log_stamp {
            // New lines: due an hour from now at the latest (the sync says exactly when).
            self.log_stamp = log_stamp;
            let due = now_unix_secs + crate::desk::team::shared_log::BATCH_SECS;
            self.log_due = Some(self.log_due.map_or(due, |d| d.min(due)));
        }
        let log_due = self.log_due.is_some_and(|due| due <= now_unix_secs);
        if !folder_changed && !log_due && self.purged.is_empty() && self.stamp == stamp(&file) {
            return;
        }
        let session = session.as_deref();
        match crate::desk::team::sync::run(&dir, &keychain, session, &self.purged, now_unix_secs) {
            Ok(mut report) => {
                for warning in &report.warnings {
                    tracing::warn!(%warning, "team sync");
                }
                if !report.pending {
                    self.purged.clear();
                }
                self.log_due = report.log_due;
                if let Some(status) = report.status.take() {
                    emit(Event::TeamStatus(Box::new(status)));
                }
                if !report.removed.is_empty() || !report.held.is_empty() || report.people_changed {
                    emit(Event::TeamPeople {
                        removed: report.removed,
                        held: report.held,
                    });
                }
            }
            Err(error) => tracing::warn!(%error, "the team sync failed"),
        }
        self.stamp = stamp(&file);
        if let Some(vault) = vault
            && let Ok(true) = vault.reload_if_changed()
        {
            emit(Event::Accounts(vault.accounts().to_vec()));
        }
    }
}
