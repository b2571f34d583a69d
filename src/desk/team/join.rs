//! Joining a desk in person with a one-time code, through files in the team folder only.
//!
//! **The code.** 10 characters of Crockford base32 from the OS's CSPRNG (50 bits), shown as
//! `ABCDE-FGHJK`; typing is forgiving (case, dashes, spaces, `O`→`0`, `I`/`L`→`1`). It is good
//! for one answer and 10 minutes ([`CODE_LIFETIME_SECS`]).
//!
//! **Why a PAKE and not "keys wrapped under Argon2id(code)".** A wrap under a key derived from
//! the code would sit in the folder (and in the sync engine's and cloud's file history) for ever:
//! whoever copies the folder could try all 2^50 codes offline at leisure, long after the code
//! expired, and would get the team key. So the code never protects data at rest. It authenticates
//! a SPAKE2 exchange (the `spake2` crate, Ed25519 group) over three files:
//!
//! ```text
//! invite (admin desk):  "OTPi" | 1 | invite id [8] | team id [16] | expires u64
//!                       | admin desk public [64] | SPAKE2 A
//! answer (new desk):    "OTPj" | 1 | invite id [8] | SPAKE2 B | new desk public [64]
//!                       | len u16 | sealed name | HMAC(K, "desk", invite ‖ everything before)
//! confirm (admin desk): "OTPk" | 1 | invite id [8] | count u16 | count × desk public [64]
//!                       | HMAC(K, "admin", invite ‖ answer ‖ everything before)
//! ```
//!
//! A reader of the folder learns nothing it can test a code against (SPAKE2's guarantee); an
//! active attacker who writes an answer (or a fake invite) gets one guess, one in 2^50, after
//! which the admin's invite is spent. Both sides' public keys are bound to the code-derived key,
//! so the new desk learns the team's desks (and whom to accept the grant from) and the admin
//! learns the new desk's keys, which it then admits with an `AddDesk` record and a grant of
//! every epoch key ([`super::grant`]). The admin desk keeps the SPAKE2 state in memory while it
//! waits (the crate cannot store it): the window or `team invite` stays open for the 10 minutes.

use hmac::{KeyInit as _, Mac as _};
use spake2::{Ed25519Group, Identity, Password, Spake2};
use zeroize::Zeroizing;

use super::epoch::{Keyring, TeamId};
use super::identity::{DeskIdentity, DeskPublic, KnownDesks, PUBLIC_LEN};
use super::secret::{KeyError, NONCE_LEN, Secret32, random_bytes};

pub use super::join_code::{CODE_LEN, JoinCode};

pub const CODE_LIFETIME_SECS: u64 = 600;
const SPAKE_LEN: usize = 33;
const ID_LEN: usize = 8;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JoinError {
    #[error("a join code is 10 letters and digits, like ABCDE-FGHJK")]
    BadCode,
    #[error("the file has not fully arrived yet")]
    NotArrivedYet,
    #[error("the answer is for another invite")]
    OtherInvite,
    #[error("the join code has expired; make a new one")]
    Expired,
    #[error("this join code was already used; make a new one")]
    Spent,
    #[error("the join code did not match; make a new one")]
    WrongCode,
    #[error("the desk's name is too long")]
    NameTooLong,
    #[error("no random numbers are available from the system")]
    NoRandom,
}

impl From<KeyError> for JoinError {
    fn from(_: KeyError) -> Self {
        Self::NoRandom
    }
}

fn spake_ids(invite_id: &[u8], team: &[u8]) -> (Identity, Identity) {
    let admin = [b"otp-desk/team/v1/join/admin/".as_slice(), invite_id, team].concat();
    (
        Identity::new(&admin),
        Identity::new(b"otp-desk/team/v1/join/desk"),
    )
}

/// HMAC-SHA256 of `parts` under a subkey of the exchange's key.
fn mac(key: &Secret32, label: &str, parts: &[&[u8]]) -> [u8; 32] {
    let subkey = key.derive(&format!("otp-desk/team/v1/join/{label}"));
    let mut out = [0u8; 32];
    if let Ok(mut mac) = hmac::Hmac::<sha2::Sha256>::new_from_slice(subkey.bytes()) {
        parts.iter().for_each(|part| mac.update(part));
        out.copy_from_slice(&mac.finalize().into_bytes());
    }
    out
}

