//! The report as Markdown, ready to paste into a ticket.

use std::fmt::Write;

use comfy_table::presets;

use crate::escape::spreadsheet_safe;
use crate::report::{Report, thousands};

/// A table cell from untrusted text: safe in a spreadsheet, with the
/// characters that would break the table or its formatting escaped.
fn markdown_cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in spreadsheet_safe(s).chars() {
        if matches!(c, '|' | '\\' | '`' | '*' | '<' | '>' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "**{}**\n", report.verdict());
    if let Some(d) = &report.diagnosis {
        for line in d.lines("- ") {
            let _ = writeln!(out, "{line}");
        }
        out.push('\n');
    }
    for w in &report.warnings {
        let _ = writeln!(out, "- warning: {w}");
    }
    if !report.warnings.is_empty() {
        out.push('\n');
    }
    let c = &report.companies;
    let a = &report.accounts;
    let _ = writeln!(
        out,
        "Companies: `{}` (column `{}`), {} rows, {} sampled with seed {}. Accounts: `{}`, {} rows, {} fields compared.\n",
        c.path,
        c.id_column,
        thousands(c.rows),
        thousands(c.sampled as u64),
        report.parameters.seed,
        a.path,
        thousands(a.rows),
        a.fields
    );
    let table = super::table::fields_table(report, presets::ASCII_MARKDOWN, markdown_cell);
    let _ = writeln!(out, "{table}");
    out.push('\n');
    out.push_str(super::table::LEGEND);
    out
}
