//! The optional copy log for shared desks: which account's code was copied and when — never
//! the code. JSON lines in the data folder, rotated at [`MAX_FILE_BYTES`] into one older file,
//! written and read on a background thread (inline in tests).

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Sender};

use eframe::egui::{self, RichText};
use serde::{Deserialize, Serialize};

use super::action::Action;
use super::app::App;
use super::i18n::Tr;
use crate::store::metadata::Account;

pub const FILE_NAME: &str = "copy-log.jsonl";
pub const OLDER_FILE_NAME: &str = "copy-log.1.jsonl";
pub const MAX_FILE_BYTES: u64 = 256 * 1024;
/// The most lines the dialog shows (newest first).
pub const SHOWN_LINES: usize = 1000;

/// One copy: when, which account (its label and id). No code, no secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CopyLine {
    pub unix_secs: u64,
    pub account: String,
    pub id: String,
}

type Reply = Box<dyn FnOnce(Vec<CopyLine>) + Send>;

enum Job {
    Append(CopyLine),
    Read(Reply),
}

/// Where the log goes, and the thread that writes it.
pub struct CopyLog {
    dir: Option<PathBuf>,
    thread: Option<Sender<Job>>,
}

impl CopyLog {
    pub fn new(dir: Option<PathBuf>, background: bool) -> Self {
        let thread = match (&dir, background) {
            (Some(dir), true) => {
                let (tx, rx) = mpsc::channel::<Job>();
                let dir = dir.clone();
                std::thread::spawn(move || {
                    while let Ok(job) = rx.recv() {
                        run(&dir, job);
                    }
                });
                Some(tx)
            }
            _ => None,
        };
        Self { dir, thread }
    }

    fn send(&self, job: Job) {
        match (&self.thread, &self.dir) {
            (Some(tx), _) => _ = tx.send(job),
            (None, Some(dir)) => run(dir, job),
            (None, None) => {}
        }
    }

    pub fn append(&self, line: CopyLine) {
        self.send(Job::Append(line));
    }

    /// Reads the newest [`SHOWN_LINES`] and hands them to `reply` (on the log's thread).
    pub fn read(&self, reply: impl FnOnce(Vec<CopyLine>) + Send + 'static) {
        self.send(Job::Read(Box::new(reply)));
    }
}

fn run(dir: &Path, job: Job) {
    match job {
        Job::Append(line) => {
            if let Err(e) = append(dir, &line) {
                tracing::warn!(error = %e, "writing the copy log failed");
            }
        }
        Job::Read(reply) => reply(read(dir)),
    }
}

/// Appends one line, first moving a full file aside (the previous older file is dropped).
pub fn append(dir: &Path, line: &CopyLine) -> std::io::Result<()> {
    let path = dir.join(FILE_NAME);
    if fs::metadata(&path).is_ok_and(|m| m.len() >= MAX_FILE_BYTES) {
        fs::rename(&path, dir.join(OLDER_FILE_NAME))?;
    }
    let mut text = serde_json::to_string(line).map_err(std::io::Error::other)?;
    text.push('\n');
    OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)?
        .write_all(text.as_bytes())
}

/// The newest lines first; unreadable lines are skipped.
pub fn read(dir: &Path) -> Vec<CopyLine> {
    let mut lines: Vec<CopyLine> = [OLDER_FILE_NAME, FILE_NAME]
        .iter()
        .filter_map(|name| fs::read_to_string(dir.join(name)).ok())
        .flat_map(|text| {
            text.lines()
                .filter_map(|l| serde_json::from_str(l).ok())
                .collect::<Vec<_>>()
        })
        .collect();
    lines.reverse();
    lines.truncate(SHOWN_LINES);
    lines
}

impl App {
    /// Notes a copy when the log is on (called after the code went to the clipboard).
    pub(super) fn log_copy(&self, account: &Account) {
        if self.settings.copy_log {
            self.safety.copy_log.append(CopyLine {
                unix_secs: self.safety.base_clock.unix_secs(),
                account: account.label(),
                id: account.id.to_string(),
            });
        }
    }
}

/// The copy log dialog.
pub fn copy_log_ui(ui: &mut egui::Ui, lines: &[CopyLine], tr: &Tr) -> Option<Action> {
    let mut action = None;
    ui.set_width(380.0);
    ui.heading(tr.get("copy-log-title"));
    ui.add_space(6.0);
    if lines.is_empty() {
        ui.label(RichText::new(tr.get("copy-log-empty")).weak());
    }
    egui::ScrollArea::vertical()
        .max_height(360.0)
        .show_rows(ui, 18.0, lines.len(), |ui, rows| {
            for line in &lines[rows] {
                ui.horizontal(|ui| {
                    ui.label(RichText::new(utc_time(line.unix_secs)).monospace().weak());
                    ui.label(&line.account);
                });
            }
        });
    ui.add_space(6.0);
    if ui.button(tr.get("close")).clicked() {
        action = Some(Action::CloseDialog);
    }
    action
}

/// `2026-11-23 14:03:12 UTC`, from days since 1970 (the proleptic Gregorian calendar).
pub fn utc_time(unix_secs: u64) -> String {
    let days = i64::try_from(unix_secs / 86_400).unwrap_or(0);
    let secs = unix_secs % 86_400;
    // Shift the epoch to 0000-03-01 so leap days fall at the end of each 400-year era.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_times_match_known_dates() {
        assert_eq!(utc_time(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(utc_time(951_782_400), "2000-02-29 00:00:00 UTC");
        assert_eq!(utc_time(1_700_000_010), "2023-11-14 22:13:30 UTC");
    }

    #[test]
    fn the_log_rotates_into_one_older_file() {
        let dir = tempfile::tempdir().unwrap();
        let line = |i: u64| CopyLine {
            unix_secs: i,
            account: format!("Shop {i} (someone@example.com)"),
            id: "0123456789abcdef0123456789abcdef".into(),
        };
        // About 100 bytes a line: 7000 lines rotate at least twice.
        for i in 0..7000 {
            append(dir.path(), &line(i)).unwrap();
        }
        let files: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(files.len(), 2);
        for name in [FILE_NAME, OLDER_FILE_NAME] {
            let len = fs::metadata(dir.path().join(name)).unwrap().len();
            assert!(len <= MAX_FILE_BYTES + 200, "{name}: {len}");
        }
        let shown = read(dir.path());
        assert_eq!(shown.len(), SHOWN_LINES);
        assert_eq!(shown[0], line(6999), "newest first");
    }
}
