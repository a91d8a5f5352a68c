//! The report for a person: the verdict first, then warnings, then the ranked
//! fields with one example each.

use std::fmt::Write;

use anstyle::{AnsiColor, Style};
use comfy_table::{CellAlignment, LineStyle, Table, TableStyle};

use super::{example_text, how};
use crate::read::InputFormat;
use crate::report::{Report, count, percent, thousands};

pub fn render(report: &Report, color: bool) -> String {
    let paint = |style: Style, text: &str| {
        if color {
            format!("{style}{text}{style:#}")
        } else {
            text.to_string()
        }
    };
    let verdict_style = match &report.suggestion {
        Some(s) if s.works_as_is => Style::new().bold().fg_color(Some(AnsiColor::Green.into())),
        Some(_) => Style::new().bold().fg_color(Some(AnsiColor::Yellow.into())),
        None => Style::new().bold().fg_color(Some(AnsiColor::Red.into())),
    };
    let warning_style = Style::new().fg_color(Some(AnsiColor::Yellow.into()));
    let mut out = String::new();
    let _ = writeln!(out, "{}", paint(verdict_style, &report.verdict()));
    if let Some(d) = &report.diagnosis {
        out.push('\n');
        for line in d.lines("  - ") {
            let _ = writeln!(out, "{line}");
        }
    }
    if let Some(m) = &report.mapping {
        let _ = writeln!(
            out,
            "\nThe mapping of all {} companies to `{}` is in {}: {} linked, {} ambiguous (on several accounts), {} unmatched.",
            thousands(m.companies),
            m.field,
            m.path,
            thousands(m.linked),
            thousands(m.ambiguous),
            thousands(m.unmatched)
        );
    }
    if !report.warnings.is_empty() {
        out.push('\n');
        for w in &report.warnings {
            let _ = writeln!(out, "{} {w}", paint(warning_style, "warning:"));
        }
    }
    out.push('\n');
    let c = &report.companies;
    let distinct = if c.distinct_ids_exact { "" } else { "about " };
    let _ = writeln!(
        out,
        "companies  {}{}: column '{}', {}, {}, {distinct}{}, {} sampled (seed {})",
        c.path,
        read_as(&c.format),
        c.id_column,
        count(c.rows, "row"),
        count(c.blank_ids, "blank id"),
        count(c.distinct_ids, "distinct id"),
        thousands(c.sampled as u64),
        report.parameters.seed
    );
    let a = &report.accounts;
    let _ = writeln!(
        out,
        "accounts   {}{}: {}, {} compared",
        a.path,
        read_as(&a.format),
        count(a.rows, "row"),
        count(a.fields as u64, "field")
    );
    out.push('\n');
    if let Some(e) = &report.explain {
        explain(&mut out, e, report.companies.sampled);
        return out;
    }
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

/// One field's full evidence.
fn explain(out: &mut String, e: &crate::report::Explanation, sampled: usize) {
    let f = &e.field;
    let _ = writeln!(
        out,
        "Evidence for `{}` (rank {}): {} of {} sampled ids match ({} to {} at 95% confidence): {} exactly, {} after a fix, {} only by similarity.",
        f.field,
        f.rank,
        thousands(f.matched),
        thousands(sampled as u64),
        percent(f.ci_low),
        percent(f.ci_high),
        thousands(f.exact),
        thousands(f.normalized),
        thousands(f.fuzzy)
    );
    if !f.transforms.is_empty() {
        let by: Vec<String> = f
            .transforms
            .iter()
            .map(|(t, n)| format!("{t} {}", thousands(*n)))
            .collect();
        let _ = writeln!(out, "After a fix, by transform: {}.", by.join(", "));
    }
    for fix in &f.fixes {
        let _ = writeln!(
            out,
            "  - {} matches: {}",
            thousands(fix.matches),
            fix.description
        );
    }
    let _ = writeln!(
        out,
        "Chance: made-up ids of the same shape match {} exactly or after a fix, and {} of the rest find a similar value; net of chance the field scores {}.",
        percent(f.chance_specific_rate),
        percent(f.chance_similar_rate),
        percent(f.score)
    );
    let _ = writeln!(
        out,
        "It holds {}; {} of accounts have a value; {} of matched ids are on exactly one account.",
        f.holds,
        percent(f.fill_rate),
        percent(f.unique_rate)
    );
    let list = |out: &mut String, title: &str, rows: &[crate::report::ExampleReport]| {
        if rows.is_empty() {
            return;
        }
        let _ = writeln!(out, "\n{title}:");
        for r in rows {
            let how = how(r);
            let accounts = if r.accounts == 1 {
                "1 account".to_string()
            } else {
                format!("{} accounts", r.accounts)
            };
            let _ = writeln!(out, "  {} → {}  ({how}; {accounts})", r.company_id, r.value);
        }
    };
    list(out, "Matched", &e.matches);
    list(out, "On several accounts", &e.repeated);
    if !e.unmatched.is_empty() {
        let _ = writeln!(out, "\nNot found: {}", e.unmatched.join(", "));
    }
    if !e.values.is_empty() {
        let _ = writeln!(
            out,
            "\nValues from the start of the file: {}",
            e.values.join(", ")
        );
    }
}

/// Cells in a match bar.
const BAR: usize = 10;

/// The match rate as a bar: `█` exact, `▓` after a fix, `░` similar only.
fn bar(exact: f64, fixed: f64, similar: f64) -> String {
    let upto = |r: f64| (r * BAR as f64).round() as usize;
    let (e, n, f) = (
        upto(exact),
        upto(exact + fixed),
        upto(exact + fixed + similar),
    );
    let mut out = "█".repeat(e);
    out += &"▓".repeat(n - e);
    out += &"░".repeat(f - n);
    out += &" ".repeat(BAR - f.min(BAR));
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
match %: sampled company ids found in the field: exact % (█) as the sync compares today,
  +fix % (▓) only after a named fix, +similar % (░) only by similarity.
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
        "",
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
            bar(f.exact_rate, f.normalized_rate, f.fuzzy_rate),
            share(f.exact_rate),
            share(f.normalized_rate),
            share(f.fuzzy_rate),
            share(f.chance_rate),
            f.unique_text(),
            percent(f.fill_rate),
            cell(&f.examples.first().map(example_text).unwrap_or_default()),
        ]);
    }
    for i in [0, 2, 4, 5, 6, 7, 8, 9] {
        if let Some(col) = table.column_mut(i) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_stack_exact_fixed_and_similar() {
        assert_eq!(bar(0.5, 0.2, 0.1), "█████▓▓░  ");
        assert_eq!(bar(0.0, 0.0, 0.0), " ".repeat(BAR));
        assert_eq!(bar(1.0, 0.0, 0.0), "█".repeat(BAR));
    }
}
