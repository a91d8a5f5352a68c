//! The words of the probes' names, so that a cell whose words can be no
//! probe's skips its name-words key.
//!
//! The `name-words` transform makes two names equal when their significant
//! words are the same set (see [`forms::name_words`]). A cell with a
//! significant word that no probe's name has, or whose set of words no
//! probe has, is therefore equal to none of them under it, and its words,
//! which take longer to work out than any other key of a text cell, need
//! not be. Street addresses and running text (`904 Zephyr Street`,
//! `Renewal due Q2.`) are most of the text cells that reach the keys when
//! the ids are names, and most have such a word; the names of the
//! companies not sampled have the probes' words in other sets.
//!
//! Only the words that a cheap reading of the bytes is sure of are looked
//! up: runs of ASCII letters and digits, outside brackets, after ASCII text
//! alone (NFKC can make a bracket of `（` or `⑴`, and join a letter to the
//! mark that follows it), and not joined to a neighbour by an apostrophe
//! or a bracket, which part no words.

use rustc_hash::FxHashSet;

use super::forms;
use super::index::key_hash_of_bytes;

/// The most probes whose words are kept: with every company of a large
/// export sampled, reading each one's words would cost more than the cells
/// it spares.
pub(super) const VOCABULARY_PROBES: usize = 1 << 15;

/// The hashes of the significant words of the probes that read as names,
/// and of each such probe's set of them.
#[derive(Debug, Clone, Default)]
pub(super) struct Vocabulary {
    words: FxHashSet<u64>,
    sets: FxHashSet<u64>,
}

/// The most words of a value whose set is looked up: a name has fewer.
const MOST_WORDS: usize = 16;

/// The longest word looked up: a longer one is passed over (a probe may
/// have it), so that it is lowered on the stack.
const LONGEST: usize = 32;

impl Vocabulary {
    /// Adds a probe's significant words (lowercase, each once, as
    /// [`forms::name_words`] has them).
    pub(super) fn add<'a>(&mut self, words: impl Iterator<Item = &'a str>) {
        let mut set = 0u64;
        for word in words {
            let hash = key_hash_of_bytes(word.as_bytes());
            self.words.insert(hash);
            set = set.wrapping_add(hash);
        }
        self.sets.insert(set);
    }

    /// The words of both.
    pub(super) fn join(&mut self, other: &Vocabulary) {
        self.words.extend(&other.words);
        self.sets.extend(&other.sets);
    }

    /// Whether the significant words of `trimmed` (a trimmed value) can be
    /// no probe's: one of the words its bytes make sure of is no probe's,
    /// or its bytes make every word sure and no probe has that set of them
    /// (the sum of their hashes, each word once, as
    /// [`Vocabulary::add`] adds them up). False says nothing: the words not
    /// read may be anyone's.
    pub(super) fn rules_out(&self, trimmed: &[u8]) -> bool {
        let mut depth = 0usize;
        let mut lower = [0u8; LONGEST];
        // The words' hashes so far, each once, while every word is sure.
        let (mut seen, mut words, mut all_sure) = ([0u64; MOST_WORDS], 0, true);
        let class = |i: usize| BYTE_CLASSES[usize::from(trimmed[i])];
        let mut i = 0;
        while i < trimmed.len() {
            let c = class(i);
            if c & WORD == 0 {
                // Past a byte that is not ASCII, NFKC may make anything.
                if c & NOT_ASCII != 0 {
                    return false;
                }
                if c & OPENS != 0 {
                    depth += 1;
                } else if c & CLOSES != 0 {
                    depth = depth.saturating_sub(1);
                }
                i += 1;
                continue;
            }
            let start = i;
            while i < trimmed.len() && class(i) & WORD != 0 {
                i += 1;
            }
            if depth > 0 {
                // In brackets: no word.
                continue;
            }
            // An apostrophe on either side may join the run to the next
            // word (`art's` is `arts`), as a bracket does (`ban(k)s` is
            // `bans`); a byte that is not ASCII after it may be a mark NFKC
            // composes with its last letter.
            let apart = |at: Option<usize>| at.is_none_or(|at| class(at) & JOINS == 0);
            let after = (i < trimmed.len()).then_some(i);
            let sure = i - start <= LONGEST && apart(start.checked_sub(1)) && apart(after);
            if !sure {
                all_sure = false;
                continue;
            }
            let word = &mut lower[..i - start];
            word.copy_from_slice(&trimmed[start..i]);
            word.make_ascii_lowercase();
            if forms::is_dropped(word) {
                continue;
            }
            let hash = key_hash_of_bytes(word);
            if !self.words.contains(&hash) {
                return true;
            }
            if all_sure && !seen[..words].contains(&hash) {
                if words == MOST_WORDS {
                    all_sure = false;
                } else {
                    seen[words] = hash;
                    words += 1;
                }
            }
        }
        let set = seen[..words]
            .iter()
            .fold(0u64, |set, &hash| set.wrapping_add(hash));
        all_sure && words > 0 && !self.sets.contains(&set)
    }
}

