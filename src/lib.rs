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
//! With [`Config::mapping`] or [`Config::update`] set, `worklist` then
//! matches every company against the chosen field (or through a bridge
//! column), for the work list an admin fixes the data by and the update
//! file that Data Loader loads.

#![warn(missing_docs)]

mod attributes;
mod bridge;
mod bytes;
pub mod config;
pub mod error;
mod escape;
mod figures;
mod matching;
mod rank;
mod read;
pub mod report;
mod sample;
mod stats;
mod tally;
mod values;
pub mod worklist;

pub use config::{BridgeSearch, Config, Format};
pub use error::{Error, Result};
pub use matching::{Evidence, Kind, Metric, TransformId};
pub use read::source::encoding_for_label;
pub use read::{Input, InputFormat};
pub use report::Report;
pub use worklist::{Plan, Update, Via, WorkList};

use matching::{Early, Ladder, Probes};

/// What a run found: the report, and when asked for, the work list and
/// the update file.
#[derive(Debug)]
pub struct Analysis {
    /// The ranked fields, the suggestion, and what to know before acting.
    pub report: Report,
    /// Every company matched against the link field, with
    /// [`Config::mapping`] or [`Config::update`], when something links.
    pub worklist: Option<WorkList>,
    /// The accounts to update, with [`Config::update`], when something
    /// links and the field can be set.
    pub update: Option<Update>,
}

/// Frees `value` on the pool's threads: with every company sampled, the
/// probes are millions of strings, a third of a second of frees that
/// nothing after them waits for.
fn free_aside<T: Send + 'static>(value: T) {
    rayon::spawn(move || drop(value));
}

/// Runs the whole analysis that `config` describes.
pub fn analyze(config: &Config) -> Result<Analysis> {
    config.check()?;
    worklist::plan::precheck(config)?;
    let whole = config.mapping || config.update;
    let first = if config.attributes {
        attributes::PAIRS
    } else {
        0
    };
    let mut companies = sample::read(config, whole, first)?;
    let rows = companies.all.take();
    let first_rows = std::mem::take(&mut companies.first_rows);
    let step = config.progress().step(format!(
        "indexing {} sampled ids and their decoys",
        report::thousands(companies.sample.ids.len() as u64)
    ));
    let options = matching::Options {
        fuzzy: config.fuzzy,
        metric: config.metric,
        threshold: config.threshold,
    };
    // The decoys are drawn in turn, on one core: the other meanwhile builds
    // the sampled ids' part of the indexes.
    let (decoys, early) = rayon::join(
        || sample::decoys::decoys(&companies.sample, config.seed),
        || Early::of(&companies.sample.ids, options),
    );
    // The sampled ids move into the probes, which the report reads them from.
    let probes = Probes::new(std::mem::take(&mut companies.sample.ids), decoys.ids);
    let ladder = Ladder::after(&probes, options, early);
    step.finish_and_clear();
    let mut accounts = tally::scan(config, ladder, first_rows.len() as u32)?;
    let linked = std::mem::take(&mut accounts.linked);
    let fields = Fields {
        names: accounts.names.clone(),
        candidates: accounts.candidates.clone(),
    };
    let (id_column, headers) = (companies.column, companies.headers.clone());
    let identity_fields = accounts.identity_fields();
    // The work list reads the last-modified dates as the scan found them written.
    let account_activity = accounts.activity.clone();
    let mut report = Report::new(config, companies, accounts, &probes, decoys.density);
    let bridge = look_for_bridge(
        config,
        &mut report,
        Bridging {
            id_column,
            headers: &headers,
            sampled: probes.sampled(),
            fields: identity_fields,
        },
    )?;
    free_aside(probes);
    if config.attributes {
        let through = bridge
            .as_ref()
            .map(|(pair, _)| (pair.column, pair.candidate.name.as_str()));
        map_attributes(
            config,
            &mut report,
            Linking {
                headers: &headers,
                id_column,
                first_rows: &first_rows,
                fields: &fields,
                linked: &linked,
            },
            through,
        )?;
    }
    drop(linked);
    let Some(rows) = rows else {
        return Ok(Analysis {
            report,
            worklist: None,
            update: None,
        });
    };
    let suggested = report.suggestion.as_ref().map(|s| s.field.clone());
    let via = bridge.as_ref().map(|(pair, by_name)| {
        let via = Via::Bridge {
            column: pair.column,
            name: pair.name.clone(),
            by_name: *by_name,
        };
        (via, pair.candidate.name.as_str())
    });
    let Some(plan) = Plan::resolve(config, suggested.as_deref(), via)? else {
        report.warnings.push(
            "no field is suggested and no other column links companies to accounts, so no work list or update file was made; name the field to map with --field".into(),
        );
        return Ok(Analysis {
            report,
            worklist: None,
            update: None,
        });
    };
    let keys = match &plan.via {
        Via::CompanyId => None,
        Via::Bridge { column, .. } => Some(bridge::values::of_every_row(config, *column)?),
    };
    let companies = match keys {
        None => rows
            .into_iter()
            .map(|r| worklist::Company {
                line: r.line,
                key: r.id.clone(),
                id: r.id,
            })
            .collect(),
        Some(keys) => {
            let keys: rustc_hash::FxHashMap<u64, Box<str>> = keys.into_iter().collect();
            rows.into_iter()
                .map(|r| worklist::Company {
                    key: keys.get(&r.line).cloned().unwrap_or_default(),
                    line: r.line,
                    id: r.id,
                })
                .collect()
        }
    };
    let list = worklist::build(config, plan, companies, &account_activity)?;
    let update = match config.update {
        false => None,
        true => match worklist::plan::writable(&list.plan.target.name) {
            Ok(()) => Some(Update::new(&list)),
            Err(why) => {
                report
                    .warnings
                    .push(format!("no update file was written: {why}."));
                None
            }
        },
    };
    Ok(Analysis {
        report,
        worklist: Some(list),
        update,
    })
}

