//! The work list: every company matched against one Account field, for the
//! admin who fixes the data.
//!
//! One more streaming pass over the accounts export, with the matchers built
//! over every distinct company id instead of a sample (so memory grows with
//! the number of companies, never with the accounts). Each company gets the
//! best evidence found for it, the account holding it (by `Id` when the
//! export has one, else by the line it starts on; the first when there are
//! several), how many accounts hold it, and a status: `linked` (one
//! account), `ambiguous` (several accounts at that level of evidence) or
//! `unmatched`.

use std::io::Write;

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::config::Config;
use crate::error::Result;
use crate::escape::spreadsheet_safe;
use crate::matching::{Evidence, Kind, Ladder, Options, Probes, Scratch, text_of};
use crate::read::export::Role;
use crate::read::{Export, columns, is_blank};

/// Every company of the export and what the chosen field holds for it.
#[derive(Debug, Clone)]
pub struct WorkList {
    /// The Account field matched against, as the report names it.
    pub field: String,
    /// Whether accounts are named by their `Id` (else by their line).
    pub by_id: bool,
    /// One row per distinct company id, in the order first seen.
    pub rows: Vec<Row>,
}

/// One company's line of the work list.
#[derive(Debug, Clone)]
pub struct Row {
    /// The company's id.
    pub company_id: String,
    /// The best match found, if any.
    pub link: Option<Link>,
}

/// The best match found for one company.
#[derive(Debug, Clone)]
pub struct Link {
    /// How the account's value matched.
    pub evidence: Evidence,
    /// Accounts matching at that level of evidence.
    pub accounts: u32,
    /// The line the first of them (by line) starts on.
    pub line: u64,
    /// Its `Id`, when the export has one.
    pub account: Option<Box<str>>,
    /// Its value in the field.
    pub value: Box<str>,
}

/// What the work list holds, for the report.
#[derive(Debug, Clone, Serialize)]
pub struct WorkListSummary {
    /// Where it was written.
    pub path: String,
    /// The Account field it maps to.
    pub field: String,
    /// Companies listed (distinct ids).
    pub companies: u64,
    /// Companies on exactly one account.
    pub linked: u64,
    /// Companies on several accounts.
    pub ambiguous: u64,
    /// Companies on none.
    pub unmatched: u64,
}

impl Link {
    /// Adds what another record or worker found for the same company.
    fn absorb(&mut self, other: Link) {
        match other.evidence.level().cmp(&self.evidence.level()) {
            std::cmp::Ordering::Less => *self = other,
            std::cmp::Ordering::Greater => {}
            std::cmp::Ordering::Equal => {
                let accounts = self.accounts.saturating_add(other.accounts);
                if other.line < self.line {
                    *self = other;
                }
                self.accounts = accounts;
            }
        }
    }

    /// The status the work list gives it.
    pub fn status(&self) -> &'static str {
        if self.accounts > 1 {
            "ambiguous"
        } else {
            "linked"
        }
    }
}

/// Adds `link` for company `id` to `links`.
fn add(links: &mut FxHashMap<u32, Link>, id: u32, link: Link) {
    match links.entry(id) {
        std::collections::hash_map::Entry::Occupied(mut e) => e.get_mut().absorb(link),
        std::collections::hash_map::Entry::Vacant(e) => {
            e.insert(link);
        }
    }
}

/// Matches every id of `ids` against `field` of the accounts export.
pub fn build(config: &Config, field: &str, ids: Vec<String>) -> Result<WorkList> {
    let options = Options {
        fuzzy: config.fuzzy,
        metric: config.metric,
        threshold: config.threshold,
    };
    let probes = Probes::without_decoys(ids);
    let ladder = Ladder::new(&probes, options);
    let export = Export::open(
        &config.accounts,
        Role::Accounts,
        config.progress(),
        config.read_options(),
    )?;
    let column = columns::select_one(&export.headers, field, "--field", &export.path)?;
    let field_name = columns::display_names(&export.headers)[column].clone();
    let id_column = export
        .headers
        .iter()
        .position(|h| matches!(columns::loose_key(h).as_str(), "id" | "accountid"));
    let links = export.fold(
        || {
            (
                FxHashMap::<u32, Link>::default(),
                Scratch::default(),
                Vec::new(),
            )
        },
        |(links, scratch, hits), record, line, _| {
            let Some(value) = record.get(column).filter(|v| !is_blank(v)) else {
                return;
            };
            ladder.find(value, scratch, hits);
            for hit in hits.iter() {
                let link = Link {
                    evidence: hit.evidence,
                    accounts: 1,
                    line,
                    account: id_column
                        .and_then(|c| record.get(c))
                        .map(|a| text_of(a).into()),
                    value: text_of(value).into(),
                };
                add(links, hit.id, link);
            }
        },
        |_| {},
        |(mut a, s, h), (b, _, _)| {
            for (id, link) in b {
                add(&mut a, id, link);
            }
            (a, s, h)
        },
    )?;
    let mut links = links.0;
    let rows = probes
        .all()
        .iter()
        .enumerate()
        .map(|(i, id)| Row {
            company_id: id.clone(),
            link: links.remove(&(i as u32)),
        })
        .collect();
    Ok(WorkList {
        field: field_name,
        by_id: id_column.is_some(),
        rows,
    })
}

impl WorkList {
    /// The counts the report shows, for the list written to `path`.
    pub fn summary(&self, path: &str) -> WorkListSummary {
        let count = |status: &str| {
            self.rows
                .iter()
                .filter(|r| r.link.as_ref().is_some_and(|l| l.status() == status))
                .count() as u64
        };
        let (linked, ambiguous) = (count("linked"), count("ambiguous"));
        let companies = self.rows.len() as u64;
        WorkListSummary {
            path: path.to_string(),
            field: self.field.clone(),
            companies,
            linked,
            ambiguous,
            unmatched: companies - linked - ambiguous,
        }
    }

    /// Writes the work list as CSV, every cell safe to open in a spreadsheet.
    pub fn write_csv(&self, out: impl Write) -> csv::Result<()> {
        let mut csv = csv::Writer::from_writer(out);
        csv.write_record([
            "company_id",
            if self.by_id {
                "account_id"
            } else {
                "account_line"
            },
            "value",
            "kind",
            "detail",
            "status",
            "accounts",
        ])?;
        for row in &self.rows {
            let cells = match &row.link {
                None => [
                    row.company_id.clone(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    "unmatched".into(),
                    "0".into(),
                ],
                Some(link) => {
                    let (kind, detail) = match link.evidence.kind {
                        Kind::Exact => ("exact", String::new()),
                        Kind::Normalized => (
                            "normalized",
                            link.evidence
                                .transform
                                .map_or(String::new(), |t| t.name().to_string()),
                        ),
                        Kind::Fuzzy => ("fuzzy", format!("{:.3}", link.evidence.similarity)),
                    };
                    let account = match &link.account {
                        Some(a) => a.to_string(),
                        None => link.line.to_string(),
                    };
                    [
                        row.company_id.clone(),
                        account,
                        link.value.to_string(),
                        kind.into(),
                        detail,
                        link.status().into(),
                        link.accounts.to_string(),
                    ]
                }
            };
            csv.write_record(cells.iter().map(|c| spreadsheet_safe(c).into_owned()))?;
        }
        csv.flush()?;
        Ok(())
    }
}
