//! Similarity above a threshold, among the probes one edit away, found
//! through an index of one-character deletions.

use rayon::prelude::*;
use serde::Serialize;

use super::deletions::{DeletionHashes, Variant};
use super::evidence::{Evidence, Hit};
use super::forms::{self, MachineId};
use super::gate::{KeyShapes, Lengths};
use super::index::{BUILD_CHUNK, IndexBuilder, ProbeIndex, key_hash};
use super::jaro;
use super::matcher::Matcher;
use super::memo::NearMemo;
use super::probes::Probes;
use super::scratch::{Scratch, View};

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
/// Machine-made ids (`MachineId`) and names (compared word by word
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
    pub(super) keys: Keys,
    /// The shapes of the keys, for the gate.
    pub(super) shapes: KeyShapes,
    /// The lengths of the keys of [`MIN_FUZZY_LEN`] and more, for the gate.
    pub(super) lens: Lengths,
    variants: ProbeIndex<Variant>,
    /// `has_len[n]`: a probe key is within one character of length `n`.
    pub(super) has_len: Vec<bool>,
    /// `variant_len[n]`: a probe key or one of its deletions is `n` long.
    variant_len: Vec<bool>,
    /// Whether any probe may be written with a legal suffix: only then can
    /// a value's legal suffix matter.
    names: bool,
    /// Whether the index is too large to stay in the cache: there keys are
    /// rebuilt rather than read, and what every key found is remembered.
    large: bool,
    /// What keys found: over a small index, only short numbers' (see
    /// [`NearMemo::of_numbers`]). Always kept; a test goes without, to
    /// compare.
    memo: Option<NearMemo>,
}

impl Fuzzy {
    /// The fuzzy index over `probes`, scoring with `metric` and keeping
    /// what reaches `threshold`.
    pub fn new(probes: &Probes, metric: Metric, threshold: f64) -> Fuzzy {
        let parts = parts(0, probes.all());
        Fuzzy::of_parts(probes, parts, metric, threshold)
    }

    /// [`Fuzzy::new`] from `parts`, which cover the probes in order.
    pub(super) fn of_parts(
        probes: &Probes,
        parts: Vec<KeysPart>,
        metric: Metric,
        threshold: f64,
    ) -> Fuzzy {
        let real = probes.sampled().len();
        let probes = probes.all();
        let mut variants = Vec::with_capacity(parts.len());
        let (mut shapes, mut lens) = (KeyShapes::default(), Lengths::default());
        let mut keys = Vec::with_capacity(parts.len());
        for part in parts {
            variants.push(part.variants);
            shapes.join(&part.shapes);
            lens.join(&part.lens);
            keys.push(part.keys);
        }
        let keys = Keys::join(keys);
        let variants = IndexBuilder::build_parts(variants);
        let mut has_len = vec![false; 2];
        let mut variant_len = Vec::new();
        for len in (0..lens.end()).filter(|&n| lens.has(n)) {
            if has_len.len() < len + 2 {
                has_len.resize(len + 2, false);
            }
            has_len[len - 1..=len + 1].fill(true);
            if variant_len.len() < len + 1 {
                variant_len.resize(len + 1, false);
            }
            variant_len[len - 1..=len].fill(true);
        }
        Fuzzy {
            metric,
            threshold,
            real,
            keys,
            shapes,
            lens,
            variant_len,
            has_len,
            names: probes.par_iter().any(|p| forms::may_be_named(p)),
            large: variants.is_large(),
            memo: Some(if variants.is_large() {
                NearMemo::new(MEMO_BITS)
            } else {
                NearMemo::of_numbers()
            }),
            variants,
        }
    }

    /// Appends to `hits` the probes within one edit of the fuzzy key `key`
    /// (whose [`key_hash`] is `hash`) that are similar enough to it, unless
    /// they are ambiguous. What a key found is remembered (over a small
    /// index, only a short number's), and recalled before its deletions are
    /// hashed: the values that reach this far (postal codes and counts among
    /// numeric ids) repeat, and over a large index each lookup reads memory.
    pub(super) fn near(
        &self,
        key: &str,
        hash: u64,
        hashes: &mut DeletionHashes,
        rebuilt: &mut Vec<u8>,
        hits: &mut Vec<Hit>,
    ) {
        let n = key.len();
        if n < MIN_FUZZY_LEN || !self.has_len.get(n).copied().unwrap_or(false) {
            return;
        }
        // A five-digit value among six-digit ids needs no deletions.
        let variant_len = |n: usize| self.variant_len.get(n).copied().unwrap_or(false);
        let (whole, deletions) = (variant_len(n), variant_len(n - 1));
        if !whole && !deletions {
            return;
        }
        // Over a small index, only short numbers are remembered: asked of
        // no other key, the memo costs it nothing.
        let memo = self
            .memo
            .as_ref()
            .filter(|_| self.large || NearMemo::may_number(key));
        if let Some(near) = memo.and_then(|m| m.recall(key, hash)) {
            hits.extend(near.iter().flatten().map(|&(id, similarity)| Hit {
                id,
                evidence: Evidence::similar(similarity),
            }));
            return;
        }
        hashes.compute(key.as_bytes(), deletions);
        hashes.first = usize::from(!whole);
        let from = hits.len();
        self.nearest(key, hashes, rebuilt, hits);
        if let Some(memo) = memo {
            let mut near = [None; 2];
            for (n, hit) in near.iter_mut().zip(&hits[from..]) {
                *n = Some((hit.id, hit.evidence.similarity));
            }
            memo.store(key, hash, near);
        }
    }

