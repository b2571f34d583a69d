use std::fs;

use super::*;
use crate::store::private_file::{ensure_private_dir, write_private};

const DAY_SECS: u64 = 24 * 60 * 60;

fn record(i: u64) -> NewRecord {
    NewRecord {
        time: 1_796_000_000 + i,
        person: ["Li Na", "张伟", "Ahmed"][(i % 3) as usize].to_owned(),
        account: Some(format!("Amazon DE (shop{i}@example.com)")),
        action: AuditAction::Copy,
        via: Via::Window,
        detail: None,
    }
}

fn log_with(n: u64) -> (tempfile::TempDir, AuditLog) {
    let dir = tempfile::tempdir().unwrap();
    let log = AuditLog::new(dir.path());
    for i in 1..=n {
        log.append(record(i)).unwrap();
    }
    (dir, log)
}

fn seqs(trail: &AuditTrail) -> Vec<u64> {
    trail.records.iter().map(|r| r.seq).collect()
}

fn current_lines(dir: &Path) -> Vec<String> {
    let text = fs::read_to_string(dir.join(FILE_NAME)).unwrap();
    text.lines().map(str::to_owned).collect()
}

fn write_lines(dir: &Path, lines: &[String]) {
    let mut text = lines.join("\n");
    text.push('\n');
    write_private(&dir.join(FILE_NAME), text.as_bytes()).unwrap();
}

fn broken(trail: &AuditTrail) -> (Option<u64>, String) {
    match &trail.chain {
        ChainState::Broken { after_seq, reason } => (*after_seq, reason.clone()),
        other => panic!("expected a broken chain, got {other:?}"),
    }
}

#[test]
fn records_read_back_as_written_and_chained() {
    let dir = tempfile::tempdir().unwrap();
    let log = AuditLog::new(dir.path());
    assert_eq!(log.read().unwrap().chain, ChainState::Empty);
    let written: Vec<_> = (1..=3).map(|i| log.append(record(i)).unwrap()).collect();
    let trail = log.read().unwrap();
    assert_eq!(trail.chain, ChainState::Intact);
    assert_eq!(trail.records, written);
    assert_eq!(trail.starts_after_seq, None);
    assert_eq!(seqs(&trail), [1, 2, 3]);
    assert_eq!(written[0].prev, FIRST_PREV);
    assert_eq!(written[1].prev, written[0].hash);
    assert_eq!(written[0].hash.len(), 64);
    assert_eq!(written[0].person, "张伟");
}

#[test]
fn a_new_log_on_the_same_folder_continues_the_chain() {
    let (dir, log) = log_with(2);
    let second = log.read().unwrap().records[1].clone();
    drop(log);
    let again = AuditLog::new(dir.path()).append(record(3)).unwrap();
    assert_eq!((again.seq, again.prev), (3, second.hash));
    assert_eq!(
        AuditLog::new(dir.path()).read().unwrap().chain,
        ChainState::Intact
    );
}

