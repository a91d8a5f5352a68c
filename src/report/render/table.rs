//! The report for a person at a terminal: the verdict first, then warnings,
//! then the ranked fields with one example each (or one field's evidence).

use std::fmt::Write;

use anstyle::{AnsiColor, Style};
use comfy_table::{LineStyle, TableStyle};

use super::{Block, Document, LEGEND, fields_table};
use crate::report::Report;

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
    let doc = Document::of(report);
    let mut out = String::new();
    let _ = writeln!(out, "{}", paint(verdict_style, &doc.verdict));
    if !doc.diagnosis.is_empty() {
        out.push('\n');
        blocks(&mut out, &doc.diagnosis);
    }
    blocks(&mut out, &doc.next);
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
        return out;
    }
    for line in fields_table(report, PLAIN, str::to_string).lines() {
        let _ = writeln!(out, "{}", line.trim_end());
    }
    if let Some(shown) = &doc.shown {
        let _ = writeln!(out, "{shown}");
    }
    out.push('\n');
    out.push_str(LEGEND);
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
