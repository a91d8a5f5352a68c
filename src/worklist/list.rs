//! The work list itself: every company row, its status and its account,
//! and how it is written.

use std::io::Write;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use super::links::{self, Account, Link};
use super::plan::{Plan, Via};
use crate::config::Config;
use crate::error::Result;
use crate::escape::spreadsheet_safe;
use crate::matching::{Kind, Options};
use crate::read::export::Role;
use crate::values::activity::Activity;

/// What the sync will do with a company today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Its id equals the field byte for byte on exactly one account.
    Linked,
    /// Its id equals the field on one account only after a named fix.
    NeedsFix,
    /// Only a similar value: a person must decide.
    Similar,
    /// Several accounts hold it (equal, or equal after a fix); Intercom
    /// links the most recently updated.
    Ambiguous,
    /// No account holds it.
    Unmatched,
    /// The company has no company_id, and the sync leaves it out.
    BlankId,
}

impl Status {
    /// The name the work list and the report give it.
    pub fn name(self) -> &'static str {
        match self {
            Status::Linked => "linked",
            Status::NeedsFix => "needs_fix",
            Status::Similar => "similar",
            Status::Ambiguous => "ambiguous",
            Status::Unmatched => "unmatched",
            Status::BlankId => "blank_id",
        }
    }

    /// What the sync does with company `id`, mapped to the target field,
    /// and the account that says so: `held` lists the accounts whose
    /// target field holds the id today (when the target is another field
    /// than the link's), and `link` is what the link found. Through the
    /// link field itself (`same_field`), an exact link is the sync's own.
    fn of(
        id: &str,
        link: Option<&Link>,
        held: Option<&[String]>,
        same_field: bool,
    ) -> (Status, Option<String>) {
        if id.trim().is_empty() {
            return (Status::BlankId, None);
        }
        match held {
            Some([account]) => return (Status::Linked, Some(account.clone())),
            Some([first, ..]) => return (Status::Ambiguous, Some(first.clone())),
            _ => {}
        }
        let Some(l) = link else {
            return (Status::Unmatched, None);
        };
        let status = match l.evidence.kind {
            // Similar values are never linked, on one account or several.
            Kind::Fuzzy => Status::Similar,
            _ if l.accounts > 1 => Status::Ambiguous,
            Kind::Exact if same_field => Status::Linked,
            _ => Status::NeedsFix,
        };
        (status, Some(l.chosen().name()))
    }
}

/// One company row of the export, as the work list reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Company {
    /// The line of the companies export it starts on.
    pub line: u64,
    /// Its company_id; empty when blank.
    pub id: Box<str>,
    /// The value it is linked by: its company_id, or its bridge value.
    pub key: Box<str>,
}

/// Every company row of the export and what the link field holds for it.
#[derive(Debug, Clone)]
pub struct WorkList {
    /// What it was made from: the link field, the bridge, the target.
    pub plan: Plan,
    /// Whether accounts are named by their `Id` (else by their line).
    pub by_id: bool,
    /// The column that chose among several accounts holding one value, if
    /// the export has one (`LastModifiedDate`); else the first in the file.
    pub chosen_by: Option<String>,
    /// Accounts left out because they are person accounts, which never sync.
    pub person_accounts: u64,
    /// Company id -> the accounts whose target field holds it today, when
    /// the target is another existing field than the link field.
    pub holders: FxHashMap<Box<str>, Vec<String>>,
    /// One row per company row of the export, in file order.
    pub rows: Vec<Row>,
}

/// One company's line of the work list.
#[derive(Debug, Clone)]
pub struct Row {
    /// The line of the companies export the company is on.
    pub line: u64,
    /// Its company_id; empty when blank.
    pub company_id: Box<str>,
    /// What it is linked by: its company_id, or its bridge value.
    pub key: Box<str>,
    /// What the sync does with it today.
    pub status: Status,
    /// The account the status is about, by `Id` (else line): the one the
    /// target field links today, else the one the link found.
    pub account: Option<String>,
    /// The best match the link field holds, if any.
    pub link: Option<Link>,
}

