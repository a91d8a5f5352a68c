//! The report rendered for people and programs: one module a format, each
//! over the same [`Report`]. JSON is the report's serde form; the text
//! formats lay out one [`Document`], worked out here once, so that they say
//! the same things in the same words.

mod csv;
mod html;
mod markdown;
mod table;

#[cfg(test)]
mod tests;

use comfy_table::{CellAlignment, Table, TableStyle};

use super::{Check, ExampleReport, Explanation, Report, count, percent, thousands, visible};
use crate::config::Format;
use crate::matching::Kind;
use crate::read::InputFormat;
use crate::worklist::{UpdateSummary, WorkListSummary};

/// `report` in `format`; `color` adds terminal colours to the table.
impl Report {
    /// The report in `format`, ready to write; `color` adds terminal colours
    /// to the table.
    pub fn render(&self, format: Format, color: bool) -> String {
        render(self, format, color, None)
    }

    /// Writes the data mapping as CSV, one row per company attribute.
    pub fn write_attributes_csv(&self, out: impl std::io::Write) -> ::csv::Result<()> {
        csv::attributes(self, out)
    }

    /// [`Report::render`] for a terminal `width` columns wide: the table
    /// format then drops its least needed columns until the table fits,
    /// and wraps its text at word boundaries.
    pub fn render_fitted(&self, format: Format, color: bool, width: Option<usize>) -> String {
        render(self, format, color, width)
    }
}

