//! One field's figures as the report shows them, and the suggestion.

use std::collections::BTreeMap;

use serde::Serialize;

use super::shape;
use crate::figures::percent;
use crate::matching::{Kind, TransformId};
use crate::rank::{Candidate, rate};
use crate::stats;
use crate::tally::{Example, Fix, Side};

/// One Account field's figures. Rates are shares of the sampled ids, from
/// 0 to 1, unless said otherwise.
#[derive(Debug, Clone, Serialize)]
pub struct FieldReport {
    /// 1 for the best field.
    pub rank: usize,
    /// The field as the report names it: its header, or `Name (col 4)`
    /// where a header repeats.
    pub field: String,
    /// 1-based column in the accounts export.
    pub column: usize,
    /// Ids found by any evidence: the union of the three below.
    pub match_rate: f64,
    /// Ids equal to a value byte for byte: what the sync does.
    pub exact_rate: f64,
    /// Ids equal to a value only after a named transform.
    pub normalized_rate: f64,
    /// Ids only similar to a value.
    pub fuzzy_rate: f64,
    /// The part of `fuzzy_rate` beyond what made-up ids find similar there:
    /// what similarity adds to the score.
    pub fuzzy_beyond_chance_rate: f64,
    /// Of the matched ids, those whose value is on exactly one account row.
    pub unique_rate: f64,
    /// The share of account rows where the field is not empty.
    pub fill_rate: f64,
    /// The low end of the 95% Wilson interval of `match_rate`.
    pub ci_low: f64,
    /// The high end of that interval.
    pub ci_high: f64,
    /// What the field's values look like.
    pub holds: String,
    /// The share of made-up ids of the same shape (decoys) the field matches.
    pub chance_rate: f64,
    /// The share of decoys it matches exactly or after a fix.
    pub chance_specific_rate: f64,
    /// The share of the other decoys it finds a similar value for.
    pub chance_similar_rate: f64,
    /// `match_rate` corrected for chance; fields are ranked by it.
    pub score: f64,
    /// Sampled ids found by any evidence.
    pub matched: u64,
    /// Of `matched`, those found exactly.
    pub exact: u64,
    /// Of `matched`, those found only after a transform.
    pub normalized: u64,
    /// Of `matched`, those found only by similarity.
    pub fuzzy: u64,
    /// Matched ids whose value is on exactly one account row.
    pub unique: u64,
    /// Normalized matches by transform name.
    pub transforms: BTreeMap<&'static str, u64>,
    /// What would make the normalized matches exact, most common first.
    pub fixes: Vec<FixReport>,
    /// A few matches: the first of each kind of evidence, in sample order.
    pub examples: Vec<ExampleReport>,
    /// Ids matched exactly or after a fix whose value is on several accounts.
    pub repeated_examples: Vec<ExampleReport>,
}

/// One fix and how many normalized matches it explains.
#[derive(Debug, Clone, Serialize)]
pub struct FixReport {
    /// The transform under which the values are equal.
    pub transform: TransformId,
    /// Whose values to change: `intercom`, `salesforce` or `both`.
    pub side: Side,
    /// For `prefix`: the prefix one side carries.
    pub prefix: Option<String>,
    /// True when a match under this transform is only probable.
    pub approximate: bool,
    /// Normalized matches this fix explains.
    pub matches: u64,
    /// Two of the matches it explains.
    pub examples: Vec<PairReport>,
    /// The fix in words.
    pub description: String,
}

/// A company id and the account value it matched.
#[derive(Debug, Clone, Serialize)]
pub struct PairReport {
    /// The company's id.
    pub company_id: String,
    /// The account value that matched it.
    pub value: String,
}

/// A sampled id, the value that matched it, and how.
#[derive(Debug, Clone, Serialize)]
pub struct ExampleReport {
    /// The sampled company id.
    pub company_id: String,
    /// The account value that matched it.
    pub value: String,
    /// The evidence: exact, normalized or fuzzy.
    pub kind: Kind,
    /// For normalized evidence, the transform.
    pub transform: Option<TransformId>,
    /// 1 for exact and normalized matches; the metric's score for fuzzy ones.
    pub similarity: f64,
    /// Account rows whose value matched this id.
    pub accounts: u32,
}

/// The field to map `company_id` to, with the figures that decided it (as
/// in its [`FieldReport`]).
#[derive(Debug, Clone, Serialize)]
pub struct Suggestion {
    /// The field, as the report names it.
    pub field: String,
    /// Its rank.
    pub rank: usize,
    /// Its match rate.
    pub match_rate: f64,
    /// Its exact rate.
    pub exact_rate: f64,
    /// Its score, net of chance.
    pub score: f64,
    /// Its unique rate.
    pub unique_rate: f64,
    /// Sampled ids it holds.
    pub matched: u64,
    /// Of those, the ones held exactly.
    pub exact: u64,
    /// Of those, the ones held after a transform.
    pub normalized: u64,
    /// True when enough ids match exactly, as the sync compares them.
    pub works_as_is: bool,
    /// `works_as_is`, or `needs_fix` when a named fix is needed first.
    pub status: &'static str,
    /// The fix most of the normalized matches need, if there are any: what
    /// makes the field work at all, or what makes more ids match.
    pub fix: Option<FixReport>,
    /// Every fix the normalized matches need, most matches first.
    pub fixes: Vec<FixReport>,
}

