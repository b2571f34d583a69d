//! The only part of the window that starts threads: [`tasks`] (one background-task type,
//! threaded or inline for tests), the vault [`worker`], the [`clipboard`] owner, the clock
//! check ([`clock_check`]) and the team folder's watch ([`team_link`]). Knows no feature and draws nothing: results are plain values that
//! `app.rs` routes to the features.

pub mod bench;
pub mod clipboard;
pub mod clock_check;
pub mod tasks;
pub mod team_link;
mod vault_jobs;
pub mod worker;
