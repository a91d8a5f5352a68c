//! Finding sampled ids in account values.
//!
//! Matching is driven from the sample side: lookup structures are built over
//! the sampled ids once, and every account cell is streamed through them. Each
//! kind of evidence is a [`Matcher`]; a [`Ladder`] tries them in order, best
//! evidence first, and stops at the first that finds anything, so a cell that
//! matches exactly is never also counted as a weaker match.

use rustc_hash::FxHashMap;
use serde::Serialize;

/// How strongly a value stands for an id, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Byte for byte equal: what the sync itself does.
    Exact,
    /// Equal after a named normalization.
    Normalized,
    /// Similar at or above the threshold.
    Fuzzy,
}

/// What one matcher saw between a value and a sampled id.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evidence {
    pub kind: Kind,
    /// The normalization that made them equal, for [`Kind::Normalized`].
    pub transform: Option<&'static str>,
    /// Similarity in 0..=1; 1 for exact and normalized matches.
    pub similarity: f64,
}

impl Evidence {
    pub const EXACT: Evidence = Evidence {
        kind: Kind::Exact,
        transform: None,
        similarity: 1.0,
    };

    /// Whether `self` is better evidence than `other`: a stronger kind, then a
    /// higher similarity.
    pub fn beats(&self, other: &Evidence) -> bool {
        (self.kind, -self.similarity) < (other.kind, -other.similarity)
    }
}

/// A sampled id (by its index in the sample) that a value matched.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub id: u32,
    pub evidence: Evidence,
}

/// One kind of evidence: finds the sampled ids a cell value matches.
pub trait Matcher: Send + Sync {
    /// Appends to `hits` every sampled id that `value` matches. `value` is
    /// never empty.
    fn find(&self, value: &[u8], hits: &mut Vec<Hit>);
}

/// Exact equality, through one hash lookup behind a length filter.
pub struct Exact {
    ids: FxHashMap<Box<[u8]>, u32>,
    /// `has_len[n]`: some sampled id is `n` bytes long.
    has_len: Vec<bool>,
}

impl Exact {
    pub fn new(sample: &[String]) -> Exact {
        let max = sample.iter().map(String::len).max().unwrap_or(0);
        let mut has_len = vec![false; max + 1];
        let mut ids = FxHashMap::default();
        for (i, id) in sample.iter().enumerate() {
            has_len[id.len()] = true;
            ids.insert(id.as_bytes().into(), i as u32);
        }
        Exact { ids, has_len }
    }
}

impl Matcher for Exact {
    fn find(&self, value: &[u8], hits: &mut Vec<Hit>) {
        if !self.has_len.get(value.len()).copied().unwrap_or(false) {
            return;
        }
        if let Some(&id) = self.ids.get(value) {
            hits.push(Hit {
                id,
                evidence: Evidence::EXACT,
            });
        }
    }
}

/// The matchers of a run, best evidence first.
pub struct Ladder {
    steps: Vec<Box<dyn Matcher>>,
}

impl Ladder {
    /// The ladder for `sample`.
    pub fn new(sample: &[String]) -> Ladder {
        Ladder {
            steps: vec![Box::new(Exact::new(sample))],
        }
    }

    /// Fills `hits` (cleared first) with the best evidence any step finds.
    pub fn find(&self, value: &[u8], hits: &mut Vec<Hit>) {
        hits.clear();
        for step in &self.steps {
            step.find(value, hits);
            if !hits.is_empty() {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<String> {
        ["cmp_1", "cmp_22", "ACME"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    fn find(value: &str) -> Vec<Hit> {
        let mut hits = vec![];
        Ladder::new(&sample()).find(value.as_bytes(), &mut hits);
        hits
    }

    #[test]
    fn exact_finds_only_byte_equal_values() {
        assert_eq!(
            find("cmp_22"),
            [Hit {
                id: 1,
                evidence: Evidence::EXACT
            }]
        );
        assert!(find("acme").is_empty());
        assert!(find("cmp_22 ").is_empty());
        assert!(find("cmp_333333").is_empty());
        assert!(find("x").is_empty());
    }

    #[test]
    fn evidence_orders_by_kind_then_similarity() {
        let fuzzy = |s| Evidence {
            kind: Kind::Fuzzy,
            transform: None,
            similarity: s,
        };
        assert!(Evidence::EXACT.beats(&fuzzy(1.0)));
        assert!(fuzzy(0.95).beats(&fuzzy(0.9)));
        assert!(!fuzzy(0.9).beats(&fuzzy(0.9)));
    }
}
