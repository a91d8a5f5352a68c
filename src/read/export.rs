//! Streaming an export in parallel, in one pass.
//!
//! A reader thread cuts the file into chunks of whole records ([`Chunker`]),
//! and rayon workers parse each chunk and fold it into their own state, which
//! is then merged. Memory holds a few chunks at a time, in buffers the
//! workers hand back to the reader, and the workers' state, never the whole
//! file. Lines that are not records (a report's
//! footer and totals) are told apart here, once, for every export.

use std::io::Read;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock, mpsc};

use rayon::iter::{ParallelBridge, ParallelIterator};

use super::csv::{Chunk, Chunker, FieldCutter, Record, Unclosed, for_each_record};
use super::progress::Progress;
use super::source::{Input, InputFormat, ReadOptions, Source};
use crate::bytes::Utf8;
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
    counters: Counters,
}

/// What is counted of an export's bytes as they are read.
#[derive(Debug, Clone)]
pub struct Counters {
    nuls: Arc<AtomicU64>,
    contradictions: Arc<AtomicU64>,
    /// Whether the input is decoded into UTF-8 from another encoding, which
    /// gives UTF-8 whatever its bytes; else `contradictions` counts the
    /// bytes that are not UTF-8.
    decoded: bool,
    /// Set once the input has ended, if it ends inside quotes.
    unclosed: Arc<OnceLock<Unclosed>>,
}

impl Counters {
    /// Whether every byte handed on so far is UTF-8. The bytes that are
    /// not are counted as they are read, before a chunk is cut from them.
    fn all_utf8_so_far(&self) -> bool {
        self.decoded || self.contradictions.load(Ordering::Relaxed) == 0
    }

    /// `format` with what was counted, once the export has been read.
    pub fn told(&self, mut format: InputFormat) -> InputFormat {
        format.nul_bytes = self.nuls.load(Ordering::Relaxed);
        format.contradicting_bytes = self.contradictions.load(Ordering::Relaxed);
        format.unclosed_quote = self.unclosed.get().copied();
        format
    }
}

