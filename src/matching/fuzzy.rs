//! Similarity above a threshold, among the probes one edit away, found
//! through an index of one-character deletions.

use serde::Serialize;

use super::deletions::DeletionHashes;
use super::evidence::{Evidence, Hit};
use super::forms::{self, MachineId};
use super::index::ProbeIndex;
use super::matcher::Matcher;
use super::probes::Probes;
use super::scratch::Scratch;
use super::transforms;

/// A string similarity measure from the strsim crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Metric {
    /// Jaro-Winkler: Jaro, with a bonus for a shared start.
    JaroWinkler,
    /// Jaro: matching characters and transpositions.
    Jaro,
    /// One minus the edit distance over the longer length.
    Levenshtein,
    /// Levenshtein, with a transposition as one edit.
    DamerauLevenshtein,
    /// The Sørensen-Dice coefficient of character bigrams.
    SorensenDice,
}

impl Metric {
    /// The name used on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Metric::JaroWinkler => "jaro-winkler",
            Metric::Jaro => "jaro",
            Metric::Levenshtein => "levenshtein",
            Metric::DamerauLevenshtein => "damerau-levenshtein",
            Metric::SorensenDice => "sorensen-dice",
        }
    }
}

/// Values shorter than this are never compared by similarity: a near miss
/// between two short strings says nothing.
pub const MIN_FUZZY_LEN: usize = 4;

/// Similarity at or above a threshold, among probes one deletion apart.
/// Machine-made ids (see [`MachineId`]) and names (compared word by word
/// instead) take no part: their key is empty.
///
/// Each probe's fuzzy key (its skeleton, without a legal suffix) is indexed
/// under the hashes of itself and of every string made by deleting one of its
/// characters. A cell's key and its own deletions find every probe within one
/// substitution, insertion, deletion or transposition (and some two edits
/// away), whose similarity the metric then scores.
pub struct Fuzzy {
    metric: Metric,
    threshold: f64,
    /// Probes `0..real` are sampled ids; the rest are decoys.
    real: usize,
    pub(super) keys: Vec<Box<str>>,
    variants: ProbeIndex,
    /// `has_len[n]`: a probe key is within one character of length `n`.
    pub(super) has_len: Vec<bool>,
    /// `variant_len[n]`: a probe key or one of its deletions is `n` long.
    variant_len: Vec<bool>,
    /// Whether any probe has letters: only then can a legal suffix matter.
    names: bool,
}

impl Fuzzy {
    /// The fuzzy index over `probes`, scoring with `metric` and keeping
    /// what reaches `threshold`.
    pub fn new(probes: &Probes, metric: Metric, threshold: f64) -> Fuzzy {
        let real = probes.sampled().len();
        let probes = probes.all();
        let mut keys = Vec::with_capacity(probes.len());
        let mut variants = ProbeIndex::default();
        let mut has_len = vec![false; 2];
        let mut variant_len = Vec::new();
        let mut hashes = DeletionHashes::default();
        for (i, id) in probes.iter().enumerate() {
            let mut key = String::new();
            // One character off a machine-made id is another record, never
            // a typo: such ids are not indexed, so nothing is similar to
            // them. Names are compared word by word (see `words`).
            if MachineId::of(id).is_none() && !forms::is_name(id) {
                fuzzy_key(id, &mut key, usize::MAX);
            }
            if key.len() >= MIN_FUZZY_LEN {
                if has_len.len() < key.len() + 2 {
                    has_len.resize(key.len() + 2, false);
                }
                has_len[key.len() - 1..=key.len() + 1].fill(true);
                if variant_len.len() < key.len() + 1 {
                    variant_len.resize(key.len() + 1, false);
                }
                variant_len[key.len() - 1..=key.len()].fill(true);
                hashes.compute(key.as_bytes(), true);
                for &h in &hashes.out {
                    variants.insert(h, i as u32);
                }
            }
            keys.push(key.into());
        }
        Fuzzy {
            metric,
            threshold,
            real,
            keys,
            variants,
            variant_len,
            has_len,
            names: probes.iter().any(|p| p.chars().any(char::is_alphabetic)),
        }
    }

    /// Fills `hashes.out` with the hashes of `key` and its deletions that
    /// are as long as some probe's; false if there are none.
    pub(super) fn variants_of(&self, key: &[u8], hashes: &mut DeletionHashes) -> bool {
        if key.len() < MIN_FUZZY_LEN || !self.has_len.get(key.len()).copied().unwrap_or(false) {
            return false;
        }
        // A five-digit value among six-digit ids needs no deletions.
        let variant_len = |n: usize| self.variant_len.get(n).copied().unwrap_or(false);
        let (whole, deletions) = (variant_len(key.len()), variant_len(key.len() - 1));
        if !whole && !deletions {
            return false;
        }
        hashes.compute(key, deletions);
        if !whole {
            hashes.out.swap_remove(0);
        }
        true
    }

