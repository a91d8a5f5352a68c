//! The buffers one worker reuses for every cell, and what the matchers
//! work out once per cell.

use super::chars;
use super::deletions::DeletionHashes;
use super::evidence::Hit;
use super::forms;
use super::transforms;
use hashbrown::HashTable;
use std::sync::atomic::{AtomicU64, Ordering};

/// Buffers one worker reuses for every cell, so matching allocates nothing
/// per cell on the common path.
#[derive(Debug, Default)]
pub struct Scratch {
    pub(super) view: View,
    pub(super) key: String,
    /// A number's other keys, while its skeleton is kept in `key`.
    pub(super) number_key: String,
    pub(super) candidates: Vec<u32>,
    /// The words of a name's index each word of a value pairs with.
    pub(super) near_words: Vec<super::words::NearWord>,
    /// Which of the value's words each word of a name's index pairs with,
    /// by the word's place (see `words::Paired`): nothing but while a value
    /// is matched.
    pub(super) near_by_word: Vec<super::words::Paired>,
    /// The words of a name's index each word pairs with, by word.
    pub(super) word_pairs: Recall<(u32, bool)>,
    /// What the cells the ladder described matched, by cell: without and
    /// with similarity (see [`Ladder`](super::Ladder)).
    pub(super) described: [Recall<Hit>; 2],
    /// What the values of lists matched, by value: an e-mail address comes
    /// back in each of a row's notes. Where they rarely come back (phone
    /// numbers), it is given up (see [`OnTrial`]).
    pub(super) pieces: OnTrial<Hit>,
    pub(super) hashes: DeletionHashes,
    /// A probe's fuzzy key, rebuilt from a value's (see `deletions`).
    pub(super) rebuilt: Vec<u8>,
    pub(super) forms: Vec<Option<Option<String>>>,
    /// What the values of a cell matched, one at a time.
    pub(super) parts: Vec<super::evidence::Hit>,
}

impl Scratch {
    /// Forgets what this worker remembers of the cells and words it met,
    /// keeping its buffers: the next cells cost what they would cost a
    /// worker meeting them first (the kernel benchmarks pass over the same
    /// cells again and again).
    pub fn forget(&mut self) {
        self.word_pairs.forget();
        self.described.iter_mut().for_each(Recall::forget);
        self.pieces.forget();
    }
}

/// A new index's id, by which a [`Recall`] tells the answers of one index
/// from another's.
pub(super) fn index_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Answers one worker worked out over one index, remembered by question:
/// the streets, places and words of text cells come back from row to row
/// and from column to column, and each costs far more to work out again
/// than to look up.
///
/// An answer is a list of items; the questions' bytes and the answers'
/// items are kept end to end, so remembering allocates nothing once the
/// buffers have grown.
#[derive(Debug)]
pub(super) struct Recall<A> {
    /// The index the answers are of (see [`index_id`]).
    of: Option<u64>,
    table: HashTable<Remembered>,
    questions: Vec<u8>,
    answers: Vec<A>,
}

/// Where one question and its answer are kept.
#[derive(Debug, Clone, Copy)]
struct Remembered {
    hash: u64,
    question: (u32, u32),
    answer: (u32, u32),
}

/// Answers a [`Recall`] holds at most, and the bytes of their questions:
/// it is emptied when either is reached, so that it keeps up with the text
/// a worker reads without growing with it.
pub(super) const RECALLED: usize = 4096;
const RECALLED_BYTES: usize = 1 << 18;

impl<A> Default for Recall<A> {
    fn default() -> Self {
        Recall {
            of: None,
            table: HashTable::new(),
            questions: Vec::new(),
            answers: Vec::new(),
        }
    }
}

fn range((from, to): (u32, u32)) -> std::ops::Range<usize> {
    from as usize..to as usize
}

impl<A: Copy> Recall<A> {
    /// The answer to `question` over index `of`, if it was remembered.
    pub(super) fn get(&mut self, of: u64, question: &[u8]) -> Option<&[A]> {
        if self.of != Some(of) {
            self.forget();
            self.of = Some(of);
        }
        let questions = &self.questions;
        let found = self.table.find(hash(question), |r| {
            &questions[range(r.question)] == question
        })?;
        Some(&self.answers[range(found.answer)])
    }

