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
//! The number of distinct ids is counted the same way: the smallest
//! [`COUNT_KEYS`] keys are kept, which is exact up to that many distinct ids
//! and an estimate within about 0.4% beyond it (the k-minimum-values sketch).

use std::collections::BTreeSet;
use std::hash::Hasher;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use siphasher::sip::SipHasher13;

/// Keys kept for counting distinct ids.
pub const COUNT_KEYS: usize = 1 << 16;

/// The sampled ids and what was learnt about the whole column.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// The sampled ids, in key order (a random order fixed by the seed).
    pub ids: Vec<String>,
    /// Distinct ids seen.
    pub distinct: u64,
    /// Whether `distinct` is a count (true) or an estimate.
    pub distinct_exact: bool,
}

/// Offered ids one at a time; keeps a sample of the distinct ones.
pub struct Sampler {
    keys: (u64, u64),
    capacity: Option<usize>,
    kept: BTreeSet<(u64, Box<str>)>,
    counter: BottomK,
}

impl Sampler {
    /// A sampler keeping `capacity` ids (`None`: all), keyed by `seed`.
    pub fn new(capacity: Option<usize>, seed: u64) -> Sampler {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        Sampler {
            keys: (rng.next_u64(), rng.next_u64()),
            capacity,
            kept: BTreeSet::new(),
            counter: BottomK::new(COUNT_KEYS),
        }
    }

    /// Offers one non-blank id.
    pub fn offer(&mut self, id: &str) {
        let key = self.key(id);
        self.counter.insert(key);
        if let Some(cap) = self.capacity {
            if cap == 0 {
                return;
            }
            if self.kept.len() == cap {
                // Full: only a smaller key gets in, and then the largest leaves.
                match self.kept.last() {
                    Some((top, top_id)) if (key, id) >= (*top, &**top_id) => return,
                    _ => {}
                }
            }
        }
        if self.kept.insert((key, id.into()))
            && self.capacity.is_some_and(|cap| self.kept.len() > cap)
        {
            self.kept.pop_last();
        }
    }

    /// The sample, in key order.
    pub fn finish(self) -> Sample {
        let (distinct, distinct_exact) = self.counter.estimate();
        Sample {
            ids: self
                .kept
                .into_iter()
                .map(|(_, id)| id.into_string())
                .collect(),
            distinct,
            distinct_exact,
        }
    }

    fn key(&self, id: &str) -> u64 {
        let mut h = SipHasher13::new_with_keys(self.keys.0, self.keys.1);
        h.write(id.as_bytes());
        h.finish()
    }
}

/// The `k` smallest distinct 64-bit keys seen.
struct BottomK {
    k: usize,
    keys: BTreeSet<u64>,
}

impl BottomK {
    fn new(k: usize) -> BottomK {
        BottomK {
            k,
            keys: BTreeSet::new(),
        }
    }

    fn insert(&mut self, key: u64) {
        if self.keys.len() == self.k && self.keys.last().is_some_and(|&top| key >= top) {
            return;
        }
        if self.keys.insert(key) && self.keys.len() > self.k {
            self.keys.pop_last();
        }
    }

    /// The number of distinct keys seen, and whether it is exact.
    fn estimate(&self) -> (u64, bool) {
        match self.keys.last() {
            Some(&top) if self.keys.len() == self.k => {
                // k-minimum values: the k-th smallest of n uniform keys sits near k/n.
                let fraction = (top as f64 + 1.0) / 2f64.powi(64);
                (((self.k - 1) as f64 / fraction).round() as u64, false)
            }
            _ => (self.keys.len() as u64, true),
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
        // Pins the algorithms: a change here changes every user's sample.
        let s = sample(numbered(100), Some(3), 42);
        let again = sample(numbered(100), Some(3), 42);
        assert_eq!(s.ids, again.ids);
        assert_eq!(s.ids.len(), 3);
        let mut sorted = s.ids.clone();
        sorted.sort();
        assert_ne!(s.ids, sorted, "key order is not input order");
    }

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
    fn distinct_count_is_estimated_beyond_the_sketch() {
        let s = sample(numbered(200_000), Some(10), 5);
        assert!(!s.distinct_exact);
        let error = (s.distinct as f64 - 200_000.0).abs() / 200_000.0;
        assert!(error < 0.02, "estimate {} is {error:.3} off", s.distinct);
    }
}
