//! Cases made from public exports and data sets that this project did not
//! write (see `tests/real/README.md` for each source and its licence): the
//! right field, the suggestion or none, and the exit code, on the real
//! data's own difficulties.

mod common;

use std::path::{Path, PathBuf};

use common::{check, field};
use serde_json::Value;

fn case(dir: &str, companies: &str, extra: &[&str]) -> (i32, Value) {
    let base: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/real")
        .join(dir);
    let out = assert_cmd::cargo::cargo_bin_cmd!("fieldmatch")
        .arg("-q")
        .arg(base.join(companies))
        .arg(base.join("accounts.csv"))
        .args(["--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    (out.status.code().unwrap(), report)
}

fn suggestion(r: &Value) -> (&str, &str) {
    let s = &r["suggestion"];
    (s["field"].as_str().unwrap(), s["status"].as_str().unwrap())
}

/// Data Loader's sample accounts were bulk-loaded: their ids count up in
/// blocks, so made-up ids drawn from the sample would land on real
/// accounts. A Salesforce id is unique in its org: its match is never chance.
#[test]
fn bulk_loaded_account_ids_are_never_chance() {
    for (companies, status, exact) in [
        ("companies_id18.csv", "works_as_is", 281),
        ("companies_id15.csv", "needs_fix", 0),
        ("companies_id18_lower.csv", "needs_fix", 0),
    ] {
        let (code, r) = case("bulk_load", companies, &[]);
        assert_eq!(code, 0, "{companies}");
        assert_eq!(suggestion(&r), ("ID", status), "{companies}");
        let id = field(&r, "ID");
        assert_eq!(id["matched"], 281, "{companies}");
        assert_eq!(id["exact"], exact, "{companies}");
        assert_eq!(id["chance_rate"], 0.0, "{companies}");
        assert_eq!(r["companies"]["id_density"], 0.0, "{companies}");
        assert_eq!(r["warnings"], serde_json::json!([]), "{companies}");
        // 21 accounts were deleted: their ids are one character from their
        // neighbours', which is another record, never a typo.
        assert_eq!(id["fuzzy"], 0, "{companies}");
        assert_eq!(r["companies"]["sampled"], 302);
    }
    let (_, r) = case("bulk_load", "companies_id15.csv", &[]);
    assert_eq!(r["suggestion"]["fix"]["transform"], "salesforce-id");
}

/// The ERP number in Salesforce carries its region (`4-203974`); Intercom
/// holds the number alone.
#[test]
fn a_numbered_prefix_is_a_named_fix() {
    let (code, r) = case("bulk_load", "companies_erp.csv", &[]);
    assert_eq!(code, 0);
    assert_eq!(suggestion(&r), ("ORACLE_ID__C", "needs_fix"));
    let fix = &r["suggestion"]["fix"];
    assert_eq!(
        (fix["transform"].as_str(), fix["prefix"].as_str()),
        (Some("prefix"), Some("4-"))
    );
    assert_eq!(field(&r, "ORACLE_ID__C")["fuzzy"], 0);
}

/// company_id set to the org's Opportunity ids: the diagnosis names them.
#[test]
fn ids_of_another_object_are_named() {
    let (code, r) = case("bulk_load", "companies_opportunity_ids.csv", &[]);
    assert_eq!(code, 1);
    assert!(r["suggestion"].is_null());
    let d = &r["diagnosis"];
    assert_eq!(
        d["ids_look_like"],
        "18-character Salesforce Opportunity ids"
    );
    assert!(
        d["likely_cause"]
            .as_str()
            .unwrap()
            .starts_with("company_id holds Opportunity ids, not Account ids"),
        "{d:#}"
    );
}

/// The org's Opportunity export given for the accounts (its Opportunity ids
/// and names, as in Data Loader's sample): refused, naming the object, for
/// the sync compares company_id with an Account field.
#[test]
fn an_export_of_another_object_is_refused_for_the_accounts() {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/real/bulk_load");
    let opportunities = std::fs::read_to_string(base.join("companies_opportunity_ids.csv"))
        .unwrap()
        .replacen("Company name,Company ID", "NAME,ID", 1);
    let env = common::Env::new();
    let path = env.write("opportunities.csv", &opportunities);
    let out = assert_cmd::cargo::cargo_bin_cmd!("fieldmatch")
        .arg("-q")
        .arg(base.join("companies_id18.csv"))
        .arg(&path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("opportunities.csv: its Id column holds Opportunity ids, so it is an export of Opportunity records, not of accounts"),
        "{stderr}"
    );
    // The accounts themselves are not refused.
    let (code, _) = case("bulk_load", "companies_id18.csv", &[]);
    assert_eq!(code, 0);
}

/// Two restaurant guides describe 112 of the same restaurants, each in its
/// own words: `spago` and `spago (los angeles)`, `the palm` and `palm  the
/// (los angeles)`, `restaurant katsu` and `katsu`, `arts delicatessen` and
/// `arts deli`.
#[test]
fn names_as_people_write_them() {
    let (code, r) = case("restaurants", "companies_listed.csv", &[]);
    assert_eq!(code, 0);
    assert_eq!(suggestion(&r), ("Name", "works_as_is"));
    let name = field(&r, "Name");
    assert_eq!(
        (name["exact"].as_u64(), name["normalized"].as_u64()),
        (Some(82), Some(15))
    );
    assert_eq!(name["transforms"]["name-words"], 15);
    assert_eq!(name["fuzzy"], 3, "arts deli, philippe, second street grill");
    assert!(name["chance_rate"].as_f64().unwrap() < 0.02);
}

/// The restaurants of one guide that the other does not list: no field
/// holds them, and the few names alike by chance (`patria` and `patina`)
/// are not taken for the same restaurant.
#[test]
fn names_alike_by_chance_suggest_nothing() {
    let (code, r) = case("restaurants", "companies_unlisted.csv", &[]);
    assert_eq!(code, 1);
    assert!(r["suggestion"].is_null());
    for f in r["fields"].as_array().unwrap() {
        assert!(f["score"].as_f64().unwrap() < 0.01, "{f:#}");
    }
    assert_eq!(field(&r, "Name")["fuzzy"], 0);
}

/// Runs a case that writes the work list and the update file; returns the
/// exit code, the report, and the rows of both files (header first).
fn fix_case(dir: &str, companies: &str) -> (i32, Value, Vec<Vec<String>>, Vec<Vec<String>>) {
    let out = tempfile::TempDir::new().unwrap();
    let (mapping, update) = (
        out.path().join("mapping.csv"),
        out.path().join("update.csv"),
    );
    let (code, r) = case(
        dir,
        companies,
        &[
            "--emit-mapping",
            mapping.to_str().unwrap(),
            "--emit-update",
            update.to_str().unwrap(),
        ],
    );
    (code, r, read_csv(&mapping), read_csv(&update))
}

fn read_csv(path: &Path) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

/// The (Zagat's id, Fodor's id) pairs the benchmark says are one restaurant.
fn same_restaurants() -> std::collections::HashSet<(String, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/real/restaurants/matches.csv");
    read_csv(&path)
        .into_iter()
        .skip(1)
        .map(|r| (r[1].clone(), r[0].clone()))
        .collect()
}

/// Checks the rules of an update file: `Id` and the field, no account and no
/// company twice; returns its (account, company_id) rows.
fn update_rows(update: &[Vec<String>], field: &str) -> Vec<(String, String)> {
    assert_eq!(update[0], ["Id", field]);
    let rows: Vec<(String, String)> = update[1..]
        .iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    let accounts: std::collections::HashSet<_> = rows.iter().map(|r| &r.0).collect();
    let companies: std::collections::HashSet<_> = rows.iter().map(|r| &r.1).collect();
    assert_eq!(accounts.len(), rows.len(), "an account twice");
    assert_eq!(companies.len(), rows.len(), "a company twice");
    rows
}

/// Fodor's restaurants, by Fodor's own ids, which no Zagat's field holds;
/// but the guides give the same phone numbers, written `310/246-1501` and
/// `310-246-1501`. The bridge is found, and every account the update file
/// sets is the restaurant the benchmark says it is. Four restaurants have
/// another number in each guide, and three phones belong to two of Zagat's
/// restaurants (a hotel's): none of those is in the file.
#[test]
fn a_phone_number_bridges_restaurants_no_id_links() {
    let (code, r, mapping, update) = fix_case("restaurants", "companies_bridge_phone.csv");
    assert_eq!(code, 1, "no field holds company_id");
    let b = &r["bridge"];
    assert_eq!(
        (b["column"].as_str(), b["field"].as_str()),
        (Some("Company phone"), Some("Phone"))
    );
    assert_eq!(b["by_name"], false);
    assert_eq!(
        (b["exact"].as_u64(), b["normalized"].as_u64()),
        (Some(0), Some(106))
    );
    assert_eq!(b["chance_rate"], 0.0);
    assert_eq!(b["alternatives"][0]["column"], "Company name");
    let rows = update_rows(&update, "Intercom_Company_ID__c");
    let truth = same_restaurants();
    assert_eq!(rows.len(), 105);
    for row in &rows {
        assert!(truth.contains(row), "{row:?} is two restaurants");
    }
    let u = &r["update"];
    assert_eq!(
        (u["new_field"].as_bool(), u["accounts"].as_u64()),
        (Some(true), Some(105))
    );
    assert_eq!(
        (u["ambiguous"].as_u64(), u["unmatched"].as_u64()),
        (Some(3), Some(4))
    );
    // The work list: one row per company, the status of each.
    assert_eq!(mapping.len(), 113);
    let status = |s: &str| mapping.iter().filter(|r| r[3] == s).count();
    assert_eq!(
        (
            status("needs_fix"),
            status("ambiguous"),
            status("unmatched")
        ),
        (105, 3, 4)
    );
}

/// The restaurants whose names the guides write differently, with nothing
/// else to go by. Names link (`restaurant katsu` and `katsu`), but a name
/// can also be a namesake's: Fodor's `le montrachet` in Las Vegas is Zagat's
/// `le montrachet bistro` there, not `montrachet` in New York. So the
/// bridge is flagged for review, and names only similar (`arts delicatessen`
/// and `arts deli`) never go into the file.
#[test]
fn a_name_bridge_is_for_review_and_never_takes_a_similar_name() {
    let (code, r, mapping, update) = fix_case("restaurants", "companies_bridge_names.csv");
    assert_eq!(code, 1);
    assert_eq!(r["bridge"]["by_name"], true);
    assert_eq!(r["update"]["review"], true);
    let similar: Vec<&str> = mapping
        .iter()
        .filter(|row| row[3] == "similar")
        .map(|row| row[1].as_str())
        .collect();
    assert_eq!(similar.len(), 3, "{mapping:?}");
    let rows = update_rows(&update, "Intercom_Company_ID__c");
    let fixed: Vec<&str> = mapping
        .iter()
        .filter(|row| row[3] == "needs_fix")
        .map(|row| row[1].as_str())
        .collect();
    for (_, company) in &rows {
        assert!(
            fixed.contains(&company.as_str()),
            "{company} is not a sure link"
        );
        assert!(!similar.contains(&company.as_str()));
    }
    let truth = same_restaurants();
    let right = rows.iter().filter(|row| truth.contains(row)).count();
    assert_eq!((right, rows.len()), (12, 13), "{rows:?}");
    let text = assert_cmd::cargo::cargo_bin_cmd!("fieldmatch")
        .arg("-q")
        .arg(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/real/restaurants/companies_bridge_names.csv"),
        )
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/real/restaurants/accounts.csv"))
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("The link is by company name: review every row before loading."),
        "{text}"
    );
    // Three of the sixteen names are on several accounts: no update can
    // write those links, and the verdict says so.
    assert!(
        text.contains("13 of those 16 on one account alone"),
        "{text}"
    );
}

/// Data Loader's accounts as companies of an app with ids of its own, and
/// the ERP number as a custom attribute, without the region prefix the
/// account's `ORACLE_ID__C` carries (`203974`, `4-203974`). The bridge
/// needs that fix; the update file sets every account from its own number.
#[test]
fn an_erp_number_bridges_an_app_s_own_ids() {
    let (code, r, _, update) = fix_case("bulk_load", "companies_bridge_erp.csv");
    assert_eq!(code, 1);
    let b = &r["bridge"];
    assert_eq!(
        (b["column"].as_str(), b["field"].as_str()),
        (Some("oracle_id"), Some("ORACLE_ID__C"))
    );
    assert_eq!(b["linked"], 273);
    assert_eq!(b["examples"][0]["transform"], "prefix");
    // Data Loader writes the amounts of a Number field as `6.0E7`: they
    // stand for none of the ids, and are not blamed for them.
    let cause = r["diagnosis"]["likely_cause"].as_str().unwrap();
    assert!(!cause.contains("ANNUALREVENUE"), "{cause}");
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/real/bulk_load");
    let erp_of_account: std::collections::HashMap<String, String> =
        read_csv(&base.join("accounts.csv"))
            .into_iter()
            .skip(1)
            .map(|a| (a[0].clone(), a[19].clone()))
            .collect();
    let erp_of_company: std::collections::HashMap<String, String> =
        read_csv(&base.join("companies_bridge_erp.csv"))
            .into_iter()
            .skip(1)
            .map(|c| (c[0].clone(), c[2].clone()))
            .collect();
    let rows = update_rows(&update, "Intercom_Company_ID__c");
    assert_eq!(rows.len(), 273);
    for (account, company) in &rows {
        let (a, c) = (&erp_of_account[account], &erp_of_company[company]);
        assert!(
            a.ends_with(&format!("-{c}")),
            "{account} ({a}) is not company {company} ({c})"
        );
    }
}

/// Column `column` of the `name` file of the S&P 500 case, without its header.
fn sp500_column(name: &str, column: usize) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/real/sp500")
        .join(name);
    read_csv(&path)
        .into_iter()
        .skip(1)
        .map(|row| row[column].clone())
        .collect()
}

