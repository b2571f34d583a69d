use std::fs;

use super::*;
use crate::store::private_file::write_private;

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
    let (dir, log) = rotating_log(80);
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
    let text = to_csv(&records);
    assert!(
        text.starts_with("seq,time,person,account,action,via,detail,prev,hash\n"),
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
