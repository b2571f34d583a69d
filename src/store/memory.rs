//! An in-memory [`SecretStore`] for unit tests of other logic; the app never uses it.

use std::collections::HashMap;
use std::sync::Mutex;

use super::{AccountId, SecretStore, StoreError};
use zeroize::Zeroizing;

#[derive(Default)]
pub struct MemoryStore {
    items: Mutex<HashMap<AccountId, Zeroizing<String>>>,
    /// When set, every call fails with this error (to test how callers handle it).
    failure: Mutex<Option<StoreError>>,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn fail_with(&self, error: Option<StoreError>) {
        *self.failure.lock().unwrap_or_else(|p| p.into_inner()) = error;
    }

    pub fn len(&self) -> usize {
        self.items().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn items(&self) -> std::sync::MutexGuard<'_, HashMap<AccountId, Zeroizing<String>>> {
        self.items.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn failure(&self) -> Result<(), StoreError> {
        match &*self.failure.lock().unwrap_or_else(|p| p.into_inner()) {
            Some(error) => Err(error.clone()),
            None => Ok(()),
        }
    }
}

impl SecretStore for MemoryStore {
    fn check(&self) -> Result<(), StoreError> {
        self.failure()
    }

    fn put_text(&self, id: &AccountId, text: &str) -> Result<(), StoreError> {
        self.failure()?;
        self.items()
            .insert(id.clone(), Zeroizing::new(text.to_owned()));
        Ok(())
    }

    fn get_text(&self, id: &AccountId) -> Result<Option<Zeroizing<String>>, StoreError> {
        self.failure()?;
        Ok(self.items().get(id).cloned())
    }

    fn delete(&self, id: &AccountId) -> Result<(), StoreError> {
        self.failure()?;
        self.items().remove(id);
        Ok(())
    }

    fn all_ids(&self) -> Result<Vec<AccountId>, StoreError> {
        self.failure()?;
        Ok(self.items().keys().cloned().collect())
    }
}
