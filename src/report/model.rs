//! The report: built once from the ranked fields, with the verdict that
//! sums it up.

use serde::Serialize;

use super::attributes::{AttributeLinks, AttributeReport};
use super::bridge::BridgeReport;
use super::checks::{self, Check, CheckId};
use super::diagnosis::Diagnosis;
use super::explain::Explanation;
use super::field::{FieldReport, FixReport, Suggestion};
use super::inputs::{AccountsSummary, CompaniesSummary, Parameters};
use super::warnings;
use crate::config::Config;
use crate::figures::{count, percent, thousands, visible};
use crate::matching::Probes;
use crate::rank::{self, Candidate};
use crate::sample::Companies;
use crate::stats;
use crate::tally::Accounts;
use crate::values::activity::Activity;
use crate::worklist::{UpdateSummary, WorkListSummary};

/// Now, in seconds since 1970.
fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// The version of the JSON report's shape.
pub const SCHEMA_VERSION: u32 = 1;

/// Everything a run found, in the order a reader needs it.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// [`SCHEMA_VERSION`]: changes only when a key is renamed or removed.
    pub schema_version: u32,
    /// The options the run used.
    pub parameters: Parameters,
    /// What the companies export held.
    pub companies: CompaniesSummary,
    /// What the accounts export held.
    pub accounts: AccountsSummary,
    /// The listed fields, best first (`--top` of them).
    pub fields: Vec<FieldReport>,
    /// The field to map `company_id` to; `None` when none reaches
    /// `min_rate`.
    pub suggestion: Option<Suggestion>,
    /// Why no field is suggested, when none is.
    pub diagnosis: Option<Diagnosis>,
    /// One field's full evidence, with `--explain`.
    pub explain: Option<Explanation>,
    /// What `--emit-mapping` wrote.
    pub mapping: Option<WorkListSummary>,
    /// What `--emit-update` wrote.
    pub update: Option<UpdateSummary>,
    /// Another companies column that links companies to accounts, when
    /// bridges were looked for and one links enough of them.
    pub bridge: Option<BridgeReport>,
    /// How the data mapping was made, when it was.
    pub attribute_links: Option<AttributeLinks>,
    /// The data mapping: one entry per company attribute, with the Account
    /// field it should sync with. Empty when it was not made.
    pub attributes: Vec<AttributeReport>,
    /// The setup checklist: what the sync needs, as far as the exports say.
    pub checks: Vec<Check>,
    /// Things the reader should know before acting, in plain words.
    pub warnings: Vec<String>,
    /// Whether the accounts export has the account ids an update file needs.
    #[serde(skip)]
    pub(crate) accounts_have_ids: bool,
}

/// What a report is made of: the inputs' figures, and each candidate
/// field's counts, scored.
pub(crate) struct Parts<'a> {
    pub parameters: Parameters,
    pub companies: CompaniesSummary,
    pub accounts: AccountsSummary,
    /// The sampled company ids, in sample order.
    pub sampled_ids: &'a [String],
    /// Every candidate field, in column order.
    pub candidates: Vec<Candidate>,
    /// The column of the field to explain in full.
    pub explain: Option<usize>,
    /// The first line with more or fewer cells than the header.
    pub first_ragged_line: Option<u64>,
    /// The newest date of each activity column of the companies export.
    pub company_activity: Vec<Activity>,
    /// The same of the accounts export.
    pub account_activity: Vec<Activity>,
    /// Person accounts, when the accounts export says.
    pub person_accounts: Option<u64>,
    /// The moment the checklist is for, in seconds since 1970.
    pub as_of: i64,
    /// Whether the accounts export has the account ids an update file needs.
    pub accounts_have_ids: bool,
}

