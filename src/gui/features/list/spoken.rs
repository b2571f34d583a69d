//! What a screen reader says for an account: one sentence for the list's row and the quick
//! pick's row alike, e.g. "Shopify, store7, code 448 499, 18 seconds left". It names the code
//! a click (or Enter) gives, from [`CodeView::to_give`], so in a period's last seconds it says
//! "next code" and when the current one ends; rows without a code say why.
//! Text only: no drawing, no state; must not depend on `app.rs`.

use crate::gui::model::mirror::CodeView;
use crate::gui::support::i18n::{Arg, Tr};
use crate::otp::group_for_reading;
use crate::store::metadata::Account;

/// The sentence for `account` showing `code`, in the window's language.
pub fn spoken(account: &Account, code: &CodeView, tr: &Tr) -> String {
    let who = who(account, tr);
    let who = Arg::Text(&who);
    let given = code.to_give();
    match (code, given) {
        (CodeView::Timed { seconds_left, .. }, Some((given, next))) => {
            let key = if next.is_some() {
                "row-spoken-next"
            } else {
                "row-spoken"
            };
            let seconds = Arg::Number(i64::from(*seconds_left));
            let code = group_for_reading(given);
            tr.with(
                key,
                &[
                    ("who", who),
                    ("code", Arg::Text(&code)),
                    ("seconds", seconds),
                ],
            )
        }
        (_, Some((given, _))) => {
            let code = group_for_reading(given);
            tr.with(
                "row-spoken-counter",
                &[("who", who), ("code", Arg::Text(&code))],
            )
        }
        (_, None) => {
            let state = tr.get(match code {
                CodeView::Loading => "code-loading",
                CodeView::Missing => "code-missing",
                CodeView::Unavailable => "code-unavailable",
                CodeView::Counter(_) => "row-spoken-no-counter",
                // A share's table that ends inside this step says so as one that ran out.
                CodeView::RunOut | CodeView::Timed { .. } => "code-run-out",
            });
            tr.with(
                "row-spoken-state",
                &[("who", who), ("state", Arg::Text(&state))],
            )
        }
    }
}

/// "Shopify, store7"; either alone when the other is empty.
pub fn who(account: &Account, tr: &Tr) -> String {
    match (account.issuer.trim(), account.name.trim()) {
        (issuer, "") => issuer.to_owned(),
        ("", name) => name.to_owned(),
        (issuer, name) => tr.with(
            "row-spoken-who",
            &[("issuer", Arg::Text(issuer)), ("name", Arg::Text(name))],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gui::support::i18n::Language;
    use crate::otp::{Algorithm, Digits, OtpKind, OtpParams};
    use crate::store::AccountId;

    fn shopify() -> Account {
        let kind = OtpKind::Totp { period_secs: 30 };
        let params = OtpParams::new(kind, Algorithm::Sha1, Digits::new(6).unwrap()).unwrap();
        Account {
            id: AccountId::random(),
            issuer: "Shopify".into(),
            name: "store7".into(),
            params,
            group: String::new(),
            position: 0,
            pinned: false,
            created_unix_secs: 0,
            trashed_unix_secs: None,
        }
    }

    fn timed(seconds_left: u32) -> CodeView {
        CodeView::Timed {
            code: "448499".into(),
            next: "120034".into(),
            seconds_left,
            period_secs: 30,
        }
    }

    #[test]
    fn a_row_says_the_code_a_click_gives_and_the_seconds_in_both_languages() {
        let (en, zh) = (
            Tr::new(Language::English),
            Tr::new(Language::SimplifiedChinese),
        );
        let a = shopify();
        assert_eq!(
            spoken(&a, &timed(18), &en),
            "Shopify, store7, code 448 499, 18 seconds left"
        );
        assert_eq!(
            spoken(&a, &timed(18), &zh),
            "Shopify，store7，验证码 448 499，剩余 18 秒"
        );
        // In the last seconds a click gives the next code: say so.
        assert_eq!(
            spoken(&a, &timed(1), &en),
            "Shopify, store7, next code 120 034, the current one ends in 1 second"
        );
        assert_eq!(
            spoken(&a, &timed(2), &zh),
            "Shopify，store7，下一个验证码 120 034，当前验证码 2 秒后过期"
        );
    }

    #[test]
    fn rows_without_a_code_say_why() {
        let en = Tr::new(Language::English);
        let mut a = shopify();
        assert_eq!(
            spoken(&a, &CodeView::Counter(Some("00112233".into())), &en),
            "Shopify, store7, code 0011 2233"
        );
        assert_eq!(
            spoken(&a, &CodeView::Counter(None), &en),
            "Shopify, store7, no code yet, press Next code"
        );
        assert_eq!(
            spoken(&a, &CodeView::RunOut, &en),
            format!("Shopify, store7, {}", en.get("code-run-out"))
        );
        a.name.clear();
        assert_eq!(
            spoken(&a, &CodeView::Missing, &en),
            format!("Shopify, {}", en.get("code-missing"))
        );
    }
}
