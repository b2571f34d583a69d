//! Every dialog and page fits the window: at 360×500, the default 440×640 and 1200×780, in
//! English and in Chinese, each is drawn inside the window (or scrolls inside it), its title
//! and its × stay on screen, and nothing pushes past the window's left or right edge — the
//! list behind the dialog included. The desk's pages (People, Sharing, Trash, Log) are opened
//! as an admin, and the "Who is working?" picker is checked as the locked window.

mod support;

use std::sync::Arc;

use egui_kittest::kittest::{By, NodeT, Queryable};
use otp_desk::desk::{Desk as TeamDesk, Role};
use otp_desk::gui::command::{
    Action, DeskAction, ExportAction, ImportSource, LanguageChoice, Reveal, SafetyAction,
};
use otp_desk::gui::features::dialog_ui::last_dialog_rect;
use otp_desk::gui::runtime::worker::VaultSource;
use otp_desk::gui::support::i18n::{Language, Tr};
use otp_desk::store::{MemoryStore, SecretStore};
use otp_desk::vault::Vault;
use support::gui::{self, Desk};

const T: u64 = 1_700_000_010;
const SIZES: [(f32, f32); 3] = [(360.0, 500.0), (440.0, 640.0), (1200.0, 780.0)];
const ADMIN_PIN: &str = "246810";
const ACCOUNTS: [&str; 4] = [
    "otpauth://totp/Amazon:%E5%BA%97%E9%93%BA%E4%B8%80%E5%8F%B7%20(%E5%BE%B7%E5%9B%BD%E7%AB%99)?secret=JBSWY3DPEHPK3PXP&issuer=Amazon",
    "otpauth://totp/Amazon:shop2-marketplace-europe-long-name?secret=GEZDGNBVGY3TQOJQ&issuer=Amazon",
    "otpauth://totp/eBay:seller?secret=KRSXG5CTMVRXEZLU&issuer=eBay",
    "otpauth://totp/Shopify:store?secret=MFRGGZDFMZTWQ2LK&issuer=Shopify",
];

fn language(lang: Language) -> LanguageChoice {
    match lang {
        Language::English => LanguageChoice::English,
        Language::SimplifiedChinese => LanguageChoice::SimplifiedChinese,
    }
}

/// A desk with 李娜 (admin) and 张伟 (member) and four accounts, the window at `size`.
fn team(size: (f32, f32), lang: Language) -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn SecretStore> = Arc::new(MemoryStore::new());
    let mut vault = Vault::open(dir.path(), store.clone()).unwrap();
    let entries = ACCOUNTS.map(|u| otp_desk::uri::parse(u).unwrap()).to_vec();
    vault.add_all(entries, T - 60).unwrap();
    let mut team = TeamDesk::load(dir.path(), store.clone()).unwrap();
    let admin = team.start("李娜", ADMIN_PIN, T - 50).unwrap();
    team.add_person(&admin, "张伟", "135790", Role::Member, T - 50)
        .unwrap();
    let mut settings = gui::english();
    settings.language = language(lang);
    let mut window = gui::Window::new(size.0, size.1, T, settings);
    window.desk = Some(TeamDesk::load(dir.path(), store.clone()).unwrap());
    let source = VaultSource::Open {
        dir: dir.path().to_path_buf(),
        store,
    };
    Desk::start(source, dir, window)
}

fn sign_in_admin(d: &mut Desk, tr: &Tr) {
    d.harness.get_by_label_contains("李娜").click();
    d.harness.run();
    gui::type_into(d, egui::Role::PasswordInput, "PIN", ADMIN_PIN);
    d.harness.get_by_label(&tr.get("unlock")).click();
    d.harness.run();
    d.harness.run();
    assert!(!d.harness.state().is_locked(), "the admin is working");
}

