//! Runs the real binary on small exports written to a scratch directory.

mod common;

use std::fmt::Write as _;
use std::path::Path;

use common::{Env, field_names};
use predicates::prelude::PredicateBooleanExt;
use serde_json::Value;

/// Companies `cmp_0` .. `cmp_{n-1}` in an Intercom-shaped export.
fn companies(n: usize) -> String {
    let mut s = String::from("Company name,Company ID,Plan\n");
    for i in 0..n {
        writeln!(s, "Company {i},cmp_{i},Pro").unwrap();
    }
    s
}

/// Accounts where `Ext_Id__c` holds the ids of the first `linked` companies,
/// `ParentId` a few of them, and `Name` none.
fn accounts(n: usize, linked: usize) -> String {
    let mut s = String::from("\"Id\",\"Name\",\"ParentId\",\"Ext_Id__c\"\n");
    for i in 0..n {
        let ext = if i < linked {
            format!("cmp_{i}")
        } else {
            String::new()
        };
        let parent = if i % 10 == 0 {
            format!("cmp_{i}")
        } else {
            String::new()
        };
        writeln!(
            s,
            "\"001{i:012}AAA\",\"Account {i}\",\"{parent}\",\"{ext}\""
        )
        .unwrap();
    }
    s
}

#[test]
fn happy_path_puts_the_right_field_first() {
    let env = Env::new();
    env.write("companies.csv", &companies(200));
    env.write("accounts.csv", &accounts(250, 180));
    let (code, r) = env.json(&["companies.csv", "accounts.csv"]);
    assert_eq!(code, 0);
    assert_eq!(r["suggestion"]["field"], "Ext_Id__c");
    assert_eq!(r["suggestion"]["works_as_is"], true);
    let best = &r["fields"][0];
    assert_eq!(best["field"], "Ext_Id__c");
    assert_eq!(best["rank"], 1);
    assert_eq!(best["matched"], 180);
    assert_eq!(best["exact_rate"], 0.9);
    assert_eq!(best["match_rate"], 0.9);
    assert_eq!(best["unique_rate"], 1.0);
    assert_eq!(best["fill_rate"], 180.0 / 250.0);
    assert_eq!(best["normalized_rate"], 0.0);
    assert_eq!(best["fuzzy_rate"], 0.0);
    assert_eq!(r["fields"][1]["field"], "ParentId");
    assert_eq!(r["fields"][1]["matched"], 20);
    let example = &best["examples"][0];
    assert_eq!(example["company_id"], example["value"]);
    assert_eq!(example["kind"], "exact");
}

#[test]
fn json_follows_the_contract() {
    let env = Env::new();
    env.write("c.csv", &companies(50));
    env.write("a.csv", &accounts(50, 50));
    let (_, r) = env.json(&["c.csv", "a.csv", "--seed", "9", "--min-rate", "0.4"]);
    assert_eq!(r["schema_version"], 1);
    for key in ["sample", "seed", "threshold", "min_rate", "metric"] {
        assert!(r["parameters"].get(key).is_some(), "parameters.{key}");
    }
    assert_eq!(r["parameters"]["seed"], 9);
    assert_eq!(r["parameters"]["min_rate"], 0.4);
    for key in [
        "path",
        "id_column",
        "rows",
        "blank_ids",
        "distinct_ids",
        "sampled",
    ] {
        assert!(r["companies"].get(key).is_some(), "companies.{key}");
    }
    assert_eq!(r["companies"]["path"], "c.csv");
    assert_eq!(r["companies"]["id_column"], "Company ID");
    assert_eq!(r["accounts"]["rows"], 50);
    assert_eq!(r["accounts"]["fields"], 4);
    for key in [
        "rank",
        "field",
        "match_rate",
        "exact_rate",
        "normalized_rate",
        "fuzzy_rate",
        "unique_rate",
        "fill_rate",
        "matched",
        "examples",
    ] {
        assert!(r["fields"][0].get(key).is_some(), "fields[].{key}");
    }
    for key in ["company_id", "value", "kind", "transform"] {
        assert!(
            r["fields"][0]["examples"][0].get(key).is_some(),
            "examples[].{key}"
        );
    }
    for key in ["field", "match_rate", "works_as_is"] {
        assert!(r["suggestion"].get(key).is_some(), "suggestion.{key}");
    }
}

#[test]
fn no_field_qualifies_exits_1_with_null_suggestion() {
    let env = Env::new();
    env.write("companies.csv", &companies(100));
    env.write("accounts.csv", &accounts(100, 30));
    let (code, r) = env.json(&["companies.csv", "accounts.csv"]);
    assert_eq!(code, 1);
    assert!(r["suggestion"].is_null());
    assert_eq!(r["fields"][0]["field"], "Ext_Id__c", "still ranked");
    env.cmd()
        .args(["companies.csv", "accounts.csv"])
        .assert()
        .code(1)
        .stdout(predicates::str::starts_with(
            "No Account field holds company_id: the closest, `Ext_Id__c`",
        ));
    // The same data passes a lower bar.
    let (code, r) = env.json(&["companies.csv", "accounts.csv", "--min-rate", "0.25"]);
    assert_eq!(code, 0);
    assert_eq!(r["suggestion"]["field"], "Ext_Id__c");
}

