//! Small helpers every part of the window uses: translations ([`i18n`]), messages not yet in a
//! language ([`message`]), the words for the core's errors ([`errors`], [`errors_import`]) and
//! for the audit log ([`audit_words`]), the fonts that draw Chinese ([`fonts`]) and the focus of a
//! screen's one field ([`focus`]). Depends on
//! no other window module but `command`.

pub mod audit_words;
pub mod errors;
pub mod errors_import;
pub mod focus;
pub mod fonts;
pub mod i18n;
pub mod message;
#[cfg(test)]
mod words_samples;
#[cfg(test)]
mod words_tests;
