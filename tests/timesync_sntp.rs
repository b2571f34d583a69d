//! Clock correction against small SNTP servers on 127.0.0.1 that this test runs, each with a
//! chosen offset and stratum: agreement, a liar among honest servers, a lone answer, an
//! unsynchronised server, a correction too large to apply unasked, and no server at all.

use std::net::UdpSocket;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use otp_desk::timesync::{self, Correction, SntpError, describe, to_ntp};

/// A server whose clock is `offset_secs` ahead, at `stratum`.
struct Fake {
    offset_secs: i64,
    stratum: u8,
}

const HONEST: Fake = Fake {
    offset_secs: 0,
    stratum: 2,
};

/// Answers one SNTP request as `fake`, then stops.
fn serve(fake: Fake) -> (String, std::thread::JoinHandle<()>) {
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    socket
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let address = socket.local_addr().unwrap().to_string();
    let handle = std::thread::spawn(move || {
        let mut buf = [0u8; 48];
        let Ok((_, peer)) = socket.recv_from(&mut buf) else {
            return;
        };
        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
        let shift = Duration::from_secs(fake.offset_secs.unsigned_abs());
        let shifted = if fake.offset_secs >= 0 {
            now + shift
        } else {
            now - shift
        };
        let t = to_ntp(shifted);
        let mut reply = [0u8; 48];
        reply[0] = 0b00_100_100; // version 4, server
        reply[1] = fake.stratum;
        reply[24..32].copy_from_slice(&buf[40..48]); // originate = client's transmit
        reply[32..40].copy_from_slice(&t.to_be_bytes());
        reply[40..48].copy_from_slice(&t.to_be_bytes());
        socket.send_to(&reply, peer).unwrap();
    });
    (address, handle)
}

/// Runs one round against `fakes`.
fn round(fakes: Vec<Fake>) -> Result<timesync::Estimate, Vec<SntpError>> {
    let (servers, handles): (Vec<String>, Vec<_>) = fakes.into_iter().map(serve).unzip();
    let result = timesync::estimate(&servers, Duration::from_secs(2));
    for handle in handles {
        handle.join().unwrap();
    }
    result
}

fn fast_by(secs: i64) -> Fake {
    Fake {
        offset_secs: -secs,
        ..HONEST
    }
}

#[test]
fn two_servers_that_agree_correct_a_clock_47_s_fast() {
    let estimate = round(vec![fast_by(47), fast_by(47)]).unwrap();
    assert_eq!(
        estimate.correction(),
        Correction::Apply(-47),
        "{estimate:?}"
    );
    assert_eq!(estimate.servers, 2);
    assert_eq!(
        describe(&estimate).unwrap(),
        "This computer's clock is 47 s fast — codes are corrected."
    );
}

#[test]
fn a_liar_is_outvoted_by_two_honest_servers() {
    let liar = Fake {
        offset_secs: 5 * 3600,
        ..HONEST
    };
    let estimate = round(vec![HONEST, liar, HONEST]).unwrap();
    assert_eq!(estimate.servers, 2, "{estimate:?}");
    assert_eq!(estimate.correction(), Correction::None);
}

#[test]
fn a_lone_answer_is_not_trusted() {
    let silent = UdpSocket::bind("127.0.0.1:0").unwrap();
    let (server, handle) = serve(fast_by(300));
    let servers = vec![server, silent.local_addr().unwrap().to_string()];
    let errors = timesync::estimate(&servers, Duration::from_millis(500)).unwrap_err();
    handle.join().unwrap();
    assert!(
        errors
            .iter()
            .any(|e| matches!(e, SntpError::NoAgreement { answers: 1, .. })),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.to_string().contains("could not be reached"))
    );
}

#[test]
fn an_unsynchronised_server_does_not_count() {
    let unsynced = Fake {
        offset_secs: 90,
        stratum: 16,
    };
    let errors = round(vec![
        unsynced,
        Fake {
            offset_secs: 90,
            ..HONEST
        },
    ])
    .unwrap_err();
    assert!(
        errors.iter().any(|e| e.to_string().contains("stratum 16")),
        "{errors:?}"
    );
}

#[test]
fn a_correction_of_two_hours_is_proposed_not_applied() {
    let estimate = round(vec![fast_by(-7200), fast_by(-7200)]).unwrap();
    assert_eq!(estimate.correction(), Correction::Confirm(7200));
    assert_eq!(estimate.correction_secs(), 0);
    assert_eq!(
        describe(&estimate).unwrap(),
        "This computer's clock is 2 h slow — correct codes by that much?"
    );
}

#[test]
fn no_server_gives_one_error_per_server_quickly() {
    // A bound socket that never answers, and a port with nothing behind it.
    let silent = UdpSocket::bind("127.0.0.1:0").unwrap();
    let servers = vec![
        silent.local_addr().unwrap().to_string(),
        "127.0.0.1:9".to_owned(),
    ];
    let started = std::time::Instant::now();
    let errors = timesync::estimate(&servers, Duration::from_millis(300)).unwrap_err();
    assert_eq!(errors.len(), 2);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "servers are asked in parallel"
    );
    assert!(
        errors[0].to_string().contains("could not be reached"),
        "{}",
        errors[0]
    );
}
