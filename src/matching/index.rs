//! An index of probes by 64-bit keys, with a filter in front for absent ones.

use rustc_hash::FxHashMap;

/// Probes by a 64-bit key. Most keys belong to one probe, kept inline; a
/// key shared by several points into a list instead. A bitset in front
/// answers most lookups of absent keys without touching the map. Keys are
/// hashes, so two keys may collide: every candidate is confirmed by the
/// transforms or the metric, so a collision costs a comparison, never a
/// wrong match.
#[derive(Debug)]
pub(super) struct ProbeIndex {
    /// A probe, or with [`SHARED`] set, the index of a list in `lists`.
    map: FxHashMap<u64, u32>,
    lists: Vec<Vec<u32>>,
    /// Bit `key % FILTER_BITS` is set for every key in `map`.
    filter: Vec<u64>,
}

/// Marks a map entry that points into `lists`.
const SHARED: u32 = 1 << 31;
/// Bits in the filter of present keys (128 KiB: it stays in cache).
const FILTER_BITS: u64 = 1 << 20;

impl Default for ProbeIndex {
    fn default() -> ProbeIndex {
        ProbeIndex {
            map: FxHashMap::default(),
            lists: Vec::new(),
            filter: vec![0; (FILTER_BITS / 64) as usize],
        }
    }
}

impl ProbeIndex {
    /// The word of `filter` that holds `key`'s bit, and the bit.
    fn filter_bit(key: u64) -> (usize, u64) {
        let bit = key % FILTER_BITS;
        ((bit / 64) as usize, 1 << (bit % 64))
    }

    /// Whether `key` may be in `map` (false: certainly not).
    fn may_have(&self, key: u64) -> bool {
        let (word, bit) = ProbeIndex::filter_bit(key);
        self.filter[word] & bit != 0
    }

    pub(super) fn insert(&mut self, key: u64, probe: u32) {
        let (word, bit) = ProbeIndex::filter_bit(key);
        self.filter[word] |= bit;
        match self.map.entry(key) {
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(probe);
            }
            std::collections::hash_map::Entry::Occupied(mut e) => {
                let slot = *e.get();
                if slot & SHARED != 0 {
                    let list = &mut self.lists[(slot & !SHARED) as usize];
                    if list.last() != Some(&probe) {
                        list.push(probe);
                    }
                } else if slot != probe {
                    e.insert(SHARED | self.lists.len() as u32);
                    self.lists.push(vec![slot, probe]);
                }
            }
        }
    }

    /// Whether some probe is under `key`.
    pub(super) fn contains(&self, key: u64) -> bool {
        self.may_have(key) && self.map.contains_key(&key)
    }

    /// Appends the probes under `key` to `out`.
    pub(super) fn get(&self, key: u64, out: &mut Vec<u32>) {
        if !self.may_have(key) {
            return;
        }
        match self.map.get(&key) {
            Some(&slot) if slot & SHARED != 0 => {
                out.extend_from_slice(&self.lists[(slot & !SHARED) as usize])
            }
            Some(&probe) => out.push(probe),
            None => {}
        }
    }
}

/// The 64-bit key of a blocking key.
pub(super) fn key_hash(key: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(key)
}