impl Report {
    /// Builds the report from what was read and matched; `id_density` is
    /// the share of strings drawn like the sample that are company ids.
    pub(crate) fn new(
        config: &Config,
        companies: Companies,
        accounts: Accounts,
        probes: &Probes,
        id_density: f64,
    ) -> Report {
        let sampled = probes.sampled().len();
        let tally = &accounts.tally;
        let accounts_summary = AccountsSummary {
            path: accounts.path.clone(),
            rows: tally.rows,
            fields: accounts.candidates.len(),
            ragged_rows: tally.ragged_rows,
            repeated_account_rows: tally.account_runs.count(),
            skipped_lines: tally.not_data_lines,
            format: accounts.format.clone(),
        };
        let first_ragged_line = tally.first_ragged_line;
        let counts = accounts.tally.finish(probes, accounts.explain);
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
                    probes.decoys().len(),
                )
            })
            .collect();
        let companies_summary = CompaniesSummary {
            path: companies.path.clone(),
            id_column: companies.id_column.clone(),
            rows: companies.rows,
            blank_ids: companies.blank_ids,
            distinct_ids: companies.sample.distinct,
            distinct_ids_exact: companies.sample.distinct_exact,
            sampled,
            id_density,
            skipped_lines: companies.skipped_lines,
            format: companies.format.clone(),
        };
        let as_of = config.as_of.unwrap_or_else(now);
        Report::from_parts(Parts {
            parameters: Parameters {
                sample: config.sample.unwrap_or(0),
                seed: config.seed,
                threshold: config.threshold,
                min_rate: config.min_rate,
                metric: config.metric.name(),
                fuzzy: config.fuzzy,
                top: config.top.unwrap_or(0),
                as_of: checks::day(as_of),
            },
            companies: companies_summary,
            accounts: accounts_summary,
            sampled_ids: probes.sampled(),
            candidates,
            explain: accounts.explain.map(|i| accounts.candidates[i]),
            first_ragged_line,
            company_activity: companies.activity,
            account_activity: accounts.activity,
            person_accounts: accounts.person_accounts,
            as_of,
            accounts_have_ids: crate::worklist::plan::id_column(&accounts.names).is_some(),
        })
    }

    /// Ranks the candidates, picks the suggestion and words the rest.
    pub(crate) fn from_parts(parts: Parts<'_>) -> Report {
        let Parts {
            parameters,
            companies,
            accounts,
            sampled_ids,
            candidates,
            explain,
            first_ragged_line,
            company_activity,
            account_activity,
            person_accounts,
            as_of,
            accounts_have_ids,
        } = parts;
        let (n, min_rate) = (companies.sampled as u64, parameters.min_rate);
        let ranked = rank::rank(candidates);
        let fields: Vec<FieldReport> = ranked
            .iter()
            .enumerate()
            .map(|(i, f)| FieldReport::new(i, f, n, accounts.rows))
            .collect();
        let suggested = rank::suggest(&ranked, min_rate)
            .and_then(|best| ranked.iter().position(|f| std::ptr::eq(f, best)));
        let suggestion = suggested.map(|i| Suggestion::new(&fields[i], min_rate));
        let warnings = warnings::collect(&warnings::Context {
            companies: &companies,
            accounts: &accounts,
            suggested: suggested.map(|i| &ranked[i]),
            fields: &fields,
            first_ragged_line,
        });
        let mut checks = checks::collect(&checks::Inputs {
            companies: &companies,
            accounts: &accounts,
            suggestion: suggestion.as_ref(),
            company_activity: &company_activity,
            account_activity: &account_activity,
            person_accounts,
            as_of,
            accounts_have_ids,
        });
        let diagnosis = suggested
            .is_none()
            .then(|| Diagnosis::new(sampled_ids, &ranked, n, min_rate));
        // Ids a spreadsheet rounded are to be got again, not written anywhere.
        if diagnosis.as_ref().is_some_and(|d| d.ids_rounded) {
            for c in checks.iter_mut().filter(|c| c.check == CheckId::CompanyId) {
                c.remedy = Some(format!("see why above: {}", super::shape::EXPORT_AGAIN));
            }
        }
        let explain = explain.and_then(|column| {
            let rank = ranked.iter().position(|f| f.column == column)?;
            Some(Explanation::new(&fields[rank], &ranked[rank], sampled_ids))
        });
        let top = match parameters.top {
            0 => usize::MAX,
            k => k,
        };
        Report {
            schema_version: SCHEMA_VERSION,
            parameters,
            companies,
            accounts,
            fields: fields.into_iter().take(top).collect(),
            suggestion,
            diagnosis,
            explain,
            mapping: None,
            update: None,
            bridge: None,
            attribute_links: None,
            attributes: Vec::new(),
            checks,
            warnings,
            accounts_have_ids,
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
                    ": {} of {sampled} sampled ids match exactly ({} to {} of companies with a company_id, at 95% confidence)",
                    thousands(s.exact),
                    percent(lo),
                    percent(hi)
                );
                if s.normalized > 0 && !s.fixes.is_empty() {
                    line += &format!(
                        ", and {} more after cleaning ({})",
                        thousands(s.normalized),
                        fixes_text(&s.field, &s.fixes)
                    );
                }
            } else {
                let mut fix = s.fix.as_ref().map_or("clean the values".to_string(), |f| {
                    if f.examples.is_empty() {
                        return f.description.clone();
                    }
                    let seen: Vec<String> = f
                        .examples
                        .iter()
                        .map(|e| {
                            format!(
                                "company_id {} is {} there",
                                visible(&e.company_id),
                                visible(&e.value)
                            )
                        })
                        .collect();
                    format!("{} (e.g. {})", f.description, seen.join("; "))
                });
                // Each id is counted under the one fix that makes it match:
                // the others are for other ids, not steps after the first.
                if s.fixes.len() > 1 {
                    fix += &format!(
                        "; some need another fix ({})",
                        fixes_text(&s.field, &s.fixes[1..])
                    );
                }
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
        if let Some(b) = &self.bridge {
            return self.bridge_verdict(b);
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
                self.parameters.min_rate
            ),
            _ => match self.accounts.fields {
                1 => format!(
                    "No Account field holds company_id: none of the {sampled} sampled ids appears in the one field compared."
                ),
                n => format!(
                    "No Account field holds company_id: none of the {sampled} sampled ids appears in any of the {} fields compared.",
                    thousands(n as u64)
                ),
            },
        }
    }
}

