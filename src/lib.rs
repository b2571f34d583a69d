//! OTP Desk: a desk authenticator.
//!
//! Data flows one way: input edges (QR images, URIs, forms, other apps' exports) are parsed by
//! the pure core ([`otp`], [`uri`], [`migration`]) into [`otp::Entry`] values; the [`vault`]
//! joins the metadata file and the OS keychain ([`store`]) and is the one façade the window
//! ([`gui`]) and the command line ([`cli`]) talk to.
pub mod qr;
