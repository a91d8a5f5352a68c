//! Where given bytes occur in a block of 64, as bitmasks: the way to look
//! at CSV when quotes and delimiters are too dense for a byte search to skip
//! ahead. Bit `i` of a mask stands for byte `i` of the block.
//!
//! Two ways of doing it, behind [`Simd`]: [`Portable`] runs on any
//! processor (16-byte SSE2 compares on x86-64, plain integers elsewhere);
//! [`Avx2`] compares 32 bytes at once and finds quoted stretches with one
//! carry-less multiply. A caller picks the best [`Tier`] the processor has
//! and compiles its block loop for each (see [`Avx2::detect`]), so that the
//! loop's bit counts and the masks inside it use the newer instructions too.
//!
//! [`Quotes`] reads a block's quote bits the way the `csv` crate reads
//! quotes; the chunker and the field cutter both go by it.

/// Ways of building the masks of a block.
pub trait Simd: Copy {
    /// For each of four bytes, the bitmask of where it occurs in `block`
    /// (bit `i` for `block[i]`).
    fn masks(self, block: &[u8; 64], bytes: [u8; 4]) -> [u64; 4];

    /// The bytes of a block inside quotes (each opening quote included, each
    /// closing quote not), given its quote bits and whether the block starts
    /// inside quotes: bit `i` is set where the quotes up to and including
    /// byte `i` leave the state flipped an odd number of times.
    fn quoted(self, quotes: u64, inside_before: bool) -> u64;
}

/// What every processor can do.
#[derive(Debug, Clone, Copy)]
pub struct Portable;

impl Simd for Portable {
    #[inline(always)]
    fn masks(self, block: &[u8; 64], bytes: [u8; 4]) -> [u64; 4] {
        #[cfg(target_arch = "x86_64")]
        {
            // SAFETY: every x86_64 processor has SSE2.
            unsafe { masks_sse2(block, bytes) }
        }
        #[cfg(not(target_arch = "x86_64"))]
        masks_swar(block, bytes)
    }

    #[inline(always)]
    fn quoted(self, quotes: u64, inside_before: bool) -> u64 {
        let mut bits = quotes;
        for shift in [1, 2, 4, 8, 16, 32] {
            bits ^= bits << shift;
        }
        if inside_before { !bits } else { bits }
    }
}

/// AVX2 and carry-less multiplication, on a processor found to have them.
/// A block loop for it is compiled with
/// `#[target_feature(enable = "avx2,bmi1,popcnt,pclmulqdq")]`.
#[cfg(target_arch = "x86_64")]
#[derive(Debug, Clone, Copy)]
pub struct Avx2 {
    /// Made only by [`Avx2::detect`].
    _detected: (),
}

#[cfg(target_arch = "x86_64")]
impl Avx2 {
    /// `Some` if this processor has AVX2, BMI1, POPCNT and PCLMULQDQ.
    pub fn detect() -> Option<Avx2> {
        (std::arch::is_x86_feature_detected!("avx2")
            && std::arch::is_x86_feature_detected!("bmi1")
            && std::arch::is_x86_feature_detected!("popcnt")
            && std::arch::is_x86_feature_detected!("pclmulqdq"))
        .then_some(Avx2 { _detected: () })
    }
}

#[cfg(target_arch = "x86_64")]
impl Simd for Avx2 {
    #[inline(always)]
    fn masks(self, block: &[u8; 64], bytes: [u8; 4]) -> [u64; 4] {
        // SAFETY: an `Avx2` exists only where the processor has AVX2.
        unsafe { masks_avx2(block, bytes) }
    }

    #[inline(always)]
    fn quoted(self, quotes: u64, inside_before: bool) -> u64 {
        // SAFETY: an `Avx2` exists only where the processor has PCLMULQDQ.
        let bits = unsafe { prefix_xor_clmul(quotes) };
        if inside_before { !bits } else { bits }
    }
}

/// The ways of building masks a processor may have, for a caller to pick
/// its block loop by.
#[derive(Debug, Clone, Copy)]
pub enum Tier {
    Portable,
    #[cfg(target_arch = "x86_64")]
    Avx2(Avx2),
}

