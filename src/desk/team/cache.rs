//! The verified cache: SHA-256 of record files whose signature this desk has already checked.
//! Checking 10,000 Ed25519 signatures at every start would exceed the open budget, and a record
//! file never changes once written, so a file whose exact bytes were verified before needs no
//! second check. Everything else — header, desk, epoch key, decryption, the record inside — is
//! still checked on every open; only the signature may be skipped, and only through this cache.
//!
//! The desk keeps it sealed in its local cache (outside the team folder): whoever could add
//! entries could make a forged file pass, so it is as sensitive as a key.
//! [`VerifiedCache::to_bytes`] is `version ‖ sorted 32-byte hashes`.

use std::collections::HashSet;

use crate::team::Hash32;

const VERSION: u8 = 1;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VerifiedCache(HashSet<[u8; 32]>);

impl VerifiedCache {
    pub fn contains(&self, file: &Hash32) -> bool {
        self.0.contains(&file.0)
    }

    /// Only [`super::codec::SealedCodec`] adds, after a signature check succeeded.
    pub(crate) fn insert(&mut self, file: Hash32) {
        self.0.insert(file.0);
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut hashes: Vec<&[u8; 32]> = self.0.iter().collect();
        hashes.sort_unstable();
        let mut out = Vec::with_capacity(1 + 32 * hashes.len());
        out.push(VERSION);
        for hash in hashes {
            out.extend_from_slice(hash);
        }
        out
    }

    /// `None` for bytes that are not a cache this code wrote (then start with an empty one).
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        let (&version, rest) = bytes.split_first()?;
        if version != VERSION || rest.len() % 32 != 0 {
            return None;
        }
        let hashes = rest.chunks_exact(32).filter_map(|c| c.try_into().ok());
        Some(Self(hashes.collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_garbage() {
        let mut cache = VerifiedCache::default();
        cache.insert(Hash32::of(b"a"));
        cache.insert(Hash32::of(b"b"));
        let bytes = cache.to_bytes();
        assert_eq!(bytes.len(), 65);
        assert_eq!(VerifiedCache::from_bytes(&bytes), Some(cache.clone()));
        assert!(cache.contains(&Hash32::of(b"a")));
        assert!(!cache.contains(&Hash32::of(b"c")));
        assert_eq!(VerifiedCache::from_bytes(&bytes[..64]), None);
        assert_eq!(VerifiedCache::from_bytes(&[2]), None);
        assert_eq!(VerifiedCache::from_bytes(&[]), None);
    }
}
