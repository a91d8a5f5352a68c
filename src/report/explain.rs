//! One field's full evidence, for `--explain`.

use serde::Serialize;

use super::field::{ExampleReport, FieldReport, example_report};
use crate::matching::Kind;
use crate::rank::Candidate;
use crate::tally::Example;

/// Entries listed per kind in an explanation.
pub const EXPLAIN_LIST: usize = 20;

/// Everything one field showed.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// The field's figures, as in `fields`.
    pub field: FieldReport,
    /// Matched ids, those after a fix first, with what matched them: the
    /// first [`EXPLAIN_LIST`] of `matches_total`.
    pub matches: Vec<ExampleReport>,
    /// How many sampled ids matched.
    pub matches_total: usize,
    /// Sampled ids the field does not hold, in sample order: the first
    /// [`EXPLAIN_LIST`] of `unmatched_total`.
    pub unmatched: Vec<String>,
    /// How many sampled ids it does not hold.
    pub unmatched_total: usize,
    /// Ids whose value is on several accounts: the first [`EXPLAIN_LIST`]
    /// of `repeated_total`.
    pub repeated: Vec<ExampleReport>,
    /// How many matched ids are on several accounts.
    pub repeated_total: usize,
    /// Values from across the file.
    pub values: Vec<String>,
}

impl Explanation {
    /// The evidence of `f` (whose figures are `field`) against the sampled `ids`.
    pub fn new(field: &FieldReport, f: &Candidate, ids: &[String]) -> Explanation {
        let all = &f.counts.all;
        let held: std::collections::HashSet<&str> =
            all.iter().map(|e| e.company_id.as_str()).collect();
        // The telling matches first: after a fix, then similar, then exact.
        let mut telling: Vec<&Example> = all.iter().collect();
        telling.sort_by_key(|e| match e.evidence.kind {
            Kind::Normalized => 0,
            Kind::Fuzzy => 1,
            Kind::Exact => 2,
        });
        let unmatched: Vec<&String> = ids
            .iter()
            .filter(|id| !held.contains(id.as_str()))
            .collect();
        let repeated: Vec<&Example> = all.iter().filter(|e| e.rows > 1).collect();
        Explanation {
            field: field.clone(),
            matches_total: telling.len(),
            unmatched_total: unmatched.len(),
            repeated_total: repeated.len(),
            matches: telling
                .into_iter()
                .take(EXPLAIN_LIST)
                .map(example_report)
                .collect(),
            unmatched: unmatched.into_iter().take(EXPLAIN_LIST).cloned().collect(),
            repeated: repeated
                .into_iter()
                .take(EXPLAIN_LIST)
                .map(example_report)
                .collect(),
            values: f
                .counts
                .samples
                .iter()
                .take(EXPLAIN_LIST)
                .cloned()
                .collect(),
        }
    }
}
