//! What a person could use, and what they did use: the accounts to re-enrol when they leave.
//!
//! Pure: built from what the desk knows of the person (their role, their shares), the
//! accounts, and the audit log's records. An admin could read every key; a member the codes
//! of their shares (or the key of an HOTP share); the log adds what they copied, typed (the
//! quick pick), revealed or exported, and shares that ended before now.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::grants::Access;
use crate::store::AccountId;
use crate::store::audit_log::{AuditAction, AuditRecord, Via};
use crate::store::metadata::Account;

/// What the desk knows of a person now (or knew when they were removed).
#[derive(Debug, Clone)]
pub struct Person<'a> {
    pub name: &'a str,
    pub was_admin: bool,
    /// Their shares: account, until, what it gives.
    pub shares: Vec<(AccountId, Option<u64>, Access)>,
}

/// One account a person could use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exposure {
    pub account: AccountId,
    pub issuer: String,
    pub name: String,
    /// `key`: they could read the key itself; `codes`: only codes (a share).
    pub access: ExposureAccess,
    /// The shares' spans, as `[from, until]` (unix seconds; `until` absent: open-ended).
    pub shared: Vec<Span>,
    /// What they did with it, oldest first.
    pub used: Vec<Use>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExposureAccess {
    Key,
    Codes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub from: Option<u64>,
    pub until: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Use {
    pub at: u64,
    pub action: AuditAction,
    pub via: Via,
}

impl Exposure {
    pub fn label(&self) -> String {
        crate::otp::display_label(&self.issuer, &self.name)
    }

    /// How urgent re-enrolling is: a readable key first, then codes that were used, then
    /// codes merely shared.
    pub fn rank(&self) -> u8 {
        match (self.access, self.used.is_empty()) {
            (ExposureAccess::Key, _) => 0,
            (ExposureAccess::Codes, false) => 1,
            (ExposureAccess::Codes, true) => 2,
        }
    }
}

/// Actions that put a code or a key in someone's hands.
fn is_use(action: AuditAction) -> bool {
    matches!(
        action,
        AuditAction::Copy | AuditAction::Typed | AuditAction::Reveal | AuditAction::Export
    )
}

/// The person a share record's detail names ("with NAME" or "with NAME until TIME").
fn shared_with(detail: &str) -> Option<&str> {
    let rest = detail.strip_prefix("with ")?;
    Some(rest.split_once(" until ").map_or(rest, |(name, _)| name))
}

/// The line of `account`, made with `access` or raised to it.
fn line<'m>(
    lines: &'m mut BTreeMap<AccountId, Exposure>,
    account: &Account,
    access: ExposureAccess,
) -> &'m mut Exposure {
    let entry = lines.entry(account.id.clone()).or_insert_with(|| Exposure {
        account: account.id.clone(),
        issuer: account.issuer.clone(),
        name: account.name.clone(),
        access,
        shared: Vec::new(),
        used: Vec::new(),
    });
    entry.access = entry.access.min(access);
    entry
}

/// What a share of `account` gives: codes, or the key of an HOTP account.
fn share_access(account: &Account) -> ExposureAccess {
    match account.params.kind() {
        crate::otp::OtpKind::Hotp { .. } => ExposureAccess::Key,
        _ => ExposureAccess::Codes,
    }
}

