//! The Settings dialog: language, theme, clipboard clearing, always on top, the compact mode.
//! Drawing only: returns actions, changes nothing; must not depend on `app.rs` or the runtime.

use eframe::egui::{self, RichText};

use crate::gui::command::{Action, DeskAction, ExportAction, LanguageChoice, ThemeChoice};
use crate::gui::features::dialog_ui::fit_width;
use crate::gui::model::settings::{CLEAR_CHOICES_SECS, Settings};
use crate::gui::support::i18n::{Arg, Tr};

/// `more` draws further sections (lock, clock, copy log) above the Close button. `manage`:
/// the person may change accounts (not a desk member), so the Accounts section shows.
pub fn settings_ui(
    ui: &mut egui::Ui,
    settings: &Settings,
    manage: bool,
    tr: &Tr,
    more: impl FnOnce(&mut egui::Ui) -> Option<Action>,
) -> Option<Action> {
    let mut action = None;
    fit_width(ui, 340.0);
    ui.add_space(6.0);
    ui.label(RichText::new(tr.get("language")).strong());
    for choice in LanguageChoice::ALL {
        // Each language is named in itself, so it can be found in any interface language.
        let name = match choice {
            LanguageChoice::System => tr.get("language-system"),
            LanguageChoice::English => "English".to_owned(),
            LanguageChoice::SimplifiedChinese => "简体中文".to_owned(),
        };
        if ui.radio(settings.language == choice, name).clicked() {
            action = Some(Action::SetLanguage(choice));
        }
    }
    ui.add_space(6.0);
    ui.label(RichText::new(tr.get("theme")).strong());
    ui.horizontal(|ui| {
        for (choice, key) in [
            (ThemeChoice::System, "theme-system"),
            (ThemeChoice::Light, "theme-light"),
            (ThemeChoice::Dark, "theme-dark"),
        ] {
            if ui.radio(settings.theme == choice, tr.get(key)).clicked() {
                action = Some(Action::SetTheme(choice));
            }
        }
    });
    ui.add_space(6.0);
    let delay_name = |secs: u32| {
        if secs == 0 {
            tr.get("clear-never")
        } else {
            tr.with("clear-secs", &[("seconds", Arg::Number(i64::from(secs)))])
        }
    };
    egui::ComboBox::from_label(tr.get("clear-after"))
        .selected_text(delay_name(settings.clipboard_clear_secs))
        .show_ui(ui, |ui| {
            for secs in CLEAR_CHOICES_SECS {
                if ui
                    .selectable_label(settings.clipboard_clear_secs == secs, delay_name(secs))
                    .clicked()
                {
                    action = Some(Action::SetClearDelay(secs));
                }
            }
        });
    ui.add_space(6.0);
    // One row for both (it wraps when narrow): the dialog stays short.
    ui.horizontal_wrapped(|ui| {
        let mut on_top = settings.always_on_top;
        if ui.checkbox(&mut on_top, tr.get("always-on-top")).changed() {
            action = Some(Action::SetAlwaysOnTop(on_top));
        }
        let mut compact = settings.compact;
        if ui
            .checkbox(&mut compact, tr.get("compact-mode"))
            .on_hover_text(tr.get("compact-mode-hint"))
            .changed()
        {
            action = Some(Action::SetCompact(compact));
        }
    });
    let mut to_tray = settings.close_to_tray;
    if ui
        .checkbox(&mut to_tray, tr.get("close-to-tray"))
        .on_hover_text(tr.get("close-to-tray-hint"))
        .changed()
    {
        action = Some(Action::SetCloseToTray(to_tray));
    }
    let mut at_login = settings.start_with_computer;
    if ui
        .checkbox(&mut at_login, tr.get("start-with-computer"))
        .changed()
    {
        action = Some(Action::SetStartWithComputer(at_login));
    }
    if manage {
        action = accounts_section_ui(ui, settings, tr).or(action);
    }
    if let Some(more) = more(ui) {
        action = Some(more);
    }
    ui.add_space(8.0);
    if ui.button(tr.get("close")).clicked() {
        action = Some(Action::CloseDialog);
    }
    action
}

/// Backup and the trash: what happens to the accounts themselves (admins and single users).
fn accounts_section_ui(ui: &mut egui::Ui, settings: &Settings, tr: &Tr) -> Option<Action> {
    let mut action = None;
    ui.add_space(6.0);
    ui.label(RichText::new(tr.get("accounts-section")).strong());
    let mut remind = settings.backup_reminder;
    if ui
        .checkbox(&mut remind, tr.get("backup-reminder-setting"))
        .changed()
    {
        action = Some(Action::Export(ExportAction::SetReminder(remind)));
    }
    ui.horizontal_wrapped(|ui| {
        if ui.button(tr.get("export-open")).clicked() {
            action = Some(Action::Export(ExportAction::Open));
        }
        if ui.button(tr.get("trash-open")).clicked() {
            action = Some(Action::Desk(DeskAction::OpenTrash));
        }
    });
    action
}
