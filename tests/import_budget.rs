//! Hostile files cannot stall or flood an import: each is generated here (small generators, no
//! stored bombs) and must end, through the real `otp-desk import --dry-run`, with exit 1 and a
//! message naming the file — a recursive SQLite view, Aegis slots asking for costly scrypt,
//! andOTP and Authy asking for costly PBKDF2, FreeOTP 2 back-reference bombs, 200,000 junk
//! lines. A run that does not end within `DEADLINE` is killed and fails (a guard against a
//! hang, not a speed test: times and memory are measured with `/usr/bin/time`, see the
//! README). Set `OTP_DESK_HOSTILE_DIR` to keep the generated files for such measuring.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use otp_desk::import::{self, Cancel, ImportError};
use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_otp-desk");
const DEADLINE: Duration = Duration::from_secs(60);

/// Where generated files go: `$OTP_DESK_HOSTILE_DIR` (kept) or a temporary folder.
struct Files {
    dir: PathBuf,
    _temp: Option<tempfile::TempDir>,
}

impl Files {
    fn new() -> Self {
        match std::env::var_os("OTP_DESK_HOSTILE_DIR") {
            Some(dir) => {
                std::fs::create_dir_all(&dir).unwrap();
                Files {
                    dir: dir.into(),
                    _temp: None,
                }
            }
            None => {
                let temp = tempfile::tempdir().unwrap();
                Files {
                    dir: temp.path().to_owned(),
                    _temp: Some(temp),
                }
            }
        }
    }

    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }
}

