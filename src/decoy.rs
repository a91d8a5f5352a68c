//! Decoy probes: random ids shaped like the sampled ones, to measure how often
//! a field matches an id by chance.
//!
//! Each decoy keeps its id's shape (length, and which characters are digits,
//! lowercase or uppercase letters, or punctuation) with random characters of
//! the same kind. Decoys go through exactly the same matching as the sampled
//! ids, so a field's decoy hit rate is its chance baseline: near zero for a
//! field that holds real ids, high for a dense column of lookalike values that
//! is "similar" to almost anything of that shape.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rustc_hash::FxHashSet;

/// A stream separate from the sampling one, so decoys never shift the sample.
const DECOY_STREAM: u64 = 0x6465_636f_7973;

/// One decoy per sampled id, none equal to a sampled id.
pub fn decoys(sample: &[String], seed: u64) -> Vec<String> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ DECOY_STREAM);
    let real: FxHashSet<&str> = sample.iter().map(String::as_str).collect();
    sample
        .iter()
        .map(|id| {
            let mut decoy = reshape(id, &mut rng);
            // A handful of retries: only ids with few random positions collide.
            for _ in 0..8 {
                if !real.contains(decoy.as_str()) {
                    break;
                }
                decoy = reshape(id, &mut rng);
            }
            decoy
        })
        .collect()
}

/// `id` with every ASCII letter and digit replaced by a random one of the same
/// kind. A leading non-zero digit stays non-zero, so numbers keep their size.
fn reshape(id: &str, rng: &mut ChaCha8Rng) -> String {
    id.char_indices()
        .map(|(i, c)| match c {
            '0'..='9' if i == 0 && c != '0' => (b'1' + rng.random_range(0..9u8)) as char,
            '0'..='9' => (b'0' + rng.random_range(0..10u8)) as char,
            'a'..='z' => (b'a' + rng.random_range(0..26u8)) as char,
            'A'..='Z' => (b'A' + rng.random_range(0..26u8)) as char,
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn decoys_keep_the_shape_and_are_never_real() {
        let sample = ids(&[
            "cmp_1F3a",
            "104217",
            "Acme Labs, Inc.",
            "0015g00000JrXP5AAN",
        ]);
        let d = decoys(&sample, 42);
        assert_eq!(d.len(), sample.len());
        for (real, decoy) in sample.iter().zip(&d) {
            assert_ne!(real, decoy);
            assert_eq!(real.len(), decoy.len());
            for (a, b) in real.chars().zip(decoy.chars()) {
                assert_eq!(a.is_ascii_digit(), b.is_ascii_digit(), "{real} {decoy}");
                assert_eq!(
                    a.is_ascii_lowercase(),
                    b.is_ascii_lowercase(),
                    "{real} {decoy}"
                );
                assert_eq!(
                    a.is_ascii_uppercase(),
                    b.is_ascii_uppercase(),
                    "{real} {decoy}"
                );
                if !a.is_ascii_alphanumeric() {
                    assert_eq!(a, b);
                }
            }
        }
        assert_ne!(d[1].as_bytes()[0], b'0');
    }

    #[test]
    fn decoys_are_reproducible() {
        let sample = ids(&["a1", "b2", "c3"]);
        assert_eq!(decoys(&sample, 7), decoys(&sample, 7));
        assert_ne!(decoys(&sample, 7), decoys(&sample, 8));
    }
}
