//! The words of the probes' names, so that a cell with a word no probe has
//! skips its name-words key.
//!
//! The `name-words` transform makes two names equal when their significant
//! words are the same set (see [`forms::name_words`]). A cell with a
//! significant word that no probe's name has is therefore equal to none of
//! them under it, and its words, which take longer to work out than any
//! other key of a text cell, need not be. Street addresses and running text
//! (`904 Zephyr Street`, `Renewal due Q2.`) are most of the text cells that
//! reach the keys when the ids are names, and most have such a word.
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

/// The hashes of the significant words of the probes that read as names.
#[derive(Debug, Clone, Default)]
pub(super) struct Vocabulary {
    words: FxHashSet<u64>,
}

/// The longest word looked up: a longer one is passed over (a probe may
/// have it), so that it is lowered on the stack.
const LONGEST: usize = 32;

impl Vocabulary {
    /// Adds a probe's significant words (lowercase, as
    /// [`forms::name_words`] has them).
    pub(super) fn add<'a>(&mut self, words: impl Iterator<Item = &'a str>) {
        self.words
            .extend(words.map(|w| key_hash_of_bytes(w.as_bytes())));
    }

    /// The words of both.
    pub(super) fn join(&mut self, other: &Vocabulary) {
        self.words.extend(&other.words);
    }

    /// Whether `trimmed` (a trimmed value) has a significant word that is
    /// no probe's, among the words its bytes make sure of. False says
    /// nothing: the words not read may be anyone's.
    pub(super) fn lacks_a_word_of(&self, trimmed: &[u8]) -> bool {
        let mut depth = 0usize;
        let mut lower = [0u8; LONGEST];
        let mut i = 0;
        while let Some(&b) = trimmed.get(i) {
            if !b.is_ascii() {
                return false;
            }
            if !b.is_ascii_alphanumeric() {
                match b {
                    b'(' | b'[' => depth += 1,
                    b')' | b']' => depth = depth.saturating_sub(1),
                    _ => {}
                }
                i += 1;
                continue;
            }
            let start = i;
            while trimmed.get(i).is_some_and(u8::is_ascii_alphanumeric) {
                i += 1;
            }
            // An apostrophe on either side may join the run to the next
            // word (`art's` is `arts`), as a bracket does (`ban(k)s` is
            // `bans`); a byte that is not ASCII after it may be a mark NFKC
            // composes with its last letter.
            let apart = |b: Option<&u8>| {
                b.is_none_or(|&b| {
                    b.is_ascii() && !matches!(b, b'\'' | b'`' | b'(' | b')' | b'[' | b']')
                })
            };
            let sure = depth == 0
                && i - start <= LONGEST
                && apart(start.checked_sub(1).and_then(|s| trimmed.get(s)))
                && apart(trimmed.get(i));
            if !sure {
                continue;
            }
            let word = &mut lower[..i - start];
            word.copy_from_slice(&trimmed[start..i]);
            word.make_ascii_lowercase();
            if !forms::is_dropped(word) && !self.words.contains(&key_hash_of_bytes(word)) {
                return true;
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary(names: &[&str]) -> Vocabulary {
        let mut vocabulary = Vocabulary::default();
        for name in names {
            if let Some(words) = forms::name_words(name) {
                vocabulary.add(words.iter().map(String::as_str));
            }
        }
        vocabulary
    }

    #[test]
    fn a_cell_with_a_word_no_probe_has_is_told() {
        let v = vocabulary(&["Summit Bank Group", "Zephyr Labs GmbH"]);
        for cell in [
            "904 Zephyr Street",
            "Renewal due Q2.",
            "Summit Bank Group 2",
            "Zephyr Labs x",
        ] {
            assert!(v.lacks_a_word_of(cell.as_bytes()), "{cell}");
        }
    }

    #[test]
    fn a_cell_whose_sure_words_are_all_the_probes_is_not_told() {
        let v = vocabulary(&["Summit Bank Group", "Zephyr Labs GmbH", "Art's Deli"]);
        for cell in [
            "Summit Bank Group",
            "GROUP SUMMIT",
            "The Summit Bank, Inc.",
            "Summit Bank (Northern Branch)",
            "Summit Bank [eu] group",
            "Summit Bank ) group",
            // What follows text that is not ASCII is not read.
            "Zephyr Labs — anything",
            "Zephyr（Labs） anything",
            // Joined by an apostrophe, or to a mark: not sure.
            "Arts'deli",
            "Zephyr cafe\u{301}",
            "Zephyr o'brien",
            "Zephyr La(x)bs",
            "",
        ] {
            assert!(!v.lacks_a_word_of(cell.as_bytes()), "{cell}");
        }
    }

    /// The rule the filter leans on: a cell it tells has no name-words form
    /// equal to a probe's.
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
            .filter_map(|p| crate::matching::transforms::name_words(p))
            .collect();
        for cell in [
            "Summit Bank Group Street",
            "Arts Deli Cafe",
            "deli art s",
            "Crème Paris",
            "Zephyr Labs (x) y",
        ] {
            if v.lacks_a_word_of(cell.as_bytes()) {
                let form = crate::matching::transforms::name_words(cell);
                assert!(form.is_none_or(|f| !forms.contains(&f)), "{cell}");
            }
        }
    }
}
