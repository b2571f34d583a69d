//! The desk's promises attacked as someone with the desk's own login would: two terminals at
//! once, a text editor on the data files, old copies of them, `secret-tool` on the keychain and
//! kill -9 — against a real Secret Service (gnome-keyring on a private D-Bus) and the real
//! `otp-desk` binary. Each test failed on the desk before its state was authenticated.
#![cfg(target_os = "linux")]

mod support;

use std::process::{Child, Command, Output};
use std::time::Duration;

use support::{Desk, SecretService, stderr, stdout};

const AMAZON: &str =
    "otpauth://totp/Amazon:shop1%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Amazon";
const AT: &str = "1257894000";
const AMAZON_AT: &str = "528064";

fn ok(out: &Output) -> String {
    assert!(out.status.success(), "{}{}", stdout(out), stderr(out));
    stdout(out)
}

/// A desk with an account, the admins Alice and Carol and the member Wei.
fn team(service: &SecretService) -> Desk {
    let desk = Desk::new(Some(service));
    ok(&desk.run(&["add", AMAZON]));
    ok(&desk.run_with_stdin(&["people", "add", "Alice", "--admin"], "246810\n"));
    for (name, role, pin) in [
        ("Carol", "--admin", "135790"),
        ("Wei", "--member", "864200"),
    ] {
        ok(&desk.run_with_stdin(
            &["people", "add", name, role, "--as", "Alice"],
            &format!("246810\n{pin}\n"),
        ));
    }
    desk
}

fn spawn(desk: &Desk, args: &[&str], input: &str) -> Child {
    Desk::spawn_with_stdin(desk.command(args), input)
}

