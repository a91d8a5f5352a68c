//! Blocking keys: what any two values equal under a transform share, so
//! that a cell meets only the probes it could equal.

use super::forms;
use super::scratch::View;
use super::transforms;
use super::vocabulary::Vocabulary;

/// What marks a registrable domain's key, so that it never meets a skeleton.
pub(super) const DOMAIN: &str = "d:";
/// What marks a number's E-notation key.
pub(super) const SCIENTIFIC: &str = "e:";
/// What marks a Salesforce id's 18-character form.
pub(super) const SALESFORCE_ID: &str = "sf:";
/// What marks the key of a value without letters or digits: its whitespace
/// and punctuation, as written.
pub(super) const AS_WRITTEN: &str = "w:";

/// `key` without the mark of its kind: what a value's own characters make
/// of it. The mark is the keys', so a value need not have its letters.
pub(super) fn unmarked(key: &str) -> &str {
    [DOMAIN, SCIENTIFIC, SALESFORCE_ID, AS_WRITTEN]
        .iter()
        .find_map(|mark| key.strip_prefix(mark))
        .unwrap_or(key)
}

/// What the probes look like, so that a cell skips the keys no probe has: a
/// sample of numbers needs no domain, name or Salesforce-id keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reach {
    /// The longest probe skeleton: a longer skeleton cannot match.
    pub max_skeleton: usize,
    /// Whether some probe is a Salesforce id, a domain, has a form without
    /// a legal suffix that a cell could share (see
    /// [`transforms::legal_suffix`]: `A-` has `a`, as `A-, Inc.` does),
    /// reads as a name, or is a number that E notation could have mangled.
    pub salesforce_ids: bool,
    pub domains: bool,
    pub names: bool,
    pub words: bool,
    pub scientific: bool,
}

impl Reach {
    pub const ALL: Reach = Reach {
        max_skeleton: usize::MAX,
        salesforce_ids: true,
        domains: true,
        names: true,
        words: true,
        scientific: true,
    };

    /// Nothing reached: what no probe yet looks like.
    pub(super) const NONE: Reach = Reach {
        max_skeleton: 0,
        salesforce_ids: false,
        domains: false,
        names: false,
        words: false,
        scientific: false,
    };

    /// What `probes` look like.
    #[cfg(test)]
    pub(super) fn of(probes: &[String]) -> Reach {
        let (mut reach, mut key) = (Reach::NONE, String::new());
        for p in probes {
            key.clear();
            skeleton_or_id(forms::trim(p), &mut key);
            reach.add(p, key.len());
        }
        reach
    }

    /// Notes what `probe` looks like, whose skeleton (or Salesforce id, see
    /// [`skeleton_or_id`]) is `skeleton` bytes long. A question some probe
    /// has said yes to is not asked again: over millions of probes, with
    /// every company sampled, most are asked of a few.
    pub(super) fn add(&mut self, probe: &str, skeleton: usize) {
        // A prefixed probe is also reached by its bare skeleton, which is shorter.
        self.max_skeleton = self.max_skeleton.max(skeleton);
        self.salesforce_ids = self.salesforce_ids || transforms::salesforce_id(probe).is_some();
        self.domains = self.domains || forms::host(probe).is_some();
        // A Salesforce id is its own legal-suffix form, which no cell with a
        // suffix has (what is left of it is an id, not a name).
        self.names = self.names
            || (!forms::is_salesforce_id(probe) && transforms::legal_suffix(probe).is_some());
        self.words = self.words || forms::is_name(probe);
        self.scientific = self.scientific
            || (probe.contains(['e', 'E']) && transforms::scientific(probe).is_some());
    }

    /// What the probes of both look like.
    pub(super) fn join(self, other: Reach) -> Reach {
        Reach {
            max_skeleton: self.max_skeleton.max(other.max_skeleton),
            salesforce_ids: self.salesforce_ids || other.salesforce_ids,
            domains: self.domains || other.domains,
            names: self.names || other.names,
            words: self.words || other.words,
            scientific: self.scientific || other.scientific,
        }
    }
}