/// What the work list holds, for the report.
#[derive(Debug, Clone, Serialize)]
pub struct WorkListSummary {
    /// Where it was written.
    pub path: String,
    /// The Account field company_id is mapped to: the statuses say what
    /// the sync does with it.
    pub field: String,
    /// The Account field the accounts were found by, when not `field`.
    pub found_by: Option<String>,
    /// The companies column they were found by: `company_id`'s, or a
    /// bridge's.
    pub via: String,
    /// Company rows listed: every row of the companies export.
    pub companies: u64,
    /// Rows linked byte for byte to one account today.
    pub linked: u64,
    /// Rows that link to one account once the update sets a field.
    pub needs_fix: u64,
    /// Rows whose value is only similar to an account's: a person decides.
    pub similar: u64,
    /// Rows whose value is on several accounts.
    pub ambiguous: u64,
    /// Rows whose value is on no account.
    pub unmatched: u64,
    /// Rows without a company_id, which the sync leaves out.
    pub blank_id: u64,
    /// How the account Intercom links was chosen among several: the column
    /// of the latest update, or `null` for the first in the export.
    pub chosen_by: Option<String>,
    /// Person accounts, left out because they never sync.
    pub person_accounts: u64,
}

/// Matches every company of `companies` against the accounts export, as
/// `plan` says.
/// `activity` is what the scan found of the accounts' activity columns:
/// how the one that tells which account was updated last writes its dates.
pub fn build(
    config: &Config,
    plan: Plan,
    companies: Vec<Company>,
    activity: &[Activity],
) -> Result<WorkList> {
    // Sized once: with every company of a large export, growing these
    // tables step by step was most of the time they took, on one core.
    let mut index: FxHashMap<&str, u32> =
        FxHashMap::with_capacity_and_hasher(companies.len(), Default::default());
    let mut keys = Vec::with_capacity(companies.len());
    for c in &companies {
        if !c.key.trim().is_empty() && !c.id.trim().is_empty() {
            index.entry(&c.key).or_insert_with(|| {
                keys.push(c.key.to_string());
                (keys.len() - 1) as u32
            });
        }
    }
    let export = config.open(Role::Accounts)?;
    let mut cols = links::Columns::new(&export.headers, plan.column, plan.target.column);
    if let Some(m) = cols.modified.as_mut()
        && let Some(seen) = activity.iter().find(|a| a.column == m.name)
    {
        m.order = seen.order;
    }
    let options = Options {
        fuzzy: config.fuzzy,
        metric: config.metric,
        threshold: config.threshold,
    };
    let chosen_by = cols.modified.as_ref().map(|m| m.name.clone());
    let by_id = cols.id.is_some();
    let mut ids: FxHashSet<&str> =
        FxHashSet::with_capacity_and_hasher(companies.len(), Default::default());
    ids.extend(
        companies
            .iter()
            .map(|c| &*c.id)
            .filter(|id| !id.trim().is_empty()),
    );
    let found = links::find(export, &cols, keys, &ids, options, config.progress())?;
    let same_field = plan.target.column == Some(plan.column);
    let rows = companies
        .par_iter()
        .map(|c| {
            let link = index
                .get(&*c.key)
                .and_then(|&k| found.links[k as usize].clone());
            let held = found.holders.get(&*c.id).map(Vec::as_slice);
            let (status, account) = Status::of(&c.id, link.as_ref(), held, same_field);
            Row {
                line: c.line,
                company_id: c.id.clone(),
                key: c.key.clone(),
                status,
                account,
                link,
            }
        })
        .collect();
    Ok(WorkList {
        plan,
        by_id,
        chosen_by,
        person_accounts: found.person_accounts,
        holders: found.holders,
        rows,
    })
}

impl WorkList {
    /// How many rows have `status`.
    pub fn count(&self, status: Status) -> u64 {
        self.rows.iter().filter(|r| r.status == status).count() as u64
    }

    /// The companies column it links by.
    pub fn via(&self) -> &str {
        match &self.plan.via {
            Via::CompanyId => "company_id",
            Via::Bridge { name, .. } => name,
        }
    }

    /// The counts the report shows, for the list written to `path`.
    pub fn summary(&self, path: &str) -> WorkListSummary {
        WorkListSummary {
            path: path.to_string(),
            field: self.plan.target.name.clone(),
            found_by: (self.plan.target.column != Some(self.plan.column))
                .then(|| self.plan.field.clone()),
            via: self.via().to_string(),
            companies: self.rows.len() as u64,
            linked: self.count(Status::Linked),
            needs_fix: self.count(Status::NeedsFix),
            similar: self.count(Status::Similar),
            ambiguous: self.count(Status::Ambiguous),
            unmatched: self.count(Status::Unmatched),
            blank_id: self.count(Status::BlankId),
            chosen_by: self.chosen_by.clone(),
            person_accounts: self.person_accounts,
        }
    }

