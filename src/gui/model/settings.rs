//! Saved settings (language, theme, clipboard delay, window): `settings.json`, apart from the
//! vault. Every field has a default (`serde(default)`), so an older or partial file still loads;
//! a damaged one is replaced by defaults and logged, never fatal.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use crate::gui::command::{LanguageChoice, ThemeChoice};
use crate::store::{AccountId, json_file};
use crate::timesync;
use crate::vault::DATA_DIR_ENV;

pub const FILE_NAME: &str = "settings.json";

/// The clipboard delays offered in Settings (seconds; 0 = never clear).
pub const CLEAR_CHOICES_SECS: [u32; 6] = [10, 20, 30, 60, 120, 0];

/// The window's outer position and inner size, in points.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WindowGeometry {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub language: LanguageChoice,
    pub theme: ThemeChoice,
    /// 0 keeps the code in the clipboard.
    pub clipboard_clear_secs: u32,
    pub always_on_top: bool,
    pub window: Option<WindowGeometry>,
    /// Groups the user folded away.
    pub collapsed_groups: Vec<String>,
    pub lock: crate::applock::LockSettings,
    pub clock_sync: ClockSyncSettings,
    /// Keep a log of which account's code was copied, and when (never the code).
    pub copy_log: bool,
    /// Closing the window hides it in the tray instead of quitting (only with a tray shown).
    pub close_to_tray: bool,
    /// Registered as a login item (see `crate::platform::autostart`).
    pub start_with_computer: bool,
    /// Show a banner when the last backup is 30 days old or accounts were added since.
    pub backup_reminder: bool,
    /// When the last encrypted backup or export was written.
    pub last_backup_unix_secs: Option<u64>,
    /// The system-wide shortcut that opens the quick pick, like `Ctrl+Alt+O`; `None`: off.
    pub quick_pick_shortcut: Option<String>,
    /// Per-account system-wide shortcuts that type that account's code at once (account id →
    /// a shortcut like `Ctrl+Alt+1`).
    pub account_hotkeys: BTreeMap<AccountId, String>,
    /// The compact mode: a narrow list of codes kept on top of other windows.
    pub compact: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            language: LanguageChoice::System,
            theme: ThemeChoice::System,
            clipboard_clear_secs: 30,
            always_on_top: false,
            window: None,
            collapsed_groups: Vec::new(),
            lock: crate::applock::LockSettings::default(),
            clock_sync: ClockSyncSettings::default(),
            copy_log: false,
            close_to_tray: false,
            start_with_computer: false,
            backup_reminder: true,
            last_backup_unix_secs: None,
            quick_pick_shortcut: Some(crate::platform::hotkey::DEFAULT_SHORTCUT.to_owned()),
            account_hotkeys: BTreeMap::new(),
            compact: false,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("No folder for the settings was found.")]
    NoDir,
    #[error("Writing {path} failed: {source}.")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// `$OTP_DESK_DATA_DIR/settings.json` when set (tests), else the platform's config folder.
pub fn default_path() -> Result<PathBuf, SettingsError> {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir).join(FILE_NAME));
    }
    directories::ProjectDirs::from("", "", "otp-desk")
        .map(|d| d.config_dir().join(FILE_NAME))
        .ok_or(SettingsError::NoDir)
}

/// The saved settings, or the defaults when the file is missing or damaged (logged).
pub fn load(path: &Path) -> Settings {
    json_file::read_or_default(path)
}

/// Writes atomically and privately (temp file, then rename); tests and the exit path call this,
/// the window saves through the vault worker with [`Settings::to_bytes`].
pub fn save(path: &Path, settings: &Settings) -> Result<(), SettingsError> {
    json_file::write(path, &settings.to_bytes()).map_err(|source| SettingsError::Write {
        path: path.to_owned(),
        source,
    })
}

impl Settings {
    /// The file's contents.
    pub fn to_bytes(&self) -> Vec<u8> {
        json_file::to_bytes(self)
    }
}

/// The last good clock correction and when it was measured (system time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedOffset {
    pub correction_secs: i64,
    pub checked_unix_secs: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClockSyncSettings {
    pub enabled: bool,
    /// `host:port` of each SNTP server.
    pub servers: Vec<String>,
    pub last: Option<SavedOffset>,
}

impl Default for ClockSyncSettings {
    fn default() -> Self {
        Self {
            enabled: true,
            servers: timesync::DEFAULT_SERVERS.map(String::from).to_vec(),
            last: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn partial_and_damaged_files_fall_back_to_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        assert_eq!(load(&path), Settings::default());
        fs::write(&path, r#"{"theme":"dark","future-field":1}"#).unwrap();
        let loaded = load(&path);
        assert_eq!(loaded.theme, ThemeChoice::Dark);
        assert_eq!(loaded.clipboard_clear_secs, 30);
        fs::write(&path, "{not json").unwrap();
        assert_eq!(load(&path), Settings::default());
    }

    #[test]
    fn save_then_load_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join(FILE_NAME);
        let settings = Settings {
            language: LanguageChoice::SimplifiedChinese,
            window: Some(WindowGeometry {
                x: 10.0,
                y: 20.0,
                width: 400.0,
                height: 600.0,
            }),
            ..Settings::default()
        };
        save(&path, &settings).unwrap();
        assert_eq!(load(&path), settings);
    }

    #[test]
    fn tray_options_are_off_by_default_and_round_trip() {
        let defaults = Settings::default();
        assert!(!defaults.close_to_tray && !defaults.start_with_computer);
        // A file from before these options loads with both off.
        let old: Settings = serde_json::from_str(r#"{"theme":"dark"}"#).unwrap();
        assert!(!old.close_to_tray && !old.start_with_computer);

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let settings = Settings {
            close_to_tray: true,
            start_with_computer: true,
            ..Settings::default()
        };
        save(&path, &settings).unwrap();
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains("\"close_to_tray\": true"), "{text}");
        assert!(text.contains("\"start_with_computer\": true"), "{text}");
        assert_eq!(load(&path), settings);
    }
}
