//! The team folder (several desks, one team): how desks share one vault through a folder that a
//! sync engine keeps in step, with no server. Each desk writes only its own numbered, never
//! rewritten record files; the team state is the deterministic fold of every desk's records.
//!
//! Data flows one way:
//!
//! ```text
//! folder edge         ->  Codec (desk/)  ->  order    ->  fold, apply, people  ->  TeamState
//! (folder, dir_folder,     opens, checks     causal       merge, authorisation     (state)
//!  memory_folder): bytes   -> Record         sequence
//! ```
//!
//! Nothing here holds a key: sealing, signing and epochs live in `desk/`, behind the
//! [`folder::Codec`] boundary, so the fold receives records already opened and checked.

mod apply;
pub mod dir_folder;
pub mod fold;
pub mod folder;
pub mod ids;
pub mod memory_folder;
pub mod op;
pub mod order;
mod people;
pub mod record;
pub mod signers;
pub mod state;
pub mod status;
pub mod watch;

#[cfg(test)]
mod fold_props;
#[cfg(test)]
mod fold_tests;
#[cfg(test)]
mod history_tests;
#[cfg(test)]
pub(crate) mod test_support;

pub use fold::fold;
pub use ids::{AccountId, DeskId, Dot, Hash32, PersonId};
pub use op::{AuditEvent, Field, FieldValue, NewAccount, NewDeskKey, Op, Role};
pub use record::{FORMAT, Record};
pub use state::{Conflict, Genesis, Problem, Reason, TeamState};
