//! The join exchange: a desk joins with the right code and ends up reading the team's records;
//! a wrong, late, reused or cut answer admits nobody; the files name neither code nor desk.

use super::*;
use crate::desk::team::cache::VerifiedCache;
use crate::desk::team::codec::SealedCodec;
use crate::desk::team::grant;
use crate::desk::team::test_support::{add_amazon, record, team};

const NOW: u64 = 1_760_000_000;

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn a_desk_with_the_code_joins_and_reads_the_team() {
    let (rings, known) = team(2);
    let admin = &rings[0];
    let code = JoinCode::generate().unwrap();
    let mut invite = Invite::start(admin, &code, NOW).unwrap();
    let newcomer = DeskIdentity::generate().unwrap();
    let typed = JoinCode::parse(&code.grouped().to_lowercase()).unwrap();
    let joining = Joining::answer(&newcomer, &typed, invite.file(), "Home PC").unwrap();
    let desks: Vec<_> = rings.iter().map(|r| *r.identity().public()).collect();
    let admitted = invite.admit(joining.file(), NOW + 60, &desks).unwrap();
    assert_eq!(
        (admitted.desk, admitted.name.as_str()),
        (*newcomer.public(), "Home PC")
    );
    let (team_id, newcomer_knows) = joining.finish(&admitted.confirm).unwrap();
    assert_eq!(team_id, *admin.team());
    for desk in &desks {
        assert_eq!(newcomer_knows.get_id(&desk.id()), Some(desk));
    }
    // The admin grants the epoch key; the new desk accepts it from the desks it learnt.
    let key = admin.current().unwrap().clone();
    let granted = grant::make(admin, &key, &[admitted.desk]).unwrap();
    let mut ring = Keyring::new(newcomer, team_id);
    grant::accept(&mut ring, &granted, &newcomer_knows).unwrap();
    let rec = record(admin, None, vec![add_amazon()]);
    let file = SealedCodec::new(admin, &known, VerifiedCache::default())
        .unwrap()
        .seal_record(&rec);
    let reader = SealedCodec::new(&ring, &newcomer_knows, VerifiedCache::default()).unwrap();
    assert_eq!(reader.open_file(None, &file), Ok(rec));
    // Nothing in the three files names the code or the desk.
    let shown = code.grouped();
    for file in [invite.file(), joining.file(), &admitted.confirm] {
        assert!(!contains(file, &shown.as_bytes()[..5]));
        assert!(!contains(file, &shown.as_bytes()[6..]));
        assert!(!contains(file, b"Home PC"));
    }
}

#[test]
fn a_wrong_code_spends_the_invite_and_admits_nobody() {
    let (rings, _) = team(1);
    let code = JoinCode::generate().unwrap();
    let mut invite = Invite::start(&rings[0], &code, NOW).unwrap();
    let wrong = JoinCode::parse("00000-00000").unwrap();
    let guesser = DeskIdentity::generate().unwrap();
    let guess = Joining::answer(&guesser, &wrong, invite.file(), "x").unwrap();
    // A cut answer has not arrived: it spends nothing.
    let cut = &guess.file()[..guess.file().len() - 1];
    assert_eq!(
        invite.admit(cut, NOW, &[]).unwrap_err(),
        JoinError::NotArrivedYet
    );
    assert_eq!(
        invite.admit(guess.file(), NOW, &[]).unwrap_err(),
        JoinError::WrongCode
    );
    let honest = DeskIdentity::generate().unwrap();
    let right = Joining::answer(&honest, &code, invite.file(), "y").unwrap();
    assert_eq!(
        invite.admit(right.file(), NOW, &[]).unwrap_err(),
        JoinError::Spent
    );
}

#[test]
fn a_late_answer_or_a_changed_confirmation_is_refused() {
    let (rings, _) = team(1);
    let code = JoinCode::generate().unwrap();
    let mut invite = Invite::start(&rings[0], &code, NOW).unwrap();
    let desk = DeskIdentity::generate().unwrap();
    let joining = Joining::answer(&desk, &code, invite.file(), "z").unwrap();
    let late = NOW + CODE_LIFETIME_SECS + 1;
    assert_eq!(
        invite.admit(joining.file(), late, &[]).unwrap_err(),
        JoinError::Expired
    );

    let mut invite = Invite::start(&rings[0], &code, NOW).unwrap();
    let joining = Joining::answer(&desk, &code, invite.file(), "z").unwrap();
    let mut answer = joining.file().to_vec();
    let at = answer.len() - 40;
    answer[at] ^= 1;
    assert_eq!(
        invite.admit(&answer, NOW, &[]).unwrap_err(),
        JoinError::WrongCode
    );

    let mut invite = Invite::start(&rings[0], &code, NOW).unwrap();
    let joining = Joining::answer(&desk, &code, invite.file(), "z").unwrap();
    let confirm = invite.admit(joining.file(), NOW, &[]).unwrap().confirm;
    for i in 13..confirm.len() {
        let mut bad = confirm.clone();
        bad[i] ^= 1;
        assert!(joining.finish(&bad).is_err(), "byte {i}");
    }
    assert!(joining.finish(&confirm).is_ok());
}
