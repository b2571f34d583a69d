//! A grant: how an epoch key reaches the desks. The desk that starts an epoch (the team's
//! creation, a revocation) or admits a new desk writes one file of wraps, one per desk that may
//! read, signed by itself:
//!
//! ```text
//! "OTPg" | format u8 | team id [16] | epoch u32 | key id [8] | granting desk [16] | count u16
//!        | count × (desk id [16] | wrap [80]) | Ed25519 signature over all before (64)
//! ```
//!
//! A desk accepts a grant only from a desk the caller names as allowed to grant (joined, not
//! revoked; which person's desk may do so is the fold's rule), only for its own team, and only
//! when the unwrapped key has the key id the grant states. A revoked desk is simply left out of
//! the next epoch's grant. Grants hold no readable secret: wraps open only with a desk's
//! exchange key.

use super::epoch::{EpochKey, EpochRef, KEY_ID_LEN, Keyring, WRAP_LEN};
use super::identity::{DeskPublic, ID_LEN, KnownDesks, SIGNATURE_LEN};
use super::secret::{KeyError, hex};
use crate::team::DeskId;

pub const MAGIC: &[u8; 4] = b"OTPg";
pub const FORMAT: u8 = 1;
const HEAD_LEN: usize = 4 + 1 + 16 + 4 + KEY_ID_LEN + ID_LEN + 2;
const ENTRY_LEN: usize = ID_LEN + WRAP_LEN;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GrantError {
    #[error("the grant has not fully arrived yet")]
    NotArrivedYet,
    #[error("the grant was written by a newer OTP Desk (format {0})")]
    NewerFormat(u8),
    #[error("the grant belongs to another team")]
    OtherTeam,
    #[error("the grant is signed as desk {0}, which may not grant keys")]
    UnknownDesk(DeskId),
    #[error("the grant's signature is not that of desk {0}")]
    BadSignature(DeskId),
    /// A grant its desk signed, of epoch `.0`, that leaves this desk out: it was revoked (or
    /// its own grant of that epoch is another file).
    #[error("the grant of epoch {0} holds no key for this desk")]
    NotForThisDesk(u32),
    #[error("the grant's key for this desk does not open or is not the key it names")]
    Damaged,
}

/// Writes a grant of `key` for `recipients`, signed by the keyring's desk.
pub fn make(
    keyring: &Keyring,
    key: &EpochKey,
    recipients: &[DeskPublic],
) -> Result<Vec<u8>, KeyError> {
    let count = u16::try_from(recipients.len()).map_err(|_| KeyError::Damaged)?;
    let me = keyring.identity();
    let mut out = Vec::with_capacity(HEAD_LEN + recipients.len() * ENTRY_LEN + SIGNATURE_LEN);
    out.extend_from_slice(MAGIC);
    out.push(FORMAT);
    out.extend_from_slice(&keyring.team().0);
    out.extend_from_slice(&key.epoch().to_be_bytes());
    out.extend_from_slice(&key.key_id());
    out.extend_from_slice(&me.public().id_bytes());
    out.extend_from_slice(&count.to_be_bytes());
    for desk in recipients {
        out.extend_from_slice(&desk.id_bytes());
        out.extend_from_slice(&key.wrap_for(keyring.team(), desk)?);
    }
    let signature = me.sign(&out);
    out.extend_from_slice(&signature);
    Ok(out)
}

/// Checks a grant and adds this desk's key from it to `keyring`.
pub fn accept(
    keyring: &mut Keyring,
    bytes: &[u8],
    granters: &KnownDesks,
) -> Result<EpochRef, GrantError> {
    let short = GrantError::NotArrivedYet;
    if bytes.len() < HEAD_LEN || &bytes[..4] != MAGIC || bytes[4] == 0 {
        return Err(short);
    }
    if bytes[4] != FORMAT {
        return Err(GrantError::NewerFormat(bytes[4]));
    }
    let at = |from: usize, len: usize| bytes.get(from..from + len).ok_or(short.clone());
    let count = usize::from(u16::from_be_bytes(
        at(HEAD_LEN - 2, 2)?.try_into().map_err(|_| short.clone())?,
    ));
    let signed_len = HEAD_LEN + count * ENTRY_LEN;
    if bytes.len() != signed_len + SIGNATURE_LEN {
        return Err(short);
    }
    if at(5, 16)? != keyring.team().0 {
        return Err(GrantError::OtherTeam);
    }
    let epoch = u32::from_be_bytes(at(21, 4)?.try_into().map_err(|_| short.clone())?);
    let key_id = at(25, KEY_ID_LEN)?;
    let from: [u8; ID_LEN] = at(33, ID_LEN)?.try_into().map_err(|_| short.clone())?;
    let from_id = DeskId(hex(&from));
    let granter = granters
        .get(&from)
        .ok_or_else(|| GrantError::UnknownDesk(from_id.clone()))?;
    let signature: [u8; SIGNATURE_LEN] = at(signed_len, SIGNATURE_LEN)?
        .try_into()
        .map_err(|_| short.clone())?;
    if !granter.verify(&bytes[..signed_len], &signature) {
        return Err(GrantError::BadSignature(from_id));
    }
    let mine = keyring.identity().public().id_bytes();
    let wrap = bytes[HEAD_LEN..signed_len]
        .chunks_exact(ENTRY_LEN)
        .find(|entry| entry[..ID_LEN] == mine)
        .map(|entry| &entry[ID_LEN..])
        .ok_or(GrantError::NotForThisDesk(epoch))?;
    let key = EpochKey::unwrap(keyring.team(), epoch, keyring.identity(), wrap)
        .map_err(|_| GrantError::Damaged)?;
    if key.key_id() != key_id {
        return Err(GrantError::Damaged);
    }
    let reference = key.reference();
    keyring.add(key);
    Ok(reference)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::desk::team::{DeskIdentity, TeamId};

    fn ring(team: TeamId) -> Keyring {
        Keyring::new(DeskIdentity::generate().unwrap(), team)
    }

    #[test]
    fn a_grant_reaches_the_named_desks_only() {
        let team = TeamId::random().unwrap();
        let mut admin = ring(team);
        let (mut b, mut revoked) = (ring(team), ring(team));
        let key = EpochKey::generate(2).unwrap();
        admin.add(key.clone());
        let grant = make(&admin, &key, &[*b.identity().public()]).unwrap();
        let granters: KnownDesks = [*admin.identity().public()].into_iter().collect();
        assert_eq!(accept(&mut b, &grant, &granters), Ok(key.reference()));
        assert_eq!(b.current().map(EpochKey::reference), Some(key.reference()));
        assert_eq!(
            accept(&mut revoked, &grant, &granters),
            Err(GrantError::NotForThisDesk(2))
        );
        let nobody = KnownDesks::default();
        assert!(matches!(
            accept(&mut b, &grant, &nobody),
            Err(GrantError::UnknownDesk(_))
        ));
        let mut stranger = ring(TeamId::random().unwrap());
        assert_eq!(
            accept(&mut stranger, &grant, &granters),
            Err(GrantError::OtherTeam)
        );
        for cut in [0, 10, grant.len() - 1] {
            assert_eq!(
                accept(&mut b, &grant[..cut], &granters),
                Err(GrantError::NotArrivedYet)
            );
        }
        for i in (HEAD_LEN..grant.len()).step_by(7) {
            let mut bad = grant.clone();
            bad[i] ^= 0x10;
            assert!(accept(&mut b, &bad, &granters).is_err(), "byte {i}");
        }
    }
}
