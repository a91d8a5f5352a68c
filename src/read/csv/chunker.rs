//! Splitting a CSV byte stream into chunks of whole records, so that several
//! threads can parse one file at once.
//!
//! A chunk ends only at a line break outside quotes. Quotes are tracked the way
//! the `csv` crate reads them: a quote opens a quoted field only at the start of
//! a field, and `""` inside quotes is a literal quote. Exports quote every
//! field, so quotes are too dense for a byte search to skip ahead: the scan
//! instead looks at 64 bytes at once as bitmasks, where the quoted stretches
//! are a running XOR of the quote bits, and goes byte by byte only through a
//! block where a quote appears inside an unquoted field. Finding the
//! boundaries costs a fraction of parsing the bytes.
//!
//! Most of a chunk is not scanned at all. A closing quote between a byte of
//! text and a delimiter or line break (`…x",` or `…x"⏎`) leaves the reader
//! at the start of a field, outside quotes, whatever the state before it:
//! inside quotes it closes the field, and in an unquoted field it is a
//! literal quote. So the scan starts again at the last such quote before a
//! chunk's target, and only the line breaks before it are counted.

use std::io::{self, Read};
use std::sync::mpsc;

use crate::bytes::Utf8;

#[cfg(target_arch = "x86_64")]
use super::bytemask::Avx2;
use super::bytemask::{Portable, Quotes, Simd, Tier};

/// Bytes read from the input at a time.
const READ_SIZE: usize = 256 * 1024;

/// A chunk's scan skips ahead only when at least this many bytes are left
/// before its target: below it, a skip saves less than its search costs.
const MIN_JUMP: usize = 4096;

/// How far before a chunk's target a quote to start again after is looked
/// for: in a quoted export there is one every few bytes, and with none in
/// this stretch the bytes are scanned.
const JUMP_WINDOW: usize = 64 << 10;

/// The longest record read unless told otherwise: a field this long is
/// almost surely a quote that is never closed, and reading on would take
/// the memory of the whole file.
pub const MAX_RECORD: usize = 64 << 20;

/// Whole records, and the line of the file where they start.
#[derive(Debug)]
pub struct Chunk {
    /// The records are `buf[..len]`; the rest is room a [`Recycler`] hands
    /// back with the buffer.
    buf: Vec<u8>,
    len: usize,
    /// 1-based line number of the chunk's first byte.
    pub first_line: u64,
    /// 0 for the first chunk handed out, then 1, 2, …
    pub index: u64,
    /// Whether its bytes are known to be UTF-8, which the chunker does not
    /// tell: its reader may.
    pub utf8: Utf8,
}

impl Chunk {
    /// The chunk's bytes: whole records.
    pub fn data(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    /// [`Chunk::data`], to change in place.
    pub fn data_mut(&mut self) -> &mut [u8] {
        &mut self.buf[..self.len]
    }
}

/// Hands the buffers of read chunks back to their [`Chunker`], which reads
/// into them again: a new buffer's memory would be zeroed and faulted in
/// for every chunk of the file.
#[derive(Debug, Clone)]
pub struct Recycler(mpsc::Sender<Vec<u8>>);

impl Recycler {
    /// Gives `chunk`'s buffer back, unless its chunker is gone.
    pub fn give(&self, chunk: Chunk) {
        // A chunker that has stopped reading needs no buffers.
        let _ = self.0.send(chunk.buf);
    }
}

/// A last record whose quote the input ends inside: a file cut short, or a
/// quote never closed, which swallowed the lines after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Unclosed {
    /// The line the record starts on.
    pub line: u64,
    /// The lines of the file it runs over, its first included.
    pub lines: u64,
}

