//! The Windows packages of `scripts/package-windows.sh`, made from the tests' build and tried
//! under Wine, each in a clean prefix: the per-user NSIS setup and the per-machine MSI install
//! silently, run, upgrade an older version of themselves in place keeping every account, and
//! uninstall keeping the accounts (the data folder and Credential Manager); the portable zip
//! runs from any folder on the same data as an installed copy (its window's screenshot shows
//! the accounts), writes no registry entry or shortcut, and never runs beside the installed copy. Signed with a throw-away certificate made
//! here, the program, the setup, its uninstaller and the MSI pass `osslsigncode verify`; the
//! winget and Scoop manifests name each file's SHA-256; the program carries its icon, version
//! information and manifest. `scripts/wine-test.sh` runs these (`--ignored --test-threads=1`);
//! a plain `cargo test` lists them as ignored.
#![cfg(target_os = "linux")]

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use support::list_shot::ListShot;
use support::wine::{Wine, output, win_path};
use support::{Running, stderr, stdout, wait_for};

const OWNER: &str = "otp-desk-tests";
/// The version of the "older" packages the upgrades start from.
const OLD_VERSION: &str = "0.0.1";
const KEPT: [&str; 2] = [
    "otpauth://totp/Kept:me?secret=JBSWY3DPEHPK3PXP&issuer=Kept",
    "otpauth://hotp/Bank:desk?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0&issuer=Bank",
];
const KEPT_LABELS: [&str; 2] = ["Bank|desk", "Kept|me"];
const UNINSTALL_KEY: &str = r"Software\Microsoft\Windows\CurrentVersion\Uninstall";

/// The packages of this version (signed) and of [`OLD_VERSION`] (unsigned), made once for all
/// the tests of this file, and the certificate that signed them.
struct Packages {
    new: PathBuf,
    old: PathBuf,
    version: String,
    cert: PathBuf,
    _dir: tempfile::TempDir,
}

impl Packages {
    fn setup(&self, old: bool) -> PathBuf {
        self.file(old, "setup.exe")
    }

    fn msi(&self, old: bool) -> PathBuf {
        self.file(old, "x64.msi")
    }

    fn zip(&self, old: bool) -> PathBuf {
        self.file(old, "windows-x64-portable.zip")
    }

    fn file(&self, old: bool, tail: &str) -> PathBuf {
        let (dir, version) = if old {
            (&self.old, OLD_VERSION)
        } else {
            (&self.new, self.version.as_str())
        };
        dir.join(format!("otp-desk-{version}-{tail}"))
    }
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run_ok(cmd: &mut Command, what: &str) -> String {
    let out = cmd.stdin(Stdio::null()).output().unwrap();
    assert!(
        out.status.success(),
        "{what} failed:\n{}{}",
        stdout(&out),
        stderr(&out)
    );
    stdout(&out)
}

fn packages() -> &'static Packages {
    static PACKAGES: OnceLock<Packages> = OnceLock::new();
    PACKAGES.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("key.pem");
        let cert = dir.path().join("cert.pem");
        let pfx = dir.path().join("sign.pfx");
        run_ok(
            Command::new("openssl")
                .args([
                    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                ])
                .args(["-subj", "/CN=OTP Desk test signing"])
                .arg("-keyout")
                .arg(&key)
                .arg("-out")
                .arg(&cert),
            "openssl req",
        );
        run_ok(
            Command::new("openssl")
                .args(["pkcs12", "-export", "-passout", "pass:test-only"])
                .arg("-inkey")
                .arg(&key)
                .arg("-in")
                .arg(&cert)
                .arg("-out")
                .arg(&pfx),
            "openssl pkcs12",
        );
        let exe = std::env::var_os("OTP_DESK_WINE_EXE").expect("run scripts/wine-test.sh");
        let package = |version: Option<&str>, out: &Path, signed: bool| {
            let started = Instant::now();
            let mut cmd = Command::new("bash");
            cmd.arg(repo().join("scripts/package-windows.sh"))
                .args(["--profile", "wine", "--owner", OWNER])
                .arg("--exe")
                .arg(&exe)
                .args(version.map(|v| ["--version", v]).into_iter().flatten())
                .arg(out)
                .env_remove("OTP_DESK_SIGN_TIMESTAMP_URL");
            if signed {
                cmd.env("OTP_DESK_SIGN_PFX", &pfx)
                    .env("OTP_DESK_SIGN_PASSWORD", "test-only");
            } else {
                cmd.env_remove("OTP_DESK_SIGN_PFX");
            }
            let said = run_ok(&mut cmd, "scripts/package-windows.sh");
            println!("{said}(packaged in {:.0?})", started.elapsed());
            assert!(!said.contains("test-only"), "the password was printed");
            assert_eq!(said.contains("UNSIGNED"), !signed, "{said}");
        };
        let new = dir.path().join("new");
        let old = dir.path().join("old");
        package(None, &new, true);
        package(Some(OLD_VERSION), &old, false);
        let cargo_toml = std::fs::read_to_string(repo().join("Cargo.toml")).unwrap();
        let version = cargo_toml
            .lines()
            .find_map(|l| l.strip_prefix("version = \""))
            .and_then(|v| v.strip_suffix('"'))
            .unwrap()
            .to_owned();
        assert_ne!(version, OLD_VERSION);
        Packages {
            new,
            old,
            version,
            cert,
            _dir: dir,
        }
    })
}

