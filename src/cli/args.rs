//! The command line's shape (clap derive). Help texts are the user documentation of each flag.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "otp-desk",
    version = crate::VERSION,
    about = "Desk authenticator: live one-time codes from the OS keychain.",
    long_about = "Desk authenticator: live one-time codes from the OS keychain.\n\nWithout a command, opens the window. Data folder: the platform's standard place, or $OTP_DESK_DATA_DIR."
)]
pub struct Cli {
    /// Desk mode: who is working (their PIN is the first line of standard input).
    #[arg(long = "as", global = true, value_name = "NAME")]
    pub acting: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List accounts: issuer, name, type and group (never a secret).
    List {
        /// One JSON array instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Add accounts from otpauth:// or otpauth-migration:// URIs, or from a key typed by hand.
    Add(AddArgs),
    /// Print the code of the account matching QUERY (words of issuer, name or group), or of --uri.
    Code(CodeArgs),
    /// Move the account matching QUERY to the trash (kept 30 days, then purged).
    Remove {
        /// Words of the issuer, name or group, or the account id.
        query: String,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
    /// List the trash; with --restore or --purge, take an account back or delete it for good.
    Trash {
        #[arg(long, conflicts_with = "purge")]
        restore: Option<String>,
        #[arg(long)]
        purge: Option<String>,
    },
    /// Desk mode: the people who work at this desk, each with their own PIN.
    People {
        #[command(subcommand)]
        action: PeopleCommand,
    },
    /// Desk mode: let a person use the codes of the account matching QUERY.
    Share {
        query: String,
        /// The person's name.
        #[arg(long)]
        with: String,
        /// When the share ends by itself: 18:00, 2026-12-24 18:00, 8h, 2d.
        #[arg(long)]
        until: Option<String>,
    },
    /// Desk mode: end a share.
    Unshare {
        query: String,
        #[arg(long)]
        with: String,
    },
    /// Desk mode: the audit log (admins): who copied, revealed, exported or changed what.
    Log {
        /// One JSON object per record and line.
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        /// CSV with a header row, for a spreadsheet.
        #[arg(long)]
        csv: bool,
    },
    /// Give an account the new key its website gave when you re-enrolled its two-step
    /// verification (an otpauth URI, an image of the QR code, or the key typed): it keeps its
    /// group, pin, order, shares and history; the old key waits in the trash for 30 days.
    /// Shows the new code first and replaces the key once you confirm the website took it.
    Rekey {
        query: String,
        new: String,
        /// Replace the key without asking.
        #[arg(long)]
        yes: bool,
    },
    /// List keychain items whose account metadata was lost, and with --all give them back.
    Recover {
        /// Recover every item listed.
        #[arg(long)]
        all: bool,
    },
    /// Import accounts from files: text files of URIs, and images of QR codes.
    Import(ImportArgs),
    /// Several computers, one team vault, through a folder a sync engine keeps in step
    /// (Syncthing, OneDrive, a NAS share).
    Team {
        #[command(subcommand)]
        action: TeamCommand,
    },
    /// Write every account to a file: an encrypted backup (Aegis vault) or a plain export.
    Export(ExportArgs),
    /// Decode the QR codes in images and print their texts; adds nothing.
    Scan {
        #[arg(required = true)]
        images: Vec<PathBuf>,
        /// One JSON object per image and line.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// otpauth:// or otpauth-migration:// URIs; `-` reads them from standard input, one a line,
    /// so no secret appears in the process list.
    #[arg(conflicts_with_all = ["issuer", "name", "secret", "secret_stdin"])]
    pub uris: Vec<String>,
    #[arg(long)]
    pub issuer: Option<String>,
    #[arg(long)]
    pub name: Option<String>,
    /// The key as shown by the website (base32; spaces, dashes and any case are fine). Visible
    /// to other users in the process list: prefer --secret-stdin.
    #[arg(long, conflicts_with = "secret_stdin")]
    pub secret: Option<String>,
    /// Read the key from the first line of standard input.
    #[arg(long)]
    pub secret_stdin: bool,
    #[arg(long = "type", value_enum, default_value_t = KindArg::Totp)]
    pub kind: KindArg,
    #[arg(long, default_value = "SHA1")]
    pub algorithm: String,
    #[arg(long, default_value_t = 6)]
    pub digits: u8,
    #[arg(long, default_value_t = 30)]
    pub period: u32,
    #[arg(long, default_value_t = 0)]
    pub counter: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Totp,
    Hotp,
    Steam,
}

#[derive(Debug, Args)]
pub struct CodeArgs {
    /// Words of the issuer, name or group, or the account id.
    #[arg(required_unless_present = "uri", conflicts_with = "uri")]
    pub query: Option<String>,
    /// Compute the code of this URI without touching the vault; `-` reads it from standard
    /// input, so the key never shows in the process list or the shell history.
    #[arg(long)]
    pub uri: Option<String>,
    /// Unix time in seconds to compute the code at (default: now).
    #[arg(long)]
    pub at: Option<u64>,
    /// Also copy the code to the clipboard (served until it is cleared).
    #[arg(long)]
    pub copy: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Show what would be imported; never touches the vault or the keychain.
    #[arg(long)]
    pub dry_run: bool,
    /// One JSON object with the accounts and the errors.
    #[arg(long)]
    pub json: bool,
    /// Unix time in seconds for the codes shown (default: now).
    #[arg(long)]
    pub at: Option<u64>,
    /// Read the password of encrypted backups from the first line of standard input.
    #[arg(long)]
    pub password_stdin: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// aegis-encrypted: password-protected backup that Aegis and OTP Desk open. aegis, otpauth,
    /// migration-qr: NOT encrypted, anyone with the file has your codes.
    #[arg(long, value_enum)]
    pub format: ExportFormatArg,
    /// The file to write (migration-qr with several codes: PATH-1-of-N.png, ...).
    #[arg(long)]
    pub out: PathBuf,
    /// Read the backup password from the first line of standard input.
    #[arg(long)]
    pub password_stdin: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormatArg {
    AegisEncrypted,
    Aegis,
    Otpauth,
    MigrationQr,
}

#[derive(Debug, Subcommand)]
pub enum PeopleCommand {
    /// Add a person; their new PIN is the next line of standard input (the first line when
    /// this is the desk's first person, who must be an admin and needs no --as).
    Add {
        name: String,
        #[arg(long, conflicts_with = "member", required_unless_present = "member")]
        admin: bool,
        #[arg(long)]
        member: bool,
    },
    /// Everyone at the desk and their role (no PIN needed).
    List {
        #[arg(long)]
        json: bool,
    },
    /// Remove a person: their PIN stops working at once.
    Remove { name: String },
    /// Give a person another name (their PIN stays).
    Rename { name: String, new_name: String },
    /// Give a person a new PIN (the next line of standard input), e.g. when they forgot theirs.
    ResetPin { name: String },
    /// What a person (also one removed) could use and did use, most exposed first: the
    /// accounts to re-enrol when they leave.
    Exposure {
        name: String,
        #[arg(long)]
        json: bool,
    },
    /// Change your own PIN (--as NAME): the old PIN on the first line of standard input, the
    /// new one on the next two.
    SetPin,
}

#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// This desk's vault becomes the team vault in FOLDER (an admin, with --as).
    Create {
        folder: PathBuf,
        /// This computer's name in the team (default: its host name).
        #[arg(long)]
        name: Option<String>,
    },
    /// Prints a one-time join code on the first line and waits (10 minutes at most) for the
    /// new computer to join with it (an admin, with --as).
    Invite,
    /// This computer joins the team in FOLDER; the join code shown on a joined desk is the
    /// first line of standard input.
    Join {
        folder: PathBuf,
        /// This computer's name in the team.
        #[arg(long)]
        name: String,
    },
    /// A computer leaves the team (lost, sold, an ex-employee's PC): it can read nothing written
    /// after this, and the accounts it could see are listed for re-enrolment (an admin, with --as).
    Revoke {
        /// The computer's name (as `team status` shows it) or its id.
        desk: String,
    },
    /// The team's desks, when each was last heard from, conflicts and problems.
    Status {
        #[arg(long)]
        json: bool,
    },
}
