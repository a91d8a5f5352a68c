//! Tallying the Salesforce accounts export: every cell of every candidate
//! field goes through the matchers, in one parallel pass ([`crate::read::Export::fold`]).
//! Tallies merge across workers, so memory grows with the sample and the
//! number of fields, never with the number of rows.

use rustc_hash::FxHashMap;

use super::counts::Tally;
use super::kept::{self, KeptRows};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::matching::{Hit, Ladder, Scratch};
use crate::read::csv::Record;
use crate::read::export::Role;
use crate::read::{Cells, InputFormat, columns, is_blank};
use crate::values::activity::{ACCOUNT_ACTIVITY, Activity, Watch};

/// The accounts export's shape and what was found in it.
#[derive(Debug)]
pub struct Accounts {
    /// The file as the user named it.
    pub path: String,
    /// Field names as the report shows them, one per column.
    pub names: Vec<String>,
    /// The candidate columns, in file order.
    pub candidates: Vec<usize>,
    /// Counts for the candidate fields, in the order of `candidates`.
    pub tally: Tally,
    /// The candidate (by its place in `candidates`) to explain in full.
    pub explain: Option<usize>,
    /// The newest date of each activity column (last modified, created).
    pub activity: Vec<Activity>,
    /// Rows that are person accounts, when the export says
    /// (`IsPersonAccount`).
    pub person_accounts: Option<u64>,
    pub format: InputFormat,
    /// The accounts the first sampled companies link to, for the data
    /// mapping.
    pub linked: LinkedRows,
}

/// Whole account rows of the accounts that sampled companies link to, and
/// which link each is: enough to compare every other attribute once the
/// link field is chosen, without reading the export again.
#[derive(Debug, Default)]
pub struct LinkedRows {
    /// The line of the one account row that (candidate field, probe)
    /// links, exactly or after a fix.
    pub links: FxHashMap<(u32, u32), u64>,
    /// The rows, by line.
    pub rows: FxHashMap<u64, Cells>,
    /// Whether some rows were left out for want of memory.
    pub incomplete: bool,
}

impl LinkedRows {
    /// The account row that sampled `probe` links to through candidate
    /// `field`, if one row alone holds it.
    pub fn row(&self, field: usize, probe: u32) -> Option<&Cells> {
        let line = self.links.get(&(field as u32, probe))?;
        self.rows.get(line)
    }
}

impl Accounts {
    /// The Account fields, by name, that could hold an identity (see
    /// [`Tally::identity_fields`]).
    pub fn identity_fields(&self) -> Vec<String> {
        self.tally
            .identity_fields()
            .into_iter()
            .map(|f| self.names[self.candidates[f]].clone())
            .collect()
    }
}

