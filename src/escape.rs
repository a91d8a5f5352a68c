//! Text from the exports made safe for where it is written. Company ids and
//! account values come from untrusted users: a cell must not run as a
//! formula when a spreadsheet opens a CSV file.

use std::borrow::Cow;

/// A cell made safe to open in a spreadsheet: one that begins with `=`, `+`,
/// `-`, `@`, a tab or a carriage return is neutralised with a leading `'`
/// (the OWASP rule against CSV injection).
pub fn spreadsheet_safe(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        for bad in [
            "=HYPERLINK(\"http://x\")",
            "+1",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            assert_eq!(spreadsheet_safe(bad), format!("'{bad}"));
        }
        assert_eq!(spreadsheet_safe("cmp_1"), "cmp_1");
    }
}
