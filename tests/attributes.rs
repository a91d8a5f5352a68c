//! The data mapping: each company attribute gets the Account field whose
//! values agree with it on the linked pairs, beyond chance, one field each,
//! whatever the columns are called. Fixtures for its traps, the bundled
//! data in every format, and invariants under row order and renaming.

mod common;

use chrono::TimeZone;
use common::Env;
use fieldmatch::report::AttributeReport;
use fieldmatch::{Config, Input};
use proptest::prelude::*;
use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::Value;

/// Companies in each fixture; every one has an account.
const N: usize = 300;

/// One column of a fixture: its header and a value per row.
type Column = (String, Vec<String>);

/// An export of these columns, every value quoted as Data Loader writes.
fn csv_of(columns: &[Column]) -> String {
    let mut w = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(vec![]);
    w.write_record(columns.iter().map(|(h, _)| h)).unwrap();
    for r in 0..columns[0].1.len() {
        w.write_record(columns.iter().map(|(_, v)| &v[r])).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

fn column(header: &str, values: impl IntoIterator<Item = String>) -> Column {
    (header.to_string(), values.into_iter().collect())
}

/// An org of `N` companies, each linked by `Ext_Id__c`, with these other
/// columns on each side.
fn org(companies: Vec<Column>, accounts: Vec<Column>) -> (Vec<Column>, Vec<Column>) {
    let mut c = vec![column("Company ID", (0..N).map(|i| format!("c{i:04}")))];
    c.extend(companies);
    let mut a = vec![
        column("Id", (0..N).map(|i| format!("0015g00000Ab{i:03}AAA"))),
        column("Ext_Id__c", (0..N).map(|i| format!("c{i:04}"))),
    ];
    a.extend(accounts);
    (c, a)
}

/// The data mapping of a run over these exports, with `config` adjusted.
fn mapping_with(
    (companies, accounts): &(Vec<Column>, Vec<Column>),
    adjust: impl FnOnce(&mut Config),
) -> Vec<AttributeReport> {
    let mut config = Config::new(
        Input::bytes("companies.csv", csv_of(companies).into_bytes()),
        Input::bytes("accounts.csv", csv_of(accounts).into_bytes()),
    );
    adjust(&mut config);
    let analysis = fieldmatch::analyze(&config).unwrap();
    analysis.report.attributes
}

fn mapping(org: &(Vec<Column>, Vec<Column>)) -> Vec<AttributeReport> {
    mapping_with(org, |_| {})
}

fn attribute<'a>(mapping: &'a [AttributeReport], name: &str) -> &'a AttributeReport {
    mapping
        .iter()
        .find(|a| a.attribute == name)
        .unwrap_or_else(|| panic!("no attribute {name}: {mapping:#?}"))
}

fn rng() -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(15)
}

/// Each row's value, blank on a `blank` share of rows and another row's
/// value on a `stale` share.
fn noisy(values: &[String], blank: f64, stale: f64, rng: &mut ChaCha8Rng) -> Vec<String> {
    values
        .iter()
        .map(|v| {
            let roll: f64 = rng.random();
            if roll < blank {
                String::new()
            } else if roll < blank + stale {
                values[rng.random_range(0..values.len())].clone()
            } else {
                v.clone()
            }
        })
        .collect()
}

fn picks(choices: &[&str], rng: &mut ChaCha8Rng) -> Vec<String> {
    (0..N)
        .map(|_| choices[rng.random_range(0..choices.len())].to_string())
        .collect()
}

