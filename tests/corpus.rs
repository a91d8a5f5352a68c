//! Real exports and hostile input: every file of `tests/corpus` (made by
//! `tests/corpus/make_corpus.py`) is run through the binary, and must give the
//! exit code `tests/corpus/EXPECT` says, never a panic, and for errors a
//! message that names the file.

mod common;

use std::path::{Path, PathBuf};

use common::{Env, field_names};
use serde_json::Value;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

fn run(companies: &Path, accounts: &Path, extra: &[&str]) -> std::process::Output {
    assert_cmd::cargo::cargo_bin_cmd!("fieldmatch")
        .arg("-q")
        .arg(companies)
        .arg(accounts)
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn every_corpus_file_gives_the_expected_outcome() {
    let dir = corpus();
    let expect = std::fs::read_to_string(dir.join("EXPECT")).unwrap();
    let mut checked = 0;
    for line in expect
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        let [file, role, code, says] = cols[..] else {
            panic!("bad EXPECT line {line:?}")
        };
        let path = dir.join(file);
        let out = match role {
            "accounts" => run(&dir.join("companies.csv"), &path, &[]),
            "accounts_sf" => run(&dir.join("companies_sf.csv"), &path, &[]),
            "companies" => run(&path, &dir.join("utf8_bom.csv"), &[]),
            other => panic!("unknown role {other}"),
        };
        let (stdout, stderr) = (
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
        );
        assert!(!stderr.contains("panicked"), "{file}: {stderr}");
        assert_eq!(
            out.status.code(),
            Some(code.parse().unwrap()),
            "{file} as {role}:\n{stdout}\n{stderr}"
        );
        if code == "2" {
            assert!(
                stderr.contains(file),
                "{file}: the error does not name the file: {stderr}"
            );
            assert!(
                stderr.contains(says),
                "{file}: expected {says:?} in {stderr}"
            );
            assert!(stdout.is_empty());
        } else {
            let verdict = stdout.lines().next().unwrap_or_default();
            assert!(
                verdict.starts_with(&format!("Map company_id to `{says}`")),
                "{file}: {verdict}"
            );
        }
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} corpus entries");
}

fn json(companies: &Path, accounts: &Path, extra: &[&str]) -> Value {
    let out = run(
        companies,
        accounts,
        &[extra, &["--format", "json"]].concat(),
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)))
}

#[test]
fn a_utf16_report_export_with_its_footer() {
    let dir = corpus();
    let r = json(
        &dir.join("companies_sf.csv"),
        &dir.join("report_utf16.csv"),
        &[],
    );
    assert_eq!(r["accounts"]["format"]["encoding"], "UTF-16LE");
    assert_eq!(r["accounts"]["format"]["delimiter"], "\t");
    // 110 accounts; the report name, copyright, confidentiality, generated-by
    // and company lines are no accounts.
    assert_eq!(r["accounts"]["rows"], 110);
    assert_eq!(r["accounts"]["skipped_lines"], 5);
    assert_eq!(r["accounts"]["ragged_rows"], 0);
    assert_eq!(r["suggestion"]["field"], "Account ID");
    assert_eq!(r["suggestion"]["fix"]["transform"], "salesforce-id");
    assert_eq!(r["fields"][0]["matched"], 100);
}

#[test]
fn a_report_with_grand_totals_and_the_excel_footer() {
    let dir = corpus();
    let r = json(
        &dir.join("companies_sf.csv"),
        &dir.join("report_footer.csv"),
        &[],
    );
    assert_eq!(r["accounts"]["rows"], 110);
    assert_eq!(r["accounts"]["skipped_lines"], 3);
}

/// A company row that lost its other cells is a company; the lone lines
/// after the last row are the report's footer.
#[test]
fn lone_field_rows_are_companies_and_the_footer_is_not() {
    let dir = corpus();
    let r = json(
        &dir.join("lone_field_rows.csv"),
        &dir.join("utf8_bom.csv"),
        &[],
    );
    assert_eq!(r["companies"]["rows"], 90);
    assert_eq!(
        r["companies"]["skipped_lines"], 3,
        "the name, copyright and generated-by lines"
    );
    assert_eq!(r["suggestion"]["field"], "Ext_Id__c");
    assert_eq!(
        r["fields"][0]["exact"], 90,
        "the lone rows' ids are sampled too"
    );
}

