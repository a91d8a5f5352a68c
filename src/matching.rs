//! Finding sampled ids in account values.
//!
//! Matching is driven from the sample side: lookup structures are built over
//! the probes (the sampled ids, then their decoys) once, and every account
//! cell is streamed through them. Each kind of evidence is a [`Matcher`]; a
//! [`Ladder`] tries them in order, best evidence first, and stops at the first
//! that finds anything, so a cell that matches exactly is never also counted
//! as a weaker match.
//!
//! No matcher compares a cell with every probe. [`Exact`] is one hash lookup;
//! [`Normalized`] looks up a few blocking keys that any two values equal under
//! a transform share, then confirms candidates with the transforms themselves;
//! [`Fuzzy`] looks up the one-character-deletion variants of the cell and
//! scores only the probes that share one. The cost per cell therefore does not
//! grow with the sample.

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::cli::Metric;
use crate::gate::{Gate, KeyShapes};
use crate::normalize::{self, LADDER};

/// How strongly a value stands for an id, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Byte for byte equal: what the sync itself does.
    Exact,
    /// Equal after a named normalization.
    Normalized,
    /// Similar at or above the threshold.
    Fuzzy,
}

/// What one matcher saw between a value and a probe.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evidence {
    pub kind: Kind,
    /// The place in [`LADDER`] of the normalization that made them equal.
    pub step: Option<u8>,
    /// Similarity in 0..=1; 1 for exact and normalized matches.
    pub similarity: f64,
}

impl Evidence {
    pub const EXACT: Evidence = Evidence {
        kind: Kind::Exact,
        step: None,
        similarity: 1.0,
    };

    /// Evidence from the normalization at `step` of the ladder.
    pub fn normalized(step: usize) -> Evidence {
        Evidence {
            kind: Kind::Normalized,
            step: Some(step as u8),
            similarity: 1.0,
        }
    }

    /// The level of the evidence: its kind, then its transform. Evidence at
    /// a lower level is better; similarity only orders evidence within one.
    pub fn level(&self) -> (Kind, Option<u8>) {
        (self.kind, self.step)
    }

    /// The name of the normalization, for normalized evidence.
    pub fn transform(&self) -> Option<&'static str> {
        self.step.map(|s| LADDER[s as usize].name)
    }

    /// Whether `self` is better evidence than `other`: a stronger kind, then an
    /// earlier transform, then a higher similarity.
    pub fn beats(&self, other: &Evidence) -> bool {
        (self.kind, self.step, -self.similarity) < (other.kind, other.step, -other.similarity)
    }
}

/// A probe (by its index) that a value matched.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub id: u32,
    pub evidence: Evidence,
}

/// Buffers one worker reuses for every cell, so matching allocates nothing
/// per cell on the common path.
#[derive(Debug, Default)]
pub struct Scratch {
    view: View,
    key: String,
    candidates: Vec<u32>,
    hashes: DeletionHashes,
    forms: Vec<Option<Option<String>>>,
}

/// What every matcher needs to know of a cell, worked out once per cell.
#[derive(Debug, Default)]
struct View {
    /// Set by [`Ladder::find`] while its steps look at one value, so they
    /// share this view; a matcher called on its own describes anew.
    shared: bool,
    salesforce_id: bool,
    /// The skeleton of the trimmed value (a Salesforce id as it is), if it is
    /// no longer than the bound it was described with.
    skeleton: String,
    fits: bool,
}

impl View {
    /// Describes `value`, unless the ladder already did for this value.
    fn describe(&mut self, value: &str, max: usize) {
        if self.shared {
            return;
        }
        let trimmed = value.trim();
        self.salesforce_id = normalize::is_salesforce_id(trimmed);
        self.skeleton.clear();
        self.fits = if self.salesforce_id {
            self.skeleton.push_str(trimmed);
            true
        } else {
            normalize::skeleton_bounded(trimmed, &mut self.skeleton, max)
        };
    }
}

/// One kind of evidence: finds the probes a cell value matches.
pub trait Matcher: Send + Sync {
    /// Appends to `hits` every probe that `value` matches. `value` is never
    /// empty.
    fn find(&self, value: &str, scratch: &mut Scratch, hits: &mut Vec<Hit>);
}

/// Exact equality, through one hash lookup behind a length filter.
pub struct Exact {
    ids: FxHashMap<Box<[u8]>, u32>,
    /// `has_len[n]`: some probe is `n` bytes long.
    has_len: Vec<bool>,
}

