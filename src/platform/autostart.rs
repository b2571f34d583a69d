//! "Start with the computer" (off by default): registers or removes the running binary with
//! the platform's per-user login items, with no admin rights and no extra crates. Owns only
//! that registration; it must not depend on the window, the vault or the keychain.
//!
//! - Linux and BSD: an XDG autostart entry, `$XDG_CONFIG_HOME/autostart/<app id>.desktop`
//!   (<https://specifications.freedesktop.org/autostart-spec/latest/>). Inside Flatpak the
//!   sandbox cannot write there: ask the Background portal instead (`RequestBackground`).
//! - macOS: a LaunchAgent, `~/Library/LaunchAgents/<app id>.plist`, loaded at the next login.
//! - Windows: a value in `HKCU\Software\Microsoft\Windows\CurrentVersion\Run`, written with
//!   `reg.exe` (present on every Windows) so no registry crate is needed.
//!
//! Not wired in yet: add `pub mod autostart;` to lib.rs and call [`set_enabled`] when the
//! setting changes (off the UI thread: it touches files or runs `reg.exe`).

use std::path::{Path, PathBuf};

pub const APP_ID: &str = "io.github.otpdesk.OtpDesk";

#[derive(Debug, thiserror::Error)]
pub enum AutostartError {
    #[error("no home folder is known, so starting with the computer cannot be set up")]
    NoHome,
    #[error("could not write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("could not remove {path}: {source}")]
    Remove {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the Windows registry refused the change: {0}")]
    Registry(String),
}

/// Registers `exe` to start at login (`true`) or removes the registration (`false`).
/// Removing what is not there is not an error.
pub fn set_enabled(enabled: bool, exe: &Path) -> Result<(), AutostartError> {
    if cfg!(windows) {
        return windows_run_key(enabled, exe);
    }
    let path = entry_path()?;
    if enabled {
        write_file(&path, &entry_text(exe))
    } else {
        remove_file(&path)
    }
}

/// Whether a registration exists (it may point to an older copy of the binary).
pub fn is_enabled() -> bool {
    if cfg!(windows) {
        return std::process::Command::new("reg")
            .args(["query", RUN_KEY, "/v", VALUE_NAME])
            .output()
            .is_ok_and(|o| o.status.success());
    }
    entry_path().is_ok_and(|p| p.is_file())
}

/// Where the login item lives on this platform (Linux/BSD and macOS).
pub fn entry_path() -> Result<PathBuf, AutostartError> {
    let dirs = directories::BaseDirs::new().ok_or(AutostartError::NoHome)?;
    Ok(if cfg!(target_os = "macos") {
        dirs.home_dir()
            .join("Library/LaunchAgents")
            .join(format!("{APP_ID}.plist"))
    } else {
        dirs.config_dir()
            .join("autostart")
            .join(format!("{APP_ID}.desktop"))
    })
}

fn entry_text(exe: &Path) -> String {
    if cfg!(target_os = "macos") {
        launch_agent(exe)
    } else {
        desktop_entry(exe)
    }
}

/// An XDG autostart entry. The path is quoted as the Desktop Entry spec asks for `Exec`.
fn desktop_entry(exe: &Path) -> String {
    let quoted = exe
        .to_string_lossy()
        .replace('\\', "\\\\\\\\")
        .replace('"', "\\\\\"")
        .replace('`', "\\\\`")
        .replace('$', "\\\\$")
        .replace('%', "%%");
    format!(
        "[Desktop Entry]\nType=Application\nName=OTP Desk\nExec=\"{quoted}\"\nIcon={APP_ID}\n\
         Terminal=false\nX-GNOME-Autostart-enabled=true\n"
    )
}

fn launch_agent(exe: &Path) -> String {
    let program = xml_escape(&exe.to_string_lossy());
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n\
         <plist version=\"1.0\">\n<dict>\n\
         \t<key>Label</key>\n\t<string>{APP_ID}</string>\n\
         \t<key>ProgramArguments</key>\n\t<array>\n\t\t<string>{program}</string>\n\t</array>\n\
         \t<key>RunAtLoad</key>\n\t<true/>\n\
         </dict>\n</plist>\n"
    )
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const RUN_KEY: &str = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Run";
const VALUE_NAME: &str = "OTP Desk";

fn windows_run_key(enabled: bool, exe: &Path) -> Result<(), AutostartError> {
    let mut reg = std::process::Command::new("reg");
    if enabled {
        // Quoted, because "Program Files" has a space in it.
        let data = format!("\"{}\"", exe.display());
        reg.args([
            "add", RUN_KEY, "/v", VALUE_NAME, "/t", "REG_SZ", "/d", &data, "/f",
        ]);
    } else {
        if !is_enabled() {
            return Ok(());
        }
        reg.args(["delete", RUN_KEY, "/v", VALUE_NAME, "/f"]);
    }
    let output = reg
        .output()
        .map_err(|e| AutostartError::Registry(e.to_string()))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(AutostartError::Registry(
            String::from_utf8_lossy(&output.stderr).trim().to_owned(),
        ))
    }
}

fn write_file(path: &Path, text: &str) -> Result<(), AutostartError> {
    let write = || -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, text)
    };
    write().map_err(|source| AutostartError::Write {
        path: path.to_owned(),
        source,
    })
}

fn remove_file(path: &Path) -> Result<(), AutostartError> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(AutostartError::Remove {
            path: path.to_owned(),
            source: e,
        }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_desktop_entry_quotes_paths_with_spaces_and_specials() {
        let entry = desktop_entry(Path::new("/opt/OTP Desk/otp-desk"));
        assert!(
            entry.contains("\nExec=\"/opt/OTP Desk/otp-desk\"\n"),
            "{entry}"
        );
        assert!(entry.contains("\nX-GNOME-Autostart-enabled=true\n"));
        let odd = desktop_entry(Path::new("/home/a$b/100%/otp-desk"));
        assert!(
            odd.contains("Exec=\"/home/a\\\\$b/100%%/otp-desk\""),
            "{odd}"
        );
    }

    #[test]
    fn the_launch_agent_escapes_the_path() {
        let plist = launch_agent(Path::new("/Applications/A&B.app/Contents/MacOS/otp-desk"));
        assert!(
            plist.contains("<string>/Applications/A&amp;B.app/Contents/MacOS/otp-desk</string>")
        );
        assert!(plist.contains("<key>RunAtLoad</key>\n\t<true/>"));
    }

    #[test]
    fn writing_and_removing_an_entry_is_idempotent() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir
            .path()
            .join("autostart")
            .join(format!("{APP_ID}.desktop"));
        write_file(&path, "x").unwrap();
        assert!(path.is_file());
        remove_file(&path).unwrap();
        remove_file(&path).unwrap();
        assert!(!path.exists());
    }
}
