//! What the report says of the run itself: the options it used and what
//! each export held.

use serde::Serialize;

use crate::read::InputFormat;

/// The options a run used.
#[derive(Debug, Clone, Serialize)]
pub struct Parameters {
    /// Requested sample size; 0 means all ids.
    pub sample: usize,
    /// The sampling seed.
    pub seed: u64,
    /// Minimum similarity for a fuzzy match.
    pub threshold: f64,
    /// Minimum score for a suggestion.
    pub min_rate: f64,
    /// The similarity metric's name.
    pub metric: &'static str,
    /// Whether similar values were looked for.
    pub fuzzy: bool,
    /// Fields listed; 0 means all.
    pub top: usize,
    /// The day the setup checklist judges activity from (UTC).
    pub as_of: String,
}

/// What the companies export held.
#[derive(Debug, Clone, Serialize)]
pub struct CompaniesSummary {
    /// The input as the user named it.
    pub path: String,
    /// The header of the `company_id` column.
    pub id_column: String,
    /// Company rows.
    pub rows: u64,
    /// Rows whose `company_id` is blank.
    pub blank_ids: u64,
    /// Distinct non-blank ids (an estimate past 65,536).
    pub distinct_ids: u64,
    /// False when `distinct_ids` is an estimate (very large exports).
    pub distinct_ids_exact: bool,
    /// Ids sampled.
    pub sampled: usize,
    /// The share of strings shaped like the sampled ids that are company ids.
    /// Near 1 (short numbers), matching by value alone proves little.
    pub id_density: f64,
    /// Lines that are not company rows, skipped.
    pub skipped_lines: u64,
    /// How the file was read: encoding, delimiter, compression.
    pub format: InputFormat,
}

/// What the accounts export held.
#[derive(Debug, Clone, Serialize)]
pub struct AccountsSummary {
    /// The input as the user named it.
    pub path: String,
    /// Account rows.
    pub rows: u64,
    /// Candidate fields compared.
    pub fields: usize,
    /// Rows with more or fewer cells than the header.
    pub ragged_rows: u64,
    /// Rows whose account id (`Id`, `Account ID`) is the row's before: an
    /// account on several rows, as a report with a row per contact has.
    pub repeated_account_rows: u64,
    /// Lines that are not accounts (a report's footer and totals), skipped.
    pub skipped_lines: u64,
    /// How the file was read: encoding, delimiter, compression.
    pub format: InputFormat,
}