/// A clean prefix of its own; its Wine server is stopped and the prefix removed on drop.
struct Prefix(Wine);

impl Prefix {
    fn new(name: &str) -> Self {
        Prefix(Wine::from_env().fresh_prefix(&format!("packages-{name}")))
    }

    /// `wine program args…` in this prefix.
    fn wine(&self, program: &Path, args: &[&str]) -> std::process::Output {
        let mut cmd = Command::new("wine");
        cmd.arg(program)
            .args(args)
            .env("WINEPREFIX", &self.0.prefix)
            .env("WINEDEBUG", "-all")
            .env_remove("DISPLAY")
            .stdin(Stdio::null());
        output(cmd, None)
    }

    fn wine_ok(&self, program: &Path, args: &[&str]) {
        let out = self.wine(program, args);
        assert!(
            out.status.success(),
            "wine {} {args:?} failed: {}",
            program.display(),
            stderr(&out)
        );
    }

    fn reg_value(&self, key: &str, name: &str) -> Option<String> {
        let out = self.wine(Path::new("reg"), &["query", key, "/v", name]);
        out.status.success().then(|| stdout(&out))
    }

    /// otp-desk.exe at `exe` (host path) in this prefix.
    fn program(&self, exe: PathBuf) -> Wine {
        assert!(exe.exists(), "nothing at {}", exe.display());
        Wine {
            exe,
            prefix: self.0.prefix.clone(),
        }
    }

    /// The tests' own otp-desk.exe, to look at the accounts once the packages are gone.
    fn outside_program(&self) -> Wine {
        self.program(Wine::from_env().exe)
    }
}

impl Drop for Prefix {
    fn drop(&mut self) {
        let _ = Command::new("wineserver")
            .arg("-k")
            .env("WINEPREFIX", &self.0.prefix)
            .status();
        let _ = std::fs::remove_dir_all(&self.0.prefix);
    }
}

/// `--version` names this version, and `list` runs on the default data folder.
fn runs(program: &Wine, version: &str) {
    let said = program.ok(None, &["--version"]);
    assert!(said.starts_with("otp-desk "), "{said}");
    // The tests' build carries Cargo.toml's version whatever the package is called.
    assert!(said.contains(version) || version == OLD_VERSION, "{said}");
    program.ok(None, &["list"]);
}

fn add_kept_accounts(program: &Wine) {
    let mut args = vec!["add"];
    args.extend(KEPT);
    program.ok(None, &args);
    assert_eq!(sorted(program.labels(None)), KEPT_LABELS);
}

fn sorted(mut labels: Vec<String>) -> Vec<String> {
    labels.sort();
    labels
}

/// Every account is still listed and its key still in Credential Manager (a code is made).
fn accounts_kept(program: &Wine, after: &str) {
    assert_eq!(
        sorted(program.labels(None)),
        KEPT_LABELS,
        "accounts lost after {after}"
    );
    let code = program.ok(None, &["code", "Kept", "--at", "59"]);
    assert_eq!(code.trim().len(), 6, "no code after {after}: {code}");
}

fn verify_signature(file: &Path, cert: &Path) {
    let out = Command::new("osslsigncode")
        .args(["verify", "-CAfile"])
        .arg(cert)
        .arg("-in")
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success() && stdout(&out).contains("Succeeded"),
        "{} is not signed by the test certificate:\n{}{}",
        file.display(),
        stdout(&out),
        stderr(&out)
    );
}

/// The Start menu shortcuts named OTP Desk anywhere in the prefix. (Windows puts a per-machine
/// MSI's in ProgramData; Wine 8's msiexec puts it in the user's Start menu.)
fn shortcuts(prefix: &Prefix) -> Vec<String> {
    let found = Command::new("find")
        .arg(prefix.0.prefix.join("drive_c"))
        .args(["-iname", "OTP Desk*.lnk"])
        .output()
        .unwrap();
    stdout(&found).lines().map(str::to_owned).collect()
}

