//! Adding what an import found: each account with the group and pin its source gave it, and a
//! count of what was a duplicate or could not be added (partial failure is data).

use super::{AddOutcome, Vault, VaultError};
use crate::import::Found;
use crate::otp::Secret;
use crate::store::AccountId;

/// What adding a batch of found accounts did.
#[derive(Default)]
pub struct Imported {
    /// New accounts with their secrets (the window shows their codes at once).
    pub added: Vec<(AccountId, Secret)>,
    pub duplicates: usize,
    /// One sentence per account that could not be added.
    pub failed: Vec<String>,
}

impl Vault {
    /// Adds `items` in order; a failure of one does not stop the others.
    pub fn add_found(
        &mut self,
        items: Vec<Found>,
        now_unix_secs: u64,
    ) -> Result<Imported, VaultError> {
        let extras: Vec<(Option<String>, bool, Secret)> = items
            .iter()
            .map(|f| (f.group.clone(), f.pinned, f.entry.secret.clone()))
            .collect();
        let entries = items.into_iter().map(|f| f.entry).collect();
        let report = self.add_all(entries, now_unix_secs)?;
        let mut imported = Imported::default();
        for (outcome, (group, pinned, secret)) in report.outcomes.into_iter().zip(extras) {
            match outcome {
                Ok(AddOutcome::Added(id)) => {
                    if group.is_some() || pinned {
                        self.update(&id, |a| {
                            a.group = group.unwrap_or_default();
                            a.pinned = pinned;
                        })?;
                    }
                    imported.added.push((id, secret));
                }
                Ok(AddOutcome::Duplicate(_)) => imported.duplicates += 1,
                Err(e) => imported.failed.push(e.to_string()),
            }
        }
        Ok(imported)
    }
}
