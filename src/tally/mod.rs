//! Per-field counts of what the matchers found. Tallies are built per chunk on
//! any thread and merged in any order: every figure is a sum, and every choice
//! (best evidence, which example to show) has an explicit tie-break, so the
//! result never depends on how the work was split.

mod accounts;
mod counts;
mod kept;

pub use accounts::{Accounts, LinkedRows, scan};
#[cfg(test)]
pub use counts::FixCount;
pub use counts::{Example, FieldCounts, Fix, Side};
