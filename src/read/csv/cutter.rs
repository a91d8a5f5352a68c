//! Cutting a chunk of well-formed CSV into records by bitmasks.
//!
//! The `csv` crate reads a byte at a time, through a state machine that
//! handles every oddity CSV has; on an export of a million accounts that is
//! a third of the work. Most exports are well-formed: a quote opens a field
//! at its start, is doubled inside it, and closes it just before a delimiter
//! or a line end, and lines end with `\n` or `\r\n`. In such a chunk the
//! fields are the stretches between delimiters and line ends outside quotes,
//! found 64 bytes at a time (see [`super::bytemask`]), and each record goes
//! out as soon as the block that ends it has been checked. From the first
//! record with anything else (a quote inside an unquoted field, text after a
//! closing quote, a `\r` alone, a quote left open), the rest of the chunk is
//! left to the `csv` crate, so the records are always the ones it reads.

#[cfg(target_arch = "x86_64")]
use super::bytemask::Avx2;
use super::bytemask::{Portable, QuoteBits, Quotes, Simd, Tier};
use super::chunker::Chunk;
use crate::bytes::Utf8;

/// One record: its fields, as ranges of the bytes of a chunk.
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    data: &'a [u8],
    bounds: &'a [(u32, u32)],
    utf8: Utf8,
}

impl<'a> Record<'a> {
    /// The record whose field `i` is `data[bounds[i].0..bounds[i].1]`.
    fn new(data: &'a [u8], bounds: &'a [(u32, u32)]) -> Record<'a> {
        Record {
            data,
            bounds,
            utf8: Utf8::UNKNOWN,
        }
    }

    /// A record of one field, `data` whole: a lone-field line replayed.
    pub fn lone(data: &'a [u8], bounds: &'a [(u32, u32); 1]) -> Record<'a> {
        Record::new(data, bounds)
    }

    /// What is known of whether each field's bytes are UTF-8.
    pub fn utf8(&self) -> Utf8 {
        self.utf8
    }

    pub fn len(&self) -> usize {
        self.bounds.len()
    }

    /// Field `i`, if the record has that many.
    pub fn get(&self, i: usize) -> Option<&'a [u8]> {
        let &(start, end) = self.bounds.get(i)?;
        Some(&self.data[start as usize..end as usize])
    }

    pub fn iter(&self) -> impl Iterator<Item = &'a [u8]> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }
}

/// Calls `each` with every record of `chunk` and the line it starts on,
/// exactly as the `csv` crate reads them with `flexible(true)`: cut by
/// bitmasks as far as the chunk is well-formed, and the rest by the `csv`
/// crate. `cutter` holds buffers reused from chunk to chunk. A record the
/// `csv` crate cannot read stops the chunk with the line and the reason.
pub fn for_each_record(
    chunk: &mut Chunk,
    cutter: &mut FieldCutter,
    delimiter: u8,
    mut each: impl FnMut(&Record, u64),
) -> Result<(), (u64, String)> {
    // A field is cut at delimiters, quotes and line ends, which are ASCII,
    // and loses only quotes: what is known of the chunk's bytes is known of
    // each field's.
    let utf8 = chunk.utf8;
    let mut each = |record: &Record, line| each(&Record { utf8, ..*record }, line);
    let first_line = chunk.first_line;
    let Some(rest) = cutter.records(chunk.data_mut(), delimiter, first_line, &mut each) else {
        return Ok(());
    };
    let data = &chunk.data()[rest.start..];
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(data);
    let mut lines = Lines::new(rest.line);
    let mut line_of = |pos: Option<&csv::Position>| {
        lines.at_csv(data, pos.map_or(0, |p| p.byte() as usize).min(data.len()))
    };
    let (mut record, mut bounds) = (csv::ByteRecord::new(), Vec::new());
    loop {
        match csv.read_byte_record(&mut record) {
            Ok(true) => {
                bounds_of(&record, &mut bounds);
                each(
                    &Record::new(record.as_slice(), &bounds),
                    line_of(record.position()),
                );
            }
            Ok(false) => return Ok(()),
            Err(e) => return Err((line_of(e.position()), e.to_string())),
        }
    }
}

