//! The named normalizations, in the order they are tried: the ladder.
//!
//! Each transform is a small pure function from a value to its comparable
//! form, or `None` where it does not apply. A sampled id and an account value
//! match under a transform when both have a form and the forms are equal; the
//! first transform of [`LADDER`] under which they match names the match.
//! Adding a transform is a variant of [`TransformId`], a function and a line
//! in `LADDER` (and, so the matcher can find candidates for it, a key in
//! `keys`); the compiler then asks for its side and its wording wherever a
//! fix is described.

use std::borrow::Cow;

use serde::Serialize;

use super::chars;
use super::forms::{self, host, is_salesforce_id, split_prefix, strip_zeros};
use super::sfid;

/// The transforms, by name, in the order they are tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TransformId {
    /// Trimmed, inner runs of spaces as one.
    Whitespace,
    /// Unicode NFKC.
    Unicode,
    /// 15- and 18-character Salesforce ids, and 18 whose case was lost.
    SalesforceId,
    /// Letter case (never of a Salesforce id).
    Case,
    /// Company names without a legal suffix (Inc., GmbH, …).
    LegalSuffix,
    /// Company names by their significant words, in any order.
    NameWords,
    /// Numbers without the leading zeros a spreadsheet strips.
    LeadingZeros,
    /// Whole numbers without a spreadsheet's `.0`.
    Decimal,
    /// The host of a website or email address.
    Domain,
    /// The registrable domain, without subdomains.
    RegistrableDomain,
    /// Letters and digits only, in one case.
    Separators,
    /// Without a word prefix one side carries (`cus_`, `org-`).
    Prefix,
    /// A number a spreadsheet wrote in scientific notation.
    Scientific,
    /// One of several values a cell holds (`acme.com; acme.de`).
    Split,
}

impl TransformId {
    /// The name reports use: `salesforce-id`, `leading-zeros`, …
    pub fn name(self) -> &'static str {
        match self {
            TransformId::Whitespace => "whitespace",
            TransformId::Unicode => "unicode",
            TransformId::SalesforceId => "salesforce-id",
            TransformId::Case => "case",
            TransformId::LegalSuffix => "legal-suffix",
            TransformId::NameWords => "name-words",
            TransformId::LeadingZeros => "leading-zeros",
            TransformId::Decimal => "decimal",
            TransformId::Domain => "domain",
            TransformId::RegistrableDomain => "registrable-domain",
            TransformId::Separators => "separators",
            TransformId::Prefix => "prefix",
            TransformId::Scientific => "scientific",
            TransformId::Split => "split",
        }
    }

    /// The transform itself.
    pub fn transform(self) -> &'static Transform {
        &LADDER[self as usize]
    }
}

impl std::fmt::Display for TransformId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One named normalization.
#[derive(Debug)]
pub struct Transform {
    /// Which transform this is.
    pub id: TransformId,
    /// What to change so that the sync, which compares exactly, would match.
    pub fix: &'static str,
    /// A match only says the values are probably equal (digits were lost).
    pub approximate: bool,
    /// The comparable form of a value, or `None` where it does not apply.
    pub apply: fn(&str) -> Option<String>,
    /// A further condition on the pair, for transforms whose equal forms are
    /// not enough on their own.
    pub guard: Option<fn(&str, &str) -> bool>,
}

impl Transform {
    /// Whether `a` and `b` match under this transform.
    pub fn matches(&self, a: &str, b: &str) -> bool {
        let fa = (self.apply)(a);
        fa.is_some() && fa == (self.apply)(b) && self.guard.is_none_or(|g| g(a, b))
    }
}