#[test]
fn of_two_fields_with_the_same_values_one_is_chosen_and_the_other_is_runner_up() {
    let mut rng = rng();
    let brands: Vec<String> = (0..N).map(|i| format!("brand{i}.com")).collect();
    let websites: Vec<String> = brands.iter().map(|b| format!("https://www.{b}/")).collect();
    let org = org(
        vec![column("Company website", brands.clone())],
        vec![
            column("Website", noisy(&websites, 0.1, 0.0, &mut rng)),
            column("Domain__c", noisy(&brands, 0.1, 0.05, &mut rng)),
        ],
    );
    let m = mapping(&org);
    let website = attribute(&m, "Company website");
    assert_eq!(website.field.as_deref(), Some("Website"), "{website:#?}");
    let runner = website
        .runner_up
        .as_ref()
        .unwrap_or_else(|| panic!("a runner-up: {m:#?}"));
    assert_eq!(runner.field, "Domain__c");
    assert!(runner.agreement_rate < website.agreement.as_ref().unwrap().agreement_rate);
}

#[test]
fn a_near_constant_picklist_agrees_by_chance_and_maps_nothing() {
    let mut rng = rng();
    let status = |common: &str, rare: &str, rng: &mut ChaCha8Rng| -> Vec<String> {
        (0..N)
            .map(|_| if rng.random_bool(0.96) { common } else { rare }.to_string())
            .collect()
    };
    let org = org(
        vec![column("Status", status("Active", "Churned", &mut rng))],
        vec![column(
            "Account_Status__c",
            status("Active", "Inactive", &mut rng),
        )],
    );
    let m = mapping(&org);
    let s = attribute(&m, "Status");
    assert_eq!(s.field, None, "{s:#?}");
    assert_eq!(s.outcome, fieldmatch::report::attributes::Outcome::Chance);
    let g = s.agreement.as_ref().unwrap();
    assert!(g.agreement_rate > 0.9 && g.chance_rate > 0.85, "{g:#?}");
    assert!(
        s.summary.contains("no more than unrelated pairs"),
        "{}",
        s.summary
    );
}

/// Asserts that `attribute` agrees with its field mostly as the same
/// moment, well beyond chance.
fn agrees_as_the_same_moment(attribute: &AttributeReport) {
    let g = attribute.agreement.as_ref().unwrap();
    assert_eq!(
        g.levels[0].level,
        fieldmatch::report::attributes::Level::SameMoment
    );
    assert!(g.agreement_rate > 0.9 && g.chance_rate < 0.02, "{g:#?}");
}

#[test]
fn a_moment_in_another_time_zone_is_the_same_moment() {
    let mut rng = rng();
    let moments: Vec<chrono::DateTime<chrono::Utc>> = (0..N)
        .map(|_| {
            chrono::Utc
                .timestamp_opt(1_500_000_000 + rng.random_range(0..200_000_000), 0)
                .unwrap()
        })
        .collect();
    let paris: Vec<String> = moments
        .iter()
        .map(|m| {
            m.with_timezone(&chrono_tz::Europe::Paris)
                .format("%d.%m.%Y %H:%M")
                .to_string()
        })
        .collect();
    let utc: Vec<String> = moments
        .iter()
        .map(|m| m.format("%Y-%m-%dT%H:%M:%S.000Z").to_string())
        .collect();
    let other: Vec<String> = (0..N).map(|i| utc[(i * 7 + 3) % N].clone()).collect();
    let org = org(
        vec![column("Signed up (CET)", paris)],
        vec![
            column("LastModifiedDate", other),
            column("Signup_Date__c", noisy(&utc, 0.05, 0.05, &mut rng)),
        ],
    );
    let m = mapping(&org);
    let s = attribute(&m, "Signed up (CET)");
    assert_eq!(s.field.as_deref(), Some("Signup_Date__c"), "{s:#?}");
    agrees_as_the_same_moment(s);
}

