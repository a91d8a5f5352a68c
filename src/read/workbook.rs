//! Excel and OpenDocument workbooks (`.xlsx`, `.xls`, `.ods`), read
//! with `calamine` and handed on as CSV, so that every later step reads them
//! as it reads any export.
//!
//! One sheet is read: the first, or the one `--sheet` names. A Salesforce
//! report saved as a workbook has title rows above its table (the report's
//! name, its filters, a blank row); the header is the first row about as wide
//! as the widest, and the rows above it are left out. Cells are written as
//! Excel shows them: text as it is, whole numbers without a decimal point or
//! an exponent (`123456789012`, not `1.23E+11`), dates as ISO 8601. The
//! footer and totals rows below the table are told apart as in any export.
//!
//! A thread reads the sheet and writes its CSV a chunk at a time, so that
//! the export is read while the sheet is; an `.xlsx` sheet is read a cell
//! at a time from the file where it lies, so memory holds its table of
//! shared strings, never the sheet. Other workbooks are read whole first.

use std::fs::File;
use std::io::{self, Cursor, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use calamine::{Data, DataRef, Reader, Sheets, open_workbook_auto_from_rs};
use indicatif::ProgressBar;

use crate::error::{Error, Result};

/// Whether `head` starts like a workbook: a zip file (`.xlsx`, `.ods`) or an
/// OLE compound file (`.xls`). Told by the bytes, never by the file name.
pub fn looks_like(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04")
        || head.starts_with(&[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])
}

/// Rows above the header that are looked at for it.
const TITLE_ROWS: u32 = 30;

/// Bytes of CSV handed on at a time.
const CHUNK: usize = 1 << 18;

/// Chunks written ahead of the reader: enough to keep both threads busy,
/// few enough that memory stays flat.
const CHUNKS_AHEAD: usize = 4;

/// Where a workbook's packed bytes are.
pub enum Packed {
    /// In its file, read where they lie (its progress shown on the bar).
    File(File, ProgressBar),
    /// In memory: a workbook from standard input, or unpacked from gzip.
    Bytes(Vec<u8>),
}

/// The sheet `sheet` (the first when `None`) of the workbook `packed`, as a
/// reader of CSV text, and the sheet's name. An error the sheet's first
/// rows hold is returned here; one further on is the reader's.
pub fn to_csv(
    packed: Packed,
    sheet: Option<&str>,
    path: &Path,
) -> Result<(Box<dyn Read + Send>, String)> {
    match packed {
        Packed::File(file, bar) => open(FileAt::new(file, bar), sheet, path),
        Packed::Bytes(bytes) => open(Cursor::new(Arc::<[u8]>::from(bytes)), sheet, path),
    }
}

/// [`to_csv`] of a workbook read from `packed`, which calamine clones to try
/// each format.
fn open<RS: Read + Seek + Clone + Send + 'static>(
    packed: RS,
    sheet: Option<&str>,
    path: &Path,
) -> Result<(Box<dyn Read + Send>, String)> {
    let mut book = open_workbook_auto_from_rs(packed).map_err(|e| {
        Error::input(
            path,
            format!("this looks like a workbook or another zip file, but it cannot be read as one ({e}); save it as CSV"),
        )
    })?;
    let names = book.sheet_names();
    let name = match sheet {
        None => names.first().cloned().ok_or_else(|| {
            Error::input(path, "the workbook has no sheets; save the export as CSV")
        })?,
        Some(wanted) => names
            .iter()
            .find(|n| *n == wanted)
            .or_else(|| names.iter().find(|n| n.eq_ignore_ascii_case(wanted)))
            .cloned()
            .ok_or_else(|| {
                Error::input(
                    path,
                    format!(
                        "has no sheet '{wanted}'; its sheets are {}",
                        names
                            .iter()
                            .map(|n| format!("'{n}'"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            })?,
    };
    let (sender, chunks) = sync_channel(CHUNKS_AHEAD);
    let sheet_name = name.clone();
    std::thread::Builder::new()
        .name("workbook".into())
        .spawn(move || {
            let errors = sender.clone();
            let mut table = Table::new(Chunks::new(sender));
            let read = read_sheet(&mut book, &sheet_name, &mut table)
                .map_err(|e| {
                    io::Error::other(format!(
                        "its sheet '{sheet_name}' cannot be read ({e}); save the sheet as CSV"
                    ))
                })
                .and_then(|()| table.finish());
            match read {
                Ok(chunks) => chunks.end(),
                // Nobody may be left to hear it: then nothing is lost.
                Err(e) => drop(errors.send(Err(e))),
            }
        })
        .map_err(|e| Error::io(path, e))?;
    let mut reader = Streamed::new(chunks);
    // The first chunk, or the error that stopped it, before the sheet goes on.
    reader
        .next_chunk()
        .map_err(|e| Error::input(path, e.to_string()))?;
    Ok((Box::new(reader), name))
}

/// A workbook's file read where its bytes lie, each clone at a place of its
/// own (calamine tries each format on a clone), so that memory never holds
/// the packed file.
#[derive(Clone)]
struct FileAt {
    file: Arc<File>,
    at: u64,
    bar: ProgressBar,
}

impl FileAt {
    fn new(file: File, bar: ProgressBar) -> FileAt {
        FileAt {
            file: Arc::new(file),
            at: 0,
            bar,
        }
    }
}

impl Read for FileAt {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        #[cfg(unix)]
        let n = std::os::unix::fs::FileExt::read_at(&*self.file, buf, self.at)?;
        #[cfg(windows)]
        let n = std::os::windows::fs::FileExt::seek_read(&*self.file, buf, self.at)?;
        self.at += n as u64;
        // Each part of the file is read once: the bar adds them up.
        self.bar.inc(n as u64);
        Ok(n)
    }
}

impl Seek for FileAt {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let at = match to {
            SeekFrom::Start(at) => Some(at),
            SeekFrom::End(by) => self.file.metadata()?.len().checked_add_signed(by),
            SeekFrom::Current(by) => self.at.checked_add_signed(by),
        };
        self.at = at.ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                "a seek before the start of the file",
            )
        })?;
        Ok(self.at)
    }
}

