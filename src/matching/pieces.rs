//! The values a cell of several holds (`acme.com; acme.de`,
//! `00045742 150 Palmer Drive`): its pieces around the signs of an id.

/// The values a cell holds, if it holds several or one with text around it:
/// its pieces between spaces, line breaks, `,` `;` or `|`, without brackets
/// or quotes around them, that could be an id, a number, a domain or an
/// email (they have a digit, a dot or an `@`), of `min` bytes or more.
/// Words alone are left out: `Acme Robotics` is one name, not two values.
pub struct Values<'a> {
    cell: &'a [u8],
    at: usize,
    min: usize,
}

impl<'a> Values<'a> {
    /// The values of `cell` at least `min` (and 2) bytes long.
    pub fn new(cell: &'a [u8], min: usize) -> Values<'a> {
        Values {
            cell,
            at: 0,
            min: min.max(2),
        }
    }
}

/// What a byte is to [`Values`]: a separator, a wrapper, a sign of an id.
const SEPARATOR: u8 = 1;
const WRAPPER: u8 = 2;
const ID_LIKE: u8 = 4;
const VALUE_BYTES: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = match c {
            b' ' | b'\t' | b'\n' | b'\r' | b',' | b';' | b'|' => SEPARATOR,
            b'{' | b'}' | b'[' | b']' | b'(' | b')' | b'<' | b'>' | b'"' | b'\'' => WRAPPER,
            b'0'..=b'9' | b'.' | b'@' => ID_LIKE,
            _ => 0,
        };
        b += 1;
    }
    t
};

impl<'a> Iterator for Values<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        let cell = self.cell;
        // Pieces without a sign of an id are passed over many bytes at a
        // time: from the next such sign, back and on to the separators
        // around it. Prose among ids is mostly such pieces.
        while let Some(sign) = next_id_like(cell, self.at) {
            let mut start = sign;
            while start > self.at && VALUE_BYTES[cell[start - 1] as usize] != SEPARATOR {
                start -= 1;
            }
            let mut end = sign + 1;
            while end < cell.len() && VALUE_BYTES[cell[end] as usize] != SEPARATOR {
                end += 1;
            }
            self.at = end + 1;
            // Wrappers only make a piece shorter.
            if end - start < self.min {
                continue;
            }
            let mut last = end;
            while start < last && VALUE_BYTES[cell[start] as usize] == WRAPPER {
                start += 1;
            }
            while last > start && VALUE_BYTES[cell[last - 1] as usize] == WRAPPER {
                last -= 1;
            }
            if last - start >= self.min {
                return Some(&cell[start..last]);
            }
        }
        self.at = cell.len();
        None
    }
}