/// Calls `emit` with each blocking key of `value` that `reach` allows. Any two
/// values equal under some transform of the ladder share at least one key:
///
/// - the skeleton (letters and digits, case-folded; a Salesforce id as it is)
///   is kept by `whitespace`, `unicode`, `case` and `separators`;
/// - the skeleton without a legal suffix, for `legal-suffix`;
/// - the skeleton of a name's significant words, for `name-words`;
/// - the whole number, for `leading-zeros` and `decimal`;
/// - the 18-character id, the registrable domain and the scientific key, each
///   marked so that they never meet a skeleton;
/// - the skeleton without a word prefix, for `prefix`.
///
/// A key is only emitted where it differs from the skeleton, and where some
/// probe could have it, so most cells cost one skeleton and one lookup. With
/// the words of the probes' names, `vocabulary`, a value whose words can be
/// none of theirs skips its name-words key.
pub(super) fn for_each_key(
    value: &str,
    view: &mut View,
    reach: &Reach,
    vocabulary: Option<&Vocabulary>,
    key: &mut String,
    mut emit: impl FnMut(&str),
) {
    let trimmed = forms::trim(value);
    if view.skeleton.is_empty() {
        // No letters or digits: only whitespace can make two such values equal.
        key.clear();
        key.push_str(AS_WRITTEN);
        key.extend(transforms::unicode(trimmed));
        emit(key);
    } else if view.fits && view.skeleton.len() <= reach.max_skeleton {
        emit(&view.skeleton);
    }
    let bytes = trimmed.as_bytes();
    for_each_number_key(trimmed, reach, key, &mut emit);
    if reach.salesforce_ids
        && view.salesforce_id
        && let Some(id) = transforms::salesforce_id(trimmed)
    {
        key.clear();
        key.push_str(SALESFORCE_ID);
        key.push_str(&id);
        emit(key);
    }
    if reach.domains && bytes.contains(&b'.') {
        key.clear();
        key.push_str(DOMAIN);
        if transforms::registrable_domain_into(trimmed, key) {
            emit(key);
        }
    }
    if reach.names
        && bytes.contains(&b' ')
        && forms::has_legal_suffix(trimmed)
        && let Some(name) = view.legal_suffix(trimmed)
    {
        key.clear();
        forms::skeleton_into(name, key);
        emit(key);
    }
    // A name's words, when they are not its skeleton: `the palm (la)` is
    // reached by `palm`. A skeleton cut at the bound is not the whole one:
    // `Group, Zürich (Street)` has the words `group zürich`, as long as the
    // longest probe's skeleton, and its own cut there.
    if reach.words
        && bytes
            .iter()
            .any(|b| matches!(b, b' ' | b'(' | b'&' | b'\'' | b'-'))
        && !vocabulary.is_some_and(|v| v.rules_out(bytes))
    {
        let made = view.name_words(trimmed).is_some_and(|w| w.key_into(key));
        if made && !(view.fits && *key == view.skeleton) {
            emit(key);
        }
    }
    if let Some((_, rest)) = forms::split_prefix(trimmed) {
        key.clear();
        skeleton_or_id(rest, key);
        if !key.is_empty() {
            emit(key);
        }
    }
}

/// Calls `emit` with each key of `trimmed` (trimmed) that [`for_each_key`]
/// makes of a number besides its skeleton, and that `reach` allows: its
/// whole value, where leading zeros or a decimal point make it differ from
/// the skeleton, and its E-notation key.
pub(super) fn for_each_number_key(
    trimmed: &str,
    reach: &Reach,
    key: &mut String,
    mut emit: impl FnMut(&str),
) {
    let bytes = trimmed.as_bytes();
    if !bytes.first().is_some_and(u8::is_ascii_digit) {
        return;
    }
    if (bytes[0] == b'0' || bytes.contains(&b'.'))
        && let Some(n) = transforms::decimal(trimmed)
    {
        emit(&n);
    }
    let written_out = bytes.iter().all(u8::is_ascii_digit);
    if (reach.scientific && written_out)
        || (!written_out && bytes.iter().any(|b| matches!(b, b'e' | b'E')))
    {
        key.clear();
        key.push_str(SCIENTIFIC);
        if transforms::scientific_into(trimmed, key) {
            emit(key);
        }
    }
}

/// The skeleton of `s`, or a Salesforce id as it is written (its case is its
/// identity).
pub(super) fn skeleton_or_id(s: &str, out: &mut String) {
    if forms::is_salesforce_id(s) {
        out.push_str(forms::trim(s));
    } else {
        forms::skeleton_into(s, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_s_words_are_a_key_where_the_skeleton_is_cut_at_their_length() {
        // The words `group zürich` are as long as the longest skeleton
        // (`zürichgroup`), at which the cell's skeleton is cut.
        let probe = "Zu\u{308}rich Group";
        let reach = Reach::of(&[probe.to_string()]);
        let keys = |value: &str, reach: &Reach| {
            let (mut view, mut key, mut keys) = (View::default(), String::new(), vec![]);
            view.describe(value, reach.max_skeleton);
            for_each_key(value, &mut view, reach, None, &mut key, |k| {
                keys.push(k.to_string())
            });
            keys
        };
        let ours = keys(probe, &Reach::ALL);
        for cell in [
            "Group, Zu\u{308}rich(Street) ",
            "Group Zürich (Street)",
            "Group, Zürich",
        ] {
            let theirs = keys(cell, &reach);
            assert!(
                theirs.iter().any(|k| ours.contains(k)),
                "{cell}: {theirs:?} {ours:?}"
            );
        }
    }

    #[test]
    fn only_probes_a_cell_with_a_legal_suffix_could_reach_open_the_name_keys() {
        let names = |probes: &[&str]| {
            let probes: Vec<String> = probes.iter().map(|p| p.to_string()).collect();
            Reach::of(&probes).names
        };
        assert!(names(&["Acme Robotics"]));
        assert!(names(&["A-"]), "`A-, Inc.` is `A-` without its suffix");
        assert!(!names(&["0015g00000xCs3WAAS", "acme.com", "104217"]));
    }
}