pub fn render(report: &Report, format: Format, color: bool, width: Option<usize>) -> String {
    match format {
        Format::Table => table::render(report, color, width),
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

/// What the text formats show, in the order they show it.
struct Document {
    /// The one-line answer.
    verdict: String,
    /// Why no field qualifies, when none does.
    diagnosis: Vec<Block>,
    /// What the work list and the update file hold, when written.
    next: Vec<Block>,
    /// The data mapping, when made.
    data_mapping: Vec<Block>,
    /// The setup checklist.
    checks: Vec<Block>,
    warnings: Vec<String>,
    /// The two inputs, a line each.
    inputs: [String; 2],
    /// One field's full evidence, with `--explain`.
    explain: Vec<Block>,
    /// How many of the fields the table lists, when not all.
    shown: Option<String>,
}

/// A piece of running text, for a format to lay out its own way.
#[derive(Debug, Clone, PartialEq)]
enum Block {
    /// A line that follows the one before.
    Line(String),
    /// A line set apart from what comes before.
    Paragraph(String),
    /// Items that belong to the line before.
    Bullets(Vec<String>),
    /// A titled list, set apart.
    Section { title: String, items: Vec<String> },
}

impl Document {
    fn of(report: &Report) -> Document {
        let (c, a) = (&report.companies, &report.accounts);
        let distinct = if c.distinct_ids_exact { "" } else { "about " };
        let inputs = [
            format!(
                "companies  {}{}: column '{}', {}, {}, {distinct}{}, {} sampled (seed {})",
                c.path,
                read_as(&c.format),
                c.id_column,
                count(c.rows, "row"),
                count(c.blank_ids, "blank id"),
                count(c.distinct_ids, "distinct id"),
                thousands(c.sampled as u64),
                report.parameters.seed
            ),
            format!(
                "accounts   {}{}: {}, {} compared",
                a.path,
                read_as(&a.format),
                count(a.rows, "row"),
                count(a.fields as u64, "field")
            ),
        ];
        let diagnosis = report.diagnosis.as_ref().map_or(Vec::new(), |d| {
            vec![
                Block::Line(format!(
                    "company_id holds {}. The closest fields:",
                    d.ids_look_like
                )),
                Block::Bullets(
                    d.closest
                        .iter()
                        .map(|s| format!("{} ({}): {}", s.field, s.holds, s.why))
                        .collect(),
                ),
                Block::Line(format!("Likely cause: {}", d.likely_cause)),
            ]
        });
        let mut next = Vec::new();
        if let (Some(b), Some(_)) = (&report.bridge, &report.suggestion) {
            next.push(Block::Paragraph(format!(
                "Another way in: {}.",
                b.sentence()
            )));
        }
        if let Some(m) = &report.mapping {
            next.extend(work_list(m));
        }
        if let Some(u) = &report.update {
            next.extend(update(u));
        }
        let explain = report
            .explain
            .as_ref()
            .map_or(Vec::new(), |e| explain(e, c.sampled));
        // With one field's evidence, the table of fields is not shown.
        let shown = (explain.is_empty() && report.fields.len() < a.fields).then(|| {
            format!(
                "({} of {} fields shown; --top 0 lists all)",
                report.fields.len(),
                a.fields
            )
        });
        Document {
            verdict: report.verdict(),
            diagnosis,
            next,
            data_mapping: data_mapping(report),
            checks: checklist(&report.checks),
            warnings: report.warnings.clone(),
            inputs,
            explain,
            shown,
        }
        .printable()
    }

    /// The document with every control character of its text written out
    /// (`\x1b`): values from the exports must never steer a terminal, clear
    /// a screen or break a line.
    fn printable(self) -> Document {
        self.map_text(|s| printable(&s))
    }

    /// The document with `fix` applied to every piece of its text.
    fn map_text(self, fix: impl Fn(String) -> String) -> Document {
        let fix_blocks = |blocks: Vec<Block>| -> Vec<Block> {
            blocks
                .into_iter()
                .map(|b| match b {
                    Block::Line(l) => Block::Line(fix(l)),
                    Block::Paragraph(l) => Block::Paragraph(fix(l)),
                    Block::Bullets(items) => Block::Bullets(items.into_iter().map(&fix).collect()),
                    Block::Section { title, items } => Block::Section {
                        title: fix(title),
                        items: items.into_iter().map(&fix).collect(),
                    },
                })
                .collect()
        };
        Document {
            verdict: fix(self.verdict),
            diagnosis: fix_blocks(self.diagnosis),
            next: fix_blocks(self.next),
            data_mapping: fix_blocks(self.data_mapping),
            checks: fix_blocks(self.checks),
            warnings: self.warnings.into_iter().map(&fix).collect(),
            inputs: self.inputs.map(&fix),
            explain: fix_blocks(self.explain),
            shown: self.shown.map(&fix),
        }
    }
}

/// `text` with its control characters written out as escapes (`\x1b`,
/// `\n`), so that it shows as it is and does nothing.
pub(super) fn printable(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_string();
    }
    text.chars()
        .map(|c| match c {
            '\n' => "\\n".to_string(),
            '\t' => "\\t".to_string(),
            '\r' => "\\r".to_string(),
            c if c.is_control() => format!("\\x{:02x}", c as u32),
            c => c.to_string(),
        })
        .collect()
}

/// The data mapping: a line per company attribute, the field it should
/// sync with or why none, and under each mapped one, which way to sync,
/// where they disagree and a close runner-up.
fn data_mapping(report: &Report) -> Vec<Block> {
    let Some(links) = &report.attribute_links else {
        return Vec::new();
    };
    let mut items = Vec::new();
    for a in &report.attributes {
        items.push(format!("{} → {}", a.attribute, a.summary));
        items.extend(a.details().into_iter().map(|d| format!("  {d}")));
    }
    if items.is_empty() {
        items.push("the companies export has no other columns".into());
    }
    vec![Block::Section {
        title: format!(
            "Data mapping: each company attribute against every Account field, over {} linked pairs through {}{} (chance: the same over {} shuffles of the pairs)",
            thousands(links.pairs as u64),
            links.field,
            links
                .bridge
                .as_ref()
                .map_or(String::new(), |b| format!(" = {b}, the bridge")),
            links.shuffles
        ),
        items,
    }]
}

/// The setup checklist: a line a check, and what to do under each that is
/// not a pass.
fn checklist(checks: &[Check]) -> Vec<Block> {
    if checks.is_empty() {
        return Vec::new();
    }
    let mut items = Vec::new();
    for c in checks {
        let column = c
            .column
            .as_ref()
            .map_or(String::new(), |col| format!(" ({col})"));
        items.push(format!(
            "{} {}: {}{column}",
            c.outcome.mark(),
            c.check.title(),
            c.detail
        ));
        if let Some(remedy) = &c.remedy {
            items.push(format!("  → {remedy}"));
        }
    }
    vec![Block::Section {
        title: "Setup checklist".into(),
        items,
    }]
}

/// What the work list holds.
fn work_list(m: &WorkListSummary) -> Vec<Block> {
    let via = match m.via.as_str() {
        "company_id" => "company_id".to_string(),
        column => format!("their `{column}`"),
    };
    let how = match &m.found_by {
        None => format!("mapped to `{}` by {via}", m.field),
        Some(by) => format!(
            "for company_id in `{}`, the accounts found through `{by}` by {via}",
            m.field
        ),
    };
    let mut out = vec![Block::Paragraph(format!(
        "The work list of all {} is in {}, {how}: {} linked, {} {} a fix, {} only similar, {} ambiguous (on several accounts), {} unmatched, {} without a company_id.",
        count(m.companies, "company row"),
        m.path,
        thousands(m.linked),
        thousands(m.needs_fix),
        if m.needs_fix == 1 { "needs" } else { "need" },
        thousands(m.similar),
        thousands(m.ambiguous),
        thousands(m.unmatched),
        thousands(m.blank_id),
    ))];
    if m.ambiguous > 0 {
        out.push(Block::Line(match &m.chosen_by {
            Some(column) => format!(
                "Where several accounts hold a value, the one listed is the most recently updated (by {column}): the one Intercom links."
            ),
            None => "Where several accounts hold a value, the one listed is the first in the export: it has no LastModifiedDate to tell which Intercom links.".to_string(),
        }));
    }
    if m.person_accounts > 0 {
        out.push(Block::Line(format!(
            "{} left out: person accounts never sync.",
            count(m.person_accounts, "person account")
        )));
    }
    out
}

/// What the update file does, and what it leaves for a person.
fn update(u: &UpdateSummary) -> Vec<Block> {
    let c = &u.counts;
    let mut out = vec![Block::Paragraph(format!(
        "The update file {} sets `{}` on {}; once it is loaded, {} link ({} already {}).",
        u.path,
        u.field,
        count(u.accounts, "account"),
        count(u.companies_linked, "company"),
        thousands(c.already_linked),
        if c.already_linked == 1 { "does" } else { "do" },
    ))];
    if u.new_field {
        out.push(Block::Line(format!(
            "`{}` is not in the accounts export: create it first, as a custom text field marked Unique and External ID.",
            u.field
        )));
    }
    if u.review {
        out.push(Block::Line(format!(
            "The links are by company name (`{}`): check every row before loading the file.",
            u.via
        )));
    }
    if c.replaced > 0 {
        out.push(Block::Line(format!(
            "It replaces {} of `{}`; the work list shows them.",
            count(c.replaced, "non-empty value"),
            u.field
        )));
    }
    let left: Vec<String> = [
        (c.ambiguous, "on several accounts: pick the right one"),
        (c.similar, "only similar to an account: check it"),
        (
            c.conflicts,
            "left out because another company claims the same account",
        ),
        (c.unmatched, "on no account"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{} {what}", count(n, "company")))
    .chain((c.blank_id > 0).then(|| {
        format!(
            "{} without a company_id, which never sync",
            count(c.blank_id, "company row")
        )
    }))
    .collect();
    if !left.is_empty() {
        out.push(Block::Section {
            title: "Left for a person".into(),
            items: left,
        });
    }
    out.push(Block::Paragraph(format!(
        "Load it with Data Loader (Update, Account) or `sf data upsert bulk --sobject Account --file {} --external-id Id`.",
        u.path
    )));
    out
}

/// One field's full evidence, as blocks of text.
fn explain(e: &Explanation, sampled: usize) -> Vec<Block> {
    let f = &e.field;
    let mut out = vec![Block::Line(format!(
        "Evidence for `{}` (rank {}): {} of {} sampled ids match ({} to {} at 95% confidence): {} exactly, {} after a fix, {} only by similarity.",
        f.field,
        f.rank,
        thousands(f.matched),
        thousands(sampled as u64),
        percent(f.ci_low),
        percent(f.ci_high),
        thousands(f.exact),
        thousands(f.normalized),
        thousands(f.fuzzy)
    ))];
    if !f.transforms.is_empty() {
        let by: Vec<String> = f
            .transforms
            .iter()
            .map(|(t, n)| format!("{t} {}", thousands(*n)))
            .collect();
        out.push(Block::Line(format!(
            "After a fix, by transform: {}.",
            by.join(", ")
        )));
    }
    if !f.fixes.is_empty() {
        out.push(Block::Bullets(
            f.fixes
                .iter()
                .map(|fix| format!("{} matches: {}", thousands(fix.matches), fix.description))
                .collect(),
        ));
    }
    out.push(Block::Line(format!(
        "Chance: made-up ids of the same shape match {} exactly or after a fix, and {} of the rest find a similar value; net of chance the field scores {}.",
        percent(f.chance_specific_rate),
        percent(f.chance_similar_rate),
        percent(f.score)
    )));
    let unique = if f.matched == 0 {
        "no sampled id matched".to_string()
    } else {
        format!(
            "{} of matched ids are on exactly one account",
            percent(f.unique_rate)
        )
    };
    out.push(Block::Line(format!(
        "It holds {}; {} of accounts have a value; {unique}.",
        f.holds,
        percent(f.fill_rate),
    )));
    let pairs = |rows: &[ExampleReport]| -> Vec<String> {
        rows.iter()
            .map(|r| {
                format!(
                    "{} → {}  ({}; {})",
                    visible(&r.company_id),
                    visible(&r.value),
                    how(r),
                    count(u64::from(r.accounts), "account")
                )
            })
            .collect()
    };
    // A list cut short says how long it is.
    let titled = |title: &str, shown: usize, total: usize| {
        if shown < total {
            format!("{title} (the first {shown} of {})", thousands(total as u64))
        } else {
            format!("{title} ({})", thousands(total as u64))
        }
    };
    for (title, rows, total) in [
        ("Matched", &e.matches, e.matches_total),
        ("On several accounts", &e.repeated, e.repeated_total),
    ] {
        if !rows.is_empty() {
            out.push(Block::Section {
                title: titled(title, rows.len(), total),
                items: pairs(rows),
            });
        }
    }
    if !e.unmatched.is_empty() {
        let ids: Vec<String> = e.unmatched.iter().map(|id| visible(id)).collect();
        out.push(Block::Paragraph(format!(
            "{}: {}",
            titled("Not found", ids.len(), e.unmatched_total),
            ids.join(", ")
        )));
    }
    if !e.values.is_empty() {
        out.push(Block::Paragraph(format!(
            "Values from across the file: {}",
            e.values.join(", ")
        )));
    }
    out
}

/// The columns of the table of fields, in order.
const COLUMNS: [&str; 11] = [
    "rank",
    "field",
    "match %",
    "",
    "exact %",
    "+fix %",
    "+similar %",
    "chance %",
    "unique %",
    "fill %",
    "example",
];

/// The columns a narrow terminal loses first, one at a time.
pub(super) const DROP_ORDER: [&str; 7] = [
    "example",
    "fill %",
    "",
    "unique %",
    "chance %",
    "+similar %",
    "+fix %",
];

/// The ranked fields as a table in the given comfy-table style, with `cell`
/// applied to the text that comes from the exports, without the columns
/// named in `without`.
fn fields_table(
    report: &Report,
    style: TableStyle,
    cell: fn(&str) -> String,
    without: &[&str],
) -> Table {
    let mut table = Table::new();
    table.load_style(style);
    let keep: Vec<bool> = COLUMNS.iter().map(|c| !without.contains(c)).collect();
    let kept = |cells: [String; 11]| -> Vec<String> {
        cells
            .into_iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(c, _)| c)
            .collect()
    };
    table.set_header(kept(COLUMNS.map(String::from)));
    let share = |part: f64| {
        if part > 0.0 {
            percent(part)
        } else {
            "-".into()
        }
    };
    for f in &report.fields {
        table.add_row(kept([
            f.rank.to_string(),
            cell(&printable(&f.field)),
            percent(f.match_rate),
            bar(f.exact_rate, f.normalized_rate, f.fuzzy_beyond_chance_rate),
            share(f.exact_rate),
            share(f.normalized_rate),
            if f.similar_is_chance() {
                format!("({})", percent(f.fuzzy_rate))
            } else {
                share(f.fuzzy_rate)
            },
            share(f.chance_rate),
            f.unique_text(),
            percent(f.fill_rate),
            cell(&printable(
                &f.examples
                    .iter()
                    .min_by_key(|e| e.kind)
                    .map(example_text)
                    .unwrap_or_default(),
            )),
        ]));
    }
    // Every column holds numbers but the field, the bar and the example.
    let numeric = |name: &str| !matches!(name, "field" | "" | "example");
    let names: Vec<&str> = COLUMNS
        .iter()
        .copied()
        .filter(|c| !without.contains(c))
        .collect();
    for (i, name) in names.iter().enumerate() {
        if numeric(name)
            && let Some(col) = table.column_mut(i)
        {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
    table
}

/// What the columns mean, for a reader who has not seen the README.
const LEGEND: &str = "\
match %: sampled company ids found in the field: exact % (█) as the sync compares today,
  +fix % (▓) only after a named fix, +similar % (░) only by similarity, drawn beyond chance,
  and (in parentheses) when made-up ids find as much: then it is chance.
chance %: made-up ids of the same shape found there; fields are ranked by match % beyond chance.
unique %: matched ids on exactly one account.  fill %: accounts with a value in the field.
";

/// Cells in a match bar.
const BAR: usize = 10;

/// The match rate as a bar: `█` exact, `▓` after a fix, `░` similar only.
fn bar(exact: f64, fixed: f64, similar: f64) -> String {
    let upto = |r: f64| (r * BAR as f64).round() as usize;
    let (e, n, f) = (
        upto(exact),
        upto(exact + fixed),
        upto(exact + fixed + similar),
    );
    let mut out = "█".repeat(e);
    out += &"▓".repeat(n - e);
    out += &"░".repeat(f - n);
    out += &" ".repeat(BAR - f.min(BAR));
    out
}

/// How a file was read, when that is not plain UTF-8 with commas.
fn read_as(format: &InputFormat) -> String {
    let mut parts = Vec::new();
    if let Some(sheet) = &format.sheet {
        parts.push(format!("sheet '{sheet}'"));
    }
    if format.compressed {
        parts.push("gzip".to_string());
    }
    if format.encoding != "UTF-8" {
        parts.push(format.encoding.to_string());
    }
    match format.delimiter {
        ',' => {}
        '\t' => parts.push("tab-delimited".to_string()),
        d => parts.push(format!("'{d}'-delimited")),
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(", "))
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
        Kind::Exact => clip(&visible(&e.company_id), 40),
        _ => format!(
            "{} → {} ({})",
            clip(&visible(&e.company_id), 30),
            clip(&visible(&e.value), 30),
            how(e)
        ),
    }
}