    /// Writes the work list as CSV, every cell safe to open in a spreadsheet.
    pub fn write_csv(&self, out: impl Write) -> csv::Result<()> {
        let mut csv = csv::Writer::from_writer(out);
        let bridge = matches!(self.plan.via, Via::Bridge { .. });
        let mut header = vec![
            "company_line",
            "company_id",
            "status",
            "fix",
            if self.by_id {
                "account_id"
            } else {
                "account_line"
            },
            "value",
            "similarity",
            "accounts",
            "other_accounts",
            "chosen_by",
        ];
        if bridge {
            header.insert(2, "bridge_value");
        }
        csv.write_record(&header)?;
        csv.flush()?;
        let mut out = csv.into_inner().map_err(|e| e.into_error())?;
        let chosen_by = self.chosen_by.as_deref().unwrap_or("first in the export");
        // A work list has a row per company: its rows are formatted on every
        // core, a block at a time so that memory stays bounded, and written
        // in order.
        for block in self.rows.chunks(WRITE_BLOCK * rayon::current_num_threads()) {
            let parts = block
                .par_chunks(WRITE_BLOCK)
                .map(|rows| {
                    let mut csv = csv::Writer::from_writer(Vec::new());
                    for row in rows {
                        let mut cells = vec![row.line.to_string(), row.company_id.to_string()];
                        if bridge {
                            cells.push(row.key.to_string());
                        }
                        cells.push(row.status.name().to_string());
                        cells.extend(self.account_cells(row, chosen_by));
                        csv.write_record(cells.iter().map(|c| spreadsheet_safe(c).into_owned()))?;
                    }
                    csv.into_inner().map_err(|e| e.into_error().into())
                })
                .collect::<csv::Result<Vec<Vec<u8>>>>()?;
            for part in parts {
                out.write_all(&part)?;
            }
        }
        out.flush()?;
        Ok(())
    }
}

/// Rows of the work list each core formats at a time.
const WRITE_BLOCK: usize = 16_384;

impl WorkList {
    /// The cells after the status: fix, account, value, similarity,
    /// accounts, other accounts, chosen by.
    fn account_cells(&self, row: &Row, chosen_by: &str) -> [String; 7] {
        let same_field = self.plan.target.column == Some(self.plan.column);
        let held = self.holders.get(&*row.company_id).filter(|_| !same_field);
        let link = row
            .link
            .as_ref()
            .filter(|l| row.account.as_deref() == Some(&l.chosen().name()));
        let several = |n: usize| {
            if n > 1 {
                chosen_by.to_string()
            } else {
                String::new()
            }
        };
        match (held, link) {
            // The target field holds the id today: that account.
            (Some(held), _) => [
                String::new(),
                held[0].clone(),
                row.company_id.to_string(),
                String::new(),
                held.len().to_string(),
                held[1..].join(" "),
                several(held.len()),
            ],
            (None, Some(link)) => {
                let chosen = link.chosen();
                let mut others: Vec<String> = link.others().iter().map(Account::name).collect();
                let unlisted = link.accounts as usize - 1 - link.others().len();
                if unlisted > 0 {
                    others.push(format!("and {unlisted} more"));
                }
                let fix = match (same_field, row.status) {
                    (false, Status::NeedsFix) => format!("set {}", self.plan.target.name),
                    _ => link
                        .evidence
                        .transform
                        .map_or(String::new(), |t| t.name().to_string()),
                };
                [
                    fix,
                    chosen.name(),
                    chosen.value.to_string(),
                    match link.evidence.kind {
                        Kind::Fuzzy => format!("{:.3}", link.evidence.similarity),
                        _ => String::new(),
                    },
                    link.accounts.to_string(),
                    others.join(" "),
                    several(link.accounts as usize),
                ]
            }
            (None, None) => ["", "", "", "", "0", "", ""].map(String::from),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::worklist::fixtures::{bridged, row};

    #[test]
    fn a_long_work_list_is_written_whole_and_in_order() {
        // More rows than the cores format at a time, some to be quoted.
        let n = 3 * WRITE_BLOCK * rayon::current_num_threads() + 5;
        let id = |i: usize| {
            if i.is_multiple_of(7) {
                format!("c{i}, Inc")
            } else {
                format!("c{i}")
            }
        };
        let rows = (0..n)
            .map(|i| {
                let mut row = row(&id(i), "k", Status::Unmatched, None);
                row.line = i as u64 + 2;
                row
            })
            .collect();
        let mut out = Vec::new();
        bridged(rows).write_csv(&mut out).unwrap();
        let mut reader = csv::Reader::from_reader(out.as_slice());
        assert_eq!(&reader.headers().unwrap()[1], "company_id");
        let mut read = 0;
        for (i, record) in reader.records().enumerate() {
            let record = record.unwrap();
            assert_eq!(record[0], (i + 2).to_string());
            assert_eq!(record[1], id(i));
            read += 1;
        }
        assert_eq!(read, n);
    }
}
