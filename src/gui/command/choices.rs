//! The values a user picks in Settings: language and theme. Plain data, saved as kebab-case
//! names; what they mean (a locale, egui's theme) is decided where they are applied.
//! Must not depend on any other window module.

use serde::{Deserialize, Serialize};

/// The language setting: a fixed language or the system's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LanguageChoice {
    #[default]
    System,
    English,
    SimplifiedChinese,
}

impl LanguageChoice {
    pub const ALL: [LanguageChoice; 3] = [Self::System, Self::English, Self::SimplifiedChinese];
}

/// The colour theme: the system's, or fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ThemeChoice {
    #[default]
    System,
    Light,
    Dark,
}
