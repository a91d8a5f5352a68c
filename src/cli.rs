//! The command line as clap sees it, and its one way into a [`Config`]:
//! flag values parsed here (a label into an encoding, `tab` into a byte),
//! checked by the engine.

use std::path::PathBuf;

use clap::{Parser, ValueEnum};
use fieldmatch::config::DEFAULT_SEED;
use fieldmatch::encoding_for_label;
use fieldmatch::{BridgeSearch, Config, Error, Format, Input, Metric};

/// Find the Salesforce Account field that Intercom's company_id should map to.
///
/// Reads an Intercom companies export and a Salesforce accounts export (CSV),
/// samples company ids, looks for them in every Account field, and ranks the
/// fields by how many ids they hold. Exit status: 0 a field is suggested,
/// 1 no field reaches --min-rate, 2 usage or input error.
#[derive(Debug, Parser)]
#[command(name = "fieldmatch", version, about, long_about)]
#[command(group = clap::ArgGroup::new("emits").multiple(true).args(["emit_mapping", "emit_update"]))]
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
    #[arg(long, value_name = "N", default_value_t = DEFAULT_SEED)]
    pub seed: u64,

    /// Minimum fuzzy similarity, 0 to 1 (or a percentage: 90%)
    #[arg(
        long,
        value_name = "F",
        default_value_t = 0.9,
        allow_negative_numbers = true,
        value_parser = share
    )]
    pub threshold: f64,

    /// Minimum match rate, 0 to 1 (or a percentage: 50%), for a field to be
    /// suggested
    #[arg(
        long,
        value_name = "F",
        default_value_t = 0.5,
        allow_negative_numbers = true,
        value_parser = share
    )]
    pub min_rate: f64,

    /// Similarity metric for fuzzy matching
    #[arg(long, value_enum, default_value_t = MetricArg::JaroWinkler)]
    pub metric: MetricArg,

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

    /// Write the work list to FILE (CSV): every company row, its account, and
    /// what the sync does with it: linked, needs_fix, similar, ambiguous,
    /// unmatched or blank_id
    #[arg(long, value_name = "FILE")]
    pub emit_mapping: Option<PathBuf>,

    /// Write the Data Loader update file to FILE: `Id` and the field to set
    /// to each company's company_id, one row per account to change
    #[arg(long, value_name = "FILE")]
    pub emit_update: Option<PathBuf>,

    /// Write the data mapping to FILE (CSV): each company attribute, the
    /// Account field it should sync with, and how often they agree
    #[arg(long, value_name = "FILE")]
    pub emit_attribute_mapping: Option<PathBuf>,

    /// The Account field company_id maps to: the work list's statuses are for
    /// it, the update sets it, and the data mapping compares the accounts it
    /// links. It may be a new custom field, such as Intercom_Company_ID__c,
    /// for the update to fill [default: the suggested field]
    #[arg(long, value_name = "FIELD")]
    pub field: Option<String>,

    /// No data mapping: skip comparing the other company attributes with the
    /// Account fields of the accounts they link to
    #[arg(long, conflicts_with = "emit_attribute_mapping")]
    pub no_attributes: bool,

    /// When to look for another companies column (website, stripe_id, name)
    /// that links companies to accounts
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = BridgeArg::Auto)]
    pub bridge: BridgeArg,

    /// The day the setup checklist judges recent activity from, as
    /// YYYY-MM-DD [default: today]
    #[arg(long, value_name = "DATE", value_parser = day)]
    pub as_of: Option<i64>,

    /// How many fields the report lists; 0 means all
    #[arg(long, value_name = "K", default_value_t = 10)]
    pub top: usize,

    /// Character encoding of both inputs, e.g. utf-8, windows-1252, utf-16le [default: detected]
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,

    /// Character encoding of the companies export alone, over --encoding
    #[arg(long, value_name = "LABEL")]
    pub companies_encoding: Option<String>,

    /// Character encoding of the accounts export alone, over --encoding
    #[arg(long, value_name = "LABEL")]
    pub accounts_encoding: Option<String>,

    /// Field delimiter of both inputs: , ; | or tab [default: sniffed]
    #[arg(long, value_name = "CHAR")]
    pub delimiter: Option<String>,

    /// The sheet to read of an input that is a workbook (.xlsx, .xls, .ods)
    /// [default: the first]
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,

    /// The longest row read, in MiB; a longer one is refused as a quote
    /// that is never closed
    #[arg(long, value_name = "MIB", default_value_t = 64)]
    pub max_record: usize,

    /// Report format
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,

    /// The whole table even on a narrow terminal (it is fitted to the
    /// terminal's width otherwise)
    #[arg(long)]
    pub wide: bool,

    /// Write the report to FILE instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// No progress output
    #[arg(short, long)]
    pub quiet: bool,
}

