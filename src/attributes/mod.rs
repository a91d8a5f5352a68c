//! The data mapping: which Account field each other company attribute
//! should sync with, decided by the records the identity key links.
//!
//! Once the link field is settled, the first sampled companies and the one
//! account each links to make *linked pairs*. Every company column is
//! compared with every Account field over those pairs by what the values
//! are ([`kind`]): text equal, equal once normalized, or similar; numbers
//! equal within rounding or in a band; moments the same across time zones;
//! yes/no the same; picklists through a value map the pairs show
//! ([`agree`]). The same comparison over *shuffled* pairs (each company
//! against another company's account) measures chance: a constant or a
//! small picklist agrees there as often as on linked pairs, and is no
//! mapping. Each attribute then gets at most one field, in the assignment
//! that agrees best overall ([`assign`]). Field names play no part but to
//! break exact ties.

mod agree;
mod assign;
mod kind;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::Serialize;

pub use agree::{Agreement, GIVE_UP_AFTER, Level};
use kind::Column;
pub use kind::ValueType;

/// Companies whose rows are kept for the data mapping: the first this many
/// sampled, as many as one linked pair a company.
pub const PAIRS: usize = 1000;

/// Linked pairs the data mapping needs at least: as many as a field needs
/// compared to be suggested.
pub const MIN_PAIRS: usize = agree::MIN_COMPARED as usize;

/// Shuffles of the linked pairs that chance is measured over.
pub const SHUFFLES: usize = 3;

/// A field within this much agreement net of chance of the chosen one is
/// named as the runner-up.
const CLOSE: f64 = 0.1;

/// One row's cells.
pub type Cells<'a> = &'a crate::read::Cells;

/// The linked pairs and what to compare over them.
pub struct Linked<'a> {
    /// The companies export's headers.
    pub attributes: &'a [String],
    /// The columns the link itself uses (`company_id`, a bridge's).
    pub skip: Vec<usize>,
    /// The Account fields, as the report names them.
    pub fields: &'a [String],
    /// (company row, account row) for each linked company, in sample order.
    pub pairs: Vec<(Cells<'a>, Cells<'a>)>,
    /// Seeds the shuffles.
    pub seed: u64,
}

/// The suggested data mapping.
#[derive(Debug, Clone)]
pub struct Mapping {
    /// Linked pairs compared.
    pub pairs: usize,
    /// One entry per company attribute, in file order.
    pub attributes: Vec<Attribute>,
}

/// What one company attribute maps to.
#[derive(Debug, Clone)]
pub struct Attribute {
    pub column: usize,
    pub name: String,
    pub ty: ValueType,
    /// Linked pairs where the company has a value.
    pub filled: u32,
    pub outcome: Outcome,
    /// The chosen field; when none is chosen, the closest one.
    pub best: Option<Candidate>,
    /// A field that agrees nearly as well as the chosen one.
    pub runner_up: Option<Candidate>,
}

/// An Account field and how it agrees with an attribute.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub field: String,
    pub column: usize,
    pub ty: ValueType,
    pub agreement: Agreement,
}

/// Whether an attribute maps, and if not, why not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum Outcome {
    /// It maps to the chosen field.
    Mapped,
    /// It agrees beyond chance only with fields a sync cannot carry it into.
    TypesDiffer,
    /// It agrees with a field as often on shuffled pairs as on linked ones:
    /// a constant or a small picklist.
    Chance,
    /// No field agrees with it enough.
    Weak,
    /// No linked company has a value.
    Empty,
    /// Its fields went to other attributes that agree with them better.
    Taken {
        /// The attribute that has the field this one agrees with best.
        by: String,
    },
}

impl Outcome {
    /// The outcome as the JSON report names it.
    pub fn key(&self) -> &'static str {
        match self {
            Outcome::Mapped => "mapped",
            Outcome::TypesDiffer => "types_differ",
            Outcome::Chance => "chance",
            Outcome::Weak => "weak",
            Outcome::Empty => "empty",
            Outcome::Taken { .. } => "taken",
        }
    }
}