/// Tickers are short codes in capitals (`A`, `T`, `MMM`), and the two lists
/// are nine years apart: a third of the 2026 index was not in it in 2017.
/// The ticker field is found, every ticker the 2017 list has counts, and
/// short codes are not mistaken for chance.
#[test]
fn short_tickers_nine_years_apart_are_found_and_counted() {
    let (code, r) = case("sp500", "companies_tickers.csv", &["--as-of", "2026-12-05"]);
    assert_eq!(code, 0, "{r:#}");
    assert_eq!(suggestion(&r), ("Symbol", "works_as_is"));
    let listed_2017: std::collections::HashSet<String> =
        sp500_column("accounts.csv", 0).into_iter().collect();
    let tickers = sp500_column("companies_tickers.csv", 1);
    let both = tickers.iter().filter(|t| listed_2017.contains(*t)).count();
    assert!(both > 300 && both < tickers.len(), "{both}");
    let symbol = field(&r, "Symbol");
    assert_eq!(symbol["exact"], both as u64);
    assert!(symbol["chance_rate"].as_f64().unwrap() < 0.05, "{symbol:#}");
    // No other field holds tickers; the closest is a name that is its
    // ticker (`EBAY` and `eBay Inc.`).
    assert!(
        r["fields"][1]["score"].as_f64().unwrap() < 0.05,
        "{:#}",
        r["fields"][1]
    );
    // Through the tickers, names and sectors map, the sectors through a
    // value map for the reclassification between the lists.
    let mapped = |attribute: &str| {
        let a = r["attributes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["attribute"] == attribute)
            .unwrap();
        (
            a["field"].as_str().unwrap_or("none"),
            a["outcome"].as_str().unwrap(),
        )
    };
    assert_eq!(mapped("Company name"), ("Name", "mapped"));
    assert_eq!(mapped("Company industry"), ("Sector", "mapped"));
}

/// An app that keys companies by their SEC number, which the 2017 list does
/// not hold, with the ticker as a custom attribute: the ticker is the
/// bridge, and a link through codes is no link by name to review.
#[test]
fn a_ticker_bridges_as_an_identity_not_as_a_name() {
    let (code, r) = case(
        "sp500",
        "companies_bridge_ticker.csv",
        &["--as-of", "2026-12-05"],
    );
    assert_eq!(code, 1, "{r:#}");
    let b = &r["bridge"];
    assert_eq!(
        (b["column"].as_str(), b["field"].as_str()),
        (Some("ticker"), Some("Symbol"))
    );
    assert_eq!(b["by_name"], false, "{b:#}");
    let listed_2017: std::collections::HashSet<String> =
        sp500_column("accounts.csv", 0).into_iter().collect();
    let tickers = sp500_column("companies_bridge_ticker.csv", 3);
    let both = tickers.iter().filter(|t| listed_2017.contains(*t)).count() as u64;
    let (sampled, linked) = (
        b["companies"].as_u64().unwrap(),
        b["linked"].as_u64().unwrap(),
    );
    // Sampled by distinct SEC number (three companies have two tickers).
    assert!(
        sampled < tickers.len() as u64 && linked <= both && linked + 3 >= both,
        "{b:#}"
    );
    // Fields of decimal numbers are described as such, and two of them
    // that hold none of the ids are no ambiguity to warn of.
    let closest = r["diagnosis"]["closest"].to_string();
    assert!(closest.contains("decimal numbers"), "{closest}");
    let warnings = r["warnings"].to_string();
    assert!(!warnings.contains("too close to tell apart"), "{warnings}");
    // The list has no account ids to key an update file by: the offer of
    // one says what it needs; an export with them is offered it plainly.
    let offer = "once the accounts export has the Id column";
    assert!(company_id_remedy(&r).contains(offer), "{r:#}");
    let (_, r) = case("bulk_load", "companies_erp.csv", &[]);
    let remedy = company_id_remedy(&r);
    assert!(
        remedy.contains("--emit-update") && !remedy.contains(offer),
        "{remedy}"
    );
}

/// What the checklist says to do about the field that holds company_id.
fn company_id_remedy(r: &Value) -> &str {
    check(r, "company_id")["remedy"]
        .as_str()
        .unwrap_or_default()
}

/// The rows of a file of a real case, header left out.
fn case_rows(dir: &str, name: &str) -> Vec<Vec<String>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/real")
        .join(dir)
        .join(name);
    read_csv(&path).into_iter().skip(1).collect()
}