/// A day as `2026-12-02`, in seconds since 1970 at its end (UTC), so that
/// activity that day counts as on it.
fn day(text: &str) -> Result<i64, String> {
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map(|d| {
            d.and_hms_opt(23, 59, 59)
                .unwrap_or_default()
                .and_utc()
                .timestamp()
        })
        .map_err(|_| format!("'{text}' is not a date; write it as 2026-12-02"))
}

/// A share as a fraction (`0.4`) or a percentage (`40%`); the range is the
/// engine's to check.
fn share(text: &str) -> Result<f64, String> {
    let t = text.trim();
    let (number, scale) = match t.strip_suffix('%') {
        Some(n) => (n.trim(), 100.0),
        None => (t, 1.0),
    };
    number
        .parse::<f64>()
        .map(|v| v / scale)
        .map_err(|_| format!("'{text}' is not a number; write a share such as 0.4 or 40%"))
}

/// How the report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
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

/// When to look for a bridge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BridgeArg {
    /// When no Account field holds company_id
    Auto,
    /// Even when one does
    Always,
    /// Never
    Never,
}

/// A string similarity measure from the strsim crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MetricArg {
    JaroWinkler,
    Jaro,
    Levenshtein,
    DamerauLevenshtein,
    SorensenDice,
}

/// Where the binary writes what a run made.
#[derive(Debug, Clone)]
pub struct Outputs {
    pub format: Format,
    /// The report's file; standard output when `None`.
    pub report: Option<PathBuf>,
    /// The work list's file, with `--emit-mapping`.
    pub mapping: Option<PathBuf>,
    /// The update file, with `--emit-update`.
    pub update: Option<PathBuf>,
    /// The data mapping's file, with `--emit-attribute-mapping`.
    pub attributes: Option<PathBuf>,
    /// Keep the whole table on a narrow terminal.
    pub wide: bool,
}

impl Cli {
    /// The run these flags ask for, and where its results go.
    pub fn into_config(self) -> Result<(Config, Outputs), Error> {
        let sample = match self.sample {
            n if n < 0 => {
                return Err(Error::Usage(format!(
                    "--sample must be 0 (all ids) or a positive count, not {n}"
                )));
            }
            0 => None,
            n => Some(usize::try_from(n).unwrap_or(usize::MAX)),
        };
        let encoding = |flag: &str, label: Option<&str>| match label {
            None => Ok(None),
            Some(label) => encoding_for_label(label).map(Some).ok_or_else(|| {
                Error::Usage(format!(
                    "{flag}: unknown encoding '{label}'; try utf-8, windows-1252 or utf-16le"
                ))
            }),
        };
        let companies_encoding =
            encoding("--companies-encoding", self.companies_encoding.as_deref())?;
        let accounts_encoding = encoding("--accounts-encoding", self.accounts_encoding.as_deref())?;
        let encoding = encoding("--encoding", self.encoding.as_deref())?;
        let delimiter = match self.delimiter.as_deref() {
            None => None,
            Some("tab" | "\\t" | "\t") => Some(b'\t'),
            Some(d) if d.len() == 1 && d.is_ascii() => Some(d.as_bytes()[0]),
            Some(d) => {
                return Err(Error::Usage(format!(
                    "--delimiter: '{d}' is not one character; use , ; | or tab"
                )));
            }
        };
        let trim = |list: Vec<String>| -> Vec<String> {
            list.into_iter()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        };
        let config = Config {
            id_column: self.id_column,
            sample,
            seed: self.seed,
            threshold: self.threshold,
            min_rate: self.min_rate,
            metric: self.metric.into(),
            fuzzy: !self.no_fuzzy,
            fields: trim(self.fields),
            exclude: trim(self.exclude),
            top: (self.top > 0).then_some(self.top),
            explain: self.explain,
            mapping: self.emit_mapping.is_some(),
            update: self.emit_update.is_some(),
            field: self.field,
            attributes: !self.no_attributes,
            bridge: match self.bridge {
                BridgeArg::Auto => BridgeSearch::Auto,
                BridgeArg::Always => BridgeSearch::Always,
                BridgeArg::Never => BridgeSearch::Never,
            },
            progress: !self.quiet,
            encoding,
            companies_encoding,
            accounts_encoding,
            delimiter,
            as_of: self.as_of,
            max_record: self.max_record.saturating_mul(1 << 20),
            sheet: self.sheet,
            ..Config::new(
                Input::from_arg(self.companies),
                Input::from_arg(self.accounts),
            )
        };
        let outputs = Outputs {
            format: self.format.into(),
            report: self.output,
            mapping: self.emit_mapping,
            update: self.emit_update,
            attributes: self.emit_attribute_mapping,
            wide: self.wide,
        };
        Ok((config, outputs))
    }
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Table => Format::Table,
            FormatArg::Json => Format::Json,
            FormatArg::Csv => Format::Csv,
            FormatArg::Markdown => Format::Markdown,
            FormatArg::Html => Format::Html,
        }
    }
}

