//! Opening an input as a stream of UTF-8 CSV, whatever wrote it.
//!
//! A file, standard input or bytes in memory; gzip-compressed or not (by its magic bytes, with
//! a multi-member decoder); in UTF-8 with or without a BOM, UTF-16 with a BOM
//! (Excel's "Unicode text"), or Windows-1252 (Excel and Data Loader on
//! Windows), told apart by the BOM, then by whether the start of the file is
//! valid UTF-8; delimited by commas, semicolons (European Excel), tabs or
//! pipes, sniffed from the first lines. What is not a CSV export at all (an
//! Excel workbook, another binary file, JSON or HTML) is refused with a
//! message that says what to do.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};
use encoding_rs_io::DecodeReaderBytesBuilder;
use flate2::bufread::GzDecoder;
use indicatif::ProgressBar;

use super::progress::Progress;
use super::workbook;
use crate::error::{Error, Result};

/// Bytes looked at to recognise the format, encoding and delimiter.
const PEEK: usize = 64 * 1024;

/// Where an export comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file.
    Path(PathBuf),
    /// Standard input, which can be read once.
    Stdin,
    /// An export already in memory.
    Bytes {
        /// The name reports and errors give it.
        name: String,
        /// Its bytes, as a file would hold them.
        data: Arc<[u8]>,
    },
}

impl Input {
    /// The input a command-line argument names: `-` is standard input.
    pub fn from_arg(arg: impl Into<PathBuf>) -> Input {
        let path = arg.into();
        if path.as_os_str() == "-" {
            Input::Stdin
        } else {
            Input::Path(path)
        }
    }

    /// An export held in memory, named `name` in reports and errors.
    pub fn bytes(name: impl Into<String>, data: impl Into<Arc<[u8]>>) -> Input {
        Input::Bytes {
            name: name.into(),
            data: data.into(),
        }
    }

    /// The name reports give the input: its path as given, `<stdin>`, or
    /// the name given to bytes.
    pub fn name(&self) -> String {
        match self {
            Input::Path(path) => path.display().to_string(),
            Input::Stdin => "<stdin>".to_string(),
            Input::Bytes { name, .. } => name.clone(),
        }
    }

    /// The name errors about the input carry.
    pub fn error_path(&self) -> PathBuf {
        match self {
            Input::Path(path) => path.clone(),
            other => PathBuf::from(other.name()),
        }
    }

    /// Whether it can be read a second time (standard input cannot).
    pub fn rereadable(&self) -> bool {
        !matches!(self, Input::Stdin)
    }
}

/// How an input is to be read, where the user said so.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    pub encoding: Option<&'static Encoding>,
    pub delimiter: Option<u8>,
    /// The longest record read, in bytes.
    pub max_record: usize,
    /// The sheet of a workbook to read; the first when `None`.
    pub sheet: Option<String>,
}

/// An opened input, decoded to UTF-8.
pub struct Source {
    pub reader: Box<dyn Read + Send>,
    pub delimiter: u8,
    pub encoding: &'static Encoding,
    pub compressed: bool,
    /// Progress over the bytes read from disk.
    pub bar: ProgressBar,
    /// NUL bytes read so far.
    pub nuls: Arc<AtomicU64>,
    /// The sheet read, when the input is a workbook.
    pub sheet: Option<String>,
    /// Bytes read so far that contradict the encoding (see
    /// [`InputFormat::contradicting_bytes`]).
    pub contradictions: Arc<AtomicU64>,
}

