//! Every renderer over the same reports, built in code from per-field
//! counts: a clean suggestion, one that needs a fix, none (with its
//! diagnosis), one field's evidence, and a work-list summary. A snapshot per
//! scenario and format shows what each format says; the checks below hold
//! every format to the same content.

use super::*;
use crate::matching::{Evidence, TransformId};
use crate::rank::Candidate;
use crate::report::{AccountsSummary, CompaniesSummary, Parameters, Parts};
use crate::tally::{Example, FieldCounts, Fix, FixCount};
use crate::values::activity::Activity;
use crate::values::dates;
use crate::worklist::update::Counts;
use crate::worklist::{UpdateSummary, WorkListSummary};

const SAMPLED: u64 = 200;

/// The sampled ids: `c0` .. `c199`.
fn ids() -> Vec<String> {
    (0..SAMPLED).map(|i| format!("c{i}")).collect()
}

/// How a fix writes an id: the transform, and the damaged value.
type Damage = (TransformId, fn(&str) -> String);

/// A field's counts: `exact`, `normalized` and `fuzzy` matches of the first
/// sampled ids, on one account each; `fix` is the transform of the
/// normalized ones and how it writes an id.
fn counts(exact: u64, normalized: u64, fuzzy: u64, fix: Option<Damage>) -> FieldCounts {
    let mut c = FieldCounts {
        non_empty: 180,
        matched: exact + normalized + fuzzy,
        exact,
        normalized,
        fuzzy,
        unique: exact + normalized + fuzzy,
        samples: vec!["c1".into(), "c2".into()],
        ..FieldCounts::default()
    };
    let example = |i: u64, value: String, evidence| Example {
        company_id: format!("c{i}"),
        value,
        evidence,
        rows: 1,
    };
    if exact > 0 {
        c.examples.push(example(0, "c0".into(), Evidence::EXACT));
    }
    if let Some((t, damaged)) = fix.filter(|_| normalized > 0) {
        let id = format!("c{exact}");
        let value = damaged(&id);
        c.transforms.insert(t, normalized);
        c.fixes.insert(
            Fix::between(t, &id, &value),
            FixCount {
                matches: normalized,
                examples: vec![(id, value.clone())],
            },
        );
        c.examples
            .push(example(exact, value, Evidence::normalized(t)));
    }
    if fuzzy > 0 {
        let i = exact + normalized;
        c.examples
            .push(example(i, format!("x{i}"), Evidence::similar(0.93)));
    }
    c.all = c.examples.clone();
    c
}

/// A report over three fields, listed two at a time.
fn report(fields: [(&str, FieldCounts); 3], explain: Option<usize>) -> Report {
    let candidates = fields
        .into_iter()
        .enumerate()
        .map(|(column, (name, counts))| {
            Candidate::new(
                name.into(),
                column,
                counts,
                SAMPLED as usize,
                SAMPLED as usize,
            )
        })
        .collect();
    let format = InputFormat {
        encoding: "UTF-8",
        delimiter: ',',
        compressed: false,
        sheet: None,
        nul_bytes: 0,
        contradicting_bytes: 0,
        unclosed_quote: None,
    };
    Report::from_parts(Parts {
        parameters: Parameters {
            sample: 200,
            seed: 42,
            threshold: 0.9,
            min_rate: 0.5,
            metric: "jaro-winkler",
            fuzzy: true,
            top: 2,
            as_of: "2026-12-02".into(),
        },
        companies: CompaniesSummary {
            path: "companies.csv".into(),
            id_column: "Company ID".into(),
            rows: 230,
            blank_ids: 20,
            distinct_ids: 210,
            distinct_ids_exact: true,
            sampled: SAMPLED as usize,
            id_density: 0.01,
            skipped_lines: 0,
            format: format.clone(),
        },
        accounts: AccountsSummary {
            path: "accounts.csv".into(),
            rows: 250,
            fields: 3,
            ragged_rows: 0,
            repeated_account_rows: 0,
            skipped_lines: 0,
            format,
        },
        sampled_ids: &ids(),
        candidates,
        explain,
        first_ragged_line: None,
        // Companies seen last week; accounts untouched for two years; a
        // few person accounts.
        company_activity: vec![Activity {
            column: "Company last seen (PST)".into(),
            newest: dates::parse("2026-11-25T10:00:00Z", None),
            dates: 1_100,
            values: 1_100,
            order: dates::Order::MonthFirst,
        }],
        account_activity: vec![Activity {
            column: "LastModifiedDate".into(),
            newest: dates::parse("2024-12-01T09:30:00.000Z", None),
            dates: 1_000,
            values: 1_000,
            order: dates::Order::MonthFirst,
        }],
        person_accounts: Some(3),
        as_of: dates::parse("2026-12-02T23:59:59Z", None).unwrap().seconds,
        accounts_have_ids: true,
    })
}

