//! The report model, built once from the ranked fields and rendered by one
//! module per format. Every format shows the same model; JSON is its serde
//! form and is the contract scripts rely on.

pub mod attributes;
pub mod bridge;
pub mod checks;
mod diagnosis;
mod explain;
mod field;
mod inputs;
mod model;
mod render;
mod shape;
mod warnings;

pub use attributes::{AttributeLinks, AttributeReport};
pub use bridge::BridgeReport;
pub use checks::{Check, CheckId, Outcome};

pub use crate::figures::{count, percent, thousands, visible};
pub use diagnosis::{Diagnosis, Shortfall};
pub use explain::{EXPLAIN_LIST, Explanation};
pub use field::{ExampleReport, FieldReport, FixReport, PairReport, Suggestion};
pub use inputs::{AccountsSummary, CompaniesSummary, Parameters};
#[cfg(test)]
pub(crate) use model::Parts;
pub use model::{Report, SCHEMA_VERSION};
