//! The safety sections of Settings: team mode, app lock, clock correction and the copy log.
//! A desk member sees only what they may change (the clock check); the rest is not shown
//! rather than refused. Drawing only: returns actions, changes nothing; must not depend on
//! `app.rs` or the runtime.

use eframe::egui::{self, RichText};

use crate::gui::command::{Action, DeskAction, SafetyAction, TeamAction};
use crate::gui::features::lock::lock_ui;
use crate::gui::model::TeamView;
use crate::gui::model::settings::Settings;
use crate::gui::model::view::SettingsDrafts;
use crate::gui::support::i18n::Tr;

/// The safety sections of Settings. `desk_on`: team mode is on; `manage`: the person working
/// may change accounts (an admin, or nobody signed in because team mode is off); `empty`: the
/// vault has no accounts (a new computer may join a team).
pub fn settings_ui(
    ui: &mut egui::Ui,
    settings: &Settings,
    drafts: &mut SettingsDrafts,
    (desk_on, manage, empty): (bool, bool, bool),
    team: Option<&TeamView>,
    now_unix: u64,
    tr: &Tr,
) -> Option<Action> {
    let mut action = None;
    if manage {
        action = team_section_ui(ui, desk_on, tr);
        action = match team {
            Some(team) => team_folder_ui(ui, team, desk_on, now_unix, tr),
            None => share_or_join_ui(ui, desk_on, empty, tr),
        }
        .or(action);
    }
    if !desk_on {
        ui.add_space(6.0);
        action = lock_ui::lock_settings_ui(ui, &settings.lock, drafts, tr).or(action);
    }
    action = clock_section_ui(ui, settings, drafts, tr).or(action);
    if manage {
        action = copy_log_section_ui(ui, settings, tr).or(action);
    }
    action
}

/// Team mode: what it is, and the People page.
fn team_section_ui(ui: &mut egui::Ui, desk_on: bool, tr: &Tr) -> Option<Action> {
    ui.add_space(6.0);
    ui.label(RichText::new(tr.get("team-desk")).strong());
    let (hint, people) = if desk_on {
        ("desk-on-hint", "people-open")
    } else {
        ("desk-intro", "desk-set-up")
    };
    ui.add(egui::Label::new(RichText::new(tr.get(hint)).weak()).wrap());
    ui.button(tr.get(people))
        .clicked()
        .then_some(Action::Desk(DeskAction::OpenPeople))
}

/// A desk in no team: an admin shares it with other computers; a new computer with nothing of
/// its own joins one.
fn share_or_join_ui(ui: &mut egui::Ui, desk_on: bool, empty: bool, tr: &Tr) -> Option<Action> {
    if desk_on {
        let share = ui.button(tr.get("team-share"));
        return share
            .clicked()
            .then_some(Action::Team(TeamAction::OpenShare));
    }
    if !empty {
        return None;
    }
    ui.add_space(4.0);
    ui.add(egui::Label::new(RichText::new(tr.get("team-join-intro")).weak()).wrap());
    let join = ui.button(tr.get("team-join"));
    join.clicked().then_some(Action::Team(TeamAction::OpenJoin))
}