impl Exact {
    pub fn new(probes: &[String]) -> Exact {
        let max = probes.iter().map(String::len).max().unwrap_or(0);
        let mut has_len = vec![false; max + 1];
        let mut ids = FxHashMap::default();
        for (i, id) in probes.iter().enumerate() {
            has_len[id.len()] = true;
            ids.entry(id.as_bytes().into()).or_insert(i as u32);
        }
        Exact { ids, has_len }
    }

    /// [`Matcher::find`] on the bytes of a cell, valid UTF-8 or not.
    fn find_bytes(&self, value: &[u8], hits: &mut Vec<Hit>) {
        if !self.has_len.get(value.len()).copied().unwrap_or(false) {
            return;
        }
        if let Some(&id) = self.ids.get(value) {
            hits.push(Hit {
                id,
                evidence: Evidence::EXACT,
            });
        }
    }
}

impl Matcher for Exact {
    fn find(&self, value: &str, _: &mut Scratch, hits: &mut Vec<Hit>) {
        self.find_bytes(value.as_bytes(), hits);
    }
}

/// Probes by a 64-bit key. Most keys belong to one probe, kept inline; a
/// key shared by several points into a list instead. A bitset in front
/// answers most lookups of absent keys without touching the map. Keys are
/// hashes, so two keys may collide: every candidate is confirmed by the
/// transforms or the metric, so a collision costs a comparison, never a
/// wrong match.
#[derive(Debug)]
struct ProbeIndex {
    /// A probe, or with [`SHARED`] set, the index of a list in `lists`.
    map: FxHashMap<u64, u32>,
    lists: Vec<Vec<u32>>,
    /// Bit `key % FILTER_BITS` is set for every key in `map`.
    filter: Vec<u64>,
}

/// Marks a map entry that points into `lists`.
const SHARED: u32 = 1 << 31;
/// Bits in the filter of present keys (128 KiB: it stays in cache).
const FILTER_BITS: u64 = 1 << 20;

impl Default for ProbeIndex {
    fn default() -> ProbeIndex {
        ProbeIndex {
            map: FxHashMap::default(),
            lists: Vec::new(),
            filter: vec![0; (FILTER_BITS / 64) as usize],
        }
    }
}

impl ProbeIndex {
    /// The word of `filter` that holds `key`'s bit, and the bit.
    fn filter_bit(key: u64) -> (usize, u64) {
        let bit = key % FILTER_BITS;
        ((bit / 64) as usize, 1 << (bit % 64))
    }

    /// Whether `key` may be in `map` (false: certainly not).
    fn may_have(&self, key: u64) -> bool {
        let (word, bit) = ProbeIndex::filter_bit(key);
        self.filter[word] & bit != 0
    }

    fn insert(&mut self, key: u64, probe: u32) {
        let (word, bit) = ProbeIndex::filter_bit(key);
        self.filter[word] |= bit;
        match self.map.entry(key) {
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(probe);
            }
            std::collections::hash_map::Entry::Occupied(mut e) => {
                let slot = *e.get();
                if slot & SHARED != 0 {
                    let list = &mut self.lists[(slot & !SHARED) as usize];
                    if list.last() != Some(&probe) {
                        list.push(probe);
                    }
                } else if slot != probe {
                    e.insert(SHARED | self.lists.len() as u32);
                    self.lists.push(vec![slot, probe]);
                }
            }
        }
    }

    /// Whether some probe is under `key`.
    fn contains(&self, key: u64) -> bool {
        self.may_have(key) && self.map.contains_key(&key)
    }

    /// Appends the probes under `key` to `out`.
    fn get(&self, key: u64, out: &mut Vec<u32>) {
        if !self.may_have(key) {
            return;
        }
        match self.map.get(&key) {
            Some(&slot) if slot & SHARED != 0 => {
                out.extend_from_slice(&self.lists[(slot & !SHARED) as usize])
            }
            Some(&probe) => out.push(probe),
            None => {}
        }
    }
}

/// The 64-bit key of a blocking key.
fn key_hash(key: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(key)
}

/// Up to this many probes, their forms are worked out in advance.
const PRECOMPUTED_FORMS: usize = 100_000;

