//! What a screen reader hears from the real window: the `otp-desk` binary under Xvfb with its
//! accounts in a private gnome-keyring, the AT-SPI bus switched on in that D-Bus session, and
//! the tree read back through pyatspi as Orca reads it, in English and in Chinese. The frame
//! is named; each account is one item that says its issuer, name, the code a click gives (as
//! shown) and the seconds left; each "•••" menu names its account; no button or field is
//! unnamed, in the list and in a dialog opened with Ctrl+N. Prints what it read.
#![cfg(target_os = "linux")]

#[path = "support/atspi.rs"]
mod atspi;
mod support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use atspi::{A11yBus, Node};
use otp_desk::gui::command::LanguageChoice;
use otp_desk::gui::model::settings::Settings;
use support::{Desk, Running, SecretService};

const SHOPIFY: &str = "otpauth://totp/Shopify:store7?secret=JBSWY3DPEHPK3PXP&issuer=Shopify";
const EBAY: &str = "otpauth://totp/eBay:seller?secret=KRSXG5CTMVRXEZLU&issuer=eBay";
const BANK: &str = "otpauth://hotp/Bank:me?secret=GEZDGNBVGY3TQOJQ&issuer=Bank&counter=1";

struct Words {
    language: LanguageChoice,
    /// What the row of the HOTP account says before a code is generated.
    no_counter: &'static str,
    menu: &'static str,
    add_title: &'static str,
}

const ENGLISH: Words = Words {
    language: LanguageChoice::English,
    no_counter: "Bank, me, no code yet, press Next code",
    menu: "More",
    add_title: "Add an account",
};

const CHINESE: Words = Words {
    language: LanguageChoice::SimplifiedChinese,
    no_counter: "Bank，me，还没有验证码，请按“下一个验证码”",
    menu: "更多",
    add_title: "添加账户",
};

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn code(uri: &str, at: u64) -> String {
    otp_desk::otp::group_for_reading(&otp_desk::uri::parse(uri).unwrap().code_at(at))
}

/// The numbers in `text`, each run of digits (and the spaces inside a code) as one.
fn numbers(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut current = String::new();
    for c in text.chars().chain([',']) {
        if c.is_ascii_digit() || (c == ' ' && !current.is_empty()) {
            current.push(c);
        } else if !current.is_empty() {
            found.push(current.trim().to_owned());
            current.clear();
        }
    }
    found
}

/// Whether `spoken` is what the row of `uri` said at some second in `from..=to`: the code a
/// click gave then (the next one in a period's last 3 seconds) and the seconds left.
fn says_the_code(spoken: &str, uri: &str, from: u64, to: u64) -> bool {
    let said = numbers(spoken);
    (from..=to).any(|t| {
        let left = 30 - t % 30;
        let given = if left < 3 {
            code(uri, t + 30)
        } else {
            code(uri, t)
        };
        said.contains(&given) && said.contains(&left.to_string())
    })
}

struct Window {
    display: String,
    bus: A11yBus,
    // Dropped in order: the app, its data folder, Xvfb, then the buses.
    _app: Running,
    _desk: Desk,
    _xvfb: Running,
    _service: SecretService,
}

/// The window on the three accounts; `admin`: in desk mode, with that admin (PIN 246810).
fn start(words: &Words, admin: Option<&str>) -> Window {
    let service = SecretService::start();
    let desk = Desk::new(Some(&service));
    let added = desk.run(&["add", SHOPIFY, EBAY, BANK]);
    assert!(added.status.success(), "{}", support::stderr(&added));
    if let Some(name) = admin {
        let out = desk.run_with_stdin(&["people", "add", name, "--admin"], "246810\n");
        assert!(out.status.success(), "{}", support::stderr(&out));
    }
    let settings = Settings {
        language: words.language,
        ..Settings::default()
    };
    otp_desk::gui::model::settings::save(&desk.data.path().join("settings.json"), &settings)
        .unwrap();
    let (xvfb, display) = support::start_xvfb(1024, 700);
    let bus = A11yBus::start(&service.bus_address);
    let app = desk
        .command(&[])
        .env("DISPLAY", &display)
        .env_remove("XDG_SESSION_TYPE")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    Window {
        display,
        bus,
        _app: Running(app),
        _desk: desk,
        _xvfb: xvfb,
        _service: service,
    }
}

