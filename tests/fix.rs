//! From diagnosis to fix: the work list (`--emit-mapping`) says what the sync
//! does with every company today, and the update file (`--emit-update`) sets
//! the field on exactly the accounts that need it.

mod common;

use std::fmt::Write;

use common::Env;

/// The rows of a CSV the run wrote, header first.
fn rows(env: &Env, name: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(env.dir.path().join(name))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

/// The cells of `column` in `table`, by its header.
fn column<'a>(table: &'a [Vec<String>], column: &str) -> Vec<&'a str> {
    let i = table[0].iter().position(|h| h == column).expect(column);
    table[1..].iter().map(|r| r[i].as_str()).collect()
}

fn companies(n: usize) -> String {
    let mut s = String::from("Company name,Company ID,Plan\n");
    for i in 0..n {
        writeln!(s, "Company {i},cmp_{i},Pro").unwrap();
    }
    s
}

#[test]
fn the_work_list_accounts_for_every_company_row() {
    let env = Env::new();
    let mut c = companies(1500);
    c += "No id yet,,Pro\nCompany 5 again,cmp_5,Pro\n";
    env.write("companies.csv", &c);
    // Ext_Id__c: cmp_0..cmp_1199, cmp_3 in upper case, cmp_7 on two
    // accounts, cmp_1100 only similar.
    let mut a = String::from("Id,Name,Ext_Id__c\n");
    for i in 0..1200 {
        let v = match i {
            3 => "CMP_3".to_string(),
            1100 => "cmp_1100x".to_string(),
            _ => format!("cmp_{i}"),
        };
        writeln!(a, "001{i:012}AAA,Account {i},{v}").unwrap();
    }
    a += "001999999999999AAA,Duplicate,cmp_7\n";
    env.write("accounts.csv", &a);
    env.cmd()
        .args(["companies.csv", "accounts.csv", "--emit-mapping", "mapping.csv"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains(
            "The work list of all 1,502 company rows is in mapping.csv, mapped to `Ext_Id__c` by company_id: 1,198 linked, 1 needs a fix, 1 only similar, 1 ambiguous (on several accounts), 300 unmatched, 1 without a company_id.",
        ));
    let m = rows(&env, "mapping.csv");
    assert_eq!(
        m[0],
        [
            "company_line",
            "company_id",
            "status",
            "fix",
            "account_id",
            "value",
            "similarity",
            "accounts",
            "other_accounts",
            "chosen_by"
        ]
    );
    assert_eq!(m.len(), 1503, "every company row, not only the sample");
    assert_eq!(
        m[1],
        [
            "2",
            "cmp_0",
            "linked",
            "",
            "001000000000000AAA",
            "cmp_0",
            "",
            "1",
            "",
            ""
        ]
    );
    assert_eq!(
        m[4][..6],
        [
            "5",
            "cmp_3",
            "needs_fix",
            "case",
            "001000000000003AAA",
            "CMP_3"
        ]
    );
    assert_eq!(
        m[8],
        [
            "9",
            "cmp_7",
            "ambiguous",
            "",
            "001000000000007AAA",
            "cmp_7",
            "",
            "2",
            "001999999999999AAA",
            "first in the export"
        ]
    );
    assert_eq!(
        m[1101][..7],
        [
            "1102",
            "cmp_1100",
            "similar",
            "",
            "001000000001100AAA",
            "cmp_1100x",
            "0.975"
        ]
    );
    assert_eq!(
        m[1300],
        ["1301", "cmp_1299", "unmatched", "", "", "", "", "0", "", ""]
    );
    assert_eq!(m[1501][..3], ["1502", "", "blank_id"]);
    // A company on two rows is listed on both.
    assert_eq!(m[1502][..3], ["1503", "cmp_5", "linked"]);
}

/// An export resaved by a spreadsheet: every value of the field carries
/// `.0`. None links today, so none is `linked`; the update file writes the
/// ids as Intercom holds them.
#[test]
fn values_that_need_a_fix_are_not_linked_and_the_update_fixes_them() {
    let env = Env::new();
    let mut c = String::from("Company name,Company ID\n");
    let mut a = String::from("Id,Name,ERP_Number__c\n");
    for i in 0..300 {
        writeln!(c, "Company {i},{}", 100_000 + i * 7).unwrap();
        if i < 280 {
            writeln!(a, "001{i:012}AAA,Account {i},{}.0", 100_000 + i * 7).unwrap();
        }
    }
    env.write("companies.csv", &c);
    env.write("accounts.csv", &a);
    let (code, r) = env.json(&[
        "companies.csv",
        "accounts.csv",
        "--emit-mapping",
        "mapping.csv",
        "--emit-update",
        "update.csv",
    ]);
    assert_eq!(code, 0);
    assert_eq!(r["suggestion"]["status"], "needs_fix");
    assert_eq!(r["mapping"]["linked"], 0);
    assert_eq!(r["mapping"]["needs_fix"], 280);
    let m = rows(&env, "mapping.csv");
    assert!(column(&m, "fix")[..280].iter().all(|f| *f == "decimal"));
    let u = rows(&env, "update.csv");
    assert_eq!(u[0], ["Id", "ERP_Number__c"]);
    assert_eq!(u.len(), 281);
    assert_eq!(u[1], ["001000000000000AAA", "100000"]);
    let s = &r["update"];
    assert_eq!(
        (s["accounts"].as_u64(), s["replaced"].as_u64()),
        (Some(280), Some(280))
    );
    assert_eq!(
        (s["companies_linked"].as_u64(), s["unmatched"].as_u64()),
        (Some(280), Some(20))
    );
    assert_eq!(s["new_field"], false);
}

/// A report saved in a British locale writes `LastModifiedDate` day
/// first: the account updated on 1 October (`1/10/2026`) is the newest,
/// not the one of 10 September (`10/09/2026`, 9 October read month first).
#[test]
fn the_most_recently_updated_is_found_in_dates_written_day_first() {
    let env = Env::new();
    env.write("companies.csv", &companies(30));
    let mut a = String::from("Id,Ext_Id__c,LastModifiedDate\n");
    for i in 0..30 {
        writeln!(a, "001{i:012}AAA,cmp_{i},{}/09/2026 10:00", i % 28 + 1).unwrap();
    }
    a += "001000000000100AAA,cmp_4,10/09/2026 10:00\n";
    a += "001000000000101AAA,cmp_4,1/10/2026 09:00\n";
    env.write("accounts.csv", &a);
    env.cmd()
        .args([
            "companies.csv",
            "accounts.csv",
            "--emit-mapping",
            "mapping.csv",
        ])
        .assert()
        .code(0);
    let m = rows(&env, "mapping.csv");
    let row = &m[5];
    assert_eq!(row[1..3], ["cmp_4", "ambiguous"]);
    assert_eq!(row[4], "001000000000101AAA");
    assert_eq!(row[8], "001000000000100AAA 001000000000004AAA");
    assert_eq!(row[9], "LastModifiedDate");
}

/// Three accounts hold one id. Intercom links the most recently updated:
/// the work list names that one (by `LastModifiedDate`, read as the dates
/// they are, whatever their format), lists the others, and says which rule
/// chose. Without the column, the first in the export is named, and the
/// list says so.
#[test]
fn of_several_accounts_the_most_recently_updated_is_the_one_linked() {
    let env = Env::new();
    env.write("companies.csv", &companies(30));
    let mut a = String::from("Id,Ext_Id__c,LastModifiedDate\n");
    for i in 0..30 {
        writeln!(a, "001{i:012}AAA,cmp_{i},2024-01-01T00:00:00.000Z").unwrap();
    }
    // cmp_4 on three more accounts: one updated later than all (written
    // with +0000, as some exports do), one without a date.
    a += "001000000000100AAA,cmp_4,2025-03-02T09:00:00.000+0000\n";
    a += "001000000000101AAA,cmp_4,2025-03-01T23:59:59.000Z\n";
    a += "001000000000102AAA,cmp_4,\n";
    env.write("accounts.csv", &a);
    env.cmd()
        .args(["companies.csv", "accounts.csv", "--emit-mapping", "mapping.csv"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains(
            "the one listed is the most recently updated (by LastModifiedDate): the one Intercom links.",
        ));
    let m = rows(&env, "mapping.csv");
    let row = &m[5];
    assert_eq!(row[1..3], ["cmp_4", "ambiguous"]);
    assert_eq!(row[4], "001000000000100AAA");
    assert_eq!(row[7], "4");
    assert_eq!(
        row[8], "001000000000101AAA 001000000000004AAA 001000000000102AAA",
        "the others, most recent first, undated last"
    );
    assert_eq!(row[9], "LastModifiedDate");

    // SystemModstamp when there is no LastModifiedDate; a report's dates.
    env.write(
        "stamped.csv",
        "Account ID,Ext_Id__c,SystemModstamp\n001A,cmp_1,1/2/2025 9:00 AM\n001B,cmp_1,12/30/2024 5:00 PM\n",
    );
    env.cmd()
        .args([
            "companies.csv",
            "stamped.csv",
            "--emit-mapping",
            "m2.csv",
            "--min-rate",
            "0",
        ])
        .assert()
        .success();
    let m = rows(&env, "m2.csv");
    assert_eq!(m[2][4], "001A");
    assert_eq!(m[2][9], "SystemModstamp");

    // No date at all: the first in the export, and the list says so.
    env.write("undated.csv", "Id,Ext_Id__c\n001B,cmp_1\n001A,cmp_1\n");
    env.cmd()
        .args([
            "companies.csv",
            "undated.csv",
            "--emit-mapping",
            "m3.csv",
            "--min-rate",
            "0",
        ])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "the one listed is the first in the export",
        ));
    let m = rows(&env, "m3.csv");
    assert_eq!(
        (m[2][4].as_str(), m[2][9].as_str()),
        ("001B", "first in the export")
    );
}

