//! Reading the Intercom companies export: find the `company_id` column, count
//! rows and blank ids, and sample the distinct ids, all in one parallel pass
//! whose per-worker samples merge into the one a single pass would draw.

use super::rows::{Row, Rows};
use super::sampler::{Sample, Sampler};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::read::export::Role;
use crate::read::{Cells, InputFormat, columns, text_of};
use crate::values::activity::{Activity, COMPANY_ACTIVITY, Watch};

/// What the companies export holds.
#[derive(Debug, Clone)]
pub struct Companies {
    /// The file as the user named it.
    pub path: String,
    /// The header of the `company_id` column, as written.
    pub id_column: String,
    /// Its position.
    pub column: usize,
    /// Every header of the export.
    pub headers: Vec<String>,
    /// Data rows.
    pub rows: u64,
    /// Rows whose id is empty or only whitespace.
    pub blank_ids: u64,
    /// Lines that are not company rows (one field in a file of several).
    pub skipped_lines: u64,
    pub format: InputFormat,
    pub sample: Sample,
    /// Every company row (its line and its id, empty when blank), in file
    /// order, when asked for: the work list accounts for them all.
    pub all: Option<Vec<CompanyRow>>,
    /// The newest date of each activity column (last seen, updated,
    /// created).
    pub activity: Vec<Activity>,
    /// The whole rows of the first sampled ids, in sample order, for the
    /// data mapping.
    pub first_rows: Vec<(Box<str>, Row)>,
}

/// One company row: the line it starts on and its `company_id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanyRow {
    pub line: u64,
    pub id: Box<str>,
}

/// Reads the companies export `config` names; keeps every company row too
/// when `keep_all` (the work list needs them all), and the whole rows of the
/// first `first_rows` sampled ids.
pub fn read(config: &Config, keep_all: bool, first_rows: usize) -> Result<Companies> {
    let export = config.open(Role::Companies)?;
    let (name, format, headers, path) = (
        export.name.clone(),
        export.format.clone(),
        export.headers.clone(),
        export.path.clone(),
    );
    let counters = export.counters();
    let (sample_size, seed) = (config.sample, config.seed);
    if columns::looks_like_accounts(&headers) {
        refuse_swapped(config, &path, &headers)?;
    }
    let column = columns::find_id_column(&headers, config.id_column.as_deref(), &path)?;

    let watch = Watch::new(&headers, COMPANY_ACTIVITY);
    let width = headers.len();
    let read = export.fold(
        || Read {
            rows: 0,
            blank_ids: 0,
            skipped_lines: 0,
            sampler: Sampler::new(sample_size, seed),
            ids: Vec::new(),
            activity: watch.start(),
            first_rows: Rows::new(first_rows),
        },
        |read, record, line, _| {
            read.rows += 1;
            watch.offer(&mut read.activity, |c| record.get(c));
            let id = record.get(column).unwrap_or_default();
            let blank = id.trim_ascii().is_empty();
            let id = text_of(if blank { b"" } else { id });
            if blank {
                read.blank_ids += 1;
            } else {
                let key = read.sampler.offer(&id);
                read.first_rows.offer(key, &id, line, || {
                    Cells::new((0..width).map(|c| record.get(c).unwrap_or_default()))
                });
            }
            if keep_all {
                read.ids.push(CompanyRow {
                    line,
                    id: id.into(),
                });
            }
        },
        |read| read.skipped_lines += 1,
        |mut a, b| {
            Watch::merge(&mut a.activity, b.activity);
            Read {
                rows: a.rows + b.rows,
                blank_ids: a.blank_ids + b.blank_ids,
                skipped_lines: a.skipped_lines + b.skipped_lines,
                sampler: a.sampler.merge(b.sampler),
                ids: [a.ids, b.ids].concat(),
                activity: a.activity,
                first_rows: a.first_rows.merge(b.first_rows),
            }
        },
    )?;
    let Read {
        rows,
        blank_ids,
        skipped_lines,
        sampler,
        mut ids,
        activity,
        first_rows,
    } = read;
    let activity = watch.finish(&headers, &activity);
    let format = counters.told(format);
    if rows == 0 {
        return Err(Error::input(
            &path,
            "has a header but no data rows; export the companies again",
        ));
    }
    let sample = sampler.finish();
    if sample.ids.is_empty() {
        return Err(Error::input(
            &path,
            format!(
                "every one of its {rows} rows has a blank '{}'; set company_id in Intercom, or name another column with --id-column",
                headers[column]
            ),
        ));
    }
    Ok(Companies {
        path: name,
        id_column: headers[column].clone(),
        column,
        headers,
        rows,
        blank_ids,
        skipped_lines,
        format,
        sample,
        activity,
        first_rows: first_rows.finish(),
        all: keep_all.then(|| {
            ids.sort_unstable_by_key(|r| r.line);
            ids
        }),
    })
}

/// Refuses a companies export that is an accounts export, when the other
/// file is the companies export (the two were given the wrong way round),
/// or when no column was named: a run on it means nothing.
fn refuse_swapped(config: &Config, path: &std::path::Path, headers: &[String]) -> Result<()> {
    let shown: Vec<String> = headers
        .iter()
        .take(6)
        .map(|h| columns::clipped(h))
        .collect();
    let other = match &config.accounts {
        // Standard input cannot be read twice; a file's header can.
        crate::read::Input::Stdin => None,
        _ => config
            .peek(Role::Accounts)
            .ok()
            .map(|e| (e.name, columns::has_company_id(&e.headers))),
    };
    match other {
        Some((accounts, true)) => Err(Error::input(
            path,
            format!(
                "looks like a Salesforce accounts export (its columns begin {}), and {accounts} like an Intercom companies export: the companies export comes first. Run fieldmatch {accounts} {}",
                shown.join(", "),
                config.companies.name()
            ),
        )),
        _ if config.id_column.is_none() => Err(Error::input(
            path,
            format!(
                "looks like a Salesforce accounts export (its columns begin {}), not an Intercom companies export; pass the companies export first and the accounts export second",
                shown.join(", ")
            ),
        )),
        _ => Ok(()),
    }
}

/// What one worker read of the companies export.
struct Read {
    rows: u64,
    blank_ids: u64,
    skipped_lines: u64,
    sampler: Sampler,
    /// With `keep_all`: every row this worker read.
    ids: Vec<CompanyRow>,
    first_rows: Rows,
    activity: Vec<crate::values::dates::Newest>,
}