fn secret_tool(service: &SecretService, args: &[&str], input: Option<&str>) -> String {
    let mut cmd = Command::new("secret-tool");
    cmd.args(args)
        .env("DBUS_SESSION_BUS_ADDRESS", &service.bus_address);
    // `spawn_with_stdin` closes standard input once written, as secret-tool needs.
    let out = Desk::spawn_with_stdin(cmd, input.unwrap_or(""))
        .wait_with_output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Writes an item as another Secret Service client would, over OTP Desk's own.
fn store_item(service: &SecretService, user: &str, text: &str) {
    let args = [
        "store",
        "--label=otp-desk",
        "service",
        "otp-desk",
        "username",
        user,
    ];
    secret_tool(service, &args, Some(text));
}

fn item(service: &SecretService, user: &str) -> String {
    secret_tool(
        service,
        &["lookup", "service", "otp-desk", "username", user],
        None,
    )
}

/// An old copy of `desk.json` and `desk.json.bak`, as someone keeps one to put back later.
struct DeskFiles(Vec<(std::path::PathBuf, Vec<u8>)>);

impl DeskFiles {
    fn copy(dir: &std::path::Path) -> Self {
        let files = ["desk.json", "desk.json.bak"]
            .iter()
            .map(|n| (dir.join(n), std::fs::read(dir.join(n)).unwrap()))
            .collect();
        Self(files)
    }

    fn put_back(&self) {
        for (path, bytes) in &self.0 {
            std::fs::write(path, bytes).unwrap();
        }
    }
}

fn person_id(desk: &Desk, name: &str) -> String {
    let people: serde_json::Value =
        serde_json::from_str(&ok(&desk.run(&["people", "list", "--json"]))).unwrap();
    people
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == name)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn two_admins_removing_each_other_at_once_leave_one_and_every_account() {
    let service = SecretService::start();
    let desk = team(&service);
    let a = spawn(
        &desk,
        &["people", "remove", "Carol", "--as", "Alice"],
        "246810\n",
    );
    let c = spawn(
        &desk,
        &["people", "remove", "Alice", "--as", "Carol"],
        "135790\n",
    );
    let (a, c) = (a.wait_with_output().unwrap(), c.wait_with_output().unwrap());
    assert_eq!(
        [a.status.success(), c.status.success()]
            .iter()
            .filter(|s| **s)
            .count(),
        1,
        "exactly one removal: {} / {}",
        stderr(&a),
        stderr(&c)
    );
    // A member's wrong PIN (a save) later, then whoever is left still reads the account.
    let _ = desk.run_with_stdin(&["list", "--as", "Wei"], "000000\n");
    let left = if a.status.success() {
        ("Alice", "246810")
    } else {
        ("Carol", "135790")
    };
    let out = desk.run_with_stdin(
        &["code", "amazon", "--at", AT, "--as", left.0],
        &format!("{}\n", left.1),
    );
    assert_eq!(ok(&out).lines().next(), Some(AMAZON_AT));
}

#[test]
fn many_wrong_pins_at_once_get_three_tries_then_waits() {
    let service = SecretService::start();
    let desk = team(&service);
    let children: Vec<Child> = (0..8)
        .map(|_| spawn(&desk, &["list", "--as", "Wei"], "999999\n"))
        .collect();
    let outs: Vec<Output> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    let wrong = outs
        .iter()
        .filter(|o| stderr(o).contains("Wrong PIN"))
        .count();
    let waits = outs.iter().filter(|o| stderr(o).contains("wait")).count();
    assert_eq!(
        (wrong, waits),
        (3, 5),
        "{:?}",
        outs.iter().map(stderr).collect::<Vec<_>>()
    );
    // The waits wrote no record each: the first of the burst, then a count.
    let log = ok(&desk.run_with_stdin(&["log", "--json", "--as", "Alice"], "246810\n"));
    let failed = log.matches("\"failed_unlock\"").count();
    assert_eq!(failed, 4, "{log}");
    assert_eq!(log.matches("refused while waiting").count(), 1, "{log}");
}

#[test]
fn a_failure_time_in_the_year_3000_waits_an_hour_at_most() {
    let service = SecretService::start();
    let desk = team(&service);
    let id = person_id(&desk, "Alice");
    let path = desk.data.path().join("desk.json");
    let mut file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    // In both places the desk has kept the counter: beside the slots and in `counters`.
    file["counters"][&id] =
        serde_json::json!({"failures": 40, "last_failure_unix_secs": 32_503_680_000u64});
    for slot in file["people"].as_array_mut().unwrap() {
        if slot["id"] == id.as_str() {
            slot["failures"] = 40.into();
            slot["last_failure_unix_secs"] = 32_503_680_000u64.into();
        }
    }
    std::fs::write(&path, file.to_string()).unwrap();
    let out = desk.run_with_stdin(&["list", "--as", "Alice"], "246810\n");
    let text = stderr(&out);
    let secs: u64 = text
        .split("wait ")
        .nth(1)
        .and_then(|t| t.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{text}"));
    assert!(secs <= 3600, "{text}");
}

#[test]
fn an_old_copy_of_the_files_brings_no_removed_member_back() {
    let service = SecretService::start();
    let desk = team(&service);
    ok(&desk.run_with_stdin(
        &["share", "amazon", "--with", "Wei", "--as", "Alice"],
        "246810\n",
    ));
    let dir = desk.data.path();
    let saved = DeskFiles::copy(dir);
    ok(&desk.run_with_stdin(&["people", "remove", "Wei", "--as", "Alice"], "246810\n"));
    saved.put_back();
    let out = desk.run_with_stdin(&["code", "amazon", "--at", AT, "--as", "Wei"], "864200\n");
    assert!(
        !out.status.success() && stdout(&out).is_empty(),
        "{}",
        stdout(&out)
    );
    assert!(stderr(&out).contains("older copy"), "{}", stderr(&out));
}

#[test]
fn a_restored_keychain_slot_brings_no_old_pin_back() {
    let service = SecretService::start();
    let desk = team(&service);
    let id = person_id(&desk, "Wei");
    let user = format!("desk-person-{id}");
    let old = item(&service, &user);
    assert!(old.contains("person_key"), "{old}");
    ok(&desk.run_with_stdin(
        &["people", "reset-pin", "Wei", "--as", "Alice"],
        "246810\n111222\n",
    ));
    ok(&desk.run_with_stdin(
        &["share", "amazon", "--with", "Wei", "--as", "Alice"],
        "246810\n",
    ));
    store_item(&service, &user, &old);
    // A member's share holds the codes of its time, from now on.
    let (at, code) = soon();
    let out = desk.run_with_stdin(&["code", "amazon", "--at", &at, "--as", "Wei"], "864200\n");
    assert!(
        !out.status.success() && stdout(&out).is_empty(),
        "{}",
        stdout(&out)
    );
    let out = desk.run_with_stdin(&["code", "amazon", "--at", &at, "--as", "Wei"], "111222\n");
    assert_eq!(ok(&out).lines().next(), Some(code.as_str()));
}

/// A minute from now, and the Amazon account's code then.
fn soon() -> (String, String) {
    let at = unix_now() + 60;
    (
        at.to_string(),
        otp_desk::uri::parse(AMAZON).unwrap().code_at(at),
    )
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

#[test]
fn a_plain_item_written_with_secret_tool_is_never_shown_or_shared() {
    let service = SecretService::start();
    let desk = team(&service);
    let list: serde_json::Value = serde_json::from_str(&ok(
        &desk.run_with_stdin(&["list", "--json", "--as", "Alice"], "246810\n")
    ))
    .unwrap();
    let id = list[0]["id"].as_str().unwrap().to_owned();
    store_item(
        &service,
        &id,
        "otpauth://totp/Amazon:shop1?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Amazon",
    );
    let out = desk.run_with_stdin(&["code", "amazon", "--at", AT, "--as", "Alice"], "246810\n");
    assert!(
        !out.status.success(),
        "the attacker's code: {}",
        stdout(&out)
    );
    let out = desk.run_with_stdin(
        &["share", "amazon", "--with", "Wei", "--as", "Alice"],
        "246810\n",
    );
    assert!(!out.status.success(), "shared: {}", stdout(&out));
}

#[test]
fn a_member_renamed_in_the_file_is_not_logged_under_the_new_name() {
    let service = SecretService::start();
    let desk = team(&service);
    for name in ["desk.json", "desk.json.bak"] {
        let path = desk.data.path().join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace("Wei", "Caro")).unwrap();
    }
    let out = desk.run_with_stdin(&["list", "--as", "Caro"], "864200\n");
    assert!(!out.status.success(), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("changed outside OTP Desk"),
        "{}",
        stderr(&out)
    );
    // A name with a line break cannot be given at all.
    let out = desk.run_with_stdin(
        &[
            "people",
            "add",
            "Eve\n  1  fake",
            "--member",
            "--as",
            "Alice",
        ],
        "246810\n555555\n",
    );
    assert!(!out.status.success());
}

#[test]
fn the_log_cut_short_or_deleted_says_so() {
    let service = SecretService::start();
    let desk = team(&service);
    ok(&desk.run_with_stdin(&["code", "amazon", "--as", "Alice"], "246810\n"));
    let path = desk.data.path().join("audit.log");
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    // The last two records (an unlock and a copy) cut off.
    std::fs::write(&path, lines[..lines.len() - 2].join("\n") + "\n").unwrap();
    let out = desk.run_with_stdin(&["log", "--as", "Alice"], "246810\n");
    assert!(!out.status.success(), "a cut log passed");
    assert!(stderr(&out).contains("incomplete"), "{}", stderr(&out));
    std::fs::remove_file(&path).unwrap();
    let out = desk.run_with_stdin(&["log", "--as", "Alice"], "246810\n");
    assert!(!out.status.success(), "a deleted log passed");
}

/// kill -9 at random moments of the desk's changes: afterwards nothing is lost, no slot is left
/// without its person, no temp file stays, and every person has the record that added them.
#[test]
fn kill_9_during_changes_loses_nothing_and_leaves_nothing() {
    let service = SecretService::start();
    let desk = team(&service);
    let mut seed = 0x2545_f491_u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for round in 0..24 {
        let name = format!("P{round}");
        let args: Vec<String> = match round % 4 {
            0 | 1 => vec![
                "people".into(),
                "add".into(),
                name.clone(),
                "--member".into(),
            ],
            2 => vec![
                "share".into(),
                "amazon".into(),
                "--with".into(),
                "Wei".into(),
            ],
            _ => vec!["people".into(), "reset-pin".into(), "Wei".into()],
        };
        let mut args: Vec<&str> = args.iter().map(String::as_str).collect();
        args.extend(["--as", "Alice"]);
        // Killed once its PIN was checked (its unlock is in the log), somewhere in its change:
        // an attempt killed during the PIN's work counts as a wrong PIN, by design, and would
        // only put Alice in back-off.
        let unlocks = || {
            std::fs::read_to_string(desk.data.path().join("audit.log"))
                .unwrap_or_default()
                .matches("\"action\":\"unlock\"")
                .count()
        };
        let before = unlocks();
        let mut child = spawn(&desk, &args, "246810\n864200\n");
        support::wait_for("the unlock", Duration::from_secs(20), || {
            unlocks() > before || matches!(child.try_wait(), Ok(Some(_)))
        });
        std::thread::sleep(Duration::from_millis(next() % 400));
        let _ = child.kill();
        let _ = child.wait();
    }
    // The next admin command finishes whatever was cut short.
    ok(&desk.run_with_stdin(
        &["people", "add", "Last", "--member", "--as", "Alice"],
        "246810\n777777\n",
    ));
    let out = desk.run_with_stdin(&["code", "amazon", "--at", AT, "--as", "Alice"], "246810\n");
    assert_eq!(
        ok(&out).lines().next(),
        Some(AMAZON_AT),
        "the account survived"
    );
    let temps: Vec<String> = std::fs::read_dir(desk.data.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".desk.json") && n.ends_with(".tmp"))
        .collect();
    assert!(temps.is_empty(), "{temps:?}");
    let people: serde_json::Value =
        serde_json::from_str(&ok(&desk.run(&["people", "list", "--json"]))).unwrap();
    let ids: Vec<String> = people
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_owned())
        .collect();
    let slots: Vec<String> = service
        .keychain_users()
        .into_iter()
        .filter_map(|u| u.strip_prefix("desk-person-").map(str::to_owned))
        .collect();
    for slot in &slots {
        assert!(ids.contains(slot), "an orphan slot {slot}");
    }
    let log = ok(&desk.run_with_stdin(&["log", "--json", "--as", "Alice"], "246810\n"));
    for person in people.as_array().unwrap() {
        let name = person["name"].as_str().unwrap();
        if ["Alice"].contains(&name) {
            continue;
        }
        assert!(
            log.contains(&format!("\"detail\":\"{name} (")),
            "{name} was added without a record:\n{log}"
        );
    }
}

