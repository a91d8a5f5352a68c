//! The matchers of a run, best evidence first, behind the gate.

use rayon::prelude::*;

use crate::bytes::Utf8;

use super::evidence::{Evidence, Hit};
use super::exact::Exact;
use super::forms;
use super::fuzzy::{self, Fuzzy, Metric};
use super::gate::Gate;
use super::index::key_hash;
use super::matcher::Matcher;
use super::normalized::{self, Normalized};
use super::pieces::Values;
use super::probes::Probes;
use super::scratch::{self, Scratch};
use super::shorts::{self, Shorts};
use super::transforms::TransformId;
use super::words::Words;

/// How the matchers of a run are set up.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Whether similar values are looked for (`--no-fuzzy` turns it off).
    pub fuzzy: bool,
    /// The similarity measure.
    pub metric: Metric,
    /// The least similarity that counts.
    pub threshold: f64,
}

/// The matchers of a run, best evidence first.
pub struct Ladder {
    exact: Exact,
    /// Says which of the steps after `exact` could match a cell.
    gate: Gate,
    normalized: Normalized,
    fuzzy: Option<Fuzzy>,
    /// Similar names, word by word; for the probes that read as names,
    /// which `fuzzy` leaves out.
    words: Option<Words>,
    /// The longest skeleton any step looks at.
    max_skeleton: usize,
    /// Each probe's length in bytes, trimmed: the least a value of a cell
    /// must have to stand for it; and the least of them.
    lengths: Vec<u32>,
    shortest: usize,
    /// Which ladder this is, to the workers' memos of what cells matched.
    id: u64,
    /// The short numbers known to match nothing.
    shorts: Shorts,
}

/// The index parts of the first probes (the sampled ids), built before the
/// rest are known: with every company sampled, while their decoys are drawn
/// on one core (see [`Ladder::after`]).
#[derive(Default)]
pub struct Early {
    /// How many probes the parts cover, from the first.
    len: usize,
    normalized: Vec<normalized::KeysPart>,
    fuzzy: Vec<fuzzy::KeysPart>,
}

impl Early {
    /// The parts of `first`, the first probes of a ladder with `options`.
    pub fn of(first: &[String], options: Options) -> Early {
        let (normalized, fuzzy) = rayon::join(
            || normalized::parts(0, first),
            || {
                if options.fuzzy {
                    fuzzy::parts(0, first)
                } else {
                    Vec::new()
                }
            },
        );
        Early {
            len: first.len(),
            normalized,
            fuzzy,
        }
    }
}

impl Ladder {
    /// The ladder over `probes`.
    pub fn new(probes: &Probes, options: Options) -> Ladder {
        Ladder::after(probes, options, Early::default())
    }

    /// The ladder over `probes`, whose first probes `early` was made of.
    pub fn after(probes: &Probes, options: Options, early: Early) -> Ladder {
        let rest = &probes.all()[early.len..];
        // The indices are independent: built side by side, on every core.
        let ((normalized, exact), (fuzzy, words)) = rayon::join(
            || {
                rayon::join(
                    || {
                        let mut parts = early.normalized;
                        parts.extend(normalized::parts(early.len, rest));
                        let precompute = Normalized::precomputes(probes.all().len());
                        Normalized::of_parts(probes.shared(), parts, precompute)
                    },
                    || Exact::new(probes.shared()),
                )
            },
            || {
                rayon::join(
                    || {
                        options.fuzzy.then(|| {
                            let mut parts = early.fuzzy;
                            parts.extend(fuzzy::parts(early.len, rest));
                            Fuzzy::of_parts(probes, parts, options.metric, options.threshold)
                        })
                    },
                    || {
                        options
                            .fuzzy
                            .then(|| Words::new(probes, options.threshold))
                            .flatten()
                    },
                )
            },
        );
        let reach = &normalized.reach;
        let mut shapes = normalized.shapes.clone();
        let mut max_skeleton = reach.max_skeleton;
        if let Some(fuzzy) = &fuzzy {
            max_skeleton = max_skeleton.max(fuzzy.has_len.len());
            shapes.join(&fuzzy.shapes);
        }
        let fewest = probes
            .all()
            .par_iter()
            .map(|p| p.chars().filter(|c| c.is_alphanumeric()).count())
            .min()
            .unwrap_or(0);
        let mut gate = Gate::new(shapes, fuzzy.as_ref().map(|f| &f.lens), reach, fewest);
        // Where no probe may be a name, the fuzzy key of text with
        // whitespace inside is its skeleton, and no words are compared.
        if fuzzy
            .as_ref()
            .is_none_or(Fuzzy::keys_spaced_text_by_skeleton)
            && words.is_none()
        {
            gate = gate.spaced_by_skeleton();
        }
        let lengths: Vec<u32> = probes
            .all()
            .par_iter()
            .map(|p| p.trim().len() as u32)
            .collect();
        Ladder {
            shortest: lengths.iter().copied().min().unwrap_or(0).max(2) as usize,
            lengths,
            exact,
            gate,
            normalized,
            fuzzy,
            words,
            max_skeleton,
            id: scratch::index_id(),
            shorts: Shorts::new(),
        }
    }

