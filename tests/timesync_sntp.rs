//! Clock correction against a small SNTP server on 127.0.0.1 that this test runs with a chosen
//! offset, and with no server at all.

use std::net::UdpSocket;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use otp_desk::timesync::{self, describe, to_ntp};

/// Answers `requests` SNTP requests as a server whose clock is `offset_secs` ahead, then stops.
fn fake_server(offset_secs: i64, requests: usize) -> (String, std::thread::JoinHandle<()>) {
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    socket
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let address = socket.local_addr().unwrap().to_string();
    let handle = std::thread::spawn(move || {
        for _ in 0..requests {
            let mut buf = [0u8; 48];
            let Ok((_, peer)) = socket.recv_from(&mut buf) else {
                return;
            };
            let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
            let shifted = if offset_secs >= 0 {
                now + Duration::from_secs(offset_secs.unsigned_abs())
            } else {
                now - Duration::from_secs(offset_secs.unsigned_abs())
            };
            let t = to_ntp(shifted);
            let mut reply = [0u8; 48];
            reply[0] = 0b00_100_100; // version 4, server
            reply[1] = 2; // stratum
            reply[24..32].copy_from_slice(&buf[40..48]); // originate = client's transmit
            reply[32..40].copy_from_slice(&t.to_be_bytes());
            reply[40..48].copy_from_slice(&t.to_be_bytes());
            socket.send_to(&reply, peer).unwrap();
        }
    });
    (address, handle)
}

#[test]
fn a_clock_47_s_fast_is_detected_and_corrected() {
    // The server is 47 s behind us: our clock is 47 s fast.
    let (a, ha) = fake_server(-47, 1);
    let (b, hb) = fake_server(-47, 1);
    let estimate = timesync::estimate(&[a, b], Duration::from_secs(2)).unwrap();
    assert_eq!(estimate.correction_secs(), -47, "{estimate:?}");
    assert_eq!(estimate.servers, 2);
    assert_eq!(
        describe(&estimate).unwrap(),
        "This computer's clock is 47 s fast — codes are corrected."
    );
    ha.join().unwrap();
    hb.join().unwrap();
}

#[test]
fn a_correct_clock_is_left_alone() {
    let (a, ha) = fake_server(0, 1);
    let estimate = timesync::estimate(&[a], Duration::from_secs(2)).unwrap();
    assert_eq!(estimate.correction_secs(), 0);
    assert_eq!(describe(&estimate), None);
    ha.join().unwrap();
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
