//! The classes of a cell's bytes, counted in one pass: which classes it has,
//! and how many of its bytes are letters or digits, in or outside the
//! probes' alphabet. The gate judges most cells by this count alone, so it
//! is read for nearly every byte of an export: one addition a byte, of a
//! word whose 8-bit lanes count the classes; or, where the processor has
//! AVX-512 VBMI, 64 bytes looked up and counted at once.

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
    /// A byte's classes as bits: what the tests count by, and the table the
    /// vector count looks bytes up in.
    bits: [u8; 256],
    /// Whether the processor looks up 64 bytes in a table of 128 at once
    /// (AVX-512 VBMI), and so counts a cell of up to 64 bytes in one step.
    #[cfg(target_arch = "x86_64")]
    wide: bool,
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
            bits,
            #[cfg(target_arch = "x86_64")]
            wide: std::arch::is_x86_feature_detected!("avx512f")
                && std::arch::is_x86_feature_detected!("avx512bw")
                && std::arch::is_x86_feature_detected!("avx512vbmi"),
        }
    }

    /// The classes of `t`'s bytes, and how many are letters or digits in and
    /// outside the probes' alphabet. Inlined into the gate, as it was when
    /// it was the gate's own: asked of nearly every cell.
    #[inline]
    pub fn count(&self, t: &[u8]) -> Count {
        #[cfg(target_arch = "x86_64")]
        if self.wide {
            // SAFETY: the processor has AVX-512 F, BW and VBMI.
            return unsafe { count_avx512(&self.bits, t) };
        }
        self.count_by_lanes(t)
    }

    /// [`Classes::count`] a byte at a time, by lanes of counts.
    fn count_by_lanes(&self, t: &[u8]) -> Count {
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

/// [`Classes::count`] of `t` by the classes `bits` of each byte, 64 bytes at
/// a time: each byte's classes looked up at once, in two tables of 128 (one
/// for ASCII, one for the bytes above), and counted by their masks.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw,avx512vbmi")]
fn count_avx512(bits: &[u8; 256], t: &[u8]) -> Count {
    use std::arch::x86_64::{
        _mm512_loadu_si512, _mm512_mask_blend_epi8, _mm512_maskz_loadu_epi8, _mm512_maskz_mov_epi8,
        _mm512_movepi8_mask, _mm512_or_si512, _mm512_permutex2var_epi8, _mm512_reduce_or_epi64,
        _mm512_set1_epi8, _mm512_setzero_si512, _mm512_test_epi8_mask,
    };
    // SAFETY (each table load): 64 bytes of `bits` from there on.
    let table = |at: usize| unsafe { _mm512_loadu_si512(bits[at..at + 64].as_ptr().cast()) };
    let (a0, a1, h0, h1) = (table(0), table(64), table(128), table(192));
    let (alnum_bit, outside_bit) = (
        _mm512_set1_epi8(ALNUM as i8),
        _mm512_set1_epi8(OUTSIDE as i8),
    );
    let mut count = Count {
        seen: 0,
        alnum: 0,
        outside: 0,
    };
    let mut seen = _mm512_setzero_si512();
    for part in t.chunks(64) {
        let own = if part.len() == 64 {
            u64::MAX
        } else {
            (1u64 << part.len()) - 1
        };
        // SAFETY: the mask reads only the bytes of `part`; the others are
        // neither read nor able to fault.
        let x = unsafe { _mm512_maskz_loadu_epi8(own, part.as_ptr().cast()) };
        let ascii = _mm512_permutex2var_epi8(a0, x, a1);
        let above = _mm512_permutex2var_epi8(h0, x, h1);
        let classes = _mm512_maskz_mov_epi8(
            own,
            _mm512_mask_blend_epi8(_mm512_movepi8_mask(x), ascii, above),
        );
        count.alnum += _mm512_test_epi8_mask(classes, alnum_bit).count_ones() as usize;
        count.outside += _mm512_test_epi8_mask(classes, outside_bit).count_ones() as usize;
        seen = _mm512_or_si512(seen, classes);
    }
    let mut all = _mm512_reduce_or_epi64(seen) as u64;
    all |= all >> 32;
    all |= all >> 16;
    all |= all >> 8;
    count.seen = all as u8;
    count
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

    /// Every count this processor has: by lanes, and by AVX-512 where it
    /// has that (a note says when it does not, and only lanes are tested).
    fn counts(classes: &Classes, t: &[u8]) -> Vec<Count> {
        let mut all = vec![classes.count_by_lanes(t)];
        #[cfg(target_arch = "x86_64")]
        if classes.wide {
            // SAFETY: `wide` says the processor has AVX-512 F, BW and VBMI.
            all.push(unsafe { count_avx512(&classes.bits, t) });
        } else {
            eprintln!("note: no AVX-512 VBMI on this processor; only the count by lanes is tested");
        }
        all
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
            for found in counts(&classes, &value) {
                assert_eq!((found.alnum, found.outside), (count(b"1y"), count(b"y")));
                assert_eq!(found.seen, ALNUM | OUTSIDE | DOT | SPACE | NOT_NUMERIC);
            }
        }
        let long = "7".repeat(300);
        for found in counts(&classes, long.as_bytes()) {
            assert_eq!((found.seen, found.alnum, found.outside), (ALNUM, 300, 0));
        }
    }

    /// Asserts that every count finds, for each of `bytes` at `at` among
    /// `len` bytes of `7`, what the bits say.
    fn assert_counted_at(classes: &Classes, len: usize, at: usize, bytes: &[u8]) {
        let mut value = vec![b'7'; len];
        for &b in bytes {
            value[at] = b;
            let want = by_bits(classes, &value);
            for found in counts(classes, &value) {
                assert_eq!(found, want, "{b:#x} at {at} of {len}");
            }
        }
    }

    #[test]
    fn every_byte_has_its_classes_at_every_place() {
        let classes = classes();
        let bytes = [b'y', b'.', b' ', b'E', b'+', b'-', 0x80, 0xa0, 0xff, 0];
        for len in 1..=100 {
            for at in 0..len {
                assert_counted_at(&classes, len, at, &bytes);
            }
        }
    }

    #[test]
    fn every_byte_value_has_its_classes_at_the_edges_of_a_block() {
        // The vector count reads 64 bytes a step, the last step masked:
        // each of the 256 byte values at either end of a step and of the
        // value, and amid it.
        let classes = classes();
        let every: Vec<u8> = (0..=255).collect();
        for len in [1usize, 2, 63, 64, 65, 127, 128, 129, 300] {
            let edges = [0, 1, 62, 63, 64, 65, 127, 128];
            let places = edges
                .into_iter()
                .chain([len / 2, len.saturating_sub(2), len - 1]);
            for at in places.filter(|&at| at < len) {
                assert_counted_at(&classes, len, at, &every);
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
            for found in counts(&classes, &t) {
                proptest::prop_assert_eq!(found, want);
            }
        }
    }
}
