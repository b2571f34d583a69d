//! One window at a time. The first window holds an exclusive lock on `window.lock` in the data
//! folder for its whole life and listens on a loopback port (written to `window.port`); a second
//! window asks it to come to the front, or explains in one sentence and exits. The command line
//! never takes this lock: CLI writes are safe through the vault's own file lock. Must not
//! depend on the window (it only calls back) or the vault.
//!
//! Any program of the desk's login can reach a loopback port, so the channel takes only its own
//! short message: `otp-desk show <token>\n`, where the token is 32 random bytes the window
//! writes (hex, private to the user) to `window.token` each time it starts listening. The
//! listener reads at most [`MAX_REQUEST_BYTES`] within [`REQUEST_DEADLINE`], compares the token
//! in constant time, answers only a right request, and drops anything else without calling
//! back. Connections are served at once, each on a short-lived thread of its own, up to
//! [`MAX_CLIENTS`]: idle or slow connections (from another local user, say) do not hold up a
//! second window's request; past the cap, the next connection waits at most one
//! [`REQUEST_DEADLINE`] for a free place. The callback means only "come to the front": what
//! the window shows then (its lock or person picker) is the window's decision, never this
//! channel's.

use std::fs::{self, File};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::store::private_file::{ensure_private_dir, open_private, write_private};

pub const LOCK_FILE: &str = "window.lock";
pub const PORT_FILE: &str = "window.port";
/// The listening window's token, as 64 lowercase hex digits; 0600 on Unix.
pub const TOKEN_FILE: &str = "window.token";
/// The longest request the listener reads; a right one is 79 bytes.
pub const MAX_REQUEST_BYTES: usize = 128;
/// How long one client may take to send its request, from the moment it is taken; a second
/// window sends its whole request right after connecting.
pub const REQUEST_DEADLINE: Duration = Duration::from_millis(500);
/// How many connections are served at once; each holds a small thread for at most
/// [`REQUEST_DEADLINE`].
pub const MAX_CLIENTS: usize = 32;
/// Enough for the callback (a channel send and a repaint request) with room to spare.
const CLIENT_STACK_BYTES: usize = 256 * 1024;
/// How long the asking window waits for each step; longer than [`REQUEST_DEADLINE`], so an
/// answer held up by one slow client still arrives.
const ASK_TIMEOUT: Duration = Duration::from_secs(3);
const SHOW: &str = "otp-desk show ";
const SHOWN: &str = "otp-desk shown";
const TOKEN_BYTES: usize = 32;

#[derive(Debug, thiserror::Error)]
pub enum InstanceError {
    #[error("OTP Desk is already open.")]
    AlreadyRunning,
    #[error("Could not use {path}: {source}.")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "OTP Desk is already open in another window, which did not answer; switch to it, or close it and try again."
    )]
    NoAnswer,
}

/// The claim on being the one window; dropping it (closing the window) releases the lock.
#[derive(Debug)]
pub struct Instance {
    _file: File,
    dir: PathBuf,
}

/// Takes the window lock, or says another window has it.
pub fn claim(dir: &Path) -> Result<Instance, InstanceError> {
    let path = dir.join(LOCK_FILE);
    let io = |source| InstanceError::Io {
        path: path.clone(),
        source,
    };
    ensure_private_dir(dir).map_err(io)?;
    let file = open_private(&path).map_err(io)?;
    match file.try_lock() {
        Ok(()) => Ok(Instance {
            _file: file,
            dir: dir.to_owned(),
        }),
        Err(fs::TryLockError::WouldBlock) => Err(InstanceError::AlreadyRunning),
        Err(fs::TryLockError::Error(e)) => Err(io(e)),
    }
}

impl Instance {
    /// Writes a new token, listens for a second window on a background thread, and runs `show`
    /// for each request that carries the token.
    pub fn listen(&self, show: impl Fn() + Send + 'static) -> Result<(), InstanceError> {
        let token_path = self.dir.join(TOKEN_FILE);
        let port_path = self.dir.join(PORT_FILE);
        let io = |path: &Path| {
            let path = path.to_owned();
            move |source| InstanceError::Io { path, source }
        };
        let mut token = [0u8; TOKEN_BYTES];
        getrandom::fill(&mut token)
            .map_err(|e| io(&token_path)(std::io::Error::other(e.to_string())))?;
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).map_err(io(&port_path))?;
        let port = listener.local_addr().map_err(io(&port_path))?.port();
        // The token first: an asker that finds the new port finds the new token too.
        let token_hex = data_encoding::HEXLOWER.encode(&token);
        write_private(&token_path, format!("{token_hex}\n").as_bytes()).map_err(io(&token_path))?;
        write_private(&port_path, format!("{port}\n").as_bytes()).map_err(io(&port_path))?;
        std::thread::Builder::new()
            .name("single-instance".into())
            .spawn(move || serve(&listener, token, show))
            .map_err(io(&port_path))?;
        Ok(())
    }
}

