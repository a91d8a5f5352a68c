//! The bridge: when no Account field holds `company_id`, another column of
//! the companies export may still link companies to accounts (`stripe_id`
//! to `Stripe_Customer_ID__c`, `Company website` to `Website`, the name to
//! `Name`). Then an update can write each company's id into a field of its
//! own, and the sync works.
//!
//! The search is the company_id analysis again, for every column that can
//! tell companies apart ([`values`]) at once: the sampled companies' values
//! and their decoys go through one ladder, over one more pass of the
//! accounts, and the tally is split back per column. Each (column, field)
//! pair is scored like a field, as the share of sampled companies it links
//! beyond chance, exactly or after a named fix (the only links an update
//! may use, so similar values are not looked for). The pairs are ranked by
//! the part of that score that links a company to one account alone: a
//! value on several accounts (a name every branch shares) says which
//! accounts, but an update cannot say which one.

pub mod values;

use rustc_hash::FxHashMap;

use crate::config::Config;
use crate::error::Result;
use crate::matching::{Ladder, Options, Probes};
use crate::rank::{Candidate, rate};
use crate::sample::decoys;
use crate::tally;

/// One companies column and one Account field, scored.
#[derive(Debug, Clone)]
pub struct Pair {
    /// The companies column's position and header.
    pub column: usize,
    pub name: String,
    /// Whether the column holds company names: such links need review.
    pub names: bool,
    /// Sampled companies with a value in the column.
    pub with_value: u64,
    /// Sampled companies whose value no other sampled company shares.
    pub probes: u64,
    /// The field and its figures, over the sampled companies.
    pub candidate: Candidate,
}

/// What the search found.
#[derive(Debug, Clone, Default)]
pub struct Search {
    /// Every pair that links any company, best first.
    pub pairs: Vec<Pair>,
    /// The companies columns that could tell companies apart, by header.
    pub columns: Vec<String>,
    /// Sampled companies.
    pub sampled: u64,
}

impl Pair {
    /// Of the companies linked exactly or after a fix, the share whose value
    /// is on one account alone; 0 when none is linked.
    pub fn unique_rate(&self) -> f64 {
        let c = &self.candidate;
        let linked = c.specific();
        rate(linked - c.counts.repeated.min(linked), linked)
    }

    /// The score of the links an update can write: the share of sampled
    /// companies linked beyond chance, times the share of links to one
    /// account alone.
    pub fn usable_score(&self) -> f64 {
        self.candidate.specific_score * self.unique_rate()
    }

    /// Whether it links by company name: the column holds names, or the
    /// field is the account's name. Such links need review.
    pub fn by_name(&self) -> bool {
        let field = crate::read::columns::loose_key(&self.candidate.name);
        self.names || field == "name" || field == "accountname"
    }
}

impl Search {
    /// The best pair that links `min_rate` of the companies beyond chance
    /// exactly or after a fix, as a field must to be suggested, and links
    /// some company to one account alone: without such links an update
    /// has nothing to write.
    pub fn best(&self, min_rate: f64) -> Option<&Pair> {
        self.pairs.iter().find(|p| {
            p.candidate.specific() > 0
                && p.candidate.specific_score >= min_rate
                && p.usable_score() > 0.0
        })
    }
}

