//! Desk mode's rules over an in-memory keychain (the real one: tests/desk_keychain.rs).

use std::sync::Arc;

use super::*;
use crate::otp::Entry;
use crate::store::MemoryStore;
use crate::uri;

const NOW: u64 = 1_790_000_000;

fn entry(label: &str) -> Entry {
    uri::parse(&format!("otpauth://totp/{label}?secret=JBSWY3DPEHPK3PXP")).unwrap()
}

fn desk_with_account() -> (tempfile::TempDir, Arc<MemoryStore>, Desk, AccountId) {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(MemoryStore::new());
    let id = AccountId::from("0123456789abcdef0123456789abcdef");
    store.put(&id, &entry("Amazon:shop1")).unwrap();
    let desk = Desk::load(dir.path(), store.clone()).unwrap();
    (dir, store, desk, id)
}

#[test]
fn starting_desk_mode_seals_every_item_and_only_an_admin_reads_them() {
    let (dir, store, mut desk, id) = desk_with_account();
    assert!(!desk.is_on());
    let admin = desk.start("Li Na", "246810", NOW).unwrap();
    assert!(desk.is_on() && admin.is_admin());
    let raw = store.get_text(&id).unwrap().unwrap();
    assert!(
        stores::is_sealed(&raw) && !raw.contains("JBSWY3DP"),
        "{}",
        &*raw
    );
    assert_eq!(
        store.get_entry(&id).unwrap(),
        None,
        "no secret without the desk key"
    );
    let through = desk.store_for(&admin, NOW);
    assert_eq!(through.get_entry(&id).unwrap(), Some(entry("Amazon:shop1")));
    // A second start is refused; a new Desk over the same places is still on.
    assert!(desk.start("Mallory", "135790", NOW).is_err());
    let again = Desk::load(dir.path(), store).unwrap();
    assert_eq!(again.people().len(), 1);
}

#[test]
fn members_see_only_what_is_shared_and_change_nothing() {
    let (_dir, _store, mut desk, id) = desk_with_account();
    let admin = desk.start("Li Na", "246810", NOW).unwrap();
    let wei = desk
        .add_person(&admin, "张伟", "135790", Role::Member, NOW)
        .unwrap();
    let member = desk.unlock("张伟", "135790", NOW).unwrap();
    assert!(!member.is_admin());
    assert!(!desk.may_see(&member, &id, NOW));
    assert_eq!(desk.store_for(&member, NOW).get_entry(&id).unwrap(), None);

    desk.share(
        &admin,
        &id,
        &entry("Amazon:shop1"),
        &wei,
        Some(NOW + 3600),
        NOW,
    )
    .unwrap();
    // A session sees the state its key verified when it began: unlock again.
    assert!(!desk.may_see(&member, &id, NOW));
    let member = desk.unlock("张伟", "135790", NOW).unwrap();
    assert!(desk.may_see(&member, &id, NOW));
    let view = desk.store_for(&member, NOW);
    // The member gets the account's codes, not its key.
    let secret = view.get(&id).unwrap().unwrap();
    assert!(!secret.is_key());
    let shared = entry("Amazon:shop1");
    assert_eq!(
        crate::otp::code_at(&shared.params, &secret, NOW + 61),
        shared.code_at(NOW + 61)
    );
    assert_eq!(view.get_entry(&id).unwrap(), None, "no otpauth text");
    assert!(matches!(
        view.put(&id, &entry("x")),
        Err(StoreError::Refused(_))
    ));
    assert!(matches!(view.delete(&id), Err(StoreError::Refused(_))));
    // The share ends by itself.
    assert!(!desk.may_see(&member, &id, NOW + 3600));
    assert_eq!(
        desk.store_for(&member, NOW + 3600).get_entry(&id).unwrap(),
        None
    );
    assert_eq!(desk.next_expiry(NOW), Some(NOW + 3600));
    // A member cannot share, add people or reset PINs.
    assert!(matches!(
        desk.add_person(&member, "Eve", "111111", Role::Admin, NOW),
        Err(DeskError::NotAdmin)
    ));
    assert!(matches!(
        desk.share(&member, &id, &entry("a:b"), &wei, None, NOW),
        Err(DeskError::NotAdmin)
    ));
}

#[test]
fn editing_the_role_or_the_expiry_in_the_file_gives_nothing() {
    let (dir, store, mut desk, id) = desk_with_account();
    let admin = desk.start("Li Na", "246810", NOW).unwrap();
    let wei = desk
        .add_person(&admin, "Wei", "135790", Role::Member, NOW)
        .unwrap();
    desk.share(
        &admin,
        &id,
        &entry("Amazon:shop1"),
        &wei,
        Some(NOW + 60),
        NOW,
    )
    .unwrap();
    let path = dir.path().join(FILE_NAME);
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = text
        .replace("\"member\"", "\"admin\"")
        .replace(&(NOW + 60).to_string(), &(NOW + 999_999).to_string());
    std::fs::write(&path, edited).unwrap();
    for item in store.all_ids().unwrap() {
        if item.as_str().starts_with(SLOT_PREFIX) {
            let text = store.get_text(&item).unwrap().unwrap();
            store
                .put_text(&item, &text.replace("\"member\"", "\"admin\""))
                .unwrap();
        }
    }
    let mut desk = Desk::load(dir.path(), store).unwrap();
    let member = desk.unlock("Wei", "135790", NOW + 120).unwrap();
    assert!(!member.is_admin(), "a member's slot holds no desk key");
    assert_eq!(
        desk.store_for(&member, NOW + 120).get_entry(&id).unwrap(),
        None,
        "a longer expiry breaks the grant's seal"
    );
}

