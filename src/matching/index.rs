//! An index of probes by 64-bit keys, built once and then only read.

use rayon::slice::ParallelSliceMut;

/// Probes by a 64-bit key: the (key, probe) pairs sorted, behind a
/// directory of buckets by the key's top bits, so a lookup reads one bucket
/// of about two entries. Keys are hashes, so two keys may collide: every
/// candidate is confirmed by the transforms or the metric, so a collision
/// costs a comparison, never a wrong match.
///
/// Sorted arrays rather than a hash map: an index over every company of a
/// million-row export holds millions of keys, which a map would hold at
/// twice the memory and build one insert at a time on one core.
#[derive(Debug)]
pub(super) struct ProbeIndex<P = u32> {
    /// The (mixed) keys in order, each once per probe filed under it, with
    /// the probe: its number, or that and what else a matcher files with
    /// it. Side by side, so that a lookup reads one line, not two.
    entries: Vec<(u64, P)>,
    /// Bucket `b` is `entries[dir[b]..dir[b + 1]]`: the keys whose top bits
    /// are `b`.
    dir: Vec<u32>,
    /// 64 minus the number of bits that choose a bucket.
    shift: u32,
    /// Unless the index is large, a bitset of at least eight bits a key,
    /// that answers most lookups of absent keys from the cache: bit
    /// [`filter_bit`] is set for every key.
    filter: Option<Vec<u64>>,
}

/// Bits in the filter of present keys: at least 128 KiB, and at most 2 MiB,
/// which still stays in cache (past that, the filter is one more read
/// from memory).
const FILTER_BITS: (u64, u64) = (1 << 20, 1 << 24);

/// Probes one task of an index build computes the keys of: the tasks run
/// on every core, and their pairs are joined before the one sort.
pub(super) const BUILD_CHUNK: usize = 1 << 14;

/// Spreads a key's bits into its top bits, which choose the bucket; odd, so
/// that no two keys mix to the same value.
const MIX: u64 = 0x9e37_79b9_7f4a_7c15;

/// The pairs of a [`ProbeIndex`] as they are gathered.
#[derive(Debug)]
pub(super) struct IndexBuilder<P = u32> {
    pairs: Vec<(u64, P)>,
}

impl<P> Default for IndexBuilder<P> {
    fn default() -> Self {
        IndexBuilder { pairs: Vec::new() }
    }
}

/// What an index files under a key: a probe, which it keeps once per key.
pub(super) trait Filed: Ord + Copy + Send {
    /// The probe's number.
    fn probe(&self) -> u32;
}

impl Filed for u32 {
    fn probe(&self) -> u32 {
        *self
    }
}

impl<P: Filed> IndexBuilder<P> {
    /// Files `probe` under `key`; a probe filed twice under one key is kept
    /// once, as it was filed first in order.
    pub(super) fn insert(&mut self, key: u64, probe: P) {
        self.pairs.push((key.wrapping_mul(MIX), probe));
    }

    /// The pairs of both builders: the index is the same whichever order
    /// they were inserted in.
    pub(super) fn join(mut self, other: IndexBuilder<P>) -> IndexBuilder<P> {
        if self.pairs.len() < other.pairs.len() {
            return other.join(self);
        }
        self.pairs.extend(other.pairs);
        self
    }