    /// Fills `hits` (cleared first) with the best evidence any step finds in
    /// the cell `value`, whose bytes `utf8` tells of; invalid UTF-8 is
    /// replaced in this cell only. A cell that matches nothing whole, but
    /// holds several values or a value with text around it (`acme.com;
    /// acme.de`, `www.acme.com /en`), is matched by its values, each exactly
    /// or after a fix; such a match needs the fix [`TransformId::Split`].
    pub fn find(&self, value: &[u8], utf8: Utf8, scratch: &mut Scratch, hits: &mut Vec<Hit>) {
        hits.clear();
        let short = shorts::slot(value);
        if short.is_some_and(|at| self.shorts.matched_nothing(at)) {
            return;
        }
        let list = self.find_whole(value, utf8, scratch, hits, true);
        if hits.is_empty() && list {
            self.find_parts(value, utf8, scratch, hits);
        }
        if let Some(at) = short.filter(|_| hits.is_empty()) {
            self.shorts.note_nothing(at);
        }
    }

    /// [`Ladder::find`] for the whole of `value`, with similarity if
    /// `similar`; true if the cell may hold several values (see
    /// [`Admit::list`](super::gate::Admit)).
    fn find_whole(
        &self,
        value: &[u8],
        utf8: Utf8,
        scratch: &mut Scratch,
        hits: &mut Vec<Hit>,
        similar: bool,
    ) -> bool {
        self.exact.find_bytes(value, hits);
        if !hits.is_empty() {
            return false;
        }
        let admit = self.gate.admits(value, utf8);
        if !admit.any() {
            return admit.list;
        }
        let fuzzy = admit.fuzzy && similar;
        let bare = admit.bare.clone().map(|p| &value[p]);
        if let Some(id) = bare.filter(|b| !fuzzy && may_be_salesforce_id(b)) {
            // Letters and digits that may be a Salesforce id, whose case is
            // its identity: reached by itself and by its 18-character form.
            let (key, spare) = (&mut scratch.key, &mut scratch.number_key);
            if !(admit.normalized && self.normalized.id_may_match(id, key, spare)) {
                return admit.list;
            }
        } else if let Some(bare) = bare.filter(|b| !may_be_salesforce_id(b)) {
            // A value whose one key is its skeleton has it for its fuzzy key
            // too: its letters and digits, case-folded (a Salesforce id keeps
            // its case, so those go the long way; a value as long as one
            // with other characters in it, `cus_pqbhoEXObOw9St`, is none).
            // Most such keys meet no probe's, and then the cell is done
            // without being decoded and described.
            let key = &mut scratch.key;
            key.clear();
            forms::push_ascii_skeleton(bare, key, usize::MAX);
            let hash = key_hash(key);
            let spare = &mut scratch.number_key;
            if !(admit.normalized && self.normalized.bare_may_match(bare, key, hash, spare)) {
                // Only a near miss is left to find, by the cell's own key.
                if let (Some(near), true) = (&self.fuzzy, fuzzy) {
                    let (hashes, rebuilt) = (&mut scratch.hashes, &mut scratch.rebuilt);
                    near.near(key, hash, hashes, rebuilt, hits);
                }
                return admit.list;
            }
        }
        self.find_described(value, utf8, admit.normalized, fuzzy, scratch, hits);
        admit.list
    }

    /// [`Ladder::find_whole`] for a cell the gate could not settle: the
    /// steps that describe it, look up its keys and its words, by
    /// `normalized` and with similarity if `fuzzy`.
    fn find_described(
        &self,
        cell: &[u8],
        utf8: Utf8,
        normalized: bool,
        fuzzy: bool,
        scratch: &mut Scratch,
        hits: &mut Vec<Hit>,
    ) {
        // These steps cost the most: a worker that met this cell's bytes
        // lately has their answer.
        debug_assert!(hits.is_empty());
        let recall = &mut scratch.described[usize::from(fuzzy)];
        if let Some(known) = recall.get(self.id, cell) {
            hits.extend_from_slice(known);
            return;
        }
        let value = utf8.lossy(cell);
        // One description for every step: the bound covers them all.
        scratch.view.shared = false;
        scratch.view.describe(&value, self.max_skeleton);
        scratch.view.shared = true;
        if normalized {
            let words_next = fuzzy && self.words.is_some();
            self.normalized
                .find_before(&value, words_next, scratch, hits);
        }
        if fuzzy && hits.is_empty() {
            if let Some(near) = &self.fuzzy {
                near.find(&value, scratch, hits);
            }
            if let Some(words) = &self.words {
                words.find(&value, scratch, hits);
            }
        }
        scratch.view.shared = false;
        scratch.described[usize::from(fuzzy)].remember(cell, hits.iter().copied());
    }

