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

use super::evidence::{Evidence, Hit};
use super::forms;
use super::index::{IndexBuilder, ProbeIndex, key_hash};
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
    /// Word to the probes that have it.
    index: ProbeIndex,
}

impl Words {
    /// The index over the name probes of `probes`, keeping matches whose
    /// similarity reaches `threshold`; `None` when no probe is a name.
    pub fn new(probes: &Probes, threshold: f64) -> Option<Words> {
        let mut index = IndexBuilder::default();
        let mut any = false;
        let words = probes
            .all()
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let words = names_words(p);
                for w in &words {
                    index.insert(key_hash(w), i as u32);
                    any = true;
                }
                words
            })
            .collect();
        any.then(|| Words {
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
        if ours.is_empty() {
            return;
        }
        let candidates = &mut scratch.candidates;
        candidates.clear();
        for w in &ours {
            self.index.get(key_hash(w), candidates);
        }
        if candidates.is_empty() {
            return;
        }
        candidates.sort_unstable();
        candidates.dedup();
        // As with any similarity, a name near two sampled names is evidence
        // for neither; sampled ids and decoys are judged apart.
        let real = self.real as u32;
        let (reals, decoys) = candidates.split_at(candidates.partition_point(|&id| id < real));
        for side in [reals, decoys] {
            let mut near = None;
            for &id in side {
                let theirs = &self.words[id as usize];
                // Dice can reach at most 2 * min / (sum) of the word counts:
                // names of very different lengths are never similar.
                let (a, b) = (ours.len(), theirs.len());
                if (2 * a.min(b)) as f64 / ((a + b) as f64) < self.threshold {
                    continue;
                }
                let similarity = similarity(&ours, theirs);
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