/// Intercom's API writes every moment as seconds since 1970 under a name
/// ending in `_at` (`created_at`, custom date attributes such as
/// `signed_up_at`): a script that turns its companies into a CSV keeps
/// them so. They are the moments they name there, and numbers elsewhere.
#[test]
fn seconds_since_1970_are_moments_where_the_api_names_them() {
    let mut rng = rng();
    let seconds: Vec<i64> = (0..N)
        .map(|_| 1_500_000_000 + rng.random_range(0..200_000_000))
        .collect();
    let utc: Vec<String> = seconds
        .iter()
        .map(|&s| {
            let m = chrono::Utc.timestamp_opt(s, 0).unwrap();
            m.format("%Y-%m-%dT%H:%M:%S.000Z").to_string()
        })
        .collect();
    let raw: Vec<String> = seconds.iter().map(i64::to_string).collect();
    let org = org(
        vec![
            column("signed_up_at", raw.clone()),
            column("legacy_number", raw),
        ],
        vec![column("Signup_Date__c", noisy(&utc, 0.05, 0.05, &mut rng))],
    );
    let m = mapping(&org);
    let s = attribute(&m, "signed_up_at");
    assert_eq!(s.ty, fieldmatch::report::attributes::ValueType::Datetime);
    assert_eq!(s.field.as_deref(), Some("Signup_Date__c"), "{s:#?}");
    agrees_as_the_same_moment(s);
    let n = attribute(&m, "legacy_number");
    assert_eq!(n.ty, fieldmatch::report::attributes::ValueType::Number);
    assert_eq!(n.field, None);
}

#[test]
fn a_number_is_never_mapped_to_a_text_field_though_the_values_agree() {
    let mut rng = rng();
    const BANDS: [(u32, u32); 5] = [(1, 10), (11, 50), (51, 200), (201, 1000), (1001, 5000)];
    let (mut sizes, mut bands) = (Vec::new(), Vec::new());
    for _ in 0..N {
        let (low, high) = BANDS[rng.random_range(0..BANDS.len())];
        sizes.push(rng.random_range(low..=high).to_string());
        bands.push(format!("{low}-{high}"));
    }
    let org = org(
        vec![column("Employees", sizes)],
        vec![column("Employee_Range__c", bands)],
    );
    let m = mapping(&org);
    let e = attribute(&m, "Employees");
    assert_eq!(e.field, None, "{e:#?}");
    assert_eq!(
        e.outcome,
        fieldmatch::report::attributes::Outcome::TypesDiffer
    );
    let g = e.agreement.as_ref().unwrap();
    assert_eq!(g.field, "Employee_Range__c");
    assert_eq!(g.agreement_rate, 1.0);
    assert!(e.summary.contains("a sync cannot carry"), "{}", e.summary);
}

/// Plans and the tiers sales calls them, one for one.
const PLANS: [(&str, &str); 4] = [
    ("Pro", "Gold"),
    ("Enterprise", "Platinum"),
    ("Starter", "Bronze"),
    ("Premium", "Silver"),
];

#[test]
fn values_decide_not_names() {
    let mut rng = rng();
    let mut plans = Vec::new();
    let mut tiers = Vec::new();
    for _ in 0..N {
        let (plan, tier) = PLANS[rng.random_range(0..PLANS.len())];
        plans.push(plan.to_string());
        tiers.push(
            if rng.random_bool(0.08) {
                "Silver"
            } else {
                tier
            }
            .to_string(),
        );
    }
    let org = org(
        vec![column("acct_tier", plans)],
        vec![
            // Named like the attribute, holding something else.
            column("Account_Tier__c", picks(&["Hot", "Warm", "Cold"], &mut rng)),
            column("Customer_Tier__c", tiers),
        ],
    );
    let m = mapping(&org);
    let t = attribute(&m, "acct_tier");
    assert_eq!(t.field.as_deref(), Some("Customer_Tier__c"), "{t:#?}");
    let g = t.agreement.as_ref().unwrap();
    assert!(
        g.value_map
            .iter()
            .any(|e| e.company == "Pro" && e.account == "Gold"),
        "{:#?}",
        g.value_map
    );
    assert!(t.summary.contains("through a value map"), "{}", t.summary);
}

