//! Searches of short byte strings, inlined where they are asked: a cell is
//! tens of bytes, and a search that dispatches to a vector routine costs
//! more in the call than in the search.

/// Where the first byte of `hay` that is one of `needles` is.
#[inline]
pub fn find_any<const N: usize>(hay: &[u8], needles: [u8; N]) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    {
        let len = hay.len();
        // SAFETY (each call below): every x86_64 processor has SSE2.
        if len < 16 {
            // Most cells: one step, with the bits of the zeros after the
            // end dropped.
            let found = unsafe { any_sse2(load_short(hay), needles) } & ((1 << len) - 1);
            return (found != 0).then(|| found.trailing_zeros() as usize);
        }
        let mut at = 0;
        while at + 16 <= len {
            let found = unsafe { any_sse2(load(sixteen(&hay[at..at + 16])), needles) };
            if found != 0 {
                return Some(at + found.trailing_zeros() as usize);
            }
            at += 16;
        }
        if at == len {
            return None;
        }
        let (x, from) = unsafe { load_rest(hay, at) };
        let found = unsafe { any_sse2(x, needles) } >> from;
        (found != 0).then(|| at + found.trailing_zeros() as usize)
    }
    #[cfg(not(target_arch = "x86_64"))]
    hay.iter().position(|b| needles.contains(b))
}

/// Bit `i` set where byte `i` of `x` is one of `needles`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
#[inline]
fn any_sse2<const N: usize>(x: std::arch::x86_64::__m128i, needles: [u8; N]) -> u32 {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8, _mm_setzero_si128,
    };
    let found = needles.into_iter().fold(_mm_setzero_si128(), |m, b| {
        _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8(b as i8)))
    });
    _mm_movemask_epi8(found) as u32
}

/// The 16 `bytes` as a vector: the one load of the vector searches here
/// and in `matching::pieces`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
#[inline]
pub fn load(bytes: &[u8; 16]) -> std::arch::x86_64::__m128i {
    // SAFETY: the load reads the 16 bytes of `bytes`, and an unaligned load
    // has no alignment requirement.
    unsafe { std::arch::x86_64::_mm_loadu_si128(bytes.as_ptr().cast()) }
}

/// `hay`, shorter than 16 bytes, as a vector with zeros after it: what a
/// copy of it into 16 zeroed bytes would load, read where it is. Copying
/// it first would make the processor wait for the copy's small stores
/// before the wide load could read them, and most cells are short.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
#[inline]
pub fn load_short(hay: &[u8]) -> std::arch::x86_64::__m128i {
    let len = hay.len();
    debug_assert!(len < 16);
    // Two reads of one width that fits, from the first byte and up to the
    // last, the second shifted down past the bytes the first has.
    let (first, rest) = match len {
        8.. => {
            let word = |at: usize| u64::from_le_bytes(hay[at..at + 8].try_into().expect("8"));
            (
                word(0),
                word(len - 8)
                    .checked_shr(8 * (16 - len) as u32)
                    .unwrap_or(0),
            )
        }
        4.. => {
            let word = |at: usize| u32::from_le_bytes(hay[at..at + 4].try_into().expect("4"));
            (
                u64::from(word(0)) | u64::from(word(len - 4)) << (8 * (len - 4)),
                0,
            )
        }
        2.. => {
            let word = |at: usize| u16::from_le_bytes(hay[at..at + 2].try_into().expect("2"));
            (
                u64::from(word(0)) | u64::from(word(len - 2)) << (8 * (len - 2)),
                0,
            )
        }
        1 => (u64::from(hay[0]), 0),
        _ => (0, 0),
    };
    std::arch::x86_64::_mm_set_epi64x(rest as i64, first as i64)
}

