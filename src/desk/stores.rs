//! The two views of the keychain an unlocked person gets, as [`SecretStore`]s so the vault
//! needs no change: an admin's seals and opens every item with the desk key; a member's holds
//! only the accounts shared with them (their grants) and refuses every change.

use std::collections::HashMap;
use std::sync::Arc;

use zeroize::Zeroizing;

use super::crypto::Key;
use super::grants::Shared;
use crate::otp::Secret;
use crate::store::{AccountId, DESK_ITEM_PREFIX, SecretStore, StoreError, parse_item};

/// Sealed item texts start with this; anything else is an item from before desk mode.
pub const SEALED_PREFIX: &str = "otp-desk-sealed/1:";

fn item_context(id: &AccountId) -> String {
    format!("otp-desk item {id}")
}

pub fn seal_item(key: &Key, id: &AccountId, text: &str) -> Result<String, StoreError> {
    let sealed = key
        .seal(text.as_bytes(), &item_context(id))
        .map_err(|e| StoreError::Failed(e.to_string()))?;
    Ok(format!("{SEALED_PREFIX}{sealed}"))
}

pub fn is_sealed(text: &str) -> bool {
    text.starts_with(SEALED_PREFIX)
}

/// An admin's view: every write sealed under the desk key, every read opened with it (or with
/// the previous desk key while a rotation's re-sealing is unfinished). Once desk mode has
/// sealed every item, a plain item is tampering (written with `secret-tool`, say): it reads as
/// missing, so it is never shown, used or shared.
pub struct SealedStore {
    inner: Arc<dyn SecretStore>,
    key: Key,
    previous: Option<Key>,
    refuse_plain: bool,
}

impl SealedStore {
    pub fn new(
        inner: Arc<dyn SecretStore>,
        key: Key,
        previous: Option<Key>,
        refuse_plain: bool,
    ) -> Self {
        Self {
            inner,
            key,
            previous,
            refuse_plain,
        }
    }
}

/// The item `id`'s text, `sealed` (without [`SEALED_PREFIX`]) opened with `key`.
pub fn open_item(key: &Key, id: &AccountId, sealed: &str) -> Option<Zeroizing<String>> {
    key.open(sealed, &item_context(id))
        .ok()
        .and_then(|bytes| String::from_utf8(bytes.to_vec()).ok())
        .map(Zeroizing::new)
}

impl SecretStore for SealedStore {
    fn check(&self) -> Result<(), StoreError> {
        self.inner.check()
    }

    fn put_text(&self, id: &AccountId, text: &str) -> Result<(), StoreError> {
        self.inner.put_text(id, &seal_item(&self.key, id, text)?)
    }

    fn get_text(&self, id: &AccountId) -> Result<Option<Zeroizing<String>>, StoreError> {
        let Some(text) = self.inner.get_text(id)? else {
            return Ok(None);
        };
        let Some(sealed) = text.strip_prefix(SEALED_PREFIX) else {
            if self.refuse_plain {
                tracing::warn!(
                    item = id.as_str(),
                    "a plain keychain item in desk mode: ignored"
                );
                return Ok(None);
            }
            return Ok(Some(text));
        };
        // An item sealed under another key (or damaged) counts as missing, like any
        // unreadable item.
        Ok(open_item(&self.key, id, sealed)
            .or_else(|| open_item(self.previous.as_ref()?, id, sealed)))
    }

    fn delete(&self, id: &AccountId) -> Result<(), StoreError> {
        self.inner.delete(id)
    }

    fn all_ids(&self) -> Result<Vec<AccountId>, StoreError> {
        self.inner.all_ids()
    }
}

/// A member's view: the opened grants, read-only. A codes share gives codes, never a key.
pub struct GrantStore {
    items: HashMap<AccountId, Shared>,
}

pub const MEMBER_REFUSAL: &str = "Only an admin can change accounts; ask one of the desk's admins.";

impl GrantStore {
    pub fn new(items: HashMap<AccountId, Shared>) -> Self {
        Self { items }
    }
}

impl SecretStore for GrantStore {
    fn check(&self) -> Result<(), StoreError> {
        Ok(())
    }

    fn put_text(&self, _id: &AccountId, _text: &str) -> Result<(), StoreError> {
        Err(StoreError::Refused(MEMBER_REFUSAL.into()))
    }

    /// A key share's text; nothing for a codes share (there is no key to give).
    fn get_text(&self, id: &AccountId) -> Result<Option<Zeroizing<String>>, StoreError> {
        Ok(match self.items.get(id) {
            Some(Shared::Key(text)) => Some(text.clone()),
            _ => None,
        })
    }

    fn get(&self, id: &AccountId) -> Result<Option<Secret>, StoreError> {
        Ok(match self.items.get(id) {
            Some(Shared::Codes(table)) => Some(Secret::codes(table.clone())),
            Some(Shared::Key(text)) => parse_item(text).map(|entry| entry.secret),
            None => None,
        })
    }

    fn delete(&self, _id: &AccountId) -> Result<(), StoreError> {
        Err(StoreError::Refused(MEMBER_REFUSAL.into()))
    }

    fn all_ids(&self) -> Result<Vec<AccountId>, StoreError> {
        Ok(self.items.keys().cloned().collect())
    }
}

/// Seals every plain account item under the desk key (desk mode starting). Returns how many.
pub fn seal_all(store: &dyn SecretStore, key: &Key) -> Result<usize, StoreError> {
    seal_each(store, key, |_, text| {
        (!is_sealed(text)).then(|| Zeroizing::new(text.to_owned()))
    })
}

/// Seals again under `new` every item sealed under `old` (the desk key was replaced). Items
/// already under `new`, plain ones and ones neither key opens are left as they are.
pub fn reseal_all(store: &dyn SecretStore, old: &Key, new: &Key) -> Result<usize, StoreError> {
    seal_each(store, new, |id, text| {
        let inner = text.strip_prefix(SEALED_PREFIX)?;
        match open_item(new, id, inner) {
            Some(_) => None,
            None => open_item(old, id, inner),
        }
    })
}

/// Seals under `key` the plain text `plain_of` finds in each account item (desk items left
/// out); returns how many were written.
fn seal_each(
    store: &dyn SecretStore,
    key: &Key,
    plain_of: impl Fn(&AccountId, &str) -> Option<Zeroizing<String>>,
) -> Result<usize, StoreError> {
    let mut sealed = 0;
    for id in store.all_ids()? {
        if id.as_str().starts_with(DESK_ITEM_PREFIX) {
            continue;
        }
        let Some(text) = store.get_text(&id)? else {
            continue;
        };
        if let Some(plain) = plain_of(&id, &text) {
            store.put_text(&id, &seal_item(key, &id, &plain)?)?;
            sealed += 1;
        }
    }
    Ok(sealed)
}
