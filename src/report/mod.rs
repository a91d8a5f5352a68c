//! The report model, built once from the ranked fields and rendered by one
//! module per format. Every format shows the same model; JSON is its serde
//! form and is the contract scripts rely on.

mod csv;
mod html;
mod markdown;
mod table;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::accounts::Accounts;
use crate::cli::Format;
use crate::companies::Companies;
use crate::config::Config;
use crate::matching::Kind;
use crate::normalize;
use crate::rank::{self, Candidate, rate};
use crate::source::InputFormat;
use crate::tally::{Fix, Side};
use crate::{shape, stats};

/// The version of the JSON report's shape.
pub const SCHEMA_VERSION: u32 = 1;

/// Everything a run found, in the order a reader needs it.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema_version: u32,
    pub parameters: Parameters,
    pub companies: CompaniesSummary,
    pub accounts: AccountsSummary,
    /// The listed fields, best first (`--top` of them).
    pub fields: Vec<FieldReport>,
    pub suggestion: Option<Suggestion>,
    /// Why no field is suggested, when none is.
    pub diagnosis: Option<Diagnosis>,
    /// One field's full evidence, with `--explain`.
    pub explain: Option<Explanation>,
    /// What `--emit-mapping` wrote.
    pub mapping: Option<crate::mapping::MappingSummary>,
    /// Things the reader should know before acting, in plain words.
    pub warnings: Vec<String>,
}

/// Entries listed per kind in an explanation.
pub const EXPLAIN_LIST: usize = 20;

/// Everything one field showed.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// The field's figures, as in `fields`.
    pub field: FieldReport,
    /// Matched ids in sample order, with what matched them.
    pub matches: Vec<ExampleReport>,
    /// Sampled ids the field does not hold, in sample order.
    pub unmatched: Vec<String>,
    /// Ids whose value is on several accounts.
    pub repeated: Vec<ExampleReport>,
    /// Values from the start of the file.
    pub values: Vec<String>,
}

