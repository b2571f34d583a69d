//! Text from the log made safe to show on one line: a name or note with a newline must not
//! plant a fake line in `otp-desk log` or a spreadsheet, nor a direction override make "Carol"
//! out of other letters.

/// `text` with every control character shown as a visible sign: C0 controls and DEL as their
/// Unicode control pictures (a newline as `␊`, a tab as `␉`), other controls, line and
/// paragraph separators, direction marks and overrides, and invisible joiners as `\u{..}`.
/// Text without them comes back unchanged.
pub fn visible(text: &str) -> String {
    use std::fmt::Write;
    let mut shown = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{0}'..='\u{1f}' => shown.push(control_picture(c)),
            '\u{7f}' => shown.push('\u{2421}'),
            c if hidden(c) => {
                // Writing to a String cannot fail.
                let _ = write!(shown, "\\u{{{:x}}}", u32::from(c));
            }
            c => shown.push(c),
        }
    }
    shown
}

/// U+2400 + the code: the control pictures block has one sign for each C0 control.
fn control_picture(c: char) -> char {
    char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{fffd}')
}

/// Characters that move, hide or reorder text rather than show as themselves.
fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200b}'..='\u{200f}' // zero-width space, joiners, direction marks
                | '\u{2028}' | '\u{2029}' // line and paragraph separators
                | '\u{202a}'..='\u{202e}' // direction embeddings and overrides
                | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
                | '\u{2066}'..='\u{2069}' // direction isolates
                | '\u{feff}' // zero-width no-break space
                | '\u{ad}' // soft hyphen
        )
}