fn unzip(zip: &Path, into: &Path) {
    std::fs::create_dir_all(into).unwrap();
    run_ok(
        Command::new("unzip").arg("-q").arg(zip).arg("-d").arg(into),
        "unzip",
    );
}

#[test]
#[ignore = "needs the Windows build under Wine: scripts/wine-test.sh runs it"]
fn the_nsis_setup_installs_upgrades_and_uninstalls_keeping_the_accounts() {
    let packages = packages();
    let prefix = Prefix::new("nsis");
    let install_dir = prefix.0.user_dir().join("AppData/Local/Programs/OTP Desk");
    let key = format!(r"HKCU\{UNINSTALL_KEY}\OTP Desk");

    prefix.wine_ok(&packages.setup(true), &["/S"]);
    let installed = prefix.program(install_dir.join("otp-desk.exe"));
    runs(&installed, OLD_VERSION);
    let listed = prefix.reg_value(&key, "DisplayVersion").unwrap_or_default();
    assert!(listed.contains(OLD_VERSION), "{listed}");
    add_kept_accounts(&installed);

    // The newer setup over the older one: the same folder, the new version, every account.
    prefix.wine_ok(&packages.setup(false), &["/S"]);
    runs(&installed, &packages.version);
    let listed = prefix.reg_value(&key, "DisplayVersion").unwrap_or_default();
    assert!(listed.contains(&packages.version), "{listed}");
    accounts_kept(&installed, "the upgrade");
    verify_signature(&install_dir.join("otp-desk.exe"), &packages.cert);
    verify_signature(&install_dir.join("uninstall.exe"), &packages.cert);

    // The uninstaller copies itself to %TEMP% and returns at once; wait for it to finish.
    prefix.wine_ok(&install_dir.join("uninstall.exe"), &["/S"]);
    wait_for("the uninstaller", Duration::from_secs(60), || {
        !install_dir.exists()
    });
    assert!(prefix.reg_value(&key, "DisplayVersion").is_none());
    accounts_kept(&prefix.outside_program(), "uninstalling the setup");
}

/// The ProductCode of an MSI (new for each build), to find its entry in the registry.
fn product_code(msi: &Path) -> String {
    let table = run_ok(
        Command::new("msiinfo")
            .args(["export"])
            .arg(msi)
            .arg("Property"),
        "msiinfo",
    );
    table
        .lines()
        .find_map(|l| l.strip_prefix("ProductCode\t"))
        .unwrap()
        .trim()
        .to_owned()
}

#[test]
#[ignore = "needs the Windows build under Wine: scripts/wine-test.sh runs it"]
fn the_msi_installs_silently_upgrades_in_place_and_uninstalls_keeping_the_accounts() {
    let packages = packages();
    let prefix = Prefix::new("msi");
    let install_dir = prefix.0.prefix.join("drive_c/Program Files/OTP Desk");
    let msiexec = Path::new("msiexec");
    let entry = |msi: &Path| format!(r"HKLM\{UNINSTALL_KEY}\{}", product_code(msi));
    let (old_msi, new_msi) = (packages.msi(true), packages.msi(false));

    prefix.wine_ok(msiexec, &["/i", &win_path(&old_msi), "/qn"]);
    let installed = prefix.program(install_dir.join("otp-desk.exe"));
    runs(&installed, OLD_VERSION);
    assert_eq!(shortcuts(&prefix).len(), 1, "no Start menu shortcut");
    assert!(
        prefix
            .reg_value(&entry(&old_msi), "DisplayVersion")
            .is_some()
    );
    add_kept_accounts(&installed);

    // MajorUpgrade: the newer MSI removes the older product and installs itself.
    prefix.wine_ok(msiexec, &["/i", &win_path(&new_msi), "/qn"]);
    runs(&installed, &packages.version);
    assert!(
        prefix
            .reg_value(&entry(&old_msi), "DisplayVersion")
            .is_none(),
        "the older version is still installed beside the newer one"
    );
    let listed = prefix
        .reg_value(&entry(&new_msi), "DisplayVersion")
        .unwrap_or_default();
    assert!(listed.contains(&packages.version), "{listed}");
    accounts_kept(&installed, "the MSI upgrade");
    verify_signature(&new_msi, &packages.cert);

    prefix.wine_ok(msiexec, &["/x", &win_path(&new_msi), "/qn"]);
    assert!(
        !install_dir.join("otp-desk.exe").exists(),
        "the program stayed"
    );
    assert_eq!(
        shortcuts(&prefix),
        Vec::<String>::new(),
        "the shortcut stayed"
    );
    assert!(
        prefix
            .reg_value(&entry(&new_msi), "DisplayVersion")
            .is_none()
    );
    accounts_kept(&prefix.outside_program(), "uninstalling the MSI");
}

