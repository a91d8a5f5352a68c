//! Where given bytes occur in a block of 64, as bitmasks: the way to look
//! at CSV when quotes and delimiters are too dense for a byte search to skip
//! ahead. Bit `i` of a mask stands for byte `i` of the block.

/// For each of four bytes, the bitmask of where it occurs in `block` (bit `i`
/// for `block[i]`).
#[inline]
pub fn masks(block: &[u8; 64], bytes: [u8; 4]) -> [u64; 4] {
    #[cfg(target_arch = "x86_64")]
    {
        // SAFETY: every x86_64 processor has SSE2.
        unsafe { masks_sse2(block, bytes) }
    }
    #[cfg(not(target_arch = "x86_64"))]
    masks_swar(block, bytes)
}

/// [`masks`] with 16-byte vector compares: a byte loop is several times slower.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
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

/// [`masks`] eight bytes at a time in plain integers, for other processors.
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

/// The bytes of a block inside quotes (each opening quote included, each
/// closing quote not), given its quote bits and whether the block starts
/// inside quotes: bit `i` is set where the quotes up to and including byte
/// `i` leave the state flipped an odd number of times.
pub fn quoted(quotes: u64, inside_before: bool) -> u64 {
    let mut bits = quotes;
    for shift in [1, 2, 4, 8, 16, 32] {
        bits ^= bits << shift;
    }
    if inside_before { !bits } else { bits }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_ways_of_finding_bytes_agree() {
        let text = b"Id,Name\r\n1,\"a \"\"b\"\"\nc\",x\"y\r\n".repeat(9);
        for block in text.chunks_exact(64) {
            let block: &[u8; 64] = block.try_into().unwrap();
            let bytes = [b'"', b'\n', b'\r', b','];
            let slow = bytes.map(|byte| {
                (0..64)
                    .filter(|&i| block[i] == byte)
                    .fold(0u64, |m, i| m | 1 << i)
            });
            assert_eq!(masks(block, bytes), slow);
            assert_eq!(masks_swar(block, bytes), slow);
        }
    }

    #[test]
    fn quoted_stretches_run_from_opening_to_closing_quote() {
        assert_eq!(quoted(0b1_0010, false), 0b1110);
        assert_eq!(quoted(0b1001_0010, false), !0 << 7 | 0b1110);
        assert_eq!(quoted(1 << 63, false), 1 << 63);
        assert_eq!(quoted(0b100, true), 0b11);
    }
}
