//! The traps of real orgs, one small real-shaped fixture each: the right field
//! must come first, say whether it works as is or which fix it needs, and no
//! lookalike or decoy may be suggested.

mod common;

use std::fmt::Write as _;

use common::{Env, field, field_names};
use fieldmatch::internals::sfid;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::Value;

fn rng() -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(2026)
}

/// A valid 18-character Account id.
fn account_id(rng: &mut ChaCha8Rng) -> String {
    const A: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let tail: String = (0..5)
        .map(|_| A[rng.random_range(0..A.len())] as char)
        .collect();
    sfid::to_id18(format!("0015g00000{tail}").as_bytes()).unwrap()
}

/// A companies export with these ids.
fn companies(ids: &[String]) -> String {
    let mut s = String::from("Company name,Company ID,Plan\n");
    for (i, id) in ids.iter().enumerate() {
        let id = if id.contains([',', '"']) {
            format!("\"{}\"", id.replace('"', "\"\""))
        } else {
            id.clone()
        };
        writeln!(s, "Company {i},{id},Pro").unwrap();
    }
    s
}

/// An accounts export from named columns of values.
fn accounts(columns: &[(&str, Vec<String>)]) -> String {
    let rows = columns.iter().map(|(_, v)| v.len()).max().unwrap_or(0);
    let quote = |v: &str| format!("\"{}\"", v.replace('"', "\"\""));
    let mut s = columns
        .iter()
        .map(|(h, _)| quote(h))
        .collect::<Vec<_>>()
        .join(",");
    s.push('\n');
    for r in 0..rows {
        let row: Vec<String> = columns
            .iter()
            .map(|(_, v)| quote(v.get(r).map_or("", String::as_str)))
            .collect();
        s += &row.join(",");
        s.push('\n');
    }
    s
}

fn run(companies_csv: &str, accounts_csv: &str, args: &[&str]) -> (i32, Value) {
    let env = Env::new();
    env.write("companies.csv", companies_csv);
    env.write("accounts.csv", accounts_csv);
    let mut all = vec!["companies.csv", "accounts.csv"];
    all.extend_from_slice(args);
    env.json(&all)
}

fn assert_fix(report: &Value, field_name: &str, transform: &str, side: &str) {
    let s = &report["suggestion"];
    assert_eq!(s["field"], field_name, "{:#}", report["fields"][0]);
    assert_eq!(s["works_as_is"], false);
    assert_eq!(s["status"], "needs_fix");
    assert_eq!(s["fix"]["transform"], transform, "{:#}", s);
    assert_eq!(s["fix"]["side"], side, "{:#}", s);
    assert_eq!(report["fields"][0]["field"], field_name);
}

#[test]
fn report_ids_of_15_characters_against_api_ids_of_18() {
    let mut rng = rng();
    let ids: Vec<String> = (0..300).map(|_| account_id(&mut rng)).collect();
    let report_ids: Vec<String> = ids
        .iter()
        .take(240)
        .map(|id| id[..15].to_string())
        .collect();
    let parents: Vec<String> = (0..240)
        .map(|i| {
            if i % 3 == 0 {
                ids[(i * 7) % 300][..15].to_string()
            } else {
                String::new()
            }
        })
        .collect();
    let names: Vec<String> = (0..240).map(|i| format!("Account {i}")).collect();
    let (code, r) = run(
        &companies(&ids),
        &accounts(&[
            ("Account Name", names),
            ("Parent Account ID", parents),
            ("Account ID", report_ids),
        ]),
        &[],
    );
    assert_eq!(code, 0);
    assert_fix(&r, "Account ID", "salesforce-id", "salesforce");
    let best = field(&r, "Account ID");
    assert_eq!(best["normalized"], 240);
    assert_eq!(best["exact"], 0);
    assert_eq!(best["transforms"]["salesforce-id"], 240);
    assert!(
        r["suggestion"]["fix"]["description"]
            .as_str()
            .unwrap()
            .contains("18-character")
    );
    assert_eq!(field_names(&r)[1], "Parent Account ID");
}

