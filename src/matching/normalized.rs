//! Equality under the named transforms, found through blocking keys.

use std::sync::Arc;

use rayon::prelude::*;

use super::evidence::{Evidence, Hit};
use super::forms;
use super::gate::KeyShapes;
use super::index::{BUILD_CHUNK, IndexBuilder, ProbeIndex, key_hash};
use super::keys::{self, Reach, SALESFORCE_ID, for_each_key};
use super::matcher::Matcher;
use super::scratch::{Scratch, View};
use super::sfid;
use super::transforms::{self, LADDER};
use super::vocabulary::{VOCABULARY_PROBES, Vocabulary};

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
    probes: Arc<[String]>,
    /// Which keys a cell can share with some probe.
    pub(super) reach: Reach,
    /// The shapes of the probes' keys.
    pub(super) shapes: KeyShapes,
    /// The words of the probes' names, while there are at most
    /// [`VOCABULARY_PROBES`] probes.
    vocabulary: Option<Vocabulary>,
}

/// The blocking keys of a stretch of probes, with what they look like.
pub(super) struct KeysPart {
    keys: IndexBuilder,
    shapes: KeyShapes,
    reach: Reach,
    vocabulary: Option<Vocabulary>,
}

/// The keys of `probes`, the first of which is probe `first`, by stretches
/// on every core: an index over every company of an export has millions of
/// keys. What the probes look like is told on the way.
pub(super) fn parts(first: usize, probes: &[String]) -> Vec<KeysPart> {
    let so_far = first + probes.len();
    probes
        .par_chunks(BUILD_CHUNK)
        .enumerate()
        .map(|(chunk, probes)| {
            let mut part = KeysPart {
                keys: IndexBuilder::default(),
                shapes: KeyShapes::new(so_far),
                reach: Reach::NONE,
                vocabulary: (so_far <= VOCABULARY_PROBES).then(Vocabulary::default),
            };
            let (mut key, mut view) = (String::new(), View::default());
            for (j, id) in probes.iter().enumerate() {
                let i = (first + chunk * BUILD_CHUNK + j) as u32;
                view.describe(id, usize::MAX);
                // Unbounded, the view's skeleton is `skeleton_or_id`'s.
                part.reach.add(id, view.skeleton.len());
                for_each_key(id, &mut view, &Reach::ALL, None, &mut key, |k| {
                    part.shapes.add(k);
                    part.keys.insert(key_hash(k), i)
                });
                if let Some(vocabulary) = &mut part.vocabulary
                    && let Some(words) = view.name_words(forms::trim(id))
                {
                    vocabulary.add(words.iter());
                }
            }
            part
        })
        .collect()
}

impl Normalized {
    /// The blocking keys and forms of `probes`.
    pub fn new(probes: Arc<[String]>) -> Normalized {
        let precompute = Normalized::precomputes(probes.len());
        Normalized::build(probes, precompute)
    }

    fn build(probes: Arc<[String]>, precompute: bool) -> Normalized {
        let parts = parts(0, &probes);
        Normalized::of_parts(probes, parts, precompute)
    }

    /// The index over `probes` of `parts`, which cover them all in order.
    pub(super) fn of_parts(
        probes: Arc<[String]>,
        parts: Vec<KeysPart>,
        precompute: bool,
    ) -> Normalized {
        let (mut shapes, mut reach) = (KeyShapes::default(), Reach::NONE);
        let mut vocabulary = Some(Vocabulary::default());
        let mut keys = Vec::with_capacity(parts.len());
        for part in parts {
            shapes.join(&part.shapes);
            reach = reach.join(part.reach);
            vocabulary = vocabulary.zip(part.vocabulary).map(|(mut all, part)| {
                all.join(&part);
                all
            });
            keys.push(part.keys);
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
            keys: IndexBuilder::build_parts(keys),
            forms,
            reach,
            probes,
            shapes,
            vocabulary,
        }
    }

    /// Whether the forms of `n` probes are worked out in advance.
    pub(super) fn precomputes(n: usize) -> bool {
        n <= PRECOMPUTED_FORMS
    }

