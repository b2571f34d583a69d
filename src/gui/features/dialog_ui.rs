//! The one modal dialog over the list, whichever feature opened it: each [`Dialog`] variant is
//! drawn by its feature's `*_ui` function inside one frame that fits the window at any size —
//! its title and a close button (×) stay at the top, the rest scrolls when the window is small.
//! Returns the action chosen and whether a countdown shows (so the frame loop redraws each
//! second).
//! Composes features' `*_ui` functions; must not depend on `app.rs` or the runtime.

use eframe::egui::{self, RichText};

use super::registry::Features;
use super::{account, copy_log, desk, export, import, lock, quick_pick, rekey, settings, team};
use crate::gui::command::Action;
use crate::gui::model::Model;
use crate::gui::model::mirror::CodeView;
use crate::gui::model::view::Dialog;
use crate::gui::support::i18n::{Arg, Tr};
use crate::platform::hotkey::Hotkeys;

/// The id of the dialog's area (tests read its rectangle).
pub fn dialog_id() -> egui::Id {
    egui::Id::unique("otp-desk-dialog")
}

/// Space kept free around the dialog, in points.
const MARGIN: f32 = 8.0;
/// Kept free under the dialog for a toast (which sits at the window's bottom), so a message
/// such as a refusal never covers the dialog's buttons.
const TOAST_STRIP: f32 = 64.0;

/// Where the dialog's frame was drawn last (tests check it is inside the window).
pub fn last_dialog_rect(ctx: &egui::Context) -> Option<egui::Rect> {
    ctx.data(|d| d.get_temp(dialog_id()))
}

/// The dialog's title, the same words its feature would put at its top.
fn title(dialog: &Dialog, model: &Model, tr: &Tr) -> String {
    let key = match dialog {
        Dialog::Add(_) => "add-title",
        Dialog::Added(_) => "added-title",
        Dialog::Edit(_) => "edit-title",
        Dialog::Delete(_) => "delete-title",
        Dialog::Reveal { what, .. } => match what {
            crate::gui::command::Reveal::Secret => "secret-title",
            crate::gui::command::Reveal::QrCode => "qr-title",
        },
        Dialog::Settings => "settings",
        Dialog::Import(panel) if panel.rekey.is_some() => "rekey-title",
        Dialog::Import(_) => "import-title",
        Dialog::Password { .. } => "password-prompt-title",
        Dialog::CopyLog(_) => "copy-log-title",
        Dialog::Export(_) => "export-title",
        Dialog::People(_) => "people-title",
        Dialog::Sharing(draft) => {
            let label = model.vault.label_of(&draft.account);
            return tr.with("sharing-title", &[("label", Arg::Text(&label))]);
        }
        Dialog::Trash(_) => "trash-title",
        Dialog::Log(_) => "log-title",
        Dialog::OwnPin(_) => "own-pin-title",
        Dialog::Rekey(_) => "rekey-title",
        Dialog::Team(page) => match **page {
            crate::gui::model::team_page::TeamPage::Share(_) => "team-share-title",
            crate::gui::model::team_page::TeamPage::Invite(_) => "team-invite-title",
            crate::gui::model::team_page::TeamPage::Join(_) => "team-join-title",
            crate::gui::model::team_page::TeamPage::Revoke(_) => "team-revoke-title",
            crate::gui::model::team_page::TeamPage::Choices(_) => "team-choices-title",
        },
    };
    tr.get(key)
}

/// How wide the dialog is when the window has room (each feature's form was laid out for it).
fn width(dialog: &Dialog) -> f32 {
    match dialog {
        Dialog::Password { .. } => 320.0,
        Dialog::Added(_)
        | Dialog::Delete(_)
        | Dialog::Reveal { .. }
        | Dialog::Settings
        | Dialog::Export(_)
        | Dialog::OwnPin(_) => 340.0,
        Dialog::Edit(_) => 360.0,
        Dialog::Add(_) | Dialog::CopyLog(_) => 380.0,
        Dialog::Sharing(_) => 400.0,
        Dialog::Import(_)
        | Dialog::People(_)
        | Dialog::Trash(_)
        | Dialog::Rekey(_)
        | Dialog::Team(_) => 420.0,
        Dialog::Log(_) => 560.0,
    }
}

