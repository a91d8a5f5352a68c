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
    /// Where the processor has AVX2: the cell's separators and signs, 64
    /// bytes at a time, which find a piece's ends by a bit count where the
    /// byte walk reads to each.
    #[cfg(target_arch = "x86_64")]
    blocks: Option<Blocks>,
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
        // The blocks pay where values are long (Salesforce ids, ObjectIds):
        // most signs in prose are then in pieces too short to look at, and
        // are passed over by their bits, where the byte walk stops at each
        // and mispredicts where it ends. Where values may be short, most
        // pieces with a sign are looked at either way, and the byte walk
        // costs less. Where only values with a digit are wanted, fewer of
        // prose's signs start a piece, and the blocks pay from shorter
        // values (9-digit ids among mixed ones); where all are, they did not.
        let long = match wanted {
            Wanted::All => LONG_VALUES,
            Wanted::Digits => LONG_DIGIT_VALUES,
        };
        let walk = if min >= long {
            Walk::best()
        } else {
            Walk::Bytes
        };
        Values::walked(cell, min, wanted, walk)
    }

    /// [`Values::new`], read the way `walk` says.
    fn walked(cell: &'a [u8], min: usize, wanted: Wanted, walk: Walk) -> Values<'a> {
        // Elsewhere the byte walk is the one walk there is.
        #[cfg(not(target_arch = "x86_64"))]
        let Walk::Bytes = walk;
        Values {
            cell,
            at: 0,
            min: min.max(2),
            wanted,
            #[cfg(target_arch = "x86_64")]
            blocks: match walk {
                Walk::Bytes => None,
                Walk::Blocks(avx2) => Some(Blocks::new(avx2, min.max(2))),
            },
        }
    }

    /// The next piece with a sign of a wanted value in it, from `at` on,
    /// found without the blocks: the place of its first sign, and where it
    /// begins and ends (at a separator or the end of the cell). Pieces
    /// without a sign of an id are passed over many bytes at a time: from
    /// the next such sign, back and on to the separators around it.
    #[inline(always)]
    fn piece_by_bytes(&mut self) -> Option<(usize, usize, usize)> {
        let cell = self.cell;
        let sign = next_sign(cell, self.at, self.wanted)?;
        let mut start = sign;
        while start > self.at && VALUE_BYTES[cell[start - 1] as usize] != SEPARATOR {
            start -= 1;
        }
        Some((sign, start, next_separator(cell, sign + 1)))
    }

    /// [`Iterator::next`], the pieces found by `piece`.
    #[inline(always)]
    fn next_by(
        &mut self,
        mut piece: impl FnMut(&mut Self) -> Option<(usize, usize, usize)>,
    ) -> Option<&'a [u8]> {
        let cell = self.cell;
        // Pieces without a sign of an id are passed over unread: prose
        // among ids is mostly such pieces.
        while let Some((sign, mut start, end)) = piece(self) {
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

/// The fewest bytes of a value from which [`Values::new`] reads a cell by
/// blocks where it can, when every value is wanted.
const LONG_VALUES: usize = 12;
/// [`LONG_VALUES`] when only values with a digit are wanted.
const LONG_DIGIT_VALUES: usize = 9;

/// How [`Values`] finds the pieces of a cell.
#[derive(Debug, Clone, Copy)]
enum Walk {
    /// From each sign, back byte by byte to the separator before it, and on
    /// 16 bytes at a time to the one after it.
    Bytes,
    /// By bitmasks of 64 bytes.
    #[cfg(target_arch = "x86_64")]
    Blocks(Avx2),
}

impl Walk {
    /// The fastest this processor has.
    fn best() -> Walk {
        #[cfg(target_arch = "x86_64")]
        if let Some(avx2) = Avx2::detect() {
            return Walk::Blocks(avx2);
        }
        Walk::Bytes
    }

    /// Every walk this processor has, for tests to run each.
    #[cfg(test)]
    fn all() -> Vec<Walk> {
        let mut walks = vec![Walk::Bytes];
        match Walk::best() {
            Walk::Bytes => {
                eprintln!("note: no AVX2 on this processor; only the byte walk is tested")
            }
            best => walks.push(best),
        }
        walks
    }
}

/// A processor found to have AVX2.
#[cfg(target_arch = "x86_64")]
#[derive(Debug, Clone, Copy)]
struct Avx2 {
    /// Made only by [`Avx2::detect`].
    _detected: (),
}

#[cfg(target_arch = "x86_64")]
impl Avx2 {
    fn detect() -> Option<Avx2> {
        std::arch::is_x86_feature_detected!("avx2").then_some(Avx2 { _detected: () })
    }

    /// Bit `i` of the first mask set where byte `i` of `block` is a
    /// separator, of the second where it is a sign of a wanted value.
    #[cfg(test)]
    fn masks(self, block: &[u8; 64], wanted: Wanted) -> (u64, u64) {
        // SAFETY: an `Avx2` exists only where the processor has AVX2.
        unsafe { masks_avx2(block, wanted == Wanted::Digits) }
    }

    /// [`Avx2::masks`] of `cell`, shorter than 64 bytes, read where it is.
    #[cfg(test)]
    fn short_masks(self, cell: &[u8], wanted: Wanted) -> (u64, u64) {
        // SAFETY: an `Avx2` exists only where the processor has AVX2.
        unsafe { masks_short_avx2(cell, wanted == Wanted::Digits) }
    }
}

/// One block of 64 bytes of a cell at a time, as bitmasks: the block
/// looked at last, kept while pieces are found in it.
#[cfg(target_arch = "x86_64")]
struct Blocks {
    /// Blocks are read only where the processor has AVX2.
    _avx2: Avx2,
    /// The shifts that find runs of the fewest bytes of a piece looked at
    /// (see [`in_long_runs`]).
    steps: Steps,
    /// Where the block begins in the cell (a multiple of 64), or
    /// `usize::MAX` before the first.
    base: usize,
    /// Bit `i` set where byte `base + i` is a separator.
    seps: u64,
    /// Bit `i` set where byte `base + i` is a sign of a wanted value, in a
    /// piece that may be long enough.
    signs: u64,
}

#[cfg(target_arch = "x86_64")]
impl Blocks {
    fn new(avx2: Avx2, min: usize) -> Blocks {
        Blocks {
            _avx2: avx2,
            steps: Steps::to(min),
            base: usize::MAX,
            seps: 0,
            signs: 0,
        }
    }

    /// [`Values::piece_by_bytes`] of `cell` from `at` on, found by blocks.
    fn next_piece(
        &mut self,
        cell: &[u8],
        at: usize,
        wanted: Wanted,
    ) -> Option<(usize, usize, usize)> {
        // SAFETY: `Blocks` are made only with an `Avx2`, which exists only
        // where the processor has AVX2.
        unsafe { self.next_piece_avx2(cell, at, wanted) }
    }

    #[target_feature(enable = "avx2")]
    fn next_piece_avx2(
        &mut self,
        cell: &[u8],
        at: usize,
        wanted: Wanted,
    ) -> Option<(usize, usize, usize)> {
        if at >= cell.len() {
            return None;
        }
        // Pieces end where the last one did or later: the block of `at` is
        // this one or one after it.
        if self.base == usize::MAX || at >= self.base + 64 {
            self.load(cell, at / 64 * 64, wanted);
        }
        // The last separator from `at` on, in the blocks passed over.
        let mut after_sep = at;
        loop {
            let live = if at > self.base {
                !0u64 << (at - self.base)
            } else {
                !0
            };
            let signs = self.signs & live;
            if signs != 0 {
                let bit = signs.trailing_zeros();
                let sign = self.base + bit as usize;
                let before = self.seps & live & ((1u64 << bit) - 1);
                let start = if before != 0 {
                    self.base + 64 - before.leading_zeros() as usize
                } else {
                    after_sep
                };
                // Bits above the sign's: `!1 << 63` is none.
                let mut after = self.seps & (!1u64 << bit);
                while after == 0 {
                    if self.base + 64 >= cell.len() {
                        return Some((sign, start, cell.len()));
                    }
                    self.load(cell, self.base + 64, wanted);
                    after = self.seps;
                }
                return Some((sign, start, self.base + after.trailing_zeros() as usize));
            }
            let seps = self.seps & live;
            if seps != 0 {
                after_sep = self.base + 64 - seps.leading_zeros() as usize;
            }
            if self.base + 64 >= cell.len() {
                return None;
            }
            self.load(cell, self.base + 64, wanted);
        }
    }

    /// Reads the block of `cell` that begins at `base`, before its end;
    /// bytes past the end read as neither separators nor signs.
    #[target_feature(enable = "avx2")]
    #[inline]
    fn load(&mut self, cell: &[u8], base: usize, wanted: Wanted) {
        let digits = wanted == Wanted::Digits;
        let (seps, signs) = if let Some(block) = cell.get(base..base + 64) {
            masks_avx2(block.try_into().expect("64 bytes"), digits)
        } else if cell.len() >= 64 {
            // The last 64 bytes, of which those before `base` are dropped.
            let last = &cell[cell.len() - 64..];
            let (seps, signs) = masks_avx2(last.try_into().expect("64 bytes"), digits);
            let before = base + 64 - cell.len();
            (seps >> before, signs >> before)
        } else {
            masks_short_avx2(cell, digits)
        };
        // Signs in pieces too short to be looked at are passed over with
        // them: most signs in prose are in such pieces (`120,`, `(Łódź)`).
        let signs = signs & in_long_runs(seps, &self.steps);
        (self.base, self.seps, self.signs) = (base, seps, signs);
    }
}

/// The shifts by which runs of `n` bytes are found in [`in_long_runs`]:
/// each doubles the bytes counted, or adds what is left of `n`, and zeros
/// follow the last, which `in_long_runs` stops at. A run of `n` or more
/// within one block of 64 takes at most six.
#[cfg(target_arch = "x86_64")]
#[derive(Debug, Clone, Copy)]
struct Steps([u32; 6]);

#[cfg(target_arch = "x86_64")]
impl Steps {
    fn to(n: usize) -> Steps {
        let n = n.clamp(1, 64) as u32;
        let (mut steps, mut have) = ([0; 6], 1);
        for step in &mut steps {
            *step = have.min(n - have);
            have += *step;
        }
        debug_assert_eq!(have, n);
        Steps(steps)
    }
}

/// The bytes of a block of 64 (bit `i` for byte `i`) that are in a run of
/// as many bytes as `steps` count, or more, between the separators `seps`;
/// or in a run that reaches the block's first or last byte, which may go
/// on in the blocks around it. Each run is in whole or not at all.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn in_long_runs(seps: u64, steps: &Steps) -> u64 {
    // Bit `i` of `starts`: the bytes from `i` on, as many as counted so
    // far, are no separators; those past the block are taken to be none.
    let mut starts = !seps;
    let steps = steps.0.iter().take_while(|&&step| step != 0);
    for step in steps.clone() {
        // The separators shifted down: none come in from past the block.
        starts &= !(!starts >> step);
    }
    // Each start covers the bytes it counts.
    let mut covered = starts;
    for step in steps {
        covered |= covered << step;
    }
    // The run the block begins with, which may have begun before it.
    let first = seps.wrapping_sub(1) & !seps;
    covered | first
}

/// The separator and sign masks of 64 bytes (see `Avx2::masks`, which the
/// tests ask).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[inline]
fn masks_avx2(block: &[u8; 64], digits_only: bool) -> (u64, u64) {
    masks_of_two_loads(block, 32, digits_only)
}

/// The masks of the 32 bytes `t` begins with and of the 32 from `second`
/// on (at most 32, and as many as `t` has past 32): where the two loads
/// overlap, both read the same bytes, so their bits are joined.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[inline]
fn masks_of_two_loads(t: &[u8], second: usize, digits_only: bool) -> (u64, u64) {
    use std::arch::x86_64::_mm256_loadu_si256;
    assert!(second <= 32 && second + 32 <= t.len());
    // SAFETY: both loads of 32 bytes are inside `t`, as asserted; an
    // unaligned load has no alignment requirement.
    let (a, b) = unsafe {
        (
            _mm256_loadu_si256(t.as_ptr().cast()),
            _mm256_loadu_si256(t.as_ptr().add(second).cast()),
        )
    };
    let ((seps_a, signs_a), (seps_b, signs_b)) = (masks32(a, digits_only), masks32(b, digits_only));
    (seps_a | seps_b << second, signs_a | signs_b << second)
}

/// [`masks_avx2`] of `cell`, shorter than 64 bytes, as if zeros (neither
/// separators nor signs) followed it. Its bytes are read where they are: a
/// cell of 16 bytes or more by two loads of 32 or of 16, one from its first
/// byte and one up to its last, which overlap; a shorter one by
/// [`load_short`](crate::bytes::load_short). Copying it into a block of 64
/// first would make the processor wait for the copy's small stores before
/// the wide load could read them, and most cells are short.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[inline]
fn masks_short_avx2(cell: &[u8], digits_only: bool) -> (u64, u64) {
    use crate::bytes::load_short;
    use std::arch::x86_64::{_mm_loadu_si128, _mm_setzero_si128, _mm256_set_m128i};
    let n = cell.len();
    debug_assert!(n < 64);
    if n >= 32 {
        return masks_of_two_loads(cell, n - 32, digits_only);
    }
    if n >= 16 {
        // SAFETY: both loads of 16 bytes are inside `cell`.
        let x = unsafe {
            _mm256_set_m128i(
                _mm_loadu_si128(cell.as_ptr().add(n - 16).cast()),
                _mm_loadu_si128(cell.as_ptr().cast()),
            )
        };
        // The low 16 bits are the first load's, the next 16 the second's.
        let joined = |m: u64| (m & 0xffff) | (m >> 16) << (n - 16);
        let (seps, signs) = masks32(x, digits_only);
        return (joined(seps), joined(signs));
    }
    masks32(
        _mm256_set_m128i(_mm_setzero_si128(), load_short(cell)),
        digits_only,
    )
}

/// The separator and sign masks of 32 bytes, bit `i` for byte `i`. A
/// separator is told by two table look-ups, one by each half of its byte:
/// each separator's high half has a bit of its own, which its low half's
/// entry holds too.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[inline]
fn masks32(x: std::arch::x86_64::__m256i, digits_only: bool) -> (u64, u64) {
    use std::arch::x86_64::{
        _mm256_and_si256, _mm256_cmpeq_epi8, _mm256_movemask_epi8, _mm256_or_si256,
        _mm256_set1_epi8, _mm256_setr_epi8, _mm256_setzero_si256, _mm256_shuffle_epi8,
        _mm256_srli_epi16,
    };
    // High halves: 0x0_ (tab, line feed, carriage return) bit 1, 0x2_
    // (space, comma) bit 2, 0x3_ (semicolon) bit 4, 0x7_ (bar) bit 8.
    #[rustfmt::skip]
    let low = _mm256_setr_epi8(
        2, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 4, 10, 1, 0, 0,
        2, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 4, 10, 1, 0, 0,
    );
    #[rustfmt::skip]
    let high = _mm256_setr_epi8(
        1, 0, 2, 4, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0,
        1, 0, 2, 4, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0,
    );
    let nibble = _mm256_set1_epi8(0x0f);
    let lows = _mm256_shuffle_epi8(low, _mm256_and_si256(x, nibble));
    let highs = _mm256_shuffle_epi8(high, _mm256_and_si256(_mm256_srli_epi16::<4>(x), nibble));
    let none = _mm256_cmpeq_epi8(_mm256_and_si256(lows, highs), _mm256_setzero_si256());
    let seps = !(_mm256_movemask_epi8(none) as u32);
    let digits = crate::bytes::digit_lanes_avx2(x);
    let signs = if digits_only {
        // A byte's high bit is its own lane's mask bit.
        _mm256_movemask_epi8(_mm256_or_si256(digits, x))
    } else {
        let dots = _mm256_cmpeq_epi8(x, _mm256_set1_epi8(b'.' as i8));
        let ats = _mm256_cmpeq_epi8(x, _mm256_set1_epi8(b'@' as i8));
        _mm256_movemask_epi8(_mm256_or_si256(digits, _mm256_or_si256(dots, ats)))
    };
    (u64::from(seps), u64::from(signs as u32))
}

/// What a byte is to [`Values`]: a separator, a wrapper, a sign of an id.
const SEPARATOR: u8 = 1;
const WRAPPER: u8 = 2;
const ID_LIKE: u8 = 4;
/// The bytes that part values: told by [`VALUE_BYTES`] a byte at a time and
/// by [`separators_sse2`] 16 at a time.
const SEPARATORS: [u8; 7] = *b" \t\n\r,;|";
const VALUE_BYTES: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < SEPARATORS.len() {
        t[SEPARATORS[i] as usize] = SEPARATOR;
        i += 1;
    }
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] |= match c {
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
        // One loop for each walk: the vectors of the byte walk are set up
        // before its loop, which the blocks' loop should not pay for.
        #[cfg(target_arch = "x86_64")]
        if self.blocks.is_some() {
            return self.next_by(|v| {
                let (cell, at, wanted) = (v.cell, v.at, v.wanted);
                v.blocks.as_mut()?.next_piece(cell, at, wanted)
            });
        }
        self.next_by(|v| v.piece_by_bytes())
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

/// The place of the first separator in `cell` from `from` on, or its
/// length if there is none. A value with a sign is often an address or an
/// e-mail of a few dozen bytes, read to its end 16 bytes at a time.
#[inline(always)]
fn next_separator(cell: &[u8], from: usize) -> usize {
    let mut at = from;
    #[cfg(target_arch = "x86_64")]
    while at + 16 <= cell.len() {
        // SAFETY: every x86_64 processor has SSE2.
        let seps = unsafe { separators_sse2(crate::bytes::sixteen(&cell[at..at + 16])) };
        if seps != 0 {
            return at + seps.trailing_zeros() as usize;
        }
        at += 16;
    }
    while at < cell.len() && VALUE_BYTES[cell[at] as usize] != SEPARATOR {
        at += 1;
    }
    at
}

/// Bit `i` set where byte `i` of the 16 `bytes` is a separator of values
/// (see [`VALUE_BYTES`]).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
#[inline]
fn separators_sse2(bytes: &[u8; 16]) -> u32 {
    use crate::bytes::load;
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8, _mm_setzero_si128,
    };
    let x = load(bytes);
    let seps = SEPARATORS.iter().fold(_mm_setzero_si128(), |seps, &b| {
        _mm_or_si128(seps, _mm_cmpeq_epi8(x, _mm_set1_epi8(b as i8)))
    });
    _mm_movemask_epi8(seps) as u32
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
            min in 0usize..24,
            digits in proptest::prelude::any::<bool>(),
        ) {
            let wanted = if digits { Wanted::Digits } else { Wanted::All };
            let want = values_bytewise(&cell, min, wanted);
            for walk in Walk::all() {
                let got: Vec<&[u8]> = Values::walked(&cell, min, wanted, walk).collect();
                proptest::prop_assert_eq!(
                    &got, &want, "{:?} {:?}", walk, String::from_utf8_lossy(&cell)
                );
            }
        }
    }

    #[test]
    fn pieces_are_found_whole_across_blocks_by_every_walk() {
        // Pieces that end a block, begin one, span one or two, and the
        // cell's last; a sign with its separator 64 bytes on.
        let long = format!("x{}", "1".repeat(130));
        let cells = [
            format!("{} 12345 {} 67890", "a".repeat(57), "b ".repeat(30)),
            format!("{} 12345.acme.com {}", "w".repeat(62), "z".repeat(70)),
            format!("{}, {long}; tail9", "words ".repeat(10)),
            format!("{}7{}", "a".repeat(63), "b".repeat(64)),
            format!("{}|x9@acme.com", " ".repeat(127)),
        ];
        for cell in &cells {
            for wanted in [Wanted::All, Wanted::Digits] {
                let want = values_bytewise(cell.as_bytes(), 4, wanted);
                assert!(!want.is_empty(), "{cell}");
                for walk in Walk::all() {
                    let got: Vec<&[u8]> =
                        Values::walked(cell.as_bytes(), 4, wanted, walk).collect();
                    assert_eq!(got, want, "{walk:?} {wanted:?} {cell}");
                }
            }
        }
    }

    #[test]
    fn every_byte_is_told_a_separator_in_every_place_after_a_sign() {
        // Past 16 bytes from the sign, before them, and in the bytes after
        // the last whole 16, of cells long and short.
        for b in 0..=255u8 {
            let sep = VALUE_BYTES[b as usize] == SEPARATOR;
            for len in [7, 16, 40] {
                for at in 0..len {
                    for fill in [b'q', 0] {
                        let mut cell = vec![fill; len];
                        cell[at] = b;
                        let want = if sep { at } else { len };
                        assert_eq!(
                            next_separator(&cell, 0),
                            want,
                            "byte {b:#x} at {at} of {len} among {fill:#x}"
                        );
                        if at > 0 {
                            assert_eq!(next_separator(&cell, 1), want, "from 1");
                        }
                    }
                }
            }
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn every_byte_is_told_a_separator_and_a_sign_in_every_place_of_a_block() {
        let Some(avx2) = Avx2::detect() else {
            eprintln!("note: no AVX2 on this processor; its masks are not tested");
            return;
        };
        for b in 0..=255u8 {
            let sep = VALUE_BYTES[b as usize] == SEPARATOR;
            for wanted in [Wanted::All, Wanted::Digits] {
                let sign = is_sign(b, wanted);
                for at in 0..64 {
                    // Among bytes that are neither: a letter, and zero.
                    for fill in [b'q', 0] {
                        let mut block = [fill; 64];
                        block[at] = b;
                        let (seps, signs) = avx2.masks(&block, wanted);
                        let bit = 1u64 << at;
                        assert_eq!(
                            (seps, signs),
                            (if sep { bit } else { 0 }, if sign { bit } else { 0 },),
                            "byte {b:#x} at {at} among {fill:#x}, {wanted:?}"
                        );
                    }
                }
            }
        }
    }

    /// [`in_long_runs`] run by run: the bytes between two separators, or
    /// between one and an end of the block, if there are `n` of them or
    /// the run reaches an end.
    #[cfg(target_arch = "x86_64")]
    fn in_long_runs_by_runs(seps: u64, n: usize) -> u64 {
        let mut covered = 0;
        let mut start = 0;
        for end in (0..64).filter(|&i| seps >> i & 1 == 1).chain([64]) {
            if end - start >= n || start == 0 || end == 64 {
                covered |= (start..end).fold(0, |m, i| m | 1u64 << i);
            }
            start = end + 1;
        }
        covered
    }

    /// Separators sparse, dense and between: runs of every length.
    #[cfg(target_arch = "x86_64")]
    fn separators() -> impl proptest::strategy::Strategy<Value = u64> {
        use proptest::num::u64::ANY;
        use proptest::strategy::Strategy;
        proptest::prop_oneof![
            ANY,
            (ANY, ANY).prop_map(|(a, b)| a & b),
            (ANY, ANY, ANY).prop_map(|(a, b, c)| a & b & c),
            (0..64u32, 0..64u32).prop_map(|(a, b)| 1u64 << a | 1 << b),
        ]
    }

    #[cfg(target_arch = "x86_64")]
    proptest::proptest! {
        #[test]
        fn the_bytes_in_long_runs_are_those_of_runs_as_long_as_a_value(
            seps in separators(),
            n in 1usize..=64,
        ) {
            proptest::prop_assert_eq!(
                in_long_runs(seps, &Steps::to(n)),
                in_long_runs_by_runs(seps, n),
                "{:#066b}, {} bytes", seps, n
            );
        }
    }

    #[cfg(target_arch = "x86_64")]
    proptest::proptest! {
        #[test]
        fn a_short_cell_is_told_as_the_block_it_would_begin(
            cell in proptest::collection::vec(
                proptest::prop_oneof![
                    1 => proptest::sample::select(b" \t\n,;|.@09".to_vec()),
                    1 => proptest::num::u8::ANY,
                    1 => proptest::sample::select(b"aZ".to_vec()),
                ],
                0..64,
            ),
            digits in proptest::prelude::any::<bool>(),
        ) {
            let Some(avx2) = Avx2::detect() else {
                return Ok(());
            };
            let wanted = if digits { Wanted::Digits } else { Wanted::All };
            let mut block = [0u8; 64];
            block[..cell.len()].copy_from_slice(&cell);
            proptest::prop_assert_eq!(
                avx2.short_masks(&cell, wanted),
                avx2.masks(&block, wanted),
                "{} bytes", cell.len()
            );
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