fn equal(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A cursor over a file's bytes; running out means the file has not fully arrived.
struct Reader<'b>(&'b [u8]);

impl<'b> Reader<'b> {
    fn take(&mut self, n: usize) -> Result<&'b [u8], JoinError> {
        if self.0.len() < n {
            return Err(JoinError::NotArrivedYet);
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }

    fn magic(&mut self, magic: &[u8; 4]) -> Result<(), JoinError> {
        match self.take(5)? {
            [m @ .., 1] if m == magic => Ok(()),
            _ => Err(JoinError::NotArrivedYet),
        }
    }

    fn u16(&mut self) -> Result<usize, JoinError> {
        let bytes = self.take(2)?;
        Ok(usize::from(u16::from_be_bytes([bytes[0], bytes[1]])))
    }

    fn public(&mut self) -> Result<DeskPublic, JoinError> {
        DeskPublic::from_bytes(self.take(PUBLIC_LEN)?).map_err(|_| JoinError::NotArrivedYet)
    }
}

/// The admin desk's side: the invite it wrote, waiting for one answer.
pub struct Invite {
    id: [u8; ID_LEN],
    bytes: Vec<u8>,
    expires_unix: u64,
    state: Option<Spake2<Ed25519Group>>,
}

/// A desk the admin may now admit (with an `AddDesk` record and a grant).
#[derive(Debug)]
pub struct Admitted {
    pub desk: DeskPublic,
    pub name: String,
    /// The confirmation file for the new desk.
    pub confirm: Vec<u8>,
}

fn name_key(key: &Secret32) -> Secret32 {
    // Used once, for one name: a fixed nonce is safe.
    key.derive("otp-desk/team/v1/join/name")
}

fn shared_key(state: Spake2<Ed25519Group>, peer: &[u8]) -> Result<Secret32, JoinError> {
    let key = Zeroizing::new(state.finish(peer).map_err(|_| JoinError::WrongCode)?);
    Secret32::from_bytes(&key).map_err(|_| JoinError::WrongCode)
}

impl Invite {
    /// A new invite for `code`, valid from `now_unix` for [`CODE_LIFETIME_SECS`].
    pub fn start(keyring: &Keyring, code: &JoinCode, now_unix: u64) -> Result<Self, JoinError> {
        let mut id = [0u8; ID_LEN];
        random_bytes(&mut id)?;
        let team = keyring.team().0;
        let (id_a, id_b) = spake_ids(&id, &team);
        let password = Password::new(code.bytes());
        let (state, message) = Spake2::<Ed25519Group>::start_a(&password, &id_a, &id_b);
        let expires_unix = now_unix.saturating_add(CODE_LIFETIME_SECS);
        let mut bytes = b"OTPi\x01".to_vec();
        bytes.extend(id);
        bytes.extend(team);
        bytes.extend(expires_unix.to_be_bytes());
        bytes.extend(keyring.identity().public().to_bytes());
        bytes.extend(message);
        Ok(Self {
            id,
            bytes,
            expires_unix,
            state: Some(state),
        })
    }

    /// The invite file to put in the folder.
    pub fn file(&self) -> &[u8] {
        &self.bytes
    }

    /// Checks a new desk's answer. The first complete answer spends the invite, right or wrong;
    /// a half-arrived one does not. `desks` are the team's desks, sent back in the confirmation.
    pub fn admit(
        &mut self,
        answer: &[u8],
        now_unix: u64,
        desks: &[DeskPublic],
    ) -> Result<Admitted, JoinError> {
        let mut file = Reader(answer);
        file.magic(b"OTPj")?;
        if file.take(ID_LEN)? != self.id {
            return Err(JoinError::OtherInvite);
        }
        let message = file.take(SPAKE_LEN)?;
        let desk = file.public()?;
        let name_len = file.u16()?;
        let sealed_name = file.take(name_len)?;
        let body = &answer[..answer.len() - file.0.len()];
        let tag = file.take(32)?;
        if !file.0.is_empty() {
            return Err(JoinError::NotArrivedYet);
        }
        let state = self.state.take().ok_or(JoinError::Spent)?;
        if now_unix > self.expires_unix {
            return Err(JoinError::Expired);
        }
        let key = shared_key(state, message)?;
        if !equal(&mac(&key, "desk", &[&self.bytes, body]), tag) {
            return Err(JoinError::WrongCode);
        }
        let name = name_key(&key)
            .open_with(&[0; NONCE_LEN], sealed_name, &self.id)
            .map_err(|_| JoinError::WrongCode)?;
        let name = String::from_utf8(name.to_vec()).map_err(|_| JoinError::WrongCode)?;
        let desks = &desks[..desks.len().min(usize::from(u16::MAX))];
        let count = u16::try_from(desks.len()).unwrap_or(u16::MAX);
        let mut confirm = b"OTPk\x01".to_vec();
        confirm.extend(self.id);
        confirm.extend(count.to_be_bytes());
        desks.iter().for_each(|d| confirm.extend(d.to_bytes()));
        let tag = mac(&key, "admin", &[&self.bytes, answer, &confirm]);
        confirm.extend(tag);
        Ok(Admitted {
            desk,
            name,
            confirm,
        })
    }
}

