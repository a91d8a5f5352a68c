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
//! one says little. Each word is also filed under keys that any word it
//! pairs with shares (see [`near_keys`]); a candidate is compared only if
//! enough of the value's words meet one of its words under some key for
//! the similarity to reach the threshold.

use super::evidence::{Evidence, Hit};
use super::forms;
use super::index::{IndexBuilder, ProbeIndex};
use super::matcher::Matcher;
use super::probes::Probes;
use super::scratch::Scratch;

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
    /// Each probe's significant words; empty for probes that are not names.
    words: Vec<Vec<Box<str>>>,
    /// Word to the probes that have it: under the word itself, and under
    /// the keys a word paired with it shares ([`near_keys`]).
    index: ProbeIndex,
}

impl Words {
    /// The index over the name probes of `probes`, keeping matches whose
    /// similarity reaches `threshold`; `None` when no probe is a name.
    pub fn new(probes: &Probes, threshold: f64) -> Option<Words> {
        let mut index = IndexBuilder::default();
        let words: Vec<_> = probes
            .all()
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let words = names_words(p);
                for w in &words {
                    near_keys(w, |key, _| index.insert(key, i as u32));
                }
                words
            })
            .collect();
        words.iter().any(|w| !w.is_empty()).then(|| Words {
            threshold,
            real: probes.sampled().len(),
            words,
            index: index.build(),
        })
    }
}

/// The significant words of `value`, if it reads as a name of a few words.
fn names_words(value: &str) -> Vec<Box<str>> {
    if !forms::is_name(value) {
        return Vec::new();
    }
    match forms::name_words(value) {
        Some(words) if words.len() <= MAX_WORDS => words.into_iter().map(Into::into).collect(),
        _ => Vec::new(),
    }
}

impl Matcher for Words {
    fn find(&self, value: &str, scratch: &mut Scratch, hits: &mut Vec<Hit>) {
        let ours = names_words(value);
        // Without a word in common, no name is a candidate.
        if !ours.iter().any(|w| self.index.contains(word_key(w))) {
            return;
        }
        // Which of our words meet a word of each candidate, as a bit set,
        // and (above them) which are one of its words.
        let met = &mut scratch.met;
        met.clear();
        for (i, w) in ours.iter().enumerate() {
            near_keys(w, |key, equal| {
                let bits = if equal {
                    1 << i | 1 << (i + 16)
                } else {
                    1 << i
                };
                for &id in self.index.probes_of(key) {
                    *met.entry(id).or_default() |= bits;
                }
            });
        }
        // As with any similarity, a name near two sampled names is evidence
        // for neither; sampled ids and decoys are judged apart.
        let mut near = [None, None];
        let mut several = [false, false];
        for (&id, &mask) in met.iter() {
            let side = usize::from(id >= self.real as u32);
            if several[side] || mask >> 16 == 0 {
                continue;
            }
            let theirs = &self.words[id as usize];
            // Dice can reach at most 2 * min / (sum) of the word counts:
            // names of very different lengths are never similar. And only
            // words that meet one of theirs can pair, each counting 1 at most.
            let (a, b) = (ours.len(), theirs.len());
            let sum = (a + b) as f64;
            if (2 * a.min(b)) as f64 / sum < self.threshold
                || 2.0 * f64::from((mask & 0xffff).count_ones()) / sum < self.threshold
            {
                continue;
            }
            let similarity = similarity(&ours, theirs);
            if similarity < self.threshold {
                continue;
            }
            if near[side].is_some() {
                (near[side], several[side]) = (None, true);
                continue;
            }
            near[side] = Some(Hit {
                id,
                evidence: Evidence::similar(similarity),
            });
        }
        // Sampled ids first, as the scan records them.
        hits.extend(near.into_iter().flatten());
    }
}

/// Calls `each` with the keys of `word` such that any two words that
/// [`word_similarity`] pairs share one, and whether the key is the word
/// itself: the word; its first three characters (an abbreviation, and a
/// typo past them); and, for a word long enough for a typo, what a typo in
/// its first three characters leaves alike: the characters from the third,
/// or from the fourth, on (a letter changed, added or dropped there, two
/// swapped before the fourth), and the word without its third and fourth
/// (those two swapped).
fn near_keys(word: &str, mut each: impl FnMut(u64, bool)) {
    // Byte offsets of the first five characters.
    let mut at = [word.len(); 5];
    for (slot, (i, _)) in at.iter_mut().zip(word.char_indices()) {
        *slot = i;
    }
    let chars = at.iter().filter(|&&i| i < word.len()).count();
    each(word_key(word), true);
    if chars >= MIN_ABBREVIATION {
        each(tagged_key((1, &word[..at[3]], "")), false);
    }
    if chars >= MIN_TYPO {
        each(tagged_key((2, &word[at[2]..], "")), false);
        each(tagged_key((2, &word[at[3]..], "")), false);
        each(tagged_key((3, &word[..at[2]], &word[at[4]..])), false);
    }
}

/// The key a word is filed under as itself.
fn word_key(word: &str) -> u64 {
    tagged_key((0, word, ""))
}

/// The key of a tagged piece of a word, or two pieces.
fn tagged_key(key: (u8, &str, &str)) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(key)
}

/// The Dice coefficient of two sets of words, pairing each word of the
/// shorter set with its best unpaired match in the other.
fn similarity(a: &[Box<str>], b: &[Box<str>]) -> f64 {
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

    fn words(s: &str) -> Vec<Box<str>> {
        names_words(s)
    }

    #[test]
    fn names_pair_up_word_by_word() {
        let sim = |a, b| similarity(&words(a), &words(b));
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
            proptest::prop_assume!(a != b);
            proptest::prop_assert_eq!(one_edit(&a, &b), strsim::osa_distance(&a, &b) == 1);
        }
    }

    fn keys(word: &str) -> Vec<u64> {
        let mut keys = vec![];
        near_keys(word, |k, _| keys.push(k));
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
        let mut hits = vec![];
        w.find("Aperture Capital Ltd", &mut scratch, &mut hits);
        assert_eq!(hits.iter().map(|h| h.id).collect::<Vec<_>>(), [200]);
        let compared = scratch
            .met
            .values()
            .filter(|&&m| (m & 0xffff).count_ones() == 2)
            .count();
        assert_eq!(compared, 1, "only one candidate has both words met");
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
    fn only_names_that_share_a_word_are_compared() {
        let probes = Probes::without_decoys(vec![
            "arts delicatessen".into(),
            "patina".into(),
            "cmp_1f3a".into(),
        ]);
        let w = Words::new(&probes, 0.9).expect("names among the probes");
        assert!(!w.words[0].is_empty() && !w.words[1].is_empty() && w.words[2].is_empty());
        let find = |v: &str| {
            let mut hits = vec![];
            w.find(v, &mut Scratch::default(), &mut hits);
            hits.iter().map(|h| h.id).collect::<Vec<_>>()
        };
        assert_eq!(find("Arts Deli"), [0]);
        assert!(find("patria").is_empty());
        assert!(find("cmp_1f3b").is_empty());
    }
}
