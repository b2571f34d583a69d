//! Checking the chain record by record, remembering where it first breaks.

use super::files::Link;
use super::*;

/// Checks the records one line at a time, in file order, and remembers the first break.
#[derive(Default)]
pub(super) struct ChainCheck {
    records: Vec<AuditRecord>,
    /// The last record checked while the chain held.
    last: Option<Link>,
    starts_after_seq: Option<u64>,
    broken: Option<(Option<u64>, String)>,
    /// Set by the reader: older files left unread for the byte budget.
    pub(super) unread_files: usize,
}

impl ChainCheck {
    /// One file's bytes; `first_seq` is the seq a renamed file's name promises.
    pub(super) fn file(&mut self, name: &str, first_seq: Option<u64>, bytes: &[u8]) {
        let mut lines: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
        let unfinished = lines.pop().is_some_and(|last| !last.is_empty());
        let count = lines.len();
        for (index, line) in lines.into_iter().enumerate() {
            let place = format!("{name} line {}", index + 1);
            let expected_first = if index == 0 { first_seq } else { None };
            self.line(&place, expected_first, line);
        }
        if unfinished {
            let n = count + 1;
            self.damage(format!("{name} line {n} is cut off (an unfinished write)."));
        }
    }

    pub(super) fn line(&mut self, place: &str, expected_first: Option<u64>, line: &[u8]) {
        if line.len() > MAX_LINE_BYTES {
            let len = line.len();
            return self.damage(format!("{place} is longer than any record ({len} bytes)."));
        }
        let Ok(record) = serde_json::from_slice::<AuditRecord>(line) else {
            return self.damage(format!("{place} is not a readable record."));
        };
        if let Some(reason) = self.link_fault(place, expected_first, &record) {
            self.damage(reason);
        }
        if self.broken.is_none() {
            self.last = Some(Link {
                seq: record.seq,
                hash: record.hash.clone(),
                time: record.time,
            });
        }
        self.records.push(record);
    }

    /// Why `record` does not follow the last good one, if it does not.
    pub(super) fn link_fault(
        &mut self,
        place: &str,
        expected_first: Option<u64>,
        r: &AuditRecord,
    ) -> Option<String> {
        let seq = r.seq;
        if r.hash != r.expected_hash() {
            return Some(format!(
                "{place} (record {seq}) was changed after it was written."
            ));
        }
        if let Some(first) = expected_first.filter(|first| *first != seq) {
            return Some(format!(
                "{place} is record {seq}, but its file's name says {first}."
            ));
        }
        match &self.last {
            Some(last) if Some(seq) != last.seq.checked_add(1) => Some(format!(
                "{place} is record {seq}, but record {} should come next (records were removed or reordered).",
                last.seq.saturating_add(1)
            )),
            Some(last) if r.prev != last.hash => Some(format!(
                "{place} (record {seq}) does not follow the record before it."
            )),
            Some(_) => None,
            None if seq == 1 && r.prev != FIRST_PREV => {
                Some(format!("{place} (record 1) does not start the chain."))
            }
            None if seq == 1 => None,
            // The oldest kept file after rotation dropped older ones: its name vouches for it.
            None if expected_first == Some(seq) => {
                self.starts_after_seq = Some(seq - 1);
                None
            }
            None => Some(format!(
                "{place} is record {seq}, but no file holds the records before it."
            )),
        }
    }

    /// Notes the first break only; later ones follow from it.
    pub(super) fn damage(&mut self, reason: String) {
        if self.broken.is_none() {
            self.broken = Some((self.last.as_ref().map(|l| l.seq), reason));
        }
    }

    pub(super) fn finish(self) -> AuditTrail {
        let chain = match self.broken {
            Some((after_seq, reason)) => ChainState::Broken { after_seq, reason },
            None if self.records.is_empty() => ChainState::Empty,
            None => ChainState::Intact,
        };
        AuditTrail {
            records: self.records,
            chain,
            starts_after_seq: self.starts_after_seq,
            unread_files: self.unread_files,
        }
    }
}
