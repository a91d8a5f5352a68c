//! A first look at a cell, before any matcher past exact equality runs.
//!
//! Most cells of an export cannot match any probe: dates, names and amounts
//! against numeric ids, phone numbers against short ids. One pass over a
//! cell's bytes counts its letters and digits and notes which of them no
//! probe key contains (see `classes`); from that the [`Gate`] proves, for
//! most such cells, that no blocking key of the cell can meet a probe's and
//! that no fuzzy key is within one edit of one. A web address's domain, and
//! what follows a word prefix, are looked up among the hashes of the probes'
//! keys. Those cells skip decoding, skeletons and index lookups. Every rule
//! errs towards letting a cell through: the gate may admit a cell that then
//! matches nothing, never turn away one that matches.

use rustc_hash::FxHashSet;

use super::chars::{ASK, FOLDS_TO_ASCII, LETTER, WHITESPACE, class_of, folds_to_ascii};
use super::classes::{
    Classes, Count, DOT, EXPONENT, NON_ASCII, NOT_NUMERIC, PREFIX_END, SPACE, fold,
};
use super::forms;
use super::fuzzy::MIN_FUZZY_LEN;
use super::index::{key_hash, key_hash_of_bytes};
use super::keys::{DOMAIN, Reach, SALESFORCE_ID, SCIENTIFIC, unmarked};
use super::pieces::Wanted;
use super::transforms;
use crate::bytes::Utf8;

/// The letters and digits (case-folded) and the lengths of a set of keys,
/// and the hashes of those the gate looks up.
#[derive(Debug, Clone)]
pub struct KeyShapes {
    /// Bit `fold(b)` for every ASCII letter or digit `b` in some key.
    alphabet: u64,
    /// The lengths of the keys that are ASCII letters and digits and
    /// nothing else.
    plain: Lengths,
    /// Whether some key is not ASCII.
    foreign: bool,
    /// Whether some key is a number's: its digits (the `decimal` form) or
    /// its E-notation key. Only then can a number's other keys matter.
    pub(super) numbers: bool,
    /// Whether some key has no ASCII digit. If none lacks one, a value of
    /// ASCII without a digit has no key a probe could share: no transform
    /// adds a digit.
    undigited: bool,
    /// The fewest letters and digits of a cell that some key takes: a
    /// key's own, less the kind it names (`d:`), and 15 for a Salesforce
    /// id's 18-character form. A number's E-notation key is left out (see
    /// [`Gate::may_list`]).
    fewest: usize,
    /// The hashes of the registrable domains among the keys: a web or
    /// e-mail address among them is most often some other company's.
    domains: FxHashSet<u64>,
    /// The hashes of the plain keys, while there are at most
    /// [`PLAIN_HASHES`] of them, of [`PLAIN_PROBES`] probes at most: what
    /// follows a word prefix, `//acme.com/about` after `https:`, is as long
    /// as some key far more often than it is one.
    plain_hashes: Option<FxHashSet<u64>>,
}

impl Default for KeyShapes {
    fn default() -> KeyShapes {
        KeyShapes::new(0)
    }
}

/// The most plain keys whose hashes [`KeyShapes`] keeps, and the most
/// probes whose keys' hashes it keeps at all: with every company of a large
/// export sampled, the hashes of each stretch of probes would be held at
/// once while the indexes are built.
const PLAIN_HASHES: usize = 1 << 17;
const PLAIN_PROBES: usize = 1 << 15;

/// The longest skeleton [`KeyShapes`] looks up by its hash, where a cell's
/// keys are built on the stack; a longer one may be some key's.
const SKELETON_HASHED: usize = 64;

impl KeyShapes {
    /// No keys yet, of `probes` probes in all (or so far).
    pub fn new(probes: usize) -> KeyShapes {
        KeyShapes {
            alphabet: 0,
            plain: Lengths::default(),
            foreign: false,
            numbers: false,
            undigited: false,
            fewest: usize::MAX,
            domains: FxHashSet::default(),
            plain_hashes: (probes <= PLAIN_PROBES).then(FxHashSet::default),
        }
    }

    /// Notes the shape of `key`.
    pub fn add(&mut self, key: &str) {
        self.foreign |= !key.is_ascii();
        self.numbers |= key.starts_with(SCIENTIFIC)
            || (!key.is_empty() && key.bytes().all(|b| b.is_ascii_digit()));
        self.undigited |= !key.bytes().any(|b| b.is_ascii_digit());
        if let Some(domain) = key.strip_prefix(DOMAIN) {
            self.domains.insert(key_hash(domain));
        }
        // A mark (`e:`) is no letter a value must have to have the key.
        let body = unmarked(key);
        let fewest = if key.starts_with(SCIENTIFIC) {
            None
        } else if key.starts_with(SALESFORCE_ID) {
            Some(15)
        } else {
            Some(body.chars().filter(|c| c.is_alphanumeric()).count())
        };
        self.fewest = self.fewest.min(fewest.unwrap_or(usize::MAX));
        for bit in body.bytes().filter_map(fold) {
            self.alphabet |= 1 << bit;
        }
        // A marked key is never plain: its mark is not a letter or digit.
        let plain = key.bytes().all(|b| fold(b).is_some());
        if plain {
            self.plain.add(key.as_bytes());
            self.note_plain(key_hash(key));
        }
    }

    fn note_plain(&mut self, hash: u64) {
        if let Some(hashes) = &mut self.plain_hashes {
            hashes.insert(hash);
            if hashes.len() > PLAIN_HASHES {
                self.plain_hashes = None;
            }
        }
    }

    /// Notes the shapes of `other`'s keys as well.
    pub fn join(&mut self, other: &KeyShapes) {
        self.alphabet |= other.alphabet;
        self.foreign |= other.foreign;
        self.numbers |= other.numbers;
        self.undigited |= other.undigited;
        self.fewest = self.fewest.min(other.fewest);
        self.plain.join(&other.plain);
        self.domains.extend(&other.domains);
        match &other.plain_hashes {
            Some(hashes) => hashes.iter().for_each(|&h| self.note_plain(h)),
            None => self.plain_hashes = None,
        }
    }

    /// Whether some plain key may be the key of `text`, which has `alnum`
    /// ASCII letters and digits: its skeleton, or a Salesforce id as it is
    /// written. Both are looked up for text as long as an id, so that no
    /// reading of where `text` ends can tell them apart wrongly. `text` is
    /// ASCII, so its bytes are hashed as the keys' text is.
    fn may_have_plain_key_of(&self, text: &[u8], alnum: usize) -> bool {
        debug_assert!(text.is_ascii());
        let Some(hashes) = &self.plain_hashes else {
            return true;
        };
        // A skeleton this long is not hashed: it may be some key's.
        if alnum > SKELETON_HASHED {
            return true;
        }
        // Each byte's lowercase (or 0) is written where the skeleton ends,
        // and kept only if it is a letter or digit: no branch on the byte,
        // which in a web address or a phone number changes class often.
        let mut skeleton = [0u8; SKELETON_HASHED + 1];
        let mut n = 0;
        for &b in text {
            let lower = forms::lower_alnum(b);
            skeleton[n] = lower;
            n += usize::from(lower != 0);
        }
        debug_assert_eq!(n, alnum);
        let as_written = forms::trim_ascii_space(text);
        hashes.contains(&key_hash_of_bytes(&skeleton[..n]))
            || (matches!(as_written.len(), 15 | 18)
                && hashes.contains(&key_hash_of_bytes(as_written)))
    }

    /// Whether some key may be the registrable domain of `host`. That domain
    /// is `host` or what follows one of its dots (see
    /// `transforms::registrable_domain`), so each of those is looked up: a
    /// host has a few.
    fn may_have_domain_of(&self, host: &str) -> bool {
        let mut rest = host;
        loop {
            if self.domains.contains(&key_hash(rest)) {
                return true;
            }
            match crate::bytes::find_any(rest.as_bytes(), [b'.']) {
                Some(dot) => rest = &rest[dot + 1..],
                None => return false,
            }
        }
    }
}

/// How long a set of keys are in bytes, and how many ASCII digits the keys
/// of each length have: a timestamp's skeleton (`20220803t232306000z`) is as
/// long as a slug's, but is no slug.
#[derive(Debug, Clone, Default)]
pub struct Lengths {
    /// Bit `d` of `digits[n]` (bit 63 for 63 digits or more): some key is
    /// `n` bytes long with `d` digits.
    digits: Vec<u64>,
}

impl Lengths {
    /// Notes the length and digits of `key`.
    pub fn add(&mut self, key: &[u8]) {
        let digits = key.iter().filter(|b| b.is_ascii_digit()).count();
        self.note(key.len(), digit_bit(digits));
    }

    fn note(&mut self, len: usize, digits: u64) {
        if self.digits.len() <= len {
            self.digits.resize(len + 1, 0);
        }
        self.digits[len] |= digits;
    }

    /// Notes the lengths of `other` as well.
    pub fn join(&mut self, other: &Lengths) {
        for (len, &digits) in other.digits.iter().enumerate() {
            self.note(len, digits);
        }
    }

    /// Whether some key is `len` bytes long.
    pub fn has(&self, len: usize) -> bool {
        self.digits.get(len).is_some_and(|&d| d != 0)
    }

    /// One past the longest key's length.
    pub fn end(&self) -> usize {
        self.digits
            .iter()
            .rposition(|&d| d != 0)
            .map_or(0, |n| n + 1)
    }

    /// Whether some key is `len` bytes long with `digits()` digits, which
    /// are counted only if some key is that long.
    fn has_shape(&self, len: usize, digits: impl FnOnce() -> usize) -> bool {
        self.digits
            .get(len)
            .is_some_and(|&d| d != 0 && d & digit_bit(digits()) != 0)
    }

    /// The lengths of the strings that may share a variant with one of
    /// these keys (the key, or the key without one of its bytes; see
    /// `deletions`): a byte shorter to a byte longer, with a digit fewer to
    /// a digit more.
    fn within_one_edit(&self) -> Lengths {
        let mut near = Lengths::default();
        for (len, &digits) in self.digits.iter().enumerate() {
            let digits = digits | digits << 1 | digits >> 1;
            for n in len.saturating_sub(1)..=len + 1 {
                near.note(n, digits);
            }
        }
        near
    }
}

/// The bit of `digits` in [`Lengths`].
fn digit_bit(digits: usize) -> u64 {
    1 << digits.min(63)
}