/// Scans the accounts export `config` names for the probes of `ladder`
/// (freed once the pass is done), keeping whole the rows that probes below
/// `keep_rows_below` link to.
pub fn scan(config: &Config, ladder: Ladder, keep_rows_below: u32) -> Result<Accounts> {
    let export = config.open(Role::Accounts)?;
    let (headers, path) = (export.headers.clone(), export.path.clone());
    let path = path.as_path();
    let candidates = columns::select_fields(&headers, &config.fields, &config.exclude, path)?;
    let explain = match config.explain.as_deref() {
        None => None,
        Some(name) => {
            let column = columns::select_one(&headers, name, "--explain", path)?;
            Some(
                candidates
                    .iter()
                    .position(|&c| c == column)
                    .ok_or_else(|| {
                        Error::Usage(format!(
                            "--explain: '{name}' is left out by --fields or --exclude"
                        ))
                    })?,
            )
        }
    };
    let (name, format, width) = (export.name.clone(), export.format.clone(), headers.len());
    let counters = export.counters();
    let watch = Watch::new(&headers, ACCOUNT_ACTIVITY);
    let person = headers
        .iter()
        .position(|h| columns::loose_key(h) == "ispersonaccount");
    // The account's own id: Data Loader's `Id`, a report's `Account ID`.
    let account_id = headers
        .iter()
        .position(|h| matches!(columns::loose_key(h).as_str(), "id" | "accountid"));
    // Per worker: its tally and the buffers it reuses from cell to cell.
    let (mut tally, _) = export.fold(
        || {
            let mut tally = Tally::new(candidates.len());
            tally.activity = watch.start();
            tally.kept = KeptRows::new(keep_rows_below, kept::BUDGET);
            (tally, Worker::new(candidates.len()))
        },
        |(tally, worker), record, line, chunk| {
            watch.offer(&mut tally.activity, |c| record.get(c));
            if person
                .and_then(|c| record.get(c))
                .is_some_and(|v| matches!(v.trim_ascii(), b"true" | b"TRUE" | b"True" | b"1"))
            {
                tally.person_accounts += 1;
            }
            if let Some(id) = account_id.and_then(|c| record.get(c)) {
                tally.account_runs.offer(chunk, id.trim_ascii());
            }
            tally_record(
                tally,
                worker,
                record,
                (line, chunk),
                width,
                &candidates,
                &ladder,
            )
        },
        |(tally, _)| tally.not_data_lines += 1,
        |(a, w), (b, _)| (a.merge(b), w),
    )?;
    // The indexes go before the pairs are settled: with every company
    // sampled, each is hundreds of megabytes.
    drop(ladder);
    let format = counters.told(format);
    if tally.rows == 0 {
        return Err(Error::input(
            path,
            "has a header but no data rows; export the accounts again",
        ));
    }
    // Another object's export, given for the accounts: its fields that hold
    // Account ids (`AccountId`) would be suggested, and no Account has them.
    let id = candidates
        .iter()
        .position(|&c| columns::loose_key(&headers[c]) == "id");
    if let Some(object) = id.and_then(|f| tally.other_object(f)) {
        return Err(Error::input(
            path,
            format!(
                "its Id column holds {object} ids, so it is an export of {object} records, not of accounts; the sync compares company_id with a field of the Account object: export the Account object (in Data Loader, Account), and run again"
            ),
        ));
    }
    let activity = watch.finish(&headers, &tally.activity);
    let links = tally.links();
    let settled = std::mem::take(&mut tally.kept).settle(&links, kept::BUDGET, config)?;
    let linked = LinkedRows {
        links,
        rows: settled.rows,
        incomplete: settled.incomplete,
    };
    Ok(Accounts {
        linked,
        activity,
        person_accounts: person.map(|_| tally.person_accounts),
        path: name,
        names: columns::display_names(&headers),
        candidates,
        tally,
        explain,
        format,
    })
}

/// One row in this many, past the first chunk, offers its values as the
/// fields' samples: enough to see a field first filled late in the file.
const SAMPLE_ROWS: u64 = 256;

/// Buffers one worker reuses for every record.
struct Worker {
    hits: Vec<Hit>,
    scratch: Scratch,
    /// Each field's cache, boxed so that the list stays a few cache lines
    /// long; `None` once the field's values proved not to repeat, and its
    /// cells then read one word of this list, not the cache itself.
    caches: Vec<Option<Box<ValueCache>>>,
    /// Values all the caches may still remember, so that an export of
    /// thousands of columns does not fill memory with them.
    room: usize,
}

/// Values the caches of one worker remember at most, across all fields.
const WORKER_CACHE: usize = 1 << 16;

impl Worker {
    fn new(fields: usize) -> Worker {
        Worker {
            hits: Vec::new(),
            scratch: Scratch::default(),
            caches: (0..fields)
                .map(|_| Some(Box::new(ValueCache::new())))
                .collect(),
            room: WORKER_CACHE,
        }
    }
}