/// How an input was read, for the report.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct InputFormat {
    /// The encoding's WHATWG name: `UTF-8`, `UTF-16LE`, `windows-1252`.
    pub encoding: &'static str,
    /// The field delimiter.
    pub delimiter: char,
    /// Whether it was gzip-compressed.
    pub compressed: bool,
    /// The sheet read, when the input is a workbook.
    pub sheet: Option<String>,
    /// NUL bytes in the text: read as part of their cells, and warned of.
    pub nul_bytes: u64,
    /// Bytes that say the file is not in `encoding`, which was chosen from
    /// its start: bytes that are not UTF-8 in a file read as UTF-8, or the
    /// first bytes of UTF-8 characters in one read as Windows-1252.
    pub contradicting_bytes: u64,
    /// The last record, when the file ends inside one of its quotes.
    pub unclosed_quote: Option<super::csv::Unclosed>,
}

impl Source {
    /// How this input is being read.
    pub fn format(&self) -> InputFormat {
        InputFormat {
            encoding: self.encoding.name(),
            delimiter: self.delimiter as char,
            compressed: self.compressed,
            sheet: self.sheet.clone(),
            nul_bytes: 0,
            contradicting_bytes: 0,
            unclosed_quote: None,
        }
    }

    /// Opens `input`, showing progress as `label`.
    pub fn open(
        input: &Input,
        label: &str,
        progress: Progress,
        options: ReadOptions,
    ) -> Result<Source> {
        let path = &input.error_path();
        let (raw, len): (Box<dyn Read + Send>, Option<u64>) = match input {
            Input::Stdin => (Box::new(io::stdin()), None),
            Input::Bytes { data, .. } => (
                Box::new(Cursor::new(ArcBytes(data.clone()))),
                Some(data.len() as u64),
            ),
            Input::Path(path) => {
                let meta = std::fs::metadata(path).map_err(|e| not_readable(path, e))?;
                if meta.is_dir() {
                    return Err(Error::input(
                        path,
                        "is a directory; give the path of a CSV export file",
                    ));
                }
                let file = File::open(path).map_err(|e| not_readable(path, e))?;
                (Box::new(file), Some(meta.len()))
            }
        };
        let (bar, raw) = progress.wrap(label, len, raw);
        let (head, raw) = peek(Box::new(raw)).map_err(|e| Error::io(path, e))?;
        let compressed = head.starts_with(&[0x1f, 0x8b]);
        let (head, raw) = if compressed {
            peek(Box::new(GzMembers::new(raw))).map_err(|e| {
                Error::input(
                    path,
                    format!("the gzip data is damaged ({e}); compress the export again"),
                )
            })?
        } else {
            (head, raw)
        };
        // A workbook goes on as the CSV of its sheet.
        let (head, raw, sheet) = if workbook::looks_like(&head) {
            let packed = match input {
                // Read where it lies, not copied into memory.
                Input::Path(path) if !compressed => {
                    drop(raw);
                    bar.set_position(0);
                    let file = File::open(path).map_err(|e| not_readable(path, e))?;
                    workbook::Packed::File(file, bar.clone())
                }
                _ => {
                    let mut bytes = Vec::new();
                    let mut raw = raw;
                    raw.read_to_end(&mut bytes)
                        .map_err(|e| Error::io(path, e))?;
                    workbook::Packed::Bytes(bytes)
                }
            };
            let (csv, name) = workbook::to_csv(packed, options.sheet.as_deref(), path)?;
            let (head, raw) = peek(csv).map_err(|e| Error::io(path, e))?;
            (head, raw, Some(name))
        } else {
            (head, raw, None)
        };
        refuse_non_csv(&head, path)?;
        let encoding = options.encoding.unwrap_or_else(|| detect_encoding(&head));
        // UTF-8 and Windows-1252 alone can be told apart by their bytes.
        let contradictions = Arc::new(AtomicU64::new(0));
        let raw: Box<dyn Read + Send> = if encoding == UTF_8 || encoding == WINDOWS_1252 {
            Box::new(EncodingCheck {
                inner: raw,
                utf8: encoding == UTF_8,
                count: Utf8Count {
                    invalid_only: encoding == UTF_8,
                    ..Utf8Count::default()
                },
                contradictions: contradictions.clone(),
            })
        } else {
            raw
        };
        let text = encoding.decode_with_bom_removal(&head).0;
        if let Some(kind) = not_csv_text(&text) {
            return Err(Error::input(
                path,
                format!("this looks like {kind}, not a CSV export; export the data as CSV"),
            ));
        }
        // Excel may write `sep=;` as a first line to name the delimiter.
        let excel_sep = match excel_separator(&text) {
            Some(Err(named)) => {
                return Err(Error::input(
                    path,
                    format!(
                        "its first line, sep={named}, names a delimiter that cannot separate fields; delete the line, or name the delimiter with --delimiter"
                    ),
                ));
            }
            sep => sep.and_then(Result::ok),
        };
        let delimiter = options
            .delimiter
            .or(excel_sep)
            .unwrap_or_else(|| sniff_delimiter(&text));
        let mut reader: Box<dyn Read + Send> = if encoding == UTF_8 {
            // Invalid bytes later in the file are replaced cell by cell.
            raw
        } else {
            Box::new(
                DecodeReaderBytesBuilder::new()
                    .encoding(Some(encoding))
                    .strip_bom(true)
                    .build(raw),
            )
        };
        if excel_sep.is_some() {
            reader = Box::new(SkipFirstLine::new(reader));
        }
        // Old Mac line ends (a lone CR) become line feeds, which the chunker
        // splits on; a CR inside a quoted value changes nothing that matters.
        if line_ends(&text) == LineEnds::Cr {
            reader = Box::new(CrToLf(reader));
        }
        let nuls = Arc::new(AtomicU64::new(0));
        let reader = Box::new(CountNuls {
            inner: reader,
            nuls: nuls.clone(),
        });
        Ok(Source {
            nuls,
            contradictions,
            sheet,
            reader,
            delimiter,
            encoding,
            compressed,
            bar,
        })
    }
}