/// The update never writes a similar or ambiguous link, or an account
/// that already holds the id.
#[test]
fn the_update_holds_only_sure_links() {
    let env = Env::new();
    let mut c = String::from("Company name,Company ID\n");
    for id in [
        "acct-1", "acct-2", "ACCT-2", "acct-3", "acct-4", "acct-5", "acct-6", "acct-7",
    ] {
        writeln!(c, "Company {id},{id}").unwrap();
    }
    env.write("companies.csv", &c);
    // acct-1 and ACCT-2 are right already (so acct-2, the same but for
    // case, is on no account: the sync compares byte for byte); acct-3
    // needs its case fixed; acct-4 is on two accounts; acct-5 is only
    // similar; acct-6 is nowhere; acct-7 needs its spaces trimmed.
    env.write(
        "accounts.csv",
        "Id,Ext_Id__c\n001A,acct-1\n001B,ACCT-2\n001C,ACCT-3\n001D,acct-4\n001E,acct-4\n001F,acct-5x\n001G, acct-7 \n",
    );
    let (_, r) = env.json(&[
        "companies.csv",
        "accounts.csv",
        "--emit-update",
        "update.csv",
        "--min-rate",
        "0",
    ]);
    assert_eq!(r["suggestion"]["field"], "Ext_Id__c");
    let u = rows(&env, "update.csv");
    assert_eq!(
        u,
        [["Id", "Ext_Id__c"], ["001C", "acct-3"], ["001G", "acct-7"]]
    );
    let s = &r["update"];
    assert_eq!(s["already_linked"], 2, "acct-1 and ACCT-2");
    assert_eq!(
        (s["ambiguous"].as_u64(), s["similar"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(
        (s["unmatched"].as_u64(), s["conflicts"].as_u64()),
        (Some(2), Some(0))
    );
    assert_eq!(s["companies_linked"], 4, "acct-1, ACCT-2, acct-3, acct-7");
}

/// Filling a field that already holds some ids: an account is never taken
/// from the company whose id it holds.
#[test]
fn the_update_never_takes_an_account_or_doubles_a_company() {
    let env = Env::new();
    let mut c = String::from("Company name,Company ID\n");
    for i in 1..=5 {
        writeln!(c, "Company {i},c{i}").unwrap();
    }
    env.write("companies.csv", &c);
    env.write(
        "accounts.csv",
        "Id,Ext_Id__c,Target__c\n001A,c1,c1\n001B,c2,c3\n001C,c3,\n001D,c4,old\n001E,c5,\n",
    );
    let (_, r) = env.json(&[
        "companies.csv",
        "accounts.csv",
        "--emit-update",
        "update.csv",
        "--field",
        "Target__c",
    ]);
    let u = rows(&env, "update.csv");
    assert_eq!(u, [["Id", "Target__c"], ["001D", "c4"], ["001E", "c5"]]);
    let s = &r["update"];
    // Target__c links c1 to 001A and c3 to 001B today (whatever Ext_Id__c
    // says of c3): c2 may not take 001B from c3.
    assert_eq!(s["already_linked"], 2, "c1 and c3");
    assert_eq!(s["conflicts"], 1, "c2");
    assert_eq!(s["replaced"], 1, "001D's 'old'");
}

/// `--field` may name a field that does not exist yet: the update fills it
/// from the suggested field's links, and the report says to create it.
#[test]
fn a_new_field_is_filled_from_the_suggested_links() {
    let env = Env::new();
    env.write("companies.csv", &companies(50));
    let mut a = String::from("Id,Name,Legacy__c\n");
    for i in 0..40 {
        writeln!(a, "001{i:012}AAA,Account {i},CMP_{i}").unwrap();
    }
    env.write("accounts.csv", &a);
    let (code, r) = env.json(&[
        "companies.csv",
        "accounts.csv",
        "--emit-update",
        "update.csv",
        "--field",
        "Intercom_Company_ID__c",
    ]);
    assert_eq!(code, 0);
    let u = rows(&env, "update.csv");
    assert_eq!(u.len(), 41);
    assert_eq!(u[0], ["Id", "Intercom_Company_ID__c"]);
    assert_eq!(u[1], ["001000000000000AAA", "cmp_0"]);
    assert_eq!(r["update"]["new_field"], true);
    let text = env.stdout(&[
        "companies.csv",
        "accounts.csv",
        "--emit-update",
        "u2.csv",
        "--field",
        "Intercom_Company_ID__c",
    ]);
    assert!(
        text.contains("`Intercom_Company_ID__c` is not in the accounts export: create it first, as a custom text field marked Unique and External ID."),
        "{text}"
    );
}

/// What cannot work is refused before anything is read or written, with
/// what to do instead.
#[test]
fn impossible_fixes_are_refused_up_front() {
    let env = Env::new();
    env.write("companies.csv", &companies(20));
    env.write("report.csv", "Account Name,Ext_Id__c\nA,cmp_1\n");
    env.write("accounts.csv", "Id,Name,Ext_Id__c\n001A,A,cmp_1\n");
    for (args, says) in [
        (
            &["companies.csv", "report.csv", "--emit-update", "u.csv"][..],
            "has no Id column, and Data Loader updates accounts by Id",
        ),
        (
            &[
                "companies.csv",
                "accounts.csv",
                "--emit-update",
                "u.csv",
                "--field",
                "Id",
            ],
            "`Id` cannot be set by an update",
        ),
        (
            &[
                "companies.csv",
                "accounts.csv",
                "--emit-update",
                "u.csv",
                "--field",
                "Name",
            ],
            "would rename the accounts",
        ),
        (
            &[
                "companies.csv",
                "accounts.csv",
                "--emit-update",
                "u.csv",
                "--field",
                "Intercom ID",
            ],
            "a new custom field's API name",
        ),
        (
            &[
                "companies.csv",
                "accounts.csv",
                "--emit-mapping",
                "m.csv",
                "--field",
                "Ext_Id",
            ],
            "did you mean 'Ext_Id__c'?",
        ),
        (
            &[
                "companies.csv",
                "accounts.csv",
                "--emit-mapping",
                "u.csv",
                "--emit-update",
                "u.csv",
            ],
            "--emit-mapping and --emit-update name the same file",
        ),
        (
            &[
                "companies.csv",
                "accounts.csv",
                "--emit-update",
                "companies.csv",
            ],
            "would overwrite an input",
        ),
    ] {
        env.cmd()
            .args(args)
            .assert()
            .code(2)
            .stderr(predicates::str::contains(says));
        assert!(!env.dir.path().join("u.csv").exists(), "{args:?}");
    }
    // Accounts from standard input cannot be read twice.
    env.cmd()
        .args(["companies.csv", "-", "--emit-mapping", "m.csv"])
        .write_stdin("Id,Ext_Id__c\n001A,cmp_1\n")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("save it to a file"));
    // --field alone names the link the data mapping compares through.
    let (code, r) = env.json(&["companies.csv", "accounts.csv", "--field", "Name"]);
    assert_eq!(code, 1);
    assert!(
        r["warnings"]
            .to_string()
            .contains("exactly one account through Name"),
        "{:#}",
        r["warnings"]
    );
}

#[test]
fn without_a_field_or_a_bridge_nothing_is_written() {
    let env = Env::new();
    env.write("companies.csv", &companies(100));
    env.write("accounts.csv", "Id,Name\n001A,Acme\n001B,Globex\n");
    let (code, r) = env.json(&[
        "companies.csv",
        "accounts.csv",
        "--emit-mapping",
        "mapping.csv",
        "--emit-update",
        "update.csv",
    ]);
    assert_eq!(code, 1);
    assert!(
        r["warnings"]
            .to_string()
            .contains("no work list or update file was made")
    );
    assert!(r["bridge"].is_null() && r["update"].is_null());
    assert!(!env.dir.path().join("mapping.csv").exists());
    assert!(!env.dir.path().join("update.csv").exists());
}

/// CSV holds the table of fields alone, and says where the rest is.
#[test]
fn csv_says_where_the_summaries_are() {
    let env = Env::new();
    env.write("companies.csv", &companies(30));
    env.write(
        "accounts.csv",
        &(0..30).fold(String::from("Id,Ext_Id__c\n"), |mut s, i| {
            writeln!(s, "001{i:012}AAA,cmp_{i}").unwrap();
            s
        }),
    );
    env.cmd()
        .args([
            "companies.csv",
            "accounts.csv",
            "--format",
            "csv",
            "--emit-update",
            "u.csv",
        ])
        .assert()
        .code(0)
        .stderr(predicates::str::contains(
            "the csv format holds the table of fields only",
        ));
    env.cmd()
        .args(["companies.csv", "accounts.csv", "--format", "csv"])
        .assert()
        .code(0)
        .stderr("");
}

/// Company `i`'s Stripe customer id, distinct for every `i`.
fn stripe_id(i: u64) -> String {
    format!("cus_{:014X}", 0x5A17_0000_u64 + i * 7919)
}

/// No Account field holds company_id, but the companies' `stripe_id` is in
/// `Stripe_Customer_ID__c` and their website in `Website` (written as a
/// full address): the bridge is found, the best one is used, and the update
/// file writes each company's id on its own account.
#[test]
fn a_stripe_id_or_a_website_bridges_when_no_field_holds_company_id() {
    let env = Env::new();
    let mut c = String::from("Company name,Company ID,Company website,stripe_id,Plan\n");
    let mut a = String::from("Id,Name,Website,Stripe_Customer_ID__c,Type\n");
    for i in 0..200u64 {
        let stripe = stripe_id(i);
        writeln!(c, "Firm {i},app-{i:05},firm{i}.com,{stripe},Pro").unwrap();
        // Every account has its website; 190 of 200 have the Stripe id.
        let held = if i % 20 == 3 { String::new() } else { stripe };
        writeln!(
            a,
            "001B{i:011},Firm {i} Holdings,https://www.firm{i}.com/,{held},Customer"
        )
        .unwrap();
    }
    env.write("companies.csv", &c);
    env.write("accounts.csv", &a);
    let (code, r) = env.json(&[
        "companies.csv",
        "accounts.csv",
        "--emit-update",
        "update.csv",
    ]);
    assert_eq!(code, 1, "no field holds company_id");
    let b = &r["bridge"];
    assert_eq!(
        b["column"], "Company website",
        "every company's website links"
    );
    assert_eq!(b["field"], "Website");
    assert_eq!(b["linked"], 200);
    assert_eq!(b["examples"][0]["transform"], "domain");
    assert_eq!(b["alternatives"][0]["column"], "stripe_id");
    let u = rows(&env, "update.csv");
    assert_eq!(u.len(), 201);
    assert_eq!(u[0], ["Id", "Intercom_Company_ID__c"]);
    for (i, row) in u[1..].iter().enumerate() {
        assert_eq!(row, &[format!("001B{i:011}"), format!("app-{i:05}")]);
    }
    // Without the websites, the Stripe ids link the 190 accounts that hold them.
    let c2: String = c
        .lines()
        .map(|l| {
            let mut cells: Vec<&str> = l.split(',').collect();
            cells.remove(2);
            cells.join(",") + "\n"
        })
        .collect();
    env.write("no_web.csv", &c2);
    let (_, r) = env.json(&["no_web.csv", "accounts.csv", "--emit-update", "u2.csv"]);
    assert_eq!(r["bridge"]["column"], "stripe_id");
    assert_eq!(r["bridge"]["field"], "Stripe_Customer_ID__c");
    assert_eq!(r["bridge"]["exact"], 190);
    let u = rows(&env, "u2.csv");
    assert_eq!(u.len(), 191);
    for row in &u[1..] {
        let n: u64 = row[1].trim_start_matches("app-").parse().unwrap();
        assert_eq!(
            row[0],
            format!("001B{n:011}"),
            "{} on its own account",
            row[1]
        );
        assert_ne!(n % 20, 3, "an account without the Stripe id");
    }
    assert_eq!(r["update"]["unmatched"], 10);
}

/// Every company's name is on two accounts (a head office and a branch,
/// among as many other accounts), so names link every company but name no
/// one account to write to; the
/// Stripe ids link fewer companies, each to its own account. The Stripe
/// ids are the bridge. Without them there is none, and the warning says
/// why the names were not taken.
#[test]
fn a_bridge_must_name_one_account_not_only_link_many() {
    let env = Env::new();
    let mut c = String::from("Company name,Company ID,stripe_id\n");
    let mut a = String::from("Id,Name,Stripe_Customer_ID__c\n");
    for i in 0..200u64 {
        let stripe = stripe_id(i);
        writeln!(c, "Firm {i},app-{i:05},{stripe}").unwrap();
        // 120 of the head offices hold the Stripe id; no branch does.
        let held = if i % 5 < 3 { stripe.as_str() } else { "" };
        writeln!(a, "001H{i:011},Firm {i},{held}").unwrap();
        writeln!(a, "001B{i:011},Firm {i},").unwrap();
        writeln!(a, "001X{i:011},Other {i},").unwrap();
    }
    env.write("companies.csv", &c);
    env.write("accounts.csv", &a);
    let (code, r) = env.json(&[
        "companies.csv",
        "accounts.csv",
        "--emit-update",
        "update.csv",
    ]);
    assert_eq!(code, 1, "no field holds company_id");
    let b = &r["bridge"];
    assert_eq!(b["column"], "stripe_id", "{b:#}");
    assert_eq!(
        (b["linked"].as_u64(), b["unique_rate"].as_f64()),
        (Some(120), Some(1.0))
    );
    let names = &b["alternatives"][0];
    assert_eq!(
        (&names["column"], &names["field"]),
        (&"Company name".into(), &"Name".into())
    );
    assert_eq!(
        (names["link_rate"].as_f64(), names["unique_rate"].as_f64()),
        (Some(1.0), Some(0.0))
    );
    let u = rows(&env, "update.csv");
    assert_eq!(u.len(), 121);
    for row in &u[1..] {
        let n: u64 = row[1].trim_start_matches("app-").parse().unwrap();
        assert_eq!(
            row[0],
            format!("001H{n:011}"),
            "{} on its head office",
            row[1]
        );
    }

    let no_stripe: String = c
        .lines()
        .map(|l| l.rsplit_once(',').unwrap().0.to_string() + "\n")
        .collect();
    env.write("no_stripe.csv", &no_stripe);
    let (code, r) = env.json(&["no_stripe.csv", "accounts.csv"]);
    assert_eq!(code, 1);
    assert!(r["bridge"].is_null(), "{:#}", r["bridge"]);
    let warnings = r["warnings"].to_string();
    assert!(
        warnings.contains("`Company name` in `Name` links 100.0% of sampled companies")
            && warnings.contains("each of those values is on several accounts"),
        "{warnings}"
    );
}
