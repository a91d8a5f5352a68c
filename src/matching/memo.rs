//! What the fuzzy keys of values found, remembered for every worker at
//! once: over an index of every company of a large export, a value's
//! look-up reads memory a dozen times, and the values that reach it
//! (postal codes, counts, phone numbers) repeat across the rows that
//! different workers read.

use std::sync::atomic::{AtomicU8, AtomicU64, Ordering, fence};

use super::shorts;

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
///
/// Keys of four or five digits have slots of their own, one each, that
/// hold no key: postal codes, counts and amounts are the values that repeat
/// most, and among the hashed keys of a million rows each would lose its
/// slot to others and be looked up again. Most of them find nothing (among
/// dense numeric ids, a short number is near several), and that is told by
/// one byte each, 110 kB that stay in the cache where the slots do not.
#[derive(Debug)]
pub(super) struct NearMemo {
    /// Six words a slot: the sequence number, the key (its length plus one
    /// in the first byte, then its bytes), then what it found (see
    /// [`read`]).
    slots: Vec<Slot>,
    /// 64 minus the number of bits that choose a slot.
    shift: u32,
    /// The slot of each key of four or five digits (see [`number_slot`]):
    /// its sequence number, then what it found.
    numbers: Vec<NumberSlot>,
    /// What each of those keys found: [`UNKNOWN`], [`NOTHING`], or
    /// [`IN_SLOT`].
    found: Vec<AtomicU8>,
}

const UNKNOWN: u8 = 0;
const NOTHING: u8 = 1;
const IN_SLOT: u8 = 2;

/// A slot on a cache line of its own: a recall reads one line from memory,
/// where a slot of six words packed end to end spans two lines half the time.
#[repr(align(64))]
struct Slot([AtomicU64; 6]);

/// A short number's slot: two to a cache line.
#[repr(align(32))]
struct NumberSlot([AtomicU64; 4]);

impl std::fmt::Debug for Slot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Slot")
    }
}

impl std::fmt::Debug for NumberSlot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NumberSlot")
    }
}

impl NearMemo {
    /// A memo of `2^bits` hashed slots, besides those of short numbers.
    pub(super) fn new(bits: u32) -> NearMemo {
        // One slot would shift a hash by all its 64 bits.
        debug_assert!((1..64).contains(&bits));
        NearMemo::with_slots(1 << bits, 64 - bits)
    }

    /// A memo of short numbers only, for an index that stays in the cache:
    /// there a key is found about as fast as it would be recalled, but a
    /// postal code or a count is looked up again at every row that has it.
    pub(super) fn of_numbers() -> NearMemo {
        NearMemo::with_slots(0, 64)
    }

    /// A memo of `slots` hashed slots, chosen by the top `64 - shift` bits
    /// of a mixed hash, besides those of short numbers.
    fn with_slots(slots: usize, shift: u32) -> NearMemo {
        let zero = || AtomicU64::new(0);
        NearMemo {
            slots: (0..slots)
                .map(|_| Slot(std::array::from_fn(|_| zero())))
                .collect(),
            shift,
            numbers: (0..NUMBER_SLOTS)
                .map(|_| NumberSlot(std::array::from_fn(|_| zero())))
                .collect(),
            found: (0..NUMBER_SLOTS).map(|_| AtomicU8::new(UNKNOWN)).collect(),
        }
    }

    /// Whether `key` is as long as the short numbers with slots of their
    /// own, of which a memo of numbers keeps nothing else.
    #[inline]
    pub(super) fn may_number(key: &str) -> bool {
        matches!(key.len(), 4 | 5)
    }

    /// The hashed slot of a key whose hash is `hash`, if this memo has any.
    fn slot(&self, hash: u64) -> Option<&[AtomicU64]> {
        if self.slots.is_empty() {
            return None;
        }
        let mut z = hash;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        Some(&self.slots[(z >> self.shift) as usize].0)
    }

    /// What `key`, whose hash is `hash`, found, if this memo holds it.
    pub(super) fn recall(&self, key: &str, hash: u64) -> Option<Near> {
        if let Some(i) = number_slot(key.as_bytes()) {
            return match self.found[i].load(Ordering::Relaxed) {
                NOTHING => Some([None, None]),
                IN_SLOT => read(&self.numbers[i].0, []),
                _ => None,
            };
        }
        read(self.slot(hash)?, pack_key(key)?)
    }

    /// Remembers that `key`, whose hash is `hash`, found `near`, unless the
    /// key is too long or another worker is writing its slot.
    pub(super) fn store(&self, key: &str, hash: u64, near: Near) {
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
        let found = [ids, similarities[0], similarities[1]];
        if let Some(i) = number_slot(key.as_bytes()) {
            // A reader told to look in the slot before it is written whole
            // takes it as a miss (see [`read`]).
            if near == [None, None] {
                self.found[i].store(NOTHING, Ordering::Relaxed);
            } else {
                write(&self.numbers[i].0, [], found);
                self.found[i].store(IN_SLOT, Ordering::Relaxed);
            }
        } else if let Some(slot) = self.slot(hash)
            && let Some(packed) = pack_key(key)
        {
            write(slot, packed, found);
        }
    }
}

