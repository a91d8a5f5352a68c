//! Fuzzing the readers: arbitrary bytes as either export must end in a report
//! or a clean error, never a panic.
//!
//! Runs a few hundred cases with the test suite; for a long run:
//!
//!     PROPTEST_CASES=1000000 cargo test --release --test fuzz

use fieldmatch::{Config, Error, Format, Input};
mod common;

use proptest::prelude::*;

/// Bytes that matter to the readers, mixed with arbitrary ones: delimiters,
/// quotes, line ends, BOMs, gzip and zip magic, NULs and invalid UTF-8.
fn export_bytes() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(b",".to_vec()),
        Just(b";".to_vec()),
        Just(b"\t".to_vec()),
        Just(b"|".to_vec()),
        Just(b"\"".to_vec()),
        Just(b"\"\"".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"\r".to_vec()),
        Just(b"\xef\xbb\xbf".to_vec()),
        Just(b"\xff\xfe".to_vec()),
        Just(b"\xfe\xff".to_vec()),
        Just(b"\x1f\x8b".to_vec()),
        Just(b"PK\x03\x04".to_vec()),
        Just(b"company_id".to_vec()),
        Just(b"Company ID".to_vec()),
        Just(b"001A000010khO8JIAU".to_vec()),
        Just(b"cmp_1".to_vec()),
        Just(b"https://www.acme.com/".to_vec()),
        Just(b"1.23457E+11".to_vec()),
        Just(b"Grand Totals (3 records)".to_vec()),
        prop::collection::vec(any::<u8>(), 0..8),
        "[a-zA-Z0-9 _.-]{0,12}".prop_map(String::into_bytes),
    ];
    prop_oneof![
        prop::collection::vec(piece, 0..60).prop_map(|p| p.concat()),
        prop::collection::vec(any::<u8>(), 0..400),
    ]
}

fn run(companies: &[u8], accounts: &[u8]) -> Result<(), String> {
    let config = Config::new(
        Input::bytes("companies.csv", companies),
        Input::bytes("accounts.csv", accounts),
    );
    match fieldmatch::analyze(&config) {
        Ok(analysis) => {
            for format in [
                Format::Table,
                Format::Json,
                Format::Csv,
                Format::Markdown,
                Format::Html,
            ] {
                analysis.report.render(format, true);
            }
            Ok(())
        }
        Err(Error::Input { path, .. }) | Err(Error::Io { path, .. }) => {
            // Every input error names one of the two files.
            if path.as_os_str() == "companies.csv" || path.as_os_str() == "accounts.csv" {
                Ok(())
            } else {
                Err(format!("error names {}", path.display()))
            }
        }
        Err(e) => Err(format!("unexpected error kind: {e}")),
    }
}

proptest! {
    #![proptest_config(common::cases(256))]

    #[test]
    fn arbitrary_accounts_never_panic(accounts in export_bytes()) {
        run(b"company_id\ncmp_1\n001A000010khO8JIAU\n", &accounts).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn arbitrary_companies_never_panic(companies in export_bytes()) {
        run(&companies, b"Id,Ext\n1,cmp_1\n").map_err(TestCaseError::fail)?;
    }
}
