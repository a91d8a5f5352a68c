//! An index of probes by 64-bit keys, built once and then only read.

use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;

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
    /// A bitset of eight to sixteen bits a key ([`filter_size`]) that
    /// answers most lookups of absent keys without reading the buckets: the
    /// bits [`filter_bits`] gives are set for every key.
    filter: Vec<u64>,
}

/// Bits in the filter of present keys of `keys` keys (a power of two).
///
/// A small filter has sixteen bits a key, 4 KiB at the least: that of a
/// sampled thousand ids' keys (a few thousand) is 8 or 16 KiB, which stays
/// in the core's first cache while the cells stream through it. A floor of
/// 128 KiB did not, and among names almost every look-up waited for its
/// word from further out.
///
/// Past 128 KiB, eight bits a key, up to 4 MiB: a large filter is one read
/// from the shared cache, where the buckets of a large index would be two
/// reads from memory, and most keys looked up (a field's values against
/// every company's ids) are absent. Sixteen bits a key would make it twice
/// as large, past the first cache either way, for a gain not measured.
fn filter_size(keys: usize) -> u64 {
    // 4 KiB, 128 KiB and 4 MiB, in bits.
    const FLOOR: u64 = 1 << 15;
    const SMALL: u64 = 1 << 20;
    const CEILING: u64 = 1 << 25;
    let keys = keys as u64;
    let dense = (16 * keys).next_power_of_two();
    if dense <= SMALL {
        dense.max(FLOOR)
    } else {
        (8 * keys).next_power_of_two().clamp(SMALL, CEILING)
    }
}

/// Directory entries, or pairs, that one task of a large index's directory
/// or filter covers.
const STRETCH: usize = 1 << 14;

/// Entries past which an index is large: its buckets are read from memory,
/// not from the cache.
const LARGE: usize = 1 << 21;

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
pub(super) trait Filed: Ord + Copy + Send + Sync {
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

    /// The index of the pairs inserted.
    pub(super) fn build(self) -> ProbeIndex<P> {
        IndexBuilder::build_parts(vec![self])
    }

    /// The index of the pairs of all `parts`, the same whichever part each
    /// pair was inserted in: built on every core when large.
    pub(super) fn build_parts(parts: Vec<IndexBuilder<P>>) -> ProbeIndex<P> {
        let parts: Vec<Vec<(u64, P)>> = parts.into_iter().map(|b| b.pairs).collect();
        let mut pairs = sorted(parts);
        pairs.dedup_by_key(|(key, p)| (*key, p.probe()));
        // About two entries a bucket: the directory is a quarter the size of
        // the keys, and a lookup reads a line or two of them.
        let bits = (pairs.len() / 2)
            .max(16)
            .next_power_of_two()
            .trailing_zeros();
        let shift = 64 - bits;
        // `dir[b]`: the entries in buckets before `b`. A large index's
        // directory and filter are millions of entries: made on every core,
        // each stretch of the directory from where its first bucket starts.
        let mut dir = vec![0u32; (1 << bits) + 1];
        dir.par_chunks_mut(STRETCH)
            .enumerate()
            .for_each(|(chunk, out)| {
                let first = (chunk * STRETCH) as u64;
                let mut at = pairs.partition_point(|&(k, _)| k >> shift < first);
                for (bucket, d) in (first..).zip(out) {
                    while at < pairs.len() && pairs[at].0 >> shift < bucket {
                        at += 1;
                    }
                    *d = at as u32;
                }
            });
        let bits = filter_size(pairs.len());
        let filter: Vec<AtomicU64> = (0..bits / 64).map(|_| AtomicU64::new(0)).collect();
        pairs.par_chunks(STRETCH).for_each(|chunk| {
            for &(key, _) in chunk {
                let (word, mask) = filter_bits(bits, key);
                filter[word].fetch_or(mask, Ordering::Relaxed);
            }
        });
        let filter = filter.into_iter().map(AtomicU64::into_inner).collect();
        ProbeIndex {
            entries: pairs,
            dir,
            shift,
            filter,
        }
    }
}

/// A part of an index grouped by bucket, with where each bucket starts.
struct Grouped<P> {
    pairs: Vec<(u64, P)>,
    starts: Vec<u32>,
}

impl<P> Grouped<P> {
    fn bucket(&self, b: usize) -> &[(u64, P)] {
        &self.pairs[self.starts[b] as usize..self.starts[b + 1] as usize]
    }
}

