//! The setup checklist, read from the exports: companies with a
//! company_id, an Account field that holds it, recent activity on both
//! sides, and person accounts; with and without the columns it reads.

mod common;

use std::path::Path;

use common::{Env, check};
use fieldmatch::report::thousands;
use serde_json::Value;

#[test]
fn activity_is_read_from_the_columns_each_export_has() {
    let env = Env::new();
    // Intercom writes the workspace's zone in the header and Excel's dates;
    // the API writes ISO 8601 in UTC.
    let mut c =
        String::from("Company name,Company ID,Company last seen (PST),Company created at (PST)\n");
    let mut a = String::from("Id,Name,Ext_Id__c,LastModifiedDate,IsPersonAccount\n");
    for i in 0..60 {
        let seen = if i == 7 {
            "11/30/26 18:30"
        } else {
            "6/1/26 9:00"
        };
        c += &format!("Company {i},cmp_{i},{seen},1/19/18 1:16\n");
        let person = if i < 2 { "true" } else { "false" };
        a += &format!(
            "001{i:012}AAA,Account {i},cmp_{i},2025-03-0{}T10:00:00.000Z,{person}\n",
            i % 9 + 1
        );
    }
    env.write("companies.csv", &c);
    env.write("accounts.csv", &a);
    let (code, r) = env.json(&["companies.csv", "accounts.csv", "--as-of", "2026-12-02"]);
    assert_eq!(code, 0);
    assert_eq!(r["parameters"]["as_of"], "2026-12-02");
    let seen = check(&r, "company_activity");
    assert_eq!(seen["outcome"], "pass");
    assert_eq!(seen["column"], "Company last seen (PST)");
    // 18:30 Pacific on 30 November is 02:30 UTC on 1 December.
    assert_eq!(
        seen["detail"],
        "the newest is 2026-12-01, a day before 2026-12-02"
    );
    let accounts = check(&r, "account_activity");
    assert_eq!(accounts["outcome"], "fail");
    assert_eq!(
        accounts["detail"],
        "the newest is 2025-03-09, 633 days before 2026-12-02"
    );
    assert!(
        accounts["remedy"]
            .as_str()
            .unwrap()
            .contains("only when it is updated")
    );
    let persons = check(&r, "person_accounts");
    assert_eq!(
        (persons["outcome"].as_str(), persons["detail"].as_str()),
        (Some("warn"), Some("2 of 60 accounts are person accounts"))
    );
    assert_eq!(check(&r, "company_id")["outcome"], "pass");
    assert_eq!(check(&r, "companies")["outcome"], "pass");
    // Every text format shows the checklist.
    for format in ["table", "markdown", "html"] {
        let out = env
            .cmd()
            .args([
                "companies.csv",
                "accounts.csv",
                "--as-of",
                "2026-12-02",
                "--format",
                format,
            ])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("Setup checklist"), "{format}");
        assert!(
            text.contains("Recent account activity in Salesforce: the newest is 2025-03-09"),
            "{format}: {text}"
        );
    }
    // CSV cannot carry it, and says so.
    env.cmd()
        .args([
            "companies.csv",
            "accounts.csv",
            "--as-of",
            "2026-12-02",
            "--format",
            "csv",
        ])
        .assert()
        .stderr(predicates::str::contains("the setup checklist"));
}

#[test]
fn what_an_export_lacks_is_said_not_guessed() {
    let env = Env::new();
    let mut c = String::from("Company ID\n");
    let mut a = String::from("Id,Ext_Id__c,Notes\n");
    for i in 0..40 {
        c += &format!("cmp_{i}\n");
        a += &format!("001{i:012}AAA,cmp_{i},seen 2026-01-0{}\n", i % 9 + 1);
    }
    // Most companies have no company_id.
    c += &"\n".repeat(60);
    env.write("companies.csv", &c.replace("\n\n", "\n \n"));
    env.write("accounts.csv", &a);
    let (_, r) = env.json(&["companies.csv", "accounts.csv"]);
    for name in ["company_activity", "account_activity", "person_accounts"] {
        let ch = check(&r, name);
        assert_eq!(ch["outcome"], "unknown", "{name}");
        assert!(
            ch["detail"]
                .as_str()
                .unwrap()
                .starts_with("not in this export"),
            "{name}"
        );
        assert!(ch["column"].is_null() && ch["remedy"].is_null());
    }
}

