//! A computer joins the team, shared by the command line and the window. On a joined desk an
//! admin starts an [`Invitation`] (a one-time code and an invite file) and waits for the answer;
//! on the new computer [`exchange`] answers it with the code and takes the team's keys, and
//! [`bring_vault`] makes the team's people and accounts this desk's, vouched for by an admin's
//! PIN. The waits look at the folder every [`POLL`] and stop when asked to (`stop`).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use zeroize::Zeroizing;

use super::join::{CODE_LIFETIME_SECS, Invite, JoinCode, JoinError, Joining};
use super::member::{self, put_file};
use super::membership::{self, GENESIS_FILE, Membership};
use super::setup::{SetupError, app_version, check_desk_name, membership, write_as};
use super::{DeskIdentity, DeskPublic, Keyring, grant};
use crate::desk::{Carried, Desk, Session};
use crate::store::{AccountId, SecretStore};
use crate::team::Op;
use crate::vault::Vault;

/// What an inviting desk leaves when an answer did not match its code.
const REFUSED: &[u8] = b"OTPr\x01";

/// How often a waiting side looks at the folder again.
pub const POLL: Duration = Duration::from_millis(200);

/// Waits for `ready` to give a value, looking every [`POLL`], until `deadline` (`Ok(None)`)
/// or until `stop` says so ([`SetupError::Cancelled`]).
fn wait_for<T>(
    deadline: Instant,
    stop: &dyn Fn() -> bool,
    mut ready: impl FnMut() -> Result<Option<T>, SetupError>,
) -> Result<Option<T>, SetupError> {
    loop {
        if let Some(value) = ready()? {
            return Ok(Some(value));
        }
        if stop() {
            return Err(SetupError::Cancelled);
        }
        if Instant::now() >= deadline {
            return Ok(None);
        }
        std::thread::sleep(POLL);
    }
}

fn not_yet<T>(result: Result<T, JoinError>) -> Result<Option<T>, SetupError> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(JoinError::NotArrivedYet) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// An admin's open invite: its code is shown until a computer used it, or it expired.
pub struct Invitation {
    m: Membership,
    invite: Invite,
    code: JoinCode,
    stem: String,
    /// The desks a joining computer learns (every admitted desk, and this one).
    desks: Vec<DeskPublic>,
    deadline: Instant,
}

impl Invitation {
    /// Writes a new invite file (replacing this desk's earlier one) under a fresh code.
    pub fn start(store: &dyn SecretStore, session: &Session, now: u64) -> Result<Self, SetupError> {
        if !session.is_admin() {
            return Err(SetupError::NotAdmin);
        }
        let mut m = membership(store)?;
        let opened = member::open(&mut m).map_err(SetupError::team)?;
        // Revoked: the team would not take the new computer this desk admits.
        if let Some(epoch) = opened.left_out {
            return Err(SetupError::team(member::WriteError::LeftOut(epoch)));
        }
        let me = m.desk_id();
        let stem = format!("join/{me}");
        for old in ["invite", "answer", "confirm", "refused"] {
            let _ = std::fs::remove_file(m.folder.join(format!("{stem}.{old}")));
        }
        let code = JoinCode::generate().map_err(|e| SetupError::Join(e.into()))?;
        let invite = Invite::start(&m.keyring, &code, now)?;
        put_file(&m.folder, &format!("{stem}.invite"), invite.file())
            .map_err(|e| SetupError::io(&m.folder, e))?;
        let desks = m
            .known
            .iter()
            .filter(|d| member::is_admitted(&opened.state, &d.id()) || d.id() == me)
            .copied()
            .collect();
        Ok(Self {
            m,
            invite,
            code,
            stem,
            desks,
            deadline: Instant::now() + Duration::from_secs(CODE_LIFETIME_SECS),
        })
    }

    /// The code to show, grouped for reading aloud (ABCDE-FGHJK).
    pub fn code(&self) -> Zeroizing<String> {
        self.code.grouped()
    }

    pub fn folder(&self) -> &Path {
        &self.m.folder
    }