/// An org with every trap at once, for the invariants.
fn every_trap() -> (Vec<Column>, Vec<Column>) {
    let mut rng = rng();
    let brands: Vec<String> = (0..N).map(|i| format!("brand{i}.com")).collect();
    let names: Vec<String> = (0..N).map(|i| format!("Brand {i} Holdings")).collect();
    let mut plans = Vec::new();
    let mut tiers = Vec::new();
    for _ in 0..N {
        let (plan, tier) = PLANS[rng.random_range(0..PLANS.len())];
        plans.push(plan.to_string());
        tiers.push(tier.to_string());
    }
    let sizes: Vec<String> = (0..N)
        .map(|_| rng.random_range(1..90_000u32).to_string())
        .collect();
    org(
        vec![
            column("Company name", names.iter().map(|n| n.to_uppercase())),
            column("Company website", brands.clone()),
            column("Plan", plans),
            column("Company size", noisy(&sizes, 0.1, 0.1, &mut rng)),
            column("Status", picks(&["Active"; 1], &mut rng)),
            column(
                "Company web sessions",
                (0..N).map(|_| rng.random_range(0..9000u32).to_string()),
            ),
        ],
        vec![
            column("Name", names),
            column("Website", noisy(&brands, 0.1, 0.0, &mut rng)),
            column("Domain__c", noisy(&brands, 0.1, 0.05, &mut rng)),
            column("Customer_Tier__c", noisy(&tiers, 0.0, 0.08, &mut rng)),
            column("NumberOfEmployees", sizes),
            column("Rating", picks(&["Hot", "Warm", "Cold"], &mut rng)),
            column("Active__c", picks(&["Active"; 1], &mut rng)),
        ],
    )
}

/// The mapping as (attribute column, field column, outcome), whatever the
/// columns are called.
fn by_place(m: &[AttributeReport], accounts: &[Column]) -> Vec<(usize, Option<usize>, String)> {
    m.iter()
        .map(|a| {
            let field = a
                .field
                .as_ref()
                .map(|f| accounts.iter().position(|(h, _)| h == f).unwrap());
            (a.column, field, a.outcome.key().to_string())
        })
        .collect()
}

#[test]
fn the_traps_together_map_as_they_do_apart() {
    let org = every_trap();
    let m = mapping(&org);
    let got: Vec<(&str, Option<&str>)> = m
        .iter()
        .map(|a| (a.attribute.as_str(), a.field.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            ("Company name", Some("Name")),
            ("Company website", Some("Website")),
            ("Plan", Some("Customer_Tier__c")),
            ("Company size", Some("NumberOfEmployees")),
            ("Status", None),
            ("Company web sessions", None),
        ]
    );
}

proptest! {
    #![proptest_config(common::cases(6))]

    #[test]
    fn shuffling_the_account_rows_never_changes_the_mapping(seed in any::<u64>()) {
        let org = every_trap();
        let want = by_place(&mapping(&org), &org.1);
        let (companies, mut accounts) = org;
        let mut order: Vec<usize> = (0..N).collect();
        order.shuffle(&mut ChaCha8Rng::seed_from_u64(seed));
        for (_, values) in &mut accounts {
            *values = order.iter().map(|&r| values[r].clone()).collect();
        }
        let shuffled = (companies, accounts);
        prop_assert_eq!(by_place(&mapping(&shuffled), &shuffled.1), want);
    }

    #[test]
    fn renaming_every_column_never_changes_a_mapping_the_values_decide(seed in any::<u64>()) {
        let org = every_trap();
        let want = by_place(&mapping(&org), &org.1);
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let (mut companies, mut accounts) = org;
        for (i, (header, _)) in companies.iter_mut().chain(accounts.iter_mut()).enumerate() {
            *header = format!("x{}_{i}", rng.random_range(0..1000u32));
        }
        let id = companies[0].0.clone();
        let renamed = (companies, accounts);
        let got = mapping_with(&renamed, |c| c.id_column = Some(id));
        prop_assert_eq!(by_place(&got, &renamed.1), want);
    }
}

