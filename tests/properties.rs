//! Invariants of a whole run that must hold for any input, checked on
//! random exports: rates stay in 0..1, counts add up, and the ranking does
//! not depend on the order of the account rows.

use fieldmatch::{Config, Input};
use proptest::prelude::*;

/// Cell values of many shapes: ids, names, domains, numbers, odd characters.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9_\\-]{1,20}",
        "[A-Z][a-z]{2,8}( [A-Z][a-z]{2,8}){0,2}(, Inc\\.| GmbH| Ltd)?",
        "(https?://)?(www\\.)?[a-z]{3,10}\\.(com|io|co\\.uk)",
        "0{0,3}[1-9][0-9]{0,12}(\\.0)?",
        "\\PC{1,12}",
    ]
}

/// An id written as a spreadsheet or another system might have damaged it.
fn damaged(v: &str, how: usize) -> String {
    match how {
        0 => format!("  {v}\t"),
        1 => v.to_uppercase(),
        2 => format!("cus_{v}"),
        3 => format!("000{v}"),
        _ => v.replace(['-', '_', '.'], ""),
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

fn analyze(companies: &str, accounts: &str) -> serde_json::Value {
    let mut config = Config::new(
        Input::bytes("c.csv", companies.as_bytes()),
        Input::bytes("a.csv", accounts.as_bytes()),
    );
    config.top = None;
    config.sample = Some(50);
    let report = fieldmatch::analyze(&config).unwrap().report;
    serde_json::to_value(&report).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn rates_stay_in_range_and_ranking_ignores_row_order(
        ids in prop::collection::vec("[a-z]{1,3}[0-9]{1,4}", 5..60),
        rows in prop::collection::vec((0..80usize, value(), 0..8usize), 1..80),
    ) {
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
        let forward = analyze(&companies, &csv_text(&["A", "B", "C"], &accounts));
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
        let backward = analyze(&companies, &csv_text(&["A", "B", "C"], &reversed));
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

/// The 15-character id at place `i` of a bulk-loaded block: the record
/// number counts up in base 62, as one Data Loader insert makes them.
fn block_id(start: u64, i: u64) -> String {
    const DIGITS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut n = start + i;
    let mut tail = [b'0'; 5];
    for slot in tail.iter_mut().rev() {
        *slot = DIGITS[(n % 62) as usize];
        n /= 62;
    }
    format!("0017c00000{}", String::from_utf8_lossy(&tail))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// A consecutive block of Salesforce ids is never discounted as
    /// chance, however dense, in any of the forms they are written in.
    #[test]
    fn a_bulk_loaded_block_of_ids_is_never_chance(
        start in 0u64..10_000_000,
        accounts in 60u64..240,
        form in 0..3usize,
        keep in 2u64..5,
    ) {
        let ids: Vec<String> = (0..accounts).map(|i| block_id(start, i)).collect();
        let id18 = |id: &str| fieldmatch::internals::sfid::to_id18(id.as_bytes()).unwrap();
        let held: Vec<Vec<String>> = ids
            .iter()
            .enumerate()
            .filter(|(i, _)| !(*i as u64).is_multiple_of(keep))
            .map(|(_, id)| vec![match form {
                0 => id.clone(),
                1 => id18(id),
                _ => id18(id).to_lowercase(),
            }])
            .collect();
        let rows: Vec<Vec<String>> = ids.iter().map(|id| vec![id18(id), format!("Account {id}")]).collect();
        let r = analyze(&csv_text(&["company_id"], &held), &csv_text(&["Id", "Name"], &rows));
        let best = &r["fields"][0];
        prop_assert_eq!(best["field"].as_str(), Some("Id"));
        prop_assert_eq!(best["chance_rate"].as_f64(), Some(0.0));
        prop_assert_eq!(best["score"].as_f64(), best["match_rate"].as_f64());
        prop_assert_eq!(best["match_rate"].as_f64(), Some(1.0));
        prop_assert_eq!(r["suggestion"]["field"].as_str(), Some("Id"));
    }

    /// Sequential numbers do collide: a dense field of numbers that covers
    /// the ids' whole block (auto-numbers, counts) holds them all by chance,
    /// and never outranks the field that really holds them.
    #[test]
    fn a_dense_block_of_numbers_never_outranks_the_real_field(
        start in 100_000u64..900_000,
        n in 80u64..240,
        held in 50u64..90,
    ) {
        let companies: Vec<Vec<String>> = (0..n).map(|i| vec![(start + 2 * i).to_string()]).collect();
        let rows: Vec<Vec<String>> = (0..2 * n)
            .map(|i| {
                let real = if i < n && i * 100 < held * n { (start + 2 * i).to_string() } else { String::new() };
                vec![real, (start + i).to_string()]
            })
            .collect();
        let r = analyze(&csv_text(&["company_id"], &companies), &csv_text(&["Ext_Id__c", "Auto_Number__c"], &rows));
        prop_assert_eq!(r["fields"][0]["field"].as_str(), Some("Ext_Id__c"));
        let dense = r["fields"].as_array().unwrap().iter().find(|f| f["field"] == "Auto_Number__c").unwrap();
        prop_assert!(dense["match_rate"].as_f64().unwrap() > 0.9, "{dense:#}");
        prop_assert!(dense["score"].as_f64().unwrap() < 0.2, "{dense:#}");
    }
}