impl FieldReport {
    /// The figures of `f`, ranked `i`-th (from 0), over `sampled` ids and
    /// `rows` accounts.
    pub fn new(i: usize, f: &Candidate, sampled: u64, rows: u64) -> FieldReport {
        let c = &f.counts;
        let n = sampled;
        let mut fixes: Vec<FixReport> = c
            .fixes
            .iter()
            .map(|(fix, count)| FixReport {
                transform: fix.transform,
                side: fix.side,
                prefix: fix.prefix.clone(),
                approximate: fix.transform.transform().approximate,
                matches: count.matches,
                examples: count
                    .examples
                    .iter()
                    .map(|(company_id, value)| PairReport {
                        company_id: company_id.clone(),
                        value: value.clone(),
                    })
                    .collect(),
                description: describe(fix, &f.name),
            })
            .collect();
        // Most matches first; ties in ladder order, so the order is fixed.
        fixes.sort_by_key(|x| {
            (
                std::cmp::Reverse(x.matches),
                x.transform,
                x.side,
                x.prefix.clone(),
            )
        });
        let (ci_low, ci_high) = stats::wilson(c.matched, n);
        FieldReport {
            rank: i + 1,
            field: f.name.clone(),
            column: f.column + 1,
            match_rate: rate(c.matched, n),
            exact_rate: rate(c.exact, n),
            normalized_rate: rate(c.normalized, n),
            fuzzy_rate: rate(c.fuzzy, n),
            fuzzy_beyond_chance_rate: (f.score - f.specific_score).max(0.0),
            unique_rate: rate(c.unique, c.matched),
            fill_rate: rate(c.non_empty, rows),
            ci_low,
            ci_high,
            holds: shape::describe(&c.samples),
            chance_rate: f.chance(),
            chance_specific_rate: f.chance_specific,
            chance_similar_rate: f.chance_similar,
            score: f.score,
            matched: c.matched,
            exact: c.exact,
            normalized: c.normalized,
            fuzzy: c.fuzzy,
            unique: c.unique,
            transforms: c.transforms.iter().map(|(t, n)| (t.name(), *n)).collect(),
            fixes,
            examples: c.examples.iter().map(example_report).collect(),
            repeated_examples: c.repeated_examples.iter().map(example_report).collect(),
        }
    }

    /// Whether most of its similar-only matches are what chance gives.
    pub fn similar_is_chance(&self) -> bool {
        self.fuzzy_rate > 0.0 && self.fuzzy_beyond_chance_rate * 2.0 < self.fuzzy_rate
    }

    /// The unique rate as a person reads it: `-` when nothing matched.
    pub fn unique_text(&self) -> String {
        if self.matched > 0 {
            percent(self.unique_rate)
        } else {
            "-".into()
        }
    }
}

impl Suggestion {
    /// The suggestion of field `f`: whether it works as is at `min_rate`,
    /// and its main fix.
    pub fn new(f: &FieldReport, min_rate: f64) -> Suggestion {
        let works_as_is = f.exact_rate >= min_rate;
        Suggestion {
            works_as_is,
            status: if works_as_is {
                "works_as_is"
            } else {
                "needs_fix"
            },
            fix: f.fixes.first().cloned(),
            fixes: f.fixes.clone(),
            rank: f.rank,
            field: f.field.clone(),
            match_rate: f.match_rate,
            exact_rate: f.exact_rate,
            score: f.score,
            unique_rate: f.unique_rate,
            matched: f.matched,
            exact: f.exact,
            normalized: f.normalized,
        }
    }
}

pub fn example_report(e: &Example) -> ExampleReport {
    ExampleReport {
        company_id: e.company_id.clone(),
        value: e.value.clone(),
        kind: e.evidence.kind,
        transform: e.evidence.transform,
        similarity: e.evidence.similarity,
        accounts: e.rows,
    }
}

/// A fix in words, naming where to make it.
fn describe(fix: &Fix, field: &str) -> String {
    let side = |s: Side| match s {
        Side::Intercom => "Intercom's company_id".to_string(),
        Side::Salesforce => format!("`{field}`"),
        Side::Both => format!("both company_id and `{field}`"),
    };
    let other = |s: Side| match s {
        Side::Intercom => format!("`{field}`"),
        _ => "company_id".to_string(),
    };
    use TransformId as T;
    match (fix.transform, &fix.prefix) {
        (T::Prefix, Some(p)) => format!(
            "remove the prefix '{p}' from {} (or add it to {})",
            side(fix.side),
            other(fix.side)
        ),
        (T::SalesforceId, _) if fix.side == Side::Intercom => {
            "convert company_id's Salesforce ids to their 18-character form".to_string()
        }
        (T::SalesforceId, _) => {
            format!("store 18-character Salesforce ids in {}", side(fix.side))
        }
        (T::Case, _) if fix.side == Side::Intercom => {
            format!("write company_id in the letter case `{field}` uses")
        }
        (T::Case, _) => format!(
            "write {} in the letter case company_id uses",
            side(fix.side)
        ),
        (t, _) => format!("{}, in {}", t.transform().fix, side(fix.side)),
    }
}
