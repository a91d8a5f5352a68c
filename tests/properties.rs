//! Invariants that must hold for any input, checked on random values.

use fieldmatch::cli::Metric;
use fieldmatch::matching::{Fuzzy, Kind, Ladder, Matcher, Normalized, Options, Scratch};
use fieldmatch::normalize::{self, LADDER};
use proptest::prelude::*;

fn ladder(probes: &[String]) -> Ladder {
    let options = Options {
        fuzzy: false,
        metric: Metric::JaroWinkler,
        threshold: 0.9,
    };
    Ladder::new(probes, probes.len(), options)
}

/// Values shaped like ids, names, domains and numbers, with odd characters.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9_\\-]{1,20}",
        "[A-Z][a-z]{2,8}( [A-Z][a-z]{2,8}){0,2}(, Inc\\.| GmbH| Ltd)?",
        "(https?://)?(www\\.)?[a-z]{3,10}\\.(com|io|co\\.uk)(/[a-z]{0,5})?",
        "0{0,3}[1-9][0-9]{0,12}(\\.0)?",
        "[0-9a-zA-Z]{15}",
        "\\PC{1,12}",
    ]
}

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
        _ => v.replace(['-', '_', '.'], ""),
    }
}

proptest! {
    #[test]
    fn every_exact_match_is_also_a_normalized_match(v in value().prop_filter("not blank", |v| !v.trim().is_empty())) {
        // Run the normalizations alone: the exact matcher is not in the way.
        let normalized = Normalized::new(std::slice::from_ref(&v));
        let mut hits = vec![];
        Matcher::find(&normalized, &v, &mut Scratch::default(), &mut hits);
        prop_assert!(hits.iter().any(|h| h.id == 0), "{v:?} does not match itself");
        prop_assert_eq!(normalize::first_match(&v, &v), Some(0));
    }

    #[test]
    fn every_transform_match_is_found_by_the_matcher(id in value(), damage in 0..8usize, other in value()) {
        // Whenever a transform says two values match, the indexed matcher
        // finds the pair: its candidates never miss.
        for other in [damaged(&id, damage), other] {
            if let (Some(step), true) = (normalize::first_match(&id, &other), id != other) {
                let l = ladder(std::slice::from_ref(&id));
                let mut hits = vec![];
                l.find(other.as_bytes(), &mut Scratch::default(), &mut hits);
                prop_assert!(!hits.is_empty(), "{id:?} ~ {other:?} by {}", LADDER[step].name);
                prop_assert_eq!(hits[0].evidence.kind, Kind::Normalized);
            }
        }
    }

    #[test]
    fn the_gate_turns_away_only_cells_that_match_nothing(
        ids in proptest::collection::vec(value(), 1..4),
        damage in 0..8usize,
        other in value(),
        typo in 0..20usize,
    ) {
        // The ladder looks at a cell past exact equality only if its gate
        // admits it; the matchers on their own look at every cell.
        let options = Options { fuzzy: true, metric: Metric::JaroWinkler, threshold: 0.85 };
        let l = Ladder::new(&ids, ids.len(), options);
        let normalized = Normalized::new(&ids);
        let fuzzy = Fuzzy::new(&ids, ids.len(), Metric::JaroWinkler, 0.85);
        let mut misspelt = ids[0].clone();
        if let Some((at, c)) = misspelt.char_indices().nth(typo % misspelt.chars().count().max(1)) {
            misspelt.replace_range(at..at + c.len_utf8(), "x");
        }
        for cell in [damaged(&ids[0], damage), other, misspelt] {
            if cell.trim().is_empty() || ids.contains(&cell) {
                continue;
            }
            let mut alone = vec![];
            normalized.find(&cell, &mut Scratch::default(), &mut alone);
            if alone.is_empty() {
                fuzzy.find(&cell, &mut Scratch::default(), &mut alone);
            }
            let mut gated = vec![];
            l.find(cell.as_bytes(), &mut Scratch::default(), &mut gated);
            let key = |h: &fieldmatch::matching::Hit| (h.id, h.evidence.level());
            let (mut a, mut b): (Vec<_>, Vec<_>) = (alone.iter().map(key).collect(), gated.iter().map(key).collect());
            a.sort();
            b.sort();
            prop_assert_eq!(a, b, "{:?} in {:?}", cell, ids);
        }
    }

    #[test]
    fn damaged_copies_are_found(id in "[a-z]{2,6}[0-9]{3,8}") {
        let l = ladder(std::slice::from_ref(&id));
        for damaged in [format!("  {id} "), id.to_uppercase(), format!("org-{id}"), format!("{}-{}", &id[..2], &id[2..])] {
            let mut hits = vec![];
            l.find(damaged.as_bytes(), &mut Scratch::default(), &mut hits);
            prop_assert!(!hits.is_empty(), "{id:?} not found in {damaged:?}");
        }
    }

    #[test]
    fn normalizing_twice_changes_nothing(v in value()) {
        for t in LADDER.iter().filter(|t| t.name != "scientific") {
            if let Some(once) = (t.apply)(&v) {
                let twice = (t.apply)(&once);
                prop_assert_eq!(twice.as_deref(), Some(once.as_str()), "{} of {:?}", t.name, v);
            }
        }
    }
}

