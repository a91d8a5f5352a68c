//! The buffers one worker reuses for every cell, and what the matchers
//! work out once per cell.

use super::deletions::DeletionHashes;
use super::forms;
use super::transforms;

/// Buffers one worker reuses for every cell, so matching allocates nothing
/// per cell on the common path.
#[derive(Debug, Default)]
pub struct Scratch {
    pub(super) view: View,
    pub(super) key: String,
    pub(super) candidates: Vec<u32>,
    /// The words of a name's index each word of a value pairs with.
    pub(super) near_words: Vec<super::words::NearWord>,
    pub(super) word_pairs: super::words::WordPairs,
    pub(super) hashes: DeletionHashes,
    /// A probe's fuzzy key, rebuilt from a value's (see `deletions`).
    pub(super) rebuilt: Vec<u8>,
    pub(super) forms: Vec<Option<Option<String>>>,
    /// What the values of a cell matched, one at a time.
    pub(super) parts: Vec<super::evidence::Hit>,
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
    words: Option<Option<Vec<String>>>,
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

impl View {
    /// The significant words of `s` ([`forms::name_words`]) if it reads as
    /// a name ([`forms::is_name`]). What was worked out of the last value
    /// asked is kept: the keys of a cell and the names' step both ask for
    /// its words, and working them out is much of what a text cell costs.
    pub(super) fn name_words(&mut self, s: &str) -> Option<&[String]> {
        self.last
            .of(s)
            .words
            .get_or_insert_with(|| forms::is_name(s).then(|| forms::name_words(s)).flatten())
            .as_deref()
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
            assert_eq!(view.name_words(value), words.as_deref(), "{value:?}");
            assert_eq!(
                view.legal_suffix(value),
                legal_suffix.as_deref(),
                "{value:?}"
            );
            // Asked again, from what was kept.
            assert_eq!(view.name_words(value), words.as_deref(), "{value:?}");
        }
    }
}
