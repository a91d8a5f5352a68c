//! What Unicode's tables say of the characters most text that is not ASCII
//! is written in (accented Latin, Greek, Cyrillic, Hebrew, Arabic, dashes
//! and quotes), worked out once: the gate and the skeleton ask them of
//! every such character, and a table is cheaper to read than Unicode's.

/// Whether lower case makes the letter `c` ASCII (the Kelvin sign), or
/// ASCII and a mark the skeleton leaves out (`İ` is `i̇`).
pub(super) fn folds_to_ascii(c: char) -> bool {
    c.to_lowercase()
        .filter(|l| l.is_alphanumeric())
        .all(|l| l.is_ascii())
}

// Classes of a character, as [`class_of`] tells them.
/// A letter or digit.
pub(super) const LETTER: u8 = 1;
/// A letter or digit that [`folds_to_ascii`].
pub(super) const FOLDS_TO_ASCII: u8 = 2;
pub(super) const WHITESPACE: u8 = 4;
/// A character whose place in NFKC text Unicode's tables must be asked:
/// one that may compose with what precedes it, or that normalization
/// changes (or may), or one the table does not cover.
pub(super) const ASK: u8 = 8;

/// Characters below this have their classes in a table.
pub(super) const COMMON: usize = 0x3000;

/// Characters a page of the table holds.
const PAGE: usize = 256;

/// The classes of `c`: from a table for the characters below [`COMMON`],
/// [`ASK`] alone for the others. The table is worked out from Unicode's
/// tables a page of 256 characters at a time, as text first needs it: the
/// whole of it costs more than a small export takes to match, and most
/// text is written in a few pages.
pub(super) fn class_of(c: char) -> u8 {
    static PAGES: [std::sync::OnceLock<[u8; PAGE]>; COMMON / PAGE] =
        [const { std::sync::OnceLock::new() }; COMMON / PAGE];
    let code = c as usize;
    match PAGES.get(code / PAGE) {
        Some(page) => page.get_or_init(|| classes_of_page(code / PAGE))[code % PAGE],
        None => ASK,
    }
}

/// The classes of the characters of page `page`, from Unicode's tables.
fn classes_of_page(page: usize) -> [u8; PAGE] {
    use unicode_normalization::char::canonical_combining_class;
    use unicode_normalization::{IsNormalized, is_nfkc_quick};
    let mut classes = [0u8; PAGE];
    for (i, class) in classes.iter_mut().enumerate() {
        let Some(c) = char::from_u32((page * PAGE + i) as u32) else {
            *class = ASK;
            continue;
        };
        // A starter that NFKC keeps as it is, whatever surrounds it.
        let kept = canonical_combining_class(c) == 0
            && is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes;
        if !kept {
            *class |= ASK;
        }
        if c.is_alphanumeric() {
            *class |= LETTER;
            if folds_to_ascii(c) {
                *class |= FOLDS_TO_ASCII;
            }
        }
        if c.is_whitespace() {
            *class |= WHITESPACE;
        }
    }
    classes
}

/// Whether `s` is in NFKC, as `unicode_normalization::is_nfkc_quick` says
/// `Yes`: from the table where every character of `s` is ASCII or a common
/// starter that NFKC keeps, from Unicode's tables otherwise.
pub(super) fn is_nfkc(s: &str) -> bool {
    use unicode_normalization::{IsNormalized, is_nfkc_quick};
    kept_by_nfkc(s) || is_nfkc_quick(s.chars()) == IsNormalized::Yes
}

/// Whether every character of `s` is ASCII or one NFKC keeps wherever it
/// stands. Text that is not ASCII is mostly ASCII between a few accents:
/// the runs of ASCII are passed over many bytes at a time, not decoded.
pub(super) fn kept_by_nfkc(s: &str) -> bool {
    let mut at = 0;
    while let Some(skip) = crate::bytes::find_non_ascii(&s.as_bytes()[at..]) {
        at += skip;
        // A byte that is not ASCII begins a character where the run of
        // ASCII before it ends.
        let Some(c) = s[at..].chars().next() else {
            return true;
        };
        if class_of(c) & ASK != 0 {
            return false;
        }
        at += c.len_utf8();
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn nfkc_is_what_unicode_s_tables_say(
            s in "[a-z \u{a0}\u{e9}\u{130}\u{300}-\u{36f}\u{391}-\u{3c9}\u{400}-\u{4ff}\u{1100}-\u{11ff}\u{2000}-\u{206f}\u{212a}\u{2ff0}-\u{3010}\u{ac00}\u{fb01}\u{ff21}]{0,8}",
        ) {
            use unicode_normalization::{IsNormalized, is_nfkc_quick};
            proptest::prop_assert_eq!(is_nfkc(&s), is_nfkc_quick(s.chars()) == IsNormalized::Yes, "{:?}", s);
        }

        /// Runs of ASCII of every length are passed over to the character
        /// after them, which is read as reading each character would.
        #[test]
        fn characters_past_runs_of_ascii_are_read_as_each_one_is(
            s in "([a-z ]{0,40}|[\u{e9}\u{300}\u{391}\u{2013}\u{212a}\u{ac00}\u{fb01}\u{1f600}]){0,6}",
        ) {
            let each = s.chars().filter(|c| !c.is_ascii()).all(|c| class_of(c) & ASK == 0);
            proptest::prop_assert_eq!(kept_by_nfkc(&s), each, "{:?}", s);
        }
    }

    #[test]
    fn every_common_character_is_in_nfkc_as_unicode_s_tables_say() {
        use unicode_normalization::{IsNormalized, is_nfkc_quick};
        for c in (0x80..COMMON as u32 + 1).filter_map(char::from_u32) {
            for text in [
                format!("{c}"),
                format!("a{c}"),
                format!("e\u{301}{c}"),
                format!("{c}\u{301}"),
            ] {
                assert_eq!(
                    is_nfkc(&text),
                    is_nfkc_quick(text.chars()) == IsNormalized::Yes,
                    "{text:?}"
                );
            }
        }
    }
}