#[test]
fn domains_against_websites() {
    let words = [
        "acme", "globex", "initech", "hooli", "umbrella", "wonka", "stark", "tyrell", "nakatomi",
        "vandelay",
    ];
    let tlds = ["com", "io", "co.uk", "de"];
    let ids: Vec<String> = (0..200)
        .map(|i| format!("{}{}.{}", words[i % 10], i, tlds[i % 4]))
        .collect();
    let websites: Vec<String> = ids
        .iter()
        .take(170)
        .enumerate()
        .map(|(i, d)| match i % 5 {
            0 => format!("https://www.{d}/"),
            1 => format!("http://{d}"),
            2 => format!("www.{d}/about"),
            3 => format!("https://app.{d}"),
            _ => format!("HTTPS://WWW.{}", d.to_uppercase()),
        })
        .collect();
    let phones: Vec<String> = (0..170).map(|i| format!("(415) 555-{i:04}")).collect();
    let (code, r) = run(
        &companies(&ids),
        &accounts(&[("Phone", phones), ("Website", websites)]),
        &[],
    );
    assert_eq!(code, 0);
    assert_fix(&r, "Website", "domain", "salesforce");
    let w = field(&r, "Website");
    assert_eq!(w["matched"], 170);
    assert_eq!(
        w["transforms"]["registrable-domain"], 34,
        "app. subdomains fold"
    );
}

#[test]
fn leading_zeros_stripped_by_a_spreadsheet() {
    let ids: Vec<String> = (0..300).map(|i| format!("{:08}", 4711 + i * 13)).collect();
    let stripped: Vec<String> = ids
        .iter()
        .take(250)
        .map(|id| id.trim_start_matches('0').to_string())
        .collect();
    let employees: Vec<String> = (0..250).map(|i| (4711 + i * 29).to_string()).collect();
    let (code, r) = run(
        &companies(&ids),
        &accounts(&[
            ("NumberOfEmployees", employees),
            ("AccountNumber", stripped),
        ]),
        &[],
    );
    assert_eq!(code, 0);
    assert_fix(&r, "AccountNumber", "leading-zeros", "salesforce");
    assert_eq!(field(&r, "AccountNumber")["normalized"], 250);
}

#[test]
fn long_numbers_in_scientific_notation() {
    let ids: Vec<String> = (0..200u64)
        .map(|i| (123_456_789_012 + i * 1_000_003_117).to_string())
        .collect();
    let excel: Vec<String> = ids
        .iter()
        .take(160)
        .map(|id| format!("{:.5E}", id.parse::<f64>().unwrap()).replace('E', "E+"))
        .collect();
    assert_eq!(excel[0], "1.23457E+11");
    let (code, r) = run(
        &companies(&ids),
        &accounts(&[("External_Number__c", excel)]),
        &[],
    );
    assert_eq!(code, 0);
    assert_fix(&r, "External_Number__c", "scientific", "salesforce");
    assert_eq!(r["suggestion"]["fix"]["approximate"], true);
}

#[test]
fn lowercase_ids_against_uppercase_values() {
    let mut rng = rng();
    let ids: Vec<String> = (0..300)
        .map(|_| format!("cmp_{:08x}", rng.random::<u32>()))
        .collect();
    let upper: Vec<String> = ids.iter().take(260).map(|id| id.to_uppercase()).collect();
    let (code, r) = run(
        &companies(&ids),
        &accounts(&[("Intercom_ID__c", upper)]),
        &[],
    );
    assert_eq!(code, 0);
    assert_fix(&r, "Intercom_ID__c", "case", "salesforce");
    assert_eq!(field(&r, "Intercom_ID__c")["normalized"], 260);
}