/// Adds what the cells of one record match to `tally`.
#[allow(clippy::too_many_arguments)]
fn tally_record(
    tally: &mut Tally,
    worker: &mut Worker,
    record: &Record,
    (line, chunk): (u64, u64),
    width: usize,
    candidates: &[usize],
    ladder: &Ladder,
) {
    tally.rows += 1;
    // The rows whose values describe the fields: the first chunk's, and one
    // in [`SAMPLE_ROWS`] from anywhere in the file.
    let key = super::counts::row_key(line);
    let sampled = chunk == 0 || key < u64::MAX / SAMPLE_ROWS;
    if record.len() != width {
        tally.count_ragged(line);
    }
    for (field, &column) in candidates.iter().enumerate() {
        let Some(value) = record.get(column) else {
            continue;
        };
        if is_blank(value) {
            continue;
        }
        tally.count_filled(field);
        if sampled {
            tally.offer_sample(field, value, key);
        }
        let cache = &mut worker.caches[field];
        let hits = match cache.as_deref_mut().and_then(|c| c.get(value)) {
            Some(known) => {
                tally.count_repeat(field);
                known
            }
            None => {
                ladder.find(value, record.utf8(), &mut worker.scratch, &mut worker.hits);
                if let Some(c) = cache.as_deref_mut()
                    && !c.put(value, &worker.hits, &mut worker.room)
                {
                    *cache = None;
                }
                &worker.hits[..]
            }
        };
        // A row is kept only as the one row some company links to so far:
        // a value many rows hold links none, and keeps none.
        let mut keep = false;
        for hit in hits {
            let only = tally.record(field, hit, value, line);
            keep |= only && tally.kept.wants(hit);
        }
        if keep {
            tally.kept.keep(
                line,
                (0..record.len()).map(|c| record.get(c).unwrap_or_default()),
            );
        }
    }
}

/// Cells of a field looked up before its cache decides whether it pays.
const CACHE_TRIAL: u32 = 512;
/// Distinct values a cache remembers at most.
const CACHE_CAP: usize = 4096;

/// What recent values of one field matched, so that a field of few distinct
/// values (picklists, booleans, owners, dates) is matched once per value. A
/// field whose values rarely repeat (ids, names) turns its cache off after a
/// trial, and then costs nothing extra.
struct ValueCache {
    map: FxHashMap<Box<[u8]>, Box<[Hit]>>,
    /// Short values the map holds with no hits, one a slot by their words:
    /// most cells a cache answers are a picklist's, which match nothing,
    /// and these are told by a few compares, not a hash of their bytes and
    /// a probe of the map.
    nothing: [Words; NOTHING_SLOTS],
    lookups: u32,
    misses: u32,
}

/// Slots of [`ValueCache::nothing`].
const NOTHING_SLOTS: usize = 16;

impl ValueCache {
    fn new() -> ValueCache {
        ValueCache {
            map: FxHashMap::default(),
            nothing: [Words::NONE; NOTHING_SLOTS],
            lookups: 0,
            misses: 0,
        }
    }

    /// The hits remembered for `value`, if any.
    fn get(&mut self, value: &[u8]) -> Option<&[Hit]> {
        self.lookups += 1;
        let short = Words::of(value).map(|words| (words, words.slot()));
        if let Some((words, slot)) = short
            && self.nothing[slot] == words
        {
            return Some(&[]);
        }
        let found = self.map.get(value);
        match (found, short) {
            (None, _) => self.misses += 1,
            (Some(hits), Some((words, slot))) if hits.is_empty() => self.nothing[slot] = words,
            _ => {}
        }
        found.map(|h| &h[..])
    }

    /// Remembers the hits of `value` if there is `room`. False when the
    /// cache gives up on a field of unique values: it gives its room back,
    /// and the caller drops it.
    fn put(&mut self, value: &[u8], hits: &[Hit], room: &mut usize) -> bool {
        if self.lookups >= CACHE_TRIAL && self.misses * 2 > self.lookups {
            *room += self.map.len();
            return false;
        }
        if self.map.len() < CACHE_CAP && *room > 0 {
            self.map.insert(value.into(), hits.into());
            *room -= 1;
        }
        true
    }
}

/// A value of 1 to 16 bytes as its length and two words that hold every
/// byte of it: read from both ends, overlapping in the middle, so that no
/// byte past the value is read, and two values of one length have the same
/// words only if they are the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Words {
    len: u64,
    words: [u64; 2],
}

impl Words {
    /// No value's (none is empty).
    const NONE: Words = Words {
        len: 0,
        words: [0; 2],
    };

    #[inline]
    fn of(v: &[u8]) -> Option<Words> {
        let n = v.len();
        let word = |at: usize| u64::from_le_bytes(v[at..at + 8].try_into().expect("8 bytes"));
        let half = |at: usize| {
            u64::from(u32::from_le_bytes(
                v[at..at + 4].try_into().expect("4 bytes"),
            ))
        };
        let words = match n {
            1..=3 => [
                u64::from(v[0]) | u64::from(v[n / 2]) << 8 | u64::from(v[n - 1]) << 16,
                0,
            ],
            4..=7 => [half(0) | half(n - 4) << 32, 0],
            8..=16 => [word(0), word(n - 8)],
            _ => return None,
        };
        Some(Words {
            len: n as u64,
            words,
        })
    }

