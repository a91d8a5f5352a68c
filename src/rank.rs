//! Scoring the fields, ordering them best first, and deciding whether one is
//! good enough to suggest.
//!
//! A field's score estimates the share of sampled ids it really holds, net
//! of chance. Chance is measured with decoys: made-up ids shaped like the
//! sample that are no company's id (see `decoy`), run through the same
//! matching. What a field matches of them it matches by chance:
//!
//! - exact and normalized matches are corrected as `(rate - chance) / (1 -
//!   chance)`, since `rate = true + (1 - true) * chance`;
//! - similar-only matches count only beyond the share of decoys that find a
//!   similar value there, among the ids without a specific match.
//!
//! A dense column of lookalike values matches decoys as often as real ids, so
//! its score falls to zero however similar it looks.
//!
//! The order is a pure function of the counts, with explicit tie-breaks down
//! to the column position, so it never depends on thread or hash order.

use std::cmp::Reverse;

use crate::tally::FieldCounts;

/// One candidate field, its counts and its score.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The name the report shows.
    pub name: String,
    /// 0-based column in the accounts export.
    pub column: usize,
    pub counts: FieldCounts,
    /// The share of sampled ids the field would hold exactly or after a fix
    /// by chance: what it holds of the decoys, for the ids that have them.
    pub chance_specific: f64,
    /// The share of the others it would find a similar value for by chance.
    pub chance_similar: f64,
    /// Exact and normalized matches net of chance, in 0..=1.
    pub specific_score: f64,
    /// `specific_score` plus similar matches beyond chance, in 0..=1.
    pub score: f64,
}

impl Candidate {
    /// Scores `counts` of a field against `sampled` ids and `decoys` decoys.
    /// Only the ids that can match by chance have decoys (machine-made ids
    /// have none), so what the decoys match is chance for that share of the
    /// sample, and none for the rest.
    pub fn new(
        name: String,
        column: usize,
        counts: FieldCounts,
        sampled: usize,
        decoys: usize,
    ) -> Candidate {
        let (n, d) = (sampled as u64, decoys as u64);
        let share = rate(d, n);
        let chance_specific = rate(counts.decoys_specific, d) * share;
        let chance_similar = rate(counts.decoys_fuzzy, d - counts.decoys_specific.min(d)) * share;
        let specific = rate(counts.exact + counts.normalized, n);
        let specific_score = if chance_specific >= 1.0 {
            0.0
        } else {
            ((specific - chance_specific) / (1.0 - chance_specific)).clamp(0.0, 1.0)
        };
        let similar = (rate(counts.fuzzy, n) - (1.0 - specific) * chance_similar).max(0.0);
        Candidate {
            name,
            column,
            counts,
            chance_specific,
            chance_similar,
            specific_score,
            score: (specific_score + similar).min(1.0),
        }
    }

    /// Ids matched exactly or after a named fix: evidence the sync can use.
    pub fn specific(&self) -> u64 {
        self.counts.exact + self.counts.normalized
    }

    /// The share of decoys matched by any evidence.
    pub fn chance(&self) -> f64 {
        self.chance_specific + (1.0 - self.chance_specific) * self.chance_similar
    }
}

/// Sorts `fields` best first: highest score, then most ids matched exactly
/// or after a fix, then most exactly (what works today), then most unique,
/// then best filled, then the earlier column.
pub fn rank(mut fields: Vec<Candidate>) -> Vec<Candidate> {
    fields.sort_by(|a, b| {
        b.score.total_cmp(&a.score).then_with(|| {
            let key = |f: &Candidate| {
                (
                    Reverse(f.specific()),
                    Reverse(f.counts.exact),
                    Reverse(f.counts.unique),
                    Reverse(f.counts.non_empty),
                    f.column,
                )
            };
            key(a).cmp(&key(b))
        })
    });
    fields
}

/// The best-ranked field whose exact and normalized matches, net of chance,
/// reach `min_rate`. Similarity alone never makes a suggestion: the sync
/// needs values that are equal, now or after a named fix.
pub fn suggest(ranked: &[Candidate], min_rate: f64) -> Option<&Candidate> {
    ranked
        .iter()
        .find(|f| f.specific() > 0 && f.specific_score >= min_rate)
}

