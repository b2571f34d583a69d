//! Nothing lost: parallel writers and writers killed with SIGKILL at random points never
//! corrupt the metadata nor leave an account without its keychain item.
#![cfg(target_os = "linux")] // against the Linux Secret Service (gnome-keyring on a private D-Bus); Windows: tests/wine_*.rs

mod support;

use std::collections::HashSet;
use std::process::Stdio;
use std::time::Duration;

use otp_desk::store::metadata;
use support::{Desk, SecretService, stderr, stdout};

fn keychain_users(service: &SecretService) -> HashSet<String> {
    service.keychain_users().into_iter().collect()
}

fn uri(i: usize) -> String {
    let letters = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let key: String = (0..16)
        .map(|k| char::from(letters[(i * 7 + k * 13) % 32]))
        .collect();
    format!("otpauth://totp/Shop{i}:staff{i}?secret={key}&issuer=Shop{i}")
}

#[test]
fn parallel_cli_writers_keep_every_account() {
    let service = SecretService::start();
    let desk = Desk::new(Some(&service));
    let children: Vec<_> = (0..8)
        .map(|i| {
            desk.command(&["add", &uri(i)])
                .stdout(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let accounts = metadata::load(&desk.metadata()).unwrap();
    assert_eq!(accounts.len(), 8);
    let positions: HashSet<u32> = accounts.iter().map(|a| a.position).collect();
    assert_eq!(positions.len(), 8, "each account has its own position");
    assert_eq!(keychain_users(&service).len(), 8);
}

#[test]
fn killing_writers_at_random_points_never_corrupts_the_vault() {
    let service = SecretService::start();
    let desk = Desk::new(Some(&service));
    let iterations = 80;
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut killed = 0;
    for i in 0..iterations {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let mut child = desk
            .command(&["add", &uri(i)])
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(seed % 60_000));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL
            killed += 1;
        }
        child.wait().unwrap();
        // After every kill the metadata is whole (or absent before the first write).
        let accounts =
            metadata::load(&desk.metadata()).unwrap_or_else(|e| panic!("iteration {i}: {e}"));
        let users = keychain_users(&service);
        for a in &accounts {
            assert!(
                users.contains(a.id.as_str()),
                "iteration {i}: {} has no keychain item",
                a.label()
            );
        }
    }
    let accounts = metadata::load(&desk.metadata()).unwrap();
    let orphans = keychain_users(&service).len() - accounts.len();
    println!(
        "{iterations} writers, {killed} killed mid-run, {} accounts kept, {orphans} keychain items without metadata (recoverable)",
        accounts.len()
    );
    assert!(killed > 0, "the loop must actually interrupt writers");

    // Items left by writers killed between the keychain and the metadata come back.
    let out = desk.run(&["recover", "--all"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(&format!("Recovered {orphans} accounts.")) || orphans == 0,
        "{}",
        stdout(&out)
    );
    let accounts = metadata::load(&desk.metadata()).unwrap();
    assert_eq!(
        accounts.len(),
        keychain_users(&service).len(),
        "no keychain item without its account"
    );
    let out = desk.run(&["list", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&stdout(&out))
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        accounts.len()
    );
}