/// Made-up company names, distinct.
fn names(n: usize) -> Vec<String> {
    let first = [
        "Acme",
        "Globex",
        "Initech",
        "Umbrella",
        "Hooli",
        "Vandelay",
        "Soylent",
        "Tyrell",
        "Wonka",
        "Stark",
        "Nakatomi",
        "Cyberdyne",
    ];
    let second = [
        "Robotics",
        "Logistics",
        "Analytics",
        "Foods",
        "Health",
        "Capital",
        "Software",
        "Energy",
        "Networks",
        "Studios",
        "Payments",
        "Dynamics",
    ];
    let third = ["", " Europe", " Labs", " Group", " Holdings"];
    (0..n)
        .map(|i| {
            format!(
                "{} {}{}",
                first[i % 12],
                second[(i / 12) % 12],
                third[(i / 144) % 5]
            )
        })
        .collect()
}

/// `name` with two letters of its second word swapped.
fn typo(name: &str) -> String {
    let mut chars: Vec<char> = name.chars().collect();
    let at = name.find(' ').unwrap() + 3;
    chars.swap(at, at + 1);
    chars.into_iter().collect()
}

#[test]
fn names_with_legal_suffixes_and_typos_beat_a_small_exact_overlap() {
    let ids = names(400);
    let suffixes = [", Inc.", " GmbH", " Ltd", " LLC", " Pty Ltd"];
    let account_names: Vec<String> = ids
        .iter()
        .enumerate()
        .map(|(i, n)| match i % 10 {
            0..=5 => format!("{n}{}", suffixes[i % 5]),
            6 | 7 => format!("{}{}", typo(n), suffixes[i % 5]),
            _ => format!("Other Company {i}"),
        })
        .collect();
    let old_refs: Vec<String> = ids
        .iter()
        .enumerate()
        .map(|(i, n)| {
            if i % 8 == 0 {
                n.clone()
            } else {
                format!("REF-{i}")
            }
        })
        .collect();
    let (code, r) = run(
        &companies(&ids),
        &accounts(&[("Old_Ref__c", old_refs), ("Name", account_names)]),
        &[],
    );
    assert_eq!(code, 0);
    assert_eq!(field_names(&r)[..2], ["Name", "Old_Ref__c"]);
    assert_fix(&r, "Name", "legal-suffix", "salesforce");
    let name = field(&r, "Name");
    assert_eq!(name["normalized"], 240);
    assert_eq!(name["fuzzy"], 80, "typos are similar");
    assert_eq!(name["chance_rate"], 0.0);
    assert!(name["score"].as_f64().unwrap() > 0.75);
}

#[test]
fn parent_id_lookalike_ranks_below_the_real_id() {
    let mut rng = rng();
    let ids: Vec<String> = (0..400).map(|_| account_id(&mut rng)).collect();
    // Accounts: 300 of the companies plus 300 others; a third have a parent.
    let mut account_ids: Vec<String> = ids.iter().take(300).cloned().collect();
    account_ids.extend((0..300).map(|_| account_id(&mut rng)));
    let parents: Vec<String> = (0..600)
        .map(|_| {
            if rng.random_bool(0.33) {
                account_ids[rng.random_range(0..600)].clone()
            } else {
                String::new()
            }
        })
        .collect();
    let masters: Vec<String> = (0..600)
        .map(|i| {
            if i % 50 == 0 {
                account_ids[i / 2].clone()
            } else {
                String::new()
            }
        })
        .collect();
    let csv = accounts(&[
        ("Id", account_ids),
        ("ParentId", parents),
        ("MasterRecordId", masters),
    ]);
    let (code, r) = run(&companies(&ids), &csv, &[]);
    assert_eq!(code, 0);
    assert_eq!(r["suggestion"]["field"], "Id");
    assert_eq!(r["suggestion"]["works_as_is"], true);
    assert_eq!(field_names(&r)[0], "Id");
    assert!(field(&r, "ParentId")["score"].as_f64().unwrap() < 0.3);
    // Without the real field, the lookalike is not suggested.
    let (code, r) = run(&companies(&ids), &csv, &["--exclude", "Id"]);
    assert_eq!(code, 1);
    assert!(r["suggestion"].is_null());
}

