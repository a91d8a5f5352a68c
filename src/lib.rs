//! fieldmatch: which Salesforce Account field should Intercom's `company_id`
//! map to, and how sure are we?
//!
//! Intercom links a company to an account only where the company's
//! `company_id` equals the value of one chosen Account field. [`analyze`]
//! reads an Intercom companies export and a Salesforce accounts export,
//! samples company ids, looks for them in every Account field, and returns
//! a [`Report`]: the fields ranked by how many ids they hold beyond chance,
//! the suggested one, and what it needs to work.
//!
//! ```
//! use fieldmatch::{Config, Format, Input};
//!
//! let companies = Input::bytes("companies.csv", &b"Company name,Company ID\nAcme,c1\nGlobex,c2\nInitech,c3\n"[..]);
//! let accounts = Input::bytes(
//!     "accounts.csv",
//!     &b"Id,Name,Intercom_Company_ID__c\n001A,Acme Inc.,c1\n001B,Globex,c2\n001C,Initech,C3\n"[..],
//! );
//! let analysis = fieldmatch::analyze(&Config::new(companies, accounts))?;
//! let suggestion = analysis.report.suggestion.as_ref().expect("a field holds the ids");
//! assert_eq!(suggestion.field, "Intercom_Company_ID__c");
//! assert_eq!((suggestion.exact, suggestion.normalized), (2, 1)); // `C3` needs a case fix
//! assert!(analysis.report.render(Format::Table, false).starts_with("Map company_id to"));
//! # Ok::<(), fieldmatch::Error>(())
//! ```
//!
//! # How it works
//!
//! The data flows one way, one folder a stage:
//!
//! 1. `read`: open each export (file, standard input or memory; gzip;
//!    UTF-8, UTF-16 or Windows-1252; any delimiter) and stream its records
//!    to all cores in one pass.
//! 2. `sample`: draw a uniform sample of distinct company ids, and a
//!    *decoy* for each: a made-up id of the same shape that is no company's.
//! 3. `matching`: look for every *probe* (sampled id or decoy) in every
//!    cell of every Account field, best *evidence* first: exact, then equal
//!    after a named *transform* (normalized), then similar (fuzzy).
//! 4. `tally`: count per field what each probe showed.
//! 5. `rank`: score each field by the share of sampled ids it holds net of
//!    *chance* (what it holds of the decoys), and order the fields.
//! 6. `report`: the verdict, the warnings and the ranked fields, rendered
//!    as a table, JSON, CSV, Markdown or HTML.
//!
//! With [`Config::mapping`] set, `worklist` then matches every company
//! against the chosen field, for the work list an admin fixes the data by.

#![warn(missing_docs)]

pub mod config;
pub mod error;
mod escape;
mod matching;
mod rank;
mod read;
pub mod report;
mod sample;
mod tally;
pub mod worklist;

pub use config::{Config, Format};
pub use error::{Error, Result};
pub use matching::{Evidence, Kind, Metric, TransformId};
pub use read::source::encoding_for_label;
pub use read::{Input, InputFormat};
pub use report::Report;
pub use worklist::WorkList;

use matching::{Ladder, Probes};

/// What a run found: the report, and with [`Config::mapping`] the work list.
#[derive(Debug)]
pub struct Analysis {
    /// The ranked fields, the suggestion, and what to know before acting.
    pub report: Report,
    /// Every company matched against the chosen field, when asked for and a
    /// field was chosen or suggested.
    pub worklist: Option<WorkList>,
}

/// Runs the whole analysis that `config` describes.
pub fn analyze(config: &Config) -> Result<Analysis> {
    config.check()?;
    let companies = sample::read(config, config.mapping)?;
    let decoys = sample::decoys::decoys(&companies.sample, config.seed);
    let probes = Probes::new(companies.sample.ids.clone(), decoys.ids);
    let options = matching::Options {
        fuzzy: config.fuzzy,
        metric: config.metric,
        threshold: config.threshold,
    };
    let ladder = Ladder::new(&probes, options);
    let accounts = tally::scan(config, &ladder)?;
    let all_ids = companies.all_ids.clone();
    let report = Report::new(config, companies, accounts, &probes, decoys.density);
    let field = config
        .field
        .clone()
        .or_else(|| report.suggestion.as_ref().map(|s| s.field.clone()));
    let worklist = match (all_ids, field) {
        (Some(ids), Some(field)) => Some(worklist::build(config, &field, ids)?),
        _ => None,
    };
    Ok(Analysis { report, worklist })
}

/// The matchers and the CSV reader, for the benchmarks and the generator.
/// Not a stable API.
#[doc(hidden)]
pub mod internals {
    pub use crate::matching::sfid;
    pub use crate::matching::transforms::LADDER;
    pub use crate::matching::{Exact, Fuzzy, Matcher, Normalized, Probes, Scratch};
}
