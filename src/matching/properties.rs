//! Invariants of the matchers that must hold for any value, checked on
//! random ones: what a transform calls equal the indexed matcher finds, the
//! gate turns away only cells that match nothing, transforms are idempotent.

use proptest::prelude::*;

use super::evidence::{Evidence, Hit, Kind};
use super::fuzzy::{Fuzzy, Metric};
use super::ladder::{Ladder, Options};
use super::matcher::Matcher;
use super::normalized::Normalized;
use super::pieces::{Values, Wanted};
use super::probes::Probes;
use super::scratch::Scratch;
use super::transforms::{self, LADDER, TransformId};
use super::words::Words;
use crate::bytes::Utf8;

fn ladder(probes: &[String]) -> Ladder {
    let options = Options {
        fuzzy: false,
        metric: Metric::JaroWinkler,
        threshold: 0.9,
    };
    Ladder::new(&Probes::without_decoys(probes.to_vec()), options)
}

/// Values shaped like ids, names, domains and numbers, with odd characters.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9_\\-]{1,20}",
        "[A-Z][a-z]{2,8}( [A-Z][a-z]{2,8}){0,2}(, Inc\\.| GmbH| Ltd)?",
        "(https?://)?(www\\.)?[a-z]{3,10}\\.(com|io|co\\.uk)(/[a-z]{0,5})?",
        "0{0,3}[1-9][0-9]{0,12}(\\.0)?",
        // Long numbers as a spreadsheet saves them, with a decimal point or
        // the comma of continental Europe.
        "[1-9]([.,][0-9]{1,5})?E\\+[0-9]{1,2}",
        "[0-9a-zA-Z]{15}",
        "\\PC{1,12}",
        // Names written with accents, and notes that are no name (an e-mail
        // address or a phone number in them), some ending in a legal suffix.
        "[A-Z][a-zéüø]{2,8}( [A-ZŁ][a-zéø]{2,8}){0,2}",
        "[A-Z][a-z]{2,8} note [0-9]{1,3}, from [A-Za-zéÆø]{3,8} \\([a-zÆøŁóź]{2,5}\\) (—|-) (billing: [a-z]{2,6}@[a-z]{3,10}\\.(com|de)|call \\(387\\) 555-[0-9]{4})(, net 30)?(,? (Inc\\.|Ltd|GmbH))?",
    ]
}

/// Words of names, some that fold into others (`ＡＣＭＥ`, `e` and a mark)
/// or that name-words leaves out (`the`, `GmbH`).
const NAME_WORDS: [&str; 16] = [
    "Summit",
    "Bank",
    "Group",
    "Art's",
    "Crème",
    "ＡＣＭＥ",
    "Acme",
    "the",
    "GmbH",
    "O'Brien",
    "e\u{301}x",
    "Zu\u{308}rich",
    "２",
    "12",
    "x",
    "Inc.",
];

/// What parts the words of a name, or joins them.
const NAME_SEPARATORS: [&str; 17] = [
    " ", ", ", " & ", " (", ") ", "'", "\u{2019}", " - ", "（", "）", "\u{2474}", " — ",
    "\u{301} ", "`", "[", "]", "",
];

/// Words, addresses, ids and marks a note is made of, some of them the ids
/// of [`a_long_note_is_found_by_its_values_alone`] or near them.
pub(super) const NOTE_PARTS: [&str; 30] = [
    "Acme",
    "Robotics",
    "GmbH",
    "Ltd.",
    "Ærø",
    "Zürich",
    "ｚürich",
    "ﬁ",
    "ap@acme.com",
    "https://www.acme.com/pricing?ref=crm",
    "www.summitbank.com",
    "104217",
    "1,5E+11",
    "(Łódź)",
    "(Deutschland)",
    "A-566608",
    "cus_104217",
    "12-",
    "net 30",
    "«net 40»",
    "Nı\u{302}mes",
    "e\u{301}",
    "summit-bank-group-0",
    "001xx000003DGb2AAC",
    "5f1e2d3c4b5a69788796a5b4",
    "2022-08-03T23:23:06.000Z",
    "(387) 555-0926",
    "Summit Bank Group",
    "the",
    "Inc",
];

/// What parts a note's words: whitespace of each kind, punctuation, nothing.
pub(super) const NOTE_SEPARATORS: [&str; 9] =
    [" ", ", ", "; ", " — ", "\n", "\t", " | ", "\u{a0}", ""];