/// Old Mac line ends are told by the line ends outside quotes, and Excel's
/// `sep=` line ends the way the file's lines do.
#[test]
fn old_mac_line_ends_with_a_quoted_line_feed_or_a_sep_line() {
    let dir = corpus();
    for file in ["cr_quoted_lf.csv", "sep_cr.csv"] {
        let r = json(&dir.join("companies.csv"), &dir.join(file), &[]);
        assert_eq!(r["accounts"]["rows"], 100, "{file}");
        assert_eq!(r["suggestion"]["field"], "Ext_Id__c", "{file}");
        assert_eq!(r["fields"][0]["exact"], 90, "{file}");
    }
}

/// A stray NUL in a cell is data, counted in a warning; a binary file is
/// still refused.
#[test]
fn a_nul_byte_in_a_cell_is_read_and_told() {
    let dir = corpus();
    let r = json(
        &dir.join("companies.csv"),
        &dir.join("nul_in_cell.csv"),
        &[],
    );
    assert_eq!(r["accounts"]["rows"], 100);
    assert_eq!(r["accounts"]["format"]["nul_bytes"], 1);
    assert!(
        r["warnings"].to_string().contains("1 NUL byte"),
        "{:#}",
        r["warnings"]
    );
    let out = run(&dir.join("companies.csv"), &dir.join("binary.bin"), &[]);
    assert_eq!(out.status.code(), Some(2));
}

