//! Issue 20, item 4: a member holds codes, never a key, where that is possible. Attacked with
//! the member's own PIN and everything on the desk's disk.

use super::attack_tests::{Fixture, NOW, entry};
use super::grants::{self, Access, CODES_DIR, Shared, WINDOW_SECS};
use super::*;
use crate::uri;

const KEY: &str = "JBSWY3DPEHPK3PXP";

fn codes_dir(fx: &Fixture) -> std::path::PathBuf {
    fx.dir.path().join(CODES_DIR)
}

fn code_files(fx: &Fixture) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(codes_dir(fx))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

/// Everything the member can open with their own PIN: each grant of theirs in the state.
fn opened_by(fx: &Fixture, desk: &mut Desk, name: &str, pin: &str, at: u64) -> Vec<Shared> {
    let session = desk.unlock(name, pin, at).unwrap();
    session
        .state
        .grants
        .iter()
        .filter(|g| g.person == session.person)
        .map(|g| grants::open(fx.dir.path(), g, &session.keys.person).unwrap())
        .collect()
}

#[test]
fn a_member_gets_the_codes_of_a_totp_share_and_nothing_that_holds_its_key() {
    let (fx, mut desk, admin, wei) = Fixture::with("Wei", Role::Member);
    let access = desk
        .share(&admin, &fx.account, &entry("Amazon:shop1"), &wei, None, NOW)
        .unwrap();
    assert_eq!(access, Access::Codes);
    // What the member's PIN opens: a table, no otpauth text.
    let opened = opened_by(&fx, &mut desk, "Wei", "135790", NOW);
    assert_eq!(opened.len(), 1);
    let Shared::Codes(table) = &opened[0] else {
        panic!("a TOTP share gave its key");
    };
    let key = entry("Amazon:shop1");
    for at in (NOW..NOW + WINDOW_SECS).step_by(997) {
        assert_eq!(table.code_at(at), Some(key.code_at(at).as_str()));
    }
    assert!(!table.covers(NOW + WINDOW_SECS + 30));
    // What the window reads through for the member: codes only, no key bytes.
    let member = desk.unlock("Wei", "135790", NOW).unwrap();
    let secret = desk
        .store_for(&member, NOW)
        .get(&fx.account)
        .unwrap()
        .unwrap();
    assert!(!secret.is_key());
    assert!(secret.as_bytes().is_empty());
    assert_eq!(secret.to_base32(), "");
    assert_eq!(
        crate::otp::code_at(&key.params, &secret, NOW + 100),
        key.code_at(NOW + 100)
    );
    let store = desk.store_for(&member, NOW);
    assert!(store.get_text(&fx.account).unwrap().is_none());
    // Nothing on disk holds the key in the clear.
    for path in [vec![fx.file()], code_files(&fx)].concat() {
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains(KEY), "{}", path.display());
    }
}

#[test]
fn a_time_boxed_share_has_codes_only_for_its_time() {
    let (fx, mut desk, admin, wei) = Fixture::with("Wei", Role::Member);
    desk.share(
        &admin,
        &fx.account,
        &entry("Amazon:shop1"),
        &wei,
        Some(NOW + 3600),
        NOW,
    )
    .unwrap();
    let opened = opened_by(&fx, &mut desk, "Wei", "135790", NOW);
    let Shared::Codes(table) = &opened[0] else {
        panic!("key");
    };
    assert!(table.covers(NOW + 3599));
    // The step that holds the end is the last one the table has.
    assert!(!table.covers(NOW + 3600 + 30));
}

#[test]
fn an_admin_unlock_renews_codes_that_run_out_and_drops_the_old_table() {
    let (fx, mut desk, admin, wei) = Fixture::with("Wei", Role::Member);
    desk.share(&admin, &fx.account, &entry("Amazon:shop1"), &wei, None, NOW)
        .unwrap();
    let before = code_files(&fx);
    assert_eq!(before.len(), 1);
    // A day later nothing is due (more than six days of codes left).
    desk.unlock("Alice", "246810", NOW + 12 * 3600).unwrap();
    assert_eq!(code_files(&fx), before);
    // Three days later an admin unlocks: a new week from then.
    let later = NOW + 3 * 24 * 3600;
    desk.unlock("Alice", "246810", later).unwrap();
    let after = code_files(&fx);
    assert_eq!(after.len(), 1);
    assert_ne!(after, before, "the old table is gone");
    let opened = opened_by(&fx, &mut desk, "Wei", "135790", later);
    let Shared::Codes(table) = &opened[0] else {
        panic!("key");
    };
    assert!(table.covers(later + WINDOW_SECS - 30));
    assert_eq!(
        table.code_at(later + 5 * 24 * 3600 + 7),
        Some(
            entry("Amazon:shop1")
                .code_at(later + 5 * 24 * 3600 + 7)
                .as_str()
        )
    );
}

