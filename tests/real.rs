//! Cases made from public exports and data sets that this project did not
//! write (see `tests/real/README.md` for each source and its licence): the
//! right field, the suggestion or none, and the exit code, on the real
//! data's own difficulties.

mod common;

use std::path::{Path, PathBuf};

use common::field;
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
