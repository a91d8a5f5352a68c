//! The setup checklist of Intercom's account sync, as far as the two
//! exports tell it: companies with a `company_id`, an Account field that
//! holds it, recent activity on both sides (the sync links records only
//! when they are created or updated), and person accounts (which never
//! sync). Each check says what it read and, when it fails, what to do.

use serde::Serialize;

use super::field::Suggestion;
use super::inputs::{AccountsSummary, CompaniesSummary};
use crate::figures::{percent, thousands};
use crate::rank::rate;
use crate::values::activity::Activity;

/// Activity this many days old, or newer, is recent.
pub const RECENT_DAYS: i64 = 30;

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// As the sync needs it.
    Pass,
    /// Works in part; what is left needs doing.
    Warn,
    /// The sync cannot work until it is done.
    Fail,
    /// The exports do not say.
    Unknown,
}

impl Outcome {
    /// Its mark in text.
    pub fn mark(self) -> &'static str {
        match self {
            Outcome::Pass => "✓",
            Outcome::Warn => "!",
            Outcome::Fail => "✗",
            Outcome::Unknown => "?",
        }
    }
}

/// What is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckId {
    /// Companies exist, and most have a `company_id`.
    Companies,
    /// An Account field holds `company_id`: the identity mappings.
    CompanyId,
    /// Companies were created or updated recently in Intercom.
    CompanyActivity,
    /// Accounts were created or updated recently in Salesforce.
    AccountActivity,
    /// How many accounts are person accounts, which never sync.
    PersonAccounts,
}

impl CheckId {
    /// Its title in text.
    pub fn title(self) -> &'static str {
        match self {
            CheckId::Companies => "Companies with a company_id",
            CheckId::CompanyId => "An Account field holds company_id",
            CheckId::CompanyActivity => "Recent company activity in Intercom",
            CheckId::AccountActivity => "Recent account activity in Salesforce",
            CheckId::PersonAccounts => "Business accounts, not person accounts",
        }
    }
}

/// One check of the setup checklist.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// What is checked.
    pub check: CheckId,
    /// How it came out.
    pub outcome: Outcome,
    /// What was found, in words.
    pub detail: String,
    /// The column it read, if one.
    pub column: Option<String>,
    /// What to do, when it is not a pass.
    pub remedy: Option<String>,
}

/// What the checks are made from.
pub(crate) struct Inputs<'a> {
    pub companies: &'a CompaniesSummary,
    pub accounts: &'a AccountsSummary,
    pub suggestion: Option<&'a Suggestion>,
    /// Whether the accounts export has the account ids an update file needs.
    pub accounts_have_ids: bool,
    /// The newest date of each activity column of each export.
    pub company_activity: &'a [Activity],
    pub account_activity: &'a [Activity],
    /// Person accounts, when the export has the column.
    pub person_accounts: Option<u64>,
    /// The moment the checks are for, in seconds since 1970.
    pub as_of: i64,
}

/// The checklist, in the order of Intercom's setup page.
pub(crate) fn collect(i: &Inputs) -> Vec<Check> {
    vec![
        companies(i.companies),
        company_id(i.suggestion, i.accounts_have_ids),
        activity(
            CheckId::CompanyActivity,
            i.company_activity,
            i.as_of,
            "Company last seen, Last updated or Company created at",
            "the sync links a company only when it is created or updated in Intercom: once the field is mapped, update the companies (any attribute will do), for example by an API or CSV import",
        ),
        activity(
            CheckId::AccountActivity,
            i.account_activity,
            i.as_of,
            "LastModifiedDate, SystemModstamp or CreatedDate",
            "the sync links an existing account only when it is updated in Salesforce: once the field is mapped, load the update file (--emit-update), or update the accounts with Data Loader",
        ),
        persons(i.person_accounts, i.accounts.rows),
    ]
}

fn companies(c: &CompaniesSummary) -> Check {
    let with = c.rows - c.blank_ids;
    let detail = format!(
        "{} of {} companies have one",
        thousands(with),
        thousands(c.rows)
    );
    let (outcome, remedy) = if rate(with, c.rows) >= 0.5 {
        (Outcome::Pass, None)
    } else {
        (
            Outcome::Fail,
            Some("set company_id on the companies in Intercom (by the API or a CSV import); it cannot be changed once set, so choose the value an Account field holds".to_string()),
        )
    };
    Check {
        check: CheckId::Companies,
        outcome,
        detail,
        column: Some(c.id_column.clone()),
        remedy,
    }
}

