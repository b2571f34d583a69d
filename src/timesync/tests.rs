use super::*;

fn sample(offset_secs: f64, delay_secs: f64) -> Sample {
    Sample {
        offset_secs,
        delay_secs,
        stratum: 2,
    }
}

#[test]
fn one_liar_among_three_is_outvoted() {
    let e = combine(&[
        sample(-47.1, 0.02),
        sample(-46.9, 0.03),
        sample(3600.0, 0.01),
    ])
    .unwrap();
    assert!((e.offset_secs + 47.0).abs() < 1e-9, "{e:?}");
    assert_eq!(e.servers, 2);
    assert_eq!(e.correction(), Correction::Apply(-47));
    assert_eq!(
        describe(&e).unwrap(),
        "This computer's clock is 47 s fast — codes are corrected."
    );
}

#[test]
fn a_lone_answer_or_a_split_vote_makes_no_estimate() {
    assert!(combine(&[]).is_err());
    let lone = combine(&[sample(120.0, 0.01)]).unwrap_err();
    assert!(lone.to_string().contains("no two agree"), "{lone}");
    // Two pairs that disagree with each other: no majority.
    assert!(
        combine(&[
            sample(0.0, 0.01),
            sample(0.5, 0.01),
            sample(90.0, 0.01),
            sample(90.5, 0.01),
        ])
        .is_err()
    );
    // Two that are 5 s apart do not agree.
    assert!(combine(&[sample(40.0, 0.01), sample(45.0, 0.01)]).is_err());
}

#[test]
fn unsynchronised_strata_do_not_count() {
    let mut bad = sample(300.0, 0.01);
    bad.stratum = 16;
    let mut zero = sample(300.0, 0.01);
    zero.stratum = 0;
    assert!(combine(&[bad, zero, sample(300.2, 0.01)]).is_err());
    assert!(combine(&[bad, sample(300.0, 0.01), sample(300.2, 0.01)]).is_ok());
}

#[test]
fn small_offsets_are_left_alone() {
    let e = combine(&[sample(1.4, 0.01), sample(1.6, 0.02)]).unwrap();
    assert_eq!(e.correction(), Correction::None);
    assert_eq!(e.correction_secs(), 0);
    assert_eq!(describe(&e), None);
}

#[test]
fn a_correction_over_ten_minutes_waits_for_confirmation() {
    let e = combine(&[sample(7500.2, 0.01), sample(7500.4, 0.02)]).unwrap();
    assert_eq!(e.correction(), Correction::Confirm(7500));
    assert_eq!(e.correction_secs(), 0, "not applied without asking");
    assert_eq!(
        describe(&e).unwrap(),
        "This computer's clock is 2 h 5 min slow — correct codes by that much?"
    );
    let ten_minutes = Estimate {
        offset_secs: -600.0,
        servers: 2,
    };
    assert_eq!(ten_minutes.correction(), Correction::Apply(-600));
}