/// Feeds the filled cells of the sheet `name` of `book` to `table`.
fn read_sheet<RS: Read + Seek, W: Write>(
    book: &mut Sheets<RS>,
    name: &str,
    table: &mut Table<W>,
) -> std::result::Result<(), String> {
    let mut buf = String::new();
    if let Sheets::Xlsx(book) = book {
        let mut cells = match book.worksheet_cells_reader(name) {
            Ok(cells) => cells,
            // A chart sheet has no cells, as calamine reads it whole.
            Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(()),
            Err(e) => return Err(e.to_string()),
        };
        while let Some(cell) = cells.next_cell().map_err(|e| e.to_string())? {
            let (row, column) = cell.get_position();
            table
                .push(row, column, text(cell.get_value(), &mut buf))
                .map_err(|e| e.to_string())?;
        }
        return Ok(());
    }
    let range = book.worksheet_range(name).map_err(|e| e.to_string())?;
    push_range(&range, table).map_err(|e| e.to_string())
}

/// Feeds the filled cells of a sheet read whole to `table`.
fn push_range<W: Write>(range: &calamine::Range<Data>, table: &mut Table<W>) -> csv::Result<()> {
    let mut buf = String::new();
    for (row, column, cell) in range.used_cells() {
        let (row, column) = (row as u32, column as u32);
        table.push(row, column, text(&data_ref(cell), &mut buf))?;
    }
    Ok(())
}