    /// Fills `hits` with the probes that a value of `cell` matches exactly
    /// or after a fix, each once, as evidence of [`TransformId::Split`].
    fn find_parts(&self, cell: &[u8], utf8: Utf8, scratch: &mut Scratch, hits: &mut Vec<Hit>) {
        // A list of values is short; longer text is prose, not a list.
        if cell.len() > MAX_LIST || cell.len() <= self.shortest {
            return;
        }
        let whole = cell.trim_ascii();
        let wanted = self.gate.wanted_values();
        let mut parts = Values::new(cell, self.shortest, wanted).peekable();
        if parts.peek().is_none_or(|p| *p == whole) {
            return;
        }
        let mut found = std::mem::take(&mut scratch.parts);
        for part in parts.filter(|part| self.gate.may_be_value(part)) {
            found.clear();
            if let Some(known) = scratch.pieces.get(self.id, part) {
                found.extend_from_slice(known);
            } else {
                // A value is cut at ASCII separators and wrappers: what is
                // known of the cell's bytes is known of its values'.
                self.find_whole(part, utf8, scratch, &mut found, false);
                scratch.pieces.remember(part, found.iter().copied());
            }
            for hit in &found {
                // A piece of a cell is a value only if it is all of one:
                // `61` in `Account 61` is not `cmp_61` missing its prefix.
                if part.len() < self.lengths[hit.id as usize] as usize {
                    continue;
                }
                if !hits.iter().any(|h| h.id == hit.id) {
                    hits.push(Hit {
                        id: hit.id,
                        evidence: Evidence::normalized(TransformId::Split),
                    });
                }
            }
        }
        scratch.parts = found;
    }
}

/// Whether `value` is 15 or 18 letters and digits, as a Salesforce id is.
fn may_be_salesforce_id(value: &[u8]) -> bool {
    matches!(value.len(), 15 | 18) && value.iter().all(u8::is_ascii_alphanumeric)
}