impl Export {
    /// Opens `input` as the export `role` says and reads its header.
    pub fn open(
        input: &Input,
        role: Role,
        progress: Progress,
        options: ReadOptions,
    ) -> Result<Export> {
        let max_record = options.max_record;
        let source = Source::open(input, role.label(), progress, options)?;
        let path = input.error_path();
        let (name, bar, format, delimiter) = (
            input.name(),
            source.bar.clone(),
            source.format(),
            source.delimiter,
        );
        let counters = Counters {
            nuls: source.nuls.clone(),
            contradictions: source.contradictions.clone(),
            decoded: source.encoding != encoding_rs::UTF_8,
            unclosed: Arc::default(),
        };
        let mut chunker =
            Chunker::new(source.reader, delimiter, CHUNK_SIZE).with_max_record(max_record);
        let header = chunker.next_record().map_err(|e| Error::io(&path, e))?;
        let headers = header
            .map(|h| parse_header(h.data(), delimiter))
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
            counters,
        })
    }

    /// What is counted of the export's bytes, to read once [`Export::fold`]
    /// has read them.
    pub fn counters(&self) -> Counters {
        self.counters.clone()
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
            counters,
            ..
        } = self;
        let width = headers.len();
        let path = path.as_path();
        let recycler = chunker.recycler();
        let result = std::thread::scope(|scope| {
            // A few chunks in flight: enough to keep every worker busy, few
            // enough that memory stays flat.
            let (tx, rx) = mpsc::sync_channel(2 * rayon::current_num_threads());
            scope.spawn(move || read_chunks(chunker, tx, &counters));
            // Each worker keeps its cutter's buffers from chunk to chunk.
            let start = || (init(), FieldCutter::default(), Lone::default());
            rx.into_iter()
                .par_bridge()
                .try_fold(start, |(mut acc, mut cutter, mut lone), chunk| {
                    let mut chunk = chunk.map_err(|e| Error::io(path, e))?;
                    let index = chunk.index;
                    // Lone-field and empty lines since the last full record of
                    // this chunk: records, unless no record follows them.
                    let mut run: Vec<Trailing> = Vec::new();
                    let flush = |acc: &mut T, run: &mut Vec<Trailing>| {
                        for t in run.drain(..) {
                            match t.field {
                                Some(data) => replay(acc, &data, t.line, index, &each),
                                None => footer(acc),
                            }
                        }
                    };
                    let mut previous: Option<u64> = None;
                    let mut unclosed: Option<(u64, usize)> = None;
                    for_each_record(&mut chunk, &mut cutter, delimiter, |record, line| {
                        if record.len() != width && unclosed.is_none() {
                            unclosed = swallowed(record, width, delimiter).map(|rows| (line, rows));
                        }
                        // Empty lines are not records: a line number skipped
                        // says one was there (or the last record spans lines).
                        let gap = previous.is_some_and(|p| line > p + 1);
                        previous = Some(line);
                        match kind(record, width) {
                            Line::Totals => footer(&mut acc),
                            Line::Blank | Line::Lone if run.len() < FOOTER_LINES => {
                                let field = record.get(0).unwrap_or_default();
                                run.push(Trailing {
                                    line,
                                    gap,
                                    field: (!field.trim_ascii().is_empty()).then(|| field.to_vec()),
                                });
                            }
                            Line::Blank => {
                                flush(&mut acc, &mut run);
                                footer(&mut acc);
                            }
                            Line::Lone => {
                                flush(&mut acc, &mut run);
                                each(&mut acc, record, line, index);
                            }
                            Line::Record => {
                                flush(&mut acc, &mut run);
                                each(&mut acc, record, line, index);
                                lone.last_record = lone.last_record.max(Some(index));
                            }
                        }
                    })
                    .map_err(|(line, why)| Error::at_line(path, line, why))?;
                    if let Some((line, rows)) = unclosed {
                        return Err(Error::at_line(
                            path,
                            line,
                            format!(
                                "a quoted field that starts on this line runs on over {rows} lines shaped like rows of their own: a quote that is never closed? Close it (or remove it) and run again"
                            ),
                        ));
                    }
                    recycler.give(chunk);
                    if !run.is_empty() {
                        lone.tails.push((index, run));
                    }
                    Ok::<_, Error>((acc, cutter, lone))
                })
                .try_reduce(start, |(a, cutter, mut x), (b, _, y)| {
                    x.tails.extend(y.tails);
                    x.last_record = x.last_record.max(y.last_record);
                    Ok((merge(a, b), cutter, x))
                })
                .map(|(mut acc, _, lone)| {
                    lone.settle(&mut acc, &each, &footer);
                    acc
                })
        });
        bar.finish_and_clear();
        result
    }
}