/// Shared bytes as a reader can own them.
struct ArcBytes(Arc<[u8]>);

impl AsRef<[u8]> for ArcBytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// How the lines of an export end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineEnds {
    /// A line feed, alone or after a carriage return.
    Lf,
    /// A carriage return alone: the old Mac way.
    Cr,
}

/// How the lines of `text` end, judged by the line ends outside quotes
/// alone: a line feed inside a quoted cell says nothing of the file's.
fn line_ends(text: &str) -> LineEnds {
    let bytes = text.as_bytes();
    let (mut quoted, mut lone_cr) = (false, false);
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => return LineEnds::Lf,
            b'\r' if !quoted && bytes.get(i + 1) != Some(&b'\n') => lone_cr = true,
            _ => {}
        }
    }
    if lone_cr { LineEnds::Cr } else { LineEnds::Lf }
}

/// Whether `d` can separate fields: a tab, or printable punctuation other
/// than the quote (not a letter, digit or space, which values hold).
pub fn can_delimit(d: u8) -> bool {
    d == b'\t' || (d.is_ascii_punctuation() && d != b'"')
}

/// What an Excel `sep=X` first line says, if the text has one: the
/// delimiter, or `Err` with what it names when that cannot be one.
fn excel_separator(text: &str) -> Option<Result<u8, String>> {
    let text = text.trim_start_matches('\u{feff}');
    let first = text.split(['\r', '\n']).next()?;
    let sep = first.strip_prefix("sep=")?;
    Some(match sep.as_bytes() {
        [d] if can_delimit(*d) => Ok(*d),
        _ => Err(sep.to_string()),
    })
}

/// Drops everything up to and including the first line end: a line feed,
/// a carriage return, or both.
struct SkipFirstLine {
    inner: Box<dyn Read + Send>,
    skipped: bool,
    /// A byte read past a lone carriage return, to give back first.
    pending: Option<u8>,
}

impl SkipFirstLine {
    fn new(inner: Box<dyn Read + Send>) -> SkipFirstLine {
        SkipFirstLine {
            inner,
            skipped: false,
            pending: None,
        }
    }

