//! The classes of a cell's bytes, counted in one pass: which classes it has,
//! and how many of its bytes are letters or digits, in or outside the
//! probes' alphabet. The gate judges most cells by this count alone, so it
//! is read for nearly every byte of an export: one addition a byte, of a
//! word whose 8-bit lanes count the classes.

use super::forms;

// Classes of a byte, as bits; bit `k` is also lane `k` of a word of counts.
/// An ASCII letter or digit.
pub const ALNUM: u8 = 1;
/// A letter or digit that no probe key contains.
pub const OUTSIDE: u8 = 2;
pub const DOT: u8 = 4;
/// Whitespace inside the value (what `str::trim` removes, at its ends), or
/// a byte above 0x7f that may end some: 0x85 and 0xa0 end U+0085 and the
/// no-break space, and `à` and `Å` too, so a value with one only may have
/// whitespace.
pub const SPACE: u8 = 8;
/// `e` or `E`: a number in E notation.
pub const EXPONENT: u8 = 16;
/// Not part of any number (`0-9 . e E +`).
pub const NOT_NUMERIC: u8 = 32;
/// A byte of a multi-byte UTF-8 character (or of invalid UTF-8).
pub const NON_ASCII: u8 = 64;
/// What ends a word prefix (`-` `_` `:` `#` `/`): without one, there is none.
pub const PREFIX_END: u8 = 128;

/// The place of an ASCII letter or digit in an alphabet bitset, case-folded.
pub fn fold(b: u8) -> Option<u32> {
    match b {
        b'0'..=b'9' => Some((b - b'0') as u32),
        b'a'..=b'z' => Some((b - b'a') as u32 + 10),
        b'A'..=b'Z' => Some((b - b'A') as u32 + 10),
        _ => None,
    }
}

/// What [`Classes::count`] finds in a run of bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count {
    /// Every class some byte has.
    pub seen: u8,
    /// Bytes that are ASCII letters or digits.
    pub alnum: usize,
    /// Of those, the ones outside the probes' alphabet.
    pub outside: usize,
}

/// Each byte's classes, for probes whose keys have the letters and digits
/// `alphabet` (bit [`fold`] of each).
#[derive(Debug, Clone)]
pub struct Classes {
    /// A byte's classes as counts of one in the 8-bit lanes of a word, so
    /// that one addition a byte counts them all.
    counts: [u64; 256],
    /// A byte's classes as bits, which the tests count by.
    #[cfg(test)]
    bits: [u8; 256],
}

impl Classes {
    pub fn new(alphabet: u64) -> Classes {
        let mut bits = [0u8; 256];
        for (b, class) in bits.iter_mut().enumerate() {
            let b = b as u8;
            if let Some(bit) = fold(b) {
                *class |= ALNUM;
                if alphabet & (1 << bit) == 0 {
                    *class |= OUTSIDE;
                }
            }
            if b == b'.' {
                *class |= DOT;
            }
            if (b as char).is_whitespace() {
                *class |= SPACE;
            }
            if matches!(b, b'e' | b'E') {
                *class |= EXPONENT;
            }
            if !matches!(b, b'0'..=b'9' | b'.' | b'e' | b'E' | b'+') {
                *class |= NOT_NUMERIC;
            }
            if !b.is_ascii() {
                *class |= NON_ASCII;
            }
            if forms::word_prefix_len(&[b'a', b]).is_some() {
                *class |= PREFIX_END;
            }
        }
        let counts = bits.map(|class| {
            (0..8).fold(0u64, |lanes, k| {
                lanes | (((class >> k) & 1) as u64) << (8 * k)
            })
        });
        Classes {
            counts,
            #[cfg(test)]
            bits,
        }
    }

    /// The classes of `t`'s bytes, and how many are letters or digits in and
    /// outside the probes' alphabet. Inlined into the gate, as it was when
    /// it was the gate's own: asked of nearly every cell.
    #[inline]
    pub fn count(&self, t: &[u8]) -> Count {
        let mut count = Count {
            seen: 0,
            alnum: 0,
            outside: 0,
        };
        // A lane holds up to 255 before it would carry into the next.
        for part in t.chunks(255) {
            let lanes = part
                .iter()
                .fold(0u64, |lanes, &b| lanes + self.counts[b as usize]);
            let bytes = lanes.to_le_bytes();
            count.alnum += bytes[ALNUM.trailing_zeros() as usize] as usize;
            count.outside += bytes[OUTSIDE.trailing_zeros() as usize] as usize;
            count.seen |= nonzero_lanes(lanes);
        }
        count
    }
}

