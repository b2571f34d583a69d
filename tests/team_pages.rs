//! The team folder's pages in the real window (egui_kittest), each against a real second
//! computer: the `otp-desk` binary with its own private gnome-keyring and data folder, one folder
//! on disk between them.
//! - An admin shares the desk from Settings, invites a computer (its code on the page), the
//!   command line joins with that code, and the admin revokes it and sees what to re-enrol.
//! - A new, empty computer joins from the window in Chinese with a code from the command line's
//!   `team invite`, an admin brings the accounts with their PIN, and its codes are the team's;
//!   a PIN changed in that window opens the first computer at once, the old one no longer.
#![cfg(target_os = "linux")]

mod support;

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use egui_kittest::kittest::Queryable;
use otp_desk::gui::command::{Action, DeskAction, LanguageChoice, SafetyAction};
use otp_desk::gui::runtime::worker::VaultSource;
use otp_desk::gui::support::i18n::{Language, Tr};
use otp_desk::store::{MemoryStore, SecretStore};
use support::gui::{self, Desk};
use support::team::{AMAZON, PIN, first_desk, invite};
use support::{SecretService, stderr, stdout};

const ANN_PIN: &str = "246810";

/// The real time: the join code's ten minutes are checked against both computers' clocks.
fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn click(d: &mut Desk, label: &str) {
    d.harness.get_by_label(label).click();
    d.harness.run();
    d.harness.run();
}

fn text(d: &Desk) -> String {
    gui::all_text(d).join("\n")
}

/// Runs the window's frames until `ready` sees its text, as the window does while a person
/// waits; the other computer works meanwhile.
fn wait_for(d: &mut Desk, what: &str, ready: impl Fn(&str) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        // Steps, not `run`: a page that waits shows a spinner, which never settles.
        d.harness.run_steps(2);
        if ready(&text(d)) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}: {}",
            text(d)
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The join code on the page (ABCDE-FGHJK).
fn code_shown(text: &str) -> Option<String> {
    text.split(|c: char| c.is_whitespace())
        .find(|w| {
            w.len() == 11
                && w.as_bytes()[5] == b'-'
                && w.chars()
                    .filter(|c| *c != '-')
                    .all(|c| c.is_ascii_alphanumeric())
                && w.chars().any(|c| c.is_ascii_uppercase())
        })
        .map(str::to_owned)
}

