//! The scrolling account list. Only the rows inside the viewport are laid out and get codes
//! computed, so 500 accounts cost what 10 do.

use eframe::egui::{self, Rect, Role, Sense, WidgetInfo, vec2};

use std::collections::HashSet;

use super::chrome_ui;
use super::row_ui::{self as row, ROW_HEIGHT, RowView};
use crate::gui::command::Action;
use crate::gui::model::Model;
use crate::gui::model::mirror::CodeView;
use crate::gui::model::sections::{Item, SectionKey};
use crate::gui::support::i18n::{Arg, Language, Tr};

pub const HEADER_HEIGHT: f32 = 36.0;

pub struct ListOutput {
    pub action: Option<Action>,
    /// Seconds until a row on screen looks different (its countdown: 1), if any does.
    pub next_change_secs: Option<u32>,
}

fn height(item: &Item) -> f32 {
    match item {
        Item::Header { .. } => HEADER_HEIGHT,
        Item::Row(_) => ROW_HEIGHT,
    }
}

/// The central panel: "opening…", the first-run page, "no matches", or the list. Returns the
/// action chosen and the seconds until a visible row changes.
pub fn main_ui(ui: &mut egui::Ui, model: &mut Model, now: u64) -> (Option<Action>, Option<u32>) {
    let Some(accounts) = model.vault.accounts.as_ref() else {
        ui.centered_and_justified(|ui| ui.label(model.tr.get("loading")));
        return (None, None);
    };
    if accounts.is_empty() && !model.may_manage() {
        ui.add_space(24.0);
        let text = model.tr.get("member-nothing-shared");
        ui.vertical_centered(|ui| ui.label(egui::RichText::new(text).weak()));
        return (None, None);
    }
    if accounts.is_empty() {
        return (chrome_ui::empty_ui(ui, &model.tr), None);
    }
    let manage = model
        .may_manage()
        .then(|| model.acting.as_ref().is_some_and(|a| a.admin));
    if model.items.is_empty() {
        let query = model.view.search.trim();
        let text = model.tr.with("no-matches", &[("query", Arg::Text(query))]);
        ui.add_space(24.0);
        ui.vertical_centered(|ui| ui.label(egui::RichText::new(text).weak()));
        return (None, None);
    }
    let selected = model.view.selected.as_ref();
    let scroll_to = if std::mem::take(&mut model.view.scroll_to_selected) {
        model
            .items
            .iter()
            .position(|item| matches!(item, Item::Row(i) if Some(&accounts[*i].id) == selected))
    } else {
        None
    };
    let repeated = repeated_issuers(accounts);
    let (tr, shares, admin) = (&model.tr, &model.shares, manage == Some(true));
    let out = list_ui(ui, &model.items, tr, scroll_to, |index| {
        let account = &accounts[index];
        RowView {
            account,
            code: model.vault.code_view(account, now),
            selected: selected == Some(&account.id),
            manage,
            issuer_repeats: repeated.contains(account.issuer.trim()),
            shared: shares
                .get(&account.id)
                .map(|with| shared_text(with, admin, now, tr)),
        }
    });
    (out.action, out.next_change_secs)
}

/// Issuers that more than one account has (their rows lead with the account name).
fn repeated_issuers(accounts: &[crate::store::metadata::Account]) -> HashSet<&str> {
    let mut seen = HashSet::new();
    let mut repeated = HashSet::new();
    for account in accounts {
        let issuer = account.issuer.trim();
        if !issuer.is_empty() && !seen.insert(issuer) {
            repeated.insert(issuer);
        }
    }
    repeated
}

/// "Shared: 李娜 (until 18:00), 张伟" for an admin; "until 18:00" for the member it is shared
/// with (nothing when it has no end).
fn shared_text(with: &[(String, Option<u64>)], admin: bool, now: u64, tr: &Tr) -> String {
    let until = |at: u64| crate::desk::until::show_until(at, now);
    if !admin {
        return with
            .iter()
            .filter_map(|(_, at)| *at)
            .min()
            .map(|at| tr.with("row-member-until", &[("time", Arg::Text(&until(at)))]))
            .unwrap_or_default();
    }
    let list: Vec<String> = with
        .iter()
        .map(|(name, at)| match at {
            Some(at) => tr.with(
                "share-item-until",
                &[("name", Arg::Text(name)), ("time", Arg::Text(&until(*at)))],
            ),
            None => name.clone(),
        })
        .collect();
    let separator = if tr.language() == Language::SimplifiedChinese {
        "、"
    } else {
        ", "
    };
    tr.with("row-shared", &[("list", Arg::Text(&list.join(separator)))])
}

