//! Two real Syncthing instances on this machine, sharing one folder over 127.0.0.1 only: each
//! with its own temp home, free ports, a REST API key, and discovery, relays, NAT, usage
//! reports, crash reports and upgrades off. Instance A knows B's address and dials it; B knows
//! A by its device id and accepts it (see [`Pair::start`] for why only one side dials). The
//! processes are stopped by PID when the [`Pair`] drops. Recipe: ../shared/TECH-NOTES.md,
//! "A real sync engine on one machine".

use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use super::{Running, wait_for};

/// The id of the one shared folder.
pub const FOLDER_ID: &str = "otp-desk-team";

/// One running Syncthing instance and its copy of the shared folder.
pub struct Syncthing {
    /// First, so the process stops before its home and folder are removed.
    process: Option<Running>,
    pub device_id: String,
    /// This instance's copy of the shared folder.
    pub folder: PathBuf,
    gui_port: u16,
    api_key: String,
    home: tempfile::TempDir,
}

/// Two instances that share [`FOLDER_ID`]; stopped by PID on drop.
pub struct Pair {
    pub a: Syncthing,
    pub b: Syncthing,
}

/// A port nobody listens on right now (the OS picks it for a listener on port 0).
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// A REST API key from the OS's randomness.
fn api_key() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).unwrap();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn syncthing(args: &[&str], home: &Path) -> String {
    let out = Command::new("syncthing")
        .args(args)
        .arg(format!("--home={}", home.display()))
        .env("HOME", home)
        .stdin(Stdio::null())
        .output()
        .expect("syncthing is missing: run scripts/test.sh, which installs it");
    assert!(
        out.status.success(),
        "syncthing {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

impl Syncthing {
    /// A new home with its own certificate (so its device id), not started yet.
    fn generate() -> Self {
        let home = tempfile::tempdir().unwrap();
        syncthing(&["generate", "--no-default-folder"], home.path());
        let device_id = syncthing(&["--device-id"], home.path());
        let folder = home.path().join("team");
        // The folder marker Syncthing checks before it touches the folder.
        std::fs::create_dir_all(folder.join(".stfolder")).unwrap();
        Self {
            process: None,
            device_id,
            folder,
            gui_port: free_port(),
            api_key: api_key(),
            home,
        }
    }

    /// `other_address`: where to dial the other instance; `dynamic` (with discovery off: never
    /// dial, only accept it by its certificate).
    fn write_config(&self, listen_port: u16, other: &Syncthing, other_address: &str) {
        let (me, them) = (&self.device_id, &other.device_id);
        let folder = self.folder.display();
        let config = format!(
            r#"<configuration version="36">
    <folder id="{FOLDER_ID}" label="team" path="{folder}" type="sendreceive" rescanIntervalS="3600" fsWatcherEnabled="true" fsWatcherDelayS="1" ignorePerms="false" autoNormalize="true">
        <device id="{me}"></device>
        <device id="{them}"></device>
        <maxConflicts>10</maxConflicts>
    </folder>
    <device id="{me}" name="self" compression="metadata" introducer="false">
        <address>tcp://127.0.0.1:{listen_port}</address>
    </device>
    <device id="{them}" name="other" compression="metadata" introducer="false">
        <address>{other_address}</address>
    </device>
    <gui enabled="true" tls="false">
        <address>127.0.0.1:{gui}</address>
        <apikey>{key}</apikey>
    </gui>
    <options>
        <listenAddress>tcp://127.0.0.1:{listen_port}</listenAddress>
        <globalAnnounceEnabled>false</globalAnnounceEnabled>
        <localAnnounceEnabled>false</localAnnounceEnabled>
        <relaysEnabled>false</relaysEnabled>
        <natEnabled>false</natEnabled>
        <urAccepted>-1</urAccepted>
        <crashReportingEnabled>false</crashReportingEnabled>
        <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
        <startBrowser>false</startBrowser>
        <reconnectionIntervalS>1</reconnectionIntervalS>
        <setLowPriority>false</setLowPriority>
    </options>
</configuration>
"#,
            gui = self.gui_port,
            key = self.api_key,
        );
        std::fs::write(self.home.path().join("config.xml"), config).unwrap();
    }

    fn start(&mut self) {
        let log = std::fs::File::create(self.home.path().join("syncthing.log")).unwrap();
        let child = Command::new("syncthing")
            .arg("serve")
            .arg(format!("--home={}", self.home.path().display()))
            .args(["--no-browser", "--no-restart", "--no-upgrade"])
            .env("HOME", self.home.path())
            .env("STNOUPGRADE", "1")
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("syncthing is missing: run scripts/test.sh, which installs it");
        self.process = Some(Running(child));
    }

    /// One REST call (HTTP/1.0, so the answer is never chunked); `None` while the instance does
    /// not answer yet.
    fn request(&self, method: &str, path: &str) -> Option<(u16, String)> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.gui_port)).ok()?;
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .ok()?;
        let port = self.gui_port;
        let key = &self.api_key;
        write!(
            stream,
            "{method} {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\nX-API-Key: {key}\r\nContent-Length: 0\r\n\r\n"
        )
        .ok()?;
        let mut response = String::new();
        stream.read_to_string(&mut response).ok()?;
        let (head, body) = response.split_once("\r\n\r\n")?;
        let status = head.split_whitespace().nth(1)?.parse().ok()?;
        Some((status, body.to_owned()))
    }

    fn get(&self, path: &str) -> Option<serde_json::Value> {
        match self.request("GET", path)? {
            (200, body) => serde_json::from_str(&body).ok(),
            _ => None,
        }
    }

    fn post(&self, path: &str) {
        let answer = self.request("POST", path);
        assert!(
            matches!(answer, Some((200, _))),
            "POST {path}: {answer:?}; log: {}",
            self.log()
        );
    }

    fn wait_answering(&self) {
        wait_for("Syncthing's REST API", Duration::from_secs(20), || {
            self.get("/rest/system/ping").is_some()
        });
    }

    pub fn is_connected_to(&self, other: &Syncthing) -> bool {
        self.get("/rest/system/connections").is_some_and(|c| {
            c["connections"][&other.device_id]["connected"] == serde_json::Value::Bool(true)
        })
    }

    /// Cuts the link to `other` from this side (`/rest/system/pause`).
    pub fn pause(&self, other: &Syncthing) {
        self.post(&format!("/rest/system/pause?device={}", other.device_id));
    }

    pub fn resume(&self, other: &Syncthing) {
        self.post(&format!("/rest/system/resume?device={}", other.device_id));
    }

    /// Syncthing's own log, for a failure message.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.home.path().join("syncthing.log")).unwrap_or_default()
    }
}

