//! Jaro and Jaro-Winkler similarity of two byte strings, as strsim computes
//! them, without its allocation: strsim's generic versions allocate the
//! flags of every pair they score, about 1,000 instructions for a pair of
//! six-digit keys, where this takes under 500. Strings of up to 64 bytes keep
//! their flags in a word; longer ones are scored by strsim itself. Each
//! result is strsim's to the bit.

/// The longest string whose flags fit in a word.
const WORD: usize = 64;

/// strsim's `generic_jaro` of the bytes of `a` and `b`.
pub(super) fn jaro(a: &[u8], b: &[u8]) -> f64 {
    if a.len() > WORD || b.len() > WORD {
        return strsim::generic_jaro(&Bytes(a), &Bytes(b));
    }
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let range = (a.len().max(b.len()) / 2).saturating_sub(1);
    #[cfg(target_arch = "x86_64")]
    let (mut a_flags, mut b_flags, matches) = if b.len() <= 16 {
        // SAFETY: every x86_64 processor has SSE2.
        unsafe { taken_sse2(a, b, range) }
    } else {
        taken(a, b, range)
    };
    #[cfg(not(target_arch = "x86_64"))]
    let (mut a_flags, mut b_flags, matches) = taken(a, b, range);
    if matches == 0 {
        return 0.0;
    }
    // The k-th taken byte of `a` against the k-th of `b`.
    let mut transpositions = 0;
    while a_flags != 0 {
        let (i, j) = (a_flags.trailing_zeros(), b_flags.trailing_zeros());
        transpositions += usize::from(a[i as usize] != b[j as usize]);
        a_flags &= a_flags - 1;
        b_flags &= b_flags - 1;
    }
    transpositions /= 2;
    ((matches as f64 / a.len() as f64)
        + (matches as f64 / b.len() as f64)
        + ((matches - transpositions) as f64 / matches as f64))
        / 3.0
}

/// The bytes of `a` and of `b` that match, as bits, and how many: each
/// byte of `a`, in order, takes the first byte of `b` within `range` of its
/// place that is equal to it and not taken yet. `a` and `b` are at most
/// [`WORD`] bytes long.
fn taken(a: &[u8], b: &[u8], range: usize) -> (u64, u64, usize) {
    let (mut a_flags, mut b_flags, mut matches) = (0u64, 0u64, 0usize);
    for (i, &x) in a.iter().enumerate() {
        let end = b.len().min(i + range + 1);
        let start = i.saturating_sub(range).min(end);
        if let Some(j) = (start..end).find(|&j| b[j] == x && b_flags & (1 << j) == 0) {
            a_flags |= 1 << i;
            b_flags |= 1 << j;
            matches += 1;
        }
    }
    (a_flags, b_flags, matches)
}

/// [`taken`] where `b` is at most 16 bytes: the bytes of `b` equal to one
/// of `a` are found by one vector compare, where the loop tries each place
/// in range (most keys compared, ids of six to twelve characters, are that
/// short).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn taken_sse2(a: &[u8], b: &[u8], range: usize) -> (u64, u64, usize) {
    use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_movemask_epi8, _mm_set1_epi8};
    debug_assert!(b.len() <= 16 && a.len() <= WORD);
    let mut padded = [0u8; 16];
    padded[..b.len()].copy_from_slice(b);
    let bytes = crate::bytes::load(&padded);
    let (mut a_flags, mut b_flags, mut matches) = (0u64, 0u32, 0usize);
    for (i, &x) in a.iter().enumerate() {
        let end = b.len().min(i + range + 1);
        let start = i.saturating_sub(range).min(end);
        let window = ((1u32 << end) - 1) & !((1u32 << start) - 1);
        let equal = _mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_set1_epi8(x as i8))) as u32;
        let free = equal & window & !b_flags;
        if free != 0 {
            a_flags |= 1 << i;
            b_flags |= free & free.wrapping_neg();
            matches += 1;
        }
    }
    (a_flags, u64::from(b_flags), matches)
}

/// strsim's `generic_jaro_winkler` of the bytes of `a` and `b`.
pub(super) fn jaro_winkler(a: &[u8], b: &[u8]) -> f64 {
    let sim = jaro(a, b);
    if sim > 0.7 {
        let prefix = a.iter().take(4).zip(b).take_while(|(x, y)| x == y).count();
        sim + 0.1 * prefix as f64 * (1.0 - sim)
    } else {
        sim
    }
}

/// A byte string, for strsim's generic metrics to walk byte by byte.
struct Bytes<'a>(&'a [u8]);

impl<'a> IntoIterator for &Bytes<'a> {
    type Item = &'a u8;
    type IntoIter = std::slice::Iter<'a, u8>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn same(a: &[u8], b: &[u8]) -> Result<(), TestCaseError> {
        let (x, y) = (Bytes(a), Bytes(b));
        prop_assert_eq!(jaro(a, b).to_bits(), strsim::generic_jaro(&x, &y).to_bits());
        prop_assert_eq!(
            jaro_winkler(a, b).to_bits(),
            strsim::generic_jaro_winkler(&x, &y).to_bits()
        );
        Ok(())
    }

    proptest! {
        // Few letters make repeated bytes, where which byte is taken first
        // decides the matches and the transpositions.
        #[test]
        fn scores_as_strsim_does(
            a in "[abc]{0,12}|[0-9]{0,70}|[a-z0-9-]{0,20}",
            b in "[abc]{0,12}|[0-9]{0,70}|[a-z0-9-]{0,20}",
        ) {
            same(a.as_bytes(), b.as_bytes())?;
        }

        // Any range, and NUL bytes in `a`, which the vector's padding after
        // a short `b` holds.
        #[cfg(target_arch = "x86_64")]
        #[test]
        fn a_vector_takes_the_bytes_the_loop_takes(
            a in proptest::collection::vec(proptest::sample::select(b"ab\0".to_vec()), 0..=64),
            b in proptest::collection::vec(proptest::sample::select(b"ab\0".to_vec()), 0..=16),
            range in 0usize..20,
        ) {
            // SAFETY: every x86_64 processor has SSE2.
            prop_assert_eq!(unsafe { taken_sse2(&a, &b, range) }, taken(&a, &b, range));
        }

        #[test]
        fn scores_near_strings_as_strsim_does(
            a in "[0-9ab]{1,66}",
            at in 0usize..66,
            edit in 0u8..4,
            c in b'0'..=b'b',
        ) {
            // One edit away, as the fuzzy index pairs them.
            let mut b = a.clone().into_bytes();
            let (at, len) = (at % b.len(), b.len());
            match edit {
                0 => b[at] = c,
                1 => b.insert(at, c),
                2 => { b.remove(at); }
                _ => b.swap(at, (at + 1) % len),
            }
            same(a.as_bytes(), &b)?;
        }
    }

    #[test]
    fn known_scores() {
        assert_eq!(jaro(b"", b""), 1.0);
        assert_eq!(jaro(b"abc", b""), 0.0);
        assert_eq!(jaro(b"abc", b"xyz"), 0.0);
        assert!((jaro_winkler(b"martha", b"marhta") - 0.9611).abs() < 1e-4);
        assert!((jaro(b"dixon", b"dicksonx") - 0.7667).abs() < 1e-4);
    }
}