/// A slot "made from nothing" (its own random desk key, its own PIN) written into the file and
/// the keychain, as an attacker with the desk's login can: it is not on the picker, opens
/// nothing, and the next admin change removes it.
#[test]
fn a_slot_made_from_nothing_acts_as_no_one() {
    use otp_desk::desk::PersonId;
    use otp_desk::desk::crypto::Key;
    use otp_desk::desk::slot::{PinPart, Slot};
    let service = SecretService::start();
    let desk = team(&service);
    let id = PersonId("badbadbadbadbad0".into());
    let person = Key::random().unwrap();
    let pin = PinPart::new(&id, &person, "111111").unwrap();
    let forged = Slot::assemble(&id, pin, &person, true, &Key::random().unwrap(), 1).unwrap();
    let forged = serde_json::to_string(&forged).unwrap();
    store_item(&service, "desk-person-badbadbadbadbad0", &forged);
    let path = desk.data.path().join("desk.json");
    let mut file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let slot: serde_json::Value = serde_json::from_str(&forged).unwrap();
    file["people"].as_array_mut().unwrap().push(slot);
    std::fs::write(&path, file.to_string()).unwrap();

    let people = ok(&desk.run(&["people", "list"]));
    assert!(!people.contains("badbad"), "{people}");
    for args in [
        ["people", "remove", "Alice"],
        ["people", "remove", "Carol"],
        ["remove", "amazon", "--yes"],
    ] {
        let mut all = args.to_vec();
        all.extend(["--as", "badbadbadbadbad0"]);
        let out = desk.run_with_stdin(&all, "111111\n");
        assert!(!out.status.success(), "{all:?}: {}", stdout(&out));
    }
    let out = desk.run_with_stdin(&["code", "amazon", "--at", AT, "--as", "Alice"], "246810\n");
    assert_eq!(ok(&out).lines().next(), Some(AMAZON_AT));
    ok(&desk.run_with_stdin(
        &["people", "rename", "Wei", "Wei Zhang", "--as", "Alice"],
        "246810\n",
    ));
    assert!(
        !service
            .keychain_users()
            .contains(&"desk-person-badbadbadbadbad0".to_owned()),
        "the forged slot was removed"
    );
}

