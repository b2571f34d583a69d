//! The team folder from the command line, two computers in one: two data folders, each with its
//! own private D-Bus and real gnome-keyring, sharing one folder on disk (the sync engine's part is
//! `tests/team_syncthing.rs`'s). An admin makes the team vault, invites; the second computer joins
//! with the printed code; both see both desks; the folder shows nothing readable; a wrong code
//! admits nothing.
#![cfg(target_os = "linux")]

mod support;

use std::path::Path;

use support::team::{
    EBAY, PIN, desk_check, first_desk, invite, items_opened_by, kept_desk_key, keychain_items,
};
use support::{Desk, SecretService, stderr, stdout};

/// Every byte of every file under `root`, as text, for leak scans.
fn folder_text(root: &Path) -> String {
    let mut out = String::new();
    for entry in support::files_under(root) {
        out.push_str(&String::from_utf8_lossy(&std::fs::read(entry).unwrap()));
    }
    out
}

const SHOP: &str = "otpauth://totp/Shop3:ops?secret=MFRGGZDFMZTWQ2LD&issuer=Shop3";

fn desk_names(desk: &Desk) -> Vec<String> {
    let out = desk.run(&["team", "status", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let status: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let mut names: Vec<String> = status["desks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}

/// An admin who was removed still has a joined computer's login, their PIN, and their key slot
/// as it was before the removal (`kept`). With the computer's team keys taken out of its
/// keychain (`now`), they write into the folder, as the computer would, two records that purge
/// the account `issuer`: one as themselves, one in the owner's name. Both signed with their own
/// signing key (which their PIN opens from the kept slot).
fn forge_as_removed_admin(
    now: &[(String, String)],
    kept: &[(String, String)],
    (name, pin): (&str, &str),
    owner: &str,
    issuer: &str,
) {
    use otp_desk::desk::team::{identity::PersonSigner, member, membership::Membership};
    use otp_desk::store::{MemoryStore, SecretStore as _};
    let store = MemoryStore::default();
    for (user, text) in now {
        store.put_text(&user.as_str().into(), text).unwrap();
    }
    let mut m = Membership::load(&store).unwrap().unwrap();
    let opened = member::open(&mut m).unwrap();
    let id_of = |wanted: &str| {
        let state = &opened.state;
        let (id, _) = state.people.iter().find(|(_, p)| p.name() == wanted)?;
        Some(id.clone())
    };
    let owner_id = id_of(owner).unwrap();
    assert!(id_of(name).is_none(), "{name} is no longer in the team");
    let signer = support::team::kept_keys(kept, pin)
        .boxed
        .as_ref()
        .and_then(PersonSigner::from_box_key)
        .expect("the removed admin's kept slot holds their signing key");
    let (account, _) = opened
        .state
        .accounts
        .iter()
        .find(|(_, a)| !a.is_trashed() && a.text(otp_desk::team::Field::Issuer).contains(issuer))
        .unwrap_or_else(|| panic!("{issuer} is in the team: {:?}", opened.state.accounts));
    let purge = vec![otp_desk::team::Op::Purge(account.clone())];
    let removed_id = kept
        .iter()
        .filter_map(|(user, text)| {
            let slot = otp_desk::desk::Slot::from_json(text).ok()?;
            slot.open(pin).ok()?;
            Some(user.strip_prefix("desk-person-")?.to_owned())
        })
        .next()
        .unwrap();
    for person in [otp_desk::team::PersonId(removed_id), owner_id] {
        let opened = member::open(&mut m).unwrap();
        member::write(
            &mut m,
            &opened,
            &person,
            Some(&signer),
            1_800_000_000,
            purge.clone(),
        )
        .unwrap();
    }
}

#[test]
fn an_admin_makes_a_team_vault_and_a_second_computer_joins_with_the_code() {
    let (service_a, service_b) = (SecretService::start(), SecretService::start());
    let a = first_desk(&service_a);
    let b = Desk::new(Some(&service_b));
    let shared = tempfile::tempdir().unwrap();
    let folder = shared.path().join("Team");
    let folder_arg = folder.to_str().unwrap();

    let out = b.run(&["team", "status"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("in no team"), "{}", stderr(&out));
    // A member cannot make the team vault.
    let out = a.run_with_stdin(&["team", "create", folder_arg, "--as", "Bo"], "135790\n");
    assert!(!out.status.success());
    assert!(!folder.join("genesis.otp").exists());

    let out = a.run_with_stdin(
        &[
            "team",
            "create",
            folder_arg,
            "--name",
            "Office PC",
            "--as",
            "Ann",
        ],
        PIN,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("1 accounts and 2 people"),
        "{}",
        stdout(&out)
    );
    assert_eq!(desk_names(&a), ["Office PC"]);
    // Again: refused, nothing changed.
    let out = a.run_with_stdin(&["team", "create", folder_arg, "--as", "Ann"], PIN);
    assert!(!out.status.success());

    let text = folder_text(&folder);
    for readable in [
        "Amazon",
        "owner@shop",
        "JBSWY3DPEHPK3PXP",
        "Ann",
        "Bo\"",
        "Office PC",
        "totp",
        "sealed",
    ] {
        assert!(
            !text.contains(readable),
            "'{readable}' is readable in the folder"
        );
    }

    // A wrong code: the invite is spent, nothing is admitted, the joiner is told.
    let (inviting, code) = invite(&a);
    assert_eq!(code.len(), 11, "{code}");
    let wrong = if code.starts_with('A') {
        "BBBBB-BBBBB"
    } else {
        "AAAAA-AAAAA"
    };
    let out = b.run_with_stdin(
        &[
            "team", "join", folder_arg, "--name", "Home PC", "--as", "Ann",
        ],
        &format!("{wrong}\n{PIN}"),
    );
    assert!(!out.status.success(), "{}", stdout(&out));
    assert!(stderr(&out).contains("did not match"), "{}", stderr(&out));
    let out = inviting.wait_with_output().unwrap();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("did not match"), "{}", stderr(&out));
    assert_eq!(desk_names(&a), ["Office PC"]);

    // The right code, but a wrong PIN for Ann: the computer joined, the vault did not come.
    let (inviting, code) = invite(&a);
    let out = b.run_with_stdin(
        &[
            "team", "join", folder_arg, "--name", "Home PC", "--as", "Ann",
        ],
        &format!("{}\n999999\n", code.to_lowercase()),
    );
    assert!(!out.status.success(), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("Wrong PIN for Ann") && stderr(&out).contains("joined the team"),
        "{}",
        stderr(&out)
    );
    let out = inviting.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(desk_names(&a), ["Home PC", "Office PC"]);
    assert_eq!(desk_names(&b), ["Home PC", "Office PC"]);
    let out = b.run_with_stdin(&["list", "--as", "Ann"], PIN);
    assert!(
        !out.status.success(),
        "no people here yet: {}",
        stdout(&out)
    );

    // Again with the right PIN (no new code): people and accounts are here, sealed, and each
    // PIN works as on the first desk.
    let out = b.run_with_stdin(
        &[
            "team", "join", folder_arg, "--name", "Home PC", "--as", "Ann",
        ],
        PIN,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("1 accounts and 2 people"),
        "{}",
        stdout(&out)
    );
    let at = ["--at", "1257894000"];
    let code_on = |desk: &Desk| {
        let out = desk.run_with_stdin(
            &[&["code", "amazon"][..], &at, &["--as", "Ann"]].concat(),
            PIN,
        );
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out).trim().to_owned()
    };
    assert_eq!(code_on(&b), code_on(&a));
    let out = b.run_with_stdin(&["list", "--as", "Ann"], PIN);
    assert!(
        stdout(&out).contains("Amazon Seller Central"),
        "{}",
        stdout(&out)
    );
    let out = b.run_with_stdin(&["list", "--as", "Bo"], "135790\n");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        !stdout(&out).contains("Amazon"),
        "Bo has no share: {}",
        stdout(&out)
    );
    let out = b.run_with_stdin(&["list", "--as", "Bo"], "000000\n");
    assert!(stderr(&out).contains("Wrong PIN"), "{}", stderr(&out));
    let keychain = std::process::Command::new("secret-tool")
        .args(["search", "--all", "--unlock", "service", "otp-desk"])
        .env("DBUS_SESSION_BUS_ADDRESS", &service_b.bus_address)
        .output()
        .unwrap();
    let keychain = String::from_utf8_lossy(&keychain.stdout).into_owned();
    assert!(keychain.contains("desk-team"), "{keychain}");
    // Every item fits Windows' Credential Manager (1,280 characters, kept as UTF-16).
    for line in keychain.lines().filter_map(|l| l.strip_prefix("secret = ")) {
        assert!(line.chars().count() <= 1280, "{} characters", line.len());
    }
    assert!(
        !keychain.contains("JBSWY3DPEHPK3PXP"),
        "sealed in the keychain too"
    );

    // Changes travel both ways through the folder: an add on the new computer, the trash and
    // a purge on the first.
    let out = b.run_with_stdin(&["add", EBAY, "--as", "Ann"], PIN);
    assert!(out.status.success(), "{}", stderr(&out));
    let list = |desk: &Desk| {
        let out = desk.run_with_stdin(&["list", "--as", "Ann"], PIN);
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
    };
    assert!(list(&a).contains("eBay"), "{}", list(&a));
    // One log for the team: the codes Ann took on the new computer and its add are in the
    // first computer's log, each with that computer's name (carried with the add's record).
    let out = a.run_with_stdin(&["log", "--as", "Ann"], PIN);
    assert!(out.status.success(), "{}", stderr(&out));
    let log = stdout(&out);
    let from_b: Vec<&str> = log.lines().filter(|l| l.contains("Home PC")).collect();
    assert!(
        from_b
            .iter()
            .any(|l| l.contains(" copy ") && l.contains("Amazon")),
        "{log}"
    );
    assert!(
        from_b
            .iter()
            .any(|l| l.contains(" add ") && l.contains("eBay")),
        "{log}"
    );
    let out = a.run_with_stdin(&["log", "--csv", "--as", "Ann"], PIN);
    let csv = stdout(&out);
    assert!(csv.lines().next().unwrap().ends_with(",computer"), "{csv}");
    assert!(csv.lines().any(|l| l.ends_with(",Home PC")), "{csv}");
    assert!(csv.lines().any(|l| l.ends_with(",Office PC")), "{csv}");
    let ebay_on = |desk: &Desk| {
        let out = desk.run_with_stdin(
            &[&["code", "ebay"][..], &at, &["--as", "Ann"]].concat(),
            PIN,
        );
        stdout(&out).trim().to_owned()
    };
    assert_eq!(ebay_on(&a), ebay_on(&b));
    let out = a.run_with_stdin(&["remove", "amazon", "--yes", "--as", "Ann"], PIN);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!list(&b).contains("Amazon"), "{}", list(&b));
    let out = b.run_with_stdin(&["trash", "--restore", "amazon", "--as", "Ann"], PIN);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(list(&a).contains("Amazon"), "{}", list(&a));
    let out = a.run_with_stdin(&["remove", "ebay", "--yes", "--as", "Ann"], PIN);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = a.run_with_stdin(&["trash", "--purge", "ebay", "--as", "Ann"], PIN);
    assert!(out.status.success(), "{}", stderr(&out));
    let trash_b = b.run_with_stdin(&["trash", "--as", "Ann"], PIN);
    assert!(!stdout(&trash_b).contains("eBay"), "{}", stdout(&trash_b));
    assert!(!list(&b).contains("eBay"));
    assert!(
        !list(&a).contains("eBay"),
        "the purge is not undone by the sync"
    );
    let status = a.run(&["team", "status"]);
    assert!(stdout(&status).contains("Home PC"), "{}", stdout(&status));

    // A deleted accounts.json brings the accounts back from the folder; a damaged one is left
    // alone and deletes nothing from the team.
    std::fs::remove_file(b.metadata()).unwrap();
    assert!(list(&b).contains("Amazon"), "{}", list(&b));
    let kept = std::fs::read(b.metadata()).unwrap();
    std::fs::write(b.metadata(), b"{ damaged").unwrap();
    let out = b.run_with_stdin(&["list", "--as", "Ann"], PIN);
    assert!(!out.status.success());
    assert!(list(&a).contains("Amazon"), "{}", list(&a));
    std::fs::write(b.metadata(), kept).unwrap();

    // The folder out of reach: B works on its own copy; what it did goes in when it is back. The
    // same key added on both while apart is one account.
    let away = shared.path().join("Team (away)");
    std::fs::rename(&folder, &away).unwrap();
    let out = b.run_with_stdin(&["add", SHOP, "--as", "Ann"], PIN);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("team folder cannot be read"),
        "{}",
        stderr(&out)
    );
    std::fs::rename(&away, &folder).unwrap();
    let out = a.run_with_stdin(&["add", SHOP, "--as", "Ann"], PIN);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(list(&b).contains("Shop3"));
    for desk in [&a, &b] {
        assert_eq!(list(desk).matches("Shop3").count(), 1, "{}", list(desk));
    }

    // People travel: one added on A signs in on B with their own PIN once an admin at B has
    // synced; one removed on A is refused on B at once, before anyone at B does anything.
    let out = a.run_with_stdin(
        &["people", "add", "Cy", "--member", "--as", "Ann"],
        "246810\n112233\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(list(&b).contains("Amazon"));
    let out = b.run_with_stdin(&["list", "--as", "Cy"], "112233\n");
    assert!(out.status.success(), "{}", stderr(&out));
    let out = b.run_with_stdin(&["list", "--as", "Bo"], "135790\n");
    assert!(out.status.success(), "{}", stderr(&out));
    // A PIN changed on A works on B, and the old one nowhere; so does an admin's reset.
    let out = a.run_with_stdin(
        &["people", "set-pin", "--as", "Cy"],
        "112233\n445566\n445566\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = b.run_with_stdin(&["list", "--as", "Cy"], "112233\n");
    assert!(stderr(&out).contains("Wrong PIN"), "{}", stderr(&out));
    let out = b.run_with_stdin(&["list", "--as", "Cy"], "445566\n");
    assert!(out.status.success(), "{}", stderr(&out));
    let out = b.run_with_stdin(
        &["people", "reset-pin", "Cy", "--as", "Ann"],
        "246810\n778899\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    // Until an admin signs in at A, neither PIN works there.
    for pin in ["445566\n", "778899\n"] {
        let out = a.run_with_stdin(&["list", "--as", "Cy"], pin);
        assert!(
            stderr(&out).contains("reset on another computer"),
            "{}",
            stderr(&out)
        );
    }
    assert!(
        list(&a).contains("Amazon"),
        "an admin's sync at A takes the reset"
    );
    let out = a.run_with_stdin(&["list", "--as", "Cy"], "778899\n");
    assert!(out.status.success(), "{}", stderr(&out));
    let out = a.run_with_stdin(&["list", "--as", "Cy"], "445566\n");
    assert!(stderr(&out).contains("Wrong PIN"), "{}", stderr(&out));

    // A share made on A is made on B at an admin's sync there (with its own code table), and
    // ends there when it ends on A.
    let out = a.run_with_stdin(&["share", "amazon", "--with", "Cy", "--as", "Ann"], PIN);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(list(&b).contains("Amazon"));
    let cy_list = |desk: &Desk| {
        let out = desk.run_with_stdin(&["list", "--as", "Cy"], "778899\n");
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
    };
    assert!(cy_list(&b).contains("Amazon"), "{}", cy_list(&b));
    assert!(!cy_list(&b).contains("Shop3"));
    // Cy takes the code at B; B's next change carries the line, and A counts it in what Cy
    // used (what to re-enrol when Cy leaves).
    let out = b.run_with_stdin(&["code", "amazon", "--as", "Cy"], "778899\n");
    assert!(out.status.success(), "{}", stderr(&out));
    let out = b.run_with_stdin(
        &["people", "add", "Dee", "--member", "--as", "Ann"],
        "246810\n123123\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = a.run_with_stdin(&["people", "exposure", "Cy", "--json", "--as", "Ann"], PIN);
    assert!(out.status.success(), "{}", stderr(&out));
    let cy: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let amazon = cy
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["issuer"] == "Amazon Seller Central")
        .unwrap_or_else(|| panic!("{cy}"));
    let used = amazon["used"].as_array().unwrap();
    assert!(used.iter().any(|u| u["action"] == "copy"), "{cy}");
    // A new end given on A ends the share on B too (not "until further notice" there).
    let end = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 3;
    let out = a.run_with_stdin(
        &[
            "share",
            "amazon",
            "--with",
            "Cy",
            "--until",
            &format!("@{end}"),
            "--as",
            "Ann",
        ],
        PIN,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(list(&b).contains("Amazon"));
    while std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        <= end
    {
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    assert!(!cy_list(&b).contains("Amazon"), "{}", cy_list(&b));
    let out = a.run_with_stdin(&["unshare", "amazon", "--with", "Cy", "--as", "Ann"], PIN);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(list(&b).contains("Amazon"));
    assert!(!cy_list(&b).contains("Amazon"), "{}", cy_list(&b));

    let out = a.run_with_stdin(&["people", "remove", "Bo", "--as", "Ann"], PIN);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = b.run_with_stdin(&["list", "--as", "Bo"], "135790\n");
    assert!(!out.status.success(), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("removed from the team"),
        "{}",
        stderr(&out)
    );
    assert!(list(&b).contains("Amazon"));
    let people_b = b.run(&["people", "list"]);
    assert!(!stdout(&people_b).contains("Bo"), "{}", stdout(&people_b));
    assert!(stdout(&people_b).contains("Cy"), "{}", stdout(&people_b));
    // An admin removed on A is refused on B at once, and A's admin changes still count on B
    // afterwards. A replaces the desk key for the whole team: B takes it at its next admin's
    // sign-in, and what the removed admin kept opens nothing written after, on either.
    let out = a.run_with_stdin(
        &["people", "add", "Eve", "--admin", "--as", "Ann"],
        "246810\n314159\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(list(&b).contains("Amazon"));
    let out = b.run_with_stdin(&["list", "--as", "Eve"], "314159\n");
    assert!(out.status.success(), "{}", stderr(&out));
    // While still an admin, Eve copies every item of B's keychain, her key slot among them.
    let kept_b = keychain_items(&service_b);
    let out = a.run_with_stdin(&["people", "remove", "Eve", "--as", "Ann"], PIN);
    assert!(out.status.success(), "{}", stderr(&out));
    // The desk key is replaced; the person keys Eve could open are not: new PINs are asked for.
    assert!(stdout(&out).contains("new PIN"), "{}", stdout(&out));
    let eve_desk_key = kept_desk_key(&kept_b, "314159");
    assert!(
        !items_opened_by(&kept_b, &eve_desk_key).is_empty(),
        "the key Eve kept opened B's items while she was an admin"
    );
    let out = b.run_with_stdin(&["list", "--as", "Eve"], "314159\n");
    assert!(
        stderr(&out).contains("removed from the team"),
        "{}",
        stderr(&out)
    );
    // With B's login, her PIN and her kept slot she writes, as B, a purge as herself and one in
    // Ann's name, each signed with her own signing key. Neither is applied on either computer,
    // and the status says why.
    forge_as_removed_admin(
        &keychain_items(&service_b),
        &kept_b,
        ("Eve", "314159"),
        "Ann",
        "Amazon",
    );
    assert!(list(&a).contains("Amazon"), "{}", list(&a));
    assert!(list(&b).contains("Amazon"), "{}", list(&b));
    let status = stdout(&a.run(&["team", "status"]));
    assert!(
        status.contains("by a person who is not on the team"),
        "{status}"
    );
    assert!(
        status.contains("not signed with the key of the admin it names"),
        "{status}"
    );
    const ETSY: &str = "otpauth://totp/Etsy:shop?secret=KRUGKIDROVUWG2ZAMJZG653O&issuer=Etsy";
    let out = a.run_with_stdin(&["add", ETSY, "--as", "Ann"], PIN);
    assert!(out.status.success(), "{}", stderr(&out));
    let on_b = list(&b);
    assert!(on_b.contains("Etsy") && on_b.contains("Amazon"), "{on_b}");
    // Both computers now seal every item under the team's new key: the key Eve kept opens
    // none of them, neither the accounts from before (sealed again) nor Etsy.
    for (computer, service) in [("A", &service_a), ("B", &service_b)] {
        let opened = items_opened_by(&keychain_items(service), &eve_desk_key);
        assert!(
            opened.is_empty(),
            "{computer}: Eve's old key opens {opened:?}"
        );
    }
    // No slot on B holds a desk key for Eve any more.
    let eve_keys = support::team::kept_keys(&kept_b, "314159");
    for (user, text) in keychain_items(&service_b) {
        let Ok(slot) = otp_desk::desk::Slot::from_json(&text) else {
            continue;
        };
        assert!(slot.desk_key(&eve_keys).is_none(), "{user} opens for Eve");
    }
    // Every admin and member still works on both computers under the new key.
    let out = b.run_with_stdin(&["code", "etsy", "--as", "Ann"], PIN);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = a.run_with_stdin(&["code", "amazon", "--as", "Ann"], PIN);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = b.run_with_stdin(&["list", "--as", "Cy"], "778899\n");
    assert!(out.status.success(), "{}", stderr(&out));

    // A rename travels at an admin's sync, either way; the PIN stays the person's.
    let out = a.run_with_stdin(&["people", "rename", "Cy", "Cy Wang", "--as", "Ann"], PIN);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(list(&b).contains("Amazon"));
    let people_b = stdout(&b.run(&["people", "list"]));
    assert!(people_b.contains("Cy Wang"), "{people_b}");
    let out = b.run_with_stdin(
        &["people", "rename", "Cy Wang", "Cy Li", "--as", "Ann"],
        PIN,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(list(&a).contains("Amazon"));
    let people_a = stdout(&a.run(&["people", "list"]));
    assert!(
        people_a.contains("Cy Li") && !people_a.contains("Cy Wang"),
        "{people_a}"
    );
    let out = a.run_with_stdin(&["list", "--as", "Cy Li"], "778899\n");
    assert!(out.status.success(), "{}", stderr(&out));
    // A PIN changed while the folder is out of reach is said to be on this computer only, and
    // goes in at the next sync that reaches the folder: then the old PIN opens B no more.
    std::fs::rename(&folder, &away).unwrap();
    let out = a.run_with_stdin(
        &["people", "set-pin", "--as", "Cy Li"],
        "778899\n556677\n556677\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("not on the team's other computers yet"),
        "{}",
        stderr(&out)
    );
    std::fs::rename(&away, &folder).unwrap();
    assert!(list(&a).contains("Amazon"));
    let out = b.run_with_stdin(&["list", "--as", "Cy Li"], "778899\n");
    assert!(stderr(&out).contains("Wrong PIN"), "{}", stderr(&out));
    let out = b.run_with_stdin(&["list", "--as", "Cy Li"], "556677\n");
    assert!(out.status.success(), "{}", stderr(&out));

    // A revoked computer reads nothing written after, and what it writes is ignored.
    let out = a.run_with_stdin(&["team", "revoke", "office pc", "--as", "Ann"], PIN);
    assert!(
        stderr(&out).contains("cannot revoke itself"),
        "{}",
        stderr(&out)
    );
    let out = a.run_with_stdin(&["team", "revoke", "Home PC", "--as", "Ann"], PIN);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Re-enrol recommended")
            && stdout(&out).contains("Amazon Seller Central"),
        "{}",
        stdout(&out)
    );
    const GOOGLE: &str = "otpauth://totp/Google:ops?secret=MFRGGZDFMZTWQ2LK&issuer=Google";
    let out = a.run_with_stdin(&["add", GOOGLE, "--as", "Ann"], PIN);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!list(&b).contains("Google"), "{}", list(&b));
    // The revoked computer learns it from the new key's grant, which leaves it out: it keeps
    // its accounts and codes, says so, and writes nothing more into the folder.
    let records = || support::team::record_files(&folder);
    let before = records();
    let out = b.run_with_stdin(&["add", EBAY, "--as", "Ann"], PIN);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("this computer was revoked on another computer"),
        "{}",
        stderr(&out)
    );
    assert!(list(&b).contains("eBay") && list(&b).contains("Amazon"));
    assert!(!list(&a).contains("eBay"), "{}", list(&a));
    let out = b.run_with_stdin(&["code", "amazon", "--as", "Ann"], PIN);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        records(),
        before,
        "the revoked computer wrote into the folder"
    );
    let status_b: serde_json::Value =
        serde_json::from_str(&stdout(&b.run(&["team", "status", "--json"]))).unwrap();
    assert_eq!(status_b["left_out"], 2, "{status_b}");
    assert!(
        stdout(&b.run(&["team", "status"])).contains("This computer was revoked"),
        "the text status says it too"
    );
    let invite = b.run_with_stdin(&["team", "invite", "--as", "Ann"], PIN);
    assert!(!invite.status.success());
    assert!(stderr(&invite).contains("revoked"), "{}", stderr(&invite));
    // Someone at the revoked computer hides the grant that leaves it out: it writes again, and
    // the team still ignores what it writes, and says so.
    let (grants, hidden) = (folder.join("grants"), shared.path().join("grants (hidden)"));
    std::fs::rename(&grants, &hidden).unwrap();
    let out = b.run_with_stdin(
        &["people", "rename", "Cy Li", "Cy Zhao", "--as", "Ann"],
        PIN,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::rename(&hidden, &grants).unwrap();
    assert!(records() > before, "it wrote a record");
    let status_a = a.run(&["team", "status", "--json"]);
    let status_a: serde_json::Value = serde_json::from_str(&stdout(&status_a)).unwrap();
    let home = status_a["desks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "Home PC")
        .unwrap();
    assert_eq!(home["revoked"], true);
    assert!(status_a.get("left_out").is_none(), "{status_a}");
    assert!(
        status_a["problems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p.as_str().unwrap().contains("revoked")),
        "{status_a}"
    );
    let people_a = stdout(&a.run(&["people", "list"]));
    assert!(
        people_a.contains("Cy Li") && !people_a.contains("Cy Zhao"),
        "{people_a}"
    );
    let status_b = b.run(&["team", "status", "--json"]);
    let status_b: serde_json::Value = serde_json::from_str(&stdout(&status_b)).unwrap();
    assert!(
        !status_b["unopened"].as_array().unwrap().is_empty(),
        "{status_b}"
    );

    // Joining twice is refused; the code is spent anyway.
    let out = b.run_with_stdin(
        &["team", "join", folder_arg, "--name", "X", "--as", "Ann"],
        &format!("{code}\n"),
    );
    assert!(
        stderr(&out).contains("already in a team"),
        "{}",
        stderr(&out)
    );

    let log = a.run_with_stdin(&["log", "--json", "--as", "Ann"], PIN);
    assert!(stdout(&log).contains("\"team\""), "{}", stdout(&log));
}

/// The desk key replaced for the whole team, in the two hard cases: a PIN changed on a
/// computer that has not taken the new key yet, and two computers each replacing the key
/// while the folder was out of their reach. Every computer ends with one key, which none of
/// the removed admins' kept keys opens, and nobody who stays is locked out anywhere.
#[test]
fn the_desk_key_replaced_on_two_computers_ends_as_one_that_no_removed_admin_opens() {
    let (service_a, service_b) = (SecretService::start(), SecretService::start());
    let a = first_desk(&service_a);
    for (name, pin) in [("Dan", "111222"), ("Eve", "333444"), ("Fay", "555666")] {
        let out = a.run_with_stdin(
            &["people", "add", name, "--admin", "--as", "Ann"],
            &format!("246810\n{pin}\n"),
        );
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let b = Desk::new(Some(&service_b));
    let shared = tempfile::tempdir().unwrap();
    let (folder, away) = (shared.path().join("Team"), shared.path().join("Away"));
    support::team::team_of_two(&a, &b, &folder);
    let run_ok = |desk: &Desk, args: &[&str], stdin: &str| {
        let out = desk.run_with_stdin(args, stdin);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        stdout(&out)
    };
    // An admin takes a code; a member (no share) lists what is theirs.
    let code_as = |desk: &Desk, name: &str, pin: &str| {
        let args = if name == "Ann" {
            ["code", "amazon", "--as", name]
        } else {
            ["list", "", "--as", name]
        };
        let args: Vec<&str> = args.into_iter().filter(|a| !a.is_empty()).collect();
        desk.run_with_stdin(&args, &format!("{pin}\n"))
    };
    run_ok(&b, &["list", "--as", "Ann"], PIN);
    assert_eq!(desk_check(&a), desk_check(&b));
    let kept = keychain_items(&service_a);
    let kept_keys: Vec<_> = ["111222", "333444", "555666"]
        .iter()
        .map(|pin| kept_desk_key(&kept, pin))
        .collect();

    // 1. A removes Dan; Bo changes his PIN on B before B has taken A's new key (no admin
    //    there yet), so his new slot is wrapped under the key before. A takes it all the same.
    run_ok(&a, &["people", "remove", "Dan", "--as", "Ann"], PIN);
    run_ok(
        &b,
        &["people", "set-pin", "--as", "Bo"],
        "135790\n246802\n246802\n",
    );
    run_ok(&a, &["list", "--as", "Ann"], PIN);
    assert!(code_as(&a, "Bo", "246802").status.success());
    assert!(!code_as(&a, "Bo", "135790").status.success());
    run_ok(&b, &["list", "--as", "Ann"], PIN);
    assert_eq!(desk_check(&a), desk_check(&b), "B took A's new key");
    assert!(code_as(&b, "Bo", "246802").status.success());

    // 2. Apart (the folder out of reach of both), A removes Eve and B removes Fay: each makes a
    //    new key of the same epoch. Back together, both end with the same one.
    std::fs::rename(&folder, &away).unwrap();
    run_ok(&a, &["people", "remove", "Eve", "--as", "Ann"], PIN);
    run_ok(&b, &["people", "remove", "Fay", "--as", "Ann"], PIN);
    assert_ne!(desk_check(&a), desk_check(&b));
    std::fs::rename(&away, &folder).unwrap();
    for desk in [&a, &b, &a, &b, &a, &b] {
        run_ok(desk, &["list", "--as", "Ann"], PIN);
    }
    assert_eq!(desk_check(&a), desk_check(&b), "one desk key for the team");
    for (computer, desk, service) in [("A", &a, &service_a), ("B", &b, &service_b)] {
        let people = run_ok(desk, &["people", "list"], "");
        for gone in ["Dan", "Eve", "Fay"] {
            assert!(!people.contains(gone), "{computer}: {people}");
        }
        let items = keychain_items(service);
        for key in &kept_keys {
            let opened = items_opened_by(&items, key);
            assert!(opened.is_empty(), "{computer}: a kept key opens {opened:?}");
        }
        assert!(
            code_as(desk, "Ann", "246810").status.success(),
            "{computer}"
        );
        assert!(code_as(desk, "Bo", "246802").status.success(), "{computer}");
    }
}
