//! The comparable forms of a value that several transforms and matchers
//! share: its skeleton (letters and digits, case-folded), its host, its word
//! prefix, whether it is a Salesforce id or another machine-made id, whether
//! it ends in a legal suffix.

use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

use super::sfid;

/// A leading word prefix and the rest: `cus_123` is (`cus_`, `123`), and
/// `4-203974` is (`4-`, `203974`). The prefix is 1 to 10 ASCII letters, or 1
/// or 2 digits, and one of `-` `_` `:` `#` `/`.
pub fn split_prefix(s: &str) -> Option<(&str, &str)> {
    let t = trim(s);
    let n = word_prefix_len(t.as_bytes())?;
    let rest = &t[n..];
    rest.chars()
        .any(char::is_alphanumeric)
        .then(|| (&t[..n], rest))
}

/// `s` without the whitespace around it, as [`str::trim`] has it; at once
/// where `s` starts and ends with ASCII that is not whitespace, as ids and
/// most cells do (`str::trim` decodes characters from both ends, and ids
/// are trimmed a dozen times each on their way into the indexes).
#[inline]
pub fn trim(s: &str) -> &str {
    let kept = |b: &u8| b.is_ascii() && !is_ascii_space(*b);
    match s.as_bytes() {
        [first, .., last] if kept(first) && kept(last) => s,
        [only] if kept(only) => s,
        _ => s.trim(),
    }
}

/// ASCII `t` without the whitespace around it, as [`trim`] has it: for
/// bytes known to be ASCII, which need not be read as text first.
pub(super) fn trim_ascii_space(t: &[u8]) -> &[u8] {
    let start = t.iter().position(|&b| !is_ascii_space(b));
    let end = t.iter().rposition(|&b| !is_ascii_space(b));
    match (start, end) {
        (Some(start), Some(end)) => &t[start..=end],
        _ => &[],
    }
}

/// Whether `b` is one of the ASCII characters `char::is_whitespace` is true
/// of: unlike `u8::is_ascii_whitespace`, it counts the vertical tab.
pub const fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ')
}

/// The most letters a word prefix has ([`word_prefix_len`]); one of digits
/// has two at most.
pub const MAX_PREFIX_LETTERS: usize = 10;

/// The length of the word prefix `t` starts with, separator included: 1 to
/// 10 ASCII letters, or 1 or 2 digits (a region or system number, as in
/// `4-203974`; a longer number is a year or a part of the id), and one of
/// `-` `_` `:` `#` `/`.
pub fn word_prefix_len(t: &[u8]) -> Option<usize> {
    // The gate asks this of most cells with a hyphen or a colon (phone
    // numbers, notes): the first byte says which run to read, and how far.
    let (n, max) = if t.first()?.is_ascii_alphabetic() {
        (crate::bytes::leading_letters(t), MAX_PREFIX_LETTERS)
    } else {
        (
            t.iter().take(3).take_while(|b| b.is_ascii_digit()).count(),
            2,
        )
    };
    // A run of `max + 1` or more is too long; a run to the end has no separator.
    (n > 0 && n <= max && n < t.len() && matches!(t[n], b'-' | b'_' | b':' | b'#' | b'/'))
        .then_some(n + 1)
}

/// Whether `s` looks like a Salesforce id, whose case must be kept: 15 letters
/// and digits with at least one of each, or a valid 18-character id in any
/// case.
pub fn is_salesforce_id(s: &str) -> bool {
    let t = trim(s).as_bytes();
    match t.len() {
        15 => looks_like_id15(t),
        18 => sfid::is_restorable(t),
        _ => false,
    }
}

pub(super) fn looks_like_id15(t: &[u8]) -> bool {
    sfid::is_id15(t) && t.iter().any(u8::is_ascii_digit) && t.iter().any(u8::is_ascii_alphabetic)
}

/// Ids that a system makes unique by construction: two records never share
/// one, and one character off is another record, never a typo. A match of
/// such an id cannot be chance, and similarity between two is no evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MachineId {
    /// A Salesforce record id, 15 or 18 characters.
    Salesforce,
    /// A UUID, `8-4-4-4-12` hex digits.
    Uuid,
    /// 24 hex digits: a MongoDB ObjectId, as Intercom's own ids are.
    ObjectId,
    /// A Stripe-style id: a short lowercase prefix and `_`, then 14 or more
    /// letters and digits (`cus_NffrFeUfNV2Hib`).
    Prefixed,
}

impl MachineId {
    /// The kind of machine-made id `s` is, if it is one.
    pub fn of(s: &str) -> Option<MachineId> {
        let trimmed = trim(s);
        let t = trimmed.as_bytes();
        let hex = |b: &[u8]| b.iter().all(u8::is_ascii_hexdigit);
        match t.len() {
            15 | 18 if is_structured_salesforce_id(t) => Some(MachineId::Salesforce),
            36 if t
                .split(|&b| b == b'-')
                .map(<[u8]>::len)
                .eq([8, 4, 4, 4, 12])
                && t.iter().all(|&b| b == b'-' || b.is_ascii_hexdigit()) =>
            {
                Some(MachineId::Uuid)
            }
            24 if hex(t) && t.iter().any(u8::is_ascii_alphabetic) => Some(MachineId::ObjectId),
            _ => {
                let (prefix, rest) = trimmed.split_once('_')?;
                let stripe = (2..=6).contains(&prefix.len())
                    && prefix.bytes().all(|b| b.is_ascii_lowercase())
                    && rest.len() >= 14
                    && rest.bytes().all(|b| b.is_ascii_alphanumeric())
                    && rest.bytes().any(|b| b.is_ascii_digit())
                    && rest.bytes().any(|b| b.is_ascii_alphabetic());
                stripe.then_some(MachineId::Prefixed)
            }
        }
    }
}

/// Whether `t` has the structure of a Salesforce record id, not merely its
/// length: a 3-character key prefix, a 2-character pod, a `0` reserved
/// character, then the record number, and for 18 characters a suffix that
/// agrees with the case of the first 15. A 15-character code that happens
/// to be letters and digits is not one.
fn is_structured_salesforce_id(t: &[u8]) -> bool {
    let valid = match t.len() {
        15 => looks_like_id15(t),
        18 => sfid::is_restorable(t),
        _ => false,
    };
    valid && t[5] == b'0' && !t[..3].iter().all(|&b| b == b'0')
}

/// Appends the letters and digits of `s`, case-folded, to `out`: the skeleton
/// that `whitespace`, `unicode`, `case` and `separators` all preserve.
pub fn skeleton_into(s: &str, out: &mut String) {
    skeleton_bounded(s, out, usize::MAX);
}