    fn byte(&mut self) -> io::Result<Option<u8>> {
        let mut byte = [0u8; 1];
        Ok((self.inner.read(&mut byte)? == 1).then_some(byte[0]))
    }
}

impl Read for SkipFirstLine {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while !self.skipped {
            match self.byte()? {
                None => return Ok(0),
                Some(b'\n') => self.skipped = true,
                Some(b'\r') => {
                    self.skipped = true;
                    self.pending = self.byte()?.filter(|&b| b != b'\n');
                }
                Some(_) => {}
            }
        }
        match self.pending.take() {
            Some(b) if !buf.is_empty() => {
                buf[0] = b;
                Ok(1)
            }
            _ => self.inner.read(buf),
        }
    }
}

/// The members of a gzip file one after another, as `gzip` reads
/// concatenated files, up to the end of the input or to trailing zero bytes
/// (the padding that tape formats and some tools add), which end it.
struct GzMembers {
    member: Option<GzDecoder<BufReader<Box<dyn Read + Send>>>>,
}

impl GzMembers {
    fn new(inner: Box<dyn Read + Send>) -> GzMembers {
        GzMembers {
            member: Some(GzDecoder::new(BufReader::new(inner))),
        }
    }
}

impl Read for GzMembers {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            let Some(member) = self.member.as_mut() else {
                return Ok(0);
            };
            let n = member.read(buf)?;
            if n > 0 || buf.is_empty() {
                return Ok(n);
            }
            // This member has ended: another follows, or zeros, or nothing.
            let mut rest = self.member.take().expect("a member").into_inner();
            let next = rest.fill_buf()?;
            if next.is_empty() {
                return Ok(0);
            }
            if next[0] == 0 {
                let mut tail = Vec::new();
                rest.read_to_end(&mut tail)?;
                if tail.iter().all(|&b| b == 0) {
                    return Ok(0);
                }
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "bytes that are not gzip after the zero padding",
                ));
            }
            self.member = Some(GzDecoder::new(rest));
        }
    }
}

/// Counts the NUL bytes that pass: a stray one in a text export is data,
/// but worth a word.
struct CountNuls {
    inner: Box<dyn Read + Send>,
    nuls: Arc<AtomicU64>,
}

impl Read for CountNuls {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        // Most text has none, which a search tells in fewer instructions
        // than a count (numbers-100k `--no-fuzzy`: 4,217 M to 4,185 M).
        if memchr::memchr(0, &buf[..n]).is_some() {
            let nuls = memchr::memchr_iter(0, &buf[..n]).count() as u64;
            self.nuls.fetch_add(nuls, Ordering::Relaxed);
        }
        Ok(n)
    }
}

/// Turns every carriage return into a line feed.
struct CrToLf(Box<dyn Read + Send>);

impl Read for CrToLf {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.0.read(buf)?;
        for b in &mut buf[..n] {
            if *b == b'\r' {
                *b = b'\n';
            }
        }
        Ok(n)
    }
}

/// Reads up to [`PEEK`] bytes and gives them back with a reader that starts
/// over from the beginning.
fn peek(mut reader: Box<dyn Read + Send>) -> io::Result<(Vec<u8>, Box<dyn Read + Send>)> {
    let mut head = Vec::with_capacity(PEEK);
    (&mut reader).take(PEEK as u64).read_to_end(&mut head)?;
    let again = Box::new(Cursor::new(head.clone()).chain(reader));
    Ok((head, again))
}

/// Refuses spreadsheets and other binary files by their first bytes.
fn refuse_non_csv(head: &[u8], path: &Path) -> Result<()> {
    let says = |m: &str| Err(Error::input(path, m.to_string()));
    let utf16 = head.starts_with(&[0xff, 0xfe]) || head.starts_with(&[0xfe, 0xff]);
    if !utf16 && is_binary(head) {
        return says("this is a binary file, not a CSV export; export the data as CSV");
    }
    Ok(())
}