/// `v` written the way one of the traps writes it.
fn damaged(v: &str, how: usize) -> String {
    match how {
        0 => format!("  {v}\t"),
        1 => v.to_uppercase(),
        2 => v.to_lowercase(),
        3 => format!("cus_{v}"),
        4 => format!("000{v}"),
        5 => format!("https://www.{v}/about"),
        6 => format!("{v}, Inc."),
        // `Hotel Bel-Air` as `Air-Bel-Hotel`: the same words, not the same skeleton.
        7 => v.split(' ').rev().collect::<Vec<_>>().join("-"),
        // A long number as a spreadsheet in continental Europe saves it:
        // six digits, a decimal comma (`1,23457E+11`).
        9 => match v.parse::<u64>() {
            Ok(n) if v.len() >= 7 && !v.starts_with('0') => {
                let shown = format!("{:.5E}", n as f64);
                let (mantissa, exponent) = shown.split_once('E').unwrap_or((&shown, "0"));
                let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
                format!("{}E+{exponent}", mantissa.replace('.', ","))
            }
            _ => v.to_string(),
        },
        _ => v.replace(['-', '_', '.'], ""),
    }
}

proptest! {
    #[test]
    fn trimming_is_what_the_standard_library_calls_it(
        v in "[ \t\n\u{b}\u{c}\r\u{85}\u{a0}\u{2028}\u{3000}a1é]{0,6}",
    ) {
        prop_assert_eq!(super::forms::trim(&v), v.trim());
    }

    #[test]
    fn every_exact_match_is_also_a_normalized_match(v in value().prop_filter("not blank", |v| !v.trim().is_empty())) {
        // Run the normalizations alone: the exact matcher is not in the way.
        let normalized = Normalized::new(std::slice::from_ref(&v).into());
        let mut hits = vec![];
        Matcher::find(&normalized, &v, &mut Scratch::default(), &mut hits);
        prop_assert!(hits.iter().any(|h| h.id == 0), "{v:?} does not match itself");
        prop_assert_eq!(transforms::first_match(&v, &v), Some(TransformId::Whitespace));
    }

    #[test]
    fn every_transform_match_is_found_by_the_matcher(id in value(), damage in 0..10usize, other in value()) {
        // Whenever a transform says two values match, the indexed matcher
        // finds the pair: its candidates never miss.
        for other in [damaged(&id, damage), other] {
            if let (Some(step), true) = (transforms::first_match(&id, &other), id != other) {
                let l = ladder(std::slice::from_ref(&id));
                let mut hits = vec![];
                find_both(&l, other.as_bytes(), &mut hits);
                prop_assert!(!hits.is_empty(), "{id:?} ~ {other:?} by {step}");
                prop_assert_eq!(hits[0].evidence.kind, Kind::Normalized);
            }
        }
    }

    #[test]
    fn the_gate_turns_away_only_cells_that_match_nothing(
        ids in proptest::collection::vec(value(), 1..4),
        damage in 0..10usize,
        other in value(),
        typo in 0..20usize,
    ) {
        // Probes are distinct, as sampled ids and their decoys are: two
        // equal probes share one exact entry, which no matcher alone knows.
        let mut ids = ids;
        let mut seen = std::collections::HashSet::new();
        ids.retain(|id| seen.insert(id.clone()));
        // The ladder looks at a cell past exact equality only if its gate
        // admits it; the matchers on their own look at every cell.
        let options = Options { fuzzy: true, metric: Metric::JaroWinkler, threshold: 0.85 };
        let probes = Probes::without_decoys(ids.clone());
        let l = Ladder::new(&probes, options);
        let mut misspelt = ids[0].clone();
        if let Some((at, c)) = misspelt.char_indices().nth(typo % misspelt.chars().count().max(1)) {
            misspelt.replace_range(at..at + c.len_utf8(), "x");
        }
        for cell in [damaged(&ids[0], damage), other, misspelt] {
            if cell.trim().is_empty() || ids.contains(&cell) {
                continue;
            }
            let mut gated = vec![];
            find_both(&l, cell.as_bytes(), &mut gated);
            prop_assert_eq!(levels(&gated), ungated(&ids, &cell, options), "{:?} in {:?}", cell, ids);
        }
    }

    #[test]
    fn the_values_of_a_note_are_each_looked_up_among_numeric_ids(
        ids in proptest::collection::hash_set("[1-9][0-9]{1,4}0{0,3}", 1..4),
        form in 0..3usize,
        pieces in proptest::collection::vec(proptest::prop_oneof![
            "[a-z]{2,8}\\.[a-z]{2,8}@[a-z]{3,10}\\.(com|de)",
            "(https?://)?(www\\.)?[a-z]{3,10}\\.(com|io)(/[a-z]{0,5})?",
            "[A-Za-zéÆøŁ—«»]{1,8}",
            // Characters NFKC changes: some to digits, some to none.
            "[0-9]{0,3}[²¹０-９\u{a0}\u{301}ﬁ]{1,3}",
            "\\(?[0-9]{1,4}\\)?[.:,]?",
            "(cus_|A-|#)?[0-9]{2,4}-?[0-9]{2,4}(\\.0)?",
            "[0-9]\\.[0-9]{1,4}[eE]\\+?[0-9]{1,2}",
        ], 1..6),
        probe_at in 0usize..6,
        separators in proptest::collection::vec(proptest::sample::select(vec![" ", ", ", "; ", " — ", "\n", " | "]), 6),
    ) {
        // A note whose values are addresses, words and numbers, one of them
        // a sampled id as it is written or a little damaged: each value is
        // looked up as the matchers alone would, whatever the gate skips.
        let ids: Vec<String> = ids.into_iter().collect();
        let mut pieces = pieces;
        // The id as it is, in E notation as a spreadsheet writes it
        // (`1500000` as `1.5e+06`), or with a digit of another width (`１`),
        // which NFKC makes ASCII.
        let id = &ids[0];
        let probe = match form {
            0 => format!("ref {id}"),
            1 => {
                let mantissa = id[1..].trim_end_matches('0');
                let point = if mantissa.is_empty() { "" } else { "." };
                format!("ref {}{point}{mantissa}e+{:02}", &id[..1], id.len() - 1)
            }
            _ => {
                let wide = char::from_u32(0xff10 + u32::from(id.as_bytes()[0] - b'0')).unwrap();
                format!("ref {wide}{}", &id[1..])
            }
        };
        pieces.insert(probe_at % (pieces.len() + 1), probe);
        let cell = pieces
            .iter()
            .zip(separators.iter().cycle())
            .map(|(p, sep)| format!("{p}{sep}"))
            .collect::<String>();
        let options = Options { fuzzy: true, metric: Metric::JaroWinkler, threshold: 0.85 };
        prop_assert_eq!(gated(&ids, &cell, options), ungated(&ids, &cell, options), "{:?} in {:?}", cell, ids);
    }

    #[test]
    fn a_long_note_is_found_by_its_values_alone(
        shape in 0..5usize,
        fuzzy in proptest::bool::ANY,
        parts in proptest::collection::vec((0..NOTE_PARTS.len(), 0..NOTE_SEPARATORS.len()), 4..16),
    ) {
        // Notes longer than any id, among ids of each shape: the gate tells
        // most a list before its longer steps, and the ladder must find in
        // them what the matchers alone find, whole or by their values.
        let ids: Vec<String> = [
            &["104217", "998877"][..],
            &["acme.com", "summitbank.com"],
            &["Acme Robotics GmbH", "Summit Bank Group"],
            &["summit-bank-group-0", "5f1e2d3c4b5a69788796a5b4", "244044609"],
            &["001xx000003DGb2AAC", "001xx000003DGb3AAC"],
        ][shape].iter().map(|s| s.to_string()).collect();
        let cell: String = parts
            .iter()
            .map(|&(part, separator)| format!("{}{}", NOTE_PARTS[part], NOTE_SEPARATORS[separator]))
            .collect();
        let options = Options { fuzzy, metric: Metric::JaroWinkler, threshold: 0.85 };
        prop_assert_eq!(gated(&ids, &cell, options), ungated(&ids, &cell, options), "{:?} in {:?}", cell, ids);
    }

    #[test]
    fn text_with_whitespace_among_ids_that_are_no_names_is_found_as_the_matchers_find_it(
        shape in 0..4usize,
        fuzzy in proptest::bool::ANY,
        cut in 0..24usize,
        typo in proptest::option::of(0..24usize),
        word in "[A-Za-z]{0,6}[0-9]{0,3}",
        before in proptest::bool::ANY,
    ) {
        // Among numbers, domains and ObjectIds no probe may be a name, and a
        // cell with whitespace inside is settled by its skeleton alone,
        // with similarity as well: an id parted by a space, with a typo or
        // a word beside it, is found as the matchers alone find it.
        let ids: Vec<String> = [
            &["104217", "99887766"][..],
            &["acme.com", "summitbank.io"],
            &["5f1e2d3c4b5a69788796a5b4", "59682fb92d1e80713e000005"],
            &["244044609", "summit.com", "5f1e2d3c4b5a69788796a5b4"],
        ][shape].iter().map(|s| s.to_string()).collect();
        let mut id = ids[cut % ids.len()].clone();
        if let Some(at) = typo.map(|t| t % id.len()) {
            id.replace_range(at..at + 1, "7");
        }
        let at = cut % id.len();
        let parted = format!("{} {}", &id[..at], &id[at..]);
        let cell = match (word.is_empty(), before) {
            (true, _) => parted,
            (false, true) => format!("{word} {parted}"),
            (false, false) => format!("{parted} {word}"),
        };
        let options = Options { fuzzy, metric: Metric::JaroWinkler, threshold: 0.85 };
        prop_assert_eq!(gated(&ids, &cell, options), ungated(&ids, &cell, options), "{:?} in {:?}", cell, ids);
    }

    #[test]
    fn damaged_copies_are_found(id in "[a-z]{2,6}[0-9]{3,8}") {
        let l = ladder(std::slice::from_ref(&id));
        for damaged in [format!("  {id} "), id.to_uppercase(), format!("org-{id}"), format!("{}-{}", &id[..2], &id[2..])] {
            let mut hits = vec![];
            find_both(&l, damaged.as_bytes(), &mut hits);
            prop_assert!(!hits.is_empty(), "{id:?} not found in {damaged:?}");
        }
    }

    #[test]
    fn a_probe_s_words_in_another_order_and_dress_are_found(
        words in proptest::collection::vec(proptest::sample::select(NAME_WORDS.to_vec()), 1..5),
        seps in proptest::collection::vec(proptest::sample::select(NAME_SEPARATORS.to_vec()), 6),
        turn in 0..5usize,
        other in proptest::sample::select(NAME_WORDS.to_vec()),
        aside in proptest::option::of(proptest::sample::select(vec!["(Street)", "[Suite 130 East]", "（Street）", "\u{2474} Street"])),
        at in 0..40usize,
    ) {
        // The words of the probes' names spare the name-words key of a cell
        // with a word none has: written in any order, apart by brackets,
        // apostrophes and text that folds into them, a cell that is one of
        // the probes by a transform is still found.
        let probe = words.join(" ");
        let mut turned = words.clone();
        turned.rotate_left(turn % words.len());
        let mut cell = String::from(seps[5]);
        for (word, sep) in turned.iter().zip(&seps) {
            cell.push_str(word);
            cell.push_str(sep);
        }
        // A qualifier in brackets is no word of the name, nor does it part
        // the letters around it: `Ban(Street)k` is `bank`.
        if let Some(aside) = aside {
            let mut at = at % (cell.len() + 1);
            while !cell.is_char_boundary(at) {
                at -= 1;
            }
            cell.insert_str(at, aside);
        }
        let probes = [probe.clone(), format!("{other} Labs")];
        if let Some(step) = transforms::first_match(&probe, &cell) {
            let l = ladder(&probes);
            let mut hits = vec![];
            find_both(&l, cell.as_bytes(), &mut hits);
            prop_assert!(hits.iter().any(|h| h.id == 0), "{probe:?} ~ {cell:?} by {step}");
        }
    }

    #[test]
    fn normalizing_twice_changes_nothing(v in value()) {
        for t in LADDER.iter().filter(|t| t.id != TransformId::Scientific) {
            if let Some(once) = (t.apply)(&v) {
                let twice = (t.apply)(&once);
                prop_assert_eq!(twice.as_deref(), Some(once.as_str()), "{} of {:?}", t.id, v);
            }
        }
    }
}

