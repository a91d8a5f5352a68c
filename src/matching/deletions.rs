//! The hashes behind the fuzzy index: a string's, and those of every string
//! made by deleting one of its bytes. Two strings within one edit of each
//! other share one of them.

/// Hashes of a string and of each string made by deleting one byte of it,
/// with a polynomial hash so that each deletion costs O(1) from prefix and
/// suffix hashes. Equal strings give equal hashes whichever string they came
/// from. The buffers are reused from cell to cell.
#[derive(Debug, Default)]
pub(super) struct DeletionHashes {
    prefix: Vec<u64>,
    suffix: Vec<u64>,
    pow: Vec<u64>,
    pub(super) out: Vec<u64>,
}

impl DeletionHashes {
    /// The hash of `s` first, then if `deletions`, those of its deletions.
    pub(super) fn compute(&mut self, s: &[u8], deletions: bool) {
        const BASE: u64 = 0x100_0000_01b3;
        let n = s.len();
        let DeletionHashes {
            prefix,
            suffix,
            pow,
            out,
        } = self;
        out.clear();
        // prefix[i] = hash(s[..i]); suffix[i] = hash(s[i..]); pow[k] = BASE^k.
        prefix.clear();
        prefix.resize(n + 1, 0);
        pow.clear();
        pow.resize(n + 1, 1);
        for i in 0..n {
            prefix[i + 1] = prefix[i].wrapping_mul(BASE).wrapping_add(s[i] as u64 + 1);
            pow[i + 1] = pow[i].wrapping_mul(BASE);
        }
        let finish = |h: u64, len: usize| {
            (h ^ (len as u64).rotate_right(8)).wrapping_mul(0x9e37_79b9_7f4a_7c15)
        };
        out.push(finish(prefix[n], n));
        if !deletions {
            return;
        }
        suffix.clear();
        suffix.resize(n + 1, 0);
        for i in (0..n).rev() {
            suffix[i] = (s[i] as u64 + 1)
                .wrapping_mul(pow[n - 1 - i])
                .wrapping_add(suffix[i + 1]);
        }
        for i in 0..n {
            let h = prefix[i]
                .wrapping_mul(pow[n - 1 - i])
                .wrapping_add(suffix[i + 1]);
            out.push(finish(h, n - 1));
        }
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
}