#[test]
fn activity_columns_of_dates_this_tool_cannot_read_are_named_not_missed() {
    let env = Env::new();
    // A report in a locale that writes the month as a word, among dates
    // from the API. The companies' `Last updated` column is there, and
    // blank.
    let mut c = String::from("Company ID,Last updated\n");
    let mut a = String::from("Id,Ext_Id__c,Last Modified Date\n");
    for i in 0..60 {
        c += &format!("cmp_{i},\n");
        let day = i % 28 + 1;
        let date = if i % 3 == 0 {
            format!("2026-09-{day:02}T10:00:00.000Z")
        } else {
            format!("{day} Sep 2026 10:00")
        };
        a += &format!("001{i:012}AAA,cmp_{i},{date}\n");
    }
    env.write("companies.csv", &c);
    env.write("accounts.csv", &a);
    let (_, r) = env.json(&["companies.csv", "accounts.csv"]);
    let accounts = check(&r, "account_activity");
    assert_eq!(accounts["outcome"], "unknown");
    assert_eq!(accounts["column"], "Last Modified Date");
    assert_eq!(
        accounts["detail"],
        "only 20 of 60 values are dates in a shape this tool reads"
    );
    assert!(
        accounts["remedy"]
            .as_str()
            .unwrap()
            .contains("2026-09-02T22:07:23.000Z")
    );
    let companies = check(&r, "company_activity");
    assert_eq!(companies["outcome"], "unknown");
    assert_eq!(companies["column"], "Last updated");
    assert_eq!(companies["detail"], "every value is blank");
    assert!(companies["remedy"].is_null());
}

/// The companies' and the accounts' activity checks on the day
/// 2026-12-02, of 60 companies each linked to its account: the companies
/// export is the header `companies` and the row `company(i)` of company
/// `cmp_{i}`; its account has `cmp_{i}` in `Ext_Id__c` and `account(i)`
/// in the activity column `accounts`.
fn activity_checks(
    companies: &str,
    company: impl Fn(u64) -> String,
    accounts: &str,
    account: impl Fn(u64) -> String,
) -> (Value, Value) {
    let env = Env::new();
    let mut c = format!("{companies}\n");
    let mut a = format!("Id,Ext_Id__c,{accounts}\n");
    for i in 0..60 {
        c += &format!("{}\n", company(i));
        a += &format!("001{i:012}AAA,cmp_{i},{}\n", account(i));
    }
    env.write("companies.csv", &c);
    env.write("accounts.csv", &a);
    let (_, r) = env.json(&["companies.csv", "accounts.csv", "--as-of", "2026-12-02"]);
    (
        check(&r, "company_activity").clone(),
        check(&r, "account_activity").clone(),
    )
}

#[test]
fn activity_written_day_first_is_read_day_first() {
    // An Australian workspace's export, re-saved by Excel in its locale,
    // and a report from a British user: the day comes first.
    let (companies, accounts) = activity_checks(
        "Company ID,Company last seen (AEDT)",
        |i| format!("cmp_{i},{}/11/26 9:30", i % 28 + 1),
        "Last Modified Date",
        |i| format!("{}/09/2026 10:00", i % 28 + 1),
    );
    // 28 November, 9:30 in Sydney, is the evening before in UTC.
    assert_eq!(companies["outcome"], "pass");
    assert_eq!(
        companies["detail"],
        "the newest is 2026-11-27, 5 days before 2026-12-02"
    );
    assert_eq!(accounts["outcome"], "fail");
    assert_eq!(
        accounts["detail"],
        "the newest is 2026-09-28, 65 days before 2026-12-02"
    );
}

#[test]
fn activity_in_a_report_locale_s_format_is_read() {
    // A report from an org on Salesforce's ICU locale formats, in US
    // English (a comma between date and time), and a Dutch workspace's
    // export re-saved in its locale (dashes, the day first).
    let (companies, accounts) = activity_checks(
        "Company ID,Company last seen (CET)",
        |i| format!("cmp_{i},{:02}-11-2026 09:30", i % 28 + 1),
        "Last Modified Date",
        |i| format!("\"9/{}/2026, 10:00 AM\"", i % 28 + 1),
    );
    assert_eq!(companies["outcome"], "pass");
    assert_eq!(
        companies["detail"],
        "the newest is 2026-11-28, 4 days before 2026-12-02"
    );
    assert_eq!(accounts["outcome"], "fail");
    assert_eq!(
        accounts["detail"],
        "the newest is 2026-09-28, 65 days before 2026-12-02"
    );
}

#[test]
fn activity_in_seconds_since_1970_is_read_as_the_api_writes_it() {
    // Intercom's companies as a script writes them from the API: every
    // moment in seconds since 1970 (1764000000 is 2025-11-24 16:00 UTC),
    // beside Intercom's own id.
    let (companies, _) = activity_checks(
        "id,company_id,last_request_at,created_at",
        |i| {
            let seen = 1_764_000_000 + i * 3_600;
            format!("5f{i:022x},cmp_{i},{seen},{}", 1_600_000_000 + i)
        },
        "LastModifiedDate",
        |i| format!("2026-11-2{}T10:00:00.000Z", i % 9),
    );
    assert_eq!(companies["column"], "last_request_at");
    assert_eq!(companies["outcome"], "fail");
    // The newest is 59 hours later: 2025-11-27 03:00 UTC.
    assert_eq!(
        companies["detail"],
        "the newest is 2025-11-27, 370 days before 2026-12-02"
    );
}