/// A cell as Excel shows it, written into `buf` where it is not text.
fn text<'a>(cell: &'a DataRef<'_>, buf: &'a mut String) -> &'a str {
    use std::fmt::Write as _;
    buf.clear();
    match cell {
        DataRef::Empty => "",
        DataRef::SharedString(s) => s,
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s,
        DataRef::Bool(b) => {
            if *b {
                "TRUE"
            } else {
                "FALSE"
            }
        }
        other => {
            let _ = match other {
                DataRef::Int(i) => write!(buf, "{i}"),
                // Whole numbers as digits: an id stored as a number is not 1.23E+11.
                DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => {
                    write!(buf, "{}", *f as i64)
                }
                DataRef::Float(f) => write!(buf, "{f}"),
                DataRef::DateTime(d) => match d.as_datetime() {
                    Some(t) if t.time() == chrono::NaiveTime::MIN => {
                        write!(buf, "{}", t.format("%Y-%m-%d"))
                    }
                    Some(t) => write!(buf, "{}", t.format("%Y-%m-%dT%H:%M:%S")),
                    None => write!(buf, "{}", d.as_f64()),
                },
                DataRef::Error(e) => write!(buf, "{e}"),
                _ => Ok(()),
            };
            buf
        }
    }
}

/// A cell of a sheet read whole, as a cell read alone is.
fn data_ref(cell: &Data) -> DataRef<'_> {
    match cell {
        Data::Int(i) => DataRef::Int(*i),
        Data::Float(f) => DataRef::Float(*f),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => DataRef::SharedString(s),
        Data::Bool(b) => DataRef::Bool(*b),
        Data::DateTime(d) => DataRef::DateTime(*d),
        Data::Error(e) => DataRef::Error(e.clone()),
        Data::Empty => DataRef::Empty,
    }
}

/// A sheet's filled cells, given in reading order (row by row, each left to
/// right), written out as CSV from its header row on.
struct Table<W: Write> {
    out: csv::Writer<W>,
    /// The first row with a filled cell.
    first_row: Option<u32>,
    /// The filled cells of the top rows (row, column, text), kept until the
    /// header is found among them.
    top: Vec<(u32, u32, String)>,
    /// The table's first column, once its header is found: the leftmost
    /// filled in the top rows. A cell left of it later on has no header,
    /// and is left out.
    start: Option<u32>,
    /// The row being written, and the column its next cell would be in.
    row: Option<(u32, u32)>,
    /// The next row to write: rows with no filled cell before a filled one
    /// are written blank, as the sheet has them.
    next_row: u32,
}

impl<W: Write> Table<W> {
    fn new(out: W) -> Table<W> {
        Table {
            out: csv::WriterBuilder::new().flexible(true).from_writer(out),
            first_row: None,
            top: Vec::new(),
            start: None,
            row: None,
            next_row: 0,
        }
    }

    /// The cell at `row` and `column`, with `text` (cells without any are
    /// not given, or are given empty).
    fn push(&mut self, row: u32, column: u32, text: &str) -> csv::Result<()> {
        if text.is_empty() {
            return Ok(());
        }
        let first = *self.first_row.get_or_insert(row);
        if self.start.is_none() {
            if row.saturating_sub(first) < TITLE_ROWS {
                self.top.push((row, column, text.to_string()));
                return Ok(());
            }
            self.begin()?;
        }
        self.write(row, column, text)
    }

    /// Finds the header among the top rows, and writes it and the rows
    /// after it that are kept.
    fn begin(&mut self) -> csv::Result<()> {
        let first = self.first_row.unwrap_or(0);
        let mut filled = Vec::new();
        for &(row, _, _) in &self.top {
            let at = (row - first) as usize;
            if filled.len() <= at {
                filled.resize(at + 1, 0);
            }
            filled[at] += 1;
        }
        let header = first + header_row(&filled) as u32;
        self.start = Some(self.top.iter().map(|c| c.1).min().unwrap_or(0));
        self.next_row = header;
        for (row, column, text) in std::mem::take(&mut self.top) {
            if row >= header {
                self.write(row, column, &text)?;
            }
        }
        Ok(())
    }