/// What the probes' keys look like, so that a cell can be judged by its bytes.
#[derive(Debug, Clone)]
pub struct Gate {
    /// Each byte's classes, counted over a cell.
    classes: Classes,
    /// Shapes of every key the normalized matcher indexes probes under.
    keys: KeyShapes,
    /// The lengths (and digits) of cell keys that may share a variant with a
    /// fuzzy key; `None` without fuzzy matching.
    fuzzy: Option<Lengths>,
    /// Which kinds of keys the probes have.
    reach: Reach,
    /// The fewest letters and digits a value needs to be a probe, or to
    /// have a key of one.
    shortest: usize,
    /// Whether the probes' keys have at most half the letters (see
    /// [`Gate::may_be_value`]).
    few_letters: bool,
    /// A length no key a cell's skeleton is compared with reaches: the
    /// longest key's, or one past the lengths within one edit of a fuzzy key.
    longest: usize,
    /// Whether the fuzzy matchers read text with whitespace inside by its
    /// skeleton alone, as they do where no probe may be a name (no legal
    /// suffix to drop, no words to compare).
    spaced_by_skeleton: bool,
    /// Whether a timestamp as the Salesforce API writes it
    /// ([`is_api_timestamp`]) is known to hold no probe's key, whatever its
    /// digits: where no key, nor any within one edit of a fuzzy key, is as
    /// long as its skeleton with as many digits.
    inert_timestamps: bool,
}

impl Gate {
    /// A gate for probes whose keys have `keys` (the fuzzy keys included),
    /// whose fuzzy keys have `fuzzy` lengths, and that have the kinds of
    /// keys `reach` says.
    pub fn new(keys: KeyShapes, fuzzy: Option<&Lengths>, reach: &Reach, shortest: usize) -> Gate {
        let fuzzy = fuzzy.map(Lengths::within_one_edit);
        let letters = (keys.alphabet >> 10).count_ones();
        let shortest = shortest.min(keys.fewest);
        let longest = reach
            .max_skeleton
            .max(keys.plain.end())
            .max(fuzzy.as_ref().map_or(0, Lengths::end));
        let (alnum, digits) = TIMESTAMP_SKELETON;
        let inert_timestamps = !keys.plain.has_shape(alnum, || digits)
            && !fuzzy
                .as_ref()
                .is_some_and(|lens| lens.has_shape(alnum, || digits));
        Gate {
            inert_timestamps,
            few_letters: letters <= 13,
            classes: Classes::new(keys.alphabet),
            keys,
            longest,
            fuzzy,
            reach: reach.clone(),
            shortest,
            spaced_by_skeleton: false,
        }
    }

    /// The gate, told that the fuzzy matchers read text with whitespace
    /// inside by its skeleton alone: such text without other keys is then
    /// settled by it, as a value without whitespace is.
    pub fn spaced_by_skeleton(self) -> Gate {
        Gate {
            spaced_by_skeleton: true,
            ..self
        }
    }

    /// Which matchers past exact equality could find a probe in `value`,
    /// whose bytes `utf8` tells of.
    #[inline]
    pub fn admits(&self, value: &[u8], utf8: Utf8) -> Admit {
        self.admits_by(value, utf8, true)
    }

    /// [`Gate::admits`], with its shortcuts if `early`: a timestamp told by
    /// its shape (see [`is_api_timestamp`]), and a long value told a list
    /// (see [`Gate::is_only_a_list`]), before the longer steps. The tests
    /// ask both ways.
    #[inline(always)]
    fn admits_by(&self, value: &[u8], utf8: Utf8, early: bool) -> Admit {
        // Whitespace as `str::trim` sees it, which the matchers trim.
        let std::ops::Range { start, end } = crate::bytes::trimmed(value);
        if start == end {
            return Admit::ALL;
        }
        let t = &value[start..end];
        // Every date-and-time field of an export from the API or Data Loader
        // is written so, and its skeleton is its one key (see
        // `is_api_timestamp`): where no key has that shape, its bytes need
        // not be counted.
        if early && self.inert_timestamps && is_api_timestamp(t) {
            return Admit::NONE;
        }
        let count = self.classes.count(t);
        let Count {
            mut seen,
            alnum,
            outside,
        } = count;
        if early && self.is_only_a_list(t, seen, alnum, outside, utf8) {
            return Admit {
                list: true,
                ..Admit::NONE
            };
        }
        if seen & NON_ASCII != 0 {
            // Two ASCII letters outside the probes' alphabet stay in any key
            // the value has, or become letters that are not ASCII: whatever
            // the rest folds to, only a fix that drops them could help, and
            // the value need not be decoded to say so (unless whitespace
            // that is not ASCII could matter to a name).
            let names = self.reach.names || self.reach.words;
            if !self.keys.foreign && outside >= 2 && (seen & SPACE != 0 || !names) {
                return self.admits_foreign(t, count, utf8, false, false);
            }
            return match self.foreign_letters(t, utf8) {
                Some(Letters { inner }) => {
                    // Decoded, the text has whitespace where it has: the
                    // bytes 0x85 and 0xa0 also end letters (`à`, `م`).
                    seen &= !SPACE;
                    if inner {
                        seen |= SPACE;
                    }
                    self.admits_foreign(t, Count { seen, ..count }, utf8, inner, true)
                }
                // Unicode folds: the matchers decide, unless the value has
                // no key that could be a probe's however it folds.
                None if self.has_no_key(t, seen, alnum, utf8) => Admit {
                    list: true,
                    ..Admit::NONE
                },
                None => Admit::ALL,
            };
        }
        // Nothing to build a skeleton of: the matchers decide.
        if alnum == 0 {
            return Admit::ALL;
        }
        // `t` is trimmed as `str::trim` would: its whitespace is inside it.
        // Most values have nothing a fix could drop: settled here, without
        // a call.
        let dropped = if seen & self.droppable() != 0 && self.drops_may_leave_a_key(outside) {
            // SAFETY: the class count saw no byte that is not ASCII, and
            // ASCII is UTF-8.
            let ascii = unsafe { Utf8::known() };
            self.by_dropping(t, seen, alnum, seen & SPACE != 0, ascii)
        } else {
            Admit::NONE
        };
        // A number's keys other than its skeleton: its whole value and its
        // E-notation key, also with the decimal comma of a spreadsheet in
        // continental Europe.
        let number = self.keys.numbers
            && t[0].is_ascii_digit()
            && ((seen & NOT_NUMERIC == 0
                && (t[0] == b'0' || seen & (DOT | EXPONENT) != 0 || self.reach.scientific))
                || (seen & EXPONENT != 0 && t.get(1) == Some(&b',') && has_scientific_key(t)));
        // Keys other than the skeleton and a number's.
        let other =
            // A Salesforce id is 15 or 18 letters and digits and nothing else.
            (self.reach.salesforce_ids && matches!(t.len(), 15 | 18) && alnum == t.len())
            || dropped.normalized;
        // The skeleton (all letters and digits, here ASCII) has as many
        // digits as `t`: counted once, and only for a skeleton as long as
        // some key.
        let mut counted = None;
        let mut digits = || *counted.get_or_insert_with(|| crate::bytes::count_digits(t));
        // The skeleton equals some key.
        let normalized =
            (outside == 0 && self.keys.plain.has_shape(alnum, &mut digits)) || number || other;
        // A fuzzy key one edit from a probe's has at most one character the
        // probe's lacks. A name with a legal suffix has a shorter key.
        let fuzzy = self.fuzzy.as_ref().is_some_and(|lens| {
            (outside <= 1 && alnum >= MIN_FUZZY_LEN && lens.has_shape(alnum, &mut digits))
                || dropped.fuzzy
        });
        let plain = alnum == t.len();
        let list = !plain && self.may_list(t, seen, alnum, outside, true);
        // With no other key, a value's skeleton is its one key (a number's
        // are looked up beside it, see `Normalized::bare_may_match`):
        // `2022-08-03T23:23:06.000Z` is reached by `20220803t232306000z`
        // alone, `153029790.0` by `1530297900` and `153029790`, and
        // `141 Stark Street` by `141starkstreet` where it may have no name's
        // keys (`other` says whether it may). Only a fuzzy key of text with
        // whitespace inside may be other than its skeleton.
        let bare = plain || (!other && (seen & SPACE == 0 || !fuzzy || self.spaced_by_skeleton));
        Admit {
            normalized,
            fuzzy,
            // Told only of a value some matcher needs, so that a note told a
            // list early is told all that the longer steps tell.
            bare: (bare && (normalized || fuzzy)).then_some(start..end),
            list,
        }
    }

    /// For a value that is not ASCII, where every probe key is: whether it
    /// has a letter or digit that is not ASCII and that no fold makes ASCII
    /// (`é`, `ł`, `北`), and then where it has whitespace. `None` when it
    /// has no such letter, or has text a fold changes (not in NFKC), or is
    /// not UTF-8: then the matchers decide.
    fn foreign_letters(&self, t: &[u8], utf8: Utf8) -> Option<Letters> {
        if self.keys.foreign {
            return None;
        }
        let (mut letters, mut spaces) = (false, false);
        for class in foreign_classes(t) {
            if class & NOT_UTF8 != 0 {
                return None;
            }
            if class & ASK != 0 {
                return utf8.text(t).and_then(foreign_letters_of);
            }
            if class & LETTER != 0 {
                if class & FOLDS_TO_ASCII != 0 {
                    return None;
                }
                letters = true;
            }
            spaces |= class & WHITESPACE != 0;
        }
        // SAFETY: the classes were read to the end, so every byte of `t` is
        // ASCII or in a character `char_at` decoded as UTF-8: `t` is UTF-8,
        // and is not validated a second time.
        let t = unsafe { std::str::from_utf8_unchecked(t) };
        letters.then(|| Letters::of(t, spaces))
    }

    /// Whether `t` (trimmed, not ASCII, with the classes `seen` and `alnum`
    /// ASCII letters and digits) has no key a probe could share, whatever
    /// Unicode folds it to: its skeleton keeps each ASCII letter or digit
    /// (alone, or under the marks NFKC composes with it) and so is longer
    /// than every key; it has no dot where probes are domains, and no word
    /// prefix; and it is no name (an `@` or four digits in a row) and ends
    /// in no legal suffix. (A number's keys are ASCII text's.) A long note
    /// with an e-mail address in it, among names written with accents, is
    /// such text; its values are still looked at.
    fn has_no_key(&self, t: &[u8], seen: u8, alnum: usize, utf8: Utf8) -> bool {
        alnum > self.longest
            && !(self.reach.domains && seen & DOT != 0)
            && forms::word_prefix_len(t).is_none()
            && !may_have_name_keys(t, utf8)
    }

    /// Whether `t` (trimmed, with the classes `seen`, `alnum` ASCII letters
    /// and digits, `outside` of them outside the probes' alphabet) can be
    /// found only by its values, as a list: what [`Gate::admits`] would say
    /// by its longer steps, said before them. A note is most often such
    /// text, and decoding its accented names and asking what a fix could
    /// drop from it cost more than reading its bytes.
    ///
    /// It has more letters and digits than [`Gate::longest`], and no fold
    /// takes an ASCII letter or digit out of a key (see
    /// [`Gate::has_no_key`]), so its keys are too long to be a probe's
    /// unless a fix drops part of it:
    /// - a web or e-mail address has no whitespace inside it;
    /// - a word prefix is the first word's;
    /// - a name's keys and a qualifier only where names are reached, which
    ///   this does not ask of (most notes there have a qualifier or may
    ///   be a name's words, and the longer steps would be asked again);
    /// - a number's keys only where the value begins as one.
    ///
    /// Its whitespace, and enough letters and digits of the probes'
    /// alphabet to be a value, make it a list on every path of the gate.
    fn is_only_a_list(&self, t: &[u8], seen: u8, alnum: usize, outside: usize, utf8: Utf8) -> bool {
        alnum > self.longest
            && seen & SPACE != 0
            && !(self.reach.names || self.reach.words)
            && alnum - outside >= self.shortest
            && !(self.keys.numbers && t[0].is_ascii_digit())
            && t.iter().copied().any(forms::is_ascii_space)
            && forms::word_prefix_len(t).is_none()
            // Text that is not UTF-8 may be an address, its bytes replaced
            // (see `Gate::may_reach_domain`).
            && (seen & NON_ASCII == 0
                || !(self.reach.domains && seen & DOT != 0)
                || utf8.text(t).is_some())
    }

