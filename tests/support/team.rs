//! Two computers of one team for the command-line and window tests: each with its own data
//! folder and its own private gnome-keyring, one folder on disk between them.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Child;

use super::{Desk, SecretService, stderr, stdout};

pub const AMAZON: &str = "otpauth://totp/Amazon%20Seller%20Central:owner%40shop.example?secret=JBSWY3DPEHPK3PXP&issuer=Amazon%20Seller%20Central";
pub const EBAY: &str =
    "otpauth://totp/eBay:shop2?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=eBay";
/// Ann's PIN (an admin); Bo's is 135790.
pub const PIN: &str = "246810\n";

/// How many record files the team folder holds.
pub fn record_files(folder: &Path) -> usize {
    super::files_under(folder)
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rec"))
        .count()
}

/// The first desk: Ann (admin) and Bo (member), one account.
pub fn first_desk(service: &SecretService) -> Desk {
    let desk = Desk::new(Some(service));
    let out = desk.run_with_stdin(&["people", "add", "Ann", "--admin"], PIN);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = desk.run_with_stdin(
        &["people", "add", "Bo", "--member", "--as", "Ann"],
        "246810\n135790\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = desk.run_with_stdin(&["add", AMAZON, "--as", "Ann"], PIN);
    assert!(out.status.success(), "{}", stderr(&out));
    desk
}

/// Starts `team invite` as Ann and returns it with the code it printed on its first line.
pub fn invite(desk: &Desk) -> (Child, String) {
    let mut child = Desk::spawn_with_stdin(desk.command(&["team", "invite", "--as", "Ann"]), PIN);
    let mut line = String::new();
    BufReader::new(child.stdout.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    (child, line.trim().to_owned())
}

/// `first` makes the team vault in `folder` as "Office PC"; `second` joins as "Home PC", Ann
/// setting it up.
pub fn team_of_two(first: &Desk, second: &Desk, folder: &Path) {
    create_team(first, folder);
    join_team(first, second, folder);
}

/// `first` makes the team vault in `folder` as "Office PC", Ann's PIN given.
pub fn create_team(first: &Desk, folder: &Path) {
    let out = first.run_with_stdin(
        &[
            "team",
            "create",
            folder.to_str().unwrap(),
            "--name",
            "Office PC",
            "--as",
            "Ann",
        ],
        PIN,
    );
    assert!(out.status.success(), "{}", stderr(&out));
}

/// `second` joins `first`'s team as "Home PC" with the code `first` shows, in `folder` (its
/// own copy of the team folder), Ann setting it up.
pub fn join_team(first: &Desk, second: &Desk, folder: &Path) {
    let (inviting, code) = invite(first);
    let out = second.run_with_stdin(
        &[
            "team",
            "join",
            folder.to_str().unwrap(),
            "--name",
            "Home PC",
            "--as",
            "Ann",
        ],
        &format!("{code}\n{PIN}"),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("joined the team"), "{}", stdout(&out));
    let out = inviting.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

/// Every OTP Desk item of `service`'s keychain, read as another client would (secret-tool).
pub fn keychain_items(service: &SecretService) -> Vec<(String, String)> {
    service
        .keychain_users()
        .into_iter()
        .map(|user| {
            let mut cmd = std::process::Command::new("secret-tool");
            cmd.args(["lookup", "service", "otp-desk", "username", &user])
                .env("DBUS_SESSION_BUS_ADDRESS", &service.bus_address);
            let out = Desk::output_with_stdin(cmd, "");
            (user, String::from_utf8_lossy(&out.stdout).into_owned())
        })
        .collect()
}

/// The keys a removed admin kept: their key slot among the keychain items as they were
/// (`kept`), opened with their PIN.
pub fn kept_keys(kept: &[(String, String)], pin: &str) -> otp_desk::desk::slot::Keys {
    kept.iter()
        .filter(|(user, _)| user.starts_with("desk-person-"))
        .filter_map(|(_, text)| otp_desk::desk::Slot::from_json(text).ok())
        .find_map(|slot| slot.open(pin).ok())
        .expect("the removed admin's PIN opens their kept slot")
}

/// The desk key a removed admin kept ([`kept_keys`]).
pub fn kept_desk_key(kept: &[(String, String)], pin: &str) -> otp_desk::desk::crypto::Key {
    kept_keys(kept, pin)
        .desk
        .expect("the removed admin's kept slot holds the desk key")
}

/// The account items of a keychain (as `secret-tool` reads them) that `key` opens.
pub fn items_opened_by(
    items: &[(String, String)],
    key: &otp_desk::desk::crypto::Key,
) -> Vec<String> {
    let prefix = otp_desk::desk::stores::SEALED_PREFIX;
    items
        .iter()
        .filter_map(|(user, text)| {
            let sealed = text.trim_end().strip_prefix(prefix)?;
            let id = otp_desk::store::AccountId::from(user.as_str());
            otp_desk::desk::stores::open_item(key, &id, sealed).map(|_| user.clone())
        })
        .collect()
}

/// The desk key's check value this computer's `desk.json` names (the state is kept there as
/// its exact text, so the field is found in the escaped text).
pub fn desk_check(desk: &Desk) -> String {
    desk_check_in(desk.data.path())
}

/// [`desk_check`] of the data folder `dir`.
pub fn desk_check_in(dir: &Path) -> String {
    let text = std::fs::read_to_string(dir.join("desk.json")).unwrap();
    let at = text.find("desk_check").expect("a desk state") + "desk_check".len();
    text[at..]
        .trim_start_matches(['\\', '"', ':'])
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect()
}
