//! One account row: issuer and name, the code grouped for reading, a countdown ring with the
//! real seconds left that turns the warning colour in the last 5 seconds, the next code below
//! it meanwhile (legible: nearly the name's size, in the text colour), and a "Next code" button
//! on HOTP rows. Clicking anywhere on the row copies; in the last seconds, when a click copies
//! the next code, the next code is the big one and says so. For a screen reader the row is
//! one button that says all of it ([`super::spoken`]); reached with Tab it draws a focus ring
//! and becomes the selected row, and Enter copies it as a click does.
//! Drawing only: returns actions, changes nothing; must not depend on `app.rs` or the runtime.

use eframe::egui::{
    self, Align, Color32, Layout, Rect, RichText, Role, Sense, Stroke, UiBuilder, WidgetInfo, pos2,
    vec2,
};

use crate::gui::command::{Action, DeskAction};
use crate::gui::model::mirror::{COPY_NEXT_BELOW_SECS, CodeView, WARN_SECS};
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
    /// Other accounts have the same issuer: the account's name is what tells them apart, so
    /// it is the prominent line.
    pub issuer_repeats: bool,
    /// Desk mode: with whom it is shared and until when, as the row says it.
    pub shared: Option<String>,
}

pub fn row_ui(ui: &mut egui::Ui, rect: Rect, row: &RowView<'_>, tr: &Tr) -> Option<Action> {
    let (account, manage) = (row.account, row.manage);
    let id = ui.scope_id().with(("row", account.id.as_str()));
    let response = ui.interact(rect, id, Sense::click());
    // One item for a screen reader: who, the code a click gives and the seconds left.
    let spoken = super::spoken::spoken(account, &row.code, tr);
    response.widget_info(|| WidgetInfo::labeled(Role::Button, true, &spoken));
    if row.selected {
        // Selected, not toggled: `WidgetInfo::selected` would make it a toggle button.
        ui.ctx()
            .accesskit_node_builder(id, |node| node.set_selected(true));
    }
    let visuals = ui.visuals();
    let card = rect.shrink2(vec2(8.0, 3.0));
    // Only the selected or hovered row is filled; the others get a hairline under them. A fill
    // behind every row was most of what the CPU rasteriser drew once a second.
    let fill = if row.selected {
        Some(visuals.selection.bg_fill.gamma_multiply(0.35))
    } else if response.hovered() {
        Some(visuals.faint_bg_color)
    } else {
        None
    };
    match fill {
        Some(fill) => {
            let painter = ui.painter();
            painter.rect(card, 8.0, fill, Stroke::NONE, egui::StrokeKind::Inside);
        }
        None => {
            let y = card.bottom() + 2.5;
            let line = Stroke::new(1.0, visuals.widgets.noninteractive.bg_stroke.color);
            ui.painter()
                .hline(card.left() + 8.0..=card.right() - 8.0, y, line);
        }
    }

    if response.has_focus() {
        // Reached with Tab: the keyboard's place, drawn as egui draws a focused button's.
        let ring = visuals.selection.stroke;
        let painter = ui.painter();
        painter.rect_stroke(card, 8.0, ring, egui::StrokeKind::Inside);
    }
    let mut action = None;
    let inner = rect.shrink2(vec2(20.0, 6.0));
    let mut content = ui.new_child(
        UiBuilder::new()
            .max_rect(inner)
            .layout(Layout::left_to_right(Align::Center)),
    );
    countdown_ui(&mut content, &row.code);
    initial_ui(&mut content, &account.issuer);
    let (first, second) = if row.issuer_repeats && !account.name.trim().is_empty() {
        (account.name.as_str(), account.issuer.as_str())
    } else {
        (account.issuer.as_str(), account.name.as_str())
    };
    // The code's side is drawn first so it always fits; the names take what is left.
    let names_rect = content.available_rect_before_wrap();
    let mut names = content.new_child(
        UiBuilder::new()
            .max_rect(names_rect)
            .layout(Layout::top_down(Align::Min)),
    );
    let code_width = code_side_width(&row.code);
    names.set_max_width((names_rect.width() - code_width).max(40.0));
    names.add_space(4.0);
    let first_line = names.add(
        egui::Label::new(RichText::new(display_or_dash(first)).strong().size(15.0))
            .selectable(false)
            .truncate(),
    );
    // A member's "until 18:00" is short and sits by the name; an admin's list of people goes
    // under the code, where there is room (the next code takes its place at the end).
    let shared = row.shared.as_deref().filter(|s| !s.is_empty());
    let (by_name, by_code) = match (shared, row.manage) {
        (Some(text), Some(true)) => (None, Some(text)),
        (text, _) => (text, None),
    };
    let line = match by_name {
        Some(shared) => RichText::new(format!("{second} · {shared}")).weak(),
        None => RichText::new(second).weak(),
    };
    let second_line = names.add(egui::Label::new(line).selectable(false).truncate());
    // Where the names' text ends: the right side's words stop short of it.
    let names_end = first_line.rect.right().max(second_line.rect.right()) + 8.0;
    content.with_layout(Layout::right_to_left(Align::Center), |ui| {
        let more = ui.menu_button(RichText::new("•••").size(12.0), |ui| {
            action = account_menu_ui(ui, account, manage, tr)
        });
        more.response.widget_info(|| {
            WidgetInfo::labeled(
                Role::Button,
                true,
                format!("{} {}", tr.get("row-menu"), account.label()),
            )
        });
        if let CodeView::Counter(_) = row.code
            && ui.button(tr.get("next-code")).clicked()
        {
            action = Some(Action::NextHotp(account.id.clone()));
        }
        // On a narrow window the right side may not have room for a hint as well.
        let room = ui.available_rect_before_wrap().right() - names_end;
        code_ui(ui, &row.code, by_code, room, tr);
    });
    response.context_menu(|ui| {
        if let Some(a) = account_menu_ui(ui, account, manage, tr) {
            action = Some(a);
        }
    });
    if action.is_none() && response.clicked() {
        action = Some(Action::Copy(account.id.clone()));
    } else if action.is_none() && response.gained_focus() {
        // The selection follows the keyboard's focus, so the arrows go on from here.
        action = Some(Action::Select(account.id.clone()));
    }
    action
}