    /// Remembers `answer` to `question` (not remembered yet) over the index
    /// last asked of.
    pub(super) fn remember(&mut self, question: &[u8], answer: impl IntoIterator<Item = A>) {
        if self.table.len() >= RECALLED || self.questions.len() >= RECALLED_BYTES {
            self.forget();
        }
        let at = |v: usize| u32::try_from(v).expect("bounded by RECALLED_BYTES");
        let (q, a) = (self.questions.len(), self.answers.len());
        self.questions.extend_from_slice(question);
        self.answers.extend(answer);
        let remembered = Remembered {
            hash: hash(question),
            question: (at(q), at(self.questions.len())),
            answer: (at(a), at(self.answers.len())),
        };
        self.table
            .insert_unique(remembered.hash, remembered, |r| r.hash);
    }

    fn forget(&mut self) {
        self.table.clear();
        self.questions.clear();
        self.answers.clear();
    }

    /// How many answers are remembered.
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.table.len()
    }
}

/// A [`Recall`] on trial: over each stretch of [`ON_TRIAL_EVERY`] questions
/// a worker asks over one index, it is looked up for the first
/// [`ON_TRIAL`], and for the rest only if it answered one in
/// [`ON_TRIAL_PAYS`] of those. A question it cannot answer costs a hash, a
/// look-up and the bytes kept, which only answers pay for: the values of a
/// note's lists are mostly e-mail addresses that come back in each note of
/// a row, or phone numbers that never do. A recall given up on answers
/// nothing and keeps nothing; what is found is the same either way.
#[derive(Debug)]
pub(super) struct OnTrial<A> {
    recall: Recall<A>,
    /// How many questions were asked and answered in this stretch, over the
    /// index the recall is of.
    asked: u32,
    answered: u32,
}

/// Questions an [`OnTrial`] recall is looked up for at the start of each
/// stretch, one in [`ON_TRIAL_PAYS`] of which it must answer to be kept.
const ON_TRIAL: u32 = 4096;
const ON_TRIAL_PAYS: u32 = 4;
/// Questions in a stretch, after which the recall is tried again: the text
/// of later rows may repeat more.
const ON_TRIAL_EVERY: u32 = 16 * ON_TRIAL;

impl<A> Default for OnTrial<A> {
    fn default() -> Self {
        OnTrial {
            recall: Recall::default(),
            asked: 0,
            answered: 0,
        }
    }
}

impl<A: Copy> OnTrial<A> {
    /// [`Recall::get`], unless the recall is given up on.
    pub(super) fn get(&mut self, of: u64, question: &[u8]) -> Option<&[A]> {
        // A recall given up on is not asked, and is of the index before:
        // the recall itself forgets it once it is asked over this one.
        if self.recall.of != Some(of) {
            (self.asked, self.answered) = (0, 0);
        }
        let on_trial = self.asked < ON_TRIAL;
        let given_up = self.given_up();
        self.asked += 1;
        if self.asked == ON_TRIAL_EVERY {
            (self.asked, self.answered) = (0, 0);
        }
        if given_up {
            return None;
        }
        let found = self.recall.get(of, question);
        self.answered += u32::from(on_trial && found.is_some());
        found
    }

    /// [`Recall::remember`], unless the recall is given up on.
    pub(super) fn remember(&mut self, question: &[u8], answer: impl IntoIterator<Item = A>) {
        if !self.given_up() {
            self.recall.remember(question, answer);
        }
    }

    /// Whether this stretch's trial is over, and too few questions were
    /// answered in it.
    fn given_up(&self) -> bool {
        self.asked >= ON_TRIAL && self.answered * ON_TRIAL_PAYS < ON_TRIAL
    }

    /// Forgets every answer, and the index: the next question starts a
    /// stretch.
    fn forget(&mut self) {
        self.recall.forget();
        self.recall.of = None;
    }

    /// How many answers are remembered.
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.recall.len()
    }
}

fn hash(question: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(question)
}