/// What is wrong with the window as drawn now: nodes past the left or right edge, a dialog
/// outside the window, its title or × off screen.
fn misfits(d: &Desk, what: &str, title: Option<&str>) -> Vec<String> {
    let screen = d.harness.ctx.content_rect();
    let inside_x = |r: egui::Rect| r.min.x >= screen.min.x - 0.5 && r.max.x <= screen.max.x + 0.5;
    let mut bad = Vec::new();
    for node in d
        .harness
        .query_all(By::new().include_labels().predicate(|_| true))
    {
        let Some(b) = node.accesskit_node().bounding_box() else {
            continue;
        };
        let rect = egui::Rect::from_min_max(
            egui::pos2(b.x0 as f32, b.y0 as f32),
            egui::pos2(b.x1 as f32, b.y1 as f32),
        );
        // A text run inside a one-line field scrolls within it (the field is what must fit).
        let in_field = node.accesskit_node().role() == egui::Role::TextRun;
        if rect.width() > 0.0 && !in_field && !inside_x(rect) {
            let n = node.accesskit_node();
            let label = format!(
                "{:?} {} {}",
                n.role(),
                n.label().unwrap_or_default(),
                n.value().unwrap_or_default()
            );
            bad.push(format!(
                "{what}: “{label}” at {rect:?} leaves the window {screen:?}"
            ));
        }
    }
    // Buttons never lie over one another (the desk bar's pages over "Switch person" at 360 px);
    // a button inside another (a row's "More" menu) is not an overlap.
    let buttons: Vec<(String, egui::Rect)> = d
        .harness
        .query_all(By::new().role(egui::Role::Button))
        .filter(|n| n.rect().width() > 0.0)
        .map(|n| (n.accesskit_node().label().unwrap_or_default(), n.rect()))
        .collect();
    for (i, (a, ra)) in buttons.iter().enumerate() {
        for (b, rb) in &buttons[i + 1..] {
            let nested = ra.contains_rect(*rb) || rb.contains_rect(*ra);
            if ra.shrink(1.0).intersects(rb.shrink(1.0)) && !nested && title.is_none() {
                bad.push(format!("{what}: buttons “{a}” and “{b}” overlap"));
            }
        }
    }
    let Some(title) = title else {
        return bad;
    };
    let Some(dialog) = last_dialog_rect(&d.harness.ctx) else {
        bad.push(format!("{what}: no dialog drawn"));
        return bad;
    };
    if !screen.expand(0.5).contains_rect(dialog) {
        bad.push(format!(
            "{what}: the dialog at {dialog:?} is not inside {screen:?}"
        ));
    }
    // The title (a button of the same name may sit behind the dialog) and ×, on screen and in
    // the dialog's frame.
    // × in either language.
    let close = if d.harness.query_by_label("Close dialog").is_some() {
        "Close dialog"
    } else {
        "关闭对话框"
    };
    for label in [title, close] {
        // Not the dialog itself, which a screen reader names by its title.
        let by = egui_kittest::kittest::By::new()
            .label(label)
            .include_labels();
        let on_screen = d.harness.query_all(by).any(|n| {
            n.accesskit_node().role() != egui::Role::Dialog
                && screen.contains_rect(n.rect())
                && dialog.expand(0.5).contains_rect(n.rect())
        });
        if !on_screen {
            bad.push(format!("{what}: “{label}” is not on screen in {dialog:?}"));
        }
    }
    bad
}

/// Opens each dialog in turn with `open`, checks it, and closes it with ×.
fn check_dialogs(d: &mut Desk, tr: &Tr, size: (f32, f32), bad: &mut Vec<String>) {
    let first = d.harness.state().accounts()[0].id.clone();
    let sharing_title = {
        let account = &d.harness.state().accounts()[0];
        tr.with(
            "sharing-title",
            &[(
                "label",
                otp_desk::gui::support::i18n::Arg::Text(&account.label()),
            )],
        )
    };
    let dialogs: Vec<(Action, String)> = vec![
        (Action::OpenSettings, tr.get("settings")),
        (Action::OpenAdd, tr.get("add-title")),
        (Action::OpenEdit(first.clone()), tr.get("edit-title")),
        (Action::AskDelete(first.clone()), tr.get("delete-title")),
        (
            Action::AskReveal(first.clone(), Reveal::Secret),
            tr.get("secret-title"),
        ),
        (
            Action::AskReveal(first.clone(), Reveal::QrCode),
            tr.get("qr-title"),
        ),
        (
            Action::OpenImport(ImportSource::PasteScreenshot),
            tr.get("import-title"),
        ),
        (
            Action::Safety(SafetyAction::ShowCopyLog),
            tr.get("copy-log-title"),
        ),
        (Action::Export(ExportAction::Open), tr.get("export-title")),
        (Action::Desk(DeskAction::OpenPeople), tr.get("people-title")),
        (
            Action::Desk(DeskAction::OpenSharing(first.clone())),
            sharing_title,
        ),
        (Action::Desk(DeskAction::OpenTrash), tr.get("trash-title")),
        (Action::Desk(DeskAction::OpenLog), tr.get("log-title")),
        (
            Action::Desk(DeskAction::OpenOwnPin),
            tr.get("own-pin-title"),
        ),
        (
            Action::Rekey(otp_desk::gui::command::RekeyAction::Open(first.clone())),
            tr.get("rekey-title"),
        ),
    ];
    for (action, title) in dialogs {
        let what = format!("{:?} {size:?} {action:?}", tr.language());
        d.harness.state_mut().apply(action);
        d.harness.run();
        d.harness.run();
        bad.extend(misfits(d, &what, Some(&title)));
        let close = tr.get("close-dialog");
        d.harness.get_by_label(&close).click();
        d.harness.run();
        assert!(
            d.harness.query_by_label(&close).is_none(),
            "{what}: × closes the dialog"
        );
    }
}

