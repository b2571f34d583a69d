//! The Windows build opens no console window of its own, yet its command line prints: the .exe
//! is a GUI-subsystem program (read from its PE header) and a command started from a console
//! attaches to it (src/platform/console_windows.rs). The piped runs of `tests/wine_cli.rs` show
//! that redirected output is kept. `scripts/wine-test.sh` runs these (`--ignored
//! --test-threads=1`); a plain `cargo test` lists them as ignored.
#![cfg(target_os = "linux")]

mod support;

use std::path::Path;
use std::process::{Command, Stdio};

use support::wine::{Wine, win_path};
use support::{stderr, stdout};

/// `IMAGE_SUBSYSTEM_WINDOWS_GUI`: Windows starts the program without a console.
const SUBSYSTEM_WINDOWS_GUI: u16 = 2;

/// The Subsystem field of a PE image's optional header (PE/COFF specification: the header's
/// offset is at 0x3C; the field is 68 bytes into the optional header, in PE32 and PE32+ alike).
fn pe_subsystem(image: &[u8]) -> u16 {
    let u16_at = |at: usize| u16::from_le_bytes([image[at], image[at + 1]]);
    assert_eq!(&image[..2], b"MZ", "not an .exe");
    let pe = u32::from_le_bytes(image[0x3C..0x40].try_into().unwrap()) as usize;
    assert_eq!(&image[pe..pe + 4], b"PE\0\0", "no PE signature");
    let optional = pe + 4 + 20;
    let magic = u16_at(optional);
    assert!(
        magic == 0x10B || magic == 0x20B,
        "optional header magic {magic:#x}"
    );
    u16_at(optional + 68)
}

#[test]
#[ignore = "needs the Windows build under Wine: scripts/wine-test.sh runs it"]
fn the_windows_program_is_a_gui_program_without_a_console_window() {
    let wine = Wine::from_env();
    let image = std::fs::read(&wine.exe).unwrap();
    assert_eq!(
        pe_subsystem(&image),
        SUBSYSTEM_WINDOWS_GUI,
        "{} would open a console window beside the app",
        wine.exe.display()
    );
}

/// `otp-desk --version` started from a console with no standard handles, as Windows starts a
/// GUI program typed in cmd.exe: only by attaching to its parent's console can it print there.
/// The console is Wine's, on a pseudo-terminal made by `script`; the launcher
/// (tests/support/wine-launch-without-stdio.c) passes no handles, because Wine, unlike Windows,
/// would hand its own on and the text would appear without AttachConsole.
#[test]
#[ignore = "needs the Windows build under Wine: scripts/wine-test.sh runs it"]
fn a_command_typed_in_a_console_prints_there() {
    let wine = Wine::from_env();
    let launcher = std::env::var_os("OTP_DESK_WINE_LAUNCHER")
        .expect("OTP_DESK_WINE_LAUNCHER is not set: run scripts/wine-test.sh");
    let out = Command::new("script")
        .args(["--quiet", "--return", "--command"])
        .arg(format!(
            "wine '{}' '{}' --version",
            Path::new(&launcher).display(),
            win_path(&wine.exe)
        ))
        .arg("/dev/null")
        .env("WINEPREFIX", &wine.prefix)
        .env("WINEDEBUG", "-all")
        .env_remove("DISPLAY")
        .stdin(Stdio::null())
        .output()
        .expect("script (util-linux) runs");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("otp-desk 0.1.0 ("),
        "nothing printed in the console: {:?} {}",
        stdout(&out),
        stderr(&out)
    );
}