/// Reads a stream and hands it out in chunks of whole records.
pub struct Chunker<R> {
    reader: R,
    delimiter: u8,
    /// The block loop to scan with.
    tier: Tier,
    target: usize,
    /// Unhanded bytes, `buf[..filled]`; `buf[0]` is always the start of a
    /// record. Past `filled`, `buf` is room to read into.
    buf: Vec<u8>,
    filled: usize,
    /// Buffers of chunks handed out, handed back by a [`Recycler`].
    spare: mpsc::Receiver<Vec<u8>>,
    recycler: Recycler,
    /// How far `buf` has been scanned, and the quote state there.
    scanned: usize,
    quotes: Quotes,
    /// The end of the last whole record found in `buf`, and the line breaks before it.
    boundary: usize,
    lines_to_boundary: u64,
    lines_scanned: u64,
    next_line: u64,
    chunks: u64,
    eof: bool,
    /// The longest record allowed, in bytes.
    max_record: usize,
    /// Set when the input ends inside quotes.
    unclosed: Option<Unclosed>,
    /// Bytes left before a chunk's target from which the scan skips ahead.
    min_jump: usize,
    /// Where the scan skipped ahead in the current chunk, if it did.
    jump: Option<Jump>,
    /// How many stretches the scan has skipped.
    jumps: u64,
}

/// A stretch of the buffer the scan skipped, not knowing the record ends in
/// it: the scan's state where it left off, and where it started again.
#[derive(Debug, Clone, Copy)]
struct Jump {
    from: usize,
    quotes: Quotes,
    lines: u64,
    to: usize,
}

impl<R: Read> Chunker<R> {
    /// Chunks of about `target` bytes (more when one record is larger).
    pub fn new(reader: R, delimiter: u8, target: usize) -> Chunker<R> {
        Chunker::with_tier(reader, delimiter, target, Tier::best())
    }

    /// [`Chunker::new`], scanning with the block loop of `tier`.
    fn with_tier(reader: R, delimiter: u8, target: usize, tier: Tier) -> Chunker<R> {
        let (recycler, spare) = mpsc::channel();
        Chunker {
            reader,
            delimiter,
            tier,
            target: target.max(1),
            buf: Vec::new(),
            filled: 0,
            spare,
            recycler: Recycler(recycler),
            scanned: 0,
            quotes: Quotes::AT_RECORD_START,
            boundary: 0,
            lines_to_boundary: 0,
            lines_scanned: 0,
            next_line: 1,
            chunks: 0,
            eof: false,
            max_record: MAX_RECORD,
            unclosed: None,
            min_jump: MIN_JUMP,
            jump: None,
            jumps: 0,
        }
    }

    /// Skips ahead when at least `min` bytes are left before a chunk's
    /// target (`usize::MAX`: never).
    #[cfg(test)]
    fn jumping(mut self, min: usize) -> Chunker<R> {
        self.min_jump = min;
        self
    }

    /// Refuses records longer than `max` bytes (default [`MAX_RECORD`]).
    pub fn with_max_record(mut self, max: usize) -> Chunker<R> {
        self.max_record = max.max(1);
        self
    }

    /// What gives this chunker back the buffers of its chunks.
    pub fn recycler(&self) -> Recycler {
        self.recycler.clone()
    }

    /// The last record, once the input has ended, if the input ends inside
    /// one of its quoted fields. The `csv` crate reads such a record to the
    /// end of the input as it is, so it is only told.
    pub fn unclosed(&self) -> Option<Unclosed> {
        self.unclosed
    }

    /// The first record alone (the header), or `None` for an empty input.
    /// It does not count as a chunk: the first data chunk still has index 0.
    pub fn next_record(&mut self) -> io::Result<Option<Chunk>> {
        self.next_with(1)
    }

    /// The next chunk of whole records, or `None` at the end of the input.
    pub fn next_chunk(&mut self) -> io::Result<Option<Chunk>> {
        let chunk = self.next_with(self.target)?;
        self.chunks += chunk.is_some() as u64;
        Ok(chunk)
    }

