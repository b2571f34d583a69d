//! The Debian package: `scripts/package-deb.sh --profile dev` packs the binary that `cargo test`
//! has already built (no release build: CI has 90 minutes on 2 cores), the package's metadata
//! and file list are checked, it is unpacked into a throw-away root, and the installed binary
//! must answer `--version` and open its window under a private Xvfb. There it finds an account
//! whose secret sits in a keychain it cannot reach, and must say so instead of exiting.
#![cfg(target_os = "linux")] // a Debian package, installed with dpkg; the Windows installer: tests/wine_window.rs

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use support::{Desk, Running, SecretService};

const APP_ID: &str = "io.github.otpdesk.OtpDesk";

fn run(cmd: &mut Command) -> Output {
    let output = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e} (scripts/test.sh installs it)"));
    assert!(
        output.status.success(),
        "{cmd:?} failed: {}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn text(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn wait_for(what: &str, timeout: Duration, mut ready: impl FnMut() -> bool) {
    let deadline = Instant::now() + timeout;
    while !ready() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn build_deb(out: &Path) -> PathBuf {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/package-deb.sh");
    let output = run(Command::new("bash")
        .arg(script)
        .args(["--profile", "dev", "--bin", support::BIN, "--out"])
        .arg(out));
    let deb = PathBuf::from(text(&output).trim());
    assert!(
        deb.is_file(),
        "the script printed {deb:?}, which is no file"
    );
    let name = format!("otp-desk_{}_", env!("CARGO_PKG_VERSION"));
    assert!(
        deb.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with(&name),
        "{deb:?} is not named {name}ARCH.deb"
    );
    deb
}

fn check_control(deb: &Path) {
    let info = text(&run(Command::new("dpkg-deb").arg("--info").arg(deb)));
    for field in [
        "Package: otp-desk",
        &format!("Version: {}", env!("CARGO_PKG_VERSION")),
        "Section: utils",
        "Recommends: gnome-keyring | keepassxc",
        "libxkbcommon-x11-0",
        "libgl1",
        "Description: ",
    ] {
        assert!(info.contains(field), "control lacks {field:?}:\n{info}");
    }
}

fn check_contents(deb: &Path) {
    let listing = text(&run(Command::new("dpkg-deb").arg("--contents").arg(deb)));
    let mut expected = vec![
        "./usr/bin/otp-desk".to_owned(),
        format!("./usr/share/applications/{APP_ID}.desktop"),
        format!("./usr/share/metainfo/{APP_ID}.metainfo.xml"),
        format!("./usr/share/icons/hicolor/scalable/apps/{APP_ID}.svg"),
        "./usr/share/doc/otp-desk/copyright".to_owned(),
    ];
    for size in [16, 24, 32, 48, 64, 128, 256, 512] {
        expected.push(format!(
            "./usr/share/icons/hicolor/{size}x{size}/apps/{APP_ID}.png"
        ));
    }
    for path in &expected {
        let line = listing
            .lines()
            .find(|l| l.ends_with(path.as_str()))
            .unwrap_or_else(|| panic!("the package lacks {path}:\n{listing}"));
        assert!(
            line.contains("root/root"),
            "{path} is not owned by root: {line}"
        );
    }
    let binary = listing.lines().find(|l| l.ends_with("usr/bin/otp-desk"));
    assert!(binary.is_some_and(|l| l.starts_with("-rwxr-xr-x")));
}

/// The desktop entry and metainfo pass the freedesktop validators and name what is installed.
fn check_desktop_integration(root: &Path) {
    let desktop = root.join(format!("usr/share/applications/{APP_ID}.desktop"));
    run(Command::new("desktop-file-validate").arg(&desktop));
    let entry = std::fs::read_to_string(&desktop).unwrap();
    assert!(entry.contains("\nExec=otp-desk\n"), "{entry}");
    assert!(entry.contains(&format!("\nIcon={APP_ID}\n")), "{entry}");
    assert!(entry.contains("\nName[zh_CN]="), "{entry}");
    let metainfo = root.join(format!("usr/share/metainfo/{APP_ID}.metainfo.xml"));
    run(Command::new("appstreamcli")
        .args(["validate", "--no-net"])
        .arg(&metainfo));
}

fn window_exists(display: &str) -> bool {
    Command::new("xdotool")
        .args(["search", "--name", "OTP Desk"])
        .env("DISPLAY", display)
        .output()
        .is_ok_and(|o| o.status.success() && !o.stdout.is_empty())
}

#[test]
fn the_deb_installs_and_its_binary_opens_a_window_without_a_keychain() {
    let work = tempfile::tempdir().unwrap();
    let deb = build_deb(&work.path().join("out"));
    check_control(&deb);
    check_contents(&deb);

    let root = work.path().join("root");
    run(Command::new("dpkg-deb").arg("-x").arg(&deb).arg(&root));
    let installed = root.join("usr/bin/otp-desk");
    let version = text(&run(Command::new(&installed).arg("--version")));
    assert!(
        version.starts_with(&format!("otp-desk {}", env!("CARGO_PKG_VERSION"))),
        "{version}"
    );
    check_desktop_integration(&root);

    // One account, added through a private keyring that is gone before the window opens.
    let desk = Desk::new(None);
    {
        let service = SecretService::start();
        let with_keyring = Desk::new(Some(&service));
        let added = with_keyring.run(&[
            "add",
            "otpauth://totp/Amazon:shop1@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Amazon",
        ]);
        assert!(added.status.success(), "{}", support::stderr(&added));
        std::fs::copy(with_keyring.metadata(), desk.metadata()).unwrap();
    }

    let (_xvfb, display) = support::start_xvfb(1024, 768);
    let home = work.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let log = work.path().join("window.log");
    let app = Command::new(&installed)
        .env("DISPLAY", &display)
        .env_remove("WAYLAND_DISPLAY")
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("OTP_DESK_DATA_DIR", desk.data.path())
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/otp-desk-test-bus",
        )
        .env("OTP_DESK_LOG", "info")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let mut app = Running(app);
    let read_log = || std::fs::read_to_string(&log).unwrap_or_default();
    wait_for("the OTP Desk window", Duration::from_secs(60), || {
        assert!(
            app.0.try_wait().unwrap().is_none(),
            "the installed otp-desk exited before showing a window:\n{}",
            read_log()
        );
        window_exists(&display)
    });
    // The banner's sentence is translated; the log line under it is not.
    wait_for("a logged keychain failure", Duration::from_secs(30), || {
        read_log()
            .lines()
            .any(|l| (l.contains("WARN") || l.contains("ERROR")) && l.contains("keychain"))
    });
    std::thread::sleep(Duration::from_secs(2));
    assert!(
        app.0.try_wait().unwrap().is_none(),
        "the window closed by itself:\n{}",
        read_log()
    );
}