/// Whether the start of a file is binary: NUL bytes are more than a stray
/// few (one in a thousand bytes), as in images, archives and programs. A
/// text export with a NUL in a cell is read.
fn is_binary(head: &[u8]) -> bool {
    let nuls = memchr::memchr_iter(0, head).count();
    nuls > 2 + head.len() / 1000
}

/// The encoding of a file that starts with `head`: its BOM's, else UTF-8
/// when its UTF-8 characters outnumber its bytes that are not UTF-8 at
/// least two to one (a stray byte in a UTF-8 file is not a reason to read
/// it all otherwise), else Windows-1252.
pub fn detect_encoding(head: &[u8]) -> &'static Encoding {
    if let Some((encoding, _)) = Encoding::for_bom(head) {
        return encoding;
    }
    let mut count = Utf8Count::default();
    count.feed(head);
    if count.invalid == 0 || count.multibyte >= 2 * count.invalid {
        UTF_8
    } else {
        WINDOWS_1252
    }
}

/// UTF-8 characters of more than one byte, and bytes that are not UTF-8, in
/// a stream fed piece by piece.
#[derive(Debug, Default)]
struct Utf8Count {
    multibyte: u64,
    invalid: u64,
    /// The start of a character cut off at the end of the last piece.
    pending: Vec<u8>,
    /// Whether to leave the characters uncounted: a file read as UTF-8
    /// needs only its invalid bytes counted.
    invalid_only: bool,
}

impl Utf8Count {
    fn feed(&mut self, piece: &[u8]) {
        if self.pending.is_empty() && piece.is_ascii() {
            return;
        }
        let joined;
        let rest: &[u8] = if self.pending.is_empty() {
            piece
        } else {
            joined = [std::mem::take(&mut self.pending).as_slice(), piece].concat();
            &joined
        };
        if self.invalid_only {
            self.count_invalid(rest);
        } else {
            self.count_each(rest);
        }
    }

    /// At the end of the stream: a character cut off there is not UTF-8.
    fn end(&mut self) {
        self.invalid += std::mem::take(&mut self.pending).len() as u64;
    }

    /// For text that is mostly UTF-8: validated many bytes at a time, up to
    /// each invalid byte.
    fn count_invalid(&mut self, mut rest: &[u8]) {
        while let Err(e) = simdutf8::compat::from_utf8(rest) {
            match e.error_len() {
                Some(n) => {
                    self.invalid += n as u64;
                    rest = &rest[e.valid_up_to() + n..];
                }
                None => {
                    self.pending = rest[e.valid_up_to()..].to_vec();
                    return;
                }
            }
        }
    }

    /// For text that may be mostly something else, as Windows-1252 is to
    /// UTF-8 (an accent every few words, each invalid): each character that
    /// is not ASCII is looked at alone, passing over the ASCII between them
    /// 16 bytes at a time.
    fn count_each(&mut self, rest: &[u8]) {
        let mut at = 0;
        while let Some(skip) = crate::bytes::find_non_ascii(&rest[at..]) {
            at += skip;
            // No character is longer than four bytes.
            let start = &rest[at..rest.len().min(at + 4)];
            let (valid, error) = match std::str::from_utf8(start) {
                Ok(_) => (true, None),
                Err(e) => (e.valid_up_to() > 0, e.error_len()),
            };
            if valid {
                self.multibyte += 1;
                at += utf8_width(rest[at]);
            } else if let Some(n) = error {
                self.invalid += n as u64;
                at += n;
            } else {
                // Cut off by the end of the piece: the next one may finish it.
                self.pending = start.to_vec();
                return;
            }
        }
    }
}

/// The length of the UTF-8 character that valid text has begun with `lead`.
fn utf8_width(lead: u8) -> usize {
    match lead {
        0xf0.. => 4,
        0xe0.. => 3,
        0xc0.. => 2,
        _ => 1,
    }
}