/// The Account fields: every column's name, and the candidates' columns.
struct Fields {
    names: Vec<String>,
    candidates: Vec<usize>,
}

/// What the data mapping is made from: the first sampled companies' rows,
/// and the accounts each links to through every candidate field.
struct Linking<'a> {
    headers: &'a [String],
    id_column: usize,
    first_rows: &'a [(Box<str>, sample::Row)],
    fields: &'a Fields,
    linked: &'a tally::LinkedRows,
}

/// Suggests the data mapping through the link field (`--field`, or the
/// suggested one), or else through the bridge `through` (a companies column
/// and the Account field that holds its values), and puts it in `report`.
fn map_attributes(
    config: &Config,
    report: &mut Report,
    from: Linking,
    through: Option<(usize, &str)>,
) -> Result<()> {
    let field = config
        .field
        .clone()
        .or_else(|| report.suggestion.as_ref().map(|s| s.field.clone()));
    let (field, bridged, linked) = match (field, through) {
        (Some(field), _) => (field, None, None),
        (None, Some((column, field))) => {
            let values = from
                .first_rows
                .iter()
                .map(|(_, (_, row))| row.get(column).unwrap_or_default().to_string())
                .collect();
            let linked = bridge::linked_rows(config, values, field)?;
            (field.to_string(), Some(column), Some(linked))
        }
        (None, None) => return Ok(()),
    };
    // Through the bridge, the one field scanned is candidate 0.
    let (candidate, rows) = match &linked {
        Some(linked) => (Some(0), linked),
        None => (
            from.fields
                .candidates
                .iter()
                .position(|&c| from.fields.names[c] == field),
            from.linked,
        ),
    };
    let Some(candidate) = candidate else {
        report.warnings.push(format!(
            "no data mapping was made: {field} is not among the accounts export's compared fields, so no account links to a company through it yet"
        ));
        return Ok(());
    };
    let pairs: Vec<(attributes::Cells, attributes::Cells)> = from
        .first_rows
        .iter()
        .enumerate()
        .filter_map(|(probe, (_, (_, company)))| {
            let account = rows.row(candidate, probe as u32)?;
            Some((company, account))
        })
        .collect();
    if pairs.len() < attributes::MIN_PAIRS {
        report.warnings.push(format!(
            "no data mapping was made: of the first {} sampled companies, {} link to exactly one account through {field}, and it takes {} to compare attributes",
            report::thousands(from.first_rows.len() as u64),
            report::thousands(pairs.len() as u64),
            attributes::MIN_PAIRS
        ));
        return Ok(());
    }
    let skip: Vec<usize> = std::iter::once(from.id_column).chain(bridged).collect();
    let step = config.progress().step(format!(
        "comparing the companies' attributes with the Account fields over {} linked pairs",
        report::thousands(pairs.len() as u64)
    ));
    let mapping = attributes::suggest(&attributes::Linked {
        attributes: from.headers,
        skip,
        fields: &from.fields.names,
        pairs,
        seed: config.seed,
    });
    step.finish_and_clear();
    let links = report::AttributeLinks::new(
        &field,
        bridged.map(|c| from.headers[c].as_str()),
        &mapping,
        attributes::SHUFFLES,
        rows.incomplete,
    );
    let attributes = mapping
        .attributes
        .iter()
        .map(report::AttributeReport::new)
        .collect();
    report.set_attributes(links, attributes);
    Ok(())
}