/// An export of `rows` as CSV text, every value quoted.
fn csv_text(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut w = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(vec![]);
    w.write_record(header).unwrap();
    for r in rows {
        w.write_record(r).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

fn analyze(dir: &std::path::Path, companies: &str, accounts: &str) -> serde_json::Value {
    use clap::Parser;
    std::fs::write(dir.join("c.csv"), companies).unwrap();
    std::fs::write(dir.join("a.csv"), accounts).unwrap();
    let args = [
        "fieldmatch",
        "c.csv",
        "a.csv",
        "--top",
        "0",
        "--sample",
        "50",
    ];
    let mut cli = fieldmatch::cli::Cli::try_parse_from(args).unwrap();
    cli.companies = dir.join("c.csv");
    cli.accounts = dir.join("a.csv");
    let config = fieldmatch::Config::from_cli(cli).unwrap();
    let report = fieldmatch::analyze(&config, fieldmatch::progress::Progress::hidden()).unwrap();
    serde_json::to_value(&report).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn rates_stay_in_range_and_ranking_ignores_row_order(
        ids in prop::collection::vec("[a-z]{1,3}[0-9]{1,4}", 5..60),
        rows in prop::collection::vec((0..80usize, value(), 0..8usize), 1..80),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let companies: Vec<Vec<String>> = ids.iter().map(|id| vec![id.clone()]).collect();
        let companies = csv_text(&["company_id"], &companies);
        // Column A holds ids (some damaged), B random values, C ids repeated.
        let accounts: Vec<Vec<String>> = rows
            .iter()
            .map(|(i, v, how)| {
                let id = &ids[i % ids.len()];
                vec![damaged(id, *how), v.clone(), ids[(i * 7) % ids.len()].clone()]
            })
            .collect();
        let forward = analyze(dir.path(), &companies, &csv_text(&["A", "B", "C"], &accounts));
        for f in forward["fields"].as_array().unwrap() {
            for key in ["match_rate", "exact_rate", "normalized_rate", "fuzzy_rate", "unique_rate", "fill_rate", "chance_rate", "score"] {
                let r = f[key].as_f64().unwrap();
                prop_assert!((0.0..=1.0).contains(&r), "{key} = {r}");
            }
            prop_assert!(f["unique"].as_u64() <= f["matched"].as_u64());
            let parts = f["exact"].as_u64().unwrap() + f["normalized"].as_u64().unwrap() + f["fuzzy"].as_u64().unwrap();
            prop_assert_eq!(parts, f["matched"].as_u64().unwrap());
        }
        let mut reversed = accounts.clone();
        reversed.reverse();
        let backward = analyze(dir.path(), &companies, &csv_text(&["A", "B", "C"], &reversed));
        // The ranking and every count behind it; `holds` and the examples
        // describe the start of the file, which the reversal changes.
        let ranking = |r: &serde_json::Value| -> Vec<serde_json::Value> {
            r["fields"].as_array().unwrap().iter().map(|f| {
                let mut f = f.clone();
                f.as_object_mut().unwrap().retain(|k, _| k != "holds");
                f
            }).collect()
        };
        prop_assert_eq!(ranking(&forward), ranking(&backward));
    }
}
