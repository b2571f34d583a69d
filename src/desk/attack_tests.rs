//! The desk's promises attacked the way someone with the desk's own login would, over an
//! in-memory keychain: edited and replayed files, forged and restored slots, plain items,
//! two admins at once. (The same attacks against a real Secret Service and real processes:
//! tests/desk_attacks.rs.)

use std::sync::Arc;

use super::*;
use crate::otp::Entry;
use crate::store::MemoryStore;
use crate::uri;

pub(super) const NOW: u64 = 1_790_000_000;

pub(super) fn entry(label: &str) -> Entry {
    uri::parse(&format!("otpauth://totp/{label}?secret=JBSWY3DPEHPK3PXP")).unwrap()
}

pub(super) struct Fixture {
    pub dir: tempfile::TempDir,
    pub store: Arc<MemoryStore>,
    pub account: AccountId,
}

impl Fixture {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(MemoryStore::new());
        let account = AccountId::from("0123456789abcdef0123456789abcdef");
        store.put(&account, &entry("Amazon:shop1")).unwrap();
        Self {
            dir,
            store,
            account,
        }
    }

    /// Alice (admin, PIN 246810) and `name` (PIN 135790) at a desk with one account.
    pub fn with(name: &str, role: Role) -> (Self, Desk, Session, PersonId) {
        let fx = Self::new();
        let mut desk = fx.desk();
        let alice = desk.start("Alice", "246810", NOW).unwrap();
        let id = desk.add_person(&alice, name, "135790", role, NOW).unwrap();
        (fx, desk, alice, id)
    }

    pub fn desk(&self) -> Desk {
        Desk::load(self.dir.path(), self.store.clone()).unwrap()
    }

    pub fn file(&self) -> std::path::PathBuf {
        self.dir.path().join(FILE_NAME)
    }

    /// `id`'s key slot as the keychain holds it.
    fn slot(&self, id: &PersonId) -> Slot {
        Slot::from_json(&self.store.get_text(&slot_item(id)).unwrap().unwrap()).unwrap()
    }

    /// Whether `key` opens the keychain item of the account `id` (sealed under a desk key).
    fn opens_item(&self, key: &crate::desk::crypto::Key, id: &AccountId) -> bool {
        let raw = self.store.get_text(id).unwrap().unwrap();
        let sealed = raw.strip_prefix(stores::SEALED_PREFIX).unwrap();
        stores::open_item(key, id, sealed).is_some()
    }

    fn copy_files(&self) -> (String, String) {
        let bak = crate::store::metadata::backup_path(&self.file());
        (
            std::fs::read_to_string(self.file()).unwrap(),
            std::fs::read_to_string(bak).unwrap(),
        )
    }

    fn put_files(&self, (main, bak): &(String, String)) {
        std::fs::write(self.file(), main).unwrap();
        std::fs::write(crate::store::metadata::backup_path(&self.file()), bak).unwrap();
    }
}

#[test]
fn two_admins_removing_each_other_leave_one_admin_and_every_account_readable() {
    let fx = Fixture::new();
    let mut desk = fx.desk();
    let alice = desk.start("Alice", "246810", NOW).unwrap();
    desk.add_person(&alice, "Carol", "135790", Role::Admin, NOW)
        .unwrap();
    // Both unlocked before either change: the rules are checked again under the lock.
    let mut first = fx.desk();
    let mut second = fx.desk();
    let alice = first.unlock("Alice", "246810", NOW).unwrap();
    let carol = second.unlock("Carol", "135790", NOW).unwrap();
    let carol_id = carol.person.clone();
    let alice_id = alice.person.clone();
    first.remove_person(&alice, &carol_id, NOW).unwrap();
    assert!(matches!(
        second.remove_person(&carol, &alice_id, NOW),
        Err(DeskError::Invalid(m)) if m.contains("no longer works")
    ));
    let mut desk = fx.desk();
    let alice = desk.unlock("Alice", "246810", NOW).unwrap();
    assert!(alice.is_admin());
    assert_eq!(
        desk.store_for(&alice, NOW).get_entry(&fx.account).unwrap(),
        Some(entry("Amazon:shop1"))
    );
}

