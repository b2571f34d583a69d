//! Stamps the version and git commit into the binary (`otp-desk --version`) and, for Windows
//! targets built on Windows, embeds the icon and the version information that Explorer,
//! the taskbar and the installer show. Nothing here is platform-specific on other targets.

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

/// `winresource` is a build-dependency on Windows hosts only (Cargo.toml), so a Linux build
/// never compiles it. Cross-compiling to Windows from another host skips the resources with
/// a warning: build release installers on Windows (README, "Install").
#[cfg(windows)]
mod resources {
    pub fn embed_resources(commit: &str) {
        const ICON: &str = "assets/icons/otp-desk.ico";
        println!("cargo:rerun-if-changed={ICON}");
        let mut resource = winresource::WindowsResource::new();
        resource
            .set_icon(ICON)
            .set("ProductName", "OTP Desk")
            .set("FileDescription", "OTP Desk")
            .set("InternalName", "otp-desk")
            .set("OriginalFilename", "otp-desk.exe")
            .set("LegalCopyright", "MIT OR Apache-2.0")
            .set("Comments", &format!("commit {commit}"));
        // A missing resource compiler must not stop the build: the program works without
        // its icon, and the warning says what to install.
        if let Err(error) = resource.compile() {
            println!(
                "cargo:warning=otp-desk.exe gets no icon or version information: {error} \
                 (install the Windows SDK for MSVC, or windres from MinGW for GNU targets)"
            );
        }
    }
}

#[cfg(not(windows))]
mod resources {
    pub fn embed_resources(_commit: &str) {
        println!(
            "cargo:warning=cross-compiled otp-desk.exe gets no icon or version information: \
             build Windows releases on Windows"
        );
    }
}
