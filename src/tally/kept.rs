//! Whole account rows kept for the data mapping: the accounts the first
//! sampled companies link to, whichever field is chosen.
//!
//! A row is kept in the pass that tallies it, as the one row some company
//! links to so far, while its worker has room ([`BUDGET`] shared among the
//! workers). Which rows find room depends on how the work was split, and a
//! row kept early may later link nothing (a value other rows hold too), so
//! when room ran out (or the workers together kept more than [`BUDGET`])
//! the kept rows are settled again by a rule of the data
//! alone: the rows that link, in the order of the first company each links,
//! as many as [`BUDGET`] holds. Those not kept already are read again, so
//! the data mapping is the same however the work was split.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::config::Config;
use crate::error::Result;
use crate::matching::{Hit, Kind};
use crate::read::Cells;
use crate::read::export::Role;

/// Bytes of rows kept at most, by all workers together: hundreds of
/// thousands of rows of an ordinary export, more than the first sampled ids
/// ever link; the linked rows of an export of thousands of columns, in part.
pub const BUDGET: usize = 64 << 20;

/// The rows one worker keeps.
#[derive(Debug, Clone, Default)]
pub struct KeptRows {
    /// Probes below this are the companies whose accounts are kept.
    pub below: u32,
    /// Bytes this worker may keep.
    room: usize,
    /// The rows, by line.
    rows: FxHashMap<u64, Cells>,
    /// The bytes of every row offered, kept or not, by line.
    sizes: FxHashMap<u64, usize>,
    /// Bytes the rows hold.
    bytes: usize,
}

/// The rows that link, settled: by line.
#[derive(Debug)]
pub struct Settled {
    pub rows: FxHashMap<u64, Cells>,
    /// Whether rows that link were left out for want of room.
    pub incomplete: bool,
}

impl KeptRows {
    /// Keeps the rows probes below `below` link, in a worker's share of
    /// `budget` bytes.
    pub fn new(below: u32, budget: usize) -> KeptRows {
        KeptRows {
            below,
            room: budget / rayon::current_num_threads().max(1),
            ..KeptRows::default()
        }
    }

    /// Whether a row that `hit` matched is kept.
    pub fn wants(&self, hit: &Hit) -> bool {
        hit.id < self.below && hit.evidence.kind != Kind::Fuzzy
    }

    /// Keeps the row at `line`, whose cells `cells` gives, if there is room.
    pub fn keep<'a>(&mut self, line: u64, cells: impl Iterator<Item = &'a [u8]> + Clone) {
        if self.sizes.contains_key(&line) {
            return;
        }
        let bytes = Cells::bytes_for(cells.clone().map(<[u8]>::len));
        self.sizes.insert(line, bytes);
        if self.bytes + bytes <= self.room {
            self.bytes += bytes;
            self.rows.insert(line, Cells::new(cells));
        }
    }

    /// Adds the rows `other` kept; the room and bytes, a worker's own,
    /// count no more once the pass is done.
    pub fn merge(&mut self, other: KeptRows) {
        self.rows.extend(other.rows);
        self.sizes.extend(other.sizes);
    }

    /// The rows that `links` ((field, probe) to line) use, settled within
    /// `budget` bytes; rows left out are read again from the accounts
    /// export `config` names.
    pub fn settle(
        mut self,
        links: &FxHashMap<(u32, u32), u64>,
        budget: usize,
        config: &Config,
    ) -> Result<Settled> {
        // Each row's first company: the smallest probe that links to it.
        let mut first: FxHashMap<u64, u32> = FxHashMap::default();
        for (&(_, probe), &line) in links {
            let at = first.entry(line).or_insert(probe);
            *at = (*at).min(probe);
        }
        let bytes: usize = first.keys().filter_map(|line| self.sizes.get(line)).sum();
        if bytes <= budget && first.keys().all(|line| self.rows.contains_key(line)) {
            self.rows.retain(|line, _| first.contains_key(line));
            return Ok(Settled {
                rows: self.rows,
                incomplete: false,
            });
        }
        let mut order: Vec<(u32, u64)> = first.iter().map(|(&l, &p)| (p, l)).collect();
        order.sort_unstable();
        let mut chosen: FxHashSet<u64> = FxHashSet::default();
        let mut bytes = 0usize;
        for &(_, line) in &order {
            // Every row that links was offered, and its size told.
            let size = self.sizes.get(&line).copied().unwrap_or(usize::MAX);
            match bytes.saturating_add(size) <= budget {
                true => {
                    bytes += size;
                    chosen.insert(line);
                }
                false => break,
            }
        }
        self.rows.retain(|line, _| chosen.contains(line));
        let missing: FxHashSet<u64> = chosen
            .iter()
            .filter(|l| !self.rows.contains_key(l))
            .copied()
            .collect();
        if !missing.is_empty() {
            if config.accounts.rereadable() {
                self.rows.extend(read_again(config, &missing)?);
            } else {
                // Standard input cannot be read again: the rows in order
                // up to the first that was not kept.
                let have = order
                    .iter()
                    .take_while(|(_, line)| self.rows.contains_key(line))
                    .map(|&(_, line)| line)
                    .collect::<FxHashSet<u64>>();
                self.rows.retain(|line, _| have.contains(line));
            }
        }
        Ok(Settled {
            incomplete: self.rows.len() < first.len(),
            rows: self.rows,
        })
    }
}

