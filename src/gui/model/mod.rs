//! The window's state, and nothing else: no drawing, no threads, no files. Three kinds are kept
//! apart — the saved [`settings`], the transient [`view`] (search, selection, dialogs and their
//! drafts) and the [`mirror`] of the vault — plus the list's [`sections`] derived from them.
//! Features read and change a [`Model`]; `app.rs` owns it. Depends on the command types and
//! support (translations) only, never on features, the runtime or `app.rs`.

pub mod add_draft;
pub mod audit_view;
pub mod export_dialog;
pub mod import_found;
pub mod import_panel;
pub mod mirror;
pub mod sections;
pub mod settings;
pub mod team_page;
pub mod view;

use std::path::PathBuf;
use std::time::Duration;

use mirror::VaultMirror;
use sections::Item;
use settings::Settings;
use view::{TOAST_MILLIS, Toast, UNDO_MILLIS, View, WARNING_MILLIS};

use crate::clock::Clock;
use crate::gui::support::i18n::Tr;
use crate::store::AccountId;
use crate::store::metadata::Account;

pub struct Model {
    /// The clock codes are computed with: the system's, corrected by the clock check.
    pub clock: Clock,
    /// The uncorrected clock: idle time, back-off and log times.
    pub base_clock: Clock,
    pub tr: Tr,
    pub settings: Settings,
    /// Where settings are saved; `None` keeps them in memory (tests).
    pub settings_path: Option<PathBuf>,
    /// The vault's folder (the copy log lives beside the accounts), when known.
    pub data_dir: Option<PathBuf>,
    pub vault: VaultMirror,
    /// The list as drawn: section headers and rows, after search and folding.
    pub items: Vec<Item>,
    pub view: View,
    /// Desk mode: who is working now (`None`: desk mode is off, or nobody is).
    pub acting: Option<Acting>,
    /// The raw keychain, where the audit log's head is anchored (`None` in tests of other
    /// features).
    pub keychain: Option<std::sync::Arc<dyn crate::store::SecretStore>>,
    /// Desk mode: with whom each account is shared and until when (unix seconds; `None`: until
    /// stopped). A member's list holds only their own shares.
    pub shares: std::collections::HashMap<AccountId, Vec<(String, Option<u64>)>>,
    /// A team desk: the team folder and its computers as the last team sync read them.
    pub team: Option<TeamView>,
}

/// The team folder as Settings shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamView {
    pub folder: PathBuf,
    pub status: crate::team::status::Status,
}

/// The person whose session is open, as the window shows and records them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acting {
    pub name: String,
    pub admin: bool,
}

impl Model {
    pub fn new(
        clock: Clock,
        settings: Settings,
        settings_path: Option<PathBuf>,
        data_dir: Option<PathBuf>,
    ) -> Self {
        Self {
            clock,
            base_clock: clock,
            tr: Tr::new(settings.language.resolve()),
            view: View {
                drafts: view::SettingsDrafts {
                    servers: settings.clock_sync.servers.join(", "),
                    shortcut: settings
                        .quick_pick_shortcut
                        .clone()
                        .unwrap_or_else(|| crate::platform::hotkey::DEFAULT_SHORTCUT.to_owned()),
                    ..Default::default()
                },
                ..View::default()
            },
            settings,
            settings_path,
            data_dir,
            vault: VaultMirror::default(),
            items: Vec::new(),
            acting: None,
            keychain: None,
            shares: std::collections::HashMap::new(),
            team: None,
        }
    }

    /// Whether the one working may change accounts, reveal, export and manage people: always
    /// outside desk mode, only admins in it.
    pub fn may_manage(&self) -> bool {
        self.acting.as_ref().is_none_or(|a| a.admin)
    }

    pub fn accounts(&self) -> &[Account] {
        self.vault.accounts()
    }

    pub fn rebuild_items(&mut self) {
        self.items = sections::build(
            self.vault.accounts(),
            &self.view.search,
            &self.settings.collapsed_groups,
        );
    }

    /// The accounts shown, top to bottom.
    pub fn visible_ids(&self) -> Vec<AccountId> {
        let accounts = self.accounts();
        self.items
            .iter()
            .filter_map(|item| match item {
                Item::Row(i) => Some(accounts[*i].id.clone()),
                Item::Header { .. } => None,
            })
            .collect()
    }

    /// Shows `text` at the bottom for a few seconds (longer with an Undo button).
    /// A toast for something done only in part, shown longer than a plain one.
    pub fn toast_warning(&mut self, text: String) {
        self.view.toast = Some(Toast {
            text,
            until_unix_millis: self.clock.unix_millis() + WARNING_MILLIS,
            undo: false,
        });
    }

    pub fn toast(&mut self, text: String, undo: bool) {
        let millis = if undo { UNDO_MILLIS } else { TOAST_MILLIS };
        self.view.toast = Some(Toast {
            text,
            until_unix_millis: self.clock.unix_millis() + millis,
            undo,
        });
    }

    /// Shows a translated one-sentence toast.
    pub fn toast_key(&mut self, key: &str) {
        let text = self.tr.get(key);
        self.toast(text, false);
    }

    /// How long until something visible changes: the start of the second `change_in_secs`
    /// from now (a countdown or code on screen), or the end of a toast or undo offer. `None`:
    /// nothing will change.
    pub fn next_change_in(&self, change_in_secs: Option<u32>) -> Option<Duration> {
        let now_ms = self.clock.unix_millis();
        let mut next_ms: Option<u64> =
            change_in_secs.map(|secs| u64::from(secs.max(1)) * 1000 - now_ms % 1000);
        let ends = [
            self.view.toast.as_ref().map(|t| t.until_unix_millis),
            self.view.undo.as_ref().map(|u| u.until_unix_millis),
        ];
        for until in ends.into_iter().flatten() {
            let wait = until.saturating_sub(now_ms);
            next_ms = Some(next_ms.map_or(wait, |n| n.min(wait)));
        }
        // A few ms late, so the frame lands after the boundary, not just before it.
        next_ms.map(|ms| Duration::from_millis(ms + 5))
    }
}