/// Watches the bytes of a file read in an encoding chosen from its start,
/// counting those later on that say otherwise: bytes that are not UTF-8 in
/// a file read as UTF-8, or UTF-8 characters in one read as Windows-1252.
struct EncodingCheck {
    inner: Box<dyn Read + Send>,
    utf8: bool,
    count: Utf8Count,
    contradictions: Arc<AtomicU64>,
}

impl Read for EncodingCheck {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 && !buf.is_empty() {
            self.count.end();
        } else {
            self.count.feed(&buf[..n]);
        }
        let seen = if self.utf8 {
            self.count.invalid
        } else if self.count.multibyte >= 2 * self.count.invalid {
            // Read as a whole, the file is more UTF-8 than not.
            self.count.multibyte
        } else {
            0
        };
        self.contradictions.store(seen, Ordering::Relaxed);
        Ok(n)
    }
}

/// What a text that is clearly not CSV looks like, if it is.
fn not_csv_text(text: &str) -> Option<&'static str> {
    let start = text.trim_start();
    let lower = start.get(..15).unwrap_or(start).to_ascii_lowercase();
    if lower.starts_with("<!doctype html") || lower.starts_with("<html") {
        Some("a web page (HTML)")
    } else if lower.starts_with("<?xml") {
        Some("an XML file")
    } else if start.starts_with('{')
        || (start.starts_with('[') && start[1..].trim_start().starts_with(['{', '[', '"', ']']))
    {
        Some("JSON")
    } else {
        None
    }
}

/// The delimiter of a CSV text: of `,` `;` tab and `|`, the one that splits
/// the header and the following lines into the same number of fields most
/// often, then the one that splits the header most; `,` when none does.
pub fn sniff_delimiter(text: &str) -> u8 {
    let lines = first_lines(text, 20);
    let mut best = (0usize, 0usize, b',');
    for candidate in [b',', b';', b'\t', b'|'] {
        let counts: Vec<usize> = lines
            .iter()
            .map(|l| count_outside_quotes(l, candidate))
            .collect();
        let Some(&header) = counts.first() else {
            continue;
        };
        if header == 0 {
            continue;
        }
        let agreeing = counts.iter().filter(|&&c| c == header).count();
        if (agreeing, header) > (best.0, best.1) {
            best = (agreeing, header, candidate);
        }
    }
    best.2
}

/// Up to `n` records of `text`, each as its raw text (line breaks inside
/// quotes kept); the last, possibly cut off, is dropped when there are others.
fn first_lines(text: &str, n: usize) -> Vec<&str> {
    let mut lines = Vec::new();
    let (mut start, mut quoted) = (0, false);
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => {
                let line = text[start..i].trim_end_matches('\r');
                if !line.is_empty() {
                    lines.push(line);
                }
                start = i + 1;
                if lines.len() == n {
                    return lines;
                }
            }
            _ => {}
        }
    }
    if lines.is_empty() && start < text.len() {
        lines.push(&text[start..]);
    }
    lines
}

fn count_outside_quotes(line: &str, delimiter: u8) -> usize {
    let mut quoted = false;
    line.bytes()
        .filter(|&b| {
            if b == b'"' {
                quoted = !quoted;
            }
            !quoted && b == delimiter
        })
        .count()
}

/// The encoding a `--encoding` label names (`utf-8`, `windows-1252`,
/// `latin1`, `utf-16le`, …), as the WHATWG Encoding Standard spells them.
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    match label.to_ascii_lowercase().as_str() {
        "utf-16" | "utf16" => Some(UTF_16LE),
        "utf-16be" | "utf16be" => Some(UTF_16BE),
        other => Encoding::for_label(other.as_bytes()),
    }
}