    /// [`Gate::admits`] for a value with a letter that is not ASCII (or two
    /// outside the probes' alphabet), when every probe key is ASCII. That
    /// letter stays in the value's skeleton and its fuzzy key, which then
    /// equal no probe's, nor share a variant with one (a deletion leaves a
    /// byte of it). Only what a fix drops could
    /// hold it: a legal suffix, a qualifier in parentheses or a word a name
    /// leaves out, the parts of a web address or e-mail address that are not
    /// its domain; or, for a list, the other values.
    /// `count` is the value's [`Count`] and `utf8` tells of its bytes;
    /// `spaced` says the value has whitespace inside it, as `str::trim`
    /// leaves it; `kept` that every character of it that is not ASCII stays
    /// so in any key (see [`Gate::foreign_letters`]). Each is false if that
    /// is not known.
    fn admits_foreign(
        &self,
        t: &[u8],
        count: Count,
        utf8: Utf8,
        spaced: bool,
        kept: bool,
    ) -> Admit {
        let Count {
            seen,
            alnum,
            outside,
        } = count;
        // A qualifier in parentheses, even one not set apart by a space.
        let qualifier = self.reach.words && memchr::memchr(b'(', t).is_some();
        let dropped = if self.drops_may_leave_a_key(outside) {
            self.by_dropping(t, seen, alnum, spaced, utf8)
        } else {
            Admit::NONE
        };
        Admit {
            normalized: dropped.normalized || qualifier,
            fuzzy: self.fuzzy.is_some() && (dropped.fuzzy || qualifier),
            bare: None,
            list: self.may_list(t, seen, alnum, outside, kept),
        }
    }

    /// Whether a fix that drops part of a value with `outside` letters and
    /// digits outside the probes' alphabet may leave a probe's key. Where
    /// no probe is reached by a name, its words or a domain, the one such
    /// fix drops a word prefix, of [`forms::MAX_PREFIX_LETTERS`] letters or
    /// two digits at most: a value with more outside the alphabet keeps
    /// one of them in every key, which no probe's key has. A note among
    /// numeric ids is such text.
    fn drops_may_leave_a_key(&self, outside: usize) -> bool {
        self.reach.names
            || self.reach.words
            || self.reach.domains
            || outside <= forms::MAX_PREFIX_LETTERS
    }

    /// The classes one of which a value has if [`Gate::by_dropping`] could
    /// find anything in it.
    fn droppable(&self) -> u8 {
        let names = if self.reach.names || self.reach.words {
            SPACE
        } else {
            0
        };
        let domains = if self.reach.domains { DOT } else { 0 };
        PREFIX_END | names | domains
    }

    /// What a fix that drops part of a value could still find in it: a name
    /// without its legal suffix or by its words (`bel-air` is `air bel`), a
    /// web or e-mail address by its domain, a code without its word prefix.
    /// Only the names are also compared by similarity. An address has no
    /// whitespace inside it (`spaced`, when that is known): a sentence with
    /// one in it is a list, its values looked at one by one. `t` has the
    /// classes `seen` and `alnum` ASCII letters and digits. A value with
    /// none of [`Gate::droppable`]'s classes has nothing to drop.
    fn by_dropping(&self, t: &[u8], seen: u8, alnum: usize, spaced: bool, utf8: Utf8) -> Admit {
        // A name's words are read after spaces as its legal suffix is, and
        // after hyphens and the like (`Hotel Bel-Air`). A name is words, or
        // one word of letters alone (`forms::is_name`): ASCII without
        // whitespace and with a hyphen or the like is none (a timestamp,
        // `2022-08-03T23:23:06.000Z`), while other text is left to the
        // matchers, as Unicode's folds may part it.
        let names = (((self.reach.names || self.reach.words) && seen & SPACE != 0)
            || (self.reach.words && seen & PREFIX_END != 0 && seen & NON_ASCII != 0))
            && may_have_name_keys(t, utf8);
        Admit {
            normalized: names
                || (self.reach.domains
                    && seen & DOT != 0
                    && !spaced
                    && self.may_reach_domain(t, seen, utf8))
                || (seen & PREFIX_END != 0 && self.unprefixed_may_match(t, seen, alnum)),
            fuzzy: names,
            bare: None,
            list: false,
        }
    }

    /// Whether `t` (trimmed, with the classes `seen`) reads as a web or
    /// e-mail address whose registrable domain may be some probe's, as the
    /// domain keys read it. The host of text that is not UTF-8 is read
    /// after its bytes are replaced: such text may.
    fn may_reach_domain(&self, t: &[u8], seen: u8, utf8: Utf8) -> bool {
        if !may_be_host(t, seen) {
            return false;
        }
        let Some(text) = utf8.text(t) else {
            return true;
        };
        // ASCII is trimmed and without whitespace here, as `str::trim` and
        // `char::is_whitespace` have it, and has a dot.
        let host = if seen & NON_ASCII == 0 {
            forms::unspaced_host(text)
        } else {
            forms::host(text)
        };
        host.is_some_and(|host| self.keys.may_have_domain_of(&host))
    }

    /// Whether `t` has a word prefix, and what follows it could be a probe's
    /// key: its skeleton (or a Salesforce id as it is) is as long as some
    /// key, and is one by its hash where the hashes are kept. `A-566608`
    /// among Salesforce ids, or the `https:` of a web address among numbers
    /// or another company's among domains, has none to share. `t` has the
    /// classes `seen` and `alnum` ASCII letters and digits.
    fn unprefixed_may_match(&self, t: &[u8], seen: u8, alnum: usize) -> bool {
        let Some(n) = forms::word_prefix_len(t) else {
            return false;
        };
        // The prefix is ASCII: what follows it is not ASCII where `t` is
        // not, and text that is not ASCII may fold to other letters, so the
        // matchers decide.
        if seen & NON_ASCII != 0 {
            return true;
        }
        // The prefix is its letters or digits and the byte that ends it: the
        // rest has the others, and need not be counted again.
        let rest_alnum = alnum - (n - 1);
        debug_assert_eq!(rest_alnum, self.classes.count(&t[n..]).alnum);
        // The rest's skeleton (or, as written, a Salesforce id's letters and
        // digits) must have some plain key's length and digits: a
        // timestamp's rest (`02-15T13:07:57.000Z`) has more digits than a
        // slug's key, and is not hashed.
        self.keys
            .plain
            .has_shape(rest_alnum, || crate::bytes::count_digits(&t[n..]))
            && self.keys.may_have_plain_key_of(&t[n..], rest_alnum)
    }

    /// Whether `t` may hold several values, one of them a probe's: it has a
    /// separator, and as many letters and digits of the probes' alphabet as
    /// a value needs to be a probe or to have a key of one (`shortest`), at
    /// least, or text with a number in E notation. Characters that are not
    /// ASCII are not counted: where some probe key has them, or where one
    /// may fold to ASCII (`¹0` is a value of two), text with them may have
    /// enough. Accented letters, dashes and quotes add no ASCII to any key,
    /// and are known to (`kept`) once the value has been decoded: a note
    /// among numeric ids with a name written with accents in it is no list
    /// for that.
    fn may_list(&self, t: &[u8], seen: u8, alnum: usize, outside: usize, kept: bool) -> bool {
        (alnum - outside >= self.shortest
            || (seen & NON_ASCII != 0
                && (self.keys.foreign || (!kept && self.may_add_to_alphabet(t))))
            || (self.may_be_scientific(seen) && has_exponent(t)))
            && (seen & SPACE != 0 || crate::bytes::find_any(t, [b',', b';', b'|']).is_some())
    }

    /// Whether a key of `t` may have letters or digits of the probes'
    /// alphabet that `t` lacks (see [`may_add_ascii`]). Where the alphabet
    /// is digits alone (numeric ids), only a digit, or an exponent's `e`,
    /// could count, and few characters fold to one: those are found by
    /// their first two bytes, without decoding the text's accented letters
    /// and dashes.
    fn may_add_to_alphabet(&self, t: &[u8]) -> bool {
        if self.keys.alphabet >> 10 == 0 {
            may_add_digit(t)
        } else {
            may_add_ascii(t)
        }
    }

    /// Whether text with the classes `seen` may hold a number in E
    /// notation that is some probe's, whose digits may be fewer than the
    /// probe's (`1.50e+06` is `1500000`): where some key is a number's.
    fn may_be_scientific(&self, seen: u8) -> bool {
        self.keys.numbers && seen & EXPONENT != 0
    }

    /// Which values of a list may be a probe's: where every probe key has
    /// a digit, only those with one, or with a character that may fold to
    /// one.
    pub fn wanted_values(&self) -> Wanted {
        if self.keys.undigited {
            Wanted::All
        } else {
            Wanted::Digits
        }
    }

    /// Whether `piece`, a value of a list, may be a probe's by itself: as
    /// [`Gate::may_list`] asks of the list, it has as many letters and digits
    /// of the probes' alphabet as a value needs, or some that are not ASCII,
    /// or it may be a number in E notation. An e-mail address or
    /// a web address in a note among numeric ids is none, and is not looked
    /// up.
    ///
    /// Only asked where the probes' keys have at most half the letters
    /// (numbers, hex ids): where they have more, most pieces have enough,
    /// and counting them would cost more than it spares.
    #[inline]
    pub fn may_be_value(&self, piece: &[u8]) -> bool {
        if !self.few_letters {
            return true;
        }
        let Count {
            seen,
            alnum,
            outside,
        } = self.classes.count(piece);
        alnum - outside >= self.shortest
            || seen & NON_ASCII != 0
            || (self.may_be_scientific(seen)
                && piece.first().is_some_and(u8::is_ascii_digit)
                && has_exponent(piece))
    }
}

/// The letters and digits of [`is_api_timestamp`]'s text, and how many of
/// them are digits.
const TIMESTAMP_SKELETON: (usize, usize) = (19, 17);

