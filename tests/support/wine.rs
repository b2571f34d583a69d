//! The Windows build under Wine, for `tests/wine_*.rs`: the cross-built `otp-desk.exe` run by
//! `wine` against Wine's Credential Manager (CredWriteW/CredReadW/CredEnumerateW, the store
//! `keyring` uses on Windows), with data folders inside the prefix so the test can look at the
//! files as Windows wrote them. `scripts/wine-test.sh` builds the .exe and the ProcessPrng shim,
//! makes the throw-away prefix (Windows user 张伟), starts a persistent wineserver, runs these
//! tests one at a time (they share one Credential Manager) and stops the server.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub struct Wine {
    pub exe: PathBuf,
    pub prefix: PathBuf,
}

/// A data folder as the test sees it (`host`) and as Windows sees it (`win`, for
/// `OTP_DESK_DATA_DIR` and file arguments).
pub struct Folder {
    pub host: PathBuf,
    pub win: String,
}

impl Folder {
    pub fn metadata(&self) -> PathBuf {
        self.host.join("accounts.json")
    }

    /// `name` inside this folder, in Windows' words.
    pub fn win_file(&self, name: &str) -> String {
        format!("{}\\{name}", self.win)
    }
}

fn env_path(name: &str) -> PathBuf {
    std::env::var_os(name)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            panic!("{name} is not set: run scripts/wine-test.sh, which builds and sets it up")
        })
}

impl Wine {
    pub fn from_env() -> Self {
        Self {
            exe: env_path("OTP_DESK_WINE_EXE"),
            prefix: env_path("WINEPREFIX"),
        }
    }

    /// `C:\users\<user>` on the host; the script names the user 张伟.
    pub fn user_dir(&self) -> PathBuf {
        let user = std::env::var("USER").unwrap_or_default();
        self.prefix.join("drive_c/users").join(user)
    }

    /// A new, empty folder `C:\otp-tests\<parts...>` (an old one of the same name is removed).
    pub fn folder(&self, parts: &[&str]) -> Folder {
        let mut host = self.prefix.join("drive_c/otp-tests");
        let mut win = String::from("C:\\otp-tests");
        for part in parts {
            host.push(part);
            win.push('\\');
            win.push_str(part);
        }
        let _ = std::fs::remove_dir_all(&host);
        Folder { host, win }
    }

    /// `otp-desk.exe args…` with the data folder `data` (None: the default, %APPDATA%).
    pub fn command(&self, data: Option<&Folder>, args: &[&str]) -> Command {
        let mut cmd = Command::new("wine");
        cmd.arg(&self.exe)
            .args(args)
            .env("WINEPREFIX", &self.prefix)
            .env("WINEDEBUG", "-all")
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .env_remove("OTP_DESK_DATA_DIR")
            .stdin(Stdio::null());
        if let Some(data) = data {
            cmd.env("OTP_DESK_DATA_DIR", &data.win);
        }
        cmd
    }

    /// The same program in a new, empty prefix beside this one (its own Credential Manager, so
    /// items the command-line tests left behind do not show up), with the ProcessPrng shim.
    pub fn fresh_prefix(&self, name: &str) -> Wine {
        let prefix = self.prefix.with_file_name(format!("prefix-{name}"));
        let booted = Command::new("wineboot")
            .arg("-i")
            .env("WINEPREFIX", &prefix)
            .env("WINEDEBUG", "-all")
            .env_remove("DISPLAY")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("wineboot runs");
        assert!(booted.success(), "wineboot failed for {}", prefix.display());
        let shim = "drive_c/windows/system32/bcryptprimitives.dll";
        std::fs::copy(self.prefix.join(shim), prefix.join(shim)).expect("the shim copies");
        Wine {
            exe: self.exe.clone(),
            prefix,
        }
    }

    /// Stops the prefix's Wine server and with it Wine's desktop process, which the earlier
    /// command-line runs started without an X display; the next program started with `DISPLAY`
    /// gets a desktop on that display (windows and the clipboard need one).
    pub fn restart_with_display(&self) {
        let _ = Command::new("wineserver")
            .arg("-k")
            .env("WINEPREFIX", &self.prefix)
            .status();
        std::thread::sleep(std::time::Duration::from_millis(500));
    }

    pub fn run(&self, data: Option<&Folder>, args: &[&str]) -> Output {
        output(self.command(data, args), None)
    }

    pub fn run_with_stdin(&self, data: Option<&Folder>, args: &[&str], input: &str) -> Output {
        output(self.command(data, args), Some(input))
    }

    /// Runs and asserts success, returning standard output.
    pub fn ok(&self, data: Option<&Folder>, args: &[&str]) -> String {
        let out = self.run(data, args);
        assert!(
            out.status.success(),
            "otp-desk.exe {args:?} failed: {}",
            super::stderr(&out)
        );
        super::stdout(&out)
    }

    /// The accounts `list --json` shows, as "issuer|name".
    pub fn labels(&self, data: Option<&Folder>) -> Vec<String> {
        let rows: serde_json::Value =
            serde_json::from_str(&self.ok(data, &["list", "--json"])).unwrap();
        rows.as_array()
            .unwrap()
            .iter()
            .map(|r| {
                format!(
                    "{}|{}",
                    r["issuer"].as_str().unwrap(),
                    r["name"].as_str().unwrap()
                )
            })
            .collect()
    }
}

/// `Z:` is the Unix root in every Wine prefix.
pub fn win_path(host: &Path) -> String {
    format!("Z:{}", host.display()).replace('/', "\\")
}

/// Runs `cmd` to its end. Its output goes to files, not pipes: Wine may start helpers
/// (explorer.exe for the desktop) that inherit the handles and outlive the program, and a pipe
/// would then stay open, making the test wait for them.
pub fn output(mut cmd: Command, input: Option<&str>) -> Output {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let (out_path, err_path) = (dir.path().join("stdout"), dir.path().join("stderr"));
    cmd.stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap());
    if input.is_some() {
        cmd.stdin(Stdio::piped());
    }
    let mut child = cmd.spawn().unwrap();
    if let (Some(input), Some(mut stdin)) = (input, child.stdin.take()) {
        stdin.write_all(input.as_bytes()).unwrap();
    }
    let status = child.wait().unwrap();
    Output {
        status,
        stdout: std::fs::read(&out_path).unwrap(),
        stderr: std::fs::read(&err_path).unwrap(),
    }
}