#[test]
fn concurrent_appends_keep_one_chain() {
    let dir = tempfile::tempdir().unwrap();
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let log = AuditLog::new(dir.path());
            std::thread::spawn(move || {
                for i in 0..50 {
                    log.append(record(t * 100 + i)).unwrap();
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    let trail = AuditLog::new(dir.path()).read().unwrap();
    assert_eq!(trail.chain, ChainState::Intact);
    assert_eq!(seqs(&trail), (1..=200).collect::<Vec<_>>());
}

/// Five records, `tamper` applied to the current file's lines, then read.
fn tampered(tamper: impl FnOnce(&mut Vec<String>)) -> AuditTrail {
    let (dir, log) = log_with(5);
    let mut lines = current_lines(dir.path());
    tamper(&mut lines);
    write_lines(dir.path(), &lines);
    log.read().unwrap()
}

#[test]
fn an_edited_record_breaks_the_chain_at_its_line() {
    let trail = tampered(|lines| lines[2] = lines[2].replace("shop3", "shop9"));
    let (after, reason) = broken(&trail);
    assert_eq!(after, Some(2));
    assert!(
        reason.contains("audit.log line 3") && reason.contains("changed"),
        "{reason}"
    );
}

#[test]
fn an_edited_record_with_a_recomputed_hash_breaks_at_the_next_line() {
    let trail = tampered(|lines| {
        let mut r: AuditRecord = serde_json::from_str(&lines[2]).unwrap();
        r.person = "Nobody".into();
        r.hash = r.expected_hash();
        lines[2] = serde_json::to_string(&r).unwrap();
    });
    let (after, reason) = broken(&trail);
    assert_eq!(after, Some(3));
    assert!(
        reason.contains("line 4") && reason.contains("does not follow"),
        "{reason}"
    );
}

#[test]
fn a_removed_line_breaks_the_chain() {
    let trail = tampered(|lines| drop(lines.remove(2)));
    let (after, reason) = broken(&trail);
    assert_eq!(after, Some(2));
    assert!(reason.contains("line 3 is record 4"), "{reason}");
    let trail = tampered(|lines| drop(lines.remove(0)));
    let (after, reason) = broken(&trail);
    assert_eq!(after, None);
    assert!(reason.contains("line 1 is record 2"), "{reason}");
}

#[test]
fn reordered_lines_break_the_chain() {
    let trail = tampered(|lines| lines.swap(1, 2));
    let (after, reason) = broken(&trail);
    assert_eq!(after, Some(1));
    assert!(reason.contains("line 2 is record 3"), "{reason}");
}

#[test]
fn a_changed_seq_breaks_the_chain() {
    let trail = tampered(|lines| lines[2] = lines[2].replace("\"seq\":3", "\"seq\":9"));
    let (after, reason) = broken(&trail);
    assert_eq!(after, Some(2));
    assert!(reason.contains("line 3 (record 9)"), "{reason}");
}

#[test]
fn an_added_field_is_not_a_record() {
    let trail = tampered(|lines| lines[1] = lines[1].replacen('{', "{\"code\":\"123456\",", 1));
    let (after, reason) = broken(&trail);
    assert_eq!(after, Some(1));
    assert!(
        reason.contains("line 2 is not a readable record"),
        "{reason}"
    );
}

#[test]
fn a_cut_off_write_is_shown_and_the_next_append_starts_a_line_of_its_own() {
    let (dir, log) = log_with(5);
    let path = dir.path().join(FILE_NAME);
    let text = fs::read_to_string(&path).unwrap();
    let cut = &text[..text.len() - 40];
    write_private(&path, cut.as_bytes()).unwrap();
    let (after, reason) = broken(&log.read().unwrap());
    assert_eq!(after, Some(4));
    assert!(reason.contains("line 5 is cut off"), "{reason}");

    let next = log.append(record(6)).unwrap();
    assert_eq!(next.seq, 5, "chains to the last whole record");
    let trail = log.read().unwrap();
    let (after, reason) = broken(&trail);
    assert_eq!(after, Some(4));
    assert!(
        reason.contains("line 5 is not a readable record"),
        "{reason}"
    );
    assert_eq!(trail.records.last(), Some(&next));
}

/// Appends until `n` records exist, rotating at 600 bytes (two or three records a file).
fn rotating_log(n: u64) -> (tempfile::TempDir, AuditLog) {
    let dir = tempfile::tempdir().unwrap();
    let log = AuditLog::new(dir.path()).with_max_bytes(600);
    for i in 1..=n {
        log.append(record(i)).unwrap();
    }
    (dir, log)
}

fn rotated_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("audit-"))
        .collect();
    names.sort();
    names
}

#[test]
fn rotation_keeps_the_chain_across_files() {
    let (dir, log) = rotating_log(12);
    let names = rotated_names(dir.path());
    assert!(names.len() >= 3, "{names:?}");
    assert!(names.contains(&"audit-1.log".to_owned()), "{names:?}");
    let trail = log.read().unwrap();
    assert_eq!(trail.chain, ChainState::Intact);
    assert_eq!(seqs(&trail), (1..=12).collect::<Vec<_>>());
    assert_eq!(trail.starts_after_seq, None);
    for name in names {
        let len = fs::metadata(dir.path().join(&name)).unwrap().len();
        assert!(len < 600 + MAX_LINE_BYTES as u64, "{name}: {len}");
    }
}

#[test]
fn dropping_old_files_keeps_the_chain_intact_from_the_first_kept_record() {
    // A record every 10 days: files beyond KEPT_FILES are soon older than 90 days.
    let dir = tempfile::tempdir().unwrap();
    let log = AuditLog::new(dir.path()).with_max_bytes(600);
    for i in 1..=80 {
        log.append(NewRecord {
            time: record(i).time + i * 10 * DAY_SECS,
            ..record(i)
        })
        .unwrap();
    }
    assert_eq!(rotated_names(dir.path()).len(), KEPT_FILES);
    assert!(!dir.path().join("audit-1.log").exists());
    let trail = log.read().unwrap();
    assert_eq!(trail.chain, ChainState::Intact);
    let first = trail.records[0].seq;
    assert!(first > 1);
    assert_eq!(trail.starts_after_seq, Some(first - 1));
    assert_eq!(seqs(&trail), (first..=80).collect::<Vec<_>>());
}

#[test]
fn a_missing_middle_file_breaks_the_chain() {
    let (dir, log) = rotating_log(12);
    let names = rotated_names(dir.path());
    let middle = names.iter().find(|n| *n != "audit-1.log").unwrap();
    fs::remove_file(dir.path().join(middle)).unwrap();
    let (_, reason) = broken(&log.read().unwrap());
    assert!(reason.contains("should come next"), "{reason}");
}

#[test]
fn a_renamed_file_must_start_where_its_name_says() {
    let (dir, log) = rotating_log(12);
    let names = rotated_names(dir.path());
    let first = names.iter().find(|n| *n != "audit-1.log").unwrap();
    fs::remove_file(dir.path().join("audit-1.log")).unwrap();
    // Dropping the first lines of the oldest file is not the same as rotation.
    let path = dir.path().join(first);
    let text = fs::read_to_string(&path).unwrap();
    let rest = text.split_once('\n').unwrap().1;
    write_private(&path, rest.as_bytes()).unwrap();
    let (after, reason) = broken(&log.read().unwrap());
    assert_eq!(after, None);
    assert!(reason.contains("its file's name says"), "{reason}");
}

#[test]
fn the_filter_matches_each_field() {
    let mut records = log_with(6).1.read().unwrap().records;
    records[5].action = AuditAction::FailedUnlock;
    let count = |filter: AuditFilter| records.iter().filter(|r| filter.matches(r)).count();
    assert_eq!(count(AuditFilter::default()), 6);
    let person = |p: &str| AuditFilter {
        person: Some(p.into()),
        ..AuditFilter::default()
    };
    assert_eq!(count(person("张伟")), 2);
    assert_eq!(count(person("Li")), 0, "names match exactly");
    let account = AuditFilter {
        account: Some("SHOP4@".into()),
        ..AuditFilter::default()
    };
    assert_eq!(count(account), 1, "part of the label, any case");
    let action = AuditFilter {
        action: Some(AuditAction::FailedUnlock),
        ..AuditFilter::default()
    };
    assert_eq!(count(action), 1);
    let window = AuditFilter {
        since: Some(1_796_000_002),
        until: Some(1_796_000_004),
        ..AuditFilter::default()
    };
    assert_eq!(count(window), 3, "both ends inclusive");
}

#[test]
fn csv_has_a_header_quotes_and_neutralises_formulas() {
    let mut records = log_with(4).1.read().unwrap().records;
    records[0].person = "=HYPERLINK(\"http://x\")".into();
    records[1].account = Some("+1 shop, \"main\"".into());
    records[2].detail = Some("-5 @SUM(A1)".into());
    records[3].account = Some("@x".into());
    let text = to_csv(&records, None);
    assert!(
        text.starts_with(
            "seq,time,person,account,action,via,detail,prev,hash,count,dropped_through\n"
        ),
        "{text}"
    );
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows.len(), 4);
    assert_eq!(&rows[0][2], "'=HYPERLINK(\"http://x\")");
    assert_eq!(&rows[1][3], "'+1 shop, \"main\"");
    assert_eq!(&rows[2][6], "'-5 @SUM(A1)");
    assert_eq!(&rows[3][3], "'@x");
    assert_eq!(&rows[3][2], "张伟");
    assert_eq!(&rows[1][0], "2");
    assert_eq!(&rows[1][4], "copy");
    assert_eq!(&rows[1][5], "window");
    assert_eq!(&rows[1][8], records[1].hash);
}