/// Appends the ASCII letters and digits of `bytes`, lowercased, to `out`
/// while it is shorter than `max` bytes; false if some are left out. By
/// bytes: pushing a `char` asks how long its UTF-8 is, each time.
pub fn push_ascii_skeleton(bytes: &[u8], out: &mut String, max: usize) -> bool {
    // SAFETY: only ASCII bytes are left in it, and UTF-8 followed by ASCII
    // is UTF-8.
    let out = unsafe { out.as_mut_vec() };
    // No more letters and digits than bytes: the first bytes, as many as
    // there is room for, cannot meet the bound. Each writes its lowercase
    // (or 0) at the end, kept only if it is a letter or digit: with no
    // branch on what the byte is, text whose words alternate with spaces
    // and dots is read as fast as an id.
    let start = out.len();
    let (head, tail) = bytes.split_at(bytes.len().min(max.saturating_sub(start)));
    // Written in the room reserved, not in zeros written first: a call to
    // fill them cost more than most values take to read.
    out.reserve(head.len());
    let base = out.as_mut_ptr();
    let mut len = start;
    for &b in head {
        let lower = LOWER_ALNUM[usize::from(b)];
        // SAFETY: `len` is below `start + head.len()`, within the room just
        // reserved: it grows by at most one a byte of `head`.
        unsafe { base.add(len).write(lower) };
        len += usize::from(lower != 0);
    }
    // SAFETY: every byte up to `len` was written (each kept byte is written
    // where it stays), and the room was reserved.
    unsafe { out.set_len(len) };
    for &b in tail.iter().filter(|b| b.is_ascii_alphanumeric()) {
        if out.len() >= max {
            return false;
        }
        out.push(b.to_ascii_lowercase());
    }
    true
}

/// `skeleton_into`, giving up (and returning false) once `out` would grow
/// past `max` bytes: a long description never needs its whole skeleton.
pub fn skeleton_bounded(s: &str, out: &mut String, max: usize) -> bool {
    if s.is_ascii() {
        if !push_ascii_skeleton(s.as_bytes(), out, max) {
            return false;
        }
    } else {
        let start = out.len();
        let text = nfkc(s);
        // Text that `nfkc` had to copy may have characters that compose
        // with the one before them (a Hangul vowel after a consonant, two
        // Tulu-Tigalari vowel signs), and dropping what is not a letter or
        // digit can bring such a pair together: `㈀ￒ` is `교`, 3 bytes from
        // 6. So at the bound, a skeleton that took in such a character is
        // put back in canonical form before it is given up on, and only a
        // character that may compose with the one before it is taken in past
        // the bound (a composite is never shorter than the character it is
        // built on, so nothing else can bring it back).
        let composes = matches!(text, Cow::Owned(_));
        let may_compose =
            |c: char| composes && is_nfkc_quick(std::iter::once(c)) != IsNormalized::Yes;
        let mut pending = false;
        for c in text.chars() {
            // Most characters of text with accents are ASCII: a letter or
            // digit there is its own lower case, and composes with nothing.
            if c.is_ascii() {
                if c.is_ascii_alphanumeric() {
                    if out.len() >= max {
                        if pending {
                            recompose(out, start);
                            pending = false;
                        }
                        if out.len() >= max {
                            return false;
                        }
                    }
                    out.push(c.to_ascii_lowercase());
                }
                continue;
            }
            if !c.is_alphanumeric() {
                continue;
            }
            if out.len() >= max {
                if pending {
                    recompose(out, start);
                    pending = false;
                }
                if out.len() > max || (out.len() == max && !may_compose(c)) {
                    return false;
                }
            }
            pending |= may_compose(c);
            // Lower case can add a mark that is no letter (`İ` is `i̇`), and
            // is one of two sigmas by where it stands (`str::to_lowercase`
            // ends a word with `ς`): the skeleton folds them, as Unicode's
            // case folding does.
            let lower = c.to_lowercase();
            if lower.len() == 1 {
                out.extend(lower.map(|c| if c == 'ς' { 'σ' } else { c }));
            } else {
                out.extend(lower.filter(|c| c.is_alphanumeric()));
            }
        }
        // Dropping a space between combining marks can leave them out of
        // canonical order; putting them back in order keeps this idempotent.
        recompose(out, start);
        if out.len() > max {
            return false;
        }
    }
    true
}

/// Puts `out[start..]` in NFKC, if it is not.
fn recompose(out: &mut String, start: usize) {
    // Asked of every skeleton of text that is not ASCII: mostly accented
    // letters, which the table tells NFKC keeps.
    if !super::chars::is_nfkc(&out[start..]) {
        let kept: String = out[start..].nfkc().collect();
        out.truncate(start);
        out.push_str(&kept);
    }
}

/// Whether `id` could be written with a legal suffix after it (`Acme` as
/// `Acme Inc.`): it has letters and is written as a name is, in words or as
/// one, not as a machine-made id, a code, a slug, a domain or an e-mail
/// address, which nobody writes with a legal form.
pub fn may_be_named(id: &str) -> bool {
    id.chars().any(char::is_alphabetic)
        && MachineId::of(id).is_none()
        && (is_name(id) || trim(id).contains(char::is_whitespace))
}

/// Whether `s` reads as a name people write, such as `Acme Robotics` or
/// `patina`: letters, in words apart by spaces or in one word of letters
/// alone, and not an id, a domain or an email address.
pub fn is_name(s: &str) -> bool {
    // An `@` or a run of four ASCII digits rules a value out before it is
    // folded, which takes a long note longest: NFKC keeps ASCII as it is,
    // and nothing composes with `@` or a digit. Only folded text that
    // differs (`＠`, `１２３４`) is asked again.
    if has_at_or_digit_run(s.as_bytes()) {
        return false;
    }
    // Most values are ASCII, which NFKC keeps as it is.
    if let Some(name) = ascii_reads_as_name(trim(s)) {
        return name;
    }
    let folded = nfkc(s);
    if matches!(folded, Cow::Owned(_)) && has_at_or_digit_run(folded.as_bytes()) {
        return false;
    }
    reads_as_name(trim(&folded))
}

/// Each byte's classes as [`ascii_reads_as_name`] tells them, or-ed
/// together over a value: whitespace, a letter, another ASCII byte, a byte
/// that is not ASCII.
const SPACE: u8 = 1;
const LETTER: u8 = 2;
const NOT_LETTER: u8 = 4;
const NOT_ASCII: u8 = 8;
const NAME_CLASSES: [u8; 256] = {
    let mut t = [NOT_ASCII; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphabetic() {
            LETTER
        } else if is_ascii_space(c) {
            SPACE | NOT_LETTER
        } else {
            NOT_LETTER
        };
        b += 1;
    }
    t
};

/// Whether `value` is a code in capitals as short as a stock ticker (`AAPL`,
/// `MMM`): a column of them holds codes, not names, though one name may be
/// written so (`IBM`).
pub fn is_capitals_code(value: &str) -> bool {
    let v = value.trim().as_bytes();
    (1..=5).contains(&v.len()) && v.iter().all(u8::is_ascii_uppercase)
}

/// Whether `s` has an `@`, or four ASCII digits in a row (a number or a
/// code, not part of a name).
pub(super) fn has_at_or_digit_run(s: &[u8]) -> bool {
    crate::bytes::has_four_digits_or(s, b'@')
}

