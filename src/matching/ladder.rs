//! The matchers of a run, best evidence first, behind the gate.

use super::evidence::{Hit, Matcher};
use super::exact::Exact;
use super::fuzzy::{Fuzzy, Metric};
use super::gate::Gate;
use super::normalized::Normalized;
use super::probes::Probes;
use super::scratch::Scratch;

/// How the matchers of a run are set up.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub fuzzy: bool,
    pub metric: Metric,
    pub threshold: f64,
}

/// The matchers of a run, best evidence first.
pub struct Ladder {
    exact: Exact,
    /// Says which of the steps after `exact` could match a cell.
    gate: Gate,
    normalized: Normalized,
    fuzzy: Option<Fuzzy>,
    /// The longest skeleton any step looks at.
    max_skeleton: usize,
}

impl Ladder {
    /// The ladder over `probes`.
    pub fn new(probes: &Probes, options: Options) -> Ladder {
        let normalized = Normalized::new(probes.all());
        let reach = &normalized.reach;
        let mut shapes = normalized.shapes.clone();
        let mut max_skeleton = reach.max_skeleton;
        let fuzzy = options
            .fuzzy
            .then(|| Fuzzy::new(probes, options.metric, options.threshold));
        if let Some(fuzzy) = &fuzzy {
            max_skeleton = max_skeleton.max(fuzzy.has_len.len());
            fuzzy.keys.iter().for_each(|k| shapes.add(k));
        }
        let gate = Gate::new(shapes, fuzzy.as_ref().map(|f| f.has_len.clone()), reach);
        Ladder {
            exact: Exact::new(probes.all()),
            gate,
            normalized,
            fuzzy,
            max_skeleton,
        }
    }

    /// Fills `hits` (cleared first) with the best evidence any step finds in
    /// the cell `value`; invalid UTF-8 is replaced in this cell only.
    pub fn find(&self, value: &[u8], scratch: &mut Scratch, hits: &mut Vec<Hit>) {
        hits.clear();
        self.exact.find_bytes(value, hits);
        if !hits.is_empty() {
            return;
        }
        let admit = self.gate.admits(value);
        if !admit.any() {
            return;
        }
        let plain = admit.plain.map(|p| &value[p]);
        if let Some(plain) = plain.filter(|p| !matches!(p.len(), 15 | 18)) {
            // A value of letters and digits alone is its own skeleton and
            // fuzzy key, case-folded (a Salesforce id keeps its case, so those
            // go the long way). Most such keys meet no probe's, and then the
            // cell is done without being decoded and described.
            let key = &mut scratch.key;
            key.clear();
            key.extend(plain.iter().map(|b| b.to_ascii_lowercase() as char));
            if !(admit.normalized && self.normalized.plain_may_match(plain, key)) {
                // Only a near miss is left to find, by the cell's own key.
                if let (Some(fuzzy), true) = (&self.fuzzy, admit.fuzzy) {
                    if fuzzy.variants_of(key.as_bytes(), &mut scratch.hashes) {
                        fuzzy.verify(key, &scratch.hashes, &mut scratch.candidates, hits);
                    }
                }
                return;
            }
        }
        let value = text_of(value);
        // One description for every step: the bound covers them all.
        scratch.view.shared = false;
        scratch.view.describe(&value, self.max_skeleton);
        scratch.view.shared = true;
        if admit.normalized {
            self.normalized.find(&value, scratch, hits);
        }
        if let (Some(fuzzy), true, true) = (&self.fuzzy, admit.fuzzy, hits.is_empty()) {
            fuzzy.find(&value, scratch, hits);
        }
        scratch.view.shared = false;
    }
}