    /// [`Fuzzy::near`] without the memo, once `hashes` holds the key's.
    fn nearest(
        &self,
        key: &str,
        hashes: &DeletionHashes,
        rebuilt: &mut Vec<u8>,
        hits: &mut Vec<Hit>,
    ) {
        // A value near several sampled ids is evidence for none of them (its
        // precision is at most one in two); the same holds among decoys. So
        // each side keeps its one near probe, and is given up at a second.
        // The candidates are scored as the index gives them: a probe met
        // again is scored again, which costs less than gathering them all to
        // sort, when a value in a dense space of ids meets hundreds.
        let variants = &hashes.out[hashes.first..];
        // Most values share no variant with any probe: told by the filter.
        if !variants.iter().any(|&h| self.variants.may_have(h)) {
            return;
        }
        let real = self.real as u32;
        let mut near = [Near::None, Near::None];
        for (at, &h) in hashes.out.iter().enumerate().skip(hashes.first) {
            let mut list = self.variants.entries_of(h);
            while let Some((&(_, variant), rest)) = list.split_first() {
                list = rest;
                let id = variant.probe;
                let side = &mut near[usize::from(id >= real)];
                match side {
                    // The probes come in order, sampled ids first: past
                    // those, once they are given up.
                    Near::Several if id < real => {
                        list = &list[list.partition_point(|(_, v)| v.probe < real)..];
                        continue;
                    }
                    Near::Several => break,
                    Near::One(hit, _) if hit.id == id => continue,
                    _ => {}
                }
                let (similarity, was_rebuilt) = self.score(key, at, variant, rebuilt);
                if similarity < self.threshold {
                    continue;
                }
                let hit = Hit {
                    id,
                    evidence: Evidence::similar(similarity),
                };
                *side = match side {
                    Near::None => Near::One(hit, was_rebuilt.then_some((at, variant))),
                    _ => Near::Several,
                };
                if near.iter().all(|n| matches!(n, Near::Several)) {
                    return;
                }
            }
        }
        for side in near {
            match side {
                Near::One(hit, None) => hits.push(hit),
                // Scored on a rebuilt key: kept if that is the probe's key
                // (unequal strings can share a hash), and scored anew if not.
                Near::One(hit, Some((at, variant))) => {
                    let theirs = self.keys.get(hit.id as usize);
                    variant.rebuild(key.as_bytes(), at, rebuilt);
                    if theirs.as_bytes() == rebuilt.as_slice() {
                        hits.push(hit);
                    } else {
                        let similarity = self.similarity(theirs, key);
                        if similarity >= self.threshold {
                            hits.push(Hit {
                                id: hit.id,
                                evidence: Evidence::similar(similarity),
                            });
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// The similarity of the probe of `variant` to `key`, whose variant
    /// `at` shares its hash, and whether it was scored on the probe's key as
    /// rebuilt from `key` (then left in `rebuilt`) rather than read: a
    /// rebuilt key costs no read from memory, which over a large index of a
    /// dense space of ids is most of the cost.
    fn score(&self, key: &str, at: usize, variant: Variant, rebuilt: &mut Vec<u8>) -> (f64, bool) {
        // A small index's keys stay in the cache: reading one is cheaper.
        if self.large
            && key.is_ascii()
            && variant.rebuild(key.as_bytes(), at, rebuilt)
            && let Ok(theirs) = std::str::from_utf8(rebuilt)
        {
            return (self.similarity(theirs, key), true);
        }
        (
            self.similarity(self.keys.get(variant.probe as usize), key),
            false,
        )
    }

    fn similarity(&self, a: &str, b: &str) -> f64 {
        // Keys are mostly ASCII, whose bytes are its characters: scored as
        // bytes, they need no decoding and give the same result.
        let ascii = a.is_ascii() && b.is_ascii();
        let (x, y) = (a.as_bytes(), b.as_bytes());
        match self.metric {
            Metric::JaroWinkler if ascii => jaro::jaro_winkler(x, y),
            Metric::Jaro if ascii => jaro::jaro(x, y),
            Metric::JaroWinkler => strsim::jaro_winkler(a, b),
            Metric::Jaro => strsim::jaro(a, b),
            Metric::Levenshtein => strsim::normalized_levenshtein(a, b),
            Metric::DamerauLevenshtein => strsim::normalized_damerau_levenshtein(a, b),
            Metric::SorensenDice => strsim::sorensen_dice(a, b),
        }
    }

    /// Whether [`Matcher::find`] keys text with whitespace inside by its
    /// skeleton: where no probe may be written with a legal suffix, none is
    /// dropped from the text first.
    pub(super) fn keys_spaced_text_by_skeleton(&self) -> bool {
        !self.names
    }
}

impl Matcher for Fuzzy {
    fn find(&self, value: &str, scratch: &mut Scratch, hits: &mut Vec<Hit>) {
        let Scratch {
            view,
            key,
            hashes,
            rebuilt,
            ..
        } = scratch;
        view.describe(value, self.has_len.len());
        key.clear();
        if self.names
            && !view.salesforce_id
            && value.contains(' ')
            && forms::has_legal_suffix(value)
        {
            if !fuzzy_key(value, key, self.has_len.len(), view) {
                return;
            }
        } else if view.fits {
            key.push_str(&view.skeleton);
        } else {
            return;
        }
        self.near(key, key_hash(key), hashes, rebuilt, hits);
    }
}

/// The keys of one stretch of probes and their variants, with the keys'
/// shapes and which lengths (of [`MIN_FUZZY_LEN`] and more) they have.
#[derive(Default)]
pub(super) struct KeysPart {
    keys: Keys,
    variants: IndexBuilder<Variant>,
    shapes: KeyShapes,
    lens: Lengths,
}

/// The keys of `probes`, the first of which is probe `first`, and their
/// variants, by stretches on every core: an index over every company of an
/// export has millions of them. What the keys look like, and how long they
/// are, is told on the way.
pub(super) fn parts(first: usize, probes: &[String]) -> Vec<KeysPart> {
    let so_far = first + probes.len();
    probes
        .par_chunks(BUILD_CHUNK)
        .enumerate()
        .map(|(chunk, probes)| {
            let mut part = KeysPart {
                shapes: KeyShapes::new(so_far),
                ..KeysPart::default()
            };
            let keys = &mut part.keys;
            let mut hashes = DeletionHashes::default();
            let mut view = View::default();
            for (j, id) in probes.iter().enumerate() {
                let from = keys.text.len();
                // One character off a machine-made id is another record,
                // never a typo: such ids are not indexed, so nothing is
                // similar to them. Names are compared word by word (see
                // `words`).
                if MachineId::of(id).is_none() && !forms::is_name(id) {
                    fuzzy_key(id, &mut keys.text, usize::MAX, &mut view);
                }
                keys.ends.push(keys.text.len());
                let key = &keys.text[from..];
                if !key.is_empty() {
                    part.shapes.add(key);
                }
                let key = key.as_bytes();
                if key.len() >= MIN_FUZZY_LEN {
                    part.lens.add(key);
                    let i = (first + chunk * BUILD_CHUNK + j) as u32;
                    hashes.compute(key, true);
                    for (at, &h) in hashes.out.iter().enumerate() {
                        part.variants.insert(h, Variant::of(i, key, at));
                    }
                }
            }
            part
        })
        .collect()
}

/// Every probe's fuzzy key, end to end in one string: with every company
/// sampled, a string each would be millions of allocations, and as many
/// frees at the end.
#[derive(Debug, Default)]
pub(super) struct Keys {
    text: String,
    /// Where each probe's key ends in `text`; it starts where the one
    /// before it ends.
    ends: Vec<usize>,
}

impl Keys {
    /// The key of probe `i`.
    pub(super) fn get(&self, i: usize) -> &str {
        let start = i.checked_sub(1).map_or(0, |before| self.ends[before]);
        &self.text[start..self.ends[i]]
    }

    /// The keys of `parts`, in order.
    fn join(parts: Vec<Keys>) -> Keys {
        let mut all = Keys {
            text: String::with_capacity(parts.iter().map(|p| p.text.len()).sum()),
            ends: Vec::with_capacity(parts.iter().map(|p| p.ends.len()).sum()),
        };
        for part in parts {
            let shift = all.text.len();
            all.text.push_str(&part.text);
            all.ends.extend(part.ends.iter().map(|end| end + shift));
        }
        all
    }
}

/// The key values are compared by for similarity: a Salesforce id as it is,
/// otherwise the skeleton of the name without its legal suffix. False when
/// the key would be `max` bytes or longer.
fn fuzzy_key(value: &str, out: &mut String, max: usize, view: &mut View) -> bool {
    let trimmed = forms::trim(value);
    if forms::is_salesforce_id(trimmed) {
        out.push_str(trimmed);
        return true;
    }
    if trimmed.contains(' ')
        && forms::has_legal_suffix(trimmed)
        && let Some(name) = view.legal_suffix(trimmed)
    {
        return forms::skeleton_bounded(name, out, max);
    }
    forms::skeleton_bounded(trimmed, out, max)
}

/// Slots of the memo of a large index, `2^MEMO_BITS`: 64 MiB, shared by
/// the workers, for the hundreds of thousands of distinct keys a
/// million-row export brings to it.
const MEMO_BITS: u32 = 20;

/// The probes near a value on one side (sampled ids or decoys).
enum Near {
    None,
    /// The one near probe, and if it was scored on a key rebuilt from the
    /// value's, the value's variant and the probe's that rebuilt it.
    One(Hit, Option<(usize, Variant)>),
    Several,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `fuzzy` finds near `value`, by the plain path of the ladder.
    fn near(fuzzy: &Fuzzy, value: &str, scratch: &mut Scratch) -> Vec<(u32, u64)> {
        let mut hits = Vec::new();
        let hash = key_hash(value);
        fuzzy.near(
            value,
            hash,
            &mut scratch.hashes,
            &mut scratch.rebuilt,
            &mut hits,
        );
        hits.iter()
            .map(|h| (h.id, h.evidence.similarity.to_bits()))
            .collect()
    }

    #[test]
    fn rebuilt_keys_and_the_memo_find_what_reading_the_keys_finds() {
        // A dense block of numbers: most values are near several ids.
        let ids: Vec<String> = (0..3000).map(|i| (100_000 + 7 * i).to_string()).collect();
        let decoys: Vec<String> = (0..3000).map(|i| (100_003 + 7 * i).to_string()).collect();
        let probes = Probes::new(ids, decoys);
        let mut read = Fuzzy::new(&probes, Metric::JaroWinkler, 0.9);
        let small = Fuzzy::new(&probes, Metric::JaroWinkler, 0.9);
        let mut large = Fuzzy::new(&probes, Metric::JaroWinkler, 0.9);
        assert!(!read.large);
        read.memo = None;
        large.memo = Some(NearMemo::new(10));
        large.large = true;
        let (mut a, mut b, mut c) = (Scratch::default(), Scratch::default(), Scratch::default());
        let mut found = 0;
        // Each value twice: the second time from the memo.
        for round in 0..2 {
            for v in (10_000..13_000).chain(100_000..121_000).step_by(3) {
                let v = v.to_string();
                let want = near(&read, &v, &mut a);
                assert_eq!(near(&large, &v, &mut b), want, "{v} in round {round}");
                assert_eq!(
                    near(&small, &v, &mut c),
                    want,
                    "{v} in round {round}, small"
                );
                found += want.len();
            }
        }
        assert!(found > 100, "the values must find some: {found}");
    }

    #[test]
    fn keys_kept_end_to_end_are_each_probe_s_own() {
        let ids: Vec<String> = (0..BUILD_CHUNK + 3)
            .map(|i| match i % 3 {
                0 => format!("Acme {i} GmbH"),
                1 => format!("cmp_{i:x}"),
                _ => format!("Zürich-{i}"),
            })
            .collect();
        let fuzzy = Fuzzy::new(&Probes::without_decoys(ids.clone()), Metric::Jaro, 0.9);
        let keys: Vec<&str> = (0..fuzzy.keys.ends.len())
            .map(|i| fuzzy.keys.get(i))
            .collect();
        assert_eq!(keys.len(), ids.len());
        for (i, id) in ids.iter().enumerate() {
            let mut want = String::new();
            if MachineId::of(id).is_none() && !forms::is_name(id) {
                fuzzy_key(id, &mut want, usize::MAX, &mut View::default());
            }
            assert_eq!(keys[i], want, "{id}");
            assert_eq!(fuzzy.keys.get(i), want, "{id}");
        }
        assert!(keys.iter().any(|k| k.is_empty()) && keys.iter().any(|k| !k.is_empty()));
    }

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