#[test]
fn numeric_ids_against_dense_numeric_decoys() {
    let mut rng = rng();
    // Sequential ids in one block, as an app's database hands them out.
    let ids: Vec<String> = (0..3000).map(|i| (1_000_000 + 7 * i).to_string()).collect();
    let rows = 6000;
    let app_ids: Vec<String> = (0..rows)
        .map(|i| {
            if i % 10 < 7 && i < 3000 {
                ids[i].clone()
            } else {
                String::new()
            }
        })
        .collect();
    let dense = |rng: &mut ChaCha8Rng, lo: u32, hi: u32| -> Vec<String> {
        (0..rows)
            .map(|_| rng.random_range(lo..hi).to_string())
            .collect()
    };
    let legacy = dense(&mut rng, 1_000_000, 1_021_000);
    let employees = dense(&mut rng, 1, 50_000);
    let phones = dense(&mut rng, 1_000_000, 9_999_999);
    let csv = accounts(&[
        ("Legacy_Number__c", legacy),
        ("NumberOfEmployees", employees),
        ("Phone_Ext__c", phones),
        ("App_Id__c", app_ids),
    ]);
    let (code, r) = run(&companies(&ids), &csv, &[]);
    assert_eq!(code, 0);
    assert_eq!(field_names(&r)[0], "App_Id__c");
    assert_eq!(r["suggestion"]["field"], "App_Id__c");
    let legacy = field(&r, "Legacy_Number__c");
    assert!(
        legacy["match_rate"].as_f64().unwrap() > 0.25,
        "the decoy holds many ids: {legacy:#}"
    );
    assert!(
        legacy["score"].as_f64().unwrap() < 0.1,
        "but no better than chance: {legacy:#}"
    );
    let (code, r) = run(&companies(&ids), &csv, &["--exclude", "App_Id__c"]);
    assert_eq!(code, 1, "{:#}", r["fields"][0]);
    assert!(r["suggestion"].is_null());
}

#[test]
fn similarity_alone_never_makes_a_suggestion() {
    let ids = names(300);
    // Every account name is one typo away from a company: similar, never equal.
    let near: Vec<String> = ids.iter().map(|n| typo(n)).collect();
    let (code, r) = run(&companies(&ids), &accounts(&[("Name", near)]), &[]);
    assert_eq!(code, 1);
    assert!(r["suggestion"].is_null());
    let name = field(&r, "Name");
    assert!(name["fuzzy_rate"].as_f64().unwrap() > 0.9);
    let env = Env::new();
    env.write("companies.csv", &companies(&ids));
    env.write(
        "accounts.csv",
        &accounts(&[("Name", ids.iter().map(|n| typo(n)).collect())]),
    );
    let text = env.stdout(&["companies.csv", "accounts.csv"]);
    assert!(
        text.starts_with("No Account field holds company_id: the closest, `Name`, is only similar"),
        "{text}"
    );
}

#[test]
fn short_numeric_ids_come_with_a_chance_warning() {
    let mut rng = rng();
    // Ids 1..400, as a young app hands them out; any numeric field holds them.
    let ids: Vec<String> = (1..=400).map(|i| i.to_string()).collect();
    let app: Vec<String> = (0..600)
        .map(|i| {
            if i < 380 {
                ids[i].clone()
            } else {
                String::new()
            }
        })
        .collect();
    let employees: Vec<String> = (0..600)
        .map(|_| rng.random_range(1..500).to_string())
        .collect();
    let (_, r) = run(
        &companies(&ids),
        &accounts(&[("NumberOfEmployees", employees), ("App_Id__c", app)]),
        &[],
    );
    assert_eq!(field_names(&r)[0], "App_Id__c");
    let warnings = r["warnings"].to_string();
    assert!(warnings.contains("by chance"), "{warnings}");
}
