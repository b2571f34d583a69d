//! One SNTP exchange (RFC 4330): a 48-byte client request, the server's receive and transmit
//! timestamps, and the clock offset θ = ((T2 − T1) + (T3 − T4)) / 2 and round-trip delay
//! δ = (T4 − T1) − (T3 − T2) computed from them. No state, no retries: the caller decides.

use std::net::{ToSocketAddrs, UdpSocket};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Seconds from the NTP era start (1900) to the Unix epoch (1970).
const NTP_TO_UNIX_SECS: u64 = 2_208_988_800;
const PACKET_LEN: usize = 48;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SntpError {
    #[error("{server}: could not be reached ({reason})")]
    Unreachable { server: String, reason: String },
    #[error("{server}: answered with an unusable packet ({reason})")]
    BadReply { server: String, reason: String },
    /// Servers answered, but fewer than two agree (see `timesync::combine`).
    #[error(
        "{answers} server(s) answered, but no two agree within {agree_secs} s: the clock is not corrected"
    )]
    NoAgreement { answers: usize, agree_secs: f64 },
}

/// What one server said about our clock.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    /// How far the server's clock is ahead of ours, in seconds (negative: ours is fast).
    pub offset_secs: f64,
    /// Round-trip network delay in seconds; large delays make the offset less certain.
    pub delay_secs: f64,
    /// The server's distance from a reference clock: 1 (attached to one) to 15.
    pub stratum: u8,
}

/// Asks `server` ("host:port") for the time, waiting at most `timeout`.
pub fn query(server: &str, timeout: Duration) -> Result<Sample, SntpError> {
    let unreachable = |reason: String| SntpError::Unreachable {
        server: server.to_owned(),
        reason,
    };
    let address = server
        .to_socket_addrs()
        .map_err(|e| unreachable(e.to_string()))?
        .next()
        .ok_or_else(|| unreachable("no address".into()))?;
    let bind = if address.is_ipv4() {
        "0.0.0.0:0"
    } else {
        "[::]:0"
    };
    let socket = UdpSocket::bind(bind).map_err(|e| unreachable(e.to_string()))?;
    socket
        .set_read_timeout(Some(timeout))
        .map_err(|e| unreachable(e.to_string()))?;
    socket
        .connect(address)
        .map_err(|e| unreachable(e.to_string()))?;

    let t1 = now_ntp();
    socket
        .send(&request(t1))
        .map_err(|e| unreachable(e.to_string()))?;
    let mut reply = [0u8; PACKET_LEN + 20];
    let len = socket
        .recv(&mut reply)
        .map_err(|e| unreachable(e.to_string()))?;
    let t4 = now_ntp();
    parse_reply(&reply[..len], t1, t4).map_err(|reason| SntpError::BadReply {
        server: server.to_owned(),
        reason,
    })
}

/// A client request: LI 0, version 4, mode 3 (client), our transmit time as the cookie.
pub fn request(t1: u64) -> [u8; PACKET_LEN] {
    let mut packet = [0u8; PACKET_LEN];
    packet[0] = 0b00_100_011;
    packet[40..48].copy_from_slice(&t1.to_be_bytes());
    packet
}

/// Checks a server reply against our request and computes the sample.
pub fn parse_reply(reply: &[u8], t1: u64, t4: u64) -> Result<Sample, String> {
    if reply.len() < PACKET_LEN {
        return Err(format!("{} bytes instead of {PACKET_LEN}", reply.len()));
    }
    let mode = reply[0] & 0b111;
    if mode != 4 && mode != 5 {
        return Err(format!("mode {mode} is not a server reply"));
    }
    if reply[0] >> 6 == 3 || reply[1] == 0 {
        return Err("the server is not synchronised (kiss-o'-death or alarm)".into());
    }
    let stratum = reply[1];
    if stratum > 15 {
        return Err(format!(
            "stratum {stratum}: the server is not synchronised (1–15 are)"
        ));
    }
    let field = |at: usize| u64::from_be_bytes(reply[at..at + 8].try_into().unwrap_or([0; 8]));
    if field(24) != t1 {
        return Err("the reply does not answer our request".into());
    }
    let (t2, t3) = (field(32), field(40));
    if t3 == 0 {
        return Err("no transmit time".into());
    }
    let secs = |t: u64| to_secs(t);
    let offset_secs = ((secs(t2) - secs(t1)) + (secs(t3) - secs(t4))) / 2.0;
    let delay_secs = ((secs(t4) - secs(t1)) - (secs(t3) - secs(t2))).max(0.0);
    Ok(Sample {
        offset_secs,
        delay_secs,
        stratum,
    })
}

/// NTP 64-bit timestamp: seconds since 1900 in the high half, fraction in the low half.
pub fn to_ntp(unix: Duration) -> u64 {
    let secs = unix.as_secs() + NTP_TO_UNIX_SECS;
    let fraction = (u64::from(unix.subsec_nanos()) << 32) / 1_000_000_000;
    (secs << 32) | fraction
}

fn now_ntp() -> u64 {
    to_ntp(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default(),
    )
}

#[allow(clippy::cast_precision_loss)] // seconds since 1900 fit an f64's 53-bit mantissa
fn to_secs(ntp: u64) -> f64 {
    (ntp >> 32) as f64 + (ntp & 0xffff_ffff) as f64 / 4_294_967_296.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(t1: u64, t2: u64, t3: u64) -> Vec<u8> {
        let mut p = vec![0u8; PACKET_LEN];
        p[0] = 0b00_100_100;
        p[1] = 2;
        p[24..32].copy_from_slice(&t1.to_be_bytes());
        p[32..40].copy_from_slice(&t2.to_be_bytes());
        p[40..48].copy_from_slice(&t3.to_be_bytes());
        p
    }

    #[test]
    fn offset_and_delay_follow_rfc_4330() {
        let at = |s: u64| to_ntp(Duration::from_secs(1_700_000_000 + s));
        // Server 47 s ahead, 2 s each way.
        let sample = parse_reply(&reply(at(0), at(49), at(49)), at(0), at(4)).unwrap();
        assert!((sample.offset_secs - 47.0).abs() < 1e-6, "{sample:?}");
        assert!((sample.delay_secs - 4.0).abs() < 1e-6);
    }

    #[test]
    fn replies_that_do_not_match_are_refused() {
        let t1 = to_ntp(Duration::from_secs(1_700_000_000));
        assert!(parse_reply(&[0u8; 10], t1, t1).is_err());
        assert!(
            parse_reply(&reply(t1 + 1, t1, t1), t1, t1)
                .unwrap_err()
                .contains("does not answer")
        );
        let mut unsynced = reply(t1, t1, t1);
        unsynced[1] = 0;
        assert!(parse_reply(&unsynced, t1, t1).is_err());
        unsynced[1] = 16;
        assert!(
            parse_reply(&unsynced, t1, t1)
                .unwrap_err()
                .contains("stratum 16")
        );
        unsynced[1] = 15;
        assert_eq!(parse_reply(&unsynced, t1, t1).unwrap().stratum, 15);
    }
}
