//! A Chinese-speaking team's day on the real window (egui_kittest, zh-CN): a wrong PIN, a
//! name already taken, the audit log, a member who sees only what she may do and when her
//! share ends, the plain "until" choices and a stop that asks first — every word in Chinese.
//! The English side of the same flows is in gui_desk.rs.

mod support;

use egui_kittest::kittest::{NodeT, Queryable};
use otp_desk::gui::command::LanguageChoice;
use otp_desk::gui::support::i18n::{Language, Tr};
use support::gui::{self, Desk};
use support::rows::row;

/// 2023-11-14 22:13:30 UTC: 30 s into a period.
const T: u64 = 1_700_000_010;
const AMAZON: &str =
    "otpauth://totp/Amazon:%E5%BA%97%E9%93%BA1?secret=JBSWY3DPEHPK3PXP&issuer=Amazon";
const AMAZON2: &str =
    "otpauth://totp/Amazon:%E5%BA%97%E9%93%BA2?secret=KRSXG5CTMVRXEZLU&issuer=Amazon";
const EBAY: &str = "otpauth://totp/eBay:shop2?secret=GEZDGNBVGY3TQOJQ&issuer=eBay";
const ADMIN_PIN: &str = "246810";
const MEMBER_PIN: &str = "135790";
/// Words that stay as they are in the Chinese window: product names, the accounts' own names,
/// English named in itself (in Settings' language list) and the time servers' addresses.
const NAMES: &[&str] = &[
    "OTP", "Desk", "PIN", "Amazon", "eBay", "shop", "Aegis", "Google", "Ctrl", "Alt", "CSV",
    "English", "aliyun", "com", "ntp", "org", "pool", "tencent", "time", "windows",
];

fn zh() -> Tr {
    Tr::new(Language::SimplifiedChinese)
}

/// A desk with 李娜 (admin) and 张伟 (member); Amazon 店铺1 is shared with 张伟 for ten minutes
/// more when `ending_soon`, else without an end.
fn desk(ending_soon: bool) -> Desk {
    let mut settings = gui::english();
    settings.language = LanguageChoice::SimplifiedChinese;
    let team = gui::Team {
        uris: &[AMAZON, AMAZON2, EBAY],
        added_at: T - 10 * 24 * 3600,
        admin: ("李娜", ADMIN_PIN),
        member: ("张伟", MEMBER_PIN),
        shared: ("店铺1", ending_soon.then_some(T + 5 * 60)),
    };
    team.start(gui::Window::new(440.0, 640.0, T, settings))
}

fn sign_in(d: &mut Desk, name: &str, pin: &str) {
    d.harness.get_by_label_contains(name).click();
    d.harness.run();
    gui::type_into(d, egui::Role::PasswordInput, "PIN", pin);
    d.harness.get_by_label(&zh().get("unlock")).click();
    d.harness.run();
    d.harness.run();
}

