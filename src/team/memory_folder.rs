//! The in-memory twin of the team folder, for tests: [`MemoryFolder`] is one computer's copy of
//! the folder, and [`MemorySync`] plays the sync engine between copies — badly, on purpose: it
//! delays and reorders files, delivers them twice, half-written, under conflict names, deletes
//! them and brings them back. No I/O, no clock; knows nothing of records beyond their names.

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use super::folder::{Cursor, Folder, FolderError, RecordName};

#[derive(Default)]
struct Files {
    /// Path -> (bytes, generation when last put).
    by_path: BTreeMap<String, (Vec<u8>, u64)>,
    generation: u64,
}

/// One computer's copy of the team folder.
#[derive(Default)]
pub struct MemoryFolder {
    files: Mutex<Files>,
}

impl MemoryFolder {
    fn files(&self) -> MutexGuard<'_, Files> {
        // A test that panicked while holding the lock has failed already; keep the data.
        self.files.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A file as the sync engine puts it: created or replaced, whatever its name.
    pub fn put(&self, path: &str, bytes: &[u8]) {
        let mut files = self.files();
        files.generation += 1;
        let generation = files.generation;
        files
            .by_path
            .insert(path.to_owned(), (bytes.to_vec(), generation));
    }

    pub fn remove(&self, path: &str) -> Option<Vec<u8>> {
        self.files().by_path.remove(path).map(|(bytes, _)| bytes)
    }

    pub fn get(&self, path: &str) -> Option<Vec<u8>> {
        self.files()
            .by_path
            .get(path)
            .map(|(bytes, _)| bytes.clone())
    }

    /// Every path, debris included.
    pub fn paths(&self) -> Vec<String> {
        self.files().by_path.keys().cloned().collect()
    }

    fn stamps(&self) -> BTreeMap<RecordName, (u64, u64)> {
        let files = self.files();
        files
            .by_path
            .iter()
            .filter_map(|(path, (bytes, generation))| {
                let name = RecordName::parse(path)?;
                Some((name, (bytes.len() as u64, *generation)))
            })
            .collect()
    }
}

impl Folder for MemoryFolder {
    fn list(&self) -> Result<Vec<RecordName>, FolderError> {
        Ok(self.stamps().into_keys().collect())
    }

    fn read(&self, name: &RecordName) -> Result<Option<Vec<u8>>, FolderError> {
        Ok(self.get(&name.path()))
    }

    fn write_new(&self, name: &RecordName, bytes: &[u8]) -> Result<(), FolderError> {
        match self.get(&name.path()) {
            Some(existing) if existing == bytes => Ok(()),
            Some(_) => Err(FolderError::Exists(name.path())),
            None => {
                self.put(&name.path(), bytes);
                Ok(())
            }
        }
    }

    fn changes_since(&self, cursor: &Cursor) -> Result<(Vec<RecordName>, Cursor), FolderError> {
        Ok(cursor.advance(self.stamps()))
    }
}

/// A file on its way to one copy.
#[derive(Debug, Clone)]
struct Delivery {
    to: usize,
    path: String,
}

/// A sync engine between several copies of the folder, driven step by step by a test.
pub struct MemorySync {
    pub copies: Vec<MemoryFolder>,
    /// Every file any copy wrote, as written.
    originals: BTreeMap<String, Vec<u8>>,
    pending: Vec<Delivery>,
}

impl MemorySync {
    pub fn new(copies: usize) -> Self {
        Self {
            copies: (0..copies).map(|_| MemoryFolder::default()).collect(),
            originals: BTreeMap::new(),
            pending: Vec::new(),
        }
    }

    /// Copy `from` wrote `name`: it is now on its way to every other copy.
    pub fn written(&mut self, from: usize, name: &RecordName) {
        let path = name.path();
        let Some(bytes) = self.copies.get(from).and_then(|c| c.get(&path)) else {
            return;
        };
        self.originals.insert(path.clone(), bytes);
        for to in (0..self.copies.len()).filter(|&to| to != from) {
            self.pending.push(Delivery {
                to,
                path: path.clone(),
            });
        }
    }

    pub fn pending(&self) -> usize {
        self.pending.len()
    }

    /// Delivers the `pick`-th waiting file (any order: the test picks).
    pub fn deliver(&mut self, pick: usize) {
        if let Some(delivery) = self.take(pick) {
            self.put_original(&delivery);
        }
    }

    /// Delivers it now and again later.
    pub fn duplicate(&mut self, pick: usize) {
        if let Some(delivery) = self.peek(pick) {
            self.put_original(&delivery);
        }
    }

    /// Puts the first `keep_per_256`/256 of it (a file still being written); the whole file
    /// comes later.
    pub fn half_write(&mut self, pick: usize, keep_per_256: u8) {
        let Some(delivery) = self.peek(pick) else {
            return;
        };
        if let Some(bytes) = self.originals.get(&delivery.path) {
            let keep = bytes.len() * usize::from(keep_per_256) / 256;
            self.copies[delivery.to].put(&delivery.path, &bytes[..keep]);
        }
    }

    /// Leaves a conflict copy beside it, as Syncthing does, with other bytes.
    pub fn conflict_copy(&mut self, pick: usize) {
        let Some(delivery) = self.peek(pick) else {
            return;
        };
        let Some(stem) = delivery.path.strip_suffix(".rec") else {
            return;
        };
        let debris = format!("{stem}.sync-conflict-20260101-120000-ABCDEFG.rec");
        self.copies[delivery.to].put(&debris, b"{\"d\":\"evil\"}");
        self.copies[delivery.to].put(&format!("{stem} (conflicted copy).rec"), b"x");
    }

    /// Deletes a file from one copy; the engine brings it back later (a re-appearing file).
    pub fn delete(&mut self, copy: usize, pick: usize) {
        let Some(folder) = self.copies.get(copy) else {
            return;
        };
        let paths = folder.paths();
        if paths.is_empty() {
            return;
        }
        let path = paths[pick % paths.len()].clone();
        folder.remove(&path);
        if self.originals.contains_key(&path) {
            self.pending.push(Delivery { to: copy, path });
        }
    }

    /// Everything arrives whole, everywhere (debris stays where it was).
    pub fn settle(&mut self) {
        self.pending.clear();
        for copy in &self.copies {
            for (path, bytes) in &self.originals {
                copy.put(path, bytes);
            }
        }
    }

    fn peek(&self, pick: usize) -> Option<Delivery> {
        let n = self.pending.len();
        (n > 0).then(|| self.pending[pick % n].clone())
    }

    fn take(&mut self, pick: usize) -> Option<Delivery> {
        let n = self.pending.len();
        (n > 0).then(|| self.pending.swap_remove(pick % n))
    }

    fn put_original(&self, delivery: &Delivery) {
        if let Some(bytes) = self.originals.get(&delivery.path) {
            self.copies[delivery.to].put(&delivery.path, bytes);
        }
    }
}