#[test]
#[ignore = "needs the Windows build under Wine: scripts/wine-test.sh runs it"]
fn the_portable_zip_runs_anywhere_on_the_installed_copys_data_and_never_beside_it() {
    let packages = packages();
    let prefix = Prefix::new("portable");
    let folder = prefix.0.prefix.join("drive_c/Tools 工具/OTP Desk portable");
    unzip(&packages.zip(false), &folder);
    let portable = prefix.program(folder.join("otp-desk.exe"));
    verify_signature(&portable.exe, &packages.cert);
    runs(&portable, &packages.version);
    add_kept_accounts(&portable);
    assert!(
        prefix
            .reg_value(&format!(r"HKCU\{UNINSTALL_KEY}\OTP Desk"), "DisplayName")
            .is_none(),
        "the portable copy registered itself"
    );
    assert_eq!(
        shortcuts(&prefix),
        Vec::<String>::new(),
        "the portable copy made a shortcut"
    );

    // An installed copy finds the portable copy's accounts: the same data.
    prefix.wine_ok(&packages.setup(false), &["/S"]);
    let install_dir = prefix.0.user_dir().join("AppData/Local/Programs/OTP Desk");
    let installed = prefix.program(install_dir.join("otp-desk.exe"));
    accounts_kept(&installed, "installing beside the portable copy");

    // The portable copy's window shows the accounts (two row cards, one 6-digit code: the HOTP
    // row shows none before "Next code"), and it holds the data folder's one-window lock: the
    // installed copy's window brings it to the front and exits instead of opening a second one
    // on the same data.
    let config = prefix.0.user_dir().join("AppData/Roaming/otp-desk/config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("settings.json"),
        r#"{ "language": "english", "theme": "light", "backup_reminder": false,
             "window": { "x": 40.0, "y": 40.0, "width": 480.0, "height": 420.0 } }"#,
    )
    .unwrap();
    let (_xvfb, display) = support::start_xvfb(1024, 768);
    prefix.0.restart_with_display();
    let log = prefix.0.prefix.join("portable-window.log");
    let window = portable
        .command(None, &[])
        .env("DISPLAY", &display)
        .env("OTP_DESK_BENCH", "1")
        .env("OTP_DESK_LOG", "info")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let mut window = Running(window);
    wait_for("the portable window", Duration::from_secs(90), || {
        std::fs::read_to_string(&log)
            .unwrap_or_default()
            .contains("secrets-loaded")
    });
    std::thread::sleep(Duration::from_millis(2500));
    let shots =
        std::env::var_os("OTP_DESK_WINE_SHOTS").map_or_else(std::env::temp_dir, PathBuf::from);
    std::fs::create_dir_all(&shots).unwrap();
    let shot = shots.join("portable-window.png");
    run_ok(
        Command::new("/usr/bin/import")
            .args(["-display", &display, "-window", "root"])
            .arg(&shot),
        "import",
    );
    let list = ListShot::read(&shot);
    assert!(
        list.cards.len() == 2 && list.codes() == [6],
        "the portable window does not show the two accounts ({} cards, codes {:?}; see {})",
        list.cards.len(),
        list.codes(),
        shot.display()
    );
    let started = Instant::now();
    let mut second = installed.command(None, &[]);
    second.env("DISPLAY", &display);
    let second = output(second, None);
    assert!(
        second.status.success(),
        "the installed copy's window failed: {}",
        stderr(&second)
    );
    assert!(
        stderr(&second).contains("already open"),
        "the installed copy did not defer to the open window: {}",
        stderr(&second)
    );
    assert!(started.elapsed() < Duration::from_secs(60));
    assert!(
        window.0.try_wait().unwrap().is_none(),
        "the portable window closed"
    );
}