/// A hit's probe, and its kind and fix.
type Level = (u32, (Kind, Option<TransformId>));

/// Each hit's probe and level, in order.
fn levels(hits: &[Hit]) -> Vec<Level> {
    let mut levels: Vec<Level> = hits.iter().map(|h| (h.id, h.evidence.level())).collect();
    levels.sort();
    levels
}

/// What a ladder over the distinct `ids` finds in `cell`, its gate first.
fn gated(ids: &[String], cell: &str, options: Options) -> Vec<Level> {
    let l = Ladder::new(&Probes::without_decoys(ids.to_vec()), options);
    let mut hits = vec![];
    find_both(&l, cell.as_bytes(), &mut hits);
    levels(&hits)
}

/// What the matchers find in `cell` among the distinct `ids` without the
/// gate: each on its own, best first, and then each value of a cell that
/// holds several, equal to an id or equal after a transform.
fn ungated(ids: &[String], cell: &str, options: Options) -> Vec<Level> {
    let probes = Probes::without_decoys(ids.to_vec());
    let normalized = Normalized::new(ids.into());
    let fuzzy = Fuzzy::new(&probes, options.metric, options.threshold);
    let words = Words::new(&probes, options.threshold);
    let mut alone = vec![];
    normalized.find(cell, &mut Scratch::default(), &mut alone);
    if alone.is_empty() && options.fuzzy {
        fuzzy.find(cell, &mut Scratch::default(), &mut alone);
        if let Some(words) = &words {
            words.find(cell, &mut Scratch::default(), &mut alone);
        }
    }
    let whole = cell.trim().as_bytes();
    let values: Vec<&[u8]> = Values::new(cell.as_bytes(), 2, Wanted::All).collect();
    if alone.is_empty() && values.first().is_some_and(|v| *v != whole) {
        for v in values {
            let v = String::from_utf8_lossy(v);
            // A value equal to a probe is that probe's, as a cell is.
            let mut found = vec![];
            match ids.iter().position(|id| **id == *v) {
                Some(i) => found.push(Hit {
                    id: i as u32,
                    evidence: Evidence::EXACT,
                }),
                None => normalized.find(&v, &mut Scratch::default(), &mut found),
            }
            for h in found {
                let whole_id = v.len() >= ids[h.id as usize].trim().len();
                if whole_id && !alone.iter().any(|a: &Hit| a.id == h.id) {
                    alone.push(Hit {
                        id: h.id,
                        evidence: Evidence::normalized(TransformId::Split),
                    });
                }
            }
        }
    }
    levels(&alone)
}

