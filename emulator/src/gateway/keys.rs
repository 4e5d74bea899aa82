//! The AccessKeys a running emulator accepts; tests add, disable and remove them at run time.

use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use super::config::AccessKey;

/// The accepted AccessKeys, by ID.
#[derive(Debug, Default)]
pub struct KeyStore {
    keys: RwLock<HashMap<String, Arc<AccessKey>>>,
}

impl KeyStore {
    pub fn new(keys: impl IntoIterator<Item = AccessKey>) -> Self {
        let store = Self::default();
        keys.into_iter().for_each(|key| store.insert(key));
        store
    }

    /// Accept `key`, replacing a key with the same ID.
    pub fn insert(&self, key: AccessKey) {
        self.write().insert(key.id().to_owned(), Arc::new(key));
    }

    /// Stop accepting the key (`InvalidAccessKeyId.NotFound`); false if there was none.
    pub fn remove(&self, id: &str) -> bool {
        self.write().remove(id).is_some()
    }

    /// Enable or disable a key (`InvalidAccessKeyId.Inactive`); false if there is none.
    pub fn set_active(&self, id: &str, active: bool) -> bool {
        let mut keys = self.write();
        let Some(key) = keys.get_mut(id) else {
            return false;
        };
        Arc::make_mut(key).set_active(active);
        true
    }

    /// The accepted key IDs, sorted.
    pub fn ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self.read().keys().cloned().collect();
        ids.sort();
        ids
    }

    pub(crate) fn get(&self, id: &str) -> Option<Arc<AccessKey>> {
        self.read().get(id).cloned()
    }

    // The map is replaced entry by entry, never left half-written: a poisoned lock is usable.
    fn read(&self) -> RwLockReadGuard<'_, HashMap<String, Arc<AccessKey>>> {
        self.keys.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> RwLockWriteGuard<'_, HashMap<String, Arc<AccessKey>>> {
        self.keys.write().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_can_be_added_disabled_and_removed() {
        let store = KeyStore::new([AccessKey::new("b", "1"), AccessKey::new("a", "2")]);
        assert_eq!(store.ids(), ["a", "b"]);
        assert!(store.get("a").is_some_and(|k| k.is_active()));
        assert!(store.set_active("a", false));
        assert!(store.get("a").is_some_and(|k| !k.is_active()));
        assert!(!store.set_active("zzz", false));
        assert!(store.remove("a"));
        assert!(store.get("a").is_none());
        assert!(!store.remove("a"));
    }
}