/// What every matcher needs to know of a cell, worked out once per cell.
#[derive(Debug, Default)]
pub(super) struct View {
    /// Set by the ladder while its steps look at one value, so they share
    /// this view; a matcher called on its own describes anew.
    pub(super) shared: bool,
    pub(super) salesforce_id: bool,
    /// The skeleton of the trimmed value (a Salesforce id as it is), if it is
    /// no longer than the bound it was described with.
    pub(super) skeleton: String,
    pub(super) fits: bool,
    /// What was worked out of the last value asked (see
    /// [`View::name_words`] and [`View::legal_suffix`]).
    last: Last,
}

/// A value, and its forms as far as they were asked for.
#[derive(Debug, Default)]
struct Last {
    of: Option<String>,
    /// Whether it has name words, once asked; they are in `text` and
    /// `spans` (see [`forms::name_words_into`]), kept from value to value
    /// so that a cell's words cost no allocation.
    words: Option<bool>,
    text: String,
    spans: Vec<(usize, usize)>,
    legal_suffix: Option<Option<String>>,
}

impl Last {
    /// This, for `s`: what was worked out of another value is forgotten.
    fn of(&mut self, s: &str) -> &mut Last {
        if self.of.as_deref() != Some(s) {
            let of = self.of.get_or_insert_with(String::new);
            of.clear();
            of.push_str(s);
            self.words = None;
            self.legal_suffix = None;
        }
        self
    }
}

/// A value's significant words, as [`forms::name_words`] has them, in
/// the view's buffers.
#[derive(Debug, Clone, Copy)]
pub(super) struct NameWords<'a> {
    text: &'a str,
    spans: &'a [(usize, usize)],
}

impl<'a> NameWords<'a> {
    pub(super) fn len(&self) -> usize {
        self.spans.len()
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        let text = self.text;
        self.spans.iter().map(move |&(a, b)| &text[a..b])
    }

    /// The name-words key of the value (see `keys::for_each_key`): the
    /// skeleton of [`transforms::name_of_words`] of the words joined, put in
    /// `key`; false, with `key` cleared, when what they join is no name.
    /// Words are lowercase letters and digits already. Where each character
    /// is ASCII or one NFKC keeps wherever it stands (accented Latin, Greek,
    /// Cyrillic), nothing folds them further, and the skeleton of the words
    /// joined is the words one after another, with `ς` as `σ`: whether they
    /// read as a name is told from them, and the joined string is neither
    /// built nor read again.
    pub(super) fn key_into(&self, key: &mut String) -> bool {
        key.clear();
        let ascii = self.text.is_ascii();
        if !ascii && !chars::kept_by_nfkc(self.text) {
            let Some(name) = transforms::name_of_words(self.joined()) else {
                return false;
            };
            forms::skeleton_into(&name, key);
            return true;
        }
        // As `forms::is_name` reads the joined words: no run of four ASCII
        // digits (spaces part the words' digits; no word has an `@`), a
        // letter, and either two words or one word without ASCII digits
        // that is no machine-made id. ASCII letters in the words are
        // lowercase, told from digits by which side of `9` they are.
        let (mut letters, mut only_letters) = (false, true);
        for word in self.iter() {
            debug_assert!(
                word.chars()
                    .all(|c| c.is_alphanumeric() && !c.is_ascii_uppercase())
            );
            let (mut run, mut longest) = (0u32, 0u32);
            // A byte of a character that is not ASCII is above `9` too.
            for &b in word.as_bytes() {
                let digit = b <= b'9';
                run = if digit { run + 1 } else { 0 };
                longest = longest.max(run);
                letters |= !digit;
                only_letters &= !digit;
            }
            if longest >= 4 {
                return false;
            }
        }
        // Such a character may be a digit (`٣`), which is no letter.
        if !ascii {
            letters = self.text.chars().any(char::is_alphabetic);
        }
        // One word is asked of by itself: the text may hold it twice, as
        // each word was written before the same words were dropped.
        let one_word_name =
            || only_letters && self.iter().all(|w| forms::MachineId::of(w).is_none());
        if !letters || !(self.len() > 1 || one_word_name()) {
            return false;
        }
        self.iter().for_each(|word| key.push_str(word));
        // The skeleton folds case as Unicode's case folding does, with one
        // sigma for the two that lower case writes.
        if !ascii && key.contains('ς') {
            *key = key.replace('ς', "σ");
        }
        true
    }