    fn next_with(&mut self, want: usize) -> io::Result<Option<Chunk>> {
        loop {
            self.scan(want, true);
            if self.boundary > 0 && self.boundary >= want {
                return Ok(Some(self.split()));
            }
            if self.filled - self.boundary > self.max_record || self.eof {
                // What follows needs the last record end known: the bytes
                // skipped may hold it.
                self.scan(want, false);
                if self.boundary > 0 && self.boundary >= want {
                    return Ok(Some(self.split()));
                }
            }
            // The record after the last boundary is still open: past the
            // bound, it is refused, not read into memory to the end.
            if self.filled - self.boundary > self.max_record {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!(
                        "the record that starts on line {} runs past {} MiB without ending: most likely a quote opened there is never closed. Fix that line, or raise --max-record",
                        self.next_line + self.lines_to_boundary,
                        self.max_record >> 20
                    ),
                ));
            }
            if self.eof {
                if self.filled == 0 {
                    return Ok(None);
                }
                // The whole input is scanned: the quote state is the end's.
                if self.quotes.inside {
                    let ends_line = self.buf[self.filled - 1] == b'\n';
                    self.unclosed = Some(Unclosed {
                        line: self.next_line + self.lines_to_boundary,
                        lines: self.lines_scanned - self.lines_to_boundary + u64::from(!ends_line),
                    });
                }
                // Everything left, including a last record without a line break.
                self.boundary = self.filled;
                self.lines_to_boundary = self.lines_scanned;
                return Ok(Some(self.split()));
            }
            self.fill()?;
        }
    }

    /// Reads more bytes into `buf`; sets `eof` when there are none.
    fn fill(&mut self) -> io::Result<()> {
        let (from, to) = (self.filled, self.filled + READ_SIZE);
        // Only room never read into before is zeroed.
        if self.buf.len() < to {
            self.buf.resize(to, 0);
        }
        let n = loop {
            match self.reader.read(&mut self.buf[from..to]) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        };
        self.filled += n;
        self.eof = n == 0;
        Ok(())
    }

    /// Advances the scan over `buf` a block of 64 bytes at a time, recording
    /// record boundaries, and stops early once a boundary at or past `want`
    /// bytes is known. A last block shorter than 64 bytes waits for the end of
    /// the input.
    ///
    /// If `skip`, the bytes well before `want` are left for later, and once
    /// they are all read, skipped where they can be ([`Chunker::jump`]): the
    /// record ends before the skip are then not known. If not, a stretch
    /// skipped without a record end found past it is scanned after all.
    fn scan(&mut self, want: usize, skip: bool) {
        if skip && want.saturating_sub(self.scanned) >= self.min_jump {
            if self.filled < want {
                return;
            }
            if self.jump.is_none() {
                self.jump(want);
            }
        }
        if let Some(jump) = self.jump.filter(|j| !skip && self.boundary < j.to) {
            self.jump = None;
            self.scanned = jump.from;
            self.quotes = jump.quotes;
            self.lines_scanned = jump.lines;
        }
        match self.tier {
            Tier::Portable => self.scan_with(Portable, want),
            // SAFETY: an `Avx2` exists only where the processor has the
            // features `scan_avx2` is built for.
            #[cfg(target_arch = "x86_64")]
            Tier::Avx2(avx2) => unsafe { self.scan_avx2(avx2, want) },
        }
    }

    /// Moves the scan to where the state is known without the bytes
    /// before it, counting the line breaks it passes: just past the last
    /// quote before `want` that ends a field whatever the state before it (a
    /// quote between a byte that is neither a quote nor a field's end and a
    /// delimiter or `\n`), or where there is no quote since the scan's place
    /// outside quotes, just past the last delimiter or `\n`. `buf[..want]`
    /// must be read.
    fn jump(&mut self, want: usize) {
        let (from, delimiter) = (self.scanned, self.delimiter);
        let lo = want.saturating_sub(JUMP_WINDOW).max(from + 1);
        if lo + 2 >= want || matches!(delimiter, b'"' | b'\n' | b'\r') {
            return;
        }
        // A line break that ends a chunk of `want` bytes is at `want - 1`
        // or later: the field's end the scan starts again after is before
        // it, so that such a line break is not skipped.
        let buf = &self.buf[..want - 1];
        let ends = |b: u8| b == delimiter || b == b'\n' || b == b'\r';
        let closing = memchr::memrchr_iter(b'"', &buf[lo..want - 2])
            .map(|q| lo + q)
            .find(|&q| {
                let (before, after) = (buf[q - 1], buf[q + 1]);
                (after == delimiter || after == b'\n') && before != b'"' && !ends(before)
            })
            .map(|q| q + 1);
        // An export that quotes no field has no such quote.
        let unquoted = || {
            let end = memchr::memrchr2(delimiter, b'\n', &buf[lo..])? + lo;
            let quoteless = !self.quotes.inside && memchr::memchr(b'"', &buf[from..end]).is_none();
            quoteless.then_some(end)
        };
        let Some(end) = closing.or_else(unquoted) else {
            return;
        };
        let to = end + 1;
        self.jump = Some(Jump {
            from,
            quotes: self.quotes,
            lines: self.lines_scanned,
            to,
        });
        self.jumps += 1;
        self.lines_scanned += memchr::memchr_iter(b'\n', &buf[from..to]).count() as u64;
        self.scanned = to;
        self.quotes = Quotes::AT_RECORD_START;
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,bmi1,popcnt,pclmulqdq")]
    fn scan_avx2(&mut self, avx2: Avx2, want: usize) {
        self.scan_with(avx2, want)
    }

    #[inline(always)]
    fn scan_with(&mut self, simd: impl Simd, want: usize) {
        let mut i = self.scanned;
        let mut padded = [0u8; 64];
        let filled = &self.buf[..self.filled];
        loop {
            let block: &[u8; 64] = match filled.get(i..i + 64) {
                Some(b) => b.try_into().expect("64 bytes"),
                None if self.eof && i < filled.len() => {
                    // Zeros are neither quotes nor line breaks.
                    let tail = &filled[i..];
                    padded[..tail.len()].copy_from_slice(tail);
                    &padded
                }
                None => break,
            };
            let (breaks, ends) = self.quotes.scan(simd, block, self.delimiter);
            // Record ends at or past `want`; the first of them is where to stop.
            let late = ends
                & (!0u64)
                    .checked_shl(want.saturating_sub(i + 1).min(64) as u32)
                    .unwrap_or(0);
            let end = if late != 0 {
                Some(late.trailing_zeros())
            } else {
                ends.checked_ilog2()
            };
            if let Some(bit) = end {
                let through = !0u64 >> (63 - bit);
                self.boundary = i + bit as usize + 1;
                self.lines_to_boundary =
                    self.lines_scanned + (breaks & through).count_ones() as u64;
                if late != 0 {
                    self.lines_scanned = self.lines_to_boundary;
                    self.scanned = self.boundary;
                    self.quotes = Quotes::AT_RECORD_START;
                    return;
                }
            }
            self.lines_scanned += breaks.count_ones() as u64;
            i += 64;
        }
        self.scanned = i.min(self.filled);
    }

    /// Hands out `buf[..boundary]` and keeps the rest.
    fn split(&mut self) -> Chunk {
        // A buffer handed back, or one with room for the next chunk from
        // the start, so that it is not copied again as it grows.
        let mut rest = self
            .spare
            .try_recv()
            .unwrap_or_else(|_| Vec::with_capacity(self.target + 2 * READ_SIZE));
        let left = self.filled - self.boundary;
        if rest.len() < left {
            rest.resize(left, 0);
        }
        rest[..left].copy_from_slice(&self.buf[self.boundary..self.filled]);
        let chunk = Chunk {
            buf: std::mem::replace(&mut self.buf, rest),
            len: self.boundary,
            first_line: self.next_line,
            index: self.chunks,
            utf8: Utf8::UNKNOWN,
        };
        self.filled = left;
        self.next_line += self.lines_to_boundary;
        self.scanned -= self.boundary;
        self.lines_scanned -= self.lines_to_boundary;
        self.boundary = 0;
        self.lines_to_boundary = 0;
        self.jump = None;
        chunk
    }
}

