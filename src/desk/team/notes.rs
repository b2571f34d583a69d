//! The audit log's notes for the team folder's events. The command line and the window write
//! them with these functions, and the window's log page reads them back with [`read`] to show
//! them in the reader's language (`gui::support::audit_words`): one place, so what is written
//! and what is read cannot drift apart.

/// This desk's vault became the team's.
pub const MADE: &str = "team vault made";
/// This computer joined a team (the window's join).
pub const JOINED_HERE: &str = "this computer joined the team";
/// An admin picked between values computers gave one field while apart.
pub const PICKED: &str = "a value picked between computers";

/// This computer joined the team under the name `name` (the command line's join).
pub fn joined_as(name: &str) -> String {
    format!("this computer joined the team as '{name}'")
}

/// The computer `name` joined with this desk's code.
pub fn joined(name: &str) -> String {
    format!("computer '{name}' joined the team")
}

/// The computer `name` was revoked; the team's key moved to `epoch`.
pub fn revoked(name: &str, epoch: u32) -> String {
    format!("computer '{name}' revoked (key epoch {epoch})")
}

/// A note, read back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Note<'a> {
    Made,
    JoinedHere,
    JoinedAs(&'a str),
    Joined(&'a str),
    Revoked(&'a str, u32),
    Picked,
}

/// What `text` says, when it is one of these notes.
pub fn read(text: &str) -> Option<Note<'_>> {
    match text {
        MADE => return Some(Note::Made),
        JOINED_HERE => return Some(Note::JoinedHere),
        PICKED => return Some(Note::Picked),
        _ => {}
    }
    if let Some(name) = text
        .strip_prefix("this computer joined the team as '")
        .and_then(|rest| rest.strip_suffix('\''))
    {
        return Some(Note::JoinedAs(name));
    }
    let rest = text.strip_prefix("computer '")?;
    if let Some(name) = rest.strip_suffix("' joined the team") {
        return Some(Note::Joined(name));
    }
    let (name, epoch) = rest.rsplit_once("' revoked (key epoch ")?;
    let epoch = epoch.strip_suffix(')')?.parse().ok()?;
    Some(Note::Revoked(name, epoch))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_note_reads_back_as_written_even_with_quotes_in_a_name() {
        for (text, note) in [
            (MADE.to_owned(), Note::Made),
            (JOINED_HERE.to_owned(), Note::JoinedHere),
            (PICKED.to_owned(), Note::Picked),
            (joined_as("前台电脑"), Note::JoinedAs("前台电脑")),
            (joined("Bo's PC"), Note::Joined("Bo's PC")),
            (
                revoked("Home ' revoked (key epoch 9) PC", 3),
                Note::Revoked("Home ' revoked (key epoch 9) PC", 3),
            ),
        ] {
            assert_eq!(read(&text), Some(note), "{text}");
        }
        assert_eq!(read("computer 'x' revoked (key epoch many)"), None);
        assert_eq!(read("with Bo"), None);
    }
}