/// The first byte of `cell` from `from` on that is a sign of an id (a
/// digit, `.` or `@`).
fn next_id_like(cell: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    #[cfg(target_arch = "x86_64")]
    while at + 16 <= cell.len() {
        // SAFETY: every x86_64 processor has SSE2.
        let signs = unsafe { signs_sse2(crate::bytes::sixteen(&cell[at..at + 16])) };
        if signs != 0 {
            return Some(at + signs.trailing_zeros() as usize);
        }
        at += 16;
    }
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const LOW7: u64 = ONES * 0x7f;
    const HIGH: u64 = ONES * 0x80;
    // The high bit of each byte of `x` that equals `b`.
    let equal = |x: u64, b: u8| {
        let y = x ^ (ONES * u64::from(b));
        !(((y & LOW7) + LOW7) | y | LOW7)
    };
    while at + 8 <= cell.len() {
        let x = u64::from_le_bytes(cell[at..at + 8].try_into().expect("eight bytes"));
        // A byte below 0x80 whose low seven bits reach 0x30 and not 0x3a is
        // a digit; no lane carries into the next.
        let digits = ((x & LOW7) + ONES * 0x50) & !((x & LOW7) + ONES * 0x46) & !x & HIGH;
        let signs = digits | equal(x, b'.') | equal(x, b'@');
        if signs != 0 {
            return Some(at + (signs.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    (at..cell.len()).find(|&i| VALUE_BYTES[cell[i] as usize] == ID_LIKE)
}

/// Bit `i` set where byte `i` of the 16 `bytes` is a sign of an id: one
/// vector compare of each kind where the eight-byte way takes a dozen
/// integer steps.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
#[inline]
fn signs_sse2(bytes: &[u8; 16]) -> u32 {
    use crate::bytes::{digit_lanes, load};
    use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8};
    let x = load(bytes);
    let digits = digit_lanes(x);
    let dots = _mm_cmpeq_epi8(x, _mm_set1_epi8(b'.' as i8));
    let ats = _mm_cmpeq_epi8(x, _mm_set1_epi8(b'@' as i8));
    _mm_movemask_epi8(_mm_or_si128(digits, _mm_or_si128(dots, ats))) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`Values`] byte by byte, as it was first written: the skips must
    /// find the same pieces.
    fn values_bytewise(cell: &[u8], min: usize) -> Vec<&[u8]> {
        let (mut out, mut at, min) = (Vec::new(), 0, min.max(2));
        while at < cell.len() {
            let (mut start, mut id_like) = (at, false);
            let mut end = start;
            while end < cell.len() && VALUE_BYTES[cell[end] as usize] != SEPARATOR {
                id_like |= VALUE_BYTES[cell[end] as usize] == ID_LIKE;
                end += 1;
            }
            at = end + 1;
            let mut last = end;
            while start < last && VALUE_BYTES[cell[start] as usize] == WRAPPER {
                start += 1;
            }
            while last > start && VALUE_BYTES[cell[last - 1] as usize] == WRAPPER {
                last -= 1;
            }
            if id_like && last - start >= min {
                out.push(&cell[start..last]);
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn values_are_the_pieces_a_byte_by_byte_walk_finds(
            cell in proptest::collection::vec(
                proptest::prop_oneof![
                    1 => proptest::sample::select(b" \t\n\r,;|{}[]()<>\"'.@/-:09".to_vec()),
                    1 => proptest::num::u8::ANY,
                    1 => proptest::sample::select(b"aZ5".to_vec()),
                    // Long words, so that pieces and words span a skip.
                    4 => proptest::sample::select(b"abcdefgh".to_vec()),
                ],
                0..300,
            ),
            min in 0usize..8,
        ) {
            let want = values_bytewise(&cell, min);
            let got: Vec<&[u8]> = Values::new(&cell, min).collect();
            proptest::prop_assert_eq!(got, want, "{:?}", String::from_utf8_lossy(&cell));
        }
    }

    #[test]
    fn every_byte_is_told_a_sign_of_an_id_or_not_in_every_place() {
        // Every place of the 16-byte, 8-byte and byte-by-byte ways.
        for b in 0..=255u8 {
            for len in [1, 2, 9, 16, 17, 25, 40] {
                for at in 0..len {
                    let mut cell = vec![b'x'; len];
                    cell[at] = b;
                    let want = (VALUE_BYTES[b as usize] == ID_LIKE).then_some(at);
                    assert_eq!(next_id_like(&cell, 0), want, "byte {b:#x} at {at} of {len}");
                }
            }
        }
    }

    #[test]
    fn a_value_whose_sign_is_past_a_skip_is_found_whole() {
        // The sign `1` is in the fifth 16 bytes, the piece began in the
        // fourth.
        let cell = format!("{}abcdefgh1 tail x@acme.com", "w ".repeat(29));
        let values: Vec<&[u8]> = Values::new(cell.as_bytes(), 6).collect();
        assert_eq!(values, [&b"abcdefgh1"[..], b"x@acme.com"]);
    }

    #[test]
    fn values_are_the_pieces_with_a_sign_of_an_id() {
        let values: Vec<&[u8]> = Values::new(b"Acme, Inc. (acme.com) | 555-1234", 2).collect();
        assert_eq!(values, [&b"Inc."[..], b"acme.com", b"555-1234"]);
        let long: Vec<&[u8]> = Values::new(b"(415) 555-1234", 5).collect();
        assert_eq!(long, [&b"555-1234"[..]]);
    }
}
