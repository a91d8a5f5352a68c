//! The report for a person: the verdict first, then warnings, then the ranked
//! fields with one example each.

use std::fmt::Write;

use comfy_table::{CellAlignment, LineStyle, Table, TableStyle};

use super::{Report, example_text, percent, thousands};
use crate::source::InputFormat;

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", report.verdict());
    if let Some(d) = &report.diagnosis {
        out.push('\n');
        for line in d.lines("  - ") {
            let _ = writeln!(out, "{line}");
        }
    }
    if !report.warnings.is_empty() {
        out.push('\n');
        for w in &report.warnings {
            let _ = writeln!(out, "warning: {w}");
        }
    }
    out.push('\n');
    let c = &report.companies;
    let distinct = if c.distinct_ids_exact { "" } else { "about " };
    let _ = writeln!(
        out,
        "companies  {}{}: column '{}', {} rows, {} blank ids, {distinct}{} distinct ids, {} sampled (seed {})",
        c.path,
        read_as(&c.format),
        c.id_column,
        thousands(c.rows),
        thousands(c.blank_ids),
        thousands(c.distinct_ids),
        thousands(c.sampled as u64),
        report.parameters.seed
    );
    let a = &report.accounts;
    let _ = writeln!(
        out,
        "accounts   {}{}: {} rows, {} fields compared",
        a.path,
        read_as(&a.format),
        thousands(a.rows),
        thousands(a.fields as u64)
    );
    out.push('\n');
    for line in fields_table(report, PLAIN, |s| s.to_string()).lines() {
        let _ = writeln!(out, "{}", line.trim_end());
    }
    if report.fields.len() < a.fields {
        let _ = writeln!(
            out,
            "({} of {} fields shown; --top 0 lists all)",
            report.fields.len(),
            a.fields
        );
    }
    out.push('\n');
    out.push_str(LEGEND);
    out
}

/// How a file was read, when that is not plain UTF-8 with commas.
fn read_as(format: &InputFormat) -> String {
    let mut parts = Vec::new();
    if format.compressed {
        parts.push("gzip".to_string());
    }
    if format.encoding != "UTF-8" {
        parts.push(format.encoding.to_string());
    }
    match format.delimiter {
        ',' => {}
        '\t' => parts.push("tab-delimited".to_string()),
        d => parts.push(format!("'{d}'-delimited")),
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(", "))
    }
}

/// Columns apart, one rule under the header: readable in any terminal font.
const PLAIN: TableStyle =
    TableStyle::new().header_separator(LineStyle::none().fill('-').junction(' '));

/// What the columns mean, for a reader who has not seen the README.
pub const LEGEND: &str = "\
match %: sampled company ids found in the field: exact % as the sync compares today,
  +fix % only after a named fix, +similar % only by similarity.
chance %: made-up ids of the same shape found there; fields are ranked by match % beyond chance.
unique %: matched ids on exactly one account.  fill %: accounts with a value in the field.
";

/// The ranked fields as a table in the given comfy-table style, with `cell`
/// applied to the text that comes from the exports.
pub fn fields_table(report: &Report, style: TableStyle, cell: fn(&str) -> String) -> Table {
    let mut table = Table::new();
    table.load_style(style);
    table.set_header([
        "rank",
        "field",
        "match %",
        "exact %",
        "+fix %",
        "+similar %",
        "chance %",
        "unique %",
        "fill %",
        "example",
    ]);
    let share = |part: f64| {
        if part > 0.0 {
            percent(part)
        } else {
            "-".into()
        }
    };
    for f in &report.fields {
        table.add_row([
            f.rank.to_string(),
            cell(&f.field),
            percent(f.match_rate),
            share(f.exact_rate),
            share(f.normalized_rate),
            share(f.fuzzy_rate),
            share(f.chance_rate),
            if f.matched > 0 {
                percent(f.unique_rate)
            } else {
                "-".into()
            },
            percent(f.fill_rate),
            cell(&f.examples.first().map(example_text).unwrap_or_default()),
        ]);
    }
    for i in [0, 2, 3, 4, 5, 6, 7, 8] {
        if let Some(col) = table.column_mut(i) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
    table
}
