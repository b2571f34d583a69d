//! Saved settings (language, theme, clipboard delay, window): `settings.json`, apart from the
//! vault. Every field has a default (`serde(default)`), so an older or partial file still loads;
//! a damaged one is replaced by defaults and logged, never fatal.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::i18n::LanguageChoice;
use crate::vault::DATA_DIR_ENV;

pub const FILE_NAME: &str = "settings.json";

/// The clipboard delays offered in Settings (seconds; 0 = never clear).
pub const CLEAR_CHOICES_SECS: [u32; 6] = [10, 20, 30, 60, 120, 0];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ThemeChoice {
    #[default]
    System,
    Light,
    Dark,
}

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
    pub clock_sync: super::clock_sync::ClockSyncSettings,
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
            clock_sync: super::clock_sync::ClockSyncSettings::default(),
            copy_log: false,
            close_to_tray: false,
            start_with_computer: false,
            backup_reminder: true,
            last_backup_unix_secs: None,
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

pub fn load(path: &Path) -> Settings {
    match fs::read_to_string(path) {
        Ok(text) => serde_json::from_str(&text).unwrap_or_else(|e| {
            tracing::warn!(path = %path.display(), error = %e, "settings file unreadable; using defaults");
            Settings::default()
        }),
        Err(_) => Settings::default(),
    }
}

/// Writes atomically (temp file, then rename).
pub fn save(path: &Path, settings: &Settings) -> Result<(), SettingsError> {
    let fail = |source| SettingsError::Write {
        path: path.to_owned(),
        source,
    };
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(fail)?;
    }
    let mut bytes = serde_json::to_vec_pretty(settings).unwrap_or_default();
    bytes.push(b'\n');
    let tmp = path.with_extension("json.tmp");
    fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(&bytes).and_then(|()| f.sync_all()))
        .map_err(fail)?;
    fs::rename(&tmp, path).map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

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
