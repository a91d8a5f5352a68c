//! The report as CSV: one row per listed field, for spreadsheets and scripts.
//! Rates are written to six decimals, a rate of nothing (the unique rate of
//! a field that matched no id) is left empty, and the example is in three
//! cells of its own, not prose.

use crate::escape::spreadsheet_safe;
use crate::matching::Kind;
use crate::report::Report;
use crate::report::attributes::AgreementReport;

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

/// The data mapping as CSV, one row per company attribute: the field it
/// should sync with (empty when none), its agreement and chance, which way
/// to sync, the value map of a picklist, the runner-up, and the finding.
pub fn attributes(report: &Report, out: impl std::io::Write) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "attribute",
        "type",
        "field",
        "field_type",
        "outcome",
        "agreement_rate",
        "ci_low",
        "ci_high",
        "chance_rate",
        "score",
        "compared",
        "agreed",
        "company_only",
        "account_only",
        "direction",
        "value_map",
        "runner_up",
        "summary",
    ])?;
    for a in &report.attributes {
        let g = a.agreement.as_ref();
        let figure = |f: fn(&AgreementReport) -> f64| g.map_or(String::new(), |g| rate(f(g)));
        let count = |f: fn(&AgreementReport) -> u32| g.map_or(String::new(), |g| f(g).to_string());
        let map = g.map_or(String::new(), |g| {
            g.value_map
                .iter()
                .map(|m| format!("{}→{}", m.company, m.account))
                .collect::<Vec<_>>()
                .join("; ")
        });
        w.write_record([
            spreadsheet_safe(&a.attribute).into_owned(),
            a.ty.key().into(),
            a.field
                .as_deref()
                .map_or(String::new(), |f| spreadsheet_safe(f).into_owned()),
            g.map_or(String::new(), |g| g.field_type.key().into()),
            a.outcome.key().into(),
            figure(|g| g.agreement_rate),
            figure(|g| g.ci_low),
            figure(|g| g.ci_high),
            figure(|g| g.chance_rate),
            figure(|g| g.score),
            count(|g| g.compared),
            count(|g| g.agreed),
            count(|g| g.company_only),
            count(|g| g.account_only),
            g.map_or(String::new(), |g| g.direction.key().into()),
            spreadsheet_safe(&map).into_owned(),
            a.runner_up
                .as_ref()
                .map_or(String::new(), |r| spreadsheet_safe(&r.field).into_owned()),
            spreadsheet_safe(&a.summary).into_owned(),
        ])?;
    }
    w.flush()?;
    Ok(())
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
