//! The desk's side of the team folder: who a desk is, the team's keys and how a record is sealed
//! and signed on its way into the folder and checked on its way out. This is the layer between
//! the folder edge and the fold, and the only one that holds keys: [`codec::SealedCodec`] is the
//! [`crate::team::folder::Codec`] the folder edge is given, so the fold receives only records
//! that were opened and verified, and the folder never sees a key.
//!
//! ```text
//! identity  a desk's Ed25519 signing key + X25519 key; desk id = hash of the public keys
//! epoch     the team key of each epoch, wrapped for each joined desk; the Keyring
//! grant     a signed file of wraps: how a new epoch (after a revocation) reaches the desks
//! join      the one-time join code and the SPAKE2 exchange over three folder files
//! codec     record <-> sealed, signed file; the verified cache
//! secret    32-byte secrets that zeroize, randomness, AES-256-GCM with context as AAD
//! ```
//!
//! Depends only on `crate::team` (records, ids, the `Codec` trait) and crypto crates: no I/O, no
//! keychain, no clock. Not wired to the vault, the command line or the window yet.

pub mod cache;
pub mod codec;
pub mod epoch;
pub mod grant;

pub mod identity;
pub mod join;
pub mod join_code;
pub mod joining;
pub mod member;
pub mod membership;
pub mod notes;
pub mod open;
pub mod secret;
pub mod setup;
pub mod shared_log;
pub mod sync;

#[cfg(test)]
mod codec_tests;
#[cfg(test)]
mod end_to_end_tests;
#[cfg(test)]
mod test_support;

pub use cache::VerifiedCache;
pub use codec::{OpenError, SealedCodec};
pub use epoch::{EpochKey, Keyring, TeamId};
pub use identity::{DeskIdentity, DeskPublic, KnownDesks};
pub use secret::{KeyError, Secret32};