/// Takes connections for as long as the window lives, answering each on a thread of its own
/// while fewer than [`MAX_CLIENTS`] are being answered.
fn serve(listener: &TcpListener, token: [u8; TOKEN_BYTES], show: impl Fn() + Send + 'static) {
    // `show` is only `Send`: the answering threads take turns to call it.
    let show = Arc::new(Mutex::new(show));
    let places = Arc::new(Places::default());
    for stream in listener.incoming().flatten() {
        let Some(place) = places.take() else {
            continue; // drops the connection: no place came free within the deadline
        };
        let show = Arc::clone(&show);
        let spawned = std::thread::Builder::new()
            .name("single-instance-client".into())
            .stack_size(CLIENT_STACK_BYTES)
            .spawn(move || {
                let _place = place;
                if answer(&stream, &token) {
                    let show = show.lock().unwrap_or_else(PoisonError::into_inner);
                    show();
                }
            });
        if let Err(error) = spawned {
            tracing::warn!(%error, "could not answer a second window");
        }
    }
}

/// How many connections are being answered, to keep them under [`MAX_CLIENTS`].
#[derive(Default)]
struct Places {
    taken: Mutex<usize>,
    freed: Condvar,
}

/// One connection's place; dropping it (its thread ending) frees the place.
struct Place(Arc<Places>);

impl Places {
    /// A place, waiting at most [`REQUEST_DEADLINE`] (the longest any holder keeps one) for
    /// one to come free.
    fn take(self: &Arc<Self>) -> Option<Place> {
        let taken = self.taken.lock().unwrap_or_else(PoisonError::into_inner);
        let (mut taken, _) = self
            .freed
            .wait_timeout_while(taken, REQUEST_DEADLINE, |taken| *taken >= MAX_CLIENTS)
            .unwrap_or_else(PoisonError::into_inner);
        if *taken >= MAX_CLIENTS {
            return None;
        }
        *taken += 1;
        Some(Place(Arc::clone(self)))
    }
}

impl Drop for Place {
    fn drop(&mut self) {
        let mut taken = self.0.taken.lock().unwrap_or_else(PoisonError::into_inner);
        *taken = taken.saturating_sub(1);
        self.0.freed.notify_one();
    }
}

/// Reads one request and answers it if it carries `token`; says whether it did.
fn answer(stream: &TcpStream, token: &[u8; TOKEN_BYTES]) -> bool {
    let authentic = read_request(stream).is_some_and(|line| carries_token(&line, token));
    if authentic {
        let _ = stream.set_write_timeout(Some(REQUEST_DEADLINE));
        let mut out = stream;
        let _ = out.write_all(format!("{SHOWN}\n").as_bytes());
    }
    authentic
}

/// The first line (without its newline) if it arrives whole within [`MAX_REQUEST_BYTES`] and
/// [`REQUEST_DEADLINE`]; the deadline covers the whole request, so a client sending a byte at
/// a time cannot stretch it.
fn read_request(mut stream: &TcpStream) -> Option<Vec<u8>> {
    let deadline = Instant::now() + REQUEST_DEADLINE;
    let mut buf = [0u8; MAX_REQUEST_BYTES];
    let mut len = 0;
    while len < buf.len() {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return None;
        }
        stream.set_read_timeout(Some(left)).ok()?;
        let n = stream.read(&mut buf[len..]).ok().filter(|n| *n > 0)?;
        if let Some(end) = buf[len..len + n].iter().position(|b| *b == b'\n') {
            return Some(buf[..len + end].to_vec());
        }
        len += n;
    }
    None
}

/// Whether `line` is `otp-desk show <token hex>`, comparing the token in constant time.
fn carries_token(line: &[u8], token: &[u8; TOKEN_BYTES]) -> bool {
    let Some(hex) = line.strip_prefix(SHOW.as_bytes()) else {
        return false;
    };
    let mut sent = [0u8; TOKEN_BYTES];
    let decoded = data_encoding::HEXLOWER
        .decode_len(hex.len())
        .is_ok_and(|n| n == TOKEN_BYTES)
        && data_encoding::HEXLOWER.decode_mut(hex, &mut sent).is_ok();
    let difference = sent
        .iter()
        .zip(token)
        .fold(0u8, |acc, (a, b)| acc | (a ^ b));
    decoded & (std::hint::black_box(difference) == 0)
}