/// The new desk's side, between its answer and the admin's confirmation.
pub struct Joining {
    invite: Vec<u8>,
    answer: Vec<u8>,
    key: Secret32,
    team: TeamId,
    admin: DeskPublic,
}

impl Joining {
    /// Answers the invite file `invite` with the code typed in, as desk `me` named `name`.
    pub fn answer(
        me: &DeskIdentity,
        code: &JoinCode,
        invite: &[u8],
        name: &str,
    ) -> Result<Self, JoinError> {
        let mut file = Reader(invite);
        file.magic(b"OTPi")?;
        let id = file.take(ID_LEN)?;
        let team = TeamId(
            file.take(16)?
                .try_into()
                .map_err(|_| JoinError::NotArrivedYet)?,
        );
        file.take(8)?; // expiry: the admin's desk enforces it
        let admin = file.public()?;
        let message = file.take(SPAKE_LEN)?;
        if !file.0.is_empty() {
            return Err(JoinError::NotArrivedYet);
        }
        let (id_a, id_b) = spake_ids(id, &team.0);
        let password = Password::new(code.bytes());
        let (state, reply) = Spake2::<Ed25519Group>::start_b(&password, &id_a, &id_b);
        let key = shared_key(state, message).map_err(|_| JoinError::NotArrivedYet)?;
        let sealed_name = name_key(&key).seal_with(&[0; NONCE_LEN], name.as_bytes(), id);
        let name_len = u16::try_from(sealed_name.len()).map_err(|_| JoinError::NameTooLong)?;
        let mut answer = b"OTPj\x01".to_vec();
        answer.extend(id);
        answer.extend(reply);
        answer.extend(me.public().to_bytes());
        answer.extend(name_len.to_be_bytes());
        answer.extend(sealed_name);
        let tag = mac(&key, "desk", &[invite, &answer]);
        answer.extend(tag);
        Ok(Self {
            invite: invite.to_vec(),
            answer,
            key,
            team,
            admin,
        })
    }

    /// The answer file to put in the folder.
    pub fn file(&self) -> &[u8] {
        &self.answer
    }

    /// Checks the admin's confirmation: the team and its desks (the admin's included), whose
    /// grants and records this desk may now accept.
    pub fn finish(&self, confirm: &[u8]) -> Result<(TeamId, KnownDesks), JoinError> {
        let mut file = Reader(confirm);
        file.magic(b"OTPk")?;
        if file.take(ID_LEN)? != &self.invite[5..5 + ID_LEN] {
            return Err(JoinError::OtherInvite);
        }
        let count = file.u16()?;
        let desks = (0..count)
            .map(|_| file.public())
            .collect::<Result<Vec<_>, _>>()?;
        let body = &confirm[..confirm.len() - file.0.len()];
        let tag = file.take(32)?;
        if !file.0.is_empty() {
            return Err(JoinError::NotArrivedYet);
        }
        let expected = mac(&self.key, "admin", &[&self.invite, &self.answer, body]);
        if !equal(&expected, tag) {
            return Err(JoinError::WrongCode);
        }
        let known = desks.into_iter().chain([self.admin]).collect();
        Ok((self.team, known))
    }
}

#[cfg(test)]
#[path = "join_tests.rs"]
mod tests;
