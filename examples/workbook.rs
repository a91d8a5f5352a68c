//! Saves a CSV export as a workbook, as a spreadsheet saves a CSV it opened:
//! one sheet, whole numbers (without a leading zero, 15 digits at most) as
//! numbers, every other filled cell as text in the table of shared strings.
//! The benchmark script reads the accounts export this way too.
//!
//!     cargo run --release --example workbook -- accounts.csv accounts.xlsx

use std::error::Error;

use rust_xlsxwriter::Workbook;

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(from), Some(to)) = (args.next(), args.next()) else {
        return Err("usage: workbook FILE.csv FILE.xlsx".into());
    };
    let mut rows = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(&from)?;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.records().enumerate() {
        for (c, cell) in row?.iter().enumerate() {
            let (r, c) = (u32::try_from(r)?, u16::try_from(c)?);
            let number = cell.len() <= 15
                && !cell.starts_with('0')
                && cell.bytes().all(|b| b.is_ascii_digit());
            if cell.is_empty() {
                continue;
            } else if number {
                sheet.write_number(r, c, cell.parse::<f64>()?)?;
            } else {
                sheet.write_string(r, c, cell)?;
            }
        }
    }
    book.save(&to)?;
    Ok(())
}