/// Room the right side needs: the code (and the next code's note), the menu, a button.
fn code_side_width(code: &CodeView) -> f32 {
    match code {
        CodeView::Counter(_) => 200.0,
        _ => 160.0,
    }
}

/// A small disc with the issuer's first letter in a colour of its own, so rows of one issuer
/// are found at a glance and rows of different ones are told apart.
fn initial_ui(ui: &mut egui::Ui, issuer: &str) {
    let (rect, _) = ui.allocate_exact_size(vec2(26.0, 26.0), Sense::hover());
    let Some(first) = issuer.trim().chars().next() else {
        return;
    };
    let hash = issuer
        .trim()
        .to_lowercase()
        .bytes()
        .fold(2_166_136_261_u32, |h, b| {
            (h ^ u32::from(b)).wrapping_mul(16_777_619)
        });
    const HUES: [Color32; 8] = [
        Color32::from_rgb(0x2f, 0x6f, 0xb3),
        Color32::from_rgb(0xc0, 0x5a, 0x1e),
        Color32::from_rgb(0x2e, 0x8b, 0x57),
        Color32::from_rgb(0x8e, 0x44, 0xad),
        Color32::from_rgb(0xb0, 0x2a, 0x4a),
        Color32::from_rgb(0x1f, 0x86, 0x8c),
        Color32::from_rgb(0x7a, 0x6a, 0x12),
        Color32::from_rgb(0x55, 0x5f, 0x9e),
    ];
    let colour = HUES[(hash % 8) as usize];
    ui.painter().circle_filled(rect.center(), 12.0, colour);
    ui.painter().text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        first.to_uppercase().to_string(),
        egui::FontId::proportional(13.0),
        Color32::WHITE,
    );
}

fn display_or_dash(text: &str) -> &str {
    if text.is_empty() { "—" } else { text }
}

/// `shared`: with whom the account is shared, shown under the code when nothing else is.
/// `room`: the width left before the names, for a hint (a code is never cut).
fn code_ui(ui: &mut egui::Ui, code: &CodeView, shared: Option<&str>, room: f32, tr: &Tr) {
    let shared_note = || shared.map(|text| RichText::new(text).weak());
    // Words in place of a code are cut to the room left before the names, or left out (the
    // row's spoken text and, for a counter, its "next code" button still say them in full).
    let fitted = |ui: &mut egui::Ui, text: RichText| {
        if room >= 24.0 {
            let size = vec2(room, ui.spacing().interact_size.y);
            ui.allocate_ui_with_layout(size, Layout::right_to_left(Align::Center), |ui| {
                ui.add(egui::Label::new(text).selectable(false).truncate());
            });
        }
    };
    let weak = |id: &str| RichText::new(tr.get(id)).weak().italics();
    let warn_colour = ui.visuals().warn_fg_color;
    let warn = |id: &str| RichText::new(tr.get(id)).color(warn_colour);
    match code {
        CodeView::Loading => fitted(ui, weak("code-loading")),
        CodeView::Missing => fitted(ui, warn("code-missing")),
        CodeView::Unavailable => fitted(ui, weak("code-unavailable")),
        CodeView::RunOut => fitted(ui, warn("code-run-out")),
        CodeView::Counter(None) => fitted(ui, weak("hotp-hint")),
        CodeView::Counter(Some(code)) => big_code(ui, code, shared_note()),
        CodeView::Timed {
            code,
            next,
            seconds_left,
            ..
        } => {
            if *seconds_left < COPY_NEXT_BELOW_SECS {
                // A click now copies the next code: that is the one to show large.
                let seconds = Arg::Number(i64::from(*seconds_left));
                let note = tr.with("next-code-copies", &[("seconds", seconds)]);
                let colour = ui.visuals().warn_fg_color;
                big_code(ui, next, Some(RichText::new(note).color(colour)));
            } else {
                let preview = (*seconds_left <= WARN_SECS).then(|| {
                    let next = group_for_reading(next);
                    let text = tr.with("next-code-preview", &[("code", Arg::Text(&next))]);
                    RichText::new(text).color(ui.visuals().text_color())
                });
                big_code(ui, code, preview.or_else(shared_note));
            }
        }
    }
}

/// The code in large type; under it `note` at [`NOTE_SIZE`] (the next code, or what a click
/// copies).
fn big_code(ui: &mut egui::Ui, code: &str, note: Option<RichText>) {
    ui.vertical(|ui| {
        ui.with_layout(Layout::top_down(Align::Max), |ui| {
            let text = RichText::new(group_for_reading(code))
                .monospace()
                .size(22.0)
                .strong();
            ui.add(egui::Label::new(text).selectable(false));
            if let Some(note) = note {
                // Within the room the names leave for this side (see `code_side_width`).
                ui.set_max_width(150.0);
                let note = egui::Label::new(note.size(NOTE_SIZE)).truncate();
                ui.add(note.selectable(false));
            }
        });
    });
}

/// The name's line is the body size (14 points); the next code is at least three quarters.
const NOTE_SIZE: f32 = 12.5;

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
    let shown = *seconds_left;
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
    item(
        ui,
        "account-hotkey-menu",
        Action::QuickPick(crate::gui::command::PickAction::EditHotkey(id.clone())),
    );
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