    fn write(&mut self, row: u32, column: u32, text: &str) -> csv::Result<()> {
        let start = self.start.unwrap_or(0);
        if column < start {
            return Ok(());
        }
        if self.row.is_some_and(|(r, _)| r != row) {
            self.end_row()?;
        }
        let next = match self.row {
            Some((_, next)) => next,
            None => {
                while self.next_row < row {
                    self.out.write_record([""])?;
                    self.next_row += 1;
                }
                start
            }
        };
        for _ in next..column {
            self.out.write_field("")?;
        }
        self.out.write_field(text)?;
        self.row = Some((row, column.max(next) + 1));
        Ok(())
    }

    fn end_row(&mut self) -> csv::Result<()> {
        if let Some((row, _)) = self.row.take() {
            self.out.write_record(None::<&[u8]>)?;
            self.next_row = row + 1;
        }
        Ok(())
    }

    /// Writes what is left, and hands back the output.
    fn finish(mut self) -> io::Result<W> {
        if self.start.is_none() && !self.top.is_empty() {
            self.begin()?;
        }
        self.end_row()?;
        self.out.into_inner().map_err(|e| e.into_error())
    }
}

/// The row the table starts at, given how many cells each of the top rows
/// has filled: the first about as wide as the widest of them.
fn header_row(filled: &[usize]) -> usize {
    let top = &filled[..filled.len().min(TITLE_ROWS as usize)];
    let widest = top.iter().copied().max().unwrap_or(0);
    top.iter()
        .position(|&n| widest > 0 && n * 5 >= widest * 4)
        .unwrap_or(0)
}

/// The writing end of a sheet's CSV: sends it on a chunk at a time.
struct Chunks {
    sender: SyncSender<io::Result<Vec<u8>>>,
    chunk: Vec<u8>,
}

impl Chunks {
    fn new(sender: SyncSender<io::Result<Vec<u8>>>) -> Chunks {
        Chunks {
            sender,
            chunk: Vec::with_capacity(CHUNK),
        }
    }

    fn send(&mut self) -> io::Result<()> {
        let chunk = std::mem::replace(&mut self.chunk, Vec::with_capacity(CHUNK));
        self.sender
            .send(Ok(chunk))
            .map_err(|_| io::ErrorKind::BrokenPipe.into())
    }

    /// Sends the last chunk and then the end: an empty chunk.
    fn end(mut self) {
        if !self.chunk.is_empty() && self.send().is_err() {
            return;
        }
        let _ = self.sender.send(Ok(Vec::new()));
    }
}

