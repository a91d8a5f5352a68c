//! The bridge as the report shows it: the companies column and Account
//! field that link companies when no field holds `company_id`, with the
//! same kind of figures as a field, over the sampled companies.

use serde::Serialize;

use crate::bridge::{Pair, Search};
use crate::figures::{percent, thousands};
use crate::matching::{Kind, TransformId};
use crate::rank::rate;
use crate::stats;

/// Pairs listed after the best.
const ALTERNATIVES: usize = 4;

/// A companies column whose values an Account field holds. Rates are
/// shares of the sampled companies.
#[derive(Debug, Clone, Serialize)]
pub struct BridgeReport {
    /// The companies column that links.
    pub column: String,
    /// The Account field that holds its values.
    pub field: String,
    /// True when the column holds company names: every link needs review
    /// before it is loaded.
    pub by_name: bool,
    /// Sampled companies.
    pub companies: u64,
    /// Of them, those with a value in the column.
    pub with_value: u64,
    /// Of `with_value`, those whose value another sampled company shares:
    /// a value links one company at most, so these link none.
    pub shared: u64,
    /// Of them, those whose value the field holds exactly or after a named
    /// fix: the links an update can use.
    pub linked: u64,
    /// Of `linked`, those equal byte for byte.
    pub exact: u64,
    /// Of `linked`, those equal after a named fix.
    pub normalized: u64,
    /// `linked` over `companies`.
    pub link_rate: f64,
    /// The low end of the 95% Wilson interval of `link_rate`.
    pub ci_low: f64,
    /// The high end of that interval.
    pub ci_high: f64,
    /// The share of made-up values of the column's shape (decoys) the
    /// field holds exactly or after a fix.
    pub chance_rate: f64,
    /// `link_rate` net of chance.
    pub score: f64,
    /// Of `linked`, the share whose value is on exactly one account: the
    /// links an update can write. Pairs are ranked by `score` times it.
    pub unique_rate: f64,
    /// A few links: the company's value and the account's.
    pub examples: Vec<BridgeExample>,
    /// The next best pairs, for comparison.
    pub alternatives: Vec<BridgeAlternative>,
}

/// One company's value and the account value that holds it.
#[derive(Debug, Clone, Serialize)]
pub struct BridgeExample {
    /// The company's value in the column.
    pub company_value: String,
    /// The account's value in the field.
    pub value: String,
    /// Exact or normalized.
    pub kind: Kind,
    /// For normalized evidence, the transform.
    pub transform: Option<TransformId>,
}

/// Another pair, less good.
#[derive(Debug, Clone, Serialize)]
pub struct BridgeAlternative {
    /// The companies column.
    pub column: String,
    /// The Account field.
    pub field: String,
    /// As in [`BridgeReport`].
    pub link_rate: f64,
    /// As in [`BridgeReport`].
    pub score: f64,
    /// As in [`BridgeReport`].
    pub unique_rate: f64,
}

impl BridgeReport {
    /// The report of the best pair of `search`.
    pub fn new(search: &Search, best: &Pair) -> BridgeReport {
        let f = &best.candidate;
        let c = &f.counts;
        let n = search.sampled;
        let linked = f.specific();
        let (ci_low, ci_high) = stats::wilson(linked, n);
        BridgeReport {
            column: best.name.clone(),
            field: f.name.clone(),
            by_name: best.by_name(),
            companies: n,
            with_value: best.with_value,
            shared: best.with_value.saturating_sub(best.probes),
            linked,
            exact: c.exact,
            normalized: c.normalized,
            link_rate: rate(linked, n),
            ci_low,
            ci_high,
            chance_rate: f.chance_specific,
            score: f.specific_score,
            unique_rate: best.unique_rate(),
            examples: c
                .examples
                .iter()
                .map(|e| BridgeExample {
                    company_value: e.company_id.clone(),
                    value: e.value.clone(),
                    kind: e.evidence.kind,
                    transform: e.evidence.transform,
                })
                .collect(),
            alternatives: search
                .pairs
                .iter()
                .filter(|p| !std::ptr::eq(*p, best))
                .take(ALTERNATIVES)
                .map(|p| BridgeAlternative {
                    column: p.name.clone(),
                    field: p.candidate.name.clone(),
                    link_rate: rate(p.candidate.specific(), n),
                    score: p.candidate.specific_score,
                    unique_rate: p.unique_rate(),
                })
                .collect(),
        }
    }

    /// The bridge in one sentence: which values link, for how many.
    pub fn sentence(&self) -> String {
        let mut s = format!(
            "Your companies' `{}` equals `{}` for {} of companies ({} to {}, net of chance {})",
            self.column,
            self.field,
            percent(self.link_rate),
            percent(self.ci_low),
            percent(self.ci_high),
            percent(self.score)
        );
        // Only a link to one account can be written: say when some are not.
        if self.unique_rate < 1.0 {
            let one = (self.unique_rate * self.linked as f64).round() as u64;
            s += &format!(
                ", {} of those {} on one account alone",
                thousands(one),
                thousands(self.linked)
            );
        }
        // The rate counts them as not linked: say why, where it is so. A
        // shared value has two companies at least.
        if self.shared > 0 {
            s += &format!(
                "; {} companies share their value with another company and link none",
                thousands(self.shared)
            );
        }
        s
    }
}

/// What to say when bridges were looked for and none links enough.
pub fn none_found(search: &Search, min_rate: f64) -> String {
    let looked = if search.columns.is_empty() {
        "no other column of the companies export tells companies apart".to_string()
    } else {
        format!(
            "no other column of the companies export ({}) links enough companies to accounts",
            search
                .columns
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let pair = |p: &Pair| format!("`{}` in `{}`", p.name, p.candidate.name);
    let links = |p: &Pair| {
        format!(
            "links {} of sampled companies ({} net of chance",
            percent(rate(p.candidate.specific(), search.sampled)),
            percent(p.candidate.specific_score)
        )
    };
    let mut said = Vec::new();
    // Enough links, but none an update could write: say why it is not taken.
    let shared = search
        .pairs
        .iter()
        .find(|p| p.candidate.specific() > 0 && p.candidate.specific_score >= min_rate);
    if let Some(p) = shared {
        said.push(format!(
            "{} {}), but each of those values is on several accounts, so an update could set none of them",
            pair(p),
            links(p)
        ));
    }
    let closest = search
        .pairs
        .iter()
        .find(|p| p.candidate.specific() > 0 && !shared.is_some_and(|s| std::ptr::eq(s, *p)));
    if let Some(p) = closest {
        said.push(format!(
            "the closest, {}, {}, {} of them to one account alone)",
            pair(p),
            links(p),
            percent(p.unique_rate())
        ));
    }
    if said.is_empty() {
        format!("{looked}.")
    } else {
        format!("{looked} for --min-rate {min_rate}: {}.", said.join("; "))
    }
}