#[test]
fn every_dialog_and_page_fits_at_three_sizes_in_both_languages() {
    let mut bad = Vec::new();
    for lang in [Language::English, Language::SimplifiedChinese] {
        let tr = Tr::new(lang);
        for size in SIZES {
            let mut d = team(size, lang);
            bad.extend(misfits(&d, &format!("{lang:?} {size:?} picker"), None));
            sign_in_admin(&mut d, &tr);
            bad.extend(misfits(&d, &format!("{lang:?} {size:?} list"), None));
            check_dialogs(&mut d, &tr, size, &mut bad);
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// The compact mode (a narrow list on top, ~280 px) in both languages: the list, its header,
/// Settings and the hotkey dialog fit, and no button lies over another.
#[test]
fn the_compact_window_fits_in_both_languages() {
    use otp_desk::gui::command::PickAction;
    use otp_desk::gui::features::compact::COMPACT_SIZE;
    let mut bad = Vec::new();
    for lang in [Language::English, Language::SimplifiedChinese] {
        let tr = Tr::new(lang);
        let mut settings_compact = team((COMPACT_SIZE[0], COMPACT_SIZE[1]), lang);
        let d = &mut settings_compact;
        bad.extend(misfits(d, &format!("{lang:?} compact-size picker"), None));
        sign_in_admin(d, &tr);
        d.harness.state_mut().apply(Action::SetCompact(true));
        d.harness.run();
        d.harness.run();
        assert_eq!(d.harness.ctx.content_rect().width(), COMPACT_SIZE[0]);
        assert!(
            d.harness
                .query_by_label(&tr.get("compact-mode-off"))
                .is_some(),
            "{lang:?}: not compact"
        );
        bad.extend(misfits(d, &format!("{lang:?} compact list"), None));
        d.harness.state_mut().apply(Action::OpenSettings);
        d.harness.run();
        d.harness.run();
        let what = format!("{lang:?} compact settings");
        bad.extend(misfits(d, &what, Some(&tr.get("settings"))));
        d.harness.get_by_label(&tr.get("close-dialog")).click();
        d.harness.run();
        let first = d.harness.state().accounts()[0].id.clone();
        let edit = Action::QuickPick(PickAction::EditHotkey(first));
        d.harness.state_mut().apply(edit);
        d.harness.run();
        d.harness.run();
        bad.extend(misfits(d, &format!("{lang:?} compact hotkey"), None));
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// At 360 px a counter (HOTP) row has its name, the hint, the "next code" button and the menu
/// side by side: the hint gives way (cut short, or left out), never lies over the name. Seen
/// in the real window at 360 × 500, where "请按“下一个验证码”" covered the account's name.
#[test]
fn a_narrow_rows_words_never_lie_over_each_other() {
    let uris = [
        "otpauth://hotp/Walmart:ops-team-europe?secret=GEZDGNBVGY3TQOJQ&issuer=Walmart&counter=3",
        "otpauth://totp/Amazon:shop1@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Amazon",
        "otpauth://totp/Shopify:store7-long-name?secret=KRSXG5CTMVRXEZLU&issuer=Shopify",
    ];
    let mut bad = Vec::new();
    for lang in [Language::English, Language::SimplifiedChinese] {
        let dir = tempfile::tempdir().unwrap();
        let store: Arc<dyn SecretStore> = Arc::new(MemoryStore::new());
        let mut vault = Vault::open(dir.path(), store.clone()).unwrap();
        let entries = uris.map(|u| otp_desk::uri::parse(u).unwrap()).to_vec();
        vault.add_all(entries, T - 60).unwrap();
        // Shopify's key is gone from the keychain: its row says so where the code would be.
        let shopify = vault.accounts()[2].id.clone();
        store.delete(&shopify).unwrap();
        let mut settings = gui::english();
        settings.language = language(lang);
        let window = gui::Window::new(360.0, 500.0, T, settings);
        let d = gui::Desk::start(
            VaultSource::Open {
                dir: dir.path().to_path_buf(),
                store: store.clone(),
            },
            dir,
            window,
        );
        let words: Vec<(String, egui::Rect)> = d
            .harness
            .query_all(By::new().include_labels().predicate(|_| true))
            .filter(|n| {
                let role = n.accesskit_node().role();
                (role == egui::Role::Label || role == egui::Role::Button) && n.rect().width() > 0.0
            })
            .map(|n| {
                let node = n.accesskit_node();
                let text = format!(
                    "{:?} {}{}",
                    node.role(),
                    node.label().unwrap_or_default(),
                    node.value().unwrap_or_default()
                );
                (text, n.rect())
            })
            .collect();
        for drawn in ["Walmart", "Shopify"] {
            assert!(
                words.iter().any(|(w, _)| w.contains(drawn)),
                "{lang:?}: the row of {drawn} is drawn: {words:?}"
            );
        }
        for (i, (a, ra)) in words.iter().enumerate() {
            for (b, rb) in &words[i + 1..] {
                let nested = ra.contains_rect(*rb) || rb.contains_rect(*ra);
                if ra.shrink(1.0).intersects(rb.shrink(1.0)) && !nested {
                    bad.push(format!("{lang:?}: “{a}” {ra:?} and “{b}” {rb:?} overlap"));
                }
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
