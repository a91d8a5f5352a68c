//! The configuration of a run: plain values with the defaults the command
//! line documents, checked once by [`Config::check`] before anything is
//! read. The engine only ever sees a `Config`; how it was made (flags, a
//! script, a test) is not its concern.

use std::path::{Path, PathBuf};

use encoding_rs::Encoding;

use crate::error::{Error, Result};
use crate::matching::Metric;
use crate::read::export::Role;
use crate::read::{Export, Input, Progress, ReadOptions};

/// The seed used when none is given.
pub const DEFAULT_SEED: u64 = 42;

/// How the report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// For people: the verdict, then a ranked table.
    Table,
    /// For scripts: one JSON object, as the contract describes.
    Json,
    /// One row per field.
    Csv,
    /// The verdict and table, ready to paste into a ticket.
    Markdown,
    /// One self-contained page with a bar chart.
    Html,
}

/// When to look for a bridge: another companies column that links
/// companies to accounts when no Account field holds `company_id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BridgeSearch {
    /// Only when no field is suggested.
    Auto,
    /// Always, even when a field is suggested.
    Always,
    /// Never.
    Never,
}

/// Everything a run needs.
#[derive(Debug, Clone)]
pub struct Config {
    /// The Intercom companies export.
    pub companies: Input,
    /// The Salesforce accounts export.
    pub accounts: Input,
    /// The companies column that holds `company_id`; found by name if `None`.
    pub id_column: Option<String>,
    /// Distinct ids to sample; `None` samples every one.
    pub sample: Option<usize>,
    /// The seed of the sample and the decoys.
    pub seed: u64,
    /// Minimum similarity, 0 to 1, for a fuzzy match.
    pub threshold: f64,
    /// Minimum share of sampled ids, 0 to 1, a field must hold (net of
    /// chance) to be suggested.
    pub min_rate: f64,
    /// How similarity is scored.
    pub metric: Metric,
    /// Whether to look for similar values at all.
    pub fuzzy: bool,
    /// Only these Account fields are candidates (all when empty).
    pub fields: Vec<String>,
    /// These Account fields are not candidates.
    pub exclude: Vec<String>,
    /// How many fields the report lists; `None` lists every one.
    pub top: Option<usize>,
    /// The field whose full evidence to show.
    pub explain: Option<String>,
    /// Whether to match every company, for the work list.
    pub mapping: bool,
    /// Whether to make the update file that sets the field on the accounts.
    pub update: bool,
    /// The field the work list maps to and the update sets; the suggested
    /// one if `None`. It may name a field that does not exist yet, for the
    /// update to fill.
    pub field: Option<String>,
    /// When to look for a bridge.
    pub bridge: BridgeSearch,
    /// Whether to suggest the data mapping: the Account field each other
    /// company attribute should sync with.
    pub attributes: bool,
    /// Progress bars on standard error, when it is a terminal.
    pub progress: bool,
    /// The encoding of both inputs; detected when `None`.
    pub encoding: Option<&'static Encoding>,
    /// The encoding of the companies export alone, over `encoding`.
    pub companies_encoding: Option<&'static Encoding>,
    /// The encoding of the accounts export alone, over `encoding`.
    pub accounts_encoding: Option<&'static Encoding>,
    /// The delimiter of both inputs; sniffed when `None`.
    pub delimiter: Option<u8>,
    /// The moment the setup checklist judges activity from, in seconds
    /// since 1970; now when `None`.
    pub as_of: Option<i64>,
    /// The longest record (row) read, in bytes: longer is refused as a
    /// quote that is never closed.
    pub max_record: usize,
    /// The sheet to read of an input that is a workbook; the first when
    /// `None`.
    pub sheet: Option<String>,
}

impl Config {
    /// A run over the two exports with every default.
    pub fn new(companies: Input, accounts: Input) -> Config {
        Config {
            companies,
            accounts,
            id_column: None,
            sample: Some(1000),
            seed: DEFAULT_SEED,
            threshold: 0.9,
            min_rate: 0.5,
            metric: Metric::JaroWinkler,
            fuzzy: true,
            fields: Vec::new(),
            exclude: Vec::new(),
            top: Some(10),
            explain: None,
            mapping: false,
            update: false,
            field: None,
            bridge: BridgeSearch::Auto,
            attributes: true,
            progress: false,
            encoding: None,
            companies_encoding: None,
            accounts_encoding: None,
            delimiter: None,
            as_of: None,
            max_record: crate::read::MAX_RECORD,
            sheet: None,
        }
    }