/// What each log line meant when it was written: whether its person was `person` (and the name
/// they had then) and which account its label named. A person or an account renamed since
/// still counts under the names they had: walking the lines from the newest back, a rename
/// ("old → new", the person's own line or an account's edit) hands the newer name's meaning to
/// the older one, before the line itself is read (it was written under the old name).
fn names_then<'a>(
    person: &str,
    accounts: &'a [Account],
    records: &[AuditRecord],
) -> Vec<(String, Option<&'a Account>)> {
    let mut name = person.to_owned();
    let mut by_label: BTreeMap<String, &Account> =
        accounts.iter().map(|a| (a.label(), a)).collect();
    let mut then = Vec::with_capacity(records.len());
    for record in records.iter().rev() {
        let detail = record.detail.as_deref().unwrap_or_default();
        match record.action {
            AuditAction::PersonRenamed => {
                if let Some(old) = detail.strip_suffix(&format!(" → {name}")) {
                    name = old.to_owned();
                }
            }
            AuditAction::Edit => {
                if let Some(old) = record.account.as_deref()
                    && let Some(new) = detail.strip_prefix(&format!("{old} → "))
                    && let Some(account) = by_label.remove(new)
                {
                    by_label.insert(old.to_owned(), account);
                }
            }
            _ => {}
        }
        let account = record.account.as_deref().and_then(|l| by_label.get(l));
        then.push((name.clone(), account.copied()));
    }
    then.reverse();
    then
}

