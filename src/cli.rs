//! The command line as clap sees it. No logic lives here: `config` turns these
//! raw values into a checked [`Config`](crate::config::Config).

use std::path::PathBuf;

use clap::{Parser, ValueEnum};

/// Find the Salesforce Account field that Intercom's company_id should map to.
///
/// Reads an Intercom companies export and a Salesforce accounts export (CSV),
/// samples company ids, looks for them in every Account field, and ranks the
/// fields by how many ids they hold. Exit status: 0 a field is suggested,
/// 1 no field reaches --min-rate, 2 usage or input error.
#[derive(Debug, Parser)]
#[command(name = "fieldmatch", version, about, long_about)]
pub struct Cli {
    /// Intercom companies export (CSV); `-` reads standard input
    #[arg(value_name = "COMPANIES")]
    pub companies: PathBuf,

    /// Salesforce accounts export (CSV); `-` reads standard input
    #[arg(value_name = "ACCOUNTS")]
    pub accounts: PathBuf,

    /// The companies column that holds company_id [default: found by name]
    #[arg(long, value_name = "NAME")]
    pub id_column: Option<String>,

    /// How many distinct non-blank company ids to sample; 0 means all
    #[arg(
        long,
        value_name = "N",
        default_value_t = 1000,
        allow_negative_numbers = true
    )]
    pub sample: i64,

    /// Sampling seed; the same seed draws the same sample on any machine
    #[arg(long, value_name = "N", default_value_t = crate::config::DEFAULT_SEED)]
    pub seed: u64,

    /// Minimum fuzzy similarity, 0 to 1
    #[arg(
        long,
        value_name = "F",
        default_value_t = 0.9,
        allow_negative_numbers = true
    )]
    pub threshold: f64,

    /// Minimum match rate, 0 to 1, for a field to be suggested
    #[arg(
        long,
        value_name = "F",
        default_value_t = 0.5,
        allow_negative_numbers = true
    )]
    pub min_rate: f64,

    /// Similarity metric for fuzzy matching
    #[arg(long, value_enum, default_value_t = Metric::JaroWinkler)]
    pub metric: Metric,

    /// Exact and normalized matching only
    #[arg(long)]
    pub no_fuzzy: bool,

    /// Only these Account fields are candidates (comma-separated header names)
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub fields: Vec<String>,

    /// These Account fields are not candidates (comma-separated header names)
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub exclude: Vec<String>,

    /// Show one field's full evidence: matched, unmatched and repeated ids
    #[arg(long, value_name = "FIELD")]
    pub explain: Option<String>,

    /// Match every company against the suggested field (or --field) and write
    /// the mapping, one row per company, as CSV to FILE
    #[arg(long, value_name = "FILE")]
    pub emit_mapping: Option<PathBuf>,

    /// The field --emit-mapping maps to [default: the suggested field]
    #[arg(long, value_name = "FIELD", requires = "emit_mapping")]
    pub field: Option<String>,

    /// How many fields the report lists; 0 means all
    #[arg(long, value_name = "K", default_value_t = 10)]
    pub top: usize,

    /// Character encoding of both inputs, e.g. utf-8, windows-1252, utf-16le [default: detected]
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,

    /// Field delimiter of both inputs: , ; | or tab [default: sniffed]
    #[arg(long, value_name = "CHAR")]
    pub delimiter: Option<String>,

    /// Report format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Write the report to FILE instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// No progress output
    #[arg(short, long)]
    pub quiet: bool,
}

/// How the report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people: the verdict, then a ranked table
    Table,
    /// For scripts: one JSON object, as the contract describes
    Json,
    /// One row per field
    Csv,
    /// The verdict and table, ready to paste into a ticket
    Markdown,
    /// One self-contained page with a bar chart, to attach or open in a browser
    Html,
}

/// A string similarity measure from the strsim crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Metric {
    JaroWinkler,
    Jaro,
    Levenshtein,
    DamerauLevenshtein,
    SorensenDice,
}

impl Metric {
    /// The name used on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Metric::JaroWinkler => "jaro-winkler",
            Metric::Jaro => "jaro",
            Metric::Levenshtein => "levenshtein",
            Metric::DamerauLevenshtein => "damerau-levenshtein",
            Metric::SorensenDice => "sorensen-dice",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
