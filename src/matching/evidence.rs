//! The evidence model: how strongly a value stands for an id, and the hits
//! the matchers report.

use serde::Serialize;

use super::transforms::TransformId;

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

/// What one matcher saw between a value and a probe.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evidence {
    /// Exact, normalized or fuzzy.
    pub kind: Kind,
    /// The normalization that made them equal, for normalized evidence.
    pub transform: Option<TransformId>,
    /// Similarity in 0..=1; 1 for exact and normalized matches.
    pub similarity: f64,
}

impl Evidence {
    /// Byte-for-byte equality.
    pub const EXACT: Evidence = Evidence {
        kind: Kind::Exact,
        transform: None,
        similarity: 1.0,
    };

    /// Evidence from the normalization `transform`.
    pub fn normalized(transform: TransformId) -> Evidence {
        Evidence {
            kind: Kind::Normalized,
            transform: Some(transform),
            similarity: 1.0,
        }
    }

    /// Evidence of similarity.
    pub fn similar(similarity: f64) -> Evidence {
        Evidence {
            kind: Kind::Fuzzy,
            transform: None,
            similarity,
        }
    }

    /// The level of the evidence: its kind, then its transform (in ladder
    /// order). Evidence at a lower level is better; similarity only orders
    /// evidence within one.
    pub fn level(&self) -> (Kind, Option<TransformId>) {
        (self.kind, self.transform)
    }
}

/// A probe (by its index) that a value matched.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub id: u32,
    pub evidence: Evidence,
}
