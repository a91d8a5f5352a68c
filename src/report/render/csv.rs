//! The report as CSV: one row per listed field, for spreadsheets and scripts.
//! Rates are written to six decimals, a rate of nothing (the unique rate of
//! a field that matched no id) is left empty, and the example is in three
//! cells of its own, not prose.

use crate::escape::spreadsheet_safe;
use crate::matching::Kind;
use crate::report::Report;

/// A rate to six decimals, without trailing zeros: `0.002`, not
/// `0.0020000000000000018`.
fn rate(r: f64) -> String {
    let text = format!("{r:.6}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text.is_empty() {
        "0".into()
    } else {
        text.into()
    }
}

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
        "example_company_id",
        "example_value",
        "example_evidence",
    ]);
    let suggested = report.suggestion.as_ref().map(|s| s.field.as_str());
    for f in &report.fields {
        let example = f.examples.iter().min_by_key(|e| e.kind);
        let evidence = example.map_or(String::new(), |e| match (e.kind, e.transform) {
            (Kind::Exact, _) => "exact".into(),
            (Kind::Normalized, Some(t)) => format!("normalized:{}", t.name()),
            (Kind::Normalized, None) => "normalized".into(),
            (Kind::Fuzzy, _) => format!("fuzzy:{:.3}", e.similarity),
        });
        let _ = w.write_record([
            f.rank.to_string(),
            spreadsheet_safe(&f.field).into_owned(),
            rate(f.match_rate),
            rate(f.exact_rate),
            rate(f.normalized_rate),
            rate(f.fuzzy_rate),
            if f.matched > 0 {
                rate(f.unique_rate)
            } else {
                String::new()
            },
            rate(f.fill_rate),
            rate(f.chance_rate),
            rate(f.score),
            f.matched.to_string(),
            (suggested == Some(f.field.as_str())).to_string(),
            example.map_or(String::new(), |e| {
                spreadsheet_safe(&e.company_id).into_owned()
            }),
            example.map_or(String::new(), |e| spreadsheet_safe(&e.value).into_owned()),
            evidence,
        ]);
    }
    String::from_utf8(w.into_inner().expect("writing to memory cannot fail"))
        .expect("the fields are UTF-8")
}

#[cfg(test)]
mod tests {
    use super::rate;

    #[test]
    fn rates_carry_no_float_noise() {
        assert_eq!(rate(0.0020000000000000018), "0.002");
        assert_eq!(rate(0.0), "0");
        assert_eq!(rate(1.0), "1");
        assert_eq!(rate(0.7727727727727728), "0.772773");
    }
}