#[test]
fn a_rename_and_a_pin_reset_at_once_both_survive() {
    let (fx, mut desk, admin, wei) = Fixture::with("Wei", Role::Member);
    let mut other = fx.desk();
    desk.rename_person(&admin, &wei, "Wei Zhang").unwrap();
    other.reset_pin(&admin, &wei, "864200", None).unwrap();
    let mut desk = fx.desk();
    let wei = desk.unlock("Wei Zhang", "864200", NOW).unwrap();
    assert_eq!(wei.name, "Wei Zhang");
}

#[test]
fn a_slot_made_from_nothing_is_not_an_admin() {
    let fx = Fixture::new();
    let mut desk = fx.desk();
    let admin = desk.start("Alice", "246810", NOW).unwrap();
    // Mallory writes a slot of her own with her own "desk key" into both places.
    let id = PersonId("badbadbadbadbad0".into());
    let person = Key::random().unwrap();
    let fake_desk = Key::random().unwrap();
    let pin = slot::PinPart::new(&id, &person, "111111").unwrap();
    let forged = Slot::assemble(&id, pin, &person, true, &fake_desk, 1).unwrap();
    let mut value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fx.file()).unwrap()).unwrap();
    value["people"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::to_value(&forged).unwrap());
    std::fs::write(fx.file(), value.to_string()).unwrap();
    fx.store
        .put_text(&slot_item(&id), &serde_json::to_string(&forged).unwrap())
        .unwrap();
    let index = serde_json::json!([admin.person, id]).to_string();
    fx.store
        .put_text(&AccountId::from("desk-index"), &index)
        .unwrap();
    let mut desk = fx.desk();
    assert!(
        desk.person("badbadbadbadbad0").is_none(),
        "not on the picker"
    );
    // Even named on the command line by id, it opens nothing the desk accepts.
    assert!(desk.unlock("badbadbadbadbad0", "111111", NOW).is_err());
    // And the real admin's next change drops it from the keychain.
    let admin = desk.unlock("Alice", "246810", NOW).unwrap();
    desk.add_person(&admin, "Wei", "135790", Role::Member, NOW)
        .unwrap();
    assert_eq!(fx.store.get_text(&slot_item(&id)).unwrap(), None);
}

#[test]
fn a_name_or_role_edited_in_the_state_is_refused_for_everyone() {
    let fx = Fixture::new();
    let mut desk = fx.desk();
    let admin = desk.start("Alice", "246810", NOW).unwrap();
    desk.add_person(&admin, "Wei", "135790", Role::Member, NOW)
        .unwrap();
    for path in [fx.file(), crate::store::metadata::backup_path(&fx.file())] {
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace("Wei", "Carol")).unwrap();
    }
    let mut desk = fx.desk();
    assert!(matches!(
        desk.unlock("Carol", "135790", NOW),
        Err(DeskError::Tampered(_))
    ));
    assert!(matches!(
        desk.unlock("Alice", "246810", NOW),
        Err(DeskError::Tampered(_))
    ));
}

#[test]
fn an_old_copy_of_the_files_brings_no_one_back_and_is_called_a_rollback() {
    let (fx, mut desk, admin, wei) = Fixture::with("Wei", Role::Member);
    desk.share(&admin, &fx.account, &entry("Amazon:shop1"), &wei, None, NOW)
        .unwrap();
    let old = fx.copy_files();
    desk.remove_person(&admin, &wei, NOW).unwrap();
    fx.put_files(&old);
    let mut desk = fx.desk();
    assert!(matches!(
        desk.unlock("Wei", "135790", NOW),
        Err(DeskError::RolledBack { .. })
    ));
    assert!(matches!(
        desk.unlock("Alice", "246810", NOW),
        Err(DeskError::RolledBack { .. })
    ));
}