/// [`is_name`] of folded, trimmed text without an `@` or a run of digits:
/// letters, in words or in one word of letters alone, and no domain or
/// machine-made id.
fn reads_as_name(t: &str) -> bool {
    // A name is words apart by whitespace, or one word of letters. Neither
    // is a host, which has a dot; one word of letters may still be a
    // machine-made id (24 hex letters), but text with whitespace inside is
    // none.
    if let Some(name) = ascii_reads_as_name(t) {
        return name;
    }
    let word = |c: char| c.is_alphanumeric() && !c.is_ascii_digit();
    let spaced = t.contains(char::is_whitespace);
    t.chars().any(char::is_alphabetic)
        && (spaced || t.chars().all(word) && MachineId::of(t).is_none())
}

/// [`reads_as_name`] of trimmed text if it is ASCII, told in one pass of
/// [`NAME_CLASSES`] over its bytes; `None` for other text.
fn ascii_reads_as_name(t: &str) -> Option<bool> {
    let seen = t
        .bytes()
        .fold(0, |seen, b| seen | NAME_CLASSES[usize::from(b)]);
    (seen & NOT_ASCII == 0).then(|| {
        seen & LETTER != 0
            && (seen & SPACE != 0 || seen & NOT_LETTER == 0 && MachineId::of(t).is_none())
    })
}

/// The words of a name that tell it apart, as people vary how they write
/// it: lowercase and in Unicode compatibility form, without a qualifier in
/// parentheses (`(los angeles)`), with `&` read as `and`, without
/// apostrophes and punctuation, without articles, `and`, legal suffixes and
/// generic words (`restaurant`), each word once, in sorted order. `None`
/// when nothing is left. `The Palm (Los Angeles)` and `palm, the` are both
/// `palm`; `Hotel Bel-Air` and `Bel-Air Hotel` are both `air bel hotel`.
pub fn name_words(s: &str) -> Option<Vec<String>> {
    let (mut text, mut spans) = (String::new(), Vec::new());
    name_words_into(s, &mut text, &mut spans)
        .then(|| spans.iter().map(|&(a, b)| text[a..b].to_string()).collect())
}

/// [`name_words`] of `s` as places in `text`, both cleared first: each
/// word is `text[a..b]` for a pair `(a, b)` of `spans`, in the words'
/// order. False when no word is left. The view keeps both from cell to
/// cell, so that a cell's words cost no allocation a word.
pub fn name_words_into(s: &str, text: &mut String, spans: &mut Vec<(usize, usize)>) -> bool {
    text.clear();
    spans.clear();
    if !s.chars().any(char::is_alphabetic) {
        return false;
    }
    let folded = nfkc(s);
    // `str::to_lowercase` lowers a Greek capital sigma by where it stands in
    // the text, and every other character by itself: only text with one is
    // lowered whole first (lowering is idempotent, so the walk's own lowering
    // changes nothing in it after).
    if !words_into(&folded, text, spans) {
        text.clear();
        spans.clear();
        words_into(&folded.to_lowercase(), text, spans);
    }
    spans.sort_unstable_by(|&(a, b), &(c, d)| text[a..b].cmp(&text[c..d]));
    spans.dedup_by(|&mut (a, b), &mut (c, d)| text[a..b] == text[c..d]);
    !spans.is_empty()
}

/// The words of folded `s` as [`name_words_into`] has them, unsorted, read
/// a byte at a time where they are ASCII (a name most often is): each word
/// is lowered into `text` and kept in `spans` as it ends, unless it is left
/// out. What would part it from the next (a space, or the ` and ` of `&`)
/// is not written. A character that is not ASCII is lowered by itself,
/// with no string made for the whole text; false, for text with a Greek
/// capital sigma, which is not.
fn words_into(s: &str, text: &mut String, spans: &mut Vec<(usize, usize)>) -> bool {
    let mut end_word = |text: &mut String, start: usize| {
        if text.len() > start && !is_dropped_word(&text[start..]) {
            spans.push((start, text.len()));
        } else {
            text.truncate(start);
        }
    };
    let (mut depth, mut start) = (0usize, 0);
    // Whether the last character written is a letter: an apostrophe after
    // one is dropped (`art's` is `arts`), even past a qualifier in brackets.
    let mut after_letter = false;
    let mut at = 0;
    while let Some(&b) = s.as_bytes().get(at) {
        if !b.is_ascii() {
            let c = s[at..].chars().next().expect("`at` is at a character");
            if c == 'Σ' {
                return false;
            }
            at += c.len_utf8();
            if depth > 0 || c == '’' && after_letter {
                continue;
            }
            // Only `İ` lowers to more than one character: `i` and a dot
            // above, which is no letter and parts words.
            for lower in c.to_lowercase() {
                // `is_alphanumeric` is `is_alphabetic || is_numeric`: a
                // letter (most of such text) is looked up in Unicode's
                // tables once.
                let letter = lower.is_alphabetic();
                if letter || lower.is_numeric() {
                    text.push(lower);
                    after_letter = letter;
                } else {
                    end_word(text, start);
                    start = text.len();
                    after_letter = false;
                }
            }
            continue;
        }
        at += 1;
        // Letters and digits, most bytes of a name, are told and lowered
        // by one look-up.
        let lower = LOWER_ALNUM[usize::from(b)];
        if lower != 0 && depth == 0 {
            text.push(char::from(lower));
            after_letter = lower > b'9';
            continue;
        }
        match b {
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            b'\'' | b'`' if after_letter => {}
            _ => {
                end_word(text, start);
                start = text.len();
                after_letter = false;
            }
        }
    }
    end_word(text, start);
    true
}

/// `b` lowercased if it is an ASCII letter or digit, else 0: one look-up,
/// for loops that keep the letters and digits without a branch on them.
#[inline(always)]
pub fn lower_alnum(b: u8) -> u8 {
    LOWER_ALNUM[usize::from(b)]
}

/// Each ASCII letter or digit, lowercased; 0 for every other byte.
const LOWER_ALNUM: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            t[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    t
};

/// Whether `name_words` leaves `word` out: a stop word or a legal suffix.
fn is_dropped_word(word: &str) -> bool {
    is_dropped(word.as_bytes())
}

/// [`is_dropped_word`] of a word's bytes.
pub(super) fn is_dropped(word: &[u8]) -> bool {
    DROPPED_WORDS.contains(word)
}

/// Words that do not tell one name from another.
const STOP_WORDS: &[&str] = &[
    "the",
    "a",
    "an",
    "and",
    "le",
    "la",
    "les",
    "l",
    "el",
    "il",
    "der",
    "die",
    "das",
    "restaurant",
    "restaurants",
];

/// Whether the last word of `s` is a legal suffix (`Inc.`, `GmbH`, …): a
/// cheap test that spares `legal_suffix` for most values.
pub fn has_legal_suffix(s: &str) -> bool {
    let s = s.trim_end();
    if !may_end_in_legal_suffix(s.as_bytes()) {
        return false;
    }
    // The last word follows the last whitespace: found by bytes back to the
    // first byte that is not ASCII, from which on by characters.
    let bytes = s.as_bytes();
    let start = match bytes
        .iter()
        .rposition(|&b| is_ascii_space(b) || !b.is_ascii())
    {
        Some(i) if !bytes[i].is_ascii() => s
            .char_indices()
            .rfind(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8()),
        Some(i) => i + 1,
        None => 0,
    };
    let bare = s[start..]
        .trim_matches(|c| matches!(c, '.' | ',' | '(' | ')'))
        .as_bytes();
    if bare.len() > 12 || bare.is_empty() {
        return false;
    }
    // The word, lowercase and without dots, is looked up among the suffixes.
    let mut word = [0u8; 12];
    let mut n = 0;
    for b in bare.iter().filter(|&&b| b != b'.') {
        word[n] = b.to_ascii_lowercase();
        n += 1;
    }
    is_legal_suffix_word(&word[..n])
}

