//! Which short numbers matched nothing, remembered for every worker at
//! once. Cells of one to five digits (postal codes, counts, amounts,
//! picklist codes) fill many fields of an export, and each such number
//! comes back in row after row: in a field of postal codes, a million rows
//! hold each about ten times. The ladder's answer for a cell depends on
//! its bytes alone, so once a number is known to match nothing, its next
//! cells are settled by one bit each: 14 kB, which fit in the first-level
//! cache, where a byte each (111 kB) did not.

use std::sync::atomic::{AtomicU64, Ordering};

/// Slots of the numbers of one digit, then two, ... then five (`0123` and
/// `123` are different cells).
const SLOTS: usize = 10 + 100 + 1_000 + 10_000 + 100_000;

/// The slot of the first number of four digits, `0000`.
pub(super) const FOUR_DIGITS: usize = 10 + 100 + 1_000;

/// The short numbers known to match nothing.
pub(super) struct Shorts {
    /// Bit `slot % 64` of word `slot / 64`.
    nothing: Box<[AtomicU64]>,
}

impl Shorts {
    pub(super) fn new() -> Shorts {
        Shorts {
            nothing: (0..SLOTS.div_ceil(64)).map(|_| AtomicU64::new(0)).collect(),
        }
    }

    /// Whether the number of `slot` is known to match nothing.
    #[inline]
    pub(super) fn matched_nothing(&self, slot: usize) -> bool {
        self.nothing[slot / 64].load(Ordering::Relaxed) & 1 << (slot % 64) != 0
    }

    /// Notes that the number of `slot` matched nothing. Every worker that
    /// finds a number finds the same, so the flag needs no more order than
    /// its own.
    #[inline]
    pub(super) fn note_nothing(&self, slot: usize) {
        self.nothing[slot / 64].fetch_or(1 << (slot % 64), Ordering::Relaxed);
    }
}

/// The slot of a cell that is one to five ASCII digits and nothing else,
/// not even whitespace.
#[inline]
pub(super) fn slot(cell: &[u8]) -> Option<usize> {
    let base = match cell.len() {
        1 => 0,
        2 => 10,
        3 => 110,
        4 => FOUR_DIGITS,
        5 => FOUR_DIGITS + 10_000,
        _ => return None,
    };
    let mut n = 0;
    for &b in cell {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        n = n * 10 + usize::from(d);
    }
    Some(base + n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_short_number_has_a_slot_of_its_own() {
        let mut seen = vec![false; SLOTS];
        for len in 1..=5 {
            for n in 0..10usize.pow(len) {
                let cell = format!("{n:0width$}", width = len as usize);
                let at = slot(cell.as_bytes()).expect("a short number");
                assert!(!seen[at], "{cell}");
                seen[at] = true;
            }
        }
        assert!(seen.iter().all(|&s| s));
        for other in ["", "123456", " 123", "12 ", "1.5", "-12", "1e5", "१२"] {
            assert_eq!(slot(other.as_bytes()), None, "{other:?}");
        }
    }

    #[test]
    fn a_number_is_known_to_match_nothing_once_noted() {
        let shorts = Shorts::new();
        let at = slot(b"02134").unwrap();
        assert!(!shorts.matched_nothing(at));
        shorts.note_nothing(at);
        assert!(shorts.matched_nothing(at));
        assert!(!shorts.matched_nothing(slot(b"2134").unwrap()));
        // Its neighbours in the same word and the next are not.
        assert!(!shorts.matched_nothing(at - 1) && !shorts.matched_nothing(at + 1));
        assert!(!shorts.matched_nothing(at + 64));
        // Every slot, to the last, holds its own bit.
        let every = Shorts::new();
        for at in (0..SLOTS).rev() {
            assert!(!every.matched_nothing(at), "{at}");
            every.note_nothing(at);
            assert!(every.matched_nothing(at), "{at}");
        }
        assert!((0..SLOTS).all(|at| every.matched_nothing(at)));
    }
}
