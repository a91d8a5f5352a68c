//! The update file: one row per account whose field must be set to a
//! company's `company_id` for the sync to link them, as Data Loader's
//! Update and `sf data upsert bulk` read it (`Id`, then the field's API
//! name).
//!
//! Only sure links go in: one company on one account, equal exactly or
//! after a named fix, or through a bridge value held by that account alone.
//! Never a similar-only or ambiguous link, never an account that already
//! holds the id, never two companies onto one account or one company onto
//! two. Intercom's `company_id` cannot change, so the fix is always made on
//! the Salesforce side, and the update is also the account activity the sync
//! needs before it links them.

use std::io::Write;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use super::links::Account;
use super::list::{Row, Status, WorkList};
use super::plan::Via;

/// The accounts to set, and what is left for a person.
#[derive(Debug, Clone)]
pub struct Update {
    /// The field set, as the file's header names it.
    pub field: String,
    /// Whether the field does not exist yet and must be created first.
    pub new_field: bool,
    /// (account `Id`, `company_id`), in the order of the companies export.
    pub rows: Vec<(Box<str>, Box<str>)>,
    /// Figures for the report.
    pub counts: Counts,
}

/// What an update does and leaves, counted in distinct company ids (blank
/// ids in company rows).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Companies whose account already holds the id in the field.
    pub already_linked: u64,
    /// Companies the file links: one per account it updates.
    pub updated: u64,
    /// Accounts whose non-empty value in the field the file replaces.
    pub replaced: u64,
    /// Companies left out because another company claims the same account
    /// (or one company two accounts).
    pub conflicts: u64,
    /// Companies on several accounts: a person picks one.
    pub ambiguous: u64,
    /// Companies only similar to an account: a person checks.
    pub similar: u64,
    /// Companies on no account.
    pub unmatched: u64,
    /// Company rows without a company_id, which never sync.
    pub blank_id: u64,
}

/// What `--emit-update` wrote, for the report.
#[derive(Debug, Clone, Serialize)]
pub struct UpdateSummary {
    /// Where it was written.
    pub path: String,
    /// The Account field it sets (its API name).
    pub field: String,
    /// True when the field does not exist yet: create it (a custom text
    /// field, Unique and External ID) before loading the file.
    pub new_field: bool,
    /// The companies column the links were made by.
    pub via: String,
    /// True when the links were made by company name: check every row
    /// before loading the file.
    pub review: bool,
    /// Accounts the file updates (its rows).
    pub accounts: u64,
    /// Companies that link once it is loaded: those already linked and
    /// those it updates.
    pub companies_linked: u64,
    /// What it does and leaves, company by company.
    #[serde(flatten)]
    pub counts: Counts,
}

impl Update {
    /// The update that `list` calls for.
    pub fn new(list: &WorkList) -> Update {
        // The tables are sized once: with every company of a large export,
        // growing them step by step was most of the time they took.
        let n = list.rows.len();
        let mut ids: FxHashSet<&str> = FxHashSet::with_capacity_and_hasher(n, Default::default());
        ids.extend(
            list.rows
                .iter()
                .map(|r| &*r.company_id)
                .filter(|id| !id.is_empty()),
        );
        let mut counts = Counts::default();
        let mut seen: FxHashSet<&str> = FxHashSet::with_capacity_and_hasher(n, Default::default());
        // Who claims what: account -> companies, company -> accounts, for
        // the links of today and those the file would make.
        let mut by_account: FxHashMap<&str, u32> =
            FxHashMap::with_capacity_and_hasher(n, Default::default());
        let mut by_company: FxHashMap<&str, Claims> =
            FxHashMap::with_capacity_and_hasher(n, Default::default());
        let mut writes: Vec<(&Row, &str)> = Vec::new();
        for row in &list.rows {
            let id = &*row.company_id;
            if row.status == Status::BlankId {
                counts.blank_id += 1;
                continue;
            }
            let first = seen.insert(id);
            let account = row.account.as_deref();
            match (row.status, account) {
                (Status::Linked | Status::NeedsFix, Some(account)) => {
                    let accounts = by_company.entry(id).or_default();
                    if accounts.contains(account) {
                        continue;
                    }
                    accounts.push(account);
                    *by_account.entry(account).or_default() += 1;
                    if row.status == Status::Linked {
                        counts.already_linked += 1;
                    } else {
                        writes.push((row, account));
                    }
                }
                (Status::Ambiguous, _) if first => counts.ambiguous += 1,
                (Status::Similar, _) if first => counts.similar += 1,
                (Status::Unmatched, _) if first => counts.unmatched += 1,
                _ => {}
            }
        }
        let mut rows = Vec::new();
        let mut clashed: FxHashSet<&str> = FxHashSet::default();
        for (row, account) in writes {
            let id = &*row.company_id;
            let current = row
                .link
                .as_ref()
                .and_then(|l| current_value(list, l.chosen()));
            // Another company of the export owns the account there, or
            // another account holds the id there already: writing it would
            // take an account from a company, or put one on two accounts.
            let taken = current.is_some_and(|v| v != id && ids.contains(v));
            let elsewhere = list
                .holders
                .get(id)
                .is_some_and(|holders| holders.iter().any(|a| a != account));
            let clash = by_account[account] > 1 || by_company[id].several() || taken || elsewhere;
            if clash {
                if clashed.insert(id) {
                    counts.conflicts += 1;
                }
                continue;
            }
            if current.is_some_and(|v| !v.is_empty()) {
                counts.replaced += 1;
            }
            counts.updated += 1;
            rows.push((account.into(), id.into()));
        }
        Update {
            field: list.plan.target.name.clone(),
            new_field: list.plan.target.column.is_none(),
            rows,
            counts,
        }
    }