#[test]
fn a_huge_line_or_garbage_reads_as_broken() {
    let dir = tempfile::tempdir().unwrap();
    let log = AuditLog::new(dir.path());
    let path = dir.path().join(FILE_NAME);
    let mut huge = vec![b'{'; 10 * 1024 * 1024];
    huge.push(b'\n');
    write_private(&path, &huge).unwrap();
    let trail = log.read().unwrap();
    assert!(trail.records.is_empty());
    let (after, reason) = broken(&trail);
    assert_eq!(after, None);
    assert!(reason.contains("longer than any record"), "{reason}");

    let garbage: Vec<u8> = (0..100_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    write_private(&path, &garbage).unwrap();
    assert!(matches!(
        log.read().unwrap().chain,
        ChainState::Broken { .. }
    ));
    let next = log.append(record(1)).unwrap();
    assert_eq!(next.seq, 1, "nothing readable to chain to");
    assert!(matches!(
        log.read().unwrap().chain,
        ChainState::Broken { .. }
    ));
}

#[test]
fn reading_stops_at_the_byte_budget() {
    let (dir, _log) = log_with(5);
    let mut check = ChainCheck::default();
    let mut budget = 100;
    let read = read_bounded(
        &dir.path().join(FILE_NAME),
        &mut budget,
        FILE_NAME,
        &mut check,
    );
    assert!(read.is_none());
    let (after, reason) = broken(&check.finish());
    assert_eq!(after, None);
    assert!(reason.contains("larger than 64 MiB"), "{reason}");
}

#[test]
fn a_too_long_record_is_refused_and_nothing_is_written() {
    let (dir, log) = log_with(1);
    let long = NewRecord {
        detail: Some("x".repeat(MAX_LINE_BYTES)),
        ..record(2)
    };
    assert!(matches!(log.append(long), Err(AuditError::TooLong { .. })));
    assert_eq!(current_lines(dir.path()).len(), 1);
}

#[test]
fn names_in_the_file_are_serdes_names() {
    for action in AuditAction::ALL {
        assert_eq!(serde_json::to_value(action).unwrap(), action.as_str());
    }
    for via in [Via::Window, Via::Tray, Via::Cli] {
        assert_eq!(serde_json::to_value(via).unwrap(), via.as_str());
    }
}

#[cfg(unix)]
#[test]
fn every_file_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, _log) = rotating_log(6);
    for entry in fs::read_dir(dir.path()).unwrap() {
        let entry = entry.unwrap();
        let mode = entry.metadata().unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{:?}", entry.file_name());
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_in_place_of_the_log_does_not_hang() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    let made = std::process::Command::new("mkfifo").arg(&path).status();
    if !made.is_ok_and(|s| s.success()) {
        return; // no mkfifo on this system
    }
    let trail = AuditLog::new(dir.path()).read().unwrap();
    let (_, reason) = broken(&trail);
    assert!(reason.contains("not a regular file"), "{reason}");
}

