//! A window left open all day stays put: with every banner showing (the backup reminder, the
//! clock correction, the Lock button's row), hundreds of frames later the header has the same
//! height and the first account row the same place. kittest flows usually run a handful of
//! frames; the reminder once grew by a few points a frame until it pushed the list away.

mod support;

use egui_kittest::kittest::Queryable;
use otp_desk::gui::Done;
use otp_desk::gui::runtime::worker::VaultSource;
use otp_desk::timesync::Estimate;
use support::gui::{self, Desk};

const T: u64 = 1_700_000_010;
const AMAZON: &str = "otpauth://totp/Amazon:shop1?secret=JBSWY3DPEHPK3PXP&issuer=Amazon";
const EBAY: &str = "otpauth://totp/eBay:seller?secret=KRSXG5CTMVRXEZLU&issuer=eBay";
const REMINDER: &str =
    "You have no recent backup of your accounts. If this computer is lost, so are they.";

fn desk_with_banners() -> Desk {
    // Added days ago: the backup reminder shows (it waits a few days after a first account).
    let (dir, vault) = gui::vault_with(&[AMAZON, EBAY], T - 4 * 24 * 60 * 60);
    let mut settings = gui::with_pin(gui::english());
    settings.lock.idle_mins = 0;
    let window = gui::Window::new(480.0, 640.0, T, settings);
    let mut desk = Desk::start(VaultSource::Ready(vault), dir, window);
    // Unlock, then have the clock checked: a correction banner joins the reminder.
    let field = desk.harness.get_by_label("Password");
    field.type_text(gui::PIN);
    desk.harness.get_by_label("Unlock").click();
    desk.harness.run();
    desk.harness
        .state()
        .background_reporter()
        .send(Done::ClockChecked {
            result: Ok(Estimate {
                offset_secs: -47.2,
                servers: 3,
            }),
            at_unix_secs: T,
        });
    desk.harness.run();
    desk
}

/// Where the first row's name and the reminder's text are drawn now.
fn places(desk: &Desk) -> (egui::Rect, egui::Rect) {
    let row = desk.harness.get_by_label("Amazon").rect();
    let reminder = desk.harness.get_by_label(REMINDER).rect();
    (row, reminder)
}

#[test]
fn three_hundred_frames_later_nothing_has_moved() {
    let mut desk = desk_with_banners();
    assert!(!desk.harness.state().is_locked());
    desk.harness
        .get_by_label("This computer's clock is 47 s fast — codes are corrected.");
    let before = places(&desk);
    for _ in 0..300 {
        desk.harness.step();
    }
    let after = places(&desk);
    assert_eq!(before, after, "the layout moved");
    // Content-sized: the reminder is two short lines and a row of buttons, not a wall.
    let (row, reminder) = after;
    assert!(
        row.top() < 260.0,
        "the first row is pushed down to {}",
        row.top()
    );
    assert!(
        reminder.height() < 60.0,
        "reminder text {} tall",
        reminder.height()
    );
}

#[test]
fn the_reminder_keeps_its_height_in_a_narrow_window() {
    let (dir, vault) = gui::vault_with(&[AMAZON], T - 60);
    let window = gui::Window::new(360.0, 480.0, T, gui::english());
    let mut desk = Desk::start(VaultSource::Ready(vault), dir, window);
    let row_top = |d: &Desk| d.harness.get_by_label("Amazon").rect().top();
    let first = row_top(&desk);
    for _ in 0..200 {
        desk.harness.step();
    }
    assert_eq!(row_top(&desk), first);
    assert!(first < 240.0, "row at {first}");
}