/// Alice removes Carol (an admin, so the desk key is replaced), unlocks again and adds an
/// account: her new session and the account written after the removal.
fn carol_leaves_then_an_account_is_added(
    desk: &mut Desk,
    alice: &Session,
    carol: &PersonId,
) -> (Session, AccountId) {
    desk.remove_person(alice, carol, NOW).unwrap();
    let later = AccountId::from("fedcba9876543210fedcba9876543210");
    let alice = desk.unlock("Alice", "246810", NOW).unwrap();
    desk.store_for(&alice, NOW)
        .put(&later, &entry("eBay:new"))
        .unwrap();
    (alice, later)
}

#[test]
fn a_removed_admin_s_old_slot_opens_nothing_written_after() {
    let (fx, mut desk, alice, carol) = Fixture::with("Carol", Role::Admin);
    let old_desk_key = fx.slot(&carol).open("135790").unwrap().desk.unwrap();
    let (alice, later) = carol_leaves_then_an_account_is_added(&mut desk, &alice, &carol);
    for id in [&fx.account, &later] {
        assert!(
            !fx.opens_item(&old_desk_key, id),
            "the removed admin's key opens {id}"
        );
    }
    assert_eq!(
        desk.store_for(&alice, NOW).get_entry(&fx.account).unwrap(),
        Some(entry("Amazon:shop1")),
        "the remaining admin reads everything"
    );
}

/// The removed admin prepared: while an admin, the desk key opened every other person's key
/// (that is how an admin resets PINs), and they kept those too. None of it opens the desk key
/// that replaced theirs, nor an item sealed under it.
#[test]
fn a_removed_admin_who_kept_every_person_key_opens_nothing_written_after() {
    let (fx, mut desk, alice, carol) = Fixture::with("Carol", Role::Admin);
    let bob = desk
        .add_person(&alice, "Bob", "112233", Role::Admin, NOW)
        .unwrap();
    let old_desk_key = fx.slot(&carol).open("135790").unwrap().desk.unwrap();
    let kept: Vec<_> = [&alice.person, &bob]
        .into_iter()
        .map(|id| (id.clone(), fx.slot(id).person_key(&old_desk_key).unwrap()))
        .collect();
    let (_, later) = carol_leaves_then_an_account_is_added(&mut desk, &alice, &carol);
    let mut candidates = vec![old_desk_key];
    for (id, person) in &kept {
        let slot = fx.slot(id);
        let stolen = slot::Keys {
            person: person.clone(),
            desk: None,
            boxed: None,
        };
        assert!(
            slot.desk_key(&stolen).is_none(),
            "{id}'s kept person key opens the new desk key"
        );
        candidates.push(person.clone());
    }
    for id in [&fx.account, &later] {
        for key in &candidates {
            assert!(!fx.opens_item(key, id), "a kept key opens {id}");
        }
    }
    let bob = desk.unlock("Bob", "112233", NOW).unwrap();
    assert_eq!(
        desk.store_for(&bob, NOW).get_entry(&later).unwrap(),
        Some(entry("eBay:new")),
        "the other remaining admin reads what was written after, with their PIN"
    );
}

/// Someone with the desk's login but no PIN puts a box point of their own in an admin's slot,
/// for the next desk key to be sealed to. Without the person key they cannot make its check
/// value: the rotation does not use it, and the owner's next unlock makes the box again.
#[test]
fn a_box_point_put_in_a_slot_without_the_person_key_gets_no_desk_key() {
    let (fx, mut desk, alice, carol) = Fixture::with("Carol", Role::Admin);
    let bob = desk
        .add_person(&alice, "Bob", "112233", Role::Admin, NOW)
        .unwrap();
    let mine = crate::desk::crypto::Key::random().unwrap();
    let mut value = serde_json::to_value(fx.slot(&bob)).unwrap();
    value["box_public"] = serde_json::Value::String(mine.box_public());
    files::replace_slot(
        fx.dir.path(),
        &*fx.store,
        &Slot::from_json(&value.to_string()).unwrap(),
    )
    .unwrap();
    let mut desk = fx.desk();
    let alice = desk.unlock("Alice", "246810", NOW).unwrap();
    desk.remove_person(&alice, &carol, NOW).unwrap();
    let text = fx.store.get_text(&slot_item(&bob)).unwrap().unwrap();
    let sealed: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(
        sealed.get("desk_box").is_none(),
        "nothing sealed to the planted point: {}",
        text.as_str()
    );
    for key in sealed
        .as_object()
        .unwrap()
        .values()
        .filter_map(|v| v.as_str())
    {
        for context in ["otp-desk desk-box", "otp-desk desk-key/2"] {
            let name = format!("{context} {bob} 2");
            assert!(mine.open_key_box(key, &name).is_err());
            assert!(mine.unwrap_key(key, &name).is_err());
        }
    }
    // Bob's PIN still opens the new desk key, and his unlock puts his own box back.
    let bob_session = desk.unlock("Bob", "112233", NOW).unwrap();
    assert!(bob_session.is_admin());
    let slot = fx.slot(&bob);
    assert!(slot.box_is_whole(&slot.open("112233").unwrap()));
    let text = fx.store.get_text(&slot_item(&bob)).unwrap().unwrap();
    assert!(text.contains("\"desk_box\""), "sealed to his own box again");
}