impl Write for Chunks {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.chunk.extend_from_slice(buf);
        if self.chunk.len() >= CHUNK {
            self.send()?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The reading end of a sheet's CSV.
struct Streamed {
    chunks: Receiver<io::Result<Vec<u8>>>,
    chunk: Vec<u8>,
    at: usize,
    ended: bool,
}

impl Streamed {
    fn new(chunks: Receiver<io::Result<Vec<u8>>>) -> Streamed {
        Streamed {
            chunks,
            chunk: Vec::new(),
            at: 0,
            ended: false,
        }
    }

    /// Waits for the next chunk; false at the end of the sheet.
    fn next_chunk(&mut self) -> io::Result<bool> {
        if self.ended {
            return Ok(false);
        }
        let next = self.chunks.recv().unwrap_or_else(|_| {
            Err(io::Error::other(
                "the workbook's reader stopped before the end of its sheet",
            ))
        });
        match next {
            Ok(chunk) if !chunk.is_empty() => {
                self.chunk = chunk;
                self.at = 0;
                Ok(true)
            }
            end => {
                self.ended = true;
                end.map(|_| false)
            }
        }
    }
}

impl Read for Streamed {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.at == self.chunk.len() {
            if !self.next_chunk()? {
                return Ok(0);
            }
        }
        let n = buf.len().min(self.chunk.len() - self.at);
        buf[..n].copy_from_slice(&self.chunk[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_as_excel_shows_them() {
        let mut buf = String::new();
        let mut shown = |cell: DataRef| text(&cell, &mut buf).to_string();
        assert_eq!(shown(DataRef::Float(123_000_000_000.0)), "123000000000");
        assert_eq!(shown(DataRef::Float(1.5)), "1.5");
        assert_eq!(shown(DataRef::Int(7)), "7");
        assert_eq!(shown(DataRef::Bool(true)), "TRUE");
        assert_eq!(shown(DataRef::SharedString("Acme")), "Acme");
        assert_eq!(shown(DataRef::Empty), "");
        // A cell formatted as a date holds days since 1900: shown in ISO 8601.
        let date = |days| {
            DataRef::DateTime(calamine::ExcelDateTime::new(
                days,
                calamine::ExcelDateTimeType::DateTime,
                false,
            ))
        };
        assert_eq!(shown(date(45_413.0)), "2024-05-01");
        assert_eq!(shown(date(45_413.75)), "2024-05-01T18:00:00");
        assert_eq!(shown(data_ref(&Data::String("Acme".into()))), "Acme");
        assert_eq!(shown(data_ref(&Data::Float(1e16))), "10000000000000000");
    }

    /// The CSV a table writes of `cells` (row, column, text).
    fn csv_of(cells: &[(u32, u32, &str)]) -> String {
        let mut table = Table::new(Vec::new());
        for &(row, column, text) in cells {
            table.push(row, column, text).unwrap();
        }
        String::from_utf8(table.finish().unwrap()).unwrap()
    }

    #[test]
    fn title_rows_above_the_table_are_left_out() {
        let sheet = [
            (0, 0, "Accounts with Intercom ids"),
            (1, 0, "Filtered by: Type equals Customer"),
            (3, 0, "Account Name"),
            (3, 1, "Account ID"),
            (3, 2, "Owner"),
            (4, 0, "Acme"),
            (4, 1, "0015g00000Ky9Pf"),
            (4, 2, "Jane"),
        ];
        let table = "Account Name,Account ID,Owner\nAcme,0015g00000Ky9Pf,Jane\n";
        assert_eq!(csv_of(&sheet), table);
        assert_eq!(csv_of(&sheet[2..]), table);
        assert_eq!(header_row(&[1, 1, 0, 3, 3]), 3);
        assert_eq!(header_row(&[3, 3]), 0);
    }

    #[test]
    fn a_sheet_s_gaps_are_kept_as_the_sheet_has_them() {
        // The table begins in column B and row 3; row 5 is blank; cells
        // are missing inside rows and at their ends; a cell far below
        // the top rows is left of the table.
        let cells = vec![
            (2, 1, "Name"),
            (2, 2, "Id"),
            (2, 3, "Site"),
            (3, 1, "Acme"),
            (3, 3, "acme.com"),
            (5, 2, "7"),
            (6, 1, "Bolt, Inc."),
            (6, 2, ""),
        ];
        let expected = "Name,Id,Site\nAcme,,acme.com\n\"\"\n,7\n\"Bolt, Inc.\"\n";
        assert_eq!(csv_of(&cells), expected);
        // The same below the top rows, where the table is written as it
        // is read.
        let far: Vec<(u32, u32, &str)> = cells.iter().map(|&(r, c, t)| (r + 100, c, t)).collect();
        let mut below = vec![(0, 1, "Report"), (0, 2, "of accounts"), (0, 3, "by name")];
        below.extend(far);
        below.push((140, 0, "no header"));
        below.push((141, 1, "Last"));
        let written = csv_of(&below);
        assert!(
            written.starts_with("Report,of accounts,by name\n"),
            "{written}"
        );
        assert!(
            written.ends_with(&format!("{expected}\"\"\n{}Last\n", "\"\"\n".repeat(33))),
            "{written}"
        );
    }

    #[test]
    fn a_sheet_read_whole_is_written_as_one_read_a_cell_at_a_time() {
        let cells = [
            (1, 2, Data::String("Accounts".into())),
            (3, 2, Data::String("Id".into())),
            (3, 3, Data::String("Employees".into())),
            (4, 2, Data::Float(123_456_789_012.0)),
            (4, 3, Data::Int(40)),
            (6, 3, Data::Bool(false)),
        ];
        let mut range = calamine::Range::new((1, 2), (6, 3));
        let mut one_by_one = Table::new(Vec::new());
        let mut buf = String::new();
        for (row, column, cell) in &cells {
            range.set_value((*row, *column), cell.clone());
            one_by_one
                .push(*row, *column, text(&data_ref(cell), &mut buf))
                .unwrap();
        }
        let mut whole = Table::new(Vec::new());
        push_range(&range, &mut whole).unwrap();
        let whole = String::from_utf8(whole.finish().unwrap()).unwrap();
        assert_eq!(whole, "Id,Employees\n123456789012,40\n\"\"\n,FALSE\n");
        assert_eq!(whole.as_bytes(), one_by_one.finish().unwrap());
    }

    /// A reader of what the thread behind `sender` sends.
    fn streamed(sent: Vec<io::Result<Vec<u8>>>, end: bool) -> Streamed {
        let (sender, chunks) = sync_channel(sent.len() + 1);
        for chunk in sent {
            sender.send(chunk).unwrap();
        }
        if end {
            sender.send(Ok(Vec::new())).unwrap();
        }
        Streamed::new(chunks)
    }

    #[test]
    fn a_sheet_s_text_is_read_across_its_chunks_to_its_end() {
        let mut text = String::new();
        let chunks = vec![Ok(b"Id,Name\n1,Ac".to_vec()), Ok(b"me\n".to_vec())];
        streamed(chunks, true).read_to_string(&mut text).unwrap();
        assert_eq!(text, "Id,Name\n1,Acme\n");
    }

    #[test]
    fn a_sheet_that_stops_is_an_error_not_an_end() {
        // An error part of the way, after the rows before it.
        let chunks = vec![Ok(b"Id\n1\n".to_vec()), Err(io::Error::other("bad XML"))];
        let mut reader = streamed(chunks, false);
        let mut first = [0u8; 5];
        reader.read_exact(&mut first).unwrap();
        assert_eq!(reader.read(&mut first).unwrap_err().to_string(), "bad XML");
        // A reader thread that ends without saying so (it panicked).
        let mut reader = streamed(vec![Ok(b"Id\n1\n".to_vec())], false);
        let err = reader.read_to_end(&mut Vec::new()).unwrap_err();
        assert!(err.to_string().contains("stopped before the end"), "{err}");
    }

    #[test]
    fn a_sheet_is_written_in_chunks_as_it_is_read() {
        let (sender, chunks) = sync_channel(64);
        let mut table = Table::new(Chunks::new(sender));
        let mut whole = Table::new(Vec::new());
        let mut text = Vec::new();
        for row in 0..40_000 {
            for (column, text) in [(0, format!("{row}")), (2, format!("Account {row}"))] {
                table.push(row, column, &text).unwrap();
                whole.push(row, column, &text).unwrap();
            }
            if row == 20_000 {
                // Chunks are handed on while the sheet is still being read.
                text = chunks.try_recv().unwrap().unwrap();
                assert!(text.len() >= CHUNK);
            }
        }
        table.finish().unwrap().end();
        let mut reader = Streamed::new(chunks);
        reader.read_to_end(&mut text).unwrap();
        let whole = whole.finish().unwrap();
        assert!(whole.starts_with(b"0,,Account 0\n1,,Account 1\n"));
        assert_eq!(text, whole);
    }
}
