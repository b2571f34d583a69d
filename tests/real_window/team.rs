//! The team folder in the real window: desk A's window (the `otp-desk` binary under Xvfb, its
//! own gnome-keyring) is open and locked on a team desk; desk B adds an account from its command
//! line; A's window takes it from the folder by itself — its folder watch wakes it, its vault
//! worker syncs — with nobody at A. Reports the time from B's record to A's vault.

use crate::support;

use std::time::{Duration, Instant};

use super::open_window;
use crate::support::team::{EBAY, PIN, first_desk, team_of_two};
use crate::support::{Desk, SecretService, stderr, wait_for};

#[test]
fn a_change_on_another_computer_reaches_the_open_window_by_itself() {
    let (service_a, service_b) = (SecretService::start(), SecretService::start());
    let a = first_desk(&service_a);
    let b = Desk::new(Some(&service_b));
    let shared = tempfile::tempdir().unwrap();
    let folder = shared.path().join("Team");
    team_of_two(&a, &b, &folder);

    let (_xvfb, display) = support::start_xvfb(800, 600);
    let (_window, _, log) = open_window(&a, &display);
    let accounts_a = a.metadata();
    let read = || std::fs::read_to_string(&accounts_a).unwrap_or_default();
    std::thread::sleep(Duration::from_secs(3));
    assert!(!read().contains("eBay"));

    let mut times = Vec::new();
    for round in 0..3 {
        let uri = if round == 0 {
            EBAY.to_owned()
        } else {
            format!(
                "otpauth://totp/Shop{round}:ops?secret=MFRGGZDFMZTWQ2L{}&issuer=Shop{round}",
                ["A", "B", "C"][round]
            )
        };
        let label = if round == 0 {
            "eBay".to_owned()
        } else {
            format!("Shop{round}")
        };
        let out = b.run_with_stdin(&["add", &uri, "--as", "Ann"], PIN);
        assert!(out.status.success(), "{}", stderr(&out));
        let written = Instant::now();
        wait_for(
            &format!("{label} in A's vault"),
            Duration::from_secs(20),
            || read().contains(&label),
        );
        times.push(written.elapsed());
    }
    times.sort();
    eprintln!(
        "B's record to A's window vault: min {:.2} s, median {:.2} s, max {:.2} s",
        times[0].as_secs_f64(),
        times[1].as_secs_f64(),
        times[2].as_secs_f64()
    );
    // A person removed on B is refused in A's window from the moment the record arrives.
    let out = b.run_with_stdin(&["people", "remove", "Bo", "--as", "Ann"], PIN);
    assert!(out.status.success(), "{}", stderr(&out));
    wait_for("the window to bar Bo", Duration::from_secs(10), || {
        std::fs::read_to_string(&log)
            .unwrap_or_default()
            .contains("people removed by the team are refused here")
    });
    // The window took it on its own: nothing at A ran a command.
    assert!(
        times[2] < Duration::from_secs(5),
        "the window took {:?} to take a change from the folder",
        times[2]
    );
}
