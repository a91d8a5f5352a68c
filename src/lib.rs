//! fieldmatch: which Salesforce Account field should Intercom's `company_id`
//! map to, and how sure are we?
//!
//! The data flows one way: [`companies`] reads the Intercom export and
//! [`sample`]s its ids; [`accounts`] streams the Salesforce export in
//! [`chunks`], cut into [`fields`], through the [`matching`] ladder (behind
//! its [`gate`]) into [`tally`]s; [`rank`] orders the fields; [`report`]
//! renders the result.

pub mod accounts;
pub mod bytemask;
pub mod chunks;
pub mod cli;
pub mod columns;
pub mod companies;
pub mod config;
pub mod decoy;
pub mod error;
pub mod fields;
pub mod gate;
pub mod mapping;
pub mod matching;
pub mod normalize;
pub mod output;
pub mod progress;
pub mod rank;
pub mod report;
pub mod sample;
pub mod sfid;
pub mod shape;
pub mod source;
pub mod stats;
pub mod stream;
pub mod tally;

pub use config::Config;
pub use error::{Error, Result};
pub use report::Report;

use matching::Ladder;
use progress::Progress;

/// Runs the whole analysis that `config` describes.
pub fn analyze(config: &Config, progress: Progress) -> Result<Report> {
    let companies = companies::read(
        &config.companies,
        config.id_column.as_deref(),
        config.sample,
        config.seed,
        progress,
        config.read_options(),
        config.emit_mapping.is_some(),
    )?;
    let sampled = companies.sample.ids.len();
    let decoys = decoy::decoys(&companies.sample, config.seed);
    let mut probes = companies.sample.ids.clone();
    probes.extend(decoys.ids);
    let options = matching::Options {
        fuzzy: config.fuzzy,
        metric: config.metric,
        threshold: config.threshold,
    };
    let ladder = Ladder::new(&probes, sampled, options);
    let accounts = accounts::scan(
        &config.accounts,
        &config.fields,
        &config.exclude,
        config.explain.as_deref(),
        &ladder,
        progress,
        config.read_options(),
    )?;
    let all_ids = companies.all_ids.clone();
    let mut report = Report::new(config, companies, accounts, &probes, decoys.density);
    if let (Some(out), Some(ids)) = (&config.emit_mapping, all_ids) {
        let field = config
            .field
            .clone()
            .or_else(|| report.suggestion.as_ref().map(|s| s.field.clone()));
        match field {
            Some(field) => report.mapping = Some(mapping::emit(config, &field, &ids, out, progress)?),
            None => report.warnings.push(format!(
                "no field is suggested, so no mapping was written to {}; name the field to map with --field.",
                out.display()
            )),
        }
    }
    Ok(report)
}