/// A removed admin's slot and desk files copied back: they open no account added after the
/// removal (the desk key was replaced), and the desk calls the copy what it is. Nor do the
/// other people's keys, which the old desk key opened while she was an admin.
#[test]
fn a_removed_admin_s_old_slot_reads_nothing_added_after() {
    use otp_desk::desk::slot::{Keys, Slot};
    let service = SecretService::start();
    let desk = team(&service);
    let carol = person_id(&desk, "Carol");
    let user = format!("desk-person-{carol}");
    let slot = item(&service, &user);
    let others: Vec<String> = ["Alice", "Wei"]
        .iter()
        .map(|name| format!("desk-person-{}", person_id(&desk, name)))
        .collect();
    let others_before: Vec<String> = others.iter().map(|u| item(&service, u)).collect();
    let dir = desk.data.path();
    let saved = DeskFiles::copy(dir);
    // Someone at the desk without a PIN writes a box point of their own into Alice's keychain
    // item, for the new desk key to be sealed to.
    let planted = otp_desk::desk::crypto::Key::random().unwrap();
    let mut alice_slot: serde_json::Value = serde_json::from_str(&others_before[0]).unwrap();
    alice_slot["box_public"] = serde_json::Value::String(planted.box_public());
    store_item(&service, &others[0], &alice_slot.to_string());
    let out = ok(&desk.run_with_stdin(&["people", "remove", "Carol", "--as", "Alice"], "246810\n"));
    // Her own unlock for the removal put her own point back before the new key was sealed.
    let alice_after = item(&service, &others[0]);
    assert!(
        !alice_after.contains(&planted.box_public()),
        "{alice_after}"
    );
    let fields: serde_json::Value = serde_json::from_str(alice_after.trim()).unwrap();
    let alice = person_id(&desk, "Alice");
    for text in fields
        .as_object()
        .unwrap()
        .values()
        .filter_map(|v| v.as_str())
    {
        for context in [
            format!("otp-desk desk-key/2 {alice} 2"),
            format!("otp-desk desk-box {alice} 2"),
        ] {
            assert!(planted.open_key_box(text, &context).is_err());
            assert!(planted.unwrap_key(text, &context).is_err());
        }
    }
    assert!(
        out.contains("give each person who stays a new PIN"),
        "an admin left: {out}"
    );
    let ebay = "otpauth://totp/eBay:shop2?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=eBay";
    ok(&desk.run_with_stdin(&["add", ebay, "--as", "Alice"], "246810\n"));
    store_item(&service, &user, &slot);
    saved.put_back();
    let out = desk.run_with_stdin(&["code", "ebay", "--as", "Carol"], "135790\n");
    assert!(
        !out.status.success() && stdout(&out).is_empty(),
        "{}",
        stdout(&out)
    );
    // Offline, with her old desk key and the person keys it opened: the new desk key in
    // Alice's slot now, and the new item, do not open.
    let old_key = Slot::from_json(&slot)
        .unwrap()
        .open("135790")
        .unwrap()
        .desk
        .unwrap();
    let mut kept = vec![old_key.clone()];
    for (user, before) in others.iter().zip(&others_before) {
        let person = Slot::from_json(before.trim())
            .unwrap()
            .person_key(&old_key)
            .unwrap();
        let now = Slot::from_json(item(&service, user).trim()).unwrap();
        let stolen = Keys {
            person: person.clone(),
            desk: None,
            boxed: None,
        };
        assert!(
            now.desk_key(&stolen).is_none(),
            "{user}'s kept key opens the new desk key"
        );
        kept.push(person);
    }
    for user in service.keychain_users() {
        if user.starts_with("desk-") {
            continue;
        }
        let text = item(&service, &user);
        let sealed = text.trim().strip_prefix("otp-desk-sealed/1:").unwrap();
        for key in &kept {
            assert!(
                key.open(sealed, &format!("otp-desk item {user}")).is_err(),
                "a key she kept opens {user}"
            );
        }
    }
}

