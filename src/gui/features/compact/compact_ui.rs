//! The compact window's drawing: a short header (search, lock or switch person, back to the
//! full window) and one line per account — the issuer (or name), the code a click copies and
//! the countdown ring. A click copies as in the full list.
//! Drawing only: returns actions, changes nothing but the search text; must not depend on
//! `app.rs` or the runtime.

use eframe::egui::{self, Align, Layout, RichText, Role, Sense, TextEdit, WidgetInfo, vec2};

use crate::gui::command::{Action, DeskAction, SafetyAction};
use crate::gui::features::list::{chrome_ui, row_ui};
use crate::gui::model::Model;
use crate::gui::model::mirror::CodeView;
use crate::gui::model::sections::Item;
use crate::gui::support::i18n::Tr;
use crate::otp::group_for_reading;

const ROW_HEIGHT: f32 = 40.0;

/// The button that switches the mode, named for a screen reader. Its icon is drawn, not a
/// glyph (no bundled font has one): a window with a narrow strip on top of it to go compact,
/// a whole window to go back.
pub fn toggle_button_ui(ui: &mut egui::Ui, compact: bool, tr: &Tr) -> Option<Action> {
    let (name, hint) = if compact {
        (tr.get("compact-mode-off"), tr.get("compact-mode-off"))
    } else {
        (tr.get("compact-mode"), tr.get("compact-mode-hint"))
    };
    let size = vec2(28.0, ui.spacing().interact_size.y);
    let response = ui
        .add_sized(size, egui::Button::new(""))
        .on_hover_text(hint);
    response.widget_info(|| WidgetInfo::labeled(Role::Button, true, &name));
    let colour = ui.style().interact(&response).fg_stroke.color;
    let stroke = egui::Stroke::new(1.2, colour);
    let frame = egui::Rect::from_center_size(response.rect.center(), vec2(16.0, 12.0));
    let painter = ui.painter();
    painter.rect_stroke(frame, 1.5, stroke, egui::StrokeKind::Inside);
    if compact {
        // A whole window: its title bar.
        let bar = egui::Rect::from_min_max(frame.min, egui::pos2(frame.max.x, frame.min.y + 3.0));
        painter.rect_filled(bar, 1.0, colour);
    } else {
        // A narrow strip standing on the right, over the window.
        let strip = egui::Rect::from_min_max(
            egui::pos2(frame.max.x - 6.0, frame.min.y - 2.0),
            egui::pos2(frame.max.x + 1.0, frame.max.y + 2.0),
        );
        painter.rect_filled(strip, 1.0, colour);
    }
    response.clicked().then_some(Action::SetCompact(!compact))
}

/// The header: the search, the lock (or Switch person at a desk) and the way back.
pub fn header_ui(ui: &mut egui::Ui, model: &mut Model) -> Option<Action> {
    let mut action = None;
    let (tr, search) = (&model.tr, &mut model.view.search);
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            action = toggle_button_ui(ui, true, tr);
            if model.acting.is_some() {
                if ui.button(tr.get("switch-person")).clicked() {
                    action = Some(Action::Desk(DeskAction::SwitchPerson));
                }
            } else if model.settings.lock.password.is_some()
                && ui
                    .button(tr.get("lock"))
                    .on_hover_text(tr.get("lock-hint"))
                    .clicked()
            {
                action = Some(Action::Safety(SafetyAction::Lock));
            }
            let field = TextEdit::singleline(search)
                .id(chrome_ui::search_id())
                .hint_text(tr.get("search-label"))
                .desired_width(f32::INFINITY);
            let response = ui.add(field);
            response
                .widget_info(|| WidgetInfo::labeled(Role::TextInput, true, tr.get("search-label")));
        });
    });
    if let Some(message) = &model.view.banner {
        action = chrome_ui::banner_ui(ui, message, tr).or(action);
    }
    ui.add_space(2.0);
    action
}

/// The rows: a click copies. Returns the action and the seconds until a row changes.
pub fn list_ui(ui: &mut egui::Ui, model: &Model, now: u64) -> (Option<Action>, Option<u32>) {
    let tr = &model.tr;
    let Some(accounts) = model.vault.accounts.as_ref() else {
        ui.label(RichText::new(tr.get("loading")).weak());
        return (None, None);
    };
    let mut action = None;
    let mut ticking = false;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.spacing_mut().item_spacing.y = 2.0;
            for item in &model.items {
                let Item::Row(index) = item else {
                    continue;
                };
                let account = &accounts[*index];
                let code = model.vault.code_view(account, now);
                ticking |= matches!(code, CodeView::Timed { .. });
                if let Some(a) = row_ui(ui, account, &code, tr) {
                    action = Some(a);
                }
            }
        });
    (action, ticking.then_some(1))
}

fn row_ui(
    ui: &mut egui::Ui,
    account: &crate::store::metadata::Account,
    code: &CodeView,
    tr: &Tr,
) -> Option<Action> {
    let (rect, response) =
        ui.allocate_exact_size(vec2(ui.available_width(), ROW_HEIGHT), Sense::click());
    let label = account.label();
    // What a screen reader says: the same sentence as the full list's row.
    let spoken = crate::gui::features::list::spoken::spoken(account, code, tr);
    response.widget_info(|| WidgetInfo::labeled(Role::Button, true, &spoken));
    if response.hovered() {
        ui.painter()
            .rect_filled(rect, 4.0, ui.visuals().widgets.hovered.weak_bg_fill);
    }
    // Issuer over name: a team's list holds one issuer many times (people × stores), and the
    // name is what tells those rows apart.
    let (first, second) = if account.issuer.trim().is_empty() {
        (account.name.trim(), "")
    } else {
        (account.issuer.trim(), account.name.trim())
    };
    let mut action = None;
    let inner = egui::UiBuilder::new()
        .max_rect(rect.shrink2(vec2(6.0, 0.0)))
        .layout(Layout::right_to_left(Align::Center));
    ui.scope_builder(inner, |ui| {
        row_ui::countdown_ui(ui, code);
        match (code.to_give(), code) {
            (Some((given, next)), _) => {
                let mut text = RichText::new(group_for_reading(given))
                    .monospace()
                    .size(18.0)
                    .strong();
                if next.is_some() {
                    // The next code already: its period starts in a moment.
                    text = text.color(ui.visuals().warn_fg_color);
                }
                ui.add(egui::Label::new(text).selectable(false));
            }
            (None, CodeView::Counter(None)) => {
                if ui.small_button(tr.get("next-code")).clicked() {
                    action = Some(Action::NextHotp(account.id.clone()));
                }
            }
            (None, _) => {
                ui.add(egui::Label::new(RichText::new("—").weak()).selectable(false));
            }
        }
        ui.with_layout(Layout::top_down(Align::Min), |ui| {
            ui.spacing_mut().item_spacing.y = 0.0;
            ui.add_space(((ROW_HEIGHT - 30.0) / 2.0).max(0.0));
            let issuer = egui::Label::new(first).selectable(false).truncate();
            ui.add(issuer).on_hover_text(&label);
            if !second.is_empty() {
                let name = RichText::new(second).weak().size(11.0);
                ui.add(egui::Label::new(name).selectable(false).truncate());
            }
        });
    });
    if action.is_none() && response.clicked() {
        action = Some(Action::Copy(account.id.clone()));
    }
    action
}