// --- Issue 20: the log is complete or says it is not -------------------------------------

fn incomplete(trail: &AuditTrail) -> String {
    match &trail.chain {
        ChainState::Incomplete { reason } => reason.clone(),
        other => panic!("expected an incomplete log, got {other:?}"),
    }
}

/// Rewrites the current file as `records`, each re-hashed to follow the one before, as an
/// attacker with a text editor and a SHA-256 tool can.
fn rehashed(dir: &Path, mut records: Vec<AuditRecord>) {
    let mut prev = FIRST_PREV.to_owned();
    for (seq, r) in (1..).zip(records.iter_mut()) {
        r.seq = seq;
        r.prev = prev;
        r.hash = r.expected_hash();
        prev = r.hash.clone();
    }
    let lines: Vec<String> = records
        .iter()
        .map(|r| serde_json::to_string(r).unwrap())
        .collect();
    write_lines(dir, &lines);
}

#[test]
fn the_head_is_the_last_record_written() {
    let dir = tempfile::tempdir().unwrap();
    let log = AuditLog::new(dir.path());
    assert_eq!(log.head().unwrap(), None);
    assert_eq!(log.advance(None).unwrap(), None);
    let written = log.append(record(1)).unwrap();
    assert_eq!(
        written.head(),
        AuditHead {
            seq: 1,
            hash: written.hash.clone()
        }
    );
    assert_eq!(log.head().unwrap(), Some(written.head()));
    assert_eq!(log.read().unwrap().head(), Some(written.head()));
    let json = serde_json::to_string(&written.head()).unwrap();
    assert_eq!(
        serde_json::from_str::<AuditHead>(&json).unwrap(),
        written.head()
    );
}

