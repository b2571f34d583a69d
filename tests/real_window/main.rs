//! The real release-style window, for real: the `otp-desk` binary under Xvfb, each test with its
//! own display, private D-Bus session and gnome-keyring, stopped by PID. They share one test
//! binary so that their waits overlap (the idle lock alone waits a minute) instead of adding up.
//! - `accounts`: the account list (one name in Chinese) is drawn and stays put all day;
//! - `desk_idle`: a person signs in with the keyboard and the idle lock fires off screen;
//! - `dpi`: the window, the quick pick and a dialog at 100, 125, 150 and 200 %;
//! - `team`: a change on another computer reaches the open window through the team folder.
#![cfg(target_os = "linux")] // the Windows window: tests/wine_window.rs

#[path = "../support/mod.rs"]
mod support;

mod accounts;
mod desk_idle;
mod dpi;
mod team;