impl From<MetricArg> for Metric {
    fn from(m: MetricArg) -> Metric {
        match m {
            MetricArg::JaroWinkler => Metric::JaroWinkler,
            MetricArg::Jaro => Metric::Jaro,
            MetricArg::Levenshtein => Metric::Levenshtein,
            MetricArg::DamerauLevenshtein => Metric::DamerauLevenshtein,
            MetricArg::SorensenDice => Metric::SorensenDice,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn parse(args: &[&str]) -> Result<(Config, Outputs), Error> {
        let mut argv = vec!["fieldmatch", "a.csv", "b.csv"];
        argv.extend_from_slice(args);
        Cli::try_parse_from(argv)
            .expect("clap accepts")
            .into_config()
    }

    #[test]
    fn command_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn flags_become_the_config() {
        let (c, out) = parse(&[]).unwrap();
        assert_eq!(c.sample, Some(1000));
        assert_eq!(c.top, Some(10));
        assert!(c.fuzzy && c.progress && !c.mapping);
        assert_eq!(out.format, Format::Table);
        let (c, out) = parse(&[
            "--sample",
            "0",
            "--top",
            "0",
            "-q",
            "--no-fuzzy",
            "--format",
            "json",
            "--emit-mapping",
            "m.csv",
            "--fields",
            " Id, ,Name ",
        ])
        .unwrap();
        assert_eq!((c.sample, c.top), (None, None));
        assert!(!c.progress && !c.fuzzy && c.mapping);
        assert_eq!(c.fields, ["Id", "Name"]);
        assert_eq!(out.format, Format::Json);
        assert_eq!(out.mapping, Some(PathBuf::from("m.csv")));
        let (c, _) = parse(&[]).unwrap();
        assert_eq!(c.accounts, Input::Path("b.csv".into()));
    }

    #[test]
    fn encoding_and_delimiter_overrides() {
        let (c, _) = parse(&["--encoding", "latin1", "--delimiter", ";"]).unwrap();
        assert_eq!(c.encoding, Some(encoding_rs::WINDOWS_1252));
        assert_eq!(c.delimiter, Some(b';'));
        // One file's own encoding goes over the one for both.
        let (c, _) = parse(&["--encoding", "utf-8", "--accounts-encoding", "cp1252"]).unwrap();
        assert_eq!(c.accounts_encoding, Some(encoding_rs::WINDOWS_1252));
        assert_eq!(
            (c.encoding, c.companies_encoding),
            (Some(encoding_rs::UTF_8), None)
        );
        assert!(parse(&["--companies-encoding", "klingon"]).is_err());
        assert_eq!(
            parse(&["--delimiter", "tab"]).unwrap().0.delimiter,
            Some(b'\t')
        );
        let (c, _) = parse(&["--min-rate", "40%", "--threshold", " 85 %"]).unwrap();
        assert_eq!((c.min_rate, c.threshold), (0.4, 0.85));
        for bad in [
            &["--encoding", "klingon"][..],
            &["--delimiter", ";;"],
            &["--sample", "-1"],
        ] {
            assert!(matches!(parse(bad), Err(Error::Usage(_))), "{bad:?}");
        }
    }
}
