//! Per-account shortcuts, as WinAuth has them: a system-wide shortcut of an account's own types
//! that account's code into the window that had the focus, without showing the quick pick —
//! when the window is unlocked and the person working may see the account. Otherwise the quick
//! pick (or the unlock, the PIN first) opens instead and nothing is typed.
//! Owns the recording dialog's state ([`HotkeyEditor`]), the rules a shortcut must meet
//! (a modifier; not the quick pick's, not another account's) and the registrations' outcome per
//! account. The typing is the quick pick's own (`choose`). Must not depend on `app.rs`.

use std::collections::BTreeMap;

use super::{QuickPickState, TrayState};
use crate::gui::command::{Action, Finish, PickAction};
use crate::gui::features::Effects;
use crate::gui::model::Model;
use crate::gui::model::settings::Settings;
use crate::gui::support::i18n::{Arg, Tr};
use crate::platform::hotkey::{self, HotkeyError, Slot};
use crate::store::AccountId;

/// The dialog that records an account's shortcut: the keys pressed or typed, and why the last
/// save was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HotkeyEditor {
    pub account: AccountId,
    pub draft: String,
    /// The next key pressed with its modifiers fills the draft.
    pub recording: bool,
    pub error: Option<String>,
}

/// Why a shortcut may not be an account's, in one sentence that names it.
fn refusal(
    settings: &Settings,
    account: &AccountId,
    text: &str,
    tr: &Tr,
    labels: &dyn Fn(&AccountId) -> String,
) -> Option<String> {
    let with = |key: &str, args: &[(&str, Arg)]| tr.with(key, args);
    let shortcut = Arg::Text(text);
    match hotkey::parse(text) {
        Err(HotkeyError::NoModifier) => {
            return Some(with(
                "account-hotkey-no-modifier",
                &[("shortcut", shortcut)],
            ));
        }
        Err(_) => return Some(with("account-hotkey-invalid", &[("shortcut", shortcut)])),
        Ok(_) => {}
    }
    if let Some(quick) = &settings.quick_pick_shortcut
        && hotkey::same_keys(quick, text)
    {
        return Some(with("account-hotkey-quick-pick", &[("shortcut", shortcut)]));
    }
    let other = settings
        .account_hotkeys
        .iter()
        .find(|(id, keys)| *id != account && hotkey::same_keys(keys, text));
    other.map(|(id, _)| {
        let label = labels(id);
        let label = if label.is_empty() {
            id.to_string()
        } else {
            label
        };
        with(
            "account-hotkey-duplicate",
            &[("shortcut", shortcut), ("account", Arg::Text(&label))],
        )
    })
}

/// Registers every account's shortcut from the settings (the real window, at start); the first
/// one the system refused is said in the banner, naming the account.
pub fn register_all(state: &mut QuickPickState, model: &mut Model) {
    let wanted: Vec<_> = model.settings.account_hotkeys.clone().into_iter().collect();
    for (id, keys) in wanted {
        register(state, &id, Some(&keys));
    }
    if let Some((id, e)) = state.account_status.iter().next() {
        let detail = super::account_keys_ui::status_text(e, &model.tr);
        // At start the vault may still be opening: then the sentence names the keys only.
        let label = model.vault.label_of(id);
        let args = [
            ("account", Arg::Text(&label)),
            ("detail", Arg::Text(&detail)),
        ];
        let said = if label.is_empty() {
            detail.clone()
        } else {
            model.tr.with("account-hotkey-failed", &args)
        };
        model.view.banner = Some(said);
    }
}

/// Registers (or removes) one account's shortcut and notes the system's refusal, if any.
fn register(state: &mut QuickPickState, id: &AccountId, keys: Option<&str>) {
    state.account_status.remove(id);
    let Some(hotkeys) = &mut state.hotkeys else {
        return;
    };
    if let Err(e) = hotkeys.set_slot(Slot::Named(id.to_string()), keys) {
        tracing::warn!(error = %e, "an account's shortcut is not registered");
        state.account_status.insert(id.clone(), e);
    }
}