impl Quotes {
    /// The line breaks in `block` and, among them, those that end a record,
    /// as bitmasks (bit `i` for byte `i`); moves the state past the block.
    #[inline(always)]
    fn scan(&mut self, simd: impl Simd, block: &[u8; 64], delimiter: u8) -> (u64, u64) {
        let [quotes, breaks, returns, delimiters] =
            simd.masks(block, [b'"', b'\n', b'\r', delimiter]);
        let before = *self;
        let bits = self.block(simd, quotes, delimiters | breaks | returns);
        if bits.stray == 0 {
            return (breaks, breaks & !bits.quoted);
        }
        // A quote inside an unquoted field is a literal quote, which the
        // running XOR would count: this block goes byte by byte.
        *self = before;
        let mut ends = 0;
        for (i, &b) in block.iter().enumerate() {
            if b == b'"' {
                (self.inside, self.may_open) = match (self.inside, self.may_open) {
                    (true, _) => (false, true),
                    (false, opens) => (opens, false),
                };
                continue;
            }
            if b == b'\n' && !self.inside {
                ends |= 1 << i;
            }
            self.may_open = b == delimiter || b == b'\n' || b == b'\r';
        }
        (breaks, ends)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that returns at most `step` bytes a call, to cut records anywhere.
    struct Trickle<'a> {
        data: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            let n = self.step.min(out.len()).min(self.data.len());
            out[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    fn records(data: &[u8]) -> Vec<Vec<Vec<u8>>> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(data)
            .byte_records()
            .map(|r| r.unwrap().iter().map(<[u8]>::to_vec).collect())
            .collect()
    }

    /// The chunks of `data` read `step` bytes at a time, by the block loop
    /// of each tier this processor has, scanning every byte and skipping
    /// all it can (which must all agree), and their records. Each chunk's
    /// buffer is handed back at once, to be read into again with what it
    /// held still in it.
    fn chunked(data: &[u8], step: usize, target: usize) -> (Vec<Chunk>, Vec<Vec<Vec<u8>>>) {
        let modes = Tier::all()
            .into_iter()
            .flat_map(|tier| [(tier, usize::MAX), (tier, 0)]);
        let mut by_mode = modes.map(|(tier, min_jump)| {
            let c = Chunker::with_tier(Trickle { data, step }, b',', target, tier);
            let mut c = c.jumping(min_jump);
            let recycler = c.recycler();
            let mut chunks = vec![];
            while let Some(chunk) = c.next_chunk().unwrap() {
                chunks.push(Chunk {
                    buf: chunk.data().to_vec(),
                    ..chunk
                });
                recycler.give(chunk);
            }
            chunks
        });
        let chunks = by_mode.next().expect("the portable tier");
        for other in by_mode {
            let bounds = |c: &[Chunk]| -> Vec<(usize, u64)> {
                c.iter().map(|c| (c.data().len(), c.first_line)).collect()
            };
            assert_eq!(
                bounds(&other),
                bounds(&chunks),
                "the tiers and skips cut alike"
            );
        }
        let recs = chunks.iter().flat_map(|c| records(c.data())).collect();
        (chunks, recs)
    }

    const MESSY: &[u8] = b"Id,Name,Description\r\n\
        001,\"Acme, Inc.\",\"line one\nline two\"\r\n\
        002,Plain,\"a \"\"quoted\"\" word\"\n\
        003,5\" screen,\"ends with quote\"\"\"\n\
        004,\"\"\"\",x\n\
        005,last,\"no newline at end\"";

    #[test]
    fn a_record_that_never_ends_is_refused_with_its_line() {
        for min_jump in [usize::MAX, 0] {
            // Line 3 opens a quote that is never closed: the rest of the
            // input would be one record. Before it, a quote a skip may
            // start again after.
            let mut text = b"id,name\n1,\"x\"\n2,\"oops\n".to_vec();
            text.extend(std::iter::repeat_n(b'a', 5000));
            let c = Chunker::new(&text[..], b',', 1 << 20).with_max_record(1024);
            let mut c = c.jumping(min_jump);
            assert!(c.next_record().unwrap().is_some(), "the header is whole");
            let err = c.next_chunk().unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::InvalidData);
            assert!(err.to_string().contains("starts on line 3"), "{err}");
            // A long record under the bound is read whole.
            let mut long = b"id,name\n1,\"".to_vec();
            long.extend(std::iter::repeat_n(b'a', 5000));
            long.extend(b"\"\n2,b\n");
            let c = Chunker::new(&long[..], b',', 1 << 20).with_max_record(8192);
            let mut c = c.jumping(min_jump);
            c.next_record().unwrap();
            assert_eq!(
                c.next_chunk().unwrap().unwrap().data().len(),
                long.len() - 8
            );
        }
    }