impl Tier {
    /// The fastest this processor has.
    pub fn best() -> Tier {
        #[cfg(target_arch = "x86_64")]
        if let Some(avx2) = Avx2::detect() {
            return Tier::Avx2(avx2);
        }
        Tier::Portable
    }

    /// Every tier this processor has, for tests to run each block loop
    /// through; says on standard error which it cannot test here.
    #[cfg(test)]
    pub fn all() -> Vec<Tier> {
        let mut tiers = vec![Tier::Portable];
        match Tier::best() {
            Tier::Portable => {
                eprintln!(
                    "note: no AVX2 on this processor; only the portable block loops are tested"
                )
            }
            best => tiers.push(best),
        }
        tiers
    }
}

/// The quote state between two bytes, the way the `csv` crate reads quotes:
/// a quote opens a quoted field only at the start of a field, and `""`
/// inside quotes is a literal quote.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quotes {
    pub inside: bool,
    /// Whether a quote here would open a quoted field: the byte before ends a
    /// field or record, or is a closing quote (so that `""` is an escape).
    pub may_open: bool,
}

/// The quotes of one block, as [`Quotes::block`] reads them.
#[derive(Debug, Clone, Copy)]
pub struct QuoteBits {
    /// Bytes inside quotes, each opening quote included, each closing one not.
    pub quoted: u64,
    pub opening: u64,
    pub closing: u64,
    /// Quotes that would open where no quoted field can start: literal
    /// quotes inside an unquoted field, which the running XOR counts as
    /// structure. Unless this is 0, the other masks and the state after the
    /// block are wrong from the first of them on.
    pub stray: u64,
}

impl Quotes {
    pub const AT_RECORD_START: Quotes = Quotes {
        inside: false,
        may_open: true,
    };

    /// Reads the quotes of a block with quote bits `quotes` and field ends
    /// (delimiters, `\n`, `\r`) `field_ends`, and moves the state past it.
    #[inline(always)]
    pub fn block(&mut self, simd: impl Simd, quotes: u64, field_ends: u64) -> QuoteBits {
        let quoted = simd.quoted(quotes, self.inside);
        let (opening, closing) = (quotes & quoted, quotes & !quoted);
        let starts = field_ends | closing;
        let stray = opening & !((starts << 1) | self.may_open as u64);
        self.inside = quoted >> 63 == 1;
        self.may_open = starts >> 63 == 1;
        QuoteBits {
            quoted,
            opening,
            closing,
            stray,
        }
    }
}

/// Masks with 16-byte vector compares: a byte loop is several times slower.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
#[inline]
fn masks_sse2(block: &[u8; 64], bytes: [u8; 4]) -> [u64; 4] {
    use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8};
    let needles = bytes.map(|b| _mm_set1_epi8(b as i8));
    let mut out = [0u64; 4];
    for lane in 0..4 {
        // SAFETY: the 16 bytes from 16 * lane are inside the 64-byte block;
        // an unaligned load has no alignment requirement.
        let v = unsafe { _mm_loadu_si128(block.as_ptr().add(16 * lane).cast()) };
        for (mask, needle) in out.iter_mut().zip(needles) {
            let hits = _mm_movemask_epi8(_mm_cmpeq_epi8(v, needle)) as u16;
            *mask |= (hits as u64) << (16 * lane);
        }
    }
    out
}

/// Masks with 32-byte vector compares.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[inline]
fn masks_avx2(block: &[u8; 64], bytes: [u8; 4]) -> [u64; 4] {
    use std::arch::x86_64::{
        _mm256_cmpeq_epi8, _mm256_loadu_si256, _mm256_movemask_epi8, _mm256_set1_epi8,
    };
    // SAFETY: both 32-byte halves are inside the block; an unaligned load
    // has no alignment requirement.
    let (low, high) = unsafe {
        (
            _mm256_loadu_si256(block.as_ptr().cast()),
            _mm256_loadu_si256(block.as_ptr().add(32).cast()),
        )
    };
    let mut out = [0u64; 4];
    for (mask, byte) in out.iter_mut().zip(bytes) {
        let needle = _mm256_set1_epi8(byte as i8);
        let low = _mm256_movemask_epi8(_mm256_cmpeq_epi8(low, needle)) as u32 as u64;
        let high = _mm256_movemask_epi8(_mm256_cmpeq_epi8(high, needle)) as u32 as u64;
        *mask = low | high << 32;
    }
    out
}

