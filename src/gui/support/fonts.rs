//! Fonts: egui's defaults plus a bundled Noto Sans SC subset, so Chinese renders on machines
//! without a CJK font; eframe's system-font fallback covers characters outside the subset.
//! Must not depend on any other window module.

use eframe::egui::{self, FontData, FontDefinitions, FontFamily};

const CJK_NAME: &str = "noto-sans-sc-subset";
const CJK_SUBSET: &[u8] = include_bytes!("../../../assets/fonts/NotoSansSC-Regular-subset.otf");

/// Installs the fonts into `ctx` (the app does it at start; tests may call it in their setup).
pub fn install(ctx: &egui::Context) {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        CJK_NAME.to_owned(),
        std::sync::Arc::new(FontData::from_static(CJK_SUBSET)),
    );
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        // After the Latin fonts: Latin text keeps egui's look, hanzi come from the subset.
        fonts
            .families
            .entry(family)
            .or_default()
            .push(CJK_NAME.to_owned());
    }
    ctx.set_fonts(fonts);
}