/// Equality under the transforms of [`LADDER`].
pub struct Normalized {
    /// Blocking key to the probes that have it.
    keys: ProbeIndex,
    /// Each probe's form under each transform, worked out in advance for a
    /// sample; for every company of an export (the mapping) they are worked
    /// out when a candidate needs them, to keep memory small.
    forms: Option<Vec<Vec<Option<Box<str>>>>>,
    probes: Vec<String>,
    /// Which keys a cell can share with some probe.
    reach: Reach,
    /// The shapes of the probes' keys.
    shapes: KeyShapes,
}

impl Normalized {
    pub fn new(probes: &[String]) -> Normalized {
        Normalized::build(probes, probes.len() <= PRECOMPUTED_FORMS)
    }

    fn build(probes: &[String], precompute: bool) -> Normalized {
        let mut keys = ProbeIndex::default();
        let mut shapes = KeyShapes::default();
        let (mut key, mut view) = (String::new(), View::default());
        for (i, id) in probes.iter().enumerate() {
            view.describe(id, usize::MAX);
            for_each_key(id, &view, &Reach::ALL, &mut key, |k| {
                shapes.add(k);
                keys.insert(key_hash(k), i as u32)
            });
        }
        let forms = precompute.then(|| {
            probes
                .iter()
                .map(|id| {
                    LADDER
                        .iter()
                        .map(|t| (t.apply)(id).map(Into::into))
                        .collect()
                })
                .collect()
        });
        Normalized {
            keys,
            forms,
            probes: probes.to_vec(),
            reach: Reach::of(probes),
            shapes,
        }
    }

    /// Whether [`Matcher::find`] could find a probe in `plain`, a value of
    /// ASCII letters and digits alone that is not 15 or 18 long, whose
    /// skeleton is `key`. Such a value has no key but its skeleton unless it
    /// is a number with other forms (leading zeros, E notation), and then
    /// the answer is yes, to be worked out the long way.
    fn plain_may_match(&self, plain: &[u8], key: &str) -> bool {
        let other_forms = plain.first().is_some_and(u8::is_ascii_digit)
            && (plain[0] == b'0'
                || self.reach.scientific
                || plain.iter().any(|b| matches!(b, b'e' | b'E')));
        other_forms || (key.len() <= self.reach.max_skeleton && self.keys.contains(key_hash(key)))
    }
}

impl Matcher for Normalized {
    fn find(&self, value: &str, scratch: &mut Scratch, hits: &mut Vec<Hit>) {
        let Scratch {
            view,
            key,
            candidates,
            forms,
            ..
        } = scratch;
        view.describe(value, self.reach.max_skeleton);
        candidates.clear();
        for_each_key(value, view, &self.reach, key, |k| {
            self.keys.get(key_hash(k), candidates);
        });
        if candidates.is_empty() {
            return;
        }
        candidates.sort_unstable();
        candidates.dedup();
        // The value's forms, computed only as far as the candidates need.
        forms.clear();
        forms.resize(LADDER.len(), None);
        for &id in candidates.iter() {
            let probe = self.probes[id as usize].as_str();
            let step = (0..LADDER.len()).find(|&s| {
                let ours: Option<std::borrow::Cow<str>> = match &self.forms {
                    Some(forms) => forms[id as usize][s].as_deref().map(Into::into),
                    None => (LADDER[s].apply)(probe).map(Into::into),
                };
                let Some(ours) = ours else {
                    return false;
                };
                let theirs = forms[s].get_or_insert_with(|| (LADDER[s].apply)(value));
                theirs.as_deref() == Some(&*ours) && LADDER[s].guard.is_none_or(|g| g(probe, value))
            });
            if let Some(step) = step {
                hits.push(Hit {
                    id,
                    evidence: Evidence::normalized(step),
                });
            }
        }
    }
}

/// What the probes look like, so that a cell skips the keys no probe has: a
/// sample of numbers needs no domain, name or Salesforce-id keys.
#[derive(Debug, Clone)]
pub struct Reach {
    /// The longest probe skeleton: a longer skeleton cannot match.
    pub max_skeleton: usize,
    /// Whether some probe is a Salesforce id, a domain, has letters (and so
    /// may be a name), or is a number that E notation could have mangled.
    pub salesforce_ids: bool,
    pub domains: bool,
    pub names: bool,
    pub scientific: bool,
}

impl Reach {
    pub const ALL: Reach = Reach {
        max_skeleton: usize::MAX,
        salesforce_ids: true,
        domains: true,
        names: true,
        scientific: true,
    };