/// The bundled exports' attributes and the fields they sync with.
const BUNDLED: [(&str, Option<&str>); 13] = [
    ("Company name", Some("Name")),
    ("Company last seen (PST)", None),
    ("Company created at (PST)", Some("CreatedDate")),
    ("People", None),
    ("Company web sessions", None),
    ("Plan", Some("Customer_Tier__c")),
    ("Monthly Spend", None),
    ("Company size", Some("NumberOfEmployees")),
    ("Company industry", Some("Industry")),
    ("Company website", Some("Website")),
    ("Company Segment", None),
    ("Company tag", None),
    ("stripe_id", Some("Stripe_Customer_ID__c")),
];

fn bundled(env: &Env, args: &[&str]) -> std::process::Output {
    let root = env!("CARGO_MANIFEST_DIR");
    env.cmd()
        .arg(format!("{root}/data/companies.csv"))
        .arg(format!("{root}/data/accounts.csv"))
        .args(["--as-of", "2026-12-02"])
        .args(args)
        .output()
        .unwrap()
}

/// The companies export as other locales write its dates: re-saved by
/// Excel in Australia or Britain (`25/10/25 8:25`, the day first), in the
/// Netherlands (`25-10-2025 08:25`, dashes), and as Salesforce's ICU
/// formats write US English (`10/25/2025, 8:25 AM`, a comma before the
/// time). The attributes map as before, created at to `CreatedDate`, and
/// the activity check finds the same newest date.
#[test]
fn the_bundled_data_saved_in_other_locales_maps_as_before() {
    let env = Env::new();
    let root = env!("CARGO_MANIFEST_DIR");
    let run = |companies: &str| {
        let out = env
            .cmd()
            .arg(companies)
            .arg(format!("{root}/data/accounts.csv"))
            .args(["--as-of", "2026-12-02", "--format", "json"])
            .output()
            .unwrap();
        serde_json::from_slice::<Value>(&out.stdout).unwrap()
    };
    let before = run(&format!("{root}/data/companies.csv"));
    // The bundled dates are `M/D/YY H:MM`.
    let parts = |v: &str| -> Option<[u32; 5]> {
        let n: Vec<u32> = v
            .split(['/', ' ', ':'])
            .map(|p| p.parse().ok())
            .collect::<Option<_>>()?;
        n.try_into().ok()
    };
    // Month, day, year, hour and minute, as one locale writes them.
    type Writes = fn([u32; 5]) -> String;
    let locales: [(&str, Writes); 3] = [
        ("day first", |[m, d, y, h, mi]| {
            format!("{d}/{m}/{y} {h}:{mi:02}")
        }),
        ("dutch", |[m, d, y, h, mi]| {
            format!("{d:02}-{m:02}-20{y:02} {h:02}:{mi:02}")
        }),
        ("icu us", |[m, d, y, h, mi]| {
            let (h12, half) = match h {
                0 => (12, "AM"),
                1..12 => (h, "AM"),
                12 => (12, "PM"),
                _ => (h - 12, "PM"),
            };
            format!("{m}/{d}/20{y:02}, {h12}:{mi:02} {half}")
        }),
    ];
    for (locale, write) in locales {
        let mut saved = csv::Reader::from_path(format!("{root}/data/companies.csv")).unwrap();
        let headers = saved.headers().unwrap().clone();
        let file = format!("{}.csv", locale.replace(' ', "-"));
        let mut out = csv::Writer::from_path(env.dir.path().join(&file)).unwrap();
        out.write_record(&headers).unwrap();
        for row in saved.records() {
            let row = row.unwrap();
            let cells = row.iter().zip(&headers).map(|(v, h)| match parts(v) {
                Some(p) if h.ends_with("(PST)") => write(p),
                _ => v.to_string(),
            });
            out.write_record(cells.collect::<Vec<_>>()).unwrap();
        }
        out.flush().unwrap();
        let after = run(&file);
        assert_eq!(mapped(&after), owned(&BUNDLED), "{locale}");
        // The same pairs agree; the examples of those that do not are
        // quoted as each file writes them.
        let created = |r: &Value| {
            let mut agreement = r["attributes"][2]["agreement"].clone();
            agreement.as_object_mut().unwrap().remove("disagreements");
            agreement
        };
        assert_eq!(created(&after)["field"], "CreatedDate", "{locale}");
        assert_eq!(created(&after), created(&before), "{locale}");
        let activity = |r: &Value| r["checks"][2].clone();
        assert_eq!(activity(&after)["check"], "company_activity");
        assert_eq!(activity(&after), activity(&before), "{locale}");
    }
}

