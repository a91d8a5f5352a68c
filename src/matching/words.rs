//! Similar names, word by word.
//!
//! People write a company's name in many ways: words in another order, a
//! qualifier in parentheses, `&` for `and`, an abbreviated word (`deli` for
//! `delicatessen`), a typo. The `name-words` transform makes the first of
//! these equal; what is left is similar at best. A name is similar to
//! another when their significant words pair up: equal, one an abbreviation
//! of the other, or one typo apart in a word long enough for a typo to be
//! one. The similarity is the Dice coefficient over the paired words, a
//! paired word that is not equal counting 0.9.
//!
//! Candidates share at least one word, so a one-word name is never similar
//! to another one-word name it does not equal: `patria` and `patina` are two
//! restaurants, not a typo.
//!
//! Words such as `capital` or `group` are in hundreds of names, so sharing
//! one says little. So the index is of words: each distinct word of the
//! probes is filed under the keys any word it pairs with shares (see
//! [`near_keys`]), and each word lists the probes that have it. A value's
//! words find the words they pair with through their keys, and a candidate
//! comes from the lists of its rarest words: only as many as a name needs
//! to pair for its similarity to reach the threshold.

use super::evidence::{Evidence, Hit};
use super::index::{IndexBuilder, ProbeIndex};
use super::matcher::Matcher;
use super::probes::Probes;
use super::scratch::{self, Scratch, View};
use rustc_hash::FxHashMap;

/// Names with more words than this are running text, not names.
const MAX_WORDS: usize = 12;

/// A word shorter than this is not abbreviated further, nor typed wrong.
const MIN_ABBREVIATION: usize = 3;
const MIN_TYPO: usize = 5;
/// What a paired word that is not equal counts for.
const NEAR: f64 = 0.9;

/// The word index over the probes that read as names.
pub struct Words {
    threshold: f64,
    /// Probes `0..real` are sampled ids; the rest are decoys.
    real: usize,
    /// Every distinct significant word of the probes.
    vocabulary: Vec<Box<str>>,
    /// Each probe's significant words, as places in `vocabulary`, in the
    /// order of the words; none for probes that are not names.
    words: Vec<Vec<u32>>,
    /// How many words each probe has.
    counts: Vec<u8>,
    /// The probes that have word `w` are `holders[having[w]..having[w + 1]]`,
    /// in order.
    having: Vec<u32>,
    holders: Vec<u32>,
    /// The words of `vocabulary` by the keys a word paired with them shares.
    index: ProbeIndex,
    /// For a name of `n` words, the fewest of them that must pair with a
    /// candidate's words for the similarity to reach the threshold: the
    /// least of `needed[n]` over names of one word or more; `n + 1` if no
    /// name can.
    fewest: [usize; MAX_WORDS + 1],
    /// For names of `a` and `b` words, the fewest words that must pair for
    /// their similarity to reach the threshold; `u8::MAX` when their
    /// lengths alone keep it below (see [`pairs_needed`]).
    needed: [[u8; MAX_WORDS + 1]; MAX_WORDS + 1],
    /// Which index this is, to the workers' memos of the words' pairs.
    id: u64,
}

