//! "Add account": issuer, name, key (Amazon's 13 groups of 4 as shown, any case, padding or
//! not), group, and the advanced fields. Errors appear under the field they are about.

use eframe::egui::{self, RichText, TextEdit};
use zeroize::Zeroizing;

use super::action::Action;
use super::i18n::{Arg, Tr};
use crate::otp::{Algorithm, Digits, Entry, OtpKind, OtpParams, Secret, SecretError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Issuer,
    Secret,
    Digits,
    Period,
    Counter,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KindChoice {
    Totp,
    Hotp,
    Steam,
}

/// The form's text as typed (transient UI state).
pub struct AddDraft {
    pub issuer: String,
    pub name: String,
    pub secret: Zeroizing<String>,
    pub group: String,
    pub kind: KindChoice,
    pub algorithm: Algorithm,
    pub digits: String,
    pub period: String,
    pub counter: String,
    /// Shown above the form (for example why the import buttons opened it).
    pub note: Option<String>,
    /// Set after the first "Add": from then on errors update as the user types.
    pub tried: bool,
    pub errors: Vec<(Field, String)>,
}

impl Default for AddDraft {
    fn default() -> Self {
        Self {
            issuer: String::new(),
            name: String::new(),
            secret: Zeroizing::new(String::new()),
            group: String::new(),
            kind: KindChoice::Totp,
            algorithm: Algorithm::Sha1,
            digits: "6".into(),
            period: "30".into(),
            counter: "0".into(),
            note: None,
            tried: false,
            errors: Vec::new(),
        }
    }
}

impl AddDraft {
    /// The entry and group, or one message per wrong field.
    pub fn parse(&self, tr: &Tr) -> Result<(Entry, String), Vec<(Field, String)>> {
        let mut errors = Vec::new();
        if self.issuer.trim().is_empty() && self.name.trim().is_empty() {
            errors.push((Field::Issuer, tr.get("err-label-empty")));
        }
        let secret = Secret::parse_base32(&self.secret)
            .map_err(|e| errors.push((Field::Secret, secret_message(&e, tr))))
            .ok();
        let digits = self
            .digits
            .trim()
            .parse::<u8>()
            .ok()
            .and_then(|d| Digits::new(d).ok());
        let kind = match self.kind {
            KindChoice::Steam => Some(OtpKind::Steam),
            KindChoice::Totp => match self.period.trim().parse::<u32>() {
                Ok(p) if p >= 1 => Some(OtpKind::Totp { period_secs: p }),
                _ => {
                    errors.push((Field::Period, tr.get("err-period")));
                    None
                }
            },
            KindChoice::Hotp => match self.counter.trim().parse::<u64>() {
                Ok(counter) => Some(OtpKind::Hotp { counter }),
                Err(_) => {
                    errors.push((Field::Counter, tr.get("err-counter")));
                    None
                }
            },
        };
        if digits.is_none() && self.kind != KindChoice::Steam {
            errors.push((Field::Digits, tr.get("err-digits")));
        }
        let params = kind
            .and_then(|k| OtpParams::new(k, self.algorithm, digits.unwrap_or(Digits::SIX)).ok());
        match (secret, params) {
            (Some(secret), Some(params)) if errors.is_empty() => Ok((
                Entry {
                    issuer: self.issuer.trim().to_owned(),
                    name: self.name.trim().to_owned(),
                    params,
                    secret,
                },
                self.group.trim().to_owned(),
            )),
            _ => Err(errors),
        }
    }

    fn error(&self, field: Field) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }
}

fn secret_message(error: &SecretError, tr: &Tr) -> String {
    match error {
        SecretError::Empty => tr.get("err-secret-empty"),
        SecretError::BadCharacter(c) => {
            tr.with("err-secret-char", &[("char", Arg::Text(&c.to_string()))])
        }
        SecretError::BadLength(n) => tr.with(
            "err-secret-length",
            &[("count", Arg::Number(i64::try_from(*n).unwrap_or(0)))],
        ),
    }
}

/// A labelled one-line field with its error underneath; true when Enter was pressed in it.
fn field_ui(
    ui: &mut egui::Ui,
    label: &str,
    hint: &str,
    text: &mut String,
    error: Option<&str>,
) -> bool {
    let label = ui.label(label);
    let response = ui
        .add(
            TextEdit::singleline(text)
                .hint_text(hint)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    if let Some(error) = error {
        ui.label(RichText::new(error).color(ui.visuals().error_fg_color));
    }
    ui.add_space(4.0);
    response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter))
}

pub fn add_dialog_ui(ui: &mut egui::Ui, draft: &mut AddDraft, tr: &Tr) -> Option<Action> {
    let mut action = None;
    ui.set_width(380.0);
    ui.heading(tr.get("add-title"));
    if let Some(note) = &draft.note {
        ui.label(RichText::new(note).weak());
    }
    ui.add_space(6.0);
    let mut enter = false;
    let issuer_error = draft.error(Field::Issuer).map(str::to_owned);
    enter |= field_ui(
        ui,
        &tr.get("field-issuer"),
        &tr.get("field-issuer-hint"),
        &mut draft.issuer,
        issuer_error.as_deref(),
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
    ui.set_width(340.0);
    ui.heading(tr.get("added-title"));
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