    fn of(probes: &[String]) -> Reach {
        let mut key = String::new();
        let max_skeleton = probes
            .iter()
            .map(|p| {
                key.clear();
                skeleton_or_id(p.trim(), &mut key);
                // A prefixed probe is also reached by its bare skeleton, which is shorter.
                key.len()
            })
            .max()
            .unwrap_or(0);
        Reach {
            max_skeleton,
            salesforce_ids: probes.iter().any(|p| normalize::salesforce_id(p).is_some()),
            domains: probes.iter().any(|p| normalize::host(p).is_some()),
            names: probes.iter().any(|p| p.chars().any(char::is_alphabetic)),
            scientific: probes
                .iter()
                .any(|p| p.contains(['e', 'E']) && normalize::scientific(p).is_some()),
        }
    }
}

/// Calls `emit` with each blocking key of `value` that `reach` allows. Any two
/// values equal under some transform of the ladder share at least one key:
///
/// - the skeleton (letters and digits, case-folded; a Salesforce id as it is)
///   is kept by `whitespace`, `unicode`, `case` and `separators`;
/// - the skeleton without a legal suffix, for `legal-suffix`;
/// - the whole number, for `leading-zeros` and `decimal`;
/// - the 18-character id, the registrable domain and the scientific key, each
///   marked so that they never meet a skeleton;
/// - the skeleton without a word prefix, for `prefix`.
///
/// A key is only emitted where it differs from the skeleton, and where some
/// probe could have it, so most cells cost one skeleton and one lookup.
fn for_each_key(
    value: &str,
    view: &View,
    reach: &Reach,
    key: &mut String,
    mut emit: impl FnMut(&str),
) {
    let trimmed = value.trim();
    if view.skeleton.is_empty() {
        // No letters or digits: only whitespace can make two such values equal.
        key.clear();
        key.push_str("w:");
        key.extend(normalize::unicode(trimmed));
        emit(key);
    } else if view.fits && view.skeleton.len() <= reach.max_skeleton {
        emit(&view.skeleton);
    }
    let bytes = trimmed.as_bytes();
    if bytes.first().is_some_and(u8::is_ascii_digit) {
        // Leading zeros or a decimal point make the number differ from its skeleton.
        if bytes[0] == b'0' || bytes.contains(&b'.') {
            if let Some(n) = normalize::decimal(trimmed) {
                emit(&n);
            }
        }
        let written_out = bytes.iter().all(u8::is_ascii_digit);
        if (reach.scientific && written_out)
            || (!written_out && bytes.iter().any(|b| matches!(b, b'e' | b'E')))
        {
            if let Some(n) = normalize::scientific(trimmed) {
                emit(&format!("e:{n}"));
            }
        }
    }
    if reach.salesforce_ids && view.salesforce_id {
        if let Some(id) = normalize::salesforce_id(trimmed) {
            key.clear();
            key.push_str("sf:");
            key.push_str(&id);
            emit(key);
        }
    }
    if reach.domains && bytes.contains(&b'.') {
        if let Some(d) = normalize::registrable_domain(trimmed) {
            emit(&format!("d:{d}"));
        }
    }
    if reach.names && bytes.contains(&b' ') && normalize::has_legal_suffix(trimmed) {
        if let Some(name) = normalize::legal_suffix(trimmed) {
            key.clear();
            normalize::skeleton_into(&name, key);
            emit(key);
        }
    }
    if let Some((_, rest)) = normalize::split_prefix(trimmed) {
        key.clear();
        skeleton_or_id(rest, key);
        if !key.is_empty() {
            emit(key);
        }
    }
}

/// The skeleton of `s`, or a Salesforce id as it is written (its case is its
/// identity).
fn skeleton_or_id(s: &str, out: &mut String) {
    if normalize::is_salesforce_id(s) {
        out.push_str(s.trim());
    } else {
        normalize::skeleton_into(s, out);
    }
}

/// Values shorter than this are never compared by similarity: a near miss
/// between two short strings says nothing.
pub const MIN_FUZZY_LEN: usize = 4;

/// Similarity at or above a threshold, among probes one deletion apart.
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
    keys: Vec<Box<str>>,
    variants: ProbeIndex,
    /// `has_len[n]`: a probe key is within one character of length `n`.
    has_len: Vec<bool>,
    /// `variant_len[n]`: a probe key or one of its deletions is `n` long.
    variant_len: Vec<bool>,
    /// Whether any probe has letters: only then can a legal suffix matter.
    names: bool,
}

