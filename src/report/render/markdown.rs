//! The report as Markdown, ready to paste into a ticket: the same document
//! as the table, with lists for bullets and a pipe table for the fields.

use std::fmt::Write;

use comfy_table::presets;

use super::{Block, Document, LEGEND, fields_table};
use crate::escape::spreadsheet_safe;
use crate::report::Report;

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
    let doc = Document::of(report);
    let mut out = String::new();
    let _ = writeln!(out, "**{}**\n", doc.verdict);
    if !doc.diagnosis.is_empty() {
        blocks(&mut out, &doc.diagnosis);
        out.push('\n');
    }
    if !doc.next.is_empty() {
        blocks(&mut out, &doc.next);
        out.push('\n');
    }
    for w in &doc.warnings {
        let _ = writeln!(out, "- warning: {w}");
    }
    if !doc.warnings.is_empty() {
        out.push('\n');
    }
    if !doc.checks.is_empty() {
        blocks(&mut out, &doc.checks);
        out.push('\n');
    }
    for line in &doc.inputs {
        let _ = writeln!(out, "- {line}");
    }
    out.push('\n');
    if !doc.explain.is_empty() {
        blocks(&mut out, &doc.explain);
        return out;
    }
    let table = fields_table(report, presets::ASCII_MARKDOWN, markdown_cell, &[]);
    let _ = writeln!(out, "{table}");
    if let Some(shown) = &doc.shown {
        let _ = writeln!(out, "\n{shown}");
    }
    out.push('\n');
    out.push_str(LEGEND);
    out
}

/// Running text as Markdown: each block a paragraph or a list of its own,
/// so that no line runs into a list item.
fn blocks(out: &mut String, blocks: &[Block]) {
    for (i, block) in blocks.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        match block {
            Block::Line(line) | Block::Paragraph(line) => {
                let _ = writeln!(out, "{line}");
            }
            Block::Bullets(items) => {
                for item in items {
                    let _ = writeln!(out, "- {item}");
                }
            }
            Block::Section { title, items } => {
                let _ = writeln!(out, "**{title}:**\n");
                for item in items {
                    let _ = writeln!(out, "- {item}");
                }
            }
        }
    }
}
