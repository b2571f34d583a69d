//! Every error of the core and every audit action, shown in Chinese: no English word may be
//! left, and Chinese text uses Chinese punctuation. Also every message of `zh-CN.ftl` itself.

use super::audit_words;
use super::i18n::{Language, Tr};
use super::message::Message;
use super::words_samples::every_error;
use crate::store::audit_log::{AuditAction, Via};

/// Product, format and key names that stay as they are in Chinese text.
const ALLOWED: &[&str] = &[
    "OTP",
    "Desk",
    "Aegis",
    "Google",
    "Steam",
    "TOTP",
    "HOTP",
    "PIN",
    "CSV",
    "SHA",
    "PNG",
    "JPEG",
    "GIF",
    "BMP",
    "WebP",
    "Ctrl",
    "Alt",
    "Enter",
    "Esc",
    "Wayland",
    "macOS",
    "Win",
    "Shift",
    "PrtScn",
    "Cmd",
    "ABCD",
    "EFGH",
    "IJKL",
    "Windows",
    "Authenticator",
    "Plus",
    "OTP_DESK_DATA_DIR",
    "DESK",
    "DATA",
    "DIR",
    "FAS",
    "ABCDE",
    "FGHJK",
    "Syncthing",
    "OneDrive",
    "NAS",
];

/// English words (3+ ASCII letters not allowed above) and half-width ?!:; beside a hanzi.
fn faults(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for word in text.split(|c: char| !c.is_ascii_alphabetic()) {
        if word.len() >= 3 && !ALLOWED.contains(&word) {
            found.push(format!("English word '{word}'"));
        }
    }
    let chars: Vec<char> = text.chars().collect();
    let cjk = |c: Option<&char>| c.is_some_and(|c| ('\u{4e00}'..='\u{9fff}').contains(c));
    for (i, c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).and_then(|j| chars.get(j));
        if matches!(c, '?' | '!' | ':' | ';' | ',') && (cjk(before) || cjk(chars.get(i + 1))) {
            found.push(format!("half-width '{c}' beside Chinese"));
        }
    }
    found
}

fn check(what: &str, message: &Message, zh: &Tr, bad: &mut Vec<String>) {
    let text = message.show(zh);
    for fault in faults(&text) {
        bad.push(format!("{what} ({}): {fault} in “{text}”", message.id()));
    }
}

#[test]
fn every_error_is_said_in_chinese() {
    let zh = Tr::new(Language::SimplifiedChinese);
    let mut bad = Vec::new();
    let all = every_error();
    assert!(all.len() > 90, "{} errors walked", all.len());
    for (what, message) in &all {
        check(what, message, &zh, &mut bad);
        // A message the bundle lacks comes back as its id: English by another name.
        assert_ne!(message.show(&zh), message.id(), "{what}");
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn every_audit_action_place_and_note_is_said_in_chinese() {
    let zh = Tr::new(Language::SimplifiedChinese);
    let mut bad = Vec::new();
    for action in AuditAction::ALL {
        check(
            action.as_str(),
            &Message::new(audit_words::action_key(action)),
            &zh,
            &mut bad,
        );
    }
    for via in [Via::Window, Via::Tray, Via::Cli] {
        check(
            via.as_str(),
            &Message::new(audit_words::via_key(via)),
            &zh,
            &mut bad,
        );
    }
    for note in [
        "with 李娜 until 23:30",
        "with 李娜 until 2026-12-24 18:00",
        "with 李娜",
        "王芳 (member)",
        "王芳 (admin)",
        "3 accounts imported",
        "12 accounts",
        "audit log CSV",
        "refused while waiting",
        "30 days in the trash",
        "李娜 → 李娜娜",
        "王芳",
        "team vault made",
        "this computer joined the team",
        "this computer joined the team as '前台电脑'",
        "computer '前台电脑' joined the team",
        "computer '前台电脑' revoked (key epoch 2)",
        "a value picked between computers",
    ] {
        check(note, &audit_words::detail(note), &zh, &mut bad);
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    assert_eq!(
        audit_words::detail(&audit_words::share_note("李娜", Some("18:00"))).show(&zh),
        "与 李娜 共享至 18:00"
    );
}

/// Each message of the Chinese file with its `{ $arguments }` and variant keys taken out.
#[test]
fn every_chinese_message_is_chinese_with_chinese_punctuation() {
    let source = include_str!("../../../assets/i18n/zh-CN.ftl");
    let mut bad = Vec::new();
    for line in source.lines().filter(|l| !l.trim_start().starts_with('#')) {
        let text = line.split_once(" = ").map_or(line, |(_, v)| v);
        let mut plain = String::new();
        let mut depth = 0;
        for c in text.chars() {
            match c {
                '{' => depth += 1,
                '}' => depth = (depth - 1).max(0),
                _ if depth == 0 => plain.push(c),
                _ => {}
            }
        }
        let plain = plain.trim_start();
        let plain = plain
            .strip_prefix('*')
            .unwrap_or(plain)
            .split_once(']')
            .filter(|_| plain.trim_start_matches('*').starts_with('['))
            .map_or(plain, |(_, rest)| rest);
        for fault in faults(plain) {
            bad.push(format!("{line}: {fault}"));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn the_check_finds_english_and_half_width_punctuation() {
    assert!(!faults("Wrong PIN for 李娜.").is_empty());
    assert!(!faults("现在是谁在使用?").is_empty());
    assert!(faults("现在是谁在使用？").is_empty());
    assert!(faults("请按 Ctrl+F 搜索").is_empty());
}