/// Fills `hits` with what `l` finds in `cell`, which must be the same
/// whether the cell's bytes are known to be UTF-8 or are checked again.
pub(super) fn find_both(l: &Ladder, cell: &[u8], hits: &mut Vec<Hit>) {
    let mut unknown = vec![];
    l.find(cell, Utf8::UNKNOWN, &mut Scratch::default(), &mut unknown);
    l.find(cell, Utf8::of(cell), &mut Scratch::default(), hits);
    assert_eq!(unknown, *hits, "{:?}", String::from_utf8_lossy(cell));
}

/// What the ladder finds in `cell` among `probes`, by probe.
fn found(probes: &[&str], cell: &str) -> Vec<u32> {
    let options = Options {
        fuzzy: true,
        metric: Metric::JaroWinkler,
        threshold: 0.85,
    };
    let probes = Probes::without_decoys(probes.iter().map(|p| p.to_string()).collect());
    let mut hits = vec![];
    find_both(&Ladder::new(&probes, options), cell.as_bytes(), &mut hits);
    hits.iter().map(|h| h.id).collect()
}

#[test]
fn a_note_that_is_no_name_is_still_found_by_each_key_it_may_have() {
    // Among names written with accents, a note with an e-mail address in
    // it is turned away whole: no key of it is a probe's. With a key that
    // may be, it is matched.
    let note = "Foo note 12, from Dubois (abc) — billing: ab@cdef.com";
    let names = ["Zürich Versicherung", "Crème Brûlée"];
    assert_eq!(found(&names, note), [] as [u32; 0]);
    // By its skeleton, as long as the longest key.
    assert_eq!(found(&[names[0], note], &note.to_uppercase()), [1]);
    // By what follows a word prefix.
    assert_eq!(found(&[names[0], note], &format!("cus_{note}")), [1]);
    // By its skeleton without a legal suffix.
    assert_eq!(found(&[names[0], note], &format!("{note}, Inc.")), [1]);
    // By the domain of an address, where probes are domains.
    assert_eq!(
        found(&["über.de", "cdef.com"], "jürgen.müller@cdef.com"),
        [1]
    );
}

#[test]
fn a_number_in_e_notation_is_found_among_the_values_of_a_list() {
    // Seven digits written in five: fewer than the id has, in a list.
    assert_eq!(found(&["1500000"], "ref 1.5e+06, x"), [0]);
    assert_eq!(found(&["1500000"], "1.5e+06; 1.6e+06"), [0]);
}

#[test]
fn a_probe_s_domain_is_found_among_the_values_of_a_list() {
    // The domain's key has fewer letters than the probe as written.
    let probes = ["https://www.acme.com"];
    assert_eq!(found(&probes, "see www.acme.com/aboutus, thanks"), [0]);
    assert_eq!(found(&probes, "www.acme.com/aboutus; x"), [0]);
}
