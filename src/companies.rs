//! Reading the Intercom companies export: find the `company_id` column, count
//! rows and blank ids, and sample the distinct ids, all in one pass.

use std::hash::Hasher;
use std::path::Path;

use crate::columns;
use crate::error::{Error, Result};
use crate::progress::Progress;
use crate::sample::{Sample, Sampler};
use crate::source::{InputFormat, ReadOptions, Source};

/// What the companies export holds.
#[derive(Debug, Clone)]
pub struct Companies {
    /// The file as the user named it.
    pub path: String,
    /// The header of the `company_id` column, as written.
    pub id_column: String,
    /// Data rows.
    pub rows: u64,
    /// Rows whose id is empty or only whitespace.
    pub blank_ids: u64,
    /// Lines that are not company rows (one field in a file of several).
    pub skipped_lines: u64,
    pub format: InputFormat,
    pub sample: Sample,
    /// Every distinct id in the order first seen, when asked for (the
    /// mapping needs them all).
    pub all_ids: Option<Vec<String>>,
}

/// Reads the companies export at `path`.
pub fn read(
    path: &Path,
    id_column: Option<&str>,
    sample_size: Option<usize>,
    seed: u64,
    progress: Progress,
    options: ReadOptions,
    keep_all: bool,
) -> Result<Companies> {
    let source = Source::open(path, "companies", progress, options)?;
    let name = source.name();
    let bar = source.bar.clone();
    let format = source.format();
    let mut csv = csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(source.delimiter)
        .from_reader(source.reader);
    let csv_error = |e: csv::Error| match e.position() {
        Some(pos) => Error::at_line(path, pos.line(), e.to_string()),
        None => Error::input(path, e.to_string()),
    };
    let headers: Vec<String> = csv
        .byte_headers()
        .map_err(csv_error)?
        .iter()
        .map(|h| String::from_utf8_lossy(h).into_owned())
        .collect();
    if headers.iter().all(|h| h.trim().is_empty()) {
        return Err(Error::input(
            path,
            "the file is empty; export the companies from Intercom as CSV",
        ));
    }
    let column = columns::find_id_column(&headers, id_column, path)?;

    let mut sampler = Sampler::new(sample_size, seed);
    // Every distinct id, by a 64-bit hash: two ids would have to collide to
    // be merged, which is about 1 in 10^7 for a million ids.
    let mut all: Option<(Vec<String>, rustc_hash::FxHashSet<u64>)> =
        keep_all.then(Default::default);
    let (mut rows, mut blank_ids, mut skipped_lines) = (0u64, 0u64, 0u64);
    let mut record = csv::ByteRecord::new();
    while csv.read_byte_record(&mut record).map_err(csv_error)? {
        if headers.len() > 1 && record.len() == 1 {
            skipped_lines += 1;
            continue;
        }
        rows += 1;
        let id = record.get(column).unwrap_or_default();
        if id.trim_ascii().is_empty() {
            blank_ids += 1;
        } else {
            let id = String::from_utf8_lossy(id);
            sampler.offer(&id);
            if let Some((ids, seen)) = &mut all {
                let mut h = siphasher::sip::SipHasher13::new();
                h.write(id.as_bytes());
                if seen.insert(h.finish()) {
                    ids.push(id.into_owned());
                }
            }
        }
    }
    bar.finish_and_clear();
    if rows == 0 {
        return Err(Error::input(
            path,
            "has a header but no data rows; export the companies again",
        ));
    }
    let sample = sampler.finish();
    if sample.ids.is_empty() {
        return Err(Error::input(
            path,
            format!(
                "every one of its {rows} rows has a blank '{}'; set company_id in Intercom, or name another column with --id-column",
                headers[column]
            ),
        ));
    }
    Ok(Companies {
        path: name,
        id_column: headers[column].clone(),
        rows,
        blank_ids,
        skipped_lines,
        format,
        sample,
        all_ids: all.map(|(ids, _)| ids),
    })
}
