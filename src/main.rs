//! `otp-desk`: parse arguments, set up logging, then open the window or run a subcommand.
#![windows_subsystem = "windows"]

use std::process::ExitCode;

use clap::Parser;
use otp_desk::cli::{self, Cli};

fn main() -> ExitCode {
    #[cfg(windows)]
    otp_desk::platform::console_windows::attach_for_command_line();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("OTP_DESK_LOG")
                .unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let args = Cli::parse();
    match args.command {
        Some(command) => cli::run(command, args.acting.as_deref()),
        None => open_window(),
    }
}

#[cfg(feature = "gui")]
fn open_window() -> ExitCode {
    match otp_desk::gui::run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(cli::EXIT_FAILED)
        }
    }
}

#[cfg(not(feature = "gui"))]
fn open_window() -> ExitCode {
    eprintln!(
        "This build of OTP Desk has no window (built without the `gui` feature); see `otp-desk --help`."
    );
    ExitCode::from(cli::EXIT_USAGE)
}