#[test]
fn an_admin_shares_invites_and_revokes_a_computer_from_the_window() {
    let team = gui::Team {
        uris: &[AMAZON],
        added_at: now() - 3_600,
        admin: ("Ann", ANN_PIN),
        member: ("Bo", "135790"),
        shared: ("owner", None),
    };
    let mut d = team.start(gui::Window::new(440.0, 640.0, now(), gui::english()));
    d.harness.get_by_label_contains("Ann").click();
    d.harness.run();
    gui::type_into(&mut d, egui::Role::PasswordInput, "PIN", ANN_PIN);
    click(&mut d, "Unlock");
    assert!(!d.harness.state().is_locked());

    let shared = tempfile::tempdir().unwrap();
    let folder = shared.path().join("Team");
    click(&mut d, "Settings");
    click(&mut d, "Share with other computers…");
    let path = folder.to_str().unwrap();
    gui::type_into(&mut d, egui::Role::TextInput, "Team folder", path);
    let name = "This computer's name";
    d.harness
        .get_by_role_and_label(egui::Role::TextInput, name)
        .click();
    d.harness.run();
    d.harness
        .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    d.harness
        .get_by_role_and_label(egui::Role::TextInput, name)
        .type_text("Office PC");
    click(&mut d, "Share");
    assert!(
        text(&d).contains("The team vault is in") && text(&d).contains("1 accounts and 2 people"),
        "{}",
        text(&d)
    );
    assert!(folder.join("genesis.otp").exists());

    click(&mut d, "Settings");
    wait_for(&mut d, "the team section", |t| t.contains("Office PC"));
    d.harness.get_by_label("Invite a computer…").click();
    wait_for(&mut d, "the join code", |t| code_shown(t).is_some());
    assert!(text(&d).contains("Valid for 9:5") || text(&d).contains("Valid for 10:00"));
    let code = code_shown(&text(&d)).unwrap();
    // The waiting spinner says what it is to a screen reader.
    d.harness
        .get_by_role_and_label(egui::Role::ProgressIndicator, "Working…");

    // The second computer: the command line, its own keyring, the code and Ann's PIN.
    let service = SecretService::start();
    let b = support::Desk::new(Some(&service));
    let joining = support::Desk::spawn_with_stdin(
        b.command(&["team", "join", path, "--name", "Shop PC", "--as", "Ann"]),
        &format!("{code}\n{PIN}"),
    );
    wait_for(&mut d, "the new computer", |t| {
        t.contains("\"Shop PC\" joined the team")
    });
    let out = joining.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let listed = b.run_with_stdin(&["list", "--as", "Ann"], PIN);
    assert!(
        stdout(&listed).contains("owner@shop.example"),
        "{}",
        stdout(&listed)
    );
    // The invite is gone with its use: the code works once.
    assert!(
        std::fs::read_dir(folder.join("join"))
            .unwrap()
            .flatten()
            .all(|f| !f.file_name().to_string_lossy().ends_with(".invite"))
    );

    click(&mut d, "Close");
    d.harness.state_mut().refresh_now();
    click(&mut d, "Settings");
    wait_for(&mut d, "the new computer's row", |t| t.contains("Shop PC"));
    click(&mut d, "Revoke…");
    assert!(text(&d).contains("Revoke \"Shop PC\"?"), "{}", text(&d));
    d.harness
        .get_by_role_and_label(egui::Role::Button, "Revoke")
        .click();
    d.harness.run();
    d.harness.run();
    let shown = text(&d);
    assert!(
        shown.contains("\"Shop PC\" is revoked")
            && shown.contains("Re-enrol recommended for the 1 accounts")
            && shown.contains("Amazon Seller Central"),
        "{shown}"
    );
    // A new key epoch, granted to every desk but the revoked one.
    let grants: Vec<String> = std::fs::read_dir(folder.join("grants"))
        .unwrap()
        .flatten()
        .map(|f| f.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        grants.iter().any(|g| g.starts_with("epoch-2-")),
        "{grants:?}"
    );

    // A newer OTP Desk writes to the folder (a record of the next file format): the window
    // says this computer only reads it now.
    let newest = support::files_under(&folder)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rec"))
        .max_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok())
        .unwrap();
    let seq: u64 = newest
        .file_stem()
        .unwrap()
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let mut bytes = std::fs::read(&newest).unwrap();
    bytes[4] += 1;
    std::fs::write(newest.with_file_name(format!("{}.rec", seq + 1)), bytes).unwrap();
    click(&mut d, "Close");
    d.harness.state_mut().refresh_now();
    click(&mut d, "Settings");
    wait_for(&mut d, "the newer format", |t| {
        t.contains("A newer OTP Desk wrote to the team folder (format 2)")
    });
}

