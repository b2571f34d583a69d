//! OTP Desk: a desk authenticator.
//!
//! Data flows one way. Input edges (QR images in [`qr`], URIs, forms, other apps' exports in
//! [`import`]) are parsed by the pure core ([`otp`], [`uri`], [`migration`], [`applock`]) into
//! [`otp::Entry`] values; the [`vault`] joins the metadata file and the OS keychain ([`store`],
//! which also writes every file OTP Desk owns, privately and atomically) and is the one façade
//! the window ([`gui`]) and the command line ([`cli`]) talk to. [`export`] renders backups,
//! [`timesync`] corrects the clock, [`platform`] wraps the OS services the window uses (one
//! window at a time, screen lock, tray, autostart, capture). Nothing in the core depends on the
//! window or the command line; the window's own shape is described in [`gui`]. [`team`] is the pure
//! core of the team folder (several desks sharing one vault through a synced folder): records,
//! their deterministic fold and the folder edge; it is not wired to the vault yet.

pub mod applock;
pub mod cli;
pub mod clipboard;
pub mod clock;
pub mod desk;
pub mod export;
#[cfg(feature = "gui")]
pub mod gui;
pub mod import;
pub mod migration;
pub mod otp;
pub mod pin;
pub mod platform;
pub mod qr;
pub mod search;
pub mod store;
pub mod team;
#[cfg(test)]
mod test_vectors;
pub mod timesync;
pub mod uri;
pub mod vault;

/// "0.1.0 (commit)", stamped by build.rs.
pub const VERSION: &str = env!("OTP_DESK_VERSION");
