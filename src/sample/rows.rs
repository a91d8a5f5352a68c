//! The whole rows of the first sampled companies, kept in the same pass
//! that samples their ids, for the data mapping to compare with the
//! accounts they link to.
//!
//! The sample is ordered by each id's key, so its first `capacity` ids are
//! the ones with the smallest keys in the whole export: a reservoir of that
//! many smallest keys, offered every row, ends holding exactly their rows,
//! whatever the sample size (`--sample 0` included) and however the work
//! was split.

use std::collections::BTreeMap;

use crate::read::Cells;

/// One company row: its line and its cells.
pub type Row = (u64, Cells);

/// Offered every row with its id's key; keeps the rows of the smallest keys.
#[derive(Debug, Default)]
pub struct Rows {
    capacity: usize,
    kept: BTreeMap<(u64, Box<str>), Row>,
}

impl Rows {
    /// A reservoir of `capacity` rows (0: none).
    pub fn new(capacity: usize) -> Rows {
        Rows {
            capacity,
            kept: BTreeMap::new(),
        }
    }

    /// Offers the row at `line` whose id `id` has `key`; `cells` is called
    /// only when the row is kept. Of rows that repeat an id, the first line
    /// is kept.
    pub fn offer(&mut self, key: u64, id: &str, line: u64, cells: impl FnOnce() -> Cells) {
        if self.capacity == 0 {
            return;
        }
        if self.kept.len() == self.capacity {
            match self.kept.last_key_value() {
                Some(((top, top_id), _)) if (key, id) > (*top, &**top_id) => return,
                _ => {}
            }
        }
        match self.kept.get_mut(&(key, Box::<str>::from(id))) {
            Some(row) if row.0 <= line => {}
            Some(row) => *row = (line, cells()),
            None => {
                self.kept.insert((key, id.into()), (line, cells()));
                if self.kept.len() > self.capacity {
                    self.kept.pop_last();
                }
            }
        }
    }

    /// Adds what `other` was offered.
    pub fn merge(mut self, other: Rows) -> Rows {
        for (key, row) in other.kept {
            match self.kept.get_mut(&key) {
                Some(ours) if ours.0 <= row.0 => {}
                Some(ours) => *ours = row,
                None => {
                    self.kept.insert(key, row);
                }
            }
        }
        while self.kept.len() > self.capacity {
            self.kept.pop_last();
        }
        self
    }

    /// The rows, by id, in key order.
    pub fn finish(self) -> Vec<(Box<str>, Row)> {
        self.kept
            .into_iter()
            .map(|((_, id), row)| (id, row))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::sampler::Sampler;

    fn row(line: u64) -> Cells {
        Cells::new([line.to_string().as_bytes()])
    }

    #[test]
    fn keeps_the_rows_of_the_first_sampled_ids_however_split() {
        let ids: Vec<String> = (0..500).map(|i| format!("c{}", i % 400)).collect();
        let mut sampler = Sampler::new(Some(100), 9);
        let mut one = Rows::new(10);
        for (line, id) in ids.iter().enumerate() {
            let key = sampler.offer(id);
            one.offer(key, id, line as u64, || row(line as u64));
        }
        let sample = sampler.finish();
        let (mut a, mut b) = (Rows::new(10), Rows::new(10));
        let mut keyer = Sampler::new(Some(100), 9);
        // The second half first: the earlier line of a repeated id wins.
        for (line, id) in ids.iter().enumerate().rev() {
            let key = keyer.offer(id);
            let part = if line % 3 == 0 { &mut a } else { &mut b };
            part.offer(key, id, line as u64, || row(line as u64));
        }
        let (one, two) = (one.finish(), a.merge(b).finish());
        assert_eq!(one, two);
        let kept: Vec<&str> = one.iter().map(|(id, _)| &**id).collect();
        assert_eq!(
            kept,
            sample.ids[..10]
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
        );
        for (id, (line, cells)) in &one {
            assert_eq!(ids[*line as usize], **id);
            assert!(*line < 400, "the first row of a repeated id");
            assert_eq!(cells.get(0), Some(&*line.to_string()));
        }
    }
}