/// Looks for bridges from the columns of the companies export (but
/// `id_column`) to the Account `fields` (by name: those that could hold an
/// identity, found by the company_id scan), for the `sampled` company ids.
pub fn search(
    config: &Config,
    id_column: usize,
    headers: &[String],
    sampled: &[String],
    fields: Vec<String>,
) -> Result<Search> {
    let columns = values::read(config, id_column, headers, sampled)?;
    let n = sampled.len();
    // One probe list for all columns: each distinct string once, with the
    // (column, local probe) pairs it stands for.
    let mut global: Vec<String> = Vec::new();
    let mut owners: Vec<Vec<(u32, u32)>> = Vec::new();
    let mut place: FxHashMap<String, u32> = FxHashMap::default();
    let mut sets = Vec::new();
    for (set, column) in columns.iter().enumerate() {
        let decoys = decoys::decoys(&column.sample, config.seed ^ column.column as u64);
        let probes = Probes::new(column.sample.ids.clone(), decoys.ids);
        for (local, probe) in probes.all().iter().enumerate() {
            let p = *place.entry(probe.clone()).or_insert_with(|| {
                global.push(probe.clone());
                owners.push(Vec::new());
                (global.len() - 1) as u32
            });
            owners[p as usize].push((set as u32, local as u32));
        }
        sets.push(probes);
    }
    let names: Vec<String> = columns.iter().map(|c| c.name.clone()).collect();
    if global.is_empty() || fields.is_empty() {
        return Ok(Search {
            pairs: Vec::new(),
            columns: names,
            sampled: n as u64,
        });
    }
    // Only equal values (now or after a named fix) can go into an update,
    // so only those rank a bridge: similar values are not looked for, and
    // the search costs about what an exact run does.
    let step = config.progress().step(format!(
        "indexing the values of {} other companies columns",
        columns.len()
    ));
    let ladder = exact_ladder(config, &Probes::without_decoys(global));
    step.finish_and_clear();
    let accounts = scan_fields(config, fields, ladder, 0)?;
    let parts = accounts.tally.split(&owners, columns.len());
    let mut pairs = Vec::new();
    for ((column, probes), part) in columns.iter().zip(&sets).zip(parts) {
        let counts = part.finish(probes, None);
        for (&field, counts) in accounts.candidates.iter().zip(counts) {
            if counts.matched == 0 {
                continue;
            }
            pairs.push(Pair {
                column: column.column,
                name: column.name.clone(),
                names: column.names,
                with_value: column.with_value,
                probes: probes.sampled().len() as u64,
                // Over all sampled companies: one without a value of its
                // own links none, and has no decoy.
                candidate: Candidate::new(
                    accounts.names[field].clone(),
                    field,
                    counts,
                    n,
                    probes.decoys().len(),
                ),
            });
        }
    }
    // Best first: most links an update can write, then most links; of two
    // as good, the one not by name, which needs no review.
    pairs.sort_by(|a, b| {
        let (x, y) = (&a.candidate, &b.candidate);
        b.usable_score()
            .total_cmp(&a.usable_score())
            .then_with(|| y.specific_score.total_cmp(&x.specific_score))
            .then_with(|| a.by_name().cmp(&b.by_name()))
            .then_with(|| y.specific().cmp(&x.specific()))
            .then_with(|| y.counts.exact.cmp(&x.counts.exact))
            .then_with(|| (a.column, x.column).cmp(&(b.column, y.column)))
    });
    Ok(Search {
        pairs,
        columns: names,
        sampled: n as u64,
    })
}

/// The accounts each of `values` (one per company, in order) links to
/// through `field` alone, exactly or after a fix: the rows the data mapping
/// compares when a bridge, not `company_id`, is the link. A company without
/// a value gets a probe no cell can equal.
pub fn linked_rows(config: &Config, values: Vec<String>, field: &str) -> Result<tally::LinkedRows> {
    let values: Vec<String> = values
        .into_iter()
        .map(|v| {
            // Cells are never empty, and a control character is never a
            // value a fix produces.
            if v.trim().is_empty() {
                "\u{1}".into()
            } else {
                v.trim().to_string()
            }
        })
        .collect();
    let n = values.len() as u32;
    let ladder = exact_ladder(config, &Probes::without_decoys(values));
    Ok(scan_fields(config, vec![field.to_string()], ladder, n)?.linked)
}

/// The matchers a bridge links by: equal values, now or after a named fix.
/// Only those may go into an update, so similar values are not looked for.
fn exact_ladder(config: &Config, probes: &Probes) -> Ladder {
    Ladder::new(
        probes,
        Options {
            fuzzy: false,
            metric: config.metric,
            threshold: config.threshold,
        },
    )
}

/// Scans the accounts' `fields` alone for the probes of `ladder`, keeping
/// the rows that probes below `keep_rows_below` link to.
fn scan_fields(
    config: &Config,
    fields: Vec<String>,
    ladder: Ladder,
    keep_rows_below: u32,
) -> Result<tally::Accounts> {
    let scan = Config {
        fields,
        exclude: Vec::new(),
        explain: None,
        ..config.clone()
    };
    tally::scan(&scan, ladder, keep_rows_below)
}
