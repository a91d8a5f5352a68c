//! The report as CSV: one row per listed field, for spreadsheets and scripts.

use super::example_text;
use crate::escape::spreadsheet_safe;
use crate::report::Report;

pub fn render(report: &Report) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "rank",
        "field",
        "match_rate",
        "exact_rate",
        "normalized_rate",
        "fuzzy_rate",
        "unique_rate",
        "fill_rate",
        "chance_rate",
        "score",
        "matched",
        "suggested",
        "example",
    ]);
    let suggested = report.suggestion.as_ref().map(|s| s.field.as_str());
    for f in &report.fields {
        let _ = w.write_record([
            f.rank.to_string(),
            spreadsheet_safe(&f.field).into_owned(),
            f.match_rate.to_string(),
            f.exact_rate.to_string(),
            f.normalized_rate.to_string(),
            f.fuzzy_rate.to_string(),
            f.unique_rate.to_string(),
            f.fill_rate.to_string(),
            f.chance_rate.to_string(),
            f.score.to_string(),
            f.matched.to_string(),
            (suggested == Some(f.field.as_str())).to_string(),
            spreadsheet_safe(&f.examples.first().map(example_text).unwrap_or_default())
                .into_owned(),
        ]);
    }
    String::from_utf8(w.into_inner().expect("writing to memory cannot fail"))
        .expect("the fields are UTF-8")
}