/// Sends chunks until the input ends, a read fails, or the workers stop;
/// at the end, notes in `unclosed` a last record the input ends inside.
fn read_chunks<R: Read>(
    mut chunker: Chunker<R>,
    tx: mpsc::SyncSender<std::io::Result<Chunk>>,
    counters: &Counters,
) {
    loop {
        let next = chunker.next_chunk().transpose();
        let Some(mut next) = next else {
            if let Some(u) = chunker.unclosed() {
                let _ = counters.unclosed.set(u);
            }
            return;
        };
        if let Ok(chunk) = &mut next
            && counters.all_utf8_so_far()
        {
            // SAFETY: the chunk's bytes were read, and checked or decoded,
            // on this thread before it was cut, and none was counted as
            // not UTF-8. A character cut off at the end of a read is
            // counted once the next read ends it (or the input ends), but
            // no chunk ends inside one: chunks end at line ends or at the
            // end of the input.
            chunk.utf8 = unsafe { Utf8::known() };
        }
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

/// Lone-field lines in a row that can still be a footer (a report's name,
/// copyright, `Generated By:` and company lines); a longer run is records.
const FOOTER_LINES: usize = 64;

/// A lone-field or empty line after the last full record of a chunk.
struct Trailing {
    line: u64,
    /// Whether an empty line came before it.
    gap: bool,
    /// Its one field; `None` when empty.
    field: Option<Vec<u8>>,
}

/// The lone-field and empty lines at the ends of chunks, decided once every
/// chunk is read.
#[derive(Default)]
struct Lone {
    /// Per chunk, its trailing lines.
    tails: Vec<(u64, Vec<Trailing>)>,
    /// The last chunk with a full record.
    last_record: Option<u64>,
}

impl Lone {
    /// Passes each trailing line on as a record or counts it as footer. A
    /// chunk's lines are records when a later chunk has records. After the
    /// last record, a report's footer begins at an empty line (Salesforce
    /// sets it apart with one) or a line that says what footers say; lone
    /// lines before it are records that lost their other cells.
    fn settle<T>(
        mut self,
        acc: &mut T,
        each: &impl Fn(&mut T, &Record, u64, u64),
        footer: &impl Fn(&mut T),
    ) {
        self.tails.sort_by_key(|(index, _)| *index);
        let mut in_footer = false;
        for (index, run) in self.tails {
            let before_last = self.last_record.is_some_and(|last| index < last);
            for t in run {
                in_footer |= !before_last && (t.gap || t.field.as_deref().is_none_or(says_footer));
                match t.field {
                    Some(data) if !in_footer => replay(acc, &data, t.line, index, each),
                    _ => footer(acc),
                }
            }
        }
    }
}

/// Whether a lone line says what a report's footer says.
fn says_footer(line: &[u8]) -> bool {
    let text = String::from_utf8_lossy(line).to_lowercase();
    [
        "copyright",
        "©",
        "salesforce.com",
        "generated by",
        "confidential information",
        "grand totals",
    ]
    .iter()
    .any(|p| text.contains(p))
}

/// Lines a field must run over, shaped like rows, to be taken for an
/// unclosed quote: far more than any note or address holds.
const SWALLOWED_ROWS: usize = 100;

/// How many lines shaped like rows of the file (`width` fields apart by
/// `delimiter`) one field of a ragged `record` swallowed, when they are
/// [`SWALLOWED_ROWS`] or more and nearly all its lines: the mark of a quote
/// that opens a field and never closes, so that the rows after it became
/// one cell.
fn swallowed(record: &Record, width: usize, delimiter: u8) -> Option<usize> {
    if width < 3 {
        return None;
    }
    record.iter().find_map(|field| {
        let lines = memchr::memchr_iter(b'\n', field).count();
        if lines < SWALLOWED_ROWS {
            return None;
        }
        let rows = field
            .split(|&b| b == b'\n')
            .filter(|l| memchr::memchr_iter(delimiter, l).count() + 1 >= width)
            .count();
        (rows * 10 >= lines * 9).then_some(rows)
    })
}

/// Passes the lone field `data`, from `line` of chunk `index`, to `each`.
fn replay<T>(
    acc: &mut T,
    data: &[u8],
    line: u64,
    index: u64,
    each: &impl Fn(&mut T, &Record, u64, u64),
) {
    let bounds = [(0, data.len() as u32)];
    each(acc, &Record::lone(data, &bounds), line, index);
}

/// What one line of an export is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Line {
    /// An account or a company.
    Record,
    /// One field in a file of several: a record that lost its other cells,
    /// or, after the last record, a report's footer (the report's name,
    /// `Copyright (c) … salesforce.com`, `Generated By:`, the company).
    Lone,
    /// An empty line.
    Blank,
    /// A `Grand Totals (N records)` or `Total` row.
    Totals,
}

/// What `record` is, in a file `width` columns wide, by what it says.
fn kind(record: &Record, width: usize) -> Line {
    let first = record.get(0).unwrap_or_default().trim_ascii();
    if width > 1 && record.len() == 1 {
        return if first.is_empty() {
            Line::Blank
        } else if first.starts_with(b"Grand Totals") {
            Line::Totals
        } else {
            Line::Lone
        };
    }
    if first.starts_with(b"Grand Totals") {
        return Line::Totals;
    }
    // A `Total` row sums the others: most of its cells are empty or numbers.
    let totals = first == b"Total"
        && record
            .iter()
            .skip(1)
            .filter(|c| c.iter().any(u8::is_ascii_alphabetic))
            .count()
            * 2
            < record.len();
    if totals { Line::Totals } else { Line::Record }
}

/// A cell as text; invalid UTF-8 is replaced in this cell only (see
/// [`Utf8::lossy`]).
pub fn text_of(value: &[u8]) -> std::borrow::Cow<'_, str> {
    Utf8::UNKNOWN.lossy(value)
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
    fn a_cell_is_text_as_the_lossy_reader_has_it() {
        for cell in [
            &b"Acme"[..],
            b"",
            "Łódź —".as_bytes(),
            b"caf\xe9",
            b"\xff\xfeA\xc3",
        ] {
            let text = text_of(cell);
            assert_eq!(text, String::from_utf8_lossy(cell));
            let valid = std::str::from_utf8(cell).is_ok();
            assert_eq!(matches!(text, std::borrow::Cow::Borrowed(_)), valid);
        }
    }

    /// For each record of `data` read as `encoding` (or as detected), by
    /// line: whether its bytes are told known to be UTF-8, and whether
    /// they are.
    fn told_utf8(
        data: &[u8],
        encoding: Option<&'static encoding_rs::Encoding>,
    ) -> Vec<(u64, bool, bool)> {
        let input = Input::bytes("accounts.csv", data);
        let options = ReadOptions {
            encoding,
            delimiter: None,
            max_record: crate::read::MAX_RECORD,
            sheet: None,
        };
        let export = Export::open(&input, Role::Accounts, Progress::hidden(), options).unwrap();
        let mut told = export
            .fold(
                Vec::new,
                |told, record, line, _| {
                    let valid = record.iter().all(|f| std::str::from_utf8(f).is_ok());
                    told.push((line, record.utf8().is_known(), valid));
                },
                |_| {},
                |mut a, b| {
                    a.extend(b);
                    a
                },
            )
            .unwrap();
        told.sort_unstable();
        told
    }

    #[test]
    fn a_record_is_known_utf8_while_no_byte_read_before_it_was_not() {
        // Accented rows over more than two chunks, a byte that is not
        // UTF-8, and as many rows again.
        let row = "1,\"Zoë Müller, Łódź\"\n";
        let rows = 2 * CHUNK_SIZE / row.len() + 1;
        let mut data = b"id,name\n".to_vec();
        data.extend(row.repeat(rows).bytes());
        data.extend(b"2,caf\xe9\n");
        data.extend(row.repeat(rows).bytes());
        let bad = rows as u64 + 2;
        let told = told_utf8(&data, None);
        assert_eq!(told.len(), 2 * rows + 1);
        assert!(told.iter().all(|&(_, known, valid)| valid || !known));
        // The first chunk's records, read before the bad byte, are known;
        // none from the bad byte on is.
        assert!(told.iter().filter(|t| t.0 < 1000).all(|t| t.1));
        assert!(told.iter().filter(|t| t.0 >= bad).all(|t| !t.1));
        // Decoded from Windows-1252, every byte is UTF-8.
        let decoded = told_utf8(&data, Some(encoding_rs::WINDOWS_1252));
        assert!(decoded.iter().all(|&(_, known, valid)| known && valid));
        // A character cut off by the end of the input is not UTF-8.
        assert_eq!(told_utf8(b"id,name\n1,caf\xc3", None), [(2, false, false)]);
        assert_eq!(
            told_utf8("id,name\n1,café".as_bytes(), None),
            [(2, true, true)]
        );
    }

    #[test]
    fn salesforce_nulls_are_blank() {
        for v in ["", " ", "  ", "\t\r\n", "#N/A", "000000000000000AAA"] {
            assert!(is_blank(v.as_bytes()), "{v:?}");
            // Padded on either side or both.
            for padded in [format!(" {v}"), format!("{v}\t"), format!("\n{v} ")] {
                assert!(is_blank(padded.as_bytes()), "{padded:?}");
            }
        }
        for v in [
            "0",
            "false",
            "000000000000000AAB",
            "N/A",
            " x",
            "x ",
            "#N/A x",
        ] {
            assert!(!is_blank(v.as_bytes()), "{v:?}");
        }
    }
}