    /// The index of the pairs inserted, sorted on every core when large.
    pub(super) fn build(self) -> ProbeIndex<P> {
        let mut pairs = self.pairs;
        if pairs.len() > 1 << 16 {
            pairs.par_sort_unstable();
        } else {
            pairs.sort_unstable();
        }
        pairs.dedup_by_key(|(key, p)| (*key, p.probe()));
        // About two entries a bucket: the directory is a quarter the size of
        // the keys, and a lookup reads a line or two of them.
        let bits = (pairs.len() / 2)
            .max(16)
            .next_power_of_two()
            .trailing_zeros();
        let shift = 64 - bits;
        let mut dir = Vec::with_capacity((1 << bits) + 1);
        dir.push(0);
        let mut at = 0;
        for bucket in 0..1u64 << bits {
            while at < pairs.len() && pairs[at].0 >> shift == bucket {
                at += 1;
            }
            dir.push(at as u32);
        }
        let bits = (8 * pairs.len() as u64)
            .next_power_of_two()
            .max(FILTER_BITS.0);
        let filter = (bits <= FILTER_BITS.1).then(|| {
            let mut filter = vec![0; (bits / 64) as usize];
            for &(key, _) in &pairs {
                let (word, bit) = filter_bit(&filter, key);
                filter[word] |= bit;
            }
            filter
        });
        ProbeIndex {
            entries: pairs,
            dir,
            shift,
            filter,
        }
    }
}

/// The word of `filter` that holds a (mixed) key's bit, and the bit: from
/// the key's middle bits, which the mixing spreads best after the top ones
/// (those choose the bucket). The filter's length is a power of two.
fn filter_bit(filter: &[u64], key: u64) -> (usize, u64) {
    let bit = (key >> 16) & (filter.len() as u64 * 64 - 1);
    ((bit / 64) as usize, 1 << (bit % 64))
}

impl<P> ProbeIndex<P> {
    /// The probes under `key`, in order.
    pub(super) fn probes_of(&self, key: u64) -> impl Iterator<Item = &P> {
        self.entries_of(key).iter().map(|(_, p)| p)
    }

    /// Whether some probe may be under `key`: false only if none is. For a
    /// small index, it reads no more than the filter.
    pub(super) fn may_have(&self, key: u64) -> bool {
        self.filter.as_ref().is_none_or(|filter| {
            let (word, bit) = filter_bit(filter, key.wrapping_mul(MIX));
            filter[word] & bit != 0
        })
    }

    /// The entries under `key`, in the order of their probes.
    pub(super) fn entries_of(&self, key: u64) -> &[(u64, P)] {
        if !self.may_have(key) {
            return &[];
        }
        let key = key.wrapping_mul(MIX);
        let bucket = (key >> self.shift) as usize;
        let (from, to) = (self.dir[bucket] as usize, self.dir[bucket + 1] as usize);
        let entries = &self.entries[from..to];
        let start = entries.partition_point(|&(k, _)| k < key);
        let end = start + entries[start..].partition_point(|&(k, _)| k == key);
        &entries[start..end]
    }

    /// Whether the index is too large for its filter: most lookups then
    /// read memory outside the cache.
    pub(super) fn is_large(&self) -> bool {
        self.filter.is_none()
    }

    /// Whether some probe is under `key`.
    pub(super) fn contains(&self, key: u64) -> bool {
        self.probes_of(key).next().is_some()
    }
}

impl ProbeIndex {
    /// Appends the probes under `key` to `out`.
    pub(super) fn get(&self, key: u64, out: &mut Vec<u32>) {
        out.extend(self.probes_of(key));
    }
}

/// The 64-bit key of a blocking key.
pub(super) fn key_hash(key: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_find_each_key_s_probes_in_order_and_nothing_else() {
        for n in [0u64, 1, 40, 5_000, 300_000] {
            let mut b = IndexBuilder::<u32>::default();
            // Key k holds probes k % 3 + 1 of them, inserted out of order
            // and some twice.
            for k in (0..n).rev() {
                for p in (0..=(k % 3) as u32).rev() {
                    b.insert(k * 7919, p);
                    if p == 0 {
                        b.insert(k * 7919, p);
                    }
                }
            }
            let index = b.build();
            for k in (0..n).step_by(97) {
                let want: Vec<u32> = (0..=(k % 3) as u32).collect();
                let got: Vec<u32> = index.probes_of(k * 7919).copied().collect();
                assert_eq!(got, want, "n={n} key {k}");
                assert!(!index.contains(k * 7919 + 1));
            }
            assert!(!index.contains(u64::MAX));
        }
    }
}