/// `otp-desk import --dry-run FILE` (password on stdin when given): exit code and stderr.
fn import_cli(file: &Path, password: Option<&str>) -> (Option<i32>, String) {
    let mut command = Command::new(BIN);
    command
        .args(["import", "--dry-run"])
        .args(password.map(|_| "--password-stdin"))
        .arg(file)
        .env("OTP_DESK_DATA_DIR", file.parent().unwrap())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = command.spawn().unwrap();
    if let Some(password) = password {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        writeln!(stdin, "{password}").unwrap();
    }
    drop(child.stdin.take());
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > DEADLINE {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("{} did not end within {DEADLINE:?}", file.display());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Exit 1 and one line on stderr that names the file and contains `says`.
fn assert_refused(file: &Path, password: Option<&str>, says: &str) {
    let (code, stderr) = import_cli(file, password);
    assert_eq!(code, Some(1), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(
        lines[0].starts_with(&file.display().to_string()),
        "{stderr}"
    );
    assert!(lines[0].contains(says), "{stderr}");
}

/// A Google Authenticator database whose `accounts` is a view that never ends.
fn recursive_view_db() -> Vec<u8> {
    let db = rusqlite::Connection::open_in_memory().unwrap();
    db.execute_batch(
        "CREATE VIEW accounts AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r)
         SELECT n AS _id, 'me' AS email, 'JBSWY3DPEHPK3PXP' AS secret, 0 AS counter,
                0 AS type, 'Shop' AS issuer FROM r;",
    )
    .unwrap();
    db.serialize(rusqlite::MAIN_DB).unwrap().to_vec()
}

/// A real encrypted Aegis vault whose one password slot is repeated `slots` times with the
/// given scrypt parameters.
fn aegis_with_slots(slots: usize, log_n: u32, r: u32, p: u32) -> Vec<u8> {
    let item = otp_desk::export::Item {
        entry: otp_desk::uri::parse("otpauth://totp/Shop:me?secret=JBSWY3DPEHPK3PXP").unwrap(),
        group: String::new(),
        pinned: false,
    };
    let vault = otp_desk::export::aegis::encrypted_json(&[item], "right").unwrap();
    let mut vault: Value = serde_json::from_str(&vault).unwrap();
    let mut slot = vault["header"]["slots"][0].clone();
    slot["n"] = json!(1u64 << log_n);
    slot["r"] = json!(r);
    slot["p"] = json!(p);
    vault["header"]["slots"] = Value::Array(vec![slot; slots]);
    serde_json::to_vec(&vault).unwrap()
}

/// andOTP's encrypted layout with an iteration count of our choosing.
fn andotp_with_iterations(iterations: u32) -> Vec<u8> {
    let mut bytes = iterations.to_be_bytes().to_vec();
    bytes.extend([7u8; 12 + 12 + 64]);
    bytes
}

/// Authy's preferences with `tokens` tokens, each with its own salt and `iterations`.
fn authy_with_tokens(tokens: usize, iterations: u32) -> Vec<u8> {
    let sealed = base64::engine::general_purpose::STANDARD.encode([1u8; 32]);
    let list: Vec<Value> = (0..tokens)
        .map(|i| {
            json!({"encryptedSecret": sealed, "salt": format!("salt{i}"),
                   "key_derivation_iterations": iterations, "name": "Shop: me"})
        })
        .collect();
    let escaped = Value::Array(list).to_string().replace('"', "&quot;");
    format!(
        "<map><string name=\"com.authy.storage.tokens.authenticator.key\">{escaped}</string></map>"
    )
    .into_bytes()
}

/// A FreeOTP 2 `HashMap<String, String>`: one 60 KB string, then `copies` 5-byte references
/// to it (3 GB of text if each were copied).
fn freeotp2_reference_bomb(copies: u32) -> Vec<u8> {
    let mut out = vec![0xac, 0xed, 0x00, 0x05, 0x73, 0x72]; // magic, TC_OBJECT, TC_CLASSDESC
    let class = b"java.util.HashMap";
    out.extend((class.len() as u16).to_be_bytes());
    out.extend(class);
    out.extend([0u8; 8]); // serialVersionUID
    out.push(0x03); // flags
    out.extend(2u16.to_be_bytes());
    for (code, field) in [(b'F', &b"loadFactor"[..]), (b'I', &b"threshold"[..])] {
        out.push(code);
        out.extend((field.len() as u16).to_be_bytes());
        out.extend(field);
    }
    out.extend([0x78, 0x70]); // TC_ENDBLOCKDATA, TC_NULL (no superclass)
    out.extend([0u8; 8]); // the two field values
    out.extend([0x77, 8]); // TC_BLOCKDATA: capacity, size
    out.extend(16u32.to_be_bytes());
    out.extend((copies / 2 + 1).to_be_bytes());
    let string = |text: &str| {
        let mut s = vec![0x74];
        s.extend((text.len() as u16).to_be_bytes());
        s.extend(text.as_bytes());
        s
    };
    out.extend(string("masterKey"));
    out.extend(string(&"x".repeat(60_000))); // handle 0x7e0003
    for _ in 0..copies {
        out.extend([0x71, 0x00, 0x7e, 0x00, 0x03]); // TC_REFERENCE to it
    }
    out
}

#[test]
fn a_recursive_sqlite_view_is_refused() {
    let files = Files::new();
    let file = files.write("databases", &recursive_view_db());
    assert_refused(&file, None, "accounts is a view, not a table");
}

#[test]
fn aegis_slots_asking_for_too_much_memory_are_refused_before_any_work() {
    // The issue's file: a dozen slots of scrypt N=2^19, r=8, p=16 (512 MiB each).
    let files = Files::new();
    let file = files.write("aegis_memory.json", &aegis_with_slots(12, 19, 8, 16));
    assert_refused(&file, Some("wrong"), "512 MiB of memory");
}

#[test]
fn aegis_slots_are_paid_from_one_budget_per_file() {
    // Each slot (N=2^15, r=8, p=16) alone is allowed; a dozen together are not.
    let files = Files::new();
    let file = files.write("aegis_slots.json", &aegis_with_slots(12, 15, 8, 16));
    assert_refused(&file, Some("wrong"), "together take more than");
    // A dozen slots at Aegis' defaults still just say "wrong password".
    let file = files.write("aegis_defaults.json", &aegis_with_slots(12, 15, 8, 1));
    assert_refused(&file, Some("wrong"), "wrong password");
}

#[test]
fn costly_pbkdf2_counts_are_refused() {
    let files = Files::new();
    let file = files.write("andotp.bin", &andotp_with_iterations(10_000_000));
    assert_refused(&file, Some("pw"), "PBKDF2-HMAC-SHA1 × 10000000");
    // 500 tokens of 10,000,000 iterations, each with its own salt: refused at the first.
    // (The sum over tokens is tested in src/import/authy.rs with a small budget: PBKDF2 is
    // generic, so in a debug build it runs unoptimised and a full budget takes a minute.)
    let file = files.write(
        "com.authy.storage.tokens.authenticator.xml",
        &authy_with_tokens(500, 10_000_000),
    );
    assert_refused(&file, Some("pw"), "PBKDF2-HMAC-SHA1 × 10000000");
}

#[test]
fn freeotp2_back_references_cannot_multiply_a_small_file() {
    let files = Files::new();
    let bytes = freeotp2_reference_bomb(50_000);
    assert!(bytes.len() < 400_000);
    let file = files.write("externalBackup.xml", &bytes);
    assert_refused(&file, Some("pw"), "more than 16 MiB");
}

#[test]
fn junk_lines_are_counted_not_listed() {
    let files = Files::new();
    let mut text = "this line is not a URI at all\n".repeat(140_000);
    text.push_str("otpauth://totp/Shop:me?secret=JBSWY3DPEHPK3PXP\n");
    text.push_str(&"JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP\n".repeat(60_000));
    assert!(text.len() > 4_000_000);
    let file = files.write("junk.txt", text.as_bytes());
    let (code, stderr) = import_cli(&file, None);
    assert_eq!(code, Some(1));
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines.len(),
        import::MAX_LISTED_PROBLEMS + 1,
        "{stderr:.400}"
    );
    assert!(
        lines[100].ends_with("… and 199,900 more lines that are not URIs"),
        "{}",
        lines[100]
    );
    assert!(
        !stderr.contains("JBSWY"),
        "a line that may be a key is never shown"
    );
}

#[test]
fn a_cancelled_import_stops_with_cancelled() {
    let cancel = Cancel::new();
    cancel.cancel();
    let bytes = aegis_with_slots(3, 15, 8, 1);
    let result = import::import_bytes_with(&bytes, "vault.json", Some("right"), &cancel);
    assert_eq!(result.unwrap_err(), ImportError::Cancelled);
    let db = recursive_view_db();
    let result = import::import_bytes_with(&db, "databases", None, &cancel);
    assert!(result.is_err());
}

#[test]
fn cancel_from_another_thread_ends_a_long_import() {
    // 15 default Aegis slots with a wrong password: a second or more of scrypt.
    let bytes = aegis_with_slots(15, 15, 8, 1);
    let cancel = Cancel::new();
    let remote = cancel.clone();
    let worker = std::thread::spawn(move || {
        import::import_bytes_with(&bytes, "vault.json", Some("wrong"), &remote)
    });
    std::thread::sleep(Duration::from_millis(50));
    cancel.cancel();
    assert_eq!(worker.join().unwrap().unwrap_err(), ImportError::Cancelled);
}