/// Every account `person` could use, most exposed first (see [`Exposure::rank`]).
pub fn exposure(person: &Person, accounts: &[Account], records: &[AuditRecord]) -> Vec<Exposure> {
    let mut lines: BTreeMap<AccountId, Exposure> = BTreeMap::new();
    if person.was_admin {
        for account in accounts {
            line(&mut lines, account, ExposureAccess::Key);
        }
    }
    for (id, until, access) in &person.shares {
        if let Some(account) = accounts.iter().find(|a| &a.id == id) {
            let access = match access {
                Access::Key => ExposureAccess::Key,
                Access::Codes => ExposureAccess::Codes,
            };
            line(&mut lines, account, access).shared.push(Span {
                from: None,
                until: *until,
            });
        }
    }
    let then = names_then(person.name, accounts, records);
    for (record, (name, account)) in records.iter().zip(then) {
        // An export of everything: every key they could read left with it.
        if record.account.is_none() && record.action == AuditAction::Export && record.person == name
        {
            for exposure in lines.values_mut() {
                exposure.used.push(Use {
                    at: record.time,
                    action: record.action,
                    via: record.via,
                });
            }
        }
        let Some(account) = account else {
            continue;
        };
        if record.action == AuditAction::Share
            && record.detail.as_deref().and_then(shared_with) == Some(name.as_str())
        {
            line(&mut lines, account, share_access(account))
                .shared
                .push(Span {
                    from: Some(record.time),
                    until: None,
                });
        } else if record.person == name && is_use(record.action) {
            // A copied or typed code is a code; a reveal or an export is the key.
            let access = if matches!(record.action, AuditAction::Copy | AuditAction::Typed) {
                share_access(account)
            } else {
                ExposureAccess::Key
            };
            line(&mut lines, account, access).used.push(Use {
                at: record.time,
                action: record.action,
                via: record.via,
            });
        }
    }
    let mut out: Vec<Exposure> = lines.into_values().collect();
    out.sort_by_key(|e| (e.rank(), e.label().to_lowercase()));
    out
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::otp::OtpParams;

    /// A TOTP account's metadata, for the desk's tests.
    pub(in crate::desk) fn account(id: &str, issuer: &str, name: &str) -> Account {
        Account {
            id: AccountId::from(id),
            issuer: issuer.into(),
            name: name.into(),
            params: OtpParams::totp_default(),
            group: String::new(),
            position: 0,
            pinned: false,
            created_unix_secs: 0,
            trashed_unix_secs: None,
        }
    }

    /// A log line (its seq is its time), for the desk's tests.
    pub(in crate::desk) fn record(
        time: u64,
        person: &str,
        account: Option<&str>,
        action: AuditAction,
    ) -> AuditRecord {
        AuditRecord {
            seq: time,
            time,
            person: person.into(),
            account: account.map(str::to_owned),
            action,
            via: Via::Window,
            detail: None,
            count: None,
            dropped_through: None,
            prev: String::new(),
            hash: String::new(),
        }
    }

    #[test]
    fn a_member_with_two_shares_who_copied_one_twice() {
        let accounts = [
            account("a", "Amazon", "DE"),
            account("b", "Amazon", "UK"),
            account("c", "eBay", "shop"),
        ];
        let mut share = record(10, "Li Na", Some("Amazon (UK)"), AuditAction::Share);
        share.detail = Some("with 张伟 until 18:00".into());
        let records = [
            share,
            record(20, "张伟", Some("Amazon (DE)"), AuditAction::Copy),
            record(30, "张伟", Some("Amazon (DE)"), AuditAction::Copy),
            record(40, "王芳", Some("eBay (shop)"), AuditAction::Copy),
        ];
        let person = Person {
            name: "张伟",
            was_admin: false,
            shares: vec![(AccountId::from("a"), None, Access::Codes)],
        };
        let lines = exposure(&person, &accounts, &records);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert_eq!(lines[0].label(), "Amazon (DE)");
        assert_eq!(lines[0].access, ExposureAccess::Codes);
        assert_eq!(lines[0].used.len(), 2);
        assert_eq!(lines[0].rank(), 1);
        assert_eq!(lines[1].label(), "Amazon (UK)");
        assert!(lines[1].used.is_empty());
        assert_eq!(lines[1].shared[0].from, Some(10));
        assert_eq!(lines[1].rank(), 2);
    }

    #[test]
    fn a_person_and_an_account_renamed_since_still_count_under_their_old_names() {
        // 张伟 copied "Amazon (DE)" as 小张, whose share had ended; then the account became
        // "Amazon (Germany)" and 小张 became 张伟. A new "Amazon (DE)" has nothing to do with it.
        let accounts = [
            account("a", "Amazon", "Germany"),
            account("n", "Amazon", "DE"),
        ];
        let mut share = record(10, "Li Na", Some("Amazon (DE)"), AuditAction::Share);
        share.detail = Some("with 小张".into());
        let mut edit = record(30, "Li Na", Some("Amazon (DE)"), AuditAction::Edit);
        edit.detail = Some("Amazon (DE) → Amazon (Germany)".into());
        let mut renamed = record(40, "Li Na", None, AuditAction::PersonRenamed);
        renamed.detail = Some("小张 → 张伟".into());
        let records = [
            share,
            record(20, "小张", Some("Amazon (DE)"), AuditAction::Copy),
            edit,
            renamed,
            record(50, "张伟", Some("Amazon (Germany)"), AuditAction::Copy),
            record(60, "小张", Some("Amazon (DE)"), AuditAction::Copy),
        ];
        let person = Person {
            name: "张伟",
            was_admin: false,
            shares: Vec::new(),
        };
        let lines = exposure(&person, &accounts, &records);
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert_eq!(lines[0].account, AccountId::from("a"));
        assert_eq!(lines[0].shared[0].from, Some(10));
        let times: Vec<u64> = lines[0].used.iter().map(|u| u.at).collect();
        assert_eq!(
            times,
            [20, 50],
            "the 小张 of after the rename is someone else"
        );
    }

    #[test]
    fn an_admin_could_read_every_key_and_an_export_counts_for_each() {
        let accounts = [account("a", "Amazon", "DE"), account("b", "eBay", "")];
        let records = [
            record(5, "Li Na", None, AuditAction::Export),
            record(6, "Li Na", Some("eBay"), AuditAction::Reveal),
        ];
        let person = Person {
            name: "Li Na",
            was_admin: true,
            shares: Vec::new(),
        };
        let lines = exposure(&person, &accounts, &records);
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|l| l.access == ExposureAccess::Key));
        let ebay = lines.iter().find(|l| l.issuer == "eBay").unwrap();
        assert_eq!(ebay.used.len(), 2);
        let json = serde_json::to_value(&lines[0]).unwrap();
        assert_eq!(json["access"], "key");
    }
}