    /// The words apart by single spaces.
    pub(super) fn joined(&self) -> String {
        let len = self.spans.iter().map(|&(a, b)| b - a + 1).sum();
        let mut joined = String::with_capacity(len);
        for word in self.iter() {
            if !joined.is_empty() {
                joined.push(' ');
            }
            joined.push_str(word);
        }
        joined
    }
}

impl View {
    /// The significant words of `s` ([`forms::name_words`]) if it reads as
    /// a name ([`forms::is_name`]). What was worked out of the last value
    /// asked is kept: the keys of a cell and the names' step both ask for
    /// its words, and working them out is much of what a text cell costs.
    pub(super) fn name_words(&mut self, s: &str) -> Option<NameWords<'_>> {
        let last = self.last.of(s);
        let some = *last.words.get_or_insert_with(|| {
            forms::is_name(s) && forms::name_words_into(s, &mut last.text, &mut last.spans)
        });
        some.then_some(NameWords {
            text: &last.text,
            spans: &last.spans,
        })
    }

    /// [`transforms::legal_suffix`] of `s`, kept as the words are: the keys
    /// of a cell and its fuzzy key both ask for it.
    pub(super) fn legal_suffix(&mut self, s: &str) -> Option<&str> {
        self.last
            .of(s)
            .legal_suffix
            .get_or_insert_with(|| transforms::legal_suffix(s))
            .as_deref()
    }

    /// Describes `value`, unless the ladder already did for this value.
    pub(super) fn describe(&mut self, value: &str, max: usize) {
        if self.shared {
            return;
        }
        let trimmed = forms::trim(value);
        self.salesforce_id = forms::is_salesforce_id(trimmed);
        self.skeleton.clear();
        self.fits = if self.salesforce_id {
            self.skeleton.push_str(trimmed);
            true
        } else {
            forms::skeleton_bounded(trimmed, &mut self.skeleton, max)
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recall_on_trial_is_given_up_for_a_stretch_where_it_answers_too_few() {
        // Asked `ON_TRIAL` questions over index 1, `answered` of them one it
        // remembered; the others new, and not remembered.
        let tried = |answered: u32| {
            let mut recall: OnTrial<u32> = OnTrial::default();
            assert_eq!(recall.get(1, b"again"), None);
            recall.remember(b"again", [7]);
            for i in 1..ON_TRIAL {
                let new = format!("new {i}");
                let question = if i <= answered {
                    &b"again"[..]
                } else {
                    new.as_bytes()
                };
                let want = (i <= answered).then_some(&[7][..]);
                assert_eq!(recall.get(1, question), want, "question {i}");
            }
            recall
        };
        let pays = ON_TRIAL / ON_TRIAL_PAYS;
        let mut kept = tried(pays);
        assert_eq!(kept.get(1, b"again"), Some(&[7][..]));
        kept.remember(b"more", [8]);
        assert_eq!(kept.get(1, b"more"), Some(&[8][..]));

        let mut given_up = tried(pays - 1);
        assert_eq!(given_up.get(1, b"again"), None, "answers nothing");
        given_up.remember(b"more", [8]);
        assert_eq!(given_up.get(1, b"more"), None, "keeps nothing");
        assert_eq!(given_up.len(), 1);
        // Over another index, or once it forgets, it is on trial again.
        assert_eq!(given_up.get(2, b"again"), None);
        given_up.remember(b"again", [9]);
        assert_eq!(given_up.get(2, b"again"), Some(&[9][..]));
        let mut forgot = tried(0);
        forgot.forget();
        assert_eq!(forgot.get(1, b"again"), None);
        forgot.remember(b"again", [7]);
        assert_eq!(forgot.get(1, b"again"), Some(&[7][..]));
        // After the stretch, it is tried again, with what it kept.
        let mut later = tried(pays - 1);
        for _ in ON_TRIAL..ON_TRIAL_EVERY {
            assert_eq!(later.get(1, b"again"), None);
        }
        assert_eq!(later.get(1, b"again"), Some(&[7][..]));
    }

    #[test]
    fn a_recall_answers_as_it_was_told_over_the_index_asked_and_stays_bounded() {
        let mut recall: Recall<u32> = Recall::default();
        assert_eq!(recall.get(1, b"street"), None);
        recall.remember(b"street", [7, 8]);
        recall.remember(b"", []);
        assert_eq!(recall.get(1, b"street"), Some(&[7, 8][..]));
        assert_eq!(recall.get(1, b""), Some(&[][..]));
        assert_eq!(recall.get(1, b"stree"), None);
        assert_eq!(recall.get(2, b"street"), None, "another index's answer");
        // Questions of up to 200 bytes, more than it holds in number and
        // in bytes: each is answered right after it is told.
        for i in 0..RECALLED * 3 {
            let question = format!("{i:0>width$}", width = 1 + i % 200);
            let answer = [i as u32, 1];
            if recall.get(2, question.as_bytes()).is_none() {
                recall.remember(question.as_bytes(), answer);
            }
            assert_eq!(recall.get(2, question.as_bytes()), Some(&answer[..]));
            assert!(recall.len() <= RECALLED);
            assert!(recall.questions.len() <= RECALLED_BYTES + 200);
            assert!(recall.answers.len() <= 2 * RECALLED);
        }
    }

    /// The name-words key as it was first made: the words joined by
    /// spaces, kept if that reads as a name, and its skeleton.
    fn words_key_by_strings(value: &str) -> Option<String> {
        let words = forms::is_name(value)
            .then(|| forms::name_words(value))
            .flatten()?;
        let name = transforms::name_of_words(words.join(" "))?;
        let mut key = String::new();
        forms::skeleton_into(&name, &mut key);
        Some(key)
    }

    proptest::proptest! {
        // Words of digits alone, runs of four digits that only an
        // apostrophe or a bracket parts, text that is not ASCII (with
        // characters that compose, and a digit that is not ASCII, the only
        // word once `The` is left out), and 24 hex letters, an ObjectId once
        // `The` is left out.
        #[test]
        fn the_name_words_key_is_the_skeleton_of_the_words_joined(
            ascii in "([a-f0-9]{1,6}|[A-Za-z]{1,3}|[ '()&-]|12'34|5\\(x\\)678|inc |the ){0,10}",
            other in "([a-zA-Z0-9 '()]|é|ß|İ|Ａ|①|Σ|ΑΣ|ς|٣|the |e\u{301}|ᄀ|각|\u{1161}){0,12}",
        ) {
            let mut view = View::default();
            let mut key = String::new();
            let fixed = ["The abcdefABCDEFabcdefabcdef", "abcdefabcdef ABCDEFABCDEF", "The ٣"];
            for value in [ascii.as_str(), other.as_str()].into_iter().chain(fixed) {
                let made = view.name_words(value).is_some_and(|w| w.key_into(&mut key));
                proptest::prop_assert_eq!(made.then(|| key.clone()), words_key_by_strings(value), "{:?}", value);
            }
        }
    }

    #[test]
    fn the_forms_kept_are_those_of_the_value_asked() {
        let values = [
            "The Palm (Los Angeles)",
            "The Palm (Los Angeles)",
            "palm, the",
            "cmp_1f3a",
            "Hotel Bel-Air",
            " Hotel Bel-Air",
            "",
            "Hotel Bel-Air",
            "AB 1234",
            "Acme Robotics GmbH",
            "Acme Robotics GmbH",
            "Acme Robotics",
            "cmp_1f3a",
            "Acme.com Inc",
        ];
        let mut view = View::default();
        for value in values {
            let words = forms::is_name(value)
                .then(|| forms::name_words(value))
                .flatten();
            let legal_suffix = transforms::legal_suffix(value);
            let seen = |view: &mut View| {
                view.name_words(value)
                    .map(|w| w.iter().map(str::to_string).collect::<Vec<_>>())
            };
            assert_eq!(seen(&mut view), words, "{value:?}");
            assert_eq!(
                view.legal_suffix(value),
                legal_suffix.as_deref(),
                "{value:?}"
            );
            // Asked again, from what was kept.
            assert_eq!(seen(&mut view), words, "{value:?}");
        }
    }
}