#[test]
fn a_cut_tail_reads_intact_alone_and_incomplete_against_the_anchor() {
    let (dir, log) = log_with(5);
    let anchor = log.head().unwrap().unwrap();
    let mut lines = current_lines(dir.path());
    lines.truncate(3);
    write_lines(dir.path(), &lines);
    assert_eq!(log.read().unwrap().chain, ChainState::Intact);
    let reason = incomplete(&log.read_anchored(Some(&anchor)).unwrap());
    assert!(
        reason.contains("ends at record 3") && reason.contains("record 5"),
        "{reason}"
    );
}

#[test]
fn a_deleted_log_is_incomplete_against_the_anchor_also_once_written_again() {
    let (dir, log) = log_with(5);
    let anchor = log.head().unwrap().unwrap();
    fs::remove_file(dir.path().join(FILE_NAME)).unwrap();
    assert_eq!(log.read().unwrap().chain, ChainState::Empty);
    let reason = incomplete(&log.read_anchored(Some(&anchor)).unwrap());
    assert!(reason.contains("deleted"), "{reason}");
    // The whole folder gone reads the same.
    let gone = AuditLog::new(&dir.path().join("nowhere"));
    incomplete(&gone.read_anchored(Some(&anchor)).unwrap());

    // Writing again starts a new chain, which is no excuse: the anchor does not move onto it.
    for i in 6..=12 {
        log.append(record(i)).unwrap();
    }
    assert_eq!(log.read().unwrap().chain, ChainState::Intact);
    let reason = incomplete(&log.read_anchored(Some(&anchor)).unwrap());
    assert!(reason.contains("Record 5 is not the one"), "{reason}");
    assert_eq!(log.advance(Some(&anchor)).unwrap(), Some(anchor));
}

#[test]
fn dropped_records_re_hashed_are_incomplete_against_the_anchor() {
    let (dir, log) = log_with(6);
    let anchor = log.head().unwrap().unwrap();
    let mut records = log.read().unwrap().records;
    records.drain(2..4);
    rehashed(dir.path(), records.clone());
    assert_eq!(log.read().unwrap().chain, ChainState::Intact);
    let reason = incomplete(&log.read_anchored(Some(&anchor)).unwrap());
    assert!(reason.contains("ends at record 4"), "{reason}");

    // Padded back to six records, the sixth is not the anchored one.
    records.extend([records[0].clone(), records[1].clone()]);
    rehashed(dir.path(), records);
    assert_eq!(log.read().unwrap().chain, ChainState::Intact);
    let reason = incomplete(&log.read_anchored(Some(&anchor)).unwrap());
    assert!(reason.contains("Record 6 is not the one"), "{reason}");
}

#[test]
fn a_tail_renamed_as_an_old_file_is_incomplete_with_or_without_an_anchor() {
    let (dir, log) = log_with(12);
    let anchor = log.head().unwrap().unwrap();
    // Records 9..12 kept as if rotation had dropped 1..8.
    let lines = current_lines(dir.path());
    let mut tail = lines[8..].join("\n");
    tail.push('\n');
    write_private(&dir.path().join("audit-9.log"), tail.as_bytes()).unwrap();
    fs::remove_file(dir.path().join(FILE_NAME)).unwrap();
    let alone = log.read().unwrap();
    assert_eq!(seqs(&alone), (9..=12).collect::<Vec<_>>());
    assert_eq!(alone.starts_after_seq, Some(8));
    let reason = incomplete(&alone);
    assert!(
        reason.contains("Records 1 to 8 are missing") && reason.contains("by hand"),
        "{reason}"
    );
    let reason = incomplete(&log.read_anchored(Some(&anchor)).unwrap());
    assert!(reason.contains("Records 1 to 8"), "{reason}");
}

#[test]
fn a_rollback_to_an_old_copy_is_incomplete_against_the_anchor() {
    let (dir, log) = log_with(3);
    let old_copy = fs::read(dir.path().join(FILE_NAME)).unwrap();
    for i in 4..=6 {
        log.append(record(i)).unwrap();
    }
    let anchor = log.advance(None).unwrap().unwrap();
    assert_eq!(anchor.seq, 6);
    write_private(&dir.path().join(FILE_NAME), &old_copy).unwrap();
    assert_eq!(log.read().unwrap().chain, ChainState::Intact);
    let reason = incomplete(&log.read_anchored(Some(&anchor)).unwrap());
    assert!(reason.contains("ends at record 3"), "{reason}");
    // New records on the old copy neither hide it nor move the anchor.
    for i in 7..=9 {
        log.append(record(i)).unwrap();
        assert_eq!(log.advance(Some(&anchor)).unwrap(), Some(anchor.clone()));
    }
    let reason = incomplete(&log.read_anchored(Some(&anchor)).unwrap());
    assert!(reason.contains("Record 6 is not the one"), "{reason}");
}