    /// Looks once whether a computer answered with the code, and admits it if so: the confirm
    /// file, a grant of every epoch key, and a record naming the new desk. Returns the new
    /// computer's name; `Ok(None)`: not yet. A wrong code is refused at once (the joining side
    /// sees a `.refused` file), and an expired one ends the invite.
    pub fn poll(
        &mut self,
        store: &dyn SecretStore,
        session: &Session,
        now: u64,
    ) -> Result<Option<String>, SetupError> {
        let root = self.m.folder.clone();
        let stem = self.stem.clone();
        let admitted =
            match crate::team::dir_folder::read_file(&root.join(format!("{stem}.answer"))) {
                Ok(bytes) => not_yet(self.invite.admit(&bytes, now, &self.desks)),
                Err(_) => Ok(None),
            };
        let admitted = match admitted {
            Ok(None) if Instant::now() < self.deadline => return Ok(None),
            Ok(None) => Err(SetupError::Expired),
            other => other,
        };
        self.withdraw();
        if matches!(admitted, Err(SetupError::Join(_))) {
            // Tells the joining computer at once instead of letting it wait out the 10 minutes.
            let _ = put_file(&root, &format!("{stem}.refused"), REFUSED);
        }
        let Some(admitted) = admitted? else {
            return Err(SetupError::Expired);
        };
        put_file(&root, &format!("{stem}.confirm"), &admitted.confirm)
            .map_err(|e| SetupError::io(&root, e))?;
        let (me, new_desk) = (self.m.desk_id(), admitted.desk.id());
        let m = &mut self.m;
        for key in m.keyring.epochs() {
            let granted = grant::make(&m.keyring, key, &[admitted.desk])?;
            let file = format!("grants/{new_desk}-{}-{me}.grant", key.epoch());
            put_file(&root, &file, &granted).map_err(|e| SetupError::io(&root, e))?;
        }
        let ops = vec![
            app_version(),
            Op::AddDesk {
                desk: new_desk,
                name: admitted.name.clone(),
                key: admitted.desk.to_hex(),
            },
        ];
        write_as(m, store, session, ops, now)?;
        m.known.insert(admitted.desk);
        m.save(store).map_err(SetupError::team)?;
        Ok(Some(admitted.name))
    }

    /// Takes the invite file away: the code no longer works.
    pub fn withdraw(&self) {
        let _ = std::fs::remove_file(self.m.folder.join(format!("{}.invite", self.stem)));
    }

    /// [`Self::poll`] every [`POLL`] until a computer joined, the code expired or `stop`.
    pub fn wait(
        mut self,
        store: &dyn SecretStore,
        session: &Session,
        stop: &dyn Fn() -> bool,
        now: &dyn Fn() -> u64,
    ) -> Result<String, SetupError> {
        loop {
            if let Some(name) = self.poll(store, session, now())? {
                return Ok(name);
            }
            if stop() {
                self.withdraw();
                return Err(SetupError::Cancelled);
            }
            std::thread::sleep(POLL);
        }
    }
}

impl From<super::KeyError> for SetupError {
    fn from(e: super::KeyError) -> Self {
        Self::Join(e.into())
    }
}

/// Whether this computer may join: `Ok(Some(m))` joined before but the vault did not come (only
/// an admin's PIN is needed now), `Ok(None)` it may join with a code.
pub fn may_join(
    desk: &Desk,
    dir: &Path,
    store: &dyn SecretStore,
) -> Result<Option<Membership>, SetupError> {
    let existing = Membership::load(store).map_err(SetupError::team)?;
    match existing {
        Some(_) if desk.is_on() => Err(SetupError::AlreadyInTeam),
        Some(m) => Ok(Some(m)),
        None if desk.is_on() => Err(SetupError::HasPeople),
        None => {
            let local = Vault::open(dir, std::sync::Arc::new(NoSecrets))
                .map_err(|e| SetupError::Vault(e.to_string()))?;
            match local.accounts().len() {
                0 => Ok(None),
                n => Err(SetupError::HasAccounts(n)),
            }
        }
    }
}

/// A store with no items, to count a computer's own accounts before it joins (no keychain
/// request is needed for that).
struct NoSecrets;