/// An admin slot written before box keys (its desk key under the person key) gets a box the
/// next time its admin unlocks, so the attack above finds nothing there either.
#[test]
fn an_admin_slot_from_before_box_keys_gets_one_at_its_unlock() {
    let (fx, _, alice, carol) = Fixture::with("Carol", Role::Admin);
    let mut value = serde_json::to_value(fx.slot(&alice.person)).unwrap();
    for field in ["box_key", "box_public", "box_check", "desk_box"] {
        value.as_object_mut().unwrap().remove(field);
    }
    let mut old = Slot::from_json(&value.to_string()).unwrap();
    let desk_key = alice.keys.desk.clone().unwrap();
    old.rewrap(&alice.keys.person, true, &desk_key, old.epoch)
        .unwrap();
    files::replace_slot(fx.dir.path(), &*fx.store, &old).unwrap();
    let kept = slot::Keys {
        person: alice.keys.person.clone(),
        desk: None,
        boxed: None,
    };
    assert!(old.desk_key(&kept).is_some(), "the old way, for the record");

    let mut desk = fx.desk();
    let alice = desk.unlock("Alice", "246810", NOW).unwrap();
    let boxed = fx.slot(&alice.person);
    assert!(boxed.box_public.is_some());
    assert!(boxed.desk_key(&kept).is_none());
    // The window's session, opened before the box, still makes changes.
    desk.remove_person(&alice, &carol, NOW).unwrap();
    assert!(
        fx.slot(&alice.person).desk_key(&kept).is_none(),
        "after the rotation"
    );
    let again = desk.unlock("Alice", "246810", NOW).unwrap();
    assert!(again.is_admin());
    assert_eq!(
        desk.store_for(&again, NOW).get_entry(&fx.account).unwrap(),
        Some(entry("Amazon:shop1"))
    );
}

#[test]
fn a_restored_slot_with_the_old_pin_opens_nothing_after_a_reset() {
    let (fx, mut desk, admin, wei) = Fixture::with("Wei", Role::Member);
    let old_item = fx.store.get_text(&slot_item(&wei)).unwrap().unwrap();
    let old_key = Slot::from_json(&old_item)
        .unwrap()
        .open("135790")
        .unwrap()
        .person;
    desk.reset_pin(&admin, &wei, "864200", None).unwrap();
    desk.share(&admin, &fx.account, &entry("Amazon:shop1"), &wei, None, NOW)
        .unwrap();
    fx.store.put_text(&slot_item(&wei), &old_item).unwrap();
    let mut desk = fx.desk();
    assert!(desk.unlock("Wei", "135790", NOW).is_err(), "the old PIN");
    // Offline: the old key opens neither the state nor the grant made after the reset.
    let text = std::fs::read_to_string(fx.file()).unwrap();
    let file: serde_json::Value = serde_json::from_str(&text).unwrap();
    let sealed: state::SealedState = serde_json::from_value(file["state"].clone()).unwrap();
    assert!(sealed.open(&wei, &old_key).is_none());
    let state = sealed.unverified().unwrap();
    assert!(grants::open(fx.dir.path(), &state.grants[0], &old_key).is_err());
    assert!(desk.unlock("Wei", "864200", NOW).is_ok());
}

