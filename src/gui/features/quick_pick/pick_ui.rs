//! The quick pick's drawing: the search (always focused, so typing filters at once), the
//! matching accounts with their live codes and seconds left, one highlighted, and a line
//! naming the keys. Each row is one item for a screen reader: "Shopify, store7, code 448 499,
//! 18 seconds left". Arrows, Enter, Shift+Enter, Ctrl+Enter and Esc are read here before the
//! search field sees them.
//! Drawing only: returns actions, changes nothing but its own text; must not depend on `app.rs`.

use eframe::egui::{self, Key, Modifiers, RichText, Role, Sense, TextEdit, WidgetInfo};

use super::QuickPickState;
use crate::gui::command::{Action, Finish, PickAction};
use crate::gui::model::Model;
use crate::gui::model::mirror::CodeView;
use crate::gui::model::sections;
use crate::gui::support::focus;
use crate::gui::support::i18n::{Arg, Tr};
use crate::otp::group_for_reading;
use crate::store::metadata::Account;

const ROW_HEIGHT: f32 = 40.0;

pub fn search_id() -> egui::Id {
    egui::Id::unique("otp-desk-quick-pick-search")
}

/// Above the unlock field when the shortcut opened a locked window: what this is, and Esc,
/// which closes the quick pick there too.
pub fn locked_header_ui(ui: &mut egui::Ui, tr: &Tr) -> Option<Action> {
    egui::Panel::top("quick-pick-locked").show(ui, |ui| {
        ui.label(
            RichText::new(tr.get("quick-pick-title"))
                .strong()
                .size(16.0),
        );
        ui.label(tr.get("quick-pick-locked"));
    });
    ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape))
        .then_some(Action::QuickPick(PickAction::Close))
}

/// The quick pick filling the window (see [`quick_pick_ui`]).
pub fn frame_ui(
    ui: &mut egui::Ui,
    state: &mut QuickPickState,
    model: &Model,
    now: u64,
) -> (Vec<Action>, Option<u32>) {
    let frame = egui::Frame::central_panel(ui.style()).fill(egui::Color32::TRANSPARENT);
    let (action, change_in_secs) = egui::CentralPanel::default_margins()
        .frame(frame)
        .show(ui, |ui| quick_pick_ui(ui, state, model, now))
        .inner;
    (action.into_iter().collect(), change_in_secs)
}

/// The accounts the search finds, in the list's order.
pub fn matching<'a>(model: &'a Model, query: &str) -> Vec<&'a Account> {
    model
        .accounts()
        .iter()
        .filter(|a| sections::matches(a, query))
        .collect()
}

/// Draws the quick pick; returns what was asked for and when it must be drawn again (seconds).
pub fn quick_pick_ui(
    ui: &mut egui::Ui,
    state: &mut QuickPickState,
    model: &Model,
    now: u64,
) -> (Option<Action>, Option<u32>) {
    let tr = &model.tr;
    let mut action = keys(ui.ctx());
    ui.label(
        RichText::new(tr.get("quick-pick-title"))
            .strong()
            .size(16.0),
    );
    if let Some(title) = state.target.as_ref().and_then(|t| t.title.as_deref()) {
        let into = tr.with("quick-pick-into", &[("title", Arg::Text(title))]);
        ui.add(egui::Label::new(RichText::new(into).weak()).truncate());
    }
    let search = ui.horizontal(|ui| {
        let label = ui.label(tr.get("quick-pick-search"));
        let field = TextEdit::singleline(&mut state.query)
            .id(search_id())
            .hint_text(tr.get("quick-pick-hint"))
            .desired_width(f32::INFINITY);
        ui.add(field).labelled_by(label.id)
    });
    if search.inner.changed() {
        state.notice = None;
    }
    if (state.focus_search || !search.inner.has_focus()) && focus::window_has_focus(ui) {
        search.inner.request_focus();
        state.focus_search = false;
    }
    if let Some(notice) = &state.notice {
        ui.colored_label(ui.visuals().warn_fg_color, notice);
    }
    let found = matching(model, &state.query);
    state.selected = state.selected.min(found.len().saturating_sub(1));
    if let Some(Action::QuickPick(PickAction::Choose(id, _))) = &mut action {
        match found.get(state.selected) {
            Some(account) => *id = account.id.clone(),
            None => action = None,
        }
    }
    ui.add_space(4.0);
    let hint_height = 22.0;
    egui::ScrollArea::vertical()
        .max_height((ui.available_height() - hint_height).max(ROW_HEIGHT))
        .auto_shrink([false, true])
        .show(ui, |ui| {
            if found.is_empty() {
                ui.label(RichText::new(tr.get("quick-pick-none")).weak());
            }
            for (i, account) in found.iter().enumerate() {
                let code = model.vault.code_view(account, now);
                if let Some(chosen) = row_ui(ui, account, &code, i == state.selected, tr) {
                    action = Some(chosen);
                }
            }
        });
    ui.add(egui::Label::new(RichText::new(tr.get("quick-pick-keys")).weak().small()).wrap());
    (action, Some(1))
}

