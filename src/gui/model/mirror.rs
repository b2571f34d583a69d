//! The window's mirror of the vault: the accounts as the worker last reported them, each
//! account's secret as far as it has been read from the keychain, and HOTP codes generated this
//! session. The codes shown are computed from it at draw time; it never talks to the keychain.

use std::collections::HashMap;

use crate::otp::{Entry, OtpKind, Secret, code_at, seconds_left};
use crate::store::AccountId;
use crate::store::metadata::Account;

/// What the window knows about an account's secret.
pub enum SecretState {
    Loading,
    Present(Secret),
    Missing,
    Unavailable,
}

/// What the code area of a row shows.
pub enum CodeView {
    /// The secret is still being read.
    Loading,
    Missing,
    Unavailable,
    Timed {
        code: String,
        next: String,
        seconds_left: u32,
        period_secs: u32,
    },
    Counter(Option<String>),
}
#[derive(Default)]
pub struct VaultMirror {
    /// `None` until the vault has opened.
    pub accounts: Option<Vec<Account>>,
    pub secrets: HashMap<AccountId, SecretState>,
    pub hotp_codes: HashMap<AccountId, String>,
}

impl VaultMirror {
    pub fn accounts(&self) -> &[Account] {
        self.accounts.as_deref().unwrap_or_default()
    }

    pub fn account(&self, id: &AccountId) -> Option<&Account> {
        self.accounts().iter().find(|a| &a.id == id)
    }

    /// "Issuer (name)", or empty for an account that is gone.
    pub fn label_of(&self, id: &AccountId) -> String {
        self.account(id).map(Account::label).unwrap_or_default()
    }

    /// The whole account, when its secret has been read.
    pub fn entry(&self, id: &AccountId) -> Option<Entry> {
        let account = self.account(id)?;
        let SecretState::Present(secret) = self.secrets.get(id)? else {
            return None;
        };
        Some(account.entry(secret.clone()))
    }

    /// Whether an account with the same issuer, name and secret is already here.
    pub fn holds(&self, entry: &Entry) -> bool {
        self.accounts()
            .iter()
            .filter_map(|a| self.entry(&a.id))
            .any(|stored| same_account(&stored, entry))
    }

    pub fn code_view(&self, account: &Account, now: u64) -> CodeView {
        if let OtpKind::Hotp { .. } = account.params.kind() {
            return match self.secrets.get(&account.id) {
                Some(SecretState::Missing) => CodeView::Missing,
                _ => CodeView::Counter(self.hotp_codes.get(&account.id).cloned()),
            };
        }
        match self.secrets.get(&account.id) {
            Some(SecretState::Present(secret)) => {
                let left = seconds_left(&account.params, now).unwrap_or(0);
                CodeView::Timed {
                    code: code_at(&account.params, secret, now),
                    next: code_at(&account.params, secret, now + u64::from(left)),
                    seconds_left: left,
                    period_secs: account.params.kind().period_secs().unwrap_or(30),
                }
            }
            Some(SecretState::Missing) => CodeView::Missing,
            Some(SecretState::Unavailable) => CodeView::Unavailable,
            Some(SecretState::Loading) | None => CodeView::Loading,
        }
    }
}

/// In its last seconds a row's countdown counts every second, turns the warning colour and
/// shows the next code.
pub const WARN_SECS: u32 = 5;

/// Before that it steps down in this many seconds (and shows the warning's start, 5, below
/// it), so an idle window draws about eight frames per 30-second period instead of thirty:
/// each frame is drawn whole, by the GPU or by the CPU (issue 15: ≤ 0.3 % of a core).
pub const COUNTDOWN_STEP_SECS: u32 = 10;

/// The seconds a countdown shows with `left` seconds to go: every second at the end, else
/// rounded down to the step ("at least this long", never more than there is).
pub fn shown_seconds(left: u32) -> u32 {
    if left <= WARN_SECS {
        left
    } else if left < COUNTDOWN_STEP_SECS {
        WARN_SECS
    } else {
        left - left % COUNTDOWN_STEP_SECS
    }
}

/// Whole seconds until a row with `left` seconds to go looks different: its countdown steps,
/// it turns to the warning, or its code changes.
pub fn secs_until_change(left: u32) -> u32 {
    let look = |l: u32| (shown_seconds(l), l <= WARN_SECS);
    (1..left)
        .find(|k| look(left - k) != look(left))
        .unwrap_or(left.max(1))
}

/// Same issuer, name and secret: the same account, whatever its other settings.
pub fn same_account(a: &Entry, b: &Entry) -> bool {
    a.issuer == b.issuer && a.name == b.name && a.secret == b.secret
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_countdown_steps_by_ten_then_counts_each_second() {
        let shown: Vec<u32> = (1..=30).rev().map(shown_seconds).collect();
        assert_eq!(&shown[..3], [30, 20, 20]);
        assert_eq!(&shown[10..12], [20, 10]);
        assert_eq!(&shown[shown.len() - 10..], [10, 5, 5, 5, 5, 5, 4, 3, 2, 1]);
        // Never more than there is.
        assert!((1..=90).all(|l| shown_seconds(l) <= l));
    }

    #[test]
    fn an_idle_row_needs_about_eight_frames_a_period() {
        // Walk one 30-second period the way the window schedules its frames.
        let (mut left, mut frames) = (30_u32, 0);
        let mut elapsed = 0;
        while elapsed < 30 {
            let wait = secs_until_change(left);
            elapsed += wait;
            frames += 1;
            left = if wait >= left { 30 } else { left - wait };
        }
        assert!((8..=9).contains(&frames), "{frames} frames");
        assert_eq!(secs_until_change(29), 10, "29 -> 19 shows 20 then 10");
        assert_eq!(secs_until_change(6), 1, "the warning starts at 5");
        assert_eq!(secs_until_change(1), 1, "the code changes next");
    }
}