/// What [`Vocabulary::rules_out`] reads a byte as: part of a word (an
/// ASCII letter or digit), a bracket that opens or closes, a byte that may
/// join a word to the next (an apostrophe or a bracket, or a byte that is
/// not ASCII), or one that is not ASCII.
const WORD: u8 = 1;
const OPENS: u8 = 2;
const CLOSES: u8 = 4;
const JOINS: u8 = 8;
const NOT_ASCII: u8 = 16;

static BYTE_CLASSES: [u8; 256] = {
    let mut classes = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        classes[b] = if byte.is_ascii_alphanumeric() {
            WORD
        } else if !byte.is_ascii() {
            NOT_ASCII | JOINS
        } else {
            match byte {
                b'(' | b'[' => OPENS | JOINS,
                b')' | b']' => CLOSES | JOINS,
                b'\'' | b'`' => JOINS,
                _ => 0,
            }
        };
        b += 1;
    }
    classes
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::transforms;

    fn vocabulary(names: &[&str]) -> Vocabulary {
        let mut vocabulary = Vocabulary::default();
        for name in names {
            if let Some(words) = forms::name_words(name) {
                vocabulary.add(words.iter().map(String::as_str));
            }
        }
        vocabulary
    }

    /// Asserts that `v` rules out each of `cells`, or none of them.
    fn assert_told(v: &Vocabulary, cells: &[&str], told: bool) {
        for cell in cells {
            assert_eq!(v.rules_out(cell.as_bytes()), told, "{cell}");
        }
    }

    #[test]
    fn a_cell_with_a_word_no_probe_has_is_told() {
        let v = vocabulary(&["Summit Bank Group", "Zephyr Labs GmbH"]);
        let cells = [
            "904 Zephyr Street",
            "Renewal due Q2.",
            "Summit Bank Group 2",
            "Zephyr Labs x",
        ];
        assert_told(&v, &cells, true);
    }

    #[test]
    fn a_cell_whose_every_word_is_sure_is_told_by_its_set_of_words() {
        let v = vocabulary(&["Summit Bank Group", "Zephyr Labs GmbH", "Summit Labs"]);
        // Every word is a probe's, but no probe has these together.
        let others = [
            "Summit Group",
            "Zephyr Bank",
            "Labs",
            "Summit Summit Zephyr",
        ];
        assert_told(&v, &others, true);
        // A probe's set, however written, or a set not read whole.
        let maybe = [
            "group, bank & summit",
            "Labs Summit Labs",
            "The Zephyr Labs (Berlin)",
            "Summit Group's",
            "Summit Bank Zürich",
        ];
        assert_told(&v, &maybe, false);
    }

    #[test]
    fn a_cell_whose_words_may_be_a_probe_s_is_not_told() {
        let v = vocabulary(&["Summit Bank Group", "Zephyr Labs GmbH", "Art's Deli"]);
        let cells = [
            "Summit Bank Group",
            "GROUP SUMMIT bank",
            "The Summit Bank Group, Inc.",
            "Summit Bank Group (Northern Branch Office)",
            "Summit Bank [eu] group",
            "Summit Bank ) group",
            // What follows text that is not ASCII is not read.
            "Zephyr Labs — anything",
            "Zephyr（Labs） anything",
            // Joined by an apostrophe, or to a mark: not sure.
            "Arts'deli",
            "Art`s Deli",
            "Zephyr cafe\u{301}",
            "Zephyr o'brien",
            "Zephyr La(x)bs",
            "",
        ];
        assert_told(&v, &cells, false);
    }

    /// The rule the filter leans on: a cell whose name-words form is a
    /// probe's is never told, and one told has no such form.
    #[test]
    fn a_cell_told_has_no_name_words_form_of_a_probe() {
        let probes = [
            "Summit Bank Group",
            "Zephyr Labs GmbH",
            "Art's Deli",
            "Crème (Paris)",
        ];
        let v = vocabulary(&probes);
        let forms: Vec<_> = probes
            .iter()
            .filter_map(|p| transforms::name_words(p))
            .collect();
        let (mut equal, mut told) = (0, 0);
        for cell in [
            "Summit Bank Group Street",
            "Arts Deli Cafe",
            "deli art s",
            "Crème Paris",
            "Zephyr Labs (x) y",
            "group (x) bank, summit",
            "THE ZEPHYR LABS",
            "deli, arts",
            "Crème [Lyon]",
            "Summit Bank (Group)",
            "group (in new york) bank, summit",
            "deli, art's",
            "Summit Ba(x)nk Group",
        ] {
            let is_a_probe_s = transforms::name_words(cell).is_some_and(|f| forms.contains(&f));
            let ruled_out = v.rules_out(cell.as_bytes());
            assert!(!(is_a_probe_s && ruled_out), "{cell}");
            equal += usize::from(is_a_probe_s);
            told += usize::from(ruled_out);
        }
        // Both kinds are among the cells, so that the rule is put to the test.
        assert!(equal >= 6 && told >= 3, "{equal} equal, {told} told");
    }
}
