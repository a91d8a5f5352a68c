//! A checked configuration: flag values in range, inputs distinct, the output
//! not an input. The engine only ever sees a `Config`, never raw flags.

use std::path::{Path, PathBuf};

use encoding_rs::Encoding;

use crate::cli::{Cli, Format, Metric};
use crate::error::{Error, Result};
use crate::source::{self, ReadOptions};

/// The seed used when `--seed` is not given.
pub const DEFAULT_SEED: u64 = 42;

/// Everything a run needs, validated.
#[derive(Debug, Clone)]
pub struct Config {
    pub companies: PathBuf,
    pub accounts: PathBuf,
    pub id_column: Option<String>,
    /// `None` samples every distinct id.
    pub sample: Option<usize>,
    pub seed: u64,
    pub threshold: f64,
    pub min_rate: f64,
    pub metric: Metric,
    pub fuzzy: bool,
    pub fields: Vec<String>,
    pub exclude: Vec<String>,
    /// `None` lists every field.
    pub top: Option<usize>,
    /// The field whose full evidence to show.
    pub explain: Option<String>,
    /// Where to write the mapping of every company, and to which field.
    pub emit_mapping: Option<PathBuf>,
    pub field: Option<String>,
    pub format: Format,
    pub output: Option<PathBuf>,
    pub progress: bool,
    /// Overrides for how both inputs are read; detected when `None`.
    pub encoding: Option<&'static Encoding>,
    pub delimiter: Option<u8>,
}

impl Config {
    /// Checks the parsed command line.
    pub fn from_cli(cli: Cli) -> Result<Config> {
        let sample = match cli.sample {
            n if n < 0 => {
                return Err(Error::Usage(format!(
                    "--sample must be 0 (all ids) or a positive count, not {n}"
                )));
            }
            0 => None,
            n => Some(usize::try_from(n).unwrap_or(usize::MAX)),
        };
        check_unit("--threshold", cli.threshold)?;
        check_unit("--min-rate", cli.min_rate)?;
        if is_stdin(&cli.companies) && is_stdin(&cli.accounts) {
            return Err(Error::Usage(
                "only one of the two inputs can be read from standard input ('-')".into(),
            ));
        }
        if same_file(&cli.companies, &cli.accounts) {
            return Err(Error::Usage(format!(
                "{} is given as both the companies and the accounts export; pass the Intercom companies export first and the Salesforce accounts export second",
                cli.companies.display()
            )));
        }
        for (flag, out) in [
            ("--output", &cli.output),
            ("--emit-mapping", &cli.emit_mapping),
        ] {
            let Some(out) = out else { continue };
            for input in [&cli.companies, &cli.accounts] {
                if same_file(out, input) {
                    return Err(Error::Usage(format!(
                        "{flag} {} would overwrite an input; choose another file",
                        out.display()
                    )));
                }
            }
        }
        if let (Some(a), Some(b)) = (&cli.output, &cli.emit_mapping) {
            if same_file(a, b) {
                return Err(Error::Usage(
                    "--output and --emit-mapping name the same file; choose two".into(),
                ));
            }
        }
        let encoding = match cli.encoding.as_deref() {
            None => None,
            Some(label) => Some(source::encoding_for_label(label).ok_or_else(|| {
                Error::Usage(format!(
                    "--encoding: unknown encoding '{label}'; try utf-8, windows-1252 or utf-16le"
                ))
            })?),
        };
        let delimiter = match cli.delimiter.as_deref() {
            None => None,
            Some("tab" | "\\t" | "\t") => Some(b'\t'),
            Some(d) if d.len() == 1 && d != "\"" && d.is_ascii() => Some(d.as_bytes()[0]),
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
        Ok(Config {
            companies: cli.companies,
            accounts: cli.accounts,
            id_column: cli.id_column,
            sample,
            seed: cli.seed,
            threshold: cli.threshold,
            min_rate: cli.min_rate,
            metric: cli.metric,
            fuzzy: !cli.no_fuzzy,
            fields: trim(cli.fields),
            exclude: trim(cli.exclude),
            top: (cli.top > 0).then_some(cli.top),
            explain: cli.explain,
            emit_mapping: cli.emit_mapping,
            field: cli.field,
            format: cli.format,
            output: cli.output,
            progress: !cli.quiet,
            encoding,
            delimiter,
        })
    }

    /// How to read the inputs.
    pub fn read_options(&self) -> ReadOptions {
        ReadOptions {
            encoding: self.encoding,
            delimiter: self.delimiter,
        }
    }
}

fn check_unit(flag: &str, value: f64) -> Result<()> {
    if (0.0..=1.0).contains(&value) {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "{flag} must be between 0 and 1 (e.g. 0.9), not {value}"
        )))
    }
}

/// `-` names standard input.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Whether two paths name the same existing file (or are spelled the same).
fn same_file(a: &Path, b: &Path) -> bool {
    if is_stdin(a) || is_stdin(b) {
        return false;
    }
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn parse(args: &[&str]) -> Result<Config> {
        let mut argv = vec!["fieldmatch", "a.csv", "b.csv"];
        argv.extend_from_slice(args);
        Config::from_cli(Cli::try_parse_from(argv).expect("clap accepts"))
    }

    #[test]
    fn defaults_are_sensible() {
        let c = parse(&[]).unwrap();
        assert_eq!(c.sample, Some(1000));
        assert_eq!(c.seed, DEFAULT_SEED);
        assert_eq!(c.top, Some(10));
        assert!(c.fuzzy && c.progress);
    }

    #[test]
    fn zero_means_all() {
        let c = parse(&["--sample", "0", "--top", "0"]).unwrap();
        assert_eq!(c.sample, None);
        assert_eq!(c.top, None);
    }

    #[test]
    fn out_of_range_values_are_usage_errors() {
        for args in [
            &["--sample", "-1"][..],
            &["--threshold", "1.5"],
            &["--threshold", "-0.1"],
            &["--min-rate", "2"],
        ] {
            assert!(matches!(parse(args), Err(Error::Usage(_))), "{args:?}");
        }
    }

    #[test]
    fn encoding_and_delimiter_overrides() {
        let c = parse(&["--encoding", "latin1", "--delimiter", ";"]).unwrap();
        assert_eq!(c.encoding, Some(encoding_rs::WINDOWS_1252));
        assert_eq!(c.delimiter, Some(b';'));
        assert_eq!(
            parse(&["--delimiter", "tab"]).unwrap().delimiter,
            Some(b'\t')
        );
        assert!(matches!(
            parse(&["--encoding", "klingon"]),
            Err(Error::Usage(_))
        ));
        assert!(matches!(
            parse(&["--delimiter", ";;"]),
            Err(Error::Usage(_))
        ));
    }

    #[test]
    fn output_may_not_be_an_input() {
        assert!(matches!(parse(&["-o", "a.csv"]), Err(Error::Usage(_))));
        let cli = Cli::try_parse_from(["fieldmatch", "x.csv", "x.csv"]).unwrap();
        assert!(matches!(Config::from_cli(cli), Err(Error::Usage(_))));
    }
}
