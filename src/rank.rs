//! Ordering the fields best first and deciding whether one is good enough.
//!
//! The order is a pure function of the counts, with explicit tie-breaks down to
//! the column position, so it never depends on thread or hash order.

use std::cmp::Reverse;

use crate::tally::FieldCounts;

/// One candidate field and its counts.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The name the report shows.
    pub name: String,
    /// 0-based column in the accounts export.
    pub column: usize,
    pub counts: FieldCounts,
}

/// Sorts `fields` best first: most sampled ids matched, then most matched
/// exactly (what works today), then most unique, then best filled, then the
/// earlier column.
pub fn rank(mut fields: Vec<Candidate>) -> Vec<Candidate> {
    fields.sort_by_key(|f| {
        (
            Reverse(f.counts.matched),
            Reverse(f.counts.exact),
            Reverse(f.counts.unique),
            Reverse(f.counts.non_empty),
            f.column,
        )
    });
    fields
}

/// The best field, if it matches at least one id and a share `min_rate` of
/// the `sampled` ids.
pub fn suggest(ranked: &[Candidate], sampled: usize, min_rate: f64) -> Option<&Candidate> {
    ranked.first().filter(|best| {
        best.counts.matched > 0 && rate(best.counts.matched, sampled as u64) >= min_rate
    })
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

    fn field(
        name: &str,
        column: usize,
        matched: u64,
        exact: u64,
        unique: u64,
        non_empty: u64,
    ) -> Candidate {
        Candidate {
            name: name.into(),
            column,
            counts: FieldCounts {
                matched,
                exact,
                unique,
                non_empty,
                ..FieldCounts::default()
            },
        }
    }

    fn names(fields: &[Candidate]) -> Vec<&str> {
        fields.iter().map(|f| f.name.as_str()).collect()
    }

    #[test]
    fn ranks_by_matches_then_tie_breaks() {
        let ranked = rank(vec![
            field("late_tie", 5, 10, 10, 10, 50),
            field("few", 0, 3, 3, 3, 90),
            field("more_exact", 2, 10, 10, 10, 50),
            field("less_exact", 1, 10, 8, 10, 90),
            field("duplicated", 3, 10, 10, 4, 90),
            field("best", 4, 12, 0, 0, 1),
        ]);
        assert_eq!(
            names(&ranked),
            [
                "best",
                "more_exact",
                "late_tie",
                "duplicated",
                "less_exact",
                "few"
            ]
        );
    }

    #[test]
    fn ranking_does_not_depend_on_input_order() {
        let fields = vec![
            field("a", 0, 5, 5, 5, 5),
            field("b", 1, 5, 5, 5, 5),
            field("c", 2, 7, 1, 1, 1),
        ];
        let mut reversed = fields.clone();
        reversed.reverse();
        assert_eq!(names(&rank(fields)), names(&rank(reversed)));
    }

    #[test]
    fn suggests_only_a_field_that_reaches_the_minimum() {
        let ranked = rank(vec![
            field("a", 0, 50, 50, 50, 50),
            field("b", 1, 10, 10, 10, 10),
        ]);
        assert_eq!(
            suggest(&ranked, 100, 0.5).map(|f| f.name.as_str()),
            Some("a")
        );
        assert!(suggest(&ranked, 101, 0.5).is_none());
        let none = rank(vec![field("a", 0, 0, 0, 0, 50)]);
        assert!(
            suggest(&none, 100, 0.0).is_none(),
            "no match is never a suggestion"
        );
    }
}