/// Pairs a task of [`sorted`] gathers at once, in cache: 64 KiB of them.
const SORT_BUCKET: usize = 1 << 12;

/// The pairs of `parts` in order. A large index is sorted by buckets of its
/// keys' top bits on every core: each part is grouped by bucket (a pass in
/// cache), then each bucket is gathered from the parts by its keys' next
/// bits, and the few pairs that share those are sorted. A sort of the whole
/// would read and write all of it a dozen times before its pieces fit in
/// cache, on one core at first, and joining the parts would copy them once
/// more.
fn sorted<P: Filed>(parts: Vec<Vec<(u64, P)>>) -> Vec<(u64, P)> {
    let n: usize = parts.iter().map(Vec::len).sum();
    let Some(&fill) = parts.iter().find_map(|p| p.first()) else {
        return Vec::new();
    };
    if n <= 1 << 16 {
        let mut pairs = Vec::with_capacity(n);
        parts.into_iter().for_each(|p| pairs.extend(p));
        pairs.sort_unstable();
        return pairs;
    }
    let bits = (n / SORT_BUCKET)
        .next_power_of_two()
        .trailing_zeros()
        .clamp(1, 16);
    let (buckets, shift) = (1usize << bits, 64 - bits);
    let bucket = |key: u64| (key >> shift) as usize;
    let grouped: Vec<Grouped<P>> = parts
        .into_par_iter()
        .map(|part| {
            let mut starts = vec![0u32; buckets + 1];
            for &(key, _) in &part {
                starts[bucket(key) + 1] += 1;
            }
            for b in 0..buckets {
                starts[b + 1] += starts[b];
            }
            let mut next = starts.clone();
            let mut by_bucket = vec![fill; part.len()];
            for pair in part {
                let at = &mut next[bucket(pair.0)];
                by_bucket[*at as usize] = pair;
                *at += 1;
            }
            Grouped {
                pairs: by_bucket,
                starts,
            }
        })
        .collect();
    let mut pairs = vec![fill; n];
    let mut rest = pairs.as_mut_slice();
    let mut slices = Vec::with_capacity(buckets);
    for b in 0..buckets {
        let len = grouped.iter().map(|g| g.bucket(b).len()).sum();
        let (slice, after) = rest.split_at_mut(len);
        slices.push(slice);
        rest = after;
    }
    slices
        .into_par_iter()
        .enumerate()
        .for_each_init(Vec::new, |ends, (b, out)| {
            // Gathered by the next bits into runs of about two pairs, which
            // are then sorted each on its own.
            let froms = || grouped.iter().map(|g| g.bucket(b));
            let run_bits = (out.len() / 2).next_power_of_two().trailing_zeros();
            let runs = 1usize << run_bits;
            let run = |key: u64| (key >> (shift - run_bits)) as usize & (runs - 1);
            ends.clear();
            ends.resize(runs + 1, 0u32);
            for &(key, _) in froms().flatten() {
                ends[run(key) + 1] += 1;
            }
            for r in 0..runs {
                ends[r + 1] += ends[r];
            }
            for &pair in froms().flatten() {
                let at = &mut ends[run(pair.0)];
                out[*at as usize] = pair;
                *at += 1;
            }
            // Each run's cursor has reached the run's end.
            let mut start = 0;
            for &end in &ends[..runs] {
                out[start..end as usize].sort_unstable();
                start = end as usize;
            }
        });
    pairs
}

/// The word of a filter of `bits` bits (a power of two) that holds a
/// (mixed) key's bits, and those bits, two or (where they fall together)
/// one: from the key's middle bits, which the mixing spreads best after the
/// top ones (those choose the bucket). Two bits in one word are read in one
/// load, and a key that is absent finds both set far less often than one.
fn filter_bits(bits: u64, key: u64) -> (usize, u64) {
    let word = (key >> 28) & (bits / 64 - 1);
    (
        word as usize,
        1 << ((key >> 16) & 63) | 1 << ((key >> 22) & 63),
    )
}

impl<P> ProbeIndex<P> {
    /// The probes under `key`, in order.
    pub(super) fn probes_of(&self, key: u64) -> impl Iterator<Item = &P> {
        self.entries_of(key).iter().map(|(_, p)| p)
    }