/// Fills `bounds` with the fields of a record the csv crate read, as ranges
/// of `record.as_slice()`.
fn bounds_of(record: &csv::ByteRecord, bounds: &mut Vec<(u32, u32)>) {
    bounds.clear();
    let mut start = 0;
    for field in record {
        let end = start + field.len() as u32;
        bounds.push((start, end));
        start = end;
    }
}

/// Buffers reused from chunk to chunk.
#[derive(Debug, Default)]
pub struct FieldCutter {
    /// The fields of the record at hand, without their quotes.
    bounds: Vec<(u32, u32)>,
    /// Which of them have doubled quotes still to make single.
    escaped: Vec<usize>,
    /// Where the second quote of each of their `""` is, in order.
    dropped: Vec<u32>,
}

/// Where the cutter stopped and the `csv` crate is to read on: from
/// `data[start..]`, which starts on `line`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Rest {
    pub start: usize,
    pub line: u64,
}

impl FieldCutter {
    /// Calls `each` with the records of `data` and the line each starts on
    /// (`data` starts on `first_line`), as the `csv` crate would read them
    /// with `flexible(true)`, as far as `data` is well-formed. Returns `None`
    /// when every record was read, or the [`Rest`], from the first record
    /// that is not well-formed (or not whole, for a block at a time is
    /// checked before its records go out). Doubled quotes are made single in
    /// place, in the records read.
    fn records(
        &mut self,
        data: &mut [u8],
        delimiter: u8,
        first_line: u64,
        each: impl FnMut(&Record, u64),
    ) -> Option<Rest> {
        self.records_by(Tier::best(), data, delimiter, first_line, each)
    }

