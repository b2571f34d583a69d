//! No secret is ever written to the log, the metadata, a crash report or process arguments.
//! A whole session of the real binary (import, list, code, export, remove, recover) runs with
//! every log line on (`OTP_DESK_LOG=trace`) against a private gnome-keyring; then every file
//! in the data folder (recursively, as bytes) and everything the processes printed are
//! searched for each secret: base32 (any case), hex, base64, the raw key bytes and the bytes
//! as a decimal list (a `Debug` of a `Vec<u8>`). The only places a secret may appear are the
//! explicit plain export, which is written outside the data folder, and the keychain itself.
//! The secrets reach the binary through a file, never its arguments, and the scanner is shown
//! to find a secret where one is.
#![cfg(target_os = "linux")] // against the Linux Secret Service (gnome-keyring on a private D-Bus); Windows: tests/wine_*.rs

mod support;

use std::path::Path;
use std::process::Output;

use base64::Engine as _;
use support::{Desk, SecretService, stderr};

/// Keys chosen to be unlike anything else in the output (160, 160 and 80 bits).
const SECRETS: [&str; 3] = [
    "K5XWY3DFOJUW4ZZANZSWK3DMMVZXGIDUN5XXA3TF",
    "MFZGK3DBNBQXIZLSMVWGC5DJN5XHI2LPNZSXE4TB",
    "PFUWK3DEMNUGK6LQ",
];

fn uris() -> String {
    format!(
        "otpauth://totp/Leak%20Shop:owner?secret={}&issuer=Leak%20Shop\n\
         otpauth://hotp/Leak%20Bank:teller?secret={}&counter=7\n\
         otpauth://totp/Leak%20Steam:gamer?secret={}&encoder=steam&issuer=Steam\n",
        SECRETS[0], SECRETS[1], SECRETS[2]
    )
}

/// Every form in which a secret could leak, as byte needles; text forms are lower case (the
/// haystack is lowered too), raw bytes are matched exactly.
fn needles(secret: &str) -> Vec<(String, Vec<u8>, bool)> {
    let raw = data_encoding::BASE32_NOPAD
        .decode(secret.as_bytes())
        .unwrap();
    let hex: String = raw.iter().map(|b| format!("{b:02x}")).collect();
    let decimal = |bytes: &[u8]| {
        bytes
            .iter()
            .map(u8::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    vec![
        (
            "base32".into(),
            secret.to_ascii_lowercase().into_bytes(),
            true,
        ),
        ("hex".into(), hex.into_bytes(), true),
        (
            "base64".into(),
            base64::engine::general_purpose::STANDARD_NO_PAD
                .encode(&raw)
                .into_bytes(),
            false,
        ),
        ("raw".into(), raw.clone(), false),
        ("decimal raw".into(), decimal(&raw).into_bytes(), false),
        (
            "decimal base32".into(),
            decimal(secret.as_bytes()).into_bytes(),
            false,
        ),
    ]
}

/// Which secrets (and in which form) occur in `bytes`.
fn leaks(bytes: &[u8]) -> Vec<String> {
    let lower = bytes.to_ascii_lowercase();
    let mut found = Vec::new();
    for (i, secret) in SECRETS.iter().enumerate() {
        for (form, needle, fold) in needles(secret) {
            let haystack = if fold { &lower } else { bytes };
            if haystack
                .windows(needle.len())
                .any(|w| w == needle.as_slice())
            {
                found.push(format!("secret {i} as {form}"));
            }
        }
    }
    found
}

fn scan_dir(dir: &Path, problems: &mut Vec<String>, files: &mut usize) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            scan_dir(&path, problems, files);
        } else {
            *files += 1;
            let bytes = std::fs::read(&path).unwrap();
            for leak in leaks(&bytes) {
                problems.push(format!("{}: {leak}", path.display()));
            }
        }
    }
}

fn run(desk: &Desk, args: &[&str], input: &str, outputs: &mut Vec<(String, Output)>) -> Output {
    let mut cmd = desk.command(args);
    cmd.env("OTP_DESK_LOG", "trace");
    let out = Desk::output_with_stdin(cmd, input);
    outputs.push((args.join(" "), out.clone()));
    for arg in args {
        assert!(
            leaks(arg.as_bytes()).is_empty(),
            "a secret in the arguments: {arg}"
        );
    }
    out
}

#[test]
fn a_full_session_leaves_no_secret_in_the_data_folder_or_the_logs() {
    let service = SecretService::start();
    let desk = Desk::new(Some(&service));
    let outside = tempfile::tempdir().unwrap();
    let list = outside.path().join("accounts.txt");
    std::fs::write(&list, uris()).unwrap();
    let list = list.to_str().unwrap();
    let mut outputs = Vec::new();

    let out = run(&desk, &["import", list], "", &mut outputs);
    assert!(out.status.success(), "{}", stderr(&out));
    for args in [
        &["list"][..],
        &["list", "--json"],
        &["code", "Leak Shop", "--at", "1700000010"],
        &["code", "Leak Bank"],
        &["code", "gamer"],
        &["recover"],
    ] {
        let out = run(&desk, args, "", &mut outputs);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    }
    let plain = outside.path().join("export.txt");
    let plain = plain.to_str().unwrap();
    let out = run(
        &desk,
        &["export", "--format", "otpauth", "--out", plain],
        "",
        &mut outputs,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let backup = desk.data.path().join("backup.json");
    let backup = backup.to_str().unwrap();
    let out = run(
        &desk,
        &[
            "export",
            "--format",
            "aegis-encrypted",
            "--password-stdin",
            "--out",
            backup,
        ],
        "backup password\n",
        &mut outputs,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(&desk, &["remove", "Leak Bank", "--yes"], "", &mut outputs);
    assert!(out.status.success(), "{}", stderr(&out));
    // Errors are logged too: an account that does not exist, a damaged import file.
    let bad = outside.path().join("bad.txt");
    std::fs::write(&bad, format!("otpauth://totp/X?secret={}1\n", SECRETS[0])).unwrap();
    run(&desk, &["code", "nothing-like-this"], "", &mut outputs);
    run(&desk, &["import", bad.to_str().unwrap()], "", &mut outputs);

    let logged: usize = outputs.iter().map(|(_, o)| o.stderr.len()).sum();
    assert!(logged > 1000, "trace logging produced only {logged} bytes");
    let mut problems = Vec::new();
    for (command, out) in &outputs {
        for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            for leak in leaks(bytes) {
                problems.push(format!("`{command}` {stream}: {leak}"));
            }
        }
    }
    let mut files = 0;
    scan_dir(desk.data.path(), &mut problems, &mut files);
    assert!(files >= 3, "only {files} files in the data folder");
    assert!(
        problems.is_empty(),
        "secrets leaked:\n{}",
        problems.join("\n")
    );

    // The scanner finds a secret where one is: the explicit plain export holds them all.
    let export = std::fs::read(plain).unwrap();
    let found = leaks(&export);
    for i in 0..SECRETS.len() {
        assert!(
            found.contains(&format!("secret {i} as base32")),
            "{found:?}"
        );
    }
}
