//! Workbooks as admins pass them around: a Salesforce report saved as
//! `.xlsx`, written here by a real xlsx writer, with title rows above the
//! table, ids stored as numbers, a footer below, and a second sheet.

mod common;

use common::Env;
use rust_xlsxwriter::Workbook;

/// A report workbook: sheet `Accounts` with 100 accounts whose
/// `Intercom Company ID` holds the company ids as numbers, and a sheet
/// `Notes` of something else.
fn report_workbook() -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Accounts").unwrap();
    sheet
        .write_string(0, 0, "Accounts with Intercom ids")
        .unwrap();
    sheet
        .write_string(1, 0, "Filtered by: Type equals Customer")
        .unwrap();
    for (c, h) in [
        "Account Name",
        "Account ID",
        "Intercom Company ID",
        "Created Date",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(3, c as u16, *h).unwrap();
    }
    for i in 0..100u32 {
        let row = 4 + i;
        sheet.write_string(row, 0, format!("Account {i}")).unwrap();
        sheet
            .write_string(row, 1, format!("0015g00000Ab{i:03}"))
            .unwrap();
        sheet
            .write_number(row, 2, 123_456_700_000.0 + f64::from(i))
            .unwrap();
        sheet.write_string(row, 3, "2024-05-01").unwrap();
    }
    sheet
        .write_string(104, 0, "Grand Totals (100 records)")
        .unwrap();
    sheet
        .write_string(
            106,
            0,
            "Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved.",
        )
        .unwrap();
    let notes = book.add_worksheet();
    notes.set_name("Notes").unwrap();
    notes.write_string(0, 0, "Id").unwrap();
    notes.write_string(0, 1, "Note").unwrap();
    for i in 0..10u32 {
        notes.write_string(1 + i, 0, format!("n{i}")).unwrap();
        notes.write_string(1 + i, 1, "nothing").unwrap();
    }
    book.save_to_buffer().unwrap()
}

fn companies() -> String {
    (0..120u64).fold(String::from("Company name,Company ID\n"), |s, i| {
        s + &format!("Company {i},{}\n", 123_456_700_000 + i)
    })
}

#[test]
fn a_report_saved_as_a_workbook_is_read_as_it_comes() {
    let env = Env::new();
    env.write("companies.csv", &companies());
    // A name that does not say workbook: the bytes do.
    std::fs::write(env.dir.path().join("accounts.dat"), report_workbook()).unwrap();
    let (code, r) = env.json(&["companies.csv", "accounts.dat", "--no-attributes"]);
    assert_eq!(code, 0, "{r:#}");
    assert_eq!(r["accounts"]["format"]["sheet"], "Accounts");
    assert_eq!(r["accounts"]["rows"], 100, "title rows and footer left out");
    assert_eq!(r["suggestion"]["field"], "Intercom Company ID");
    assert_eq!(
        r["fields"][0]["exact"], 100,
        "ids stored as numbers read as digits"
    );
    // Another sheet by name; an unknown one is refused with the names.
    let (code, r) = env.json(&["companies.csv", "accounts.dat", "--sheet", "Notes"]);
    assert_eq!(code, 1);
    assert_eq!(r["accounts"]["format"]["sheet"], "Notes");
    env.cmd()
        .args(["companies.csv", "accounts.dat", "--sheet", "Nope"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "its sheets are 'Accounts', 'Notes'",
        ));
}

/// The CSV export `path` as a workbook of one sheet, every cell text, as a
/// spreadsheet saves a CSV it opened (after a title row above the table).
fn workbook_of(path: &str) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Exported from the CSV").unwrap();
    let mut rows = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .unwrap();
    for (r, row) in rows.records().enumerate() {
        for (c, cell) in row.unwrap().iter().enumerate() {
            if !cell.is_empty() {
                sheet.write_string(2 + r as u32, c as u16, cell).unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

/// The report without what names its inputs.
fn without_inputs(mut r: serde_json::Value) -> serde_json::Value {
    for side in ["companies", "accounts"] {
        let input = r[side].as_object_mut().unwrap();
        input.remove("path");
        input.remove("format");
    }
    r
}

#[test]
fn the_bundled_exports_saved_as_workbooks_are_read_as_their_csv_is() {
    // Both sheets are longer than one of the chunks (256 KiB) a sheet is
    // handed on in, so their rows cross from one chunk to the next.
    let env = Env::new();
    let root = env!("CARGO_MANIFEST_DIR");
    for name in ["companies", "accounts"] {
        let csv = format!("{root}/data/{name}.csv");
        std::fs::write(
            env.dir.path().join(format!("{name}.xlsx")),
            workbook_of(&csv),
        )
        .unwrap();
        std::fs::copy(&csv, env.dir.path().join(format!("{name}.csv"))).unwrap();
        assert!(std::fs::metadata(&csv).unwrap().len() > 1 << 18);
    }
    let run = |companies: &str, accounts: &str| {
        let (code, r) = env.json(&[companies, accounts, "--as-of", "2026-12-02"]);
        assert_eq!(code, 0, "{r:#}");
        r
    };
    let from_csv = run("companies.csv", "accounts.csv");
    let from_books = run("companies.xlsx", "accounts.xlsx");
    assert_eq!(from_books["accounts"]["format"]["sheet"], "Sheet1");
    assert_eq!(from_books["accounts"]["rows"], 2400);
    assert_eq!(without_inputs(from_books), without_inputs(from_csv));
}