    #[test]
    fn chunks_hold_whole_records_wherever_reads_end() {
        let whole = records(MESSY);
        for step in 1..12 {
            for target in [1, 5, 40, 1000] {
                let (chunks, recs) = chunked(MESSY, step, target);
                assert_eq!(recs, whole, "step {step} target {target}");
                let joined: Vec<u8> = chunks.iter().flat_map(|c| c.data().to_vec()).collect();
                assert_eq!(joined, MESSY);
            }
        }
    }

    #[test]
    fn chunks_know_their_first_line() {
        let (chunks, _) = chunked(MESSY, 3, 1);
        let lines: Vec<u64> = chunks.iter().map(|c| c.first_line).collect();
        // The quoted line break in record 2 makes record 3 start on line 4.
        assert_eq!(lines, [1, 2, 4, 5, 6, 7]);
    }

    #[test]
    fn header_comes_alone() {
        let mut c = Chunker::new(MESSY, b',', 1 << 20);
        let header = c.next_record().unwrap().unwrap();
        assert_eq!(header.data(), b"Id,Name,Description\r\n");
        let rest = c.next_chunk().unwrap().unwrap();
        assert_eq!((rest.first_line, rest.index), (2, 0));
        assert_eq!(records(rest.data()).len(), 5);
        assert!(c.next_chunk().unwrap().is_none());
    }