/// The ladder, strictest first, in the order of [`TransformId`].
pub const LADDER: &[Transform] = &[
    Transform {
        id: TransformId::Whitespace,
        fix: "trim the spaces around the values",
        approximate: false,
        apply: whitespace,
        guard: None,
    },
    Transform {
        id: TransformId::Unicode,
        fix: "write the values in the same Unicode form (NFKC)",
        approximate: false,
        apply: unicode,
        guard: None,
    },
    Transform {
        id: TransformId::SalesforceId,
        fix: "store the 18-character form of the Salesforce ids on both sides",
        approximate: false,
        apply: salesforce_id,
        guard: None,
    },
    Transform {
        id: TransformId::Case,
        fix: "make the letter case match",
        approximate: false,
        apply: case,
        guard: None,
    },
    Transform {
        id: TransformId::LegalSuffix,
        fix: "write the names the same way, without legal suffixes such as Inc. or GmbH",
        approximate: false,
        apply: legal_suffix,
        guard: None,
    },
    Transform {
        id: TransformId::NameWords,
        fix: "write the names the same way: the same words, without qualifiers in parentheses",
        approximate: false,
        apply: name_words,
        guard: None,
    },
    Transform {
        id: TransformId::LeadingZeros,
        fix: "restore the leading zeros a spreadsheet stripped",
        approximate: false,
        apply: leading_zeros,
        guard: None,
    },
    Transform {
        id: TransformId::Decimal,
        fix: "remove the '.0' a spreadsheet added to the numbers",
        approximate: false,
        apply: decimal,
        guard: None,
    },
    Transform {
        id: TransformId::Domain,
        fix: "store bare domains (acme.com) rather than websites or email addresses",
        approximate: false,
        apply: domain,
        guard: None,
    },
    Transform {
        id: TransformId::RegistrableDomain,
        fix: "store the registrable domain (acme.com) without subdomains",
        approximate: false,
        apply: registrable_domain,
        guard: None,
    },
    Transform {
        id: TransformId::Separators,
        fix: "write the ids without punctuation and separators, in one case",
        approximate: false,
        apply: separators,
        guard: None,
    },
    Transform {
        id: TransformId::Prefix,
        fix: "add or remove the prefix",
        approximate: false,
        apply: prefix,
        guard: Some(one_prefix),
    },
    Transform {
        id: TransformId::Scientific,
        fix: "re-export the numbers as text: a spreadsheet wrote them in scientific notation and lost digits",
        approximate: true,
        apply: scientific,
        guard: Some(one_scientific),
    },
    Transform {
        id: TransformId::Split,
        fix: "keep one value a cell: the cell holds several values, or a value with text around it",
        approximate: false,
        // Not a form of a value but a part of a cell: the ladder tries the
        // parts of a cell that matched nothing whole, and names this.
        apply: |_| None,
        guard: None,
    },
];

/// Trimmed, with inner runs of whitespace (any Unicode space) as one space.
pub fn whitespace(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    Some(out)
}

/// Unicode compatibility form (NFKC: full-width digits, ligatures, …), then
/// whitespace as above.
pub fn unicode(s: &str) -> Option<String> {
    whitespace(&forms::nfkc(s))
}

/// The 18-character form of a Salesforce id written as 15 characters, or as
/// 18 in any case. Not a Salesforce id: `None`.
pub fn salesforce_id(s: &str) -> Option<String> {
    salesforce_id18(forms::trim(s).as_bytes()).map(sfid::id_string)
}

/// [`salesforce_id`] of trimmed bytes, as bytes: what a key is built of
/// without allocating.
pub fn salesforce_id18(t: &[u8]) -> Option<[u8; 18]> {
    match t.len() {
        15 if forms::looks_like_id15(t) => sfid::with_suffix(t),
        18 => sfid::restored(t),
        _ => None,
    }
}

/// Case-folded (after `unicode`). A Salesforce id keeps its case, which is
/// its identity.
pub fn case(s: &str) -> Option<String> {
    if is_salesforce_id(s) {
        return Some(forms::trim(s).to_string());
    }
    unicode(s).map(|u| u.to_lowercase())
}

/// A company name, case-folded, without trailing legal suffixes (`Inc.`,
/// `GmbH`, `Pty Ltd`, …) and trailing punctuation. Only for values with
/// letters that are not domains or Salesforce ids, and never a domain itself
/// (as `Acme.com Inc` would leave), so that it is its own legal-suffix form;
/// nor anything a name is not written as (see [`forms::may_be_named`]): a
/// legal form after an ObjectId or a slug is not a company's name.
pub fn legal_suffix(s: &str) -> Option<String> {
    if !s.chars().any(char::is_alphabetic) || host(s).is_some() {
        return None;
    }
    if is_salesforce_id(s) {
        return Some(forms::trim(s).to_string());
    }
    // Text in NFKC is folded but for its case (asked without folding it:
    // text that is not is folded once, below). Lowering what is kept alone
    // lowers it as lowering the whole would: the one character lowered by
    // where it stands, a Greek capital sigma, looks past dots to the next
    // character, and what is cut off, past its dots, begins with a comma, a
    // dash or whitespace, where the sigma stops looking.
    if s.is_ascii() || chars::is_nfkc(s) {
        return legal_suffix_in_place(s);
    }
    legal_suffix_of_folded(s)
}

