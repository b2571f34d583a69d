//! Stamps the version and git commit into the binary (`otp-desk --version`) and, for Windows
//! targets, embeds the icon, the version information and the application manifest that
//! Explorer, the taskbar, "Apps & features" and SmartScreen show. On a Linux host the resources
//! are compiled by MinGW's `x86_64-w64-mingw32-windres` (scripts/cross-env.sh names it in
//! `WINDRES`); nothing here is platform-specific on other targets.

use std::process::Command;

fn main() {
    let commit = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown".to_owned());
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    println!("cargo:rustc-env=OTP_DESK_VERSION={version} ({commit})");
    println!("cargo:rustc-env=OTP_DESK_COMMIT={commit}");
    println!("cargo:rerun-if-changed=.git/HEAD");
    println!("cargo:rerun-if-changed=.git/refs/heads");

    // The build script runs on the host, so `cfg` here describes the host; the target is
    // only known from Cargo's environment.
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("windows") {
        resources::embed_resources(&commit);
    }
}

/// The resources of otp-desk.exe, compiled with `winresource` (a build-dependency on every
/// host, so a Linux machine can make a complete Windows program).
mod resources {
    use std::path::Path;

    pub fn embed_resources(commit: &str) {
        let root = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
        // Absolute paths: the resource compiler runs in another folder.
        let icon = Path::new(&root).join("assets/icons/otp-desk.ico");
        let manifest = Path::new(&root).join("packaging/windows/otp-desk.exe.manifest");
        for path in [&icon, &manifest] {
            println!("cargo:rerun-if-changed={}", path.display());
        }
        println!("cargo:rerun-if-env-changed=WINDRES");
        let mut resource = winresource::WindowsResource::new();
        resource
            .set_icon(&icon.to_string_lossy())
            .set_manifest_file(&manifest.to_string_lossy())
            .set("ProductName", "OTP Desk")
            .set("FileDescription", "OTP Desk")
            .set("CompanyName", "OTP Desk contributors")
            .set("InternalName", "otp-desk")
            .set("OriginalFilename", "otp-desk.exe")
            .set("LegalCopyright", "MIT OR Apache-2.0")
            .set("Comments", &format!("commit {commit}"));
        // The program's resources only: the test programs need neither icon nor manifest.
        // A missing resource compiler must not stop the build: the program works without its
        // icon, and the warning says what to install.
        if let Err(error) = resource.compile_for("otp-desk") {
            println!(
                "cargo:warning=otp-desk.exe gets no icon or version information: {error} \
                 (install the Windows SDK for MSVC, or MinGW's windres for GNU targets: \
                 gcc-mingw-w64-x86-64 on Debian)"
            );
        }
    }
}