#[test]
fn a_plain_item_written_over_a_sealed_one_is_never_used() {
    let fx = Fixture::new();
    let mut desk = fx.desk();
    let admin = desk.start("Alice", "246810", NOW).unwrap();
    fx.store
        .put_text(
            &fx.account,
            "otpauth://totp/Evil:x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
        )
        .unwrap();
    assert_eq!(
        desk.store_for(&admin, NOW).get_entry(&fx.account).unwrap(),
        None
    );
}

#[test]
fn a_failure_time_in_the_year_3000_locks_no_one_out() {
    let fx = Fixture::new();
    let mut desk = fx.desk();
    let admin = desk.start("Alice", "246810", NOW).unwrap();
    let mut value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fx.file()).unwrap()).unwrap();
    value["counters"] = serde_json::json!({
        admin.person.0.clone(): {"failures": 40, "last_failure_unix_secs": 32_503_680_000u64}
    });
    std::fs::write(fx.file(), value.to_string()).unwrap();
    let mut desk = fx.desk();
    assert_eq!(desk.wait_secs("Alice", NOW), 3600, "an hour at most");
    assert!(matches!(
        desk.unlock("Alice", "246810", NOW),
        Err(DeskError::Wait { secs: 3600, .. })
    ));
    let again = desk.unlock("Alice", "246810", NOW + 3600);
    assert!(again.is_ok(), "and it runs out: {:?}", again.err());
}

#[test]
fn attempts_at_once_get_three_tries_then_waits() {
    let fx = Fixture::new();
    fx.desk().start("Alice", "246810", NOW).unwrap();
    let dir = fx.dir.path().to_path_buf();
    let results: Vec<_> = (0..8)
        .map(|_| {
            let (dir, store) = (dir.clone(), fx.store.clone());
            std::thread::spawn(move || {
                let mut desk = Desk::load(&dir, store).unwrap();
                desk.unlock("Alice", "000000", NOW)
            })
        })
        .map(|t| t.join().unwrap())
        .collect();
    let wrong = results
        .iter()
        .filter(|r| matches!(r, Err(DeskError::WrongPin(_))))
        .count();
    let waits = results
        .iter()
        .filter(|r| matches!(r, Err(DeskError::Wait { .. })))
        .count();
    assert_eq!((wrong, waits), (3, 5));
}

#[test]
fn a_desk_of_format_1_moves_to_the_state_when_an_admin_unlocks() {
    let fx = Fixture::new();
    let (dir, store) = (fx.dir.path(), fx.store.clone());
    legacy_tests::write_format_1_desk(dir, &*store, &fx.account);
    let mut desk = fx.desk();
    assert_eq!(desk.people().len(), 2);
    let member = desk.unlock("Wei", "135790", NOW).unwrap();
    assert!(
        desk.store_for(&member, NOW)
            .get_entry(&fx.account)
            .unwrap()
            .is_some()
    );
    let admin = desk.unlock("Li Na", "246810", NOW).unwrap();
    assert!(admin.is_admin());
    assert_eq!(
        desk.store_for(&admin, NOW).get_entry(&fx.account).unwrap(),
        Some(entry("Amazon:shop1"))
    );
    let text = std::fs::read_to_string(fx.file()).unwrap();
    assert!(text.contains("\"version\": 3"), "{text}");
    let mut desk = fx.desk();
    let member = desk.unlock("Wei", "135790", NOW).unwrap();
    assert!(
        desk.may_see(&member, &fx.account, NOW),
        "the share moved too"
    );
}

/// A desk as OTP Desk wrote it before the authenticated state (slot format 1), made with the
/// same primitives and contexts.
mod legacy_tests {
    use super::*;