/// What a bridge is looked for from: the companies export's columns but
/// `company_id`'s, the sampled ids, and the Account fields that could hold
/// an identity.
struct Bridging<'a> {
    id_column: usize,
    headers: &'a [String],
    sampled: &'a [String],
    fields: Vec<String>,
}

/// Looks for a bridge when `config` asks (by default, when no field is
/// suggested), puts what was found in `report`, and returns the best pair,
/// and whether it links by name, if it links enough companies.
fn look_for_bridge(
    config: &Config,
    report: &mut Report,
    from: Bridging,
) -> Result<Option<(bridge::Pair, bool)>> {
    let wanted = match config.bridge {
        BridgeSearch::Always => true,
        BridgeSearch::Never => false,
        BridgeSearch::Auto => report.suggestion.is_none(),
    };
    if !wanted {
        return Ok(None);
    }
    // A bridge would have the update write the rounded ids into Salesforce.
    if matches!(config.bridge, BridgeSearch::Auto)
        && report.diagnosis.as_ref().is_some_and(|d| d.ids_rounded)
    {
        report.warnings.push(
            "no other companies column was tried as a bridge: a spreadsheet rounded the company ids (see the likely cause), and an update through a bridge would write them into Salesforce so.".into(),
        );
        return Ok(None);
    }
    if config.companies == Input::Stdin || config.accounts == Input::Stdin {
        report.warnings.push(
            "no other companies column was tried as a bridge: that reads both exports again, so neither can come from standard input.".into(),
        );
        return Ok(None);
    }
    let search = bridge::search(
        config,
        from.id_column,
        from.headers,
        from.sampled,
        from.fields,
    )?;
    match search.best(config.min_rate) {
        Some(best) => {
            let found = report::bridge::BridgeReport::new(&search, best);
            let by_name = found.by_name;
            report.set_bridge(found);
            Ok(Some((best.clone(), by_name)))
        }
        None => {
            report
                .warnings
                .push(report::bridge::none_found(&search, config.min_rate));
            Ok(None)
        }
    }
}

/// The matchers and the CSV reader, for the benchmarks and the generator.
/// Not a stable API.
#[doc(hidden)]
pub mod internals {
    pub use crate::bytes::Utf8;
    pub use crate::matching::sfid;
    pub use crate::matching::transforms::LADDER;
    pub use crate::matching::{
        Exact, Fuzzy, Ladder, Matcher, Normalized, Options, Probes, Scratch,
    };
}