#[test]
fn a_new_computer_joins_from_the_window_in_chinese() {
    let service = SecretService::start();
    let a = first_desk(&service);
    let shared = tempfile::tempdir().unwrap();
    let folder = shared.path().join("团队");
    let path = folder.to_str().unwrap();
    let out = a.run_with_stdin(
        &[
            "team",
            "create",
            path,
            "--name",
            "办公室电脑",
            "--as",
            "Ann",
        ],
        PIN,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let (inviting, code) = invite(&a);

    let zh = Tr::new(Language::SimplifiedChinese);
    let mut settings = gui::english();
    settings.language = LanguageChoice::SimplifiedChinese;
    let store: std::sync::Arc<dyn SecretStore> = std::sync::Arc::new(MemoryStore::new());
    let dir = tempfile::tempdir().unwrap();
    let (dir_b, store_b) = (dir.path().to_owned(), store.clone());
    // The window's clock: now, moved to 5 s into the code's 30 s period, so that the row shows
    // the current code (in a period's last seconds it shows the next one).
    let at = now() / 30 * 30 + 5;
    let mut window = gui::Window::new(440.0, 640.0, at, settings);
    window.desk = Some(otp_desk::desk::Desk::load(dir.path(), store.clone()).unwrap());
    let source = VaultSource::Open {
        dir: dir.path().to_owned(),
        store,
    };
    let mut d = Desk::start(source, dir, window);
    click(&mut d, &zh.get("settings"));
    click(&mut d, &zh.get("team-join"));
    let page = text(&d);
    assert!(page.contains(&zh.get("team-join-hint")), "{page}");
    gui::type_into(&mut d, egui::Role::TextInput, &zh.get("team-folder"), path);
    let name = zh.get("team-computer-name");
    d.harness
        .get_by_role_and_label(egui::Role::TextInput, &name)
        .click();
    d.harness.run();
    d.harness
        .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    d.harness
        .get_by_role_and_label(egui::Role::TextInput, &name)
        .type_text("前台电脑");
    // A code typed with a slip first: the page names the field and keeps what was typed.
    gui::type_into(
        &mut d,
        egui::Role::TextInput,
        &zh.get("team-join-code"),
        "ABC",
    );
    click(&mut d, &zh.get("team-join-go"));
    assert!(
        text(&d).contains(&zh.get("err-team-code-form")),
        "{}",
        text(&d)
    );
    assert!(text(&d).contains(path), "{}", text(&d));
    let field = zh.get("team-join-code");
    d.harness
        .get_by_role_and_label(egui::Role::TextInput, &field)
        .click();
    d.harness.run();
    d.harness
        .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    d.harness
        .get_by_role_and_label(egui::Role::TextInput, &field)
        .type_text(&code.to_lowercase());
    click(&mut d, &zh.get("team-join-go"));
    // The exchange ran (inline in tests); one admin: Ann is picked already.
    let page = text(&d);
    assert!(page.contains(&zh.get("team-join-admitted")), "{page}");
    assert!(page.contains("Ann"), "{page}");
    let out = inviting.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("'前台电脑' joined the team"),
        "{}",
        stderr(&out)
    );

    // A wrong PIN first: said in Chinese, and the page stays at the PIN.
    let pin_field = zh.get("team-join-pin");
    gui::type_into(&mut d, egui::Role::PasswordInput, &pin_field, "000000");
    click(&mut d, &zh.get("team-join-bring"));
    let wrong = zh.with(
        "err-desk-wrong-pin",
        &[("name", otp_desk::gui::support::i18n::Arg::Text("Ann"))],
    );
    assert!(text(&d).contains(&wrong), "{}", text(&d));
    gui::type_into(&mut d, egui::Role::PasswordInput, &pin_field, ANN_PIN);
    click(&mut d, &zh.get("team-join-bring"));
    let shown = text(&d);
    assert!(shown.contains("本机已加入团队"), "{shown}");
    assert!(!d.harness.state().is_locked());
    let accounts = d.harness.state().accounts();
    assert_eq!(accounts.len(), 1, "{shown}");
    assert_eq!(accounts[0].issuer, "Amazon Seller Central");
    // The account's own code: its key came sealed through the folder.
    let expected = otp_desk::uri::parse(AMAZON).unwrap().code_at(at);
    let grouped = format!("{} {}", &expected[..3], &expected[3..]);
    assert!(shown.contains(&grouped), "{grouped} not in {shown}");
    let english: Vec<&str> = shown
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 3)
        .filter(|w| {
            ![
                "OTP", "Desk", "PIN", "Amazon", "Seller", "Central", "Ann", "owner", "shop",
                "example",
            ]
            .contains(w)
        })
        .collect();
    assert!(english.is_empty(), "{english:?}");

    // Ann changes her PIN in this window: at once the new one opens the other computer and the
    // old one no longer does there (the window writes her new key slot into the folder).
    d.harness
        .state_mut()
        .apply(Action::Desk(DeskAction::OpenOwnPin));
    d.harness.run();
    for (field, pin) in [
        ("current-pin", ANN_PIN),
        ("new-pin", "975310"),
        ("repeat-pin", "975310"),
    ] {
        gui::type_into(&mut d, egui::Role::PasswordInput, &zh.get(field), pin);
    }
    click(&mut d, &zh.get("save"));
    let shown = text(&d);
    assert!(shown.contains(&zh.get("own-pin-changed")), "{shown}");
    let out = a.run_with_stdin(&["list", "--as", "Ann"], &format!("{ANN_PIN}\n"));
    assert!(stderr(&out).contains("Wrong PIN"), "{}", stderr(&out));
    let out = a.run_with_stdin(&["list", "--as", "Ann"], "975310\n");
    assert!(out.status.success(), "{}", stderr(&out));

    // With the team folder out of reach the new PIN works here only for now, and the page says
    // so in a toast that wraps within the window.
    let away = shared.path().join("团队-断开");
    std::fs::rename(&folder, &away).unwrap();
    d.harness
        .state_mut()
        .apply(Action::Desk(DeskAction::OpenOwnPin));
    d.harness.run();
    for (field, pin) in [
        ("current-pin", "975310"),
        ("new-pin", "864213"),
        ("repeat-pin", "864213"),
    ] {
        gui::type_into(&mut d, egui::Role::PasswordInput, &zh.get(field), pin);
    }
    click(&mut d, &zh.get("save"));
    let warning = zh.get("pin-not-on-team-yet");
    let node = d.harness.get_by_label(&warning);
    let screen = d.harness.ctx.content_rect();
    let rect = node.rect();
    assert!(
        rect.min.x >= screen.min.x - 0.5 && rect.max.x <= screen.max.x + 0.5,
        "the warning runs off the window: {rect:?} in {screen:?}"
    );
    // (That it goes in once the folder is back: tests/team_cli.rs.)

    // One log for the team. With the folder back, the first computer's lines come here: it
    // sends them after its own newer record (the computer it admitted), at its next command.
    std::fs::rename(&away, &folder).unwrap();
    d.harness.state_mut().refresh_now();
    let out = a.run_with_stdin(&["list", "--as", "Ann"], "864213\n");
    assert!(out.status.success(), "{}", stderr(&out));
    d.harness.state_mut().refresh_now();
    d.harness
        .state_mut()
        .apply(Action::Desk(DeskAction::OpenLog));
    d.harness.run();
    d.harness.run();
    let page = text(&d);
    let at_a = zh.with(
        "log-at-desk",
        &[(
            "name",
            otp_desk::gui::support::i18n::Arg::Text("办公室电脑"),
        )],
    );
    assert!(page.contains(&at_a), "{at_a} not in {page}");
    assert!(page.contains("条来自团队其他电脑的记录"), "{page}");
    // Only one computer's lines, by part of its name.
    let at_b = zh.with(
        "log-at-desk",
        &[("name", otp_desk::gui::support::i18n::Arg::Text("前台电脑"))],
    );
    assert!(page.contains(&at_b), "{page}");
    gui::type_into(&mut d, egui::Role::TextInput, &zh.get("log-desk"), "办公室");
    let page = text(&d);
    assert!(page.contains(&at_a) && !page.contains(&at_b), "{page}");
    // The first computer's oldest lines too (Bo added before the team existed): the page
    // shows the newest that fit, so the team's log is read as the page reads it.
    let team = otp_desk::desk::team::shared_log::read_team(&dir_b, &*store_b).unwrap();
    assert!(team.unread.is_none(), "{:?}", team.unread);
    let bo_added = team.others.iter().any(|l| {
        l.desk == "办公室电脑"
            && l.record.action == otp_desk::store::audit_log::AuditAction::PersonAdded
            && l.record.detail.as_deref().is_some_and(|d| d.contains("Bo"))
    });
    assert!(bo_added, "{:?}", team.others);
    click(&mut d, &zh.get("close"));

    // A code copied here is not a record of its own at once: lines go in batches ...
    let copied_here = |a: &support::Desk| {
        let out = a.run_with_stdin(&["log", "--json", "--as", "Ann"], "864213\n");
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out).lines().any(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["desk"] == "前台电脑" && v["action"] == "copy" && v["person"] == "Ann"
        })
    };
    d.harness
        .get_by(support::rows::row(
            "Amazon Seller Central (owner@shop.example)",
        ))
        .click();
    d.harness.run();
    d.harness.state_mut().refresh_now();
    assert!(!copied_here(&a), "a copy went to the team at once");
    // ... and after an hour it goes by itself, the window idle (its clock an hour on; set never
    // to lock, so that nothing but the hour sends it).
    d.harness
        .state_mut()
        .apply(Action::Safety(SafetyAction::SetIdleMins(0)));
    d.harness
        .state_mut()
        .set_clock(otp_desk::clock::Clock::Fixed(at + 3_601));
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        std::thread::sleep(Duration::from_millis(2_100));
        d.harness.run_steps(2);
        if copied_here(&a) {
            break;
        }
        assert!(Instant::now() < deadline, "the copy never reached the team");
    }

    // An admin leaves on the first computer, which replaces the desk key for the team: this
    // window, Ann signed in, takes it by itself at its next sync and keeps copying codes,
    // every item here sealed again under a key that the one the admin kept does not open.
    let out = a.run_with_stdin(
        &["people", "add", "Eve", "--admin", "--as", "Ann"],
        "864213\n314159\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let kept = support::team::kept_desk_key(&support::team::keychain_items(&service), "314159");
    let out = a.run_with_stdin(&["people", "remove", "Eve", "--as", "Ann"], "864213\n");
    assert!(out.status.success(), "{}", stderr(&out));
    let new_check = support::team::desk_check(&a);
    let deadline = Instant::now() + Duration::from_secs(30);
    while support::team::desk_check_in(&dir_b) != new_check {
        assert!(
            Instant::now() < deadline,
            "this window never took the new desk key: {}",
            text(&d)
        );
        d.harness.state_mut().refresh_now();
        std::thread::sleep(Duration::from_millis(300));
        d.harness.run_steps(2);
    }
    let items: Vec<(String, String)> = store_b
        .ids()
        .unwrap()
        .into_iter()
        .filter_map(|id| {
            Some((
                id.as_str().to_owned(),
                store_b.get_text(&id).ok()??.to_string(),
            ))
        })
        .collect();
    assert!(!items.is_empty());
    assert!(
        support::team::items_opened_by(&items, &kept).is_empty(),
        "the removed admin's key opens an item here"
    );
    let copies = d.clipboard.copied().len();
    d.harness
        .get_by(support::rows::row(
            "Amazon Seller Central (owner@shop.example)",
        ))
        .click();
    let deadline = Instant::now() + Duration::from_secs(10);
    while d.clipboard.copied().len() == copies {
        assert!(
            Instant::now() < deadline,
            "no code copied under the new key: {}",
            text(&d)
        );
        std::thread::sleep(Duration::from_millis(100));
        d.harness.run_steps(2);
    }
    let copied = d.clipboard.copied().last().cloned().unwrap();
    assert!(
        copied.len() == 6 && copied.chars().all(|c| c.is_ascii_digit()),
        "{copied}"
    );

    // Revoked on the first computer, this one learns it from the new key's grant, which
    // leaves it out: Settings says so in Chinese, the codes stay, and nothing more goes into
    // the folder (its lines would never count: it would write a record of them every hour).
    let out = a.run_with_stdin(&["team", "revoke", "前台电脑", "--as", "Ann"], "864213\n");
    assert!(out.status.success(), "{}", stderr(&out));
    d.harness.state_mut().refresh_now();
    click(&mut d, &zh.get("settings"));
    let left_out = zh.get("team-left-out");
    wait_for(&mut d, "the revocation", |t| t.contains(&left_out));
    // Nor does it count the files sealed under the key it was not given as problems.
    for offered in ["team-invite", "team-revoke"] {
        assert!(!text(&d).contains(&zh.get(offered)), "{}", text(&d));
    }
    assert!(!text(&d).contains("需要查看"), "{}", text(&d));
    click(&mut d, &zh.get("close"));
    d.harness.get_by_label(&zh.get("team-left-out-banner"));
    d.harness
        .get_by(support::rows::row(
            "Amazon Seller Central (owner@shop.example)",
        ))
        .click();
    d.harness.run();
    let records = || support::team::record_files(&folder);
    let before = records();
    d.harness
        .state_mut()
        .set_clock(otp_desk::clock::Clock::Fixed(at + 3 * 3_600));
    for _ in 0..3 {
        std::thread::sleep(Duration::from_millis(2_100));
        d.harness.run_steps(2);
        d.harness.state_mut().refresh_now();
    }
    assert_eq!(
        records(),
        before,
        "a revoked computer wrote into the folder"
    );
}