/// Whether `s` may end in a legal suffix, by its last byte that is not
/// ASCII whitespace nor one of the `.,()` a suffix may have about it: every
/// suffix ends in a letter, so a value whose last word does not (a date, a
/// phone number, an amount) has none. A byte that is not ASCII may be
/// whitespace, and is left to [`has_legal_suffix`].
pub(super) fn may_end_in_legal_suffix(s: &[u8]) -> bool {
    let last = s
        .iter()
        .rev()
        .find(|&&b| !is_ascii_space(b) && !matches!(b, b'.' | b',' | b'(' | b')'));
    last.is_some_and(|b| b.is_ascii_alphabetic() || !b.is_ascii())
}

/// A word of 15 bytes at most as one number: its bytes, padded with zeros
/// and ended by its length, so that two words are equal where their numbers
/// are.
const fn padded(word: &[u8]) -> Option<u128> {
    if word.len() > 15 {
        return None;
    }
    let mut bytes = [0u8; 16];
    let mut i = 0;
    while i < word.len() {
        bytes[i] = word[i];
        i += 1;
    }
    bytes[15] = word.len() as u8;
    Some(u128::from_le_bytes(bytes))
}

/// A few short words (15 bytes at most), sorted as [`padded`] has them,
/// and the lengths and first bytes they have: most words that are none of
/// them are told so by one bit.
struct WordSet<const N: usize> {
    words: [u128; N],
    /// Bit `b % 32` of `firsts[n]` is set when a word of `n` bytes begins
    /// with byte `b`.
    firsts: [u32; 16],
}

impl<const N: usize> WordSet<N> {
    /// The words of the lists `lists`, `N` in all.
    const fn new(lists: &[&[&str]]) -> WordSet<N> {
        let mut words = [0u128; N];
        let mut firsts = [0u32; 16];
        let (mut n, mut list) = (0, 0);
        while list < lists.len() {
            let mut i = 0;
            while i < lists[list].len() {
                let word = lists[list][i].as_bytes();
                match padded(word) {
                    Some(padded) if !word.is_empty() => words[n] = padded,
                    _ => panic!("a listed word has 1 to 15 bytes"),
                }
                firsts[word.len()] |= 1 << (word[0] % 32);
                n += 1;
                i += 1;
            }
            list += 1;
        }
        assert!(n == N, "N is the number of words");
        // An insertion sort: `sort` cannot run in a constant.
        let mut i = 1;
        while i < words.len() {
            let mut j = i;
            while j > 0 && words[j - 1] > words[j] {
                let w = words[j];
                words[j] = words[j - 1];
                words[j - 1] = w;
                j -= 1;
            }
            i += 1;
        }
        WordSet { words, firsts }
    }

    /// Whether `word`, lowercase, is one of the words.
    fn contains(&self, word: &[u8]) -> bool {
        let may = match word.first() {
            Some(&b) if word.len() < 16 => self.firsts[word.len()] >> (b % 32) & 1 == 1,
            _ => false,
        };
        may && padded(word).is_some_and(|w| self.words.binary_search(&w).is_ok())
    }
}

/// Whether `word`, lowercase and without its dots, is a legal suffix.
pub(super) fn is_legal_suffix_word(word: &[u8]) -> bool {
    SUFFIX_WORDS.contains(word)
}

/// [`LEGAL_SUFFIXES`], as [`has_legal_suffix`] compares them.
const SUFFIX_WORDS: WordSet<{ LEGAL_SUFFIXES.len() }> = WordSet::new(&[LEGAL_SUFFIXES]);

/// The words [`name_words`] leaves out: a name's every word is looked up.
const DROPPED_WORDS: WordSet<{ STOP_WORDS.len() + LEGAL_SUFFIXES.len() }> =
    WordSet::new(&[STOP_WORDS, LEGAL_SUFFIXES]);

/// The host part of a URL, website or email address, if it has one.
pub fn host(s: &str) -> Option<Cow<'_, str>> {
    // Byte searches: this runs on every cell with a dot that could be an
    // address, and the searchers of `str` patterns cost more to set up
    // than such a cell takes to read.
    let h = trim(s);
    let spaced = if h.is_ascii() {
        h.bytes().any(is_ascii_space)
    } else {
        h.contains(char::is_whitespace)
    };
    if h.is_empty() || memchr::memchr(b'.', h.as_bytes()).is_none() || spaced {
        return None;
    }
    unspaced_host(h)
}

/// [`host`] of `h`, trimmed, with a dot and no whitespace: what the gate
/// has found out of a cell by its bytes already.
pub fn unspaced_host(mut h: &str) -> Option<Cow<'_, str>> {
    // Cells are short: searched in place, without a call a search.
    let mut from = 0;
    let scheme_end = std::iter::from_fn(|| {
        let at = from + crate::bytes::find_any(&h.as_bytes()[from..], [b':'])?;
        from = at + 1;
        Some(at)
    })
    .find(|&i| h.as_bytes()[i + 1..].starts_with(b"//"));
    if let Some(end) = scheme_end {
        if !h.as_bytes()[..end].iter().all(u8::is_ascii_alphabetic) {
            return None;
        }
        h = &h[end + 3..];
    }
    if let Some(end) = crate::bytes::find_any(h.as_bytes(), [b'/', b'?', b'#']) {
        h = &h[..end];
    }
    if let Some(at) = memchr::memrchr(b'@', h.as_bytes()) {
        h = &h[at + 1..];
    }
    if let Some(end) = crate::bytes::find_any(h.as_bytes(), [b':']) {
        h = &h[..end];
    }
    while let Some(rest) = h.strip_suffix('.') {
        h = rest;
    }
    // `www.` is left on a host it would leave without a dot (`www.com`):
    // then `www.www.com` reads as `www.com`, which reads as itself.
    if let Some(rest) = h
        .get(4..)
        .filter(|r| h[..4].eq_ignore_ascii_case("www.") && r.contains('.'))
    {
        h = rest;
    }
    if h.is_ascii() {
        return ascii_host(h);
    }
    let mut labels = h.split('.');
    let tld = labels.next_back().unwrap_or("");
    let valid = h.contains('.')
        && tld.chars().count() >= 2
        && tld.chars().all(char::is_alphabetic)
        && h.split('.')
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'));
    valid.then(|| Cow::Owned(h.to_lowercase()))
}

