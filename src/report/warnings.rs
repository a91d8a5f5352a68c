//! The things a reader should know before acting, in plain words: ids on
//! several accounts, chance, blank ids, a small sample, skipped and ragged
//! lines, fields too close to call, a field mostly empty.

use super::field::FieldReport;
use super::inputs::{AccountsSummary, CompaniesSummary};
use crate::figures::{percent, thousands};
use crate::rank::{Candidate, rate};
use crate::stats;

/// What the warnings are drawn from.
pub struct Context<'a> {
    pub companies: &'a CompaniesSummary,
    pub accounts: &'a AccountsSummary,
    /// The suggested field, if any.
    pub suggested: Option<&'a Candidate>,
    /// Every field, best first.
    pub fields: &'a [FieldReport],
    pub first_ragged_line: Option<u64>,
}

/// The warnings of a run, most important first.
pub fn collect(c: &Context) -> Vec<String> {
    let (companies, accounts) = (c.companies, c.accounts);
    let mut warnings = Vec::new();
    // First: it qualifies every count of accounts that follows.
    if accounts.repeated_account_rows > 0 {
        warnings.push(format!(
            "{} of {} list the account of the row before again (the same Id or Account ID): a report with a row per contact or opportunity? Each row counts as an account here, so an id 'on more than one account' may be one account on several rows; export one row per account (Data Loader, or a report of accounts alone) and run again.",
            crate::figures::count(accounts.repeated_account_rows, "row"),
            accounts.path
        ));
    }
    if let Some(best) = c.suggested {
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
                "{} of the {} ids that match {} {} on more than one account there (e.g. {}); Intercom links only the most recently updated one. Make the field unique, or merge those accounts.",
                thousands(repeated),
                thousands(best.specific()),
                best.name,
                if repeated == 1 { "is" } else { "are" },
                seen.join(", ")
            ));
        }
        if companies.id_density >= 0.5 {
            warnings.push(format!(
                "{} of the strings shaped like your company ids are company ids (the ids are short or consecutive), so any field of such values holds many of them by chance: check that {} really holds company ids.",
                percent(companies.id_density),
                best.name
            ));
        } else if best.chance_specific >= 0.2 {
            // Two chance figures, each named, so that neither is read as
            // the other: this one is what the score deducts.
            warnings.push(format!(
                "{} would hold {} of your ids by chance, exactly or after a fix (its chance % column, {}, counts similar values too): check that it really holds company ids.",
                best.name,
                percent(best.chance_specific),
                percent(best.chance())
            ));
        }
    }
    let blank = rate(companies.blank_ids, companies.rows);
    if companies.blank_ids > 0 && blank >= 0.05 {
        let (have, they) = if companies.blank_ids == 1 {
            ("has", "it")
        } else {
            ("have", "they")
        };
        warnings.push(format!(
            "{} of {} companies ({}) {have} no company_id in {}; {they} can never sync.",
            thousands(companies.blank_ids),
            thousands(companies.rows),
            percent(blank),
            companies.path
        ));
    }
    if companies.sampled < 100 {
        warnings.push(format!(
            "only {} company ids were sampled, so the rates are rough.",
            companies.sampled
        ));
    }
    for (lines, path, what) in [
        (
            accounts.skipped_lines,
            &accounts.path,
            "account rows (a report's footer or totals)",
        ),
        (companies.skipped_lines, &companies.path, "company rows"),
    ] {
        match lines {
            0 => {}
            1 => warnings.push(format!("1 line of {path} is not {what} and was skipped.")),
            _ => warnings.push(format!(
                "{} lines of {path} are not {what} and were skipped.",
                thousands(lines)
            )),
        }
    }
    if let Some(line) = c.first_ragged_line {
        warnings.push(if accounts.ragged_rows == 1 {
            format!(
                "1 row of {} has more or fewer cells than its header (at line {line}); it was read as it is.",
                accounts.path
            )
        } else {
            format!(
                "{} rows of {} have more or fewer cells than its header (the first at line {line}); they were read as they are.",
                thousands(accounts.ragged_rows),
                accounts.path
            )
        });
    }
    // Fields are ranked by their score, net of chance: two are too close to
    // call when the intervals of their scores overlap. (Match rates can
    // overlap for fields whose similar values are nearly all chance.) Only
    // a field that may hold ids is in doubt: two that hold none are alike.
    if let [a, b, ..] = c.fields
        && (c.suggested.is_some() || a.score > super::diagnosis::WORTH_NAMING)
    {
        let n = companies.sampled as u64;
        let interval = |score: f64| stats::wilson((score * n as f64).round() as u64, n);
        let ((a_lo, a_hi), (b_lo, b_hi)) = (interval(a.score), interval(b.score));
        if b.score > 0.0 && a_lo <= b_hi {
            let more = stats::sample_to_separate(a.score, b.score)
                .filter(|&m| m > n && m <= companies.distinct_ids)
                .map_or("even all the ids may not separate them".to_string(), |m| {
                    format!("--sample {m} would separate them")
                });
            warnings.push(format!(
                "{} ({} to {} net of chance) and {} ({} to {}) are too close to tell apart with {} sampled ids; {more}.",
                a.field,
                percent(a_lo),
                percent(a_hi),
                b.field,
                percent(b_lo),
                percent(b_hi),
                thousands(n)
            ));
        }
    }
    if let Some(best) = c.suggested {
        let fill = rate(best.counts.non_empty, accounts.rows);
        if fill < 0.5 {
            warnings.push(format!(
                "only {} of accounts have a value in {}; the others cannot sync until it is filled.",
                percent(fill),
                best.name
            ));
        }
    }
    for (path, format, flag) in [
        (&companies.path, &companies.format, "--companies-encoding"),
        (&accounts.path, &accounts.format, "--accounts-encoding"),
    ] {
        // The csv crate reads such a last record to the end of the file as
        // it is: only the lines it took in say whether rows were lost.
        if let Some(u) = format.unclosed_quote {
            warnings.push(if u.lines == 1 {
                format!(
                    "{path} ends inside a quoted field of its last row (line {}): the file may be cut short, or the quote is never closed; export it again if that row matters",
                    u.line
                )
            } else {
                format!(
                    "{path} ends inside a quote opened on line {}, so its last {} lines were read as one row; if some of them are rows, close that quote (or export the file again, if it was cut short) and run again",
                    u.line,
                    thousands(u.lines)
                )
            });
        }
        let (nuls, contradicting) = (format.nul_bytes, format.contradicting_bytes);
        if nuls > 0 {
            warnings.push(format!(
                "{path} holds {} (\\x00), which no export writes on purpose; they were read as part of their cells, so a value with one matches nothing: export the file again",
                crate::figures::count(nuls, "NUL byte")
            ));
        }
        if contradicting > 0 {
            warnings.push(if format.encoding == "UTF-8" {
                format!(
                    "{path} was read as UTF-8, as most of its start is, but {} in it are not UTF-8 and were read as U+FFFD, so values with them match nothing; if the file is Windows-1252 (an Excel save on Windows), run again with {flag} windows-1252",
                    crate::figures::count(contradicting, "byte")
                )
            } else {
                format!(
                    "{path} was read as {}, as its start is, but it holds {} written as UTF-8, which read as two or three wrong characters each; if the file is UTF-8, run again with {flag} utf-8",
                    format.encoding,
                    crate::figures::count(contradicting, "character")
                )
            });
        }
    }
    warnings
}
