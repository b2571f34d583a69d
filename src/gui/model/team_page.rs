//! The team folder's pages as the window holds them between frames: what is typed, what a
//! background step answered, and which step a page is at. State only.

use zeroize::Zeroizing;

/// One of the team folder's pages (a [`super::view::Dialog::Team`]).
pub enum TeamPage {
    Share(ShareDraft),
    Invite(InviteView),
    Join(JoinDraft),
    Revoke(RevokeView),
    Choices(ChoicesView),
}

/// "Share with other computers": where the team folder goes and what this computer is called.
#[derive(Default)]
pub struct ShareDraft {
    pub folder: String,
    pub name: String,
    pub error: Option<String>,
    pub busy: bool,
}

/// "Invite a computer": the code while it is valid, then who joined.
#[derive(Default)]
pub struct InviteView {
    /// The code, grouped (ABCDE-FGHJK); `None` while it is being made.
    pub code: Option<Zeroizing<String>>,
    /// Unix seconds when the code stops working.
    pub expires_unix: u64,
    /// The computer that joined with it.
    pub joined: Option<String>,
    pub error: Option<String>,
}

/// Where "Join a team" is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum JoinStep {
    /// Folder, this computer's name and the code.
    #[default]
    Form,
    /// Answered; waiting for the inviting desk.
    Waiting,
    /// Joined: an admin of the team brings the accounts here with their PIN.
    Admin,
    /// The admin's PIN is being checked and the accounts brought.
    Bringing,
}

/// "Join a team", on a computer that has no accounts and no people yet.
#[derive(Default)]
pub struct JoinDraft {
    pub step: JoinStep,
    pub folder: String,
    pub name: String,
    pub code: Zeroizing<String>,
    /// The team's admins by name (the Admin step), and the one picked.
    pub admins: Vec<String>,
    pub admin: Option<String>,
    pub pin: Zeroizing<String>,
    pub error: Option<String>,
}

/// "Revoke a computer": the question, then the accounts to re-enrol.
pub struct RevokeView {
    pub desk_id: String,
    pub name: String,
    pub busy: bool,
    /// Done: the accounts it could see, to re-enrol.
    pub re_enrol: Option<Vec<String>>,
    pub error: Option<String>,
}

/// "Pick between values": the fields computers changed while apart.
#[derive(Default)]
pub struct ChoicesView {
    /// `None` while they are read.
    pub choices: Option<Vec<crate::desk::team::setup::Choice>>,
    pub busy: bool,
    pub error: Option<String>,
}