/// Walks the tree until `ready` accepts it (at most 30 s); returns it and the seconds it was
/// read between.
fn tree_when(w: &Window, what: &str, ready: impl Fn(&[Node]) -> bool) -> (Vec<Node>, u64, u64) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let before = now();
        let tree = w.bus.walk(&w.display);
        if ready(&tree) {
            return (tree, before.saturating_sub(2), now());
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}; the tree:\n{}",
            show(&tree)
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn show(tree: &[Node]) -> String {
    tree.iter()
        .map(|n| n.line.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

fn app_tree(tree: &[Node]) -> Vec<Node> {
    let start = tree
        .iter()
        .position(|n| n.depth == 0 && n.name == "otp-desk");
    let Some(start) = start else {
        return Vec::new();
    };
    tree[start..]
        .iter()
        .take_while(|n| n.depth > 0 || n.name == "otp-desk")
        .cloned()
        .collect()
}

/// Buttons and fields without a name, as lines of the tree.
fn unnamed(tree: &[Node]) -> Vec<String> {
    const NAMED: [&str; 6] = [
        "dialog",
        "push button",
        "toggle button",
        "entry",
        "password text",
        "check box",
    ];
    tree.iter()
        .filter(|n| NAMED.contains(&n.role.as_str()) && n.name.trim().is_empty())
        .map(|n| n.line.clone())
        .collect()
}

fn check(words: &Words) {
    let w = start(words, None);
    let rows_ready = |tree: &[Node]| {
        app_tree(tree)
            .iter()
            .any(|n| n.role == "push button" && n.name == words.no_counter)
    };
    let (tree, from, to) = tree_when(&w, "the list's rows", rows_ready);
    let tree = app_tree(&tree);
    let frame = tree.iter().find(|n| n.role == "frame");
    assert_eq!(
        frame.map(|n| n.name.as_str()),
        Some("OTP Desk"),
        "the frame's name:\n{}",
        show(&tree)
    );
    println!("{}", frame.unwrap().line);
    let mut problems = unnamed(&tree);
    for (uri, issuer, name) in [(SHOPIFY, "Shopify", "store7"), (EBAY, "eBay", "seller")] {
        let rows: Vec<&Node> = tree
            .iter()
            .filter(|n| n.role == "push button" && n.name.starts_with(issuer))
            .filter(|n| n.name.contains(name) && !n.name.starts_with(words.menu))
            .collect();
        match rows.as_slice() {
            [row] if says_the_code(&row.name, uri, from, to) => println!("{}", row.line),
            _ => problems.push(format!(
                "{issuer}: want one item with its code and seconds, got {rows:?}"
            )),
        }
        let menu = format!("{} {issuer} ({name})", words.menu);
        match tree
            .iter()
            .find(|n| n.role == "push button" && n.name == menu)
        {
            Some(node) => println!("{}", node.line),
            None => problems.push(format!("no menu button named {menu:?}")),
        }
    }
    let bank = tree.iter().find(|n| n.name == words.no_counter).unwrap();
    println!("{}", bank.line);
    assert!(
        problems.is_empty(),
        "{problems:#?}\nthe tree:\n{}",
        show(&tree)
    );

    // A dialog, opened from the keyboard, is named by its title and so is all in it.
    focus_and_press(&w.display, "ctrl+n");
    let dialog_ready = |tree: &[Node]| {
        app_tree(tree)
            .iter()
            .any(|n| n.role == "dialog" && n.name == words.add_title)
    };
    let (tree, _, _) = tree_when(&w, "the Add dialog", dialog_ready);
    let tree = app_tree(&tree);
    let dialog = tree.iter().position(|n| n.role == "dialog").unwrap();
    let inside: Vec<Node> = tree[dialog + 1..]
        .iter()
        .take_while(|n| n.depth > tree[dialog].depth)
        .cloned()
        .collect();
    println!("{}", tree[dialog].line);
    for node in inside.iter().filter(|n| n.role != "label") {
        println!("{}", node.line);
    }
    let problems = unnamed(&inside);
    assert!(
        problems.is_empty() && inside.iter().any(|n| n.role == "entry"),
        "unnamed in the dialog: {problems:#?}\nthe tree:\n{}",
        show(&tree)
    );
}

fn focus_and_press(display: &str, keys: &str) {
    let xdotool = |args: &[&str]| {
        Command::new("xdotool")
            .args(args)
            .env("DISPLAY", display)
            .stderr(Stdio::null())
            .output()
            .expect("xdotool is missing: run scripts/test.sh, which installs it")
    };
    let found = xdotool(&["search", "--name", "^OTP Desk$"]);
    let window = String::from_utf8_lossy(&found.stdout)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned();
    assert!(!window.is_empty(), "no X window named OTP Desk");
    xdotool(&["windowfocus", "--sync", &window]);
    xdotool(&["key", "--clearmodifiers", keys]);
}

#[test]
fn a_screen_reader_hears_names_codes_and_seconds_in_english() {
    check(&ENGLISH);
}

#[test]
fn a_screen_reader_hears_names_codes_and_seconds_in_chinese() {
    check(&CHINESE);
}

#[test]
fn the_person_picker_names_each_person_and_the_pin_field_in_chinese() {
    let w = start(&CHINESE, Some("李娜"));
    let person = |n: &Node| n.role == "push button" && n.name.contains("李娜");
    let (tree, _, _) = tree_when(&w, "the person picker", |tree| {
        app_tree(tree).iter().any(person)
    });
    let tree = app_tree(&tree);
    for node in tree.iter().filter(|n| n.role != "panel") {
        println!("{}", node.line);
    }
    let named = tree
        .iter()
        .any(|n| n.role == "frame" && n.name == "OTP Desk")
        && tree.iter().any(|n| n.name == "现在是谁在使用？")
        && tree
            .iter()
            .filter(|n| person(n))
            .all(|n| n.name.contains("管理员"));
    assert!(
        named && unnamed(&tree).is_empty(),
        "the tree:\n{}",
        show(&tree)
    );

    // Tab reaches the person, Space picks them; the PIN field is named.
    focus_and_press(&w.display, "Tab");
    focus_and_press(&w.display, "space");
    let pin = |n: &Node| n.role == "password text" && n.name == "PIN";
    let (tree, _, _) = tree_when(&w, "the PIN field", |tree| app_tree(tree).iter().any(pin));
    let tree = app_tree(&tree);
    println!("{}", tree.iter().find(|n| pin(n)).unwrap().line);
    assert!(unnamed(&tree).is_empty(), "the tree:\n{}", show(&tree));
}