/// Fixes in words with how many ids each makes match: the first three, and
/// how many kinds more `--explain` shows.
fn fixes_text(field: &str, fixes: &[FixReport]) -> String {
    const SHOWN: usize = 3;
    let mut parts: Vec<String> = fixes
        .iter()
        .take(SHOWN)
        .map(|f| format!("{}: {}", thousands(f.matches), f.description))
        .collect();
    if fixes.len() > SHOWN {
        parts.push(format!(
            "{} more kinds: --explain {field}",
            fixes.len() - SHOWN
        ));
    }
    parts.join("; ")
}

impl Report {
    /// Records the bridge found, and says in the checklist how to use it.
    pub(crate) fn set_attributes(
        &mut self,
        links: AttributeLinks,
        attributes: Vec<AttributeReport>,
    ) {
        if links.incomplete {
            self.warnings.push(format!(
                "the data mapping compared only the linked accounts that fit in memory ({} pairs)",
                thousands(links.pairs as u64)
            ));
        }
        self.attribute_links = Some(links);
        self.attributes = attributes;
    }

    pub(crate) fn set_bridge(&mut self, bridge: BridgeReport) {
        for c in &mut self.checks {
            if c.check == CheckId::CompanyId {
                c.remedy = Some(format!(
                    "write company_id into a field of its own through `{}` = `{}` (--emit-update FILE makes the file{}), and map that field",
                    bridge.column,
                    bridge.field,
                    checks::with_ids(self.accounts_have_ids)
                ));
            }
        }
        self.bridge = Some(bridge);
    }

    /// The verdict when no field holds company_id but a bridge links.
    fn bridge_verdict(&self, b: &BridgeReport) -> String {
        let what = match &self.update {
            Some(u) if u.new_field => format!(
                "create `{}` and load the update file fieldmatch wrote ({}), which sets it on {}",
                u.field,
                u.path,
                count(u.accounts, "account")
            ),
            Some(u) => format!(
                "load the update file fieldmatch wrote ({}), which sets `{}` on {}",
                u.path,
                u.field,
                count(u.accounts, "account")
            ),
            None => format!(
                "write each company's id into a field of its own (e.g. `{}`) through it: --emit-update FILE writes the file that does{}",
                crate::worklist::plan::NEW_FIELD,
                checks::with_ids(self.accounts_have_ids)
            ),
        };
        let mut line = format!(
            "No Account field holds company_id. {}: {what}.",
            b.sentence()
        );
        if b.by_name {
            line += " The link is by company name: review every row before loading.";
        }
        line
    }
}