/// Whether trimmed `t` is a date and time as the Salesforce API and Data
/// Loader write them, `2014-02-23T13:08:47.000Z`: its seven separators in
/// place and its other 17 bytes digits. Its skeleton (`20140223t130847000z`)
/// is its one key: a run of four digits begins it, so it has no word prefix;
/// no whitespace or `,;|` makes it a list; no dot before a letter makes it
/// an address; it has no whitespace to be a name's words, no byte above
/// 0x7f, no number's keys (`-` and `:` are in no number), and is too long
/// to be a Salesforce id.
fn is_api_timestamp(t: &[u8]) -> bool {
    const SEPARATORS: [(usize, u8); 7] = [
        (4, b'-'),
        (7, b'-'),
        (10, b'T'),
        (13, b':'),
        (16, b':'),
        (19, b'.'),
        (23, b'Z'),
    ];
    t.len() == 24
        && SEPARATORS.iter().all(|&(at, b)| t[at] == b)
        && crate::bytes::count_digits(t) == TIMESTAMP_SKELETON.1
}

/// Whether `t` has the key of a number in E notation (see
/// [`transforms::scientific`]): asked only of the rare cell that begins
/// as one written with a decimal comma (`1,23457E+11`), whose comma the
/// classes count as text's.
#[inline(never)]
fn has_scientific_key(t: &[u8]) -> bool {
    std::str::from_utf8(t).is_ok_and(|t| transforms::scientific(t).is_some())
}

/// Whether `t` has an `e` or `E` where a number in E notation has it: after
/// a digit or a decimal point, and before a digit or a `+`. Asked of text
/// with too few digits to hold an id otherwise, which is most prose: 16
/// bytes at a time, kept out of the gate's inlined steps.
#[inline(never)]
fn has_exponent(t: &[u8]) -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        // A note is a few blocks of 32 bytes, where it is many of 16.
        if t.len() >= 32 && std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor has AVX2.
            return unsafe { has_exponent_avx2(t) };
        }
        // SAFETY: every x86_64 processor has SSE2.
        any_middle(t, |x| unsafe { exponents_sse2(x) })
    }
    #[cfg(not(target_arch = "x86_64"))]
    t.windows(3).any(is_exponent)
}

/// [`has_exponent`] of `t`, 32 bytes or more, 32 bytes at a time: as
/// [`any_middle`] reads 16, each load after the first begins with the last
/// two bytes of the one before, and the last load ends at the last byte.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn has_exponent_avx2(t: &[u8]) -> bool {
    use std::arch::x86_64::_mm256_loadu_si256;
    debug_assert!(t.len() >= 32);
    // SAFETY (each load): the 32 bytes from `at` are inside `t`, and an
    // unaligned load has no alignment requirement.
    let load = |at: usize| unsafe { _mm256_loadu_si256(t[at..at + 32].as_ptr().cast()) };
    let mut at = 0;
    while at + 32 <= t.len() {
        if exponents_avx2(load(at)) != 0 {
            return true;
        }
        at += 30;
    }
    at + 2 < t.len() && exponents_avx2(load(t.len() - 32)) != 0
}

/// [`exponents_sse2`] of 32 bytes.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[inline]
fn exponents_avx2(x: std::arch::x86_64::__m256i) -> u32 {
    use std::arch::x86_64::{
        _mm256_cmpeq_epi8, _mm256_movemask_epi8, _mm256_or_si256, _mm256_set1_epi8,
    };
    let is = |b: u8| _mm256_cmpeq_epi8(x, _mm256_set1_epi8(b as i8));
    let digits = crate::bytes::digit_lanes_avx2(x);
    let lower = _mm256_or_si256(x, _mm256_set1_epi8(0x20));
    exponent_bits(
        _mm256_movemask_epi8(_mm256_cmpeq_epi8(lower, _mm256_set1_epi8(b'e' as i8))) as u32,
        _mm256_movemask_epi8(_mm256_or_si256(digits, is(b'.'))) as u32,
        || _mm256_movemask_epi8(_mm256_or_si256(digits, is(b'+'))) as u32,
    )
}

/// Whether `t` has a dot followed by two ASCII letters, as a host's last
/// label begins: 16 bytes at a time, where most cells with a dot (a
/// timestamp, an amount) are shorter than a few blocks.
fn has_dot_and_letters(t: &[u8]) -> bool {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: every x86_64 processor has SSE2.
    return any_middle(t, |x| unsafe { dot_letters_sse2(x) });
    #[cfg(not(target_arch = "x86_64"))]
    t.windows(3).any(is_dot_and_letters)
}

/// Whether some byte of `t` with both its neighbours in `t` is one that
/// `middles` marks, given 16 bytes (bit `i` for byte `i`; never the first
/// or the last, whose neighbours are not all there).
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn any_middle(t: &[u8], middles: impl Fn(std::arch::x86_64::__m128i) -> u32) -> bool {
    let mut at = 0;
    while at + 16 <= t.len() {
        // SAFETY: every x86_64 processor has SSE2.
        let sixteen = unsafe { crate::bytes::load(crate::bytes::sixteen(&t[at..])) };
        if middles(sixteen) != 0 {
            return true;
        }
        // Bytes 1 to 14 had both neighbours in these 16: the next 16
        // begin with the 15th, the neighbour of the first byte not yet
        // judged.
        at += 14;
    }
    if at + 2 >= t.len() {
        return false;
    }
    // The rest in one step more: the last 16 bytes, some judged again,
    // or text shorter than that after zeros, which no mark takes and so
    // neighbour none.
    // SAFETY: every x86_64 processor has SSE2.
    let (last, _) = unsafe { crate::bytes::load_rest(t, t.len().saturating_sub(16)) };
    middles(last) != 0
}

/// Whether the middle of three bytes is an exponent's `e`: after a digit or
/// a decimal point, and before a digit or a `+`.
#[cfg(any(test, not(target_arch = "x86_64")))]
fn is_exponent(w: &[u8]) -> bool {
    matches!(w[1], b'e' | b'E')
        && matches!(w[0], b'0'..=b'9' | b'.')
        && matches!(w[2], b'0'..=b'9' | b'+')
}

/// Whether the middle of three bytes is a letter after a dot and before a
/// letter.
#[cfg(any(test, not(target_arch = "x86_64")))]
fn is_dot_and_letters(w: &[u8]) -> bool {
    w[0] == b'.' && w[1].is_ascii_alphabetic() && w[2].is_ascii_alphabetic()
}

/// Bit `i` set where byte `i` of the 16 in `x` is an ASCII letter after a
/// dot and before another letter; the first and last bytes never are.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
#[inline]
fn dot_letters_sse2(x: std::arch::x86_64::__m128i) -> u32 {
    use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_movemask_epi8, _mm_set1_epi8};
    let letters = _mm_movemask_epi8(crate::bytes::letter_lanes(x)) as u32;
    let dots = _mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8(b'.' as i8))) as u32;
    letters & (dots << 1) & (letters >> 1)
}

/// Bit `i` set where byte `i` of the 16 in `x` is an exponent's `e` as
/// [`has_exponent`] reads it; the first and last bytes, whose neighbours
/// are not all here, never are.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
#[inline]
fn exponents_sse2(x: std::arch::x86_64::__m128i) -> u32 {
    use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8};
    let is = |b: u8| _mm_cmpeq_epi8(x, _mm_set1_epi8(b as i8));
    let digits = crate::bytes::digit_lanes(x);
    let lower = _mm_or_si128(x, _mm_set1_epi8(0x20));
    exponent_bits(
        _mm_movemask_epi8(_mm_cmpeq_epi8(lower, _mm_set1_epi8(b'e' as i8))) as u32,
        _mm_movemask_epi8(_mm_or_si128(digits, is(b'.'))) as u32,
        || _mm_movemask_epi8(_mm_or_si128(digits, is(b'+'))) as u32,
    )
}

/// The bits of an exponent's `e` among lanes, given where the lanes are `e`
/// or `E` (read as `e` once bit 5 is set), where they are a digit or a
/// point, and (asked only if needed) where they are a digit or a `+`: an
/// `e` after the one and before the other. The first and last lanes, whose
/// neighbours are not all there, never are.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn exponent_bits(e: u32, before: u32, after: impl FnOnce() -> u32) -> u32 {
    // Prose has an `e` in most blocks, and a digit or a point before one in
    // few: what follows is read only then.
    let after_one = e & (before << 1);
    if after_one == 0 {
        return 0;
    }
    after_one & (after() >> 1)
}

/// Whether `t` (trimmed) may have a name's keys: its words, which only a
/// name has, and a name has no `@` nor four digits in a row (a note with an
/// e-mail address or a phone number in it is none); or its skeleton without
/// a legal suffix, which text of any kind may end in. Text that is not
/// UTF-8 may, unless its last bytes, ASCII and read as they are, end in
/// none.
fn may_have_name_keys(t: &[u8], utf8: Utf8) -> bool {
    !forms::has_at_or_digit_run(t)
        || (forms::may_end_in_legal_suffix(t) && utf8.text(t).is_none_or(forms::has_legal_suffix))
}

/// Whether `t` (trimmed, with the classes `seen`) may be read as a web or
/// e-mail address, without reading it so. A host ends in a dot and two
/// letters or more, which in ASCII text are ASCII letters: a timestamp
/// (`06.000Z`) or an amount (`68955114.0`) is told by its bytes.
fn may_be_host(t: &[u8], seen: u8) -> bool {
    seen & NON_ASCII != 0 || has_dot_and_letters(t)
}

/// The classes (see [`class_of`]) of the characters of `t` that are not
/// ASCII, in order; [`NOT_UTF8`] alone for a byte that is not UTF-8 (read as
/// U+FFFD, which is no letter and folds to nothing). Runs of ASCII are passed over by
/// bytes, as a note with an accented name in it is mostly ASCII, and only
/// the other characters are decoded. Most are in the alphabets and
/// punctuation below U+3000 (accented Latin, Greek, Cyrillic, Hebrew,
/// Arabic, dashes and quotes), whose classes come from a table; past those,
/// the class is [`ASK`], for the caller to ask Unicode's tables.
fn foreign_classes(t: &[u8]) -> ForeignClasses<'_> {
    ForeignClasses { t, at: 0 }
}

/// The classes [`foreign_classes`] tells, from where it has read to.
struct ForeignClasses<'a> {
    t: &'a [u8],
    at: usize,
}

impl Iterator for ForeignClasses<'_> {
    type Item = u8;

    // Inlined into each caller's loop: called once a character, it costs a
    // call more than the character takes to read.
    #[inline(always)]
    fn next(&mut self) -> Option<u8> {
        let rest = &self.t[self.at..];
        let skip = crate::bytes::find_non_ascii(rest)?;
        let (c, width) = crate::bytes::char_at(&rest[skip..]);
        self.at += skip + width;
        Some(c.map_or(NOT_UTF8, class_of))
    }
}

/// The class [`foreign_classes`] gives a byte that is not UTF-8: none of
/// [`class_of`]'s.
const NOT_UTF8: u8 = 16;
const _: () = assert!(NOT_UTF8 & (LETTER | FOLDS_TO_ASCII | WHITESPACE | ASK) == 0);

