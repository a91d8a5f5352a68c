//! The report as one self-contained HTML page: no scripts, fonts or images
//! from the network, so it can be attached to a ticket and opened anywhere.
//! A stacked bar per field shows what matches exactly, after a fix, and only
//! by similarity, with the chance baseline marked.

use std::fmt::Write;

use super::{Block, Document, example_text, printable};
use crate::report::{Report, percent};

const STYLE: &str = "
body { font: 15px/1.45 system-ui, -apple-system, 'Segoe UI', sans-serif; color: #1d2733; margin: 2rem auto; max-width: 70rem; padding: 0 1rem; }
h1 { font-size: 1.3rem; margin: 0 0 1rem; }
h2 { font-size: 1rem; margin: 1.2rem 0 .3rem; }
.verdict { font-size: 1.1rem; padding: .8rem 1rem; border-radius: 6px; border-left: 6px solid; }
.works { background: #eaf7ee; border-color: #2e9d55; }
.fix { background: #fff6e0; border-color: #d99a00; }
.none { background: #fdeceb; border-color: #d2463b; }
.warnings li { color: #8a5a00; }
.inputs { color: #566473; font-size: .9rem; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; font-size: .9rem; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #e3e8ee; vertical-align: middle; }
th { color: #566473; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
code { font-size: .95em; background: rgba(0,0,0,.05); padding: 0 .2em; border-radius: 3px; }
.bar { position: relative; width: 16rem; height: .9rem; background: #eef1f5; border-radius: 3px; overflow: hidden; display: flex; }
.bar span { display: block; height: 100%; }
.exact { background: #2e9d55; } .normalized { background: #e0a100; } .fuzzy { background: #9db7d6; }
.chance { position: absolute; top: 0; bottom: 0; width: 2px; background: #d2463b; }
.key span { display: inline-block; width: .8rem; height: .8rem; border-radius: 2px; margin: 0 .3rem 0 1rem; vertical-align: -1px; }
tr.suggested td { font-weight: 600; }
";

pub fn render(report: &Report) -> String {
    let doc = Document::of(report);
    let mut out = String::new();
    let class = match &report.suggestion {
        Some(s) if s.works_as_is => "works",
        Some(_) => "fix",
        None => "none",
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>fieldmatch: {}</title><style>{STYLE}</style></head><body>\n",
        escape(
            report
                .suggestion
                .as_ref()
                .map_or("no field", |s| s.field.as_str())
        )
    );
    let _ = writeln!(
        out,
        "<h1>Which Salesforce Account field holds Intercom's company_id?</h1>"
    );
    let _ = writeln!(
        out,
        "<p class=\"verdict {class}\">{}</p>",
        code_spans(&escape(&doc.verdict))
    );
    blocks(&mut out, &doc.diagnosis);
    blocks(&mut out, &doc.next);
    blocks(&mut out, &doc.data_mapping);
    agreement_chart(&mut out, report);
    if !doc.warnings.is_empty() {
        let _ = writeln!(out, "<ul class=\"warnings\">");
        for w in &doc.warnings {
            let _ = writeln!(out, "<li>{}</li>", escape(w));
        }
        let _ = writeln!(out, "</ul>");
    }
    blocks(&mut out, &doc.checks);
    let _ = writeln!(
        out,
        "<p class=\"inputs\">{}</p>",
        doc.inputs
            .iter()
            .map(|l| escape(l))
            .collect::<Vec<_>>()
            .join("<br>")
    );
    if !doc.explain.is_empty() {
        blocks(&mut out, &doc.explain);
        let _ = writeln!(out, "</body></html>");
        return out;
    }
    let _ = writeln!(
        out,
        "<p class=\"key\">Sampled ids found:<span class=\"exact\"></span>exactly<span class=\"normalized\"></span>after a fix<span class=\"fuzzy\"></span>only similar, beyond chance<span style=\"background:#d2463b;width:2px\"></span>made-up ids found</p>"
    );
    let _ = writeln!(
        out,
        "<table><thead><tr><th>#</th><th>field</th><th>match rate</th><th></th><th class=\"num\">match rate, 95% interval</th><th class=\"num\">unique</th><th class=\"num\">fill</th><th>example</th></tr></thead><tbody>"
    );
    let suggested = report.suggestion.as_ref().map(|s| s.field.as_str());
    for f in &report.fields {
        let pct = |r: f64| format!("{:.2}%", r * 100.0);
        let _ = writeln!(
            out,
            "<tr{}><td class=\"num\">{}</td><td>{}</td><td><div class=\"bar\"><span class=\"exact\" style=\"width:{}\"></span><span class=\"normalized\" style=\"width:{}\"></span><span class=\"fuzzy\" style=\"width:{}\"></span>{}</div></td><td class=\"num\">{}</td><td class=\"num\">{} to {}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            if suggested == Some(f.field.as_str()) {
                " class=\"suggested\""
            } else {
                ""
            },
            f.rank,
            escape(&f.field),
            pct(f.exact_rate),
            pct(f.normalized_rate),
            pct(f.fuzzy_beyond_chance_rate),
            if f.chance_rate > 0.0 {
                format!(
                    "<i class=\"chance\" style=\"left:{}\"></i>",
                    pct(f.chance_rate)
                )
            } else {
                String::new()
            },
            percent(f.match_rate),
            percent(f.ci_low),
            percent(f.ci_high),
            f.unique_text(),
            percent(f.fill_rate),
            escape(
                &f.examples
                    .iter()
                    .min_by_key(|e| e.kind)
                    .map(example_text)
                    .unwrap_or_default()
            )
        );
    }
    let _ = writeln!(out, "</tbody></table>");
    if let Some(shown) = &doc.shown {
        let _ = writeln!(out, "<p class=\"inputs\">{}</p>", escape(shown));
    }
    let _ = writeln!(out, "<p class=\"inputs\">{LEGEND}</p>");
    let _ = writeln!(out, "</body></html>");
    out
}

/// The data mapping's chart: a bar per mapped attribute, how often its
/// linked pairs agree with the chosen field, with chance marked.
fn agreement_chart(out: &mut String, report: &Report) {
    let mapped: Vec<_> = report
        .attributes
        .iter()
        .filter_map(|a| Some((a, a.field.as_ref()?, a.agreement.as_ref()?)))
        .collect();
    if mapped.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<p class=\"key\">Linked pairs that agree:<span class=\"exact\"></span>agree<span style=\"background:#d2463b;width:2px\"></span>shuffled pairs that agree (chance)</p>"
    );
    let _ = writeln!(
        out,
        "<table><thead><tr><th>attribute</th><th>field</th><th></th><th class=\"num\">agreement</th><th class=\"num\">95% interval</th><th class=\"num\">chance</th><th class=\"num\">pairs</th></tr></thead><tbody>"
    );
    let pct = |r: f64| format!("{:.2}%", r * 100.0);
    for (a, field, g) in mapped {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td><div class=\"bar\"><span class=\"exact\" style=\"width:{}\"></span><i class=\"chance\" style=\"left:{}\"></i></div></td><td class=\"num\">{}</td><td class=\"num\">{} to {}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(&printable(&a.attribute)),
            escape(&printable(field)),
            pct(g.agreement_rate),
            pct(g.chance_rate),
            percent(g.agreement_rate),
            percent(g.ci_low),
            percent(g.ci_high),
            percent(g.chance_rate),
            g.compared
        );
    }
    let _ = writeln!(out, "</tbody></table>");
}

/// Running text as HTML paragraphs and lists.
fn blocks(out: &mut String, blocks: &[Block]) {
    for block in blocks {
        match block {
            Block::Line(line) | Block::Paragraph(line) => {
                let _ = writeln!(out, "<p>{}</p>", code_spans(&escape(line)));
            }
            Block::Bullets(items) => list(out, items),
            Block::Section { title, items } => {
                let _ = writeln!(out, "<h2>{}</h2>", escape(title));
                list(out, items);
            }
        }
    }
}

fn list(out: &mut String, items: &[String]) {
    let _ = writeln!(out, "<ul>");
    for item in items {
        let _ = writeln!(out, "<li>{}</li>", code_spans(&escape(item)));
    }
    let _ = writeln!(out, "</ul>");
}

const LEGEND: &str = "Match rate: the share of sampled company ids found in the field, exactly (as the sync \
compares today), after a named fix, or only by similarity. The red mark is chance: made-up ids of the same \
shape found there. Fields are ranked by match rate beyond chance. Unique: matched ids on exactly one \
account. Fill: accounts with a value in the field.";

/// `a` inside backticks, in already escaped text, as code.
fn code_spans(text: &str) -> String {
    let mut out = String::new();
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str("<code>");
            out.push_str(part);
            out.push_str("</code>");
        } else {
            out.push_str(part);
        }
    }
    out
}

/// Text made safe inside HTML.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_from_the_exports() {
        assert_eq!(
            escape("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
    }
}
