//! Invariants of a whole run that must hold for any input, checked on
//! random exports: rates stay in 0..1, counts add up, and the ranking does
//! not depend on the order of the account rows.

use fieldmatch::{Config, Input};
mod common;

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
    #![proptest_config(common::cases(24))]

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
    #![proptest_config(common::cases(16))]

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

/// How an account holds a company's id: as it is, damaged in a way a named
/// fix undoes, on two accounts, only similar, or not at all.
#[derive(Debug, Clone, Copy)]
enum Held {
    Exact,
    Fixable(usize),
    Twice,
    Similar,
    Missing,
}

fn held() -> impl Strategy<Value = Held> {
    prop_oneof![
        3 => Just(Held::Exact),
        3 => (0..3usize).prop_map(Held::Fixable),
        1 => Just(Held::Twice),
        1 => Just(Held::Similar),
        1 => Just(Held::Missing),
    ]
}

/// The accounts export with `field` set as `update` says, adding the
/// column if it is new.
fn apply(
    header: &[&str],
    rows: &[Vec<String>],
    update: &fieldmatch::Update,
) -> (Vec<String>, Vec<Vec<String>>) {
    let mut header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    let mut rows = rows.to_vec();
    let column = match header.iter().position(|h| *h == update.field) {
        Some(c) => c,
        None => {
            header.push(update.field.clone());
            rows.iter_mut().for_each(|r| r.push(String::new()));
            header.len() - 1
        }
    };
    for (account, id) in &update.rows {
        let row = rows
            .iter_mut()
            .find(|r| *r[0] == **account)
            .expect("the file names accounts of the export");
        row[column] = id.to_string();
    }
    (header, rows)
}

proptest! {
    #![proptest_config(common::cases(24))]

    /// Loading the update file fixes what it says it fixes: run again on
    /// the updated accounts, every company the file covered is linked,
    /// byte for byte, to the account the file set, and no id it wrote is
    /// on a second account.
    #[test]
    fn the_update_file_makes_the_sync_link_what_it_covers(
        how in prop::collection::vec(held(), 10..60),
        new_field in any::<bool>(),
    ) {
        let ids: Vec<String> = (0..how.len()).map(|i| format!("{}", 40_000 + 37 * i)).collect();
        let mut rows: Vec<Vec<String>> = Vec::new();
        let mut add = |value: String| {
            let n = rows.len();
            rows.push(vec![format!("001A{n:011}"), format!("Account {n}"), value]);
        };
        for (id, held) in ids.iter().zip(&how) {
            match held {
                Held::Exact => add(id.clone()),
                Held::Fixable(0) => add(format!("{id}.0")),
                Held::Fixable(1) => add(format!(" {id} ")),
                Held::Fixable(_) => add(format!("00{id}")),
                Held::Twice => {
                    add(id.clone());
                    add(id.clone());
                }
                Held::Similar => add(format!("{id}9x")),
                Held::Missing => {}
            }
        }
        add("unrelated".into());
        let header = ["Id", "Name", "Ext_Id__c"];
        let companies = csv_text(&["Company ID"], &ids.iter().map(|id| vec![id.clone()]).collect::<Vec<_>>());
        let accounts = csv_text(&header, &rows);
        let mut config = Config::new(
            Input::bytes("c.csv", companies.as_bytes()),
            Input::bytes("a.csv", accounts.as_bytes()),
        );
        config.update = true;
        config.min_rate = 0.0;
        config.sample = None;
        if new_field {
            config.field = Some("Intercom_Company_ID__c".into());
        }
        let analysis = fieldmatch::analyze(&config).unwrap();
        let Some(update) = analysis.update else {
            // Nothing links at all: nothing to check.
            prop_assert!(analysis.report.suggestion.is_none());
            return Ok(());
        };
        let (header, rows) = apply(&header, &rows, &update);
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        let mut again = config.clone();
        again.accounts = Input::bytes("a.csv", csv_text(&header, &rows).into_bytes());
        again.field = Some(update.field.clone());
        again.mapping = true;
        again.update = false;
        let list = fieldmatch::analyze(&again).unwrap().worklist.expect("a work list");
        let column = header.iter().position(|h| *h == update.field).unwrap();
        for (account, id) in &update.rows {
            let row = list.rows.iter().find(|r| r.company_id == *id).unwrap();
            prop_assert_eq!(row.status, fieldmatch::worklist::Status::Linked, "{:?}", row);
            prop_assert_eq!(row.account.as_deref(), Some(&**account));
            let holding = rows.iter().filter(|r| r[column] == **id).count();
            prop_assert_eq!(holding, 1, "{} is on {} accounts", id, holding);
        }
        // And it covered every company that had one sure account.
        let sure = how.iter().filter(|h| matches!(h, Held::Fixable(_))).count()
            + if new_field { how.iter().filter(|h| matches!(h, Held::Exact)).count() } else { 0 };
        prop_assert_eq!(update.rows.len(), sure);
    }
}