/// Whether a key of `t`, or of a value in it, may have ASCII letters or
/// digits that `t` lacks: a character that is not ASCII folds to ASCII (`K`,
/// the Kelvin sign, is `k`), or NFKC may change the text (`²` is `2`, `ﬁ`
/// is `fi`). A character NFKC keeps whatever surrounds it, and that lower
/// case keeps from ASCII, stays what it is in every key or is left out;
/// so does each in a value of such text, which is cut at ASCII. Bytes that
/// are not UTF-8 are read as U+FFFD, which is such a character.
fn may_add_ascii(t: &[u8]) -> bool {
    for class in foreign_classes(t) {
        if class & ASK != 0 {
            return may_add_ascii_of(&String::from_utf8_lossy(t));
        }
        if class & FOLDS_TO_ASCII != 0 {
            return true;
        }
    }
    false
}

/// Whether `t` has a character whose NFKC form or lower case has an ASCII
/// digit, `e` or `E` (`²`, `①`, `ｅ`), or may have: the first two bytes of
/// every such character are among [`DIGIT_STARTS`]. Bytes that are not
/// UTF-8 are read as U+FFFD, which has none.
fn may_add_digit(t: &[u8]) -> bool {
    let mut at = 0;
    // A note's accented letters begin with other bytes, and are passed
    // over with its ASCII, 16 bytes at a time.
    while let Some(skip) = crate::bytes::find_any(&t[at..], DIGIT_LEADS) {
        let lead = at + skip;
        if let Some(&second) = t.get(lead + 1)
            && second & 0xc0 == 0x80
            && SECONDS_AFTER[usize::from(t[lead])] >> (second & 0x3f) & 1 != 0
        {
            return true;
        }
        at = lead + 1;
    }
    false
}

/// The first byte of each character [`may_add_digit`] looks for, and its
/// second bytes (bit `b & 0x3f` for the byte `b`, from 0x80 to 0xbf):
/// written from Unicode's tables (NFKC and lower case), which
/// `every_character_that_folds_to_a_digit_is_looked_for` asks again of
/// every character, so that tables that fold one more fail it.
const DIGIT_STARTS: [(u8, u64); 6] = [
    (0xc2, seconds(&[0xb2, 0xb3, 0xb9, 0xbc, 0xbd, 0xbe])),
    (0xe1, seconds(&[0xb4, 0xb5])),
    (
        0xe2,
        seconds(&[0x81, 0x82, 0x84, 0x85, 0x86, 0x91, 0x92, 0x93]),
    ),
    (0xe3, seconds(&[0x89, 0x8a, 0x8b, 0x8d, 0x8e, 0x8f])),
    (0xef, seconds(&[0xbc, 0xbd])),
    (0xf0, seconds(&[0x9c, 0x9d, 0x9f])),
];

/// The first bytes of [`DIGIT_STARTS`].
const DIGIT_LEADS: [u8; DIGIT_STARTS.len()] = {
    let mut leads = [0u8; DIGIT_STARTS.len()];
    let mut i = 0;
    while i < leads.len() {
        leads[i] = DIGIT_STARTS[i].0;
        i += 1;
    }
    leads
};

/// [`DIGIT_STARTS`] by first byte: no bits for any other byte.
static SECONDS_AFTER: [u64; 256] = {
    let mut table = [0u64; 256];
    let mut i = 0;
    while i < DIGIT_STARTS.len() {
        table[DIGIT_STARTS[i].0 as usize] = DIGIT_STARTS[i].1;
        i += 1;
    }
    table
};

/// The bits of [`DIGIT_STARTS`] for the second bytes `bytes`.
const fn seconds(bytes: &[u8]) -> u64 {
    let (mut bits, mut i) = (0u64, 0);
    while i < bytes.len() {
        bits |= 1 << (bytes[i] & 0x3f);
        i += 1;
    }
    bits
}

/// [`may_add_ascii`] of the text `t`, asking Unicode's tables of every
/// character: whether its NFKC form has some ASCII letter or digit more
/// often than `t` has (`²` is `2`; a no-break space, a space, adds none; an
/// accent composed with its letter takes one away), or a letter that lower
/// case makes ASCII. Text is cut into values at ASCII, which composes with
/// nothing: no value's NFKC form has more of one than the whole text's.
fn may_add_ascii_of(t: &str) -> bool {
    let folded = forms::nfkc(t);
    if folded
        .chars()
        .any(|c| !c.is_ascii() && c.is_alphanumeric() && folds_to_ascii(c))
    {
        return true;
    }
    let mut more = [0i32; 36];
    t.bytes()
        .filter_map(fold)
        .for_each(|i| more[i as usize] += 1);
    folded.bytes().filter_map(fold).any(|i| {
        more[i as usize] -= 1;
        more[i as usize] < 0
    })
}

/// [`Gate::foreign_letters`] of the text `t`, asking Unicode's tables of
/// every character.
fn foreign_letters_of(t: &str) -> Option<Letters> {
    use unicode_normalization::{IsNormalized, is_nfkc_quick};
    if is_nfkc_quick(t.chars()) != IsNormalized::Yes {
        return None;
    }
    let (mut letters, mut spaces) = (false, false);
    for c in t.chars().filter(|c| !c.is_ascii()) {
        if c.is_alphanumeric() {
            if folds_to_ascii(c) {
                return None;
            }
            letters = true;
        }
        spaces |= c.is_whitespace();
    }
    letters.then(|| Letters::of(t, spaces))
}

/// What [`Gate::foreign_letters`] tells of a value's text.
#[derive(Debug, PartialEq)]
struct Letters {
    /// Whether it has whitespace inside it, as `str::trim` leaves it.
    inner: bool,
}

impl Letters {
    /// What is told of `t`, which has whitespace that is not ASCII if `spaces`.
    fn of(t: &str, spaces: bool) -> Letters {
        let t = forms::trim(t);
        // Whitespace that is not ASCII is looked for only if there is some.
        let ascii_inner = t.bytes().any(forms::is_ascii_space);
        Letters {
            inner: ascii_inner || (spaces && t.contains(char::is_whitespace)),
        }
    }
}

/// Which matchers past exact equality a cell needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Admit {
    pub normalized: bool,
    pub fuzzy: bool,
    /// Where the value is, without the whitespace around it, if some
    /// matcher needs it and its skeleton is the one key it has that a
    /// probe could share, but for a number's other keys, which are looked
    /// up beside it (see `Normalized::bare_may_match`): it is ASCII letters
    /// and digits and nothing else, or ASCII with no other kind of key (a
    /// domain, a name's, a Salesforce id's); and its skeleton is its fuzzy
    /// key too, which for text with whitespace inside it is only where no
    /// probe may be a name (see [`Gate::spaced_by_skeleton`]).
    pub bare: Option<std::ops::Range<usize>>,
    /// Whether the cell may hold several values, one of them a probe's: it
    /// has a separator, and as many letters and digits of the probes'
    /// alphabet as a value needs to be one (or may have; see
    /// [`Gate::may_list`]).
    pub list: bool,
}

impl Admit {
    const ALL: Admit = Admit {
        normalized: true,
        fuzzy: true,
        bare: None,
        list: true,
    };
    const NONE: Admit = Admit {
        normalized: false,
        fuzzy: false,
        bare: None,
        list: false,
    };

    /// Whether any matcher needs the cell.
    pub fn any(&self) -> bool {
        self.normalized || self.fuzzy
    }
}

#[cfg(test)]
mod tests {
    use super::super::chars::COMMON;
    use super::super::properties::{NOTE_PARTS, NOTE_SEPARATORS};
    use super::super::transforms;
    use super::*;

    impl Gate {
        /// What the gate admits of `value`, its bytes checked again; where
        /// they are UTF-8, known to be so must give the same answer.
        fn admits_both(&self, value: &[u8]) -> Admit {
            let checked = self.admits(value, Utf8::UNKNOWN);
            let lossy = String::from_utf8_lossy(value);
            assert_eq!(self.admits(value, Utf8::of(value)), checked, "{lossy:?}");
            checked
        }
    }

    /// A gate for the normalized keys `keys`, and the fuzzy keys `fuzzy`
    /// (which are normalized keys too).
    fn gate(keys: &[&str], fuzzy: Option<&[&str]>) -> Gate {
        let none = Reach {
            salesforce_ids: false,
            domains: false,
            names: false,
            words: false,
            scientific: false,
            ..Reach::ALL
        };
        gate_with(keys, fuzzy, &none)
    }

    /// [`gate`], reaching what `reach` says.
    fn gate_with(keys: &[&str], fuzzy: Option<&[&str]>, reach: &Reach) -> Gate {
        let mut shapes = KeyShapes::default();
        keys.iter()
            .chain(fuzzy.unwrap_or(&[]))
            .for_each(|k| shapes.add(k));
        let lens = fuzzy.map(|keys| {
            let mut lens = Lengths::default();
            keys.iter().for_each(|k| lens.add(k.as_bytes()));
            lens
        });
        Gate::new(shapes, lens.as_ref(), reach, 1)
    }

    #[test]
    fn among_names_what_is_no_name_is_read_by_its_skeleton_alone() {
        let names = Reach {
            names: true,
            words: true,
            ..Reach::ALL
        };
        let g = Gate::new(KeyShapes::default(), None, &names, 1);
        // Words apart by spaces, which may be a name's.
        assert!(g.admits_both(b"Acme Robotics").normalized);
        // A phone number, or a note with an e-mail address, has no words a
        // name has; but it may end in a legal suffix.
        assert!(!g.admits_both(b"(387) 555-0926").any());
        assert!(!g.admits_both(b"billing: ap@acme.com, net 30").any());
        assert!(g.admits_both(b"billing: ap@acme.com, Acme Ltd").normalized);
    }

    #[test]
    fn numeric_ids_turn_away_dates_names_and_long_numbers() {
        let g = gate(&["104217", "998877"], None);
        for v in [
            "2022-10-04T11:48:12.000Z",
            "Aperture Capital Ltd",
            "(247) 555-8894",
            "244044609",
            "Bronze",
            // A letter no fold makes ASCII is in any key it has.
            "Zürich",
            "São Paulo 104217",
            "ｚürich",
        ] {
            assert!(!g.admits_both(v.as_bytes()).any(), "{v}");
        }
        for v in [
            "104217",
            " 104217 ",
            "10-42-17",
            "0104217",
            "104217.0",
            "1.04217E+5",
            "cus_104217",
            "--",
            // What a fold makes ASCII, and text no fold is sure of.
            "１０４２１７",
            "104217\u{a0}",
            "104217 — 104218",
        ] {
            assert!(g.admits_both(v.as_bytes()).any(), "{v}");
        }
    }

    #[test]
    fn fuzzy_keys_may_have_one_character_the_probes_lack() {
        let g = gate(&[], Some(&["104217"]));
        assert!(g.admits_both(b"104x17").any());
        assert!(g.admits_both(b"10427").any());
        assert!(
            !g.admits_both(b"10xx17").any(),
            "two characters outside the alphabet"
        );
        assert!(
            !g.admits_both(b"1042").any(),
            "too short to be one edit away"
        );
    }