/// The data mapping over the pairs `linked` holds.
pub fn suggest(linked: &Linked) -> Mapping {
    let n = linked.pairs.len();
    let read = |headers: &[String], skip: &[usize], company: bool| {
        (0..headers.len())
            .into_par_iter()
            .filter(|c| !skip.contains(c))
            .map(|c| {
                let values = linked.pairs.iter().map(|p| {
                    let row = if company { p.0 } else { p.1 };
                    row.get(c).unwrap_or("")
                });
                (c, Column::read(&headers[c], values))
            })
            .collect::<Vec<_>>()
    };
    let companies = read(linked.attributes, &linked.skip, true);
    // The link field stays: an attribute may sync with it too, as a
    // company's name does when the name is the key.
    let rotations = rotations(n, linked.seed);
    // Account fields one at a time, each read, compared and dropped: an
    // export of thousands of columns never holds them all at once.
    let by_field: Vec<(usize, ValueType, Vec<Agreement>)> = (0..linked.fields.len())
        .into_par_iter()
        .map(|f| {
            let values = linked.pairs.iter().map(|p| p.1.get(f).unwrap_or(""));
            let b = Column::read(&linked.fields[f], values);
            let row = companies
                .iter()
                .map(|(_, a)| agree::compare(a, &b, &rotations))
                .collect();
            (f, b.ty, row)
        })
        .collect();
    let accounts: Vec<(usize, ValueType)> = by_field.iter().map(|(f, ty, _)| (*f, *ty)).collect();
    let mut agreements: Vec<Vec<Agreement>> =
        vec![Vec::with_capacity(accounts.len()); companies.len()];
    for (_, _, row) in by_field {
        for (a, g) in row.into_iter().enumerate() {
            agreements[a].push(g);
        }
    }
    let scores: Vec<Vec<Option<f64>>> = companies
        .iter()
        .zip(&agreements)
        .map(|((_, a), row)| {
            accounts
                .iter()
                .zip(row)
                .map(|((_, ty), g)| (g.suggestible() && a.ty.carries(*ty)).then(|| g.net()))
                .collect()
        })
        .collect();
    let loose = |s: &str| crate::read::columns::loose_key(s);
    let chosen = assign::assign(&scores, |a, f| {
        strsim::jaro_winkler(
            &loose(&linked.attributes[companies[a].0]),
            &loose(&linked.fields[accounts[f].0]),
        )
    });
    let candidate = |a: usize, f: usize| Candidate {
        field: linked.fields[accounts[f].0].clone(),
        column: accounts[f].0,
        ty: accounts[f].1,
        agreement: agreements[a][f].clone(),
    };
    let by_net = |a: usize, f: usize| (agreements[a][f].net(), std::cmp::Reverse(f));
    let attributes = companies
        .iter()
        .enumerate()
        .map(|(a, (column, col))| {
            let filled = col.cells.iter().filter(|c| !c.is_blank()).count() as u32;
            let eligible: Vec<usize> = (0..accounts.len())
                .filter(|&f| scores[a][f].is_some())
                .collect();
            let best_of = |fields: &mut dyn Iterator<Item = usize>| {
                fields.max_by(|&x, &y| {
                    by_net(a, x)
                        .partial_cmp(&by_net(a, y))
                        .expect("rates are numbers")
                })
            };
            let (outcome, best, runner_up) = if col.ty == ValueType::Empty {
                (Outcome::Empty, None, None)
            } else if let Some(f) = chosen[a] {
                let floor = agreements[a][f].net() - CLOSE;
                let runner = best_of(
                    &mut eligible
                        .iter()
                        .copied()
                        .filter(|&g| g != f && agreements[a][g].net() >= floor),
                );
                (
                    Outcome::Mapped,
                    Some(candidate(a, f)),
                    runner.map(|g| candidate(a, g)),
                )
            } else if let Some(f) = best_of(&mut eligible.iter().copied()) {
                let by = chosen
                    .iter()
                    .position(|c| *c == Some(f))
                    .map_or_else(String::new, |o| linked.attributes[companies[o].0].clone());
                (Outcome::Taken { by }, Some(candidate(a, f)), None)
            } else if let Some(f) = best_of(
                &mut (0..accounts.len())
                    .filter(|&f| agreements[a][f].suggestible() && !col.ty.carries(accounts[f].1)),
            ) {
                (Outcome::TypesDiffer, Some(candidate(a, f)), None)
            } else {
                let closest = (0..accounts.len())
                    .filter(|&f| {
                        agreements[a][f].compared >= agree::MIN_COMPARED
                            && agreements[a][f].agreed > 0
                    })
                    .max_by(|&x, &y| {
                        let key = |f: usize| {
                            (
                                agreements[a][f].rate(),
                                agreements[a][f].net(),
                                std::cmp::Reverse(f),
                            )
                        };
                        key(x).partial_cmp(&key(y)).expect("rates are numbers")
                    });
                match closest {
                    Some(f) if agreements[a][f].rate() >= agree::MIN_AGREEMENT => {
                        (Outcome::Chance, Some(candidate(a, f)), None)
                    }
                    f => (Outcome::Weak, f.map(|f| candidate(a, f)), None),
                }
            };
            Attribute {
                column: *column,
                name: linked.attributes[*column].clone(),
                ty: col.ty,
                filled,
                outcome,
                best,
                runner_up,
            }
        })
        .collect();
    Mapping {
        pairs: n,
        attributes,
    }
}

/// Distinct rotations of `n` pairs, drawn with `seed`: pair `i` against the
/// account of pair `i + r`. Never 0, which is the linked pairing itself.
fn rotations(n: usize, seed: u64) -> Vec<usize> {
    if n < 2 {
        return Vec::new();
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5eed_a77b);
    let mut out: Vec<usize> = Vec::new();
    while out.len() < SHUFFLES.min(n - 1) {
        let r = rng.random_range(1..n);
        if !out.contains(&r) {
            out.push(r);
        }
    }
    out
}