/// [`legal_suffix`] of text that may not be ASCII: folded whole, then its
/// last words looked at where they stand, as [`legal_suffix_in_place`] does.
fn legal_suffix_of_folded(s: &str) -> Option<String> {
    let mut folded = case(s)?;
    // Folded text has its words apart by single spaces. The first word is
    // never dropped.
    let mut end = folded.len();
    while let Some(space) = folded[..end].rfind(' ') {
        if !is_dropped_at_end(&folded.as_bytes()[space + 1..end]) {
            break;
        }
        end = space;
    }
    let kept = folded[..end]
        .trim_end_matches(|c: char| c == ',' || c == '.' || c == '-' || c.is_whitespace())
        .len();
    folded.truncate(kept);
    left_a_name(&folded).then_some(folded)
}

/// [`legal_suffix`] of text that folding leaves as it is but for its case
/// (ASCII, for one): its last words are looked at where they stand, and only
/// what is kept is lowered and copied. A long note that ends in `Inc.` is
/// read from its end, not folded, split and joined whole.
fn legal_suffix_in_place(s: &str) -> Option<String> {
    let mut rest = s.trim();
    // The first word is never dropped.
    while let Some(space) = rest.rfind(|c: char| c.is_whitespace()) {
        if !is_dropped_at_end(&rest.as_bytes()[space + 1..]) {
            break;
        }
        rest = rest[..space].trim_end();
    }
    let kept =
        rest.trim_end_matches(|c: char| c == ',' || c == '.' || c == '-' || c.is_whitespace());
    let mut out = whitespace(kept)?;
    if out.is_ascii() {
        out.make_ascii_lowercase();
    } else {
        out = out.to_lowercase();
    }
    left_a_name(&out).then_some(out)
}

/// Whether `word`, a name's last, goes with its legal suffix: without
/// `.,()` and lowercase, it is a legal suffix, `&` or nothing. A word
/// longer than any suffix is kept.
fn is_dropped_at_end(word: &[u8]) -> bool {
    let (mut bare, mut len) = ([0u8; 16], 0);
    for &b in word {
        if !matches!(b, b'.' | b',' | b'(' | b')') {
            let Some(at) = bare.get_mut(len) else {
                return false;
            };
            *at = b.to_ascii_lowercase();
            len += 1;
        }
    }
    let bare = &bare[..len];
    bare.is_empty() || bare == b"&" || forms::is_legal_suffix_word(bare)
}

/// Whether what is left of a name without its legal suffix is a name: not
/// empty, not a domain, and written as names are.
fn left_a_name(s: &str) -> bool {
    !s.is_empty() && host(s).is_none() && forms::may_be_named(s)
}

/// A name by its significant words (see [`forms::name_words`]), for values
/// that read as names.
pub fn name_words(s: &str) -> Option<String> {
    if !forms::is_name(s) {
        return None;
    }
    forms::name_words(s).and_then(|words| name_of_words(words.join(" ")))
}

/// The form of a name whose significant words, apart by single spaces, are
/// `joined`: them, if what is left reads as a name too, so that the form is
/// its own form (`AB 12` leaves `12`, a number).
pub(super) fn name_of_words(joined: String) -> Option<String> {
    Some(joined).filter(|words| forms::is_name(words))
}

/// A number with its leading zeros removed: `00123` as `123`. Digits only.
pub fn leading_zeros(s: &str) -> Option<String> {
    let t = forms::trim(s);
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(strip_zeros(t).to_string())
}

/// A whole number with a spreadsheet's `.0` removed: `123.0` as `123`.
pub fn decimal(s: &str) -> Option<String> {
    let t = forms::trim(s);
    let int = match t.split_once('.') {
        Some((int, frac)) if !frac.is_empty() && frac.bytes().all(|b| b == b'0') => int,
        Some(_) => return None,
        None => t,
    };
    leading_zeros(int)
}