/// Why no field qualifies, and what to check.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnosis {
    /// What the sampled company ids look like.
    pub ids_look_like: String,
    /// The closest fields, and why each falls short.
    pub closest: Vec<Shortfall>,
    pub likely_cause: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Shortfall {
    pub field: String,
    pub holds: String,
    pub why: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Parameters {
    /// Requested sample size; 0 means all ids.
    pub sample: usize,
    pub seed: u64,
    pub threshold: f64,
    pub min_rate: f64,
    pub metric: &'static str,
    pub fuzzy: bool,
    /// Fields listed; 0 means all.
    pub top: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct CompaniesSummary {
    pub path: String,
    pub id_column: String,
    pub rows: u64,
    pub blank_ids: u64,
    pub distinct_ids: u64,
    /// False when `distinct_ids` is an estimate (very large exports).
    pub distinct_ids_exact: bool,
    pub sampled: usize,
    /// The share of strings shaped like the sampled ids that are company ids.
    /// Near 1 (short numbers), matching by value alone proves little.
    pub id_density: f64,
    /// Lines that are not company rows, skipped.
    pub skipped_lines: u64,
    /// How the file was read: encoding, delimiter, compression.
    pub format: InputFormat,
}

#[derive(Debug, Clone, Serialize)]
pub struct AccountsSummary {
    pub path: String,
    pub rows: u64,
    /// Candidate fields compared.
    pub fields: usize,
    /// Rows with more or fewer cells than the header.
    pub ragged_rows: u64,
    /// Lines that are not accounts (a report's footer and totals), skipped.
    pub skipped_lines: u64,
    pub format: InputFormat,
}

#[derive(Debug, Clone, Serialize)]
pub struct FieldReport {
    pub rank: usize,
    pub field: String,
    /// 1-based column in the accounts export.
    pub column: usize,
    pub match_rate: f64,
    pub exact_rate: f64,
    pub normalized_rate: f64,
    pub fuzzy_rate: f64,
    pub unique_rate: f64,
    pub fill_rate: f64,
    /// The 95% Wilson interval of `match_rate`.
    pub ci_low: f64,
    pub ci_high: f64,
    /// What the field's values look like.
    pub holds: String,
    /// The share of made-up ids of the same shape (decoys) the field matches.
    pub chance_rate: f64,
    /// The share of decoys it matches exactly or after a fix.
    pub chance_specific_rate: f64,
    /// The share of the other decoys it finds a similar value for.
    pub chance_similar_rate: f64,
    /// `match_rate` corrected for chance; fields are ranked by it.
    pub score: f64,
    pub matched: u64,
    pub exact: u64,
    pub normalized: u64,
    pub fuzzy: u64,
    /// Matched ids whose value is on exactly one account row.
    pub unique: u64,
    /// Normalized matches by transform name.
    pub transforms: BTreeMap<&'static str, u64>,
    /// What would make the normalized matches exact, most common first.
    pub fixes: Vec<FixReport>,
    pub examples: Vec<ExampleReport>,
    /// Ids matched exactly or after a fix whose value is on several accounts.
    pub repeated_examples: Vec<ExampleReport>,
}

impl FieldReport {
    /// The unique rate as a person reads it: `-` when nothing matched.
    pub fn unique_text(&self) -> String {
        if self.matched > 0 {
            percent(self.unique_rate)
        } else {
            "-".into()
        }
    }
}

/// One fix and how many normalized matches it explains.
#[derive(Debug, Clone, Serialize)]
pub struct FixReport {
    pub transform: &'static str,
    /// Whose values to change: `intercom`, `salesforce` or `both`.
    pub side: Side,
    pub prefix: Option<String>,
    /// True when a match under this transform is only probable.
    pub approximate: bool,
    pub matches: u64,
    /// Two of the matches it explains.
    pub examples: Vec<PairReport>,
    /// The fix in words.
    pub description: String,
}

/// A company id and the account value it matched.
#[derive(Debug, Clone, Serialize)]
pub struct PairReport {
    pub company_id: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExampleReport {
    pub company_id: String,
    pub value: String,
    pub kind: Kind,
    pub transform: Option<&'static str>,
    pub similarity: f64,
    /// Account rows whose value matched this id.
    pub accounts: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Suggestion {
    pub field: String,
    pub rank: usize,
    pub match_rate: f64,
    pub exact_rate: f64,
    pub score: f64,
    pub unique_rate: f64,
    pub matched: u64,
    pub exact: u64,
    pub normalized: u64,
    /// True when enough ids match exactly, as the sync compares them.
    pub works_as_is: bool,
    /// `works_as_is`, or `needs_fix` when a named fix is needed first.
    pub status: &'static str,
    /// The fix most of the normalized matches need, if there are any: what
    /// makes the field work at all, or what makes more ids match.
    pub fix: Option<FixReport>,
}

impl Report {
    /// Builds the report from what was read and matched. `probes` are the
    /// sampled ids followed by as many decoys; `id_density` is the share of
    /// strings drawn like the sample that are company ids.
    pub fn new(
        config: &Config,
        companies: Companies,
        accounts: Accounts,
        probes: &[String],
        id_density: f64,
    ) -> Report {
        let sampled = companies.sample.ids.len();
        let decoys = probes.len() - sampled;
        let rows = accounts.tally.rows;
        let ragged_rows = accounts.tally.ragged_rows;
        let skipped_lines = accounts.tally.not_data_lines;
        let first_ragged_line = accounts.tally.first_ragged_line;
        let counts = accounts.tally.finish(probes, sampled, accounts.explain);
        let explained = accounts.explain.map(|i| accounts.candidates[i]);
        let candidates = accounts
            .candidates
            .iter()
            .zip(counts)
            .map(|(&column, counts)| {
                Candidate::new(
                    accounts.names[column].clone(),
                    column,
                    counts,
                    sampled,
                    decoys,
                )
            })
            .collect();
        let ranked = rank::rank(candidates);
        let n = sampled as u64;
        let field_report = |i: usize, f: &Candidate| {
            let c = &f.counts;
            let mut fixes: Vec<FixReport> = c
                .fixes
                .iter()
                .map(|(fix, count)| FixReport {
                    transform: fix.transform,
                    side: fix.side,
                    prefix: fix.prefix.clone(),
                    approximate: normalize::transform(fix.transform).is_some_and(|t| t.approximate),
                    matches: count.matches,
                    examples: count
                        .examples
                        .iter()
                        .map(|(company_id, value)| PairReport {
                            company_id: company_id.clone(),
                            value: value.clone(),
                        })
                        .collect(),
                    description: describe(fix, &f.name),
                })
                .collect();
            // Most matches first; ties in ladder order, so the order is fixed.
            fixes.sort_by_key(|x| {
                (
                    std::cmp::Reverse(x.matches),
                    step_of(x.transform),
                    x.side,
                    x.prefix.clone(),
                )
            });
            FieldReport {
                rank: i + 1,
                field: f.name.clone(),
                column: f.column + 1,
                match_rate: rate(c.matched, n),
                exact_rate: rate(c.exact, n),
                normalized_rate: rate(c.normalized, n),
                fuzzy_rate: rate(c.fuzzy, n),
                unique_rate: rate(c.unique, c.matched),
                fill_rate: rate(c.non_empty, rows),
                ci_low: stats::wilson(c.matched, n).0,
                ci_high: stats::wilson(c.matched, n).1,
                holds: shape::describe(&c.samples),
                chance_rate: f.chance(),
                chance_specific_rate: f.chance_specific,
                chance_similar_rate: f.chance_similar,
                score: f.score,
                matched: c.matched,
                exact: c.exact,
                normalized: c.normalized,
                fuzzy: c.fuzzy,
                unique: c.unique,
                transforms: c.transforms.clone(),
                fixes,
                examples: c.examples.iter().map(example_report).collect(),
                repeated_examples: c.repeated_examples.iter().map(example_report).collect(),
            }
        };
        let suggested = rank::suggest(&ranked, config.min_rate).and_then(|best| {
            ranked
                .iter()
                .position(|f| std::ptr::eq(f, best))
                .map(|i| (i, best))
        });
        let suggestion = suggested.map(|(i, best)| {
            let f = field_report(i, best);
            let works_as_is = f.exact_rate >= config.min_rate;
            Suggestion {
                works_as_is,
                status: if works_as_is {
                    "works_as_is"
                } else {
                    "needs_fix"
                },
                fix: f.fixes.first().cloned(),
                rank: f.rank,
                field: f.field,
                match_rate: f.match_rate,
                exact_rate: f.exact_rate,
                score: f.score,
                unique_rate: f.unique_rate,
                matched: f.matched,
                exact: f.exact,
                normalized: f.normalized,
            }
        });
        let suggested = suggested.map(|(_, best)| best);

        let mut warnings = Vec::new();
        if let Some(best) = suggested {
            let repeated = best.counts.repeated;
            if repeated > 0 {
                let seen: Vec<String> = best
                    .counts
                    .repeated_examples
                    .iter()
                    .take(2)
                    .map(|e| format!("{} on {} accounts", e.company_id, e.rows))
                    .collect();
                warnings.push(format!(
                    "{} of the {} ids that match {} are on more than one account there (e.g. {}); Intercom links only the most recently updated one. Make the field unique, or merge those accounts.",
                    thousands(repeated),
                    thousands(best.specific()),
                    best.name,
                    seen.join(", ")
                ));
            }
            if id_density >= 0.5 {
                warnings.push(format!(
                    "{} of the strings shaped like your company ids are company ids (the ids are short or consecutive), so any field of such values holds many of them by chance: check that {} really holds company ids.",
                    percent(id_density),
                    best.name
                ));
            } else if best.chance_specific >= 0.2 {
                warnings.push(format!(
                    "{} of made-up ids shaped like yours also match {}: check that it really holds company ids.",
                    percent(best.chance_specific),
                    best.name
                ));
            }
        }
        if companies.blank_ids > 0 && rate(companies.blank_ids, companies.rows) >= 0.05 {
            warnings.push(format!(
                "{} of {} companies ({}) have no company_id in {}; they can never sync.",
                thousands(companies.blank_ids),
                thousands(companies.rows),
                percent(rate(companies.blank_ids, companies.rows)),
                companies.path
            ));
        }
        if sampled < 100 {
            warnings.push(format!(
                "only {sampled} company ids were sampled, so the rates are rough."
            ));
        }
        for (lines, path, what) in [
            (
                skipped_lines,
                &accounts.path,
                "account rows (a report's footer or totals)",
            ),
            (companies.skipped_lines, &companies.path, "company rows"),
        ] {
            if lines > 0 {
                warnings.push(format!(
                    "{} lines of {path} are not {what} and were skipped.",
                    thousands(lines)
                ));
            }
        }
        if let Some(line) = first_ragged_line {
            warnings.push(format!(
                "{} rows of {} have more or fewer cells than its header (the first at line {line}); they were read as they are.",
                thousands(ragged_rows),
                accounts.path
            ));
        }

        if let (Some(a), Some(b)) = (ranked.first(), ranked.get(1)) {
            let (fa, fb) = (field_report(0, a), field_report(1, b));
            if fb.matched > 0 && fa.ci_low <= fb.ci_high {
                let more = stats::sample_to_separate(fa.match_rate, fb.match_rate)
                    .filter(|&m| m <= companies.sample.distinct)
                    .map_or("even all the ids may not separate them".to_string(), |m| {
                        format!("--sample {m} would separate them")
                    });
                warnings.push(format!(
                    "{} ({} to {}) and {} ({} to {}) are too close to tell apart with {} sampled ids; {more}.",
                    fa.field,
                    percent(fa.ci_low),
                    percent(fa.ci_high),
                    fb.field,
                    percent(fb.ci_low),
                    percent(fb.ci_high),
                    thousands(n)
                ));
            }
        }
        if let Some(best) = suggested {
            let fill = rate(best.counts.non_empty, rows);
            if fill < 0.5 {
                warnings.push(format!(
                    "only {} of accounts have a value in {}; the others cannot sync until it is filled.",
                    percent(fill),
                    best.name
                ));
            }
        }
        let id_shape = shape::describe(&companies.sample.ids);
        let diagnosis = suggested.is_none().then(|| {
            let closest: Vec<Shortfall> = ranked
                .iter()
                .take(3)
                .map(|f| Shortfall {
                    field: f.name.clone(),
                    holds: shape::describe(&f.counts.samples),
                    why: shortfall(f, n, config.min_rate),
                })
                .collect();
            let likely_cause = likely_cause(&companies.sample.ids, &ranked, n, config.min_rate);
            Diagnosis {
                ids_look_like: id_shape.clone(),
                closest,
                likely_cause,
            }
        });

        let explain = explained.and_then(|column| {
            let (i, f) = ranked
                .iter()
                .enumerate()
                .find(|(_, f)| f.column == column)?;
            let held: std::collections::HashSet<&str> =
                f.counts.all.iter().map(|e| e.company_id.as_str()).collect();
            Some(Explanation {
                field: field_report(i, f),
                // The telling matches first: after a fix, then similar, then exact.
                matches: {
                    let mut all: Vec<&crate::tally::Example> = f.counts.all.iter().collect();
                    all.sort_by_key(|e| match e.evidence.kind {
                        Kind::Normalized => 0,
                        Kind::Fuzzy => 1,
                        Kind::Exact => 2,
                    });
                    all.into_iter()
                        .take(EXPLAIN_LIST)
                        .map(example_report)
                        .collect()
                },
                unmatched: companies
                    .sample
                    .ids
                    .iter()
                    .filter(|id| !held.contains(id.as_str()))
                    .take(EXPLAIN_LIST)
                    .cloned()
                    .collect(),
                repeated: f
                    .counts
                    .all
                    .iter()
                    .filter(|e| e.rows > 1)
                    .take(EXPLAIN_LIST)
                    .map(example_report)
                    .collect(),
                values: f
                    .counts
                    .samples
                    .iter()
                    .take(EXPLAIN_LIST)
                    .cloned()
                    .collect(),
            })
        });

        let listed = config.top.unwrap_or(usize::MAX);
        Report {
            schema_version: SCHEMA_VERSION,
            parameters: Parameters {
                sample: config.sample.unwrap_or(0),
                seed: config.seed,
                threshold: config.threshold,
                min_rate: config.min_rate,
                metric: config.metric.name(),
                fuzzy: config.fuzzy,
                top: config.top.unwrap_or(0),
            },
            companies: CompaniesSummary {
                path: companies.path,
                id_column: companies.id_column,
                rows: companies.rows,
                blank_ids: companies.blank_ids,
                distinct_ids: companies.sample.distinct,
                distinct_ids_exact: companies.sample.distinct_exact,
                sampled,
                id_density,
                skipped_lines: companies.skipped_lines,
                format: companies.format,
            },
            accounts: AccountsSummary {
                path: accounts.path,
                rows,
                fields: ranked.len(),
                ragged_rows,
                skipped_lines,
                format: accounts.format,
            },
            fields: ranked
                .iter()
                .take(listed)
                .enumerate()
                .map(|(i, f)| field_report(i, f))
                .collect(),
            suggestion,
            diagnosis,
            explain,
            mapping: None,
            warnings,
        }
    }

    /// The report in `format`, ready to write; `color` adds terminal colours
    /// to the table.
    pub fn render(&self, format: Format, color: bool) -> String {
        match format {
            Format::Table => table::render(self, color),
            Format::Json => {
                let mut out = serde_json::to_string_pretty(self).expect("the report serializes");
                out.push('\n');
                out
            }
            Format::Csv => csv::render(self),
            Format::Markdown => markdown::render(self),
            Format::Html => html::render(self),
        }
    }

    /// The one-line answer: which field, how many ids match it, and what it
    /// takes.
    pub fn verdict(&self) -> String {
        let sampled = thousands(self.companies.sampled as u64);
        if let Some(s) = &self.suggestion {
            let mut line = format!("Map company_id to `{}`", s.field);
            if s.works_as_is {
                let (lo, hi) = stats::wilson(s.exact, self.companies.sampled as u64);
                line += &format!(
                    ": {} of {sampled} sampled ids match exactly ({} to {} of all companies, at 95% confidence)",
                    thousands(s.exact),
                    percent(lo),
                    percent(hi)
                );
                if let (true, Some(fix)) = (s.normalized > 0, &s.fix) {
                    line += &format!(
                        ", and {} more after cleaning ({} of them: {})",
                        thousands(s.normalized),
                        thousands(fix.matches),
                        fix.description
                    );
                }
            } else {
                let fix = s.fix.as_ref().map_or("clean the values".to_string(), |f| {
                    if f.examples.is_empty() {
                        return f.description.clone();
                    }
                    let seen: Vec<String> = f
                        .examples
                        .iter()
                        .map(|e| format!("company_id {} is {} there", e.company_id, e.value))
                        .collect();
                    format!("{} (e.g. {})", f.description, seen.join("; "))
                });
                let today = match s.exact {
                    0 => "none match exactly today".to_string(),
                    n => format!("only {} match exactly today", thousands(n)),
                };
                line += &format!(
                    " after a fix: {} of {sampled} sampled ids match once you {fix}; {today}",
                    thousands(s.exact + s.normalized)
                );
            }
            line.push('.');
            return line;
        }
        match self.fields.first() {
            Some(best) if best.matched > 0 && best.exact + best.normalized == 0 => format!(
                "No Account field holds company_id: the closest, `{}`, is only similar for {} of {sampled} sampled ids (chance alone gives {}), so no field can be mapped as is.",
                best.field,
                thousands(best.fuzzy),
                percent(best.chance_rate)
            ),
            Some(best) if best.matched > 0 => format!(
                "No Account field holds company_id: the closest, `{}`, matches {} of {sampled} sampled ids ({} after chance), below --min-rate {}.",
                best.field,
                thousands(best.matched),
                percent(best.score),
                percent(self.parameters.min_rate)
            ),
            _ => format!(
                "No Account field holds company_id: none of the {sampled} sampled ids appears in any of the {} fields compared.",
                thousands(self.accounts.fields as u64)
            ),
        }
    }
}

/// Why a field is not suggested, in a few words.
fn shortfall(f: &Candidate, sampled: u64, min_rate: f64) -> String {
    let c = &f.counts;
    if c.matched == 0 {
        "holds none of the sampled ids".to_string()
    } else if f.specific() == 0 {
        format!(
            "only similar values for {} of the ids, where made-up ids find them {} of the time",
            percent(rate(c.fuzzy, sampled)),
            percent(f.chance_similar)
        )
    } else {
        format!(
            "holds {} of the ids exactly or after a fix ({} beyond chance), below --min-rate {}",
            percent(rate(f.specific(), sampled)),
            percent(f.specific_score),
            percent(min_rate)
        )
    }
}

/// The most likely reason that no field holds the company ids.
fn likely_cause(ids: &[String], ranked: &[Candidate], sampled: u64, min_rate: f64) -> String {
    let id_shape = shape::describe(ids);
    let holds = |f: &Candidate| shape::describe(&f.counts.samples);
    if id_shape.contains("Intercom's own") {
        return "company_id looks like Intercom's internal company id, not the id your company assigns: check that the companies export's Company ID column is the one meant, or choose another with --id-column.".to_string();
    }
    if (id_shape == "domains" || id_shape == "websites")
        && !ranked.iter().any(|f| {
            matches!(
                holds(f).as_str(),
                "domains" | "websites" | "email addresses"
            )
        })
    {
        return "company_id holds domains, but no Account field holds websites or domains: add the Website field to the export.".to_string();
    }
    match ranked.first() {
        Some(best) if best.specific() > 0 && best.specific_score > 0.05 => format!(
            "only some companies seem to be in Salesforce: {} holds {} of the sampled ids. If that is expected, a lower --min-rate (now {}) accepts it.",
            best.name,
            percent(rate(best.specific(), sampled)),
            percent(min_rate)
        ),
        Some(best) if best.counts.fuzzy > 0 && best.score > 0.05 => format!(
            "{} holds values similar to the ids but not equal: they need cleaning before the sync can use them.",
            best.name
        ),
        _ if !ranked
            .iter()
            .any(|f| shape::same_kind(&f.counts.samples, ids)) =>
        {
            format!(
                "no Account field holds values shaped like company_id ({id_shape}): export the field that stores it, such as an external id field like Intercom_Company_ID__c, or check that company_id is set in Intercom."
            )
        }
        _ => format!(
            "the fields that hold {id_shape} hold other values than these company ids: check that both exports come from the same Intercom workspace and Salesforce org."
        ),
    }
}

fn example_report(e: &crate::tally::Example) -> ExampleReport {
    ExampleReport {
        company_id: e.company_id.clone(),
        value: e.value.clone(),
        kind: e.evidence.kind,
        transform: e.evidence.transform(),
        similarity: e.evidence.similarity,
        accounts: e.rows,
    }
}

/// The place of a transform in the ladder.
fn step_of(transform: &str) -> usize {
    normalize::LADDER
        .iter()
        .position(|t| t.name == transform)
        .unwrap_or(usize::MAX)
}

/// A fix in words, naming where to make it.
fn describe(fix: &Fix, field: &str) -> String {
    let side = |s: Side| match s {
        Side::Intercom => "Intercom's company_id".to_string(),
        Side::Salesforce => format!("`{field}`"),
        Side::Both => format!("both company_id and `{field}`"),
    };
    let other = |s: Side| match s {
        Side::Intercom => format!("`{field}`"),
        _ => "company_id".to_string(),
    };
    match (fix.transform, &fix.prefix) {
        ("prefix", Some(p)) => format!(
            "remove the prefix '{p}' from {} (or add it to {})",
            side(fix.side),
            other(fix.side)
        ),
        ("salesforce-id", _) if fix.side == Side::Intercom => {
            "convert company_id's Salesforce ids to their 18-character form".to_string()
        }
        ("salesforce-id", _) => format!("store 18-character Salesforce ids in {}", side(fix.side)),
        ("case", _) if fix.side == Side::Intercom => {
            format!("write company_id in the letter case `{field}` uses")
        }
        ("case", _) => format!(
            "write {} in the letter case company_id uses",
            side(fix.side)
        ),
        (name, _) => {
            let what = normalize::transform(name).map_or("normalize the values", |t| t.fix);
            format!("{what}, in {}", side(fix.side))
        }
    }
}

impl Diagnosis {
    /// The diagnosis as lines of text, each `prefix`ed.
    pub fn lines(&self, bullet: &str) -> Vec<String> {
        let mut out = vec![format!(
            "company_id holds {}. The closest fields:",
            self.ids_look_like
        )];
        for s in &self.closest {
            out.push(format!("{bullet}{} ({}): {}", s.field, s.holds, s.why));
        }
        out.push(format!("Likely cause: {}", self.likely_cause));
        out
    }
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// A rate as a percentage with one decimal: `0.9625` as `96.3%`.
pub fn percent(rate: f64) -> String {
    format!("{:.1}%", rate * 100.0)
}

/// A cell made safe to open in a spreadsheet: one that begins with `=`, `+`,
/// `-`, `@`, a tab or a carriage return is neutralised with a leading `'`
/// (the OWASP rule against CSV injection), since company ids and account
/// values come from untrusted users.
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
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

/// A short picture of one example: `abc` when exact, `abc → ABC (case)` otherwise.
fn example_text(e: &ExampleReport) -> String {
    match e.kind {
        Kind::Exact => clip(&e.company_id, 40),
        _ => {
            let why = match e.transform {
                Some(t) => t.to_string(),
                None => format!("{:.2} similar", e.similarity),
            };
            format!(
                "{} → {} ({why})",
                clip(&e.company_id, 30),
                clip(&e.value, 30)
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_groups_digits() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn formula_cells_are_neutralised() {
        for bad in [
            "=HYPERLINK(\"http://x\")",
            "+1",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            assert_eq!(spreadsheet_safe(bad), format!("'{bad}"));
        }
        assert_eq!(spreadsheet_safe("cmp_1"), "cmp_1");
    }

    #[test]
    fn clip_marks_the_cut_and_flattens_line_breaks() {
        assert_eq!(clip("abc", 5), "abc");
        assert_eq!(clip("abcdef", 4), "abc…");
        assert_eq!(clip("a\nb", 5), "a b");
    }
}