/// Asks the running window to come to the front.
pub fn ask_to_show(dir: &Path) -> Result<(), InstanceError> {
    let port: u16 = read_small(&dir.join(PORT_FILE))
        .and_then(|t| t.trim().parse().ok())
        .ok_or(InstanceError::NoAnswer)?;
    let token = read_small(&dir.join(TOKEN_FILE)).ok_or(InstanceError::NoAnswer)?;
    let token = token.trim();
    if token.len() != 2 * TOKEN_BYTES || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(InstanceError::NoAnswer);
    }
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let stream =
        TcpStream::connect_timeout(&address, ASK_TIMEOUT).map_err(|_| InstanceError::NoAnswer)?;
    let _ = stream.set_read_timeout(Some(ASK_TIMEOUT));
    let _ = stream.set_write_timeout(Some(ASK_TIMEOUT));
    (&stream)
        .write_all(format!("{SHOW}{token}\n").as_bytes())
        .map_err(|_| InstanceError::NoAnswer)?;
    let mut reply = String::new();
    BufReader::new((&stream).take(MAX_REQUEST_BYTES as u64))
        .read_line(&mut reply)
        .map_err(|_| InstanceError::NoAnswer)?;
    if reply.trim() == SHOWN {
        Ok(())
    } else {
        Err(InstanceError::NoAnswer)
    }
}