#[test]
fn a_member_holds_the_codes_of_a_share_never_its_key() {
    let service = SecretService::start();
    let desk = team(&service);
    let shared = ok(&desk.run_with_stdin(
        &["share", "amazon", "--with", "Wei", "--as", "Alice"],
        "246810\n",
    ));
    assert!(shared.contains("its codes, not its key"), "{shared}");
    let now = unix_now();
    let entry = otp_desk::uri::parse(AMAZON).unwrap();
    let code_as = |who: &str, pin: &str, at: u64| {
        desk.run_with_stdin(
            &["code", "amazon", "--at", &at.to_string(), "--as", who],
            &format!("{pin}\n"),
        )
    };
    // Within the share's week the member's codes are the key's codes…
    let in_a_day = now + 24 * 3600;
    assert_eq!(
        ok(&code_as("Wei", "864200", in_a_day)).trim(),
        entry.code_at(in_a_day)
    );
    // …but no code before the share or after its week: there is no key to compute one.
    for at in [now - 3600, now + 8 * 24 * 3600] {
        let out = code_as("Wei", "864200", at);
        assert!(!out.status.success(), "{}", stdout(&out));
        assert!(
            stderr(&out).contains("only the codes of its time"),
            "{}",
            stderr(&out)
        );
        assert_eq!(
            ok(&code_as("Alice", "246810", at)).trim(),
            entry.code_at(at)
        );
    }
    // Nothing in the desk's folder or the keychain holds the key in the clear.
    for path in support::files_under(desk.data.path()) {
        let bytes = std::fs::read(&path).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains("JBSWY3DPEHPK3PXP"),
            "{}",
            path.display()
        );
    }
    let items = secret_tool(&service, &["search", "--all", "service", "otp-desk"], None);
    assert!(!items.contains("JBSWY3DPEHPK3PXP"));
    // Ending the share removes its codes from the disk.
    ok(&desk.run_with_stdin(
        &["unshare", "amazon", "--with", "Wei", "--as", "Alice"],
        "246810\n",
    ));
    let codes = desk.data.path().join("codes");
    assert_eq!(std::fs::read_dir(codes).unwrap().count(), 0);
}