    /// Whether some probe has the key `key` (whose [`key_hash`] is `hash`)
    /// of `bare`, a value whose one key it is (see
    /// [`Admit::bare`](super::gate::Admit)): its skeleton, or for a value
    /// that may be a Salesforce id, the id as written (its other key, its
    /// 18-character form, is [`Normalized::id_may_match`]'s to look up);
    /// or, where some probe is a number, one of the other keys of a number
    /// ([`keys::for_each_number_key`]), written in `spare`. A value with a
    /// letter other than an exponent's is no number
    /// (`59682fb92d1e80713e000005`, an ObjectId, among numbers).
    pub(super) fn bare_may_match(
        &self,
        bare: &[u8],
        key: &str,
        hash: u64,
        spare: &mut String,
    ) -> bool {
        if key.len() <= self.reach.max_skeleton && self.keys.contains(hash) {
            return true;
        }
        let number = self.shapes.numbers
            && bare.first().is_some_and(u8::is_ascii_digit)
            && bare
                .iter()
                .all(|b| matches!(b, b'0'..=b'9' | b'.' | b',' | b'e' | b'E' | b'+'));
        if !number {
            return false;
        }
        // A number's bytes are ASCII.
        let Some(text) = crate::bytes::ascii_text(bare) else {
            return false;
        };
        let mut found = false;
        keys::for_each_number_key(text, &self.reach, spare, |k| {
            found = found || self.keys.contains(key_hash(k));
        });
        found
    }

    /// Whether [`Matcher::find`] could find a probe in `id`, 15 or 18 ASCII
    /// letters and digits: by its skeleton (itself, if it is a Salesforce
    /// id), by its 18-character form, or as a number with other forms.
    /// `key` and `spare` are scratch space.
    pub(super) fn id_may_match(&self, id: &[u8], key: &mut String, spare: &mut String) -> bool {
        let Some(text) = crate::bytes::ascii_text(id) else {
            return true;
        };
        // Whether `id` is a Salesforce id, and its 18-character form, read
        // once: the key is the id as written, or else its skeleton.
        let id18 = transforms::salesforce_id18(id);
        key.clear();
        if id18.is_some() {
            key.push_str(text);
        } else {
            forms::skeleton_into(text, key);
        }
        if self.bare_may_match(id, key, key_hash(key), spare) {
            return true;
        }
        self.reach.salesforce_ids
            && id18.is_some_and(|id18| {
                key.clear();
                key.push_str(SALESFORCE_ID);
                key.push_str(sfid::as_text(&id18));
                self.keys.contains(key_hash(key))
            })
    }
}

impl Matcher for Normalized {
    fn find(&self, value: &str, scratch: &mut Scratch, hits: &mut Vec<Hit>) {
        self.find_before(value, false, scratch, hits);
    }
}

impl Normalized {
    /// [`Matcher::find`], told whether the words step comes next
    /// (`words_next`): it works out the value's words in any case, so they
    /// are not spared here by the probes' vocabulary. Out of line, as the
    /// trait's `find` is: inlined, it lengthens the gate's path for every
    /// cell (numbers, `--no-fuzzy`: 0.2% more instructions).
    #[inline(never)]
    pub(super) fn find_before(
        &self,
        value: &str,
        words_next: bool,
        scratch: &mut Scratch,
        hits: &mut Vec<Hit>,
    ) {
        let Scratch {
            view,
            key,
            candidates,
            forms,
            ..
        } = scratch;
        view.describe(value, self.reach.max_skeleton);
        candidates.clear();
        let vocabulary = self.vocabulary.as_ref().filter(|_| !words_next);
        for_each_key(value, view, &self.reach, vocabulary, key, |k| {
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
                    evidence: Evidence::normalized(LADDER[step].id),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_probes_look_like_is_told_while_they_are_indexed() {
        let many = |last: &str| {
            let mut probes: Vec<String> = (0..2 * BUILD_CHUNK).map(|i| i.to_string()).collect();
            probes.push(last.to_string());
            probes
        };
        for probes in [
            many("acme.com"),
            many("Acme Robotics GmbH"),
            many("0015g00000xCs3WAAS"),
            many("1.23E+11"),
            many("patina"),
            vec!["cus_4711".to_string(), "00123".to_string()],
        ] {
            let built = Normalized::new(probes.as_slice().into()).reach;
            assert_eq!(built, Reach::of(&probes), "{:?}", probes.last());
        }
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
            Normalized::build(probes.as_slice().into(), true),
            Normalized::build(probes.as_slice().into(), false),
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
}
