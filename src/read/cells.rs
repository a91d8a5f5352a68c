//! One record's cells, kept after the pass that read them: the text of all
//! of them in one string, and where each ends. A row of thousands of fields
//! is two allocations, not one per cell, and takes the bytes its text does
//! and four more a cell, which is what a budget of kept rows counts.

use super::text_of;

/// The cells of one record, as text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cells {
    text: Box<str>,
    /// Where each cell ends in `text`.
    ends: Box<[u32]>,
}

impl Cells {
    /// The cells `cells` gives, each decoded as [`text_of`] does. A record's
    /// text is at most 4 GiB here: cells past that read as missing, as in a
    /// short row (only a record limit raised that far lets one through).
    pub fn new<'a, I>(cells: I) -> Cells
    where
        I: IntoIterator<Item = &'a [u8]>,
        I::IntoIter: Clone,
    {
        // Sized first: one allocation each, not one for every doubling and
        // another to shrink.
        let cells = cells.into_iter();
        let (bytes, count) = cells.clone().fold((0, 0), |(bytes, count), cell| {
            (bytes + cell.len(), count + 1)
        });
        let mut text = String::with_capacity(bytes.min(u32::MAX as usize));
        let mut ends = Vec::with_capacity(count);
        for cell in cells {
            let cell = text_of(cell);
            let Ok(end) = u32::try_from(text.len() + cell.len()) else {
                break;
            };
            text.push_str(&cell);
            ends.push(end);
        }
        Cells {
            text: text.into_boxed_str(),
            ends: ends.into_boxed_slice(),
        }
    }

    /// The bytes kept for cells of these `lengths`, told before they are
    /// decoded: the text and four bytes a cell (a little more text where
    /// invalid UTF-8 is replaced).
    pub fn bytes_for(lengths: impl IntoIterator<Item = usize>) -> usize {
        lengths.into_iter().map(|l| l + 4).sum()
    }

    /// Cell `i`, if the record has that many.
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)? as usize;
        let start = match i {
            0 => 0,
            _ => self.ends[i - 1] as usize,
        };
        Some(&self.text[start..end])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cell_reads_back_as_it_was_decoded() {
        let raw: [&[u8]; 6] = [b"", b"Acme, Inc.", b"", "Łódź".as_bytes(), b"a\xffb", b""];
        let cells = Cells::new(raw);
        let read: Vec<Option<&str>> = (0..7).map(|i| cells.get(i)).collect();
        let want = ["", "Acme, Inc.", "", "Łódź", "a\u{fffd}b", ""];
        assert_eq!(read[..6], want.map(Some));
        assert_eq!(read[6], None, "a row has the cells it was given");
        assert_eq!(Cells::bytes_for(raw.iter().map(|c| c.len())), 20 + 6 * 4);
        assert_eq!(Cells::new(std::iter::empty()).get(0), None);
    }
}