impl Pair {
    /// Two instances started and connected to each other (panics after 30 s).
    pub fn start() -> Self {
        let (mut a, mut b) = (Syncthing::generate(), Syncthing::generate());
        let (port_a, port_b) = (free_port(), free_port());
        // Only A dials. Two instances that dial each other in the same instant (at start, or
        // when a paused link resumes) can both hang in the Hello exchange until its 20 s
        // timeout; seen here in one resume out of three.
        a.write_config(port_a, &b, &format!("tcp://127.0.0.1:{port_b}"));
        b.write_config(port_b, &a, "dynamic");
        b.start();
        b.wait_answering();
        a.start();
        a.wait_answering();
        let pair = Self { a, b };
        pair.wait_connected();
        pair
    }

    pub fn wait_connected(&self) {
        wait_for(
            "the two Syncthing instances to connect",
            Duration::from_secs(30),
            || self.a.is_connected_to(&self.b) && self.b.is_connected_to(&self.a),
        );
    }

    /// Splits the two desks: each side pauses the other.
    pub fn pause(&self) {
        self.a.pause(&self.b);
        self.b.pause(&self.a);
        wait_for("the link to go down", Duration::from_secs(10), || {
            !self.a.is_connected_to(&self.b) && !self.b.is_connected_to(&self.a)
        });
    }

    /// Joins them again and waits until they are connected.
    pub fn resume(&self) {
        self.a.resume(&self.b);
        self.b.resume(&self.a);
        self.wait_connected();
    }
}