    #[test]
    fn a_timestamp_is_no_slug_of_its_length() {
        let g = gate(&[], Some(&["summitbankgroup0", "123456789"]));
        // Sixteen letters and digits of the probes' alphabet but one (`z`),
        // as long as the slug's key: fourteen of them digits, where the
        // slug has one.
        assert!(!g.admits_both(b"2023-02-27T01:04:51Z").any());
        assert!(!g.admits_both(b"summitbankgro120").any(), "two digits more");
        for near in [
            "summitbankgroup",
            "summitbankgroup01",
            "summitbankgrou00",
            "summit-bank-group-0",
        ] {
            assert!(g.admits_both(near.as_bytes()).fuzzy, "{near}");
        }
        // The skeleton equals a key only with as many digits.
        let g = gate(&["ab12ba"], None);
        assert!(g.admits_both(b"AB-1a-2B").normalized);
        assert!(!g.admits_both(b"AB-12-1B").normalized);
    }

    #[test]
    fn an_exponent_is_found_in_every_place_of_text_of_every_length() {
        // One exponent among letters, in every place where it has both
        // neighbours, and none where one is cut off: in the blocks of 16,
        // in the bytes after them, and in text shorter than a block.
        for len in 0..70 {
            let mut t = vec![b'a'; len];
            assert!(!has_exponent(&t), "{len}");
            for (at, e) in (0..len).flat_map(|at| [(at, b'e'), (at, b'E')]) {
                t[at] = e;
                let whole = at > 0 && at + 1 < len;
                for (before, after) in [(b'1', b'+'), (b'.', b'2'), (b'9', b'0')] {
                    let mut t = t.clone();
                    if at > 0 {
                        t[at - 1] = before;
                    }
                    if at + 1 < len {
                        t[at + 1] = after;
                    }
                    assert_eq!(has_exponent(&t), whole, "{:?}", String::from_utf8_lossy(&t));
                }
                t[at] = b'a';
            }
        }
    }

    #[test]
    fn a_dot_and_two_letters_are_found_in_every_place_of_text_of_every_length() {
        // A dot and two letters among digits, in every place where all
        // three are in the text, and cut off at its end: in the blocks of
        // 16, in the bytes after them, and in text shorter than a block.
        for len in 0..70 {
            for at in 0..len {
                let mut t = vec![b'1'; len];
                t[at] = b'.';
                for (i, letter) in [b'c', b'O'].into_iter().enumerate() {
                    if let Some(b) = t.get_mut(at + 1 + i) {
                        *b = letter;
                    }
                }
                let whole = at + 2 < len;
                assert_eq!(
                    has_dot_and_letters(&t),
                    whole,
                    "{:?}",
                    String::from_utf8_lossy(&t)
                );
                // A byte past `z` or before `A` is no letter.
                if whole {
                    t[at + 2] = b'{';
                    assert!(
                        !has_dot_and_letters(&t),
                        "{:?}",
                        String::from_utf8_lossy(&t)
                    );
                }
            }
        }
    }

    proptest::proptest! {
        /// A dot and two letters, and an exponent, are found wherever they
        /// are, 16 bytes at a time or in the bytes after, as three bytes at
        /// a time find them: at the first and last byte of a block of 16
        /// too, among letters of both cases and the bytes around them (`@`,
        /// `[`, `` ` ``, `{`), digits, `+` and bytes that are not ASCII.
        #[test]
        fn three_bytes_are_found_as_three_bytes_at_a_time_find_them(
            t in proptest::collection::vec(
                proptest::sample::select(b".aZ@[`{1 \xc3\xa1\xc1".to_vec()),
                0..80,
            ),
            u in proptest::collection::vec(
                proptest::sample::select(b"0e.E+a 9".to_vec()),
                0..80,
            ),
        ) {
            let want = t.windows(3).any(is_dot_and_letters);
            proptest::prop_assert_eq!(has_dot_and_letters(&t), want, "{:?}", String::from_utf8_lossy(&t));
            let want = u.windows(3).any(is_exponent);
            proptest::prop_assert_eq!(has_exponent(&u), want, "{:?}", String::from_utf8_lossy(&u));
        }
    }

    proptest::proptest! {
        /// Every value that shares a variant with a probe's fuzzy key (the
        /// key, or it with one byte deleted) is let through to the fuzzy
        /// matcher: a value made from the key by deleting a byte or none,
        /// then inserting one or none.
        #[test]
        fn what_shares_a_variant_with_a_fuzzy_key_gets_through(
            key in "[a-c0-2]{4,9}",
            deleted in proptest::option::of(0usize..9),
            inserted in proptest::option::of((0usize..10, "[a-c0-2]")),
        ) {
            let mut value = key.clone().into_bytes();
            if let Some(at) = deleted {
                value.remove(at % value.len());
            }
            if let Some((at, c)) = inserted {
                value.insert(at % (value.len() + 1), c.as_bytes()[0]);
            }
            let g = gate(&[], Some(&[&key]));
            proptest::prop_assert!(
                value.len() < MIN_FUZZY_LEN || g.admits_both(&value).fuzzy,
                "{:?} from {key}", String::from_utf8_lossy(&value)
            );
        }
    }

    #[test]
    fn only_what_reads_as_an_address_opens_the_domain_keys() {
        let mut g = gate(&["acmecom", "d:acme.com", "acmecouk", "d:acme.co.uk"], None);
        g.reach.domains = true;
        for address in [
            "https://www.acme.com/about",
            "ap@acme.com",
            "ACME.COM",
            "shop.eu.acme.com.",
            "billing@ACME.co.uk",
        ] {
            assert!(g.admits_both(address.as_bytes()).normalized, "{address}");
        }
        for not in [
            "2022-08-03T23:23:06.000Z",
            "v2.0.1",
            "Renewal due Q2. Champion left.",
            // Addresses, but of other domains.
            "https://www.initech.com/about",
            "ap@acme.org",
            "acme.com.example.net",
            "billing@co.uk",
        ] {
            assert!(!g.admits_both(not.as_bytes()).normalized, "{not}");
        }
    }

    proptest::proptest! {
        /// An address is let through wherever its registrable domain is a
        /// probe's: the probe's domain key is among the host's ends.
        #[test]
        fn an_address_of_a_probe_s_domain_is_let_through(
            probe in "(www[.])?([ab]{1,2}[.]){1,3}(com|uk|ab)",
            cell in "(https?://)?([a-z]{1,3}@)?([ab]{1,2}[.]){1,4}(com|uk|ab)[.]?(/[ab]{0,3})?",
        ) {
            let (Some(theirs), Some(ours)) =
                (transforms::registrable_domain(&probe), transforms::registrable_domain(&cell))
            else {
                return Ok(());
            };
            let mut g = gate(&[&format!("{DOMAIN}{theirs}")], None);
            g.reach.domains = true;
            proptest::prop_assert!(
                theirs != ours || g.admits_both(cell.as_bytes()).normalized,
                "{cell} with the domain of {probe}"
            );
        }

        /// The gate's quick test of a host's last label turns away no text
        /// that reads as an address.
        #[test]
        fn every_address_may_be_a_host(
            t in "(https?://)?[a-zA-Z0-9.-]{1,12}(@[a-zA-Z0-9.-]{1,12})?(:[0-9]{1,4})?(/[a-z.]{0,5})?[.]?",
        ) {
            let seen = gate(&["acmecom"], None).classes.count(t.as_bytes()).seen;
            if forms::host(&t).is_some() {
                proptest::prop_assert!(may_be_host(t.as_bytes(), seen), "{t}");
            }
        }
    }

    #[test]
    fn a_value_whose_one_key_is_its_skeleton_is_settled_from_its_bytes() {
        let g = gate(&["20220803t232306000z", "42"], None);
        let date = "2022-08-03T23:23:06.000Z";
        let admit = g.admits_both(date.as_bytes());
        assert!(admit.normalized, "its skeleton is a key");
        assert_eq!(admit.bare, Some(0..date.len()));
        // A number's keys are looked up beside its skeleton; another kind
        // of key takes the long way.
        let number = "0042.0";
        let admit = g.admits_both(number.as_bytes());
        assert!(admit.normalized, "`42` is a key");
        assert_eq!(admit.bare, Some(0..number.len()));
        let prefixed = "A-2022-08-03T23:23:06.000Z";
        assert_eq!(g.admits_both(prefixed.as_bytes()).bare, None);
        // So does whitespace inside where a fuzzy key may be other than the
        // skeleton, or where the text may have a name's keys; elsewhere the
        // skeleton is its one key.
        let (spaced, key) = ("Summit Bank 42", "summitbank42");
        let whole = Some(0..spaced.len());
        let fuzzy = gate(&["42"], Some(&[key]));
        let names = Reach {
            words: true,
            ..Reach::NONE
        };
        for (g, bare) in [
            (gate(&[key], None), whole.clone()),
            (fuzzy.clone(), None),
            (fuzzy.spaced_by_skeleton(), whole.clone()),
            (gate_with(&[key], None, &names), None),
        ] {
            let admit = g.admits_both(spaced.as_bytes());
            assert!(admit.any(), "{admit:?}");
            assert_eq!(admit.bare, bare);
        }
    }