/// The keys the quick pick answers to. A chosen account is filled in by the caller (it knows
/// the list); the most specific Enter is read first, as egui ignores extra Shift otherwise.
fn keys(ctx: &egui::Context) -> Option<Action> {
    let placeholder = crate::store::AccountId::from("");
    ctx.input_mut(|i| {
        let pick = |finish| {
            Some(Action::QuickPick(PickAction::Choose(
                placeholder.clone(),
                finish,
            )))
        };
        if i.consume_key(Modifiers::NONE, Key::Escape) {
            Some(Action::QuickPick(PickAction::Close))
        } else if i.consume_key(Modifiers::NONE, Key::ArrowDown) {
            Some(Action::QuickPick(PickAction::Move(1)))
        } else if i.consume_key(Modifiers::NONE, Key::ArrowUp) {
            Some(Action::QuickPick(PickAction::Move(-1)))
        } else if i.consume_key(Modifiers::COMMAND, Key::Enter) {
            pick(Finish::Copy)
        } else if i.consume_key(Modifiers::SHIFT, Key::Enter) {
            pick(Finish::TypeThenEnter)
        } else if i.consume_key(Modifiers::NONE, Key::Enter) {
            pick(Finish::Type)
        } else {
            None
        }
    })
}

fn row_ui(
    ui: &mut egui::Ui,
    account: &Account,
    code: &CodeView,
    selected: bool,
    tr: &Tr,
) -> Option<Action> {
    let width = ui.available_width();
    let (rect, response) = ui.allocate_exact_size(egui::vec2(width, ROW_HEIGHT), Sense::click());
    let spoken = crate::gui::features::list::spoken::spoken(account, code, tr);
    response.widget_info(|| WidgetInfo::selected(Role::Button, true, selected, &spoken));
    if selected {
        ui.scroll_to_rect(rect, None);
    }
    let visuals = ui.visuals();
    if selected || response.hovered() {
        let fill = if selected {
            visuals.selection.bg_fill.gamma_multiply(0.35)
        } else {
            visuals.faint_bg_color
        };
        ui.painter().rect_filled(rect, 6.0, fill);
    }
    let text_color = visuals.text_color();
    let weak = visuals.weak_text_color();
    let inner = rect.shrink2(egui::vec2(10.0, 4.0));
    let painter = ui.painter();
    let name = if account.name.trim().is_empty() {
        account.issuer.clone()
    } else {
        format!("{} · {}", account.issuer, account.name)
    };
    let (big, small) = match code {
        CodeView::Timed { seconds_left, .. } => {
            let shown = code.to_give().map_or("", |(given, _)| given);
            let secs = i64::from(*seconds_left);
            let left = tr.with("quick-pick-seconds", &[("seconds", Arg::Number(secs))]);
            (group_for_reading(shown), left)
        }
        CodeView::Counter(Some(code)) => (group_for_reading(code), String::new()),
        _ => ("—".to_owned(), String::new()),
    };
    let font = egui::FontId::proportional(14.0);
    let code_font = egui::FontId::monospace(18.0);
    let left = inner.left_center();
    let right = inner.right_center();
    let seconds = painter.text(right, egui::Align2::RIGHT_CENTER, small, font.clone(), weak);
    let code_pos = egui::pos2(seconds.left() - 10.0, right.y);
    let code_rect = painter.text(
        code_pos,
        egui::Align2::RIGHT_CENTER,
        big,
        code_font,
        text_color,
    );
    let room = (code_rect.left() - left.x - 8.0).max(20.0);
    let galley = painter.layout(name, font, text_color, room);
    let clipped = painter.with_clip_rect(egui::Rect::from_min_max(
        inner.min,
        egui::pos2(code_rect.left() - 8.0, inner.max.y),
    ));
    clipped.galley(
        egui::pos2(left.x, left.y - galley.size().y / 2.0),
        galley,
        text_color,
    );
    response
        .clicked()
        .then(|| Action::QuickPick(PickAction::Choose(account.id.clone(), Finish::Type)))
}
