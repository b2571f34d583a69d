//! The smallest eframe window with the same renderer and features as OTP Desk: one label.
//! `scripts/window-bench.sh` measures it beside the app, so memory and CPU are reported as a
//! ratio to what any egui window costs on the same machine and display.

use eframe::egui;

struct Baseline;

impl eframe::App for Baseline {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        ui.label("baseline");
    }
}

fn main() -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("baseline")
            .with_inner_size([440.0, 640.0]),
        ..Default::default()
    };
    eframe::run_native("baseline", options, Box::new(|_cc| Ok(Box::new(Baseline))))
}
