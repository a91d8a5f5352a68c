//! The mapping itself: every company matched against one Account field, as
//! the work list an admin needs to fix the data.
//!
//! One more streaming pass over the accounts export, with the matchers built
//! over every distinct company id instead of a sample (so memory grows with
//! the number of companies, never with the accounts). Each company gets the
//! best evidence found for it, the account holding it (by `Id` when the
//! export has one, else by the line it starts on; the first when there are
//! several), how many accounts hold it, and a status: `linked` (one
//! account), `ambiguous` (several accounts at that level of evidence) or
//! `unmatched`.

use std::path::Path;

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::accounts;
use crate::columns;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::matching::{Evidence, Kind, Ladder, Options, Scratch, text_of};
use crate::output;
use crate::progress::Progress;
use crate::report::spreadsheet_safe;
use crate::stream::Export;

/// What was written, for the report.
#[derive(Debug, Clone, Serialize)]
pub struct MappingSummary {
    pub path: String,
    pub field: String,
    pub companies: u64,
    pub linked: u64,
    pub ambiguous: u64,
    pub unmatched: u64,
}

/// The best match found for one company.
#[derive(Debug, Clone)]
struct Link {
    evidence: Evidence,
    /// Accounts matching at that level of evidence.
    accounts: u32,
    /// The first of them (by line): its line, its `Id`, its value.
    line: u64,
    account: Option<Box<str>>,
    value: Box<str>,
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

/// Matches every id of `ids` against `field` of the accounts export and
/// writes the mapping to `out`.
pub fn emit(
    config: &Config,
    field: &str,
    ids: &[String],
    out: &Path,
    progress: Progress,
) -> Result<MappingSummary> {
    let options = Options {
        fuzzy: config.fuzzy,
        metric: config.metric,
        threshold: config.threshold,
    };
    let ladder = Ladder::new(ids, ids.len(), options);
    let export = Export::open(
        &config.accounts,
        "accounts",
        progress,
        config.read_options(),
    )?;
    let path = config.accounts.as_path();
    let column = columns::select_one(&export.headers, field, "--field", path)?;
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
            let Some(value) = record.get(column).filter(|v| !accounts::is_empty(v)) else {
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
    let links = links.0;

    let mut csv = csv::Writer::from_writer(Vec::new());
    let header = [
        "company_id",
        if id_column.is_some() {
            "account_id"
        } else {
            "account_line"
        },
        "value",
        "kind",
        "detail",
        "status",
        "accounts",
    ];
    let (mut linked, mut ambiguous) = (0, 0);
    let written = |e: csv::Error| Error::Output {
        path: out.to_path_buf(),
        source: std::io::Error::other(e),
    };
    csv.write_record(header).map_err(written)?;
    for (i, id) in ids.iter().enumerate() {
        let row = match links.get(&(i as u32)) {
            None => vec![
                id.clone(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                "unmatched".into(),
                "0".into(),
            ],
            Some(link) => {
                let status = if link.accounts > 1 {
                    ambiguous += 1;
                    "ambiguous"
                } else {
                    linked += 1;
                    "linked"
                };
                let (kind, detail) = match link.evidence.kind {
                    Kind::Exact => ("exact", String::new()),
                    Kind::Normalized => (
                        "normalized",
                        link.evidence.transform().unwrap_or_default().to_string(),
                    ),
                    Kind::Fuzzy => ("fuzzy", format!("{:.3}", link.evidence.similarity)),
                };
                let account = match &link.account {
                    Some(a) => a.to_string(),
                    None => link.line.to_string(),
                };
                vec![
                    id.clone(),
                    account,
                    link.value.to_string(),
                    kind.into(),
                    detail,
                    status.into(),
                    link.accounts.to_string(),
                ]
            }
        };
        csv.write_record(row.iter().map(|c| spreadsheet_safe(c).into_owned()))
            .map_err(written)?;
    }
    let bytes = csv
        .into_inner()
        .map_err(|e| written(e.into_error().into()))?;
    output::write_file(out, &String::from_utf8_lossy(&bytes))?;
    Ok(MappingSummary {
        path: out.display().to_string(),
        field: field_name,
        companies: ids.len() as u64,
        linked,
        ambiguous,
        unmatched: ids.len() as u64 - linked - ambiguous,
    })
}