/// [`host`]'s last test, of a host `h` in ASCII (most cells with a dot are
/// ASCII, and most of those are no host): labels of letters, digits and
/// hyphens, none empty, the last of two letters or more; lowercased. A host
/// of up to 64 bytes is read 16 bytes at a time.
fn ascii_host(h: &str) -> Option<Cow<'_, str>> {
    #[cfg(target_arch = "x86_64")]
    if h.len() <= 64 {
        // SAFETY: every x86_64 processor has SSE2.
        let upper = unsafe { host_bits_sse2(h.as_bytes()) }.judge(h.len())?;
        return Some(lowered(h, upper));
    }
    ascii_host_by_bytes(h)
}

/// `h`, lowercased if it has an `upper`-case letter.
fn lowered(h: &str, upper: bool) -> Cow<'_, str> {
    if upper {
        Cow::Owned(h.to_ascii_lowercase())
    } else {
        Cow::Borrowed(h)
    }
}

/// What [`ascii_host`] asks of each byte of a host of up to 64: bit `i` of
/// each for byte `i`.
#[cfg(target_arch = "x86_64")]
#[derive(Debug, Clone, Copy)]
struct HostBits {
    /// Bytes no host has.
    other: u64,
    dots: u64,
    /// Digits and hyphens, which no top-level domain has.
    not_tld: u64,
    upper: u64,
}

#[cfg(target_arch = "x86_64")]
impl HostBits {
    /// Whether the `len` bytes are a host, and then whether any is upper
    /// case; as [`ascii_host_by_bytes`] tells, from the bits.
    fn judge(self, len: usize) -> Option<bool> {
        let HostBits {
            other,
            dots,
            not_tld,
            upper,
        } = self;
        // A dot first, or right after another, ends an empty label.
        if other != 0 || dots == 0 || dots & ((dots << 1) | 1) != 0 {
            return None;
        }
        let last_dot = 63 - dots.leading_zeros() as usize;
        // The last label has two bytes or more (so the dot is not the 64th
        // byte, and the shift below is less than 64), of letters alone.
        (len - last_dot > 2 && not_tld >> (last_dot + 1) == 0).then_some(upper != 0)
    }
}

/// [`HostBits`] of `h`, 64 bytes or fewer, 16 bytes at a time.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn host_bits_sse2(h: &[u8]) -> HostBits {
    use crate::bytes::{digit_lanes, letter_lanes};
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_cmpeq_epi8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
        _mm_setzero_si128,
    };
    debug_assert!(h.len() <= 64);
    let bits = |m: __m128i| u64::from(_mm_movemask_epi8(m) as u16);
    let mut out = HostBits {
        other: 0,
        dots: 0,
        not_tld: 0,
        upper: 0,
    };
    for (k, block) in h.chunks(16).enumerate() {
        let x = match block.try_into() {
            Ok(full) => crate::bytes::load(full),
            Err(_) => crate::bytes::load_short(block),
        };
        let dots = _mm_cmpeq_epi8(x, _mm_set1_epi8(b'.' as i8));
        let not_tld = _mm_or_si128(digit_lanes(x), _mm_cmpeq_epi8(x, _mm_set1_epi8(b'-' as i8)));
        let letters = letter_lanes(x);
        // A letter is upper case where bit 5 is clear.
        let no_bit5 = _mm_cmpeq_epi8(_mm_and_si128(x, _mm_set1_epi8(0x20)), _mm_setzero_si128());
        let upper = _mm_and_si128(letters, no_bit5);
        let kept = _mm_or_si128(_mm_or_si128(dots, not_tld), letters);
        // The zeros after a short block's bytes are no bytes of the host.
        let own = (1u64 << block.len()) - 1;
        let at = 16 * k;
        out.other |= (!bits(kept) & own) << at;
        out.dots |= bits(dots) << at;
        out.not_tld |= bits(not_tld) << at;
        out.upper |= bits(upper) << at;
    }
    out
}

/// [`ascii_host`] read one byte at a time.
fn ascii_host_by_bytes(h: &str) -> Option<Cow<'_, str>> {
    let (mut label, mut dots, mut tld_letters, mut upper) = (0, 0, true, false);
    for b in h.bytes() {
        match b {
            b'.' if label > 0 => {
                (label, dots, tld_letters) = (0, dots + 1, true);
            }
            b'-' | b'0'..=b'9' => {
                label += 1;
                tld_letters = false;
            }
            b'a'..=b'z' => label += 1,
            b'A'..=b'Z' => {
                label += 1;
                upper = true;
            }
            _ => return None,
        }
    }
    if dots == 0 || label < 2 || !tld_letters {
        return None;
    }
    Some(lowered(h, upper))
}

pub(super) fn nfkc(s: &str) -> Cow<'_, str> {
    // Most text that is not ASCII (accented names, dashes) is in NFKC
    // already, which a table lookup per character tells.
    if s.is_ascii() || super::chars::is_nfkc(s) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.nfkc().collect())
    }
}

pub(super) fn strip_zeros(digits: &str) -> &str {
    let t = digits.trim_start_matches('0');
    if t.is_empty() { "0" } else { t }
}

