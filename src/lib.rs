//! OTP Desk: a desk authenticator.
//!
//! Data flows one way: input edges (QR images, URIs, forms, other apps' exports) are parsed by
//! the pure core ([`otp`], [`uri`], [`migration`]) into [`otp::Entry`] values; the [`vault`]
//! joins the metadata file and the OS keychain ([`store`]) and is the one façade the window
//! ([`gui`]) and the command line ([`cli`]) talk to.

pub mod autostart;
#[cfg(feature = "gui")]
pub mod capture;
pub mod cli;
pub mod clipboard;
pub mod clock;
pub mod export;
#[cfg(feature = "gui")]
pub mod gui;
pub mod import;
pub mod migration;
pub mod otp;
pub mod qr;
pub mod store;
#[cfg(test)]
mod test_vectors;
pub mod timesync;
#[cfg(feature = "gui")]
pub mod tray;
pub mod uri;
pub mod vault;

/// "0.1.0 (commit)", stamped by build.rs.
pub const VERSION: &str = env!("OTP_DESK_VERSION");