    /// Refuses values a run cannot use: rates out of range, no sample, the
    /// same file twice, standard input twice, a delimiter that cannot be one.
    pub fn check(&self) -> Result<()> {
        if self.sample == Some(0) {
            return Err(Error::Usage(
                "the sample must hold at least one id (or all of them)".into(),
            ));
        }
        check_unit("--threshold", self.threshold)?;
        check_unit("--min-rate", self.min_rate)?;
        if self.companies == Input::Stdin && self.accounts == Input::Stdin {
            return Err(Error::Usage(
                "only one of the two inputs can be read from standard input ('-')".into(),
            ));
        }
        if self.accounts == Input::Stdin && (self.mapping || self.update) {
            return Err(Error::Usage(
                "the work list and the update file read the accounts export a second time, so it cannot come from standard input; save it to a file and pass its name".into(),
            ));
        }
        for (stdin, file) in [
            (&self.companies, &self.accounts),
            (&self.accounts, &self.companies),
        ] {
            if let (Input::Stdin, Input::Path(file)) = (stdin, file)
                && stdin_is(file)
            {
                return Err(Error::Usage(format!(
                    "standard input is {} itself, which is also given as the other export; pass the two exports",
                    file.display()
                )));
            }
        }
        if let (Input::Path(a), Input::Path(b)) = (&self.companies, &self.accounts)
            && same_file(a, b)
        {
            return Err(Error::Usage(format!(
                "{} is given as both the companies and the accounts export; pass the Intercom companies export first and the Salesforce accounts export second",
                a.display()
            )));
        }
        if let Some(d) = self.delimiter
            && !crate::read::can_delimit(d)
        {
            return Err(Error::Usage(format!(
                "--delimiter: '{}' cannot separate fields; use , ; | or tab",
                d.escape_ascii()
            )));
        }
        Ok(())
    }

    /// Whether `path` names one of the inputs, so that writing it would
    /// destroy what is being read.
    pub fn is_input(&self, path: &Path) -> bool {
        [&self.companies, &self.accounts]
            .into_iter()
            .any(|input| matches!(input, Input::Path(p) if same_file(p, path)))
    }

    /// How to read the export of `role`.
    pub(crate) fn read_options(&self, role: Role) -> ReadOptions {
        let own = match role {
            Role::Companies => self.companies_encoding,
            Role::Accounts => self.accounts_encoding,
        };
        ReadOptions {
            encoding: own.or(self.encoding),
            delimiter: self.delimiter,
            max_record: self.max_record,
            sheet: self.sheet.clone(),
        }
    }

    /// Progress bars as asked for.
    pub fn progress(&self) -> Progress {
        Progress::new(self.progress)
    }

    /// Opens the export of `role` for a pass, with progress as asked for.
    pub(crate) fn open(&self, role: Role) -> Result<Export> {
        Export::open(
            self.input(role),
            role,
            self.progress(),
            self.read_options(role),
        )
    }

    /// Opens the export of `role` to read its header alone, quietly.
    pub(crate) fn peek(&self, role: Role) -> Result<Export> {
        Export::open(
            self.input(role),
            role,
            Progress::hidden(),
            self.read_options(role),
        )
    }

    fn input(&self, role: Role) -> &Input {
        match role {
            Role::Companies => &self.companies,
            Role::Accounts => &self.accounts,
        }
    }
}

fn check_unit(flag: &str, value: f64) -> Result<()> {
    if (0.0..=1.0).contains(&value) {
        Ok(())
    } else {
        let hint = if (1.0..=100.0).contains(&value) {
            format!(" (for {value}%, write {} or {value}%)", value / 100.0)
        } else {
            String::new()
        };
        Err(Error::Usage(format!(
            "{flag} must be between 0 and 1 (e.g. 0.9), not {value}{hint}"
        )))
    }
}

/// Whether two paths name the same existing file (or are spelled the same).
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Whether standard input is redirected from `path` itself.
#[cfg(unix)]
fn stdin_is(path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata("/dev/stdin"), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.is_file() && a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn stdin_is(_: &Path) -> bool {
    false
}

/// The path a file argument names, `-` aside.
pub fn path_of(input: &Input) -> Option<&PathBuf> {
    match input {
        Input::Path(p) => Some(p),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::new(Input::from_arg("a.csv"), Input::from_arg("b.csv"))
    }

    #[test]
    fn defaults_are_the_documented_ones() {
        let c = config();
        assert_eq!(c.sample, Some(1000));
        assert_eq!(c.seed, DEFAULT_SEED);
        assert_eq!((c.threshold, c.min_rate), (0.9, 0.5));
        assert_eq!(c.top, Some(10));
        assert!(c.fuzzy && !c.progress);
        assert!(c.check().is_ok());
    }

    #[test]
    fn values_out_of_range_are_usage_errors() {
        let bad: [fn(&mut Config); 5] = [
            |c| c.threshold = 1.5,
            |c| c.threshold = -0.1,
            |c| c.min_rate = 2.0,
            |c| c.sample = Some(0),
            |c| c.delimiter = Some(b'"'),
        ];
        for set in bad {
            let mut c = config();
            set(&mut c);
            assert!(matches!(c.check(), Err(Error::Usage(_))), "{c:?}");
        }
    }

    #[test]
    fn inputs_must_differ_and_come_once_from_standard_input() {
        let c = Config::new(Input::from_arg("x.csv"), Input::from_arg("x.csv"));
        assert!(matches!(c.check(), Err(Error::Usage(_))));
        let c = Config::new(Input::Stdin, Input::from_arg("-"));
        assert!(matches!(c.check(), Err(Error::Usage(_))));
        let mut c = Config::new(Input::from_arg("x.csv"), Input::Stdin);
        assert!(c.check().is_ok());
        c.update = true;
        assert!(matches!(c.check(), Err(Error::Usage(m)) if m.contains("save it to a file")));
        let c = config();
        assert!(c.is_input(Path::new("a.csv")) && !c.is_input(Path::new("c.csv")));
    }
}