impl SecretStore for NoSecrets {
    fn check(&self) -> Result<(), crate::store::StoreError> {
        Ok(())
    }
    fn put_text(&self, _: &AccountId, _: &str) -> Result<(), crate::store::StoreError> {
        Ok(())
    }
    fn get_text(
        &self,
        _: &AccountId,
    ) -> Result<Option<Zeroizing<String>>, crate::store::StoreError> {
        Ok(None)
    }
    fn delete(&self, _: &AccountId) -> Result<(), crate::store::StoreError> {
        Ok(())
    }
    fn all_ids(&self) -> Result<Vec<AccountId>, crate::store::StoreError> {
        Ok(Vec::new())
    }
}

/// The join exchange from the new computer's side: answers the invites in `folder` with `code`,
/// takes the team's keys and waits until the inviting desk admitted this computer as `name`.
/// The caller saves the membership (`Membership::save`) at once.
pub fn exchange(
    folder: &Path,
    name: &str,
    code: &JoinCode,
    stop: &dyn Fn() -> bool,
) -> Result<Membership, SetupError> {
    let name = check_desk_name(name)?;
    let root = std::path::absolute(folder)
        .ok()
        .filter(|root| root.is_dir())
        .ok_or_else(|| SetupError::NoFolder(folder.to_path_buf()))?;
    let identity = DeskIdentity::generate()?;
    let me = identity.id();
    let deadline = Instant::now() + Duration::from_secs(CODE_LIFETIME_SECS);
    // Every invite in the folder is answered; only the one made with this code confirms.
    let answered = wait_for(deadline, stop, || {
        let mut answered = Vec::new();
        for entry in std::fs::read_dir(root.join("join"))
            .into_iter()
            .flatten()
            .flatten()
        {
            let file = entry.file_name().to_string_lossy().into_owned();
            let Some(stem) = file.strip_suffix(".invite") else {
                continue;
            };
            let Ok(bytes) = crate::team::dir_folder::read_file(&entry.path()) else {
                continue;
            };
            if let Some(joining) = not_yet(Joining::answer(&identity, code, &bytes, &name))? {
                answered.push((stem.to_owned(), joining));
            }
        }
        Ok((!answered.is_empty()).then_some(answered))
    })?
    .ok_or(SetupError::NoInvite)?;
    for (stem, joining) in &answered {
        put_file(&root, &format!("join/{stem}.answer"), joining.file())
            .map_err(|e| SetupError::io(&root, e))?;
    }
    let (team, known) = wait_for(deadline, stop, || {
        let mut refused = 0;
        for (stem, joining) in &answered {
            if let Ok(bytes) =
                crate::team::dir_folder::read_file(&root.join(format!("join/{stem}.confirm")))
                && let Some(done) = not_yet(joining.finish(&bytes))?
            {
                return Ok(Some(done));
            }
            if crate::team::dir_folder::read_file(&root.join(format!("join/{stem}.refused")))
                .is_ok_and(|b| b == REFUSED)
            {
                refused += 1;
            }
        }
        if refused == answered.len() {
            return Err(SetupError::Join(JoinError::WrongCode));
        }
        Ok(None)
    })?
    .ok_or(SetupError::NotConfirmed)?;
    for (stem, _) in &answered {
        let _ = std::fs::remove_file(root.join(format!("join/{stem}.answer")));
    }
    let mut keyring = Keyring::new(identity, team);
    let genesis = wait_for(deadline, stop, || {
        for entry in std::fs::read_dir(root.join("grants"))
            .into_iter()
            .flatten()
            .flatten()
        {
            let file = entry.file_name().to_string_lossy().into_owned();
            if !file.starts_with(&format!("{me}-")) || !file.ends_with(".grant") {
                continue;
            }
            if let Ok(bytes) = crate::team::dir_folder::read_file(&entry.path()) {
                let _ = grant::accept(&mut keyring, &bytes, &known);
            }
        }
        let Ok(bytes) = crate::team::dir_folder::read_file(&root.join(GENESIS_FILE)) else {
            return Ok(None);
        };
        Ok(membership::open_genesis(&keyring, &known, &bytes).ok())
    })?
    .ok_or(SetupError::NoKeys)?;
    let mut m = Membership {
        folder: root,
        name,
        keyring,
        known,
        genesis: genesis.0,
        last_seq: 0,
        last_hash: crate::team::Hash32::ZERO,
    };
    m.known.insert(genesis.1);
    let admitted = wait_for(deadline, stop, || {
        Ok(member::open(&mut m)
            .ok()
            .filter(|o| member::is_admitted(&o.state, &me)))
    })?;
    admitted.map(|_| m).ok_or(SetupError::NotConfirmed)
}

