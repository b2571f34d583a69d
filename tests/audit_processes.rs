//! The audit log shared by several processes, as the window and the command line share it:
//! this test runs copies of its own binary that append at the same time, then checks that the
//! records form one unbroken chain.

use std::path::Path;
use std::process::Command;

use otp_desk::store::audit_log::{AuditAction, AuditLog, ChainState, NewRecord, Via};

const DIR_VAR: &str = "OTP_DESK_AUDIT_TEST_DIR";
const PROCESSES: u64 = 4;
const EACH: u64 = 40;

#[test]
fn processes_appending_at_once_keep_one_chain() {
    let dir = tempfile::tempdir().unwrap();
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = (0..PROCESSES)
        .map(|_| {
            Command::new(&exe)
                .args(["--exact", "append_as_a_child", "--ignored", "--quiet"])
                .env(DIR_VAR, dir.path())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
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