    #[test]
    fn every_common_character_is_classed_as_unicode_s_tables_class_it() {
        let g = gate(&["abc"], None);
        for c in (0x80..COMMON as u32 + 1).filter_map(char::from_u32) {
            // After a mark of a higher combining class, a mark is out of
            // the order NFKC puts marks in.
            let texts = [
                format!("{c}"),
                format!("a{c}b"),
                format!("é\u{305}{c}"),
                format!("{c}\u{301}"),
            ];
            for text in texts {
                assert_eq!(
                    g.foreign_letters(text.as_bytes(), Utf8::UNKNOWN),
                    foreign_letters_of(&text),
                    "{text:?}"
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn foreign_letters_are_what_unicode_s_tables_say(
            text in "[a-z0-9 \u{a0}\u{e9}\u{130}\u{300}-\u{36f}\u{391}-\u{3c9}\u{400}-\u{4ff}\u{5d0}-\u{5ea}\u{7c0}-\u{7ff}\u{800}-\u{90f}\u{2000}-\u{206f}\u{212a}\u{2028}\u{2ff0}-\u{3010}\u{ff21}]{0,8}",
        ) {
            let g = gate(&["abc"], None);
            proptest::prop_assert_eq!(g.foreign_letters(text.as_bytes(), Utf8::UNKNOWN), foreign_letters_of(&text));
        }
    }

    #[test]
    fn text_that_is_not_utf8_has_no_letters_told() {
        // A stray byte, a lead byte without its tail, an overlong form and a
        // surrogate, at the start, among letters and at the end: the
        // matchers decide, as they read such text with U+FFFD in it.
        let g = gate(&["abc"], None);
        for bad in [&b"\xff"[..], b"\xc3", b"\xc0\xaf", b"\xed\xa0\x80"] {
            for (before, after) in [("", " Łódź"), ("Łódź ", " Łódź"), ("Łódź ", "")] {
                let mut text = before.as_bytes().to_vec();
                text.extend_from_slice(bad);
                text.extend_from_slice(after.as_bytes());
                assert_eq!(g.foreign_letters(&text, Utf8::UNKNOWN), None, "{text:?}");
            }
        }
        assert!(
            g.foreign_letters("Łódź Łódź".as_bytes(), Utf8::UNKNOWN)
                .is_some()
        );
    }

    #[test]
    fn whitespace_inside_is_told_of_every_kind() {
        for (text, inner) in [
            ("a\u{b}a", true),
            ("a\u{a0}a", true),
            ("a\u{3000}", false),
            ("\u{85}a\u{2028}", false),
            ("é\té", true),
        ] {
            let spaces = text.chars().any(|c| !c.is_ascii() && c.is_whitespace());
            assert_eq!(Letters::of(text, spaces).inner, inner, "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn whitespace_inside_is_what_the_characters_say(
            text in "[a \t\n\u{b}\u{c}\r\u{85}\u{a0}\u{e9}\u{2028}\u{3000}]{0,8}",
        ) {
            let spaces = text.chars().any(|c| !c.is_ascii() && c.is_whitespace());
            let inner = text.trim().contains(char::is_whitespace);
            proptest::prop_assert_eq!(Letters::of(&text, spaces), Letters { inner });
        }
    }

    #[test]
    fn a_number_s_other_forms_open_the_gate_only_where_some_key_is_a_number() {
        for number in ["737021770.0", "0737021770", "7.37E8"] {
            assert!(
                !gate(&["acmecom", "d:acme.com"], None)
                    .admits_both(number.as_bytes())
                    .any(),
                "{number}"
            );
            assert!(
                gate(&["acmecom", "737021770"], None)
                    .admits_both(number.as_bytes())
                    .normalized,
                "{number}"
            );
            assert!(
                gate(&["acmecom", "e:9:737"], None)
                    .admits_both(number.as_bytes())
                    .normalized,
                "{number}"
            );
        }
    }

    #[test]
    fn a_word_prefix_opens_the_gate_only_to_a_rest_as_long_as_a_key() {
        let g = gate(&["566608"], None);
        assert!(g.admits_both(b"A-566608").normalized);
        assert!(g.admits_both(b"cus_566608").normalized, "`566608` is a key");
        // What follows `https:` or `A-` is as long as no key.
        assert!(!g.admits_both(b"https://www.acme.com/pricing?ref=crm").any());
        assert!(!g.admits_both(b"A-5666081").any());
        // Text that is not ASCII after the prefix may fold to a key, even
        // where the prefix's letters are outside every key.
        assert!(g.admits_both("cus_５６６６０８".as_bytes()).normalized);
    }

    #[test]
    fn a_word_prefix_is_dropped_only_where_the_letters_outside_the_keys_may_go_with_it() {
        let g = gate(&["566608"], None);
        // Ten letters outside every key make the longest prefix there is:
        // without it, the rest is the key, or may fold to it.
        assert!(g.admits_both(b"abcdefghij-566608").normalized);
        assert!(
            g.admits_both("abcdefghij-５６６６０８".as_bytes())
                .normalized
        );
        // One more, and it stays in every key the value has, whatever the
        // rest folds to; so does a note's after a prefix.
        assert!(
            !g.admits_both("abcdefghij-k５６６６０８".as_bytes())
                .normalized
        );
        assert!(
            !g.admits_both("cus_ Zürich note, from Dubois (Ærø)".as_bytes())
                .normalized
        );
        // Where probes are reached by a name, its words or a domain, other
        // fixes drop more than a prefix. (Without a bracket: words would
        // open the gate to a qualifier in one whatever the prefix.)
        let note = "cus_ Zürich note, from Dubois".as_bytes();
        assert!(!g.admits_both(note).normalized);
        for reach in [
            Reach {
                names: true,
                ..g.reach.clone()
            },
            Reach {
                words: true,
                ..g.reach.clone()
            },
            Reach {
                domains: true,
                ..g.reach.clone()
            },
        ] {
            let g = Gate { reach, ..g.clone() };
            assert!(g.admits_both(note).normalized, "{:?}", g.reach);
        }
    }

    #[test]
    fn ascii_without_whitespace_is_read_by_its_words_only_if_it_is_a_name() {
        // The probe's letters, in keys of no cell's length.
        let mut g = gate(&["air bel hotel"], None);
        g.reach.words = true;
        for name in ["Air-Bel Hotel", "hotel_bel-air\tinn"] {
            assert!(forms::is_name(name), "{name}");
            assert!(g.admits_both(name.as_bytes()).normalized, "{name}");
        }
        // The probe's words, but no name; and a timestamp and phone number.
        for not in ["Air-Bel-Hotel", "2022-08-03T23:23:06.000Z", "555-0926"] {
            assert!(!forms::is_name(not), "{not}");
            assert!(!g.admits_both(not.as_bytes()).any(), "{not}");
        }
    }

    #[test]
    fn what_follows_a_word_prefix_opens_the_gate_only_if_it_is_a_probe_s_key() {
        let mut g = gate(&["acmecom", "001x0000002xLCVAA2"], None);
        for prefixed in ["https://acme.com", "ORG-acme.com", "sf:001x0000002xLCVAA2"] {
            assert!(g.admits_both(prefixed.as_bytes()).normalized, "{prefixed}");
        }
        // As long as a key, with its letters, but none.
        let others = ["https://emca.com", "ORG-moc.acme", "sf:001x0000002xLCVAA3"];
        for other in others {
            assert!(!g.admits_both(other.as_bytes()).normalized, "{other}");
        }
        // Past so many keys, only their lengths and digits are known: a rest
        // as long as a key, with other digits, is none (a timestamp's).
        g.keys.plain_hashes = None;
        for other in others {
            assert!(g.admits_both(other.as_bytes()).normalized, "{other}");
        }
        for other in [
            "ORG-acme7om",
            "sf:001x0000002xLCVA22",
            "2014-02-15T13:07:57.000Z",
        ] {
            assert!(!g.admits_both(other.as_bytes()).normalized, "{other}");
        }
        // A key longer than the skeletons looked up by their hashes (a slug
        // of a long name) is reached after a prefix all the same.
        let long = "bundesrat".repeat(8);
        assert!(long.len() > SKELETON_HASHED);
        let g = gate(&[long.as_str(), "acmecom"], None);
        let prefixed = format!("ch/{long}");
        assert!(g.admits_both(prefixed.as_bytes()).normalized);
    }

    #[test]
    fn a_piece_is_looked_up_only_with_enough_of_the_probes_alphabet() {
        // Six-digit ids, and their E-notation keys, whose mark `e:` puts no
        // letter in the alphabet: an address in a note has too few digits,
        // and so has a word of `e`s.
        let mut shapes = KeyShapes::default();
        ["104217", "e:6:104217"].iter().for_each(|k| shapes.add(k));
        let numbers = Gate::new(shapes, None, &Reach::ALL, 6);
        for piece in [
            "omar.kowalski@piperenergy.com",
            "https://www.acme.com/pricing",
            "Q2.",
            "eeeeee",
        ] {
            assert!(!numbers.may_be_value(piece.as_bytes()), "{piece}");
        }
        for piece in ["555-104217", "ref:1042.17", "1.04217e5", "1.04e+5", "Ærø-1"] {
            assert!(numbers.may_be_value(piece.as_bytes()), "{piece}");
        }
        // Where the keys have most letters, every piece is.
        let mut shapes = KeyShapes::default();
        shapes.add("summitbankgroupquixotic");
        let names = Gate::new(shapes, None, &Reach::ALL, 6);
        assert!(names.may_be_value(b"Q2."));
    }

    #[test]
    fn a_note_with_accents_is_a_list_only_if_a_character_may_fold_to_a_digit() {
        // Six-digit ids: a note with five of their digits has too few,
        // whatever its accented letters, dashes and quotes (and a stray
        // byte) are, and whatever letters its characters fold to (`ﬁ`,
        // `İ`): no letter is in the ids' alphabet. One more digit, or a
        // character that folds to one (`²`, `１`) or to an exponent's `e`
        // (`ｅ`), may make a value.
        let mut shapes = KeyShapes::default();
        ["104217", "e:6:104217"].iter().for_each(|k| shapes.add(k));
        let numbers = Gate::new(shapes, None, &Reach::ALL, 6);
        let note =
            |name: &str| format!("Sun note 124, from {name} — billing: ap@sun.com, «net 40»");
        for name in [
            "Dubois (Nîmes)",
            "Łódź",
            "Ærø",
            "Θεσσαλονίκη",
            "Dubois\u{a0}",
            "Nı\u{302}mes",
            "e\u{301}",
            "Dubois",
            "ﬁ Nîmes",
            "İzmir",
        ] {
            assert!(!numbers.admits_both(note(name).as_bytes()).list, "{name}");
        }
        let mut stray = note("Nîmes").into_bytes();
        stray.insert(30, 0xff);
        stray.insert(5, 0xc3);
        assert!(!numbers.admits_both(&stray).list);
        for name in [
            "Nîmes 1",
            "Nîmes²",
            "Nîmes １",
            "Nîmes ｅ",
            "e\u{301}²",
            "\u{a0}¹",
        ] {
            assert!(numbers.admits_both(note(name).as_bytes()).list, "{name}");
        }
    }

    #[test]
    fn a_letter_whose_last_byte_is_a_latin_1_space_s_is_a_letter() {
        // `م` is 0xd9 0x85, `נ` 0xd7 0xa0 and `丅` 0xe4 0xb8 0x85: last
        // bytes that are U+0085 and the no-break space in Latin-1. A name
        // that ends in one is judged as one ending in another letter, not
        // as text cut short after a stray byte; so is one that ends in a
        // no-break space.
        let mut shapes = KeyShapes::default();
        ["104217", "e:6:104217"].iter().for_each(|k| shapes.add(k));
        let numbers = Gate::new(shapes, None, &Reach::ALL, 6);
        for (name, other) in [
            ("إبراهيم", "إبراهين"),
            ("דן נ", "דן ד"),
            ("北京丅", "北京丁"),
        ] {
            let admit = numbers.admits_both(name.as_bytes());
            assert_eq!(admit, numbers.admits_both(other.as_bytes()), "{name}");
            let spaced = format!("{name}\u{a0}");
            assert_eq!(admit, numbers.admits_both(spaced.as_bytes()), "{name}");
        }
    }

    #[test]
    fn kinds_of_keys_open_the_gate_only_where_probes_have_them() {
        let mut g = gate(&["acme", "d:acme.com"], None);
        assert!(!g.admits_both(b"shop.acme.com").any());
        g.reach.domains = true;
        assert!(g.admits_both(b"shop.acme.com").any());
        assert!(!g.admits_both(b"Acme Robotics Inc").any());
        g.reach.names = true;
        assert!(g.admits_both(b"Acme Robotics Inc").any());
    }

    /// A gate for `keys` (and as fuzzy keys, if `fuzzy`) that reaches what
    /// `reach` says, with `max_skeleton` the longest key's length.
    fn gate_reaching(keys: &[&str], fuzzy: bool, reach: Reach) -> Gate {
        let plain: Vec<&str> = keys.iter().copied().filter(|k| !k.contains(':')).collect();
        let max_skeleton = plain.iter().map(|k| k.len()).max().unwrap_or(0);
        let reach = Reach {
            max_skeleton,
            ..reach
        };
        gate_with(keys, fuzzy.then_some(&plain[..]), &reach)
    }

    /// The reach whose kinds of keys are the low five bits of `bits`, in
    /// the order of [`Reach`]'s fields.
    fn reach_of(bits: u8) -> Reach {
        Reach {
            salesforce_ids: bits & 1 != 0,
            domains: bits & 2 != 0,
            names: bits & 4 != 0,
            words: bits & 8 != 0,
            scientific: bits & 16 != 0,
            ..Reach::ALL
        }
    }

    /// Keys of each shape of id, as the normalized matcher indexes them.
    const KEY_SETS: [&[&str]; 5] = [
        &["104217", "998877", "e:6:104217"],
        &["acmecom", "d:acme.com", "summitbankcom", "d:summitbank.com"],
        &["acmerobotics", "summitbankgroup"],
        &["summitbankgroup0", "5f1e2d3c4b5a69788796a5b4", "244044609"],
        &["001xx000003dgb2aac", "sf:001xx000003DGb2AAC"],
    ];

    #[test]
    fn every_character_that_folds_to_a_digit_is_looked_for() {
        // A digit, or an exponent's `e`, that NFKC or lower case makes of a
        // character: `²`, `①`, `ｅ`, `𝟗`. Each is looked for where it
        // stands in a note, in the blocks of 16 bytes and after them.
        let adds = |t: &str| {
            t.bytes()
                .any(|b| b.is_ascii_digit() || b == b'e' || b == b'E')
        };
        let mut folding = 0;
        for c in (0x80..=0x10ffff).filter_map(char::from_u32) {
            let one = c.to_string();
            if !adds(&forms::nfkc(&one)) && !adds(&c.to_lowercase().to_string()) {
                continue;
            }
            folding += 1;
            let before = "Łódź — x".repeat(c as usize % 5);
            let note = format!("{before}{c} — net");
            assert!(may_add_digit(note.as_bytes()), "{c:?} in {note:?}");
        }
        assert!(folding > 300, "{folding}");
        // Accented letters, dashes, quotes and bytes that are not UTF-8 add
        // none; a byte that begins such a character without its second
        // byte is none.
        for note in [
            "Piper note 961, from Müller (Łódź) — billing: «net 30» ‘x’ …".as_bytes(),
            "Crème Brûlée, São Paulo, Ærø".as_bytes(),
            b"\xc2 x\xe2",
        ] {
            let shown = String::from_utf8_lossy(note);
            assert!(!may_add_digit(note), "{shown:?}");
        }
    }

    /// The parts of [`a_value_told_a_list_early_is_told_what_every_step_tells`]'s
    /// notes: those of `matching::properties`, and bytes that are not UTF-8.
    fn note_part(i: usize) -> &'static [u8] {
        NOTE_PARTS
            .get(i)
            .map_or(b"\xff\xc3", |part| part.as_bytes())
    }

    proptest::proptest! {
        /// A long value told a list before the gate's longer steps is told
        /// what those steps tell it, for every kind of key and reach, or
        /// they leave it to the matchers (where Unicode's folds may change
        /// it), which find nothing in it: `matching::properties` checks
        /// that.
        #[test]
        fn a_value_told_a_list_early_is_told_what_every_step_tells(
            keys in 0..KEY_SETS.len(),
            fuzzy in proptest::bool::ANY,
            reached in 0u8..32,
            parts in proptest::collection::vec(
                (0..=NOTE_PARTS.len(), 0..NOTE_SEPARATORS.len()),
                1..16,
            ),
        ) {
            let g = gate_reaching(KEY_SETS[keys], fuzzy, reach_of(reached));
            let mut value = vec![];
            for (part, separator) in parts {
                value.extend_from_slice(note_part(part));
                value.extend_from_slice(NOTE_SEPARATORS[separator].as_bytes());
            }
            let unknown = Utf8::UNKNOWN;
            let (early, full) = (g.admits_by(&value, unknown, true), g.admits_by(&value, unknown, false));
            proptest::prop_assert!(
                early == full || (early.list && full == Admit::ALL),
                "{:?}: {:?} early, {:?} by every step",
                String::from_utf8_lossy(&value),
                early,
                full
            );
            // Bytes known to be UTF-8 are told what they are told checked.
            let utf8 = Utf8::of(&value);
            proptest::prop_assert_eq!(g.admits_by(&value, utf8, true), early);
            proptest::prop_assert_eq!(g.admits_by(&value, utf8, false), full);
        }
    }

    /// [`KEY_SETS`], and keys some timestamp has: its skeleton, and a key
    /// one edit from another's.
    const TIMESTAMP_KEYS: [&[&str]; 2] = [&["20140223t130847000z"], &["20140223130847000z"]];

    /// Every gate of [`KEY_SETS`] and [`TIMESTAMP_KEYS`], with fuzzy keys and
    /// without, and each reach: made once for all the tests that ask them.
    static TIMESTAMP_GATES: std::sync::LazyLock<Vec<Gate>> =
        std::sync::LazyLock::new(|| timestamp_gates().collect());

    fn timestamp_gates() -> impl Iterator<Item = Gate> {
        let keys = KEY_SETS.iter().chain(&TIMESTAMP_KEYS);
        keys.flat_map(|keys| {
            (0u8..64).map(move |bits| gate_reaching(keys, bits & 32 != 0, reach_of(bits)))
        })
    }

    /// Whether `g` tells `value` by its shape what every step tells it.
    fn told_alike(g: &Gate, value: &[u8]) -> bool {
        let unknown = Utf8::UNKNOWN;
        g.admits_by(value, unknown, true) == g.admits_by(value, unknown, false)
    }

    proptest::proptest! {
        /// A timestamp as the API writes it, of any digits, is told by its
        /// shape what every step tells it, for every kind of key and reach.
        #[test]
        fn a_timestamp_is_told_by_its_shape_what_every_step_tells(
            digits in proptest::collection::vec(0u8..10, 17),
            padded in proptest::bool::ANY,
        ) {
            let mut digits = digits.into_iter();
            let mut value: Vec<u8> = b"dddd-dd-ddTdd:dd:dd.dddZ"
                .iter()
                .map(|&b| if b == b'd' { b'0' + digits.next().unwrap() } else { b })
                .collect();
            if padded {
                value.insert(0, b' ');
                value.push(b'\t');
            }
            for g in TIMESTAMP_GATES.iter() {
                proptest::prop_assert!(told_alike(g, &value), "{:?}", String::from_utf8_lossy(&value));
            }
        }
    }

    #[test]
    fn text_a_byte_from_a_timestamp_is_told_what_every_step_tells() {
        let stamp = b"2014-02-23T13:08:47.000Z";
        for at in 0..stamp.len() {
            for &b in b"07 .-:TZtz,;+e\xa0\xff" {
                let mut value = stamp.to_vec();
                value[at] = b;
                for g in TIMESTAMP_GATES.iter() {
                    assert!(
                        told_alike(g, &value),
                        "{:?}",
                        String::from_utf8_lossy(&value)
                    );
                }
            }
        }
    }

    #[test]
    fn a_timestamp_is_admitted_where_some_key_has_its_shape() {
        let stamp = b"2014-02-23T13:08:47.000Z";
        assert!(is_api_timestamp(stamp));
        for other in [
            &b"2014-02-23T13:08:47Z"[..],
            b"2014-02-23 13:08:47.000Z",
            b"2014-02-23T13:08:47.00aZ",
        ] {
            assert!(
                !is_api_timestamp(other),
                "{}",
                String::from_utf8_lossy(other)
            );
        }
        // Among numbers, names and domains, nothing; where a key is its
        // skeleton, its skeleton; where one is an edit away, it is fuzzy.
        for keys in KEY_SETS {
            let g = gate_reaching(keys, true, Reach::ALL);
            assert!(g.inert_timestamps, "{keys:?}");
            assert_eq!(g.admits(stamp, Utf8::UNKNOWN), Admit::NONE, "{keys:?}");
        }
        let g = gate_reaching(TIMESTAMP_KEYS[0], false, Reach::ALL);
        assert!(!g.inert_timestamps);
        assert!(g.admits(stamp, Utf8::UNKNOWN).normalized);
        let g = gate_reaching(TIMESTAMP_KEYS[1], true, Reach::ALL);
        assert!(!g.inert_timestamps);
        assert!(g.admits(stamp, Utf8::UNKNOWN).fuzzy);
    }

    #[test]
    fn a_note_is_told_a_list_before_the_longer_steps() {
        let early = |g: &Gate, value: &str| {
            let t = value.trim().as_bytes();
            let Count {
                seen,
                alnum,
                outside,
            } = g.classes.count(t);
            g.is_only_a_list(t, seen, alnum, outside, Utf8::UNKNOWN)
        };
        let domains = Reach {
            domains: true,
            ..Reach::NONE
        };
        let names = Reach {
            names: true,
            words: true,
            ..Reach::NONE
        };
        let among_domains = gate_reaching(KEY_SETS[1], false, domains.clone());
        let among_names = gate_reaching(KEY_SETS[2], true, names);
        let among_numbers = gate_reaching(KEY_SETS[0], false, Reach::NONE);
        let note = "Sun note 120, from Dubois (Ærø) — billing: ap@aperturecapital.com, \"net 30\"";
        assert!(early(&among_domains, note));
        assert!(early(&among_numbers, note));
        // A qualifier may be dropped from a name, and words left out.
        assert!(!early(&among_names, note));
        // No more letters and digits than a key may have.
        assert!(!early(&among_domains, "Renewal in Q2"));
        // A web address has no whitespace inside: as one is, no fix could
        // drop the rest.
        let address = "https://www.acme.com/pricing?ref=crm-and-a-long-query-string";
        assert!(!early(&among_domains, address));
        // What follows a word prefix, a number's forms and a name's words.
        assert!(!early(
            &among_domains,
            "A-566608 renewal due Q2, ask for the admin"
        ));
        assert!(!early(
            &among_numbers,
            "104217 renewal due Q2, ask for the admin"
        ));
        assert!(!early(
            &among_names,
            "Summit Bank Group and Acme Robotics of Zurich"
        ));
        // Whitespace that is not ASCII may be none.
        let spaced = "Renewal\u{a0}due\u{a0}Q2,\u{a0}ask\u{a0}for\u{a0}the\u{a0}new\u{a0}admin";
        assert!(!early(&among_domains, spaced));
        // Too few letters and digits of the probes' alphabet to be a value:
        // no list either.
        let mut shapes = KeyShapes::default();
        ["104217", "998877"].iter().for_each(|k| shapes.add(k));
        let reach = Reach {
            max_skeleton: 6,
            ..Reach::NONE
        };
        let six_digits = Gate::new(shapes, None, &reach, 6);
        let words = "Renewal due in the second quarter, ask for the new admin";
        assert!(!early(&six_digits, words));
        assert!(!six_digits.admits_both(words.as_bytes()).list);
    }
}
