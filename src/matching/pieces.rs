//! The values a cell of several holds (`acme.com; acme.de`,
//! `00045742 150 Palmer Drive`): its pieces around the signs of an id.

/// The values a cell holds, if it holds several or one with text around it:
/// its pieces between spaces, line breaks, `,` `;` or `|`, without brackets
/// or quotes around them, that could be an id, a number, a domain or an
/// email (they have a digit, a dot or an `@`), of `min` bytes or more; of
/// those, the ones [`Wanted`]. Words alone are left out: `Acme Robotics` is
/// one name, not two values.
pub struct Values<'a> {
    cell: &'a [u8],
    at: usize,
    min: usize,
    wanted: Wanted,
}

/// Which of a cell's values are wanted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wanted {
    /// Every one: each has a digit, a dot or an `@`.
    All,
    /// Those with an ASCII digit, or with a character that is not ASCII
    /// (which may fold to one): where every probe key has a digit, a value
    /// of ASCII without one has no key that could be a probe's. The others
    /// are passed over unread: a sentence's last word and its full stop,
    /// an address without a digit in it.
    Digits,
}

impl<'a> Values<'a> {
    /// The `wanted` values of `cell` at least `min` (and 2) bytes long.
    pub fn new(cell: &'a [u8], min: usize, wanted: Wanted) -> Values<'a> {
        Values {
            cell,
            at: 0,
            min: min.max(2),
            wanted,
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
        while let Some(sign) = next_sign(cell, self.at, self.wanted) {
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
            // Found by a character that is not ASCII: a value only with a
            // sign of an id.
            if !cell[sign].is_ascii()
                && !cell[start..end]
                    .iter()
                    .any(|&b| VALUE_BYTES[b as usize] == ID_LIKE)
            {
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

/// The first byte of `cell` from `from` on that may be a sign of a wanted
/// value: a digit, `.` or `@` for [`Wanted::All`]; a digit or a byte that
/// is not ASCII for [`Wanted::Digits`].
fn next_sign(cell: &[u8], from: usize, wanted: Wanted) -> Option<usize> {
    let digits_only = wanted == Wanted::Digits;
    let mut at = from;
    #[cfg(target_arch = "x86_64")]
    while at + 16 <= cell.len() {
        // SAFETY: every x86_64 processor has SSE2.
        let signs = unsafe { signs_sse2(crate::bytes::sixteen(&cell[at..at + 16]), digits_only) };
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
        let signs = if digits_only {
            digits | (x & HIGH)
        } else {
            digits | equal(x, b'.') | equal(x, b'@')
        };
        if signs != 0 {
            return Some(at + (signs.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    (at..cell.len()).find(|&i| is_sign(cell[i], wanted))
}

/// Whether `b` is a sign [`next_sign`] stops at.
fn is_sign(b: u8, wanted: Wanted) -> bool {
    match wanted {
        Wanted::All => VALUE_BYTES[b as usize] == ID_LIKE,
        Wanted::Digits => b.is_ascii_digit() || !b.is_ascii(),
    }
}

/// Bit `i` set where byte `i` of the 16 `bytes` is a sign of an id (a
/// digit, or only if not `digits_only` a dot or `@`; if `digits_only`, a
/// byte that is not ASCII too): one vector compare of each kind where the
/// eight-byte way takes a dozen integer steps.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
#[inline]
fn signs_sse2(bytes: &[u8; 16], digits_only: bool) -> u32 {
    use crate::bytes::{digit_lanes, load};
    use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8};
    let x = load(bytes);
    let digits = digit_lanes(x);
    if digits_only {
        // A byte's high bit is its own lane's mask bit.
        return (_mm_movemask_epi8(digits) | _mm_movemask_epi8(x)) as u32;
    }
    let dots = _mm_cmpeq_epi8(x, _mm_set1_epi8(b'.' as i8));
    let ats = _mm_cmpeq_epi8(x, _mm_set1_epi8(b'@' as i8));
    _mm_movemask_epi8(_mm_or_si128(digits, _mm_or_si128(dots, ats))) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`Values`] byte by byte, as it was first written: the skips must
    /// find the same pieces.
    fn values_bytewise(cell: &[u8], min: usize, wanted: Wanted) -> Vec<&[u8]> {
        let (mut out, mut at, min) = (Vec::new(), 0, min.max(2));
        while at < cell.len() {
            let (mut start, mut id_like) = (at, false);
            let (mut digit, mut foreign) = (false, false);
            let mut end = start;
            while end < cell.len() && VALUE_BYTES[cell[end] as usize] != SEPARATOR {
                id_like |= VALUE_BYTES[cell[end] as usize] == ID_LIKE;
                digit |= cell[end].is_ascii_digit();
                foreign |= !cell[end].is_ascii();
                end += 1;
            }
            if wanted == Wanted::Digits {
                id_like &= digit || foreign;
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
            digits in proptest::prelude::any::<bool>(),
        ) {
            let wanted = if digits { Wanted::Digits } else { Wanted::All };
            let want = values_bytewise(&cell, min, wanted);
            let got: Vec<&[u8]> = Values::new(&cell, min, wanted).collect();
            proptest::prop_assert_eq!(got, want, "{:?}", String::from_utf8_lossy(&cell));
        }
    }

    #[test]
    fn every_byte_is_told_a_sign_of_an_id_or_not_in_every_place() {
        // Every place of the 16-byte, 8-byte and byte-by-byte ways.
        for b in 0..=255u8 {
            let digit = b.is_ascii_digit();
            let signs = [
                (Wanted::All, digit || b == b'.' || b == b'@'),
                (Wanted::Digits, digit || b >= 0x80),
            ];
            for (wanted, sign) in signs {
                assert_eq!(is_sign(b, wanted), sign, "byte {b:#x}, {wanted:?}");
                for len in [1, 2, 9, 16, 17, 25, 40] {
                    for at in 0..len {
                        let mut cell = vec![b'x'; len];
                        cell[at] = b;
                        assert_eq!(
                            next_sign(&cell, 0, wanted),
                            sign.then_some(at),
                            "byte {b:#x} at {at} of {len}, {wanted:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_value_whose_sign_is_past_a_skip_is_found_whole() {
        // The sign `1` is in the fifth 16 bytes, the piece began in the
        // fourth.
        let cell = format!("{}abcdefgh1 tail x@acme.com", "w ".repeat(29));
        let values: Vec<&[u8]> = Values::new(cell.as_bytes(), 6, Wanted::All).collect();
        assert_eq!(values, [&b"abcdefgh1"[..], b"x@acme.com"]);
    }

    #[test]
    fn values_are_the_pieces_with_a_sign_of_an_id() {
        let cell = b"Acme, Inc. (acme.com) | 555-1234";
        let values: Vec<&[u8]> = Values::new(cell, 2, Wanted::All).collect();
        assert_eq!(values, [&b"Inc."[..], b"acme.com", b"555-1234"]);
        let long: Vec<&[u8]> = Values::new(b"(415) 555-1234", 5, Wanted::All).collect();
        assert_eq!(long, [&b"555-1234"[..]]);
    }

    #[test]
    fn with_digits_wanted_a_value_has_one_or_may_fold_to_one() {
        // `Zoë.B` may fold to one; `ops@acme.com` is ASCII without one.
        let cell = "Renewal due Q2. Ask ops@acme.com, ops2@acme.com or Zoë.B".as_bytes();
        let values: Vec<&[u8]> = Values::new(cell, 2, Wanted::Digits).collect();
        let want: [&[u8]; 3] = [b"Q2.", b"ops2@acme.com", "Zoë.B".as_bytes()];
        assert_eq!(values, want);
        let all: Vec<&[u8]> = Values::new(cell, 2, Wanted::All).collect();
        assert_eq!(all.len(), 4);
        assert_eq!(all[1], b"ops@acme.com");
    }
}
