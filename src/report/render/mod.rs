//! The report rendered for people and programs: one module a format, each
//! over the same [`Report`]. JSON is the report's serde form.

mod csv;
mod html;
mod markdown;
mod table;

use super::{ExampleReport, Report};
use crate::config::Format;
use crate::matching::Kind;

/// `report` in `format`; `color` adds terminal colours to the table.
pub fn render(report: &Report, format: Format, color: bool) -> String {
    match format {
        Format::Table => table::render(report, color),
        Format::Json => {
            let mut out = serde_json::to_string_pretty(report).expect("the report serializes");
            out.push('\n');
            out
        }
        Format::Csv => csv::render(report),
        Format::Markdown => markdown::render(report),
        Format::Html => html::render(report),
    }
}

/// Shortens `s` to at most `max` characters, marking the cut.
fn clip(s: &str, max: usize) -> String {
    let flat: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if flat.chars().count() <= max {
        flat
    } else {
        let mut out: String = flat.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

/// How an example matched, in a word or two: `exact`, the transform, or
/// `0.93 similar`.
fn how(e: &ExampleReport) -> String {
    match (e.kind, e.transform) {
        (Kind::Exact, _) => "exact".to_string(),
        (_, Some(t)) => t.to_string(),
        _ => format!("{:.2} similar", e.similarity),
    }
}

/// A short picture of one example: `abc` when exact, `abc → ABC (case)` otherwise.
fn example_text(e: &ExampleReport) -> String {
    match e.kind {
        Kind::Exact => clip(&e.company_id, 40),
        _ => format!(
            "{} → {} ({})",
            clip(&e.company_id, 30),
            clip(&e.value, 30),
            how(e)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clip_marks_the_cut_and_flattens_line_breaks() {
        assert_eq!(clip("abc", 5), "abc");
        assert_eq!(clip("abcdef", 4), "abc…");
        assert_eq!(clip("a\nb", 5), "a b");
    }
}