#[test]
fn companies_without_a_company_id_fail_the_first_check() {
    let env = Env::new();
    let mut c = String::from("Company name,Company ID\n");
    for i in 0..100 {
        let id = if i < 30 {
            format!("cmp_{i}")
        } else {
            " ".into()
        };
        c += &format!("Company {i},{id}\n");
    }
    env.write("companies.csv", &c);
    env.write(
        "accounts.csv",
        &(0..30).fold(String::from("Id,Ext\n"), |s, i| {
            s + &format!("00{i},cmp_{i}\n")
        }),
    );
    let (_, r) = env.json(&["companies.csv", "accounts.csv"]);
    let ch = check(&r, "companies");
    assert_eq!(
        (ch["outcome"].as_str(), ch["detail"].as_str()),
        (Some("fail"), Some("30 of 100 companies have one"))
    );
    assert!(
        ch["remedy"]
            .as_str()
            .unwrap()
            .contains("cannot be changed once set")
    );
}

/// Data Loader's sample accounts were last modified in 2006: the sync would
/// not link them until they are updated.
#[test]
fn a_real_export_last_touched_long_ago() {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/real/bulk_load");
    let out = assert_cmd::cargo::cargo_bin_cmd!("fieldmatch")
        .arg("-q")
        .arg(base.join("companies_id18.csv"))
        .arg(base.join("accounts.csv"))
        .args(["--format", "json", "--as-of", "2026-12-02"])
        .output()
        .unwrap();
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ch = check(&r, "account_activity");
    assert_eq!(ch["outcome"], "fail");
    assert_eq!(
        ch["column"], "SYSTEMMODSTAMP",
        "the newest of the activity columns"
    );
    assert!(
        ch["detail"]
            .as_str()
            .unwrap()
            .starts_with("the newest is 2006-06-01, 7,489 days before 2026-12-02"),
        "{ch}"
    );
    assert_eq!(check(&r, "company_activity")["outcome"], "unknown");
}

/// Writes 200 companies and their accounts, whose 11-digit ids a
/// spreadsheet showed with three significant digits (`2.76E+10`) in the
/// companies export if `in_intercom`, else in the accounts' `Ext_Id__c`;
/// with a decimal comma and `;` between fields (`2,76E+10`) if `europe`,
/// as a spreadsheet in continental Europe saves them.
fn write_rounded_ids(env: &Env, in_intercom: bool, europe: bool) {
    let d = if europe { ';' } else { ',' };
    let mut c = format!("Company name{d}Company ID\n");
    let mut a = format!("Id{d}Name{d}Ext_Id__c\n");
    for i in 0..200u64 {
        let id = 27_634_000_000 + i * 310_000_000;
        let mut shown = format!("{:.2E}", id as f64).replace('E', "E+");
        if europe {
            shown = shown.replace('.', ",");
        }
        let (company, account) = if in_intercom {
            (shown, id.to_string())
        } else {
            (id.to_string(), shown)
        };
        c += &format!("Company {i}{d}{company}\n");
        a += &format!("001{i:012}AAA{d}Company {i}{d}{account}\n");
    }
    env.write("companies.csv", &c);
    env.write("accounts.csv", &a);
}

/// Company ids a spreadsheet wrote in scientific notation lost their last
/// digits: no field can hold them, the report says why and to export again,
/// and no bridge is offered, for an update through one would write them so.
#[test]
fn ids_a_spreadsheet_rounded_are_to_be_exported_again_not_bridged() {
    for europe in [false, true] {
        ids_rounded(europe);
    }
}

fn ids_rounded(europe: bool) {
    let env = Env::new();
    write_rounded_ids(&env, true, europe);
    let (code, r) = env.json(&["companies.csv", "accounts.csv"]);
    assert_eq!(code, 1, "{r:#}");
    let d = &r["diagnosis"];
    let looks = d["ids_look_like"].as_str().unwrap();
    assert!(
        looks.starts_with("numbers in scientific notation ("),
        "{d:#}"
    );
    // The first sampled id, and the hundred million numbers it stands for.
    let shown = &looks["numbers in scientific notation (".len()..looks.find(')').unwrap()];
    let value = (shown
        .replace("E+", "e")
        .replace(',', ".")
        .parse::<f64>()
        .unwrap()) as u64;
    let cause = d["likely_cause"].as_str().unwrap();
    let range = format!(
        "{shown} stands for any number from {} to {}",
        thousands(value - 50_000_000),
        thousands(value + 49_999_999)
    );
    assert!(cause.contains(&range), "{range}: {cause}");
    assert!(
        r["bridge"].is_null(),
        "the names would link: {:#}",
        r["bridge"]
    );
    assert!(
        r["warnings"]
            .to_string()
            .contains("no other companies column was tried as a bridge: a spreadsheet rounded"),
        "{:#}",
        r["warnings"]
    );
    let remedy = check(&r, "company_id")["remedy"].as_str().unwrap();
    assert!(
        remedy.contains("export the companies from Intercom again"),
        "{remedy}"
    );
    // Asked for, the bridge is still looked for.
    let (_, r) = env.json(&["companies.csv", "accounts.csv", "--bridge", "always"]);
    assert_eq!(r["bridge"]["column"], "Company name", "{:#}", r["bridge"]);
}

