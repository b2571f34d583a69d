//! The audit log shared by several processes, as the window and the command line share it:
//! this test runs copies of its own binary that append at the same time, then checks that the
//! records form one unbroken chain, or that their refused attempts make one count.

use std::path::Path;
use std::process::Command;

use otp_desk::store::audit_log::{
    AuditAction, AuditLog, BURST_SECS, ChainState, NewRecord, PENDING_FILE_NAME, Via,
};

const DIR_VAR: &str = "OTP_DESK_AUDIT_TEST_DIR";
const BURST_TIME: u64 = 1_796_000_000;
const PROCESSES: u64 = 4;
const EACH: u64 = 40;

/// Runs the ignored test `child` of this binary in [`PROCESSES`] processes at once, over `dir`.
fn run_children(dir: &std::path::Path, child: &str) {
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = (0..PROCESSES)
        .map(|_| {
            Command::new(&exe)
                .args(["--exact", child, "--ignored", "--quiet"])
                .env(DIR_VAR, dir)
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
}

#[test]
fn processes_appending_at_once_keep_one_chain() {
    let dir = tempfile::tempdir().unwrap();
    run_children(dir.path(), "append_as_a_child");
    let trail = AuditLog::new(dir.path()).read().unwrap();
    assert_eq!(trail.chain, ChainState::Intact);
    let seqs: Vec<u64> = trail.records.iter().map(|r| r.seq).collect();
    assert_eq!(seqs, (1..=PROCESSES * EACH).collect::<Vec<_>>());
}

/// Run only by the test above, in a child process.
#[test]
#[ignore = "a child process of processes_appending_at_once_keep_one_chain"]
fn append_as_a_child() {
    let dir = std::env::var_os(DIR_VAR).expect("run by the parent test");
    // A small limit, so that the children also rotate under each other's feet.
    let log = AuditLog::new(Path::new(&dir)).with_max_bytes(8192);
    for i in 0..EACH {
        let record = NewRecord {
            time: 1_796_000_000 + i,
            person: format!("process {}", std::process::id()),
            account: Some("Amazon US".into()),
            action: AuditAction::Copy,
            via: Via::Cli,
            detail: None,
        };
        log.append(record).unwrap();
    }
}

/// Refused attempts from several processes at once (a back-off loop in each) are counted, not
/// written one by one, and no count is lost between them.
#[test]
fn refused_attempts_from_processes_at_once_coalesce_into_one_count() {
    let dir = tempfile::tempdir().unwrap();
    run_children(dir.path(), "refuse_as_a_child");
    let log = AuditLog::new(dir.path());
    assert_eq!(
        log.read().unwrap().records.len(),
        1,
        "the first attempt only"
    );
    assert!(dir.path().join(PENDING_FILE_NAME).exists());
    let later = NewRecord {
        time: BURST_TIME + BURST_SECS,
        ..refused()
    };
    let summary = log.append_coalesced(later).unwrap().unwrap();
    assert_eq!(
        summary.count,
        Some(u32::try_from(PROCESSES * EACH).unwrap())
    );
    let trail = log.read().unwrap();
    assert_eq!(trail.chain, ChainState::Intact);
    assert_eq!(trail.records.len(), 2);
}

fn refused() -> NewRecord {
    NewRecord {
        time: BURST_TIME,
        person: "Li Na".into(),
        account: None,
        action: AuditAction::FailedUnlock,
        via: Via::Cli,
        detail: None,
    }
}

/// Run only by the test above, in a child process.
#[test]
#[ignore = "a child process of refused_attempts_from_processes_at_once_coalesce_into_one_count"]
fn refuse_as_a_child() {
    let dir = std::env::var_os(DIR_VAR).expect("run by the parent test");
    let log = AuditLog::new(Path::new(&dir));
    for i in 0..EACH {
        let attempt = NewRecord {
            time: BURST_TIME + i % BURST_SECS,
            ..refused()
        };
        log.append_coalesced(attempt).unwrap();
    }
}