fn company_id(s: Option<&Suggestion>, accounts_have_ids: bool) -> Check {
    let (outcome, detail, remedy) = match s {
        Some(s) if s.works_as_is => (
            Outcome::Pass,
            format!(
                "`{}` holds {} of the sampled ids byte for byte",
                s.field,
                percent(s.exact_rate)
            ),
            None,
        ),
        Some(s) => (
            Outcome::Warn,
            format!(
                "`{}` holds {} of the sampled ids, but only {} byte for byte",
                s.field,
                percent(s.match_rate),
                percent(s.exact_rate)
            ),
            Some(format!(
                "{}; --emit-update FILE writes the file that does it{}",
                s.fix
                    .as_ref()
                    .map_or("clean the values".to_string(), |f| f.description.clone()),
                with_ids(accounts_have_ids)
            )),
        ),
        None => (
            Outcome::Fail,
            "no Account field holds company_id".to_string(),
            Some(
                "see why above; write company_id into a field of its own (e.g. Intercom_Company_ID__c) and map that"
                    .to_string(),
            ),
        ),
    };
    Check {
        check: CheckId::CompanyId,
        outcome,
        detail,
        column: s.map(|s| s.field.clone()),
        remedy,
    }
}

/// The newest date of the activity columns, and whether it is recent.
fn activity(
    check: CheckId,
    columns: &[Activity],
    as_of: i64,
    looked_for: &str,
    remedy: &str,
) -> Check {
    let newest = columns
        .iter()
        .filter_map(|a| a.newest.map(|n| (n, &a.column)))
        .max_by_key(|(n, _)| n.seconds);
    let Some((newest, column)) = newest else {
        return unread(check, columns, looked_for);
    };
    let days = (as_of - newest.seconds).div_euclid(86_400);
    let recent = days <= RECENT_DAYS;
    let (date, on) = (day(newest.seconds), day(as_of));
    Check {
        check,
        outcome: if recent { Outcome::Pass } else { Outcome::Fail },
        detail: match days {
            d if d < 0 => format!("the newest is {date}, after {on}"),
            0 => format!("the newest is {date}, the day of {on}"),
            1 => format!("the newest is {date}, a day before {on}"),
            d => format!(
                "the newest is {date}, {} days before {on}",
                thousands(d as u64)
            ),
        },
        column: Some(column.clone()),
        remedy: (!recent).then(|| remedy.to_string()),
    }
}

/// The check of activity columns none of which gave a newest date: the
/// export has none, or has them blank, or with values that are not dates
/// in a shape this tool reads (`13 Sep 2021`, the month as a word).
fn unread(check: CheckId, columns: &[Activity], looked_for: &str) -> Check {
    // The column with the most values says most of why.
    let Some(column) = columns.iter().rev().max_by_key(|a| a.values) else {
        return Check {
            check,
            outcome: Outcome::Unknown,
            detail: format!("not in this export (looked for {looked_for})"),
            column: None,
            remedy: None,
        };
    };
    let detail = if column.values == 0 {
        "every value is blank".to_string()
    } else if column.dates * 2 < column.values {
        format!(
            "only {} of {} values are dates in a shape this tool reads",
            thousands(column.dates),
            thousands(column.values),
        )
    } else {
        "its newest values are in a shape this tool does not read".to_string()
    };
    Check {
        check,
        outcome: Outcome::Unknown,
        detail,
        column: Some(column.column.clone()),
        remedy: (column.values > 0).then(|| UNREAD_DATES.to_string()),
    }
}

/// What an offer of the update file adds when the accounts export lacks the
/// account ids it is keyed by, as a report without `Account ID` does.
pub fn with_ids(accounts_have_ids: bool) -> &'static str {
    if accounts_have_ids {
        ""
    } else {
        ", once the accounts export has the Id column or a report's `Account ID`"
    }
}

/// What to do about dates this tool does not read.
const UNREAD_DATES: &str = "export the dates as Intercom and Salesforce write them (9/13/21 23:34, or 2026-09-02T22:07:23.000Z as Data Loader writes them), not as a spreadsheet formats them (13-Sep-21)";

/// The UTC date of a moment, as `2026-09-02`.
pub fn day(seconds: i64) -> String {
    chrono::DateTime::from_timestamp(seconds, 0)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

fn persons(person: Option<u64>, rows: u64) -> Check {
    let (outcome, detail, remedy) = match person {
        None => (
            Outcome::Unknown,
            "not in this export (looked for IsPersonAccount)".to_string(),
            None,
        ),
        Some(0) => (
            Outcome::Pass,
            format!(
                "none of the {} accounts is a person account",
                thousands(rows)
            ),
            None,
        ),
        Some(n) => (
            Outcome::Warn,
            if n == 1 {
                format!("1 of {} accounts is a person account", thousands(rows))
            } else {
                format!(
                    "{} of {} accounts are person accounts",
                    thousands(n),
                    thousands(rows)
                )
            },
            Some(
                "person accounts never sync: link those customers through business accounts"
                    .to_string(),
            ),
        ),
    };
    Check {
        check: CheckId::PersonAccounts,
        outcome,
        detail,
        column: person.map(|_| "IsPersonAccount".to_string()),
        remedy,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_person_account_is_written_as_one() {
        assert_eq!(
            persons(Some(1), 60).detail,
            "1 of 60 accounts is a person account"
        );
        assert_eq!(
            persons(Some(2), 60).detail,
            "2 of 60 accounts are person accounts"
        );
    }
}