#[test]
fn missing_id_column_names_the_nearest_header() {
    let env = Env::new();
    env.write(
        "companies.csv",
        "id,Company name,Company Identifier\n531ee472cce572a6ec000006,Acme,1\n",
    );
    env.write("accounts.csv", &accounts(5, 5));
    let out = env
        .cmd()
        .args(["companies.csv", "accounts.csv"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("companies.csv"), "{stderr}");
    assert!(
        stderr.contains("did you mean 'Company Identifier'?"),
        "{stderr}"
    );
    assert!(stderr.contains("--id-column"), "{stderr}");
    assert!(out.get_output().stdout.is_empty());
}

#[test]
fn id_column_chooses_the_column() {
    let env = Env::new();
    let mut c = String::from("id,Company name,external_ref\n");
    for i in 0..40 {
        writeln!(c, "{i:024x},Company {i},cmp_{i}").unwrap();
    }
    env.write("companies.csv", &c);
    env.write("accounts.csv", &accounts(40, 40));
    env.cmd()
        .args(["companies.csv", "accounts.csv"])
        .assert()
        .code(2);
    let (code, r) = env.json(&[
        "companies.csv",
        "accounts.csv",
        "--id-column",
        "external_ref",
    ]);
    assert_eq!(code, 0);
    assert_eq!(r["companies"]["id_column"], "external_ref");
    assert_eq!(r["suggestion"]["field"], "Ext_Id__c");
    let out = env
        .cmd()
        .args([
            "companies.csv",
            "accounts.csv",
            "--id-column",
            "external_id",
        ])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("did you mean 'external_ref'"), "{stderr}");
}

#[test]
fn blank_and_duplicate_ids_are_counted_once() {
    let env = Env::new();
    let c = "Company name,company_id\nA,a1\nB,\nC,   \nA again,a1\nD,d4\nE,e5\nD again,d4\n";
    env.write("companies.csv", c);
    env.write("accounts.csv", "Id,Ref\n1,a1\n2,d4\n3,e5\n4,a1\n");
    let (code, r) = env.json(&["companies.csv", "accounts.csv"]);
    assert_eq!(code, 0);
    let co = &r["companies"];
    assert_eq!(
        (co["rows"].as_u64(), co["blank_ids"].as_u64()),
        (Some(7), Some(2))
    );
    assert_eq!(
        (co["distinct_ids"].as_u64(), co["sampled"].as_u64()),
        (Some(3), Some(3))
    );
    let best = &r["fields"][0];
    assert_eq!(
        (best["field"].as_str(), best["matched"].as_u64()),
        (Some("Ref"), Some(3))
    );
    // a1 is on two accounts: two of the three matched ids are unique.
    assert_eq!(best["unique_rate"], 2.0 / 3.0);
    assert!(
        r["warnings"][0]
            .as_str()
            .unwrap()
            .contains("more than one account")
    );
}

