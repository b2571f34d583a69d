//! The list's view model, rebuilt when the accounts, the search or the folded sections change:
//! which rows show, in which section, in what order. Pure (no egui), so it is cheap to test.
//! State only: must not depend on features, the runtime or `app.rs`.

use crate::store::metadata::Account;

/// A section of the list: pinned accounts, a named group, or the ungrouped rest.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SectionKey {
    Pinned,
    Group(String),
    Other,
}

impl SectionKey {
    /// The name folding is remembered under.
    pub fn fold_key(&self) -> String {
        match self {
            SectionKey::Pinned => "\u{1}pinned".to_owned(),
            SectionKey::Group(name) => name.clone(),
            SectionKey::Other => "\u{1}other".to_owned(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Header {
        key: SectionKey,
        count: usize,
        folded: bool,
    },
    /// An index into the account list.
    Row(usize),
}

/// Whether `account` matches every word of `query` (issuer, name or group; any case; Chinese
/// also by pinyin and its initials, see [`crate::search`]).
pub fn matches(account: &Account, query: &str) -> bool {
    if query.trim().is_empty() {
        return true;
    }
    let text = format!("{} {} {}", account.issuer, account.name, account.group);
    crate::search::matches(&text, query)
}

/// The items to show. Headers appear only when there is more than one section; a search
/// unfolds everything so no match hides.
pub fn build(accounts: &[Account], query: &str, folded: &[String]) -> Vec<Item> {
    let mut sections: Vec<(SectionKey, Vec<usize>)> = Vec::new();
    for (index, account) in accounts
        .iter()
        .enumerate()
        .filter(|(_, a)| matches(a, query))
    {
        let key = if account.pinned {
            SectionKey::Pinned
        } else if account.group.trim().is_empty() {
            SectionKey::Other
        } else {
            SectionKey::Group(account.group.trim().to_owned())
        };
        match sections.iter_mut().find(|(k, _)| *k == key) {
            Some((_, rows)) => rows.push(index),
            None => sections.push((key, vec![index])),
        }
    }
    sections.sort_by_key(|(key, _)| rank(key));
    let searching = !query.trim().is_empty();
    let show_headers = sections.len() > 1;
    let mut items = Vec::new();
    for (key, rows) in sections {
        let folded = show_headers && !searching && folded.contains(&key.fold_key());
        if show_headers {
            items.push(Item::Header {
                key,
                count: rows.len(),
                folded,
            });
        }
        if !folded {
            items.extend(rows.into_iter().map(Item::Row));
        }
    }
    items
}

fn rank(key: &SectionKey) -> (u8, String) {
    match key {
        SectionKey::Pinned => (0, String::new()),
        SectionKey::Group(name) => (1, name.to_lowercase()),
        SectionKey::Other => (2, String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::otp::OtpParams;
    use crate::store::AccountId;

    fn account(issuer: &str, name: &str, group: &str, pinned: bool) -> Account {
        Account {
            id: AccountId::random(),
            issuer: issuer.into(),
            name: name.into(),
            params: OtpParams::totp_default(),
            group: group.into(),
            position: 0,
            pinned,
            created_unix_secs: 0,
            trashed_unix_secs: None,
        }
    }

    #[test]
    fn pinned_then_groups_then_the_rest_and_folding() {
        let list = [
            account("eBay", "a", "", false),
            account("Amazon", "店铺1", "EU", false),
            account("GitHub", "me", "", true),
            account("Amazon", "shop2", "EU", false),
        ];
        let items = build(&list, "", &[]);
        assert_eq!(
            items[0],
            Item::Header {
                key: SectionKey::Pinned,
                count: 1,
                folded: false
            }
        );
        assert_eq!(items[1], Item::Row(2));
        assert_eq!(
            items[2],
            Item::Header {
                key: SectionKey::Group("EU".into()),
                count: 2,
                folded: false
            }
        );
        assert_eq!(&items[3..5], &[Item::Row(1), Item::Row(3)]);
        assert_eq!(items.last(), Some(&Item::Row(0)));
        let folded = build(&list, "", &["EU".into()]);
        assert_eq!(folded.len(), items.len() - 2);
        assert_eq!(build(&list, "店铺", &["EU".into()]), vec![Item::Row(1)]);
        assert_eq!(build(&list, "amazon EU shop", &[]), vec![Item::Row(3)]);
    }
}
