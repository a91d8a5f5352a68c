//! Drawing a uniform sample of distinct company ids in one pass, in memory that
//! grows with the sample size and never with the file.
//!
//! This is reservoir sampling with random keys: every id gets a key from a
//! keyed hash, and the reservoir keeps the ids with the smallest keys. Because
//! the key is a function of the id, a repeated id gets the same key and is kept
//! at most once, so the sample is uniform over *distinct* ids without
//! remembering every id seen. The hash keys come from a ChaCha8 generator
//! seeded with `--seed`; ChaCha8 and SipHash-1-3 are fixed algorithms, so the
//! same seed draws the same sample on every machine, whatever the thread count.
//!
//! The number of distinct ids is counted from the same keys (see
//! [`BottomK`]). Every id also goes into a fixed-size Bloom filter, so that
//! decoys can be made that are certainly not company ids (see `decoys`).

use std::collections::BTreeSet;
use std::hash::Hasher;

use super::sketch::BottomK;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use siphasher::sip::SipHasher13;

/// Keys kept for counting distinct ids: exact up to this many, an
/// estimate within about 0.4% beyond.
const COUNT_KEYS: usize = 1 << 16;

/// Bits in the filter of all ids: 1 MiB, a false positive rate under 0.1% up
/// to 300,000 distinct ids and about 2% at a million.
const FILTER_BITS: usize = 1 << 23;

/// The sampled ids and what was learnt about the whole column.
#[derive(Clone, PartialEq)]
pub struct Sample {
    /// The sampled ids, in key order (a random order fixed by the seed).
    pub ids: Vec<String>,
    /// Distinct ids seen.
    pub distinct: u64,
    /// Whether `distinct` is a count (true) or an estimate.
    pub distinct_exact: bool,
    keys: (u64, u64),
    filter: Vec<u64>,
}

impl std::fmt::Debug for Sample {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sample")
            .field("ids", &self.ids)
            .field("distinct", &self.distinct)
            .field("distinct_exact", &self.distinct_exact)
            .finish_non_exhaustive()
    }
}

impl Sample {
    /// Whether `id` may be a company id of the export (false: certainly not).
    pub fn may_contain(&self, id: &str) -> bool {
        let key = hash(self.keys, id);
        filter_bits(key).all(|bit| self.filter[bit / 64] & (1 << (bit % 64)) != 0)
    }
}

/// The four filter bits of a key, by double hashing its two halves.
fn filter_bits(key: u64) -> impl Iterator<Item = usize> {
    let (a, b) = (key as u32 as usize, ((key >> 32) as usize) | 1);
    (0..4).map(move |i| a.wrapping_add(i * b) % FILTER_BITS)
}

/// Asks for the cache line of `word` ahead of its use; a hint only.
#[inline(always)]
fn prefetch(word: &u64) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: every x86_64 processor has SSE, and a prefetch of a valid
    // address reads nothing the program sees.
    unsafe {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(word).cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = word;
}

fn hash(keys: (u64, u64), id: &str) -> u64 {
    let mut h = SipHasher13::new_with_keys(keys.0, keys.1);
    h.write(id.as_bytes());
    h.finish()
}

/// Offered ids one at a time; keeps a sample of the distinct ones.
pub struct Sampler {
    keys: (u64, u64),
    kept: Kept,
    counter: BottomK,
    filter: Vec<u64>,
    /// The key of the id offered last, whose bits are set at the next
    /// offer: four random words of a 1 MiB filter each miss the cache, and
    /// fetched while the next row is read they no longer stall.
    pending: Option<u64>,
}

/// The ids a [`Sampler`] keeps, with their keys.
enum Kept {
    /// The `cap` of the smallest keys, in order as they come.
    Smallest {
        cap: usize,
        set: BTreeSet<(u64, Box<str>)>,
    },
    /// Every id, sorted only at the end: a million ids cost less to sort
    /// once than to keep in order one at a time. Repeats are dropped
    /// whenever the list doubles, so it stays within twice the distinct ids.
    /// The ids' text is kept end to end, each id a `start..end` of it: a
    /// million ids are then one allocation rather than a million, and,
    /// rewritten in key order at each tidy, their text is read in order
    /// when the sample is copied out.
    Every {
        list: Vec<(u64, usize, usize)>,
        text: String,
        tidy_at: usize,
    },
}

impl Kept {
    fn len(&self) -> usize {
        match self {
            Kept::Smallest { set, .. } => set.len(),
            Kept::Every { list, .. } => list.len(),
        }
    }