    /// Whether some probe may be under `key`: false only if none is. It
    /// reads no more than the filter.
    pub(super) fn may_have(&self, key: u64) -> bool {
        let bits = self.filter.len() as u64 * 64;
        let (word, mask) = filter_bits(bits, key.wrapping_mul(MIX));
        self.filter[word] & mask == mask
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

    /// Whether the index is too large for the cache: most lookups of keys
    /// it holds then read memory.
    pub(super) fn is_large(&self) -> bool {
        self.entries.len() > LARGE
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
    key_hash_of_bytes(key.as_bytes())
}

/// [`key_hash`] of the key whose bytes are `key`: what hashing a `str`
/// writes (its bytes, then `0xff`), so that a key of bytes known to be
/// ASCII is hashed without reading it as text first.
pub(super) fn key_hash_of_bytes(key: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(key);
    hasher.write_u8(0xff);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_index_of_parts_holds_their_pairs_in_order_once() {
        // Large enough to be sorted by buckets; the parts unequal, one empty.
        for n in [1_000u64, 200_000] {
            let mut want = Vec::new();
            let mut parts: Vec<IndexBuilder<u32>> =
                (0..5).map(|_| IndexBuilder::default()).collect();
            for i in 0..n {
                let key = i.wrapping_mul(0x2545_f491_4f6c_dd1d) % (n / 3);
                let probe = (i % 7) as u32;
                want.push((key.wrapping_mul(MIX), probe));
                parts[(i % 13 % 4) as usize].insert(key, probe);
            }
            want.sort();
            want.dedup();
            let index = IndexBuilder::build_parts(parts);
            assert_eq!(index.entries, want, "n={n}");
            for (b, w) in index.dir.windows(2).enumerate() {
                let bucket = &index.entries[w[0] as usize..w[1] as usize];
                assert!(bucket.iter().all(|(k, _)| k >> index.shift == b as u64));
            }
            assert_eq!(*index.dir.last().unwrap() as usize, want.len());
        }
    }

    #[test]
    fn the_filter_holds_every_key_and_turns_away_most_that_are_absent() {
        // Keys as the matchers make them: hashes of text.
        let mut b = IndexBuilder::<u32>::default();
        let present: Vec<u64> = (0..50_000)
            .map(|i| key_hash(&format!("acme-{i}")))
            .collect();
        for (p, &k) in present.iter().enumerate() {
            b.insert(k, p as u32);
        }
        let index = b.build();
        assert!(present.iter().all(|&k| index.may_have(k)));
        let through = (0..100_000)
            .filter(|i| index.may_have(key_hash(&format!("globex-{i}"))))
            .count();
        // One bit a key would let about one absent key in twenty through.
        assert!(
            through < 2_000,
            "{through} of 100,000 absent keys let through"
        );
    }

    #[test]
    fn the_filter_of_a_sample_s_keys_fits_the_first_cache() {
        // A thousand sampled names give about 4,400 keys.
        let mut b = IndexBuilder::<u32>::default();
        for i in 0..4_400u32 {
            b.insert(key_hash(&format!("acme {i}")), i);
        }
        let index = b.build();
        let bytes = index.filter.len() * 8;
        assert!(bytes <= 16 << 10, "a filter of {bytes} bytes");
        // The few keys of one probe still get the floor's.
        let mut b = IndexBuilder::<u32>::default();
        b.insert(key_hash("acme"), 0);
        assert_eq!(b.build().filter.len() * 64, 1 << 15);
    }

    #[test]
    fn a_filter_has_sixteen_bits_a_key_while_small_and_eight_past_128_kib() {
        let kib = |bits: u64| bits / 8 / 1024;
        assert_eq!(kib(filter_size(0)), 4);
        assert_eq!(kib(filter_size(2_000)), 4);
        assert_eq!(kib(filter_size(2_049)), 8);
        assert_eq!(kib(filter_size(65_536)), 128);
        // Where sixteen bits would pass 128 KiB, eight are kept, as large
        // indexes always had.
        assert_eq!(kib(filter_size(65_537)), 128);
        assert_eq!(kib(filter_size(131_072)), 128);
        assert_eq!(kib(filter_size(131_073)), 256);
        assert_eq!(kib(filter_size(1_000_000)), 1024);
        assert_eq!(kib(filter_size(50_000_000)), 4096);
    }

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