/// The title row: the title (cut short with … when the window is narrow) and ×, which closes
/// the dialog like Esc, Close or Cancel.
/// Returns whether × was clicked and the title's id (the dialog's name).
fn title_bar_ui(ui: &mut egui::Ui, title: &str, tr: &Tr) -> (bool, egui::Id) {
    let mut close = false;
    let mut title_id = egui::Id::NULL;
    ui.horizontal(|ui| {
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let x = ui
                .add(egui::Button::new(RichText::new("×").size(18.0)).frame(false))
                .on_hover_text(tr.get("close"));
            x.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Button, true, tr.get("close-dialog"))
            });
            close = x.clicked();
            ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                title_id = ui
                    .add(egui::Label::new(RichText::new(title).heading()).truncate())
                    .id;
            });
        });
    });
    ui.separator();
    (close, title_id)
}

pub fn dialog_ui(
    ctx: &egui::Context,
    model: &mut Model,
    features: &Features,
    now: u64,
) -> (Option<Action>, bool) {
    let lock_state = &features.lock;
    // Out of the model while drawing, so the dialog can read the rest of it.
    let Some(mut dialog) = model.view.dialog.take() else {
        return (None, false);
    };
    let mut drafts = std::mem::take(&mut model.view.drafts);
    let mut ticking = false;
    let now_millis = model.base_clock.unix_millis();
    let m = &*model;
    let tr = &m.tr;
    let mut screen = ctx.content_rect().shrink(MARGIN);
    screen.max.y -= TOAST_STRIP;
    let title = title(&dialog, m, tr);
    let mut closed = false;
    let area = egui::Modal::default_area(dialog_id()).anchor(
        egui::Align2::CENTER_CENTER,
        egui::vec2(0.0, -TOAST_STRIP / 2.0),
    );
    let modal = egui::Modal::new(dialog_id()).area(area).show(ctx, |ui| {
        let frame_margin = ui.style().spacing.window_margin.sum().x + 2.0;
        ui.set_width(width(&dialog).min(screen.width() - frame_margin).max(120.0));
        // An area offers its content last frame's size; a dialog that grew (a row added, an
        // error shown) may take up to the window's height, and scrolls beyond that.
        ui.set_max_height((screen.height() - frame_margin).max(120.0));
        let title_id;
        (closed, title_id) = title_bar_ui(ui, &title, tr);
        // A screen reader announces the dialog (egui's modal area) by its title.
        let modal_id = ui
            .stack()
            .iter()
            .find(|s| s.kind() == Some(egui::UiKind::Modal))
            .map_or(ui.unique_id(), |s| s.unique_id);
        ui.ctx().accesskit_node_builder(modal_id, |node| {
            node.push_labelled_by(title_id.accesskit_id());
        });
        // What is left under the title row for the scrolling body.
        let body_height = (screen.height() - frame_margin - 48.0).max(80.0);
        // A bar that takes its own room when the body scrolls: egui's default floats over the
        // content, and the last characters of each wrapped line ran under it.
        ui.spacing_mut().scroll = egui::style::ScrollStyle::solid();
        let inner = egui::ScrollArea::vertical()
            .max_height(body_height)
            .auto_shrink([true, true])
            .show(ui, |ui| match &mut dialog {
                Dialog::Add(draft) => account::add_ui::add_dialog_ui(ui, draft, tr),
                Dialog::Added(id) => {
                    let (code, left) = match m.vault.account(id).map(|a| m.vault.code_view(a, now))
                    {
                        Some(CodeView::Timed {
                            code, seconds_left, ..
                        }) => (Some(code), Some(seconds_left)),
                        Some(CodeView::Counter(code)) => (code, None),
                        _ => (None, None),
                    };
                    ticking = left.is_some();
                    let label = m.vault.label_of(id);
                    account::add_ui::added_ui(ui, &label, code.as_deref(), left, tr)
                }
                Dialog::Edit(draft) => account::edit_ui::edit_ui(ui, draft, tr),
                Dialog::Delete(id) => {
                    account::edit_ui::delete_ui(ui, id, &m.vault.label_of(id), tr)
                }
                Dialog::Reveal {
                    id,
                    what,
                    confirmed,
                } => {
                    let entry = m.vault.entry(id);
                    account::edit_ui::reveal_ui(ui, *what, *confirmed, entry.as_ref(), tr)
                }
                Dialog::Settings => {
                    let manage = m.may_manage();
                    settings::settings_ui::settings_ui(ui, &m.settings, manage, tr, |ui| {
                        let shortcut = quick_pick::shortcut_ui::shortcut_section_ui(
                            ui,
                            &mut drafts.shortcut,
                            m.settings.quick_pick_shortcut.is_some(),
                            &features.quick_pick.status,
                            (
                                &features.quick_pick.keyboard.can_type(),
                                features
                                    .quick_pick
                                    .hotkeys
                                    .as_ref()
                                    .is_some_and(Hotkeys::through_desktop),
                            ),
                            tr,
                        );
                        let listed = quick_pick::account_keys::listed(m);
                        let refused = &features.quick_pick.account_status;
                        let keys = quick_pick::account_keys_ui::list_ui(ui, &listed, refused, tr);
                        let shortcut = shortcut.or(keys);
                        let safety = settings::safety_ui::settings_ui(
                            ui,
                            &m.settings,
                            &mut drafts,
                            (m.acting.is_some(), manage, m.accounts().is_empty()),
                            m.team.as_ref(),
                            now,
                            tr,
                        );
                        safety.or(shortcut)
                    })
                }
                Dialog::Password { draft, .. } => {
                    lock::lock_ui::password_prompt_ui(ui, draft, lock_state, now_millis, tr)
                }
                Dialog::CopyLog(lines) => copy_log::copy_log_ui(ui, lines, tr),
                Dialog::Export(d) => export::export_ui::export_dialog_ui(ui, d, tr),
                Dialog::People(draft) => {
                    desk::people_ui::people_ui(ui, draft, &features.desk, now, tr)
                }
                Dialog::OwnPin(draft) => {
                    desk::leaving_ui::own_pin_ui(ui, draft, features.desk.busy, tr)
                }
                Dialog::Rekey(draft) => {
                    let live = draft.entry.is_some();
                    ticking |= live;
                    let label = m.vault.label_of(&draft.account);
                    rekey::rekey_ui::rekey_ui(ui, draft, &label, now, tr)
                }
                Dialog::Sharing(draft) => {
                    let shares = desk::shares::shares_of(&features.desk, &draft.account, now);
                    let counter = m.vault.account(&draft.account).is_some_and(|a| {
                        matches!(a.params.kind(), crate::otp::OtpKind::Hotp { .. })
                    });
                    desk::sharing_ui::sharing_ui(
                        ui,
                        draft,
                        &features.desk,
                        &shares,
                        (now, counter),
                        tr,
                    )
                }
                Dialog::Trash(accounts) => desk::records_ui::trash_ui(ui, accounts, tr),
                Dialog::Team(page) => {
                    let (action, live) = team::team_ui::team_ui(ui, page, now, tr);
                    ticking |= live;
                    action
                }
                Dialog::Log(view) => desk::records_ui::log_ui(ui, view, tr),
                Dialog::Import(panel) => {
                    let (action, live) = import::panel_ui::import_panel_ui(ui, panel, tr, now);
                    ticking |= live;
                    action
                }
            })
            .inner;
        let rect = ui
            .min_rect()
            .expand(ui.style().spacing.window_margin.sum().x / 2.0);
        let before = last_dialog_rect(ui.ctx());
        ui.ctx().data_mut(|d| d.insert_temp(dialog_id(), rect));
        if before != Some(rect) {
            // The scrolling body takes its size from the frame before: draw once more until
            // the dialog has settled, so nothing is clicked where it no longer is.
            ui.ctx().request_repaint();
        }
        inner
    });
    model.view.drafts = drafts;
    model.view.dialog = Some(dialog);
    let close = (closed || modal.should_close()).then_some(Action::CloseDialog);
    (modal.inner.or(close), ticking)
}

/// A spinner that tells a screen reader what it is ("Working…", "正在处理…"); egui's own is an
/// unnamed progress bar there.
pub fn spinner(ui: &mut egui::Ui, tr: &Tr) -> egui::Response {
    let response = ui.spinner();
    let label = tr.get("busy");
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::ProgressIndicator, true, &label));
    response
}

/// Sets a dialog's width to `points`, or less when the window is narrower.
pub fn fit_width(ui: &mut egui::Ui, points: f32) {
    ui.set_width(points.min(ui.available_width()).max(100.0));
}