#[test]
fn the_anchor_advances_along_an_unbroken_chain_only() {
    let (dir, log) = log_with(3);
    let anchor = log.advance(None).unwrap().unwrap();
    let five = {
        log.append(record(4)).unwrap();
        log.append(record(5)).unwrap()
    };
    let advanced = log.advance(Some(&anchor)).unwrap().unwrap();
    assert_eq!(advanced, five.head());
    assert_eq!(
        log.read_anchored(Some(&advanced)).unwrap().chain,
        ChainState::Intact
    );
    // An edited record between the anchor and the head stops it.
    let mut lines = current_lines(dir.path());
    lines[3] = lines[3].replace("shop4", "shop0");
    write_lines(dir.path(), &lines);
    assert_eq!(log.advance(Some(&anchor)).unwrap(), Some(anchor));
}

#[test]
fn the_anchor_advances_past_rotation_and_far_behind() {
    let (dir, log) = rotating_log(3);
    let anchor = log.advance(None).unwrap().unwrap();
    for i in 4..=40 {
        log.append(record(i)).unwrap();
    }
    assert!(rotated_names(dir.path()).len() > 3);
    let advanced = log.advance(Some(&anchor)).unwrap().unwrap();
    assert_eq!(advanced.seq, 40);
    assert_eq!(
        log.read_anchored(Some(&advanced)).unwrap().chain,
        ChainState::Intact
    );
    assert_eq!(
        log.read_anchored(Some(&anchor)).unwrap().chain,
        ChainState::Intact
    );
}

#[test]
fn a_broken_chain_stays_broken_against_the_anchor() {
    let (dir, log) = log_with(5);
    let anchor = log.head().unwrap().unwrap();
    let mut lines = current_lines(dir.path());
    lines[1] = lines[1].replace("shop2", "shop7");
    write_lines(dir.path(), &lines);
    broken(&log.read_anchored(Some(&anchor)).unwrap());
}

fn refused(time: u64, person: &str) -> NewRecord {
    NewRecord {
        time,
        person: person.to_owned(),
        account: None,
        action: AuditAction::FailedUnlock,
        via: Via::Cli,
        detail: None,
    }
}

#[test]
fn a_burst_of_refused_attempts_is_one_record_with_a_count() {
    let dir = tempfile::tempdir().unwrap();
    let log = AuditLog::new(dir.path());
    let t = 1_796_000_000;
    let first = log.append_coalesced(refused(t, "Li Na")).unwrap().unwrap();
    assert_eq!(first.count, None, "the first attempt is written at once");
    for i in 1..100 {
        assert_eq!(
            log.append_coalesced(refused(t + i % 50, "Li Na")).unwrap(),
            None
        );
    }
    assert_eq!(log.read().unwrap().records.len(), 1);
    // The burst's time is up: this attempt carries the 99 held ones.
    let summary = log
        .append_coalesced(refused(t + BURST_SECS, "Li Na"))
        .unwrap()
        .unwrap();
    assert_eq!((summary.seq, summary.count), (2, Some(100)));
    assert_eq!(summary.hash, summary.expected_hash());
    let trail = log.read().unwrap();
    assert_eq!(trail.chain, ChainState::Intact);
    assert_eq!(trail.records.len(), 2);
    assert!(current_lines(dir.path())[1].contains("\"count\":100"));
}

