//! Streaming an export in parallel, in one pass.
//!
//! A reader thread cuts the file into chunks of whole records ([`Chunker`]),
//! and rayon workers parse each chunk and fold it into their own state, which
//! is then merged. Memory holds a few chunks at a time and the workers'
//! state, never the whole file. Lines that are not records (a report's
//! footer and totals) are told apart here, once, for every export.

use std::io::Read;
use std::path::PathBuf;
use std::sync::mpsc;

use rayon::iter::{ParallelBridge, ParallelIterator};

use super::csv::{Chunk, Chunker, FieldCutter, Record, for_each_record};
use super::progress::Progress;
use super::source::{Input, InputFormat, ReadOptions, Source};
use crate::error::{Error, Result};

/// Bytes per chunk handed to a worker.
const CHUNK_SIZE: usize = 2 << 20;

/// Which of the two exports an input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The Intercom companies export.
    Companies,
    /// The Salesforce accounts export.
    Accounts,
}

impl Role {
    /// The word progress shows for it.
    pub fn label(self) -> &'static str {
        match self {
            Role::Companies => "companies",
            Role::Accounts => "accounts",
        }
    }

    /// How to get this export again, for a message about a bad one.
    pub fn how_to_export(self) -> &'static str {
        match self {
            Role::Companies => "export the companies from Intercom as CSV",
            Role::Accounts => "export the accounts from Salesforce as CSV",
        }
    }
}

/// An opened export: its header read, its records to come.
pub struct Export {
    /// The name errors give the input: its path, or `<stdin>`.
    pub path: PathBuf,
    /// The input as the user named it, for reports.
    pub name: String,
    pub headers: Vec<String>,
    pub format: InputFormat,
    delimiter: u8,
    chunker: Chunker<Box<dyn Read + Send>>,
    bar: indicatif::ProgressBar,
}

impl Export {
    /// Opens `input` as the export `role` says and reads its header.
    pub fn open(
        input: &Input,
        role: Role,
        progress: Progress,
        options: ReadOptions,
    ) -> Result<Export> {
        let source = Source::open(input, role.label(), progress, options)?;
        let path = input.error_path();
        let (name, bar, format, delimiter) = (
            input.name(),
            source.bar.clone(),
            source.format(),
            source.delimiter,
        );
        let mut chunker =
            Chunker::new(source.reader, delimiter, CHUNK_SIZE).with_max_record(options.max_record);
        let header = chunker.next_record().map_err(|e| Error::io(&path, e))?;
        let headers = header
            .map(|h| parse_header(&h.data, delimiter))
            .unwrap_or_default();
        if headers.iter().all(|h| h.trim().is_empty()) {
            return Err(Error::input(
                path,
                format!("the file is empty; {}", role.how_to_export()),
            ));
        }
        Ok(Export {
            path,
            name,
            headers,
            format,
            delimiter,
            chunker,
            bar,
        })
    }

    /// Streams every data record through `each`, in parallel: each worker
    /// folds the chunks it gets into its own `T` (from `init`), and the
    /// results are merged with `merge`, which must not depend on order.
    /// `each` gets the record, the line it starts on, and the chunk's index.
    /// Footer and totals lines are counted in `footer`, not passed on.
    pub fn fold<T: Send>(
        self,
        init: impl Fn() -> T + Sync + Send,
        each: impl Fn(&mut T, &Record, u64, u64) + Sync + Send,
        footer: impl Fn(&mut T) + Sync + Send,
        merge: impl Fn(T, T) -> T + Sync + Send,
    ) -> Result<T> {
        let Export {
            path,
            chunker,
            delimiter,
            headers,
            bar,
            ..
        } = self;
        let width = headers.len();
        let path = path.as_path();
        let result = std::thread::scope(|scope| {
            // A few chunks in flight: enough to keep every worker busy, few
            // enough that memory stays flat.
            let (tx, rx) = mpsc::sync_channel(2 * rayon::current_num_threads());
            scope.spawn(move || read_chunks(chunker, tx));
            // Each worker keeps its cutter's buffers from chunk to chunk.
            let start = || (init(), FieldCutter::default());
            rx.into_iter()
                .par_bridge()
                .try_fold(start, |(mut acc, mut cutter), chunk| {
                    let mut chunk = chunk.map_err(|e| Error::io(path, e))?;
                    let index = chunk.index;
                    for_each_record(&mut chunk, &mut cutter, delimiter, |record, line| {
                        if is_footer(record, width) {
                            footer(&mut acc);
                        } else {
                            each(&mut acc, record, line, index);
                        }
                    })
                    .map_err(|(line, why)| Error::at_line(path, line, why))?;
                    Ok::<_, Error>((acc, cutter))
                })
                .try_reduce(start, |(a, cutter), (b, _)| Ok((merge(a, b), cutter)))
                .map(|(acc, _)| acc)
        });
        bar.finish_and_clear();
        result
    }
}

/// Sends chunks until the input ends, a read fails, or the workers stop.
fn read_chunks<R: Read>(mut chunker: Chunker<R>, tx: mpsc::SyncSender<std::io::Result<Chunk>>) {
    loop {
        let next = chunker.next_chunk().transpose();
        let Some(next) = next else { return };
        let failed = next.is_err();
        if tx.send(next).is_err() || failed {
            return;
        }
    }
}

fn parse_header(data: &[u8], delimiter: u8) -> Vec<String> {
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(delimiter)
        .from_reader(data);
    let mut record = csv::ByteRecord::new();
    match csv.read_byte_record(&mut record) {
        Ok(true) => record
            .iter()
            .map(|h| String::from_utf8_lossy(h).into_owned())
            .collect(),
        _ => Vec::new(),
    }
}

/// Whether a record is not an account but part of a report's footer or
/// summary: a lone field in a file of several columns (the report name,
/// `Copyright (c) … salesforce.com`, `Generated By:`, the company name), or a
/// `Grand Totals (N records)` / `Total` row.
fn is_footer(record: &Record, width: usize) -> bool {
    if width > 1 && record.len() == 1 {
        return true;
    }
    let first = record.get(0).unwrap_or_default().trim_ascii();
    if first.starts_with(b"Grand Totals") {
        return true;
    }
    // A `Total` row sums the others: most of its cells are empty or numbers.
    first == b"Total"
        && record
            .iter()
            .skip(1)
            .filter(|c| c.iter().any(u8::is_ascii_alphabetic))
            .count()
            * 2
            < record.len()
}

/// Whether a cell holds no value: blank, or one of Salesforce's ways of
/// writing null (`#N/A` from the Bulk API, the all-zero empty lookup id).
pub fn is_blank(value: &[u8]) -> bool {
    let v = value.trim_ascii();
    v.is_empty() || v == b"#N/A" || v == b"000000000000000AAA"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn salesforce_nulls_are_blank() {
        for v in ["", "  ", "#N/A", "000000000000000AAA"] {
            assert!(is_blank(v.as_bytes()), "{v:?}");
        }
        for v in ["0", "false", "000000000000000AAB", "N/A"] {
            assert!(!is_blank(v.as_bytes()), "{v:?}");
        }
    }
}