/// The team's admins by name, for the new computer to ask which of them sets it up.
pub fn admins(m: &mut Membership) -> Result<Vec<String>, SetupError> {
    let opened = member::open(m).map_err(SetupError::team)?;
    let state = &opened.state;
    let mut names: Vec<String> = state
        .people
        .iter()
        .filter(|(id, p)| {
            !state.removed_people.contains(*id) && p.role() == crate::team::Role::Admin
        })
        .map(|(_, p)| p.name().to_owned())
        .collect();
    names.sort();
    Ok(names)
}

/// What [`bring_vault`] brought.
pub struct Brought {
    /// The admin who vouched is working now.
    pub session: Session,
    pub people: usize,
    pub accounts: usize,
    /// Accounts whose key was missing from the folder: left out.
    pub missing_keys: usize,
    pub folder: PathBuf,
}

/// The team's people and accounts made this desk's: `admin` (by name) vouches with their PIN.
pub fn bring_vault(
    desk: &mut Desk,
    dir: &Path,
    store: &dyn SecretStore,
    m: &mut Membership,
    (admin, pin): (&str, &str),
    now: u64,
) -> Result<Brought, SetupError> {
    let opened = member::open(m).map_err(SetupError::team)?;
    let state = &opened.state;
    // Every slot in the team's newest desk key, which this computer starts with.
    let newest = state.desk_key().map(|k| (k.epoch, k.check.as_str()));
    let carried: Vec<Carried> = state
        .people
        .iter()
        .filter(|(id, _)| !state.removed_people.contains(*id))
        .map(|(id, p)| Carried {
            id: crate::desk::PersonId(id.0.clone()),
            name: p.name().to_owned(),
            role: match p.role() {
                crate::team::Role::Admin => crate::desk::Role::Admin,
                crate::team::Role::Member => crate::desk::Role::Member,
            },
            slot: newest.map_or_else(
                || p.slot_ref().to_owned(),
                |key| super::sync::slot_in(state, id, p.slot_ref(), key),
            ),
        })
        .collect();
    let wanted = admin.trim().to_lowercase();
    let admin_id = carried
        .iter()
        .find(|p| p.name.to_lowercase() == wanted)
        .map(|p| p.id.clone())
        .ok_or_else(|| SetupError::NoSuchPerson(admin.trim().to_owned()))?;
    let session = desk.adopt(&carried, &admin_id, pin, now)?;
    let mut ids = Vec::new();
    let mut missing_keys = 0;
    for account in state.live_accounts() {
        let Some(sealed) = account
            .secret_refs
            .iter()
            .find(|r| crate::desk::stores::is_sealed(r))
        else {
            missing_keys += 1;
            continue;
        };
        let id = AccountId::from(account.id.0.as_str());
        store
            .put_text(&id, sealed)
            .map_err(|e| SetupError::Desk(e.into()))?;
        ids.push((id, account));
    }
    let mut vault = Vault::open(dir, desk.store_for(&session, now))
        .map_err(|e| SetupError::Vault(e.to_string()))?;
    let just_ids: Vec<_> = ids.iter().map(|(id, _)| id.clone()).collect();
    let accounts = vault
        .recover(&just_ids, now)
        .map_err(|e| SetupError::Vault(e.to_string()))?;
    for (id, account) in &ids {
        use crate::team::{Field, FieldValue};
        let _ = vault.update(id, |a| {
            a.issuer = account.text(Field::Issuer).to_owned();
            a.name = account.text(Field::Name).to_owned();
            a.group = account.text(Field::Group).to_owned();
            if let Some(FieldValue::Position(p)) = account.field(Field::Position) {
                a.position = *p;
            }
            if let Some(FieldValue::Pinned(p)) = account.field(Field::Pinned) {
                a.pinned = *p;
            }
        });
    }
    drop(vault);
    super::setup::first_sync(desk, &session, now);
    Ok(Brought {
        session,
        people: carried.len(),
        accounts,
        missing_keys,
        folder: m.folder.clone(),
    })
}