    proptest::proptest! {
        #[test]
        fn chunks_split_any_text_where_csv_ends_a_record(
            text in proptest::collection::vec(proptest::sample::select(&b"ab,;\"\"\n\r "[..]), 0..600),
            step in 1..300usize,
            target in 1..200usize,
        ) {
            let (chunks, recs) = chunked(&text, step, target);
            proptest::prop_assert_eq!(recs, records(&text));
            let joined: Vec<u8> = chunks.iter().flat_map(|c| c.data().to_vec()).collect();
            proptest::prop_assert_eq!(joined, text);
        }
    }

    proptest::proptest! {
        #[test]
        fn chunks_split_text_with_few_quotes_where_csv_ends_a_record(
            text in proptest::collection::vec(proptest::sample::select(&b"ab,;\n\r "[..]), 0..600),
            quotes in proptest::collection::vec(0..600usize, 0..3),
            step in 1..300usize,
            target in 1..200usize,
        ) {
            let mut text = text;
            for at in quotes {
                text.insert(at.min(text.len()), b'"');
            }
            let (chunks, recs) = chunked(&text, step, target);
            proptest::prop_assert_eq!(recs, records(&text));
            let joined: Vec<u8> = chunks.iter().flat_map(|c| c.data().to_vec()).collect();
            proptest::prop_assert_eq!(joined, text);
        }
    }

    #[test]
    fn a_quoted_export_goes_block_by_block() {
        // Every field quoted, escapes and line breaks in quotes, a literal
        // quote in an unquoted field: blocks of both kinds.
        let mut text = Vec::new();
        for i in 0..500 {
            text.extend_from_slice(format!("\"{i}\",\"a \"\"b\"\"\nc\",x\"y,\"\"\r\n").as_bytes());
        }
        let whole = records(&text);
        for (step, target) in [(7, 1), (64, 64), (1000, 333), (1 << 16, 1 << 12)] {
            let (chunks, recs) = chunked(&text, step, target);
            assert_eq!(recs, whole, "step {step} target {target}");
            assert!(chunks.iter().all(|c| c.data().ends_with(b"\r\n")));
        }
    }