#[test]
fn held_attempts_are_written_by_the_next_record_once_due() {
    let dir = tempfile::tempdir().unwrap();
    let log = AuditLog::new(dir.path());
    let t = 1_796_000_000;
    log.append_coalesced(refused(t, "Li Na")).unwrap().unwrap();
    log.append_coalesced(refused(t, "Ahmed")).unwrap().unwrap();
    for i in 1..=10 {
        log.append_coalesced(refused(t + i, "Li Na")).unwrap();
    }
    // Not due yet: an unrelated record leaves the burst counting.
    log.append(record(1)).unwrap();
    assert_eq!(log.read().unwrap().records.len(), 3);
    assert!(dir.path().join(PENDING_FILE_NAME).exists());
    let unlock = NewRecord {
        time: t + 600,
        ..record(2)
    };
    log.append(unlock).unwrap();
    let records = log.read().unwrap().records;
    assert_eq!(records.len(), 5);
    let summary = &records[3];
    assert_eq!(
        (summary.person.as_str(), summary.count, summary.time),
        ("Li Na", Some(10), t + 10)
    );
    assert_eq!(records[4].time, t + 600);
    assert!(
        !dir.path().join(PENDING_FILE_NAME).exists(),
        "Ahmed held none"
    );
    assert_eq!(log.read().unwrap().chain, ChainState::Intact);
}

#[test]
fn garbage_in_the_pending_file_is_no_burst() {
    let dir = tempfile::tempdir().unwrap();
    let log = AuditLog::new(dir.path());
    ensure_private_dir(dir.path()).unwrap();
    let pending = dir.path().join(PENDING_FILE_NAME);
    write_private(&pending, b"\xff{not json").unwrap();
    let written = log.append_coalesced(refused(5, "Li Na")).unwrap();
    assert!(written.is_some());
    write_private(&pending, &vec![b'['; 200_000]).unwrap();
    log.append(record(1)).unwrap();
    assert!(log.append_coalesced(refused(6, "Li Na")).unwrap().is_some());
    assert_eq!(log.read().unwrap().chain, ChainState::Intact);
}

#[test]
fn a_record_written_before_count_existed_still_verifies() {
    // Written by the version before `count` and `dropped_through` (hash computed outside Rust).
    let v1 = r#"{"seq":1,"time":1796000001,"person":"Li Na","account":"Amazon DE","action":"failed_unlock","via":"cli","detail":null,"prev":"0000000000000000000000000000000000000000000000000000000000000000","hash":"be0a4a09bafb94bf32e2be438e497280feb41e0428ecc827b99d19ad3dcdaf5b"}"#;
    let old: AuditRecord = serde_json::from_str(v1).unwrap();
    assert_eq!(old.count, None);
    assert_eq!(old.hash, old.expected_hash());
    assert_eq!(
        serde_json::to_string(&old).unwrap(),
        v1,
        "written the same way"
    );
    let dir = tempfile::tempdir().unwrap();
    write_lines(dir.path(), &[v1.to_owned()]);
    let log = AuditLog::new(dir.path());
    let next = log.append(record(2)).unwrap();
    assert_eq!(next.prev, old.hash);
    assert_eq!(log.read().unwrap().chain, ChainState::Intact);
    // The count is in the hash: changing it is an edit.
    let mut counted = next.clone();
    counted.count = Some(3);
    assert_ne!(counted.expected_hash(), next.hash);
    let mut dropped = next;
    dropped.dropped_through = Some(0);
    assert_ne!(dropped.expected_hash(), counted.expected_hash());
}

/// A flood of records within an hour over many files, rotating at 600 bytes.
fn flooded(n: u64) -> (tempfile::TempDir, AuditLog) {
    let (dir, log) = rotating_log(0);
    for i in 1..=n {
        log.append(record(i)).unwrap();
    }
    (dir, log)
}

#[test]
fn a_flood_never_rotates_out_records_younger_than_90_days() {
    let (dir, log) = flooded(150);
    let files = rotated_names(dir.path()).len();
    assert!(files > 2 * KEPT_FILES, "{files} files");
    let trail = log.read().unwrap();
    assert_eq!(trail.chain, ChainState::Intact);
    assert_eq!(seqs(&trail), (1..=150).collect::<Vec<_>>());

    // 91 days on, the next rotation drops the old files down to KEPT_FILES and says so.
    let later = record(151).time + 91 * DAY_SECS;
    let mut i = 151;
    while rotated_names(dir.path()).len() != KEPT_FILES {
        assert!(i < 200, "never rotated");
        log.append(NewRecord {
            time: later,
            ..record(i)
        })
        .unwrap();
        i += 1;
    }
    let trail = log.read().unwrap();
    assert_eq!(trail.chain, ChainState::Intact);
    let declared = trail.records.iter().find_map(|r| r.dropped_through);
    assert_eq!(declared, trail.starts_after_seq);
    assert!(declared.is_some());
}