#[test]
fn a_member_whose_codes_ran_out_gets_none_rather_than_wrong_ones() {
    let (fx, mut desk, admin, wei) = Fixture::with("Wei", Role::Member);
    desk.share(&admin, &fx.account, &entry("Amazon:shop1"), &wei, None, NOW)
        .unwrap();
    let late = NOW + WINDOW_SECS + 3600;
    let member = desk.unlock("Wei", "135790", late).unwrap();
    let secret = desk
        .store_for(&member, late)
        .get(&fx.account)
        .unwrap()
        .unwrap();
    assert!(secret.code_table().is_some_and(|t| !t.covers(late)));
    assert_eq!(crate::otp::code_at(&entry("x:y").params, &secret, late), "");
}

#[test]
fn a_swapped_or_replayed_table_file_is_refused() {
    let (fx, mut desk, admin, wei) = Fixture::with("Wei", Role::Member);
    desk.share(&admin, &fx.account, &entry("Amazon:shop1"), &wei, None, NOW)
        .unwrap();
    let first = code_files(&fx)[0].clone();
    let old = std::fs::read_to_string(&first).unwrap();
    // The share is made again (a new table); the old table's text is put in its place.
    desk.share(&admin, &fx.account, &entry("Amazon:shop1"), &wei, None, NOW)
        .unwrap();
    let second = code_files(&fx)[0].clone();
    assert_ne!(first, second);
    std::fs::write(&second, &old).unwrap();
    let member = desk.unlock("Wei", "135790", NOW).unwrap();
    let grant = &member.state.grants[0];
    assert!(grants::open(fx.dir.path(), grant, &member.keys.person).is_err());
    assert!(
        desk.store_for(&member, NOW)
            .get(&fx.account)
            .unwrap()
            .is_none()
    );
}

#[test]
fn hotp_is_shared_as_its_key_and_the_desk_says_so() {
    let (fx, mut desk, admin, wei) = Fixture::with("Wei", Role::Member);
    let hotp = uri::parse(&format!("otpauth://hotp/Bank:me?secret={KEY}&counter=4")).unwrap();
    let access = desk
        .share(&admin, &fx.account, &hotp, &wei, None, NOW)
        .unwrap();
    assert_eq!(access, Access::Key);
    let shares = desk.shares_of(&fx.account, NOW);
    assert_eq!(shares.len(), 1);
    assert_eq!(shares[0].2, Access::Key);
    assert!(code_files(&fx).is_empty());
    let opened = opened_by(&fx, &mut desk, "Wei", "135790", NOW);
    assert!(matches!(&opened[0], Shared::Key(text) if text.contains(KEY)));
}

#[test]
fn a_pin_reset_seals_the_table_again_and_the_old_key_opens_nothing() {
    let (fx, mut desk, admin, wei) = Fixture::with("Wei", Role::Member);
    desk.share(&admin, &fx.account, &entry("Amazon:shop1"), &wei, None, NOW)
        .unwrap();
    let old = desk.unlock("Wei", "135790", NOW).unwrap();
    desk.reset_pin(&admin, &wei, "864200", None).unwrap();
    let new = desk.unlock("Wei", "864200", NOW).unwrap();
    let grant = new.state.grants[0].clone();
    assert!(grants::open(fx.dir.path(), &grant, &old.keys.person).is_err());
    assert!(matches!(
        grants::open(fx.dir.path(), &grant, &new.keys.person),
        Ok(Shared::Codes(_))
    ));
    assert_eq!(
        code_files(&fx).len(),
        1,
        "the table under the old key is gone"
    );
}

#[test]
fn a_key_share_of_a_totp_account_becomes_a_codes_share_at_an_admin_unlock() {
    let (fx, mut desk, admin, wei) = Fixture::with("Wei", Role::Member);
    // A share as earlier versions made them: the key, sealed for the member.
    desk.transact(&admin, |work| {
        let key = work.keys.get(&wei).unwrap();
        let grant =
            grants::key_grant(&fx.account, &wei, key, &entry("Amazon:shop1"), None).unwrap();
        work.state.grants.push(grant);
        Ok(())
    })
    .unwrap();
    assert_eq!(desk.shares_of(&fx.account, NOW)[0].2, Access::Key);
    desk.unlock("Alice", "246810", NOW).unwrap();
    assert_eq!(desk.shares_of(&fx.account, NOW)[0].2, Access::Codes);
    let opened = opened_by(&fx, &mut desk, "Wei", "135790", NOW);
    assert!(matches!(&opened[0], Shared::Codes(_)));
}