/// A field first filled megabytes into the file is described by what it
/// holds there, not as empty: its sample values come from across the file.
#[test]
fn a_field_filled_late_is_described_by_its_values() {
    use std::fmt::Write as _;
    let env = Env::new();
    let mut companies = String::from("Company ID\n");
    let mut accounts = String::from("Id,Ext_Id__c,Notes,Late_Field__c\n");
    for i in 0..40_000 {
        writeln!(companies, "cmp_{i}").unwrap();
        let late = if i >= 30_000 {
            format!("contact{i}@example.com")
        } else {
            String::new()
        };
        writeln!(accounts, "001{i:012}AAA,cmp_{i},{},{late}", "x".repeat(60)).unwrap();
    }
    assert!(
        accounts.find("contact").unwrap() > 2 << 20,
        "filled past the first chunk"
    );
    env.write("companies.csv", &companies);
    env.write("accounts.csv", &accounts);
    let (_, r) = env.json(&[
        "companies.csv",
        "accounts.csv",
        "--top",
        "0",
        "--no-attributes",
    ]);
    let late = r["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == "Late_Field__c")
        .unwrap();
    assert!(late["holds"] == "email addresses", "{:#}", late["holds"]);
}

/// A file that ends inside a quote is read as the `csv` crate reads it, the
/// quoted field running to the end, and told with the line the quote opens
/// on and how many lines went into that row: rows swallowed, or a file cut
/// short.
#[test]
fn a_file_that_ends_inside_a_quote_is_told_where() {
    use std::fmt::Write as _;
    let env = Env::new();
    let mut companies = String::from("Company ID\n");
    let mut accounts = String::from("Id,Ext_Id__c,Notes\n");
    for i in 0..100 {
        writeln!(companies, "cmp_{i}").unwrap();
        // Line 98 opens a quote that the three rows after it never close.
        let notes = if i == 96 { "\"call back" } else { "ok" };
        writeln!(accounts, "001{i:012}AAA,cmp_{i},{notes}").unwrap();
    }
    env.write("companies.csv", &companies);
    env.write("accounts.csv", &accounts);
    // The same companies, the last one cut short inside its quotes.
    env.write("cut.csv", &format!("{companies}\"cmp_100"));
    let (_, r) = env.json(&["cut.csv", "accounts.csv", "--no-attributes"]);
    let format = &r["accounts"]["format"];
    assert_eq!(format["unclosed_quote"]["line"], 98, "{format:#}");
    assert_eq!(format["unclosed_quote"]["lines"], 4, "{format:#}");
    assert_eq!(r["accounts"]["rows"], 97, "lines 98 to 101 are one row");
    let told = r["warnings"].to_string();
    assert!(
        told.contains("accounts.csv ends inside a quote opened on line 98, so its last 4 lines were read as one row"),
        "{told}"
    );
    let cut = &r["companies"]["format"]["unclosed_quote"];
    assert_eq!((&cut["line"], &cut["lines"]), (&102.into(), &1.into()));
    assert!(
        told.contains("cut.csv ends inside a quoted field of its last row (line 102)"),
        "{told}"
    );
    // Quotes that close are not told.
    env.write(
        "closed.csv",
        &accounts.replace("\"call back", "\"call back\""),
    );
    let (_, r) = env.json(&["companies.csv", "closed.csv", "--no-attributes"]);
    assert_eq!(r["accounts"]["rows"], 100);
    assert!(r["accounts"]["format"]["unclosed_quote"].is_null());
    assert!(r["companies"]["format"]["unclosed_quote"].is_null());
    assert!(!r["warnings"].to_string().contains("ends inside"));
}

/// A report with a row per contact lists an account on several rows in a
/// row: those rows are counted and told, for each row counts as an account.
#[test]
fn an_account_on_consecutive_rows_is_told() {
    use std::fmt::Write as _;
    let env = Env::new();
    let mut companies = String::from("Company ID\n");
    let mut report =
        String::from("\"Account Name\",\"Account ID\",\"Intercom ID\",\"Contact ID\"\n");
    let mut repeated = 0;
    for i in 0..120 {
        writeln!(companies, "cmp_{i}").unwrap();
        let contacts = i % 3 + 1;
        repeated += contacts - 1;
        for j in 0..contacts {
            writeln!(
                report,
                "\"Acme {i}\",\"0015g00000Ab{i:03}\",\"cmp_{i}\",\"0035g00000Cd{i:03}{j}\""
            )
            .unwrap();
        }
    }
    env.write("companies.csv", &companies);
    env.write("report.csv", &report);
    let (_, r) = env.json(&["companies.csv", "report.csv", "--no-attributes"]);
    assert_eq!(r["accounts"]["repeated_account_rows"], repeated);
    let first = r["warnings"][0].as_str().unwrap();
    assert!(
        first.starts_with(&format!(
            "{repeated} rows of report.csv list the account of the row before again"
        )),
        "{first}"
    );
    // One row per account: nothing to tell.
    let dedup: String = report
        .lines()
        .enumerate()
        .filter(|(n, l)| *n == 0 || l.ends_with("0\""))
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    env.write("accounts.csv", &dedup);
    let (_, r) = env.json(&["companies.csv", "accounts.csv", "--no-attributes"]);
    assert_eq!(r["accounts"]["rows"], 120);
    assert_eq!(r["accounts"]["repeated_account_rows"], 0);
    assert!(!r["warnings"].to_string().contains("row before"));
}

/// The encoding is chosen from the start of a file by weight of evidence,
/// and bytes later on that say otherwise are counted and told.
#[test]
fn an_encoding_the_rest_of_the_file_contradicts_is_told() {
    let dir = corpus();
    let companies = dir.join("companies_accented.csv");
    // One stray Windows-1252 byte in a UTF-8 header: still UTF-8.
    let r = json(
        &companies,
        &dir.join("utf8_stray_header_byte.csv"),
        &["--no-attributes"],
    );
    assert_eq!(r["accounts"]["format"]["encoding"], "UTF-8");
    assert_eq!(r["accounts"]["format"]["contradicting_bytes"], 1);
    assert_eq!(r["suggestion"]["field"], "Accent_Id__c");
    assert_eq!(r["fields"][0]["exact"], 100, "the accented ids match");
    // Windows-1252 whose first accent is past the first 64 KiB: told.
    let r = json(
        &companies,
        &dir.join("win1252_late_accent.csv"),
        &["--no-attributes"],
    );
    assert_eq!(r["accounts"]["format"]["contradicting_bytes"], 300);
    assert!(
        r["warnings"].to_string().contains(
            "300 bytes in it are not UTF-8 and were read as U+FFFD, so values with them match nothing; if the file is Windows-1252 (an Excel save on Windows), run again with --accounts-encoding windows-1252"
        ),
        "{:#}",
        r["warnings"]
    );
    // As the warning says: that file alone as Windows-1252, and the ids match.
    let r = json(
        &companies,
        &dir.join("win1252_late_accent.csv"),
        &["--no-attributes", "--accounts-encoding", "windows-1252"],
    );
    assert_eq!(r["accounts"]["format"]["encoding"], "windows-1252");
    assert_eq!(r["companies"]["format"]["encoding"], "UTF-8");
    assert_eq!(r["suggestion"]["field"], "Accent_Id__c");
    assert_eq!(r["fields"][0]["exact"], 100);
}

/// Markdown shows text from the exports as it is: no code span broken out
/// of, no HTML opened, no table row split.
#[test]
fn markdown_escapes_what_the_exports_say() {
    let dir = corpus();
    let out = run(
        &dir.join("companies.csv"),
        &dir.join("markdown_attack.csv"),
        &[
            "--format",
            "markdown",
            "--top",
            "0",
            "--explain",
            "x`<img src=x onerror=alert(1)>`y",
        ],
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("onerror"), "the header is shown: {text}");
    // Outside code spans (whose text Markdown shows as it is), every < is
    // escaped.
    for line in text.lines() {
        let mut code = false;
        let mut escaped = false;
        for c in line.chars() {
            match c {
                '`' if !escaped => code = !code,
                '<' if !code => assert!(escaped, "an unescaped < in {line}"),
                _ => {}
            }
            escaped = c == '\\' && !escaped;
        }
    }
    let out = run(
        &dir.join("companies.csv"),
        &dir.join("markdown_attack.csv"),
        &["--format", "markdown", "--top", "0"],
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<&str> = text.lines().filter(|l| l.starts_with('|')).collect();
    let pipes = |l: &str| l.matches('|').count() - l.matches("\\|").count();
    assert!(rows.iter().all(|l| pipes(l) == pipes(rows[0])), "{text}");
}

#[test]
fn a_semicolon_windows_1252_export_with_accented_names() {
    let env = Env::new();
    // Companies whose ids are the account names, in UTF-8: they only match if
    // the Windows-1252 bytes were decoded right.
    let names = [
        "Müller GmbH",
        "Société Générale",
        "Ærø Fisk",
        "Café Olé",
        "Zoë & Co",
    ];
    let mut companies = String::from("company_id\n");
    for i in 0..100 {
        companies += &format!("{} {i}\n", names[i % 5]);
    }
    let c = env.write("names.csv", &companies);
    let r = json(
        &c,
        &corpus().join("win1252_semicolon.csv"),
        &["--fields", "Name"],
    );
    assert_eq!(r["accounts"]["format"]["encoding"], "windows-1252");
    assert_eq!(r["accounts"]["format"]["delimiter"], ";");
    assert_eq!(r["fields"][0]["exact"], 100);
    let r = json(
        &corpus().join("companies.csv"),
        &corpus().join("win1252_semicolon.csv"),
        &[],
    );
    assert_eq!(
        field_names(&r),
        ["Ext_Id__c", "Id", "Name", "Amount"],
        "the decimal comma split no field"
    );
}

#[test]
fn messy_rows_are_read_and_ragged_ones_reported() {
    let dir = corpus();
    let r = json(&dir.join("companies.csv"), &dir.join("messy_rows.csv"), &[]);
    assert_eq!(r["accounts"]["rows"], 100);
    assert_eq!(r["fields"][0]["matched"], 90);
    assert!(r["accounts"]["ragged_rows"].as_u64().unwrap() >= 5);
    assert!(r["warnings"].to_string().contains("more or fewer cells"));
}

#[test]
fn duplicate_empty_and_upper_case_headers() {
    let dir = corpus();
    let r = json(
        &dir.join("companies.csv"),
        &dir.join("header_quirks.csv"),
        &["--top", "0"],
    );
    let names = field_names(&r);
    for expected in ["EXT_ID__C", "NAME (col 2)", "NAME (col 4)", "(col 3)", "ID"] {
        assert!(
            names.contains(&expected.to_string()),
            "{expected} in {names:?}"
        );
    }
    let r = json(
        &dir.join("companies.csv"),
        &dir.join("header_quirks.csv"),
        &["--fields", "ext_id__c,NAME (col 4)"],
    );
    assert_eq!(field_names(&r), ["EXT_ID__C", "NAME (col 4)"]);
}

#[test]
fn gzip_and_standard_input() {
    let dir = corpus();
    let r = json(
        &dir.join("companies.csv"),
        &dir.join("accounts.csv.gz"),
        &[],
    );
    assert_eq!(r["accounts"]["format"]["compressed"], true);
    assert_eq!(r["accounts"]["rows"], 100, "both gzip members are read");
    let out = assert_cmd::cargo::cargo_bin_cmd!("fieldmatch")
        .arg(dir.join("companies.csv"))
        .arg("-")
        .args(["--format", "json", "-q"])
        .pipe_stdin(dir.join("utf8_bom.csv"))
        .unwrap()
        .output()
        .unwrap();
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["accounts"]["path"], "<stdin>");
    assert_eq!(r["suggestion"]["field"], "Ext_Id__c");
}

#[test]
fn a_cell_of_megabytes_and_thousands_of_columns() {
    let env = Env::new();
    let mut big = String::from("Id,Description,Ext_Id__c\n");
    for i in 0..100 {
        let text = if i == 5 {
            "lorem \"ipsum\" ".repeat(300_000)
        } else {
            "x".to_string()
        };
        big += &format!(
            "{i},\"{}\",{}\n",
            text.replace('"', "\"\""),
            if i < 90 {
                format!("cmp_{i:04}")
            } else {
                String::new()
            }
        );
    }
    let big = env.write("big.csv", &big);
    let r = json(&corpus().join("companies.csv"), &big, &[]);
    assert_eq!(r["accounts"]["rows"], 100);
    assert_eq!(r["suggestion"]["field"], "Ext_Id__c");

    let header: Vec<String> = (0..3000)
        .map(|k| format!("Field_{k}__c"))
        .chain(["Ext_Id__c".to_string()])
        .collect();
    let mut wide = header.join(",") + "\n";
    for i in 0..60 {
        let cells: Vec<String> = (0..3000)
            .map(|k| (k * i).to_string())
            .chain([format!("cmp_{i:04}")])
            .collect();
        wide += &(cells.join(",") + "\n");
    }
    let wide = env.write("wide.csv", &wide);
    let r = json(&corpus().join("companies.csv"), &wide, &[]);
    assert_eq!(r["accounts"]["fields"], 3001);
    assert_eq!(r["fields"][0]["field"], "Ext_Id__c");
}

#[test]
fn a_failed_run_leaves_the_old_report_whole() {
    let env = Env::new();
    let companies = corpus().join("companies.csv");
    let report = env.write("report.json", "the old report");
    // Bad input: the run fails before anything is written.
    let out = run(
        &companies,
        &corpus().join("workbook.xlsx"),
        &["-o", report.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&report).unwrap(), "the old report");
    // An output that cannot be replaced: a directory stays as it was, and no
    // temporary file is left beside it.
    let dir = env.dir.path().join("taken");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("keep.txt"), "kept").unwrap();
    let out = run(
        &companies,
        &corpus().join("utf8_bom.csv"),
        &["-o", dir.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("taken"));
    assert_eq!(
        std::fs::read_to_string(dir.join("keep.txt")).unwrap(),
        "kept"
    );
    let leftovers = std::fs::read_dir(env.dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(".fieldmatch")
        })
        .count();
    assert_eq!(leftovers, 0);
}

#[test]
fn the_same_file_twice_is_refused() {
    let dir = corpus();
    let out = run(&dir.join("companies.csv"), &dir.join("companies.csv"), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("both the companies and the accounts export")
    );
}

/// Escape sequences in headers and values reach no terminal: every text
/// format writes them out (`\x1b`), in the table, the diagnosis and
/// `--explain`, and a line break in a header splits no line.
#[test]
fn escape_sequences_are_shown_not_obeyed() {
    let dir = corpus();
    for extra in [
        &["--format", "table", "--top", "0"][..],
        &["--format", "markdown", "--top", "0"],
        &["--explain", "Name\x1b]0;owned\x07"],
    ] {
        let out = run(&dir.join("companies.csv"), &dir.join("escapes.csv"), extra);
        let text = String::from_utf8(out.stdout).unwrap();
        assert_eq!(out.status.code(), Some(0), "{extra:?}");
        assert!(
            !text.contains('\x1b') && !text.contains('\x07'),
            "{extra:?}: {text:?}"
        );
        assert!(text.contains("\\x1b"), "{extra:?}");
        if extra[1] == "table" {
            assert!(text.contains("Note\\nsplit"), "{text}");
        }
    }
}
