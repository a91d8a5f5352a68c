//! What the fuzzy keys of values found, remembered for every worker at
//! once: over an index of every company of a large export, a value's
//! look-up reads memory a dozen times, and the values that reach it
//! (postal codes, counts, phone numbers) repeat across the rows that
//! different workers read.

use std::sync::atomic::{AtomicU64, Ordering, fence};

/// Keys this long at most are remembered.
pub(super) const MEMO_KEY: usize = 15;

/// What a key found: the near sampled id and the near decoy, each with its
/// similarity.
pub(super) type Near = [Option<(u32, f64)>; 2];

/// A table of keys and what they found, one key per slot (the last to land
/// there), shared by the workers without a lock.
///
/// Each slot is guarded by a sequence number, odd while a worker writes the
/// slot: a reader that sees it odd, or changed by the end of its read, has
/// read a slot half written and takes it as a miss. A worker that finds the
/// slot being written leaves it alone. So a recall is either what some
/// store wrote whole, or nothing.
#[derive(Debug)]
pub(super) struct NearMemo {
    /// [`WORDS`] words a slot: the sequence number, the key (its length
    /// plus one in the first byte, then its bytes), the two ids (each plus
    /// one, 0 for none), and the two similarities.
    slots: Vec<Slot>,
    /// 64 minus the number of bits that choose a slot.
    shift: u32,
}

const WORDS: usize = 6;

/// A slot on a cache line of its own: a recall reads one line from memory,
/// where a slot of six words packed end to end spans two lines half the time.
#[repr(align(64))]
struct Slot([AtomicU64; WORDS]);

impl std::fmt::Debug for Slot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Slot")
    }
}

impl NearMemo {
    /// A memo of `2^bits` slots.
    pub(super) fn new(bits: u32) -> NearMemo {
        NearMemo {
            slots: (0..1usize << bits)
                .map(|_| Slot(std::array::from_fn(|_| AtomicU64::new(0))))
                .collect(),
            shift: 64 - bits,
        }
    }

    fn slot(&self, hash: u64) -> &[AtomicU64] {
        let mut z = hash;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        &self.slots[(z >> self.shift) as usize].0
    }

    /// What `key`, whose hash is `hash`, found, if this memo holds it.
    pub(super) fn recall(&self, key: &str, hash: u64) -> Option<Near> {
        let packed = pack_key(key)?;
        let slot = self.slot(hash);
        let seq = slot[0].load(Ordering::Acquire);
        if seq % 2 == 1 {
            return None;
        }
        let words: [u64; WORDS - 1] = std::array::from_fn(|i| slot[i + 1].load(Ordering::Relaxed));
        fence(Ordering::Acquire);
        if slot[0].load(Ordering::Relaxed) != seq || words[..2] != packed {
            return None;
        }
        let side = |i: usize| {
            let id = (words[2] >> (32 * i)) as u32;
            (id != 0).then(|| (id - 1, f64::from_bits(words[3 + i])))
        };
        Some([side(0), side(1)])
    }

    /// Remembers that `key`, whose hash is `hash`, found `near`, unless the
    /// key is too long or another worker is writing its slot.
    pub(super) fn store(&self, key: &str, hash: u64, near: Near) {
        let Some(packed) = pack_key(key) else {
            return;
        };
        let mut ids = 0;
        let mut similarities = [0; 2];
        for (i, side) in near.iter().enumerate() {
            if let Some((id, similarity)) = *side {
                let Some(id) = id.checked_add(1) else {
                    return;
                };
                ids |= u64::from(id) << (32 * i);
                similarities[i] = similarity.to_bits();
            }
        }
        let slot = self.slot(hash);
        let seq = slot[0].load(Ordering::Relaxed);
        if seq % 2 == 1
            || slot[0]
                .compare_exchange(seq, seq + 1, Ordering::Relaxed, Ordering::Relaxed)
                .is_err()
        {
            return;
        }
        fence(Ordering::Release);
        let words = [packed[0], packed[1], ids, similarities[0], similarities[1]];
        for (word, value) in slot[1..].iter().zip(words) {
            word.store(value, Ordering::Relaxed);
        }
        slot[0].store(seq + 2, Ordering::Release);
    }
}

/// `key` in two words, its length plus one first, so that no two keys pack
/// alike and no key packs as an empty slot; `None` if too long.
fn pack_key(key: &str) -> Option<[u64; 2]> {
    if key.len() > MEMO_KEY {
        return None;
    }
    let mut bytes = [0u8; 16];
    bytes[0] = key.len() as u8 + 1;
    bytes[1..=key.len()].copy_from_slice(key.as_bytes());
    let (a, b) = bytes.split_at(8);
    Some([
        u64::from_le_bytes(a.try_into().expect("eight bytes")),
        u64::from_le_bytes(b.try_into().expect("eight bytes")),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_memo_recalls_what_was_stored_under_the_same_key_only() {
        let memo = NearMemo::new(4);
        let near = [Some((3, 0.95)), None];
        memo.store("104217", 42, near);
        assert_eq!(memo.recall("104217", 42), Some(near));
        assert_eq!(memo.recall("104218", 42), None);
        assert_eq!(memo.recall("10421", 42), None);
        assert_eq!(memo.recall("", 42), None);
        memo.store("", 42, [None, Some((0, 0.5))]);
        assert_eq!(memo.recall("", 42), Some([None, Some((0, 0.5))]));
        assert_eq!(memo.recall("104217", 42), None, "the slot's last key wins");
        let long = "x".repeat(MEMO_KEY + 1);
        memo.store(&long, 7, near);
        assert_eq!(memo.recall(&long, 7), None);
        memo.store("abc", 7, [Some((u32::MAX, 1.0)), None]);
        assert_eq!(
            memo.recall("abc", 7),
            None,
            "an id with no room is not kept"
        );
    }

    /// What key `k` is taken to find in the test below: both sides depend
    /// on all of it, so a slot read half from one store and half from
    /// another would not match.
    fn found(k: u32) -> Near {
        [
            Some((k, f64::from(k) / 7.0)),
            Some((k ^ 0xffff, f64::from(k) / 3.0)),
        ]
    }

    #[test]
    fn workers_sharing_a_memo_recall_only_what_was_stored_whole() {
        // Four slots, four workers storing and recalling thousands of keys:
        // slots are written over while they are read.
        let memo = NearMemo::new(2);
        let recalled = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|s| {
            for worker in 0..4u32 {
                let (memo, recalled) = (&memo, &recalled);
                s.spawn(move || {
                    for round in 0..200_000u32 {
                        let k = (round * 7 + worker) % 1_000;
                        let key = format!("key{k}");
                        let hash = u64::from(k % 4) << 62;
                        for store in [true, false] {
                            if let Some(near) = memo.recall(&key, hash) {
                                assert_eq!(near, found(k), "{key}");
                                recalled.fetch_add(1, Ordering::Relaxed);
                            }
                            if store {
                                memo.store(&key, hash, found(k));
                            }
                        }
                    }
                });
            }
        });
        assert!(recalled.into_inner() > 0);
    }
}
