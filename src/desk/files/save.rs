//! Writing the desk's places: a new state with its slots (in an order a crash cannot hurt),
//! the anchor, the wrong-PIN counters, and what a killed process left.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use super::super::grants::{CODES_DIR, NewFile, codes_path};
use super::super::state::{Anchor, DeskState, SealedState};
use super::super::{DeskError, PersonId, Slot, slot_item};
use super::{
    ANCHOR_ITEM, Counter, DeskFile, FORMAT, INDEX_ITEM, Loaded, VERSION, bak_path, path, read_item,
};
use crate::store::{AccountId, SecretStore, private_file};

pub(in crate::desk) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> DeskError + '_ {
    move |source| DeskError::Io {
        path: path.to_owned(),
        source,
    }
}

fn write_both(dir: &Path, value: &Value) -> Result<(), DeskError> {
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    private_file::ensure_private_dir(dir).map_err(io(dir))?;
    // The copy first: a crash while writing desk.json leaves the new state in the copy.
    private_file::write_private(&bak_path(dir), &bytes).map_err(io(&bak_path(dir)))?;
    private_file::write_private(&path(dir), &bytes).map_err(io(&path(dir)))
}

/// The code tables of a new state: the files to write first, and every file the state names
/// (the others in `codes/` are dropped once the state is written).
pub(in crate::desk) struct CodeFiles {
    pub new: Vec<NewFile>,
    pub keep: BTreeSet<String>,
}

/// Writes a new state with its slots: its new code tables, the index (old and new ids, so no
/// slot item is ever unlisted), the slot items, both files, the anchor, then drops the slots
/// and code tables no one owns.
pub(in crate::desk) fn write(
    dir: &Path,
    store: &dyn SecretStore,
    loaded: &Loaded,
    sealed: &SealedState,
    slots: &BTreeMap<PersonId, Slot>,
    codes: &CodeFiles,
) -> Result<(), DeskError> {
    let codes_dir = dir.join(CODES_DIR);
    if !codes.new.is_empty() {
        private_file::ensure_private_dir(dir).map_err(io(dir))?;
        private_file::ensure_private_dir(&codes_dir).map_err(io(&codes_dir))?;
    }
    for file in &codes.new {
        let path =
            codes_path(dir, &file.name).ok_or_else(|| DeskError::Invalid(file.name.clone()))?;
        private_file::write_private(&path, file.text.as_bytes()).map_err(io(&path))?;
    }
    // Every slot found (listed or not: a forged one written beside them) that no person of
    // the new state owns is removed at the end.
    let mut listed: Vec<PersonId> = loaded.index.clone();
    listed.extend(loaded.slots.keys().cloned());
    listed.extend(slots.keys().cloned());
    listed.sort();
    listed.dedup();
    put_json(store, INDEX_ITEM, &listed)?;
    let mut counters = BTreeMap::new();
    for (id, slot) in slots {
        let counter = loaded.counter(id);
        let mut kept = slot.clone();
        kept.failures = counter.failures;
        kept.last_failure_unix_secs = counter.last_failure_unix_secs;
        put_json(store, slot_item(id).as_str(), &kept)?;
        if counter != Counter::default() {
            counters.insert(id.clone(), counter);
        }
    }
    let file = DeskFile {
        format: FORMAT.into(),
        version: VERSION,
        state: Some(sealed.clone()),
        people: slots
            .values()
            .filter_map(|s| serde_json::to_value(s).ok())
            .collect(),
        grants: Vec::new(),
        counters,
    };
    write_both(dir, &serde_json::to_value(&file).unwrap_or_default())?;
    let seq = serde_json::from_str::<DeskState>(&sealed.text).map_or(0, |s| s.seq);
    let anchor = Anchor {
        seq,
        digest: sealed.digest(),
        log_head: loaded.anchor.as_ref().and_then(|a| a.log_head.clone()),
    };
    put_json(store, ANCHOR_ITEM, &anchor)?;
    for gone in listed.iter().filter(|id| !slots.contains_key(*id)) {
        store.delete(&slot_item(gone))?;
    }
    let index: Vec<&PersonId> = slots.keys().collect();
    put_json(store, INDEX_ITEM, &index)?;
    drop_code_files(&codes_dir, &codes.keep);
    Ok(())
}