impl Fuzzy {
    pub fn new(probes: &[String], real: usize, metric: Metric, threshold: f64) -> Fuzzy {
        let mut keys = Vec::with_capacity(probes.len());
        let mut variants = ProbeIndex::default();
        let mut has_len = vec![false; 2];
        let mut variant_len = Vec::new();
        let mut hashes = DeletionHashes::default();
        for (i, id) in probes.iter().enumerate() {
            let mut key = String::new();
            fuzzy_key(id, &mut key, usize::MAX);
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
    fn variants_of(&self, key: &[u8], hashes: &mut DeletionHashes) -> bool {
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
    fn verify(
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
                    evidence: Evidence {
                        kind: Kind::Fuzzy,
                        step: None,
                        similarity,
                    },
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
            && normalize::has_legal_suffix(value)
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
    if normalize::is_salesforce_id(trimmed) {
        out.push_str(trimmed);
        return true;
    }
    if trimmed.contains(' ') && normalize::has_legal_suffix(trimmed) {
        if let Some(name) = normalize::legal_suffix(trimmed) {
            return normalize::skeleton_bounded(&name, out, max);
        }
    }
    normalize::skeleton_bounded(trimmed, out, max)
}

/// Hashes of a string and of each string made by deleting one byte of it,
/// with a polynomial hash so that each deletion costs O(1) from prefix and
/// suffix hashes. Equal strings give equal hashes whichever string they came
/// from. The buffers are reused from cell to cell.
#[derive(Debug, Default)]
struct DeletionHashes {
    prefix: Vec<u64>,
    suffix: Vec<u64>,
    pow: Vec<u64>,
    out: Vec<u64>,
}

impl DeletionHashes {
    /// The hash of `s` first, then if `deletions`, those of its deletions.
    fn compute(&mut self, s: &[u8], deletions: bool) {
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

/// A byte string, for the similarity metrics to walk byte by byte.
struct Bytes<'a>(&'a [u8]);

impl<'a> IntoIterator for &Bytes<'a> {
    type Item = &'a u8;
    type IntoIter = std::slice::Iter<'a, u8>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// How the matchers of a run are set up.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub fuzzy: bool,
    pub metric: Metric,
    pub threshold: f64,
}

/// The matchers of a run, best evidence first.
pub struct Ladder {
    exact: Exact,
    /// Says which of the steps after `exact` could match a cell.
    gate: Gate,
    normalized: Normalized,
    fuzzy: Option<Fuzzy>,
    /// The longest skeleton any step looks at.
    max_skeleton: usize,
}

impl Ladder {
    /// The ladder over `probes`, of which the first `real` are sampled ids.
    pub fn new(probes: &[String], real: usize, options: Options) -> Ladder {
        let normalized = Normalized::new(probes);
        let reach = &normalized.reach;
        let mut shapes = normalized.shapes.clone();
        let mut max_skeleton = reach.max_skeleton;
        let fuzzy = options
            .fuzzy
            .then(|| Fuzzy::new(probes, real, options.metric, options.threshold));
        if let Some(fuzzy) = &fuzzy {
            max_skeleton = max_skeleton.max(fuzzy.has_len.len());
            fuzzy.keys.iter().for_each(|k| shapes.add(k));
        }
        let gate = Gate::new(shapes, fuzzy.as_ref().map(|f| f.has_len.clone()), reach);
        Ladder {
            exact: Exact::new(probes),
            gate,
            normalized,
            fuzzy,
            max_skeleton,
        }
    }

    /// Fills `hits` (cleared first) with the best evidence any step finds in
    /// the cell `value`; invalid UTF-8 is replaced in this cell only.
    pub fn find(&self, value: &[u8], scratch: &mut Scratch, hits: &mut Vec<Hit>) {
        hits.clear();
        self.exact.find_bytes(value, hits);
        if !hits.is_empty() {
            return;
        }
        let admit = self.gate.admits(value);
        if !admit.any() {
            return;
        }
        let plain = admit.plain.map(|p| &value[p]);
        if let Some(plain) = plain.filter(|p| !matches!(p.len(), 15 | 18)) {
            // A value of letters and digits alone is its own skeleton and
            // fuzzy key, case-folded (a Salesforce id keeps its case, so those
            // go the long way). Most such keys meet no probe's, and then the
            // cell is done without being decoded and described.
            let key = &mut scratch.key;
            key.clear();
            key.extend(plain.iter().map(|b| b.to_ascii_lowercase() as char));
            if !(admit.normalized && self.normalized.plain_may_match(plain, key)) {
                // Only a near miss is left to find, by the cell's own key.
                if let (Some(fuzzy), true) = (&self.fuzzy, admit.fuzzy) {
                    if fuzzy.variants_of(key.as_bytes(), &mut scratch.hashes) {
                        fuzzy.verify(key, &scratch.hashes, &mut scratch.candidates, hits);
                    }
                }
                return;
            }
        }
        let value = text_of(value);
        // One description for every step: the bound covers them all.
        scratch.view.shared = false;
        scratch.view.describe(&value, self.max_skeleton);
        scratch.view.shared = true;
        if admit.normalized {
            self.normalized.find(&value, scratch, hits);
        }
        if let (Some(fuzzy), true, true) = (&self.fuzzy, admit.fuzzy, hits.is_empty()) {
            fuzzy.find(&value, scratch, hits);
        }
        scratch.view.shared = false;
    }
}

/// A cell as text; invalid UTF-8 is replaced in this cell only.
pub fn text_of(value: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(value) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ladder(probes: &[&str], fuzzy: bool) -> Ladder {
        let probes: Vec<String> = probes.iter().map(|s| s.to_string()).collect();
        let options = Options {
            fuzzy,
            metric: Metric::JaroWinkler,
            threshold: 0.9,
        };
        Ladder::new(&probes, probes.len(), options)
    }

    fn find(l: &Ladder, value: &str) -> Vec<(u32, Kind, Option<&'static str>)> {
        let mut hits = vec![];
        l.find(value.as_bytes(), &mut Scratch::default(), &mut hits);
        let mut out: Vec<_> = hits
            .iter()
            .map(|h| (h.id, h.evidence.kind, h.evidence.transform()))
            .collect();
        out.sort_by_key(|h| h.0);
        out
    }

    #[test]
    fn exact_finds_only_byte_equal_values() {
        let l = ladder(&["cmp_1", "cmp_22", "ACME"], false);
        assert_eq!(find(&l, "cmp_22"), [(1, Kind::Exact, None)]);
        assert!(find(&l, "cmp_333333").is_empty());
        assert!(find(&l, "x").is_empty());
    }

    #[test]
    fn normalized_names_the_first_transform_that_matches() {
        let l = ladder(
            &[
                "cmp_1F3A",
                "001A000010khO8J",
                "00123",
                "acme.com",
                "Acme Robotics",
                "4711",
                "123456789012",
            ],
            false,
        );
        let n = |id, t| vec![(id, Kind::Normalized, Some(t))];
        assert_eq!(find(&l, " cmp_1F3A "), n(0, "whitespace"));
        assert_eq!(find(&l, "CMP_1f3a"), n(0, "case"));
        assert_eq!(find(&l, "CMP-1F3A"), n(0, "separators"));
        assert_eq!(find(&l, "001A000010khO8JIAU"), n(1, "salesforce-id"));
        assert_eq!(find(&l, "001a000010kho8jiau"), n(1, "salesforce-id"));
        assert!(
            find(&l, "001a000010kho8j").is_empty(),
            "15-character ids keep their case"
        );
        assert_eq!(find(&l, "123"), n(2, "leading-zeros"));
        assert_eq!(find(&l, "123.0"), n(2, "decimal"));
        assert_eq!(find(&l, "https://www.acme.com/about"), n(3, "domain"));
        assert_eq!(
            find(&l, "https://shop.acme.com"),
            n(3, "registrable-domain")
        );
        assert_eq!(find(&l, "ACME ROBOTICS, INC."), n(4, "legal-suffix"));
        assert_eq!(find(&l, "org-4711"), n(5, "prefix"));
        assert_eq!(find(&l, "1.23457E+11"), n(6, "scientific"));
    }

    #[test]
    fn numbers_of_letters_and_digits_alone_still_meet_their_other_forms() {
        // Cells that the plain-value shortcut must not decide by skeleton.
        let n = |id, t| vec![(id, Kind::Normalized, Some(t))];
        let mangled = ladder(&["1.23457E+11"], false);
        assert_eq!(find(&mangled, "123457000000"), n(0, "scientific"));
        let written = ladder(&["123457000000", "00123"], false);
        assert_eq!(find(&written, "1.23457E11"), n(0, "scientific"));
        assert_eq!(find(&written, "123"), n(1, "leading-zeros"));
        assert_eq!(find(&written, "123457E6"), n(0, "scientific"));
        let plain = ladder(&["123"], false);
        assert_eq!(find(&plain, "000123"), n(0, "leading-zeros"));
        assert!(find(&plain, "1234").is_empty());
    }

    #[test]
    fn prefixed_values_meet_by_their_rest_or_their_skeleton() {
        let n = |id, t| vec![(id, Kind::Normalized, Some(t))];
        let ids = ladder(&["455485", "a455486", "001A000010khO8J"], false);
        assert_eq!(find(&ids, "A-455485"), n(0, "prefix"));
        assert_eq!(find(&ids, "A-455486"), n(1, "separators"));
        assert_eq!(find(&ids, "acct:001A000010khO8J"), n(2, "prefix"));
        assert!(
            find(&ids, "acct:001a000010kho8j").is_empty(),
            "the rest keeps the case of a Salesforce id"
        );
        assert!(find(&ids, "A-455487").is_empty());
    }

    #[test]
    fn similarity_by_bytes_is_the_metric_s_own() {
        for metric in [Metric::JaroWinkler, Metric::Jaro] {
            let f = Fuzzy::new(&["104217".to_string()], 1, metric, 0.9);
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

    #[test]
    fn a_reused_buffer_is_described_anew() {
        // Two cells at the same address and of the same length, as a reused
        // record buffer gives them, must not share a description.
        let l = ladder(&["1042171"], true);
        let mut scratch = Scratch::default();
        let mut buf = String::from("1042178");
        let mut hits = vec![];
        l.find(buf.as_bytes(), &mut scratch, &mut hits);
        assert_eq!(hits.len(), 1, "a near miss");
        buf.replace_range(.., "9999999");
        l.find(buf.as_bytes(), &mut scratch, &mut hits);
        assert!(hits.is_empty(), "stale view: {hits:?}");
    }

    #[test]
    fn forms_worked_out_late_give_the_same_matches() {
        let probes: Vec<String> = [
            "cmp_1F3A",
            "001A000010khO8J",
            "00123",
            "acme.com",
            "Acme Robotics",
            "cus_4711",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let (early, late) = (
            Normalized::build(&probes, true),
            Normalized::build(&probes, false),
        );
        for value in [
            "CMP_1f3a",
            "001A000010khO8JIAU",
            "123.0",
            "www.acme.com",
            "ACME ROBOTICS INC",
            "4711",
            "nothing",
        ] {
            let (mut a, mut b) = (vec![], vec![]);
            early.find(value, &mut Scratch::default(), &mut a);
            late.find(value, &mut Scratch::default(), &mut b);
            assert_eq!(a, b, "{value}");
        }
    }

    #[test]
    fn fuzzy_finds_near_misses_above_the_threshold() {
        let l = ladder(&["Acme Robotics", "Globex Logistics", "104217"], true);
        let found = find(&l, "Acme Robotcs Inc.");
        assert_eq!(found, [(0, Kind::Fuzzy, None)]);
        assert!(find(&l, "Umbrella Health").is_empty());
        assert!(find(&l, "Globex").is_empty(), "too different in length");
        assert!(ladder(&["Acme Robotics"], false).find_is_empty("Acme Robotcs"));
    }

    #[test]
    fn fuzzy_finds_one_edit_of_any_kind_among_ids_of_one_length() {
        let l = ladder(&["104217", "558833"], true);
        for near in ["10421", "104218", "1042177", "014217", "x104217"] {
            assert_eq!(find(&l, near), [(0, Kind::Fuzzy, None)], "{near}");
        }
        assert!(find(&l, "1042").is_empty());
    }

    #[test]
    fn a_value_near_several_sampled_ids_is_no_evidence() {
        let l = ladder(&["1042171", "1042172", "9999999"], true);
        assert!(find(&l, "1042170").is_empty());
        assert_eq!(find(&l, "9999990"), [(2, Kind::Fuzzy, None)]);
    }

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

    impl Ladder {
        fn find_is_empty(&self, value: &str) -> bool {
            let mut hits = vec![];
            self.find(value.as_bytes(), &mut Scratch::default(), &mut hits);
            hits.is_empty()
        }
    }
}