/// A cell as text; invalid UTF-8 is replaced in this cell only.
pub fn text_of(value: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(value) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::evidence::Kind;

    fn ladder(probes: &[&str], fuzzy: bool) -> Ladder {
        let probes = Probes::without_decoys(probes.iter().map(|s| s.to_string()).collect());
        let options = Options {
            fuzzy,
            metric: Metric::JaroWinkler,
            threshold: 0.9,
        };
        Ladder::new(&probes, options)
    }

    fn find(l: &Ladder, value: &str) -> Vec<(u32, Kind, Option<&'static str>)> {
        let mut hits = vec![];
        l.find(value.as_bytes(), &mut Scratch::default(), &mut hits);
        let mut out: Vec<_> = hits
            .iter()
            .map(|h| {
                (
                    h.id,
                    h.evidence.kind,
                    h.evidence.transform.map(|t| t.name()),
                )
            })
            .collect();
        out.sort_by_key(|h| h.0);
        out
    }

    #[test]
    fn exact_finds_only_byte_equal_values() {
        let l = ladder(&["cmp_1", "cmp_22", "ACME"], false);
        assert_eq!(find(&l, "cmp_22"), [(1, Kind::Exact, None)]);
        assert!(find(&l, "cmp_333333").is_empty());
        assert!(find(&l, "x").is_empty());
    }

    #[test]
    fn normalized_names_the_first_transform_that_matches() {
        let l = ladder(
            &[
                "cmp_1F3A",
                "001A000010khO8J",
                "00123",
                "acme.com",
                "Acme Robotics",
                "4711",
                "123456789012",
            ],
            false,
        );
        let n = |id, t| vec![(id, Kind::Normalized, Some(t))];
        assert_eq!(find(&l, " cmp_1F3A "), n(0, "whitespace"));
        assert_eq!(find(&l, "CMP_1f3a"), n(0, "case"));
        assert_eq!(find(&l, "CMP-1F3A"), n(0, "separators"));
        assert_eq!(find(&l, "001A000010khO8JIAU"), n(1, "salesforce-id"));
        assert_eq!(find(&l, "001a000010kho8jiau"), n(1, "salesforce-id"));
        assert!(
            find(&l, "001a000010kho8j").is_empty(),
            "15-character ids keep their case"
        );
        assert_eq!(find(&l, "123"), n(2, "leading-zeros"));
        assert_eq!(find(&l, "123.0"), n(2, "decimal"));
        assert_eq!(find(&l, "https://www.acme.com/about"), n(3, "domain"));
        assert_eq!(
            find(&l, "https://shop.acme.com"),
            n(3, "registrable-domain")
        );
        assert_eq!(find(&l, "ACME ROBOTICS, INC."), n(4, "legal-suffix"));
        assert_eq!(find(&l, "org-4711"), n(5, "prefix"));
        assert_eq!(find(&l, "1.23457E+11"), n(6, "scientific"));
    }

    #[test]
    fn numbers_of_letters_and_digits_alone_still_meet_their_other_forms() {
        // Cells that the plain-value shortcut must not decide by skeleton.
        let n = |id, t| vec![(id, Kind::Normalized, Some(t))];
        let mangled = ladder(&["1.23457E+11"], false);
        assert_eq!(find(&mangled, "123457000000"), n(0, "scientific"));
        let written = ladder(&["123457000000", "00123"], false);
        assert_eq!(find(&written, "1.23457E11"), n(0, "scientific"));
        assert_eq!(find(&written, "123"), n(1, "leading-zeros"));
        assert_eq!(find(&written, "123457E6"), n(0, "scientific"));
        let plain = ladder(&["123"], false);
        assert_eq!(find(&plain, "000123"), n(0, "leading-zeros"));
        assert!(find(&plain, "1234").is_empty());
    }

    #[test]
    fn prefixed_values_meet_by_their_rest_or_their_skeleton() {
        let n = |id, t| vec![(id, Kind::Normalized, Some(t))];
        let ids = ladder(&["455485", "a455486", "001A000010khO8J"], false);
        assert_eq!(find(&ids, "A-455485"), n(0, "prefix"));
        assert_eq!(find(&ids, "A-455486"), n(1, "separators"));
        assert_eq!(find(&ids, "acct:001A000010khO8J"), n(2, "prefix"));
        assert!(
            find(&ids, "acct:001a000010kho8j").is_empty(),
            "the rest keeps the case of a Salesforce id"
        );
        assert!(find(&ids, "A-455487").is_empty());
    }

    #[test]
    fn a_reused_buffer_is_described_anew() {
        // Two cells at the same address and of the same length, as a reused
        // record buffer gives them, must not share a description.
        let l = ladder(&["1042171"], true);
        let mut scratch = Scratch::default();
        let mut buf = String::from("1042178");
        let mut hits = vec![];
        l.find(buf.as_bytes(), &mut scratch, &mut hits);
        assert_eq!(hits.len(), 1, "a near miss");
        buf.replace_range(.., "9999999");
        l.find(buf.as_bytes(), &mut scratch, &mut hits);
        assert!(hits.is_empty(), "stale view: {hits:?}");
    }

    #[test]
    fn fuzzy_finds_near_misses_above_the_threshold() {
        let l = ladder(&["Acme Robotics", "Globex Logistics", "104217"], true);
        let found = find(&l, "Acme Robotcs Inc.");
        assert_eq!(found, [(0, Kind::Fuzzy, None)]);
        assert!(find(&l, "Umbrella Health").is_empty());
        assert!(find(&l, "Globex").is_empty(), "too different in length");
        assert!(ladder(&["Acme Robotics"], false).find_is_empty("Acme Robotcs"));
    }

    #[test]
    fn fuzzy_finds_one_edit_of_any_kind_among_ids_of_one_length() {
        let l = ladder(&["104217", "558833"], true);
        for near in ["10421", "104218", "1042177", "014217", "x104217"] {
            assert_eq!(find(&l, near), [(0, Kind::Fuzzy, None)], "{near}");
        }
        assert!(find(&l, "1042").is_empty());
    }

    #[test]
    fn a_value_near_several_sampled_ids_is_no_evidence() {
        let l = ladder(&["1042171", "1042172", "9999999"], true);
        assert!(find(&l, "1042170").is_empty());
        assert_eq!(find(&l, "9999990"), [(2, Kind::Fuzzy, None)]);
    }

    impl Ladder {
        fn find_is_empty(&self, value: &str) -> bool {
            let mut hits = vec![];
            self.find(value.as_bytes(), &mut Scratch::default(), &mut hits);
            hits.is_empty()
        }
    }
}