    /// [`FieldCutter::records`] with the block loop of `tier`.
    fn records_by(
        &mut self,
        tier: Tier,
        data: &mut [u8],
        delimiter: u8,
        first_line: u64,
        each: impl FnMut(&Record, u64),
    ) -> Option<Rest> {
        if matches!(delimiter, b'"' | b'\n' | b'\r') || data.len() >= u32::MAX as usize {
            return Some(Rest {
                start: 0,
                line: first_line,
            });
        }
        match tier {
            Tier::Portable => self.records_with(Portable, data, delimiter, first_line, each),
            // SAFETY: an `Avx2` exists only where the processor has the
            // features `records_avx2` is built for.
            #[cfg(target_arch = "x86_64")]
            Tier::Avx2(avx2) => unsafe {
                self.records_avx2(avx2, data, delimiter, first_line, each)
            },
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,bmi1,popcnt,pclmulqdq")]
    fn records_avx2(
        &mut self,
        avx2: Avx2,
        data: &mut [u8],
        delimiter: u8,
        first_line: u64,
        each: impl FnMut(&Record, u64),
    ) -> Option<Rest> {
        self.records_with(avx2, data, delimiter, first_line, each)
    }

    #[inline(always)]
    fn records_with(
        &mut self,
        simd: impl Simd,
        data: &mut [u8],
        delimiter: u8,
        first_line: u64,
        mut each: impl FnMut(&Record, u64),
    ) -> Option<Rest> {
        let FieldCutter {
            bounds,
            escaped,
            dropped,
        } = self;
        bounds.clear();
        escaped.clear();
        dropped.clear();
        // Carried from one block to the next, about the byte before: the
        // quote state; it is a closing quote, or a `\r` outside quotes, which
        // the next byte must follow correctly. And whether the field at hand
        // has doubled quotes so far.
        let mut state = Quotes::AT_RECORD_START;
        let (mut closing_last, mut return_last) = (false, false);
        let mut doubled_so_far = false;
        // Where the field and the record at hand start; the line breaks
        // before the block and before the record.
        let (mut field_start, mut record_start) = (0u32, 0u32);
        let (mut newlines, mut record_newlines) = (0u32, 0u32);
        let rest = |start: u32, newlines: u32| {
            Some(Rest {
                start: start as usize,
                line: first_line + newlines as u64,
            })
        };
        let mut padded = [0u8; 64];
        // The last block is always short, if need be empty, so that the end
        // of the data is a place in it.
        for base in (0..=data.len()).step_by(64) {
            let block = &data[base..data.len().min(base + 64)];
            let end = if block.len() < 64 {
                1 << block.len()
            } else {
                0
            };
            let block: &[u8; 64] = match block.try_into() {
                Ok(full) => full,
                Err(_) => {
                    padded[..block.len()].copy_from_slice(block);
                    &padded
                }
            };
            let [quotes, breaks, returns, delimiters] =
                simd.masks(block, [b'"', b'\n', b'\r', delimiter]);
            let field_ends = delimiters | breaks | returns;
            let QuoteBits {
                quoted,
                opening,
                closing,
                stray,
            } = state.block(simd, quotes, field_ends);
            // Bytes right after a closing quote: the end of a quoted field,
            // or the second quote of `""` in one.
            let after_closing = (closing << 1) | closing_last as u64;
            let mut doubled = opening & after_closing;
            // A closing quote comes before a quote, a delimiter or a line end.
            let follows_closing = quotes | field_ends | end;
            // A `\r` outside quotes comes before a `\n`.
            let returns = returns & !quoted;
            // A quote opens a field only at its start, or doubles a quote.
            if stray != 0
                || closing & !(follows_closing >> 1) & !(1 << 63) != 0
                || (closing_last && follows_closing & 1 == 0)
                || returns & !(breaks >> 1) & !(1 << 63) != 0
                || (return_last && breaks & 1 == 0)
                // A quote left open at the end of the data.
                || end & quoted != 0
            {
                return rest(record_start, record_newlines);
            }
            closing_last = closing >> 63 == 1;
            return_last = returns >> 63 == 1;
            // The end of the data ends the last record, if a line end did not.
            let line_ends = ((breaks | returns) & !quoted) | end;
            let mut ends = (field_ends & !quoted) | end;
            if doubled == 0 && !doubled_so_far && line_ends == 0 {
                // Blocks that end fields but no record, with no doubled
                // quotes to carry (half or more of a 60-column export's,
                // with two thirds of its fields): their ends go out in one
                // loop.
                field_start = push_fields(bounds, ends, base as u32, after_closing, field_start);
                ends = 0;
            }
            while ends != 0 {
                let bit = ends.trailing_zeros();
                // Most ends are delimiters after a field without doubled
                // quotes: nothing to carry, and no record to hand out.
                if doubled == 0 && !doubled_so_far && (line_ends >> bit) & 1 == 0 {
                    let at = base as u32 + bit;
                    let quotes = ((after_closing >> bit) & 1) as u32;
                    bounds.push((field_start + quotes, at - quotes));
                    ends &= ends - 1;
                    field_start = at + 1;
                    continue;
                }
                let through = !0u64 >> (63 - bit);
                let at = base as u32 + bit;
                let line_end = (line_ends >> bit) & 1 == 1;
                // A blank line, or the `\n` of `\r\n`, is no record.
                if !(line_end && at == record_start) {
                    let own = doubled & through;
                    if doubled_so_far || own != 0 {
                        escaped.push(bounds.len());
                        dropped.extend(Bits(own).map(|bit| base as u32 + bit));
                    }
                    let quotes = ((after_closing >> bit) & 1) as u32;
                    bounds.push((field_start + quotes, at - quotes));
                    if line_end {
                        let line = first_line + record_newlines as u64;
                        emit(data, bounds, escaped, dropped, line, &mut each);
                    }
                }
                doubled &= !through;
                doubled_so_far = false;
                ends &= ends - 1;
                field_start = at + 1;
                if line_end {
                    record_start = at + 1;
                    record_newlines = newlines + (breaks & through).count_ones();
                }
            }
            // What is left is the field's at hand, which goes on.
            if doubled != 0 {
                dropped.extend(Bits(doubled).map(|bit| base as u32 + bit));
                doubled_so_far = true;
            }
            newlines += breaks.count_ones();
        }
        None
    }
}

/// Appends to `fields` the fields that end at the bits set in `ends`, of
/// the block that begins at `base`, the first of them from `start`; those
/// that end after a closing quote (a bit set in `after_closing`) without
/// it and their opening one. Returns where the field after them starts.
///
/// As `extend` would, but with room made for all of them at once and the
/// length kept aside until the last, where `extend` asks for room and
/// stores the length at each field: over the tens of millions of fields of
/// a large export, 0.5% (short rows, whose blocks mostly end a record) to
/// 2.4% of the instructions of a run.
#[inline(always)]
fn push_fields(
    fields: &mut Vec<(u32, u32)>,
    ends: u64,
    base: u32,
    after_closing: u64,
    mut start: u32,
) -> u32 {
    fields.reserve(64);
    let mut len = fields.len();
    let out = fields.as_mut_ptr();
    for bit in Bits(ends) {
        let at = base + bit;
        let quotes = ((after_closing >> bit) & 1) as u32;
        // SAFETY: one write for each bit set in `ends`, at most 64, in the
        // room just reserved for 64 past the length.
        unsafe { out.add(len).write((start + quotes, at - quotes)) };
        len += 1;
        start = at + 1;
    }
    // SAFETY: every place below `len` was written, above or before.
    unsafe { fields.set_len(len) };
    start
}

/// The places of the bits of a word that are set, lowest first.
struct Bits(u64);

impl Iterator for Bits {
    type Item = u32;

    #[inline(always)]
    fn next(&mut self) -> Option<u32> {
        let bit = (self.0 != 0).then(|| self.0.trailing_zeros())?;
        self.0 &= self.0 - 1;
        Some(bit)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.0.count_ones() as usize;
        (n, Some(n))
    }
}

/// Hands `each` the record whose fields are `bounds`, once the doubled
/// quotes of the `escaped` ones are made single: `dropped` has, in order,
/// the place of the second quote of each of their `""`.
#[inline(always)]
fn emit(
    data: &mut [u8],
    bounds: &mut Vec<(u32, u32)>,
    escaped: &mut Vec<usize>,
    dropped: &mut Vec<u32>,
    line: u64,
    each: &mut impl FnMut(&Record, u64),
) {
    // Most records have none: the loop is a call away.
    if !escaped.is_empty() {
        make_fields_single(data, bounds, escaped, dropped);
        escaped.clear();
        dropped.clear();
    }
    each(&Record::new(data, bounds), line);
    bounds.clear();
}

/// Makes each `""` in the fields of `bounds` that `escaped` names a single
/// quote, in place, by taking out the second quote of each: `dropped` has
/// their places, in order, found as the fields were cut. Each field's end
/// moves back by the quotes taken out of it.
fn make_fields_single(
    data: &mut [u8],
    bounds: &mut [(u32, u32)],
    escaped: &[usize],
    dropped: &[u32],
) {
    let mut dropped = dropped.iter().map(|&at| at as usize).peekable();
    for &i in escaped {
        let end = bounds[i].1 as usize;
        // Up to the first pair, the field stays where it is; each stretch
        // after a dropped quote moves back over the quotes dropped so far.
        let Some(first) = dropped.next_if(|&at| at < end) else {
            continue;
        };
        let (mut write, mut from) = (first, first + 1);
        loop {
            let to = dropped.next_if(|&at| at < end);
            let until = to.unwrap_or(end);
            if from < until {
                data.copy_within(from..until, write);
                write += until - from;
            }
            let Some(at) = to else { break };
            from = at + 1;
        }
        bounds[i].1 = write as u32;
    }
    debug_assert!(
        dropped.next().is_none(),
        "every doubled quote is in a field"
    );
}

/// The line of the file each record starts on, counted as the records go by:
/// every `\n` before the record's first byte, in quotes or not. (The csv
/// crate's own line numbers skip blank lines and the `\n` of `\r\n`.)
#[derive(Debug)]
struct Lines {
    line: u64,
    counted: usize,
}

impl Lines {
    /// Lines of data that starts on `first_line`.
    fn new(first_line: u64) -> Lines {
        Lines {
            line: first_line,
            counted: 0,
        }
    }

    /// The line of the record whose first byte is `data[start]`; records
    /// must come in order.
    fn at(&mut self, data: &[u8], start: usize) -> u64 {
        self.line += memchr::memchr_iter(b'\n', &data[self.counted..start]).count() as u64;
        self.counted = start;
        self.line
    }

    /// [`Lines::at`] for a record the csv crate read at `byte`, which may
    /// be the blank lines or the `\n` it skipped before the record.
    fn at_csv(&mut self, data: &[u8], byte: usize) -> u64 {
        let skipped = data[byte..]
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count();
        self.at(data, byte + skipped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Records as the csv crate reads them, and their lines.
    fn by_csv(data: &[u8]) -> Vec<(Vec<Vec<u8>>, u64)> {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(data);
        let mut out = vec![];
        let mut record = csv::ByteRecord::new();
        let mut lines = Lines::new(1);
        while r.read_byte_record(&mut record).unwrap() {
            let line = lines.at_csv(data, record.position().unwrap().byte() as usize);
            out.push((record.iter().map(<[u8]>::to_vec).collect(), line));
        }
        out
    }

    type Cut = Vec<(Vec<Vec<u8>>, u64)>;

    /// The records the cutter reads, and where it leaves the rest, by the
    /// block loop of each tier this processor has, which must agree.
    fn by_cutter(data: &[u8]) -> (Cut, Option<Rest>) {
        let mut by_tier = Tier::all().into_iter().map(|tier| {
            let mut out = vec![];
            let mut data = data.to_vec();
            let rest = FieldCutter::default().records_by(tier, &mut data, b',', 1, |r, line| {
                out.push((r.iter().map(<[u8]>::to_vec).collect(), line))
            });
            (out, rest)
        });
        let portable = by_tier.next().expect("the portable tier");
        for other in by_tier {
            assert_eq!(other, portable, "the tiers cut alike");
        }
        portable
    }

    /// The cutter's records, then the csv crate's for the rest.
    fn by_both(data: &[u8]) -> Cut {
        let (mut out, rest) = by_cutter(data);
        if let Some(rest) = rest {
            for (record, line) in by_csv(&data[rest.start..]) {
                out.push((record, line + rest.line - 1));
            }
        }
        out
    }

    #[test]
    fn a_quoted_export_is_cut_as_csv_reads_it() {
        let mut text = Vec::new();
        for i in 0..300 {
            text.extend_from_slice(
                format!("\"{i}\",\"a \"\"b\"\"\nc\",plain,,\"\"\r\n\n").as_bytes(),
            );
        }
        text.extend_from_slice(b"last,\"o\"\"ne\"");
        assert_eq!(by_cutter(&text), (by_csv(&text), None));
    }

    #[test]
    fn a_chunk_cut_anywhere_reads_as_csv_reads_it() {
        let text = b"\"1\",\"a \"\"b\"\"\nc\",plain,,\"\"\r\n\n".repeat(40);
        // Cut anywhere, some in quotes (left to the csv crate), some not.
        let mut whole = 0;
        for len in (0..text.len()).step_by(7).chain([text.len()]) {
            let part = &text[..len];
            assert_eq!(by_both(part), by_csv(part), "{len} bytes");
            whole += by_cutter(part).1.is_none() as usize;
        }
        assert!(whole > 10, "{whole}");
    }

    #[test]
    fn odd_quoting_is_left_to_the_csv_crate() {
        for text in [
            &b"a,5\" pipe,b\n"[..],
            b"a,\"quoted\"tail,b\n",
            b"a,b\rc,d\n",
            b"a,\"never closed\n",
            b"a, \"space first\"\n",
            b"a,b\r",
        ] {
            let (cut, rest) = by_cutter(text);
            assert_eq!((cut, rest), (vec![], Some(Rest { start: 0, line: 1 })));
        }
    }

    #[test]
    fn records_before_the_block_of_an_odd_one_are_cut() {
        let text = |records: usize, tail: &[u8]| [&b"a,b\n".repeat(records)[..], tail].concat();
        for (text, cut, start, line) in [
            // Sixteen 4-byte records fill the first block; the odd one is in the second.
            (text(20, b"c,5\" x\nd,\"e\"\"\"\n"), 16, 64, 17),
            // Record 16 starts at byte 60 with a quoted line break in the
            // first block; its odd quote, or its quote left open, is in the second.
            (text(15, b"\"p\nq\",5\" z\n"), 15, 60, 16),
            (text(15, b"\"p\nq"), 15, 60, 16),
        ] {
            let (records, rest) = by_cutter(&text);
            assert_eq!(records.len(), cut);
            assert_eq!(rest, Some(Rest { start, line }));
            assert_eq!(by_both(&text), by_csv(&text));
        }
    }

    #[test]
    fn lines_count_every_line_break_before_a_record() {
        let text = b"a\r\nb\n\n\"c\nd\"\ne";
        let lines: Vec<u64> = by_csv(text).into_iter().map(|(_, line)| line).collect();
        assert_eq!(lines, [1, 2, 4, 6]);
        assert_eq!(by_cutter(text), (by_csv(text), None));
    }

    proptest! {
        #[test]
        fn the_cutter_and_the_csv_crate_read_what_csv_reads(
            text in proptest::collection::vec(proptest::sample::select(&b"ab,,\"\"\n\r "[..]), 0..300),
        ) {
            prop_assert_eq!(by_both(&text), by_csv(&text));
        }

        #[test]
        fn what_a_csv_writer_writes_is_cut_and_read_alike(
            rows in proptest::collection::vec(
                proptest::collection::vec("[a-z \",\n]{0,12}", 1..6), 1..40),
            always in any::<bool>(),
            crlf in any::<bool>(),
        ) {
            let mut w = csv::WriterBuilder::new()
                .flexible(true)
                .quote_style(if always { csv::QuoteStyle::Always } else { csv::QuoteStyle::Necessary })
                .terminator(if crlf { csv::Terminator::CRLF } else { csv::Terminator::Any(b'\n') })
                .from_writer(vec![]);
            for row in &rows {
                w.write_record(row).unwrap();
            }
            let text = w.into_inner().unwrap();
            prop_assert_eq!(by_cutter(&text), (by_csv(&text), None));
        }

        /// Rows as wide as an export's, most of whose blocks end fields and
        /// no record, with a doubled quote in a few fields.
        #[test]
        fn wide_rows_are_cut_and_read_alike(
            rows in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::prop_oneof![
                        8 => "[a-z ,\n]{0,12}",
                        1 => "[a-z]{0,3}\"[a-z]{0,3}",
                    ],
                    10..40,
                ),
                1..8,
            ),
            always in any::<bool>(),
        ) {
            let mut w = csv::WriterBuilder::new()
                .flexible(true)
                .quote_style(if always { csv::QuoteStyle::Always } else { csv::QuoteStyle::Necessary })
                .from_writer(vec![]);
            for row in &rows {
                w.write_record(row).unwrap();
            }
            let text = w.into_inner().unwrap();
            prop_assert_eq!(by_cutter(&text), (by_csv(&text), None));
        }
    }
}