    /// The counts the report shows, for the file written to `path`.
    pub fn summary(&self, path: &str, list: &WorkList) -> UpdateSummary {
        UpdateSummary {
            path: path.to_string(),
            field: self.field.clone(),
            new_field: self.new_field,
            via: list.via().to_string(),
            review: matches!(list.plan.via, Via::Bridge { by_name: true, .. }),
            accounts: self.rows.len() as u64,
            companies_linked: self.counts.already_linked + self.counts.updated,
            counts: self.counts.clone(),
        }
    }

    /// Writes the file: `Id` and the field, every value exactly as the
    /// exports hold it (no spreadsheet escaping: Data Loader must get the
    /// very bytes the sync compares).
    pub fn write_csv(&self, out: impl Write) -> csv::Result<()> {
        let mut csv = csv::Writer::from_writer(out);
        csv.write_record(["Id", self.field.as_str()])?;
        for (account, id) in &self.rows {
            csv.write_record([&**account, &**id])?;
        }
        csv.flush()?;
        Ok(())
    }
}

/// The account's value in the update's field today: its link value when
/// that is the field, its target value when the field is another that
/// exists, nothing for a new field.
fn current_value<'a>(list: &WorkList, account: &'a Account) -> Option<&'a str> {
    let target = list.plan.target.column?;
    if target == list.plan.column {
        Some(&account.value)
    } else {
        account.target.as_deref()
    }
}

/// The accounts one company claims: most claim one, kept without a
/// list, since a work list holds a million companies.
#[derive(Default)]
enum Claims<'a> {
    #[default]
    None,
    One(&'a str),
    Several(Vec<&'a str>),
}

impl<'a> Claims<'a> {
    fn contains(&self, account: &str) -> bool {
        match self {
            Claims::None => false,
            Claims::One(a) => *a == account,
            Claims::Several(accounts) => accounts.contains(&account),
        }
    }

    fn push(&mut self, account: &'a str) {
        *self = match std::mem::take(self) {
            Claims::None => Claims::One(account),
            Claims::One(a) => Claims::Several(vec![a, account]),
            Claims::Several(mut accounts) => {
                accounts.push(account);
                Claims::Several(accounts)
            }
        };
    }

    fn several(&self) -> bool {
        matches!(self, Claims::Several(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::worklist::fixtures::{account, bridged, row};

    #[test]
    fn claims_tell_one_account_from_several() {
        let mut claims = Claims::default();
        assert!(!claims.contains("001A") && !claims.several());
        claims.push("001A");
        assert!(claims.contains("001A") && !claims.contains("001B") && !claims.several());
        claims.push("001B");
        assert!(claims.contains("001A") && claims.contains("001B") && claims.several());
        claims.push("001C");
        assert!(claims.contains("001C") && !claims.contains("001D") && claims.several());
    }

    #[test]
    fn two_companies_on_one_account_are_left_for_a_person() {
        // A shared phone: both companies find the same account.
        let a = account("001A", "555-0100", None);
        let list = bridged(vec![
            row("c1", "555/0100", Status::NeedsFix, Some(a.clone())),
            row("c2", "555/0100", Status::NeedsFix, Some(a)),
            row(
                "c3",
                "555/0199",
                Status::NeedsFix,
                Some(account("001B", "555-0199", None)),
            ),
        ]);
        let u = Update::new(&list);
        assert_eq!(u.rows, [("001B".into(), "c3".into())]);
        assert_eq!((u.counts.conflicts, u.counts.updated), (2, 1));
    }

    #[test]
    fn one_company_on_two_accounts_is_left_for_a_person() {
        // The company is on two rows of the export, with two phones.
        let list = bridged(vec![
            row(
                "c1",
                "555/0100",
                Status::NeedsFix,
                Some(account("001A", "555-0100", None)),
            ),
            row(
                "c1",
                "555/0101",
                Status::NeedsFix,
                Some(account("001B", "555-0101", None)),
            ),
            row("c2", "", Status::BlankId, None),
        ]);
        let u = Update::new(&list);
        assert!(u.rows.is_empty());
        assert_eq!((u.counts.conflicts, u.counts.blank_id), (1, 1));
    }

    #[test]
    fn an_id_another_account_holds_in_the_field_is_not_written_again() {
        let mut list = bridged(vec![row(
            "c1",
            "555/0100",
            Status::NeedsFix,
            Some(account("001A", "555-0100", Some(""))),
        )]);
        list.plan.target.column = Some(3);
        list.holders.insert("c1".into(), vec!["001Z".into()]);
        let u = Update::new(&list);
        assert!(u.rows.is_empty());
        assert_eq!(u.counts.conflicts, 1);
        // Without the holder, it is written, and the file says so.
        list.holders.clear();
        let u = Update::new(&list);
        assert_eq!(u.rows.len(), 1);
        let mut out = Vec::new();
        u.write_csv(&mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "Id,Intercom_Company_ID__c\n001A,c1\n"
        );
    }

    #[test]
    fn values_are_written_exactly_as_the_exports_hold_them() {
        let list = bridged(vec![row(
            "=cmd|' /C calc'!A0",
            "k",
            Status::NeedsFix,
            Some(account("001A", "k", None)),
        )]);
        let mut out = Vec::new();
        Update::new(&list).write_csv(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.ends_with("001A,=cmd|' /C calc'!A0\n"), "{text}");
    }
}
