//! Opening the team folder in rounds. Files are checked against the desks this desk knows; an
//! admin's `AddDesk` record, once checked and folded, teaches the new desk's public keys, and
//! the files of the desks learned that way are opened in the next round. So a desk that joined
//! early learns of a desk admitted later from the folder alone, and a key is only ever learned
//! from a record the fold accepted (an admin's, from a desk already trusted) and only under the
//! id its own bytes give: a key that does not match its id teaches nothing.

use crate::team::folder::{Folder, FolderError, Loaded, RecordName, Unopened, load_parallel};
use crate::team::{DeskId, Genesis, TeamState, fold};

use super::cache::VerifiedCache;
use super::codec::{SealError, SealedCodec};
use super::epoch::Keyring;
use super::identity::{DeskPublic, KnownDesks};

#[derive(Debug, thiserror::Error)]
pub enum OpenFolderError {
    #[error(transparent)]
    Folder(#[from] FolderError),
    #[error(transparent)]
    Seal(#[from] SealError),
}

/// The folder as this desk can read it now.
#[derive(Debug)]
pub struct Opened {
    pub loaded: Loaded,
    pub state: TeamState,
    /// Desks whose keys were learned from the folder in this opening.
    pub learned: Vec<DeskId>,
    /// The cache with every signature checked in this opening, to keep for the next.
    pub cache: VerifiedCache,
    /// This desk was left out of the team's newest key epoch (its number): another desk
    /// revoked it. It reads nothing written since, and what it would write is ignored.
    pub left_out: Option<u32>,
}

impl Opened {
    /// The team's status as this desk sees it now.
    pub fn status(&self, me: &DeskId, now_unix: u64) -> crate::team::status::Status {
        let mut status = crate::team::status::status(&self.state, &self.loaded, me, now_unix);
        status.left_out = self.left_out;
        status
    }
}

/// Opens every record file in `folder` that this desk can check and read, learning the keys of
/// desks that admins admitted, and folds them. Every record's signatures are checked on the way
/// (an admin's op needs one; whose key it is, the fold decides).
pub fn open_folder(
    folder: &(impl Folder + Sync),
    keyring: &Keyring,
    known: &mut KnownDesks,
    cache: VerifiedCache,
    genesis: &Genesis,
) -> Result<Opened, OpenFolderError> {
    let names = folder.list()?;
    let codec = SealedCodec::new(keyring, known, cache)?;
    let mut loaded = load_parallel(folder, &codec, &names)?;
    let mut cache = codec.into_cache();
    let mut learned = Vec::new();
    loop {
        let state = fold(loaded.records.clone(), genesis);
        let newly = learn(&state, known);
        if newly.is_empty() {
            return Ok(Opened {
                loaded,
                state,
                learned,
                cache,
                left_out: None,
            });
        }
        let retry: Vec<RecordName> = loaded
            .why
            .iter()
            .filter(|(_, why)| matches!(why, Unopened::UnknownDesk(d) if newly.contains(d)))
            .map(|(name, _)| name.clone())
            .collect();
        let codec = SealedCodec::new(keyring, known, cache)?;
        let again = load_parallel(folder, &codec, &retry)?;
        cache = codec.into_cache();
        loaded.not_arrived.retain(|name| !retry.contains(name));
        for name in &retry {
            loaded.why.remove(name);
        }
        loaded.records.extend(again.records);
        loaded.not_arrived.extend(again.not_arrived);
        loaded.why.extend(again.why);
        learned.extend(newly);
    }
}

/// Adds the keys of the desks in `state` not known yet whose key gives their id; returns them.
pub fn learn(state: &TeamState, known: &mut KnownDesks) -> Vec<DeskId> {
    let mut newly = Vec::new();
    for (id, desk) in &state.desks {
        if desk.key.is_empty() || known.get_id(id).is_some() {
            continue;
        }
        match DeskPublic::from_hex(&desk.key) {
            Ok(public) if public.id() == *id => {
                known.insert(public);
                newly.push(id.clone());
            }
            _ => tracing::warn!(desk = %id, "a desk's key in the folder does not give its id"),
        }
    }
    newly
}

#[cfg(test)]
#[path = "open_tests.rs"]
mod tests;