/// The rows at `lines` of the accounts export `config` names.
fn read_again(config: &Config, lines: &FxHashSet<u64>) -> Result<FxHashMap<u64, Cells>> {
    config.open(Role::Accounts)?.fold(
        FxHashMap::default,
        |rows, record, line, _| {
            if lines.contains(&line) {
                rows.insert(
                    line,
                    Cells::new((0..record.len()).map(|c| record.get(c).unwrap_or_default())),
                );
            }
        },
        |_| {},
        |mut a, b| {
            a.extend(b);
            a
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::Input;

    /// Line `l` of the export below: its id and notes of a length that
    /// varies from row to row.
    fn cells(l: u64) -> [String; 2] {
        [format!("c{l}"), "x".repeat((l as usize * 7) % 40)]
    }

    fn export() -> Input {
        let mut text = String::from("Id,Notes\n");
        for l in 2..202 {
            let [id, notes] = cells(l);
            text.push_str(&format!("{id},{notes}\n"));
        }
        Input::bytes("accounts.csv", text.into_bytes())
    }

    /// A worker's rows: it is offered `lines`, in that order, with
    /// `room` bytes.
    fn worker(lines: impl Iterator<Item = u64>, room: usize) -> KeptRows {
        let mut kept = KeptRows {
            below: 1000,
            room,
            ..KeptRows::default()
        };
        for l in lines {
            let [id, notes] = cells(l);
            kept.keep(l, [id.as_bytes(), notes.as_bytes()].into_iter());
        }
        kept
    }

    #[test]
    fn rows_left_out_are_settled_by_the_data_however_the_work_was_split() {
        // Probe p links line 201 - p: the first companies link the last rows.
        let links: FxHashMap<(u32, u32), u64> =
            (0..200u32).map(|p| ((0, p), 201 - u64::from(p))).collect();
        let budget = 1500;
        let config = crate::Config::new(Input::bytes("companies.csv", &b"x"[..]), export());
        // Split by parity, in file order; or halves, backwards, with rows
        // that link nothing (lines 300 on) taking room first.
        let mut a = worker((2..202).filter(|l| l % 2 == 0), budget / 2);
        a.merge(worker((2..202).filter(|l| l % 2 == 1), budget / 2));
        let mut b = worker((300..320).chain((2..102).rev()), budget / 2);
        b.merge(worker((102..202).rev(), budget / 2));
        let (a, b) = (
            a.settle(&links, budget, &config).unwrap(),
            b.settle(&links, budget, &config).unwrap(),
        );
        assert_eq!(a.rows, b.rows);
        assert!(a.incomplete && b.incomplete);
        // The first companies' rows, as many as fit, each as the file has it.
        let mut bytes = 0usize;
        let mut want: Vec<u64> = Vec::new();
        for l in (2..202).rev() {
            let size = Cells::bytes_for(cells(l).iter().map(String::len));
            if bytes + size > budget {
                break;
            }
            bytes += size;
            want.push(l);
        }
        let mut got: Vec<u64> = a.rows.keys().copied().collect();
        got.sort_unstable_by(|x, y| y.cmp(x));
        assert_eq!(got, want);
        for (l, row) in &a.rows {
            let [id, notes] = cells(*l);
            assert_eq!((row.get(0), row.get(1)), (Some(&*id), Some(&*notes)));
        }
    }

    #[test]
    fn rows_that_all_fit_are_kept_without_reading_again() {
        let links: FxHashMap<(u32, u32), u64> =
            (0..20u32).map(|p| ((1, p), 2 + u64::from(p))).collect();
        // The export is not there to read again: settling must not need it.
        let config = crate::Config::new(
            Input::bytes("companies.csv", &b"x"[..]),
            Input::bytes("accounts.csv", &b""[..]),
        );
        let settled = worker(2..40, 1 << 20)
            .settle(&links, 1 << 20, &config)
            .unwrap();
        assert!(!settled.incomplete);
        let mut got: Vec<u64> = settled.rows.keys().copied().collect();
        got.sort_unstable();
        assert_eq!(
            got,
            (2..22).collect::<Vec<u64>>(),
            "only rows that link stay"
        );
    }

    #[test]
    fn rows_kept_past_the_budget_by_many_workers_are_settled_within_it() {
        let links: FxHashMap<(u32, u32), u64> =
            (0..200u32).map(|p| ((0, p), 2 + u64::from(p))).collect();
        let config = crate::Config::new(Input::bytes("companies.csv", &b"x"[..]), export());
        // Each of four workers kept all it was offered, 1,000 bytes and more
        // in all: the settled rows are the first companies' within 600.
        let mut all = worker(2..52, 1 << 20);
        for part in [52..102, 102..152, 152..202] {
            all.merge(worker(part, 1 << 20));
        }
        let settled = all.settle(&links, 600, &config).unwrap();
        assert!(settled.incomplete);
        let bytes: usize = settled
            .rows
            .keys()
            .map(|&l| Cells::bytes_for(cells(l).iter().map(String::len)))
            .sum();
        assert!(bytes <= 600 && bytes > 500, "{bytes}");
        let most = settled.rows.keys().max().copied().unwrap();
        assert_eq!(
            settled.rows.len() as u64,
            most - 1,
            "a prefix of the companies"
        );
    }

    #[test]
    fn from_standard_input_the_rows_run_up_to_the_first_left_out() {
        let links: FxHashMap<(u32, u32), u64> =
            (0..10u32).map(|p| ((0, p), 2 + u64::from(p))).collect();
        let config = crate::Config::new(Input::bytes("companies.csv", &b"x"[..]), Input::Stdin);
        // Line 5 (probe 3) was offered after room ran out.
        let size = |l: u64| Cells::bytes_for(cells(l).iter().map(String::len));
        let room: usize = [2, 3, 4, 6].map(size).iter().sum();
        let settled = worker([2, 3, 4, 6, 5, 7].into_iter(), room)
            .settle(&links, 1 << 20, &config)
            .unwrap();
        assert!(settled.incomplete);
        let mut got: Vec<u64> = settled.rows.keys().copied().collect();
        got.sort_unstable();
        assert_eq!(got, [2, 3, 4]);
    }
}