impl Words {
    /// The index over the name probes of `probes`, keeping matches whose
    /// similarity reaches `threshold`; `None` when no probe is a name.
    pub fn new(probes: &Probes, threshold: f64) -> Option<Words> {
        let mut places: FxHashMap<Box<str>, u32> = FxHashMap::default();
        let mut vocabulary = Vec::new();
        let mut view = View::default();
        let words: Vec<Vec<u32>> = probes
            .all()
            .iter()
            .map(|p| {
                let words = names_words(p, &mut view);
                words
                    .into_iter()
                    .map(|w| {
                        *places.entry(w).or_insert_with_key(|w| {
                            vocabulary.push(w.clone());
                            vocabulary.len() as u32 - 1
                        })
                    })
                    .collect()
            })
            .collect();
        if vocabulary.is_empty() {
            return None;
        }
        let mut having = vec![0u32; vocabulary.len() + 1];
        for &w in words.iter().flatten() {
            having[w as usize + 1] += 1;
        }
        for w in 1..having.len() {
            having[w] += having[w - 1];
        }
        let mut holders = vec![0u32; having[vocabulary.len()] as usize];
        let mut next = having.clone();
        for (probe, ws) in words.iter().enumerate() {
            for &w in ws {
                holders[next[w as usize] as usize] = probe as u32;
                next[w as usize] += 1;
            }
        }
        let mut index = IndexBuilder::default();
        for (w, word) in vocabulary.iter().enumerate() {
            near_keys(word, |key| index.insert(key, w as u32));
        }
        let needed: [[u8; MAX_WORDS + 1]; MAX_WORDS + 1] =
            std::array::from_fn(|a| std::array::from_fn(|b| pairs_needed(a, b, threshold)));
        Some(Words {
            counts: words.iter().map(|w| w.len() as u8).collect(),
            threshold,
            real: probes.sampled().len(),
            vocabulary,
            words,
            having,
            holders,
            index: index.build(),
            fewest: std::array::from_fn(|n| {
                let least = needed[n][1..].iter().copied().min().unwrap_or(u8::MAX);
                if least == u8::MAX {
                    n + 1
                } else {
                    usize::from(least)
                }
            }),
            needed,
            id: scratch::index_id(),
        })
    }

    /// The probes that have word `w`.
    fn holders_of(&self, w: u32) -> &[u32] {
        &self.holders[self.having[w as usize] as usize..self.having[w as usize + 1] as usize]
    }
}

/// For names of `a` and `b` words, the fewest of their words that must pair
/// for the Dice coefficient to reach `threshold`, each pair counting 1 at
/// most; `u8::MAX` where it cannot, as its most is `2 * min / (a + b)`.
/// Worked out once, as [`Words`]' check of each candidate would.
fn pairs_needed(a: usize, b: usize, threshold: f64) -> u8 {
    let sum = (a + b) as f64;
    if a + b == 0 || (2 * a.min(b)) as f64 / sum < threshold {
        return u8::MAX;
    }
    (0..=a.min(b) as u32)
        .find(|&paired| 2.0 * f64::from(paired) / sum >= threshold)
        .map_or(u8::MAX, |p| p as u8)
}

/// A word of the vocabulary that one of a value's words pairs with.
#[derive(Debug, Clone, Copy)]
pub(super) struct NearWord {
    /// Which of the value's words.
    ours: usize,
    /// The place of the vocabulary's word.
    word: u32,
    /// Whether the two are equal.
    equal: bool,
}

/// The words of a value a word of the vocabulary pairs with: bit `i` of
/// `ours` for the value's word `i`, and of `equal` where the two are equal.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Paired {
    ours: u16,
    equal: u16,
}

/// The significant words of `value`, if it reads as a name of a few words.
fn names_words(value: &str, view: &mut View) -> Vec<Box<str>> {
    match view.name_words(value) {
        Some(words) if words.len() <= MAX_WORDS => words.iter().map(Into::into).collect(),
        _ => Vec::new(),
    }
}

