//! Who may sign for a person: the public half of their key slot that the fold reads. Pure; the
//! signatures themselves are checked in `desk/` (the codec), which has the crypto.
//!
//! Every key slot OTP Desk makes carries its owner's *signing key* (the public half of an
//! Ed25519 key derived from their box key, which only their PIN opens). An admin's record that
//! changes accounts, people, roles, shares or desks names the key that signed it (`k`), and the
//! fold uses it only when that key is in the acting admin's current slot. So the desk key, which
//! a removed admin may have kept, gives no right to sign, and neither do a joined computer's own
//! keys.
//!
//! A new slot for someone who already has a signing key must carry a *vouch*: the signature of
//! the key it replaces (a PIN changed by its owner) or of a current admin's key (a reset) over
//! the person, the key replaced and the new one. So nobody can put a key of their own into
//! someone's slot, and an old slot published again replaces nothing (the key it names as
//! replaced is not the current one).

use serde::{Deserialize, Serialize};

use super::ids::PersonId;

/// The signature that lets a new slot replace the one whose signing key is `from`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vouch {
    /// The signing key the new slot replaces (hex; empty: the person had none).
    pub from: String,
    /// The key that signed, when not `from` itself: an admin's (a PIN reset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// Ed25519 signature (hex) of [`vouch_message`].
    pub sig: String,
}

impl Vouch {
    /// The key whose signature this is.
    pub fn signer(&self) -> &str {
        self.by.as_deref().unwrap_or(&self.from)
    }
}

/// What a vouch signs: the person, the key replaced and the new one.
pub fn vouch_message(person: &PersonId, from: &str, to: &str) -> Vec<u8> {
    format!("otp-desk/team/vouch/v1\n{person}\n{from}\n{to}").into_bytes()
}

/// What a signature on a record says: which key, over what (see [`super::Record`]).
pub const RECORD_CONTEXT: &[u8] = b"otp-desk/team/record/v1\n";

/// The signing part of a key slot's JSON (the rest is opaque here).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct SlotSigning {
    /// The owner's signing key (hex public); `None` for a slot older than signing keys.
    #[serde(default)]
    pub signer: Option<String>,
    #[serde(default)]
    pub vouch: Option<Vouch>,
}

impl SlotSigning {
    /// Reads the signing part of a slot's JSON; a slot that does not parse has none.
    pub fn of(slot: &str) -> Self {
        serde_json::from_str(slot).unwrap_or_default()
    }
}