/// Bit `k` set where lane `k` (byte `k`, little-endian) of `lanes` is not
/// zero: a lane's high bit says so once its low seven bits, plus 0x7f, carry
/// into it (no lane carries into the next), and a multiply gathers the eight
/// high bits into the top byte, each at its own bit.
fn nonzero_lanes(lanes: u64) -> u8 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let high = (((lanes & LOW7) + LOW7) | lanes) & !LOW7;
    ((high >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Classes for probes of the digits and `x`.
    fn classes() -> Classes {
        let alphabet = b"0123456789x"
            .iter()
            .fold(0, |a, &b| a | 1 << fold(b).unwrap());
        Classes::new(alphabet)
    }

    /// The count, a byte at a time from the bits.
    fn by_bits(classes: &Classes, t: &[u8]) -> Count {
        let of = |class: u8| {
            t.iter()
                .filter(|&&b| classes.bits[b as usize] & class != 0)
                .count()
        };
        Count {
            seen: t.iter().fold(0, |seen, &b| seen | classes.bits[b as usize]),
            alnum: of(ALNUM),
            outside: of(OUTSIDE),
        }
    }

    #[test]
    fn long_values_are_counted_past_a_lane_s_capacity() {
        let classes = classes();
        for n in [254, 255, 256, 600, 1000] {
            let value: Vec<u8> = (0..n).map(|i| b"1y. "[i % 4]).collect();
            let count = |of: &[u8]| value.iter().filter(|b| of.contains(b)).count();
            let found = classes.count(&value);
            assert_eq!((found.alnum, found.outside), (count(b"1y"), count(b"y")));
            assert_eq!(found.seen, ALNUM | OUTSIDE | DOT | SPACE | NOT_NUMERIC);
        }
        let long = "7".repeat(300);
        let found = classes.count(long.as_bytes());
        assert_eq!((found.seen, found.alnum, found.outside), (ALNUM, 300, 0));
    }

    #[test]
    fn every_byte_has_its_classes_at_every_place() {
        let classes = classes();
        let mut value = [b'7'; 100];
        for len in 1..=100 {
            for at in 0..len {
                for b in [b'y', b'.', b' ', b'E', b'+', b'-', 0x80, 0xa0, 0xff, 0] {
                    value[at] = b;
                    let t = &value[..len];
                    let want = by_bits(&classes, t);
                    assert_eq!(classes.count(t), want, "{b:#x} at {at} of {len}");
                    value[at] = b'7';
                }
            }
        }
    }

    proptest::proptest! {
        /// Each lane that is not zero, and only such a lane, sets its bit.
        #[test]
        fn nonzero_lanes_are_the_lanes_that_are_not_zero(
            // Half the lanes zero, the rest any byte, 0x80 and 0x7f among them.
            lanes in proptest::array::uniform8(proptest::prop_oneof![
                proptest::strategy::Just(0u8),
                proptest::prelude::any::<u8>(),
            ]),
        ) {
            let want = (0..8).fold(0u8, |bits, k| bits | u8::from(lanes[k] != 0) << k);
            proptest::prop_assert_eq!(nonzero_lanes(u64::from_le_bytes(lanes)), want);
        }

        /// The count agrees with the bits, for any alphabet and any bytes,
        /// most of them ASCII.
        #[test]
        fn counts_agree_with_each_byte_s_classes(
            alphabet in proptest::prelude::any::<u64>(),
            t in proptest::collection::vec(
                proptest::prop_oneof![
                    4 => 0u8..0x80,
                    1 => proptest::prelude::any::<u8>(),
                ],
                0..300,
            ),
        ) {
            let classes = Classes::new(alphabet & ((1 << 36) - 1));
            let want = by_bits(&classes, &t);
            proptest::prop_assert_eq!(classes.count(&t), want);
        }
    }
}