    /// Keeps `id`, whose key is `key`, if the sample's rule says so.
    fn keep(&mut self, key: u64, id: &str) {
        match self {
            Kept::Smallest { cap: 0, .. } => {}
            Kept::Smallest { cap, set } => {
                // Full: only a smaller key gets in, and then the largest leaves.
                if set.len() == *cap
                    && set
                        .last()
                        .is_some_and(|(top, top_id)| (key, id) >= (*top, &**top_id))
                {
                    return;
                }
                if set.insert((key, id.into())) && set.len() > *cap {
                    set.pop_last();
                }
            }
            Kept::Every {
                list,
                text,
                tidy_at,
            } => {
                let start = text.len();
                text.push_str(id);
                list.push((key, start, text.len()));
                if list.len() >= *tidy_at {
                    self.tidy();
                }
            }
        }
    }

    /// Calls `f` with each id kept and its key.
    fn each(&self, mut f: impl FnMut(u64, &str)) {
        match self {
            Kept::Smallest { set, .. } => set.iter().for_each(|(key, id)| f(*key, id)),
            Kept::Every { list, text, .. } => list
                .iter()
                .for_each(|&(key, start, end)| f(key, &text[start..end])),
        }
    }

    /// The ids kept, in key order once tidied. A million of them are
    /// copied out on every core, each after the one before it in memory,
    /// as every later pass over the sample reads them.
    fn into_ids(self) -> Vec<String> {
        match self {
            Kept::Smallest { set, .. } => set.into_iter().map(|(_, id)| id.into()).collect(),
            Kept::Every { list, text, .. } => list
                .par_iter()
                .map(|&(_, start, end)| text[start..end].to_string())
                .collect(),
        }
    }

    /// Sorts and drops repeats, rewrites the text of the ids left in their
    /// order, and sets when to do it next.
    fn tidy(&mut self) {
        if let Kept::Every {
            list,
            text,
            tidy_at,
        } = self
        {
            let id = |&(_, start, end): &(u64, usize, usize)| &text[start..end];
            list.par_sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| id(a).cmp(id(b))));
            list.dedup_by(|a, b| a.0 == b.0 && id(a) == id(b));
            let mut tidied = String::with_capacity(list.iter().map(|(_, s, e)| e - s).sum());
            for (_, start, end) in list.iter_mut() {
                let from = tidied.len();
                tidied.push_str(&text[*start..*end]);
                (*start, *end) = (from, tidied.len());
            }
            *text = tidied;
            *tidy_at = (2 * list.len()).max(TIDY_FIRST);
        }
    }
}

/// Ids an unbounded sampler holds before it first drops repeats (24 MiB
/// of keys and pointers); fewer in tests, to reach that point quickly.
#[cfg(not(test))]
const TIDY_FIRST: usize = 1 << 20;
#[cfg(test)]
const TIDY_FIRST: usize = 1 << 12;

impl Sampler {
    /// A sampler keeping `capacity` ids (`None`: all), keyed by `seed`.
    pub fn new(capacity: Option<usize>, seed: u64) -> Sampler {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        Sampler {
            keys: (rng.next_u64(), rng.next_u64()),
            kept: match capacity {
                Some(cap) => Kept::Smallest {
                    cap,
                    set: BTreeSet::new(),
                },
                None => Kept::Every {
                    list: Vec::new(),
                    text: String::new(),
                    tidy_at: TIDY_FIRST,
                },
            },
            counter: BottomK::new(COUNT_KEYS),
            filter: vec![0; FILTER_BITS / 64],
            pending: None,
        }
    }

    /// Offers one non-blank id; returns its key, the order of the sample.
    pub fn offer(&mut self, id: &str) -> u64 {
        let key = hash(self.keys, id);
        self.counter.insert(key);
        for bit in filter_bits(key) {
            prefetch(&self.filter[bit / 64]);
        }
        if let Some(last) = self.pending.replace(key) {
            self.set_bits(last);
        }
        self.kept.keep(key, id);
        key
    }

    fn set_bits(&mut self, key: u64) {
        for bit in filter_bits(key) {
            self.filter[bit / 64] |= 1 << (bit % 64);
        }
    }

    /// Sets the bits of the id offered last.
    fn settle(&mut self) {
        if let Some(last) = self.pending.take() {
            self.set_bits(last);
        }
    }

