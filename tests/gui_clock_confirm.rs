//! A large clock correction is asked, never applied silently: servers that agree on "the clock
//! is 2 h slow" get a question with both answers; the codes move only after "Correct the
//! codes", and "Keep this clock" leaves them as they were.

mod support;

use egui_kittest::kittest::Queryable;
use otp_desk::gui::Done;
use otp_desk::gui::runtime::worker::VaultSource;
use otp_desk::otp::group_for_reading;
use otp_desk::timesync::Estimate;
use support::gui::{self, Desk};

const T: u64 = 1_700_000_010;
const AMAZON: &str = "otpauth://totp/Amazon:shop1?secret=JBSWY3DPEHPK3PXP&issuer=Amazon";
const SLOW_SECS: u64 = 2 * 3600 + 5 * 60;
const QUESTION: &str =
    "Time servers say this computer's clock is 2 h 5 min slow. Correct the codes by that much?";

fn code(at: u64) -> String {
    group_for_reading(&otp_desk::uri::parse(AMAZON).unwrap().code_at(at))
}

fn desk_told_the_clock_is_slow() -> Desk {
    let (dir, vault) = gui::vault_with(&[AMAZON], T - 60);
    let window = gui::Window::new(480.0, 640.0, T, gui::english());
    let mut d = Desk::start(VaultSource::Ready(vault), dir, window);
    d.harness
        .state()
        .background_reporter()
        .send(Done::ClockChecked {
            result: Ok(Estimate {
                offset_secs: SLOW_SECS as f64 + 0.4,
                servers: 2,
            }),
            at_unix_secs: T,
        });
    d.harness.run();
    d
}

#[test]
fn a_two_hour_correction_waits_for_the_user_then_applies() {
    let mut d = desk_told_the_clock_is_slow();
    d.harness.get_by_label(QUESTION);
    // Not applied yet: the codes are still the system clock's.
    d.harness.get_by_label(&code(T));
    assert!(d.harness.state().settings().clock_sync.last.is_none());
    d.harness.get_by_label("Correct the codes").click();
    d.harness.run();
    d.harness.get_by_label(&code(T + SLOW_SECS));
    assert!(d.harness.query_by_label(QUESTION).is_none());
    let last = d.harness.state().settings().clock_sync.last.unwrap();
    assert_eq!(last.correction_secs, SLOW_SECS as i64);
}

#[test]
fn keeping_the_clock_leaves_the_codes_alone() {
    let mut d = desk_told_the_clock_is_slow();
    d.harness.get_by_label("Keep this clock").click();
    d.harness.run();
    assert!(d.harness.query_by_label(QUESTION).is_none());
    d.harness.get_by_label(&code(T));
    assert!(d.harness.state().settings().clock_sync.last.is_none());
}