/// Cells longer than this are text, not a list of values to split.
const MAX_LIST: usize = 512;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::evidence::Kind;
    use crate::matching::index::BUILD_CHUNK;
    use crate::matching::properties::find_both;

    fn ladder(probes: &[&str], fuzzy: bool) -> Ladder {
        let probes = Probes::without_decoys(probes.iter().map(|s| s.to_string()).collect());
        let options = Options {
            fuzzy,
            metric: Metric::JaroWinkler,
            threshold: 0.9,
        };
        Ladder::new(&probes, options)
    }

    #[test]
    fn a_ladder_after_early_parts_finds_what_one_built_at_once_finds() {
        // More sampled ids than a build stretch, so that the decoys' parts
        // start inside one; numbers, slugs and names, with decoys of each.
        let shape = |i: usize| match i % 5 {
            0 => format!("Acme {i} Robotics GmbH"),
            1 => format!("summit-bank-{i}"),
            _ => format!("{}", 100_000 + 7 * i),
        };
        let sampled: Vec<String> = (0..BUILD_CHUNK + 1_234).map(shape).collect();
        let decoys: Vec<String> = (0..3_000).map(|i| shape(i * 3 + 200_001)).collect();
        let probes = Probes::new(sampled.clone(), decoys.clone());
        let options = Options {
            fuzzy: true,
            metric: Metric::JaroWinkler,
            threshold: 0.9,
        };
        let at_once = Ladder::new(&probes, options);
        let after = Ladder::after(&probes, options, Early::of(probes.sampled(), options));
        let (mut scratch, mut a, mut b) = (Scratch::default(), Vec::new(), Vec::new());
        let mut found = 0;
        for p in sampled.iter().chain(&decoys).step_by(7) {
            let mut near = p.clone();
            near.pop();
            near.push('9');
            for value in [p.clone(), p.to_uppercase(), near, format!("0{p}")] {
                at_once.find_checked(value.as_bytes(), &mut scratch, &mut a);
                after.find_checked(value.as_bytes(), &mut scratch, &mut b);
                assert_eq!(a, b, "{value}");
                found += a.len();
            }
        }
        assert!(found > 5_000, "the values must find probes: {found}");
    }

    fn find(l: &Ladder, value: &str) -> Vec<(u32, Kind, Option<&'static str>)> {
        let mut hits = vec![];
        find_both(l, value.as_bytes(), &mut hits);
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
    fn a_short_number_finds_the_same_each_time_it_comes() {
        // Short numbers that match exactly, after a fix and by similarity,
        // and others that match nothing: asked again, in any order, each
        // finds what it found the first time, and what a ladder that has
        // seen no number finds.
        let probes = ["104217", "04217", "7", "12345"];
        for fuzzy in [false, true] {
            let l = ladder(&probes, fuzzy);
            let cells = [
                "4217", "7", "07", "10421", "10417", "12345", "1234", "99999", "0",
            ];
            let first: Vec<_> = cells.iter().map(|c| find(&l, c)).collect();
            assert!(first.iter().filter(|h| h.is_empty()).count() >= 2);
            assert!(
                first.iter().filter(|h| !h.is_empty()).count() >= 4,
                "{first:?}"
            );
            for round in 0..2 {
                for (cell, want) in cells.iter().zip(&first).rev() {
                    assert_eq!(&find(&l, cell), want, "{cell} in round {round}");
                    assert_eq!(&find(&ladder(&probes, fuzzy), cell), want, "{cell}");
                }
            }
        }
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
    fn a_salesforce_id_meets_its_other_length_and_case_among_ids_alone() {
        // No probe is a number, so a cell of letters and digits is settled
        // by its own keys, without being described.
        let n = |id, t| vec![(id, Kind::Normalized, Some(t))];
        let ids = ladder(&["001A000010khO8J", "0015g00000H0URlAAN"], false);
        assert_eq!(find(&ids, "001A000010khO8JIAU"), n(0, "salesforce-id"));
        assert_eq!(find(&ids, "001a000010kho8jiau"), n(0, "salesforce-id"));
        assert_eq!(find(&ids, "0015g00000H0URl"), n(1, "salesforce-id"));
        assert_eq!(find(&ids, "0015G00000H0URLAAN"), n(1, "salesforce-id"));
        assert!(find(&ids, "001A000010khO8K").is_empty());
        assert!(find(&ids, "0015g00000H0URmAAN").is_empty());
    }

    #[test]
    fn a_value_as_long_as_a_salesforce_id_but_with_other_characters_is_settled_by_its_skeleton() {
        // Among names, with similarity: a Stripe id or an e-mail address of
        // 18 characters is no Salesforce id, so it is settled by its own key
        // without being described (these have the probes' letters, and keys as
        // long); it still meets a probe it equals.
        let names = ladder(&["Summit Payments S.A.", "cus_pqbhoEXObOw9St"], true);
        let mut scratch = Scratch::default();
        let mut hits = Vec::new();
        for cell in ["cus_bqphoEXObOw9St", "ap@summitpayme.com"] {
            names.find_checked(cell.as_bytes(), &mut scratch, &mut hits);
            assert!(hits.is_empty(), "{cell}");
            for recall in &mut scratch.described {
                assert!(recall.get(names.id, cell.as_bytes()).is_none(), "{cell}");
            }
        }
        let n = |id, t| vec![(id, Kind::Normalized, Some(t))];
        assert_eq!(find(&names, "CUS_pqbhoEXObOw9St"), n(1, "case"));
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
        // A value that begins as a number, with an `e` in it, but also a
        // letter no number has, is settled by its skeleton: an ObjectId
        // among numeric ids (and among ObjectIds, as a workspace that
        // moved from one to the other has).
        let both = ladder(&["123457000000", "597be2fff6a02a328f008853"], false);
        let (mut scratch, mut hits) = (Scratch::default(), Vec::new());
        let other = b"597be2fff6a02a328f008854";
        both.find_checked(other, &mut scratch, &mut hits);
        assert!(hits.is_empty());
        assert!(scratch.described[0].get(both.id, other).is_none());
        assert_eq!(find(&both, "1.23457e11"), n(0, "scientific"));
        assert_eq!(find(&both, "597BE2FFF6A02A328F008853"), n(1, "case"));
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
        l.find_checked(buf.as_bytes(), &mut scratch, &mut hits);
        assert_eq!(hits.len(), 1, "a near miss");
        buf.replace_range(.., "9999999");
        l.find_checked(buf.as_bytes(), &mut scratch, &mut hits);
        assert!(hits.is_empty(), "stale view: {hits:?}");
    }

    #[test]
    fn a_worker_s_remembered_cells_are_those_of_the_ladder_and_the_step_it_asks() {
        // One scratch meets each cell whole and as a piece of a list (where
        // a near miss is no evidence; the pieces are remembered apart), over
        // two ladders in turn: it finds what a fresh scratch finds every
        // time. A no-break space keeps the near miss from being told by its
        // bytes alone.
        let a = ladder(&["tesco.com", "orange.fr", "cmp_104217"], true);
        let b = ladder(&["orange.fr", "tesco.com"], true);
        let cells = [
            "\u{a0}cmp.104218",
            "\u{a0}cmp.104218; orange.fr",
            "https://www.orange.fr",
            "tesko.com/en; orange.fr",
            "ap@tesco.com",
        ];
        let mut shared = Scratch::default();
        let (mut got, mut want) = (vec![], vec![]);
        for round in 0..3 {
            for l in [&a, &b, &a] {
                for cell in cells {
                    l.find_checked(cell.as_bytes(), &mut shared, &mut got);
                    l.find(
                        cell.as_bytes(),
                        Utf8::UNKNOWN,
                        &mut Scratch::default(),
                        &mut want,
                    );
                    assert_eq!(got, want, "{cell:?} in round {round}");
                }
            }
        }
        assert!(shared.described.iter().any(|r| r.len() > 0));
        assert!(shared.pieces.len() > 0);
        shared.forget();
        assert!(shared.described.iter().all(|r| r.len() == 0));
        assert_eq!(shared.pieces.len(), 0);
        assert_eq!(find(&a, "\u{a0}cmp.104218"), [(2, Kind::Fuzzy, None)]);
        assert_eq!(
            find(&a, "\u{a0}cmp.104218; orange.fr"),
            [(1, Kind::Normalized, Some("split"))]
        );
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
    fn a_cell_of_several_values_is_matched_by_each() {
        let l = ladder(
            &[
                "tesco.com",
                "resonac.com",
                "orange.fr",
                "45742",
                "Acme Robotics",
            ],
            true,
        );
        let split = |id| vec![(id, Kind::Normalized, Some("split"))];
        assert_eq!(find(&l, "tesco.com tescoplc.com"), split(0));
        assert_eq!(find(&l, "{{URL|resonac.com}"), split(1));
        assert_eq!(find(&l, "orange.com (group) orange.fr"), split(2));
        assert_eq!(find(&l, "www.tesco.com /en"), split(0));
        assert_eq!(find(&l, "00045742 150 Palmer Drive"), split(3));
        assert_eq!(
            find(&l, "tesco.com; orange.fr"),
            [
                (0, Kind::Normalized, Some("split")),
                (2, Kind::Normalized, Some("split"))
            ]
        );
        assert!(
            find(&l, "Acme Robotics Works").is_empty(),
            "words are not values"
        );
        assert_eq!(
            find(&l, "www.tesco.com")[0].2,
            Some("domain"),
            "one value is not split"
        );
    }

    #[test]
    fn one_character_off_a_machine_made_id_is_no_evidence() {
        // Neighbours in a bulk-loaded block, as a deleted account leaves them.
        let id = |tail: &str| {
            crate::matching::sfid::to_id18(format!("0017c00000sJQM{tail}").as_bytes()).unwrap()
        };
        let l = ladder(&[&id("8"), "cus_NffrFeUfNV2Hib", "Acme Robotics"], true);
        assert!(find(&l, &id("0")).is_empty(), "a neighbouring record");
        assert!(find(&l, "cus_NffrFeUfNV2Hic").is_empty());
        assert_eq!(
            find(&l, &id("8").to_lowercase()).len(),
            1,
            "case is still restored"
        );
        assert_eq!(
            find(&l, "Acme Robotcs").len(),
            1,
            "names people type stay fuzzy"
        );
    }

    #[test]
    fn a_value_near_several_sampled_ids_is_no_evidence() {
        let l = ladder(&["1042171", "1042172", "9999999"], true);
        assert!(find(&l, "1042170").is_empty());
        assert_eq!(find(&l, "9999990"), [(2, Kind::Fuzzy, None)]);
    }

    impl Ladder {
        /// [`Ladder::find`] of `cell`, told what a check of its bytes tells.
        fn find_checked(&self, cell: &[u8], scratch: &mut Scratch, hits: &mut Vec<Hit>) {
            self.find(cell, Utf8::of(cell), scratch, hits);
        }

        fn find_is_empty(&self, value: &str) -> bool {
            let mut hits = vec![];
            find_both(self, value.as_bytes(), &mut hits);
            hits.is_empty()
        }
    }
}