fn not_readable(path: &Path, e: io::Error) -> Error {
    let what = match e.kind() {
        io::ErrorKind::NotFound => "no such file; check the path",
        io::ErrorKind::PermissionDenied => "permission denied; check that you may read this file",
        _ => return Error::io(path, e),
    };
    Error::input(path, what)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_are_told_apart() {
        assert_eq!(detect_encoding(b"Id,Name\n1,Acme\n"), UTF_8);
        assert_eq!(detect_encoding(b"\xef\xbb\xbfId,Name\n"), UTF_8);
        assert_eq!(detect_encoding(b"\xff\xfeI\0d\0"), UTF_16LE);
        assert_eq!(detect_encoding(b"\xfe\xff\0I\0d"), UTF_16BE);
        assert_eq!(detect_encoding("Id,Name\n1,Müller\n".as_bytes()), UTF_8);
        assert_eq!(detect_encoding(b"Id,Name\n1,M\xfcller\n"), WINDOWS_1252);
        // A two-byte character cut in half by the peek.
        assert_eq!(detect_encoding(b"Id,Name\n1,M\xc3"), UTF_8);
    }

    #[test]
    fn delimiters_are_sniffed() {
        assert_eq!(sniff_delimiter("Id,Name\n1,Acme\n"), b',');
        assert_eq!(
            sniff_delimiter("Id;Name;Amount\n1;Acme;1,5\n2;Globex;2,0\n"),
            b';'
        );
        assert_eq!(sniff_delimiter("Id\tName\n1\tAcme, Inc.\n"), b'\t');
        assert_eq!(sniff_delimiter("Id|Name\n1|Acme\n"), b'|');
        assert_eq!(
            sniff_delimiter("\"Id\",\"Name; or alias\"\n\"1\",\"Acme; Inc\"\n"),
            b','
        );
        assert_eq!(sniff_delimiter("company_id\n123\n"), b',');
    }

    #[test]
    fn excel_names_its_separator_on_the_first_line() {
        assert_eq!(excel_separator("sep=;\nId;Name\n"), Some(Ok(b';')));
        assert_eq!(
            excel_separator("\u{feff}sep=|\r\nId|Name\n"),
            Some(Ok(b'|'))
        );
        assert_eq!(excel_separator("Id,Name\n"), None);
        let mut out = String::new();
        let mut r = SkipFirstLine::new(Box::new(&b"sep=;\nId;Name\n"[..]));
        r.read_to_string(&mut out).unwrap();
        assert_eq!(out, "Id;Name\n");
    }

    #[test]
    fn utf8_is_told_by_weight_of_evidence_and_counted_across_pieces() {
        let e9 = "Name\u{e9}".as_bytes();
        assert_eq!(
            detect_encoding(b"Id,Name\xe9\n1,Soci\xc3\xa9t\xc3\xa9\n"),
            UTF_8
        );
        assert_eq!(detect_encoding(b"Id,M\xfcller\n1,x\n"), WINDOWS_1252);
        let mut count = Utf8Count::default();
        // A character cut between two pieces is one character.
        count.feed(&e9[..5]);
        count.feed(&e9[5..]);
        count.feed(b"\xff ok");
        assert_eq!((count.multibyte, count.invalid), (1, 1));
    }

    /// UTF-8 characters of more than one byte, and bytes that are not
    /// UTF-8, in `text` as a whole: as `std` reads it.
    fn counted_whole(mut text: &[u8]) -> (u64, u64) {
        let (mut multibyte, mut invalid) = (0, 0);
        let lead = |valid: &[u8]| valid.iter().filter(|&&b| b >= 0xc0).count() as u64;
        loop {
            match std::str::from_utf8(text) {
                Ok(valid) => return (multibyte + lead(valid.as_bytes()), invalid),
                Err(e) => {
                    multibyte += lead(&text[..e.valid_up_to()]);
                    let n = e.error_len().unwrap_or(text.len() - e.valid_up_to());
                    invalid += n as u64;
                    text = &text[e.valid_up_to() + n..];
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn characters_are_counted_as_std_reads_them_however_the_text_is_cut(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", ",", "\n", "0", "é", "€", "😀", "北", "\u{80}",
                    "\\x80", "\\x9f", "\\xa9", "\\xbf", "\\xc0", "\\xc3", "\\xe2", "\\xed",
                    "\\xef", "\\xf0", "\\xf4", "\\xf5", "\\xff",
                ]),
                0..60,
            ),
            cuts in proptest::collection::vec(0usize..200, 0..4),
        ) {
            // Characters whole, and bytes of UTF-8 alone (`\xNN`).
            let text: Vec<u8> = parts
                .iter()
                .flat_map(|p| match p.strip_prefix("\\x") {
                    Some(hex) => vec![u8::from_str_radix(hex, 16).unwrap()],
                    None => p.as_bytes().to_vec(),
                })
                .collect();
            let mut cuts: Vec<usize> = cuts.iter().map(|&c| c.min(text.len())).collect();
            cuts.sort_unstable();
            let (multibyte, invalid) = counted_whole(&text);
            for invalid_only in [false, true] {
                let mut count = Utf8Count { invalid_only, ..Utf8Count::default() };
                let mut from = 0;
                for &cut in cuts.iter().chain([&text.len()]) {
                    count.feed(&text[from..cut]);
                    from = cut;
                }
                // What is still pending at the end is not UTF-8.
                count.end();
                proptest::prop_assert_eq!(count.invalid, invalid);
                if !invalid_only {
                    proptest::prop_assert_eq!(count.multibyte, multibyte);
                }
            }
        }
    }

    #[test]
    fn line_ends_are_judged_outside_quotes() {
        assert_eq!(line_ends("Id,Note\r1,\"two\nlines\"\r2,x\r"), LineEnds::Cr);
        assert_eq!(line_ends("Id,Note\r\n1,\"a\rb\"\r\n"), LineEnds::Lf);
        assert_eq!(line_ends("Id,Note\n1,x\n"), LineEnds::Lf);
    }

    #[test]
    fn sep_lines_end_any_way() {
        for text in [
            "sep=;\rId;Name\r1;a\r",
            "sep=;\r\nId;Name\r\n1;a\r\n",
            "sep=;\nId;Name\n",
        ] {
            assert_eq!(excel_separator(text), Some(Ok(b';')), "{text:?}");
            let mut out = String::new();
            SkipFirstLine::new(Box::new(text.as_bytes()))
                .read_to_string(&mut out)
                .unwrap();
            assert!(out.starts_with("Id;Name"), "{text:?} → {out:?}");
        }
        assert_eq!(excel_separator("sep=\"\nId\n"), Some(Err("\"".into())));
        assert_eq!(excel_separator("sep=x\nId\n"), Some(Err("x".into())));
    }

    #[test]
    fn lone_carriage_returns_become_line_feeds() {
        let mut out = String::new();
        CrToLf(Box::new(&b"Id,Name\r1,a\r"[..]))
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, "Id,Name\n1,a\n");
    }

    #[test]
    fn labels_name_encodings() {
        assert_eq!(encoding_for_label("UTF-8"), Some(UTF_8));
        assert_eq!(encoding_for_label("latin1"), Some(WINDOWS_1252));
        assert_eq!(encoding_for_label("cp1252"), Some(WINDOWS_1252));
        assert_eq!(encoding_for_label("utf-16"), Some(UTF_16LE));
        assert_eq!(encoding_for_label("klingon"), None);
    }

    #[test]
    fn text_that_is_not_csv_is_named() {
        assert_eq!(not_csv_text("  {\"a\": 1}"), Some("JSON"));
        assert_eq!(
            not_csv_text("<!DOCTYPE html><html>"),
            Some("a web page (HTML)")
        );
        assert_eq!(not_csv_text("Id,Name\n"), None);
    }
}