/// The same numbers, whole in Intercom and rounded by a spreadsheet in the
/// accounts export: the field is named as the one to export again.
#[test]
fn an_account_field_a_spreadsheet_rounded_is_named_in_the_likely_cause() {
    for europe in [false, true] {
        let env = Env::new();
        write_rounded_ids(&env, false, europe);
        let (code, r) = env.json(&["companies.csv", "accounts.csv"]);
        assert_eq!(code, 1, "{r:#}");
        let cause = r["diagnosis"]["likely_cause"].as_str().unwrap();
        assert!(
            cause.starts_with("`Ext_Id__c` went through a spreadsheet")
                && cause.contains("00,000 to ")
                && cause.ends_with("export the accounts again and do not open the file in a spreadsheet (or format the column as text before saving)."),
            "{cause}"
        );
    }
}

/// Twelve-digit ids, whole in Intercom, that a spreadsheet saved with six
/// significant digits in the accounts (`7.23347E+11`, or `7,23347E+11`
/// in continental Europe): either way the field is found, after the fix of
/// exporting the accounts again, and each example is the cell as written.
#[test]
fn a_long_number_saved_with_a_decimal_comma_is_found_as_with_a_point() {
    for (mark, d) in [('.', ','), (',', ';')] {
        let env = Env::new();
        let mut c = String::from("Company name,Company ID\n");
        let mut a = format!("Id{d}Name{d}Ext_Id__c\n");
        for i in 0..200u64 {
            let id = 723_346_981_337 + i * 1_234_567_891;
            let shown = format!("{:.5E}", id as f64);
            let (mantissa, exponent) = shown.split_once('E').unwrap();
            let mantissa = mantissa
                .trim_end_matches('0')
                .replace('.', &mark.to_string());
            c += &format!("Company {i},{id}\n");
            a += &format!("001{i:012}AAA{d}Company {i}{d}{mantissa}E+{exponent}\n");
        }
        env.write("companies.csv", &c);
        env.write("accounts.csv", &a);
        let (_, r) = env.json(&["companies.csv", "accounts.csv"]);
        let top = &r["fields"][0];
        assert_eq!(top["field"], "Ext_Id__c", "{mark}: {top:#}");
        assert_eq!(top["normalized_rate"], 1.0, "{mark}: {top:#}");
        let example = &top["examples"][0];
        assert_eq!(example["transform"], "scientific", "{mark}: {example}");
        assert!(
            example["value"]
                .as_str()
                .unwrap()
                .contains(&format!("{mark}")),
            "{example}"
        );
    }
}

/// Ids written without the accents of a field's names are the likely cause
/// only where a tenth or more of the field's sampled values say so: one
/// name among many is a coincidence, not the cause.
#[test]
fn accents_are_the_likely_cause_only_where_many_values_show_it() {
    for accented in [1, 10] {
        let env = Env::new();
        let mut c = String::from("Company ID\n");
        let mut a = String::from("Name\n");
        for i in 0..40 {
            // Slugs of names; a third of the companies are in Salesforce,
            // and the first `accented` names there are written with accents.
            c += &format!("bolag-nummer-{}\n", word(i));
            if i % 3 == 0 {
                let name = format!("Bolag nummer {}", word(i));
                let name = if i / 3 < accented {
                    name.replace('o', "ö")
                } else {
                    name
                };
                a += &format!("{name}\n");
            }
        }
        env.write("companies.csv", &c);
        env.write("accounts.csv", &a);
        let (code, r) = env.json(&["companies.csv", "accounts.csv", "--bridge", "never"]);
        assert_eq!(code, 1, "{r:#}");
        let cause = r["diagnosis"]["likely_cause"].as_str().unwrap();
        assert_eq!(
            cause.contains("without the accents `Name` has"),
            accented > 1,
            "{accented}: {cause}"
        );
    }
}

/// A word of letters for `i`: `babb`, `babc`, …
fn word(i: usize) -> String {
    let letters = b"bcdfghjklm";
    [b'b', b'a', letters[i / 10 % 10], letters[i % 10]]
        .iter()
        .map(|&b| b as char)
        .collect()
}