/// The dialog's and Settings' actions, and a press of an account's shortcut.
pub fn update(
    state: &mut QuickPickState,
    tray: &mut TrayState,
    model: &mut Model,
    fx: &mut Effects,
    action: &PickAction,
) {
    match action {
        PickAction::TypeAccount(id) => type_account(state, tray, model, fx, id),
        PickAction::EditHotkey(id) => {
            let draft = model.settings.account_hotkeys.get(id).cloned();
            state.editor = Some(HotkeyEditor {
                account: id.clone(),
                draft: draft.unwrap_or_default(),
                recording: false,
                error: None,
            });
        }
        PickAction::SaveHotkey => save(state, model, fx),
        PickAction::ClearHotkey(id) => {
            if model.settings.account_hotkeys.remove(id).is_some() {
                fx.save_settings();
            }
            register(state, id, None);
            if let Some(editor) = &mut state.editor
                && &editor.account == id
            {
                editor.draft.clear();
                editor.error = None;
            }
        }
        PickAction::CloseHotkey => state.editor = None,
        _ => {}
    }
}

fn save(state: &mut QuickPickState, model: &mut Model, fx: &mut Effects) {
    let Some(editor) = &mut state.editor else {
        return;
    };
    let text = editor.draft.trim().to_owned();
    let id = editor.account.clone();
    let labels = |id: &AccountId| model.vault.label_of(id);
    if let Some(why) = refusal(&model.settings, &id, &text, &model.tr, &labels) {
        editor.error = Some(why);
        return;
    }
    // Written as the shortcut reads, so Settings shows one spelling.
    let text = normalise(&text);
    model
        .settings
        .account_hotkeys
        .insert(id.clone(), text.clone());
    fx.save_settings();
    state.editor = None;
    register(state, &id, Some(&text));
    if let Some(e) = state.account_status.get(&id) {
        let said = super::account_keys_ui::status_text(e, &model.tr);
        model.toast(said, false);
    }
}

/// `ctrl+alt+1` → `Ctrl+Alt+1`: each part's first letter upper case.
fn normalise(text: &str) -> String {
    text.split('+')
        .map(|part| {
            let part = part.trim();
            let mut chars = part.chars();
            chars.next().map_or_else(String::new, |first| {
                first
                    .to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect()
            })
        })
        .collect::<Vec<_>>()
        .join("+")
}

/// The account's shortcut was pressed (the window noted then): type its code there at once if
/// the person working may see the account; otherwise show the quick pick and type nothing.
fn type_account(
    state: &mut QuickPickState,
    tray: &mut TrayState,
    model: &mut Model,
    fx: &mut Effects,
    id: &AccountId,
) {
    if model.vault.account(id).is_none() {
        // Not this person's (a member without the share), or gone: the pick shows what is.
        tracing::info!("an account's shortcut names an account not shown here");
        fx.then(Action::QuickPick(PickAction::Open));
        return;
    }
    let was_open = state.open;
    state.notice = None;
    super::choose(state, tray, model, fx, id, Finish::Type);
    if !was_open && let Some(notice) = state.notice.take() {
        // Nothing typed (the window is gone, no code yet): say why where the person looks.
        state.pending_notice = Some(notice);
        fx.then(Action::QuickPick(PickAction::Open));
    }
}

/// Settings' list: each account with a shortcut, by its label.
pub fn listed(model: &Model) -> Vec<(AccountId, String, String)> {
    let shown: BTreeMap<_, _> = model
        .settings
        .account_hotkeys
        .iter()
        .filter(|(id, _)| model.vault.account(id).is_some())
        .map(|(id, keys)| (model.vault.label_of(id), (id.clone(), keys.clone())))
        .collect();
    shown
        .into_iter()
        .map(|(label, (id, keys))| (id, label, keys))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcuts_are_written_one_way() {
        assert_eq!(normalise("ctrl+alt+1"), "Ctrl+Alt+1");
        assert_eq!(normalise(" CTRL + shift+f9"), "Ctrl+Shift+F9");
    }

    #[test]
    fn refused_shortcuts_say_which_and_why() {
        let tr = Tr::new(crate::gui::support::i18n::Language::English);
        let mut settings = Settings::default();
        let (a, b) = (AccountId::from("a"), AccountId::from("b"));
        settings
            .account_hotkeys
            .insert(b.clone(), "Ctrl+Alt+2".into());
        let labels = |id: &AccountId| format!("Label {id}");
        let said = |text: &str| refusal(&settings, &a, text, &tr, &labels).unwrap_or_default();
        assert!(said("Shift+1").contains("Shift+1"));
        assert!(said("ctrl+alt+o").contains("quick pick"));
        let duplicate = said("ctrl+alt+2");
        assert!(duplicate.contains("Label b"), "{duplicate}");
        assert_eq!(said("Ctrl+Alt+1"), "");
        // An account may keep its own shortcut.
        assert!(refusal(&settings, &b, "Ctrl+Alt+2", &tr, &labels).is_none());
    }
}