impl Matcher for Words {
    fn find(&self, value: &str, scratch: &mut Scratch, hits: &mut Vec<Hit>) {
        let Scratch {
            view,
            near_words: near,
            near_by_word: by_word,
            word_pairs: memo,
            candidates,
            ..
        } = scratch;
        let ours = match view.name_words(value) {
            Some(words) if words.len() <= MAX_WORDS => words,
            _ => return,
        };
        let a = ours.len();
        if a == 0 || self.fewest[a] > a {
            return;
        }
        // The words of the vocabulary each of ours pairs with, in the order
        // of ours, and whether one of them is ours itself.
        near.clear();
        for (i, w) in ours.iter().enumerate() {
            let pair = |(word, equal)| NearWord {
                ours: i,
                word,
                equal,
            };
            if let Some(pairs) = memo.get(self.id, w.as_bytes()) {
                near.extend(pairs.iter().copied().map(pair));
                continue;
            }
            let from = near.len();
            near_keys(w, |key| {
                for &v in self.index.probes_of(key) {
                    if !near[from..].iter().any(|n| n.word == v)
                        && word_similarity(w, &self.vocabulary[v as usize]) > 0.0
                    {
                        near.push(pair((v, *self.vocabulary[v as usize] == *w)));
                    }
                }
            });
            memo.remember(w.as_bytes(), near[from..].iter().map(|n| (n.word, n.equal)));
        }
        // Candidates share a word.
        if !near.iter().any(|n| n.equal) {
            return;
        }
        // A candidate pairs with at least `fewest` of our words, so it holds
        // one that pairs with a word of any `a - fewest + 1` of them: those
        // whose words are held by the fewest probes.
        let held = |i: usize| -> usize {
            near.iter()
                .filter(|n| n.ours == i)
                .map(|n| self.holders_of(n.word).len())
                .sum()
        };
        let mut order = [(0, 0); MAX_WORDS];
        let order = &mut order[..a];
        for (i, slot) in order.iter_mut().enumerate() {
            *slot = (held(i), i);
        }
        order.sort_unstable();
        let from = a - self.fewest[a].max(1) + 1;
        candidates.clear();
        for &(_, i) in &order[..from] {
            for n in near.iter().filter(|n| n.ours == i) {
                candidates.extend_from_slice(self.holders_of(n.word));
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        // Which of our words each word of the vocabulary pairs with, by its
        // place: a candidate's words are each looked up once, and most
        // pair with none. Set for our near words here and cleared below.
        if by_word.len() < self.vocabulary.len() {
            by_word.resize(self.vocabulary.len(), Paired::default());
        }
        for n in near.iter() {
            let p = &mut by_word[n.word as usize];
            p.ours |= 1 << n.ours;
            p.equal |= u16::from(n.equal) << n.ours;
        }
        // As with any similarity, a name near two sampled names is evidence
        // for neither; sampled ids and decoys are judged apart.
        let real = self.real as u32;
        let (reals, decoys) = candidates.split_at(candidates.partition_point(|&id| id < real));
        for side in [reals, decoys] {
            let mut found = None;
            for &id in side {
                // Dice can reach at most 2 * min / (sum) of the word counts:
                // names of very different lengths are never similar. And
                // only words that pair count, 1 at most each. The counts
                // are told apart from the words, which are read only for a
                // candidate of a count that could be.
                let b = usize::from(self.counts[id as usize]);
                let needed = self.needed[a].get(b).copied().unwrap_or(u8::MAX);
                if needed == u8::MAX {
                    continue;
                }
                let theirs = &self.words[id as usize];
                // Our words that pair with one of theirs, and whether one
                // of those is equal.
                let (mut paired, mut shared) = (0u16, false);
                for &word in theirs {
                    let p = by_word[word as usize];
                    paired |= p.ours;
                    shared |= p.equal != 0;
                }
                if !shared || paired.count_ones() < u32::from(needed) {
                    continue;
                }
                let theirs: Vec<&str> = theirs
                    .iter()
                    .map(|&v| &*self.vocabulary[v as usize])
                    .collect();
                let ours: Vec<&str> = ours.iter().collect();
                let similarity = similarity(&ours, &theirs);
                if similarity < self.threshold {
                    continue;
                }
                if found.is_some() {
                    found = None;
                    break;
                }
                found = Some(Hit {
                    id,
                    evidence: Evidence::similar(similarity),
                });
            }
            hits.extend(found);
        }
        for n in near.iter() {
            by_word[n.word as usize] = Paired::default();
        }
    }
}

/// Calls `each` with the keys of `word` such that any two words that
/// [`word_similarity`] pairs share one: the word; its first three
/// characters (an abbreviation, and a typo past them); and, for a word long
/// enough for a typo, what a typo in its first three characters leaves
/// alike: the characters from the third, or from the fourth, on (a letter
/// changed, added or dropped there, two swapped before the fourth), and the
/// word without its third and fourth (those two swapped).
fn near_keys(word: &str, mut each: impl FnMut(u64)) {
    // Byte offsets of the first five characters.
    let mut at = [word.len(); 5];
    for (slot, (i, _)) in at.iter_mut().zip(word.char_indices()) {
        *slot = i;
    }
    let chars = at.iter().filter(|&&i| i < word.len()).count();
    each(tagged_key((0, word, "")));
    if chars >= MIN_ABBREVIATION {
        each(tagged_key((1, &word[..at[3]], "")));
    }
    if chars >= MIN_TYPO {
        each(tagged_key((2, &word[at[2]..], "")));
        each(tagged_key((2, &word[at[3]..], "")));
        each(tagged_key((3, &word[..at[2]], &word[at[4]..])));
    }
}

/// The key of a tagged piece of a word, or two pieces.
fn tagged_key(key: (u8, &str, &str)) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(key)
}

/// The Dice coefficient of two sets of words, pairing each word of the
/// shorter set with its best unpaired match in the other.
fn similarity(a: &[&str], b: &[&str]) -> f64 {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let mut used = vec![false; long.len()];
    let mut paired = 0.0;
    for w in short {
        let best = long
            .iter()
            .enumerate()
            .filter(|(j, _)| !used[*j])
            .map(|(j, v)| (j, word_similarity(w, v)))
            .filter(|(_, s)| *s > 0.0)
            .max_by(|x, y| x.1.total_cmp(&y.1).then(y.0.cmp(&x.0)));
        if let Some((j, s)) = best {
            used[j] = true;
            paired += s;
        }
    }
    2.0 * paired / (a.len() + b.len()) as f64
}

/// 1 for equal words; [`NEAR`] for an abbreviation (`deli`, `delicatessen`)
/// or one typo (a letter changed, added, dropped or two swapped) in words
/// long enough; 0 otherwise.
fn word_similarity(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let chars = |s: &str| {
        if s.is_ascii() {
            s.len()
        } else {
            s.chars().count()
        }
    };
    let abbreviation = long.starts_with(short) && chars(short) >= MIN_ABBREVIATION;
    let typo = long.len() - short.len() <= 4 && chars(short) >= MIN_TYPO && one_edit(a, b);
    if abbreviation || typo { NEAR } else { 0.0 }
}

/// Whether `a` and `b` (not equal) are one edit apart: a character
/// changed, added or dropped, or two neighbours swapped (the optimal string
/// alignment distance is 1), in one pass and without allocating.
fn one_edit(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = if a.is_ascii() && b.is_ascii() {
        return one_edit_in(a.as_bytes(), b.as_bytes());
    } else {
        (a.chars().collect(), b.chars().collect())
    };
    one_edit_in(&a, &b)
}

fn one_edit_in<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let start = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if short.len() == long.len() {
        // One change, or one swap of neighbours.
        let (x, y) = (&short[start..], &long[start..]);
        !x.is_empty() && x[1..] == y[1..]
            || x.len() >= 2 && x[0] == y[1] && x[1] == y[0] && x[2..] == y[2..]
    } else {
        // One character more in the longer.
        short[start..] == long[start + 1..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `w` finds for `value` with `scratch`: each probe and its
    /// similarity.
    fn similar(w: &Words, value: &str, scratch: &mut Scratch) -> Vec<(u32, f64)> {
        let mut hits = vec![];
        w.find(value, scratch, &mut hits);
        hits.iter().map(|h| (h.id, h.evidence.similarity)).collect()
    }

    /// The probes of [`similar`].
    fn ids(w: &Words, value: &str, scratch: &mut Scratch) -> Vec<u32> {
        let found = similar(w, value, scratch);
        found.into_iter().map(|(id, _)| id).collect()
    }

    fn words(s: &str) -> Vec<Box<str>> {
        names_words(s, &mut View::default())
    }

    #[test]
    fn names_pair_up_word_by_word() {
        let sim = |a, b| {
            let (a, b) = (words(a), words(b));
            let a: Vec<&str> = a.iter().map(|w| &**w).collect();
            let b: Vec<&str> = b.iter().map(|w| &**w).collect();
            similarity(&a, &b)
        };
        assert!((sim("arts delicatessen", "arts deli") - 0.95).abs() < 1e-9);
        assert!((sim("philippes the original", "philippe the original") - 0.95).abs() < 1e-9);
        assert!(sim("Acme Robtoics Group", "Acme Robotics Group") > 0.95);
        assert_eq!(
            sim("patria", "patina"),
            0.0,
            "two edits in one word are another word"
        );
        assert!(sim("fenix", "fenix at the argyle") < 0.9);
        assert!(sim("cafe lalo", "cafe luxembourg") < 0.9);
    }

    proptest::proptest! {
        #[test]
        fn one_edit_agrees_with_the_optimal_alignment_distance(
            a in "[abé]{0,6}",
            b in "[abé]{0,6}",
        ) {
            // Equal words are skipped, not rejected: of so small an alphabet
            // they come often, and a long run would hit proptest's limit on
            // rejected cases.
            if a != b {
                proptest::prop_assert_eq!(one_edit(&a, &b), strsim::osa_distance(&a, &b) == 1);
            }
        }
    }

    fn keys(word: &str) -> Vec<u64> {
        let mut keys = vec![];
        near_keys(word, |k| keys.push(k));
        keys
    }

    proptest::proptest! {
        #[test]
        fn words_that_pair_share_a_key(
            a in "[abcé]{1,9}",
            edit in 0..5usize,
            at in 0..9usize,
            c in "[abcéd]",
        ) {
            // `b` is `a` cut short (an abbreviation) or one edit away.
            let mut b: Vec<char> = a.chars().collect();
            let at = at.min(b.len() - 1);
            let c = c.chars().next().unwrap();
            match edit {
                0 => b.truncate(at + 1),
                1 => b[at] = c,
                2 => b.insert(at, c),
                3 => { b.remove(at); }
                _ => if at + 1 < b.len() { b.swap(at, at + 1) },
            }
            let b: String = b.into_iter().collect();
            if word_similarity(&a, &b) > 0.0 {
                let (ka, kb) = (keys(&a), keys(&b));
                proptest::prop_assert!(ka.iter().any(|k| kb.contains(k)), "{} {}", a, b);
            }
        }
    }

    #[test]
    fn a_name_is_compared_only_with_names_its_words_could_pair_with() {
        // Every name shares `capital`; one also has a typo of `aperture`.
        let mut names: Vec<String> = (0..200).map(|i| format!("Firm{i:03}x Capital")).collect();
        names.push("Apreture Capital".into());
        let w = Words::new(&Probes::without_decoys(names), 0.9).expect("names");
        let mut scratch = Scratch::default();
        assert_eq!(ids(&w, "Aperture Capital Ltd", &mut scratch), [200]);
        assert_eq!(
            scratch.candidates,
            [200],
            "candidates come from the rarer word's lists"
        );
    }

    #[test]
    fn one_edit_is_what_the_optimal_alignment_distance_calls_one() {
        let words = [
            "robotics",
            "robtoics",
            "robotic",
            "rbotics",
            "roboticz",
            "xobotics",
            "robotics!",
            "orbotics",
            "robostic",
            "café",
            "cafe",
            "caff",
            "kafé",
            "éclair",
            "eclair",
        ];
        for a in words {
            for b in words {
                if a != b {
                    assert_eq!(one_edit(a, b), strsim::osa_distance(a, b) == 1, "{a} {b}");
                }
            }
        }
    }

    #[test]
    fn a_worker_s_last_value_leaves_nothing_behind() {
        // `Patena Bistros Central` pairs with both words of `Patina Bistro`
        // (0.72), but shares neither: it is similar only to a worker that
        // still took them for the equal words of the value before.
        let probes = Probes::without_decoys(vec!["Patina Bistro".into(), "Central Park".into()]);
        let w = Words::new(&probes, 0.7).expect("names");
        let values = ["Patina Bistro", "Patena Bistros Central", "Central Park"];
        let mut worker = Scratch::default();
        for value in values.into_iter().chain(values) {
            let fresh = similar(&w, value, &mut Scratch::default());
            assert_eq!(similar(&w, value, &mut worker), fresh, "{value}");
        }
        assert!(similar(&w, values[1], &mut Scratch::default()).is_empty());
    }

    #[test]
    fn names_of_other_word_counts_are_similar_within_dice_s_bound() {
        let probes = Probes::without_decoys(vec![
            "Northwind Traders Pacific Foods Group".into(),
            "Northwind Traders".into(),
        ]);
        let w = Words::new(&probes, 0.8).expect("names");
        let find = |v: &str| similar(&w, v, &mut Scratch::default());
        // Four words of five: 2 * 4 / 9.
        assert_eq!(find("Northwind Traders Pacific Foods"), [(0, 8.0 / 9.0)]);
        // Two of five is below the bound; two of two pair, one a typo (0.9).
        assert_eq!(find("Northwind Tarders"), [(1, 2.0 * 1.9 / 4.0)]);
    }

    #[test]
    fn the_pairs_a_candidate_needs_are_what_dice_s_bounds_ask() {
        // Each count of words and of pairs (a word of ours may pair with a
        // word of theirs another of ours pairs with too), at thresholds on
        // and between the fractions the counts make.
        for threshold in [0.5, 0.6, 2.0 / 3.0, 0.75, 0.8, 0.85, 0.9, 1.0] {
            for a in 1..=MAX_WORDS {
                for b in 0..=MAX_WORDS {
                    let sum = (a + b) as f64;
                    let needed = pairs_needed(a, b, threshold);
                    for paired in 0..=a as u32 {
                        let passes = (2 * a.min(b)) as f64 / sum >= threshold
                            && 2.0 * f64::from(paired) / sum >= threshold;
                        let by_table = needed != u8::MAX && paired >= u32::from(needed);
                        assert_eq!(by_table, passes, "{threshold} {a} {b} {paired}");
                    }
                }
            }
        }
    }

    #[test]
    fn only_names_that_share_a_word_are_compared() {
        let probes = Probes::without_decoys(vec![
            "arts delicatessen".into(),
            "patina".into(),
            "cmp_1f3a".into(),
        ]);
        let w = Words::new(&probes, 0.9).expect("names among the probes");
        assert!(!w.words[0].is_empty() && !w.words[1].is_empty() && w.words[2].is_empty());
        assert_eq!(ids(&w, "Arts Deli", &mut Scratch::default()), [0]);
        assert!(ids(&w, "patria", &mut Scratch::default()).is_empty());
        assert!(ids(&w, "cmp_1f3b", &mut Scratch::default()).is_empty());
    }

    #[test]
    fn a_candidate_shares_a_word_with_the_name_itself() {
        // `deli patina` shares `patina` with the first name; the second's
        // words pair with both of it, but neither is one of them, so only
        // the first is similar (were both, neither would be found).
        let probes = Probes::without_decoys(vec![
            "delicatessen patina".into(),
            "delicatessen patinas".into(),
        ]);
        let w = Words::new(&probes, 0.8).expect("names");
        let found = similar(&w, "deli patina", &mut Scratch::default());
        assert_eq!(found, [(0, 2.0 * 1.9 / 4.0)]);
    }

    #[test]
    fn a_worker_s_remembered_pairs_are_those_of_the_index_it_asks() {
        // One scratch serves two indexes in turn, and more words than it
        // remembers: each finds what a fresh scratch finds.
        let a = Words::new(
            &Probes::without_decoys(vec!["Arts Delicatessen".into()]),
            0.9,
        );
        let b = Words::new(&Probes::without_decoys(vec!["Parts Delicate".into()]), 0.9);
        let (a, b) = (a.expect("a name"), b.expect("a name"));
        let mut shared = Scratch::default();
        let mut values: Vec<String> = vec!["Arts Deli".into(), "Parts Delicate Co".into()];
        // Two words of letters, as the names have: a value with many more
        // words, or with digits, does not read as a name and is not looked up.
        let word = |i: usize| -> String {
            let digits = i.to_string().into_bytes();
            digits.iter().map(|d| char::from(d - b'0' + b'k')).collect()
        };
        values.extend((0..scratch::RECALLED + 10).map(|i| format!("Deli W{}", word(i))));
        values.push("Arts Deli".into());
        for w in [&a, &b, &a] {
            for v in &values {
                let want = ids(w, v, &mut Scratch::default());
                assert_eq!(ids(w, v, &mut shared), want, "{v}");
            }
            assert!(
                shared.word_pairs.len() <= scratch::RECALLED,
                "memory is bounded"
            );
        }
        assert_eq!(ids(&a, "Arts Deli", &mut shared), [0]);
        assert_eq!(ids(&b, "Arts Deli", &mut shared), [] as [u32; 0]);
    }
}
