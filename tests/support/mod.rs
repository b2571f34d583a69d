//! Real parts for integration tests: a private D-Bus session with an unlocked gnome-keyring
//! (the real Linux Secret Service), a temporary data folder, and the real `otp-desk` binary.
//! Every process started here is stopped by PID when its guard drops.
#![allow(dead_code)] // each test file uses a different part of this support module

#[cfg(target_os = "linux")]
pub mod desktop;
pub mod gui;
pub mod list_shot;
pub mod rows;
#[cfg(target_os = "linux")]
pub mod syncthing;
#[cfg(target_os = "linux")]
pub mod team;
pub mod wine;

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_otp-desk");

/// Third-party files (`$OTP_DESK_VECTORS` or ../shared; skipped when absent) and the project's
/// own vectors in tests/data: the same file the library's unit tests use.
#[path = "../../src/test_vectors.rs"]
mod test_vectors;
#[allow(unused_imports)] // each test file uses a different part
pub use test_vectors::{own, root as vectors_root, third_party};

/// A private D-Bus session bus with gnome-keyring's secrets component, unlocked.
pub struct SecretService {
    pub bus_address: String,
    home: tempfile::TempDir,
    bus: Child,
    keyring: Child,
}

impl SecretService {
    pub fn start() -> Self {
        let home = tempfile::tempdir().unwrap();
        let runtime = home.path().join("run");
        std::fs::create_dir_all(&runtime).unwrap();
        let mut bus = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon is missing: run scripts/test.sh, which installs dbus and gnome-keyring");
        let mut address = String::new();
        BufReader::new(bus.stdout.take().unwrap())
            .read_line(&mut address)
            .unwrap();
        let bus_address = address.trim().to_owned();
        let mut keyring = Command::new("gnome-keyring-daemon")
            .args(["--foreground", "--unlock", "--components=secrets"])
            .env("DBUS_SESSION_BUS_ADDRESS", &bus_address)
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_RUNTIME_DIR", &runtime)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                // The bus started above is stopped too, not left behind by the panic.
                let _ = bus.kill();
                let _ = bus.wait();
                panic!(
                    "gnome-keyring-daemon is missing: run scripts/test.sh, which installs it: {e}"
                )
            });
        // The password of the new login keyring; closing stdin lets the daemon go on.
        keyring
            .stdin
            .take()
            .unwrap()
            .write_all(b"test-password")
            .unwrap();
        let service = Self {
            bus_address,
            home,
            bus,
            keyring,
        };
        service.wait_until_ready();
        service
    }

    /// The user names (account ids) of OTP Desk's items, as another Secret Service client
    /// (libsecret's secret-tool) sees them.
    /// A search that fails (the daemon still busy with a client that was just killed) is
    /// asked again rather than read as "no items".
    pub fn keychain_users(&self) -> Vec<String> {
        let search = || {
            Command::new("secret-tool")
                .args(["search", "--all", "service", "otp-desk"])
                .env("DBUS_SESSION_BUS_ADDRESS", &self.bus_address)
                .output()
                .expect("secret-tool is missing: run scripts/test.sh (package libsecret-tools)")
        };
        let mut out = search();
        for _ in 0..20 {
            if out.status.success() || out.stderr.is_empty() {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
            out = search();
        }
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        text.lines()
            .filter_map(|l| l.strip_prefix("attribute.username = "))
            .map(str::to_owned)
            .collect()
    }

    fn wait_until_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            let owned = Command::new("dbus-send")
                .args([
                    "--session",
                    "--print-reply",
                    "--dest=org.freedesktop.DBus",
                    "/org/freedesktop/DBus",
                    "org.freedesktop.DBus.NameHasOwner",
                    "string:org.freedesktop.secrets",
                ])
                .env("DBUS_SESSION_BUS_ADDRESS", &self.bus_address)
                .output()
                .map(|o| String::from_utf8_lossy(&o.stdout).contains("boolean true"))
                .unwrap_or(false);
            if owned {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("gnome-keyring did not take org.freedesktop.secrets within 20 s");
    }
}