/// Removes the code tables (and their temporary files) that the state no longer names.
fn drop_code_files(codes_dir: &Path, keep: &BTreeSet<String>) {
    let Ok(entries) = std::fs::read_dir(codes_dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let kept = name
            .strip_suffix(".sealed")
            .is_some_and(|stem| keep.contains(stem));
        if !kept {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn put_json<T: Serialize>(store: &dyn SecretStore, name: &str, value: &T) -> Result<(), DeskError> {
    let text = serde_json::to_string(value).unwrap_or_default();
    store.put_text(&AccountId::from(name), &text)?;
    Ok(())
}

pub(in crate::desk) fn read_anchor(store: &dyn SecretStore) -> Option<Anchor> {
    read_item(store, ANCHOR_ITEM).and_then(|t| serde_json::from_str(&t).ok())
}

/// Records the audit log's newest record in the anchor (never moving it back).
pub(in crate::desk) fn anchor_log(
    store: &dyn SecretStore,
    head: super::super::LogHead,
) -> Result<(), DeskError> {
    let Some(mut anchor) = read_anchor(store) else {
        return Ok(());
    };
    if anchor.log_head.as_ref().is_some_and(|h| h.seq >= head.seq) {
        return Ok(());
    }
    anchor.log_head = Some(head);
    put_json(store, ANCHOR_ITEM, &anchor)
}

/// Sets one person's wrong-PIN counter in every place it is kept (the files' counters and the
/// keychain item), leaving everything else as it is.
fn set_counter(
    dir: &Path,
    store: &dyn SecretStore,
    id: &PersonId,
    counter: Counter,
) -> Result<(), DeskError> {
    let item = slot_item(id);
    if let Some(text) = read_item(store, item.as_str())
        && let Ok(mut value) = serde_json::from_str::<Value>(&text)
        && let Some(object) = value.as_object_mut()
    {
        object.insert("failures".into(), counter.failures.into());
        object.insert(
            "last_failure_unix_secs".into(),
            counter.last_failure_unix_secs.into(),
        );
        store.put_text(&item, &value.to_string())?;
    }
    // desk.json, or its copy when desk.json is gone or damaged.
    let Some(mut value) = [path(dir), bak_path(dir)].iter().find_map(|p| {
        let text = std::fs::read_to_string(p).ok()?;
        serde_json::from_str::<Value>(&text).ok()
    }) else {
        return Ok(());
    };
    if let Some(object) = value.as_object_mut() {
        let counters = object
            .entry("counters")
            .or_insert_with(|| Value::Object(serde_json::Map::new()));
        if let Some(counters) = counters.as_object_mut() {
            counters.insert(
                id.0.clone(),
                serde_json::to_value(counter).unwrap_or_default(),
            );
        }
    }
    write_both(dir, &value)
}

/// Puts a person's new slot (their own new PIN) in every place a slot of theirs is kept: the
/// keychain item, and `desk.json` and its copy, so no copy of the old one is left to open.
pub(in crate::desk) fn replace_slot(
    dir: &Path,
    store: &dyn SecretStore,
    slot: &Slot,
) -> Result<(), DeskError> {
    put_json(store, slot_item(&slot.id).as_str(), slot)?;
    let Some(mut value) = [path(dir), bak_path(dir)].iter().find_map(|p| {
        let text = std::fs::read_to_string(p).ok()?;
        serde_json::from_str::<Value>(&text).ok()
    }) else {
        return Ok(());
    };
    let new = serde_json::to_value(slot).unwrap_or_default();
    if let Some(people) = value.get_mut("people").and_then(Value::as_array_mut) {
        people.retain(|p| p.get("id").and_then(Value::as_str) != Some(slot.id.0.as_str()));
        people.push(new);
    }
    write_both(dir, &value)
}

/// Changes one person's wrong-PIN counter with `edit`, where it is kept.
pub(in crate::desk) fn edit_counter(
    dir: &Path,
    store: &dyn SecretStore,
    loaded: &Loaded,
    id: &PersonId,
    edit: impl FnOnce(&mut Counter),
) -> Result<(), DeskError> {
    let mut counter = loaded.counter(id);
    edit(&mut counter);
    if counter == loaded.counter(id) {
        return Ok(());
    }
    set_counter(dir, store, id, counter)
}

/// Temp files of the desk's own files that a killed process left (called under the desk lock,
/// when no other process can be writing them).
pub(in crate::desk) fn remove_stale_temp_files(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(".desk.json") && name.ends_with(".tmp") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}