    /// The slot of [`ValueCache::nothing`] these words go in.
    #[inline]
    fn slot(self) -> usize {
        let mixed = (self.words[0] ^ self.words[1].rotate_left(29) ^ self.len)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (mixed >> 60) as usize % NOTHING_SLOTS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cache_remembers_repeated_values_and_gives_up_on_unique_ones() {
        let hit = Hit {
            id: 3,
            evidence: crate::matching::Evidence::EXACT,
        };
        let mut room = 100;
        let mut picklist = ValueCache::new();
        let mut on = true;
        for i in 0..2000 {
            let v = format!("v{}", i % 5);
            if picklist.get(v.as_bytes()).is_none() {
                on &= picklist.put(v.as_bytes(), &[hit], &mut room);
            }
        }
        assert_eq!(room, 95);
        assert!(on);
        assert_eq!(picklist.get(b"v1"), Some(&[hit][..]));
        let mut ids = ValueCache::new();
        let mut gave_up = None;
        for i in 0..2000 {
            let v = format!("id{i}");
            if ids.get(v.as_bytes()).is_none() && !ids.put(v.as_bytes(), &[], &mut room) {
                gave_up = Some(i);
                break;
            }
        }
        // At the trial's last lookup, every one of which had missed.
        assert_eq!(gave_up, Some(CACHE_TRIAL as usize - 1));
        assert_eq!(room, 95, "a cache that gives up frees its room");
    }

    #[test]
    fn values_have_the_same_words_only_if_they_are_the_same() {
        // Every length with words and past it; each byte changed in turn,
        // and the value one byte shorter or longer.
        for n in 0..=18 {
            let value: Vec<u8> = (0..n as u8).map(|i| b'a' + i % 26).collect();
            let words = Words::of(&value);
            assert_eq!(words.is_some(), (1..=16).contains(&n), "{n} bytes");
            let Some(words) = words else { continue };
            assert_ne!(words, Words::NONE);
            assert!(words.slot() < NOTHING_SLOTS);
            for i in 0..n {
                let mut other = value.clone();
                other[i] ^= 0x20;
                assert_ne!(Words::of(&other), Some(words), "byte {i} of {n}");
            }
            assert_ne!(
                Words::of(&value[..n - 1]),
                Some(words),
                "{n} bytes less one"
            );
            let mut longer = value.clone();
            longer.push(0);
            assert_ne!(Words::of(&longer), Some(words), "{n} bytes and a zero");
        }
    }

    #[test]
    fn a_cache_answers_as_its_map_whatever_values_share_a_slot() {
        let hit = Hit {
            id: 7,
            evidence: crate::matching::Evidence::EXACT,
        };
        // Values of every length with words and some longer; one in three
        // matches a probe. More values than slots, so that slots are shared
        // and taken over.
        let values: Vec<Vec<u8>> = (0..60u8)
            .map(|i| (0..1 + i % 20).map(|j| b'A' + (i + j) % 26).collect())
            .collect();
        let hits_of = |i: usize| {
            if i.is_multiple_of(3) {
                vec![hit]
            } else {
                vec![]
            }
        };
        let mut room = 1000;
        let mut cache = ValueCache::new();
        for (i, v) in values.iter().enumerate() {
            assert_eq!(cache.get(v), None);
            cache.put(v, &hits_of(i), &mut room);
        }
        for round in 0..3 {
            for (i, v) in values.iter().enumerate().rev() {
                assert_eq!(cache.get(v), Some(&hits_of(i)[..]), "round {round}, {v:?}");
                // A value the cache never saw, as long as this one.
                let mut other = v.clone();
                other[0] = b'#';
                assert_eq!(cache.get(&other), None, "{other:?}");
            }
        }
        assert_eq!((cache.lookups, cache.misses), (60 + 3 * 120, 60 + 3 * 60));
    }
}