    pub fn write_format_1_desk(
        dir: &std::path::Path,
        store: &dyn SecretStore,
        account: &AccountId,
    ) {
        let desk = Key::random().unwrap();
        let mut people = Vec::new();
        let mut wei_key = None;
        for (id, name, role, pin) in [
            ("aaaaaaaaaaaaaaaa", "Li Na", "admin", "246810"),
            ("bbbbbbbbbbbbbbbb", "Wei", "member", "135790"),
        ] {
            let person = Key::random().unwrap();
            let kdf = crypto::Kdf::new().unwrap();
            let kek = kdf.derive(pin).unwrap();
            let mut slot = serde_json::json!({
                "id": id, "name": name, "role": role, "created_unix_secs": NOW,
                "kdf": kdf,
                "person_key": kek.wrap(&person, &format!("otp-desk person-key {id}")).unwrap(),
                "person_key_for_admins": desk.wrap(&person, &format!("otp-desk person-key-for-admins {id}")).unwrap(),
                "failures": 0, "last_failure_unix_secs": 0,
            });
            if role == "admin" {
                slot["desk_key"] = kek
                    .wrap(&desk, &format!("otp-desk desk-key {id}"))
                    .unwrap()
                    .into();
            } else {
                wei_key = Some(person.clone());
            }
            store
                .put_text(
                    &AccountId::from(format!("desk-person-{id}").as_str()),
                    &slot.to_string(),
                )
                .unwrap();
            people.push(slot);
        }
        store
            .put_text(
                &AccountId::from("desk-index"),
                r#"["aaaaaaaaaaaaaaaa","bbbbbbbbbbbbbbbb"]"#,
            )
            .unwrap();
        let text = crate::store::item_text(&entry("Amazon:shop1"));
        store
            .put_text(account, &stores::seal_item(&desk, account, &text).unwrap())
            .unwrap();
        let wei = PersonId("bbbbbbbbbbbbbbbb".into());
        let grant = grants::key_grant(
            account,
            &wei,
            &wei_key.unwrap(),
            &entry("Amazon:shop1"),
            None,
        )
        .unwrap();
        let file = serde_json::json!({
            "format": "otp-desk-desk", "version": 1, "people": people, "grants": [grant],
        });
        std::fs::write(dir.join(FILE_NAME), file.to_string()).unwrap();
    }
}

#[test]
fn ended_shares_leave_the_files_when_an_admin_unlocks() {
    let (fx, mut desk, admin, wei) = Fixture::with("Wei", Role::Member);
    desk.share(
        &admin,
        &fx.account,
        &entry("Amazon:shop1"),
        &wei,
        Some(NOW + 60),
        NOW,
    )
    .unwrap();
    let codes = fx.dir.path().join(grants::CODES_DIR);
    assert!(
        std::fs::read_to_string(fx.file())
            .unwrap()
            .contains("\\\"codes\\\"")
    );
    assert_eq!(std::fs::read_dir(&codes).unwrap().count(), 1);
    desk.unlock("Alice", "246810", NOW + 61).unwrap();
    let text = std::fs::read_to_string(fx.file()).unwrap();
    assert!(!text.contains("\\\"codes\\\""), "{text}");
    assert_eq!(std::fs::read_dir(&codes).unwrap().count(), 0);
    assert!(desk.shares_of(&fx.account, NOW).is_empty());
}

/// An admin's window stays open while they remove another admin (which replaces the desk key):
/// their session still vouches for everyone's signing key, their own and the others', as
/// sharing the desk with other computers needs.
#[test]
fn a_session_from_before_a_removal_still_trusts_the_signing_keys() {
    let (_fx, mut desk, alice, carol) = Fixture::with("Carol", Role::Admin);
    let wei = desk
        .add_person(&alice, "Wei", "112233", Role::Member, NOW)
        .unwrap();
    desk.remove_person(&alice, &carol, NOW).unwrap();
    assert!(desk.trusted_signer(&alice, &alice.person).is_some());
    assert!(desk.trusted_signer(&alice, &wei).is_some());
}