/// The bytes of `hay` from `at` on, 16 or fewer, as a vector, and the lane
/// they begin at: the last 16 bytes of `hay` where it has them (the lanes
/// before `from` looked at already), or all of a shorter `hay` with zeros
/// after it ([`load_short`]). The bits of lanes past the end are the
/// caller's to drop.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
#[inline]
pub fn load_rest(hay: &[u8], at: usize) -> (std::arch::x86_64::__m128i, u32) {
    let len = hay.len();
    debug_assert!(at <= len && len - at <= 16);
    match len {
        16.. => (load(sixteen(&hay[len - 16..])), (16 - (len - at)) as u32),
        _ => (load_short(&hay[at..]), 0),
    }
}

/// The first 16 bytes of `bytes`, which has them: what a vector load reads.
#[cfg(target_arch = "x86_64")]
#[inline]
pub fn sixteen(bytes: &[u8]) -> &[u8; 16] {
    bytes[..16].try_into().expect("sixteen bytes")
}

/// The character whose UTF-8 begins `t` (which is not empty), and how many
/// bytes it takes; or `None` and one byte, where `t` does not begin with
/// UTF-8 (a byte read as U+FFFD). Only a whole character is passed over
/// at once, so none that follows a stray byte is missed. Decoded here, not
/// by `str::from_utf8`, which costs more than a character of two or three
/// bytes takes to read.
#[inline]
pub fn char_at(t: &[u8]) -> (Option<char>, usize) {
    let (width, least) = match t[0] {
        0x00..=0x7f => return (Some(t[0] as char), 1),
        0xc2..=0xdf => (2, 0x80),
        0xe0..=0xef => (3, 0x800),
        0xf0..=0xf4 => (4, 0x1_0000),
        _ => return (None, 1),
    };
    let Some(rest) = t.get(1..width) else {
        return (None, 1);
    };
    // The lead byte's bits of the code point, then six from each byte after
    // it, each of which must be a continuation byte.
    let mut code = u32::from(t[0]) & (0x7f >> width);
    for &b in rest {
        if b & 0xc0 != 0x80 {
            return (None, 1);
        }
        code = (code << 6) | u32::from(b & 0x3f);
    }
    // Written in more bytes than it needs, or a surrogate, or past Unicode.
    match char::from_u32(code).filter(|_| code >= least) {
        Some(c) => (Some(c), width),
        None => (None, 1),
    }
}

/// Where `t` is without the whitespace `str::trim` takes off its ends,
/// read from its bytes: ASCII by the byte, other whitespace (a no-break
/// space, U+3000) by its character. A byte that ends another character is
/// never taken for a space: `à` ends in 0xa0, a no-break space in Latin-1.
/// Bytes that are not UTF-8 end the trim, as the U+FFFD a lossy reader
/// makes of them would.
#[inline]
pub fn trimmed(t: &[u8]) -> std::ops::Range<usize> {
    // Most cells begin and end in a printable ASCII character: told by a
    // compare at each end.
    let printable = |b: &u8| (b'!'..0x7f).contains(b);
    if t.first().is_some_and(printable) && t.last().is_some_and(printable) {
        return 0..t.len();
    }
    let space = |c: char| c.is_whitespace();
    let mut start = 0;
    while start < t.len() {
        match char_at(&t[start..]) {
            (Some(c), n) if space(c) => start += n,
            _ => break,
        }
    }
    let mut end = t.len();
    while end > start {
        let last = t[end - 1];
        if last.is_ascii() {
            if !space(char::from(last)) {
                break;
            }
            end -= 1;
            continue;
        }
        // The character the bytes end in begins at its lead byte, at most
        // three bytes before its last.
        let lead = (end.saturating_sub(4).max(start)..end)
            .rev()
            .find(|&i| t[i] & 0xc0 != 0x80);
        match lead.map(|i| (i, char_at(&t[i..end]))) {
            Some((i, (Some(c), n))) if i + n == end && space(c) => end = i,
            _ => break,
        }
    }
    start..end
}

/// Whether the bytes of a cell are known to be UTF-8 before they are looked
/// at: the reader checks every byte of a file read as UTF-8 once, and a
/// file in another encoding is decoded into it, so the steps that match a
/// cell need not check its bytes again. Told with the cell's bytes, it is a
/// promise about them, so only [`Utf8::known`] (unsafe) or a check makes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Utf8 {
    valid: bool,
}