/// Bit `i` of the result is the XOR of bits `0..=i` of `bits`: multiplying
/// by all ones without carries adds up every bit below each place.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "pclmulqdq")]
#[inline]
fn prefix_xor_clmul(bits: u64) -> u64 {
    use std::arch::x86_64::{_mm_clmulepi64_si128, _mm_cvtsi128_si64, _mm_set_epi64x};
    let product = _mm_clmulepi64_si128(_mm_set_epi64x(0, bits as i64), _mm_set_epi64x(0, -1), 0);
    _mm_cvtsi128_si64(product) as u64
}

/// Masks eight bytes at a time in plain integers, for other processors.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn masks_swar(block: &[u8; 64], bytes: [u8; 4]) -> [u64; 4] {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    bytes.map(|byte| {
        let repeated = u64::from_ne_bytes([byte; 8]);
        let mut mask = 0;
        for (k, word) in block.chunks_exact(8).enumerate() {
            let x = u64::from_le_bytes(word.try_into().expect("8 bytes")) ^ repeated;
            // The high bit of each byte of `zero` is set where x's byte is 0.
            let zero = !(((x & LOW7) + LOW7) | x) & !LOW7;
            // Gather the eight high bits into one byte, first byte lowest.
            let bits = ((zero >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56;
            mask |= bits << (8 * k);
        }
        mask
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `check` with each tier this processor has.
    fn each_tier(
        check: impl Fn(&dyn Fn(&[u8; 64], [u8; 4]) -> [u64; 4], &dyn Fn(u64, bool) -> u64),
    ) {
        for tier in Tier::all() {
            match tier {
                Tier::Portable => {
                    check(&|b, x| Portable.masks(b, x), &|q, i| Portable.quoted(q, i))
                }
                #[cfg(target_arch = "x86_64")]
                Tier::Avx2(avx2) => check(&|b, x| avx2.masks(b, x), &|q, i| avx2.quoted(q, i)),
            }
        }
    }

    #[test]
    fn every_way_of_finding_bytes_agrees() {
        let text = b"Id,Name\r\n1,\"a \"\"b\"\"\nc\",x\"y\r\n".repeat(9);
        let bytes = [b'"', b'\n', b'\r', b','];
        each_tier(|masks, _| {
            for block in text.chunks_exact(64) {
                let block: &[u8; 64] = block.try_into().unwrap();
                let slow = bytes.map(|byte| {
                    (0..64)
                        .filter(|&i| block[i] == byte)
                        .fold(0u64, |m, i| m | 1 << i)
                });
                assert_eq!(masks(block, bytes), slow);
                assert_eq!(masks_swar(block, bytes), slow);
            }
        });
    }

    #[test]
    fn quoted_stretches_run_from_opening_to_closing_quote() {
        each_tier(|_, quoted| check_quoted(quoted));
    }

    fn check_quoted(quoted: &dyn Fn(u64, bool) -> u64) {
        assert_eq!(quoted(0b1_0010, false), 0b1110);
        assert_eq!(quoted(0b1001_0010, false), !0 << 7 | 0b1110);
        assert_eq!(quoted(1 << 63, false), 1 << 63);
        assert_eq!(quoted(0b100, true), 0b11);
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..1000 {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let slow = (0..64).fold(0u64, |m, i| {
                m | (((x & (!0 >> (63 - i))).count_ones() as u64) & 1) << i
            });
            assert_eq!(quoted(x, false), slow);
            assert_eq!(quoted(x, true), !slow);
        }
    }
}