/// Letters and digits, lowercased: what is left of a slug and of the name
/// it was made from when only ASCII is in both.
fn ascii_skeleton(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Sweden's public bodies, keyed by the register's slugs of their names:
/// `karlskrona-kommun` for Karlskrona kommun, but `alingsas-kommun` for
/// Alingsås kommun. Accents are not taken away: the name holds the slugs of
/// the names without them, after a fix, and nothing else, not even by
/// similarity. No field reaches --min-rate, and the names themselves are
/// the bridge for every company.
#[test]
fn slugs_of_names_with_accents_bridge_through_the_names() {
    let (code, r) = case("publicbodies/se", "companies_slugs.csv", &[]);
    assert_eq!(code, 1, "{r:#}");
    assert!(r["suggestion"].is_null());
    let companies = case_rows("publicbodies/se", "companies_slugs.csv");
    let ascii = companies
        .iter()
        .filter(|c| c[0].is_ascii() && ascii_skeleton(&c[0]) == ascii_skeleton(&c[1]))
        .count();
    let accented = companies.iter().filter(|c| !c[0].is_ascii()).count();
    assert!(ascii > 200 && accented > 300, "{ascii} {accented}");
    assert_eq!(r["fields"][0]["field"], "Name");
    let name = field(&r, "Name");
    let found = [
        &name["matched"],
        &name["exact"],
        &name["normalized"],
        &name["fuzzy"],
    ];
    assert_eq!(
        found,
        [ascii, 0, ascii, 0].map(serde_json::Value::from).each_ref()
    );
    assert_eq!(name["chance_rate"], 0.0);
    let b = &r["bridge"];
    assert_eq!(
        (b["column"].as_str(), b["field"].as_str(), &b["by_name"]),
        (Some("Company name"), Some("Name"), &Value::Bool(true))
    );
    assert_eq!(b["linked"], companies.len());
    assert_eq!(b["exact"], companies.len());
}

/// Greece's public bodies: names in Greek, many in capitals with Σ ending
/// words, some with a space after them, a few shared by two bodies or by
/// two rows of one; slugs in Latin letters, which only the abbreviation of
/// some bodies holds. The names bridge: a company whose name another
/// shares links none, a name with a space after it links after a fix, and
/// a name on two accounts is ambiguous in the work list.
#[test]
fn greek_names_bridge_with_their_spaces_and_their_namesakes() {
    let out = tempfile::TempDir::new().unwrap();
    let path = out.path().join("mapping.csv");
    let emit = ["--emit-mapping", path.to_str().unwrap()];
    let (code, r) = case("publicbodies/gr", "companies_slugs.csv", &emit);
    assert_eq!(code, 1, "{r:#}");
    let mapping = read_csv(&path);
    let companies = case_rows("publicbodies/gr", "companies_slugs.csv");
    let accounts = case_rows("publicbodies/gr", "accounts.csv");
    let abbreviations: std::collections::HashSet<&str> =
        accounts.iter().map(|a| a[1].as_str()).collect();
    let abbreviated = companies
        .iter()
        .filter(|c| abbreviations.contains(c[1].as_str()))
        .count();
    assert_eq!(r["fields"][0]["field"], "Abbreviation__c");
    let abbreviation = field(&r, "Abbreviation__c");
    assert_eq!(abbreviation["exact"], abbreviated);
    assert_eq!(abbreviation["matched"], abbreviated);
    // What the name of each company links to: the accounts of its name
    // byte for byte, or else of its name with their spaces trimmed.
    let holders = |v: &str| companies.iter().filter(|c| c[0].trim() == v).count();
    let (mut exact, mut fixed, mut one, mut ambiguous) = (0, 0, 0, 0);
    for c in &companies {
        let v = c[0].trim();
        let equal = accounts.iter().filter(|a| a[0] == v).count();
        let trimmed = accounts.iter().filter(|a| a[0].trim() == v).count();
        let on = if equal > 0 { equal } else { trimmed };
        if holders(v) > 1 || on > 1 {
            ambiguous += 1;
        }
        if holders(v) > 1 {
            continue;
        }
        if equal > 0 {
            exact += 1;
        } else if trimmed > 0 {
            fixed += 1;
        }
        one += usize::from(on == 1);
    }
    assert!(fixed > 30 && ambiguous > 5, "{fixed} {ambiguous}");
    let b = &r["bridge"];
    assert_eq!(
        (b["column"].as_str(), b["field"].as_str()),
        (Some("Company name"), Some("Name"))
    );
    let figures = [&b["linked"], &b["exact"], &b["normalized"]];
    assert_eq!(
        figures,
        [exact + fixed, exact, fixed]
            .map(serde_json::Value::from)
            .each_ref()
    );
    let unique = b["unique_rate"].as_f64().unwrap() * (exact + fixed) as f64;
    assert_eq!(unique.round() as usize, one);
    // The companies whose name another company shares link none, and the
    // verdict says how many, where the rate alone would leave them out.
    let shared = companies
        .iter()
        .filter(|c| holders(c[0].trim()) > 1)
        .count();
    assert!(shared > 1, "{shared}");
    assert_eq!(b["shared"], shared);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/real/publicbodies/gr");
    let text = assert_cmd::cargo::cargo_bin_cmd!("fieldmatch")
        .arg("-q")
        .arg(dir.join("companies_slugs.csv"))
        .arg(dir.join("accounts.csv"))
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    let said = format!("; {shared} companies share their value with another company and link none");
    assert!(text.contains(&said), "{text}");
    let status = |s: &str| mapping.iter().filter(|row| row[3] == s).count();
    assert_eq!(
        (status("needs_fix"), status("ambiguous")),
        (one, ambiguous),
        "{mapping:?}"
    );
    assert_eq!(mapping.len() - 1, companies.len());
}

/// Where no field is suggested because the ids are written without the
/// accents the names have, the likely cause says so, with a pair from the
/// export, and not that the companies are missing from Salesforce.
#[test]
fn ids_written_without_accents_are_the_likely_cause() {
    let (_, r) = case("publicbodies/se", "companies_slugs.csv", &[]);
    let cause = r["diagnosis"]["likely_cause"].as_str().unwrap();
    assert!(
        cause.starts_with("company_id is written without the accents `Name` has"),
        "{cause}"
    );
    assert!(!cause.contains("only some companies"), "{cause}");
    let companies = case_rows("publicbodies/se", "companies_slugs.csv");
    let pair = companies
        .iter()
        .find(|c| cause.contains(&format!("(`{}` is `{}`)", c[0], c[1])));
    assert!(pair.is_some_and(|c| !c[0].is_ascii()), "{cause}");
    // Greek names keep their letters without accents: no such cause.
    let (_, r) = case("publicbodies/gr", "companies_slugs.csv", &[]);
    let cause = r["diagnosis"]["likely_cause"].as_str().unwrap();
    assert!(!cause.contains("accents"), "{cause}");
}
