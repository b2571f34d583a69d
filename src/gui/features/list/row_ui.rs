//! One account row: issuer and name, the code grouped for reading, a countdown ring that turns
//! the warning colour in the last 5 seconds, the next code in small type meanwhile, and a
//! "Next code" button on HOTP rows. Clicking anywhere on the row copies.
//! Drawing only: returns actions, changes nothing; must not depend on `app.rs` or the runtime.

use eframe::egui::{
    self, Align, Color32, Layout, Rect, RichText, Role, Sense, Stroke, UiBuilder, WidgetInfo, pos2,
    vec2,
};

use crate::gui::command::{Action, DeskAction};
use crate::gui::model::mirror::{CodeView, WARN_SECS, shown_seconds};
use crate::gui::support::i18n::{Arg, Tr};
use crate::otp::group_for_reading;
use crate::store::metadata::Account;

pub const ROW_HEIGHT: f32 = 64.0;

pub struct RowView<'a> {
    pub account: &'a Account,
    pub code: CodeView,
    pub selected: bool,
    /// What its menu offers: `None` copy only (a member), `Some(share)` every change.
    pub manage: Option<bool>,
}

pub fn row_ui(ui: &mut egui::Ui, rect: Rect, row: &RowView<'_>, tr: &Tr) -> Option<Action> {
    let (account, manage) = (row.account, row.manage);
    let id = ui.scope_id().with(("row", account.id.as_str()));
    let response = ui.interact(rect, id, Sense::click());
    let label = account.label();
    response.widget_info(|| WidgetInfo::labeled(Role::Button, true, &label));
    let visuals = ui.visuals();
    let fill = if row.selected {
        visuals.selection.bg_fill.gamma_multiply(0.35)
    } else if response.hovered() {
        visuals.faint_bg_color
    } else {
        visuals.extreme_bg_color.gamma_multiply(0.5)
    };
    ui.painter().rect(
        rect.shrink2(vec2(8.0, 3.0)),
        8.0,
        fill,
        Stroke::NONE,
        egui::StrokeKind::Inside,
    );

    let mut action = None;
    let inner = rect.shrink2(vec2(20.0, 6.0));
    let mut content = ui.new_child(
        UiBuilder::new()
            .max_rect(inner)
            .layout(Layout::left_to_right(Align::Center)),
    );
    countdown_ui(&mut content, &row.code);
    content.vertical(|ui| {
        ui.add_space(4.0);
        ui.add(
            egui::Label::new(
                RichText::new(display_or_dash(&account.issuer))
                    .strong()
                    .size(15.0),
            )
            .selectable(false)
            .truncate(),
        );
        ui.add(
            egui::Label::new(RichText::new(&account.name).weak())
                .selectable(false)
                .truncate(),
        );
    });
    content.with_layout(Layout::right_to_left(Align::Center), |ui| {
        let more = ui.menu_button(RichText::new("•••").size(12.0), |ui| {
            action = account_menu_ui(ui, account, manage, tr)
        });
        more.response.widget_info(|| {
            WidgetInfo::labeled(
                Role::Button,
                true,
                format!("{} {label}", tr.get("row-menu")),
            )
        });
        if let CodeView::Counter(_) = row.code
            && ui.button(tr.get("next-code")).clicked()
        {
            action = Some(Action::NextHotp(account.id.clone()));
        }
        code_ui(ui, &row.code, tr);
    });
    response.context_menu(|ui| {
        if let Some(a) = account_menu_ui(ui, account, manage, tr) {
            action = Some(a);
        }
    });
    if action.is_none() && response.clicked() {
        action = Some(Action::Copy(account.id.clone()));
    }
    action
}

fn display_or_dash(text: &str) -> &str {
    if text.is_empty() { "—" } else { text }
}

