//! The comparable forms of a value that several transforms and matchers
//! share: its skeleton (letters and digits, case-folded), its host, its word
//! prefix, whether it is a Salesforce id, whether it ends in a legal suffix.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

use super::sfid;

/// A leading word prefix and the rest: `cus_123` is (`cus_`, `123`). The prefix
/// is 1 to 10 ASCII letters and one of `-` `_` `:` `#` `/`.
pub fn split_prefix(s: &str) -> Option<(&str, &str)> {
    let t = s.trim();
    let n = word_prefix_len(t.as_bytes())?;
    let rest = &t[n..];
    rest.chars()
        .any(char::is_alphanumeric)
        .then(|| (&t[..n], rest))
}

/// The length of the word prefix `t` starts with, separator included: 1 to
/// 10 ASCII letters and one of `-` `_` `:` `#` `/`.
pub fn word_prefix_len(t: &[u8]) -> Option<usize> {
    let letters = t
        .iter()
        .take(11)
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    let separated = matches!(t.get(letters), Some(b'-' | b'_' | b':' | b'#' | b'/'));
    ((1..=10).contains(&letters) && separated).then_some(letters + 1)
}

/// Whether `s` looks like a Salesforce id, whose case must be kept: 15 letters
/// and digits with at least one of each, or a valid 18-character id in any
/// case.
pub fn is_salesforce_id(s: &str) -> bool {
    let t = s.trim().as_bytes();
    match t.len() {
        15 => looks_like_id15(t),
        18 => sfid::is_restorable(t),
        _ => false,
    }
}

pub(super) fn looks_like_id15(t: &[u8]) -> bool {
    sfid::is_id15(t) && t.iter().any(u8::is_ascii_digit) && t.iter().any(u8::is_ascii_alphabetic)
}

/// Appends the letters and digits of `s`, case-folded, to `out`: the skeleton
/// that `whitespace`, `unicode`, `case` and `separators` all preserve.
pub fn skeleton_into(s: &str, out: &mut String) {
    skeleton_bounded(s, out, usize::MAX);
}

/// `skeleton_into`, giving up (and returning false) once `out` would grow
/// past `max` bytes: a long description never needs its whole skeleton.
pub fn skeleton_bounded(s: &str, out: &mut String, max: usize) -> bool {
    if s.is_ascii() {
        for b in s.bytes().filter(u8::is_ascii_alphanumeric) {
            if out.len() >= max {
                return false;
            }
            out.push(b.to_ascii_lowercase() as char);
        }
    } else {
        let start = out.len();
        for c in s.nfkc().filter(|c| c.is_alphanumeric()) {
            if out.len() >= max {
                return false;
            }
            out.extend(c.to_lowercase());
        }
        // Dropping a space between combining marks can leave them out of
        // canonical order; putting them back in order keeps this idempotent.
        if !unicode_normalization::is_nfkc_quick(out[start..].chars())
            .eq(&unicode_normalization::IsNormalized::Yes)
        {
            let kept: String = out[start..].nfkc().collect();
            out.truncate(start);
            out.push_str(&kept);
        }
    }
    true
}

/// Whether the last word of `s` is a legal suffix (`Inc.`, `GmbH`, …): a
/// cheap test that spares `legal_suffix` for most values.
pub fn has_legal_suffix(s: &str) -> bool {
    let last = s
        .trim_end()
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("");
    let bare = last.trim_matches(|c| matches!(c, '.' | ',' | '(' | ')'));
    if bare.len() > 12 || bare.is_empty() {
        return false;
    }
    let mut buf = [0u8; 12];
    let mut n = 0;
    for b in bare.bytes().filter(|&b| b != b'.') {
        buf[n] = b.to_ascii_lowercase();
        n += 1;
    }
    std::str::from_utf8(&buf[..n]).is_ok_and(|w| LEGAL_SUFFIXES.contains(&w))
}

/// The host part of a URL, website or email address, if it has one.
pub fn host(s: &str) -> Option<Cow<'_, str>> {
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
    h = h.split(':').next().unwrap_or("");
    h = h.trim_end_matches('.');
    if let Some(rest) = h
        .get(4..)
        .filter(|r| !r.is_empty() && h[..4].eq_ignore_ascii_case("www."))
    {
        h = rest;
    }
    let mut labels = h.split('.');
    let tld = labels.next_back().unwrap_or("");
    let valid = h.contains('.')
        && tld.chars().count() >= 2
        && tld.chars().all(char::is_alphabetic)
        && h.split('.')
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'));
    if !valid {
        return None;
    }
    Some(
        if h.bytes().any(|b| b.is_ascii_uppercase()) || !h.is_ascii() {
            Cow::Owned(h.to_lowercase())
        } else {
            Cow::Borrowed(h)
        },
    )
}

pub(super) fn nfkc(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
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