/// Legal-form words, lowercase and without dots.
pub(super) const LEGAL_SUFFIXES: &[&str] = &[
    "inc",
    "incorporated",
    "llc",
    "ltd",
    "limited",
    "gmbh",
    "mbh",
    "corp",
    "corporation",
    "co",
    "plc",
    "ag",
    "sa",
    "sas",
    "sarl",
    "srl",
    "bv",
    "nv",
    "pty",
    "pte",
    "oy",
    "ab",
    "as",
    "a/s",
    "kg",
    "spa",
    "kk",
    "ulc",
    "lp",
    "llp",
    "sl",
    "se",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// How `has_legal_suffix` read a value before it searched bytes.
    fn has_legal_suffix_by_str(s: &str) -> bool {
        let last = s
            .trim_end()
            .rsplit(char::is_whitespace)
            .next()
            .unwrap_or("");
        let bare = last.trim_matches(|c| matches!(c, '.' | ',' | '(' | ')'));
        let word: String = bare.chars().filter(|&c| c != '.').collect();
        bare.len() <= 12 && LEGAL_SUFFIXES.contains(&word.to_ascii_lowercase().as_str())
    }

    /// How `word_prefix_len` read a value before it looked at the first byte.
    fn word_prefix_len_of_runs(t: &[u8]) -> Option<usize> {
        let run =
            |of: fn(&u8) -> bool, max: usize| t.iter().take(max + 1).take_while(|b| of(b)).count();
        let (letters, digits) = (run(u8::is_ascii_alphabetic, 10), run(u8::is_ascii_digit, 2));
        let n = if letters > 0 { letters } else { digits };
        let fits = if letters > 0 {
            n <= 10
        } else {
            (1..=2).contains(&n)
        };
        let separated = matches!(t.get(n), Some(b'-' | b'_' | b':' | b'#' | b'/'));
        (fits && separated).then_some(n + 1)
    }

    #[test]
    fn every_legal_suffix_ends_in_a_letter_as_has_legal_suffix_expects() {
        for suffix in LEGAL_SUFFIXES {
            let last = suffix.as_bytes().last();
            assert!(last.is_some_and(u8::is_ascii_alphabetic), "{suffix}");
        }
    }

    #[test]
    fn the_lowering_table_lowers_letters_and_digits_alone() {
        for b in 0..=u8::MAX {
            let want = if b.is_ascii_alphanumeric() {
                b.to_ascii_lowercase()
            } else {
                0
            };
            assert_eq!(LOWER_ALNUM[usize::from(b)], want, "{b:#x}");
        }
    }

    #[test]
    fn the_dropped_words_are_the_listed_words() {
        for word in STOP_WORDS.iter().chain(LEGAL_SUFFIXES) {
            assert!(is_dropped_word(word), "{word}");
            assert!(!is_dropped_word(&format!("{word}x")), "{word}x");
            assert!(
                !is_dropped_word(&word[1..])
                    || STOP_WORDS.contains(&&word[1..])
                    || LEGAL_SUFFIXES.contains(&&word[1..]),
                "{word}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn a_word_is_dropped_where_a_list_holds_it(word in "[a-gl-pr-t/]{0,4}|[a-z]{5,17}") {
            let listed = STOP_WORDS.contains(&word.as_str()) || LEGAL_SUFFIXES.contains(&word.as_str());
            proptest::prop_assert_eq!(is_dropped_word(&word), listed, "{:?}", word);
        }

        #[test]
        fn a_word_prefix_is_read_as_by_its_runs(
            s in "[abZ]{0,14}[0-9]{0,3}[-_:#/. a@\\[`{]?[aZ0]{0,2}[a-z]{0,4}",
        ) {
            proptest::prop_assert_eq!(
                word_prefix_len(s.as_bytes()),
                word_prefix_len_of_runs(s.as_bytes()),
                "{:?}", s
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn a_legal_suffix_is_told_as_by_characters(
            s in "[a-cilnoAgGhHiILNS0-9@./,() \t\u{b}\u{a0}\u{85}\u{3000}é]{0,14}",
        ) {
            proptest::prop_assert_eq!(has_legal_suffix(&s), has_legal_suffix_by_str(&s), "{:?}", s);
        }
    }

    proptest::proptest! {
        // Hosts and near misses of every length up to past the vectors':
        // labels of letters, digits and hyphens, dots doubled, first or
        // last, upper case, and bytes no host has, at any place.
        #[test]
        fn a_host_is_told_16_bytes_at_a_time_as_byte_by_byte(
            s in "([a-zA-Z0-9-]{0,9}\\.){0,6}[a-zA-Z0-9.@_ /-]{0,20}|[a-zA-Z.-]{0,70}",
        ) {
            proptest::prop_assert_eq!(ascii_host(&s), ascii_host_by_bytes(&s), "{:?}", s);
        }
    }

    #[test]
    fn a_host_is_told_wherever_its_telling_byte_is() {
        // Each byte that decides, at each place of hosts of 2 to 70 bytes:
        // within one vector, across them, and past 64 (the byte walk).
        for len in 2..=70 {
            let base: Vec<u8> = (0..len)
                .map(|i| if i + 3 == len { b'.' } else { b'a' })
                .collect();
            for at in 0..len {
                // The ends of each range of bytes a host has, and the bytes
                // just past them.
                for b in *b".-09AZaz/:@[`{_\0\x7f" {
                    let mut h = base.clone();
                    h[at] = b;
                    let h = String::from_utf8(h).expect("ASCII");
                    assert_eq!(ascii_host(&h), ascii_host_by_bytes(&h), "{h:?}");
                }
            }
        }
        assert_eq!(
            ascii_host("Mail.Acme-1.com").as_deref(),
            Some("mail.acme-1.com")
        );
        assert_eq!(ascii_host("acme.c0m"), None);
        assert_eq!(ascii_host("acme..com"), None);
        assert_eq!(ascii_host(".acme.com"), None);
        assert_eq!(ascii_host("acme.c"), None);
    }

    #[test]
    fn legal_suffixes_end_names() {
        for name in [
            "Acme Inc.",
            "Acme GmbH",
            "Acme (Pty)",
            "Acme\u{a0}A/S",
            "ACME S.A.",
            "Acme\tLLC  ",
        ] {
            assert!(has_legal_suffix(name), "{name}");
        }
        for name in [
            "Acme",
            "Acme Incé",
            "Acme Inc\0",
            "Acme Incorporatedd",
            "Acme Co-op",
            "",
        ] {
            assert!(!has_legal_suffix(name), "{name:?}");
        }
    }

    /// How `host` read a value before it searched bytes: the reference the
    /// byte searches must agree with.
    fn host_by_str(s: &str) -> Option<String> {
        let mut h = s.trim();
        if h.is_empty() || !h.contains('.') || h.contains(char::is_whitespace) {
            return None;
        }
        if let Some((scheme, rest)) = h.split_once("://") {
            if !scheme.bytes().all(|b| b.is_ascii_alphabetic()) {
                return None;
            }
            h = rest;
        }
        h = h.split(['/', '?', '#']).next().unwrap_or("");
        if let Some((_, after)) = h.rsplit_once('@') {
            h = after;
        }
        let rest = h.split(':').next().unwrap_or("");
        host(rest).map(|h| h.into_owned())
    }

    /// [`is_name`] folding before anything else, as it was first written.
    fn is_name_folding_first(s: &str) -> bool {
        let folded = nfkc(s);
        let t = trim(&folded);
        !has_at_or_digit_run(t.as_bytes()) && reads_as_name(t)
    }

    /// [`reads_as_name`] as it was first written: every test for every text.
    fn reads_as_name_every_test(t: &str) -> bool {
        let word = |c: char| c.is_alphanumeric() && !c.is_ascii_digit();
        t.chars().any(char::is_alphabetic)
            && (t.contains(char::is_whitespace) || t.chars().all(word))
            && host(t).is_none()
            && MachineId::of(t).is_none()
    }

    proptest::proptest! {
        // Hosts, e-mail addresses, Stripe-like, Salesforce-like and hex
        // ids, with and without whitespace of every kind inside.
        #[test]
        fn a_name_is_read_alike_without_asking_for_a_host(
            s in "([a-f0-9]{1,8}|[A-Za-z]{1,6}|cus_|_|-|\\.|@|com|://| |\t|\u{3000}|\u{a0}|é|ß|①){0,8}",
            fifteen in "[a-zA-Z0-9 ]{15}",
            hex in "[a-fA-F]{23,25}",
        ) {
            for t in [trim(&s), trim(&fifteen), trim(&hex)] {
                proptest::prop_assert_eq!(reads_as_name(t), reads_as_name_every_test(t), "{:?}", t);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn a_name_is_told_alike_before_folding(
            s in "[a-z0-9 @.\u{ff10}-\u{ff19}\u{ff20}\u{301}\u{338}\u{20e3}\u{e9}\u{2460}\u{3000}]{0,12}",
            // ASCII: hex words as long as an ObjectId, digit runs,
            // whitespace of each kind, ids with a prefix.
            ascii in "([a-fA-F]{24}|[a-zA-Z]{1,6}|[0-9]{1,5}|[ \t\x0b_@.-]|cus_){0,8}",
        ) {
            for s in [s, ascii] {
                proptest::prop_assert_eq!(is_name(&s), is_name_folding_first(&s), "{:?}", s);
            }
        }
    }

    /// [`name_words`] as it was first written: a `String` for the folded
    /// text, another for it lowered, and one for each word.
    fn name_words_string_by_string(s: &str) -> Option<Vec<String>> {
        if !s.chars().any(char::is_alphabetic) {
            return None;
        }
        let text: String = nfkc(s).to_lowercase();
        let mut plain = String::with_capacity(text.len());
        let mut depth = 0usize;
        for c in text.chars() {
            match c {
                '(' | '[' => depth += 1,
                ')' | ']' => depth = depth.saturating_sub(1),
                _ if depth > 0 => {}
                '&' | '+' => plain.push_str(" and "),
                '\'' | '’' | '`' if plain.chars().last().is_some_and(char::is_alphabetic) => {}
                c if c.is_alphanumeric() => plain.push(c),
                _ => plain.push(' '),
            }
        }
        let mut words: Vec<String> = plain
            .split_whitespace()
            .filter(|w| !is_dropped_word(w))
            .map(str::to_string)
            .collect();
        words.sort_unstable();
        words.dedup();
        (!words.is_empty()).then_some(words)
    }

    proptest::proptest! {
        // Letters that lower to two characters (`İ`), by where they stand
        // (`Σ`), to ASCII (the Kelvin sign) or not at all (`ß`);
        // compatibility forms (`ﬁ`, `①`, `Ａ`); marks that compose; a digit
        // that is not ASCII (`٣`), after which an apostrophe parts words;
        // words a name leaves out; brackets, `&` and apostrophes. And ASCII
        // alone, which is read a byte at a time.
        #[test]
        fn name_words_are_what_they_were_string_by_string(
            s in "([a-zA-Z0-9 &+'’`()\\[\\].,-]|İ|Σ|ΑΣ|ς|٣|٣'|1’|é’|\\) ’|ß|é|É|Ø|e\u{301}|ﬁ|①|Ａ|\u{212a}|\u{3000}|the |inc|GmbH|and ){0,16}",
            ascii in "([aB1 &+'`()\\[\\].-]{1,3}|the |inc |and ){0,16}",
        ) {
            for s in [s, ascii] {
                proptest::prop_assert_eq!(name_words(&s), name_words_string_by_string(&s), "{:?}", s);
            }
        }
    }

    /// [`name_words_into`] lowers a character at a time the text it has
    /// lowered whole, which must change nothing: so lowering is idempotent.
    #[test]
    fn lowering_what_is_lowered_changes_nothing() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            for lower in c.to_lowercase() {
                assert!(lower.to_lowercase().eq([lower]), "{c:?}");
            }
        }
    }

    /// [`skeleton_into`] for text with accents, every character taken the
    /// same way, as it was first written.
    fn skeleton_char_by_char(s: &str) -> String {
        let mut out = String::new();
        for c in nfkc(s).chars().filter(|c| c.is_alphanumeric()) {
            let lower = c.to_lowercase();
            if lower.len() == 1 {
                out.extend(lower.map(|c| if c == 'ς' { 'σ' } else { c }));
            } else {
                out.extend(lower.filter(|c| c.is_alphanumeric()));
            }
        }
        recompose(&mut out, 0);
        out
    }

    proptest::proptest! {
        #[test]
        fn ascii_among_accents_is_folded_as_every_character_was(
            s in "[A-Za-z0-9 .\u{e9}\u{c9}\u{301}\u{130}\u{3a3}\u{2460}\u{ff21}\u{1100}\u{1161}-]{0,16}",
        ) {
            let mut skeleton = String::new();
            skeleton_into(&s, &mut skeleton);
            proptest::prop_assert_eq!(skeleton, skeleton_char_by_char(&s), "{:?}", s);
        }

        /// The gate counts on it: folding and lower case keep a byte of each
        /// ASCII letter or digit (a mark NFKC composes with one makes it
        /// longer, and no character composes with what precedes it into one).
        #[test]
        fn a_skeleton_is_as_long_as_the_ascii_letters_and_digits_at_least(
            s in "[aiIzZ09 \u{300}-\u{36f}\u{345}\u{20e3}\u{338}\u{130}\u{131}\u{fb01}\u{ff21}\u{1100}\u{1161}\u{2460}\u{bd}\u{1e9e}\u{212a}\u{3a3}\u{e9}@.-]{0,16}",
        ) {
            let mut skeleton = String::new();
            skeleton_into(&s, &mut skeleton);
            let ascii = s.bytes().filter(u8::is_ascii_alphanumeric).count();
            proptest::prop_assert!(skeleton.len() >= ascii, "{:?}: {:?}", s, skeleton);
        }

        #[test]
        fn an_ascii_skeleton_is_pushed_as_byte_by_byte_up_to_its_bound(
            before in "[a-z0-9é]{0,6}",
            s in "[a-zA-Z0-9 .@_\x00\x7f-]{0,40}",
            max in proptest::prop_oneof![0usize..48, proptest::strategy::Just(usize::MAX)],
        ) {
            // Byte by byte, as it was first written.
            let mut want = before.clone();
            let mut fits = true;
            for b in s.bytes().filter(u8::is_ascii_alphanumeric) {
                if want.len() >= max {
                    fits = false;
                    break;
                }
                want.push(char::from(b.to_ascii_lowercase()));
            }
            let mut got = before.clone();
            let pushed = push_ascii_skeleton(s.as_bytes(), &mut got, max);
            proptest::prop_assert_eq!((pushed, got), (fits, want), "{:?} after {:?} to {}", s, before, max);
        }

        #[test]
        fn a_bounded_skeleton_fits_exactly_when_the_whole_one_does(
            s in proptest::prop_oneof!["\\PC{1,16}", "[\u{1100}-\u{11ff}\u{3131}-\u{318e}\u{3200}-\u{321e}\u{ffa0}-\u{ffdc}() a\u{301}\u{113c2}]{1,12}"],
            max in 0usize..24,
        ) {
            let mut whole = String::new();
            skeleton_into(&s, &mut whole);
            let mut bounded = String::new();
            let fits = skeleton_bounded(&s, &mut bounded, max);
            proptest::prop_assert_eq!(fits, whole.len() <= max, "{:?} to {} bytes: {:?}", s, max, whole);
            if fits {
                proptest::prop_assert_eq!(bounded, whole);
            }
        }

        #[test]
        fn an_ascii_host_is_checked_as_its_labels_by_characters_were(h in "[a-zA-Z0-9.+_-]{0,10}") {
            // The labels' test as it read characters, before the one pass.
            let tld = h.split('.').next_back().unwrap_or("");
            let valid = h.contains('.')
                && tld.chars().count() >= 2
                && tld.chars().all(char::is_alphabetic)
                && h.split('.')
                    .all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'));
            let want = valid.then(|| h.to_lowercase());
            proptest::prop_assert_eq!(ascii_host(&h).map(|h| h.into_owned()), want, "{:?}", h);
        }

        #[test]
        fn host_reads_addresses_as_the_str_searches_did(
            s in "[ a-zé:/@.?#\u{b}\u{a0}-]{0,24}",
            url in "((https?|a1|x)(://|:/|:))?([a-z]{1,4}(:[a-z]{1,3})?@)?(www[.])?[a-zé]{1,5}([.][a-z]{2,3}){1,2}[.]?(:[0-9]{1,3})?([/?#][a-z:/@.]{0,6})?( |\u{a0}|\u{b}x)?",
            ascii in "(HTTPS?://|[a-z0-9]{0,2}://|WwW[.]|[a-zA-Z]{1,4}[.][a-zA-Z]{2,3}|[a-z]{1,3}@|:[0-9]{1,2}|[a-z0-9:/@.?#-]){0,6}",
        ) {
            for s in [s, url, ascii] {
                proptest::prop_assert_eq!(host(&s).map(|h| h.into_owned()), host_by_str(&s), "{:?}", s);
                // What the gate asks of ASCII it has seen a dot and no whitespace in.
                if s.is_ascii() && s.contains('.') && !s.contains(char::is_whitespace) {
                    proptest::prop_assert_eq!(unspaced_host(&s), host(&s), "{:?}", s);
                }
            }
        }
    }

    #[test]
    fn ascii_is_trimmed_of_the_whitespace_forms_trim_takes() {
        for s in [
            "",
            " ",
            "\x0b",
            "a",
            " a ",
            "\t\x0ba b\x0c\r\n",
            "\x0b\x0b",
            "ab\x0b",
        ] {
            assert_eq!(trim_ascii_space(s.as_bytes()), trim(s).as_bytes(), "{s:?}");
        }
    }

    #[test]
    fn ascii_space_is_what_char_calls_whitespace() {
        for b in 0..128u8 {
            assert_eq!(is_ascii_space(b), (b as char).is_whitespace(), "{b:#x}");
        }
    }

    #[test]
    fn names_are_read_by_their_words() {
        let words = |s| name_words(s).map(|w| w.join(" "));
        for (a, b) in [
            ("spago", "spago (los angeles)"),
            ("the palm", "palm  the (los angeles)"),
            ("restaurant katsu", "katsu"),
            ("hotel bel-air", "bel-air hotel"),
            ("panos and pauls", "panos & pauls"),
            ("Art's Delicatessen", "arts delicatessen"),
            ("Acme Robotics, Inc.", "ACME ROBOTICS"),
        ] {
            assert_eq!(words(a), words(b), "{a} | {b}");
        }
        assert_eq!(words("Hotel Bel-Air").as_deref(), Some("air bel hotel"));
        assert_ne!(words("patria"), words("patina"));
        assert_eq!(words("The"), None);
        assert_eq!(words("1234"), None);
        assert!(is_name("arts deli") && is_name("patina") && is_name("21 club"));
        for code in [
            "cmp_1f3a",
            "ACC-00123",
            "acme.com",
            "jane@acme.com",
            "104217",
            "Acme 2024",
        ] {
            assert!(!is_name(code), "{code}");
        }
    }

    #[test]
    fn only_what_names_are_written_as_takes_a_legal_suffix() {
        for named in [
            "Acme",
            "acme robotics",
            "Zürich Capital",
            "X1 Labs",
            "21 club",
        ] {
            assert!(may_be_named(named), "{named}");
        }
        for not in [
            "59682f4a3ae1a960c7000002",
            "0015g00000xCs3WAAS",
            "summit-bank-group-0",
            "acme.com",
            "cmp_1f3a",
            "104217",
            "cus_IwpKtpPpA3QMOA",
        ] {
            assert!(!may_be_named(not), "{not}");
        }
    }

    #[test]
    fn machine_made_ids_are_told_from_codes_people_make() {
        for (id, kind) in [
            ("001x0000002xLCVAA2", MachineId::Salesforce),
            ("0017c00000sIkK0", MachineId::Salesforce),
            ("001x0000002xlcvaa2", MachineId::Salesforce),
            ("0033600001gyv5B", MachineId::Salesforce),
            ("6f1c1e0a-3b5d-4c2e-9a7b-1d2e3f4a5b6c", MachineId::Uuid),
            ("531ee472cce572a6ec000006", MachineId::ObjectId),
            ("cus_NffrFeUfNV2Hib", MachineId::Prefixed),
        ] {
            assert_eq!(MachineId::of(id), Some(kind), "{id}");
        }
        for code in [
            "104217",
            "ACC-00123",
            "summit-bank-group-0",
            "ABCDEFG12345678",
            "999999999999999",
            "000000000000000AAA",
            "cus_1",
            "123456789012345678901234",
            "acme.com",
            "Acme Robotics",
            // A UUID's shape, with a letter that is not hex.
            "6f1c1e0a-3b5d-4c2e-9a7b-1d2e3f4a5b6g",
        ] {
            assert_eq!(MachineId::of(code), None, "{code}");
        }
    }

    #[test]
    fn a_composite_is_never_shorter_than_what_it_is_built_on() {
        // `skeleton_bounded` gives up past its bound on this: taking in one
        // more character, composed or not, never shortens a skeleton. Every
        // character's canonical composition, step by step from its starter,
        // only grows in UTF-8.
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let parts: Vec<char> = c.to_string().nfd().collect();
            let mut before = 0;
            for n in 1..=parts.len() {
                let built: String = parts[..n].iter().collect::<String>().nfc().collect();
                assert!(
                    built.len() >= before,
                    "{c:?}: {built:?} after {before} bytes"
                );
                before = built.len();
            }
        }
    }

    #[test]
    fn a_skeleton_is_bounded_as_composed() {
        // Without the parentheses between them, a Hangul consonant and vowel
        // compose into one syllable, and two Tulu-Tigalari vowel signs into
        // one: the skeleton is shorter than the letters it is made of, and
        // fits the bound its own length sets.
        for (s, want) in [("㈀ￒ", "교"), ("\u{113c2}🀰\u{113c2}", "\u{113c5}")] {
            let mut whole = String::new();
            skeleton_into(s, &mut whole);
            assert_eq!(whole, want, "{s}");
            let mut bounded = String::new();
            assert!(skeleton_bounded(s, &mut bounded, want.len()), "{s}");
            assert_eq!(bounded, want);
            assert!(
                !skeleton_bounded(s, &mut String::new(), want.len() - 1),
                "{s}"
            );
        }
        // Case-folded as Unicode folds it: no mark lower case adds, one sigma.
        for (s, want) in [("İstanbul", "istanbul"), ("ΟΔΟΣ", "οδοσ"), ("aϲ", "aσ")] {
            let mut skeleton = String::new();
            skeleton_into(s, &mut skeleton);
            assert_eq!(skeleton, want, "{s}");
        }
        // The bound is the skeleton's length in bytes, as for ASCII text.
        assert!(skeleton_bounded("Zürich", &mut String::new(), 7));
        assert!(!skeleton_bounded("Zürich", &mut String::new(), 6));
        assert!(skeleton_bounded("ab-c", &mut String::new(), 3));
        assert!(!skeleton_bounded("ab-c", &mut String::new(), 2));
    }
}
