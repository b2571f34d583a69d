//! What the chain cannot show by itself, found against what is kept elsewhere: the head the
//! caller anchored (newest records cut off, the log deleted, rolled back or re-hashed) and the
//! rotation's own rules (oldest files removed by hand, or a tail renamed as an old file).
//!
//! The anchor is an [`AuditHead`] the caller keeps where a copy of the log's files cannot
//! reach it alone (the authenticated desk state); [`AuditLog::advance`] moves it forward only
//! along an unbroken chain, so a cut or rewritten log is not anchored over and keeps being
//! reported until an admin anchors [`AuditLog::head`] on purpose.

use super::files::{read_tail_records, rotated_files};
use super::*;

/// How much of the newest files [`AuditLog::advance`] reads to find the anchored record: many
/// records more than any caller appends between two anchorings.
const ADVANCE_WINDOW_BYTES: u64 = 256 * 1024;

impl AuditLog {
    /// The head to anchor now, given the `anchor` kept so far: the log's newest head when the
    /// log still holds the anchored record and continues from it unbroken, else `anchor`
    /// unchanged (so the log keeps reading as incomplete). With no anchor yet, the newest head
    /// (trust on first use). Reads only the newest files' tails unless the anchor is far
    /// behind. Call it after each [`AuditLog::append`], under the lock of the state that keeps
    /// the anchor.
    pub fn advance(&self, anchor: Option<&AuditHead>) -> Result<Option<AuditHead>, AuditError> {
        let records = {
            let _lock = self.lock(false).ok();
            self.newest_records(anchor.map(|a| a.seq))?
        };
        let Some(anchor) = anchor else {
            return Ok(records.last().map(AuditRecord::head));
        };
        let newest = records.last().map(|r| r.seq);
        if let Some(index) = records.iter().rposition(|r| r.seq == anchor.seq) {
            let held = records[index].hash == anchor.hash && unbroken(&records[index..]);
            let head = records.last().filter(|_| held).map(AuditRecord::head);
            return Ok(Some(head.unwrap_or_else(|| anchor.clone())));
        }
        if newest.is_none_or(|seq| seq < anchor.seq) {
            return Ok(Some(anchor.clone()));
        }
        // The anchor is older than the tails read: check the whole log.
        let trail = self.read_anchored(Some(anchor))?;
        let head = trail.head().filter(|_| trail.chain == ChainState::Intact);
        Ok(Some(head.unwrap_or_else(|| anchor.clone())))
    }

    /// The readable records at the end of the current file, preceded by those at the end of
    /// the newest renamed file when the current one does not reach back to `back_to_seq`.
    fn newest_records(&self, back_to_seq: Option<u64>) -> Result<Vec<AuditRecord>, AuditError> {
        let path = self.dir.join(FILE_NAME);
        let (mut records, _) =
            read_tail_records(&path, ADVANCE_WINDOW_BYTES).map_err(io_error(&path))?;
        let reaches = |records: &[AuditRecord]| {
            records
                .first()
                .is_some_and(|first| back_to_seq.is_none_or(|seq| first.seq <= seq))
        };
        if !reaches(&records)
            && let Some((_, newest)) = rotated_files(&self.dir)?.pop()
        {
            let (mut older, _) =
                read_tail_records(&newest, ADVANCE_WINDOW_BYTES).map_err(io_error(&newest))?;
            older.append(&mut records);
            records = older;
        }
        Ok(records)
    }
}

/// Whether each record carries its own hash and follows the one before it.
fn unbroken(records: &[AuditRecord]) -> bool {
    records.iter().all(|r| r.hash == r.expected_hash())
        && records.windows(2).all(|pair| {
            Some(pair[1].seq) == pair[0].seq.checked_add(1) && pair[1].prev == pair[0].hash
        })
}

/// The trail as read, with its chain marked incomplete when the anchor or the rotation's rules
/// say records are missing; a broken chain stays broken (it names the first damage).
pub(super) fn judge(
    mut trail: AuditTrail,
    anchor: Option<&AuditHead>,
    rotated_count: usize,
) -> AuditTrail {
    if matches!(trail.chain, ChainState::Broken { .. }) {
        return trail;
    }
    let missing = anchor
        .and_then(|anchor| anchor_fault(&trail, anchor))
        .or_else(|| rotation_fault(&trail, rotated_count));
    if let Some(reason) = missing {
        trail.chain = ChainState::Incomplete { reason };
    }
    trail
}

/// Why the trail does not reach the anchored record, or holds another one in its place.
fn anchor_fault(trail: &AuditTrail, anchor: &AuditHead) -> Option<String> {
    let wanted = anchor.seq;
    let Some(newest) = trail.records.last() else {
        return Some(format!(
            "The audit log is empty, but the desk recorded record {wanted} in it: the log was deleted."
        ));
    };
    if newest.seq < wanted {
        let seq = newest.seq;
        return Some(format!(
            "The audit log ends at record {seq}, but the desk recorded record {wanted}: the newest records were cut off or deleted."
        ));
    }
    match trail.records.iter().rev().find(|r| r.seq == wanted) {
        Some(record) if record.hash == anchor.hash => None,
        Some(_) => Some(format!(
            "Record {wanted} is not the one the desk recorded: the log was rewritten, re-hashed or rolled back to an older copy."
        )),
        None if trail.unread_files > 0 => Some(format!(
            "Record {wanted}, the newest the desk recorded, is in a file too old to be read, so the newer records cannot be checked."
        )),
        None => Some(format!(
            "Record {wanted}, the newest the desk recorded, is not in the audit log: records before record {} were removed.",
            trail.records.first().map_or(0, |r| r.seq)
        )),
    }
}

/// Why the records before the first one read cannot have been dropped by rotation: rotation
/// keeps at least [`KEPT_FILES`] renamed files, and says in the chain up to where it dropped.
fn rotation_fault(trail: &AuditTrail, rotated_count: usize) -> Option<String> {
    let missing_through = trail.starts_after_seq.filter(|_| trail.unread_files == 0)?;
    if rotated_count < KEPT_FILES {
        return Some(format!(
            "Records 1 to {missing_through} are missing, but rotation keeps {KEPT_FILES} older files and only {rotated_count} are there: files were removed or renamed by hand."
        ));
    }
    let declared = trail.records.iter().filter_map(|r| r.dropped_through).max();
    // A log rotated before rotation declared its drops has no declaration at all.
    match declared {
        Some(through) if through < missing_through => Some(format!(
            "Records {} to {missing_through} are missing, but rotation dropped only records up to {through}: files were removed by hand.",
            through + 1
        )),
        _ => None,
    }
}