    /// Adds what `other` (made with the same seed) was offered: the result
    /// is what one sampler offered both streams would hold, in any order.
    pub fn merge(mut self, mut other: Sampler) -> Sampler {
        self.settle();
        other.settle();
        match (&mut self.kept, other.kept) {
            (
                Kept::Every { list, text, .. },
                Kept::Every {
                    list: theirs,
                    text: their_text,
                    ..
                },
            ) => {
                let shift = text.len();
                text.push_str(&their_text);
                list.extend(
                    theirs
                        .into_iter()
                        .map(|(k, s, e)| (k, s + shift, e + shift)),
                );
                self.kept.tidy();
            }
            (_, theirs) => theirs.each(|key, id| self.kept.keep(key, id)),
        }
        self.counter.merge(other.counter);
        for (a, b) in self.filter.iter_mut().zip(&other.filter) {
            *a |= b;
        }
        self
    }

    /// The sample, in key order.
    pub fn finish(mut self) -> Sample {
        self.settle();
        self.kept.tidy();
        // A sample that never filled holds every distinct id: its size is
        // the count, and an estimate would only blur it.
        let all = match &self.kept {
            Kept::Smallest { cap, set } => set.len() < *cap,
            Kept::Every { .. } => true,
        };
        let (distinct, distinct_exact) = if all {
            (self.kept.len() as u64, true)
        } else {
            self.counter.estimate()
        };
        Sample {
            ids: self.kept.into_ids(),
            distinct,
            distinct_exact,
            keys: self.keys,
            filter: self.filter,
        }
    }
}

/// The filter of a [`Sampler`] alone, shared by every worker of a pass:
/// which values a column holds, so that decoys drawn for it can be made
/// certainly not its values. Bits are only ever set, so the filter is the
/// same in any order of work.
pub struct Seen {
    keys: (u64, u64),
    filter: Vec<std::sync::atomic::AtomicU64>,
}

impl Seen {
    /// An empty filter, keyed by `seed` as a sampler is.
    pub fn new(seed: u64) -> Seen {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        Seen {
            keys: (rng.next_u64(), rng.next_u64()),
            filter: (0..FILTER_BITS / 64)
                .map(|_| std::sync::atomic::AtomicU64::new(0))
                .collect(),
        }
    }

    /// Notes one value.
    pub fn offer(&self, value: &str) {
        for bit in filter_bits(hash(self.keys, value)) {
            self.filter[bit / 64].fetch_or(1 << (bit % 64), std::sync::atomic::Ordering::Relaxed);
        }
    }