/// The host of a URL, website or email address: lowercase, without scheme,
/// `www.`, user, path, port or trailing dot. `https://www.Acme.com/about` is
/// `acme.com`.
pub fn domain(s: &str) -> Option<String> {
    host(s).map(Cow::into_owned)
}

/// The registrable domain, by the public suffix list: `shop.acme.co.uk` is
/// `acme.co.uk`, while `acme.myshopify.com` stays itself.
pub fn registrable_domain(s: &str) -> Option<String> {
    let mut out = String::new();
    registrable_domain_into(s, &mut out).then_some(out)
}

/// Appends [`registrable_domain`] of `s` to `out`; false, and nothing
/// appended, if `s` has no host. The blocking keys are built this way, in
/// a buffer reused for every cell.
pub fn registrable_domain_into(s: &str, out: &mut String) -> bool {
    let Some(h) = host(s) else {
        return false;
    };
    out.push_str(psl::domain_str(&h).unwrap_or(&h));
    true
}

/// Letters and digits only, case-folded: `ACC-00123` as `acc00123`. A
/// Salesforce id stays as it is.
pub fn separators(s: &str) -> Option<String> {
    if is_salesforce_id(s) {
        return Some(forms::trim(s).to_string());
    }
    let mut out = String::with_capacity(s.len());
    forms::skeleton_into(s, &mut out);
    (!out.is_empty()).then_some(out)
}

/// `separators` after removing a leading word prefix such as `cus_`, `org-` or
/// `ACC:`; values without one are compared whole.
pub fn prefix(s: &str) -> Option<String> {
    match split_prefix(s) {
        Some((_, rest)) => separators(rest),
        None => separators(s),
    }
}

/// Only one side carries a prefix: `cus_1` and `org_1` are different ids.
fn one_prefix(a: &str, b: &str) -> bool {
    split_prefix(a).is_some() != split_prefix(b).is_some()
}

/// At least one side is in scientific notation: two whole numbers that share
/// their first six digits are different numbers.
fn one_scientific(a: &str, b: &str) -> bool {
    let sci = |s: &str| s.contains(['e', 'E']);
    sci(a) || sci(b)
}

/// A whole number as a spreadsheet shows it in scientific notation: its digit
/// count and its first six significant digits, rounded. `123456789012`,
/// `1.23457E+11` and `1,23457E+11` all become `12:123457`.
pub fn scientific(s: &str) -> Option<String> {
    let mut out = String::new();
    scientific_into(s, &mut out).then_some(out)
}

/// Appends [`scientific`]'s key of `s` to `out`, or returns false and
/// leaves `out` as it was. Without allocating: every numeric company id of
/// an export is keyed this way.
pub fn scientific_into(s: &str, out: &mut String) -> bool {
    use std::fmt::Write;
    let t = forms::trim(s);
    let (int, frac, count) = if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        let d = strip_zeros(t);
        (d, "", d.len())
    } else {
        let Some((mantissa, exponent)) = t.split_once(['e', 'E']) else {
            return false;
        };
        let Ok(exponent) = exponent
            .strip_prefix('+')
            .unwrap_or(exponent)
            .parse::<usize>()
        else {
            return false;
        };
        // A point, or the decimal comma of a spreadsheet in continental
        // Europe (`1,23457E+11`).
        let (int, frac) = mantissa.split_once(['.', ',']).unwrap_or((mantissa, ""));
        let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        let count = int.len().checked_add(exponent);
        match count {
            Some(count)
                if !int.is_empty()
                    && !int.starts_with('0')
                    && digits(int)
                    && digits(frac)
                    && frac.len() <= exponent =>
            {
                (int, frac, count)
            }
            _ => return false,
        }
    };
    // The first six digits, rounded half up by the seventh; the carry is 1
    // when rounding added a digit (`9999997` to `1000000`).
    let mut digits = int.bytes().chain(frac.bytes());
    let mut head = [0u8; KEPT_DIGITS];
    let mut len = 0;
    for (slot, d) in head.iter_mut().zip(&mut digits) {
        *slot = d;
        len += 1;
    }
    let mut carry = 0;
    if digits.next().is_some_and(|d| d >= b'5') {
        match head.iter().rposition(|&d| d != b'9') {
            Some(i) => {
                head[i] += 1;
                head[i + 1..].fill(b'0');
            }
            None => {
                head.fill(b'0');
                head[0] = b'1';
                carry = 1;
            }
        }
    }
    let kept = &head[..len];
    let end = kept.iter().rposition(|&d| d != b'0').map_or(0, |i| i + 1);
    // Writing into a `String` cannot fail.
    let _ = write!(out, "{}:", count + carry);
    out.extend(kept[..end].iter().map(|&d| d as char));
    true
}

