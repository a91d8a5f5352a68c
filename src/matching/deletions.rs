//! The hashes behind the fuzzy index: a string's, and those of every string
//! made by deleting one of its bytes. Two strings within one edit of each
//! other share one of them.

/// Hashes of a string and of each string made by deleting one byte of it,
/// with a polynomial hash so that each deletion costs O(1) from prefix and
/// suffix hashes. Equal strings give equal hashes whichever string they came
/// from. The buffer is reused from cell to cell.
#[derive(Debug, Default)]
pub(super) struct DeletionHashes {
    /// The hash of the string whole, then of the string without byte `i`
    /// at `out[i + 1]`.
    pub(super) out: Vec<u64>,
    /// The first of `out` to look up: 1 when the whole string is of no
    /// length any probe's variant has.
    pub(super) first: usize,
}

impl DeletionHashes {
    /// The hash of `s` first, then if `deletions`, those of its deletions.
    pub(super) fn compute(&mut self, s: &[u8], deletions: bool) {
        const BASE: u64 = 0x100_0000_01b3;
        let n = s.len();
        let finish = |h: u64, len: usize| {
            (h ^ (len as u64).rotate_right(8)).wrapping_mul(0x9e37_79b9_7f4a_7c15)
        };
        let out = &mut self.out;
        self.first = 0;
        out.clear();
        out.push(0);
        // hash(s[..i]), kept in out[i + 1] until its deletion's hash takes
        // its place: a value a byte shorter than every probe (a five-digit
        // count among six-digit ids) needs only the whole hash.
        let mut whole = 0u64;
        for &b in s {
            if deletions {
                out.push(whole);
            }
            whole = whole.wrapping_mul(BASE).wrapping_add(b as u64 + 1);
        }
        out[0] = finish(whole, n);
        // Without byte i: hash(s[..i]) * BASE^(n-1-i) + hash(s[i+1..]), the
        // suffix and the power carried from the end.
        let (mut suffix, mut pow) = (0u64, 1u64);
        for i in (0..out.len() - 1).rev() {
            out[i + 1] = finish(out[i + 1].wrapping_mul(pow).wrapping_add(suffix), n - 1);
            suffix = (s[i] as u64 + 1).wrapping_mul(pow).wrapping_add(suffix);
            pow = pow.wrapping_mul(BASE);
        }
    }
}

/// A probe filed under one of its variants, with the one byte the variant
/// lacks, so that a string that shares the variant can rebuild the probe's
/// key without reading it: the index of a dense space of ids meets hundreds
/// of probes per value, and reading each key from memory would cost more than
/// scoring it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Variant {
    pub(super) probe: u32,
    /// [`WHOLE`], [`UNKNOWN`], or the position of the byte deleted (below
    /// 255) times 256 plus the byte (ASCII).
    edit: u16,
}

/// The variant is the probe's key whole.
const WHOLE: u16 = u16::MAX;
/// The deleted byte is not ASCII, or too far in to say: read the key.
const UNKNOWN: u16 = u16::MAX - 1;

impl Variant {
    /// The variant `out[i]` of `key` (see [`DeletionHashes::out`]) of `probe`.
    pub(super) fn of(probe: u32, key: &[u8], i: usize) -> Variant {
        let edit = match i.checked_sub(1) {
            None => WHOLE,
            Some(at) if at < 255 && key[at].is_ascii() => ((at as u16) << 8) | key[at] as u16,
            Some(_) => UNKNOWN,
        };
        Variant { probe, edit }
    }

    /// Writes to `out` the probe's key, rebuilt from `key`, a value's key
    /// whose variant `out[i]` (see [`DeletionHashes::out`]) shares this
    /// variant's hash; false if it cannot be told that way. Equal hashes
    /// from unequal strings rebuild a wrong key, so what it finds near must
    /// be checked against the probe's own key.
    pub(super) fn rebuild(self, key: &[u8], i: usize, out: &mut Vec<u8>) -> bool {
        out.clear();
        match i.checked_sub(1) {
            None => out.extend_from_slice(key),
            Some(at) => {
                out.extend_from_slice(&key[..at]);
                out.extend_from_slice(&key[at + 1..]);
            }
        }
        match self.edit {
            WHOLE => true,
            UNKNOWN => false,
            edit => {
                let at = (edit >> 8) as usize;
                if at > out.len() {
                    return false;
                }
                out.insert(at, edit as u8);
                true
            }
        }
    }
}

impl super::index::Filed for Variant {
    fn probe(&self) -> u32 {
        self.probe
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deletion_hashes_meet_for_one_edit() {
        let shared = |a: &str, b: &str| {
            let (mut x, mut y) = (DeletionHashes::default(), DeletionHashes::default());
            x.compute(a.as_bytes(), true);
            y.compute(b.as_bytes(), true);
            x.out.iter().any(|h| y.out.contains(h))
        };
        assert!(shared("abcdef", "abcxef"), "substitution");
        assert!(shared("abcdef", "abcdefg"), "insertion");
        assert!(shared("abcdef", "abdef"), "deletion");
        assert!(shared("abcdef", "abdcef"), "transposition");
        assert!(!shared("abcdef", "uvwxyz"));
    }

    proptest::proptest! {
        #[test]
        fn each_deletion_s_hash_is_the_hash_of_the_string_without_it(
            s in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40),
        ) {
            let (mut all, mut one) = (DeletionHashes::default(), DeletionHashes::default());
            all.compute(&s, true);
            one.compute(&s, false);
            proptest::prop_assert_eq!(&one.out, &[all.out[0]]);
            proptest::prop_assert_eq!(all.out.len(), s.len() + 1);
            for i in 0..s.len() {
                let mut without = s.clone();
                without.remove(i);
                one.compute(&without, false);
                proptest::prop_assert_eq!(all.out[i + 1], one.out[0], "{:?} without {}", s, i);
            }
        }
    }

    #[test]
    fn a_shared_variant_rebuilds_the_probe_s_key() {
        let (mut p, mut v) = (DeletionHashes::default(), DeletionHashes::default());
        let mut rebuilt = Vec::new();
        for (probe, value) in [
            ("abcdef", "abcxef"),
            ("abcdef", "abcdefg"),
            ("abcdef", "abdef"),
            ("abcdef", "abdcef"),
            ("abcdef", "abcdef"),
            ("aabb", "abb"),
        ] {
            p.compute(probe.as_bytes(), true);
            v.compute(value.as_bytes(), true);
            let mut met = 0;
            for (i, h) in p.out.iter().enumerate() {
                for (j, _) in v.out.iter().enumerate().filter(|(_, g)| *g == h) {
                    let variant = Variant::of(7, probe.as_bytes(), i);
                    assert!(variant.rebuild(value.as_bytes(), j, &mut rebuilt));
                    assert_eq!(rebuilt, probe.as_bytes(), "{probe} from {value}");
                    met += 1;
                }
            }
            assert!(met > 0, "{probe} {value}");
        }
        // A byte that is not ASCII is not kept: the key must be read.
        let key = "zürich".as_bytes();
        assert!(!Variant::of(0, key, 2).rebuild(b"zrich", 2, &mut rebuilt));
    }
}