fn code_ui(ui: &mut egui::Ui, code: &CodeView, tr: &Tr) {
    let weak = |ui: &mut egui::Ui, id: &str| {
        ui.add(egui::Label::new(RichText::new(tr.get(id)).weak().italics()).selectable(false));
    };
    match code {
        CodeView::Loading => weak(ui, "code-loading"),
        CodeView::Missing => {
            ui.add(
                egui::Label::new(
                    RichText::new(tr.get("code-missing")).color(ui.visuals().warn_fg_color),
                )
                .selectable(false),
            );
        }
        CodeView::Unavailable => weak(ui, "code-unavailable"),
        CodeView::Counter(None) => weak(ui, "hotp-hint"),
        CodeView::Counter(Some(code)) => big_code(ui, code, None),
        CodeView::Timed {
            code,
            next,
            seconds_left,
            ..
        } => {
            let next = (*seconds_left <= WARN_SECS).then(|| {
                tr.with(
                    "next-code-preview",
                    &[("code", Arg::Text(&group_for_reading(next)))],
                )
            });
            big_code(ui, code, next);
        }
    }
}

fn big_code(ui: &mut egui::Ui, code: &str, next: Option<String>) {
    ui.vertical(|ui| {
        ui.with_layout(Layout::top_down(Align::Max), |ui| {
            let text = RichText::new(group_for_reading(code))
                .monospace()
                .size(22.0)
                .strong();
            ui.add(egui::Label::new(text).selectable(false));
            if let Some(next) = next {
                ui.add(egui::Label::new(RichText::new(next).small().weak()).selectable(false));
            }
        });
    });
}

/// A ring that empties as the period runs out, with the seconds inside.
pub fn countdown_ui(ui: &mut egui::Ui, code: &CodeView) {
    let (rect, _) = ui.allocate_exact_size(vec2(34.0, 34.0), Sense::hover());
    let CodeView::Timed {
        seconds_left,
        period_secs,
        ..
    } = code
    else {
        return;
    };
    let warn = *seconds_left <= WARN_SECS;
    let shown = shown_seconds(*seconds_left);
    let colour = if warn {
        ui.visuals().warn_fg_color
    } else {
        ui.visuals().selection.bg_fill
    };
    paint_ring(
        ui.painter(),
        rect.center(),
        13.0,
        shown as f32 / (*period_secs).max(1) as f32,
        colour,
        ui.visuals().weak_text_color(),
    );
    ui.painter().text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        shown.to_string(),
        egui::FontId::proportional(11.0),
        if warn {
            colour
        } else {
            ui.visuals().text_color()
        },
    );
}

fn paint_ring(
    painter: &egui::Painter,
    center: egui::Pos2,
    radius: f32,
    fraction: f32,
    colour: Color32,
    track: Color32,
) {
    painter.circle_stroke(center, radius, Stroke::new(2.0, track.gamma_multiply(0.3)));
    let steps = 48;
    let points: Vec<egui::Pos2> = (0..=steps)
        .map(|i| {
            let angle = -std::f32::consts::FRAC_PI_2
                + std::f32::consts::TAU * fraction.clamp(0.0, 1.0) * (i as f32 / steps as f32);
            pos2(
                center.x + radius * angle.cos(),
                center.y + radius * angle.sin(),
            )
        })
        .collect();
    painter.add(egui::Shape::line(points, Stroke::new(3.0, colour)));
}

/// The same menu for the row's "•••" button and its right-click menu.
/// `manage`: the one working may change accounts (`Some(true)`: and share them, desk mode).
pub fn account_menu_ui(
    ui: &mut egui::Ui,
    account: &Account,
    manage: Option<bool>,
    tr: &Tr,
) -> Option<Action> {
    let id = &account.id;
    let mut action = None;
    let mut item = |ui: &mut egui::Ui, key: &str, a: Action| {
        if ui.button(tr.get(key)).clicked() {
            action = Some(a);
            ui.close();
        }
    };
    item(ui, "copy-code", Action::Copy(id.clone()));
    let Some(share) = manage else {
        return action;
    };
    if share {
        item(
            ui,
            "sharing",
            Action::Desk(DeskAction::OpenSharing(id.clone())),
        );
    }
    item(ui, "edit", Action::OpenEdit(id.clone()));
    item(
        ui,
        if account.pinned { "unpin" } else { "pin" },
        Action::TogglePin(id.clone()),
    );
    item(ui, "move-up", Action::Shift(id.clone(), -1));
    item(ui, "move-down", Action::Shift(id.clone(), 1));
    ui.separator();
    item(ui, "delete", Action::AskDelete(id.clone()));
    action
}