    /// A sample of `ids` whose filter holds every value offered; its
    /// distinct count is that of `ids` alone.
    pub fn with_ids(self, ids: Vec<String>) -> Sample {
        Sample {
            distinct: ids.len() as u64,
            distinct_exact: false,
            ids,
            keys: self.keys,
            filter: self.filter.into_iter().map(|b| b.into_inner()).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(ids: impl IntoIterator<Item = String>, cap: Option<usize>, seed: u64) -> Sample {
        let mut s = Sampler::new(cap, seed);
        for id in ids {
            s.offer(&id);
        }
        s.finish()
    }

    fn numbered(n: usize) -> impl Iterator<Item = String> {
        (0..n).map(|i| format!("cmp_{i}"))
    }

    #[test]
    fn keeps_at_most_capacity_distinct_ids() {
        let s = sample(numbered(5000), Some(100), 7);
        assert_eq!(s.ids.len(), 100);
        let mut unique = s.ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 100);
        assert_eq!((s.distinct, s.distinct_exact), (5000, true));
    }

    #[test]
    fn duplicates_count_once_and_do_not_change_the_sample() {
        let once = sample(numbered(1000), Some(50), 1);
        let thrice = sample(
            numbered(1000).chain(numbered(1000)).chain(numbered(1000)),
            Some(50),
            1,
        );
        assert_eq!(once, thrice);
        assert_eq!(thrice.distinct, 1000);
    }

    #[test]
    fn sample_does_not_depend_on_input_order() {
        let forward = sample(numbered(2000), Some(30), 3);
        let backward = sample(
            numbered(2000).collect::<Vec<_>>().into_iter().rev(),
            Some(30),
            3,
        );
        assert_eq!(forward, backward);
    }

    #[test]
    fn merged_samplers_hold_what_one_would() {
        let one = sample(numbered(5000), Some(100), 4);
        let (mut a, mut b) = (Sampler::new(Some(100), 4), Sampler::new(Some(100), 4));
        for (i, id) in numbered(5000).enumerate() {
            if i % 3 == 0 {
                a.offer(&id);
            } else {
                b.offer(&id);
            }
        }
        let merged = b.merge(a).finish();
        assert_eq!(merged, one);
    }

    #[test]
    fn seed_changes_the_sample_and_is_reproducible() {
        assert_eq!(
            sample(numbered(1000), Some(20), 42),
            sample(numbered(1000), Some(20), 42)
        );
        assert_ne!(
            sample(numbered(1000), Some(20), 42).ids,
            sample(numbered(1000), Some(20), 43).ids
        );
    }

    #[test]
    fn the_default_seed_draws_a_fixed_sample() {
        // Pins the algorithms (ChaCha8 keys, SipHash-1-3): a change here
        // changes every user's sample, on every machine.
        let s = sample(numbered(100), Some(3), 42);
        assert_eq!(s.ids, PINNED);
    }

    /// The sample of 3 from `cmp_0` .. `cmp_99` with seed 42.
    const PINNED: [&str; 3] = ["cmp_61", "cmp_96", "cmp_1"];

    #[test]
    fn sample_is_roughly_uniform() {
        // Each of 1000 ids should be drawn into a 100-sample about 10% of the time.
        let mut counts = vec![0u32; 1000];
        for seed in 0..400 {
            for id in sample(numbered(1000), Some(100), seed).ids {
                counts[id[4..].parse::<usize>().unwrap()] += 1;
            }
        }
        let (lo, hi) = (counts.iter().min().unwrap(), counts.iter().max().unwrap());
        assert!(
            *lo >= 15 && *hi <= 70,
            "counts between {lo} and {hi}, expected about 40"
        );
    }

    #[test]
    fn no_capacity_keeps_every_id() {
        let all = sample(numbered(300), None, 9);
        assert_eq!(all.ids.len(), 300);
    }

    #[test]
    fn every_id_is_kept_in_the_order_a_bounded_sample_keeps_it() {
        // Repeats, past the point where the list first drops them, and over
        // two samplers merged.
        let ids = || (0..3 * TIDY_FIRST).map(|i| format!("cmp_{}", i % (TIDY_FIRST / 4)));
        let mut halves = [Sampler::new(None, 4), Sampler::new(None, 4)];
        for (i, id) in ids().enumerate() {
            halves[i % 2].offer(&id);
        }
        assert!(halves.iter().all(|h| h.kept.len() <= TIDY_FIRST));
        let [a, b] = halves;
        let every = a.merge(b).finish();
        let bounded = sample(ids(), Some(TIDY_FIRST), 4);
        assert_eq!(every.ids.len(), TIDY_FIRST / 4);
        assert_eq!(every, bounded);
    }

    #[test]
    fn the_filter_knows_every_id_and_few_others() {
        let s = sample(numbered(50_000), Some(10), 3);
        assert!((0..50_000).all(|i| s.may_contain(&format!("cmp_{i}"))));
        let strangers = (0..50_000)
            .filter(|i| s.may_contain(&format!("other_{i}")))
            .count();
        assert!(strangers < 50, "{strangers} false positives");
    }

    #[test]
    fn a_shared_filter_knows_what_a_sampler_would() {
        let seen = Seen::new(3);
        std::thread::scope(|s| {
            for part in 0..4 {
                let seen = &seen;
                s.spawn(move || {
                    for i in (part..20_000).step_by(4) {
                        seen.offer(&format!("cmp_{i}"));
                    }
                });
            }
        });
        let filter = seen.with_ids(vec!["cmp_1".into()]);
        assert_eq!(filter.ids, ["cmp_1"]);
        assert!((0..20_000).all(|i| filter.may_contain(&format!("cmp_{i}"))));
        assert_eq!(filter.filter, sample(numbered(20_000), Some(0), 3).filter);
    }

    #[test]
    fn a_sample_of_every_id_counts_them_exactly() {
        // Past the sketch's exact range, but every id is kept: the count is
        // the sample's size, never fewer ids than were sampled.
        let s = sample(numbered(100_000), None, 5);
        assert_eq!((s.distinct, s.distinct_exact), (100_000, true));
        let s = sample(numbered(100_000), Some(200_000), 5);
        assert_eq!((s.distinct, s.distinct_exact), (100_000, true));
    }

    #[test]
    fn distinct_count_is_estimated_beyond_the_sketch() {
        let s = sample(numbered(200_000), Some(10), 5);
        assert!(!s.distinct_exact);
        let error = (s.distinct as f64 - 200_000.0).abs() / 200_000.0;
        assert!(error < 0.02, "estimate {} is {error:.3} off", s.distinct);
    }
}
