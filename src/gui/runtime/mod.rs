//! The only part of the window that starts threads: [`tasks`] (one background-task type,
//! threaded or inline for tests), the vault [`worker`], the [`clipboard`] owner and the clock
//! check ([`clock_check`]). Knows no feature and draws nothing: results are plain values that
//! `app.rs` routes to the features.

pub mod bench;
pub mod clipboard;
pub mod clock_check;
pub mod tasks;
mod vault_jobs;
pub mod worker;
