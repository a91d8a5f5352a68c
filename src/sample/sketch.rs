//! Counting distinct ids in memory that does not grow with them: the
//! k-minimum-values sketch. Every id has a uniform 64-bit key (a keyed
//! hash); the `k` smallest keys seen give the count exactly while there are
//! at most `k`, and estimate it beyond (the k-th smallest of n uniform keys
//! sits near k/n), within about 1/sqrt(k).

/// The `k` smallest distinct 64-bit keys seen.
///
/// Keys below the current bound are gathered unsorted and cut back to the
/// `k` smallest when twice that many have come: a key that cannot be among
/// them (most keys, once the bound has settled) costs one comparison.
pub struct BottomK {
    k: usize,
    keys: Vec<u64>,
    /// Every key at or above this is known not to be among the `k` smallest.
    bound: u64,
}

impl BottomK {
    pub fn new(k: usize) -> BottomK {
        BottomK {
            k,
            keys: Vec::new(),
            bound: u64::MAX,
        }
    }

    pub fn insert(&mut self, key: u64) {
        if key >= self.bound {
            return;
        }
        self.keys.push(key);
        if self.keys.len() >= 2 * self.k.max(1) {
            self.settle();
        }
    }

    /// Adds the keys `other` has seen.
    pub fn merge(&mut self, other: BottomK) {
        for key in other.keys {
            self.insert(key);
        }
    }

    /// Keeps only the `k` smallest distinct keys, in order, and lowers the
    /// bound to the largest of them when there are `k`.
    fn settle(&mut self) {
        self.keys.sort_unstable();
        self.keys.dedup();
        self.keys.truncate(self.k);
        if self.keys.len() == self.k {
            self.bound = self.keys.last().copied().unwrap_or(0);
        }
    }

    /// The number of distinct keys seen, and whether it is exact.
    pub fn estimate(&mut self) -> (u64, bool) {
        self.settle();
        match self.keys.last() {
            Some(&top) if self.keys.len() == self.k => {
                // k-minimum values: the k-th smallest of n uniform keys sits near k/n.
                let fraction = (top as f64 + 1.0) / 2f64.powi(64);
                (((self.k - 1) as f64 / fraction).round() as u64, false)
            }
            _ => (self.keys.len() as u64, true),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_exactly_up_to_k_and_estimates_beyond() {
        let key = |i: u64| i.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let mut small = BottomK::new(100);
        (0..80).chain(0..80).for_each(|i| small.insert(key(i)));
        assert_eq!(small.estimate(), (80, true));
        let (mut a, mut b) = (BottomK::new(1000), BottomK::new(1000));
        (0..50_000).for_each(|i| {
            if i % 2 == 0 {
                a.insert(key(i))
            } else {
                b.insert(key(i))
            }
        });
        a.merge(b);
        let (n, exact) = a.estimate();
        assert!(!exact);
        assert!((45_000..55_000).contains(&n), "{n}");
    }
}