impl Drop for SecretService {
    fn drop(&mut self) {
        let _ = self.keyring.kill();
        let _ = self.keyring.wait();
        let _ = self.bus.kill();
        let _ = self.bus.wait();
    }
}

/// The `otp-desk` binary with a private data folder, talking to `service` (or to no D-Bus at all).
pub struct Desk {
    pub data: tempfile::TempDir,
    bus_address: Option<String>,
}

impl Desk {
    pub fn new(service: Option<&SecretService>) -> Self {
        Self {
            data: tempfile::tempdir().unwrap(),
            bus_address: service.map(|s| s.bus_address.clone()),
        }
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.args(args)
            .env("OTP_DESK_DATA_DIR", self.data.path())
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .stdin(Stdio::null());
        match &self.bus_address {
            Some(address) => cmd.env("DBUS_SESSION_BUS_ADDRESS", address),
            // No session bus: the address points nowhere, as on a machine without a desktop.
            None => cmd.env(
                "DBUS_SESSION_BUS_ADDRESS",
                "unix:path=/nonexistent/otp-desk-test-bus",
            ),
        };
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    /// Runs `cmd` (from [`Desk::command`], maybe with more settings) with `input` on its stdin.
    pub fn output_with_stdin(cmd: Command, input: &str) -> Output {
        Self::spawn_with_stdin(cmd, input)
            .wait_with_output()
            .unwrap()
    }

    /// Starts `cmd` with `input` on its stdin and its output piped; it goes on by itself.
    pub fn spawn_with_stdin(mut cmd: Command, input: &str) -> Child {
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        child
    }

    pub fn run_with_stdin(&self, args: &[&str], input: &str) -> Output {
        Self::output_with_stdin(self.command(args), input)
    }

    pub fn metadata(&self) -> PathBuf {
        self.data.path().join("accounts.json")
    }
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A child process stopped by PID when this drops: first asked to end (SIGTERM, so Xvfb
/// removes its lock file and socket; a killed one leaves them behind), then killed if it is
/// still there after a second.
pub struct Running(pub Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .arg(self.0.id().to_string())
            .stderr(Stdio::null())
            .status();
        let deadline = Instant::now() + Duration::from_secs(1);
        while matches!(self.0.try_wait(), Ok(None)) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Xvfb on a display number it picks itself (`-displayfd`: the first free one, written
/// out once it listens), so parallel tests and stale lock files never collide. Returns the
/// guard and the `DISPLAY` value.
pub fn start_xvfb(width: u32, height: u32) -> (Running, String) {
    let mut child = Command::new("Xvfb")
        .args(["-displayfd", "1", "-screen", "0"])
        .arg(format!("{width}x{height}x24"))
        .args(["-nolisten", "tcp"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("Xvfb is missing: run scripts/test.sh, which installs it");
    let stdout = child.stdout.take().expect("piped stdout");
    let xvfb = Running(child);
    let mut number = String::new();
    BufReader::new(stdout)
        .read_line(&mut number)
        .expect("Xvfb writes its display number");
    let number = number.trim();
    assert!(
        !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()),
        "Xvfb did not start (display number {number:?})"
    );
    (xvfb, format!(":{number}"))
}

/// Polls `ready` every 100 ms; panics naming `what` after `timeout`.
pub fn wait_for(what: &str, timeout: Duration, mut ready: impl FnMut() -> bool) {
    let deadline = Instant::now() + timeout;
    while !ready() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The CLIPBOARD selection of `display` read as `target` by another X client (xclip), once
/// `ready` accepts it: for the clipboard marks a copied code carries.
pub fn clipboard_as(display: &str, target: &str, ready: impl Fn(&str) -> bool) -> String {
    let mut text = String::new();
    wait_for(
        &format!("the clipboard as {target}"),
        Duration::from_secs(60),
        || {
            let out = Command::new("xclip")
                .args(["-o", "-selection", "clipboard", "-t", target])
                .env("DISPLAY", display)
                .output()
                .expect("xclip is missing: run scripts/test.sh, which installs it");
            text = String::from_utf8_lossy(&out.stdout).into_owned();
            out.status.success() && ready(&text)
        },
    );
    text
}

/// Every file below `root`, in every folder.
pub fn files_under(root: &std::path::Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(root).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files
}