impl Utf8 {
    /// Bytes that may not be UTF-8.
    pub const UNKNOWN: Utf8 = Utf8 { valid: false };

    /// Bytes known to be UTF-8.
    ///
    /// # Safety
    ///
    /// The bytes this is told with must be UTF-8, and it may be told with
    /// a part of them only if the part is cut where characters start or
    /// end (at ASCII bytes, say): [`Utf8::text`] reads them unchecked.
    pub const unsafe fn known() -> Utf8 {
        Utf8 { valid: true }
    }

    /// What a check of `bytes` tells.
    pub fn of(bytes: &[u8]) -> Utf8 {
        Utf8 {
            valid: simdutf8::basic::from_utf8(bytes).is_ok(),
        }
    }

    /// Whether the bytes are known to be UTF-8.
    pub fn is_known(self) -> bool {
        self.valid
    }

    /// `bytes` (those this was told with, or a part of them) as text, if
    /// they are UTF-8: checked only where that is not known.
    #[inline]
    pub fn text(self, bytes: &[u8]) -> Option<&str> {
        if self.valid {
            debug_assert!(std::str::from_utf8(bytes).is_ok(), "{bytes:x?}");
            // SAFETY: the promise `Utf8::known` was made with.
            Some(unsafe { std::str::from_utf8_unchecked(bytes) })
        } else {
            simdutf8::basic::from_utf8(bytes).ok()
        }
    }

    /// `bytes` as text, with what is not UTF-8 replaced, as
    /// `String::from_utf8_lossy` has it. Where that is not known, ASCII
    /// (most cells) is told by its high bits, and other valid text by
    /// `simdutf8`'s validator, which checks many bytes at a time where the
    /// lossy reader walks them a byte at a time.
    #[inline]
    pub fn lossy(self, bytes: &[u8]) -> std::borrow::Cow<'_, str> {
        let text = if self.valid {
            self.text(bytes)
        } else {
            ascii_text(bytes).or_else(|| simdutf8::basic::from_utf8(bytes).ok())
        };
        match text {
            Some(text) => std::borrow::Cow::Borrowed(text),
            None => String::from_utf8_lossy(bytes),
        }
    }
}

/// `bytes` as text, if they are ASCII: told by [`find_non_ascii`], where a
/// validator's set-up costs more than most cells' bytes take to check.
#[inline]
pub fn ascii_text(bytes: &[u8]) -> Option<&str> {
    // SAFETY: ASCII is UTF-8.
    find_non_ascii(bytes)
        .is_none()
        .then(|| unsafe { std::str::from_utf8_unchecked(bytes) })
}