/// The signing key in a slot is the owner's own: one put there with the desk's login is not
/// trusted (a team takes no admin's record by it, and sharing the desk is refused). A new PIN's
/// slot is vouched for by the key it replaces; a reset's, by the admin who made it.
#[test]
fn a_planted_signing_key_is_not_trusted_and_new_pins_are_vouched_for() {
    use crate::desk::team::identity::{PersonSigner, signed_by};
    use crate::team::signers::vouch_message;
    let (fx, mut desk, alice, carol) = Fixture::with("Carol", Role::Admin);
    let original = fx.slot(&carol).signer.clone().unwrap();
    assert_eq!(desk.trusted_signer(&alice, &carol), Some(original.clone()));
    let mut planted: serde_json::Value =
        serde_json::from_str(&fx.store.get_text(&slot_item(&carol)).unwrap().unwrap()).unwrap();
    planted["signer"] = PersonSigner::from_seed([5; 32]).public_hex().into();
    fx.store
        .put_text(&slot_item(&carol), &planted.to_string())
        .unwrap();
    assert_eq!(desk.trusted_signer(&alice, &carol), None);
    fx.store
        .put_text(
            &slot_item(&carol),
            &serde_json::to_string(&fx.slot(&carol))
                .unwrap()
                .replace(&planted["signer"].as_str().unwrap().to_owned(), &original),
        )
        .unwrap();
    assert_eq!(desk.trusted_signer(&alice, &carol), Some(original.clone()));

    let team_id = |id: &PersonId| crate::team::PersonId(id.0.clone());
    let holds = |slot: &Slot, id: &PersonId| {
        let vouch = slot.vouch.clone().unwrap();
        let to = slot.signer.clone().unwrap();
        let message = vouch_message(&team_id(id), &vouch.from, &to);
        (
            vouch.clone(),
            signed_by(vouch.signer(), &message, &vouch.sig),
        )
    };
    desk.change_own_pin(
        "Carol",
        "135790",
        "112358",
        NOW,
        crate::store::audit_log::Via::Cli,
    )
    .unwrap();
    let changed = fx.slot(&carol);
    let (vouch, sound) = holds(&changed, &carol);
    assert!(sound);
    assert_eq!((vouch.from.as_str(), vouch.by), (original.as_str(), None));
    assert_ne!(changed.signer.as_deref(), Some(original.as_str()));

    let mut desk = fx.desk();
    let alice = desk.unlock("Alice", "246810", NOW).unwrap();
    desk.reset_pin(&alice, &carol, "271828", None).unwrap();
    let reset = fx.slot(&carol);
    let (vouch, sound) = holds(&reset, &carol);
    assert!(sound);
    assert_eq!(vouch.from, changed.signer.clone().unwrap());
    assert_eq!(vouch.by, Some(alice.signer().unwrap().public_hex()));
}

/// An admin removes another admin in an open window: the session there takes the new desk key
/// (the window asks for it after every change), so an account added afterwards is not sealed
/// under the key the removed admin kept, and the accounts sealed again are read.
#[test]
fn a_session_that_removed_an_admin_seals_under_the_new_key() {
    let (fx, mut desk, alice, carol) = Fixture::with("Carol", Role::Admin);
    let old = alice.keys.desk.clone().unwrap();
    assert!(desk.refreshed(&alice).is_none(), "nothing replaced yet");
    desk.remove_person(&alice, &carol, NOW).unwrap();
    let fresh = desk.refreshed(&alice).expect("the desk key was replaced");
    assert!(fresh.is_admin());
    let new = fresh.keys.desk.clone().unwrap();
    assert!(fx.opens_item(&new, &fx.account));
    assert!(
        desk.store_for(&fresh, NOW)
            .get(&fx.account)
            .unwrap()
            .is_some()
    );
    let added = AccountId::from("fedcba9876543210fedcba9876543210");
    desk.store_for(&fresh, NOW)
        .put(&added, &entry("eBay:shop2"))
        .unwrap();
    assert!(fx.opens_item(&new, &added));
    assert!(
        !fx.opens_item(&old, &added),
        "sealed under the replaced key"
    );
    assert!(desk.refreshed(&fresh).is_none());
}