#[test]
fn all_blank_ids_is_an_input_error() {
    let env = Env::new();
    env.write("companies.csv", "Company name,company_id\nA,\nB,\n");
    env.write("accounts.csv", &accounts(3, 3));
    env.cmd()
        .args(["companies.csv", "accounts.csv"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("companies.csv").and(predicates::str::contains("blank")));
}

#[test]
fn same_seed_gives_the_same_json_on_any_thread_count() {
    let env = Env::new();
    // Both exports large enough to be cut into several chunks, and sampled
    // for real: the per-worker samples must merge into the same one.
    env.write("companies.csv", &companies(150_000));
    let mut a = String::from("Id,Ext_Id__c,Code,Notes\n");
    for i in 0..120_000 {
        let ext = if i % 7 == 0 {
            String::new()
        } else {
            format!("cmp_{}", i % 150_000)
        };
        writeln!(
            a,
            "001{i:012}AAA,{ext},cmp_{},\"long note {i} {}\"",
            (i * 7) % 600_000,
            "x".repeat(20)
        )
        .unwrap();
    }
    env.write("accounts.csv", &a);
    let args = [
        "companies.csv",
        "accounts.csv",
        "--sample",
        "500",
        "--seed",
        "1234",
    ];
    let run = |threads: &str| {
        let out = env
            .cmd()
            .env("RAYON_NUM_THREADS", threads)
            .args(args)
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        out.stdout
    };
    let one = run("1");
    assert_eq!(one, run("2"));
    assert_eq!(one, run("2"));
    let r: Value = serde_json::from_slice(&one).unwrap();
    assert_eq!(r["companies"]["sampled"], 500);
    assert_eq!(r["parameters"]["seed"], 1234);
    assert_eq!(r["accounts"]["rows"], 120_000);
    assert_eq!(field_names(&r)[..2], ["Ext_Id__c", "Code"]);
    // Another seed draws another sample.
    let other = env
        .cmd()
        .args([
            "companies.csv",
            "accounts.csv",
            "--sample",
            "500",
            "--seed",
            "99",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let other: Value = serde_json::from_slice(&other.stdout).unwrap();
    assert_ne!(other["fields"][0]["examples"], r["fields"][0]["examples"]);
}

#[test]
fn sample_zero_takes_every_id() {
    let env = Env::new();
    env.write("companies.csv", &companies(1500));
    env.write("accounts.csv", &accounts(1500, 1500));
    let (_, r) = env.json(&["companies.csv", "accounts.csv", "--sample", "0"]);
    assert_eq!(r["companies"]["sampled"], 1500);
    assert_eq!(r["fields"][0]["matched"], 1500);
    let (_, r) = env.json(&["companies.csv", "accounts.csv"]);
    assert_eq!(r["companies"]["sampled"], 1000);
}

#[test]
fn fields_and_exclude_restrict_the_candidates() {
    let env = Env::new();
    env.write("companies.csv", &companies(50));
    env.write("accounts.csv", &accounts(50, 50));
    let (_, r) = env.json(&["companies.csv", "accounts.csv", "--fields", "Name,ParentId"]);
    assert_eq!(field_names(&r), ["ParentId", "Name"]);
    assert_eq!(r["accounts"]["fields"], 2);
    let (code, r) = env.json(&["companies.csv", "accounts.csv", "--exclude", "Ext_Id__c"]);
    assert_eq!(code, 1);
    assert!(!field_names(&r).contains(&"Ext_Id__c".to_string()));
    // Header case differs between Data Loader versions.
    let (_, r) = env.json(&["companies.csv", "accounts.csv", "--fields", "ext_id__c"]);
    assert_eq!(field_names(&r), ["Ext_Id__c"]);
    let out = env
        .cmd()
        .args(["companies.csv", "accounts.csv", "--fields", "Ext_ID"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        stderr.contains("did you mean 'Ext_Id__c'") && stderr.contains("accounts.csv"),
        "{stderr}"
    );
}

#[test]
fn top_limits_the_listed_fields() {
    let env = Env::new();
    env.write("companies.csv", &companies(50));
    env.write("accounts.csv", &accounts(50, 50));
    let (_, r) = env.json(&["companies.csv", "accounts.csv", "--top", "2"]);
    assert_eq!(field_names(&r), ["Ext_Id__c", "ParentId"]);
    assert_eq!(r["accounts"]["fields"], 4);
    let (_, r) = env.json(&["companies.csv", "accounts.csv", "--top", "0"]);
    assert_eq!(field_names(&r).len(), 4);
}

#[test]
fn output_writes_the_file_and_nothing_to_stdout() {
    let env = Env::new();
    env.write("companies.csv", &companies(50));
    env.write("accounts.csv", &accounts(50, 50));
    let old = env.write("report.json", "old report");
    env.cmd()
        .args([
            "companies.csv",
            "accounts.csv",
            "--format",
            "json",
            "-o",
            "report.json",
        ])
        .assert()
        .code(0)
        .stdout("");
    let r: Value = serde_json::from_str(&std::fs::read_to_string(&old).unwrap()).unwrap();
    assert_eq!(r["suggestion"]["field"], "Ext_Id__c");
    let leftovers: Vec<_> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".fieldmatch"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
}

#[test]
fn output_into_a_missing_directory_fails_cleanly() {
    let env = Env::new();
    env.write("companies.csv", &companies(5));
    env.write("accounts.csv", &accounts(5, 5));
    env.cmd()
        .args([
            "companies.csv",
            "accounts.csv",
            "-o",
            "no/such/dir/report.txt",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no/such/dir/report.txt"));
}

#[test]
fn output_may_not_overwrite_an_input() {
    let env = Env::new();
    env.write("companies.csv", &companies(5));
    let accounts_csv = accounts(5, 5);
    env.write("accounts.csv", &accounts_csv);
    env.cmd()
        .args(["companies.csv", "accounts.csv", "-o", "accounts.csv"])
        .assert()
        .code(2);
    assert_eq!(
        std::fs::read_to_string(env.dir.path().join("accounts.csv")).unwrap(),
        accounts_csv
    );
}

#[test]
fn bad_flag_values_exit_2() {
    let env = Env::new();
    env.write("companies.csv", &companies(5));
    env.write("accounts.csv", &accounts(5, 5));
    for args in [
        &["--threshold", "1.5"][..],
        &["--min-rate", "-1"],
        &["--sample", "-5"],
        &["--format", "xml"],
        &["--metric", "cosine"],
        &["--top", "many"],
    ] {
        let out = env
            .cmd()
            .args(["companies.csv", "accounts.csv"])
            .args(args)
            .assert()
            .code(2);
        assert!(!out.get_output().stderr.is_empty(), "{args:?}");
    }
}

#[test]
fn missing_and_empty_inputs_exit_2_naming_the_file() {
    let env = Env::new();
    env.write("companies.csv", &companies(5));
    env.write("empty.csv", "");
    env.write("header_only.csv", "Id,Name\n");
    for (accounts, says) in [
        ("nope.csv", "no such file"),
        ("empty.csv", "empty"),
        ("header_only.csv", "no data rows"),
        (".", "directory"),
    ] {
        env.cmd()
            .args(["companies.csv", accounts])
            .assert()
            .code(2)
            .stderr(predicates::str::contains(accounts).and(predicates::str::contains(says)));
    }
}

#[test]
fn an_empty_export_says_which_export_to_make_again() {
    let env = Env::new();
    env.write("companies.csv", &companies(5));
    env.write("accounts.csv", &accounts(5, 5));
    env.write("empty.csv", "");
    for (args, says) in [
        (
            ["empty.csv", "accounts.csv"],
            "fieldmatch: empty.csv: the file is empty; export the companies from Intercom as CSV\n",
        ),
        (
            ["companies.csv", "empty.csv"],
            "fieldmatch: empty.csv: the file is empty; export the accounts from Salesforce as CSV\n",
        ),
    ] {
        env.cmd()
            .args(args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(says);
    }
}

#[test]
fn multiline_quoted_values_do_not_break_rows() {
    let env = Env::new();
    env.write("companies.csv", "company_id\nx1\nx2\nx3\n");
    env.write(
        "accounts.csv",
        "Id,Description,Ref\r\n1,\"line one\nline, \"\"two\"\"\",x1\r\n2,\"\",x2\r\n3,\"a\r\nb\",x3\r\n",
    );
    let (code, r) = env.json(&["companies.csv", "accounts.csv"]);
    assert_eq!(code, 0);
    assert_eq!(r["accounts"]["rows"], 3);
    assert_eq!(r["fields"][0]["field"], "Ref");
    assert_eq!(r["fields"][0]["matched"], 3);
    assert_eq!(r["accounts"]["ragged_rows"], 0);
}

/// Past the reader's first chunks (2 MiB each), whose middles it skips
/// rather than scan, a row's line is still told right: every record has a
/// note over two lines, and one row, far in, has a cell too many.
#[test]
fn a_row_far_into_a_large_export_is_told_by_its_line() {
    let env = Env::new();
    env.write("companies.csv", &companies(100));
    let rows = 80_000;
    let ragged = 71_234;
    for quoted in [true, false] {
        let mut a = String::from("Id,Name,Note,Ext_Id__c\n");
        for i in 0..rows {
            let extra = if i == ragged { ",x" } else { "" };
            let ext = if i < 100 {
                format!("cmp_{i}")
            } else {
                String::new()
            };
            if quoted {
                writeln!(
                    a,
                    "\"001{i:012}AAA\",\"Account {i}\",\"Called, \"\"twice\"\"\nthen wrote\",\"{ext}\"{extra}"
                )
            } else {
                writeln!(a, "001{i:012}AAA,Account {i},Called twice then wrote,{ext}{extra}")
            }
            .unwrap();
        }
        assert!(a.len() > 4 << 20, "{} bytes", a.len());
        env.write("accounts.csv", &a);
        let (code, r) = env.json(&["companies.csv", "accounts.csv"]);
        assert_eq!(code, 0);
        assert_eq!(r["accounts"]["rows"], rows);
        assert_eq!(r["accounts"]["ragged_rows"], 1);
        // The header is line 1, and a quoted row takes two lines.
        let line = if quoted { 2 + 2 * ragged } else { 2 + ragged };
        let said = format!("(at line {line})");
        let warnings = r["warnings"].to_string();
        assert!(warnings.contains(&said), "{said} in {warnings}");
    }
}

#[test]
fn table_is_the_default_and_reads_as_a_verdict() {
    let env = Env::new();
    env.write("companies.csv", &companies(40));
    env.write("accounts.csv", &accounts(50, 30));
    let out = env
        .cmd()
        .args(["companies.csv", "accounts.csv", "--top", "3"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!("table", String::from_utf8(out.stdout).unwrap());
}

#[test]
fn every_format_renders_the_same_report() {
    let env = Env::new();
    env.write("companies.csv", &companies(40));
    env.write("accounts.csv", &accounts(50, 30));
    let render = |format: &str| {
        let out = env
            .cmd()
            .args(["companies.csv", "accounts.csv", "--format", format])
            .args(["--as-of", "2026-12-02"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{format}");
        String::from_utf8(out.stdout).unwrap()
    };
    insta::assert_snapshot!("markdown", render("markdown"));
    insta::assert_snapshot!("csv", render("csv"));
    insta::assert_snapshot!("json", render("json"));
    let html = render("html");
    insta::assert_snapshot!("html", html);
    // One self-contained page: nothing is fetched from anywhere.
    for external in ["<script", "<link", "src=", "url(", "http://", "https://"] {
        assert!(!html.contains(external), "{external}");
    }
}

#[test]
fn explain_shows_one_fields_full_evidence() {
    let env = Env::new();
    env.write("companies.csv", &companies(40));
    // Ext_Id__c: 30 ids, two of them written in upper case, one on two accounts.
    let mut a = String::from("Id,Ext_Id__c\n");
    for i in 0..30 {
        let v = if i < 2 {
            format!("CMP_{i}")
        } else {
            format!("cmp_{i}")
        };
        writeln!(a, "{i},{v}").unwrap();
    }
    a += "99,cmp_5\n";
    env.write("accounts.csv", &a);
    let text = env.stdout(&["companies.csv", "accounts.csv", "--explain", "ext_id__c"]);
    assert!(
        text.contains("Evidence for `Ext_Id__c` (rank 1): 30 of 40 sampled ids match"),
        "{text}"
    );
    assert!(
        text.contains("After a fix, by transform: case 2."),
        "{text}"
    );
    assert!(text.contains("cmp_0 → CMP_0  (case; 1 account)"), "{text}");
    assert!(
        text.contains("cmp_5 → cmp_5  (exact; 2 accounts)"),
        "{text}"
    );
    assert!(text.contains("Not found (10): "), "{text}");
    assert!(text.contains("Matched (the first 20 of 30):"), "{text}");
    let (_, r) = env.json(&["companies.csv", "accounts.csv", "--explain", "Ext_Id__c"]);
    assert_eq!(r["explain"]["matches_total"], 30);
    let e = &r["explain"];
    assert_eq!(e["field"]["field"], "Ext_Id__c");
    assert_eq!(e["unmatched"].as_array().unwrap().len(), 10);
    assert_eq!(e["repeated"][0]["company_id"], "cmp_5");
    assert_eq!(
        e["matches"][0]["kind"], "normalized",
        "the telling matches come first"
    );
    env.cmd()
        .args(["companies.csv", "accounts.csv", "--explain", "Nope"])
        .assert()
        .code(2);
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::io::Read;
    use std::process::Stdio;
    let env = Env::new();
    env.write("companies.csv", &companies(50));
    // Thousands of fields make a report far larger than a pipe's buffer.
    let header: Vec<String> = (0..3000).map(|i| format!("Field_{i}__c")).collect();
    let mut accounts = header.join(",") + "\n";
    for r in 0..50 {
        accounts += &vec![format!("cmp_{r}"); 3000].join(",");
        accounts.push('\n');
    }
    env.write("accounts.csv", &accounts);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("fieldmatch"))
        .current_dir(env.dir.path())
        .args(["companies.csv", "accounts.csv", "--top", "0", "--quiet"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The reader is gone: the rest of the report goes into a closed pipe.
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{:?}", out.status);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn readme_shows_the_real_help() {
    let out = assert_cmd::cargo::cargo_bin_cmd!("fieldmatch")
        .env_remove("COLUMNS")
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(
        readme.contains(help.trim_end()),
        "README's options block differs from --help:\n{help}"
    );
}

#[test]
fn bundled_data_suggests_the_intercom_field_first() {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/data");
    let out = assert_cmd::cargo::cargo_bin_cmd!("fieldmatch")
        .args([
            &format!("{data}/companies.csv"),
            &format!("{data}/accounts.csv"),
            "--format",
            "json",
            "-q",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["suggestion"]["field"], "Intercom_Company_ID__c");
    assert_eq!(r["suggestion"]["works_as_is"], true);
    assert_eq!(
        field_names(&r)[..2],
        ["Intercom_Company_ID__c", "Legacy_Customer_ID__c"]
    );
    // The numeric lookalike looks similar to a fifth of the ids, but no more
    // than chance allows, so it scores nothing (as the README says).
    let employees = r["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == "NumberOfEmployees")
        .unwrap();
    let fuzzy = employees["fuzzy_rate"].as_f64().unwrap();
    assert!((0.15..0.25).contains(&fuzzy), "{fuzzy}");
    assert!(employees["chance_rate"].as_f64().unwrap() >= fuzzy);
    assert_eq!(employees["score"], 0.0);
    // Every fix is told, with its count, and a space that cannot be seen
    // is shown.
    let fixes = r["suggestion"]["fixes"].as_array().unwrap();
    assert_eq!(fixes.len(), 2);
    let table = assert_cmd::cargo::cargo_bin_cmd!("fieldmatch")
        .args([
            &format!("{data}/companies.csv"),
            &format!("{data}/accounts.csv"),
            "-q",
        ])
        .args(["--explain", "Intercom_Company_ID__c"])
        .output()
        .unwrap();
    let text = String::from_utf8(table.stdout).unwrap();
    assert!(text.contains("(9: remove the '.0'"), "{text}");
    assert!(
        text.contains("; 7: trim the spaces around the values"),
        "{text}"
    );
    assert!(text.contains("102249 → \"102249 \"  (whitespace"), "{text}");
    assert!(
        text.contains("of companies with a company_id, at 95% confidence"),
        "{text}"
    );
}

#[test]
fn formulas_from_the_exports_are_neutralised_in_csv_and_markdown() {
    let env = Env::new();
    env.write("companies.csv", "company_id\n=1+1\n@SUM(A1)\n-3\n");
    env.write(
        "accounts.csv",
        "\"=HYPERLINK(\"\"http://x\"\")\",Other\n=1+1,a\n@SUM(A1),b\n-3,c\n",
    );
    let csv = env
        .cmd()
        .args(["companies.csv", "accounts.csv", "--format", "csv"])
        .output()
        .unwrap();
    let csv = String::from_utf8(csv.stdout).unwrap();
    let row = csv.lines().nth(1).unwrap();
    assert!(row.contains("'=HYPERLINK("), "{csv}");
    assert!(
        !csv.lines().any(|l| l
            .split(',')
            .any(|c| c.trim_start_matches('"').starts_with(['=', '+', '-', '@']))),
        "{csv}"
    );
    let md = env
        .cmd()
        .args(["companies.csv", "accounts.csv", "--format", "markdown"])
        .output()
        .unwrap();
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(md.contains("'=HYPERLINK"), "{md}");
}

#[test]
fn every_rate_comes_with_its_interval_and_close_fields_are_flagged() {
    let env = Env::new();
    env.write("companies.csv", &companies(200));
    // A holds 104 of the 200 ids, B 100: too close to call with 200 ids.
    let mut a = String::from("A,B\n");
    for i in 0..200 {
        let x = if i < 104 {
            format!("cmp_{i}")
        } else {
            String::new()
        };
        let y = if i >= 100 {
            format!("cmp_{i}")
        } else {
            String::new()
        };
        writeln!(a, "{x},{y}").unwrap();
    }
    env.write("accounts.csv", &a);
    let (_, r) = env.json(&["companies.csv", "accounts.csv"]);
    for f in r["fields"].as_array().unwrap() {
        let (lo, rate, hi) = (
            f["ci_low"].as_f64().unwrap(),
            f["match_rate"].as_f64().unwrap(),
            f["ci_high"].as_f64().unwrap(),
        );
        assert!(
            lo <= rate && rate <= hi && hi - lo > 0.05,
            "{lo} {rate} {hi}"
        );
    }
    let warnings = r["warnings"].to_string();
    assert!(
        warnings.contains("too close to tell apart with 200 sampled ids"),
        "{warnings}"
    );
    assert!(
        warnings.contains("even all the ids"),
        "only 200 ids exist: {warnings}"
    );
}

#[test]
fn intercom_internal_ids_are_diagnosed() {
    let env = Env::new();
    let mut c = String::from("Company name,Company ID\n");
    for i in 0..100 {
        writeln!(
            c,
            "Company {i},{:024x}",
            0x531e_e472_cce5_72a6_ec00_0000u128 + i
        )
        .unwrap();
    }
    env.write("companies.csv", &c);
    env.write("accounts.csv", &accounts(100, 100));
    let (code, r) = env.json(&["companies.csv", "accounts.csv"]);
    assert_eq!(code, 1);
    let d = &r["diagnosis"];
    assert_eq!(
        d["ids_look_like"],
        "24-character hex ids, like Intercom's own internal ids"
    );
    assert!(
        d["likely_cause"]
            .as_str()
            .unwrap()
            .contains("Intercom's internal company id"),
        "{d:#}"
    );
    assert_eq!(d["closest"].as_array().unwrap().len(), 3);
    let ext = r["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == "Ext_Id__c")
        .unwrap();
    assert_eq!(ext["holds"], "ids prefixed 'cmp_'");
    let text = env.stdout(&["companies.csv", "accounts.csv"]);
    assert!(
        text.contains("Likely cause: company_id looks like Intercom's internal company id"),
        "{text}"
    );
}

#[test]
fn colour_is_only_for_a_terminal() {
    let env = Env::new();
    env.write("companies.csv", &companies(50));
    env.write("accounts.csv", &accounts(50, 50));
    // Standard output is a pipe here: plain text, whatever NO_COLOR says.
    let out = env
        .cmd()
        .args(["companies.csv", "accounts.csv"])
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert!(!String::from_utf8(out.stdout).unwrap().contains('\x1b'));
    let dir = env.dir.path();
    let config = fieldmatch::Config::new(
        fieldmatch::Input::Path(dir.join("companies.csv")),
        fieldmatch::Input::Path(dir.join("accounts.csv")),
    );
    let r = fieldmatch::analyze(&config).unwrap().report;
    let coloured = r.render(fieldmatch::Format::Table, true);
    assert!(coloured.starts_with("\x1b["), "the verdict is coloured");
    assert!(!r.render(fieldmatch::Format::Table, false).contains('\x1b'));
}

/// An output that cannot be written is refused before anything is read,
/// naming the user's path, never a temporary file's.
#[test]
fn outputs_are_checked_before_the_work() {
    let env = Env::new();
    env.write("companies.csv", &companies(20));
    env.write("accounts.csv", &accounts(20, 20));
    for (args, says) in [
        (
            &["-o", "missing/report.txt"][..],
            "--output missing/report.txt: the folder missing does not exist",
        ),
        (
            &["--emit-mapping", "missing/m.csv"],
            "--emit-mapping missing/m.csv: the folder missing does not exist",
        ),
        (&["--emit-update", "."], "--emit-update .: is a folder"),
    ] {
        let out = env
            .cmd()
            .args(["companies.csv", "accounts.csv"])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(says), "{err}");
        assert!(!err.contains(".fieldmatch-"), "{err}");
        assert!(out.stdout.is_empty());
    }
    // Nothing was read: a companies export that does not exist is not the
    // error reported.
    env.cmd()
        .args(["nowhere.csv", "accounts.csv", "-o", "missing/r.txt"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("missing/r.txt"));
}

/// What a report says to pass to `--min-rate` is what `--min-rate` takes,
/// and a percentage is understood.
#[test]
fn the_min_rate_the_report_names_is_accepted() {
    let env = Env::new();
    env.write("companies.csv", &companies(100));
    env.write("accounts.csv", &accounts(100, 30));
    let out = env
        .cmd()
        .args(["companies.csv", "accounts.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let at = text
        .find("--min-rate ")
        .expect("the report names --min-rate");
    let value: String = text[at + 11..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == '%')
        .collect();
    let value = value.trim_end_matches('.');
    assert_eq!(value, "0.5", "{text}");
    for v in [value, "25%", "0.25"] {
        let out = env
            .cmd()
            .args(["companies.csv", "accounts.csv", "--min-rate", v])
            .output()
            .unwrap();
        assert_ne!(out.status.code(), Some(2), "--min-rate {v}");
    }
    env.cmd()
        .args(["companies.csv", "accounts.csv", "--min-rate", "40"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("write 0.4 or 40%"));
}

/// The two exports the wrong way round: said plainly, with the command to
/// run, even when a column is named (a run on it would mean nothing).
#[test]
fn swapped_exports_are_named() {
    let env = Env::new();
    env.write("companies.csv", &companies(20));
    env.write(
        "accounts.csv",
        "Id,IsDeleted,Name,BillingCity,OwnerId\n001A,false,Acme,Paris,005A\n",
    );
    for extra in [&[][..], &["--id-column", "Id"]] {
        env.cmd()
            .args(["accounts.csv", "companies.csv"])
            .args(extra)
            .assert()
            .code(2)
            .stderr(predicates::str::contains(
                "accounts.csv: looks like a Salesforce accounts export (its columns begin Id, IsDeleted, Name, BillingCity, OwnerId), and companies.csv like an Intercom companies export: the companies export comes first. Run fieldmatch companies.csv accounts.csv",
            ));
    }
}

/// At a terminal of 80 columns, every line fits: the text wraps at word
/// boundaries and the table drops its least needed columns. Not at a
/// terminal (or with --wide), the whole table is kept.
#[test]
fn the_table_fits_a_narrow_terminal() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let config = fieldmatch::Config::new(
        fieldmatch::Input::from_arg(data.join("companies.csv")),
        fieldmatch::Input::from_arg(data.join("accounts.csv")),
    );
    let report = fieldmatch::analyze(&config).unwrap().report;
    let full = report.render(fieldmatch::Format::Table, false);
    assert!(full.lines().any(|l| l.chars().count() > 120));
    for width in [80, 100] {
        let fitted = report.render_fitted(fieldmatch::Format::Table, false, Some(width));
        for line in fitted.lines() {
            assert!(line.chars().count() <= width, "{width}: {line}");
        }
        // Words are whole: the verdict's words all survive, in order.
        let words = |t: &str| t.split_whitespace().map(String::from).collect::<Vec<_>>();
        let verdict = full.lines().next().unwrap();
        let joined = fitted.split("\n\n").next().unwrap();
        assert_eq!(words(joined), words(verdict));
        assert!(
            fitted.contains("Intercom_Company_ID__c     77.3%"),
            "{fitted}"
        );
    }
}

/// Outputs never harm what is there: a FIFO (as a device) is written in
/// place, a link is followed, a replaced file keeps its permission bits, a
/// read-only file is refused, a link to an input is refused, and `-o -` is
/// standard output.
#[cfg(unix)]
#[test]
fn outputs_are_written_without_harm() {
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};
    let env = Env::new();
    env.write("companies.csv", &companies(20));
    env.write("accounts.csv", &accounts(20, 20));
    let dir = env.dir.path();
    let run = |out: &str| {
        env.cmd()
            .args(["companies.csv", "accounts.csv", "-o", out])
            .output()
            .unwrap()
    };
    // A FIFO: read at the other end, still a FIFO afterwards.
    let fifo = dir.join("pipe");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let reader = std::thread::spawn({
        let fifo = fifo.clone();
        move || std::fs::read_to_string(fifo).unwrap()
    });
    assert_eq!(run("pipe").status.code(), Some(0));
    assert!(reader.join().unwrap().starts_with("Map company_id to"));
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
    // A file's bits are kept; a link is followed and stays a link.
    let report = env.write("report.txt", "old");
    std::fs::set_permissions(&report, std::fs::Permissions::from_mode(0o640)).unwrap();
    std::os::unix::fs::symlink("report.txt", dir.join("link.txt")).unwrap();
    assert_eq!(run("link.txt").status.code(), Some(0));
    assert!(
        std::fs::symlink_metadata(dir.join("link.txt"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let meta = std::fs::metadata(&report).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o640);
    assert!(
        std::fs::read_to_string(&report)
            .unwrap()
            .starts_with("Map company_id")
    );
    // Read-only, and a link to an input: refused, untouched.
    let locked = env.write("locked.txt", "keep");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o444)).unwrap();
    let out = run("locked.txt");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is read-only"));
    assert_eq!(std::fs::read_to_string(&locked).unwrap(), "keep");
    std::os::unix::fs::symlink("companies.csv", dir.join("sneaky.txt")).unwrap();
    assert_eq!(run("sneaky.txt").status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(dir.join("companies.csv")).unwrap(),
        companies(20)
    );
    // `-` is standard output; two outputs cannot share it.
    let out = run("-");
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .starts_with("Map company_id")
    );
    env.cmd()
        .args(["companies.csv", "accounts.csv", "--emit-mapping", "-"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("both go to standard output"));
}

/// Interrupted (SIGINT, SIGTERM, SIGHUP), a run ends at once with 130 and
/// leaves no temporary file behind, whenever the signal comes.
#[cfg(unix)]
#[test]
fn an_interrupted_run_leaves_nothing_behind() {
    let env = Env::new();
    env.write("companies.csv", &companies(60_000));
    env.write("accounts.csv", &accounts(60_000, 50_000));
    for (signal, after_ms) in [("INT", 150), ("TERM", 400), ("HUP", 800), ("INT", 1200)] {
        let child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("fieldmatch"))
            .current_dir(env.dir.path())
            .args([
                "-q",
                "companies.csv",
                "accounts.csv",
                "--emit-mapping",
                "m.csv",
                "-o",
                "r.txt",
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(after_ms));
        let id = child.id().to_string();
        std::process::Command::new("kill")
            .args([&format!("-{signal}"), &id])
            .status()
            .unwrap();
        let status = child.wait_with_output().unwrap().status;
        // Ended by the handler (130), or done before the signal came (0).
        assert!(
            matches!(status.code(), Some(130) | Some(0)),
            "{signal}: {status:?}"
        );
        let debris: Vec<_> = std::fs::read_dir(env.dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with(".fieldmatch-"))
            .collect();
        assert!(debris.is_empty(), "{signal}: {debris:?}");
    }
}

/// A record that never ends (an unclosed quote, or one endless line, here
/// gzipped) is refused once it passes --max-record, naming the file and the
/// line it starts on, instead of filling memory.
#[test]
fn a_record_that_never_ends_is_refused() {
    use std::io::Write as _;
    let env = Env::new();
    env.write("companies.csv", &companies(20));
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(b"Id,Ext_Id__c\n001A,cmp_1\n001B,\"cmp_2\n")
        .unwrap();
    gz.write_all(&vec![b'a'; 3 << 20]).unwrap();
    std::fs::write(env.dir.path().join("accounts.csv.gz"), gz.finish().unwrap()).unwrap();
    env.cmd()
        .args(["companies.csv", "accounts.csv.gz", "--max-record", "1"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("accounts.csv.gz"))
        .stderr(predicates::str::contains(
            "the record that starts on line 3 runs past 1 MiB without ending",
        ));
    // Under a higher bound the same file is read.
    env.cmd()
        .args(["companies.csv", "accounts.csv.gz", "--max-record", "8"])
        .assert()
        .code(1);
}

/// Small hostile inputs a run must refuse or shorten, each with a message
/// that says what to do.
#[test]
fn stdin_as_the_other_file_letters_as_delimiters_and_huge_headers() {
    let env = Env::new();
    env.write("companies.csv", &companies(30));
    env.write("accounts.csv", &accounts(30, 20));
    // Standard input redirected from the other export itself (`<`, not a
    // pipe).
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin!("fieldmatch"))
        .current_dir(env.dir.path())
        .args(["-q", "-", "companies.csv"])
        .stdin(std::fs::File::open(env.dir.path().join("companies.csv")).unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("standard input is"));
    // A letter or a space cannot separate fields.
    for d in ["x", " ", "7", "\""] {
        env.cmd()
            .args(["companies.csv", "accounts.csv", "--delimiter", d])
            .assert()
            .code(2)
            .stderr(predicates::str::contains("cannot separate fields"));
    }
    // A header of megabytes is shown clipped, not whole.
    let huge = "h".repeat(5 << 20);
    env.write("wide.csv", &format!("{huge},Other\n1,2\n"));
    let out = env
        .cmd()
        .args(["wide.csv", "accounts.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        out.stderr.len() < 10_000,
        "{} bytes of error",
        out.stderr.len()
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("hhh…"));
}

/// A count of one is written as one: one footer line skipped, one ragged
/// row, one id on two accounts, one linked pair whose names differ, one
/// field compared, one company without an id.
#[test]
fn one_of_a_thing_is_written_as_one() {
    let env = Env::new();
    let mut a = accounts(200, 180);
    // cmp_5 on a second account.
    a = a.replace(
        "\"Account 191\",\"\",\"\"",
        "\"Account 191\",\"\",\"cmp_5\"",
    );
    // `Name` holds the companies' names, but for one.
    a = a
        .replace("\"Account ", "\"Company ")
        .replace("\"Company 7\"", "\"Initech\"");
    // One row with a cell too many: its id is one cell off, so 179 match.
    a = a.replacen("\"Company 3\",", "\"Company 3\",\"\",", 1);
    a.push_str("\"Grand Totals (200 records)\"\n");
    env.write("companies.csv", &companies(200));
    env.write("accounts.csv", &a);
    let (code, r) = env.json(&["companies.csv", "accounts.csv"]);
    assert_eq!(code, 0);
    assert_eq!(r["accounts"]["ragged_rows"], 1);
    let warnings = r["warnings"].to_string();
    for said in [
        "1 line of accounts.csv is not account rows (a report's footer or totals) and was skipped.",
        "1 row of accounts.csv has more or fewer cells than its header (at line 5); it was read as it is.",
        "1 of the 179 ids that match Ext_Id__c is on more than one account there (e.g. cmp_5 on 2 accounts)",
    ] {
        assert!(warnings.contains(said), "{said} in {warnings}");
    }
    let text = env.stdout(&["companies.csv", "accounts.csv"]);
    assert!(
        text.contains("1 linked pair disagrees, e.g. 'Company 7' vs 'Initech'"),
        "{text}"
    );
    let text = env.stdout(&["companies.csv", "accounts.csv", "--fields", "Id"]);
    assert!(
        text.contains("none of the 200 sampled ids appears in the one field compared."),
        "{text}"
    );
    env.write("few.csv", &companies(12).replace(",cmp_4,", ",,"));
    let (_, r) = env.json(&["few.csv", "accounts.csv"]);
    let said = "1 of 12 companies (8.3%) has no company_id in few.csv; it can never sync.";
    assert!(
        r["warnings"].to_string().contains(said),
        "{:#}",
        r["warnings"]
    );
}
