//! The report for a person at a terminal: the verdict first, then warnings,
//! then the ranked fields with one example each (or one field's evidence).

use std::fmt::Write;

use anstyle::{AnsiColor, Style};
use comfy_table::{LineStyle, TableStyle};

use super::{Block, DROP_ORDER, Document, LEGEND, fields_table};
use crate::report::Report;

/// The report as text; for a terminal `width` columns wide, its text is
/// wrapped at word boundaries and the table loses its least needed columns
/// until it fits.
pub fn render(report: &Report, color: bool, width: Option<usize>) -> String {
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
    let doc = Document::of(report);
    let mut out = String::new();
    let _ = writeln!(out, "{}", paint(verdict_style, &doc.verdict));
    if !doc.diagnosis.is_empty() {
        out.push('\n');
        blocks(&mut out, &doc.diagnosis);
    }
    blocks(&mut out, &doc.next);
    blocks(&mut out, &doc.data_mapping);
    if !doc.warnings.is_empty() {
        out.push('\n');
        for w in &doc.warnings {
            let _ = writeln!(out, "{} {w}", paint(warning_style, "warning:"));
        }
    }
    blocks(&mut out, &doc.checks);
    out.push('\n');
    for line in &doc.inputs {
        let _ = writeln!(out, "{line}");
    }
    out.push('\n');
    if !doc.explain.is_empty() {
        blocks(&mut out, &doc.explain);
        return wrap(&out, width);
    }
    let mut out = wrap(&out, width);
    for line in fitted_table(report, width).lines() {
        let _ = writeln!(out, "{}", line.trim_end());
    }
    let mut tail = String::new();
    if let Some(shown) = &doc.shown {
        let _ = writeln!(tail, "{shown}");
    }
    tail.push('\n');
    tail.push_str(LEGEND);
    out + &wrap(&tail, width)
}

/// The table of fields, without as many of its least needed columns as it
/// takes to fit `width`.
fn fitted_table(report: &Report, width: Option<usize>) -> String {
    let full = fields_table(report, PLAIN, str::to_string, &[]).to_string();
    let Some(width) = width else { return full };
    let fits = |t: &str| {
        t.lines()
            .all(|l| textwrap::core::display_width(l.trim_end()) <= width)
    };
    if fits(&full) {
        return full;
    }
    for n in 1..=DROP_ORDER.len() {
        let table = fields_table(report, PLAIN, str::to_string, &DROP_ORDER[..n]).to_string();
        if fits(&table) || n == DROP_ORDER.len() {
            return table;
        }
    }
    full
}

/// `text` with every line longer than `width` wrapped at word boundaries,
/// its continuation indented under it.
fn wrap(text: &str, width: Option<usize>) -> String {
    let Some(width) = width else {
        return text.to_string();
    };
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let indent = line.len() - line.trim_start().len();
        let more = format!("{}  ", &line[..indent]);
        let options = textwrap::Options::new(width.max(20)).subsequent_indent(&more);
        for part in textwrap::wrap(line, options) {
            out.push_str(&part);
            out.push('\n');
        }
        if line.is_empty() {
            out.push('\n');
        }
    }
    out
}

/// Running text as plain lines.
fn blocks(out: &mut String, blocks: &[Block]) {
    for block in blocks {
        match block {
            Block::Line(line) => {
                let _ = writeln!(out, "{line}");
            }
            Block::Paragraph(line) => {
                let _ = writeln!(out, "\n{line}");
            }
            Block::Bullets(items) => {
                for item in items {
                    let _ = writeln!(out, "  - {item}");
                }
            }
            Block::Section { title, items } => {
                let _ = writeln!(out, "\n{title}:");
                for item in items {
                    let _ = writeln!(out, "  {item}");
                }
            }
        }
    }
}

/// Columns apart, one rule under the header: readable in any terminal font.
const PLAIN: TableStyle =
    TableStyle::new().header_separator(LineStyle::none().fill('-').junction(' '));