/// The team folder this desk joined and its computers: when each was last heard from, and what
/// needs a look (revoked, silent for a week, a clock off, conflicts, files that did not open).
/// An admin invites a computer here, and revokes one.
fn team_folder_ui(
    ui: &mut egui::Ui,
    team: &TeamView,
    desk_on: bool,
    now_unix: u64,
    tr: &Tr,
) -> Option<Action> {
    use crate::gui::support::i18n::Arg;
    let mut action = None;
    ui.add_space(6.0);
    let folder = team.folder.display().to_string();
    ui.add(egui::Label::new(tr.with("team-folder-at", &[("path", Arg::Text(&folder))])).wrap());
    let warn = ui.visuals().warn_fg_color;
    let warning = |ui: &mut egui::Ui, text: String| {
        ui.add(egui::Label::new(RichText::new(text).color(warn)).wrap());
    };
    if team.status.left_out.is_some() {
        warning(ui, tr.get("team-left-out"));
    }
    if let Some(format) = team.status.newer_format {
        warning(
            ui,
            tr.with("team-newer", &[("format", number(u64::from(format)))]),
        );
    }
    // Revoked here: nothing this computer writes would count, so it offers nothing to write.
    let desk_on = desk_on && team.status.left_out.is_none();
    for desk in &team.status.desks {
        let mut notes = Vec::new();
        if desk.this_desk {
            notes.push(tr.get("team-this-computer"));
        }
        if desk.revoked {
            notes.push(tr.get("team-revoked"));
        }
        if let Some(days) = desk.silent_days {
            notes.push(tr.with("team-silent", &[("days", number(days))]));
        }
        if let Some(off) = desk.clock_off_secs {
            notes.push(tr.with("team-clock-off", &[("secs", number(off.unsigned_abs()))]));
        }
        let heard = match desk.last_heard_unix {
            Some(at) => {
                let ago = now_unix.saturating_sub(at);
                let (key, count) = match ago {
                    0..3_600 => ("team-heard-mins", ago / 60),
                    3_600..172_800 => ("team-heard-hours", ago / 3_600),
                    _ => ("team-heard-days", ago / 86_400),
                };
                tr.with(key, &[("count", number(count))])
            }
            None => tr.get("team-no-record"),
        };
        let line = if notes.is_empty() {
            format!("{} · {heard}", desk.name)
        } else {
            format!("{} · {heard} · {}", desk.name, notes.join(" · "))
        };
        ui.horizontal_wrapped(|ui| {
            ui.add(egui::Label::new(RichText::new(line).weak()).wrap());
            let revocable = desk_on && !desk.this_desk && !desk.revoked;
            if revocable && ui.small_button(tr.get("team-revoke")).clicked() {
                action = Some(Action::Team(TeamAction::AskRevoke(desk.id.clone())));
            }
        });
    }
    if desk_on && ui.button(tr.get("team-invite")).clicked() {
        action = Some(Action::Team(TeamAction::OpenInvite));
    }
    let waiting = team.status.conflicts;
    let problems = team.status.problems.len() + team.status.unopened.len();
    // A revoked computer cannot open what the team writes now: that is what the warning above
    // says, not a problem to look into.
    if (waiting > 0 || problems > 0) && team.status.left_out.is_none() {
        ui.add(
            egui::Label::new(tr.with(
                "team-needs-look",
                &[
                    ("conflicts", number(waiting as u64)),
                    ("problems", number(problems as u64)),
                    ("command", Arg::Text("otp-desk team status")),
                ],
            ))
            .wrap(),
        );
    }
    if desk_on && waiting > 0 && ui.button(tr.get("team-choices")).clicked() {
        action = Some(Action::Team(TeamAction::OpenChoices));
    }
    action
}

fn number(n: u64) -> crate::gui::support::i18n::Arg<'static> {
    crate::gui::support::i18n::Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
}

/// Clock correction: anyone may set it (it changes no account).
fn clock_section_ui(
    ui: &mut egui::Ui,
    settings: &Settings,
    drafts: &mut SettingsDrafts,
    tr: &Tr,
) -> Option<Action> {
    let mut action = None;
    ui.add_space(6.0);
    ui.label(RichText::new(tr.get("clock-sync")).strong());
    let mut sync = settings.clock_sync.enabled;
    if ui.checkbox(&mut sync, tr.get("clock-sync-on")).changed() {
        action = Some(Action::Safety(SafetyAction::SetClockSync(sync)));
    }
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(tr.get("clock-servers"));
        let width = ui.available_width().min(190.0);
        ui.add(egui::TextEdit::singleline(&mut drafts.servers).desired_width(width))
            .labelled_by(label.id);
        if ui.button(tr.get("apply")).clicked() {
            action = Some(Action::Safety(SafetyAction::ApplyServers));
        }
    });
    action
}

fn copy_log_section_ui(ui: &mut egui::Ui, settings: &Settings, tr: &Tr) -> Option<Action> {
    let mut action = None;
    ui.add_space(6.0);
    ui.label(RichText::new(tr.get("copy-log")).strong());
    ui.horizontal_wrapped(|ui| {
        let mut on = settings.copy_log;
        if ui.checkbox(&mut on, tr.get("copy-log-on")).changed() {
            action = Some(Action::Safety(SafetyAction::SetCopyLog(on)));
        }
        if ui.button(tr.get("copy-log-view")).clicked() {
            action = Some(Action::Safety(SafetyAction::ShowCopyLog));
        }
    });
    action
}
