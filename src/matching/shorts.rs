//! Which short numbers matched nothing, remembered for every worker at
//! once. Cells of one to five digits (postal codes, counts, amounts,
//! picklist codes) fill many fields of an export, and each such number
//! comes back in row after row: in a field of postal codes, a million rows
//! hold each about ten times. The ladder's answer for a cell depends on
//! its bytes alone, so once a number is known to match nothing, its next
//! cells are settled by one byte each, 111 kB that stay in the cache.

use std::sync::atomic::{AtomicBool, Ordering};

/// Slots of the numbers of one digit, then two, ... then five (`0123` and
/// `123` are different cells).
const SLOTS: usize = 10 + 100 + 1_000 + 10_000 + 100_000;

/// The slot of the first number of four digits, `0000`.
pub(super) const FOUR_DIGITS: usize = 10 + 100 + 1_000;

/// The short numbers known to match nothing.
pub(super) struct Shorts {
    nothing: Box<[AtomicBool]>,
}

impl Shorts {
    pub(super) fn new() -> Shorts {
        Shorts {
            nothing: (0..SLOTS).map(|_| AtomicBool::new(false)).collect(),
        }
    }

    /// Whether the number of `slot` is known to match nothing.
    #[inline]
    pub(super) fn matched_nothing(&self, slot: usize) -> bool {
        self.nothing[slot].load(Ordering::Relaxed)
    }

    /// Notes that the number of `slot` matched nothing. Every worker that
    /// finds a number finds the same, so the flag needs no more order than
    /// its own.
    #[inline]
    pub(super) fn note_nothing(&self, slot: usize) {
        self.nothing[slot].store(true, Ordering::Relaxed);
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
    }
}