fn clean() -> Report {
    report(
        [
            ("Name", counts(0, 0, 0, None)),
            (
                "Ext_Id__c",
                counts(
                    170,
                    6,
                    0,
                    Some((TransformId::Whitespace, |id| format!("{id} "))),
                ),
            ),
            ("ParentId", counts(12, 0, 0, None)),
        ],
        None,
    )
}

fn needs_fix() -> Report {
    report(
        [
            (
                "Account ID",
                counts(
                    0,
                    160,
                    0,
                    Some((TransformId::Decimal, |id| format!("{id}.0"))),
                ),
            ),
            ("Name", counts(0, 0, 0, None)),
            ("Legacy__c", counts(30, 0, 0, None)),
        ],
        None,
    )
}

#[test]
fn a_second_fix_is_for_other_ids_not_a_step_after_the_first() {
    let mut field = counts(
        0,
        160,
        0,
        Some((TransformId::Decimal, |id| format!("{id}.0"))),
    );
    let (id, value) = ("c160".to_string(), "C160".to_string());
    field.normalized += 10;
    field.matched += 10;
    field.unique += 10;
    field.transforms.insert(TransformId::Case, 10);
    field.fixes.insert(
        Fix::between(TransformId::Case, &id, &value),
        FixCount {
            matches: 10,
            examples: vec![(id, value)],
        },
    );
    let r = report(
        [
            ("Account ID", field),
            ("Name", counts(0, 0, 0, None)),
            ("Legacy__c", counts(30, 0, 0, None)),
        ],
        None,
    );
    let verdict = r.verdict();
    assert!(
        verdict.contains("170 of 200 sampled ids match once you remove the '.0'"),
        "{verdict}"
    );
    assert!(
        verdict.contains("; some need another fix (10: "),
        "{verdict}"
    );
    assert!(!verdict.contains("and then"), "{verdict}");
}

fn none() -> Report {
    report(
        [
            ("Name", counts(0, 0, 0, None)),
            ("Ext_Id__c", counts(40, 0, 10, None)),
            ("Code__c", counts(0, 0, 30, None)),
        ],
        None,
    )
}

fn explained() -> Report {
    report(
        [
            ("Name", counts(0, 0, 0, None)),
            (
                "Ext_Id__c",
                counts(150, 4, 2, Some((TransformId::Case, |id| id.to_uppercase()))),
            ),
            ("ParentId", counts(12, 0, 0, None)),
        ],
        Some(1),
    )
}

fn mapped() -> Report {
    let mut r = clean();
    r.mapping = Some(WorkListSummary {
        path: "mapping.csv".into(),
        field: "Ext_Id__c".into(),
        found_by: None,
        via: "company_id".into(),
        companies: 214,
        linked: 170,
        needs_fix: 6,
        similar: 1,
        ambiguous: 3,
        unmatched: 30,
        blank_id: 4,
        chosen_by: Some("LastModifiedDate".into()),
        person_accounts: 0,
    });
    r.update = Some(UpdateSummary {
        path: "update.csv".into(),
        field: "Ext_Id__c".into(),
        new_field: false,
        via: "company_id".into(),
        review: false,
        accounts: 5,
        companies_linked: 173,
        counts: Counts {
            already_linked: 168,
            updated: 5,
            replaced: 5,
            conflicts: 1,
            ambiguous: 3,
            similar: 1,
            unmatched: 30,
            blank_id: 4,
        },
    });
    r
}

fn scenarios() -> [(&'static str, Report); 5] {
    [
        ("clean", clean()),
        ("needs_fix", needs_fix()),
        ("none", none()),
        ("explain", explained()),
        ("mapping", mapped()),
    ]
}

const FORMATS: [(&str, Format); 5] = [
    ("table", Format::Table),
    ("markdown", Format::Markdown),
    ("html", Format::Html),
    ("csv", Format::Csv),
    ("json", Format::Json),
];

#[test]
fn every_format_of_every_scenario() {
    for (scenario, report) in scenarios() {
        for (name, format) in FORMATS {
            insta::assert_snapshot!(
                format!("{scenario}.{name}"),
                render(&report, format, false, None)
            );
        }
    }
}

/// The text a person reads in `format`, without markup and escapes.
fn readable(report: &Report, format: Format) -> String {
    let out = render(report, format, false, None)
        .replace("<code>", "`")
        .replace("</code>", "`");
    if format == Format::Markdown {
        // Backslash escapes, read as the characters they show.
        let mut text = String::new();
        let mut chars = out.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek()) {
                ('\\', Some(n)) if n.is_ascii_punctuation() => text.push(chars.next().unwrap_or(c)),
                _ => text.push(c),
            }
        }
        return text;
    }
    let mut text = String::new();
    let mut in_tag = false;
    for c in out.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