/// Where the first byte of `hay` that is not ASCII is: most text with
/// accents in it is runs of ASCII between them, passed over 16 bytes at a
/// time (a byte's high bit is all a vector's mask takes).
#[inline]
pub fn find_non_ascii(hay: &[u8]) -> Option<usize> {
    let mut at = 0;
    #[cfg(target_arch = "x86_64")]
    while at + 16 <= hay.len() {
        // SAFETY: every x86_64 processor has SSE2.
        let high = unsafe { high_bits_sse2(sixteen(&hay[at..at + 16])) };
        if high != 0 {
            return Some(at + high.trailing_zeros() as usize);
        }
        at += 16;
    }
    while at + 8 <= hay.len() {
        let x = u64::from_le_bytes(hay[at..at + 8].try_into().expect("eight bytes"));
        let high = x & 0x8080_8080_8080_8080;
        if high != 0 {
            return Some(at + (high.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    (at..hay.len()).find(|&i| !hay[i].is_ascii())
}

/// Bit `i` set where byte `i` of `bytes` has its high bit set.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
#[inline]
fn high_bits_sse2(bytes: &[u8; 16]) -> u32 {
    std::arch::x86_64::_mm_movemask_epi8(load(bytes)) as u32
}

/// How many bytes of `hay` are ASCII digits: 16 at a time, and what is
/// left (most cells are shorter than that) as one vector more.
#[inline]
pub fn count_digits(hay: &[u8]) -> usize {
    #[cfg(target_arch = "x86_64")]
    {
        let (mut at, mut n) = (0, 0);
        // SAFETY (both calls): every x86_64 processor has SSE2.
        while at + 16 <= hay.len() {
            n += unsafe { digits_sse2(load(sixteen(&hay[at..at + 16]))) };
            at += 16;
        }
        if at < hay.len() {
            n += unsafe { digits_sse2(load_short(&hay[at..])) };
        }
        n
    }
    #[cfg(not(target_arch = "x86_64"))]
    hay.iter().filter(|b| b.is_ascii_digit()).count()
}

/// How many of the 16 bytes of `x` are ASCII digits.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
#[inline]
fn digits_sse2(x: std::arch::x86_64::__m128i) -> usize {
    use std::arch::x86_64::{
        _mm_add_epi64, _mm_and_si128, _mm_cvtsi128_si64, _mm_sad_epu8, _mm_set1_epi8,
        _mm_setzero_si128, _mm_unpackhi_epi64,
    };
    // One where a byte is a digit, summed over each half.
    let ones = _mm_and_si128(digit_lanes(x), _mm_set1_epi8(1));
    let halves = _mm_sad_epu8(ones, _mm_setzero_si128());
    _mm_cvtsi128_si64(_mm_add_epi64(halves, _mm_unpackhi_epi64(halves, halves))) as usize
}

/// The bytes of `x` that are ASCII digits, as lanes of ones: a digit is a
/// byte that, less `0` (wrapping), is at most 9.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
#[inline]
pub fn digit_lanes(x: std::arch::x86_64::__m128i) -> std::arch::x86_64::__m128i {
    use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_min_epu8, _mm_set1_epi8, _mm_sub_epi8};
    let d = _mm_sub_epi8(x, _mm_set1_epi8(b'0' as i8));
    _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d)
}

/// [`digit_lanes`] of 32 bytes.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[inline]
pub fn digit_lanes_avx2(x: std::arch::x86_64::__m256i) -> std::arch::x86_64::__m256i {
    use std::arch::x86_64::{
        _mm256_cmpeq_epi8, _mm256_min_epu8, _mm256_set1_epi8, _mm256_sub_epi8,
    };
    let d = _mm256_sub_epi8(x, _mm256_set1_epi8(b'0' as i8));
    _mm256_cmpeq_epi8(_mm256_min_epu8(d, _mm256_set1_epi8(9)), d)
}

/// The bytes of `x` that are ASCII letters, as lanes of ones: a letter is
/// `a` to `z` once bit 5 is set, and no other byte is.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
#[inline]
pub fn letter_lanes(x: std::arch::x86_64::__m128i) -> std::arch::x86_64::__m128i {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_min_epu8, _mm_or_si128, _mm_set1_epi8, _mm_sub_epi8,
    };
    let from_a = _mm_sub_epi8(
        _mm_or_si128(x, _mm_set1_epi8(0x20)),
        _mm_set1_epi8(b'a' as i8),
    );
    _mm_cmpeq_epi8(_mm_min_epu8(from_a, _mm_set1_epi8(25)), from_a)
}

/// How many ASCII letters `hay` begins with, counted up to 16: its first
/// 16 bytes (or all of it, with zeros after) read at once.
#[inline]
pub fn leading_letters(hay: &[u8]) -> usize {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::_mm_movemask_epi8;
        // SAFETY (each call): every x86_64 processor has SSE2.
        let x = match hay.len() {
            16.. => unsafe { load(sixteen(hay)) },
            _ => unsafe { load_short(hay) },
        };
        // The zeros after a short `hay` are no letters; bit 16 is none either.
        let letters = unsafe { _mm_movemask_epi8(letter_lanes(x)) } as u32;
        (!letters).trailing_zeros() as usize
    }
    #[cfg(not(target_arch = "x86_64"))]
    hay.iter()
        .take(16)
        .take_while(|b| b.is_ascii_alphabetic())
        .count()
}

