//! One window at a time. The first window holds an exclusive lock on `window.lock` in the data
//! folder for its whole life and listens on a loopback port (written to `window.port`); a second
//! window asks it to come to the front, or explains in one sentence and exits. The command line
//! never takes this lock: CLI writes are safe through the vault's own file lock. Must not
//! depend on the window (it only calls back) or the vault.

use std::fs::{self, File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub const LOCK_FILE: &str = "window.lock";
pub const PORT_FILE: &str = "window.port";
const SHOW: &str = "otp-desk show";
const SHOWN: &str = "otp-desk shown";

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
    fs::create_dir_all(dir).map_err(io)?;
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(io)?;
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
    /// Listens for a second window on a background thread; `show` runs for each request.
    pub fn listen(&self, show: impl Fn() + Send + 'static) -> Result<(), InstanceError> {
        let port_path = self.dir.join(PORT_FILE);
        let io = |source| InstanceError::Io {
            path: port_path.clone(),
            source,
        };
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).map_err(io)?;
        let port = listener.local_addr().map_err(io)?.port();
        fs::write(&port_path, format!("{port}\n")).map_err(io)?;
        std::thread::Builder::new()
            .name("single-instance".into())
            .spawn(move || {
                for stream in listener.incoming().flatten() {
                    if answer(stream) {
                        show();
                    }
                }
            })
            .map_err(io)?;
        Ok(())
    }
}

fn answer(stream: TcpStream) -> bool {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
    let mut line = String::new();
    let mut reader = BufReader::new(&stream);
    if reader.read_line(&mut line).is_err() || line.trim() != SHOW {
        return false;
    }
    let _ = (&stream).write_all(format!("{SHOWN}\n").as_bytes());
    true
}

/// Asks the running window to come to the front.
pub fn ask_to_show(dir: &Path) -> Result<(), InstanceError> {
    let port: u16 = fs::read_to_string(dir.join(PORT_FILE))
        .ok()
        .and_then(|t| t.trim().parse().ok())
        .ok_or(InstanceError::NoAnswer)?;
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let timeout = Duration::from_secs(2);
    let stream =
        TcpStream::connect_timeout(&address, timeout).map_err(|_| InstanceError::NoAnswer)?;
    let _ = stream.set_read_timeout(Some(timeout));
    (&stream)
        .write_all(format!("{SHOW}\n").as_bytes())
        .map_err(|_| InstanceError::NoAnswer)?;
    let mut reply = String::new();
    BufReader::new(&stream)
        .read_line(&mut reply)
        .map_err(|_| InstanceError::NoAnswer)?;
    if reply.trim() == SHOWN {
        Ok(())
    } else {
        Err(InstanceError::NoAnswer)
    }
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

    #[test]
    fn a_second_window_brings_the_first_to_the_front() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            ask_to_show(dir.path()),
            Err(InstanceError::NoAnswer)
        ));
        let first = claim(dir.path()).unwrap();
        let (tx, rx) = mpsc::channel();
        first.listen(move || tx.send(()).unwrap()).unwrap();
        ask_to_show(dir.path()).unwrap();
        rx.recv_timeout(Duration::from_secs(5)).unwrap();
    }
}
