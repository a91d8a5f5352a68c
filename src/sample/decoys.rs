//! Decoy probes: made-up ids drawn like the sampled ones, to measure how often
//! a field is "similar" to an id by chance.
//!
//! Each decoy has the length of a sampled id, and at each position a character
//! drawn from the sampled ids of that length at that position. Decoys
//! therefore share the sample's shape and its range (sequential numbers stay
//! in their block, Salesforce ids keep their key prefix), and a decoy is kept
//! only if it is not any company id of the export, so that what it matches
//! can only be chance. Decoys go through exactly the same matching as the sampled ids,
//! so how often they find similar values in a field is that field's chance
//! baseline: near zero where values are real ids of another shape, as high as
//! for real ids in a dense column of lookalikes.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rustc_hash::FxHashMap;

use super::sampler::Sample;

/// A stream separate from the sampling one, so decoys never shift the sample.
const DECOY_STREAM: u64 = 0x6465_636f_7973;

/// Tries before a decoy that keeps hitting a company id falls back to random
/// characters of the same kind, and those before it gives up looking.
const TRIES: usize = 8;

/// Decoys, and how dense the company ids are among strings of their shape.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoys {
    /// One per sampled id; none is a company id, unless the ids are so dense
    /// (small numbers, say) that hardly any other string of their shape exists.
    pub ids: Vec<String>,
    /// The share of strings drawn like the sample that were company ids.
    /// Near 1, any field of such strings holds most ids by chance.
    pub density: f64,
}

/// Makes one decoy per sampled id.
pub fn decoys(sample: &Sample, seed: u64) -> Decoys {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ DECOY_STREAM);
    let is_company = |s: &str| sample.may_contain(s);
    let sample = &sample.ids;
    // The characters at each position, per length in characters.
    let mut columns: FxHashMap<usize, Vec<Vec<char>>> = FxHashMap::default();
    for id in sample {
        let chars: Vec<char> = id.chars().collect();
        let cols = columns
            .entry(chars.len())
            .or_insert_with(|| vec![Vec::new(); chars.len()]);
        for (col, c) in cols.iter_mut().zip(chars) {
            col.push(c);
        }
    }
    let (mut draws, mut companies) = (0u64, 0u64);
    let ids = sample
        .iter()
        .map(|id| {
            let cols = &columns[&id.chars().count()];
            for _ in 0..TRIES {
                let decoy: String = cols
                    .iter()
                    .map(|col| col[rng.random_range(0..col.len())])
                    .collect();
                draws += 1;
                if !is_company(&decoy) {
                    return decoy;
                }
                companies += 1;
            }
            let mut decoy = reshape(id, &mut rng);
            for _ in 0..TRIES {
                if !is_company(&decoy) {
                    break;
                }
                decoy = reshape(id, &mut rng);
            }
            decoy
        })
        .collect();
    Decoys {
        ids,
        density: if draws == 0 {
            0.0
        } else {
            companies as f64 / draws as f64
        },
    }
}

/// `id` with every ASCII letter and digit replaced by a random one of the same
/// kind: for ids too few to draw from.
fn reshape(id: &str, rng: &mut ChaCha8Rng) -> String {
    id.chars()
        .map(|c| match c {
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

    use crate::sample::sampler::Sampler;

    fn sampled(ids: &[String]) -> Sample {
        let mut s = Sampler::new(None, 1);
        for id in ids {
            s.offer(id);
        }
        s.finish()
    }

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn decoys_have_the_shape_of_the_sample_and_are_never_real() {
        // Every third number of a block is a company id; half are sampled.
        let all: Vec<String> = (0..1000).map(|i| format!("{}", 104_000 + 3 * i)).collect();
        let mut sampler = Sampler::new(Some(500), 1);
        for id in &all {
            sampler.offer(id);
        }
        let sample = sampler.finish();
        let d = decoys(&sample, 42);
        assert_eq!(d.ids.len(), 500);
        // Drawn digit by digit within the block, about a third are company ids.
        assert!((0.2..0.5).contains(&d.density), "{}", d.density);
        for decoy in &d.ids {
            assert!(!all.contains(decoy), "{decoy} is a company id");
            assert_eq!(decoy.len(), 6);
            assert!(
                decoy.starts_with("10"),
                "{decoy} keeps the block's leading digits"
            );
        }
    }

    #[test]
    fn lone_ids_fall_back_to_random_characters_of_their_kind() {
        let sample = sampled(&ids(&["cmp_1F3a", "Acme Labs, Inc."]));
        let d = decoys(&sample, 42);
        for (real, decoy) in sample.ids.iter().zip(&d.ids) {
            assert_ne!(real, decoy);
            assert_eq!(real.len(), decoy.len());
            for (a, b) in real.chars().zip(decoy.chars()) {
                assert_eq!(a.is_ascii_digit(), b.is_ascii_digit(), "{real} {decoy}");
                assert_eq!(
                    a.is_ascii_lowercase(),
                    b.is_ascii_lowercase(),
                    "{real} {decoy}"
                );
                if !a.is_ascii_alphanumeric() {
                    assert_eq!(a, b);
                }
            }
        }
    }

    #[test]
    fn dense_ids_are_measured_as_dense() {
        let all: Vec<String> = (1..=400).map(|i| i.to_string()).collect();
        let d = decoys(&sampled(&all), 42);
        assert!(d.density > 0.8, "{}", d.density);
    }

    #[test]
    fn decoys_are_reproducible() {
        let sample = sampled(&ids(&["a1", "b2", "c3", "d4"]));
        assert_eq!(decoys(&sample, 7), decoys(&sample, 7));
        assert_ne!(decoys(&sample, 7), decoys(&sample, 8));
    }
}
