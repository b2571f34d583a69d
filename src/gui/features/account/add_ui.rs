//! "Add account": issuer, name, key (Amazon's 13 groups of 4 as shown, any case, padding or
//! not), group, and the advanced fields. Errors appear under the field they are about.
//! Drawing only: returns actions, changes nothing; must not depend on `app.rs` or the runtime.

use eframe::egui::{self, RichText, TextEdit};

use crate::gui::command::Action;
use crate::gui::features::dialog_ui::fit_width;
use crate::gui::model::add_draft::{AddDraft, Field, KindChoice};
use crate::gui::support::i18n::{Arg, Tr};
use crate::otp::Algorithm;

/// A labelled one-line field with its error underneath; true when Enter was pressed in it.
fn field_ui(
    ui: &mut egui::Ui,
    label: &str,
    hint: &str,
    text: &mut String,
    error: Option<&str>,
) -> bool {
    field_focus_ui(ui, label, hint, text, error, false)
}

/// [`field_ui`] that takes the keyboard focus when `focus` (the form's first field, when it
/// opens: Ctrl+N and type).
fn field_focus_ui(
    ui: &mut egui::Ui,
    label: &str,
    hint: &str,
    text: &mut String,
    error: Option<&str>,
    focus: bool,
) -> bool {
    let label = ui.label(label);
    let response = ui
        .add(
            TextEdit::singleline(text)
                .hint_text(hint)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    if focus {
        response.request_focus();
    }
    if let Some(error) = error {
        ui.label(RichText::new(error).color(ui.visuals().error_fg_color));
    }
    ui.add_space(4.0);
    response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter))
}

pub fn add_dialog_ui(ui: &mut egui::Ui, draft: &mut AddDraft, tr: &Tr) -> Option<Action> {
    let mut action = None;
    fit_width(ui, 380.0);
    if let Some(note) = &draft.note {
        ui.label(RichText::new(note).weak());
    }
    ui.add_space(4.0);
    ui.label(tr.get("add-from-qr"));
    ui.horizontal_wrapped(|ui| {
        if let Some(chosen) = crate::gui::features::list::chrome_ui::import_choices_ui(ui, tr) {
            action = Some(chosen);
        }
    });
    ui.add_space(6.0);
    ui.label(RichText::new(tr.get("add-or-type")).weak());
    ui.add_space(2.0);
    let mut enter = false;
    let issuer_error = draft.error(Field::Issuer).map(str::to_owned);
    let focus = !std::mem::replace(&mut draft.focused, true);
    enter |= field_focus_ui(
        ui,
        &tr.get("field-issuer"),
        &tr.get("field-issuer-hint"),
        &mut draft.issuer,
        issuer_error.as_deref(),
        focus,
    );
    enter |= field_ui(
        ui,
        &tr.get("field-name"),
        &tr.get("field-name-hint"),
        &mut draft.name,
        None,
    );
    let secret_error = draft.error(Field::Secret).map(str::to_owned);
    enter |= field_ui(
        ui,
        &tr.get("field-secret"),
        &tr.get("field-secret-hint"),
        &mut draft.secret,
        secret_error.as_deref(),
    );
    if let Some((id, label)) = &draft.same_key {
        ui.horizontal_wrapped(|ui| {
            let text = tr.with("same-key", &[("label", Arg::Text(label))]);
            ui.label(RichText::new(text).color(ui.visuals().warn_fg_color));
            if ui.button(tr.get("same-key-open")).clicked() {
                action = Some(Action::Select(id.clone()));
            }
        });
    }
    enter |= field_ui(
        ui,
        &tr.get("field-group"),
        &tr.get("field-group-hint"),
        &mut draft.group,
        None,
    );
    egui::CollapsingHeader::new(tr.get("advanced")).show(ui, |ui| advanced_ui(ui, draft, tr));
    if draft.tried {
        draft.errors = draft.parse(tr).err().unwrap_or_default();
    }
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if ui.button(RichText::new(tr.get("add")).strong()).clicked() || enter {
            action = Some(Action::SubmitAdd);
        }
        if ui.button(tr.get("cancel")).clicked() {
            action = Some(Action::CloseDialog);
        }
    });
    action
}

fn advanced_ui(ui: &mut egui::Ui, draft: &mut AddDraft, tr: &Tr) {
    ui.label(tr.get("field-type"));
    ui.horizontal_wrapped(|ui| {
        for (kind, key) in [
            (KindChoice::Totp, "type-totp"),
            (KindChoice::Hotp, "type-hotp"),
            (KindChoice::Steam, "type-steam"),
        ] {
            ui.radio_value(&mut draft.kind, kind, tr.get(key));
        }
    });
    if draft.kind == KindChoice::Steam {
        return;
    }
    ui.label(tr.get("field-algorithm"));
    ui.horizontal(|ui| {
        for algorithm in Algorithm::ALL {
            ui.radio_value(&mut draft.algorithm, algorithm, algorithm.as_str());
        }
    });
    let digits_error = draft.error(Field::Digits).map(str::to_owned);
    field_ui(
        ui,
        &tr.get("field-digits"),
        "6",
        &mut draft.digits,
        digits_error.as_deref(),
    );
    if draft.kind == KindChoice::Totp {
        let error = draft.error(Field::Period).map(str::to_owned);
        field_ui(
            ui,
            &tr.get("field-period"),
            "30",
            &mut draft.period,
            error.as_deref(),
        );
    } else {
        let error = draft.error(Field::Counter).map(str::to_owned);
        field_ui(
            ui,
            &tr.get("field-counter"),
            "0",
            &mut draft.counter,
            error.as_deref(),
        );
    }
}

/// After adding: the new account's code, large, to type into the website.
pub fn added_ui(
    ui: &mut egui::Ui,
    label: &str,
    code: Option<&str>,
    seconds_left: Option<u32>,
    tr: &Tr,
) -> Option<Action> {
    let mut action = None;
    fit_width(ui, 340.0);
    ui.label(RichText::new(label).strong());
    ui.add_space(8.0);
    ui.vertical_centered(|ui| {
        let shown = code.map_or_else(|| tr.get("code-loading"), crate::otp::group_for_reading);
        ui.label(RichText::new(shown).monospace().size(40.0).strong());
        if let Some(left) = seconds_left {
            ui.label(
                RichText::new(
                    tr.with("seconds-left", &[("seconds", Arg::Number(i64::from(left)))]),
                )
                .weak(),
            );
        }
    });
    ui.add_space(4.0);
    ui.label(tr.get("added-body"));
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if ui
            .button(RichText::new(tr.get("copy-code")).strong())
            .clicked()
        {
            action = Some(Action::CopySelected);
        }
        if ui.button(tr.get("done")).clicked() {
            action = Some(Action::CloseDialog);
        }
    });
    action
}