#[test]
fn the_text_formats_say_the_same_things() {
    for (scenario, report) in scenarios() {
        let doc = Document::of(&report);
        let mut said = vec![doc.verdict.clone()];
        said.extend(doc.warnings.clone());
        said.extend(doc.inputs.iter().cloned());
        said.extend(doc.shown.clone());
        for block in doc
            .diagnosis
            .iter()
            .chain(&doc.explain)
            .chain(&doc.next)
            .chain(&doc.data_mapping)
        {
            match block {
                Block::Line(l) | Block::Paragraph(l) => said.push(l.clone()),
                Block::Bullets(items) => said.extend(items.iter().cloned()),
                Block::Section { title, items } => {
                    said.push(title.clone());
                    said.extend(items.iter().cloned());
                }
            }
        }
        for format in [Format::Table, Format::Markdown, Format::Html] {
            let text = readable(&report, format);
            for line in &said {
                assert!(
                    text.contains(line.as_str()),
                    "{scenario} in {format:?} lacks {line:?}:\n{text}"
                );
            }
        }
    }
}

#[test]
fn the_scenarios_are_what_they_say() {
    let (clean, fix, none) = (clean(), needs_fix(), none());
    assert!(clean.suggestion.as_ref().is_some_and(|s| s.works_as_is));
    let s = fix.suggestion.as_ref().expect("a suggestion");
    assert_eq!((s.status, s.field.as_str()), ("needs_fix", "Account ID"));
    assert!(none.suggestion.is_none() && none.diagnosis.is_some());
    assert!(explained().explain.is_some());
    assert_eq!(clean.fields.len(), 2, "--top 2 of 3 fields");
}

/// Two fields are too close to call only when what ranks them, the score
/// net of chance, is: a dense field of lookalikes, similar to nearly every
/// id and as often to made-up ones, is no rival however high its match rate.
#[test]
fn lookalikes_that_are_chance_are_not_close_rivals() {
    let close = |r: &Report| r.warnings.iter().any(|w| w.contains("too close"));
    let mut lookalike = counts(0, 0, 194, None);
    lookalike.decoys_fuzzy = 193;
    let r = report(
        [
            ("Ext_Id__c", counts(140, 0, 0, None)),
            ("Auto_Number__c", lookalike),
            ("Name", counts(0, 0, 0, None)),
        ],
        None,
    );
    assert_eq!(r.fields[1].field, "Auto_Number__c");
    assert!(r.fields[1].match_rate > 0.9 && r.fields[1].score < 0.05);
    assert!(!close(&r), "{:?}", r.warnings);
    // Similar matches that are chance are not drawn as found.
    let table = render(&r, Format::Table, false, None);
    let row = table
        .lines()
        .find(|l| l.contains("Auto_Number__c"))
        .unwrap();
    assert!(row.contains("(97.0%)") && !row.contains('░'), "{row}");
    let csv = render(&r, Format::Csv, false, None);
    let row = csv.lines().find(|l| l.contains("Auto_Number__c")).unwrap();
    assert!(row.contains(",0.97,"), "{row}");
    let r = report(
        [
            ("A", counts(104, 0, 0, None)),
            ("B", counts(100, 0, 0, None)),
            ("Name", counts(0, 0, 0, None)),
        ],
        None,
    );
    assert!(close(&r), "{:?}", r.warnings);
}

#[test]
fn bars_stack_exact_fixed_and_similar() {
    assert_eq!(bar(0.5, 0.2, 0.1), "█████▓▓░  ");
    assert_eq!(bar(0.0, 0.0, 0.0), " ".repeat(BAR));
    assert_eq!(bar(1.0, 0.0, 0.0), "█".repeat(BAR));
}

#[test]
fn clip_marks_the_cut_and_flattens_line_breaks() {
    assert_eq!(clip("abc", 5), "abc");
    assert_eq!(clip("abcdef", 4), "abc…");
    assert_eq!(clip("a\nb", 5), "a b");
}

#[test]
fn html_is_one_page_that_fetches_nothing() {
    for (_, report) in scenarios() {
        let html = render(&report, Format::Html, false, None);
        for external in ["<script", "<link", "src=", "url(", "http://", "https://"] {
            assert!(!html.contains(external), "{external}");
        }
    }
}