#[test]
fn wrong_pins_back_off_across_restarts_and_a_deleted_file() {
    let (dir, store, mut desk, _id) = desk_with_account();
    desk.start("Li Na", "246810", NOW).unwrap();
    for _ in 0..3 {
        assert!(matches!(
            desk.unlock("li na", "000000", NOW),
            Err(DeskError::WrongPin(_))
        ));
    }
    let mut restarted = Desk::load(dir.path(), store.clone()).unwrap();
    assert_eq!(restarted.wait_secs("Li Na", NOW), 5);
    assert!(matches!(
        restarted.unlock("Li Na", "246810", NOW + 1),
        Err(DeskError::Wait { secs: 4, .. })
    ));
    std::fs::remove_file(dir.path().join(FILE_NAME)).unwrap();
    let mut fresh = Desk::load(dir.path(), store.clone()).unwrap();
    assert!(fresh.is_on(), "the keychain keeps the slots");
    assert_eq!(fresh.wait_secs("Li Na", NOW), 5, "and the back-off");
    assert!(fresh.unlock("Li Na", "246810", NOW + 5).is_ok());
    assert_eq!(
        Desk::load(dir.path(), store).unwrap().people()[0].failures,
        0
    );
}

#[test]
fn a_lost_keychain_slot_comes_back_from_the_file_and_a_damaged_file_locks_nobody_out() {
    let (dir, store, mut desk, _id) = desk_with_account();
    let admin = desk.start("Li Na", "246810", NOW).unwrap();
    let wei = desk
        .add_person(&admin, "Wei", "135790", Role::Member, NOW)
        .unwrap();
    store.delete(&slot_item(&wei)).unwrap();
    let mut desk = Desk::load(dir.path(), store.clone()).unwrap();
    assert!(
        desk.unlock("Wei", "135790", NOW).is_ok(),
        "the file still has the slot"
    );
    let admin = desk.unlock("Li Na", "246810", NOW).unwrap();
    desk.rename_person(&admin, &wei, "Wei Zhang").unwrap();
    assert!(
        store.get_text(&slot_item(&wei)).unwrap().is_some(),
        "written back on a change"
    );

    std::fs::write(dir.path().join(FILE_NAME), "{ not json").unwrap();
    let mut desk = Desk::load(dir.path(), store).unwrap();
    assert!(desk.damaged().is_some());
    assert!(desk.unlock("Li Na", "246810", NOW).is_ok());
}

#[test]
fn removing_people_ends_their_access_and_keeps_an_admin() {
    let (_dir, _store, mut desk, id) = desk_with_account();
    let admin = desk.start("Li Na", "246810", NOW).unwrap();
    let wei = desk
        .add_person(&admin, "Wei", "135790", Role::Member, NOW)
        .unwrap();
    let boss = desk
        .add_person(&admin, "Boss", "975310", Role::Admin, NOW)
        .unwrap();
    desk.share(&admin, &id, &entry("Amazon:shop1"), &wei, None, NOW)
        .unwrap();
    assert!(
        desk.add_person(&admin, "wei", "123456", Role::Member, NOW)
            .is_err(),
        "unique names"
    );
    let removed = desk.remove_person(&admin, &wei, NOW).unwrap();
    assert!(!removed.was_admin);
    assert!(matches!(
        desk.unlock("Wei", "135790", NOW),
        Err(DeskError::UnknownPerson(_))
    ));
    assert!(desk.shares_of(&id, NOW).is_empty());
    assert!(
        desk.remove_person(&admin, &admin.person, NOW).is_err(),
        "not yourself"
    );
    assert!(desk.remove_person(&admin, &boss, NOW).unwrap().was_admin);
    let boss_again = desk
        .add_person(&admin, "Boss", "975310", Role::Admin, NOW)
        .unwrap();
    let other = desk.unlock("Boss", "975310", NOW).unwrap();
    assert!(desk.remove_person(&other, &admin.person, NOW).is_ok());
    assert!(
        desk.remove_person(&other, &boss_again, NOW).is_err(),
        "the last admin stays"
    );
}

#[test]
fn an_admin_resets_a_forgotten_pin_and_the_old_one_stops_working() {
    let (_dir, _store, mut desk, id) = desk_with_account();
    let admin = desk.start("Li Na", "246810", NOW).unwrap();
    let wei = desk
        .add_person(&admin, "Wei", "135790", Role::Member, NOW)
        .unwrap();
    desk.share(&admin, &id, &entry("Amazon:shop1"), &wei, None, NOW)
        .unwrap();
    assert!(
        desk.reset_pin(&admin, &wei, "12345", None).is_err(),
        "too short"
    );
    desk.reset_pin(&admin, &wei, "864200", None).unwrap();
    assert!(matches!(
        desk.unlock("Wei", "135790", NOW),
        Err(DeskError::WrongPin(_))
    ));
    let member = desk.unlock("Wei", "864200", NOW).unwrap();
    assert!(
        desk.store_for(&member, NOW).get(&id).unwrap().is_some(),
        "grants survive"
    );
    assert!(
        desk.reset_pin(&admin, &admin.person, "999999", Some(Role::Member))
            .is_err(),
        "the only admin stays an admin"
    );
}