/// A short file's text; a port or a token is never longer than this.
fn read_small(path: &Path) -> Option<String> {
    let mut text = String::new();
    File::open(path)
        .ok()?
        .take(256)
        .read_to_string(&mut text)
        .ok()?;
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn a_second_claim_fails_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let first = claim(dir.path()).unwrap();
        assert!(matches!(
            claim(dir.path()),
            Err(InstanceError::AlreadyRunning)
        ));
        drop(first);
        claim(dir.path()).unwrap();
    }

    /// A listening window and the receiving end of its `show` calls.
    fn listening() -> (tempfile::TempDir, Instance, mpsc::Receiver<()>) {
        let dir = tempfile::tempdir().unwrap();
        let first = claim(dir.path()).unwrap();
        let (tx, rx) = mpsc::channel();
        first.listen(move || tx.send(()).unwrap()).unwrap();
        (dir, first, rx)
    }

    fn port(dir: &Path) -> u16 {
        read_small(&dir.join(PORT_FILE))
            .unwrap()
            .trim()
            .parse()
            .unwrap()
    }

    /// Sends `bytes` as a client would and returns whatever comes back before the listener
    /// closes the connection (nothing, for a refused request).
    fn send_raw(dir: &Path, bytes: &[u8]) -> Vec<u8> {
        let mut stream = TcpStream::connect((Ipv4Addr::LOCALHOST, port(dir))).unwrap();
        stream.set_write_timeout(Some(ASK_TIMEOUT)).unwrap();
        stream.set_read_timeout(Some(ASK_TIMEOUT)).unwrap();
        let _ = stream.write_all(bytes);
        let mut reply = Vec::new();
        let _ = stream.read_to_end(&mut reply);
        reply
    }

    #[test]
    fn a_second_window_brings_the_first_to_the_front() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            ask_to_show(dir.path()),
            Err(InstanceError::NoAnswer)
        ));
        let (dir, _first, rx) = listening();
        ask_to_show(dir.path()).unwrap();
        rx.recv_timeout(Duration::from_secs(5)).unwrap();
    }

    #[test]
    fn only_the_request_with_the_token_is_answered() {
        let (dir, _first, rx) = listening();
        let token = read_small(&dir.path().join(TOKEN_FILE)).unwrap();
        let mut other = token.trim().to_owned().into_bytes();
        other[0] = if other[0] == b'0' { b'1' } else { b'0' };
        let garbage: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
        let refused: [(&str, Vec<u8>); 7] = [
            ("no token", b"otp-desk show\n".to_vec()),
            ("the old request", b"otp-desk show \n".to_vec()),
            (
                "a wrong token",
                [SHOW.as_bytes(), other.as_slice(), b"\n".as_slice()].concat(),
            ),
            (
                "the token in capitals",
                format!("{SHOW}{}\n", token.trim().to_uppercase()).into_bytes(),
            ),
            (
                "the token with no newline",
                format!("{SHOW}{}", token.trim()).into_bytes(),
            ),
            ("a 1 MB line", vec![b'a'; 1 << 20]),
            ("binary garbage", garbage),
        ];
        for (what, request) in refused {
            assert_eq!(send_raw(dir.path(), &request), b"", "{what}");
        }
        let right = format!("{SHOW}{}\n", token.trim());
        assert_eq!(send_raw(dir.path(), right.as_bytes()), b"otp-desk shown\n");
        rx.recv_timeout(Duration::from_secs(5)).unwrap();
        ask_to_show(dir.path()).unwrap();
        rx.recv_timeout(Duration::from_secs(5)).unwrap();
        assert!(
            rx.try_recv().is_err(),
            "no refused request showed the window"
        );
    }

    #[test]
    fn a_silent_client_holds_up_the_next_one_only_briefly() {
        let (dir, _first, rx) = listening();
        let _silent = TcpStream::connect((Ipv4Addr::LOCALHOST, port(dir.path()))).unwrap();
        let started = Instant::now();
        ask_to_show(dir.path()).unwrap();
        rx.recv_timeout(Duration::from_secs(5)).unwrap();
        assert!(started.elapsed() < REQUEST_DEADLINE + Duration::from_secs(1));
    }

    /// Opens `count` idle connections, then asks as a second window would; how long the
    /// first window took to hear it.
    fn second_launch_behind_idle(
        dir: &Path,
        rx: &mpsc::Receiver<()>,
        count: usize,
    ) -> (Vec<TcpStream>, Duration) {
        let idle: Vec<TcpStream> = (0..count)
            .map(|_| TcpStream::connect((Ipv4Addr::LOCALHOST, port(dir))).unwrap())
            .collect();
        // Let the listener take them all before the second window asks.
        std::thread::sleep(Duration::from_millis(50));
        let started = Instant::now();
        ask_to_show(dir).unwrap();
        rx.recv_timeout(Duration::from_secs(5)).unwrap();
        (idle, started.elapsed())
    }

    #[test]
    fn idle_connections_do_not_hold_up_a_second_window() {
        let (dir, _first, rx) = listening();
        let (idle, took) = second_launch_behind_idle(dir.path(), &rx, 20);
        assert!(took < Duration::from_secs(1), "took {took:?}");
        drop(idle);
    }

    #[test]
    fn more_idle_connections_than_places_hold_up_a_second_window_only_briefly() {
        let (dir, _first, rx) = listening();
        let (idle, took) = second_launch_behind_idle(dir.path(), &rx, MAX_CLIENTS + 8);
        assert!(
            took < 2 * REQUEST_DEADLINE + Duration::from_secs(1),
            "took {took:?}"
        );
        drop(idle);
    }

    #[test]
    fn a_client_sending_a_byte_at_a_time_is_cut_off_at_the_deadline() {
        let (dir, _first, rx) = listening();
        let token = read_small(&dir.path().join(TOKEN_FILE)).unwrap();
        let mut slow = TcpStream::connect((Ipv4Addr::LOCALHOST, port(dir.path()))).unwrap();
        let request = format!("{SHOW}{}\n", token.trim());
        let started = Instant::now();
        for byte in request.as_bytes() {
            if slow.write_all(&[*byte]).is_err() {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(started.elapsed() > REQUEST_DEADLINE);
        let mut reply = Vec::new();
        slow.set_read_timeout(Some(ASK_TIMEOUT)).unwrap();
        let _ = slow.read_to_end(&mut reply);
        assert_eq!(reply, b"");
        assert!(rx.try_recv().is_err());
    }

    #[test]
    fn each_listen_writes_a_new_private_token() {
        let (dir, first, _rx) = listening();
        let token = read_small(&dir.path().join(TOKEN_FILE)).unwrap();
        assert_eq!(token.trim().len(), 64);
        first.listen(|| {}).unwrap();
        assert_ne!(read_small(&dir.path().join(TOKEN_FILE)).unwrap(), token);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            for name in [TOKEN_FILE, PORT_FILE, LOCK_FILE] {
                let mode = fs::metadata(dir.path().join(name))
                    .unwrap()
                    .permissions()
                    .mode();
                assert_eq!(mode & 0o777, 0o600, "{name}");
            }
        }
    }
}