/// The accounts as a report in a German locale writes them, saved with
/// the `;` that Excel there writes between fields: thousands grouped by
/// points and a decimal comma (`147.095`, `157.000.000,00`). The
/// attributes map as before, company size to `NumberOfEmployees`, with the
/// same agreement.
#[test]
fn the_bundled_accounts_written_in_a_german_locale_map_as_before() {
    let env = Env::new();
    let root = env!("CARGO_MANIFEST_DIR");
    let german = |v: &str| -> Option<String> {
        let n: f64 = v.parse().ok()?;
        let whole = format!("{}", n.trunc() as i64);
        let mut grouped = String::new();
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                grouped.push('.');
            }
            grouped.push(c);
        }
        Some(if v.contains(['.', 'E']) {
            format!("{grouped},{:02}", ((n.fract() * 100.0).round()) as i64)
        } else {
            grouped
        })
    };
    let mut source = csv::Reader::from_path(format!("{root}/data/accounts.csv")).unwrap();
    let headers = source.headers().unwrap().clone();
    let mut out = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_path(env.dir.path().join("accounts.csv"))
        .unwrap();
    out.write_record(&headers).unwrap();
    let mut rewritten = 0;
    for row in source.records() {
        let row = row.unwrap();
        let cells = row.iter().zip(&headers).map(|(v, h)| match (h, german(v)) {
            ("NumberOfEmployees" | "AnnualRevenue", Some(g)) => {
                rewritten += usize::from(g != v);
                g
            }
            _ => v.to_string(),
        });
        out.write_record(cells.collect::<Vec<_>>()).unwrap();
    }
    out.flush().unwrap();
    assert!(rewritten > 500, "{rewritten}");
    let run = |accounts: &str| {
        let out = env
            .cmd()
            .arg(format!("{root}/data/companies.csv"))
            .arg(accounts)
            .args(["--as-of", "2026-12-02", "--format", "json"])
            .output()
            .unwrap();
        serde_json::from_slice::<Value>(&out.stdout).unwrap()
    };
    let before = run(&format!("{root}/data/accounts.csv"));
    let after = run("accounts.csv");
    assert_eq!(mapped(&after), owned(&BUNDLED));
    let size = |r: &Value| {
        let a = r["attributes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["attribute"] == "Company size")
            .unwrap();
        let mut agreement = a["agreement"].clone();
        agreement.as_object_mut().unwrap().remove("disagreements");
        agreement
    };
    assert_eq!(size(&after)["field_type"], "number");
    // The same pairs agree, now as equal numbers written differently.
    let levels = |r: &Value| {
        let mut agreement = size(r);
        let levels = agreement.as_object_mut().unwrap().remove("levels");
        (agreement, levels.unwrap())
    };
    let ((after, levels), (before, _)) = (levels(&after), levels(&before));
    assert_eq!(after, before);
    assert_eq!(levels[1]["level"], "normalized", "{levels}");
}