    /// What the chunker tells of the quotes at the end of `text`, read
    /// `step` bytes at a time into chunks of about `target`.
    fn unclosed_of(text: &[u8], step: usize, target: usize) -> Option<Unclosed> {
        let told = [usize::MAX, 0].map(|min_jump| {
            let c = Chunker::new(Trickle { data: text, step }, b',', target);
            let mut c = c.jumping(min_jump);
            c.next_record().unwrap();
            while c.next_chunk().unwrap().is_some() {}
            c.unclosed()
        });
        assert_eq!(told[0], told[1], "scanning every byte and skipping");
        told[0]
    }

    #[test]
    fn an_input_that_ends_inside_quotes_names_its_last_record() {
        // Line 3 opens a quote; the two rows after it are read into it.
        let swallowed = b"Id,Name\n001,Acme\n002,\"Beta\n003,Gamma\n004,Delta\n";
        // Cut short in the middle of a field, without a line break.
        let cut = b"Id,Name\r\n001,Acme\r\n002,\"Be";
        for (step, target) in [(1, 1), (7, 10), (1 << 16, 1 << 20)] {
            assert_eq!(
                unclosed_of(swallowed, step, target),
                Some(Unclosed { line: 3, lines: 3 })
            );
            assert_eq!(
                unclosed_of(cut, step, target),
                Some(Unclosed { line: 3, lines: 1 })
            );
            // Quotes that close, line breaks in them, or none at all.
            assert_eq!(unclosed_of(MESSY, step, target), None);
            let closed = b"Id,Name\n001,\"Acme\nInc\"\n002,\"say \"\"hi\"\"\"";
            assert_eq!(unclosed_of(closed, step, target), None);
            assert_eq!(
                unclosed_of(b"Id,Name\n001,5\" screen\n", step, target),
                None
            );
        }
    }

    #[test]
    fn empty_input_has_no_chunks() {
        let mut c = Chunker::new(&b""[..], b',', 10);
        assert!(c.next_record().unwrap().is_none());
    }

    #[test]
    fn an_export_is_skipped_through_where_a_field_ends() {
        // Every field quoted, with quotes and line breaks inside, and
        // stretches where no quote ends a field: `"",""` and `x"y,`.
        let mut quoted = Vec::new();
        for i in 0..3000 {
            let row = match i % 3 {
                0 => format!("\"{i}\",\"a \"\"b\"\"\nc\",\"d\"\r\n"),
                1 => format!("\"{i}\",\"\",\"\"\"\",\"\"\n"),
                _ => format!("{i},x\"y,\"say \"\"hi\"\",\nthen\"\n"),
            };
            quoted.extend_from_slice(row.as_bytes());
        }
        // No field quoted, and then one quote after all, whose line break
        // and what follows is a field until the end: a skip past it would
        // cut there.
        let mut unquoted = Vec::new();
        for i in 0..3000 {
            unquoted.extend_from_slice(format!("{i},Acme {i},,x\r\n").as_bytes());
        }
        let mut late = unquoted.clone();
        late.extend_from_slice(b"1,\"open\n");
        late.extend_from_slice(&unquoted);
        for text in [quoted, unquoted, late] {
            let whole = records(&text);
            for (step, target) in [(1 << 16, 1 << 12), (1000, 5000), (333, 777)] {
                let (chunks, recs) = chunked(&text, step, target);
                assert_eq!(recs, whole, "step {step} target {target}");
                // The tests' chunker skips from any distance: this one only
                // well before a target.
                let mut c = Chunker::new(Trickle { data: &text, step }, b',', target);
                let mut n = 0;
                while let Some(chunk) = c.next_chunk().unwrap() {
                    assert_eq!(chunk.first_line, chunks[n].first_line);
                    assert_eq!(chunk.data(), chunks[n].data());
                    n += 1;
                }
                assert_eq!(n, chunks.len());
                assert!(
                    c.jumps * 2 >= n as u64 || target < MIN_JUMP,
                    "{} skips in {n} chunks",
                    c.jumps
                );
            }
        }
    }
}
