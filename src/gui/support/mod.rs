//! Small helpers every part of the window uses: translations ([`i18n`]) and the fonts that
//! draw Chinese ([`fonts`]). Depends on no other window module.

pub mod fonts;
pub mod i18n;
