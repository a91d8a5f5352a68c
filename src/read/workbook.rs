//! Excel and OpenDocument workbooks (`.xlsx`, `.xls`, `.ods`), read as they
//! come with `calamine` and handed on as CSV, so that every later step reads
//! them as it reads any export.
//!
//! One sheet is read: the first, or the one `--sheet` names. A Salesforce
//! report saved as a workbook has title rows above its table (the report's
//! name, its filters, a blank row); the header is the first row about as wide
//! as the widest, and the rows above it are left out. Cells are written as
//! Excel shows them: text as it is, whole numbers without a decimal point or
//! an exponent (`123456789012`, not `1.23E+11`), dates as ISO 8601. The
//! footer and totals rows below the table are told apart as in any export.
//! The workbook is read whole, so memory grows with the sheet.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto_from_rs};

use crate::error::{Error, Result};

/// Whether `head` starts like a workbook: a zip file (`.xlsx`, `.ods`) or an
/// OLE compound file (`.xls`). Told by the bytes, never by the file name.
pub fn looks_like(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04")
        || head.starts_with(&[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])
}

/// Rows above the header that are looked at for it.
const TITLE_ROWS: usize = 30;

/// The sheet `sheet` (the first when `None`) of the workbook `bytes`, as CSV
/// text, and the sheet's name.
pub fn to_csv(bytes: Vec<u8>, sheet: Option<&str>, path: &Path) -> Result<(Vec<u8>, String)> {
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        Error::input(
            path,
            format!("this looks like a workbook or another zip file, but it cannot be read as one ({e}); save it as CSV"),
        )
    })?;
    let names = book.sheet_names();
    let name = match sheet {
        None => names.first().cloned().ok_or_else(|| {
            Error::input(path, "the workbook has no sheets; save the export as CSV")
        })?,
        Some(wanted) => names
            .iter()
            .find(|n| *n == wanted)
            .or_else(|| names.iter().find(|n| n.eq_ignore_ascii_case(wanted)))
            .cloned()
            .ok_or_else(|| {
                Error::input(
                    path,
                    format!(
                        "has no sheet '{wanted}'; its sheets are {}",
                        names
                            .iter()
                            .map(|n| format!("'{n}'"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            })?,
    };
    let range = book
        .worksheet_range(&name)
        .map_err(|e| Error::input(path, format!("its sheet '{name}' cannot be read ({e})")))?;
    let rows: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(text).collect()).collect();
    let start = header_row(&rows);
    let mut out = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    for row in &rows[start..] {
        // Cells past the last filled one are the sheet's width, not the row's.
        let used = row.iter().rposition(|c| !c.is_empty()).map_or(0, |i| i + 1);
        let row = if used == 0 {
            &row[..1.min(row.len())]
        } else {
            &row[..used]
        };
        out.write_record(row)
            .map_err(|e| Error::input(path, e.to_string()))?;
    }
    let csv = out
        .into_inner()
        .map_err(|e| Error::input(path, e.to_string()))?;
    Ok((csv, name))
}

/// The row the table starts at: the first of the top rows that is about
/// as wide as the widest of them, with text in every filled cell.
fn header_row(rows: &[Vec<String>]) -> usize {
    let filled = |r: &Vec<String>| r.iter().filter(|c| !c.is_empty()).count();
    let top = &rows[..rows.len().min(TITLE_ROWS)];
    let widest = top.iter().map(filled).max().unwrap_or(0);
    top.iter()
        .position(|r| widest > 0 && filled(r) * 5 >= widest * 4)
        .unwrap_or(0)
}

/// A cell as Excel shows it.
fn text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        // Whole numbers as digits: an id stored as a number is not 1.23E+11.
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
        Data::DateTime(d) => match d.as_datetime() {
            Some(t) if t.time() == chrono::NaiveTime::MIN => t.format("%Y-%m-%d").to_string(),
            Some(t) => t.format("%Y-%m-%dT%H:%M:%S").to_string(),
            None => d.as_f64().to_string(),
        },
        Data::Error(e) => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_as_excel_shows_them() {
        assert_eq!(text(&Data::Float(123_000_000_000.0)), "123000000000");
        assert_eq!(text(&Data::Float(1.5)), "1.5");
        assert_eq!(text(&Data::Int(7)), "7");
        assert_eq!(text(&Data::Bool(true)), "TRUE");
        assert_eq!(text(&Data::Empty), "");
    }

    #[test]
    fn title_rows_above_the_table_are_left_out() {
        let row = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        let rows = vec![
            row(&["Accounts with Intercom ids", "", ""]),
            row(&["Filtered by: Type equals Customer", "", ""]),
            row(&["", "", ""]),
            row(&["Account Name", "Account ID", "Owner"]),
            row(&["Acme", "0015g00000Ky9Pf", "Jane"]),
        ];
        assert_eq!(header_row(&rows), 3);
        assert_eq!(header_row(&rows[3..]), 0);
    }
}