/// At wide sizes the rows keep this width, centred, so a name and its code stay close.
pub const MAX_ROW_WIDTH: f32 = 640.0;

/// `row_view(index)` builds a visible row's view; `scroll_to` brings that item into view.
pub fn list_ui<'a>(
    ui: &mut egui::Ui,
    items: &[Item],
    tr: &Tr,
    scroll_to: Option<usize>,
    mut row_view: impl FnMut(usize) -> RowView<'a>,
) -> ListOutput {
    let mut tops = Vec::with_capacity(items.len() + 1);
    let mut y = 0.0;
    for item in items {
        tops.push(y);
        y += height(item);
    }
    let total = y + 8.0;
    let mut out = ListOutput {
        action: None,
        next_change_secs: None,
    };
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show_viewport(ui, |ui, viewport| {
            ui.set_height(total);
            let full = ui.available_width();
            let width = full.min(MAX_ROW_WIDTH);
            let origin = ui.max_rect().min + vec2((full - width) / 2.0, 0.0);
            if let Some(index) = scroll_to.filter(|i| *i < items.len()) {
                let rect = Rect::from_min_size(
                    origin + vec2(0.0, tops[index]),
                    vec2(width, height(&items[index])),
                );
                ui.scroll_to_rect(rect, None);
            }
            // The first item whose bottom is below the viewport's top.
            let first = tops.partition_point(|top| *top + ROW_HEIGHT < viewport.min.y);
            for (index, item) in items.iter().enumerate().skip(first) {
                let top = tops[index];
                if top > viewport.max.y {
                    break;
                }
                let rect = Rect::from_min_size(origin + vec2(0.0, top), vec2(width, height(item)));
                let action = match item {
                    Item::Header { key, count, folded } => {
                        header_ui(ui, rect, key, *count, *folded, tr)
                    }
                    Item::Row(account_index) => {
                        let view = row_view(*account_index);
                        if let CodeView::Timed { .. } = view.code {
                            // The countdown shows the real seconds: it changes every second.
                            out.next_change_secs = Some(1);
                        }
                        row::row_ui(ui, rect, &view, tr)
                    }
                };
                out.action = out.action.take().or(action);
            }
        });
    out
}

fn header_ui(
    ui: &mut egui::Ui,
    rect: Rect,
    key: &SectionKey,
    count: usize,
    folded: bool,
    tr: &Tr,
) -> Option<Action> {
    let title = match key {
        SectionKey::Pinned => tr.get("section-pinned"),
        SectionKey::Group(name) => name.clone(),
        SectionKey::Other => tr.get("section-other"),
    };
    let response = ui.interact(
        rect,
        ui.scope_id().with(("section", key.fold_key())),
        Sense::click(),
    );
    response.widget_info(|| WidgetInfo::labeled(Role::Button, true, &title));
    let count_text = tr.with(
        "section-count",
        &[(
            "count",
            Arg::Number(i64::try_from(count).unwrap_or(i64::MAX)),
        )],
    );
    let colour = if response.hovered() {
        ui.visuals().strong_text_color()
    } else {
        ui.visuals().text_color()
    };
    let painter = ui.painter();
    let left = rect.left_center() + vec2(16.0, 4.0);
    paint_arrow(painter, left + vec2(4.0, 0.0), folded, colour);
    let title_rect = painter.text(
        left + vec2(18.0, 0.0),
        egui::Align2::LEFT_CENTER,
        &title,
        egui::FontId::proportional(15.0),
        colour,
    );
    painter.text(
        title_rect.right_center() + vec2(10.0, 0.0),
        egui::Align2::LEFT_CENTER,
        count_text,
        egui::FontId::proportional(12.0),
        ui.visuals().weak_text_color(),
    );
    response
        .clicked()
        .then(|| Action::ToggleSection(key.fold_key()))
}

/// A small triangle pointing right (folded) or down (open); drawn, so no font needs the glyph.
fn paint_arrow(painter: &egui::Painter, center: egui::Pos2, folded: bool, colour: egui::Color32) {
    let r = 4.0;
    let points = if folded {
        vec![
            center + vec2(-r * 0.6, -r),
            center + vec2(r, 0.0),
            center + vec2(-r * 0.6, r),
        ]
    } else {
        vec![
            center + vec2(-r, -r * 0.6),
            center + vec2(r, -r * 0.6),
            center + vec2(0.0, r),
        ]
    };
    painter.add(egui::Shape::convex_polygon(
        points,
        colour,
        egui::Stroke::NONE,
    ));
}