/// Significant digits a spreadsheet shows of a number in scientific notation.
const KEPT_DIGITS: usize = 6;

/// The first transform under which `id` and `value` match: what the
/// indexed matcher must find (see the property tests).
#[cfg(test)]
pub fn first_match(id: &str, value: &str) -> Option<TransformId> {
    LADDER.iter().find(|t| t.matches(id, value)).map(|t| t.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(id: &str, value: &str) -> Option<&'static str> {
        first_match(id, value).map(TransformId::name)
    }

    #[test]
    fn the_ladder_is_in_the_order_of_its_ids() {
        for (i, t) in LADDER.iter().enumerate() {
            assert_eq!(t.id as usize, i, "{}", t.id);
        }
        assert_eq!(
            serde_json::to_string(&TransformId::RegistrableDomain).unwrap(),
            "\"registrable-domain\""
        );
    }

    #[test]
    fn skeletons_of_stray_combining_marks_are_stable() {
        // NFKC turns U+FE72 into a space and a mark; without the space the
        // marks must still be in canonical order.
        let once = separators("\u{1e026}\u{fe72}").unwrap();
        assert_eq!(separators(&once).as_deref(), Some(once.as_str()));
    }

    #[test]
    fn whitespace_trims_and_collapses() {
        assert_eq!(whitespace("  a \t b\u{a0} ").as_deref(), Some("a b"));
        assert_eq!(named("cmp 1", " cmp  1 "), Some("whitespace"));
    }

    #[test]
    fn unicode_folds_compatibility_forms() {
        assert_eq!(unicode("１２３").as_deref(), Some("123"));
        assert_eq!(named("１２３", "123"), Some("unicode"));
        assert_eq!(named("ﬁnance", "finance"), Some("unicode"));
    }

    #[test]
    fn salesforce_ids_convert_between_15_and_18() {
        assert_eq!(
            salesforce_id("001A000010khO8J").as_deref(),
            Some("001A000010khO8JIAU")
        );
        assert_eq!(
            named("001A000010khO8J", "001A000010khO8JIAU"),
            Some("salesforce-id")
        );
        assert_eq!(
            named("001A000010khO8JIAU", "001A000010khO8J"),
            Some("salesforce-id")
        );
        assert_eq!(
            named("00D000000000062EAA", "00d000000000062eaa"),
            Some("salesforce-id")
        );
        assert_eq!(salesforce_id("001000000000000000"), None, "invalid suffix");
        assert_eq!(salesforce_id("00000000000000@"), None);
        assert_eq!(salesforce_id("0000000000000000"), None);
    }

    #[test]
    fn case_is_never_folded_for_salesforce_ids() {
        assert_eq!(named("cmp_1F3A", "CMP_1f3a"), Some("case"));
        // Two 15-character ids that differ only in case are different records.
        assert_eq!(named("00DDE00000485Lg", "00DDE00000485lG"), None);
        assert_eq!(case("00DDE00000485Lg").as_deref(), Some("00DDE00000485Lg"));
        assert_eq!(
            separators("00DDE00000485Lg").as_deref(),
            Some("00DDE00000485Lg")
        );
        assert_eq!(named("00DDE00000485Lg2AI", "00DDE00000485lG2AQ"), None);
    }

    #[test]
    fn legal_suffixes_are_dropped_from_names() {
        assert_eq!(
            legal_suffix("Acme Robotics, Inc.").as_deref(),
            Some("acme robotics")
        );
        assert_eq!(legal_suffix("Globex GmbH").as_deref(), Some("globex"));
        assert_eq!(legal_suffix("Nimbus Pty Ltd").as_deref(), Some("nimbus"));
        assert_eq!(
            legal_suffix("Inc.").as_deref(),
            Some("inc"),
            "a lone word stays"
        );
        assert_eq!(
            named("Acme Robotics", "ACME ROBOTICS LLC"),
            Some("legal-suffix")
        );
        assert_eq!(legal_suffix("12345"), None);
        // What is left is never a domain (which has transforms of its
        // own), even when folding or dropping the suffix made it one.
        assert_eq!(legal_suffix("⼀.aA"), None);
        assert_eq!(legal_suffix("Acme.com Inc"), None);
    }

    /// [`scientific`] as it was written with strings, to check the key
    /// worked out in place against.
    fn scientific_by_strings(s: &str) -> Option<String> {
        let t = forms::trim(s);
        let (digits, count) = if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
            let d = forms::strip_zeros(t);
            (d.to_string(), d.len())
        } else {
            let (mantissa, exponent) = t.split_once(['e', 'E'])?;
            let exponent: usize = exponent
                .strip_prefix('+')
                .unwrap_or(exponent)
                .parse()
                .ok()?;
            let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
            let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
            if int.is_empty()
                || int.starts_with('0')
                || !digits(int)
                || !digits(frac)
                || frac.len() > exponent
            {
                return None;
            }
            (format!("{int}{frac}"), int.len().checked_add(exponent)?)
        };
        let mut head: Vec<u8> = digits.bytes().take(6).collect();
        let mut carry = 0;
        if digits.len() > 6 && digits.as_bytes()[6] >= b'5' {
            let mut i = 6;
            loop {
                if i == 0 {
                    head.insert(0, b'1');
                    head.pop();
                    carry = 1;
                    break;
                }
                i -= 1;
                if head[i] == b'9' {
                    head[i] = b'0';
                } else {
                    head[i] += 1;
                    break;
                }
            }
        }
        let rounded = String::from_utf8(head).unwrap();
        Some(format!(
            "{}:{}",
            count + carry,
            rounded.trim_end_matches('0')
        ))
    }

    /// ASCII words as names and the notes about them have them: names,
    /// legal suffixes in any case and with dots, ampersands, punctuation
    /// alone, a domain, digits, and every kind of whitespace between them.
    fn ascii_words() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let word = prop_oneof![
            "(acme|Globex|nimbus|a|B)",
            "(inc|Inc\\.|INC|llc|L\\.L\\.C\\.|GmbH|pty|Ltd|co|Corp\\.,|\\(s\\.a\\.\\)|ab|Limited)",
            "(&|-|\\.|,|\\(\\)|\\.\\.\\.)",
            "(acme\\.com|x\\.io|12|2024|a1b2c3d4e5f6a7b8c9d0e1f2|cmp_1)",
            "[a-zA-Z0-9.,&()-]{1,17}",
        ];
        let space = "( |  |\t|\n|\x0b|\x0c|\r\n|, | - )";
        (
            "[ \t]{0,2}",
            proptest::collection::vec((word, space), 1..8),
            "[ .,-]{0,2}",
        )
            .prop_map(|(lead, words, tail)| lead + &spaced(&words) + &tail)
    }

    /// Each word, after the space drawn with it unless it is the first.
    fn spaced(words: &[(String, String)]) -> String {
        let mut s = String::new();
        for (i, (word, space)) in words.iter().enumerate() {
            if i > 0 {
                s.push_str(space);
            }
            s.push_str(word);
        }
        s
    }

    /// [`legal_suffix_of_folded`] as it was written with a list of words.
    fn legal_suffix_of_folded_by_words(s: &str) -> Option<String> {
        let folded = case(s)?;
        let mut words: Vec<&str> = folded.split(' ').collect();
        while words.len() > 1 {
            let bare: String = words[words.len() - 1]
                .chars()
                .filter(|c| !matches!(c, '.' | ',' | '(' | ')'))
                .collect();
            if forms::LEGAL_SUFFIXES.contains(&bare.as_str()) || bare.is_empty() || bare == "&" {
                words.pop();
            } else {
                break;
            }
        }
        let joined = words.join(" ");
        let trimmed = joined
            .trim_end_matches(|c: char| c == ',' || c == '.' || c == '-' || c.is_whitespace());
        left_a_name(trimmed).then(|| trimmed.to_string())
    }

    /// [`legal_suffix`] as it was first written, folding all text that is
    /// not ASCII whole.
    fn legal_suffix_folding_whole(s: &str) -> Option<String> {
        if !s.chars().any(char::is_alphabetic) || host(s).is_some() {
            return None;
        }
        if is_salesforce_id(s) {
            return Some(forms::trim(s).to_string());
        }
        if s.is_ascii() {
            return legal_suffix_in_place(s);
        }
        legal_suffix_of_folded(s)
    }

    /// Words of names written with characters outside ASCII: accents,
    /// full-width letters that fold to a legal suffix (`ＩＮＣ`), and spaces
    /// that fold to one (no-break, ideographic).
    fn folded_words() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let word = prop_oneof![
            "(Łódź|Société|Müller|ÖBB|straße|İzmir|Ωmega|ΣΑΣ|ΟΔΟΣ\\.|Σ|e\u{301}|ﬁ)",
            "(inc|GmbH|Ltd\\.|ＩＮＣ|Ｌｔｄ|ａｇ|\\(sa\\)|S\\.A\\.|incorporatedxxxxxxxxx)",
            "(&|\\.|,|\\(\\)|–|·)",
            "[a-zA-Zé.,&()ß-]{1,18}",
        ];
        let space = "( |  |\u{a0}|\u{3000}|\t|, )";
        proptest::collection::vec((word, space), 1..7).prop_map(|words| spaced(&words))
    }

    proptest::proptest! {
        #[test]
        fn folded_text_loses_its_legal_suffix_as_the_list_of_words_did(s in folded_words()) {
            proptest::prop_assert_eq!(
                legal_suffix_of_folded(&s),
                legal_suffix_of_folded_by_words(&s),
                "{:?}",
                s
            );
        }

        #[test]
        fn ascii_text_loses_its_legal_suffix_as_folded_text_does(s in ascii_words()) {
            proptest::prop_assert_eq!(legal_suffix_in_place(&s), legal_suffix_of_folded(&s), "{:?}", s);
        }

        #[test]
        fn text_is_read_in_place_only_where_folding_it_whole_reads_the_same(s in folded_words()) {
            proptest::prop_assert_eq!(legal_suffix(&s), legal_suffix_folding_whole(&s), "{:?}", s);
        }

        #[test]
        fn the_scientific_key_is_the_one_worked_out_with_strings(
            s in proptest::prop_oneof![
                "[0-9]{1,14}",
                "[09]{1,9}",
                " ?[1-9][0-9]{0,3}(\\.[0-9]{0,8})?[eE]\\+?[0-9]{1,2} ?",
                "[0-9eE.+ -]{0,12}",
            ],
        ) {
            let mut out = String::from("e:");
            let got = scientific_into(&s, &mut out).then(|| out[2..].to_string());
            proptest::prop_assert_eq!(&got, &scientific_by_strings(&s), "{:?}", s);
            proptest::prop_assert_eq!(scientific(&s), got);
            if scientific(&s).is_none() {
                proptest::prop_assert_eq!(out, "e:");
            }
        }
    }

    #[test]
    fn spreadsheet_numbers() {
        assert_eq!(named("00123", "123"), Some("leading-zeros"));
        assert_eq!(named("123", "0000123"), Some("leading-zeros"));
        assert_eq!(named("123", "123.0"), Some("decimal"));
        assert_eq!(named("00123", "123.00"), Some("decimal"));
        assert_eq!(decimal("123.5"), None);
        assert_eq!(leading_zeros("12a"), None);
        assert_eq!(scientific("1.23457E+11").as_deref(), Some("12:123457"));
        assert_eq!(scientific("123456789012").as_deref(), Some("12:123457"));
        assert_eq!(named("123456789012", "1.23457E+11"), Some("scientific"));
        assert_eq!(named("139000000", "1.39E8"), Some("scientific"));
        assert_eq!(
            named("999999700", "1E+09"),
            Some("scientific"),
            "rounding carries"
        );
        assert_eq!(named("123456789012", "1.23456E+11"), None, "wrong rounding");
        assert_eq!(
            named("1000000001", "1000000002"),
            None,
            "both written in full"
        );
        assert!(TransformId::Scientific.transform().approximate);
        assert_eq!(scientific("1.5E-3"), None);
        assert_eq!(scientific("9999997").as_deref(), Some("8:1"), "a carry");
        assert_eq!(scientific("1E18446744073709551615"), None, "past any count");
        // A code like 10e22 that a spreadsheet read as a number.
        assert_eq!(named("10e22", "1.00E+23"), Some("scientific"));
    }

    #[test]
    fn domains_compare_by_host() {
        for v in [
            "https://www.acme.com/about",
            "http://acme.com",
            "www.acme.com/",
            "ACME.com.",
            "jane@acme.com",
            "acme.com:443",
            "https://user@www.acme.com?x=1",
        ] {
            assert_eq!(domain(v).as_deref(), Some("acme.com"), "{v}");
            assert_eq!(named("acme.com", v), Some("domain"), "{v}");
        }
        for v in [
            "1.5",
            "Acme Inc.",
            "inc.",
            "acme",
            "2026-09-02T22:07:23.000Z",
            "a..b.com",
            "ftp1://x.com",
        ] {
            assert_eq!(domain(v), None, "{v}");
        }
        // `www.` goes only where a domain is left: read again, a host reads
        // as itself.
        for (v, want) in [("www.www.com", "www.com"), ("www.com", "www.com")] {
            assert_eq!(domain(v).as_deref(), Some(want), "{v}");
        }
    }

    #[test]
    fn subdomains_fold_to_the_registrable_domain() {
        assert_eq!(
            named("acme.co.uk", "https://shop.acme.co.uk/"),
            Some("registrable-domain")
        );
        assert_eq!(
            registrable_domain("acme.myshopify.com").as_deref(),
            Some("acme.myshopify.com")
        );
        assert_eq!(named("acme.myshopify.com", "globex.myshopify.com"), None);
        // Into a key being built: appended after what is there, or nothing.
        let mut key = String::from("d:");
        assert!(registrable_domain_into(
            "https://shop.acme.co.uk/",
            &mut key
        ));
        assert_eq!(key, "d:acme.co.uk");
        assert!(!registrable_domain_into("Acme Robotics", &mut key));
        assert_eq!(key, "d:acme.co.uk");
    }

    #[test]
    fn separators_and_prefixes() {
        assert_eq!(named("ACC-00123", "acc00123"), Some("separators"));
        assert_eq!(named("cus_ABC123", "ABC123"), Some("prefix"));
        assert_eq!(named("4711", "org-4711"), Some("prefix"));
        assert_eq!(forms::split_prefix("cus_123"), Some(("cus_", "123")));
        assert_eq!(forms::split_prefix("123_abc"), None);
        assert_eq!(forms::split_prefix("averyveryverylongword-1"), None);
        assert_eq!(named("cus_1", "org_2"), None);
        assert_eq!(named("cus_1", "org_1"), None, "different prefixes");
        // A region or system number in front, as ERP ids carry it.
        assert_eq!(named("203974", "4-203974"), Some("prefix"));
        assert_eq!(named("#000123", "1-#000123"), Some("prefix"));
        assert_eq!(
            forms::split_prefix("2024-01-15"),
            None,
            "a year is no prefix"
        );
        assert_eq!(forms::split_prefix("415-555-1234"), None);
    }

    #[test]
    fn names_match_by_their_words() {
        for (a, b) in [
            ("spago", "spago (los angeles)"),
            ("the palm", "palm  the (los angeles)"),
            ("restaurant katsu", "katsu"),
            ("hotel bel-air", "bel-air hotel"),
            ("panos and pauls", "panos & pauls"),
        ] {
            assert_eq!(named(a, b), Some("name-words"), "{a} | {b}");
        }
        assert_eq!(named("patria", "patina"), None);
        assert_eq!(
            named("arts delicatessen", "arts deli"),
            None,
            "similar, not equal"
        );
        assert_eq!(name_words("cmp_1f3a"), None, "codes are not names");
    }

    #[test]
    fn exact_values_match_at_the_first_step() {
        for v in ["abc", "001A000010khO8JIAU", "123", "acme.com"] {
            assert_eq!(first_match(v, v), Some(TransformId::Whitespace), "{v}");
        }
    }

    #[test]
    fn unrelated_values_do_not_match() {
        for (a, b) in [
            ("abc", "abd"),
            ("123", "124"),
            ("acme.com", "acme.org"),
            ("cmp_1", "cmp_11"),
        ] {
            assert_eq!(named(a, b), None, "{a} {b}");
        }
    }
}
