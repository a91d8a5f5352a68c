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

/// Running text from the report as Markdown that shows it as it is: the
/// report's own code spans (between backticks) stay code, and everything
/// else has the characters that would format, link or open HTML escaped.
/// A value with backticks of its own can only end a span early, never open
/// HTML: text outside spans is escaped whatever the pairing.
fn markdown_text(s: &str) -> String {
    let parts: Vec<&str> = s.split('`').collect();
    let mut out = String::with_capacity(s.len() + 8);
    let last = parts.len() - 1;
    for (i, part) in parts.iter().enumerate() {
        let code = i % 2 == 1 && i != last;
        if code && !part.is_empty() {
            let _ = write!(out, "`{part}`");
        } else if i % 2 == 1 {
            // A lone backtick, or an empty span: shown as a backtick.
            out.push_str("\\`");
            escape_into(&mut out, part);
        } else {
            escape_into(&mut out, part);
        }
    }
    out
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '<' | '>' | '[' | ']' | '|' | '#' | '~' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
}

pub fn render(report: &Report) -> String {
    let doc = Document::of(report).map_text(|s| markdown_text(&s));
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
    if !doc.data_mapping.is_empty() {
        blocks(&mut out, &doc.data_mapping);
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
                    // An indented item belongs to the one before it.
                    match item.strip_prefix("  ") {
                        Some(under) => {
                            let _ = writeln!(out, "  - {}", under.trim_start());
                        }
                        None => {
                            let _ = writeln!(out, "- {item}");
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::markdown_text;

    #[test]
    fn text_from_the_exports_cannot_format_link_or_open_html() {
        assert_eq!(markdown_text("map `Id__c` now"), "map `Id__c` now");
        assert_eq!(
            markdown_text("field `x`<img src=x onerror=alert(1)>`y` here"),
            "field `x`\\<img src=x onerror=alert(1)\\>`y` here"
        );
        assert_eq!(
            markdown_text("<script>*bold* [a](b)"),
            "\\<script\\>\\*bold\\* \\[a\\](b)"
        );
        assert_eq!(markdown_text("odd ` tick"), "odd \\` tick");
        assert_eq!(markdown_text("a_b | c"), "a\\_b \\| c");
    }
}