    /// Appends to `hits` the probes that share a variant with the fuzzy key
    /// `key` (whose variants `hashes` holds) and are similar enough to it,
    /// unless they are ambiguous.
    pub(super) fn verify(
        &self,
        key: &str,
        hashes: &DeletionHashes,
        candidates: &mut Vec<u32>,
        hits: &mut Vec<Hit>,
    ) {
        candidates.clear();
        for &h in hashes.out.iter() {
            self.variants.get(h, candidates);
        }
        if candidates.is_empty() {
            return;
        }
        candidates.sort_unstable();
        candidates.dedup();
        // A value near several sampled ids is evidence for none of them (its
        // precision is at most one in two); the same holds among decoys. So
        // each side keeps its one near probe, and is given up at a second.
        let real = self.real as u32;
        let (reals, decoys) = candidates.split_at(candidates.partition_point(|&id| id < real));
        for side in [reals, decoys] {
            let mut near = None;
            for &id in side {
                let similarity = self.similarity(&self.keys[id as usize], key);
                if similarity < self.threshold {
                    continue;
                }
                if near.is_some() {
                    near = None;
                    break;
                }
                near = Some(Hit {
                    id,
                    evidence: Evidence::similar(similarity),
                });
            }
            hits.extend(near);
        }
    }

    fn similarity(&self, a: &str, b: &str) -> f64 {
        // Keys are mostly ASCII, whose bytes are its characters: scored as
        // bytes, they need no decoding and give the same result.
        let ascii = a.is_ascii() && b.is_ascii();
        let (x, y) = (Bytes(a.as_bytes()), Bytes(b.as_bytes()));
        match self.metric {
            Metric::JaroWinkler if ascii => strsim::generic_jaro_winkler(&x, &y),
            Metric::Jaro if ascii => strsim::generic_jaro(&x, &y),
            Metric::JaroWinkler => strsim::jaro_winkler(a, b),
            Metric::Jaro => strsim::jaro(a, b),
            Metric::Levenshtein => strsim::normalized_levenshtein(a, b),
            Metric::DamerauLevenshtein => strsim::normalized_damerau_levenshtein(a, b),
            Metric::SorensenDice => strsim::sorensen_dice(a, b),
        }
    }
}

impl Matcher for Fuzzy {
    fn find(&self, value: &str, scratch: &mut Scratch, hits: &mut Vec<Hit>) {
        let Scratch {
            view,
            key,
            candidates,
            hashes,
            ..
        } = scratch;
        view.describe(value, self.has_len.len());
        key.clear();
        if self.names
            && !view.salesforce_id
            && value.contains(' ')
            && forms::has_legal_suffix(value)
        {
            if !fuzzy_key(value, key, self.has_len.len()) {
                return;
            }
        } else if view.fits {
            key.push_str(&view.skeleton);
        } else {
            return;
        }
        if self.variants_of(key.as_bytes(), hashes) {
            self.verify(key, hashes, candidates, hits);
        }
    }
}

/// The key values are compared by for similarity: a Salesforce id as it is,
/// otherwise the skeleton of the name without its legal suffix. False when
/// the key would be `max` bytes or longer.
fn fuzzy_key(value: &str, out: &mut String, max: usize) -> bool {
    let trimmed = value.trim();
    if forms::is_salesforce_id(trimmed) {
        out.push_str(trimmed);
        return true;
    }
    if trimmed.contains(' ') && forms::has_legal_suffix(trimmed) {
        if let Some(name) = transforms::legal_suffix(trimmed) {
            return forms::skeleton_bounded(&name, out, max);
        }
    }
    forms::skeleton_bounded(trimmed, out, max)
}

/// A byte string, for the similarity metrics to walk byte by byte.
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

    #[test]
    fn similarity_by_bytes_is_the_metric_s_own() {
        for metric in [Metric::JaroWinkler, Metric::Jaro] {
            let f = Fuzzy::new(&Probes::without_decoys(vec!["104217".into()]), metric, 0.9);
            let score = match metric {
                Metric::JaroWinkler => strsim::jaro_winkler,
                _ => strsim::jaro,
            };
            for (a, b) in [
                ("104217", "104271"),
                ("cmp1f3a", "cmp1f3b"),
                ("abc", ""),
                ("zürich", "zurich"),
                ("北京", "北京市"),
            ] {
                assert_eq!(f.similarity(a, b), score(a, b), "{a} {b}");
            }
        }
    }
}