/// The manifests' URLs name the owner and the version's tag, and their hashes are the files'.
#[test]
#[ignore = "needs the Windows build under Wine: scripts/wine-test.sh runs it"]
fn the_manifests_name_each_files_url_and_sha256_and_everything_is_signed() {
    let packages = packages();
    let version = &packages.version;
    let sha256 = |path: &Path| {
        let out = run_ok(Command::new("sha256sum").arg(path), "sha256sum");
        out.split_whitespace().next().unwrap().to_owned()
    };
    let url = |path: &Path| {
        format!(
            "https://github.com/{OWNER}/otp-desk/releases/download/v{version}/{}",
            path.file_name().unwrap().to_string_lossy()
        )
    };
    let files = [
        packages.setup(false),
        packages.msi(false),
        packages.zip(false),
    ];
    let winget = packages.new.join("winget");
    let installer = std::fs::read_to_string(winget.join("OTPDesk.OTPDesk.installer.yaml")).unwrap();
    let lines: Vec<&str> = installer.lines().map(str::trim).collect();
    for file in &files {
        let at = lines
            .iter()
            .position(|l| *l == format!("InstallerUrl: {}", url(file)))
            .unwrap_or_else(|| panic!("no InstallerUrl for {}:\n{installer}", file.display()));
        assert_eq!(
            lines[at + 1],
            format!("InstallerSha256: {}", sha256(file).to_uppercase()),
            "{}",
            file.display()
        );
    }
    for kind in ["nsis", "msi", "zip"] {
        assert!(lines.contains(&format!("InstallerType: {kind}").as_str()));
    }
    assert!(lines.contains(&"NestedInstallerType: portable"));
    for name in [
        "OTPDesk.OTPDesk.yaml",
        "OTPDesk.OTPDesk.installer.yaml",
        "OTPDesk.OTPDesk.locale.en-US.yaml",
        "OTPDesk.OTPDesk.locale.zh-CN.yaml",
    ] {
        let text = std::fs::read_to_string(winget.join(name)).unwrap();
        assert!(text.contains("ManifestVersion: 1.9.0"), "{name}");
        assert!(
            text.contains(&format!("PackageVersion: {version}")),
            "{name}"
        );
    }
    let zh = std::fs::read_to_string(winget.join("OTPDesk.OTPDesk.locale.zh-CN.yaml")).unwrap();
    assert!(zh.contains("PackageLocale: zh-CN") && zh.contains("验证器"));

    let scoop: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(packages.new.join("scoop/otp-desk.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(scoop["version"], version.as_str());
    let zip = &files[2];
    assert_eq!(scoop["architecture"]["64bit"]["url"], url(zip).as_str());
    assert_eq!(scoop["architecture"]["64bit"]["hash"], sha256(zip).as_str());

    // Signed: the setup and the MSI here; the program and the uninstaller where they land.
    verify_signature(&packages.setup(false), &packages.cert);
    verify_signature(&packages.msi(false), &packages.cert);
    let unsigned = Command::new("osslsigncode")
        .args(["verify", "-in"])
        .arg(packages.setup(true))
        .output()
        .unwrap();
    assert!(!unsigned.status.success(), "the unsigned setup verifies");
}

/// The program carries its icon, its version information and its application manifest: the
/// resource types RT_ICON (3), RT_GROUP_ICON (14), RT_VERSION (16) and RT_MANIFEST (24) at the
/// top of its resource directory, as `objdump -p` lists them, with the texts inside.
#[test]
#[ignore = "needs the Windows build under Wine: scripts/wine-test.sh runs it"]
fn the_program_carries_icon_version_information_and_manifest() {
    let exe = Wine::from_env().exe;
    let headers = run_ok(
        Command::new("x86_64-w64-mingw32-objdump")
            .arg("-p")
            .arg(&exe),
        "objdump",
    );
    let types: Vec<&str> = headers
        .split("The .rsrc Resource Directory section:")
        .nth(1)
        .unwrap_or_else(|| panic!("no resources in {}", exe.display()))
        .lines()
        .filter_map(|l| {
            l.split_once("   Entry: ID: ")
                .filter(|(at, _)| at.len() == 3)
        })
        .filter_map(|(_, rest)| rest.split(',').next())
        .collect();
    for (kind, id) in [("icon", "0x000003"), ("icon group", "0x00000e")] {
        assert!(types.contains(&id), "no {kind} resource: {types:?}");
    }
    for (kind, id) in [("version", "0x000010"), ("manifest", "0x000018")] {
        assert!(types.contains(&id), "no {kind} resource: {types:?}");
    }
    let bytes = std::fs::read(&exe).unwrap();
    let utf16 =
        |text: &str| -> Vec<u8> { text.encode_utf16().flat_map(u16::to_le_bytes).collect() };
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    for field in [
        "FileDescription",
        "ProductVersion",
        "OTP Desk",
        "otp-desk.exe",
    ] {
        assert!(has(&utf16(field)), "no {field} in the version information");
    }
    for text in [
        "PerMonitorV2",
        "asInvoker",
        "Microsoft.Windows.Common-Controls",
    ] {
        assert!(has(text.as_bytes()), "no {text} in the manifest");
    }
}