/// `part / whole`, 0 for an empty whole.
pub fn rate(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str, column: usize, counts: FieldCounts) -> Candidate {
        Candidate::new(name.into(), column, counts, 100, 100)
    }

    /// Counts of 100 sampled ids; `decoys` of 100 decoys are similar.
    fn counts(exact: u64, normalized: u64, fuzzy: u64, decoys: u64) -> FieldCounts {
        FieldCounts {
            matched: exact + normalized + fuzzy,
            exact,
            normalized,
            fuzzy,
            unique: exact + normalized + fuzzy,
            non_empty: 100,
            decoys_fuzzy: decoys,
            ..FieldCounts::default()
        }
    }

    fn names(fields: &[Candidate]) -> Vec<&str> {
        fields.iter().map(|f| f.name.as_str()).collect()
    }

    #[test]
    fn score_removes_chance() {
        let f = field("f", 0, counts(50, 0, 0, 0));
        assert_eq!((f.chance(), f.score), (0.0, 0.5));
        let dense = field("dense", 0, counts(2, 0, 88, 90));
        assert!(dense.score < 0.05, "{}", dense.score);
        let saturated = field("saturated", 0, counts(0, 0, 100, 100));
        assert_eq!(saturated.score, 0.0);
        // Real similarity, where decoys find nothing, counts in full.
        let names = field("names", 0, counts(40, 20, 30, 0));
        assert!((names.score - 0.9).abs() < 1e-9);
        // Similarity to decoys does not discount specific matches.
        let real = field("real", 0, counts(70, 0, 20, 90));
        assert!((real.score - 0.7).abs() < 1e-9, "{}", real.score);
        // Exact matches that decoys get as often are chance.
        let mut dense = counts(30, 0, 0, 0);
        dense.decoys_specific = 30;
        assert_eq!(field("dense", 0, dense).score, 0.0);
        let mut some = counts(60, 0, 0, 0);
        some.decoys_specific = 20;
        assert!((field("some", 0, some).score - 0.5).abs() < 1e-9);
    }

    #[test]
    fn ids_without_decoys_cannot_match_by_chance() {
        // 100 sampled ids, 40 of them numbers with decoys: what the decoys
        // match is chance for those 40 only.
        let mut c = counts(60, 0, 0, 0);
        c.decoys_specific = 20;
        let f = Candidate::new("f".into(), 0, c, 100, 40);
        assert!(
            (f.chance_specific - 0.2).abs() < 1e-12,
            "{}",
            f.chance_specific
        );
        assert!(
            (f.specific_score - 0.5).abs() < 1e-12,
            "{}",
            f.specific_score
        );
        // Machine-made ids only: no decoys, no chance, the match counts in full.
        let ids = Candidate::new("Id".into(), 0, counts(69, 0, 0, 0), 100, 0);
        assert_eq!((ids.chance(), ids.score), (0.0, 0.69));
    }

    #[test]
    fn a_lookalike_never_outranks_the_real_field() {
        let ranked = rank(vec![
            field("ParentId", 0, counts(5, 0, 90, 85)),
            field("Id", 1, counts(70, 0, 5, 1)),
        ]);
        assert_eq!(names(&ranked), ["Id", "ParentId"]);
    }

    #[test]
    fn ties_break_on_specific_then_exact_then_column() {
        let ranked = rank(vec![
            field("late", 3, counts(10, 0, 0, 0)),
            field("fuzzy", 0, counts(0, 0, 10, 0)),
            field("early", 1, counts(10, 0, 0, 0)),
            field("fixed", 2, counts(0, 10, 0, 0)),
        ]);
        assert_eq!(names(&ranked), ["early", "late", "fixed", "fuzzy"]);
        let mut reversed = ranked.clone();
        reversed.reverse();
        assert_eq!(
            names(&rank(reversed)),
            names(&ranked),
            "input order does not matter"
        );
    }

    #[test]
    fn suggests_only_with_enough_specific_evidence() {
        let ranked = rank(vec![
            field("a", 0, counts(50, 0, 0, 0)),
            field("b", 1, counts(10, 0, 0, 0)),
        ]);
        assert_eq!(suggest(&ranked, 0.5).map(|f| f.name.as_str()), Some("a"));
        assert!(suggest(&ranked, 0.51).is_none());
        let fuzzy_only = rank(vec![field("f", 0, counts(0, 0, 90, 0))]);
        assert!(
            suggest(&fuzzy_only, 0.5).is_none(),
            "similarity alone is no suggestion"
        );
        let with_fix = rank(vec![field("g", 0, counts(20, 40, 0, 0))]);
        assert_eq!(suggest(&with_fix, 0.5).map(|f| f.name.as_str()), Some("g"));
        let none = rank(vec![field("z", 0, counts(0, 0, 0, 0))]);
        assert!(
            suggest(&none, 0.0).is_none(),
            "no match is never a suggestion"
        );
    }
}