#[test]
fn the_bundled_data_maps_right_in_every_format() {
    let env = Env::new();
    let out = bundled(
        &env,
        &[
            "--format",
            "json",
            "--emit-attribute-mapping",
            "attributes.csv",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let links = &report["attribute_links"];
    assert_eq!(links["field"], "Intercom_Company_ID__c");
    assert!(links["pairs"].as_u64().unwrap() > 600, "{links}");
    assert_eq!(mapped(&report), owned(&BUNDLED));
    let industry = &report["attributes"][8]["agreement"];
    assert!(
        industry["value_map"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["company"] == "Software" && e["account"] == "Technology"),
        "{industry:#}"
    );
    assert_eq!(
        report["attributes"][9]["agreement"]["direction"],
        "intercom_to_salesforce"
    );

    // The CSV file: a row per attribute, the same fields.
    let csv_text = std::fs::read_to_string(env.dir.path().join("attributes.csv")).unwrap();
    let mut rows = csv::Reader::from_reader(csv_text.as_bytes());
    let fields: Vec<(String, String)> = rows
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[2].to_string())
        })
        .collect();
    let want_csv: Vec<(String, String)> = BUNDLED
        .iter()
        .map(|(a, f)| (a.to_string(), f.unwrap_or("").to_string()))
        .collect();
    assert_eq!(fields, want_csv);

    // The HTML chart: as many headings as cells in each of its rows, a row
    // per mapped attribute.
    let html = String::from_utf8(bundled(&env, &["--format", "html"]).stdout).unwrap();
    let chart = &html[html.find("<th>attribute</th>").expect("a chart")..];
    let chart = &chart[..chart.find("</table>").unwrap()];
    let headings = chart.matches("<th").count();
    let rows: Vec<&str> = chart.split("<tr>").skip(1).collect();
    assert_eq!(
        rows.len(),
        BUNDLED.iter().filter(|(_, f)| f.is_some()).count()
    );
    assert!(
        rows.iter().all(|r| r.matches("<td").count() == headings),
        "{chart}"
    );
    // Each heading stands over its own cell: the agreement over a rate.
    let cells = |row: &str, tag: &str| -> Vec<String> {
        row.split(&format!("<{tag}"))
            .skip(1)
            .map(|c| {
                c[c.find('>').unwrap() + 1..]
                    .split(&format!("</{tag}>"))
                    .next()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    let names = cells(chart, "th");
    let first = cells(rows[0], "td");
    let at = names.iter().position(|n| n == "agreement").unwrap();
    assert!(
        first[at].ends_with('%') && !first[at].contains('<'),
        "{names:?} over {first:?}"
    );
    // The text formats: a line per attribute, under the section's title.
    for format in ["table", "markdown", "html"] {
        let out = bundled(&env, &["--format", format]);
        let text = String::from_utf8(out.stdout).unwrap().replace('\\', "");
        assert!(text.contains("Data mapping"), "{format}");
        for (a, f) in BUNDLED {
            let line = match f {
                Some(f) => format!("{a} → {f} ("),
                None => format!("{a} → no field"),
            };
            assert!(text.contains(&line), "{format} lacks {line:?}");
        }
    }
}

#[test]
fn no_attributes_turns_it_off_and_field_chooses_the_link() {
    let env = Env::new();
    let out = bundled(&env, &["--format", "json", "--no-attributes"]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["attributes"], serde_json::json!([]));
    assert!(report["attribute_links"].is_null());
    // Through the legacy field, fewer companies link, and the same fields map.
    let out = bundled(
        &env,
        &["--format", "json", "--field", "Legacy_Customer_ID__c"],
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["attribute_links"]["field"], "Legacy_Customer_ID__c");
    assert_eq!(report["attributes"][0]["field"], "Name");
    // A field the export does not have links nothing yet: said, not guessed.
    let out = bundled(&env, &["--format", "json", "--field", "New_Field__c"]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report["attribute_links"].is_null());
    assert!(
        report["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap().contains("no data mapping was made")),
        "{:#}",
        report["warnings"]
    );
}

/// The data mapping of a run over two files of `tests/real/`, as
/// (attribute, field) pairs, and how it was linked.
fn real(companies: &str, accounts: &str) -> (Vec<(String, Option<String>)>, Value) {
    let env = Env::new();
    let root = format!("{}/tests/real", env!("CARGO_MANIFEST_DIR"));
    let (_, report) = env.json(&[
        &format!("{root}/{companies}"),
        &format!("{root}/{accounts}"),
    ]);
    (mapped(&report), report)
}

/// The JSON report's data mapping as (attribute, field) pairs.
fn mapped(report: &Value) -> Vec<(String, Option<String>)> {
    report["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["attribute"].as_str().unwrap().to_string(),
                a["field"].as_str().map(str::to_string),
            )
        })
        .collect()
}

fn owned(pairs: &[(&str, Option<&str>)]) -> Vec<(String, Option<String>)> {
    pairs
        .iter()
        .map(|(a, f)| (a.to_string(), f.map(str::to_string)))
        .collect()
}

#[test]
fn two_real_restaurant_guides_map_phone_and_city_as_each_writes_them() {
    // Fodor's writes `310/246-1501` and `new york`, Zagat's `310-246-1501`
    // and `new york city`.
    let (mapped, report) = real(
        "restaurants/companies_listed.csv",
        "restaurants/accounts.csv",
    );
    assert_eq!(
        mapped,
        owned(&[
            ("Company name", Some("Name")),
            ("Company phone", Some("Phone")),
            ("Company city", Some("BillingCity")),
        ])
    );
    let city = &report["attributes"][2]["agreement"];
    assert!(
        city["value_map"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["company"] == "new york" && e["account"] == "new york city"),
        "{city:#}"
    );
    // With no field for company_id, through the phone bridge.
    let (mapped, report) = real(
        "restaurants/companies_bridge_phone.csv",
        "restaurants/accounts.csv",
    );
    assert_eq!(report["attribute_links"]["bridge"], "Company phone");
    assert_eq!(report["attribute_links"]["field"], "Phone");
    assert_eq!(
        mapped,
        owned(&[
            ("Company name", Some("Name")),
            ("Company city", Some("BillingCity"))
        ])
    );
}

#[test]
fn a_real_bulk_load_maps_the_name_through_the_erp_number() {
    let (mapped, report) = real("bulk_load/companies_erp.csv", "bulk_load/accounts.csv");
    assert_eq!(report["attribute_links"]["field"], "ORACLE_ID__C");
    assert_eq!(
        mapped[0],
        ("Company name".to_string(), Some("NAME".to_string()))
    );
}

#[test]
fn only_companies_on_exactly_one_account_make_pairs() {
    let names: Vec<String> = (0..N).map(|i| format!("Firm {i} Holdings")).collect();
    let (companies, mut accounts) = org(
        vec![column("Company name", names.clone())],
        vec![column("Name", names)],
    );
    // Every tenth company's id is on a second account too, with another name.
    for i in (0..N).step_by(10) {
        for (header, values) in &mut accounts {
            let value = match header.as_str() {
                "Name" => "Somebody Else".to_string(),
                "Id" => format!("0015g00000Zz{i:03}AAA"),
                _ => values[i].clone(),
            };
            values.push(value);
        }
    }
    let config = Config::new(
        Input::bytes("companies.csv", csv_of(&companies).into_bytes()),
        Input::bytes("accounts.csv", csv_of(&accounts).into_bytes()),
    );
    let report = fieldmatch::analyze(&config).unwrap().report;
    let links = report.attribute_links.as_ref().unwrap();
    assert_eq!(links.pairs, N - N / 10);
    let name = attribute(&report.attributes, "Company name");
    assert_eq!(name.agreement.as_ref().unwrap().agreement_rate, 1.0);
}