/// Whether `hay` has `needle`, or four ASCII digits in a row: 16 bytes at a
/// time, each block's last three digits carried to the next, and the bytes
/// after the last block as one more, read where they are.
#[inline]
pub fn has_four_digits_or(hay: &[u8], needle: u8) -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        let len = hay.len();
        let mut at = 0;
        // The digits in a row that end the bytes looked at so far.
        let mut run = 0;
        // SAFETY (each call below): every x86_64 processor has SSE2.
        while at + 16 <= len {
            let (digits, found) =
                unsafe { digits_and_sse2(load(sixteen(&hay[at..at + 16])), needle) };
            if found != 0 || four_digits(digits, run) {
                return true;
            }
            run = (!digits << 16).leading_zeros() as usize;
            at += 16;
        }
        if at == len {
            return false;
        }
        // Fewer than 16 bytes are left: only their bits are kept.
        let (x, from) = unsafe { load_rest(hay, at) };
        let (digits, found) = unsafe { digits_and_sse2(x, needle) };
        let left = (1 << (len - at)) - 1;
        (found >> from) & left != 0 || four_digits((digits >> from) & left, run)
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        let mut run = 0;
        hay.iter().any(|&b| {
            run = if b.is_ascii_digit() { run + 1 } else { 0 };
            b == needle || run >= 4
        })
    }
}

/// Whether four digits in a row are among a block's `digits` (bit `i` for
/// byte `i`) and the `run` of digits that ends the bytes before it.
#[cfg(target_arch = "x86_64")]
#[inline]
fn four_digits(digits: u32, run: usize) -> bool {
    // Bit `i + 3` is byte `i` of the block, bits 0 to 2 the last three
    // bytes before it, the nearest highest.
    let last = (1u32 << run.min(3)) - 1;
    let x = (digits << 3) | (last << (3 - run.min(3)));
    x & (x >> 1) & (x >> 2) & (x >> 3) != 0
}