/// What the slot `slot` holds for the key packed as `key` (nothing for a
/// slot of its own), if it holds it whole: after the sequence number and
/// the key, the two ids (each plus one, 0 for none) and the two
/// similarities.
fn read<const K: usize>(slot: &[AtomicU64], key: [u64; K]) -> Option<Near> {
    let seq = slot[0].load(Ordering::Acquire);
    // Never written, or being written.
    if seq == 0 || seq % 2 == 1 {
        return None;
    }
    let mut words = [0; 5];
    for (word, at) in words.iter_mut().zip(&slot[1..]) {
        *word = at.load(Ordering::Relaxed);
    }
    fence(Ordering::Acquire);
    if slot[0].load(Ordering::Relaxed) != seq || words[..K] != key {
        return None;
    }
    let found = &words[K..];
    let side = |i: usize| {
        let id = (found[0] >> (32 * i)) as u32;
        (id != 0).then(|| (id - 1, f64::from_bits(found[1 + i])))
    };
    Some([side(0), side(1)])
}

/// Writes `key` and what it `found` to `slot` (see [`read`]), unless
/// another worker is writing it.
fn write<const K: usize>(slot: &[AtomicU64], key: [u64; K], found: [u64; 3]) {
    let seq = slot[0].load(Ordering::Relaxed);
    if seq % 2 == 1
        || slot[0]
            .compare_exchange(seq, seq + 1, Ordering::Relaxed, Ordering::Relaxed)
            .is_err()
    {
        return;
    }
    fence(Ordering::Release);
    for (word, value) in slot[1..].iter().zip(key.into_iter().chain(found)) {
        word.store(value, Ordering::Relaxed);
    }
    slot[0].store(seq + 2, Ordering::Release);
}

/// Slots of keys of four digits, then of five.
const NUMBER_SLOTS: usize = 10_000 + 100_000;

/// The slot among [`NUMBER_SLOTS`] of `key` if it is four or five ASCII
/// digits (`0123` and `123` are different keys): its short number's slot
/// (see [`shorts::slot`]), counted from the first of four digits.
fn number_slot(key: &[u8]) -> Option<usize> {
    // As `NearMemo::may_number` says: four or five bytes.
    if !matches!(key.len(), 4 | 5) {
        return None;
    }
    shorts::slot(key).map(|at| at - shorts::FOUR_DIGITS)
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

    #[test]
    fn every_number_with_a_slot_of_its_own_may_be_one() {
        // A small index asks the memo only of keys `may_number` lets by.
        for len in 0..8 {
            for digit in [b'0', b'7'] {
                let key = String::from_utf8(vec![digit; len]).unwrap();
                if number_slot(key.as_bytes()).is_some() {
                    assert!(NearMemo::may_number(&key), "{key}");
                }
            }
        }
    }

    #[test]
    fn a_memo_of_numbers_keeps_short_numbers_only() {
        let memo = NearMemo::of_numbers();
        let near = [Some((3, 0.95)), None];
        for key in ["1234", "12345", "104217", "abcd"] {
            memo.store(key, 42, near);
        }
        assert_eq!(memo.recall("1234", 42), Some(near));
        assert_eq!(memo.recall("12345", 42), Some(near));
        assert_eq!(memo.recall("104217", 42), None);
        assert_eq!(memo.recall("abcd", 42), None);
    }

    #[test]
    fn short_numbers_are_recalled_from_slots_of_their_own() {
        // Two hashed slots, and every other key in the first: they would
        // land on the numbers' if the numbers had none of their own.
        let memo = NearMemo::new(1);
        for (i, key) in ["1234", "01234", "99999", "0000", "00000"]
            .iter()
            .enumerate()
        {
            assert_eq!(memo.recall(key, 0), None, "{key} is not stored yet");
            memo.store(key, 0, [Some((i as u32, 0.9)), None]);
        }
        memo.store("123456", 0, [None, Some((7, 0.8))]);
        memo.store("12a45", 0, [None, Some((8, 0.8))]);
        for (i, key) in ["1234", "01234", "99999", "0000", "00000"]
            .iter()
            .enumerate()
        {
            assert_eq!(
                memo.recall(key, 0),
                Some([Some((i as u32, 0.9)), None]),
                "{key}"
            );
        }
        assert_eq!(
            memo.recall("123456", 0),
            None,
            "the hashed slot's last key wins"
        );
        assert_eq!(memo.recall("12a45", 0), Some([None, Some((8, 0.8))]));
        assert_eq!(memo.recall("12345", 0), None, "a number never stored");
        // What found nothing is told by its byte alone.
        memo.store("4321", 0, [None, None]);
        assert_eq!(memo.recall("4321", 0), Some([None, None]));
        assert_eq!(memo.recall("04321", 0), None);
        assert_eq!(number_slot(b"0000"), Some(0));
        assert_eq!(number_slot(b"99999"), Some(NUMBER_SLOTS - 1));
        for key in ["123", "123456", "12a4", "１２３４"] {
            assert_eq!(number_slot(key.as_bytes()), None, "{key}");
        }
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
                        // Hashed keys, and numbers in slots of their own.
                        let key = if k % 2 == 0 {
                            format!("key{k}")
                        } else {
                            format!("{:05}", k % 4)
                        };
                        let k = if k % 2 == 0 { k } else { k % 4 + 1_000 };
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
