//! A screen reader's view of a real window: the AT-SPI accessibility bus started inside a
//! private D-Bus session (at-spi2-core's `at-spi-bus-launcher`), switched on as Orca switches it
//! on, and a walker (`atspi_walk.py`, Debian's python3-pyatspi) that prints the tree as Orca
//! would read it. Every process the bus starts, including the ones D-Bus activation hands to
//! init (the registry daemon), is found by the session address in its environment and stopped
//! by PID.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::Running;

const WALKER: &str = include_str!("atspi_walk.py");

/// One node of the tree: its depth, its AT-SPI role name ("push button") and its name.
#[derive(Debug, Clone)]
pub struct Node {
    pub depth: usize,
    pub role: String,
    pub name: String,
    pub line: String,
}

pub struct A11yBus {
    session: String,
    runtime: tempfile::TempDir,
    launcher: Option<Running>,
}

impl A11yBus {
    /// Starts the accessibility bus on the session bus `session` and sets it on for screen
    /// readers, so a program started after this exposes its tree.
    pub fn start(session: &str) -> Self {
        let runtime = tempfile::tempdir().unwrap();
        let launcher = Command::new("/usr/libexec/at-spi-bus-launcher")
            .arg("--launch-immediately")
            .env("DBUS_SESSION_BUS_ADDRESS", session)
            .env("XDG_RUNTIME_DIR", runtime.path())
            .env_remove("DISPLAY")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("at-spi-bus-launcher is missing: run scripts/test.sh (package at-spi2-core)");
        let bus = Self {
            session: session.to_owned(),
            runtime,
            launcher: Some(Running(launcher)),
        };
        super::support::wait_for("org.a11y.Bus", Duration::from_secs(10), || {
            bus.dbus(&[
                "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.NameHasOwner",
                "string:org.a11y.Bus",
            ])
            .contains("boolean true")
        });
        for property in ["IsEnabled", "ScreenReaderEnabled"] {
            bus.dbus(&[
                "--dest=org.a11y.Bus",
                "/org/a11y/bus",
                "org.freedesktop.DBus.Properties.Set",
                "string:org.a11y.Status",
                &format!("string:{property}"),
                "variant:boolean:true",
            ]);
        }
        bus
    }

    fn dbus(&self, args: &[&str]) -> String {
        let out = Command::new("dbus-send")
            .args(["--session", "--print-reply"])
            .args(args)
            .env("DBUS_SESSION_BUS_ADDRESS", &self.session)
            .output()
            .expect("dbus-send is missing: run scripts/test.sh (package dbus)");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The tree now, every application on the bus; empty if the walker took over 10 s.
    pub fn walk(&self, display: &str) -> Vec<Node> {
        let mut child = Command::new("/usr/bin/python3")
            .args(["-c", WALKER])
            .env("DBUS_SESSION_BUS_ADDRESS", &self.session)
            .env("DISPLAY", display)
            .env("XDG_RUNTIME_DIR", self.runtime.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("/usr/bin/python3 is missing");
        let deadline = Instant::now() + Duration::from_secs(10);
        while matches!(child.try_wait(), Ok(None)) {
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                return Vec::new();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let out = child.wait_with_output().unwrap();
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(parse)
            .collect()
    }

    /// Processes that carry this session's address: the launcher, its bus and what D-Bus
    /// activation started for it (the registry daemon, a second launcher).
    fn started_for_session(&self) -> Vec<u32> {
        let wanted = format!("DBUS_SESSION_BUS_ADDRESS={}", self.session);
        let Ok(entries) = std::fs::read_dir("/proc") else {
            return Vec::new();
        };
        entries
            .flatten()
            .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
            .filter(|pid| {
                let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
                let environ = std::fs::read(format!("/proc/{pid}/environ")).unwrap_or_default();
                (comm.starts_with("at-spi") || comm.starts_with("dbus-daemon"))
                    && environ
                        .split(|b| *b == 0)
                        .any(|var| var == wanted.as_bytes())
            })
            .collect()
    }
}

impl Drop for A11yBus {
    fn drop(&mut self) {
        drop(self.launcher.take());
        for pid in self.started_for_session() {
            let _ = Command::new("kill").arg(pid.to_string()).status();
        }
    }
}

fn parse(line: &str) -> Option<Node> {
    let depth = line.len() - line.trim_start().len();
    let mut parts = line.trim_start().splitn(3, '|');
    Some(Node {
        depth,
        role: parts.next()?.to_owned(),
        name: parts.next()?.to_owned(),
        line: line.to_owned(),
    })
}