/// Bits `i` set where byte `i` of `x` is an ASCII digit, and where it is
/// `needle`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
#[inline]
fn digits_and_sse2(x: std::arch::x86_64::__m128i, needle: u8) -> (u32, u32) {
    use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_movemask_epi8, _mm_set1_epi8};
    (
        _mm_movemask_epi8(digit_lanes(x)) as u32,
        _mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8(needle as i8))) as u32,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_needle_is_found_first_in_every_place_of_every_length() {
        // Lengths below, at and past one vector, and past several with a
        // tail that overlaps the last; each needle first, after a decoy.
        for len in (0..=33).chain([47, 70]) {
            for at in 0..len {
                for needle in [b',', b';', b'|'] {
                    let mut hay = vec![b'x'; len];
                    hay[at] = needle;
                    if at + 1 < len {
                        hay[at + 1] = b',';
                    }
                    assert_eq!(
                        find_any(&hay, [b',', b';', b'|']),
                        Some(at),
                        "{needle} at {at} of {len}"
                    );
                    assert_eq!(find_any(&hay, [b'@']), None, "{at} of {len}");
                }
            }
            // Zero, as the padding is, is found only where it is.
            assert_eq!(find_any(&vec![b'x'; len], [0]), None, "{len}");
        }
    }

    #[test]
    fn the_first_byte_that_is_not_ascii_is_found_in_every_place() {
        // Each byte with its high bit set, first in every place of every
        // length below, at and past a vector and eight bytes, before
        // another; ASCII alone has none.
        for len in [0, 1, 7, 8, 9, 15, 16, 17, 24, 25, 31, 32, 33, 70] {
            for at in 0..len {
                for b in [0x80, 0xc3, 0xff] {
                    let mut hay = vec![0x7f; len];
                    hay[at] = b;
                    if at + 1 < len {
                        hay[at + 1] = 0xe2;
                    }
                    assert_eq!(find_non_ascii(&hay), Some(at), "{b:#x} at {at} of {len}");
                }
            }
            let ascii: Vec<u8> = (0..len as u8).collect();
            assert_eq!(find_non_ascii(&ascii), None, "{len}");
        }
    }

    #[test]
    fn ascii_is_text_as_it_is_and_nothing_else_is() {
        // Valid UTF-8 that is not ASCII is none either: it is the
        // validator's to read.
        for len in [1, 8, 16, 17, 33] {
            let ascii: Vec<u8> = (0..len as u8).map(|i| b' ' + i).collect();
            assert_eq!(
                ascii_text(&ascii),
                std::str::from_utf8(&ascii).ok(),
                "{len}"
            );
            for at in 0..len {
                let mut hay = ascii.clone();
                hay[at] = 0x80;
                assert_eq!(ascii_text(&hay), None, "at {at} of {len}");
            }
        }
        assert_eq!(ascii_text(b""), Some(""));
        assert_eq!(ascii_text("voil\u{e0}".as_bytes()), None);
    }

    #[test]
    fn a_character_is_read_where_the_standard_library_reads_one() {
        // Every lead byte, every second byte, and at the third and fourth
        // the bytes where validity changes, as the standard library tells a
        // character from bytes that are none.
        let edges = [
            0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xff,
        ];
        for lead in 0..=255u8 {
            for second in 0..=255u8 {
                for third in edges {
                    for fourth in edges {
                        let t = [lead, second, third, fourth];
                        let want = t
                            .utf8_chunks()
                            .next()
                            .and_then(|c| c.valid().chars().next());
                        let (c, width) = char_at(&t);
                        assert_eq!(c, want, "{t:x?}");
                        assert_eq!(width, c.map_or(1, char::len_utf8), "{t:x?}");
                        // Cut short, a character is no character.
                        for end in 1..width {
                            assert_eq!(char_at(&t[..end]), (None, 1), "{t:x?} to {end}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn leading_letters_are_counted_up_to_the_first_other_byte_in_every_place() {
        // Every byte of either case of ASCII, the bytes beside its letters
        // and above 0x7f, first in every place of every length below, at and
        // past a vector, after letters of both cases.
        let others = [
            0, b'0', b'9', b'@', b'[', b'`', b'{', b' ', b'-', 0x80, 0xc1, 0xe1, 0xff,
        ];
        for len in (0..=18).chain([33]) {
            for at in 0..=len {
                for &other in others.iter().chain(b"Zaz".iter()) {
                    let mut hay: Vec<u8> = b"aZ".iter().copied().cycle().take(len).collect();
                    if at < len {
                        hay[at] = other;
                    }
                    let by_bytes = hay.iter().take(16).take_while(|b| b.is_ascii_alphabetic());
                    assert_eq!(
                        leading_letters(&hay),
                        by_bytes.count(),
                        "{other:#x} at {at} of {len}"
                    );
                }
            }
        }
    }

    #[test]
    fn digits_are_counted_wherever_they_are() {
        // Every byte value in every place of every length below, at and
        // past a vector, among digits and among letters.
        for len in [
            0, 1, 2, 3, 4, 5, 7, 8, 9, 12, 15, 16, 17, 19, 24, 25, 33, 70,
        ] {
            for at in 0..len {
                for b in 0..=255u8 {
                    for fill in [b'7', b'x'] {
                        let mut hay = vec![fill; len];
                        hay[at] = b;
                        let want = hay.iter().filter(|b| b.is_ascii_digit()).count();
                        assert_eq!(count_digits(&hay), want, "{b:#x} at {at} of {len}");
                    }
                }
            }
        }
    }

    #[test]
    fn four_digits_in_a_row_or_a_needle_are_found_wherever_they_are() {
        // Runs of one to five digits, and the needle, at every place of
        // every length below, at and past one and two vectors (so across
        // the edge between blocks), among letters and among runs of three.
        let slow = |hay: &[u8]| {
            hay.contains(&b'@') || hay.windows(4).any(|w| w.iter().all(u8::is_ascii_digit))
        };
        for len in 0..=50 {
            for fill in [&b"x"[..], b"123x", b"12x", b"1x"] {
                let base: Vec<u8> = fill.iter().copied().cycle().take(len).collect();
                for at in 0..len {
                    for piece in [&b"9"[..], b"99", b"999", b"9999", b"99999", b"@", b"a"] {
                        let mut hay = base.clone();
                        let end = (at + piece.len()).min(len);
                        hay[at..end].copy_from_slice(&piece[..end - at]);
                        assert_eq!(
                            has_four_digits_or(&hay, b'@'),
                            slow(&hay),
                            "{:?}",
                            String::from_utf8_lossy(&hay)
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_trim_takes_whitespace_characters_and_no_byte_of_another() {
        fn trim(t: &str) -> &str {
            &t[trimmed(t.as_bytes())]
        }
        assert_eq!(trim(" \u{a0}Voil\u{e0}\u{a0}\t"), "Voil\u{e0}");
        assert_eq!(trim("\u{3000}Acme\u{85}"), "Acme");
        // Each ends in 0x85 or 0xa0, none is whitespace.
        for end in [
            "\u{c5}", "\u{e0}", "\u{105}", "\u{445}", "\u{420}", "\u{160}",
        ] {
            assert_eq!(trim(&format!("Acme {end}")), format!("Acme {end}"), "{end}");
        }
        assert_eq!(trim(" \u{a0} "), "");
        // A stray byte is no space, and neither is a no-break space's tail
        // after it.
        assert_eq!(trimmed(b" Acme\xa0 "), 1..6);
        assert_eq!(trimmed(b"\xa0Acme"), 0..5);
    }

    #[cfg(target_arch = "x86_64")]
    proptest::proptest! {
        #[test]
        fn a_short_value_loads_as_its_copy_into_sixteen_zeros(
            hay in proptest::collection::vec(proptest::num::u8::ANY, 0..16),
        ) {
            let mut padded = [0u8; 16];
            padded[..hay.len()].copy_from_slice(&hay);
            let mut loaded = [0u8; 16];
            // SAFETY: every x86_64 processor has SSE2, and the store writes
            // the 16 bytes of `loaded`.
            unsafe {
                std::arch::x86_64::_mm_storeu_si128(loaded.as_mut_ptr().cast(), load_short(&hay));
            }
            proptest::prop_assert_eq!(loaded, padded, "{} bytes", hay.len());
        }
    }

    proptest::proptest! {
        /// As `str::trim`, for text of letters and spaces of every kind and
        /// of characters whose last byte is a Latin-1 space's.
        #[test]
        fn a_trim_of_text_is_str_trim(
            chars in proptest::collection::vec(
                proptest::sample::select(vec![
                    'a', 'Z', '7', ' ', '\t', '\n', '\u{b}', '\u{a0}', '\u{85}', '\u{1680}',
                    '\u{2003}', '\u{3000}', '\u{e0}', '\u{c5}', '\u{105}', '\u{445}', '\u{4e00}',
                    '\u{1f600}', '\u{200b}',
                ]),
                0..12,
            ),
        ) {
            let text: String = chars.into_iter().collect();
            proptest::prop_assert_eq!(&text[trimmed(text.as_bytes())], text.trim());
        }

        /// For any bytes, what is left reads as the lossy reader's text,
        /// trimmed.
        #[test]
        fn a_trim_of_bytes_is_the_trim_of_their_lossy_text(
            t in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::sample::select(vec![b' ', b'a', 0xc2, 0xa0, 0x85, 0xe3, 0x80]),
                    proptest::prelude::any::<u8>(),
                ],
                0..12,
            ),
        ) {
            let lossy = String::from_utf8_lossy(&t);
            proptest::prop_assert_eq!(
                String::from_utf8_lossy(&t[trimmed(&t)]),
                lossy.trim()
            );
        }
    }
}
