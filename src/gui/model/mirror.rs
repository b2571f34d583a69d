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
    /// Codes only, and the table has none for now.
    RunOut,
    Timed {
        code: String,
        next: String,
        seconds_left: u32,
        period_secs: u32,
    },
    Counter(Option<String>),
}
impl CodeView {
    /// The code a click copies and the quick pick types now: in a period's last
    /// [`COPY_NEXT_BELOW_SECS`] seconds the next one (with the seconds left of this one), since
    /// this one would expire on its way. `None` when there is no code to give: still loading,
    /// missing, an HOTP code not generated yet, or a share whose codes ran out.
    pub fn to_give(&self) -> Option<(&str, Option<u32>)> {
        let given = match self {
            Self::Timed {
                next, seconds_left, ..
            } if *seconds_left < COPY_NEXT_BELOW_SECS => (next.as_str(), Some(*seconds_left)),
            Self::Timed { code, .. } | Self::Counter(Some(code)) => (code.as_str(), None),
            _ => return None,
        };
        // A share's table can end inside the step: no code rather than an empty one.
        (!given.0.is_empty()).then_some(given)
    }
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
            // A member's share whose codes ran out (no admin unlocked for a week).
            Some(SecretState::Present(secret))
                if secret.code_table().is_some_and(|t| !t.covers(now)) =>
            {
                CodeView::RunOut
            }
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

/// In its last seconds a row's countdown turns the warning colour and shows the next code.
pub const WARN_SECS: u32 = 5;

/// With fewer seconds left than this, a click copies the next code (there is no time to type
/// the current one), and the row shows the next code as its big one.
pub const COPY_NEXT_BELOW_SECS: u32 = 3;

/// Same issuer, name and secret: the same account, whatever its other settings.
pub fn same_account(a: &Entry, b: &Entry) -> bool {
    a.issuer == b.issuer && a.name == b.name && a.secret == b.secret
}

#[cfg(test)]
mod to_give_tests {
    use super::*;

    fn timed(code: &str, next: &str, seconds_left: u32) -> CodeView {
        CodeView::Timed {
            code: code.into(),
            next: next.into(),
            seconds_left,
            period_secs: 30,
        }
    }

    #[test]
    fn the_code_given_is_the_next_one_in_the_last_seconds_and_never_an_empty_one() {
        assert_eq!(
            timed("111111", "222222", 10).to_give(),
            Some(("111111", None))
        );
        assert_eq!(
            timed("111111", "222222", COPY_NEXT_BELOW_SECS - 1).to_give(),
            Some(("222222", Some(COPY_NEXT_BELOW_SECS - 1)))
        );
        // A share's table that ends inside this step has no next code to give.
        assert_eq!(timed("111111", "", 1).to_give(), None);
        assert_eq!(CodeView::RunOut.to_give(), None);
        assert_eq!(
            CodeView::Counter(Some("333333".into())).to_give(),
            Some(("333333", None))
        );
        assert_eq!(CodeView::Counter(None).to_give(), None);
    }
}