/// 150 records in files of 600 bytes with at most 20 files' worth kept: past the byte limit.
fn flooded_past_the_byte_limit() -> (tempfile::TempDir, AuditLog) {
    let dir = tempfile::tempdir().unwrap();
    let log = AuditLog::new(dir.path())
        .with_max_bytes(600)
        .with_max_total_bytes(20 * 600);
    for i in 1..=150 {
        log.append(record(i)).unwrap();
    }
    (dir, log)
}

#[test]
fn past_the_byte_limit_young_files_go_too_and_the_chain_says_so() {
    let (dir, log) = flooded_past_the_byte_limit();
    let files = rotated_names(dir.path()).len();
    assert!((KEPT_FILES..=25).contains(&files), "{files} files");
    let trail = log.read().unwrap();
    assert_eq!(trail.chain, ChainState::Intact);
    let declared = trail.records.iter().filter_map(|r| r.dropped_through).max();
    assert_eq!(declared, trail.starts_after_seq);
}

#[test]
fn an_oldest_file_removed_by_hand_does_not_pass_for_rotation() {
    let (dir, log) = flooded_past_the_byte_limit();
    assert_eq!(log.read().unwrap().chain, ChainState::Intact);
    let oldest = rotated_by_seq(dir.path()).remove(0);
    fs::remove_file(oldest).unwrap();
    let reason = incomplete(&log.read().unwrap());
    assert!(
        reason.contains("rotation dropped only records up to"),
        "{reason}"
    );
    // Down to fewer files than rotation keeps: removed by hand whatever the chain says.
    let rest = rotated_by_seq(dir.path());
    for path in &rest[..rest.len() - 2] {
        fs::remove_file(path).unwrap();
    }
    let reason = incomplete(&log.read().unwrap());
    assert!(reason.contains("only"), "{reason}");
}

#[test]
fn the_newest_files_are_read_first_within_the_budget() {
    let (dir, _log) = flooded(60);
    let mut files: Vec<(std::path::PathBuf, Option<u64>)> = rotated_by_seq(dir.path())
        .into_iter()
        .map(|path| (path, Some(0)))
        .collect();
    files.push((dir.path().join(FILE_NAME), None));
    let all = files.len() - 1;
    assert_eq!(files_beyond(&files, u64::MAX), 0);
    assert_eq!(
        files_beyond(&files, 0),
        all,
        "the current file is always read"
    );
    let two = files[all - 1..]
        .iter()
        .map(|(p, _)| fs::metadata(p).unwrap().len())
        .sum::<u64>();
    assert_eq!(files_beyond(&files, two), all - 1);
}

/// The renamed files, oldest first.
fn rotated_by_seq(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<(u64, std::path::PathBuf)> = rotated_names(dir)
        .into_iter()
        .map(|name| {
            let seq = name["audit-".len()..name.len() - ".log".len()]
                .parse()
                .unwrap();
            (seq, dir.join(name))
        })
        .collect();
    files.sort();
    files.into_iter().map(|(_, path)| path).collect()
}

#[test]
fn control_characters_are_made_visible() {
    assert_eq!(visible("Li Na"), "Li Na");
    assert_eq!(
        visible("张伟 (shop@example.com)"),
        "张伟 (shop@example.com)"
    );
    assert_eq!(visible("Carol\n  1  admin"), "Carol\u{240A}  1  admin");
    assert_eq!(
        visible("a\r\tb\u{1b}[2J\u{7f}"),
        "a\u{240D}\u{2409}b\u{241B}[2J\u{2421}"
    );
    assert_eq!(visible("\u{202e}loraC"), "\\u{202e}loraC");
    assert_eq!(
        visible("x\u{85}y\u{2028}z\u{200b}"),
        "x\\u{85}y\\u{2028}z\\u{200b}"
    );
    assert!(!visible("\u{0}\u{1f}\u{9b}").chars().any(char::is_control));
}

#[test]
fn csv_shows_control_characters_and_the_count() {
    let mut records = log_with(2).1.read().unwrap().records;
    records[0].person = "Carol\nfake,row".into();
    records[1].count = Some(42);
    let text = to_csv(&records, None);
    assert_eq!(text.lines().count(), 3, "{text}");
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect();
    assert_eq!(&rows[0][2], "Carol\u{240A}fake,row");
    assert_eq!(&rows[0][9], "");
    assert_eq!(&rows[1][9], "42");
}