/// English words (3+ letters) the window shows, other than names.
fn english_words(d: &Desk) -> Vec<String> {
    let mut found: Vec<String> = gui::all_text(d)
        .iter()
        .flat_map(|t| {
            t.split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| w.len() >= 3 && !NAMES.contains(w))
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    found.sort();
    found.dedup();
    found
}

fn click(d: &mut Desk, label: &str) {
    d.harness.get_by_label(label).click();
    d.harness.run();
    d.harness.run();
}

/// Fills the People dialog's form for a new person (the PIN typed twice).
fn fill_new_person(d: &mut Desk, name: &str, pin: &str) {
    let tr = zh();
    gui::type_into(d, egui::Role::TextInput, &tr.get("person-name"), name);
    gui::type_into(d, egui::Role::PasswordInput, "PIN", pin);
    gui::type_into(d, egui::Role::PasswordInput, &tr.get("repeat-pin"), pin);
}

/// Presses the People dialog's `nth` Remove button (people in name order; none for oneself).
fn press_remove(d: &mut Desk, nth: usize) {
    d.harness
        .query_all_by_label(&zh().get("remove-person"))
        .nth(nth)
        .unwrap()
        .click();
    d.harness.run();
    d.harness.run();
}

#[test]
fn a_wrong_pin_and_a_taken_name_are_said_in_chinese() {
    let mut d = desk(false);
    sign_in(&mut d, "李娜", "000000");
    assert!(d.harness.state().is_locked());
    d.harness.get_by_label("李娜 的 PIN 错误。");
    assert!(english_words(&d).is_empty(), "{:?}", english_words(&d));
    gui::type_into(&mut d, egui::Role::PasswordInput, "PIN", ADMIN_PIN);
    click(&mut d, &zh().get("unlock"));
    assert!(!d.harness.state().is_locked());
    // People: 张伟 again is refused in Chinese, and a new person is added and the form emptied.
    click(&mut d, &zh().get("people-open"));
    let tr = zh();
    for (name, pin) in [("张伟", "864200"), ("王芳", "864200")] {
        fill_new_person(&mut d, name, pin);
        click(&mut d, &tr.get("add-member"));
        if name == "张伟" {
            d.harness
                .get_by_label("本机已有名为 张伟 的人员，请换一个名字。");
            // The typed name stays for correcting; start again from an empty form.
            click(&mut d, "关闭对话框");
            click(&mut d, &tr.get("people-open"));
        }
    }
    d.harness.get_by_label("王芳");
    let name_label = tr.get("person-name");
    let name_field = d
        .harness
        .get_by_role_and_label(egui::Role::TextInput, &name_label);
    assert_eq!(
        name_field.accesskit_node().value().unwrap_or_default(),
        "",
        "the form is empty after saving"
    );
    assert!(english_words(&d).is_empty(), "{:?}", english_words(&d));
}

#[test]
fn the_audit_log_is_in_chinese() {
    let mut d = desk(false);
    sign_in(&mut d, "李娜", ADMIN_PIN);
    // A share until a time, through the plain choices.
    d.harness.get_by(row("eBay (shop2)")).click_secondary();
    d.harness.run();
    click(&mut d, &zh().get("sharing"));
    click(&mut d, "今天下班 18:00");
    click(&mut d, &zh().get("share"));
    d.harness.get_by_label_contains("共享至");
    // Stopping asks first, in its own place.
    click(&mut d, "停止共享…");
    d.harness.get_by_label_contains("停止与 张伟 共享吗");
    assert_eq!(
        d.harness.query_all_by_label("停止共享").count(),
        1,
        "one confirming button"
    );
    click(&mut d, "停止共享");
    d.harness.get_by_label(&zh().get("share"));
    click(&mut d, "关闭对话框");
    click(&mut d, &zh().get("log-open"));
    d.harness.get_by_label_contains("记录链完整");
    for shown in ["开始使用", "共享", "停止共享", "窗口"] {
        assert!(
            d.harness.query_all_by_label(shown).count() > 0,
            "{shown} in the log"
        );
    }
    d.harness.get_by_label_contains("与 张伟 共享至");
    assert!(english_words(&d).is_empty(), "{:?}", english_words(&d));
}

#[test]
fn a_member_sees_no_admin_door_and_is_told_before_her_share_ends() {
    let mut d = desk(true);
    sign_in(&mut d, "张伟", MEMBER_PIN);
    assert!(!d.harness.state().is_locked());
    let tr = zh();
    // Her row says until when, and a banner says it ends soon.
    d.harness.get_by_label_contains("至 ");
    d.harness.get_by_label_contains("结束");
    assert!(
        d.harness
            .query_by_label(&tr.get("backup-reminder-now"))
            .is_none()
    );
    click(&mut d, &tr.get("settings"));
    for hidden in ["people-open", "trash-open", "export-open", "copy-log-view"] {
        assert!(
            d.harness.query_by_label(&tr.get(hidden)).is_none(),
            "{hidden} is shown to a member"
        );
    }
    d.harness.get_by_label("关闭对话框");
    assert!(english_words(&d).is_empty(), "{:?}", english_words(&d));
    // Should a refusal still come (a shortcut), its toast leaves the dialog's buttons free.
    d.harness.state_mut().apply(otp_desk::gui::Action::OpenAdd);
    d.harness.run();
    let toast = d.harness.get_by_label(&tr.get("member-refused")).rect();
    let dialog = otp_desk::gui::features::dialog_ui::last_dialog_rect(&d.harness.ctx).unwrap();
    assert!(
        !toast.intersects(dialog),
        "{toast:?} covers the dialog {dialog:?}"
    );
}

#[test]
fn an_admin_sees_on_each_row_with_whom_it_is_shared() {
    let mut d = desk(true);
    sign_in(&mut d, "李娜", ADMIN_PIN);
    d.harness.get_by_label_contains("共享：张伟（至");
    // Two Amazon rows: the store is the prominent line, so both can be told apart.
    d.harness.get_by_label("店铺1");
    d.harness.get_by_label("店铺2");
}

#[test]
fn leaving_and_re_enrolling_are_said_in_chinese() {
    let mut d = desk(false);
    let tr = zh();
    sign_in(&mut d, "李娜", ADMIN_PIN);
    click(&mut d, &tr.get("people-open"));
    // People are in the order of their names' characters: 张 (U+5F20) before 李 (U+674E).
    d.harness
        .query_all_by_label(&tr.get("exposure-open"))
        .next()
        .unwrap()
        .click();
    d.harness.run();
    d.harness.run();
    d.harness.get_by_label("张伟 能使用的账户");
    d.harness.get_by_label_contains("仅验证码（共享）");
    assert!(english_words(&d).is_empty(), "{:?}", english_words(&d));
    press_remove(&mut d, 0);
    d.harness
        .get_by_label_contains("张伟 已离开：请重新绑定以下账户");
    assert!(english_words(&d).is_empty(), "{:?}", english_words(&d));
    click(&mut d, &tr.get("rekey-open"));
    d.harness.get_by_label(&tr.get("rekey-title"));
    d.harness.get_by_label_contains("高级安全设置 > 两步验证");
    gui::type_into(
        &mut d,
        egui::Role::TextInput,
        &tr.get("rekey-typed"),
        "这不是密钥",
    );
    d.harness.get_by_label(&tr.get("rekey-unreadable"));
    assert!(english_words(&d).is_empty(), "{:?}", english_words(&d));
}

/// A desk that joined a team: Settings names the team folder and each computer, when it was
/// last heard from and which one this is, in Chinese.
#[test]
fn the_team_folder_and_its_computers_are_shown_in_chinese() {
    use otp_desk::desk::team::{member, membership};
    use otp_desk::gui::runtime::worker::VaultSource;
    use otp_desk::store::{MemoryStore, SecretStore};
    use std::sync::Arc;

    let store: Arc<dyn SecretStore> = Arc::new(MemoryStore::new());
    let folder = tempfile::tempdir().unwrap();
    let mut m = membership::found(folder.path(), "办公室电脑", ("admin", "老板"), "slot").unwrap();
    let genesis = membership::seal_genesis(&m.keyring, &m.genesis).unwrap();
    std::fs::write(folder.path().join(membership::GENESIS_FILE), genesis).unwrap();
    let opened = member::open(&mut m).unwrap();
    let ops = vec![otp_desk::team::Op::AppVersion("0.1.0".into())];
    member::write(&mut m, &opened, &"admin".into(), None, T - 7_200, ops).unwrap();
    m.save(&*store).unwrap();

    let mut settings = gui::english();
    settings.language = LanguageChoice::SimplifiedChinese;
    let mut window = gui::Window::new(440.0, 640.0, T, settings);
    window.team_folder = Some(folder.path().to_owned());
    let dir = tempfile::tempdir().unwrap();
    let source = VaultSource::Open {
        dir: dir.path().to_owned(),
        store,
    };
    let mut d = Desk::start(source, dir, window);
    click(&mut d, &zh().get("settings"));
    let text = gui::all_text(&d).join("\n");
    assert!(text.contains("通过"), "{text}");
    assert!(
        text.contains("办公室电脑 · 最后记录于 2 小时前 · 本机"),
        "{text}"
    );
    // Every word is Chinese but the folder's own path.
    let path = folder.path().display().to_string();
    let english: Vec<String> = english_words(&d)
        .into_iter()
        .filter(|w| !path.contains(w.as_str()))
        .collect();
    assert!(english.is_empty(), "{english:?}");
}

/// An admin who leaves could have opened everyone's keys: the leaving list says, in Chinese,
/// to give the people who stay new PINs (a member's leaving list does not).
#[test]
fn when_an_admin_leaves_the_list_asks_for_new_pins_in_chinese() {
    let mut d = desk(false);
    let tr = zh();
    sign_in(&mut d, "李娜", ADMIN_PIN);
    click(&mut d, &tr.get("people-open"));
    fill_new_person(&mut d, "王芳", "864200");
    click(&mut d, &tr.get("add-admin"));
    d.harness.get_by_label("王芳");
    // In name order 张伟, 李娜 (no Remove for herself), 王芳: the second Remove is 王芳's.
    press_remove(&mut d, 1);
    d.harness
        .get_by_label_contains("王芳 已离开：请重新绑定以下账户");
    d.harness.get_by_label(&tr.get("leaving-admin-pins"));
    assert!(english_words(&d).is_empty(), "{:?}", english_words(&d));
    // The removal replaced the desk key: the window took the new one, and the accounts, sealed
    // again under it, are still there to read.
    for _ in 0..5 {
        d.harness.run();
    }
    assert!(
        d.harness
            .query_all_by_label_contains("Amazon，店铺1，验证码")
            .count()
            > 0,
        "{:?}",
        gui::all_text(&d)
    );
    press_remove(&mut d, 0);
    d.harness
        .get_by_label_contains("张伟 已离开：请重新绑定以下账户");
    assert_eq!(
        d.harness
            .query_all_by_label(&tr.get("leaving-admin-pins"))
            .count(),
        1,
        "only the admin's list asks for new PINs"
    );
}