/// Two computers rename one account and one person while apart (each opened the folder before
/// the other wrote): the window lists both names of each, the admin clicks one of each, and
/// they are the names on both computers, with nothing left to pick.
#[test]
fn an_admin_picks_between_names_two_computers_gave_while_apart() {
    use otp_desk::desk::Desk as TeamDesk;
    use otp_desk::desk::team::join::JoinCode;
    use otp_desk::desk::team::membership::Membership;
    use otp_desk::desk::team::{joining, member, setup};
    use otp_desk::team::{FieldValue, Op, PersonId};

    let at = now();
    let shared = tempfile::tempdir().unwrap();
    let folder = shared.path().join("Team");
    // Computer A: Ann (admin) and one account, made the team's.
    let (dir_a, store_a) = (tempfile::tempdir().unwrap(), memory());
    let mut desk_a = TeamDesk::load(dir_a.path(), store_a.clone()).unwrap();
    let ann_a = desk_a.start("Ann", ANN_PIN, at).unwrap();
    let mut vault =
        otp_desk::vault::Vault::open(dir_a.path(), desk_a.store_for(&ann_a, at)).unwrap();
    vault
        .add_all(vec![otp_desk::uri::parse(AMAZON).unwrap()], at)
        .unwrap();
    setup::create(
        &desk_a,
        &ann_a,
        &vault,
        &*store_a,
        (&folder, "Office PC"),
        at,
    )
    .unwrap();
    drop(vault);
    // Computer B joins: A's invite waits on a thread, B answers with its code.
    let invitation = joining::Invitation::start(&*store_a, &ann_a, at).unwrap();
    let code = JoinCode::parse(&invitation.code()).unwrap();
    let (store, session) = (store_a.clone(), ann_a.clone());
    let inviting = std::thread::spawn(move || invitation.wait(&*store, &session, &|| false, &now));
    let (dir_b, store_b) = (tempfile::tempdir().unwrap(), memory());
    let mut m_b = joining::exchange(&folder, "Shop PC", &code, &|| false).unwrap();
    m_b.save(&*store_b).unwrap();
    assert_eq!(inviting.join().unwrap().unwrap(), "Shop PC");
    let mut desk_b = TeamDesk::load(dir_b.path(), store_b.clone()).unwrap();
    let brought = joining::bring_vault(
        &mut desk_b,
        dir_b.path(),
        &*store_b,
        &mut m_b,
        ("Ann", ANN_PIN),
        at,
    )
    .unwrap();
    m_b.save(&*store_b).unwrap();

    // Apart: each opens the folder, then each renames the account.
    let mut m_a = Membership::load(&*store_a).unwrap().unwrap();
    let (opened_a, opened_b) = (
        member::open(&mut m_a).unwrap(),
        member::open(&mut m_b).unwrap(),
    );
    let account = opened_a.state.live_accounts().next().unwrap().id.clone();
    // Each also gives Ann another name.
    for (m, opened, session, name, ann) in [
        (&mut m_a, &opened_a, &ann_a, "店铺A", "安"),
        (&mut m_b, &opened_b, &brought.session, "店铺B", "安妮"),
    ] {
        let person = PersonId(session.person.0.clone());
        let ops = vec![
            Op::Set {
                account: account.clone(),
                value: FieldValue::Name(name.into()),
            },
            Op::SetPersonName {
                person: person.clone(),
                name: ann.into(),
            },
        ];
        let admin = session.team_signer();
        member::write(m, opened, &person, admin.as_ref(), at, ops).unwrap();
    }
    m_a.save(&*store_a).unwrap();
    m_b.save(&*store_b).unwrap();
    let waiting = setup::choices(&*store_b).unwrap();
    assert_eq!(waiting.len(), 2, "{waiting:?}");
    assert!(matches!(waiting[1].subject, setup::Subject::Person(_)));
    // The name that is not the one the team shows until the pick (so no other button has it).
    let other = if waiting[1].label == "安" {
        "安妮"
    } else {
        "安"
    };

    // A's window, in Chinese: Settings offers the pick, the page shows both names.
    let zh = Tr::new(Language::SimplifiedChinese);
    let mut settings = gui::english();
    settings.language = LanguageChoice::SimplifiedChinese;
    // Tall enough that the team section's last button is on screen without scrolling.
    let mut window = gui::Window::new(440.0, 960.0, at, settings);
    window.desk = Some(TeamDesk::load(dir_a.path(), store_a.clone()).unwrap());
    window.team_folder = Some(folder.clone());
    let source = VaultSource::Open {
        dir: dir_a.path().to_owned(),
        store: store_a.clone(),
    };
    let mut d = Desk::start(source, dir_a, window);
    d.harness.get_by_label_contains("Ann").click();
    d.harness.run();
    gui::type_into(&mut d, egui::Role::PasswordInput, "PIN", ANN_PIN);
    click(&mut d, &zh.get("unlock"));
    click(&mut d, &zh.get("settings"));
    wait_for(&mut d, "the pick's button", |t| {
        t.contains(&zh.get("team-choices"))
    });
    click(&mut d, &zh.get("team-choices"));
    let page = text(&d);
    assert!(page.contains("店铺A") && page.contains("店铺B"), "{page}");
    assert!(page.contains(&zh.get("field-name")), "{page}");
    let person = zh.with(
        "team-choice-person",
        &[(
            "name",
            otp_desk::gui::support::i18n::Arg::Text(&waiting[1].label),
        )],
    );
    assert!(
        page.contains(&format!("{person} · {}", zh.get("team-field-person-name"))),
        "{page}"
    );
    d.harness
        .get_by_role_and_label(egui::Role::Button, "店铺B")
        .click();
    d.harness.run();
    d.harness.run();
    // The page drops the account's choice (the row behind it shows the name the team showed
    // until the pick's sync has run, 店铺A or 店铺B by the computers' ids).
    assert!(
        d.harness
            .query_by_role_and_label(egui::Role::Button, "店铺A")
            .is_none()
            && text(&d).contains(&person),
        "{}",
        text(&d)
    );
    d.harness
        .get_by_role_and_label(egui::Role::Button, other)
        .click();
    d.harness.run();
    d.harness.run();
    assert!(
        text(&d).contains(&zh.get("team-choices-none")),
        "{}",
        text(&d)
    );
    // On B: nothing waits, and the account's and Ann's names are the ones picked.
    assert!(setup::choices(&*store_b).unwrap().is_empty());
    let opened = member::open(&mut m_b).unwrap();
    let kept = opened.state.account(&account).unwrap();
    assert_eq!(kept.text(otp_desk::team::Field::Name), "店铺B");
    let ann = &opened.state.people[&PersonId(ann_a.person.0.clone())];
    assert_eq!(ann.name(), other);
}

fn memory() -> std::sync::Arc<dyn SecretStore> {
    std::sync::Arc::new(MemoryStore::new())
}
